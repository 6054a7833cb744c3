#!/bin/sh
# Benchmark (not a test): Monte Carlo cost of --uncertainty on estimate and
# train, whole process (catalog load included), against the plain estimate.
# usage: bench/uncertainty.sh BUILD_DIR
set -eu
BUILD=${1:-build/release}
AIWATT="$BUILD/aiwatt"
RUNS=5

# mean_ms RUNS CMD...: mean wall time of the command, in milliseconds.
mean_ms() {
    runs=$1; shift
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$runs" ]; do
        "$@" >/dev/null
        i=$((i + 1))
    done
    end=$(date +%s%N)
    echo $(( (end - start) / runs / 1000000 ))
}

base=$(mean_ms $RUNS "$AIWATT" estimate --format json)
echo "estimate (no uncertainty):                  ${base} ms per run"
for n in 10000 100000 1000000; do
    runs=$RUNS
    [ $n -eq 1000000 ] && runs=1
    t=$(mean_ms $runs "$AIWATT" estimate --uncertainty $n --format json)
    per=$(awk -v t="$t" -v b="$base" -v n="$n" 'BEGIN { printf "%.2f", (t - b) * 1000 / n }')
    echo "estimate --uncertainty $n: $(printf '%8s' "$t") ms per run (~${per} us per draw)"
done
t=$(mean_ms $RUNS "$AIWATT" estimate --sensitivity --format json)
echo "estimate --sensitivity:                     ${t} ms per run"
t=$(mean_ms $RUNS "$AIWATT" train --model gpt-4 --uncertainty 100000 --format json)
echo "train --model gpt-4 --uncertainty 100000:   ${t} ms per run"
