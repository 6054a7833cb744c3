/*
 * method_flops.c - `--method flops`: Epoch AI's top-down estimate.
 *
 * Epoch AI ("How much energy does ChatGPT use?", Josh You, 2025-02-07, and
 * its spreadsheet) charges a request the GPU time its FLOPs would take at a
 * fixed utilisation of the chip's peak, at the rated power of a GPU's share
 * of its server, scaled by a partial-load factor and the PUE:
 *
 *   FLOP  = 2 N_act (T_in + T_out) + attention       (Kaplan et al. 2020)
 *   t_gpu = FLOP_prompt / (peak u_prefill) + FLOP_generated / (peak u)
 *   E     = t_gpu x P_rated x load x PUE
 *
 * with u = 0.10, P_rated = 10.2 kW / 8 = 1275 W (DGX H100), load = 0.7 and
 * PUE 1.2 in Epoch's baseline. The attention term is the one Epoch's
 * long-input notebook adds; at chat lengths it is below 1 %.
 *
 * Boundaries: the accelerator's own share of the rated power is its TDP (a
 * DGX H100's 1275 W per GPU is 700 W of GPU and 575 W of host), so
 * accelerator = t_gpu x min(TDP, P_rated) x load and server = t_gpu x
 * P_rated x load. The method has no idle or reserve capacity (it = server);
 * facility = it x PUE is the method's own total.
 */
#include <math.h>
#include "methods.h"

aw_status aw__method_flops(const struct aw__method_input *in, struct aw_estimate *out,
                           struct aw_diag *diag)
{
    const struct aw_method_params *mp = in->mp;
    struct aw_resolved *r = &out->inputs;
    double u = aw__param_or(mp->flop_utilisation, AW_FLOPS_DEFAULT_UTILISATION);
    double u_pre = aw__param_or(mp->prefill_utilisation, u);
    double load = aw__param_or(mp->load_factor, AW_FLOPS_DEFAULT_LOAD_FACTOR);
    if (!(u > 0 && u <= 1) || !(u_pre > 0 && u_pre <= 1)) {
        aw__hint(diag, "give --utilisation (and --prefill-utilisation) between 0 and 1; "
                       "Epoch AI uses 0.10");
        return aw__fail(diag, AW_E_RANGE, "FLOP utilisation must be in (0, 1]");
    }
    if (!(load > 0 && load <= 1)) {
        aw__hint(diag, "give --load-factor between 0 and 1; Epoch AI uses 0.7");
        return aw__fail(diag, AW_E_RANGE, "load factor %g must be in (0, 1]", load);
    }

    /* Rated power of one GPU's share of its server (host included). */
    double rated_w = in->hw->max_power_w.value;
    if (in->server != NULL && in->server->max_power_w.set)
        rated_w = in->server->max_power_w.value / in->server->accelerators;
    rated_w = aw__param_or(mp->power_w_per_gpu, rated_w);
    if (!(rated_w > 0 && rated_w < 1e6)) {
        aw__hint(diag, "give --power-w, the rated power per GPU with its host share "
                       "(DGX H100: 1275)");
        return aw__fail(diag, AW_E_RANGE, "power per GPU %g W is not possible", rated_w);
    }
    double acc_w = in->hw->max_power_w.value < rated_w ? in->hw->max_power_w.value : rated_w;

    double peak = in->hw->peak_tflops[in->compute_prec].value * 1e12;
    double generated = in->output_tokens + in->reasoning_tokens;
    double flop_prompt = aw__prefill_flop(&in->arch, in->input_tokens, 0);
    /* A generated token attends, on average, to the prompt and half of what
     * has been generated before it. */
    double flop_generated =
        generated * aw__decode_flop_per_token(&in->arch, in->input_tokens + generated / 2.0);
    double gpu_s = flop_prompt / (peak * u_pre) + flop_generated / (peak * u);

    out->wh.accelerator_wh = gpu_s * acc_w * load / 3600.0;
    out->wh.server_wh = gpu_s * rated_w * load / 3600.0;
    out->wh.it_wh = out->wh.server_wh;
    out->wh.facility_wh = out->wh.it_wh * in->pue;
    /* The method has no batch or parallelism: its time is GPU-seconds. */
    out->seconds = gpu_s;

    r->gpus = 1;
    r->batch = 1;
    r->topdown.gpu_seconds = gpu_s;
    r->topdown.flop = flop_prompt + flop_generated;
    r->topdown.flop_utilisation = u;
    r->topdown.prefill_utilisation = u_pre;
    r->topdown.power_w_per_gpu = rated_w;
    r->topdown.load_factor = load;
    r->text.prefill_s = flop_prompt / (peak * u_pre);
    r->text.decode_s = flop_generated / (peak * u);
    r->text.prefill_wh = r->text.prefill_s * acc_w * load / 3600.0;
    r->text.decode_wh = r->text.decode_s * acc_w * load / 3600.0;
    r->host_power_w_per_gpu = (rated_w - acc_w) * load;
    r->topdown.total_boundary = "facility";
    r->topdown.boundary_note =
        "facility: GPU-seconds at a fixed FLOP utilisation x rated power per GPU "
        "(host share included) x load factor x PUE; no idle or reserve capacity "
        "(it = server); accelerator = the GPU's TDP share of the rated power";
    return AW_OK;
}
