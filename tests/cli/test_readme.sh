# Every command of the README's "Using it" block, run as written (read from
# README.md, so the two cannot drift), with COLUMNS=80: no line over 80
# columns, and no table with printf's exponent form (2.778e+08).
# usage: test_readme.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"
README=$(dirname "$0")/../../README.md
SYSFS=$FIX/sysfs/intel-server-2s-dram

# A line ending in a backslash continues on the next, as in a shell.
sed -n '/^## Using it/,/^```$/p' "$README" | sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' |
    grep -E '^(sudo )?aiwatt ' |
    sed -e 's/^sudo //' -e 's|^aiwatt ||' -e 's/ *#.*$//' >"$TMP/commands"
[ "$(wc -l <"$TMP/commands")" -ge 20 ] || fail "README's 'Using it' block: want 20 commands or more"

# What the block leaves to the reader: their catalog file, their job, a
# machine's counters (a fixture), and monitor's end (--count). serve runs
# until stopped: its own tests cover it.
echo '{}' >"$TMP/my.json"
cat >"$TMP/usage.jsonl" <<'EOF_USAGE'
{"attributes": {"gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 400, "gen_ai.usage.output_tokens": 300}, "startTimeUnixNano": "1748736000000000000"}
{"attributes": {"gen_ai.request.model": "llama-3.1-8b", "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 200}, "startTimeUnixNano": "1748822400000000000"}
EOF_USAGE
cd "$TMP" || exit 1
n=0
while IFS= read -r line; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # the README's words, split as a shell would
    set -- $line
    case "$1" in
    serve) continue ;; # a server: tests/serve runs it
    measure) # shellcheck disable=SC2086
             set -- --sysfs-root "$SYSFS" $(echo "$line" | sed 's|\./my-inference-job|true|') ;;
    monitor) set -- --sysfs-root "$SYSFS" "$@" --count 2 ;;
    sources) set -- --sysfs-root "$SYSFS" "$@" ;;
    esac
    COLUMNS=80 "$AIWATT" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ $rc -eq 0 ] || { fail "aiwatt $line: exit $rc"; cat "$TMP/err"; continue; }
    # Display width, not bytes: a Hangul syllable takes two columns.
    wide=$(cat "$TMP/out" "$TMP/err" | python3 -c '
import sys, unicodedata as u
sys.stdin.reconfigure(encoding="utf-8", errors="replace")
for n, line in enumerate(sys.stdin, 1):
    line = line.rstrip("\n")
    w = sum(0 if u.combining(c) else 2 if u.east_asian_width(c) in "WF" else 1 for c in line)
    if w > 80:
        print(f"{n}: {line}")
        break')
    [ -z "$wide" ] || fail "aiwatt $line: a line over 80 columns: $wide"
    case " $line " in
    *" --format json "*) ;;
    *) if grep -qE '[0-9]e[+-][0-9]' "$TMP/out"; then
           fail "aiwatt $line: scientific notation: $(grep -m1 -E '[0-9]e[+-][0-9]' "$TMP/out")"
       fi ;;
    esac
done <"$TMP/commands"
[ $n -ge 20 ] || fail "read $n commands"
finish
