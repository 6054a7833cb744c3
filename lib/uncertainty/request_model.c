/*
 * request_model.c - the uncertainty binding of one request: which inputs of
 * aw_estimate_request() are uncertain, their ranges, and how a draw is
 * applied (through struct aw_assumptions and the request's overrides).
 *
 * Ranges come from the catalog (the entry's low/high) or, for the
 * estimator's own constants, from the defaults below; each is documented in
 * docs/methodology.md, "Uncertainty". An input the caller fixed (--batch,
 * --pue, --grid 50, --wue, an assumption set by the caller) is not varied.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "estimate/constants.h"
#include "uncertain_internal.h"

/* Targets: what an input sets. */
enum {
    TARGET_ASSUME = 1, /* a double of struct aw_assumptions */
    TARGET_REQUEST,    /* a double of struct aw_request */
    TARGET_BATCH       /* aw_request.batch */
};

/* Default ranges of the estimator's constants (central values are the
 * constants of lib/estimate/constants.h). */
static const struct default_range {
    const char *name;
    size_t offset;
    double central, low, high;
    const char *source;
} estimator_ranges[] = {
    {"bandwidth_utilisation", offsetof(struct aw_assumptions, bandwidth_utilisation), AW_MBU, 0.6,
     0.9,
     "MBU of memory-bound operators: 0.6-0.9 (llm-analysis treats 0.9 as aggressive); the "
     "ML.ENERGY v3 fit gives 0.78 (docs/methodology.md 2.7)"},
    {"prefill_flop_utilisation", offsetof(struct aw_assumptions, prefill_flop_utilisation),
     AW_MFU_PREFILL, 0.4, 0.7,
     "prefill MFU 0.4-0.6 (docs/reference/estimation.md §1.3), up to 0.7 (llm-analysis, "
     "inference)"},
    {"decode_flop_utilisation", offsetof(struct aw_assumptions, decode_flop_utilisation),
     AW_MFU_DECODE, 0.4, 0.7,
     "MFU of compute-bound operators: up to 0.7 for inference "
     "(llm-analysis); the ML.ENERGY v3 fit gives 0.54"},
    {"power_membound_fraction", offsetof(struct aw_assumptions, power_membound_fraction),
     AW_ACTIVITY_MEMORY, 0.5, 0.8,
     "activity of memory-bound operators (share of idle-to-max power): fitted 0.71 on "
     "ML.ENERGY v3; 0.5-0.8 spans the leave-one-family-out refits (docs/methodology.md 2.7)"},
    {"power_prefill_fraction", offsetof(struct aw_assumptions, power_prefill_fraction),
     AW_ACTIVITY_COMPUTE, 0.8, 1.0,
     "activity of compute-bound operators: fitted 0.88; compute-bound prefill runs at "
     "0.85-1.0 of TDP (Splitwise, Patel et al. 2024)"},
    {"operator_overlap_exponent", offsetof(struct aw_assumptions, operator_overlap_exponent),
     AW_OPERATOR_OVERLAP_EXPONENT, 1.2, 2.0,
     "how far an operator's memory traffic and arithmetic overlap, p of (t_mem^p + "
     "t_comp^p)^(1/p): fitted 1.5 on ML.ENERGY v3; refitting all ten constants gives 1.21 "
     "(1.17-1.33 leaving one model family out); 2 keeps the link efficiency fitted below 1 "
     "(docs/methodology.md 2.7)"},
};

/* Batch when not given: interactive serving keeps 32-64 sequences in flight
 * (docs/reference/estimation.md §5 item 3; EcoLogits fixes 64); up to 128 on busy replicas (our
 * estimate). Log-triangular, rounded. */
#define BATCH_LOW 32
#define BATCH_HIGH 128


static double assumed(const struct aw_assumptions *a, size_t offset)
{
    return *(const double *)((const char *)a + offset);
}

static int text_task(const char *task)
{
    return task != NULL && (strcmp(task, "chat") == 0 || strcmp(task, "reasoning") == 0);
}

aw_status aw_request_model_init(struct aw_request_model *m, const aw_catalog *cat,
                                const struct aw_request *req, struct aw_diag *diag)
{
    memset(m, 0, sizeof *m);
    aw_diag_clear(diag);
    if (cat == NULL || req == NULL)
        return aw__fail(diag, AW_E_INVALID, "no catalog or request");
    if (req->method != AW_METHOD_ROOFLINE) {
        aw__hint(diag, "use --method roofline (the default) with --uncertainty or --sensitivity");
        return aw__fail(diag, AW_E_UNSUPPORTED,
                        "uncertainty analysis covers the roofline method, not '%s'",
                        aw_method_name(req->method));
    }
    m->cat = cat;
    m->req = *req;
    if (req->assumptions != NULL)
        m->base = *req->assumptions;
    else
        aw_assumptions_init(&m->base);
    m->assume = m->base;
    m->req.assumptions = &m->assume;
    aw_status st = aw_estimate_request(cat, &m->req, &m->scratch, diag);
    if (st != AW_OK)
        return st;

    const struct aw_resolved *in = &m->scratch.inputs;
    struct aw_uncertain_set *set = &m->set;
    const struct aw_assumptions *base = &m->base;
    const struct aw_model *model = AW_IS_SET(req->params_total) && req->model_id == NULL
                                       ? NULL
                                       : aw_catalog_find_model(cat, in->model_id);
    const struct aw_hardware *hw = aw_catalog_find_hardware(cat, in->hardware_id);
    const struct aw_server *server =
        in->server_id ? aw_catalog_find_server(cat, in->server_id) : NULL;
    const struct aw_datacenter *dc = aw_catalog_find_datacenter(cat, in->datacenter_id);
    const char *grid_id = req->grid_id ? req->grid_id : dc ? dc->grid_id : NULL;
    const struct aw_grid *grid = grid_id ? aw_catalog_find_grid(cat, grid_id) : NULL;
    int text = text_task(in->task);

    /* Closed-model sizes: the catalog's ranges (text models: the diffusion
     * estimator takes its sizes from the catalog only). */
    if (text && model != NULL && base->params_total < 0)
        aw__uncertain_push_num(set, "params_total", &model->params_total, cat, AW_SECTION_MODELS,
                               model->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, params_total));
    if (text && model != NULL && base->params_active < 0)
        aw__uncertain_push_num(set, "params_active", &model->params_active, cat,
                               AW_SECTION_MODELS, model->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, params_active));

    /* A hybrid's recurrent state: 16 or 32 bits per element, as the engine
     * is told (data/models.json, "ssm"). */
    if (text && model != NULL && model->ssm_layers > 0 && base->ssm_state_bytes < 0)
        aw__uncertain_push_num(set, "ssm_state_bytes", &model->ssm_state_bytes, cat,
                               AW_SECTION_MODELS, model->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, ssm_state_bytes));

    /* Load: the batch, unless given. */
    if (text && !AW_IS_SET(req->batch)) {
        int k = aw__uncertain_push(
            set, "batch",
            "concurrent sequences: 32-64 in interactive serving "
            "(docs/reference/estimation.md §5 item 3; EcoLogits 64), up to 128 on busy "
            "replicas (estimate)",
            AW_DEFAULT_BATCH, BATCH_LOW, BATCH_HIGH, AW_DIST_LOG_TRIANGULAR, TARGET_BATCH, 0);
        if (k >= 0)
            set->inputs[k].integer = 1;
    }

    /* The estimator's constants. */
    for (size_t i = 0; text && i < sizeof estimator_ranges / sizeof estimator_ranges[0]; i++) {
        const struct default_range *r = &estimator_ranges[i];
        if (assumed(base, r->offset) >= 0)
            continue;
        aw__uncertain_push(set, r->name, r->source, r->central, r->low, r->high, -1,
                           TARGET_ASSUME, r->offset);
    }
    /* The serving engine: its per-sequence cost and, for FP8 mixtures of
     * experts, its expert-kernel overhead, with the catalog's ranges. */
    const struct aw_engine *engine =
        text && in->text.engine_id != NULL ? aw_catalog_find_engine(cat, in->text.engine_id) : NULL;
    if (engine != NULL && base->engine_per_sequence_s < 0)
        aw__uncertain_push_num(set, "engine_per_sequence_s", &engine->per_sequence_s, cat,
                               AW_SECTION_ENGINES, engine->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, engine_per_sequence_s));
    if (engine != NULL && base->engine_per_layer_s < 0 && engine->per_layer_s.set)
        aw__uncertain_push_num(set, "engine_per_layer_s", &engine->per_layer_s, cat,
                               AW_SECTION_ENGINES, engine->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, engine_per_layer_s));
    if (engine != NULL && base->quant_overhead < 0 && in->text.step_moe_s > 0 &&
        engine->moe_fp8_layer_s.set)
        aw__uncertain_push_num(set, "quant_overhead", &engine->moe_fp8_layer_s, cat,
                               AW_SECTION_ENGINES, engine->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, quant_overhead));

    /* Power, host, reserve: the catalog's ranges. */
    if (hw != NULL && base->idle_power_w < 0)
        aw__uncertain_push_num(set, "idle_power_w", &hw->idle_power_w, cat, AW_SECTION_HARDWARE,
                               hw->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, idle_power_w));
    if (hw != NULL && base->max_power_w < 0)
        aw__uncertain_push_num(set, "max_power_w", &hw->max_power_w, cat, AW_SECTION_HARDWARE,
                               hw->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, max_power_w));
    if (server != NULL && base->host_power_w < 0)
        aw__uncertain_push_num(set, "host_power_w", &server->host_power_w, cat,
                               AW_SECTION_SERVERS, server->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, host_power_w));
    if (dc != NULL && base->reserve_share < 0)
        aw__uncertain_push_num(set, "reserve_share", &dc->reserve_share, cat,
                               AW_SECTION_DATACENTERS, dc->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, reserve_share));

    /* Site: PUE, grid, water, unless given. */
    if (dc != NULL && !AW_IS_SET(req->pue))
        aw__uncertain_push_num(set, "pue", &dc->pue, cat, AW_SECTION_DATACENTERS, dc->id,
                               TARGET_REQUEST, offsetof(struct aw_request, pue));
    if (grid != NULL && !AW_IS_SET(req->grid_gco2_per_kwh))
        aw__uncertain_push_num(set, "grid_gco2_per_kwh", &grid->gco2_per_kwh, cat,
                               AW_SECTION_GRIDS, grid->id, TARGET_REQUEST,
                               offsetof(struct aw_request, grid_gco2_per_kwh));
    if (dc != NULL && !AW_IS_SET(req->wue_l_per_kwh))
        aw__uncertain_push_num(set, "wue_l_per_kwh", &dc->wue_l_per_kwh, cat,
                               AW_SECTION_DATACENTERS, dc->id, TARGET_REQUEST,
                               offsetof(struct aw_request, wue_l_per_kwh));
    if (grid != NULL && base->water_l_per_kwh < 0)
        aw__uncertain_push_num(set, "grid_water_l_per_kwh", &grid->water_l_per_kwh, cat,
                               AW_SECTION_GRIDS, grid->id, TARGET_ASSUME,
                               offsetof(struct aw_assumptions, water_l_per_kwh));
    return AW_OK;
}

aw_status aw_request_model_eval(void *ctx, const double *x, struct aw_outcome *out)
{
    struct aw_request_model *m = ctx;
    struct aw_request req = m->req;
    m->assume = m->base;
    req.assumptions = &m->assume;
    for (size_t k = 0; k < m->set.n; k++) {
        const struct aw_uncertain_input *in = &m->set.inputs[k];
        switch (in->target) {
        case TARGET_ASSUME:
            *(double *)((char *)&m->assume + in->offset) = x[k];
            break;
        case TARGET_REQUEST:
            *(double *)((char *)&req + in->offset) = x[k];
            break;
        case TARGET_BATCH:
            req.batch = (int)lround(x[k]);
            break;
        default:
            break;
        }
    }
    aw_status st = aw_estimate_request(m->cat, &req, &m->scratch, NULL);
    if (st != AW_OK)
        return st;
    out->wh = m->scratch.wh;
    out->co2_g = m->scratch.co2_g;
    out->water_ml = m->scratch.water_ml;
    return AW_OK;
}

AW__BINDING(request_binding, struct aw_request_model, aw_request_model_init,
            aw_request_model_eval);

aw_status aw_estimate_uncertainty(const aw_catalog *cat, const struct aw_request *req, size_t n,
                                  unsigned long seed, struct aw_uncertainty *out,
                                  struct aw_diag *diag)
{
    return aw__binding_run(&request_binding, cat, req, 0, n, seed, out, NULL, diag);
}

aw_status aw_estimate_sensitivity(const aw_catalog *cat, const struct aw_request *req,
                                  struct aw_sensitivity *out, struct aw_diag *diag)
{
    return aw__binding_run(&request_binding, cat, req, 1, 0, 0, NULL, out, diag);
}
