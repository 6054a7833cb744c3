"""Summary of bench/gpu/device_check.sh's results (OUTDIR as argument)."""
import csv
import datetime
import json
import os
import sys

out = sys.argv[1]


def load(name):
    with open(os.path.join(out, name)) as f:
        return json.load(f)


def smi_samples():
    rows = []
    with open(os.path.join(out, "smi.csv")) as f:
        for r in csv.reader(f):
            try:
                t = datetime.datetime.strptime(r[0].strip(), "%Y/%m/%d %H:%M:%S.%f")
                rows.append((t.replace(tzinfo=datetime.timezone.utc).timestamp(), float(r[1])))
            except (ValueError, IndexError):
                pass
    return rows


def smi_joules(rows, a, b):
    """nvidia-smi's power.draw samples integrated over [a, b] (trapezoids)."""
    j = 0.0
    for (t0, p0), (t1, p1) in zip(rows, rows[1:]):
        lo, hi = max(a, t0), min(b, t1)
        if hi > lo:
            j += (p0 + p1) / 2 * (hi - lo)
    return j


print("== measure around the matrix-product load")
try:
    m, e0, e1 = load("measure_matmul.json"), load("e0.json"), load("e1.json")
    nvml_j = (e1["nvml_mj"] - e0["nvml_mj"]) / 1e3
    smi_j = smi_joules(smi_samples(), e0["t"], e1["t"])
    print(f"  aiwatt measure   {m['total_joules']:9.1f} J over {m['duration_s']:.2f} s "
          f"(from just before the command starts to just after it ends)")
    print(f"  NVML counter     {nvml_j:9.1f} J over {e1['t'] - e0['t']:.2f} s (read inside the command)")
    print(f"  nvidia-smi       {smi_j:9.1f} J, power.draw every 200 ms integrated over the same span")
    print(f"  aiwatt / NVML    {m['total_joules'] / nvml_j:.4f}")
except (OSError, KeyError, ValueError, ZeroDivisionError) as e:
    print(f"  not available: {e}")

print("== lean decode (Llama-3.1-8B shapes, CUDA graphs) against the estimate, kernels-only engine")
print("  batch  step ms meas/est    W meas/est    J/token meas/est     ratio  serve/NVML")
try:
    with open(os.path.join(out, "decode.jsonl")) as f:
        phases = [json.loads(line) for line in f if line.strip()]
    for p in phases:
        b = p["batch"]
        est = load(f"estimate_b{b}.json")["inputs"]
        est_step, est_w = est["decode_step_s"] * 1e3, est["decode_power_w"]
        est_jt = est_w * est["decode_step_s"] / b
        serve = p["window_aiwatt_serve_j"]
        agree = f"{serve / p['window_nvml_j']:.4f}" if serve else "-"
        print(f"  {b:5d}  {p['step_ms']:6.2f} / {est_step:6.2f}  {p['mean_w']:5.0f} / {est_w:5.0f}"
              f"  {p['j_per_token']:8.4f} / {est_jt:8.4f}  {p['j_per_token'] / est_jt:8.2f}  {agree:>10}")
except (OSError, KeyError, ValueError, ZeroDivisionError) as e:
    print(f"  not available: {e}")
