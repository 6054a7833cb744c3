#!/bin/sh
# CLI contract of the serving-engine options: --engine, --power-cap,
# --tp/--ep/--pp, their JSON inputs, and their refusals.
# usage: test_engine.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# The resolved engine is in the JSON inputs and in the assumptions block.
expect 0 - '"engine": "provider"' -- estimate --format json
expect 0 - '"engine": "vllm"' -- estimate --model llama-3.1-8b --format json
expect 0 - '"engine": "trtllm"' -- estimate --model llama-3.1-8b --engine trtllm --format json
expect 0 - '"engine": "trtllm"' -- estimate --model llama-3.1-8b --engine tensorrt-llm --format json
expect 0 - "engine       sglang" -- estimate --model llama-3.1-8b --engine sglang
expect 1 "unknown engine 'nope'" - -- estimate --engine nope
"$AIWATT" estimate --engine nope >/dev/null 2>"$TMP/err"
grep -q "vllm, vllm-2024" "$TMP/err" || grep -q "provider, sglang, trtllm, vllm, vllm-2024" "$TMP/err" || {
    echo "FAIL: an unknown engine does not list the known ones"; cat "$TMP/err"; failures=$((failures + 1)); }
# Eager Transformers launches every layer's kernels from the CPU: at batch 1
# on an A100 an eager Llama-2-7B is CPU-bound, 1 ms + 32 x 1.2 ms = 39.4 ms a
# step, ~25 tokens/s (the PyTorch team measured 25.5: data/engines.json).
expect 0 - '"engine_per_layer_s": 0.0012' -- estimate --model llama-2-7b --hardware a100-80gb --gpus 1 --batch 1 --engine transformers --format json
expect 0 - '"decode_step_s": 0.0394' -- estimate --model llama-2-7b --hardware a100-80gb --gpus 1 --batch 1 --engine hf-transformers --format json
expect 0 - "1.2 ms per layer" -- estimate --model llama-2-7b --hardware a100-80gb --gpus 1 --batch 1 --engine transformers
expect 0 - '"engine_per_layer_s": 0.0,' -- estimate --model llama-2-7b --engine vllm --format json
# The older vLLM engine costs more per request than the V1 engine.
"$AIWATT" estimate --model llama-3.1-8b --gpus 1 --batch 128 --engine vllm --format json >"$TMP/v1"
"$AIWATT" estimate --model llama-3.1-8b --gpus 1 --batch 128 --engine vllm-2024 --format json >"$TMP/v0"
v1=$(json_num accelerator "$TMP/v1"); v0=$(json_num accelerator "$TMP/v0")
awk -v a="$v0" -v b="$v1" 'BEGIN { exit !(a > 1.5 * b) }' || {
    echo "FAIL: vllm-2024 ($v0 Wh) not well above vllm ($v1 Wh)"; failures=$((failures + 1)); }

# KV cache precision: the engine's default for an FP8 model (vLLM keeps 16
# bits, TensorRT-LLM stores FP8), and --kv-precision over it. Llama-3.1-8B's
# cache is 2 x 8 KV heads x 128 x 32 layers = 65,536 values per token.
expect 0 - '"kv_precision": "bf16"' -- estimate --model llama-3.1-8b --precision fp8 --format json
expect 0 - '"kv_bytes_per_token": 131072' -- estimate --model llama-3.1-8b --precision fp8 --format json
expect 0 - '"kv_precision": "fp8"' -- estimate --model llama-3.1-8b --precision fp8 --engine trtllm --format json
expect 0 - '"kv_bytes_per_token": 65536' -- estimate --model llama-3.1-8b --precision fp8 --kv-precision fp8 --format json
expect 0 - "KV cache fp8" -- estimate --model llama-3.1-8b --kv-precision fp8
expect 2 "--kv-precision 'fp9': expected fp32" - -- estimate --kv-precision fp9
# ... and it reaches every call of an agent session, as --engine does.
"$AIWATT" agent --model llama-3.1-70b --steps 5 --format json >"$TMP/kv16"
"$AIWATT" agent --model llama-3.1-70b --steps 5 --kv-precision fp8 --format json >"$TMP/kv8"
a16=$(json_num facility "$TMP/kv16"); a8=$(json_num facility "$TMP/kv8")
awk -v a="$a8" -v b="$a16" 'BEGIN { exit !(a < 0.95 * b) }' || {
    echo "FAIL: agent with an FP8 KV cache ($a8 Wh) not below 16-bit ($a16 Wh)"; failures=$((failures + 1)); }

# Parallel layout: given sizes, a default for --gpus, refusals.
expect 0 - '"tp": 4' -- estimate --model llama-3.1-70b --gpus 4 --format json
expect 0 - '"ep": 4' -- estimate --model qwen3-235b-a22b --hardware b200 --ep 4 --format json
expect 0 - '"pp": 2' -- estimate --model llama-3.1-405b --gpus 16 --format json
expect 0 - '"gpus": 8' -- estimate --model llama-3.1-70b --tp 4 --pp 2 --format json
expect 1 "layout 2 x 1 x 1 does not match 4 GPUs" - -- estimate --model llama-3.1-70b --gpus 4 --tp 2 --pp 1
expect 1 "expert parallelism needs a mixture-of-experts model" - -- estimate --model llama-3.1-8b --ep 2
expect 2 "--tp '0'" - -- estimate --tp 0
expect 2 "--pp 'x'" - -- estimate --pp x

# Power cap: lowers power (and, when it binds hard enough, the clock).
"$AIWATT" estimate --model llama-3.1-8b --gpus 1 --batch 256 --format json >"$TMP/free"
"$AIWATT" estimate --model llama-3.1-8b --gpus 1 --batch 256 --power-cap 400 --format json >"$TMP/cap"
p=$(json_num decode_power_w "$TMP/cap"); c=$(json_num clock_fraction "$TMP/cap")
within "$p" 399 401 || { echo "FAIL: capped power $p W, not 400"; failures=$((failures + 1)); }
within "$c" 0.1 0.99 || { echo "FAIL: clock $c under a 400 W cap"; failures=$((failures + 1)); }
e0=$(json_num accelerator "$TMP/free"); e1=$(json_num accelerator "$TMP/cap")
awk -v a="$e1" -v b="$e0" 'BEGIN { exit !(a < b) }' || {
    echo "FAIL: a 400 W cap did not lower energy ($e1 vs $e0)"; failures=$((failures + 1)); }
COLUMNS=200 expect 0 - "capped at 400 W" -- estimate --model llama-3.1-8b --gpus 1 --batch 256 --power-cap 400
expect 1 "at or below the idle power of 'h100-sxm'" - -- estimate --power-cap 50
expect 2 "--power-cap '-3'" - -- estimate --power-cap -3
expect 0 - '"clock_fraction"' -- estimate --task image --power-cap 500 --format json
expect 1 "idle power" - -- estimate --task image --power-cap 60

# The levers: engine and power cap in whatif; the engine of mix and report.
expect 0 - "power_cap=500" -- whatif --model llama-3.1-8b --gpus 1 --vary power-cap=300,500,700
expect 0 - "trtllm" -- whatif --model llama-3.1-8b --gpus 1 --vary engine=vllm,trtllm
expect 0 - '"facility"' -- mix --profile chatgpt-2025 --engine vllm --format json
finish
