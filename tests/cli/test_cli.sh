#!/bin/sh
# The CLI's shared skeleton (tool/opts.c): one option prologue, one output
# switch, one CSV writer, one version source; options of a method that will
# not run are refused.
# usage: test_cli.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# ---- One version: the program's is the generated aiwatt/version.h's ------
want=$(sed -n 's/^project(aiwatt VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")
[ -n "$want" ] || fail "no version in CMakeLists.txt"
expect 0 - "^aiwatt $want (libaiwatt $want)\$" -- --version
# No second version string compiled into the CLI.
if grep -rn "AW_TOOL_VERSION" "$ROOT/tool" "$ROOT/tests/fuzz/CMakeLists.txt" >"$TMP/grep"; then
    fail "a second version source: $(head -1 "$TMP/grep")"
fi

# ---- compare: an option of a method not in --methods is refused ----------
expect 2 "add nameplate to --methods" - -- compare --servers 3
expect 2 "add flops to --methods" - -- compare --methods roofline,ecologits --utilisation 0.3
expect 2 "add ecologits to --methods" - -- compare --methods roofline --latency 3
expect 0 - "^flops @ " -- compare --methods flops,roofline --utilisation 0.3 --format csv
expect 0 - "nameplate @ " -- compare --servers 3 --requests 1M

# ---- --format: the same words on every command ---------------------------
expect 2 "--format 'xml': expected table, json or csv" - -- sources --format xml
expect 2 "--format 'xml': expected table, json or csv" - -- catalog list --format xml
expect 2 "--format 'csv': 'me' prints table or json" - -- me --format csv
expect 2 "--format 'csv': 'report' prints table or json" - -- report --format csv
expect 2 "--format 'xml': expected table, json or csv" - -- whatif --vary batch=1,8 --format xml
expect 0 - '"references"' -- --format json refs list --kind training
expect 2 "unexpected argument 'extra'" - -- mix --profile text-only extra
expect 2 "--kind 'x': expected inference" - -- refs list --kind x

# ---- The request-field table: the range a refusal names is the cap -------
expect 2 "expected a number of draws, 1 to 1000000\$" "-" -- estimate --uncertainty 2000000

# ---- --help: the request options from the field table ------------------
# Each command lists every field it takes, with the table's range, unit and
# default (the hand-written lists had drifted: mix and report lacked
# --market-ci and --wue, agent --engine, estimate the method options).
expect 0 - "^  --market-ci GRAMS" -- help mix
expect 0 - "^  --wue X " -- help report
expect 0 - "^  --engine ID" -- help agent
expect 0 - "^  --utilisation X" -- help estimate
"$AIWATT" help estimate | tr -s ' \n' '  ' | grep -q "1 to 1,000,000 draws; default 10000" ||
    fail "help estimate: --uncertainty's range is not the table's cap"
expect 0 - "^  --agent-steps N .*" -- help agent
expect 0 - "also --steps\]" -- help agent
# Every option a command's help lists is one it takes (a value it refuses
# is fine; an unknown option is not), and the other way round for the
# request fields: the options refused as unknown are none of the help's.
for cmd in estimate mix agent compare fleet train report me; do
    "$AIWATT" help "$cmd" | grep -oE '^  --[a-z][a-z0-9-]*' | sed 's/^  //' | sort -u >"$TMP/opts"
    [ -s "$TMP/opts" ] || fail "help $cmd lists no option"
    while read -r opt; do
        "$AIWATT" "$cmd" "$opt=@" >/dev/null 2>"$TMP/err"
        if grep -q "unknown option" "$TMP/err"; then
            fail "help $cmd lists $opt, which $cmd refuses as unknown"
        fi
    done <"$TMP/opts"
done

# ---- One CSV writer: RFC 4180, quoted only where a field needs it --------
# Each command's CSV is read with Python's csv module and written back with
# minimal quoting: the text must come back byte for byte, every row as long
# as the header.
csv_same() {
    python3 -c '
import csv, io, sys
text = sys.stdin.read()
rows = list(csv.reader(io.StringIO(text)))
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows)
if out.getvalue() != text:
    for a, b in zip(text.splitlines(), out.getvalue().splitlines()):
        if a != b:
            sys.exit("not minimal RFC 4180: " + a[:120])
    sys.exit("differs")
bad = [r for r in rows if len(r) != len(rows[0])]
if bad:
    sys.exit("a row of %d fields under a header of %d" % (len(bad[0]), len(rows[0])))
'
}
while IFS='|' read -r name args; do
    # shellcheck disable=SC2086 # the arguments are words
    if ! "$AIWATT" $args --format csv >"$TMP/csv" 2>"$TMP/err"; then
        fail "$name: exit $?: $(cat "$TMP/err")"
        continue
    fi
    csv_same <"$TMP/csv" 2>"$TMP/why" || fail "$name CSV: $(cat "$TMP/why")"
done <<'EOF_CASES'
estimate|estimate
estimate image|estimate --task image
uncertainty|estimate --uncertainty 200
sensitivity|estimate --sensitivity
mix|mix --profile chatgpt-2025
agent|agent --model gpt-4o --steps 3
compare|compare --datacenters hyperscale,enterprise
fleet|fleet --queries-per-day 1e6 --wh-per-query 0.3
train|train --model gpt-3
refs|refs list
reproduce|reproduce
catalog|catalog list
whatif|whatif --vary batch=1,8,64
EOF_CASES
"$AIWATT" --sysfs-root "$FIX/sysfs/intel-server-2s-dram" sources --format csv >"$TMP/csv" 2>"$TMP/err" ||
    fail "sources csv"
csv_same <"$TMP/csv" 2>"$TMP/why" || fail "sources CSV: $(cat "$TMP/why")"

# Everyday amounts keep their fractions (a year of one query a day is about
# half a kilometre by electric car: it printed "0  x"), and one is singular.
expect 0 - "1 chat query (gpt-4o) and 0 images a day" -- me --queries-per-day 1
expect 0 - "^ *0\.[0-9]*  x a kilometre in an electric car" -- me --queries-per-day 1
expect 0 - "^ *0\.[0-9]* *x a kilometre in an electric car" -- \
    fleet --queries-per-day 1 --wh-per-query 0.3
# The report's "1 Google searches": a catalog whose search costs what the
# text request costs gives exactly 1, in the singular.
text_wh=$("$AIWATT" report --format json | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["requests"][0]["wh"]["facility"])')
printf '{"schema": "aiwatt-catalog/1", "comparisons": [{"id": "google-search-2009",
 "name": "a Google search (2009)", "value": %s, "unit": "Wh", "per": "search",
 "source": "test", "confidence": "estimate"}]}\n' "$text_wh" >"$TMP/search.json"
expect 0 - "text-only chat request .* 1 Google search (2009)$" -- \
    --catalog "$TMP/search.json" report

# Every help text fits an 80-column terminal (examples continue with '\').
for cmd in "" $("$AIWATT" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
    "$AIWATT" help $cmd >"$TMP/help" 2>&1 || fail "aiwatt help $cmd: exit status"
    wide=$(awk 'length($0) > 80 { print length($0) ": " $0 }' "$TMP/help")
    [ -z "$wide" ] || fail "aiwatt help $cmd: lines over 80 columns: $wide"
done
[ "$("$AIWATT" --help | grep -c '^  [a-z][a-z]*  ')" -ge 17 ] || fail "aiwatt --help: commands missing"
finish
