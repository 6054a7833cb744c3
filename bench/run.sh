#!/bin/sh
# Benchmarks (not tests): timings are reported, never asserted.
# usage: bench/run.sh BUILD_DIR
set -eu
BUILD=${1:-build/release}
echo "== roofline time model vs published serving throughput; in-process cost"
"$BUILD/aiwatt_bench_throughput" bench/cases/trtllm-throughput.cases
echo "== Monte Carlo engine and estimator, 1,000,000 draws (CPU seconds)"
"$BUILD/aiwatt_bench_montecarlo" 1000000
for extra in bench/*.sh; do
    [ "$extra" = "bench/run.sh" ] && continue
    echo "== $extra"
    sh "$extra" "$BUILD"
done
