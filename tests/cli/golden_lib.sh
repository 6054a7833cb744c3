# golden_lib.sh - what the golden-output scripts (golden.sh, usage_golden.sh)
# share: the repository root, the --update flag, a scratch directory, the
# list of cases, the comparison of an output with its saved copy, and the
# summary. Source it first:   . "$(dirname "$0")/golden_lib.sh"
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
update=0
failures=0
count=0

# golden_options "$@": `update` is 1 after a leading --update; `aiwatt_arg`
# is the next argument (the aiwatt binary), empty when there is none.
golden_options() {
    if [ "${1:-}" = "--update" ]; then
        update=1
        shift
    fi
    aiwatt_arg=${1:-}
}

# golden_cases FILE: the case lines of FILE ("NAME ARGS...") into
# $tmp/cases, without its blank and comment (#) lines; `count` is how many.
golden_cases() {
    grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$1" >"$tmp/cases"
    count=$(($(wc -l <"$tmp/cases")))
}

# golden_check WHAT OUTPUT SAVED: with --update, OUTPUT becomes SAVED;
# otherwise an OUTPUT that differs from SAVED is a failure, with its diff.
golden_check() {
    if [ "$update" -eq 1 ]; then
        cp "$2" "$3"
    elif ! cmp -s "$2" "$3"; then
        echo "FAIL: $1 differs from $(basename "$3")"
        diff "$3" "$2" | head -20
        failures=$((failures + 1))
    fi
}

# golden_finish KIND SCRIPT: the summary line and the exit status. A change
# of a saved output is intended only when its commit says why.
golden_finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures failure(s) in $count $1 case(s)"
        echo "(if the change is intended: tests/cli/$2 --update, and say why in the commit)"
        exit 1
    fi
    if [ "$update" -eq 1 ]; then
        echo "wrote $count $1 case(s)"
    else
        echo "all $count $1 cases match"
    fi
    exit 0
}
