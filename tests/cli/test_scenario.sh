#!/bin/sh
# CLI contract of long context, images in, `aiwatt mix`, `aiwatt agent` and
# `aiwatt report`: exit codes, messages, JSON keys, no partial output.
# usage: test_scenario.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

SC="--catalog $FIX/catalog/minimal.json --catalog $FIX/catalog/scenario.json"

# Long context, prompt cache, images in.
expect 0 - '"cached_tokens": 9000' -- estimate --input-tokens 10k --cached-tokens 9k --format json
expect 1 "exceed the" - -- estimate --input-tokens 1000 --cached-tokens 2000
expect 1 "no tokens to compute" - -- estimate --input-tokens 1000 --cached-tokens 1000 --output-tokens 0
expect 2 "--cached-tokens '-1'" - -- estimate --cached-tokens -1
expect 0 - '"image_tokens": 765' -- estimate --images-in 1 --format json
expect 0 - '"image_tokens": 1369' -- estimate --model qwen2.5-vl-7b --images-in 1 --image-size 1024x1024 --format json
expect 1 "no vision encoder" - -- estimate --model llama-3.1-8b --images-in 1
expect 2 "--image-size '1024'" - -- estimate --images-in 1 --image-size 1024
expect 2 "--images-in '-2'" - -- estimate --images-in -2
expect 0 - '"reasoning_tokens": 1000' -- estimate $SC --model vl-10b --hardware test-gpu --task reasoning --format json

# Mix.
expect 0 - "average query" -- mix $SC --profile half-half
expect 0 - '"shares"' -- mix $SC --profile half-half --format json
expect 0 - "^profile,kind" -- mix $SC --profile half-half --format csv
expect 0 - '"pue": 1.5' -- mix $SC --profile half-half --pue 1.5 --format json
expect 1 "profiles 'bad-shares': field 'kinds': shares add up to 0.7000" - -- mix --catalog $FIX/catalog/minimal.json --catalog $FIX/catalog/profile-bad-shares.json --profile bad-shares
expect 1 "profiles 'bad-key' kind 1: \"tokens\": unknown key" - -- mix --catalog $FIX/catalog/profile-bad-key.json --profile bad-key
expect 1 "did you mean 'half-half'" - -- mix $SC --profile half-hal
expect 2 "--profile is required" - -- mix
expect 2 "--pue '0.2'" - -- mix --profile text-only --pue 0.2

# Agent.
expect 0 - "x one default chat request" -- agent --model gpt-4o --steps 5
expect 0 - '"steps"' -- agent --model gpt-4o --steps 3 --format json
expect 0 - "^step,input_tokens" -- agent --model gpt-4o --steps 3 --no-prompt-cache --format csv
expect 2 "--steps is required" - -- agent --model gpt-4o
expect 2 "--model is required" - -- agent --steps 3
expect 2 "--steps '0'" - -- agent --model gpt-4o --steps 0
expect 1 "unknown model" - -- agent --model gpt-40 --steps 3
expect 1 "context window" - -- agent $SC --model dense-10b --hardware test-gpu --steps 200 --tool-tokens 1000
# Every call of the session is served by the replica the request describes,
# its parallel layout included: TP 2 on 8 GPUs (2 x 4 pipeline stages) is
# not the default TP 8.
"$AIWATT" agent --model llama-3.1-70b --gpus 8 --steps 3 --format json >"$TMP/tp8.json"
"$AIWATT" agent --model llama-3.1-70b --gpus 8 --tp 2 --steps 3 --format json >"$TMP/tp2.json"
s8=$(json_num seconds "$TMP/tp8.json"); s2=$(json_num seconds "$TMP/tp2.json")
if [ -z "$s8" ] || [ "$s8" = "$s2" ]; then
    echo "FAIL: agent --tp 2 ignored (seconds $s2, default layout $s8)"; failures=$((failures + 1))
fi

# Report.
expect 0 - "what the numbers say" -- report
expect 0 - '"requests"' -- report --format json
expect 0 - '"comparisons"' -- report --format json
expect 0 - "chart written" -- report --svg "$TMP/chart.svg"
if ! grep -q "<svg" "$TMP/chart.svg" || ! grep -q "</svg>" "$TMP/chart.svg"; then
    echo "FAIL: the SVG chart is not a complete SVG document"; failures=$((failures + 1))
fi
expect 1 "cannot write" - -- report --svg "$TMP/no/such/dir/chart.svg"
expect 2 "--format 'csv'" - -- report --format csv

finish
