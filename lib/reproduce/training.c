/*
 * training.c - training runs for `aiwatt reproduce`. The authors' side is
 * their own arithmetic, GPU count x time x power per GPU x PUE (Patterson et
 * al.'s GPT-3: 10,000 V100 x 14.8 days x 330 W x 1.1), computed here from
 * the scenario's data; aiwatt's own side is the training estimator of
 * `aiwatt train` (lib/train), from the run's FLOPs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "aiwatt/train.h"
#include "reproduce_internal.h"

static aw_status bad(struct aw_diag *diag, const char *where, const char *key, const char *what)
{
    return aw__fail(diag, AW_E_PARSE, "%s: \"%s\": %s", where, key, what);
}

aw_status aw__training_from_record(const aw_catalog *cat, const struct aw__reference_record *r,
                                   const char *where, struct aw__training *out,
                                   struct aw_diag *diag)
{
    const struct aw_hardware *hw = NULL;
    if (r->training_hardware != NULL) {
        hw = aw_catalog_find_hardware(cat, r->training_hardware);
        if (hw == NULL)
            return bad(diag, where, "hardware", "unknown hardware id");
    }
    out->gpus = r->training_gpus;
    out->hours = r->training_hours;
    out->params = r->training_params;
    out->tokens = r->training_tokens;
    double server_w = r->training_power_w_per_gpu, acc_w = r->training_accelerator_power_w;
    double pue = r->training_pue;
    out->hardware = hw ? hw->id : NULL;
    out->peak_tflops = hw ? hw->peak_tflops[AW_PREC_BF16].value : NAN;
    out->precision = "bf16";
    /* The utilisation the run implies, when its size and data are known. */
    out->mfu = 6.0 * out->params * out->tokens /
               (out->gpus * out->hours * 3600.0 * out->peak_tflops * 1e12);
    /* Their ladder: the system power per accelerator includes the host; the
     * accelerator's own share is known only when given. A run has no
     * serving reserve (it = server). */
    double gpu_h = out->gpus * out->hours;
    out->wh.accelerator_wh = gpu_h * acc_w;
    out->wh.server_wh = gpu_h * server_w;
    out->wh.it_wh = out->wh.server_wh;
    out->wh.facility_wh = out->wh.it_wh * (isnan(pue) ? 1.0 : pue);
    return AW_OK;
}

aw_status aw__training_estimate(const aw_catalog *cat, const struct aw__reference_record *r,
                                const char *where, struct aw__training *out,
                                struct aw_diag *diag)
{
    struct aw_train_request req;
    aw_train_request_init(&req);
    req.model_id = r->estimate_training_model;
    req.hardware_id = r->estimate_training_hardware;
    req.datacenter_id = r->estimate_training_datacenter;
    /* Tokens make the estimator work from FLOPs, not from a preset's
     * published GPU time: aiwatt's own estimate of the run. */
    req.tokens = r->estimate_training_tokens;
    if (!isnan(r->estimate_training_gpus))
        req.gpus = r->estimate_training_gpus;
    if (!isnan(r->estimate_training_mfu))
        req.mfu = r->estimate_training_mfu;
    struct aw_train_estimate est;
    aw_status st = aw_train_estimate(cat, &req, &est, diag);
    if (st != AW_OK) {
        char msg[AW_DIAG_SIZE];
        snprintf(msg, sizeof msg, "%s", diag ? diag->msg : "");
        return aw__fail(diag, st, "%s: %s", where, msg);
    }
    const struct aw_train_resolved *in = &est.inputs;
    out->wh = est.wh;
    out->gpus = in->gpus;
    out->hours = in->gpus > 0 ? in->gpu_hours / in->gpus : NAN;
    out->params = in->params_active;
    out->tokens = in->tokens;
    out->peak_tflops = in->peak_tflops;
    out->mfu = in->mfu;
    out->hardware = in->hardware_id;
    out->precision = in->precision;
    return AW_OK;
}
