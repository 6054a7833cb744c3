#!/bin/bash
# device_check.sh - aiwatt on a real NVIDIA GPU, against NVML's own counter
# and nvidia-smi: `sources`, `monitor`, `measure` around a matrix-product
# load, `serve` scraping a lean decode that speaks vLLM's metrics, and that
# decode against the estimate. A check to run by hand on a GPU machine (it
# is not part of `make test`); results are reported in docs/metering.md and
# docs/methodology.md, never fitted on.
#
# usage: [HARDWARE=ID] bench/gpu/device_check.sh AIWATT OUTDIR
# needs: nvidia-smi; python3 with PyTorch (CUDA) and pynvml (nvidia-ml-py);
#        for `serve`, libmicrohttpd.so.12 on the library path
set -u
[ $# -eq 2 ] || { echo "usage: $0 AIWATT OUTDIR" >&2; exit 2; }
A=$(realpath "$1")
O=$2
HERE=$(dirname "$(realpath "$0")")
mkdir -p "$O" || exit 1
date -u
nvidia-smi --query-gpu=name,driver_version,power.draw,power.limit --format=csv

# As root, aiwatt loads NVML only from --nvml-library (docs/metering.md).
NVML=$(ldconfig -p 2>/dev/null | awk '/libnvidia-ml\.so\.1 /{print $NF; exit}')
[ -n "$NVML" ] || NVML=$(find /usr/local/nvidia /usr/lib /usr/lib64 -name libnvidia-ml.so.1 2>/dev/null | head -n 1)
G=""
[ -n "$NVML" ] && G="--nvml-library $NVML"

nvidia-smi --query-gpu=timestamp,power.draw,clocks.sm,utilization.gpu --format=csv,noheader,nounits \
    -lms 200 >"$O/smi.csv" 2>&1 &
SMI=$!
trap 'kill $SMI 2>/dev/null' EXIT

echo "== sources"
timeout 20 "$A" $G sources
echo "== monitor, 4 s at idle"
timeout -s INT 4 "$A" $G monitor --interval 500

echo "== measure around 15 s of matrix products"
timeout 120 "$A" $G measure --format json --output "$O/measure_matmul.json" -- sh -c \
    "python3 '$HERE/gpu_load.py' nvml >'$O/e0.json' && python3 '$HERE/gpu_load.py' matmul 15 >'$O/matmul.json' && python3 '$HERE/gpu_load.py' nvml >'$O/e1.json'"
echo "exit $?"

echo "== serve, scraping a lean decode"
"$A" $G serve --listen 127.0.0.1:8149 --interval 100 --window 10 \
    --tokens-from http://127.0.0.1:8000/metrics >"$O/serve.log" 2>&1 &
SRV=$!
sleep 1
BATCHES=8,32,64,256
timeout 300 "$A" $G measure --format json --output "$O/measure_decode.json" -- \
    python3 "$HERE/gpu_load.py" decode "$O" $BATCHES >"$O/decode.jsonl"
echo "exit $?"
kill -INT $SRV
wait $SRV
echo "serve exit $?"
cat "$O/serve.log"

# The catalog accelerator to compare with: HARDWARE=ID, else the GPU's name.
# Another GPU is never taken for one of these: its estimate would be wrong.
GPU=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)
HW=${HARDWARE:-}
[ -n "$HW" ] || case "$GPU" in *H200*) HW=h200 ;; *H100*) HW=h100-sxm ;; esac
if [ -z "$HW" ]; then
    echo "no estimate: '$GPU' is not mapped here; run again with HARDWARE=ID" \
        "('aiwatt catalog list hardware')"
    BATCHES=
fi
for b in ${BATCHES//,/ }; do
    "$A" --catalog "$HERE/kernels-only.json" estimate --model llama-3.1-8b --hardware "$HW" \
        --gpus 1 --batch "$b" --input-tokens 128 --output-tokens 256 --engine kernels-only \
        --format json >"$O/estimate_b$b.json"
done
python3 "$HERE/summary.py" "$O"
