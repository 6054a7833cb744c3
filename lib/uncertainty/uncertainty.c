/*
 * uncertainty.c - Monte Carlo over uncertain inputs (GSL's generators and
 * quantiles) and the one-at-a-time sensitivity tornado. The distributions
 * and defaults are in docs/methodology.md, "Uncertainty".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <jansson.h>
#include "uncertain_internal.h"
#include "catalog/catalog_internal.h"

static const char *const dist_names[] = {"triangular", "log-triangular", "uniform", "lognormal"};

const char *aw_dist_name(enum aw_dist d)
{
    return aw__name_of(dist_names, AW__COUNT(dist_names), (int)d);
}

int aw_dist_from_name(const char *name)
{
    return aw__name_index(dist_names, AW__COUNT(dist_names), name);
}

int aw_uncertain_find(const struct aw_uncertain_set *set, const char *name)
{
    for (size_t i = 0; set != NULL && i < set->n; i++) {
        if (strcmp(set->inputs[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

int aw__uncertain_push(struct aw_uncertain_set *set, const char *name, const char *source,
                       double value, double low, double high, int dist, int target,
                       size_t offset)
{
    if (set == NULL || set->n >= AW_UNCERTAIN_MAX || !(low < high) || !(low <= value) ||
        !(value <= high) || !isfinite(low) || !isfinite(high))
        return -1;
    struct aw_uncertain_input *in = &set->inputs[set->n];
    memset(in, 0, sizeof *in);
    snprintf(in->name, sizeof in->name, "%s", name);
    in->source = source != NULL ? source : "";
    in->value = value;
    in->low = low;
    in->high = high;
    if (dist < 0)
        dist = low > 0 && high > 3.0 * low ? AW_DIST_LOG_TRIANGULAR : AW_DIST_TRIANGULAR;
    /* Log-space distributions need a positive range. */
    if ((dist == AW_DIST_LOG_TRIANGULAR || dist == AW_DIST_LOGNORMAL) && !(low > 0))
        dist = AW_DIST_TRIANGULAR;
    in->dist = (enum aw_dist)dist;
    in->target = target;
    in->offset = offset;
    return (int)set->n++;
}

int aw__uncertain_push_num(struct aw_uncertain_set *set, const char *name,
                           const struct aw_num *num, const aw_catalog *cat,
                           enum aw_section section, const char *id, int target,
                           size_t offset)
{
    if (set == NULL || num == NULL || !num->set)
        return -1;
    const char *source = num->source;
    if (source == NULL) {
        const struct aw__catalog_entry *e = aw__catalog_entry_find(cat, section, id);
        source = e != NULL ? e->source : NULL;
    }
    return aw__uncertain_push(set, name, source, num->value, num->low, num->high,
                              aw_dist_from_name(num->distribution), target, offset);
}

/* ---- Distributions ------------------------------------------------------- */

/* Inverse CDF of the triangular distribution over [a, b] with mode c. */
static double triangular(double u, double a, double c, double b)
{
    if (!(b > a))
        return a;
    double fc = (c - a) / (b - a);
    if (u < fc)
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1.0 - u) * (b - a) * (b - c));
}

/* z of the 95th percentile of the standard normal. */
#define Z95 1.6448536269514722

double aw_uncertain_quantile(const struct aw_uncertain_input *in, double u, double z)
{
    switch (in->dist) {
    case AW_DIST_LOG_TRIANGULAR:
        return exp(triangular(u, log(in->low), log(in->value), log(in->high)));
    case AW_DIST_UNIFORM:
        return in->low + u * (in->high - in->low);
    case AW_DIST_LOGNORMAL: {
        /* Two-sided: the median is `value`, low and high its 5th and 95th
         * percentiles (so an asymmetric range keeps both ends). */
        double sigma = z < 0 ? log(in->value / in->low) / Z95 : log(in->high / in->value) / Z95;
        return in->value * exp(z * sigma);
    }
    case AW_DIST_TRIANGULAR:
    default:
        return triangular(u, in->low, in->value, in->high);
    }
}

/* An input's distribution with its logarithms taken once per run, not per
 * draw (the log-space distributions would otherwise dominate a draw). */
struct prepared {
    const struct aw_uncertain_input *in;
    struct aw_uncertain_input log_space; /* log-triangular: triangular over the logs */
};

static void prepare(struct prepared *p, const struct aw_uncertain_input *in)
{
    p->in = in;
    if (in->dist == AW_DIST_LOG_TRIANGULAR) {
        p->log_space = *in;
        p->log_space.dist = AW_DIST_TRIANGULAR;
        p->log_space.low = log(in->low);
        p->log_space.value = log(in->value);
        p->log_space.high = log(in->high);
    }
}

static double draw(const struct prepared *p, gsl_rng *rng)
{
    const struct aw_uncertain_input *in = p->in;
    double v;
    if (in->dist == AW_DIST_LOGNORMAL)
        v = aw_uncertain_quantile(in, 0.5, gsl_ran_ugaussian(rng));
    else if (in->dist == AW_DIST_LOG_TRIANGULAR)
        v = exp(aw_uncertain_quantile(&p->log_space, gsl_rng_uniform(rng), 0.0));
    else
        v = aw_uncertain_quantile(in, gsl_rng_uniform(rng), 0.0);
    if (in->integer)
        v = round(v) < 1 ? 1 : round(v);
    return v;
}

/* ---- Monte Carlo ------------------------------------------------------- */

enum { OUT_ACC, OUT_SERVER, OUT_IT, OUT_FACILITY, OUT_CO2, OUT_WATER, OUT_COUNT };

/* The k-th smallest of data[0..n) moved to data[k], smaller ones before it
 * and larger ones after (Hoare's selection with a median-of-three pivot):
 * linear time on average, where a full sort of 1e6 draws is n log n. */
static void select_kth(double *data, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        double a = data[lo], b = data[mid], c = data[hi];
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = lo, j = hi;
        while (i <= j) {
            while (data[i] < pivot)
                i++;
            while (data[j] > pivot)
                j--;
            if (i <= j) {
                double t = data[i];
                data[i] = data[j];
                data[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        /* Now data[lo..j] <= pivot <= data[i..hi], and j < i. */
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

static double min_of(const double *data, size_t n)
{
    double m = data[0];
    for (size_t i = 1; i < n; i++)
        if (data[i] < m)
            m = data[i];
    return m;
}

/* The quantile at fraction f as GSL's gsl_stats_quantile_from_sorted_data
 * defines it (linear between the order statistics at floor and ceil of
 * (n-1)f), from data that is partitioned but not sorted, so the three
 * quantiles cost a few linear passes, not a sort. Selecting p5, then p50
 * and p95 in the part above it, keeps the earlier partitions valid. */
static double select_quantile(double *data, size_t n, size_t from, double f)
{
    double index = (double)(n - 1) * f;
    size_t lhs = (size_t)index;
    double delta = index - (double)lhs;
    select_kth(data + from, n - from, lhs - from);
    double low = data[lhs];
    if (delta == 0.0 || lhs + 1 >= n)
        return low;
    return (1 - delta) * low + delta * min_of(data + lhs + 1, n - lhs - 1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { QUANTILE_COUNT = 3, SAMPLE_SIZE = 2048 };
static const double quantile_fraction[QUANTILE_COUNT] = {0.05, 0.50, 0.95};

/* The three quantiles in one pass over the draws (Floyd and Rivest's idea):
 * a sorted sample of 2,048 draws brackets each wanted order statistic
 * between two sample values, four standard deviations of the sample rank
 * either side; one pass counts the draws below each bracket and copies those
 * inside it, and a selection in the copy (a few percent of N) finds the
 * order statistic. The answer is exact; when a bracket misses (about once in
 * 10^4 runs) that quantile falls back to selection over all the draws. Six
 * outputs of a million draws: ~30 ms, where selection alone takes ~240 ms
 * (mispredicted branches) and a sort ~1 s. Returns 0 when out of memory. */
static int quantiles_by_bracket(double *data, size_t n, double out[QUANTILE_COUNT])
{
    double sample[SAMPLE_SIZE];
    size_t stride = n / SAMPLE_SIZE;
    for (size_t i = 0; i < SAMPLE_SIZE; i++)
        sample[i] = data[i * stride];
    qsort(sample, SAMPLE_SIZE, sizeof *sample, cmp_double);

    double lo[QUANTILE_COUNT], hi[QUANTILE_COUNT];
    size_t below[QUANTILE_COUNT] = {0}, len[QUANTILE_COUNT] = {0};
    size_t cap = n / 4;
    double *copy = malloc(sizeof(double) * cap * QUANTILE_COUNT);
    if (copy == NULL)
        return 0;
    for (int j = 0; j < QUANTILE_COUNT; j++) {
        double f = quantile_fraction[j];
        double rank = f * (SAMPLE_SIZE - 1);
        double spread = 4 * sqrt(SAMPLE_SIZE * f * (1 - f)) + 8;
        lo[j] = rank - spread <= 0 ? -HUGE_VAL : sample[(size_t)(rank - spread)];
        hi[j] = rank + spread >= SAMPLE_SIZE - 1 ? HUGE_VAL : sample[(size_t)(rank + spread) + 1];
    }
    int overflow = 0;
    for (size_t i = 0; i < n; i++) {
        double x = data[i];
        for (int j = 0; j < QUANTILE_COUNT; j++) {
            if (x < lo[j])
                below[j]++;
            else if (x <= hi[j]) {
                if (len[j] == cap) {
                    overflow = 1;
                    break;
                }
                copy[j * cap + len[j]++] = x;
            }
        }
    }
    for (int j = 0; j < QUANTILE_COUNT; j++) {
        double index = (double)(n - 1) * quantile_fraction[j];
        size_t k = (size_t)index;
        double delta = index - (double)k;
        size_t need = delta > 0 && k + 1 < n ? 2 : 1; /* order statistics k (and k+1) */
        if (overflow || below[j] > k || below[j] + len[j] < k + need) {
            out[j] = select_quantile(data, n, 0, quantile_fraction[j]);
            continue;
        }
        double *c = copy + j * cap;
        size_t at = k - below[j];
        select_kth(c, len[j], at);
        out[j] = need == 2 ? (1 - delta) * c[at] + delta * min_of(c + at + 1, len[j] - at - 1)
                           : c[at];
    }
    free(copy);
    return 1;
}

static void quantiles(double *data, size_t n, struct aw_quantiles *q)
{
    q->mean = gsl_stats_mean(data, 1, n);
    double v[QUANTILE_COUNT];
    if (n >= 8 * SAMPLE_SIZE && quantiles_by_bracket(data, n, v)) {
        q->p5 = v[0];
        q->p50 = v[1];
        q->p95 = v[2];
        return;
    }
    q->p5 = select_quantile(data, n, 0, 0.05);
    size_t at5 = (size_t)((double)(n - 1) * 0.05);
    q->p50 = select_quantile(data, n, at5, 0.50);
    size_t at50 = (size_t)((double)(n - 1) * 0.50);
    q->p95 = select_quantile(data, n, at50, 0.95);
}

aw_status aw_uncertainty_run(const struct aw_uncertain_set *set, aw_outcome_fn fn, void *ctx,
                             size_t n, unsigned long seed, struct aw_uncertainty *out,
                             struct aw_diag *diag)
{
    return aw_uncertainty_run_progress(set, fn, ctx, n, seed, NULL, NULL, out, diag);
}

aw_status aw_uncertainty_run_progress(const struct aw_uncertain_set *set, aw_outcome_fn fn,
                                      void *ctx, size_t n, unsigned long seed,
                                      aw_progress_fn progress, void *progress_ctx,
                                      struct aw_uncertainty *out, struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    if (set == NULL || fn == NULL || set->n > AW_UNCERTAIN_MAX)
        return aw__fail(diag, AW_E_INVALID, "no model to run");
    if (n < 1 || n > AW_UNCERTAINTY_MAX_SAMPLES) {
        aw__hint(diag, "give between 1 and %d draws (100000 is plenty for p5/p95)",
                 AW_UNCERTAINTY_MAX_SAMPLES);
        return aw__fail(diag, AW_E_RANGE, "%zu draws is not possible", n);
    }
    double *buf = malloc(sizeof(double) * OUT_COUNT * n);
    if (buf == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory for %zu draws", n);
    /* The generator is put together here rather than by gsl_rng_alloc,
     * whose failure path calls GSL's process-wide error handler (abort by
     * default): the library neither exits nor touches process-wide state.
     * gsl_rng_set is the documented way to seed a struct gsl_rng. */
    gsl_rng rng_storage = {gsl_rng_mt19937, malloc(gsl_rng_mt19937->size)};
    gsl_rng *rng = &rng_storage;
    if (rng->state == NULL) {
        free(buf);
        return aw__fail(diag, AW_E_NOMEM, "out of memory for the random generator");
    }
    gsl_rng_set(rng, seed);

    double x[AW_UNCERTAIN_MAX];
    size_t m = 0;
    struct prepared prep[AW_UNCERTAIN_MAX];
    for (size_t k = 0; k < set->n; k++)
        prepare(&prep[k], &set->inputs[k]);
    aw_status last = AW_OK;
    for (size_t i = 0; i < n; i++) {
        if (progress != NULL && i % AW_PROGRESS_EVERY == 0)
            progress(progress_ctx, i, n);
        for (size_t k = 0; k < set->n; k++)
            x[k] = draw(&prep[k], rng);
        struct aw_outcome o;
        aw_status st = fn(ctx, x, &o);
        if (st != AW_OK || !isfinite(o.wh.facility_wh)) {
            last = st != AW_OK ? st : AW_E_RANGE;
            out->failed++;
            continue;
        }
        buf[OUT_ACC * n + m] = o.wh.accelerator_wh;
        buf[OUT_SERVER * n + m] = o.wh.server_wh;
        buf[OUT_IT * n + m] = o.wh.it_wh;
        buf[OUT_FACILITY * n + m] = o.wh.facility_wh;
        buf[OUT_CO2 * n + m] = o.co2_g;
        buf[OUT_WATER * n + m] = o.water_ml;
        m++;
    }
    free(rng->state);
    if (progress != NULL)
        progress(progress_ctx, n, n);
    out->seed = seed;
    out->samples = m;
    if (m == 0 || out->failed * 2 > n) {
        free(buf);
        aw__hint(diag, "fix the inputs the draws vary (e.g. give --gpus so the model fits)");
        return aw__fail(diag, last, "%zu of %zu draws could not be estimated (%s)", out->failed,
                        n, aw_strerror(last));
    }
    quantiles(buf + OUT_ACC * n, m, &out->accelerator);
    quantiles(buf + OUT_SERVER * n, m, &out->server);
    quantiles(buf + OUT_IT * n, m, &out->it);
    quantiles(buf + OUT_FACILITY * n, m, &out->facility);
    quantiles(buf + OUT_CO2 * n, m, &out->co2_g);
    quantiles(buf + OUT_WATER * n, m, &out->water_ml);
    free(buf);
    return AW_OK;
}

/* ---- Sensitivity --------------------------------------------------------- */

static int by_swing(const void *a, const void *b)
{
    const struct aw_sensitivity_row *ra = a, *rb = b;
    double sa = isnan(ra->swing_wh) ? -1 : ra->swing_wh;
    double sb = isnan(rb->swing_wh) ? -1 : rb->swing_wh;
    if (sa != sb)
        return sa < sb ? 1 : -1;
    return strcmp(ra->name, rb->name);
}

aw_status aw__binding_run(const struct aw__binding *b, const aw_catalog *cat, const void *req,
                          int tornado, size_t n, unsigned long seed,
                          struct aw_uncertainty *mc, struct aw_sensitivity *sens,
                          struct aw_diag *diag)
{
    void *model = malloc(b->size);
    if (model == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    aw_status st = b->init(model, cat, req, diag);
    const struct aw_uncertain_set *set =
        (const struct aw_uncertain_set *)((const char *)model + b->set_offset);
    if (st == AW_OK && tornado)
        st = aw_sensitivity_run(set, b->eval, model, sens, diag);
    else if (st == AW_OK)
        st = aw_uncertainty_run(set, b->eval, model, n, seed, mc, diag);
    free(model);
    return st;
}

aw_status aw_sensitivity_run(const struct aw_uncertain_set *set, aw_outcome_fn fn, void *ctx,
                             struct aw_sensitivity *out, struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    if (set == NULL || fn == NULL || set->n > AW_UNCERTAIN_MAX)
        return aw__fail(diag, AW_E_INVALID, "no model to run");
    double x[AW_UNCERTAIN_MAX];
    for (size_t k = 0; k < set->n; k++)
        x[k] = set->inputs[k].value;
    struct aw_outcome o;
    aw_status st = fn(ctx, x, &o);
    if (st != AW_OK)
        return aw__fail(diag, st, "the central estimate failed (%s)", aw_strerror(st));
    out->facility_wh = o.wh.facility_wh;
    for (size_t k = 0; k < set->n; k++) {
        const struct aw_uncertain_input *in = &set->inputs[k];
        struct aw_sensitivity_row *row = &out->rows[out->n++];
        snprintf(row->name, sizeof row->name, "%s", in->name);
        row->source = in->source;
        row->low = in->low;
        row->value = in->value;
        row->high = in->high;
        x[k] = in->integer ? round(in->low) : in->low;
        row->facility_wh_at_low = fn(ctx, x, &o) == AW_OK ? o.wh.facility_wh : NAN;
        x[k] = in->integer ? round(in->high) : in->high;
        row->facility_wh_at_high = fn(ctx, x, &o) == AW_OK ? o.wh.facility_wh : NAN;
        x[k] = in->value;
        /* A side the model refuses (e.g. does not fit) counts from the
         * central value. */
        double lo = isnan(row->facility_wh_at_low) ? out->facility_wh : row->facility_wh_at_low;
        double hi = isnan(row->facility_wh_at_high) ? out->facility_wh : row->facility_wh_at_high;
        row->swing_wh = fabs(hi - lo);
    }
    qsort(out->rows, out->n, sizeof out->rows[0], by_swing);
    return AW_OK;
}
