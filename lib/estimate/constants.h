/*
 * constants.h - the default efficiency constants of the roofline estimator.
 *
 * Each is documented, with its source and how it was calibrated, in
 * docs/methodology.md, section 2. The free ones were calibrated once, on the six
 * GPU-only ML.ENERGY v3 rows for Llama-3.1-8B (1xH100) and Llama-3.1-70B
 * (4xH100) at batch caps 8/64/256-1024, inside the ranges the literature
 * gives, and then left alone.
 */
#ifndef AIWATT_ESTIMATE_CONSTANTS_H
#define AIWATT_ESTIMATE_CONSTANTS_H

/* Achieved / peak memory bandwidth in decode (llm-analysis: 0.9 is an
 * aggressive target; good engines 0.6-0.85). */
#define AW_MBU 0.65
/* Achieved / peak FLOP/s in prefill (0.4-0.6, estimation.md 1.3). */
#define AW_MFU_PREFILL 0.6
/* Achieved / peak FLOP/s of the compute part of a decode step
 * (estimation.md 5: MFU_dec 0.5; llm-analysis: up to 0.7 for inference). */
#define AW_MFU_DECODE 0.5
/* Fixed serving overhead per decode step (scheduling, sampling, kernel
 * launches): calibrated, range 0-5 ms. */
#define AW_STEP_OVERHEAD_S 0.002
/* Quantisation overhead per decode step when weights are stored in 8 bits
 * (fp8, int8: W8A8 paths that also quantise activations):
 *   t_q = AW_QUANT_OVERHEAD x (8-bit weight bytes read) / (n BW MBU)
 *         x exp(-B / AW_QUANT_BATCH_SCALE).
 * Calibrated to ML.ENERGY v3's FP8-vs-BF16 medians (+30 % at batch 8-16,
 * break-even 17-64, -11 % at 65-256; docs/methodology.md "Quantisation
 * overhead"). 4-bit weight-only formats dequantise in registers: none. */
#define AW_QUANT_OVERHEAD 3.5
#define AW_QUANT_BATCH_SCALE 14.0
/* Fraction of the idle-to-max power range drawn while a decode step is
 * memory-bound; the rest of the range scales with the compute fraction.
 * Calibrated: ML.ENERGY v3 measured 441-486 W per H100 at batch 8 (memory-
 * bound) and 637-691 W at the largest batches. */
#define AW_POWER_MEMBOUND_FRACTION 0.55
/* Fraction of the idle-to-max power range drawn in compute-bound prefill
 * (0.85-1.0, Splitwise). */
#define AW_POWER_PREFILL_FRACTION 0.9
/* Usable share of accelerator memory (runtime, fragmentation): vLLM's
 * default gpu_memory_utilization, and estimation.md's B_max formula. */
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
 * EcoLogits' fixed batch, and estimation.md's interactive range 32-64. */
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
