#!/bin/sh
# Runs every fuzz target of a fuzz build (make fuzz) for SECONDS each, on a
# scratch copy of its seed corpus with its dictionary, and reports the
# executions; with UNIT=1 also runs the unit tests of that (clang) build.
# A crash, a sanitizer report, a leak or a failed oracle fails the run and
# prints the end of the target's log (the reproducer is in the log's dir).
# usage: run.sh BUILD_DIR SECONDS [UNIT]
set -u
BUILD=$(cd "$1" && pwd)
SECONDS_EACH=$2
UNIT=${3:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOGS=$BUILD/fuzz-logs
mkdir -p "$LOGS"
failures=0

if [ "$UNIT" = 1 ]; then
    (cd "$BUILD" && ctest -L unit --output-on-failure -j 2) || failures=$((failures + 1))
fi

for target in ${FUZZ_TARGETS:-fuzz_catalog fuzz_quantity fuzz_meter fuzz_cli}; do
    corpus=$(mktemp -d)
    extra=
    case $target in
    fuzz_catalog) extra="$ROOT/tests/fixtures/catalog $ROOT/data" ;;
    esac
    # shellcheck disable=SC2086
    (cd "$LOGS" && "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_EACH" -timeout=30 \
        -rss_limit_mb=2048 -dict="$HERE/$target.dict" -print_final_stats=1 \
        "$corpus" "$HERE/corpus/$target" $extra) >"$LOGS/$target.log" 2>&1 </dev/null
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOGS/$target.log")
    if [ $rc -ne 0 ]; then
        echo "FAIL: $target (exit $rc, ${runs:-?} runs): end of $LOGS/$target.log"
        tail -40 "$LOGS/$target.log"
        failures=$((failures + 1))
    else
        echo "$target: ${runs:-?} runs in ${SECONDS_EACH} s, no finding"
    fi
    rm -rf "$corpus"
done
exit $failures
