#!/bin/sh
# CLI contract of `aiwatt estimate` and `aiwatt catalog`: exit codes, stdout
# vs stderr, messages that name the problem and the fix, no partial output.
# usage: test_estimate.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# The default request: a table with the four boundaries.
expect 0 - "facility" -- estimate
expect 0 - "accelerator" -- estimate
expect 0 - '"facility"' -- estimate --format json
expect 0 - "^model,task,hardware" -- estimate --format csv
expect 0 - "aiwatt " -- --version
expect 0 - "usage: aiwatt estimate" -- help estimate
expect 0 - "usage: aiwatt estimate" -- estimate --help
expect 0 - '"it"' -- estimate --model llama-3.1-70b --hardware h100 --gpus 4 --batch 64 --output-tokens 350 --format json
expect 0 - "custom" -- estimate --params 70B --format json
expect 0 - "custom" -- estimate --params 1.8T --active-params 280B --hardware h200
expect 0 - "reasoning" -- estimate --task reasoning --reasoning-tokens 3k
expect 0 - "fp8" -- estimate --model llama-3.1-8b --precision fp8
expect 0 - '"grid_gco2_per_kwh": 50' -- estimate --grid 50 --format json
# A hybrid Mamba-2/attention model: its recurrent state, 27 layers x 128
# heads x 80 x 128 x 4 B = 141,557,760 B per sequence, is shown and counted;
# a transformer has none.
expect 0 - '"state_bytes_per_sequence": 1.41558e8' -- estimate --model nemotron-nano-9b-v2 --hardware h100 --format json
expect 0 - "and 142 MB of$" -- estimate --model nemotron-nano-9b-v2 --hardware h100
expect 0 - '"state_bytes_per_sequence": 0' -- estimate --model llama-3.1-8b --format json
# The state's element size (16 or 32 bits, the engine's choice) is uncertain.
expect 0 - "^  ssm_state_bytes  *2  *4 " -- estimate --model nemotron-nano-9b-v2 --hardware h100 --sensitivity

# Usage errors: exit 2, message names the option.
expect 2 "--output-tokens '-5'" - -- estimate --output-tokens -5
expect 2 "--input-tokens 'abc'" - -- estimate --input-tokens abc
expect 2 "--gpus '0'" - -- estimate --gpus 0
expect 2 "--batch" - -- estimate --batch -1
expect 2 "--precision 'fp7'" - -- estimate --precision fp7
expect 2 "--format 'xml'" - -- estimate --format xml
expect 2 "unknown option '--bogus'" - -- estimate --bogus
expect 2 "--pue '0.8'" - -- estimate --pue 0.8
expect 2 "not both" - -- estimate --model gpt-4o --params 7B
expect 2 "unknown command 'estimat'" - -- estimat
expect 2 "needs a value" - -- estimate --model

# Failures: exit 1, the nearest id suggested, the fix named.
expect 1 "unknown model 'llama-3.1-7b'" - -- estimate --model llama-3.1-7b
expect 1 "did you mean 'llama-3.1-" - -- estimate --model llama-3.1-7b
expect 1 "did you mean 'gpt-4o'" - -- estimate --model gpt4o
expect 1 "did you mean 'h100" - -- estimate --hardware h1000
expect 1 "unknown data centre" - -- estimate --datacenter hyperscal
expect 1 "unknown grid 'mars'" - -- estimate --grid mars
expect 1 "do not fit" - -- estimate --model llama-3.1-405b --hardware h100 --gpus 2
expect 1 "use --gpus" - -- estimate --model llama-3.1-405b --hardware h100 --gpus 2
expect 1 "context window" - -- estimate --model llama-3.1-8b --input-tokens 200k

# Catalog.
expect 0 "-" "h100-sxm" -- catalog list hardware
expect 0 "-" '^  source  *Dense peaks' -- catalog show h100
expect 0 "-" '"source"' -- catalog show h100 --format json
expect 0 "-" '"models"' -- catalog list models --format json
expect 1 "no catalog entry" - -- catalog show h1000
expect 2 "unknown section" - -- catalog list gpus
# A user catalog merged over the default.
expect 0 - '"pue": 1.5' -- estimate --catalog "$FIX/catalog/override.json" --grid clean --format json
expect 0 - "clean" -- catalog list grids --catalog "$FIX/catalog/override.json"
expect 1 "malformed-syntax.json:1:" - -- estimate --catalog "$FIX/catalog/malformed-syntax.json"
expect 1 "idle_power_w" - -- catalog list --catalog "$FIX/catalog/bad-range.json"
expect 1 "cannot open" - -- estimate --catalog "$FIX/catalog/nope.json"

# Output for people (tool/table.c): a range next to the figures, --format
# before the command word, --precise for every digit, options of another
# method refused.
expect 0 - "p5-p95" -- estimate
expect 0 - "^  facility  *0.23 Wh  *0.16-0.4 Wh" -- estimate
expect 0 - '"facility": 0.233254' -- --format json estimate
expect 0 - "^model,task" -- --format=csv estimate
expect 0 - "0\.2332543890" -- --precise estimate
expect 2 "--utilisation is an option of --method flops" - -- estimate --utilisation 0.5
expect 2 "add --method nameplate" - -- estimate --method flops --servers 3
expect 2 "add --method ecologits" - -- fleet --queries-per-day 1e9 --latency 3
expect 2 "'catalog show' prints table or json" - -- catalog show h100 --format csv

finish
