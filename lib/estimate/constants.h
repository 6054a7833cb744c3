/*
 * constants.h - the default constants of the roofline estimator.
 *
 * Each is documented, with its source and how it was calibrated, in
 * docs/methodology.md, section 2. Those marked FITTED were fitted once,
 * globally (never per model or GPU), on the 386 ML.ENERGY v3 serving
 * configurations of tests/cases/mlenergy-v3-llm.csv, and cross-validated
 * leaving one model family out (bench/calibration.c); the serving engines'
 * costs are in data/engines.json.
 */
#ifndef AIWATT_ESTIMATE_CONSTANTS_H
#define AIWATT_ESTIMATE_CONSTANTS_H

/* Achieved / peak memory bandwidth of a memory-bound operator (weight
 * GEMV, KV reads). Literature range 0.6-0.9 (llm-analysis treats 0.9 as
 * aggressive); 0.8 is where the calibration (docs/methodology.md 2.7) puts
 * it when left free (0.78), fixed at the round value. */
#define AW_MBU 0.8
/* Achieved / peak FLOP/s of a compute-bound operator (weight GEMMs of large
 * batches, prefill chunks): literature 0.4-0.7; the calibration puts it at
 * 0.54-0.55 when left free, fixed at 0.55. The same value for prefill. */
#define AW_MFU_PREFILL 0.55
#define AW_MFU_DECODE 0.55
/* How far an operator's memory traffic and its arithmetic overlap: it takes
 * (t_mem^p + t_comp^p)^(1/p), the larger of the two far from the roofline's
 * ridge, more near it, where a decode GEMM reaches neither peak; p = 1 is
 * no overlap (the sum), p -> infinity the roofline's perfect overlap (the
 * max). FITTED on ML.ENERGY v3 with the other global constants
 * (docs/methodology.md 2.4 and 2.7). */
#define AW_OPERATOR_OVERLAP_EXPONENT 1.5
/* Expert kernels with FP8 weights (vLLM's block-FP8 fused MoE): extra time
 * per MoE layer per step, independent of the batch. FITTED on the FP8 MoE
 * rows of ML.ENERGY v3 (Qwen3-235B-A22B-FP8, Llama-4-Maverick-FP8):
 * 130 us for vLLM; per engine in data/engines.json (moe_fp8_layer_s).
 * Dense FP8 models pay nothing. */
#define AW_MOE_FP8_LAYER_S 130e-6
/* Latency of one expert-parallel dispatch or combine (all-to-all) per
 * doubling of the EP group: alpha x log2(EP). FITTED on the expert-parallel
 * rows of ML.ENERGY v3 (Qwen3 MoE with EP 2-8, Llama-4-Scout EP 4-8):
 * 26 us, so 78 us at EP 8 -- the DeepEP README's low-latency dispatch
 * takes 77 us at EP 8 (combine 114 us), growing by ~40 us per doubling. */
#define AW_A2A_LATENCY_S 26e-6
/* Achieved share of the interconnect's peak bandwidth in the collectives
 * of a decode step (messages of 0.1-10 MB). FITTED (the all-reduce of
 * vLLM/SGLang's custom kernels reaches 50-180 GB/s on H100 NVLink at
 * 1-8 MB: sglang PR #2904); fitted 0.45. */
#define AW_LINK_EFFICIENCY 0.45
/* When the server profile gives no interconnect: PCIe Gen4 x16 per
 * direction, and a small all-reduce of ~20 us (estimates). */
#define AW_LINK_DEFAULT_GBS 32.0
#define AW_LINK_DEFAULT_LATENCY_US 20.0
/* Power follows activity (docs/methodology.md 2.4): the share of the
 * idle-to-max range drawn while the chip runs memory-bound operators,
 * compute-bound operators, waits on communication, and waits on the
 * engine's CPU work. All four FITTED on the 308 ML.ENERGY v3 rows (GPU
 * power measured by NVML): 0.71, 0.88, 0.34, 0.57. Splitwise (Patel et al.,
 * ISCA 2024) measures prefill (compute) near TDP and decode well below. */
#define AW_ACTIVITY_MEMORY 0.71
#define AW_ACTIVITY_COMPUTE 0.88
#define AW_ACTIVITY_COMM 0.34
#define AW_ACTIVITY_ENGINE 0.57
/* Serving engines: the default for open models (what ML.ENERGY and most
 * self-hosters run) and for closed models served by their makers. */
#define AW_DEFAULT_ENGINE_OPEN "vllm"
#define AW_DEFAULT_ENGINE_CLOSED "provider"
/* Tensor parallelism stays inside one server (NVLink domain) up to this
 * many accelerators; beyond, servers form pipeline stages. */
#define AW_TP_MAX_DEFAULT 8
/* Usable share of accelerator memory (runtime, fragmentation): vLLM's
 * default gpu_memory_utilization, and docs/reference/estimation.md's B_max formula. */
#define AW_MEMORY_USABLE 0.9
/* Automatic GPU count: weights may fill at most this share of usable
 * memory, leaving the rest for KV cache and activations. An estimate:
 * it places Llama-3.1-8B (bf16) on 1 and Llama-3.1-70B on 4 H100s, as
 * ML.ENERGY served them; EcoLogits' 1.2 x weights rule is 0.83. */
#define AW_WEIGHTS_MAX_SHARE 0.7
/* Activation and runtime workspace per GPU, bytes: CUDA context, CUDA
 * graphs and activation buffers of a serving engine, about 1-3 GB (an
 * estimate; not in the ML.ENERGY or TensorRT-LLM reports). */
#define AW_WORKSPACE_BYTES_PER_GPU 2e9
/* Default concurrent sequences per replica in interactive serving:
 * EcoLogits' fixed batch, and docs/reference/estimation.md's interactive range 32-64. */
#define AW_DEFAULT_BATCH 64
/* Default hidden reasoning tokens for --task reasoning when the model gives
 * none: an estimate (range 500-8,000; ML.ENERGY's open reasoning models
 * averaged ~6,300 hidden tokens, API reasoning efforts are often lower). */
#define AW_DEFAULT_REASONING_TOKENS 2500
/* The memory-limited batch is capped here: four times the largest batch cap
 * ML.ENERGY measured (1,024); serving engines' schedulers do not run more
 * sequences per replica (vLLM's max_num_seqs defaults to 256). */
#define AW_BATCH_MAX_SEQUENCES 4096

#endif
