#!/bin/sh
# CLI contract of --uncertainty [N], --seed and --sensitivity on `aiwatt estimate`
# (and `train`): output, reproducibility, every error case.
# usage: test_uncertainty.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# p N FILE: the pN of the facility quantiles in an estimate's JSON.
facility_q() {
    sed -n '/"uncertainty"/,$p' "$2" | sed -n '/"facility"/,/}/p' | grep "\"$1\"" |
        sed 's/.*: *\([-0-9.eE+]*\).*/\1/'
}

# Table, JSON and CSV.
expect 0 - "uncertainty: 10,000 draws (seed 1)" -- estimate --uncertainty
expect 0 - "uncertainty: 500 draws (seed 1)" -- estimate --uncertainty 500
expect 0 - "uncertainty: 500 draws (seed 1)" -- estimate --uncertainty=500
expect 0 - "uncertainty: 500 draws (seed 1)" -- estimate --uncertainty 500 --model gpt-4o
expect 0 - "(seed 7)" -- estimate --uncertainty 500 --seed 7
expect 0 - "p95" -- estimate --uncertainty 500
expect 0 - '"uncertainty"' -- estimate --uncertainty 500 --format json
expect 0 - '"p50"' -- estimate --uncertainty 500 --format json
expect 0 - '"inputs"' -- estimate --uncertainty 500 --format json
expect 0 - '"distribution"' -- estimate --uncertainty 500 --format json
expect 0 - "^quantity,p5,p50,p95,mean" -- estimate --uncertainty 500 --format csv
expect 0 - "^facility_wh," -- estimate --uncertainty 500 --format csv
expect 0 - "sensitivity: facility" -- estimate --sensitivity
expect 0 - "batch" -- estimate --sensitivity
expect 0 - '"sensitivity"' -- estimate --sensitivity --format json
expect 0 - '"swing_wh"' -- estimate --sensitivity --format json
expect 0 - "^input,low,value,high" -- estimate --sensitivity --format csv
expect 0 - "sensitivity" -- estimate --uncertainty 500 --sensitivity
expect 0 - '"sensitivity"' -- estimate --uncertainty 500 --sensitivity --format json
expect 0 - "params_active" -- estimate --model gpt-4o --sensitivity
expect 0 - "host_power_w" -- estimate --model llama-3.1-70b --hardware h100 --sensitivity
expect 0 - "p50" -- estimate --model llama-3.1-8b --batch 16 --pue 1.2 --grid 100 --uncertainty 300

# The contract: "uncertainty": {"accelerator"|"server"|"it"|"facility": {p5, p50, p95}},
# p5 < p50 < p95.
"$AIWATT" estimate --uncertainty 2000 --format json >"$TMP/u.json"
p5=$(facility_q p5 "$TMP/u.json"); p50=$(facility_q p50 "$TMP/u.json"); p95=$(facility_q p95 "$TMP/u.json")
if ! awk -v a="$p5" -v b="$p50" -v c="$p95" 'BEGIN { exit !(a > 0 && a < b && b < c) }'; then
    echo "FAIL: facility quantiles not ordered: $p5 $p50 $p95"; failures=$((failures + 1))
fi
for key in accelerator server it facility; do
    if ! sed -n '/"uncertainty"/,$p' "$TMP/u.json" | grep -q "\"$key\": {"; then
        echo "FAIL: uncertainty.$key missing"; failures=$((failures + 1))
    fi
done

# The same seed gives the same output; another seed, another.
"$AIWATT" estimate --uncertainty 3000 --seed 42 --format json >"$TMP/a.json"
"$AIWATT" estimate --uncertainty 3000 --seed 42 --format json >"$TMP/b.json"
"$AIWATT" estimate --uncertainty 3000 --seed 43 --format json >"$TMP/c.json"
if ! cmp -s "$TMP/a.json" "$TMP/b.json"; then
    echo "FAIL: --seed 42 twice gave different output"; failures=$((failures + 1))
fi
if cmp -s "$TMP/a.json" "$TMP/c.json"; then
    echo "FAIL: --seed 42 and 43 gave the same output"; failures=$((failures + 1))
fi
"$AIWATT" train --model gpt-4 --uncertainty 3000 --seed 5 >"$TMP/t1" 2>&1
"$AIWATT" train --model gpt-4 --uncertainty 3000 --seed 5 >"$TMP/t2" 2>&1
if ! cmp -s "$TMP/t1" "$TMP/t2"; then
    echo "FAIL: train --seed 5 twice gave different output"; failures=$((failures + 1))
fi

# mix and fleet: the weighted sum of their requests (fleet: per year).
expect 0 - "uncertainty: 500 draws" -- mix --profile chatgpt-2025 --uncertainty 500
expect 0 - '"uncertainty"' -- mix --profile chatgpt-2025 --uncertainty 500 --format json
expect 0 - "params_total (reasoning)" -- mix --profile chatgpt-2025 --sensitivity
expect 0 - "^input,low" -- mix --profile chatgpt-2025 --sensitivity --format csv
expect 0 - "energies per year" -- fleet --queries-per-day 2.5e9 --uncertainty 500
expect 0 - '"sensitivity"' -- fleet --profile chatgpt-2025 --queries-per-day 1e9 --sensitivity --format json
expect 2 "not --wh-per-query" - -- fleet --wh-per-query 0.34 --queries-per-day 1e9 --uncertainty
expect 2 "--seed needs --uncertainty" - -- mix --profile chatgpt-2025 --seed 3

# Usage errors (exit 2).
expect 2 "--uncertainty '0'" - -- estimate --uncertainty 0
expect 2 "--uncertainty 'lots'" - -- estimate --uncertainty=lots
expect 2 "--uncertainty '20000000'" - -- estimate --uncertainty 20000000
expect 2 "--uncertainty 'x'" - -- estimate --uncertainty x
expect 2 "--seed needs --uncertainty" - -- estimate --seed 3
expect 2 "--seed '-1'" - -- estimate --uncertainty 10 --seed -1
expect 2 "--seed 'abc'" - -- estimate --uncertainty 10 --seed abc
expect 2 "not both" - -- estimate --uncertainty 10 --sensitivity --format csv

# Failures (exit 1): methods other than roofline are not covered.
expect 1 "roofline" - -- estimate --method flops --uncertainty 100
expect 1 "roofline" - -- estimate --method flops --sensitivity

finish
