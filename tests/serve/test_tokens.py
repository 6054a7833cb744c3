"""`aiwatt serve --tokens-from`: fake vLLM and TGI servers whose token
counters grow at known rates beside counters at known powers: tokens
counted from the first reading on, measured J per output token within 3%
at both boundaries, the estimator's figure for the model on the GPU NVML
names with the engine the metric names say, and an endpoint that fails is reported (aiwatt_tokens_up 0), never
fatal."""
import json
import os
import subprocess
import sys
import time

from serve_lib import (AIWATT, FAKE_NVML, Counters, Serve, check, copy_tree, finish, start, steady,
                       value, within, write)

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = "meta-llama/Llama-3.1-8B-Instruct"


def fake_inference(*args):
    p = start([sys.executable, os.path.join(HERE, "fake_inference.py")] + [str(a) for a in args],
              stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    return p, f"http://127.0.0.1:{line.split()[1]}/metrics"


srv = copy_tree("intel-server-2s-dram")
pc = os.path.join(srv, "sys/class/powercap")
for z in ("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1", "intel-rapl:1:0"):
    write(f"{pc}/{z}/energy_uj", 0)
counters = Counters([(f"{pc}/intel-rapl:0/energy_uj", 100), (f"{pc}/intel-rapl:0:0/energy_uj", 10),
                     (f"{pc}/intel-rapl:1/energy_uj", 90), (f"{pc}/intel-rapl:1:0/energy_uj", 8)])
vllm, vllm_url = fake_inference("vllm", 50, 100, 0.5)       # 100 output tokens per request
tgi, tgi_url = fake_inference("tgi", 25, 40, 0.25)
sgl, sgl_url = fake_inference("sglang", 25, 10, 0.25, "Qwen/Qwen2.5-7B-Instruct")
dead_url = "http://127.0.0.1:9/metrics"                       # discard port: nothing listens

s = Serve(["--interval", "100", "--window", "3", "--tokens-from", vllm_url,
           "--tokens-from", tgi_url, "--tokens-from", sgl_url, "--tokens-from", dead_url],
          sysfs_root=srv, nvml=FAKE_NVML, env_extra={"FAKE_NVML_POWER_W": "300"})
t_start = time.monotonic()
time.sleep(4.5)
m = s.metrics()
elapsed = time.monotonic() - t_start
counters.stop()
rapl_ok = steady(counters)

check(value(m, "aiwatt_tokens_up", endpoint=vllm_url) == 1, "vLLM endpoint not up")
check(value(m, "aiwatt_tokens_up", endpoint=tgi_url) == 1, "TGI endpoint not up")
check(value(m, "aiwatt_tokens_up", endpoint=sgl_url) == 1, "SGLang endpoint not up")
check(value(m, "aiwatt_tokens_up", endpoint=dead_url) == 0, "dead endpoint not reported as 0")
out = value(m, "aiwatt_output_tokens_total", model=MODEL)
# Counted from the first reading (not the counter's 123456 at start).
# The first reading comes before "serving on" is printed: on a loaded
# machine up to a second or so before t_start.
check(out is not None and 0.8 * 50 * elapsed <= out <= 50 * (elapsed + 1.5),
      f"output tokens {out}, want about {50 * elapsed:.0f}")
inp = value(m, "aiwatt_input_tokens_total", model=MODEL)
check(inp is not None and within(inp / out, 2.0, 0.05), f"input tokens {inp} vs output {out}")
check(value(m, "aiwatt_output_tokens_total", model="default") is not None,
      "TGI tokens (no model label) not counted as model 'default'")

# The endpoints share the node: J/token = energy / all output tokens
# (50 + 25 + 25 per second; SGLang's tp_rank 1 repeats rank 0 and is not added).
want = {"accelerator": 300 / 100, "server": (300 + 100 + 10 + 90 + 8) / 100}
for bd, w in want.items():
    for model in (MODEL, "default", "Qwen/Qwen2.5-7B-Instruct"):
        j = value(m, "aiwatt_joules_per_output_token", boundary=bd, model=model)
        if bd == "server" and not rapl_ok:
            continue
        check(within(j, w, 0.03), f"{bd} J/token of {model}: {j}, want {w:.3f} within 3%")
        print(f"measured J/token {bd} {model}: {j} (want {w:.3f})")

# The estimator's figure: llama-3.1-8b (matched from the served name) on
# h100-sxm (the fake NVML's "NVIDIA H100 80GB HBM3").
est_a = value(m, "aiwatt_estimated_joules_per_output_token", boundary="accelerator", model=MODEL)
est_s = value(m, "aiwatt_estimated_joules_per_output_token", boundary="server", model=MODEL)
check(est_a is not None and est_s is not None and 0 < est_a < est_s,
      f"estimated J/token accelerator {est_a}, server {est_s}")
print(f"estimated J/token for {MODEL}: accelerator {est_a}, server {est_s}")
# The same work as `aiwatt estimate`: the window's mean request (100 output
# and 200 input tokens per finished request: 50 and 100 tokens/s over 0.5
# requests/s) at the engine's batch (vllm:num_requests_running, 7).
p = subprocess.run([AIWATT, "estimate", "--model", "llama-3.1-8b", "--hardware", "h100-sxm",
                    "--input-tokens", "200", "--output-tokens", "100", "--batch", "7",
                    "--format", "json"], capture_output=True, text=True, timeout=60)
wh = json.loads(p.stdout)["wh"]
check(within(est_a, wh["accelerator"] * 3600 / 100, 1e-5) and
      within(est_s, wh["server"] * 3600 / 100, 1e-5),
      f"estimated J/token {est_a}, {est_s} != aiwatt estimate's "
      f"{wh['accelerator'] * 36}, {wh['server'] * 36}")
check(value(m, "aiwatt_estimated_joules_per_output_token", boundary="server",
            model="default") is None, "an estimate for an unknown model 'default'")
# SGLang's metric names: the estimate uses the sglang engine (its costs, not
# vLLM's). At 0.25 requests/s fewer than one request ends in the 3 s window,
# and the fake's running gauge is not SGLang's name, so the request and the
# batch are the estimate's defaults.
QWEN = "Qwen/Qwen2.5-7B-Instruct"
est_q = value(m, "aiwatt_estimated_joules_per_output_token", boundary="accelerator", model=QWEN)


def estimate_jpt(engine):
    p = subprocess.run([AIWATT, "estimate", "--model", "qwen2.5-7b", "--hardware", "h100-sxm",
                        "--engine", engine, "--format", "json"],
                       capture_output=True, text=True, timeout=60)
    e = json.loads(p.stdout)
    return e["wh"]["accelerator"] * 3600 / e["inputs"]["output_tokens"]


want_sgl, vllm_jpt = estimate_jpt("sglang"), estimate_jpt("vllm")
check(est_q is not None and within(est_q, want_sgl, 1e-5),
      f"SGLang-served {QWEN}: estimated J/token {est_q}, want the sglang engine's {want_sgl}")
check(not within(want_sgl, vllm_jpt, 0.05),
      f"the sglang and vllm engines give the same J/token ({want_sgl}, {vllm_jpt}): no test")
print(f"estimated J/token for {QWEN} under SGLang: {est_q} (vLLM's engine: {vllm_jpt})")

# The inference server goes away: reported, counters kept, no crash.
vllm.terminate()
vllm.wait(5)
# Scraped every 100 ms; a loaded machine may take longer to notice.
deadline = time.monotonic() + 60
m2 = s.metrics()
while value(m2, "aiwatt_tokens_up", endpoint=vllm_url) != 0 and time.monotonic() < deadline:
    time.sleep(0.1)
    m2 = s.metrics()
check(value(m2, "aiwatt_tokens_up", endpoint=vllm_url) == 0, "stopped vLLM still up")
out2 = value(m2, "aiwatt_output_tokens_total", model=MODEL)
check(out2 is not None and out2 >= out, f"output tokens went back: {out} -> {out2}")
check("tokens from " + vllm_url in s.stderr(), "no warning naming the failing endpoint")
check(s.p.poll() is None, "serve exited when an endpoint failed")
rc = s.stop()
check(rc == 0, f"exit status {rc}")
finish()
