/*
 * train_uncertainty.c - the uncertainty binding of a training run: the
 * resolution step lists the uncertain numbers (aw__train_resolve), a draw
 * sets them in a copy of the resolved inputs and re-runs the arithmetic.
 * No catalog lookup per draw.
 */
#include <stddef.h>
#include <string.h>
#include "train_internal.h"
#include "uncertainty/uncertain_internal.h"

aw_status aw_train_model_init(struct aw_train_model *m, const aw_catalog *cat,
                              const struct aw_train_request *req, struct aw_diag *diag)
{
    memset(m, 0, sizeof *m);
    return aw__train_resolve(cat, req, &m->base, &m->set, diag);
}

aw_status aw_train_model_eval(void *ctx, const double *x, struct aw_outcome *out)
{
    struct aw_train_model *m = ctx;
    m->scratch = m->base;
    for (size_t k = 0; k < m->set.n; k++) {
        const struct aw_uncertain_input *in = &m->set.inputs[k];
        if (in->target == AW__TRAIN_TARGET_FIELD)
            *(double *)((char *)&m->scratch.inputs + in->offset) = x[k];
    }
    aw_train_evaluate(&m->scratch);
    out->wh = m->scratch.wh;
    out->co2_g = m->scratch.co2_g;
    out->water_ml = m->scratch.water_ml;
    return AW_OK;
}

AW__BINDING(train_binding, struct aw_train_model, aw_train_model_init, aw_train_model_eval);

aw_status aw_train_uncertainty(const aw_catalog *cat, const struct aw_train_request *req,
                               size_t n, unsigned long seed, struct aw_uncertainty *out,
                               struct aw_diag *diag)
{
    return aw__binding_run(&train_binding, cat, req, 0, n, seed, out, NULL, diag);
}

aw_status aw_train_sensitivity(const aw_catalog *cat, const struct aw_train_request *req,
                               struct aw_sensitivity *out, struct aw_diag *diag)
{
    return aw__binding_run(&train_binding, cat, req, 1, 0, 0, NULL, out, diag);
}
