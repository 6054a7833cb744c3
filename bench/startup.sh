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
echo "whole process, mean of $RUNS runs (hyperfine -N): wall and CPU (user + sys),"
echo "each as a ratio to /bin/true (CPU is steadier on a busy machine)"
awk -F, 'NR == 2 { wall = $2; cpu = $5 + $6 }
         NR > 1 { printf "%7.2f ms %5.1fx %7.2f ms CPU %5.1fx  %s\n", $2 * 1000, $2 / wall,
                  ($5 + $6) * 1000, ($5 + $6) / cpu, $1 }' "$csv"
ldd "$AIWATT" 2>/dev/null | awk '{ n++ } END { print "shared objects loaded (ldd):", n }'
