#!/bin/sh
# The meter never invents energy, through the CLI: a counter that steps back
# during `aiwatt measure` is a reset (no phantom wrap), a counter that
# vanishes keeps what it counted and is reported lost, a FIFO in the tree
# cannot hang `sources`, and a sensor name that is not UTF-8 drops no JSON
# field. Each case was a finding of a hardening pass.
# usage: test_meter_hardening.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

AIWATT_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1
export AIWATT_NVML_LIBRARY
unset AIWATT_SYSFS_ROOT
use_nvml_option

# zone ROOT ZONE NAME ENERGY_UJ RANGE_UJ [MAX_POWER_UW]
zone() {
    mkdir -p "$1/sys/class/powercap/$2"
    echo "$3" >"$1/sys/class/powercap/$2/name"
    echo "$4" >"$1/sys/class/powercap/$2/energy_uj"
    echo "$5" >"$1/sys/class/powercap/$2/max_energy_range_uj"
    [ $# -lt 6 ] || echo "$6" >"$1/sys/class/powercap/$2/constraint_0_max_power_uw"
}

# ---- a step back is a reset, not a 262 kJ wrap --------------------------------
T=$TMP/back
zone "$T" intel-rapl:0 package-0 1000000 262143328850
F=$T/sys/class/powercap/intel-rapl:0/energy_uj
"$AIWATT" --sysfs-root "$T" measure --format json --output "$TMP/back.json" \
    -- sh -c "echo 500000 >'$F'" >"$TMP/out" 2>"$TMP/err"
rc=$?
total=$(json_num total_joules "$TMP/back.json")
if [ $rc -ne 0 ] || ! within "$total" 0 0.001 || ! grep -q '"resets": 1' "$TMP/back.json" ||
    ! grep -q "interval dropped" "$TMP/err"; then
    echo "FAIL: a counter stepping back (rc=$rc, total_joules=$total)"
    cat "$TMP/back.json" "$TMP/err"
    failures=$((failures + 1))
fi

# ---- a counter that vanishes keeps its energy and is reported lost ------------
T=$TMP/lost
zone "$T" intel-rapl:0 package-0 1000000 8000000 50000000
F=$T/sys/class/powercap/intel-rapl:0/energy_uj
"$AIWATT" --sysfs-root "$T" measure --format json --output "$TMP/lost.json" \
    -- sh -c "echo 6000000 >'$F'; sleep 0.3; rm '$F'; sleep 0.1" >"$TMP/out" 2>"$TMP/err"
rc=$?
total=$(json_num total_joules "$TMP/lost.json")
lost=$(json_num lost_at_s "$TMP/lost.json")
if [ $rc -ne 0 ] || ! within "$total" 4.999 5.001 || ! within "${lost:-x}" 0.01 1 ||
    ! grep -q "lost at" "$TMP/err"; then
    echo "FAIL: a vanished counter (rc=$rc, total_joules=$total, lost_at_s=$lost)"
    cat "$TMP/lost.json" "$TMP/err"
    failures=$((failures + 1))
fi

# ---- no counter read: the total is unknown (null), not 0 ----------------------
mkdir -p "$TMP/empty"
"$AIWATT" --sysfs-root "$TMP/empty" measure --format json --output "$TMP/none.json" -- true \
    >"$TMP/out" 2>"$TMP/err"
grep -q '"total_joules": null' "$TMP/none.json" ||
    { echo "FAIL: total_joules not null without counters"; cat "$TMP/none.json";
      failures=$((failures + 1)); }

# ---- a FIFO cannot hang sources -------------------------------------------------
T=$TMP/fifo
zone "$T" intel-rapl:0 package-0 1000000 262143328850
rm "$T/sys/class/powercap/intel-rapl:0/energy_uj"
mkfifo "$T/sys/class/powercap/intel-rapl:0/energy_uj"
expect 0 - "not a regular file" -- --sysfs-root "$T" sources --format json

# ---- a name that is not UTF-8 drops no JSON field ---------------------------------
T=$TMP/utf8
mkdir -p "$T/sys/class/hwmon/hwmon0"
printf 'chip\377\376\n' >"$T/sys/class/hwmon/hwmon0/name"
echo 10000000 >"$T/sys/class/hwmon/hwmon0/power1_input"
expect 0 - '"name": "chip??"' -- --sysfs-root "$T" sources --format json
for field in source path scope kind measures readable counted note; do
    grep -q "\"$field\":" "$TMP/out" || { echo "FAIL: field $field dropped"; failures=$((failures + 1)); }
done

finish
