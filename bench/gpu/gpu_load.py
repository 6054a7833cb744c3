"""GPU loads for bench/gpu/device_check.sh (needs PyTorch with CUDA and
nvidia-ml-py's pynvml; not part of the build or of `make test`).

  gpu_load.py nvml                   NVML's energy counter (mJ) and the time, as JSON
  gpu_load.py matmul SECONDS         bf16 8192^3 matrix products for SECONDS
  gpu_load.py decode OUTDIR B,B,...  a lean decode per batch size B

The decode has Llama-3.1-8B's shapes (32 layers, d_model 4096, GQA 32/8
heads of 128, SwiGLU 14336, vocabulary 128,256) with random bf16 weights, a
static KV cache, and one CUDA graph per (batch, 32-position bucket), so
that no engine work stands between the kernels: 128 prompt positions (the
cache is filled at random, no prefill is run), then 4 x 256 decode steps.
It serves vLLM's token counters on 127.0.0.1:8000/metrics, so that `aiwatt
serve --tokens-from` reads them, and at each phase's edges reads NVML's
counter and the accelerator energy that aiwatt serve exports
(127.0.0.1:8149), after a second of idle so that both have caught up.
Each phase is one JSON line on stdout.
"""
import json
import os
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pynvml

pynvml.nvmlInit()
GPU = pynvml.nvmlDeviceGetHandleByIndex(0)


def nvml_mj():
    return pynvml.nvmlDeviceGetTotalEnergyConsumption(GPU)


def emit(obj):
    print(json.dumps(obj), flush=True)


def matmul(seconds):
    import torch
    a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    torch.cuda.synchronize()
    t0, e0, n = time.time(), nvml_mj(), 0
    while time.time() - t0 < seconds:
        for _ in range(20):
            a @ b
        torch.cuda.synchronize()
        n += 20
    t1, e1 = time.time(), nvml_mj()
    emit({"seconds": t1 - t0, "nvml_j": (e1 - e0) / 1e3, "mean_w": (e1 - e0) / 1e3 / (t1 - t0),
          "tflops": 2 * 8192**3 * n / (t1 - t0) / 1e12})


# ---- the lean decode ----
MODEL = "llama-3.1-8b"
L, D, H, KV, HD, FF, V = 32, 4096, 32, 8, 128, 14336, 128256
PROMPT, NEW, REPS, BUCKET = 128, 256, 4, 32
counters = {"gen": 0, "prompt": 0, "done": 0, "running": 0}
lock = threading.Lock()


class Metrics(BaseHTTPRequestHandler):
    """vLLM's names, so that aiwatt serve reads this as it reads vLLM."""

    def do_GET(self):
        with lock:
            c = dict(counters)
        lab = '{model_name="%s"}' % MODEL
        body = "".join(
            f"# TYPE vllm:{name} {kind}\nvllm:{name}{lab} {c[key]}\n"
            for name, kind, key in (("generation_tokens_total", "counter", "gen"),
                                    ("prompt_tokens_total", "counter", "prompt"),
                                    ("request_success_total", "counter", "done"),
                                    ("num_requests_running", "gauge", "running"))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def aiwatt_accelerator_j(outdir, tag):
    """The accelerator energy aiwatt serve exports (None if it is not there)."""
    try:
        text = urllib.request.urlopen("http://127.0.0.1:8149/metrics", timeout=5).read().decode()
    except OSError as e:
        text = f"# scrape failed: {e}\n"
    with open(os.path.join(outdir, f"serve_{tag}.txt"), "w") as f:
        f.write(text)
    for line in text.splitlines():
        if line.startswith("aiwatt_boundary_energy_joules_total{") and '"accelerator"' in line:
            return float(line.rsplit(" ", 1)[1])
    return None


def decode(outdir, batches):
    import torch
    import torch.nn.functional as F
    torch.manual_seed(0)
    dev, dt = "cuda", torch.bfloat16
    t_max = PROMPT + NEW

    def w(*shape):
        return torch.randn(*shape, device=dev, dtype=dt) * 0.02

    ones = lambda: torch.ones(D, device=dev, dtype=dt)  # noqa: E731
    layers = [dict(wqkv=w(D + 2 * KV * HD, D), wo=w(D, D), wgu=w(2 * FF, D), wd=w(D, FF),
                   n1=ones(), n2=ones()) for _ in range(L)]
    emb, head, norm = w(V, D), w(V, D), ones()
    positions = torch.arange(t_max, device=dev)

    def rms(x, g):
        return F.rms_norm(x, (D,), g, 1e-5)

    def step(ids, pos, kc, vc, t):
        b = ids.shape[0]
        x = emb[ids]
        valid = (positions[:t] <= pos).view(1, 1, 1, t)
        for i, l in enumerate(layers):
            q, k, v = (rms(x, l["n1"]) @ l["wqkv"].t()).split([D, KV * HD, KV * HD], dim=-1)
            kc[i].index_copy_(2, pos.view(1), k.view(b, KV, 1, HD))
            vc[i].index_copy_(2, pos.view(1), v.view(b, KV, 1, HD))
            s = torch.matmul(q.view(b, KV, H // KV, HD), kc[i][:, :, :t].transpose(-1, -2))
            s = (s.float() * HD**-0.5).masked_fill(~valid, float("-inf")).softmax(-1).to(dt)
            x = x + torch.matmul(s, vc[i][:, :, :t]).reshape(b, D) @ l["wo"].t()
            g, u = (rms(x, l["n2"]) @ l["wgu"].t()).chunk(2, dim=-1)
            x = x + (F.silu(g) * u) @ l["wd"].t()
        return (rms(x, norm) @ head.t()).argmax(-1)

    server = ThreadingHTTPServer(("127.0.0.1", 8000), Metrics)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for b in batches:
        kc = [torch.randn(b, KV, t_max, HD, device=dev, dtype=dt) * 0.1 for _ in range(L)]
        vc = [torch.randn(b, KV, t_max, HD, device=dev, dtype=dt) * 0.1 for _ in range(L)]
        ids = torch.randint(0, V, (b,), device=dev)
        pos = torch.full((), PROMPT, device=dev, dtype=torch.long)
        graphs = {}
        for k in range(NEW // BUCKET):
            t = PROMPT + BUCKET * (k + 1)
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                for _ in range(2):
                    step(ids, pos, kc, vc, t)
            torch.cuda.current_stream().wait_stream(side)
            g = torch.cuda.CUDAGraph()
            with torch.cuda.graph(g):
                out = step(ids, pos, kc, vc, t)
            graphs[t] = (g, out)
        torch.cuda.synchronize()
        time.sleep(1.0)
        a0 = aiwatt_accelerator_j(outdir, f"b{b}_start")
        e0, t0 = nvml_mj(), time.time()
        with lock:
            gen0 = counters["gen"]
            counters["running"] = b
            counters["prompt"] += b * PROMPT * REPS
        for r in range(REPS):
            for p in range(PROMPT, PROMPT + NEW):
                g, out = graphs[PROMPT + BUCKET * ((p - PROMPT) // BUCKET + 1)]
                pos.fill_(p)
                g.replay()
                ids.copy_(out)
            torch.cuda.synchronize()
            with lock:
                counters["gen"] += b * NEW
        t1, e_mid = time.time(), nvml_mj()
        with lock:
            counters["gen"] = gen0 + b * NEW * REPS
            counters["running"] = 0
            counters["done"] += b * REPS
        time.sleep(1.0)
        e1, a1 = nvml_mj(), aiwatt_accelerator_j(outdir, f"b{b}_end")
        steps, tokens = REPS * NEW, b * REPS * NEW
        emit({"batch": b, "prompt": PROMPT, "steps": steps, "seconds": t1 - t0,
              "step_ms": (t1 - t0) / steps * 1e3, "tokens_per_s": tokens / (t1 - t0),
              "nvml_j": (e_mid - e0) / 1e3, "mean_w": (e_mid - e0) / 1e3 / (t1 - t0),
              "j_per_token": (e_mid - e0) / 1e3 / tokens,
              "window_nvml_j": (e1 - e0) / 1e3,
              "window_aiwatt_serve_j": a1 - a0 if a0 is not None and a1 is not None else None})
        del graphs, kc, vc
        torch.cuda.empty_cache()
    server.shutdown()


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "nvml":
        emit({"nvml_mj": nvml_mj(), "t": time.time()})
    elif mode == "matmul" and len(sys.argv) == 3:
        matmul(float(sys.argv[2]))
    elif mode == "decode" and len(sys.argv) == 4:
        decode(sys.argv[2], [int(b) for b in sys.argv[3].split(",")])
    else:
        sys.exit(__doc__)
