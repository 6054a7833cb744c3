#!/bin/sh
# Benchmark (not a test): mean wall time of whole aiwatt processes, embedded
# catalog included, by a plain loop (bench/startup.sh has the hyperfine
# figures and the ratio to /bin/true): the estimate, and the report (the
# main job of make run).
# usage: bench/wall.sh BUILD_DIR
set -eu
AIWATT="${1:-build/release}/aiwatt"

# mean_wall RUNS ARGS...: runs `aiwatt ARGS` RUNS times, prints the mean.
mean_wall() {
    runs=$1
    shift
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$runs" ]; do
        "$AIWATT" "$@" >/dev/null
        i=$((i + 1))
    done
    end=$(date +%s%N)
    echo "aiwatt $*: mean wall time per run: $(( (end - start) / runs / 1000 )) us ($runs runs)"
}

mean_wall 200 estimate --format json
mean_wall 50 report --format json
