#!/bin/sh
# usage_throughput.sh - `aiwatt usage` read speed on a generated log of each
# format (CSV, OpenTelemetry JSON lines), MB/s on one core and with --jobs,
# and the ratio to `wc -l` on the same file (the floor: reading the bytes
# and finding the newlines). Timings are reported, never asserted.
#
# usage: bench/usage_throughput.sh [BUILD_DIR] [SIZE_MB]
#   SIZE_MB defaults to 1024 (USAGE_BENCH_MB overrides). The files are
#   written under ${TMPDIR:-/tmp} and deleted at the end.
#
# Three token mixes per format: "repeated", 320 distinct requests (the
# parsing cost alone: every row after the first few is a cache hit);
# "varied", 30,000 distinct requests, all held by the estimate cache; and
# "unique", where every row is a request never seen before, as in a log of
# raw token counts: each row costs one estimate (about 1 us), so this mix
# runs on at most 64 MB. No shortcut stands in for that estimate: for a
# fixed model and site, energy is not affine in the token counts (prefill
# chunks share decode steps, attention reads grow with the context, the
# batch is bounded by KV-cache room), e.g. gpt-4o on the defaults gives
# 0.1227, 0.2121, 0.3144 Wh at 1000, 2000, 3000 tokens in (100 out) and
# 0.2495 Wh at 2000 in, 200 out where an affine fit of the others gives
# 0.2984 Wh; so usage totals stay the sum of per-request estimates.
set -eu
BUILD=${1:-build/release}
MB=${2:-${USAGE_BENCH_MB:-1024}}
AIWATT="$BUILD/aiwatt"
[ -x "$AIWATT" ] || { echo "usage_throughput.sh: no $AIWATT; build first" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/aiwatt-usage-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM
JOBS=$(nproc 2>/dev/null || echo 1)

# A 16 MiB block of rows, repeated to SIZE_MB.
block() { # FORMAT MIX
    awk -v fmt="$1" -v mix="$2" 'BEGIN {
        split("gpt-4o llama-3.1-8b gpt-4o-mini llama-3.1-70b mixtral-8x7b", m, " ")
        if (fmt == "csv") print "model,input_tokens,output_tokens,day,project,user"
        bytes = 0
        for (i = 1; bytes < 16 * 1048576; i++) {
            if (mix == "varied") { tin = 20 + (i * 7919) % 6000; tout = 10 + (i * 104729) % 1500 }
            else if (mix == "unique") { tin = 20 + i % 20011; tout = 10 + (i * 7) % 4001 }
            else { tin = 100 * (1 + i % 8); tout = 50 * (1 + int(i / 8) % 8) }
            model = m[1 + i % 5]; day = 1748736000 + 86400 * (i % 30)
            if (fmt == "csv")
                line = sprintf("%s,%d,%d,%d,proj-%d,user-%d", model, tin, tout, day, i % 7, i % 101)
            else
                line = sprintf("{\"traceId\": \"%032x\", \"name\": \"chat %s\", \"startTimeUnixNano\": \"%d000000000\", \"attributes\": {\"gen_ai.provider.name\": \"openai\", \"gen_ai.request.model\": \"%s\", \"gen_ai.usage.input_tokens\": %d, \"gen_ai.usage.output_tokens\": %d, \"user\": \"user-%d\"}}",
                               i, model, day, model, tin, tout, i % 101)
            print line
            bytes += length(line) + 1
        }
    }'
}

# seconds CMD...: CPU seconds (user + system) of CMD, output discarded; on
# a shared machine the CPU time is what one core spends, whatever else
# runs. With --jobs, the wall-clock seconds instead (cores at once).
seconds() {
    if [ "$1" = wall ]; then
        shift
        s=$(date +%s.%N)
        "$@" >/dev/null 2>>"$DIR/err"
        e=$(date +%s.%N)
        echo "$s $e" | awk '{ printf "%.3f", $2 - $1 }'
    elif [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$DIR/time" "$@" >/dev/null 2>>"$DIR/err"
        awk '{ printf "%.3f", $1 + $2 }' "$DIR/time"
    else
        seconds wall "$@"
    fi
}

printf '%-6s %-9s %6s %11s %11s %6s %12s\n' format mix MB "wc -l MB/s" "usage MB/s" "ratio" "jobs=$JOBS MB/s"
for fmt in csv jsonl; do
    for mix in repeated varied unique; do
        f="$DIR/log.$fmt"
        block "$fmt" "$mix" >"$DIR/block"
        : >"$f"
        if [ "$fmt" = csv ]; then
            head -1 "$DIR/block" >"$f"
            tail -n +2 "$DIR/block" >"$DIR/rows"
            mv "$DIR/rows" "$DIR/block"
        fi
        n=$((MB / 16))
        [ "$mix" = unique ] && [ $n -gt 4 ] && n=4
        [ $n -ge 1 ] || n=1
        i=0
        while [ $i -lt $n ]; do cat "$DIR/block" >>"$f"; i=$((i + 1)); done
        rm -f "$DIR/block"
        size=$(wc -c <"$f")
        cat "$f" >/dev/null # into the page cache, for both readers
        t_wc=$(seconds wc -l "$f")
        t_u=$(seconds "$AIWATT" usage --format json "$f")
        t_j=$(seconds wall "$AIWATT" usage --jobs "$JOBS" --format json "$f")
        echo "$fmt $mix $size $t_wc $t_u $t_j" | awk '{
            mb = $3 / 1e6
            printf "%-6s %-9s %6.0f %11.0f %11.0f %6.1f %12.0f\n", $1, $2, mb, mb / $4, mb / $5,
                   $5 / $4, mb / $6 }'
        rm -f "$f"
    done
done
[ -s "$DIR/err" ] && echo "warning: $(wc -l <"$DIR/err") lines on stderr (bad rows?)"
echo "(MB/s per core: bytes / CPU seconds, one thread; ratio: usage CPU time / wc -l"
echo " CPU time on the same file; jobs=N: bytes / wall seconds; MB = 10^6 bytes)"
