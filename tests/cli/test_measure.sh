#!/bin/sh
# `aiwatt measure`: the command's exit status passes through; counters that
# advance at known powers (and wrap) while it runs give each domain within
# 2% and a total without double counting; --tokens, --idle, the fake NVML
# GPU, the estimate beside the measurement, and unreadable counters (the
# command still runs, and the fix is printed).
# usage: test_measure.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
FAKE_COUNTERS=$BUILD/fakes/fake_counters
FAKE_NVML=$BUILD/fakes/libfake_nvml.so
# The tests choose their NVML library through AIWATT_NVML_LIBRARY.
use_nvml_option
helper=
trap '[ -n "$helper" ] && kill $helper 2>/dev/null; rm -rf "$TMP"' EXIT

AIWATT_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1
export AIWATT_NVML_LIBRARY
unset AIWATT_SYSFS_ROOT
mkdir -p "$TMP/empty"

# within ACTUAL EXPECTED: |actual - expected| <= 2% of expected
within() {
    awk -v a="$1" -v e="$2" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(a != "" && d <= 0.02 * e) }'
}

# csv_col FILE PATH-SUBSTRING COLUMN: the column of the first CSV row whose
# path (column 4) contains the substring ("total" matches the total row).
csv_col() {
    awk -F, -v p="$2" -v c="$3" 'NR > 1 && (index($4, p) || ($1 == "total" && p == "total")) { print $c; exit }' "$1"
}

# json_top FILE KEY: a top-level number of our own indented JSON.
json_top() { sed -n "s/^  \"$2\": \\([-0-9.e+]*\\),*\$/\\1/p" "$1"; }

# start_counters SECONDS FILE WATTS ...: advances the files in the background
# and waits (while the helper lives) for its "ready" line.
start_counters() {
    "$FAKE_COUNTERS" "$@" >"$TMP/ready" 2>"$TMP/helper.err" &
    helper=$!
    wait_until 120 counters_ready
    [ -s "$TMP/ready" ] || { fail "fake_counters did not start"; cat "$TMP/helper.err"; }
}
counters_ready() { [ -s "$TMP/ready" ] || not_running "$helper"; }
stop_counters() { kill "$helper" 2>/dev/null; wait "$helper" 2>/dev/null; helper=; }
# steady: true when the helper kept time (no gap over 40 ms between its
# writes, i.e. under 2% of the run); on an overloaded machine the fake
# counters themselves are off, and the accuracy checks are skipped.
steady() {
    gap=$(sed -n 's/^max_gap_ms=//p' "$TMP/helper.err")
    if awk -v g="${gap:-1000}" 'BEGIN { exit !(g <= 40) }'; then return 0; fi
    echo "skip: $1 accuracy: the fake counters lagged ${gap:-?} ms (machine overloaded)"
    return 1
}

# ---- the exit status passes through ---------------------------------------
"$AIWATT" --sysfs-root "$TMP/empty" measure -- sh -c 'exit 3' >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 3 ] || { fail "exit status 3 not passed through (rc=$rc)"; show; }
grep -q "exit status 3" "$TMP/out" || fail "report missing after a failing command"
grep -q "no energy counter could be read" "$TMP/err" || fail "no warning without counters"

"$AIWATT" --sysfs-root "$TMP/empty" measure -- sh -c 'kill -TERM $$' >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 143 ] || fail "a command killed by SIGTERM should give 143 (rc=$rc)"

"$AIWATT" --sysfs-root "$TMP/empty" measure -- /nonexistent/command >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 127 ] || fail "a command that cannot run should give 127 (rc=$rc)"
grep -q "cannot run '/nonexistent/command'" "$TMP/err" || { fail "no 'cannot run' message"; show; }
[ -s "$TMP/out" ] && fail "stdout not empty when the command cannot run"

# Options end at the command: its own options are left alone.
"$AIWATT" --sysfs-root "$TMP/empty" measure --format csv sh -c 'exit 0' --format json \
    >"$TMP/out" 2>"$TMP/err" || fail "a command without '--'"

# ---- the report never mixes with the command's stdout -------------------------
"$AIWATT" --sysfs-root "$TMP/empty" measure --format json --output "$TMP/r.json" \
    -- sh -c 'echo hello' >"$TMP/out" 2>"$TMP/err" || fail "measure --output"
[ "$(cat "$TMP/out")" = hello ] || { fail "stdout is not exactly the command's"; show; }
grep -q '"exit_status": 0' "$TMP/r.json" || fail "--output FILE lacks the JSON report"
"$AIWATT" --sysfs-root "$TMP/empty" measure --format csv -- sh -c 'echo hello' \
    >"$TMP/out" 2>"$TMP/err" || fail "measure --format csv"
[ "$(cat "$TMP/out")" = hello ] || { fail "CSV report mixed into stdout"; show; }
grep -q "^total,total," "$TMP/err" || { fail "CSV report not on stderr"; show; }
# A report that cannot be written is an error, not lost in silence.
if [ -w /dev/full ]; then
    "$AIWATT" --sysfs-root "$TMP/empty" measure -- true >/dev/full 2>"$TMP/err"
    rc=$?
    [ $rc -eq 1 ] || fail "a full stdout should fail the run (rc=$rc)"
    grep -q "cannot write the report" "$TMP/err" || { fail "no message for a full stdout"; cat "$TMP/err"; }
fi
"$AIWATT" --sysfs-root "$TMP/empty" measure --output "$TMP/no/such/dir/r.txt" -- true \
    >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] || fail "--output into a missing directory should fail"

# ---- usage errors ------------------------------------------------------------
for args in "measure" "measure --interval 0 -- true" "measure --tokens x -- true" \
    "measure --model llama-3.1-8b -- true" "measure --hardware h100 -- true" \
    "measure --format xml -- true" "measure --idle -1 -- true"; do
    # shellcheck disable=SC2086
    "$AIWATT" $args >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ $rc -eq 2 ] || fail "aiwatt $args: want exit 2, got $rc"
    [ -s "$TMP/out" ] && fail "aiwatt $args wrote to stdout"
done

# ---- client CPU: package, core, uncore, psys, MMIO twin; wraps -------------
desk=$TMP/desk
cp -R "$FIX/sysfs/intel-desktop-psys" "$desk"
pc=$desk/sys/class/powercap
# A 10 J range and 50 W limits: the package wraps every 250 ms at 40 W (six
# times in the run) and is read every 50 ms.
for z in intel-rapl:0 intel-rapl:0:0 intel-rapl-mmio:0; do
    echo 10000000 >"$pc/$z/max_energy_range_uj"
    echo 50000000 >"$pc/$z/constraint_0_max_power_uw"
    echo 50000000 >"$pc/$z/constraint_1_power_limit_uw"
    echo 0 >"$pc/$z/energy_uj"
done
start_counters 20 "$pc/intel-rapl:0/energy_uj" 40 "$pc/intel-rapl:0:0/energy_uj" 25 \
    "$pc/intel-rapl:0:1/energy_uj" 5 "$pc/intel-rapl:1/energy_uj" 60 \
    "$pc/intel-rapl-mmio:0/energy_uj" 40
"$AIWATT" --sysfs-root "$desk" measure --format csv --output "$TMP/out" --tokens 100 -- sleep 2.5 \
    >"$TMP/stdout" 2>"$TMP/err" ||
    { fail "measure on the desktop tree"; show; }
stop_counters
if steady desktop; then
    for case in "intel-rapl:0/ 40" "intel-rapl:0:0/ 25" "intel-rapl:0:1/ 5" "intel-rapl:1/ 60" \
        "intel-rapl-mmio:0/ 40" "total 40"; do
        set -- $case
        w=$(csv_col "$TMP/out" "$1" 9)
        within "$w" "$2" || { fail "desktop $1: $w W, want $2 W within 2%"; show; }
    done
fi
# package only: psys, core/uncore and the MMIO twin are not added.
j=$(csv_col "$TMP/out" total 8)
jpt=$(csv_col "$TMP/out" total 14)
awk -v j="$j" -v t="$jpt" 'BEGIN { d = j / 100 - t; exit !(d < 1e-3 && d > -1e-3) }' ||
    fail "joules_per_token $jpt is not total $j / 100"

# ---- two sockets with dram, a wrapping package, --idle and JSON -----------
srv=$TMP/srv
cp -R "$FIX/sysfs/intel-server-2s-dram" "$srv"
pc=$srv/sys/class/powercap
# 20 J: package-1 wraps every 220 ms at 90 W, and is read every 15 ms (324 W limit).
echo 20000000 >"$pc/intel-rapl:1/max_energy_range_uj"
echo 0 >"$pc/intel-rapl:1/energy_uj"
start_counters 20 "$pc/intel-rapl:0/energy_uj" 100 "$pc/intel-rapl:0:0/energy_uj" 10 \
    "$pc/intel-rapl:1/energy_uj" 90 "$pc/intel-rapl:1:0/energy_uj" 8
"$AIWATT" --sysfs-root "$srv" measure --format json --output "$TMP/out" --idle 1 \
    --tokens 1000 -- sleep 2.5 >"$TMP/stdout" 2>"$TMP/err" || { fail "measure on the server tree"; show; }
stop_counters
for key in duration_s exit_status total_joules total_watts net_joules joules_per_token; do
    grep -q "^  \"$key\": " "$TMP/out" || fail "JSON lacks $key"
done
grep -q '"domains": \[' "$TMP/out" || fail "JSON lacks domains"
grep -q '"source": "rapl"' "$TMP/out" || fail "JSON domains lack source"
grep -q '"wraps": [1-9]' "$TMP/out" || fail "no wrap seen on package-1"
if steady server; then
    tw=$(json_top "$TMP/out" total_watts)
    within "$tw" 208 || { fail "server total $tw W, want 208 W (100 + 10 + 90 + 8)"; show; }
    tj=$(json_top "$TMP/out" total_joules)
    net=$(json_top "$TMP/out" net_joules)
    # Idle ran at the same powers: the net is about zero (the difference of
    # two measurements, each within 2%).
    awk -v n="$net" -v t="$tj" 'BEGIN { if (n < 0) n = -n; exit !(n <= 0.04 * t) }' ||
        fail "net_joules $net should be about 0 (total $tj)"
fi

# ---- the fake NVML GPU, and the estimate for the same work -----------------
AIWATT_NVML_LIBRARY=$FAKE_NVML FAKE_NVML_POWER_W=250 "$AIWATT" --sysfs-root "$TMP/empty" \
    measure --format csv --output "$TMP/out" -- sleep 1 >"$TMP/stdout" 2>"$TMP/err" || { fail "measure with NVML"; show; }
w=$(csv_col "$TMP/out" nvml:0 9)
within "$w" 250 || { fail "GPU: $w W, want 250 W"; show; }
grep -q "too short for NVML" "$TMP/err" || fail "no short-run warning for NVML"

AIWATT_NVML_LIBRARY=$FAKE_NVML "$AIWATT" --sysfs-root "$TMP/empty" measure --format json \
    --output "$TMP/out" --model llama-3.1-8b --tokens 500 -- sleep 0.5 >"$TMP/stdout" 2>"$TMP/err" ||
    { fail "measure --model"; show; }
grep -q '"estimate": {' "$TMP/out" || { fail "no estimate block"; show; }
grep -q '"hardware": "h100-sxm"' "$TMP/out" || fail "NVML name not mapped to h100-sxm"
grep -q '"ratio": [0-9]' "$TMP/out" || fail "no measured/estimated ratio"

AIWATT_NVML_LIBRARY=$FAKE_NVML "$AIWATT" --sysfs-root "$TMP/empty" measure \
    --model llama-3.1-8b --tokens 500 -- sleep 0.2 >"$TMP/out" 2>"$TMP/err"
grep -q "measured/estimated" "$TMP/out" || { fail "table lacks the ratio"; show; }

# --requests R: N tokens from R requests are R estimates of N/R output tokens
# (the remainder spread one token each), never one request of N tokens.
# json_nested FILE KEY: a number four spaces deep in our own indented JSON.
json_nested() { sed -n "s/^    \"$2\": \([-0-9.e+]*\),*\$/\1/p" "$1"; }
one_request() { # OUTPUT_TOKENS: accelerator Wh of one request with no prompt
    "$AIWATT" estimate --model llama-3.1-8b --hardware h100-sxm --input-tokens 0 \
        --output-tokens "$1" --format json >"$TMP/one" || fail "estimate of $1 tokens"
    json_nested "$TMP/one" accelerator
}
# same_wh ACTUAL EXPECTED: equal to 1e-5 (both printed to 6 significant digits)
same_wh() { awk -v a="$1" -v e="$2" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(a != "" && d <= 1e-5 * e) }'; }
for case in "4 400 4*w100" "2 5 w3+w2"; do
    set -- $case
    "$AIWATT" --sysfs-root "$TMP/empty" measure --format json --output "$TMP/out" \
        --model llama-3.1-8b --hardware h100-sxm --requests "$1" --tokens "$2" -- true \
        >"$TMP/stdout" 2>"$TMP/err" || { fail "measure --requests $1 --tokens $2"; show; }
    got=$(json_nested "$TMP/out" accelerator_wh)
    case $3 in
    "4*w100") want=$(awk -v w="$(one_request 100)" 'BEGIN { printf "%.9g", 4 * w }') ;;
    *) want=$(awk -v a="$(one_request 3)" -v b="$(one_request 2)" 'BEGIN { printf "%.9g", a + b }') ;;
    esac
    same_wh "$got" "$want" || fail "--requests $1 --tokens $2: $got Wh, want $want Wh ($3)"
    grep -q "\"requests\": $1," "$TMP/out" || fail "--requests $1 not in the estimate's JSON"
done
"$AIWATT" --sysfs-root "$TMP/empty" measure --model llama-3.1-8b --hardware h100-sxm \
    --requests 1000 --tokens 256k -- true >"$TMP/out" 2>"$TMP/err" || fail "--requests 1000"
grep -q "1,000 requests of 0 input" "$TMP/out" && grep -q "256 output tokens" "$TMP/out" ||
    { fail "--requests in the table"; show; }
# One request of 256k (256,000) tokens is past the model's context: an error.
"$AIWATT" --sysfs-root "$TMP/empty" measure --model llama-3.1-8b --tokens 256k -- true \
    >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] || fail "one request of 256k tokens: want exit 1"
grep -q "context window" "$TMP/err" || { fail "no context-window message"; show; }
for args in "--requests 2 --tokens 5" "--model llama-3.1-8b --requests 6 --tokens 5" \
    "--model llama-3.1-8b --requests 0 --tokens 5" "--model llama-3.1-8b --requests x --tokens 5"; do
    # shellcheck disable=SC2086
    "$AIWATT" --sysfs-root "$TMP/empty" measure $args -- touch "$TMP/ran-requests" \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ $rc -eq 2 ] || fail "measure $args: want exit 2, got $rc"
    grep -q -- "--requests" "$TMP/err" || { fail "measure $args: the message does not name --requests"; show; }
    [ -e "$TMP/ran-requests" ] && fail "measure $args ran the command"
done

# No counter read: the energy per token is unknown, not 0 J.
"$AIWATT" --sysfs-root "$TMP/empty" measure --tokens 1000 -- true >"$TMP/out" 2>"$TMP/err"
grep -q "per token: unknown over 1,000 tokens" "$TMP/out" || { fail "table: per token should be unknown"; show; }
"$AIWATT" --sysfs-root "$TMP/empty" measure --format json --output "$TMP/out" --tokens 1000 -- true 2>"$TMP/err"
grep -q '"joules_per_token": null' "$TMP/out" || { fail "JSON: joules_per_token should be null"; show; }
"$AIWATT" --sysfs-root "$TMP/empty" measure --format csv --output "$TMP/out" --tokens 1000 -- true 2>"$TMP/err"
grep -q '^total,total,,,,1,1,,,,,[0-9.e-]*,0,$' "$TMP/out" || { fail "CSV: the total row should be empty"; show; }

# An unknown model fails before the command runs.
"$AIWATT" --sysfs-root "$TMP/empty" measure --model no-such-model --tokens 5 -- \
    touch "$TMP/ran-unknown" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] || fail "unknown model: want exit 1, got $rc"
[ -e "$TMP/ran-unknown" ] && fail "the command ran despite an unknown model"

# A missing NVML library is reported, and the command still runs.
AIWATT_NVML_LIBRARY=$TMP/missing.so "$AIWATT" --sysfs-root "$TMP/empty" measure -- \
    touch "$TMP/ran-nolib" >"$TMP/out" 2>"$TMP/err" || fail "missing NVML library: exit"
grep -q "cannot load NVML" "$TMP/err" || { fail "missing NVML library not reported"; show; }
[ -e "$TMP/ran-nolib" ] || fail "the command did not run without NVML"

# ---- unreadable counters: the command runs, the fix is printed -------------
perm=$(mktemp -d /tmp/aiwatt-perm-XXXXXX)
chmod 755 "$perm"
cp -R "$FIX/sysfs/laptop-amdgpu-apu" "$perm/root"
mkdir "$perm/out" && chmod 777 "$perm/out"
for f in "$perm"/root/sys/class/powercap/intel-rapl:*/*_uj; do chmod 0400 "$f"; done
run_unprivileged=
if [ "$(id -u)" -ne 0 ]; then
    for f in "$perm"/root/sys/class/powercap/intel-rapl:*/*_uj; do chmod 000 "$f"; done
    run_unprivileged=" "
elif command -v setpriv >/dev/null 2>&1; then
    run_unprivileged="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$run_unprivileged" ]; then
    # shellcheck disable=SC2086
    $run_unprivileged "$REAL_AIWATT" --sysfs-root "$perm/root" measure -- touch "$perm/out/ran" \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ $rc -eq 0 ] || { fail "unreadable counters: exit $rc"; show; }
    [ -e "$perm/out/ran" ] || fail "the command did not run with unreadable counters"
    grep -q "package-0 not measured" "$TMP/err" || { fail "no warning for package-0"; show; }
    grep -q "CVE-2020-8694" "$TMP/err" || fail "no fix printed for energy_uj"
    [ "$(grep -c 'hint: energy_uj' "$TMP/err")" -eq 1 ] || fail "the fix should be printed once"
    grep -q "amdgpu .* yes" "$TMP/out" || { fail "the APU power should be the total"; show; }
else
    echo "skip: running as root without setpriv: cannot test unreadable counters"
fi
rm -rf "$perm"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok"
