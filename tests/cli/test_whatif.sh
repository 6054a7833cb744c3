#!/bin/sh
# CLI contract of `aiwatt whatif`: levers, the table, the ranked cuts, every
# option and its error cases.
# usage: test_whatif.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# The table, the ratio and the ranked summary.
expect 0 - "what would cut this the most" -- whatif --model llama-3.1-70b --vary batch=1,8,64,256
expect 0 - "batch=256" -- whatif --model llama-3.1-70b --vary batch=1,8,64,256
expect 0 - "ratio" -- whatif --vary precision=bf16,fp8
expect 0 - "mixtral-8x7b" -- whatif --vary model=llama-2-70b,mixtral-8x7b,llama-2-13b --hardware h100
expect 0 - "a100-80gb" -- whatif --vary hardware=a100-80gb,h100,b200
expect 0 - "hyperscale" -- whatif --vary datacenter=industry-average,hyperscale
expect 0 - "carbon" -- whatif --vary grid=world,fr,us
expect 0 - "lowest energy" -- whatif --vary batch=8,64 --vary precision=bf16,fp8
expect 0 - "GPU-h" -- whatif --train --model llama-3.1-405b --vary hardware=h100,b200
expect 0 - "gpt-3" -- whatif --train --model gpt-3 --vary pue=1.1,1.5
expect 0 - "usage: aiwatt whatif" -- help whatif
expect 0 - "usage: aiwatt whatif" -- whatif --help
# The levers in the help are the field table's: the serving ones too, in
# the CLI's spelling, wrapped within 80 columns.
expect 0 - "precision, kv-precision," -- help whatif
expect 0 - "batch, engine, tp, ep, pp, power-cap, datacenter" -- help whatif
expect 0 - "grid, market-ci, wue," -- help whatif
"$AIWATT" help whatif | sed -n '/^request levers:/,$p' | awk 'length > 80 { bad = 1 } END { exit bad }' || {
    echo "FAIL: whatif's lever lines are over 80 columns"; failures=$((failures + 1)); }
# Every request lever (base and varied forms).
expect 0 - '"gpus": "4"' -- whatif --model llama-3.1-70b --hardware=h100 --gpus 4 --vary batch=8,64 --format json
expect 0 - '"ratio"' -- whatif --params 47B --vary active-params=47B,13B --gpus 2 --format json
expect 0 - '"task": "reasoning"' -- whatif --vary task=chat,reasoning --format json
expect 0 - '"input_tokens"' -- whatif --vary input-tokens=400,10k --format json
expect 0 - '"output_tokens"' -- whatif --vary output-tokens=100,1000 --format json
expect 0 - '"reasoning_tokens"' -- whatif --task reasoning --vary reasoning-tokens=1k,5k --format json
expect 0 - '"cached_tokens"' -- whatif --input-tokens 10k --vary cached-tokens=0,9k --format json
expect 0 - '"pue"' -- whatif --vary pue=1.1,1.6 --format json
expect 0 - '"wue"' -- whatif --vary wue=0.2,2 --format json
expect 0 - '"method"' -- whatif --vary method=roofline,flops --format json
expect 0 - '"cuts"' -- whatif --vary grid=us,50 --format json
# Every training lever.
expect 0 - '"tokens"' -- whatif --train --model llama-3.1-8b --vary tokens=1T,15T --format json
expect 0 - '"seq_len"' -- whatif --train --model llama-3.1-8b --tokens 1T --vary seq-len=2048,8192 --format json
expect 0 - '"mfu"' -- whatif --train --model llama-3.1-8b --tokens 1T --vary mfu=0.3,0.5 --format json
expect 0 - '"gpu_hours"' -- whatif --train --model llama-3.1-8b --vary gpu-hours=1M,2M --format json
expect 0 - '"overhead"' -- whatif --train --model llama-3.1-8b --tokens 1T --vary overhead=0,0.3 --format json
expect 0 - '"amortise_over"' -- whatif --train --model gpt-3 --vary amortise-over=1B,1T --format json
expect 0 - '"params"' -- whatif --train --tokens 1T --vary params=7B,70B --format json
expect 0 - '"gpus"' -- whatif --train --model llama-3.1-8b --tokens 1T --vary gpus=256,1024 --format json
# CSV: a header with the varied levers.
expect 0 - "^batch,accelerator_wh" -- whatif --vary batch=8,64 --format csv
# A row that does not fit is kept, with its reason.
expect 0 - "do not fit" -- whatif --model llama-3.1-70b --hardware h100 --vary gpus=4,1

# Usage errors (exit 2).
expect 2 "nothing to vary" - -- whatif --model llama-3.1-70b
expect 2 "unknown lever 'bach'" - -- whatif --vary bach=1,2
expect 2 "bad value 'fp7'" - -- whatif --vary precision=bf16,fp7
expect 2 "bad value '0'" - -- whatif --vary batch=0,8
expect 2 "given twice" - -- whatif --batch 8 --vary batch=8,64
expect 2 "not KEY=VALUES" - -- whatif --vary batch
expect 2 "needs a value" - -- whatif --vary
expect 2 "use --vary" - -- whatif --batch 8,64
expect 2 "not a lever of a request" - -- whatif --tokens 1T --vary batch=1,8
expect 2 "not a lever of a training run" - -- whatif --train --batch 8 --vary tokens=1T,2T
expect 2 "unknown option '--bogus'" - -- whatif --bogus 1 --vary batch=1,8
expect 2 "unexpected argument" - -- whatif extra --vary batch=1,8
expect 2 "--format 'xml'" - -- whatif --vary batch=1,8 --format xml
expect 2 "combinations" - -- whatif --vary output-tokens=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 --vary input-tokens=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 --vary batch=1,2

# Failures (exit 1).
expect 1 "unknown model 'llama-3.1-7b'" - -- whatif --vary model=llama-3.1-70b,llama-3.1-7b
expect 1 "did you mean" - -- whatif --vary hardware=h100,h1000
expect 1 "do not fit" - -- whatif --model llama-3.1-70b --hardware h100 --vary gpus=1,4
expect 1 "no training tokens" - -- whatif --train --model qwen2.5-7b --vary pue=1.1,1.2

finish
