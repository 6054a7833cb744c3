# Every citation can be opened by a reader: the catalog, the code, the docs
# and the golden outputs name papers, URLs or files in this repository, never
# notes outside it (the team's shared folders) or the issue tracker. Also:
# what aiwatt prints for a source (here: the uncertainty table's sources).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# Paths and phrases that point outside the repository.
outside='shared/reference\|shared/calibration\|\.\./shared/\|research notes\|issue tracker\|(issue [0-9]'
hits=$(cd "$ROOT" && grep -rn -- "$outside" data docs lib tool include server bench README.md \
           CONTRIBUTING.md tests/cases 2>/dev/null | grep -v '^docs/reference/')
if [ -n "$hits" ]; then
    echo "FAIL: citations of notes outside the repository:"
    echo "$hits" | head -20
    failures=$((failures + 1))
fi

# Files the catalog cites by path exist in the repository.
for cited in docs/reference/estimation.md docs/reference/ecologits-method.md \
             docs/reference/metering.md tests/cases/published-figures.csv; do
    if ! grep -rqF "$cited" "$ROOT/data" "$ROOT/docs/methodology.md" "$ROOT/docs/metering.md"; then
        echo "FAIL: $cited is no longer cited: drop it or fix this list"
        failures=$((failures + 1))
    fi
    [ -f "$ROOT/$cited" ] || { echo "FAIL: $cited is cited but missing"; failures=$((failures + 1)); }
done

# What a user reads: the sources printed with an estimate's uncertainty.
expect 0 - 'docs/reference/estimation.md' -- estimate --uncertainty 100 --format json
"$AIWATT" estimate --uncertainty 100 --format json > "$TMP/u.json"
if grep -q -- "$outside" "$TMP/u.json"; then
    echo "FAIL: estimate --uncertainty prints a citation outside the repository"
    failures=$((failures + 1))
fi
finish
