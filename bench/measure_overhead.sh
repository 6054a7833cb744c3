#!/bin/sh
# measure_overhead.sh - CPU cost of `aiwatt measure` on an idle command.
#
# usage: bench/measure_overhead.sh [AIWATT] [SECONDS]
#   AIWATT   the binary or its build directory (default: build/bench/aiwatt, built here in Release
#            if missing: sanitizers would inflate the figure)
#   SECONDS  how long the idle command sleeps (default 5)
#
# For each scenario it runs `aiwatt measure -- sleep S` under bench/cpu_of.c
# (getrusage of the children, in microseconds: GNU time's 10 ms is too
# coarse) and reports the user+system CPU time of aiwatt and sleep (sleep's
# own is under a millisecond: measured and subtracted) as a share of one
# core over the run. Start-up (loading, opening every source)
# is a fixed cost, so it also runs `sleep 1` and reports the marginal cost
# per second of the poller: (cpu(S) - cpu(1)) / (S - 1).
#
# Scenarios: the fake server tree (4 RAPL counters read once a second and
# the ACPI power meter, a power sensor, read every 100 ms), the same with a
# fake NVML GPU (its counter read every 100 ms too), and this machine's own
# /sys. Counters of a fake tree are plain files: a real RAPL read costs a
# few microseconds more (an MSR read on the package's CPU), which at these
# rates (5 to 20 reads a second) changes nothing measurable.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$here/build/bench/aiwatt}
S=${2:-5}
# bench/run.sh passes its build directory.
if [ -d "$BIN" ]; then
    BIN=$BIN/aiwatt
fi
if [ ! -x "$BIN" ]; then
    cmake -S "$here" -B "$here/build/bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$here/build/bench" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
    BIN=$here/build/bench/aiwatt
fi
FAKE_NVML=$(dirname "$BIN")/tests/fakes/libfake_nvml.so
SERVER=$here/tests/fixtures/sysfs/intel-server-2s-dram
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CPU_OF=$TMP/cpu_of
${CC:-cc} -O2 -o "$CPU_OF" "$here/bench/cpu_of.c"

# cpu_s SECONDS ENV... : CPU seconds (user + system) of one run of aiwatt
# measure -- sleep SECONDS, minus those of a bare sleep.
cpu_s() {
    secs=$1
    shift
    # The NVML library is a command-line option: run as root, aiwatt ignores
    # AIWATT_NVML_LIBRARY.
    total=$(env "$@" "$CPU_OF" "$BIN" ${NVML:+--nvml-library} ${NVML:+"$NVML"} measure \
        -- sleep "$secs" 2>/dev/null | tail -1)
    bare=$("$CPU_OF" sleep "$secs" | tail -1)
    awk -v t="$total" -v b="$bare" 'BEGIN { printf "%.6f\n", t - b }'
}

scenario() {
    name=$1
    shift
    long=$(cpu_s "$S" "$@")
    short=$(cpu_s 1 "$@")
    awk -v n="$name" -v l="$long" -v s="$short" -v S="$S" 'BEGIN {
        printf "%-34s cpu %.4f s over %g s = %.3f%% of one core; poller alone %.4f%%\n",
               n, l, S, 100 * l / S, 100 * (l - s) / (S - 1) }'
}

echo "aiwatt measure -- sleep $S, default interval (100 ms), $(uname -m), $(nproc) cores"
NVML=/nonexistent/libnvidia-ml.so.1
scenario "fake server (4 RAPL + 1 sensor)" AIWATT_SYSFS_ROOT="$SERVER"
if [ -f "$FAKE_NVML" ]; then
    NVML=$FAKE_NVML
    scenario "fake server + fake NVML GPU" AIWATT_SYSFS_ROOT="$SERVER"
fi
NVML=
scenario "this machine (/)" AIWATT_SYSFS_ROOT=/
