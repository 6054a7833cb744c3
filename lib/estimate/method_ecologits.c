/*
 * method_ecologits.c - `--method ecologits`: the formulas and constants of
 * EcoLogits v0.9.x (ecologits/impacts/llm.py, docs/methodology/
 * llm_inference.md; https://github.com/mlco2/ecologits), re-implemented so
 * aiwatt can cross-check the best-known peer estimator. Summarised, with
 * their provenance, in docs/reference/ecologits-method.md section 1.
 *
 *   f_E(P, B) = a_E exp(b_E B) P + c_E      Wh per output token, per GPU
 *   f_L(P, B) = a_L P + b_L B + c_L         s per output token
 *   M         = 1.2 P_total Q / 8           GB (Q = 16 bits)
 *   n_gpu     = 2^ceil(log2(ceil(M / 80)))
 *   dT        = min(N_out f_L(P_act, 64), measured latency)
 *   E_gpu     = N_out f_E(P_act, 64)                         (one GPU)
 *   E_server  = dT / 3600 x 1.2 kW x n_gpu / 8 / 64          (non-GPU power)
 *   E         = PUE (E_server + n_gpu E_gpu)
 *
 * P in billions; N_out = output + reasoning tokens (EcoLogits counts the
 * provider's completion tokens); input tokens are not an input (EcoLogits
 * issue #183). When the model's size is uncertain, EcoLogits runs the whole
 * computation at the smallest (total, active) and at the largest, and
 * reports both: aiwatt does the same, reports them as wh_min and wh_max, and
 * takes the midpoint as the value (latency and GPU energy too); the resolved
 * GPU count is the largest size's.
 *
 * Boundaries: accelerator = n_gpu E_gpu; server = + E_server; no idle or
 * reserve capacity (it = server); facility = x PUE is EcoLogits' total.
 * Water uses IT energy (the fix of EcoLogits issue #230, PR #233), which is
 * aiwatt's own water formula.
 */
#include <math.h>
#include "methods.h"

/* ecologits/impacts/llm.py (v0.9.1, unchanged in March 2026). */
#define ECO_GPU_ENERGY_ALPHA 1.1665273170451914e-06 /* Wh / token / GPU / B params */
#define ECO_GPU_ENERGY_BETA -0.011205921025579175   /* 1 / batch */
#define ECO_GPU_ENERGY_GAMMA 4.052928146734005e-05  /* Wh / token / GPU */
#define ECO_LATENCY_ALPHA 6.785088094353663e-04     /* s / token / B params */
#define ECO_LATENCY_BETA 3.119310311688259e-04      /* s / token / batch */
#define ECO_LATENCY_GAMMA 1.9473717579473387e-02    /* s / token */
#define ECO_QUANTIZATION_BITS 16.0
#define ECO_MEMORY_OVERHEAD 1.2 /* EleutherAI "Transformer Math 101" */
#define ECO_GPU_MEMORY_GB 80.0  /* H100 80GB */
#define ECO_SERVER_GPUS 8.0
#define ECO_SERVER_POWER_W 1200.0 /* non-GPU power, AWS p5.48xlarge (BoaviztAPI) */
#define ECO_BATCH_SIZE 64.0

struct eco_run {
    struct aw_ladder wh;
    int gpus;
    double latency_s;
    double gpu_wh; /* one GPU */
};

static int eco_gpus(double total_b)
{
    double mem_gb = ECO_MEMORY_OVERHEAD * total_b * ECO_QUANTIZATION_BITS / 8.0;
    return aw__gpus_pow2(mem_gb / ECO_GPU_MEMORY_GB); /* 0: beyond AW_GPUS_MAX */
}

static void eco_run(double total_b, double active_b, double tokens, double batch,
                    double latency_cap_s, double pue, struct eco_run *run)
{
    double f_e = ECO_GPU_ENERGY_ALPHA * exp(ECO_GPU_ENERGY_BETA * batch) * active_b +
                 ECO_GPU_ENERGY_GAMMA;
    double f_l = ECO_LATENCY_ALPHA * active_b + ECO_LATENCY_BETA * batch + ECO_LATENCY_GAMMA;
    run->gpus = eco_gpus(total_b);
    run->latency_s = tokens * f_l;
    if (latency_cap_s >= 0 && latency_cap_s < run->latency_s)
        run->latency_s = latency_cap_s;
    run->gpu_wh = tokens * f_e;
    double server_wh = run->latency_s / 3600.0 * ECO_SERVER_POWER_W *
                       (run->gpus / ECO_SERVER_GPUS) / batch;
    run->wh.accelerator_wh = run->gpus * run->gpu_wh;
    run->wh.server_wh = run->wh.accelerator_wh + server_wh;
    run->wh.it_wh = run->wh.server_wh;
    run->wh.facility_wh = run->wh.it_wh * pue;
}

/* The low or high end of a size: the method parameter, else the model's
 * catalog range when the resolved size is the catalog's, else the size. */
static double size_end(double param, const struct aw_num *catalog, double resolved, int high)
{
    if (param > 0)
        return param;
    if (catalog != NULL && catalog->set && fabs(catalog->value - resolved) <= 1e-6 * resolved)
        return high ? catalog->high : catalog->low;
    return resolved;
}

aw_status aw__method_ecologits(const struct aw__method_input *in, struct aw_estimate *out,
                               struct aw_diag *diag)
{
    const struct aw_method_params *mp = in->mp;
    struct aw_resolved *r = &out->inputs;
    const struct aw_num *cat_total = in->model ? &in->model->params_total : NULL;
    const struct aw_num *cat_active = in->model ? &in->model->params_active : NULL;
    double total = in->arch.params_total, active = in->arch.params_active;
    double t_lo = size_end(mp->params_total_min, cat_total, total, 0);
    double t_hi = size_end(mp->params_total_max, cat_total, total, 1);
    double a_lo = size_end(mp->params_active_min, cat_active, active, 0);
    double a_hi = size_end(mp->params_active_max, cat_active, active, 1);
    if (a_lo > t_lo)
        a_lo = t_lo;
    if (a_hi > t_hi)
        a_hi = t_hi;
    if (!(t_lo > 0 && t_lo <= t_hi && a_lo > 0 && a_lo <= a_hi)) {
        aw__hint(diag, "give the size range as min <= max, e.g. --active-params-range 44B:132B");
        return aw__fail(diag, AW_E_RANGE, "model size range is not consistent");
    }
    if (eco_gpus(t_hi / 1e9) == 0) {
        aw__hint(diag, "give a model size in a real range, e.g. --params-range 7B:70B");
        return aw__fail(diag, AW_E_RANGE, "a %.3g B-parameter model needs more than %ld GPUs",
                        t_hi / 1e9, AW_GPUS_MAX);
    }
    double batch = AW_IS_SET(in->req->batch) ? in->req->batch : ECO_BATCH_SIZE;
    double tokens = in->output_tokens + in->reasoning_tokens;
    double cap = mp->latency_s > 0 ? mp->latency_s : -1;

    struct eco_run lo, hi;
    eco_run(t_lo / 1e9, a_lo / 1e9, tokens, batch, cap, in->pue, &lo);
    eco_run(t_hi / 1e9, a_hi / 1e9, tokens, batch, cap, in->pue, &hi);
    out->wh.accelerator_wh = (lo.wh.accelerator_wh + hi.wh.accelerator_wh) / 2;
    out->wh.server_wh = (lo.wh.server_wh + hi.wh.server_wh) / 2;
    out->wh.it_wh = (lo.wh.it_wh + hi.wh.it_wh) / 2;
    out->wh.facility_wh = (lo.wh.facility_wh + hi.wh.facility_wh) / 2;
    out->seconds = (lo.latency_s + hi.latency_s) / 2;

    r->topdown.has_range = t_lo < t_hi || a_lo < a_hi;
    r->topdown.wh_min = lo.wh;
    r->topdown.wh_max = hi.wh;
    r->gpus = hi.gpus;
    r->batch = (int)batch;
    r->topdown.ecologits_batch = batch;
    r->topdown.ecologits_latency_s = out->seconds;
    r->topdown.gpu_energy_wh_per_gpu = (lo.gpu_wh + hi.gpu_wh) / 2;
    /* Each GPU is held for the latency, shared by the batch (midpoint, as
     * the energy). */
    r->topdown.gpu_seconds = (lo.gpus * lo.latency_s + hi.gpus * hi.latency_s) / 2 / batch;
    r->text.decode_s = out->seconds;
    r->text.decode_wh = out->wh.accelerator_wh;
    r->host_power_w_per_gpu = ECO_SERVER_POWER_W / ECO_SERVER_GPUS;
    r->weights_gb = ECO_MEMORY_OVERHEAD * t_hi * ECO_QUANTIZATION_BITS / 8.0 / 1e9;
    r->topdown.total_boundary = "facility";
    r->topdown.boundary_note =
        "facility: EcoLogits' energy (GPU regression on ML.ENERGY H100 data at "
        "batch 64 x power-of-two GPU count, + 1.2 kW non-GPU server share) x PUE; "
        "no idle or reserve capacity (it = server); input tokens not counted";
    return AW_OK;
}
