"""A fake inference server's /metrics (Python standard library only):
token counters that grow at known rates from the moment it starts.

usage: fake_inference.py FLAVOUR OUT_TOKENS_PER_S IN_TOKENS_PER_S REQUESTS_PER_S [MODEL]
FLAVOUR: vllm, sglang or tgi (their metric names; TGI has no model label).
Prints "port N" on stdout once listening on 127.0.0.1 (a free port)."""
import http.server
import sys
import time

flavour, out_rate, in_rate, req_rate = sys.argv[1], *map(float, sys.argv[2:5])
model = sys.argv[5] if len(sys.argv) > 5 else "meta-llama/Llama-3.1-8B-Instruct"
t0 = time.monotonic()
# Counters start well above zero: aiwatt must take the first reading as a
# baseline, not as tokens produced.
START_OUT, START_IN, START_REQ = 123456.0, 654321.0, 1234.0


def body():
    t = time.monotonic() - t0
    out, inp, req = START_OUT + out_rate * t, START_IN + in_rate * t, START_REQ + req_rate * t
    if flavour == "tgi":
        return (
            "# TYPE tgi_request_generated_tokens histogram\n"
            f'tgi_request_generated_tokens_bucket{{le="+Inf"}} {req:.0f}\n'
            f"tgi_request_generated_tokens_sum {out:.3f}\n"
            f"tgi_request_generated_tokens_count {req:.3f}\n"
            "# TYPE tgi_request_input_length histogram\n"
            f"tgi_request_input_length_sum {inp:.3f}\n"
            f"tgi_request_input_length_count {req:.3f}\n"
            "tgi_queue_size 3\n")
    p = flavour  # "vllm" or "sglang"
    lbl = f'model_name="{model}"'
    req_name = "request_success_total" if p == "vllm" else "num_requests_total"
    text = (
        f"# HELP {p}:num_requests_running Number of requests running.\n"
        f"# TYPE {p}:num_requests_running gauge\n"
        f"{p}:num_requests_running{{{lbl}}} 7.0\n"
        f"# HELP {p}:generation_tokens_total Number of generation tokens processed.\n"
        f"# TYPE {p}:generation_tokens_total counter\n"
        f"{p}:generation_tokens_total{{{lbl}}} {out:.1f}\n"
        f"{p}:generation_tokens_created{{{lbl}}} 1.7e9\n"
        f"# TYPE {p}:prompt_tokens_total counter\n"
        f"{p}:prompt_tokens_total{{{lbl}}} {inp:.1f}\n"
        f'{p}:{req_name}{{finished_reason="stop",{lbl}}} {req * 0.75:.3f}\n'
        f'{p}:{req_name}{{finished_reason="length",{lbl}}} {req * 0.25:.3f}\n')
    if p == "sglang":
        # Rank 1 repeats rank 0's count: it must not be added.
        text += f'{p}:generation_tokens_total{{{lbl},tp_rank="1"}} {out:.1f}\n'
    return text


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/metrics":
            self.send_error(404)
            return
        data = body().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        if flavour == "sglang":
            # A chunked body (as some servers send even to HTTP/1.0
            # clients): aiwatt must decode it.
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(data), 100):
                part = data[i:i + 100]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("port", server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
