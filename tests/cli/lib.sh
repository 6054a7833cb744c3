# Shared by the CLI test scripts (tests/cli/test_*.sh), which ctest runs as
#   sh test_NAME.sh AIWATT FIXTURES BUILD_DIR
# Source it, write `expect` cases, end with `finish`.
set -u
AIWATT=$1
FIX=$2
BUILD=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

# expect EXIT PATTERN-ON-STDERR(or -) PATTERN-ON-STDOUT(or -) -- ARGS...
# Runs aiwatt ARGS; checks the exit status and that each pattern (grep) is
# found. A failing command must write nothing to stdout.
expect() {
    want_rc=$1; err_pat=$2; out_pat=$3; shift 4
    "$AIWATT" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    ok=1
    [ "$rc" -eq "$want_rc" ] || ok=0
    if [ "$err_pat" != "-" ] && ! grep -q -- "$err_pat" "$TMP/err"; then ok=0; fi
    if [ "$out_pat" != "-" ] && ! grep -q -- "$out_pat" "$TMP/out"; then ok=0; fi
    if [ "$want_rc" -ne 0 ] && [ -s "$TMP/out" ]; then ok=0; fi
    if [ $ok -eq 0 ]; then
        echo "FAIL: aiwatt $* (rc=$rc, want $want_rc)"
        echo "--- stdout"; head -20 "$TMP/out"; echo "--- stderr"; cat "$TMP/err"
        failures=$((failures + 1))
    fi
}

# fail MESSAGE: a check that failed (counted; `finish` reports them).
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# wait_until SECONDS CMD...: runs CMD every 50 ms until it succeeds; false
# after SECONDS of wall time. Deadlines are in wall time, never in counts of
# sleeps: on a loaded CI machine a helper once took over 5 s to start.
wait_until() {
    deadline=$(($(date +%s) + $1)); shift
    until "$@"; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# not_running PID: the process has ended.
not_running() { ! kill -0 "$1" 2>/dev/null; }

# show: what the last command wrote to $TMP/out and $TMP/err.
show() { echo "--- stdout"; cat "$TMP/out"; echo "--- stderr"; cat "$TMP/err"; }

# json_num KEY FILE: the first number after "KEY": in FILE.
json_num() {
    grep -m1 "\"$1\":" "$2" | sed 's/.*: *\([-0-9.eE+]*\).*/\1/'
}

# within VALUE LOW HIGH: LOW <= VALUE <= HIGH (awk does the floats).
within() {
    awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'
}

# use_nvml_option: run as root (CI), aiwatt ignores AIWATT_NVML_LIBRARY (a
# library is code; under sudo -E the environment is someone else's). This
# points AIWATT at a wrapper that passes the variable on the command line as
# --nvml-library, which aiwatt takes; REAL_AIWATT is the binary itself.
use_nvml_option() {
    REAL_AIWATT=$AIWATT
    AIWATT=$TMP/aiwatt
    cat >"$AIWATT" <<WRAPPER
#!/bin/sh
if [ -n "\${AIWATT_NVML_LIBRARY:-}" ]; then
    exec "$REAL_AIWATT" --nvml-library "\$AIWATT_NVML_LIBRARY" "\$@"
fi
exec "$REAL_AIWATT" "\$@"
WRAPPER
    chmod +x "$AIWATT"
}

# finish: the summary line and the exit status.
finish() {
    if [ $failures -ne 0 ]; then
        echo "$failures CLI case(s) failed"
        exit 1
    fi
    echo "all CLI cases passed"
    exit 0
}
