"""The JSON API of `aiwatt serve`: every endpoint's success and error
cases; for each request of the golden table (tests/cases/golden/requests.txt)
that a POST endpoint takes, the API's answer is byte for byte what
`aiwatt COMMAND ... --format json` prints; the catalog and reference
endpoints equal `aiwatt catalog` and `aiwatt refs`; no input crashes it."""
import json
import os
import random
import subprocess

from serve_lib import AIWATT, TMP, Serve, check, finish

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(os.path.dirname(HERE), "cases", "golden", "requests.txt")
POSTED = ("estimate", "mix", "agent", "train", "report")

os.makedirs(os.path.join(TMP, "empty"))
s = Serve(["--threads", "4"], sysfs_root=os.path.join(TMP, "empty"))


def cli(args):
    p = subprocess.run([AIWATT] + args + ["--format", "json"], capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def post(command, body):
    data = body if isinstance(body, (bytes, bytearray)) else json.dumps(body).encode()
    return s.get("/v1/" + command, {"Content-Type": "application/json"}, "POST", data)


def to_json(args):
    """CLI options -> the API's JSON request (snake_case keys; flags true)."""
    req, i = {}, 0
    while i < len(args):
        key = args[i][2:].replace("-", "_")
        if i + 1 < len(args) and not args[i + 1].startswith("--"):
            value = args[i + 1]
            req[key] = int(value) if key == "uncertainty" else value
            i += 2
        else:
            req[key] = True
            i += 1
    return req


# ---- the CLI/API identity on the golden table -----------------------------
n = 0
for line in open(TABLE):
    if not line.strip() or line.startswith("#"):
        continue
    name, command, *args = line.split()
    if command not in POSTED:
        continue
    rc, want, err = cli([command] + args)
    status, headers, got = post(command, to_json(args))
    n += 1
    if not check(rc == 0 and status == 200, f"{name}: CLI exit {rc}, API status {status}: {got}"):
        continue
    check(headers.get("Content-Type", "").startswith("application/json"), f"{name}: content type")
    if not check(got == want, f"{name}: API differs from `aiwatt {command} ... --format json`"):
        for a, b in zip(want.splitlines(), got.splitlines()):
            if a != b:
                print("  CLI:", a, "\n  API:", b)
                break
check(n >= 20, f"only {n} golden requests were compared")
print(f"{n} golden requests: API == CLI byte for byte")

# An empty body is the command's defaults, like the command without options.
rc, want, _ = cli(["estimate"])
status, _, got = s.get("/v1/estimate", method="POST", data=b"")
check(status == 200 and got == want, "empty POST /v1/estimate is not `aiwatt estimate`")

# ---- errors: the CLI's message and hint, never a crash ----------------------
def error_case(what, command, body, want_status, hint_has=None):
    status, _, text = post(command, body)
    try:
        j = json.loads(text)
    except ValueError:
        j = {}
    ok = status == want_status and isinstance(j.get("error"), str) and j["error"] and "hint" in j
    if hint_has is not None:
        ok = ok and hint_has in (j.get("hint") or "") + (j.get("error") or "")
    check(ok, f"{what}: status {status} (want {want_status}), body {text[:300]}")


error_case("malformed JSON", "estimate", b"{\"model\": ", 400)
error_case("not an object", "estimate", b"[1, 2]", 400)
error_case("unknown key", "estimate", {"modle": "llama-3.1-8b"}, 400, "model")
error_case("negative tokens", "estimate", {"output_tokens": -5}, 400, "output_tokens")
error_case("unknown model", "estimate", {"model": "llama-3.1-8bb"}, 400, "llama-3.1-8b")
error_case("mix without a profile", "mix", {}, 400)
error_case("train without a model", "train", {}, 400)
error_case("wrong type", "estimate", {"output_tokens": [1]}, 400)
status, _, text = post("estimate", b"{\"model\": \"" + b"x" * 70000 + b"\"}")
check(status == 413 and "error" in text, f"70 kB body: {status}, want 413")
status, headers, text = s.get("/v1/estimate")
check(status == 405 and "POST" in headers.get("Allow", ""), f"GET /v1/estimate: {status}")
for path in ("/v1/nope", "/v1/", "/v1/catalog/nope", "/v1/catalog/models/no-such-model",
             "/v1/refs/no-such-ref", "/v1/estimate/extra"):
    status, _, text = s.get(path)
    check(status == 404 and '"error"' in text, f"GET {path}: {status}, want 404")
# An id that is not UTF-8 (the server unescapes %CE), or whose echo in the
# message is cut inside a character: still a 404 with its JSON error, not a
# 500 (jansson refuses invalid UTF-8; found by tests/fuzz/fuzz_api).
for path in ("/v1/catalog/hardware/h1.%CE%23-sxm", "/v1/refs/%FF",
             "/v1/catalog/models/" + "a" * 99 + "%C3%A9"):
    status, _, text = s.get(path)
    check(status == 404 and '"error"' in text, f"GET {path}: {status}, want 404: {text}")
status, _, text = s.get("/v1/catalog/models/llama-3.1-8bb")
check("llama-3.1-8b" in text, "no suggestion for a near catalog id")
status, headers, _ = s.get("/v1/refs", method="POST", data=b"{}")
check(status == 405 and "GET" in headers.get("Allow", ""), f"POST /v1/refs: {status}")

# ---- catalog and references equal the CLI ---------------------------------
for section in ("models", "hardware", "datacenters", "grids", "references"):
    rc, want, _ = cli(["catalog", "list", section])
    status, _, got = s.get("/v1/catalog/" + section)
    check(rc == 0 and status == 200 and got == want, f"/v1/catalog/{section} != catalog list")
for section, ident in (("models", "llama-3.1-8b"), ("hardware", "h100-sxm"), ("grids", "fr")):
    rc, want, _ = cli(["catalog", "show", section, ident])
    status, _, got = s.get(f"/v1/catalog/{section}/{ident}")
    check(rc == 0 and status == 200 and got == want, f"/v1/catalog/{section}/{ident} != show")
rc, want, _ = cli(["refs", "list"])
status, _, got = s.get("/v1/refs")
check(rc == 0 and status == 200 and got == want, "/v1/refs != aiwatt refs list")
rc, want, _ = cli(["refs", "show", "google-gemini-2025"])
status, _, got = s.get("/v1/refs/google-gemini-2025")
check(rc == 0 and status == 200 and got == want, "/v1/refs/ID != aiwatt refs show ID")

# ---- no input crashes it: random and hostile bodies -----------------------
rng = random.Random(1)
keys = ["model", "hardware", "output_tokens", "input_tokens", "task", "grid", "uncertainty",
        "batch", "gpus", "precision", "profile", "steps", "tokens", "x" * 300]
values = [None, True, False, 0, -1, 1e308, -1e308, 2**63, "70B", "", "\u00e9\u4e2d", "\x00",
          [], {}, [[[[[]]]]], "1" * 500, 0.5, "nan", "inf", "-0"]
bodies = [b"", b"{", b"}", b"null", b"\xff\xfe\x00", b"{\"a\":" * 5000, b"[" * 10000,
          b"{\"model\": \"llama\x00\"}", b"\"text\"", b"{\"model\": 1e999}"]
for _ in range(150):
    obj = {rng.choice(keys): rng.choice(values) for _ in range(rng.randint(1, 5))}
    bodies.append(json.dumps(obj).encode())
for k, body in enumerate(bodies):
    # Every body on estimate; a share of them on the slower commands.
    for command in POSTED if k % 8 == 0 else ("estimate",):
        status, _, text = post(command, body)
        if status not in (200, 400, 413):
            check(False, f"{command} {body[:80]!r}: status {status}")
        elif status != 200:
            try:
                j = json.loads(text)
                check("error" in j and "hint" in j, f"{command} {body[:60]!r}: no error/hint")
            except ValueError:
                check(False, f"{command} {body[:60]!r}: error body is not JSON")
check(s.p.poll() is None, "the server died on hostile input")
check(s.get("/healthz")[0] == 200, "the server no longer answers after hostile input")
check(s.stop() == 0, "aiwatt serve did not exit 0")

# ---- --catalog: a model of the user's own, through the API ----------------
models = json.load(open(os.path.join(os.path.dirname(os.path.dirname(HERE)), "data",
                                     "models.json")))["models"]
mine = dict(next(m for m in models if m["id"] == "llama-3.1-8b"))
mine.update(id="my-finetune-8b", aliases=[], name="My fine-tune")
catalog = os.path.join(TMP, "mine.json")
with open(catalog, "w") as f:
    json.dump({"schema": "aiwatt-catalog/1", "models": [mine]}, f)
s = Serve(["--model", "my-finetune-8b"], sysfs_root=os.path.join(TMP, "empty"),
          global_args=["--catalog", catalog])
rc, want, _ = cli(["--catalog", catalog, "estimate", "--model", "my-finetune-8b"])
status, _, got = post("estimate", {"model": "my-finetune-8b"})
check(rc == 0 and status == 200 and got == want, f"--catalog model through the API: {status}")
check(s.stop() == 0, "aiwatt serve --catalog did not exit 0")
finish()
