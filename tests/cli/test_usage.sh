# `aiwatt usage`: the golden cases (usage_golden.sh), then what must hold
# whatever the figures: --per-row rows add up to the aggregated totals,
# --jobs N gives the same bytes as --jobs 1, the totals equal the sum of
# `aiwatt estimate` over the same rows, and option errors.
# usage: test_usage.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
U=$FIX/usage

sh "$(dirname "$0")/usage_golden.sh" "$AIWATT" || fail "usage golden cases"

# Sums of the per-row CSV (status ok or empty) against the aggregated CSV's
# total line, column by column: requests, tokens, the energy ladder, carbon
# both ways, water three ways, embodied. Relative 1e-9 (the totals are
# exact fixed-point sums, the rows are printed with 17 digits).
MAP=model=engine,input_tokens=prompt,output_tokens=answer,day=when,project=team,hardware=gpu,datacenter=site
for args in "otel.jsonl" "openai.jsonl" "litellm.jsonl" "--map $MAP mapped.csv" \
            "malformed.csv" "otel.jsonl openai.jsonl litellm.jsonl"; do
    # shellcheck disable=SC2086
    (cd "$U" && "$AIWATT" usage --per-row $args) >"$TMP/rows.csv" 2>/dev/null
    # shellcheck disable=SC2086
    (cd "$U" && "$AIWATT" usage --format csv $args) >"$TMP/agg.csv" 2>/dev/null
    # per-row columns 8-10 and 12-21; aggregated (row,model,...) columns 3-5
    # and 6-15.
    if ! awk -F, '
        FNR == 1 { next }
        FILENAME == ARGV[1] && ($3 == "ok" || $3 == "empty") {
            for (k = 0; k < 3; k++) s[k] += $(8 + k)
            for (k = 0; k < 10; k++) s[3 + k] += $(12 + k)
            n++
        }
        FILENAME == ARGV[2] && $1 == "total" {
            for (k = 0; k < 13; k++) t[k] = $(3 + k)
            found = 1
        }
        END {
            if (!found || n == 0) exit 1
            for (k = 0; k < 13; k++) {
                d = s[k] - t[k]; if (d < 0) d = -d
                m = t[k] < 0 ? -t[k] : t[k]
                if (d > 1e-9 * m + 1e-12) { print "column " k ": rows " s[k] ", total " t[k]; exit 1 }
            }
        }' "$TMP/rows.csv" "$TMP/agg.csv"; then
        fail "usage --per-row $args: the rows do not add up to the total"
    fi
done

# --jobs: a generated log of 3,000 lines (spans, buckets, unknown models,
# bad rows) read with 1, 2, 3 and 7 threads: identical stdout and stderr.
awk 'BEGIN {
    split("gpt-4o llama-3.1-8b gpt-4o-mini mixtral-8x7b no-such-model", m, " ")
    for (i = 1; i <= 3000; i++) {
        if (i % 97 == 0) { print "{\"model\": \"gpt-4o\", \"input_tokens\": -" i "}"; continue }
        if (i % 131 == 0) { print "{broken"; continue }
        if (i % 50 == 0) { print ""; continue }
        printf "{\"attributes\": {\"gen_ai.request.model\": \"%s\", \"gen_ai.usage.input_tokens\": %d, \"gen_ai.usage.output_tokens\": %d}, \"startTimeUnixNano\": \"%d000000000\", \"user\": \"u%d\"}\n",
            m[i % 5 + 1], 100 + (i * 37) % 900, 50 + (i * 11) % 400, 1748736000 + 86400 * (i % 4), i % 3
    }
}' >"$TMP/big.jsonl"
awk 'BEGIN {
    print "model,input_tokens,output_tokens,requests,day,project"
    split("gpt-4o llama-3.1-70b qwen2.5-7b unknown-x", m, " ")
    for (i = 1; i <= 3000; i++) {
        if (i % 89 == 0) { print "gpt-4o,x,1,1,2025-06-01,p"; continue }
        printf "%s,%d,%d,%d,2025-06-0%d,\"p,%d\"\n", m[i % 4 + 1], 1000 + (i * 53) % 5000,
            100 + (i * 7) % 700, 1 + i % 3, 1 + i % 5, i % 7
    }
}' >"$TMP/big.csv"
for f in big.jsonl big.csv; do
    "$AIWATT" usage --format csv --group-by model,day,project,user "$TMP/$f" \
        >"$TMP/jobs1.out" 2>"$TMP/jobs1.err"
    grep -q '^group,' "$TMP/jobs1.out" || fail "usage $f: no groups"
    [ -s "$TMP/jobs1.err" ] || fail "usage $f: the bad rows were not reported"
    for n in 2 3 7; do
        "$AIWATT" usage --jobs $n --format csv --group-by model,day,project,user "$TMP/$f" \
            >"$TMP/jobsn.out" 2>"$TMP/jobsn.err"
        cmp -s "$TMP/jobs1.out" "$TMP/jobsn.out" || fail "usage --jobs $n $f: stdout differs"
        cmp -s "$TMP/jobs1.err" "$TMP/jobsn.err" || fail "usage --jobs $n $f: stderr differs"
    done
    "$AIWATT" usage --jobs 3 --strict --format csv "$TMP/$f" >"$TMP/strict.out" 2>"$TMP/strict.err"
    [ $? -eq 1 ] && [ ! -s "$TMP/strict.out" ] || fail "usage --jobs 3 --strict $f: want exit 1, no output"
    [ "$(head -1 "$TMP/strict.err")" = "$(head -1 "$TMP/jobs1.err")" ] ||
        fail "usage --jobs 3 --strict $f: not the first bad row"
done
# stdin, and --jobs on stdin (read with one thread): the same figures.
"$AIWATT" usage --jobs 4 --format csv - <"$TMP/big.csv" >"$TMP/stdin.out" 2>/dev/null
"$AIWATT" usage --format csv "$TMP/big.csv" >"$TMP/file.out" 2>/dev/null
cmp -s "$TMP/stdin.out" "$TMP/file.out" || fail "usage - (stdin) differs from the file"

# The totals equal the sum of `aiwatt estimate` over the same rows (estimate
# prints 6 significant digits: relative 1e-5).
cat >"$TMP/four.csv" <<'EOF_FOUR'
model,input_tokens,output_tokens
gpt-4o,400,300
llama-3.1-8b,1000,200
mixtral-8x7b,3000,500
gpt-4o,50,1200
EOF_FOUR
: >"$TMP/est.csv"
tail -n +2 "$TMP/four.csv" | while IFS=, read -r model tin tout; do
    "$AIWATT" estimate --model "$model" --input-tokens "$tin" --output-tokens "$tout" \
        --format csv | tail -1 >>"$TMP/est.csv"
done
head -1 "$TMP/four.csv" >/dev/null
hdr=$("$AIWATT" estimate --format csv | head -1)
"$AIWATT" usage --format csv "$TMP/four.csv" >"$TMP/four.out"
if ! awk -F, -v hdr="$hdr" '
    BEGIN { n = split(hdr, h, ","); for (k = 1; k <= n; k++) col[h[k]] = k }
    FILENAME == ARGV[1] {
        e[0] += $(col["facility_wh"]); e[1] += $(col["co2_g"]); e[2] += $(col["water_ml"])
        e[3] += $(col["embodied_co2_g"]); e[4] += $(col["co2_market_g"]); rows++
    }
    FILENAME == ARGV[2] && $1 == "total" { u[0] = $9; u[1] = $10; u[2] = $12; u[3] = $15; u[4] = $11 }
    END {
        if (rows != 4) exit 1
        for (k = 0; k < 5; k++) {
            d = e[k] - u[k]; if (d < 0) d = -d
            if (!(u[k] > 0) || d > 1e-5 * u[k]) { print "figure " k ": estimates " e[k] ", usage " u[k]; exit 1 }
        }
    }' "$TMP/est.csv" "$TMP/four.out"; then
    fail "usage totals differ from the sum of aiwatt estimate over the rows"
fi

# Option errors: exit 2, nothing on stdout, a message naming the problem.
expect 2 "expected a whole number from 1 to 256" - -- usage --jobs 0 "$U/small.csv"
expect 2 "leave --jobs out" - -- usage --per-row --jobs 2 "$U/small.csv"
expect 2 "not a table" - -- usage --per-row --format table "$U/small.csv"
expect 2 "unknown field 'colour'" - -- usage --map colour=x "$U/small.csv"
expect 2 "expected FIELD=COLUMN" - -- usage --map model "$U/small.csv"
expect 2 "expected table, json or csv" - -- usage --format xml "$U/small.csv"
expect 1 "cannot read" - -- usage "$U/no-such-file.csv"
# A request field --map names that the header lacks: every row is refused.
expect 0 "no column 'gpu'" "0 rows, 3 bad" -- usage --map hardware=gpu "$U/small.csv"
finish
