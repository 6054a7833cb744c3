#!/bin/sh
# Findings of a hardening pass on the CLI, each with the case that showed it:
# `measure` and the job it wraps (signals, exit statuses, SIGCHLD, options
# ending at the command word, privileges under sudo, the NVML library from
# the environment as root), negative net energy, and requests out of range.
# usage: test_hardening.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

export AIWATT_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1
unset AIWATT_SYSFS_ROOT
use_nvml_option
E=$TMP/empty
mkdir -p "$E"
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }

# ---- options end at the command word ------------------------------------------
"$AIWATT" --sysfs-root "$E" measure echo -h >"$TMP/out" 2>"$TMP/err"
[ "$(head -1 "$TMP/out")" = "-h" ] || { bad "'measure echo -h' should run 'echo -h'"; cat "$TMP/out"; }
"$AIWATT" --sysfs-root "$E" measure sh -c 'echo "$@"' sh --catalog x --sysfs-root y \
    >"$TMP/out" 2>"$TMP/err"
[ "$(head -1 "$TMP/out")" = "--catalog x --sysfs-root y" ] ||
    { bad "global options after the command word belong to the command"; cat "$TMP/out" "$TMP/err"; }
expect 0 - "usage: aiwatt measure" -- measure -h

# ---- 126 for a file that is not executable, 127 for none ------------------------
printf 'echo hi\n' >"$TMP/script"
chmod 644 "$TMP/script"
"$AIWATT" --sysfs-root "$E" measure "$TMP/script" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 126 ] || { bad "a non-executable file should give 126 (rc=$rc)"; cat "$TMP/err"; }
grep -q "chmod +x" "$TMP/err" || bad "no hint for a non-executable file"
"$AIWATT" --sysfs-root "$E" measure no-such-command-here >"$TMP/out" 2>"$TMP/err"
[ $? -eq 127 ] || bad "a missing command should give 127"

# ---- SIGCHLD inherited as ignored: the status still comes through ---------------
# (the shell's `trap '' CHLD` is passed on to the command it starts)
sh -c "trap '' CHLD; exec '$AIWATT' --sysfs-root '$E' measure sh -c 'exit 3'" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 3 ] || { bad "with SIGCHLD ignored, exit 3 became $rc"; cat "$TMP/err"; }

# ---- signals sent to aiwatt reach the command; the report follows ---------------
for sig in TERM HUP INT QUIT; do
    rm -f "$TMP/started"
    "$AIWATT" --sysfs-root "$E" measure --format json --output "$TMP/sig.json" \
        -- sh -c "trap 'exit 7' $sig; touch '$TMP/started'; i=0;
                  while [ \$i -lt 400 ]; do sleep 0.05; i=\$((i + 1)); done" \
        >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    wait_until 120 test -e "$TMP/started"
    kill -$sig $pid
    wait_until 60 not_running $pid
    if kill -0 $pid 2>/dev/null; then
        bad "SIG$sig: aiwatt still running (the command did not get it)"
        kill -KILL $pid
    fi
    wait $pid
    rc=$?
    [ $rc -eq 7 ] || { bad "SIG$sig: want the command's status 7, got $rc"; cat "$TMP/err"; }
    grep -q '"exit_status": 7' "$TMP/sig.json" 2>/dev/null ||
        { bad "SIG$sig: no report after the command ended"; cat "$TMP/err"; }
done
# A command that does not catch it dies of it: 128 + 15.
"$AIWATT" --sysfs-root "$E" measure -- sh -c "touch '$TMP/s2'; sleep 30" >"$TMP/out" 2>"$TMP/err" &
pid=$!
wait_until 120 test -e "$TMP/s2"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || bad "a command killed by the passed-on SIGTERM should give 143 (rc=$rc)"
grep -q "exit status 143" "$TMP/out" || { bad "no report after SIGTERM"; cat "$TMP/out"; }

# ---- under sudo the command runs as the invoking user ---------------------------
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    uid=$(id -u nobody)
    gid=$(id -g nobody)
    SUDO_UID=$uid SUDO_GID=$gid SUDO_USER=nobody "$AIWATT" --sysfs-root "$E" measure \
        -- sh -c 'echo "$(id -u) $(id -g) $HOME"' >"$TMP/out" 2>"$TMP/err"
    home=$(getent passwd nobody | cut -d: -f6)
    [ "$(head -1 "$TMP/out")" = "$uid $gid $home" ] ||
        { bad "under sudo the command should run as nobody ($uid $gid $home)"; cat "$TMP/out" "$TMP/err"; }
    SUDO_UID=$uid SUDO_GID=$gid "$AIWATT" --sysfs-root "$E" measure --as-root \
        -- id -u >"$TMP/out" 2>"$TMP/err"
    [ "$(head -1 "$TMP/out")" = 0 ] || bad "--as-root should keep root"
    SUDO_UID=x SUDO_GID=1 "$AIWATT" --sysfs-root "$E" measure -- true >"$TMP/out" 2>"$TMP/err"
    [ $? -eq 1 ] || bad "a malformed SUDO_UID should be refused"

    # AIWATT_NVML_LIBRARY is ignored as root; --nvml-library is taken.
    AIWATT_NVML_LIBRARY=$BUILD/fakes/libfake_nvml.so "$REAL_AIWATT" --sysfs-root "$E" sources \
        --format json >"$TMP/out" 2>"$TMP/err"
    grep -q "AIWATT_NVML_LIBRARY is ignored" "$TMP/err" || bad "no warning for the ignored library"
    grep -q '"path": "nvml:0"' "$TMP/out" && bad "AIWATT_NVML_LIBRARY was loaded as root"
    "$REAL_AIWATT" --sysfs-root "$E" --nvml-library "$BUILD/fakes/libfake_nvml.so" sources \
        --format json >"$TMP/out" 2>"$TMP/err"
    grep -q '"path": "nvml:0"' "$TMP/out" || { bad "--nvml-library not loaded"; cat "$TMP/err"; }
else
    echo "skip: the sudo and NVML-library cases need root"
fi

# ---- a negative net energy is stated -------------------------------------------
T=$TMP/idle
mkdir -p "$T/sys/class/hwmon/hwmon0"
echo amdgpu >"$T/sys/class/hwmon/hwmon0/name"
echo 100000000 >"$T/sys/class/hwmon/hwmon0/power1_input"
"$AIWATT" --sysfs-root "$T" measure --idle 0.3 \
    -- sh -c "echo 10000000 >'$T/sys/class/hwmon/hwmon0/power1_input'; sleep 0.5" \
    >"$TMP/out" 2>"$TMP/err"
grep -q "net energy is negative" "$TMP/err" || { bad "negative net energy not stated"; cat "$TMP/out" "$TMP/err"; }

# ---- requests out of range ---------------------------------------------------------
expect 2 "at most\|1 to 1000000" - -- estimate --uncertainty 1e7
# (the request table bounds the range; the library refuses it too: test_methods)
expect 2 "1000T" - -- estimate --method ecologits --params-range 1:1e300

finish
