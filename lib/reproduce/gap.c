/*
 * gap.c - why a published figure and aiwatt's own estimate differ, computed.
 *
 * Both sides are written as the same product,
 *
 *   E_b = GPU-seconds x accelerator power x (server / accelerator)
 *         x (it / server) x (facility / it)          truncated at boundary b
 *   GPU-seconds = tokens x active parameters / peak / utilisation
 *
 * and each factor is the published side's term over aiwatt's. A factor the
 * published side does not disclose is merged into the next coarser one
 * (tokens, model and hardware into "GPU time"; GPU time and power into
 * "accelerator energy"; everything into "scope"). With the boundary factor
 * (aiwatt's energy at the published boundary over its facility total) and
 * the reproduction's residual, the factors multiply exactly to published /
 * aiwatt's facility estimate. The reason line names the largest factor and
 * the next one, with their numbers: it is written from this decomposition,
 * never per reference.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "reproduce_internal.h"

/* Below this the figure and the estimate agree and no factor is named. */
#define GAP_NEGLIGIBLE 1.15
/* A second factor is named when it is at least this large. */
#define GAP_SECOND 1.25

static int known(double v) { return isfinite(v) && v > 0; }

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void add(struct aw_reproduction *out, const char *factor, double ratio, const char *fmt,
                ...)
{
    if (!known(ratio) || fabs(log(ratio)) < 1e-3 || out->n_factors == AW_GAP_MAX_FACTORS)
        return;
    struct aw_gap_factor *f = &out->factors[out->n_factors++];
    f->factor = factor;
    f->ratio = ratio;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->text, sizeof f->text, fmt, ap);
    va_end(ap);
}

/* Effective FLOP utilisation: the request's FLOPs over what the GPU-seconds
 * could do at peak. */
static double utilisation(const struct aw__side *s)
{
    double flop = known(s->flop) ? s->flop : 2.0 * s->params_active * s->tokens;
    return flop / (s->gpu_seconds * s->peak_tflops * 1e12);
}

/* An energy with a readable unit: "0.302 Wh", "1.29 GWh". */
static const char *energy(char *buf, size_t size, double wh)
{
    const struct aw_unit *u = aw_unit_readable(AW_UNIT_ENERGY, wh);
    snprintf(buf, size, "%.3g %s", wh / u->to_base, u->name);
    return buf;
}

/* "12.8 GPU-s" or, for training runs, "3.55e+06 GPU-hours". */
static void gpu_time_text(char *buf, size_t size, double gpu_s)
{
    if (gpu_s >= 1e6)
        snprintf(buf, size, "%.3g GPU-hours", gpu_s / 3600.0);
    else
        snprintf(buf, size, "%.3g GPU-s", gpu_s);
}

/* The GPU time charged to a request, split as far as both sides allow. */
static void gpu_time(const struct aw__side *t, const struct aw__side *o,
                     struct aw_reproduction *out)
{
    double rest = t->gpu_seconds / o->gpu_seconds;
    int split = 0;
    if (known(t->tokens) && known(o->tokens)) {
        add(out, "tokens", t->tokens / o->tokens, "%.4g tokens vs %.4g in aiwatt's request",
            t->tokens, o->tokens);
        rest /= t->tokens / o->tokens;
        split++;
    }
    if (known(t->params_active) && known(o->params_active)) {
        add(out, "model size", t->params_active / o->params_active,
            "%.3gB active parameters vs %.3gB", t->params_active / 1e9, o->params_active / 1e9);
        rest /= t->params_active / o->params_active;
        split++;
    }
    if (known(t->peak_tflops) && known(o->peak_tflops)) {
        /* The same chip at another peak is a precision choice, not a
         * hardware generation. */
        int same_chip = t->hardware && o->hardware && strcmp(t->hardware, o->hardware) == 0;
        add(out, same_chip ? "precision" : "hardware", o->peak_tflops / t->peak_tflops,
            "%s %s peak %.0f TFLOP/s vs %s %s %.0f TFLOP/s", t->hardware ? t->hardware : "?",
            t->precision ? t->precision : "", t->peak_tflops, o->hardware ? o->hardware : "?",
            o->precision ? o->precision : "", o->peak_tflops);
        rest /= o->peak_tflops / t->peak_tflops;
        split++;
    }
    char tt[32], ot[32];
    gpu_time_text(tt, sizeof tt, t->gpu_seconds);
    gpu_time_text(ot, sizeof ot, o->gpu_seconds);
    if (split == 3) {
        const char *name = t->batch > 0 || o->batch > 0 ? "utilisation and batch" : "utilisation";
        add(out, name, rest, "%.1f%% effective FLOP utilisation, %s (%s) vs %.1f%%, %s (%s)",
            100 * utilisation(t), tt, t->detail, 100 * utilisation(o), ot, o->detail);
    } else {
        add(out, "GPU time", rest, "%s per request (%s) vs %s (%s)", tt, t->detail, ot,
            o->detail);
    }
}

static void like_for_like(const struct aw__side *t, const struct aw__side *o, enum aw_boundary b,
                          struct aw_reproduction *out)
{
    const struct aw_ladder *tw = &t->wh, *ow = &o->wh;
    char e1[32], e2[32];
    int acc = known(tw->accelerator_wh) && known(ow->accelerator_wh);
    int time = known(t->gpu_seconds) && known(o->gpu_seconds);
    if (time) {
        gpu_time(t, o, out);
        if (acc) {
            double tp = tw->accelerator_wh * 3600 / t->gpu_seconds;
            double op = ow->accelerator_wh * 3600 / o->gpu_seconds;
            add(out, "load", tp / op, "%.0f W average per accelerator vs %.0f W", tp, op);
        }
    } else if (acc) {
        add(out, "accelerator energy", tw->accelerator_wh / ow->accelerator_wh,
            "%s of accelerator energy vs %s", energy(e1, sizeof e1, tw->accelerator_wh),
            energy(e2, sizeof e2, ow->accelerator_wh));
    }
    if (b == AW_BOUNDARY_ACCELERATOR)
        return;
    if (acc) {
        double th = tw->server_wh / tw->accelerator_wh, oh = ow->server_wh / ow->accelerator_wh;
        add(out, "host", th / oh, "servers add %.0f%% to accelerator energy vs %.0f%%",
            100 * (th - 1), 100 * (oh - 1));
    } else if (time) {
        double tp = tw->server_wh * 3600 / t->gpu_seconds;
        double op = ow->server_wh * 3600 / o->gpu_seconds;
        add(out, "server power", tp / op, "%.0f W per GPU with its host share vs %.0f W", tp, op);
    } else {
        add(out, "server energy", tw->server_wh / ow->server_wh, "%s at the server boundary vs %s",
            energy(e1, sizeof e1, tw->server_wh), energy(e2, sizeof e2, ow->server_wh));
    }
    if (b == AW_BOUNDARY_SERVER)
        return;
    double tr = tw->it_wh / tw->server_wh, orr = ow->it_wh / ow->server_wh;
    if (t->fleet)
        add(out, "reserve", tr / orr, "idle and reserve servers inside the fleet's GPU time vs "
            "+%.0f%%", 100 * (orr - 1));
    else if (t->training || o->training)
        add(out, "overhead", tr / orr, "restarts, evaluations and idle GPUs +%.0f%% vs +%.0f%%",
            100 * (tr - 1), 100 * (orr - 1));
    else
        add(out, "reserve", tr / orr, "idle and reserve capacity +%.0f%% vs +%.0f%%",
            100 * (tr - 1), 100 * (orr - 1));
    if (b == AW_BOUNDARY_IT)
        return;
    double tp = tw->facility_wh / tw->it_wh, op = ow->facility_wh / ow->it_wh;
    add(out, "PUE", tp / op, "PUE %.2f vs %.2f", tp, op);
}

/* The largest factor (by |log|) other than the reproduction residual and
 * `skip`; NULL when none. */
static const struct aw_gap_factor *largest(const struct aw_reproduction *out,
                                           const struct aw_gap_factor *skip)
{
    const struct aw_gap_factor *best = NULL;
    for (size_t i = 0; i < out->n_factors; i++) {
        const struct aw_gap_factor *f = &out->factors[i];
        if (f == skip || strcmp(f->factor, "reproduction") == 0)
            continue;
        if (best == NULL || fabs(log(f->ratio)) > fabs(log(best->ratio)))
            best = f;
    }
    return best;
}

void aw__gap_decompose(const struct aw__side *theirs, const struct aw__side *ours,
                       enum aw_boundary b, double published_wh, const char *scope,
                       struct aw_reproduction *out)
{
    if (b == AW_BOUNDARY_UNSPECIFIED)
        b = AW_BOUNDARY_FACILITY;
    double own_fac = ours->wh.facility_wh;
    double own_b = aw_ladder_at(&ours->wh, b);
    char e1[32], e2[32];
    out->n_factors = 0;
    if (b != AW_BOUNDARY_FACILITY)
        add(out, "boundary", own_b / own_fac,
            "the figure stops at the %s boundary; aiwatt's facility total %s is %.2fx its %s "
            "energy",
            aw_boundary_name(b), energy(e1, sizeof e1, own_fac), own_fac / own_b,
            aw_boundary_name(b));
    double theirs_b = theirs ? aw_ladder_at(&theirs->wh, b) : NAN;
    if (known(theirs_b)) {
        like_for_like(theirs, ours, b, out);
        add(out, "reproduction", published_wh / theirs_b,
            "the authors' method as aiwatt runs it gives %s vs %s published",
            energy(e1, sizeof e1, theirs_b), energy(e2, sizeof e2, published_wh));
    } else {
        add(out, "scope", published_wh / own_b,
            "nothing disclosed beyond the number; aiwatt's %s estimate is %s for %s",
            aw_boundary_name(b), energy(e1, sizeof e1, own_b), scope);
    }

    double gap = published_wh / own_fac;
    const struct aw_gap_factor *first = largest(out, NULL);
    if (first == NULL || (fabs(log(gap)) < log(GAP_NEGLIGIBLE) &&
                          fabs(log(first->ratio)) < log(GAP_NEGLIGIBLE))) {
        snprintf(out->reason, sizeof out->reason,
                 "agreement: published %s vs aiwatt's facility estimate %s (x%.2f), no "
                 "factor above %.2fx",
                 energy(e1, sizeof e1, published_wh), energy(e2, sizeof e2, own_fac), gap,
                 GAP_NEGLIGIBLE);
        return;
    }
    const struct aw_gap_factor *second = largest(out, first);
    int n = snprintf(out->reason, sizeof out->reason,
                     "published / aiwatt's facility estimate = %.2f; main factor: %s x%.2f (%s)",
                     gap, first->factor, first->ratio, first->text);
    if (second != NULL && fabs(log(second->ratio)) >= log(GAP_SECOND) && n > 0 &&
        (size_t)n < sizeof out->reason)
        snprintf(out->reason + n, sizeof out->reason - (size_t)n, "; then %s x%.2f",
                 second->factor, second->ratio);
}
