#!/bin/sh
# `aiwatt sources` on each fake machine (tests/fixtures/sysfs/<machine>):
# the JSON must match the golden file <machine>.sources.json byte for byte
# (the sysfs_root value, which depends on the checkout, is blanked first).
# AW_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
# usage: test_sources.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
# The tests choose their NVML library through AIWATT_NVML_LIBRARY.
use_nvml_option

# No NVIDIA library: the host's GPUs must not leak into the goldens.
AIWATT_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1
export AIWATT_NVML_LIBRARY
unset AIWATT_SYSFS_ROOT

for machine in intel-desktop-psys intel-server-2s-dram amd-epyc-mirrored laptop-amdgpu-apu; do
    root=$FIX/sysfs/$machine
    golden=$FIX/sysfs/$machine.sources.json
    if ! "$AIWATT" --sysfs-root "$root" sources --format json >"$TMP/raw" 2>"$TMP/err"; then
        fail "sources on $machine exited non-zero"; cat "$TMP/err"; continue
    fi
    sed 's|"sysfs_root": ".*"|"sysfs_root": "ROOT"|' "$TMP/raw" >"$TMP/out"
    if [ "${AW_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$TMP/out" "$golden"
        continue
    fi
    if ! diff -u "$golden" "$TMP/out"; then
        fail "sources --format json on $machine differs from $golden"
    fi
    # The table and CSV views say the same things.
    "$AIWATT" --sysfs-root "$root" sources >"$TMP/table" 2>&1 || fail "table on $machine"
    grep -q "^total adds: " "$TMP/table" || fail "no 'total adds' line on $machine"
    "$AIWATT" --sysfs-root "$root" sources --format csv >"$TMP/csv" 2>&1 || fail "csv on $machine"
    head -1 "$TMP/csv" | grep -q "^source,name,parent,path,scope,kind,readable,counted," ||
        fail "csv header on $machine"
    # The environment variable works like the option.
    AIWATT_SYSFS_ROOT=$root "$AIWATT" sources --format json >"$TMP/env" 2>&1
    cmp -s "$TMP/raw" "$TMP/env" || fail "AIWATT_SYSFS_ROOT differs from --sysfs-root on $machine"
done

# The fake NVML library appears as a GPU.
AIWATT_NVML_LIBRARY=$BUILD/fakes/libfake_nvml.so "$AIWATT" --sysfs-root "$TMP" sources \
    --format json >"$TMP/nvml" 2>&1
grep -q '"name": "gpu0 (NVIDIA H100 80GB HBM3)"' "$TMP/nvml" || { fail "fake GPU not listed"; cat "$TMP/nvml"; }
grep -q '"status": "absent"' "$TMP/nvml" || fail "empty tree: rapl/hwmon not absent"

# A root that does not exist: every sysfs source says so, exit 0.
"$AIWATT" --sysfs-root /nonexistent/root sources >"$TMP/out" 2>&1 || fail "missing root exit"
grep -q "cannot open the sysfs root" "$TMP/out" || fail "missing root message"

# Usage errors exit 2 and print nothing on stdout.
"$AIWATT" sources --format xml >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -s "$TMP/out" ] || fail "--format xml should be a usage error"
"$AIWATT" sources extra >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] || fail "an extra argument should be a usage error"
"$AIWATT" help sources | grep -q "usage: aiwatt sources" || fail "help sources"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok"
