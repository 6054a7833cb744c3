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

/* A positive number under `key`, or NaN when absent and not required. */
static aw_status positive(const json_t *obj, const char *where, const char *key, int required,
                          double *out, struct aw_diag *diag)
{
    const json_t *v = json_object_get(obj, key);
    *out = NAN;
    if (v == NULL)
        return required ? bad(diag, where, key, "missing (required)") : AW_OK;
    if (!json_is_number(v) || !(json_number_value(v) > 0) || !isfinite(json_number_value(v)))
        return bad(diag, where, key, "must be a positive number");
    *out = json_number_value(v);
    return AW_OK;
}

static aw_status only_keys(const json_t *obj, const char *where, const char *const *keys,
                           size_t n, struct aw_diag *diag)
{
    if (!json_is_object(obj))
        return aw__fail(diag, AW_E_PARSE, "%s: must be an object", where);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        size_t i = 0;
        while (i < n && strcmp(keys[i], key) != 0)
            i++;
        if (i == n)
            return bad(diag, where, key, "unknown key");
    }
    return AW_OK;
}

static aw_status hardware(const aw_catalog *cat, const json_t *obj, const char *where,
                          int required, const struct aw_hardware **out, struct aw_diag *diag)
{
    const char *id = json_string_value(json_object_get(obj, "hardware"));
    *out = NULL;
    if (id == NULL)
        return required || json_object_get(obj, "hardware") != NULL
                   ? bad(diag, where, "hardware", "missing or not a string")
                   : AW_OK;
    *out = aw_catalog_find_hardware(cat, id);
    if (*out == NULL)
        return bad(diag, where, "hardware", "unknown hardware id");
    return AW_OK;
}

aw_status aw__training_from_json(const aw_catalog *cat, const json_t *obj, const char *where,
                                 struct aw__training *out, struct aw_diag *diag)
{
    static const char *const keys[] = {"gpus",  "days",     "hours",  "power_w_per_gpu",
                                       "accelerator_power_w", "pue", "hardware",
                                       "params", "tokens"};
    TRY(only_keys(obj, where, keys, sizeof keys / sizeof keys[0], diag));
    double days, pue;
    const struct aw_hardware *hw;
    TRY(positive(obj, where, "gpus", 1, &out->gpus, diag));
    TRY(positive(obj, where, "days", 0, &days, diag));
    TRY(positive(obj, where, "hours", 0, &out->hours, diag));
    if (isnan(days) == isnan(out->hours))
        return bad(diag, where, "days", "give \"days\" or \"hours\" (one of them)");
    if (!isnan(days))
        out->hours = days * 24.0;
    double server_w, acc_w;
    TRY(positive(obj, where, "power_w_per_gpu", 1, &server_w, diag));
    TRY(positive(obj, where, "accelerator_power_w", 0, &acc_w, diag));
    TRY(positive(obj, where, "pue", 0, &pue, diag));
    if (!isnan(pue) && pue < 1.0)
        return bad(diag, where, "pue", "must be 1.0 or more");
    TRY(positive(obj, where, "params", 0, &out->params, diag));
    TRY(positive(obj, where, "tokens", 0, &out->tokens, diag));
    TRY(hardware(cat, obj, where, 0, &hw, diag));
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

aw_status aw__training_estimate(const aw_catalog *cat, const json_t *obj, const char *where,
                                struct aw__training *out, struct aw_diag *diag)
{
    static const char *const keys[] = {"model", "tokens", "hardware", "gpus", "datacenter",
                                       "mfu"};
    TRY(only_keys(obj, where, keys, sizeof keys / sizeof keys[0], diag));
    struct aw_train_request req;
    aw_train_request_init(&req);
    req.model_id = json_string_value(json_object_get(obj, "model"));
    if (req.model_id == NULL)
        return bad(diag, where, "model", "missing or not a string");
    const json_t *v = json_object_get(obj, "hardware");
    if (v != NULL && (req.hardware_id = json_string_value(v)) == NULL)
        return bad(diag, where, "hardware", "must be a string");
    v = json_object_get(obj, "datacenter");
    if (v != NULL && (req.datacenter_id = json_string_value(v)) == NULL)
        return bad(diag, where, "datacenter", "must be a string");
    double mfu;
    /* Tokens make the estimator work from FLOPs, not from a preset's
     * published GPU time: aiwatt's own estimate of the run. */
    TRY(positive(obj, where, "tokens", 1, &req.tokens, diag));
    TRY(positive(obj, where, "gpus", 0, &req.gpus, diag));
    TRY(positive(obj, where, "mfu", 0, &mfu, diag));
    if (!isnan(mfu))
        req.mfu = mfu;
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
