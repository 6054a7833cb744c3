#!/bin/sh
# golden.sh - every command's JSON on a table of requests, compared with the
# saved output in tests/cases/golden/ (written before the request-table
# refactor, so a refactor that changes a figure shows up here).
#
# usage: golden.sh [--update] [AIWATT]
#   AIWATT defaults to build/test/aiwatt (then build/release/aiwatt).
#   --update rewrites tests/cases/golden/*.json from AIWATT. The figures are
#   what users see: a commit that regenerates them says why in its message.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$root/tests/cases/golden"
update=0
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
aiwatt=${1:-}
if [ -z "$aiwatt" ]; then
    for b in "$root/build/test/aiwatt" "$root/build/release/aiwatt"; do
        [ -x "$b" ] && { aiwatt=$b; break; }
    done
fi
if [ -z "$aiwatt" ] || [ ! -x "$aiwatt" ]; then
    echo "golden.sh: no aiwatt binary; build first or pass its path" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
count=0
while read -r name args; do
    case "$name" in '' | '#'*) continue ;; esac
    count=$((count + 1))
    # shellcheck disable=SC2086 # the arguments are words
    if ! "$aiwatt" $args --format json >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: $name: aiwatt $args --format json exited non-zero"
        cat "$tmp/err"
        failures=$((failures + 1))
        continue
    fi
    if [ $update -eq 1 ]; then
        cp "$tmp/out" "$dir/$name.json"
    elif ! cmp -s "$tmp/out" "$dir/$name.json"; then
        echo "FAIL: $name: aiwatt $args --format json differs from $name.json"
        diff "$dir/$name.json" "$tmp/out" | head -20
        failures=$((failures + 1))
    fi
done <"$dir/requests.txt"
if [ $failures -ne 0 ]; then
    echo "$failures of $count golden case(s) failed"
    echo "(if the change is intended: tests/cli/golden.sh --update, and say why in the commit)"
    exit 1
fi
[ $update -eq 1 ] && echo "wrote $count golden file(s) in $dir" || echo "all $count golden cases match"
exit 0
