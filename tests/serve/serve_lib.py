"""Shared by the `aiwatt serve` tests: start the real binary on loopback
(a free port chosen by the kernel), the test fakes, and clean everything up
(processes and temp dirs) whatever happens.

Tests run as: python3 test_X.py AIWATT FIXTURES BUILD_DIR (the tests build
directory, holding fakes/)."""
import atexit
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

AIWATT, FIXTURES, BUILD = sys.argv[1], sys.argv[2], sys.argv[3]
FAKE_COUNTERS = os.path.join(BUILD, "fakes", "fake_counters")
FAKE_NVML = os.path.join(BUILD, "fakes", "libfake_nvml.so")
TMP = tempfile.mkdtemp(prefix="aiwatt-serve-test-")
_procs = []
failures = []


def _cleanup():
    for p in reversed(_procs):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    shutil.rmtree(TMP, ignore_errors=True)


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def fail(msg):
    print("FAIL:", msg, flush=True)
    failures.append(msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def within(actual, expected, rel):
    return actual is not None and abs(actual - expected) <= rel * abs(expected)


def finish():
    if failures:
        print(f"{len(failures)} case(s) failed")
        sys.exit(1)
    print("all cases passed")
    sys.exit(0)


def start(args, env=None, **kw):
    p = subprocess.Popen(args, env=env, **kw)
    _procs.append(p)
    return p


def copy_tree(name):
    dst = os.path.join(TMP, name)
    shutil.copytree(os.path.join(FIXTURES, "sysfs", name), dst, symlinks=True)
    return dst


def write(path, text):
    with open(path, "w") as f:
        f.write(str(text) + "\n")


class Counters:
    """tests/fakes/fake_counters advancing energy_uj files at known watts."""

    def __init__(self, pairs, seconds=600):
        args = [FAKE_COUNTERS, str(seconds)]
        for path, watts in pairs:
            args += [path, str(watts)]
        self.err = os.path.join(TMP, f"counters-{len(_procs)}.err")
        self.p = start(args, stdout=subprocess.PIPE, stderr=open(self.err, "w"), text=True)
        line = self.p.stdout.readline()
        if "ready" not in line:
            raise RuntimeError("fake_counters did not start: " + open(self.err).read())

    def stop(self):
        self.p.terminate()
        self.p.wait(5)

    def max_gap_ms(self):
        m = re.search(r"max_gap_ms=(\d+)", open(self.err).read())
        return int(m.group(1)) if m else 10**6


def steady(counters, what="RAPL"):
    """True when the stopped fake counters kept time (no gap over 40 ms
    between their writes). On an overloaded machine they lag, the files
    themselves are off, and the accuracy of what reads them cannot be
    judged: the check is skipped, saying so (as tests/cli/test_measure.sh)."""
    gap = counters.max_gap_ms()
    if gap <= 40:
        return True
    print(f"skip: {what} accuracy: the fake counters lagged {gap} ms (machine overloaded)")
    return False


class Serve:
    """`aiwatt serve --listen 127.0.0.1:0 ...`; the address is read from
    its stderr line "serving on http://ADDR"."""

    def __init__(self, args, sysfs_root=None, nvml=None, env_extra=None, global_args=()):
        env = dict(os.environ)
        env.pop("AIWATT_SYSFS_ROOT", None)
        env["AIWATT_NVML_LIBRARY"] = nvml or "/nonexistent/libnvidia-ml.so.1"
        env.update(env_extra or {})
        cmd = [AIWATT] + list(global_args)
        if sysfs_root:
            cmd += ["--sysfs-root", sysfs_root]
        cmd += ["serve", "--listen", "127.0.0.1:0"] + list(args)
        self.err_path = os.path.join(TMP, f"serve-{len(_procs)}.err")
        self.err = open(self.err_path, "w")
        self.p = start(cmd, env=env, stdout=subprocess.DEVNULL, stderr=self.err)
        self.base = None
        # A wall-time deadline, generous: a loaded CI machine can take seconds
        # to start an ASan build.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            m = re.search(r"serving on (http://\S+)", open(self.err_path).read())
            if m:
                self.base = m.group(1)
                break
            if self.p.poll() is not None:
                break
            time.sleep(0.02)
        if self.base is None:
            raise RuntimeError("aiwatt serve did not start: " + self.stderr())

    def stderr(self):
        return open(self.err_path).read()

    def get(self, path, headers=None, method="GET", data=None):
        """(status, headers, body text)."""
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def metrics(self, openmetrics=False):
        h = {"Accept": "application/openmetrics-text; version=1.0.0"} if openmetrics else {}
        status, _, body = self.get("/metrics", h)
        if status != 200:
            raise RuntimeError(f"/metrics answered {status}")
        return parse_metrics(body)

    def stop(self, sig=signal.SIGTERM):
        """Stops it with sig; returns the exit status."""
        self.p.send_signal(sig)
        try:
            return self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None


_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_metrics(text):
    """{(name, frozenset(labels.items())): value} of an exposition text."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise ValueError("bad exposition line: " + line)
        labels = dict(_LABEL.findall(m.group(3) or ""))
        key = (m.group(1), frozenset(labels.items()))
        if key in out:
            raise ValueError("duplicate series: " + line)
        out[key] = float(m.group(4))
    return out


def value(metrics, name, **labels):
    return metrics.get((name, frozenset(labels.items())))
