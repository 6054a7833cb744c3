#!/bin/sh
# Benchmark (not a test): start-up of whole aiwatt processes against
# /bin/true on the same machine, with hyperfine (-N: no shell in between).
# Target: `aiwatt estimate` <= 1.5 ms and <= 3x /bin/true. Figures and the
# profile behind them: docs/architecture.md, "Start-up".
# usage: bench/startup.sh BUILD_DIR [RUNS]
set -eu
BUILD=${1:-build/release}
RUNS=${2:-300}
AIWATT="$BUILD/aiwatt"
if ! command -v hyperfine >/dev/null 2>&1; then
    echo "bench/startup.sh: needs hyperfine (Debian: apt install hyperfine)" >&2
    exit 1
fi
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
hyperfine -N --warmup 30 --runs "$RUNS" --export-csv "$csv" \
    /bin/true \
    "$AIWATT --version" \
    "$AIWATT estimate" \
    "$AIWATT estimate --model llama-3.1-8b --format json" \
    "$AIWATT catalog list" \
    "$AIWATT refs list" >/dev/null 2>&1
echo "whole process, mean of $RUNS runs (hyperfine -N); ratio to /bin/true"
awk -F, 'NR == 2 { base = $2 }
         NR > 1 { printf "%-52s %6.2f ms %6.2f ms CPU %5.1fx\n", $1, $2 * 1000,
                  ($5 + $6) * 1000, $2 / base }' "$csv"
ldd "$AIWATT" 2>/dev/null | awk '{ n++ } END { print "shared objects loaded (ldd):", n }'
