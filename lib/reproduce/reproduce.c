/*
 * reproduce.c - `aiwatt reproduce`: a published figure, run again with its
 * authors' method and assumptions (from the reference's scenario, as data),
 * next to aiwatt's own estimate of the same request, and the gap between
 * them decomposed (gap.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "reproduce_internal.h"

/* Verdicts: within 5 % of the published value "reproduced" (the scenario
 * is the published method), within 25 % "close". */
#define REPRO_TOLERANCE 0.05
#define REPRO_CLOSE 0.25

static aw_status wrap(aw_status st, struct aw_diag *diag, const char *id, const char *part)
{
    if (st == AW_OK || diag == NULL)
        return st;
    char msg[AW_DIAG_SIZE];
    snprintf(msg, sizeof msg, "%s", diag->msg);
    return aw__fail(diag, st, "references '%s': %s: %s", id, part, msg);
}

/* Runs a scenario request (the authors' with their method, or aiwatt's own
 * with the roofline). */
static aw_status run_request(const aw_catalog *cat, const struct aw__reference_record *r,
                             const char *key, enum aw_method method, struct aw_estimate *est,
                             struct aw_diag *diag)
{
    struct aw_request req;
    struct aw_method_params mp;
    char where[96];
    snprintf(where, sizeof where, "references '%s': scenario.%s", r->id, key);
    aw_request_init(&req);
    aw_method_params_init(&mp);
    const struct aw__catalog_request *settings =
        strcmp(key, "request") == 0 ? &r->request : &r->estimate;
    TRY(aw__request_from_settings(settings, &req, where, AW_CMD_ESTIMATE, diag));
    if (method != AW_METHOD_ROOFLINE)
        aw__method_params_from_record(r, &mp);
    req.method = method;
    req.method_params = &mp;
    char part[32];
    snprintf(part, sizeof part, "scenario.%s", key);
    return wrap(aw_estimate_request(cat, &req, est, diag), diag, r->id, part);
}

/* A side of the comparison from an estimate (roofline or a method). */
static void side_from_estimate(const struct aw_estimate *e, struct aw__side *s)
{
    const struct aw_resolved *in = &e->inputs;
    memset(s, 0, sizeof *s);
    s->wh = e->wh;
    s->tokens = (double)(in->input_tokens + in->output_tokens + in->reasoning_tokens);
    s->params_active = in->params_active;
    s->peak_tflops = in->peak_tflops_per_gpu;
    s->hardware = in->hardware_id;
    s->precision = in->compute_precision;
    s->flop = NAN;
    s->batch = in->batch;
    if (strcmp(in->method, "roofline") == 0) {
        s->gpu_seconds = in->gpus * (in->text.prefill_s + in->text.decode_s / in->batch);
        snprintf(s->detail, sizeof s->detail, "%d GPUs x (%.3g s prefill + %.3g s decode / %d)",
                 in->gpus, in->text.prefill_s, in->text.decode_s, in->batch);
        return;
    }
    s->gpu_seconds = in->topdown.gpu_seconds;
    s->batch = 0;
    if (strcmp(in->method, "flops") == 0) {
        s->flop = in->topdown.flop;
        snprintf(s->detail, sizeof s->detail, "%.3g FLOP at %.2f of %.0f TFLOP/s", in->topdown.flop,
                 in->topdown.flop_utilisation, in->peak_tflops_per_gpu);
    } else if (strcmp(in->method, "nameplate") == 0) {
        /* A fleet total: the request's tokens and model are not inputs. */
        s->tokens = NAN;
        s->params_active = NAN;
        s->fleet = 1;
        snprintf(s->detail, sizeof s->detail, "%.0f GPUs x %.0f h / %.3g requests",
                 in->topdown.servers * in->gpus, in->topdown.hours, in->topdown.requests);
    } else if (strcmp(in->method, "ecologits") == 0) {
        s->tokens = (double)(in->output_tokens + in->reasoning_tokens);
        s->peak_tflops = NAN; /* a regression, not a roofline */
        s->batch = (int)in->topdown.ecologits_batch;
        snprintf(s->detail, sizeof s->detail, "%d GPUs x %.3g s latency / %d", in->gpus,
                 in->topdown.ecologits_latency_s, s->batch);
    }
}

static void side_from_training(const struct aw__training *t, struct aw__side *s)
{
    memset(s, 0, sizeof *s);
    s->wh = t->wh;
    s->tokens = t->tokens;
    s->params_active = t->params;
    s->peak_tflops = t->peak_tflops;
    s->hardware = t->hardware;
    s->precision = t->precision;
    s->gpu_seconds = t->gpus * t->hours * 3600.0;
    s->flop = 6.0 * t->params * t->tokens;
    s->training = 1;
    snprintf(s->detail, sizeof s->detail, "%.0f GPUs x %.0f h", t->gpus, t->hours);
}

/* A training side of a reference: the authors' run (its scenario.training)
 * or, with `estimate`, aiwatt's estimate of it (scenario.estimate_training). */
static aw_status training_side(const aw_catalog *cat, const struct aw__reference_record *sc,
                               int estimate, struct aw__training *t, struct aw__side *side,
                               struct aw_diag *diag)
{
    char where[96];
    snprintf(where, sizeof where, "references '%s': scenario.%s", sc->id,
             estimate ? "estimate_training" : "training");
    aw_status st = estimate ? aw__training_estimate(cat, sc, where, t, diag)
                            : aw__training_from_record(cat, sc, where, t, diag);
    if (st == AW_OK)
        side_from_training(t, side);
    return st;
}

static const char *verdict(double worst)
{
    if (worst <= REPRO_TOLERANCE)
        return "reproduced";
    if (worst <= REPRO_CLOSE)
        return "close";
    return "not reproduced";
}

static double off(double a, double b)
{
    return isfinite(a) && isfinite(b) && b != 0 ? fabs(a / b - 1.0) : 0;
}

aw_status aw_reproduce(const aw_catalog *cat, const char *id, struct aw_reproduction *out,
                       struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    out->reproduced = out->reproduced_low = out->reproduced_high = out->ratio = NAN;
    out->estimate_value = out->estimate_ratio = NAN;
    out->method_wh = out->estimate_wh =
        (struct aw_ladder){NAN, NAN, NAN, NAN};
    aw_status st = aw_reference_get(cat, id, &out->ref, diag);
    if (st != AW_OK)
        return st;
    const struct aw_reference *ref = &out->ref;
    id = ref->id;
    const struct aw__reference_record *sc = aw__reference_entry(cat, id);
    if (sc == NULL || !sc->has_scenario) {
        aw__hint(diag, "'aiwatt refs show %s' shows what was published; 'aiwatt reproduce' "
                       "with no id runs every reference that has a scenario", id);
        return aw__fail(diag, AW_E_INVALID, "reference '%s' has no scenario to reproduce", id);
    }
    if (ref->impact != NULL)
        return aw__impact_reproduce(cat, sc, out, diag); /* impact.c */
    double published_wh = ref->value * ref->unit_wh;
    struct aw__side theirs, ours;
    int have_theirs = 0, have_ours = 0;

    /* The authors' method. */
    if (ref->method != NULL && strcmp(ref->method, "training") == 0) {
        struct aw__training t;
        TRY(training_side(cat, sc, 0, &t, &theirs, diag));
        out->method_wh = theirs.wh;
        have_theirs = 1;
    } else if (ref->method != NULL) {
        st = run_request(cat, sc, "request", (enum aw_method)aw_method_from_name(ref->method),
                         &out->method_estimate, diag);
        if (st != AW_OK)
            return st;
        side_from_estimate(&out->method_estimate, &theirs);
        out->method_wh = out->method_estimate.wh;
        have_theirs = 1;
        if (out->method_estimate.inputs.topdown.has_range) {
            out->reproduced_low =
                aw_ladder_at(&out->method_estimate.inputs.topdown.wh_min, ref->boundary) /
                ref->unit_wh;
            out->reproduced_high =
                aw_ladder_at(&out->method_estimate.inputs.topdown.wh_max, ref->boundary) /
                ref->unit_wh;
        }
    } else if (ref->has_published_ladder) {
        /* No method, but the authors published their breakdown. */
        memset(&theirs, 0, sizeof theirs);
        theirs.wh = ref->published_wh;
        theirs.tokens = theirs.params_active = theirs.peak_tflops = NAN;
        theirs.gpu_seconds = theirs.flop = NAN;
        have_theirs = 1;
    }
    if (ref->method != NULL) {
        out->reproduced_set = 1;
        out->reproduced = aw_ladder_at(&out->method_wh, ref->boundary) / ref->unit_wh;
        out->ratio = out->reproduced / ref->value;
        double worst = off(out->reproduced, ref->value);
        double lo = off(out->reproduced_low, ref->low), hi = off(out->reproduced_high, ref->high);
        worst = lo > worst ? lo : worst;
        worst = hi > worst ? hi : worst;
        out->verdict = verdict(worst);
    } else {
        out->verdict = "compared";
    }

    /* aiwatt's own estimate of the same request. */
    char scope[160] = "";
    if (sc->estimate.given) {
        st = run_request(cat, sc, "estimate", AW_METHOD_ROOFLINE, &out->estimate, diag);
        if (st != AW_OK)
            return st;
        out->estimate_wh = out->estimate.wh;
        side_from_estimate(&out->estimate, &ours);
        const struct aw_resolved *in = &out->estimate.inputs;
        snprintf(scope, sizeof scope, "%s on %d x %s, %ld + %ld tokens, %s data centre",
                 in->model_id, in->gpus, in->hardware_id, in->input_tokens,
                 in->output_tokens + in->reasoning_tokens, in->datacenter_id);
        have_ours = 1;
    } else if (sc->has_estimate_training) {
        struct aw__training t;
        TRY(training_side(cat, sc, 1, &t, &ours, diag));
        out->estimate_wh = ours.wh;
        out->estimate_is_training = 1;
        snprintf(scope, sizeof scope, "the run on %.0f x %s at MFU %.2f", t.gpus, t.hardware,
                 t.mfu);
        have_ours = 1;
    }
    if (have_ours && ref->unit_wh > 0) {
        out->estimate_value = aw_ladder_at(&out->estimate_wh, ref->boundary) / ref->unit_wh;
        out->estimate_ratio = ref->value / out->estimate_value;
        aw__gap_decompose(have_theirs ? &theirs : NULL, &ours, ref->boundary, published_wh,
                          scope, out);
    } else {
        snprintf(out->reason, sizeof out->reason,
                 "no per-request estimate to compare with (the scenario names none)");
    }
    return AW_OK;
}
