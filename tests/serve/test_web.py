"""The web calculator in headless Debian Chromium, driven by playwright-core
(tests/web/calculator.mjs): the form against the JSON API, keyboard only,
labels, errors; the screenshot is kept in BUILD_DIR/artifacts."""
import os
import shutil
import subprocess

from serve_lib import BUILD, TMP, Serve, check, finish

HERE = os.path.dirname(os.path.abspath(__file__))
WEB = os.path.join(os.path.dirname(HERE), "web")
node = shutil.which("node") or shutil.which("nodejs")
if node is None or not os.path.exists("/usr/bin/chromium"):
    raise SystemExit("node or chromium missing: install the Debian packages nodejs and "
                     "chromium (make test does)")
if not os.path.isdir(os.path.join(WEB, "node_modules", "playwright-core")):
    raise SystemExit("playwright-core is not installed: run 'npm ci' in tests/web "
                     "(make test does)")
os.makedirs(os.path.join(TMP, "empty"))
s = Serve(["--threads", "4"], sysfs_root=os.path.join(TMP, "empty"))
out = os.path.join(BUILD, "artifacts")
p = subprocess.run([node, os.path.join(WEB, "calculator.mjs"), s.base, out],
                   capture_output=True, text=True, timeout=240)
print(p.stdout)
if p.returncode != 0:
    print(p.stderr[-3000:])
check(p.returncode == 0, "browser checks failed")
check(os.path.exists(os.path.join(out, "web-calculator.png")), "no screenshot saved")
check(os.path.exists(os.path.join(out, "web-calculator-ko.png")), "no Korean screenshot saved")
check(s.stop() == 0, "aiwatt serve did not exit 0")
finish()
