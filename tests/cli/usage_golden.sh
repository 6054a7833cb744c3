#!/bin/sh
# usage_golden.sh - `aiwatt usage` on each log format (OpenTelemetry spans,
# OpenAI usage buckets, LiteLLM spend logs, CSV with --map), and on
# malformed rows, wrong types, huge numbers, invalid UTF-8 and empty files:
# stdout, stderr and the exit status compared with tests/cases/usage/.
#
# usage: usage_golden.sh [--update] AIWATT
. "$(dirname "$0")/golden_lib.sh"
golden_options "$@"
dir="$root/tests/cases/usage"
aiwatt=${aiwatt_arg:-$root/build/test/aiwatt}
case "$aiwatt" in /*) ;; *) aiwatt=$(pwd)/$aiwatt ;; esac
golden_cases "$dir/cases.txt"
cd "$root/tests/fixtures/usage" || exit 2
while read -r name args; do
    case " $args " in *" --format "*) ;; *) args="$args --format json" ;; esac
    # shellcheck disable=SC2086 # the arguments are words
    COLUMNS=80 "$aiwatt" usage $args >"$tmp/out" 2>"$tmp/err"
    echo "exit $?" >>"$tmp/err"
    for k in out err; do
        golden_check "$name: aiwatt usage $args: $k" "$tmp/$k" "$dir/$name.$k"
    done
done <"$tmp/cases"
golden_finish "usage golden" usage_golden.sh
