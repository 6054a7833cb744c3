#!/bin/sh
# The request-field table from the CLI: every command refuses the same
# values with the same message (the library's), exit 2, nothing on stdout.
# usage: test_request.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# One PUE range (1.0-5.0) for estimate, train, mix, agent and whatif.
for cmd in "estimate" "train --model gpt-3" "mix --profile chatgpt-2025" \
           "agent --model gpt-4o --steps 2" "report"; do
    # shellcheck disable=SC2086
    expect 2 "--pue '5.5': expected a ratio from 1.0 to 5.0" - -- $cmd --pue 5.5
    # shellcheck disable=SC2086
    expect 2 "--grid '2500': expected a grid id or 0-2000 gCO2e/kWh" - -- $cmd --grid 2500
    # shellcheck disable=SC2086
    expect 2 "--wue '30': expected 0-20 L/kWh" - -- $cmd --wue 30
done
expect 2 "lever 'pue': bad value '5.5'" - -- whatif --vary pue=1.1,5.5
expect 2 "a ratio from 1.0 to 5.0" - -- whatif --vary pue=1.1,5.5
expect 2 "bad value '5.5': expected a ratio from 1.0 to 5.0" - -- whatif --pue 5.5 --vary batch=8,64
# Counts are bounded before any conversion to an integer.
expect 2 "--image-size '4294968320x1024': expected WIDTHxHEIGHT" - -- estimate --images-in 1 --image-size 4294968320x1024
expect 2 "--input-tokens '2e8': expected a whole number of tokens, 0 to 100M" - -- estimate --input-tokens 2e8
expect 2 "--gpus '1e12'" - -- train --model gpt-3 --gpus 1e12
expect 2 "--params-range '440:440'" - -- estimate --method ecologits --params-range 440:440
expect 2 "--params-range '1B:1e16'" - -- estimate --method ecologits --params-range 1B:1e16
expect 2 "--input-tokens '0x10'" - -- estimate --input-tokens 0x10
expect 2 "--steps '0'" - -- agent --model gpt-4o --steps 0
expect 2 "--steps is required" - -- agent --model gpt-4o
expect 2 "--seed needs --uncertainty" - -- estimate --seed 3
expect 2 "--amortize-over 'x'" - -- train --model gpt-3 --amortize-over x
# Every option takes --name=VALUE too.
expect 0 - '"output_tokens": 123' -- estimate --output-tokens=123 --format json
expect 0 - '"samples": 50' -- estimate --uncertainty=50 --format json
expect 0 - '"samples": 60' -- estimate --uncertainty 60 --format json
finish
