#!/bin/sh
# Runs every fuzz target of a fuzz build (make fuzz, make test) for SECONDS
# each, on a scratch copy of its seed corpus with its dictionary, and reports
# the executions; with UNIT=1 also runs the unit tests of that (clang) build.
# Targets run JOBS at a time (default 2). A crash, a sanitizer report, a
# leak or a failed oracle fails the run and prints the end of the target's
# log (the reproducer, crash-*, is in the log's directory).
# usage: run.sh BUILD_DIR SECONDS [UNIT]   env: FUZZ_TARGETS, JOBS
set -u
BUILD=$(cd "$1" && pwd)
SECONDS_EACH=$2
UNIT=${3:-0}
PARALLEL=${JOBS:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOGS=$BUILD/fuzz-logs
mkdir -p "$LOGS"
failures=0

if [ "$UNIT" = 1 ]; then
    (cd "$BUILD" && ctest -L unit --output-on-failure -j "$PARALLEL") || failures=$((failures + 1))
fi

# Every target the build made, unless FUZZ_TARGETS names some.
if [ -z "${FUZZ_TARGETS:-}" ]; then
    FUZZ_TARGETS=
    for exe in "$BUILD"/tests/fuzz/fuzz_*; do
        [ -f "$exe" ] && [ -x "$exe" ] && FUZZ_TARGETS="$FUZZ_TARGETS ${exe##*/}"
    done
fi
if [ -z "$FUZZ_TARGETS" ]; then
    echo "FAIL: no fuzz target in $BUILD/tests/fuzz (configure with -DAIWATT_FUZZ=ON)"
    exit 1
fi

# One target: its verdict goes to $LOGS/$target.verdict (0 or 1).
run_target() {
    target=$1
    corpus=$(mktemp -d)
    extra=
    case $target in
    fuzz_catalog) extra="$ROOT/tests/fixtures/catalog $ROOT/data" ;;
    esac
    dict=
    [ -f "$HERE/$target.dict" ] && dict="-dict=$HERE/$target.dict"
    # shellcheck disable=SC2086
    (cd "$LOGS" && "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_EACH" -timeout=30 \
        -rss_limit_mb=2048 -artifact_prefix="$LOGS/$target-" $dict -print_final_stats=1 \
        "$corpus" "$HERE/corpus/$target" $extra) >"$LOGS/$target.log" 2>&1 </dev/null
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOGS/$target.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$LOGS/$target.log")
    if [ $rc -ne 0 ]; then
        {
            echo "FAIL: $target (exit $rc, ${runs:-?} runs): end of $LOGS/$target.log"
            tail -40 "$LOGS/$target.log"
        } >"$LOGS/$target.summary"
        echo 1 >"$LOGS/$target.verdict"
    else
        echo "$target: ${runs:-?} runs in $SECONDS_EACH s (${rate:-?}/s), no finding" \
            >"$LOGS/$target.summary"
        echo 0 >"$LOGS/$target.verdict"
    fi
    rm -rf "$corpus"
}

running=0
for target in $FUZZ_TARGETS; do
    rm -f "$LOGS/$target.verdict" "$LOGS/$target.summary"
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$PARALLEL" ]; then
        wait
        running=0
    fi
done
wait

for target in $FUZZ_TARGETS; do
    cat "$LOGS/$target.summary" 2>/dev/null || echo "FAIL: $target: no verdict"
    [ "$(cat "$LOGS/$target.verdict" 2>/dev/null)" = 0 ] || failures=$((failures + 1))
done
exit $failures
