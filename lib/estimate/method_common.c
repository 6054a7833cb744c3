/*
 * method_common.c - what the top-down methods share: task, method and boundary
 * names (one table each, read through aw__name_of/aw__name_index), the
 * parameter defaults, and the carbon, water and resolved fields every method
 * reports the same way as the roofline estimator does.
 */
#include <string.h>
#include "methods.h"

static const char *const boundary_names[] = {"accelerator", "server", "it", "facility",
                                             "unspecified"};

static const char *const task_names[] = {"chat", "reasoning", "image", "video"};
static const char *const method_names[] = {"roofline", "flops", "nameplate", "ecologits"};

const char *aw_task_name(enum aw_task task)
{
    return aw__name_of(task_names, AW__COUNT(task_names), (int)task);
}

int aw_task_from_name(const char *name)
{
    return aw__name_index(task_names, AW__COUNT(task_names), name);
}

const char *aw_method_name(enum aw_method method)
{
    return aw__name_of(method_names, AW__COUNT(method_names), (int)method);
}

int aw_method_from_name(const char *name)
{
    return aw__name_index(method_names, AW__COUNT(method_names), name);
}

const char *aw_boundary_name(enum aw_boundary b)
{
    return aw__name_of(boundary_names, AW__COUNT(boundary_names), (int)b);
}

int aw_boundary_from_name(const char *name)
{
    return aw__name_index(boundary_names, AW__COUNT(boundary_names), name);
}

double aw_ladder_at(const struct aw_ladder *wh, enum aw_boundary b)
{
    switch (b) {
    case AW_BOUNDARY_ACCELERATOR:
        return wh->accelerator_wh;
    case AW_BOUNDARY_SERVER:
        return wh->server_wh;
    case AW_BOUNDARY_IT:
        return wh->it_wh;
    case AW_BOUNDARY_FACILITY:
    case AW_BOUNDARY_UNSPECIFIED:
        break;
    }
    return wh->facility_wh;
}

void aw_method_params_init(struct aw_method_params *mp)
{
    /* doubles only (include/aiwatt/estimate.h), each < 0 until overridden */
    _Static_assert(sizeof *mp % sizeof(double) == 0, "struct aw_method_params holds doubles only");
    aw__doubles_unset(mp, sizeof *mp);
}

void aw__method_finish(const struct aw__method_input *in, struct aw_estimate *out)
{
    struct aw_resolved *r = &out->inputs;
    out->co2_g = out->wh.facility_wh / 1000.0 * in->gco2_per_kwh;
    /* Li et al., as for the roofline: on-site water per IT kWh plus the
     * grid's off-site water per kWh drawn (IT x PUE). L/kWh x Wh = mL. */
    out->water_onsite_ml = out->wh.it_wh * in->wue_l_per_kwh;
    out->water_offsite_ml = out->wh.it_wh * in->pue * in->water_l_per_kwh;
    out->water_ml = out->water_onsite_ml + out->water_offsite_ml;
    out->co2_market_g = out->co2_g;

    r->hardware_id = in->hw->id;
    r->server_id = in->server ? in->server->id : NULL;
    r->task = aw_task_name(in->req->task);
    r->method = aw_method_name(in->req->method);
    r->precision = aw_precision_name(in->weights_prec);
    r->compute_precision = aw_precision_name(in->compute_prec);
    r->params_total = in->arch.params_total;
    r->params_active = in->arch.params_active;
    r->input_tokens = (long)in->input_tokens;
    r->output_tokens = (long)in->output_tokens;
    r->reasoning_tokens = (long)in->reasoning_tokens;
    r->batch_requested = AW_IS_SET(in->req->batch) ? in->req->batch : 0; /* 0: none */
    r->peak_tflops_per_gpu = in->hw->peak_tflops[in->compute_prec].value;
    r->bandwidth_tbs_per_gpu = in->hw->bandwidth_tbs.value;
    r->idle_power_w = in->hw->idle_power_w.value;
    r->max_power_w = in->hw->max_power_w.value;
    r->pue = in->pue;
    r->wue_l_per_kwh = in->wue_l_per_kwh;
    r->grid_gco2_per_kwh = in->gco2_per_kwh;
    r->grid_water_l_per_kwh = in->water_l_per_kwh;
}
