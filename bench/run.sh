#!/bin/sh
# Benchmarks (not tests): timings are reported, never asserted.
# usage: bench/run.sh BUILD_DIR
set -eu
BUILD=${1:-build/release}
AIWATT="$BUILD/aiwatt"
N=200
echo "== aiwatt estimate, whole process, embedded catalog included ($N runs)"
start=$(date +%s%N)
i=0
while [ $i -lt $N ]; do
    "$AIWATT" estimate --format json >/dev/null
    i=$((i + 1))
done
end=$(date +%s%N)
echo "mean wall time per run: $(( (end - start) / N / 1000 )) us"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 20 "$AIWATT estimate --format json" 2>/dev/null | sed -n '1,4p'
fi
echo "== roofline time model vs published serving throughput; in-process cost"
"$BUILD/aiwatt_bench_throughput" bench/cases/trtllm-throughput.cases
echo "== Monte Carlo engine and estimator, 1,000,000 draws (CPU seconds)"
"$BUILD/aiwatt_bench_montecarlo" 1000000
for extra in bench/*.sh; do
    [ "$extra" = "bench/run.sh" ] && continue
    echo "== $extra"
    sh "$extra" "$BUILD"
done
