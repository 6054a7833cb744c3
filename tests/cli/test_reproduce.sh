#!/bin/sh
# CLI contract of `aiwatt refs`, `aiwatt reproduce`, `aiwatt fleet`,
# `aiwatt compare` and the top-down methods of `aiwatt estimate`: exit
# codes, stdout vs stderr, messages that name the problem, no partial output.
# usage: test_reproduce.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# The methods of estimate.
expect 0 - "the method's total" -- estimate --method flops
expect 0 - '"total_boundary": "facility"' -- estimate --method flops --format json
expect 0 - '"flop_utilisation": 0.2' -- estimate --method flops --utilisation 0.2 --format json
expect 0 - '"wh_range"' -- estimate --method ecologits --format json
expect 0 - '"latency_s"' -- estimate --method ecologits --latency 5 --format json
expect 0 - '"total_boundary": "it"' -- estimate --method nameplate --hardware a100-80gb --servers 3617 --requests 195M --format json
expect 0 - "^model,task" -- estimate --method ecologits --format csv
expect 1 "needs a fleet size" - -- estimate --method nameplate
expect 2 "--utilisation '1.5'" - -- estimate --method flops --utilisation 1.5
expect 2 "--active-params-range" - -- estimate --method ecologits --active-params-range 132B:44B
expect 2 "--method 'magic'" - -- estimate --method magic

# refs.
expect 0 - "epoch-chatgpt-2025" -- refs list
expect 0 - "https://doi.org/10.1016/j.joule.2023.09.004" -- refs list
expect 0 - '"url"' -- refs list --format json
expect 0 - "^id,kind,value,unit" -- refs list --format csv
expect 0 - "patterson-gpt-3-2021" -- refs list --kind training
expect 0 - "scenario" -- refs show epoch-chatgpt-2025
expect 0 - '"source"' -- refs show inf-03 --format json
expect 1 "did you mean 'epoch-chatgpt-2025'" - -- refs show epoch-chatgpt-2052
expect 2 "give 'list' or 'show ID'" - -- refs
expect 2 "--kind 'opinion'" - -- refs list --kind opinion
expect 1 "references 'no-url': field 'url': missing" - -- refs list --catalog "$FIX/catalog/malformed-references.json"
expect 1 "'url': missing" - -- refs show no-url --catalog "$FIX/catalog/malformed-references.json"

# reproduce.
expect 0 - "reproduced" -- reproduce epoch-chatgpt-2025
expect 0 - "main factor" -- reproduce de-vries-chatgpt-2023
expect 0 - '"estimate_wh"' -- reproduce --format json
expect 0 - '"reason"' -- reproduce epoch-chatgpt-2025 de-vries-chatgpt-2023 --format json
expect 0 - '"url": "https://arxiv.org/abs/2104.10350"' -- reproduce patterson-gpt-3-2021 --format json
expect 0 - "^id,method,published" -- reproduce inf-03 --format csv
expect 0 - '"verdict": "reproduced"' -- reproduce good-ref --catalog "$FIX/catalog/good-reference.json" --format json
expect 1 "unknown reference 'nope'" - -- reproduce nope
expect 1 "has no scenario" - -- reproduce ctx-04
expect 1 "bad-request-reference.json: references 'bad-request-key': scenario.request: \"tokens\": unknown key" - -- reproduce bad-request-key --catalog "$FIX/catalog/bad-request-reference.json"
expect 2 "--format 'xml'" - -- reproduce --format xml

# fleet.
expect 0 - "households" -- fleet --wh-per-query 0.34 --queries-per-day 2.5e9
expect 0 - "per year" -- fleet --wh-per-query altman-chatgpt-2025 --queries-per-day chatgpt-prompts-2025 --years 5
expect 0 - '"share"' -- fleet --wh-per-query 0.3 --queries-per-day 1B --country us --format json
expect 0 - '"per_query_from"' -- fleet --model llama-3.1-70b --queries-per-day 1e9 --format json
expect 0 - "^wh_per_query,queries_per_day" -- fleet --wh-per-query 0.3 --queries-per-day 1e6 --format csv
expect 2 "give --queries-per-day" - -- fleet --wh-per-query 0.3
expect 2 "give one of" - -- fleet --wh-per-query 0.3 --profile x --queries-per-day 1e6
expect 2 "--years '-1'" - -- fleet --wh-per-query 0.3 --queries-per-day 1e6 --years -1
expect 1 "not a count per day" - -- fleet --wh-per-query 0.3 --queries-per-day epoch-chatgpt-2025
expect 1 "not an energy per query" - -- fleet --wh-per-query chatgpt-prompts-2025 --queries-per-day 1e6
expect 1 "no electricity consumption for country 'atlantis'" - -- fleet --wh-per-query 0.3 --queries-per-day 1e6 --country atlantis

# compare.
expect 0 - "ecologits @ hyperscale" -- compare
expect 0 - "Spread at facility" -- compare --model llama-3.1-8b --datacenters hyperscale,industry-average
expect 0 - '"spread"' -- compare --methods roofline,flops --format json
expect 0 - "nameplate @" -- compare --hardware a100-80gb --servers 3617 --requests 195M
expect 0 - "^label,method" -- compare --format csv
expect 2 "--methods: 'magic'" - -- compare --methods roofline,magic
expect 2 "--boundary 'wall'" - -- compare --boundary wall
expect 1 "unknown data centre" - -- compare --datacenters hyperscal

finish
