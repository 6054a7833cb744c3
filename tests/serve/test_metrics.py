"""`aiwatt serve` /metrics on a fake two-socket server (RAPL packages and
DRAM, one package wrapping every 220 ms) and a fake NVML GPU, all advancing
at known powers: every counter's rate within 2%, the boundaries without
double counting, a counter that steps back never makes a series decrease,
OpenMetrics on request, HTTP errors, usage errors, clean shutdown."""
import os
import signal
import socket
import subprocess
import time

from serve_lib import (AIWATT, FAKE_NVML, Counters, Serve, check, copy_tree, fail, finish,
                       steady, value, within, write)

E = "aiwatt_energy_joules_total"

srv = copy_tree("intel-server-2s-dram")
pc = os.path.join(srv, "sys/class/powercap")
# 20 J range: package-1 wraps every 220 ms at 90 W (read every 15 ms: its
# 324 W limit gives 20 / 324 / 4).
write(f"{pc}/intel-rapl:1/max_energy_range_uj", 20000000)
for z in ("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1", "intel-rapl:1:0"):
    write(f"{pc}/{z}/energy_uj", 0)
powers = {"package-0": 100, "package-0/dram": 10, "package-1": 90, "package-1/dram": 8}
files = {"package-0": "intel-rapl:0", "package-0/dram": "intel-rapl:0:0",
         "package-1": "intel-rapl:1", "package-1/dram": "intel-rapl:1:0"}
gpu = "gpu0 (NVIDIA H100 80GB HBM3)"
counters = Counters([(f"{pc}/{files[d]}/energy_uj", w) for d, w in powers.items()])

s = Serve(["--interval", "50"], sysfs_root=srv, nvml=FAKE_NVML,
          env_extra={"FAKE_NVML_POWER_W": "300"})


def rates(m0, m1):
    dt = value(m1, "aiwatt_poll_timestamp_seconds") - value(m0, "aiwatt_poll_timestamp_seconds")
    out = {}
    for d in list(powers) + [gpu]:
        src = "nvml" if d == gpu else "rapl"
        a, b = value(m0, E, source=src, domain=d), value(m1, E, source=src, domain=d)
        out[d] = None if a is None or b is None else (b - a) / dt
    for bd in ("server", "accelerator"):
        a = value(m0, "aiwatt_boundary_energy_joules_total", boundary=bd)
        b = value(m1, "aiwatt_boundary_energy_joules_total", boundary=bd)
        out[bd] = None if a is None or b is None else (b - a) / dt
    return out


want = dict(powers)
want[gpu] = 300
want["server"] = 100 + 10 + 90 + 8 + 300   # packages + DRAM + GPU; hwmon not added
want["accelerator"] = 300

time.sleep(0.3)
m0 = s.metrics()
time.sleep(3)
m1 = s.metrics()
check(any(k[0] == "aiwatt_build_info" and dict(k[1]).get("version") and v == 1
          for k, v in m1.items()), "no aiwatt_build_info{version} 1")
for d in list(powers) + [gpu]:
    src = "nvml" if d == gpu else "rapl"
    check(value(m1, "aiwatt_source_up", source=src, domain=d) == 1, f"{d}: source_up is not 1")
counters.stop()
rapl_ok = steady(counters)
r = rates(m0, m1)
print("scraped rates, W:", {d: round(v, 2) for d, v in r.items() if v is not None})
for d, w in want.items():
    # NVML's fake counter is exact, but the poller stamps the time and then
    # reads it: on a machine too loaded for the fake RAPL writers to keep
    # time, that gap alone can pass 2 % of 3 s, so the bound widens there.
    if d in (gpu, "accelerator"):
        tol = 0.02 if rapl_ok else 0.10
        check(within(r[d], w, tol), f"{d}: scraped rate {r[d]} W, want {w} W within {tol:.0%}")
    elif rapl_ok:
        check(within(r[d], w, 0.02), f"{d}: scraped rate {r[d]} W, want {w} W within 2%")
p = value(m1, "aiwatt_power_watts", source="nvml", domain=gpu)
check(within(p, 300, 0.05), f"GPU power gauge {p} W, want 300 W")
p = value(m1, "aiwatt_power_watts", source="rapl", domain="package-0")
check(p is not None and p >= 0, f"package-0 power gauge missing ({p})")
if rapl_ok:   # a lagging fake counter can stand still for one whole interval
    check(p > 0, f"package-0 power gauge {p} W while its counter advances")

# ---- a counter that steps back: the series must not decrease ------------
with open(f"{pc}/intel-rapl:0:0/energy_uj") as f:
    cur = int(f.read())
write(f"{pc}/intel-rapl:0:0/energy_uj", cur // 3)
counters = Counters([(f"{pc}/{files[d]}/energy_uj", w) for d, w in powers.items()])
seen = []
for _ in range(10):
    seen.append(s.metrics())
    time.sleep(0.1)
for a, b in zip(seen, seen[1:]):
    for key, v in a.items():
        if key[0].endswith("_total") and key in b and b[key] < v:
            fail(f"{key}: counter went from {v} down to {b[key]}")
time.sleep(0.5)
m2 = s.metrics()
time.sleep(3)
m3 = s.metrics()
counters.stop()
rapl_ok = steady(counters)
r = rates(m2, m3)
for d in ("package-0/dram", "package-1"):
    if rapl_ok:
        check(within(r[d], want[d], 0.02), f"after the step back: {d} {r[d]} W, want {want[d]} W")

# ---- OpenMetrics -------------------------------------------------------------
status, headers, body = s.get("/metrics", {"Accept": "application/openmetrics-text;"
                                                     " version=1.0.0,text/plain;q=0.5"})
check(status == 200 and headers.get("Content-Type", "").startswith(
    "application/openmetrics-text; version=1.0.0"), f"OpenMetrics content type: {headers}")
check(body.endswith("# EOF\n"), "OpenMetrics text does not end with # EOF")
check("# TYPE aiwatt_energy_joules counter\n" in body and
      "# UNIT aiwatt_energy_joules joules\n" in body, "OpenMetrics counter family")
status, headers, body = s.get("/metrics")
check(headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"),
      f"text format content type: {headers}")
check("# TYPE aiwatt_energy_joules_total counter\n" in body, "text format counter TYPE")

# ---- HTTP errors -------------------------------------------------------------
status, _, body = s.get("/nope")
check(status == 404 and '"error"' in body and '"hint"' in body, f"/nope: {status} {body}")
status, headers, _ = s.get("/metrics", method="POST", data=b"x")
check(status == 405 and "GET" in headers.get("Allow", ""), f"POST /metrics: {status}")
status, _, _ = s.get("/metrics", method="HEAD")
check(status == 200, f"HEAD /metrics: {status}")

# ---- shutdown ----------------------------------------------------------------
rc = s.stop(signal.SIGINT)
check(rc == 0, f"SIGINT: exit status {rc}, want 0")
# AIWATT_SYSFS_ROOT instead of --sysfs-root, as for every command.
s2 = Serve([], env_extra={"AIWATT_SYSFS_ROOT": srv})
m = s2.metrics()
check(value(m, "aiwatt_source_up", source="rapl", domain="package-1") == 1,
      "AIWATT_SYSFS_ROOT not honoured: no RAPL package-1")
rc = s2.stop(signal.SIGTERM)
check(rc == 0, f"SIGTERM: exit status {rc}, want 0")

# ---- usage and start-up errors --------------------------------------------
for args in (["--listen", "nohost"], ["--listen", "127.0.0.1:70000"], ["--interval", "1"],
             ["--window", "0"], ["--model", "no-such-model"], ["--tokens-from"], ["extra"]):
    p = subprocess.run([AIWATT, "serve"] + args, capture_output=True, text=True, timeout=20)
    check(p.returncode == 2 and "hint" in p.stderr, f"serve {args}: exit {p.returncode}, want 2")
p = subprocess.run([AIWATT, "serve", "--tokens-from", "https://x/metrics", "--listen",
                    "127.0.0.1:0"], capture_output=True, text=True, timeout=20)
check(p.returncode == 1 and "https is not supported" in p.stderr,
      f"https token URL: exit {p.returncode}: {p.stderr}")
busy = socket.socket()
busy.bind(("127.0.0.1", 0))
busy.listen(1)
port = busy.getsockname()[1]
p = subprocess.run([AIWATT, "serve", "--listen", f"127.0.0.1:{port}"], capture_output=True,
                   text=True, timeout=20)
check(p.returncode == 1 and "cannot listen" in p.stderr and "hint" in p.stderr,
      f"port in use: exit {p.returncode}: {p.stderr}")
busy.close()
finish()
