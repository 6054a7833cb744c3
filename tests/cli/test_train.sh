#!/bin/sh
# CLI contract of `aiwatt train`: the published runs, every option and its
# error cases, exit codes, stdout vs stderr, no partial output.
# usage: test_train.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# Presets: the table, the published comparison, households.
expect 0 - "facility" -- train --model gpt-3
expect 0 - "published figures" -- train --model gpt-3
expect 0 - "household" -- train --model gpt-3
expect 0 - "Patterson" -- train --model gpt3
expect 0 - "orders of magnitude" -- train --model gpt-4
expect 0 - "claims in circulation" -- train --model gpt-4
expect 0 - "implied MFU" -- train --model llama-3.1-405b
expect 0 - "accelerator" -- train --model bloom
expect 0 - "h800" -- train --model deepseek-v3
expect 0 - "olmo-2-7b" -- train --model olmo-2-7b
expect 0 - "usage: aiwatt train" -- help train
expect 0 - "usage: aiwatt train" -- train --help

# Acceptance: GPT-3 within 10% of 1,287 MWh from Patterson's conditions.
"$AIWATT" train --model gpt-3 --format json >"$TMP/gpt3.json" 2>/dev/null
fac=$(grep -A4 '"wh"' "$TMP/gpt3.json" | grep -m1 '"facility"' | sed 's/.*: *\([-0-9.eE+]*\).*/\1/')
if ! within "$fac" 1158.3e6 1415.7e6; then
    echo "FAIL: GPT-3 facility $fac Wh is not within 10% of 1,287 MWh"; failures=$((failures + 1))
fi
# Acceptance: Llama 3.1 405B's 30.84M H100-hours within 1.3x from tokens.
"$AIWATT" train --model llama-3.1-405b --tokens 15.6T --hardware h100 --format json >"$TMP/l.json"
gh=$(json_num gpu_hours "$TMP/l.json")
if ! within "$gh" 23.723e6 40.092e6; then
    echo "FAIL: Llama 3.1 405B $gh GPU-hours not within 1.3x of 30.84M"; failures=$((failures + 1))
fi

# JSON contract.
expect 0 - '"flop"' -- train --model gpt-3 --format json
expect 0 - '"gpu_hours"' -- train --model gpt-3 --format json
expect 0 - '"co2_g"' -- train --model gpt-3 --format json
expect 0 - '"water_ml"' -- train --model gpt-3 --format json
expect 0 - '"published"' -- train --model gpt-3 --format json
expect 0 - '"comparisons"' -- train --model gpt-3 --format json
expect 0 - '"compute": "gpus-x-days"' -- train --model gpt-3 --format json
expect 0 - '"compute": "flop"' -- train --model llama-3.1-405b --tokens 15.6T --format json
expect 0 - "^run,model,hardware" -- train --model gpt-3 --format csv

# Every option.
expect 0 - '"tokens": 2e12' -- train --model llama-3.1-8b --tokens 2T --format json
expect 0 - '"model": "custom"' -- train --params 7B --tokens 2T --format json
expect 0 - '"params_active": 1e9' -- train --params 7B --active-params 1B --tokens 2T --format json
expect 0 - '"seq_len": 2048' -- train --model llama-3.1-8b --tokens 1T --seq-len 2048 --format json
expect 0 - '"hardware": "b200"' -- train --model llama-3.1-70b --hardware b200 --format json
expect 0 - '"gpus": 512' -- train --model llama-3.1-8b --tokens 1T --gpus 512 --format json
# A preset on another GPU count: the same GPU-time, a longer run.
expect 0 - '"days": 29.6' -- train --model gpt-3 --gpus 5000 --format json
expect 0 - '"precision": "fp8"' -- train --model llama-3.1-8b --tokens 1T --precision fp8 --format json
expect 0 - '"mfu": 0.5' -- train --model llama-3.1-8b --tokens 1T --mfu 0.5 --format json
expect 0 - '"gpu_hours": 1000' -- train --model llama-3.1-8b --gpu-hours 1000 --format json
expect 0 - '"overhead": 0.2' -- train --model llama-3.1-8b --tokens 1T --overhead 0.2 --format json
expect 0 - '"datacenter": "industry-average"' -- train --model gpt-3 --datacenter industry-average --format json
expect 0 - '"pue": 1.3' -- train --model gpt-3 --pue 1.3 --format json
expect 0 - '"grid_gco2_per_kwh": 50' -- train --model gpt-3 --grid 50 --format json
expect 0 - '"grid": "fr"' -- train --model gpt-3 --grid fr --format json
expect 0 - '"wue_l_per_kwh": 1' -- train --model gpt-3 --wue 1 --format json
expect 0 - '"per_query"' -- train --model llama-3.1-405b --amortise-over 1e12 --format json
expect 0 - "per query, amortised" -- train --model llama-3.1-405b --amortise-over 500B
expect 0 - '"uncertainty"' -- train --model gpt-4 --uncertainty 2000 --format json
expect 0 - '"sensitivity"' -- train --model gpt-4 --sensitivity --format json
expect 0 - "^quantity,p5,p50,p95,mean" -- train --model gpt-4 --uncertainty 1000 --format csv
expect 0 - "sensitivity: facility" -- train --model llama-3.1-405b --tokens 15.6T --sensitivity
# The presets in the catalog (ids shared with models: show SECTION ID).
expect 0 - "gpt-3" -- catalog list training_runs
expect 0 - '^ *system_power_w ' -- catalog show training_runs gpt-3
expect 0 - '"published"' -- catalog show training_run gpt-4 --format json
expect 1 "no training_runs entry 'nope'" - -- catalog show training_runs nope
expect 2 "unknown section 'runz'" - -- catalog show runz gpt-3
# A fixture catalog: the preset and the model.
expect 0 - '"run": "run-days"' -- train --catalog "$FIX/catalog/training.json" --model run-days --format json

# Usage errors: exit 2, naming the option.
expect 2 "give --model" - -- train
expect 2 "--tokens 'abc'" - -- train --model llama-3.1-8b --tokens abc
expect 2 "--tokens '-1T'" - -- train --model llama-3.1-8b --tokens -1T
expect 2 "--mfu '1.5'" - -- train --model gpt-3 --mfu 1.5
expect 2 "--mfu '0'" - -- train --model gpt-3 --mfu 0
expect 2 "--gpus '2.5'" - -- train --model gpt-3 --gpus 2.5
expect 2 "--precision 'fp7'" - -- train --model gpt-3 --precision fp7
expect 2 "--pue '0.9'" - -- train --model gpt-3 --pue 0.9
expect 2 "--overhead" - -- train --model gpt-3 --overhead -1
expect 2 "--gpu-hours" - -- train --model gpt-3 --gpu-hours 0
expect 2 "--amortise-over" - -- train --model gpt-3 --amortise-over x
expect 2 "--format 'xml'" - -- train --model gpt-3 --format xml
expect 2 "not both" - -- train --model gpt-3 --params 7B --tokens 1T
expect 2 "--active-params needs --params" - -- train --model gpt-3 --active-params 7B
expect 2 "--params needs --tokens" - -- train --params 7B
expect 2 "unknown option '--bogus'" - -- train --model gpt-3 --bogus
expect 2 "needs a value" - -- train --model
expect 2 "unexpected argument" - -- train --model gpt-3 extra
expect 2 "--seed needs --uncertainty" - -- train --model gpt-3 --seed 4
expect 2 "not both" - -- train --model gpt-3 --uncertainty --sensitivity --format csv

# Failures: exit 1, the nearest id suggested, the fix named.
expect 1 "unknown model or training run 'gpt-5x'" - -- train --model gpt-5x
expect 1 "did you mean" - -- train --model llama-3.1-40b
expect 1 "no training tokens" - -- train --model qwen2.5-7b
expect 1 "give --tokens" - -- train --model qwen2.5-7b
expect 1 "unknown hardware 'h1000'" - -- train --model gpt-3 --hardware h1000
expect 1 "unknown data centre" - -- train --model gpt-3 --datacenter nowhere
expect 1 "unknown grid 'mars'" - -- train --model gpt-3 --grid mars
expect 1 "training_runs 'run-bad': field 'gpus'" - -- train --catalog "$FIX/catalog/training-bad.json" --model run-bad
expect 1 "text models" - -- train --model flux.1-dev --tokens 1T

finish
