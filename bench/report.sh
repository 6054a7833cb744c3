#!/bin/sh
# Wall time of `aiwatt report` (the main job of make run), whole process.
# usage: bench/report.sh BUILD_DIR
set -eu
AIWATT="${1:-build/release}/aiwatt"
N=50
start=$(date +%s%N)
i=0
while [ $i -lt $N ]; do
    "$AIWATT" report --format json >/dev/null
    i=$((i + 1))
done
end=$(date +%s%N)
echo "aiwatt report: mean wall time per run: $(( (end - start) / N / 1000 )) us ($N runs)"
