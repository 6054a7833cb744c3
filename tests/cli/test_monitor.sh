#!/bin/sh
# `aiwatt monitor`: one line per interval with each readable domain's power
# and the total, --count to stop, SIGINT to stop cleanly (exit 0), and a
# clear error when nothing can be read.
# usage: test_monitor.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
# The tests choose their NVML library through AIWATT_NVML_LIBRARY.
use_nvml_option

AIWATT_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1
export AIWATT_NVML_LIBRARY
unset AIWATT_SYSFS_ROOT
root=$FIX/sysfs/intel-server-2s-dram
mkdir -p "$TMP/empty"

# Table: a header and --count lines; the static fixture draws 0 W, and the
# ACPI meter reads a constant 412 W.
"$AIWATT" --sysfs-root "$root" monitor --wide --interval 50 --count 3 >"$TMP/out" 2>"$TMP/err" ||
    { fail "monitor --count 3"; show; }
[ "$(wc -l <"$TMP/out")" -eq 5 ] || { fail "want units, a header and 3 lines"; show; }
head -1 "$TMP/out" | grep -q "W; time since start, s" || { fail "no units above the header"; show; }
sed -n 2p "$TMP/out" | grep -q "package-0/dram" || { fail "header lacks package-0/dram"; show; }
sed -n 3p "$TMP/out" | grep -q " 412.00 " || { fail "power_meter should read 412 W"; show; }

# At 80 columns the table fits: the uncounted power meter's column goes
# first, and a note says so (and that --wide shows it).
COLUMNS=80 "$AIWATT" --sysfs-root "$root" monitor --interval 50 --count 2 >"$TMP/out" 2>"$TMP/err" ||
    { fail "monitor at 80 columns"; show; }
awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$TMP/out" || { fail "a line over 80 columns"; show; }
grep -q "not shown, for the width: power_meter" "$TMP/out" || { fail "no note of the hidden column"; show; }
grep -q "package-1/dram" "$TMP/out" || { fail "a counted domain was hidden"; show; }

# CSV and JSON lines.
"$AIWATT" --sysfs-root "$root" monitor --interval 20 --count 2 --format csv >"$TMP/out" 2>/dev/null ||
    fail "monitor csv"
head -1 "$TMP/out" | grep -q "^time_s,package-0,package-0/dram,package-1,package-1/dram,power_meter,total$" ||
    { fail "csv header"; show; }
"$AIWATT" --sysfs-root "$root" monitor --interval 20 --count 2 --format json >"$TMP/out" 2>/dev/null ||
    fail "monitor json"
[ "$(grep -c '^{"time_s":.*"total_watts":.*"watts":{' "$TMP/out")" -eq 2 ] ||
    { fail "json lines"; show; }

# The fake GPU at 120 W: the mean over each interval.
AIWATT_NVML_LIBRARY=$BUILD/fakes/libfake_nvml.so FAKE_NVML_POWER_W=120 "$AIWATT" \
    --sysfs-root "$TMP/empty" monitor --interval 200 --count 2 --format csv >"$TMP/out" 2>"$TMP/err"
awk -F, 'NR > 1 { d = $NF - 120; if (d < 0) d = -d; if (d > 2.4) bad = 1 } END { exit bad }' "$TMP/out" ||
    { fail "GPU power should be 120 W"; show; }

# SIGINT ends it cleanly.
"$AIWATT" --sysfs-root "$root" monitor --interval 50 >"$TMP/out" 2>"$TMP/err" &
pid=$!
# Wait for the first line rather than a fixed time: on a loaded machine the
# process may not have installed its handler yet, and a background job of a
# non-interactive shell starts with SIGINT ignored.
two_lines() { [ "$(wc -l <"$TMP/out")" -ge 2 ]; }
wait_until 120 two_lines
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || { fail "SIGINT should end monitor with 0, got $rc"; show; }
[ "$(wc -l <"$TMP/out")" -ge 3 ] || { fail "no line before SIGINT"; show; }
# The summary of the whole run: energy, mean power, duration (the static
# counters draw 0 W; the power meter is listed, not counted).
tail -1 "$TMP/out" | grep -q "^  [0-9.,]* m\{0,1\}s: 0 J in total, 0 W mean" || { fail "no summary after SIGINT"; show; }

# SIGTERM too, and the JSON summary line.
"$AIWATT" --sysfs-root "$root" monitor --interval 50 --format json >"$TMP/out" 2>"$TMP/err" &
pid=$!
wait_until 120 test -s "$TMP/out"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || { fail "SIGTERM should end monitor with 0, got $rc"; show; }
tail -1 "$TMP/out" | grep -q '^{"summary":{"duration_s":.*"total_joules":.*"total_watts":' ||
    { fail "no JSON summary after SIGTERM"; show; }

# Nothing readable: exit 1 with a pointer to `aiwatt sources`.
"$AIWATT" --sysfs-root "$TMP/empty" monitor --count 1 >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] || fail "no counter: want exit 1, got $rc"
grep -q "aiwatt sources" "$TMP/err" || { fail "no hint to 'aiwatt sources'"; show; }

# Usage errors.
"$AIWATT" monitor --interval 1 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--interval 1 should be a usage error"
"$AIWATT" monitor --count 0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--count 0 should be a usage error"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok"
