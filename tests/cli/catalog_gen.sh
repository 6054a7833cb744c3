# The build-time catalog compiler (tools/catalog_gen.c) refuses a bad
# catalog with FILE:LINE and the loader's message, and writes nothing.
#   sh catalog_gen.sh AIWATT_CATALOG_GEN FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

OUT="$TMP/base.c"
expect 1 "bad-range.json:3: hardware 'bad-gpu': field 'idle_power_w': needs low <= value <= high" - \
    -- "$OUT" "$FIX/catalog/bad-range.json"
[ -e "$OUT" ] && { echo "FAIL: wrote $OUT for a bad catalog"; failures=$((failures + 1)); }
expect 1 "missing-source.json:[0-9]*: .*'source': missing" - -- "$OUT" "$FIX/catalog/missing-source.json"
expect 1 "malformed-syntax.json:1:[0-9]*: " - -- "$OUT" "$FIX/catalog/malformed-syntax.json"
expect 1 "unknown-section.json:1: .*unknown section" - -- "$OUT" "$FIX/catalog/unknown-section.json"
expect 2 "usage" - -- "$OUT"
# A good catalog compiles: one typed record per entry, its JSON alongside.
expect 0 - - -- "$OUT" "$FIX/catalog/minimal.json"
grep -q 'aw__catalog_base\[AW_SECTION_COUNT\]' "$OUT" ||
    { echo "FAIL: no table in $OUT"; failures=$((failures + 1)); }
finish
