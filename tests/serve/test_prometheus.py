"""A real Prometheus (the Debian package) scrapes `aiwatt serve` every
second on loopback; Prometheus' own rate() over its stored samples must
give the known powers of the fake counters within 2%, the wrapping one
included."""
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

from serve_lib import (FAKE_NVML, TMP, Counters, Serve, check, copy_tree, finish, start, steady,
                       within, write)

PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
if not os.path.exists(PROMETHEUS):
    raise SystemExit("prometheus not found: install the Debian package 'prometheus' (make deps)")

srv = copy_tree("intel-server-2s-dram")
pc = os.path.join(srv, "sys/class/powercap")
write(f"{pc}/intel-rapl:1/max_energy_range_uj", 20000000)   # wraps every 220 ms at 90 W
for z in ("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1", "intel-rapl:1:0"):
    write(f"{pc}/{z}/energy_uj", 0)
counters = Counters([(f"{pc}/intel-rapl:0/energy_uj", 100), (f"{pc}/intel-rapl:0:0/energy_uj", 10),
                     (f"{pc}/intel-rapl:1/energy_uj", 90), (f"{pc}/intel-rapl:1:0/energy_uj", 8)])
# Sampled every 50 ms: a scrape sees values at most 50 ms old, under 1% of
# the rate window below.
s = Serve(["--interval", "50"], sysfs_root=srv, nvml=FAKE_NVML,
          env_extra={"FAKE_NVML_POWER_W": "300"})
target = s.base[len("http://"):]

sock = socket.socket()
sock.bind(("127.0.0.1", 0))
prom_port = sock.getsockname()[1]
sock.close()
conf = os.path.join(TMP, "prometheus.yml")
with open(conf, "w") as f:
    f.write(f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: aiwatt
    scrape_interval: 1s
    static_configs:
      - targets: ["{target}"]
""")
prom_log = open(os.path.join(TMP, "prometheus.log"), "w")
prom = start([PROMETHEUS, f"--config.file={conf}", f"--storage.tsdb.path={TMP}/tsdb",
              f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"],
             stdout=prom_log, stderr=prom_log)
api = f"http://127.0.0.1:{prom_port}/api/v1/query?query="


def query(expr):
    try:
        with urllib.request.urlopen(api + urllib.parse.quote(expr), timeout=5) as r:
            body = json.load(r)
    except OSError:
        return None
    return body.get("data", {}).get("result", [])


# Wait until Prometheus has scraped for 12 s (up == 1 since then).
deadline = time.monotonic() + 90
first_up = None
while time.monotonic() < deadline:
    res = query('up{job="aiwatt"}')
    if res and res[0]["value"][1] == "1":
        first_up = first_up or time.monotonic()
        if time.monotonic() - first_up >= 12:
            break
    time.sleep(0.5)
check(first_up is not None, "Prometheus never scraped aiwatt: " + open(prom_log.name).read()[-2000:])

want = {("rapl", "package-0"): 100, ("rapl", "package-0/dram"): 10, ("rapl", "package-1"): 90,
        ("rapl", "package-1/dram"): 8, ("nvml", "gpu0 (NVIDIA H100 80GB HBM3)"): 300}
res = query("rate(aiwatt_energy_joules_total[10s])") or []
counters.stop()
rapl_ok = steady(counters)
got = {(r["metric"]["source"], r["metric"]["domain"]): float(r["value"][1]) for r in res}
print("Prometheus rate() over 10 s, W:", {f"{k[0]}/{k[1]}": round(v, 2) for k, v in got.items()})
# NVML's fake counter is exact, but on a machine too loaded for the fake RAPL
# writers to keep time the poller's reads lag its scrapes: 10 % there.
nvml_tol = 0.02 if rapl_ok else 0.10
for k, w in want.items():
    if k[0] == "rapl" and not rapl_ok:
        continue
    tol = 0.02 if k[0] == "rapl" else nvml_tol
    check(within(got.get(k), w, tol), f"rate of {k}: {got.get(k)} W, want {w} W within {tol:.0%}")
res = query("rate(aiwatt_boundary_energy_joules_total[10s])") or []
got = {r["metric"]["boundary"]: float(r["value"][1]) for r in res}
if rapl_ok:
    check(within(got.get("server"), 508, 0.02), f"server boundary {got.get('server')} W, want 508 W")
check(within(got.get("accelerator"), 300, nvml_tol), f"accelerator {got.get('accelerator')} W")
res = query("max_over_time(scrape_samples_scraped[20s])")
check(res and float(res[0]["value"][1]) > 20, "Prometheus scraped too few samples")
check(s.stop() == 0, "aiwatt serve did not exit 0")

# The shipped Prometheus configuration and recording rules are valid.
promtool = shutil.which("promtool") or "/usr/bin/promtool"
deploy = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "deploy")
for args in (["check", "config", os.path.join(deploy, "prometheus.yml")],
             ["check", "rules", os.path.join(deploy, "aiwatt.rules.yml")]):
    p = subprocess.run([promtool] + args, capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"promtool {' '.join(args)}: {p.stdout}{p.stderr}")
finish()
