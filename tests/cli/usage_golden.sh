#!/bin/sh
# usage_golden.sh - `aiwatt usage` on each log format (OpenTelemetry spans,
# OpenAI usage buckets, LiteLLM spend logs, CSV with --map), and on
# malformed rows, wrong types, huge numbers, invalid UTF-8 and empty files:
# stdout, stderr and the exit status compared with tests/cases/usage/.
#
# usage: usage_golden.sh [--update] AIWATT
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$root/tests/cases/usage"
update=0
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
aiwatt=${1:-$root/build/test/aiwatt}
case "$aiwatt" in /*) ;; *) aiwatt=$(pwd)/$aiwatt ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root/tests/fixtures/usage" || exit 2
failures=0
count=0
while read -r name args; do
    case "$name" in '' | '#'*) continue ;; esac
    count=$((count + 1))
    case " $args " in *" --format "*) ;; *) args="$args --format json" ;; esac
    # shellcheck disable=SC2086 # the arguments are words
    COLUMNS=80 "$aiwatt" usage $args >"$tmp/out" 2>"$tmp/err"
    echo "exit $?" >>"$tmp/err"
    if [ $update -eq 1 ]; then
        cp "$tmp/out" "$dir/$name.out"
        cp "$tmp/err" "$dir/$name.err"
        continue
    fi
    for k in out err; do
        if ! cmp -s "$tmp/$k" "$dir/$name.$k"; then
            echo "FAIL: $name: aiwatt usage $args: $k differs from $name.$k"
            diff "$dir/$name.$k" "$tmp/$k" | head -20
            failures=$((failures + 1))
        fi
    done
done <"$dir/cases.txt"
if [ $failures -ne 0 ]; then
    echo "$failures failure(s) in $count usage golden case(s)"
    echo "(if the change is intended: tests/cli/usage_golden.sh --update, and say why)"
    exit 1
fi
[ $update -eq 1 ] && echo "wrote $count usage golden case(s) in $dir" ||
    echo "all $count usage golden cases match"
exit 0
