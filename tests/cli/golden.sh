#!/bin/sh
# golden.sh - every command's JSON on a table of requests, compared with the
# saved output in tests/cases/golden/ (written before the request-table
# refactor, so a refactor that changes a figure shows up here).
#
# usage: golden.sh [--update] [AIWATT]
#   AIWATT defaults to build/test/aiwatt (then build/release/aiwatt).
#   --update rewrites tests/cases/golden/*.json from AIWATT. The figures are
#   what users see: a commit that regenerates them says why in its message.
. "$(dirname "$0")/golden_lib.sh"
golden_options "$@"
dir="$root/tests/cases/golden"
aiwatt=$aiwatt_arg
if [ -z "$aiwatt" ]; then
    for b in "$root/build/test/aiwatt" "$root/build/release/aiwatt"; do
        [ -x "$b" ] && { aiwatt=$b; break; }
    done
fi
if [ -z "$aiwatt" ] || [ ! -x "$aiwatt" ]; then
    echo "golden.sh: no aiwatt binary; build first or pass its path" >&2
    exit 2
fi
golden_cases "$dir/requests.txt"
while read -r name args; do
    # shellcheck disable=SC2086 # the arguments are words
    if ! "$aiwatt" $args --format json >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL: $name: aiwatt $args --format json exited non-zero"
        cat "$tmp/err"
        failures=$((failures + 1))
        continue
    fi
    golden_check "$name: aiwatt $args --format json" "$tmp/out" "$dir/$name.json"
done <"$tmp/cases"
golden_finish golden golden.sh
