/*
 * serving.h - one decode step of a serving engine, as a sum of operator
 * times plus the engine's own work, and the power that follows from what
 * the chip does during it (internal; tested term by term in
 * tests/unit/test_serving.c; formulas in docs/methodology.md, section 2.4).
 */
#ifndef AIWATT_SERVING_H
#define AIWATT_SERVING_H

#include "roofline.h"

/* Time of one operator whose memory and compute take t_mem and t_comp on
 * their own: (t_mem^p + t_comp^p)^(1/p) for an overlap exponent p >= 1.
 * Far from the roofline's ridge this is the larger of the two (the
 * roofline's perfect overlap); at the ridge, where a decode GEMM reaches
 * neither peak, it is 2^(1/p) x the larger: between perfect overlap
 * (p -> infinity, the max) and none (p = 1, the sum). Operators run one
 * after another, so a step is the sum of these (LLM-Viewer, Vidur).
 * p below 1 (or 0, unset): the max. docs/methodology.md 2.4. */
double aw__op_combine_s(double t_mem, double t_comp, double p);

/* The same for an operator that moves `bytes` and computes `flop`. */
double aw__op_time_s(double bytes, double flop, double bytes_per_s, double flop_per_s, double p);

/* Ring all-reduce of `bytes` over `ranks` accelerators: alpha + 2 (n-1)/n
 * bytes / link bandwidth (0 for one rank). */
double aw__allreduce_s(double bytes, int ranks, double latency_s, double link_bytes_per_s);

/* One all-to-all (MoE dispatch or combine) where each rank sends `bytes`
 * in total: alpha + (n-1)/n bytes / link bandwidth (0 for one rank). */
double aw__all_to_all_s(double bytes, int ranks, double latency_s, double link_bytes_per_s);

/* Pipeline bubble: the share of a step stages sit idle with `microbatches`
 * in flight over `stages` stages, (p-1)/(m+p-1) (GPipe). */
double aw__pipeline_bubble(int stages, int microbatches);

/* The engine's CPU time per step that the GPU waits for: cpu = fixed +
 * batch x per-sequence, less the share `overlap` (0-1) of the part that can
 * hide behind the GPU step: cpu - overlap x min(cpu, gpu). overlap 0: CPU
 * and GPU take turns; 1: only CPU time beyond the GPU step shows. */
double aw__engine_exposed_s(double fixed_s, double per_sequence_s, double batch, double overlap,
                            double gpu_s);

/* Activity (0-1 share of the idle-to-max power range) of an operator whose
 * memory and compute times are t_mem and t_comp, over its time t
 * (aw__op_combine_s with exponent p): a_mem t_mem / t + a_comp t_comp / t,
 * at most 1. */
double aw__op_activity(double t_mem, double t_comp, double p, double act_mem, double act_comp);

/* Everything one decode step depends on. Times are per replica of `gpus`
 * accelerators (tensor x expert x pipeline parallel). */
struct aw__step_in {
    const struct aw__arch *arch;
    double batch;              /* sequences decoding (one new token each) */
    double prefill_tokens;     /* prompt tokens computed in the same step */
    double ctx_decode;         /* mean context of a decoding sequence */
    double ctx_prefill;        /* mean context of a prompt token */
    double bytes_per_weight;
    double bytes_per_kv;
    int gpus, tp, ep, pp;
    double bw;                 /* per accelerator, bytes/s (peak) */
    double peak_flops;         /* per accelerator, weight GEMMs */
    double peak_attn_flops;    /* per accelerator, attention (16-bit) */
    double mbu, mfu;
    double op_exponent;        /* p of aw__op_combine_s (0: the max) */
    double link_bytes_per_s;   /* peak, one direction, per accelerator */
    double link_efficiency;    /* achieved share of it in collectives */
    double link_latency_s;     /* one small all-reduce */
    double a2a_latency_s;      /* one MoE dispatch or combine */
    double moe_layer_overhead_s; /* per MoE layer (FP8 expert kernels) */
    double engine_fixed_s, engine_per_seq_s;
    double engine_overlap;     /* 0-1 */
    double clock;              /* SM clock / nominal (power cap), (0, 1] */
    double act_mem, act_comp, act_comm, act_engine;
};

struct aw__step_out {
    double weights_read_bytes; /* per step, whole replica */
    double weights_s;          /* weight GEMMs */
    double attention_s;        /* KV reads and attention FLOPs */
    double comm_s;             /* all-reduce, all-to-all, pipeline sends */
    double moe_s;              /* MoE kernel overhead */
    double bubble_s;           /* pipeline bubble */
    double gpu_s;              /* sum of the above */
    double engine_s;           /* exposed engine CPU time */
    double step_s;             /* gpu_s + engine_s */
    double compute_s;          /* FLOP time at the achieved rate */
    double memory_s;           /* byte time at the achieved rate */
    double activity;           /* time-weighted, 0-1: activity_mem + activity_clocked */
    double activity_mem;       /* the part that does not scale with the SM clock
                                * (memory traffic, waiting) */
    double activity_clocked;   /* the part that does (tensor-core work) */
};

void aw__decode_step(const struct aw__step_in *in, struct aw__step_out *out);

/* Per-accelerator power of a step at SM `clock`: idle + (max - idle) x
 * (activity_mem + activity_clocked x clock^2). The compute part follows
 * dynamic power ~ f V^2 with V ~ f (f^3 per unit of work, f^2 once its
 * stretched time is counted); memory traffic and waiting do not scale with
 * the SM clock. */
double aw__step_power_w(double idle_w, double max_w, const struct aw__step_out *step,
                        double clock);

/* Under a per-accelerator power cap: the SM clock in (0, 1] at which the
 * step's power meets `cap_w` (1 when the step stays under it), and the step
 * at that clock in *out. `in->clock` is ignored. */
double aw__capped_step(const struct aw__step_in *in, double idle_w, double max_w, double cap_w,
                       struct aw__step_out *out);

#endif
