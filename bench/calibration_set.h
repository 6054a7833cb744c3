/*
 * calibration_set.h - the estimator against the 386 ML.ENERGY v3 serving
 * configurations (tests/cases/mlenergy-v3-llm.csv, mapped by
 * tests/cases/mlenergy-v3-models.map): load, estimate every row, summarise
 * the ratios (estimate / measured) of throughput, power and energy per
 * token, refit the global constants and cross-validate leaving one model
 * family out. Shared by bench/calibration.c (prints) and
 * tests/unit/test_calibration_set.c (asserts); static functions only.
 */
#ifndef AIWATT_BENCH_CALIBRATION_SET_H
#define AIWATT_BENCH_CALIBRATION_SET_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"

#define CAL_MAX_ROWS 512
#define CAL_MAX_FAMILIES 16

struct cal_row {
    char hf_id[96];
    char task[32];
    char gpu[16];
    char precision[16];
    int gpus, tp, ep, batch_cap;
    double output_tokens;
    double tokens_per_s, power_w, j_per_token; /* measured */
    char model_id[48];                         /* catalog id ("" when skipped) */
    char family[32];
    int host_bound;
    /* filled by cal_eval */
    double est_tokens_per_s, est_power_w, est_j_per_token;
    int ok;
};

struct cal_set {
    struct cal_row rows[CAL_MAX_ROWS];
    int n;
    int skipped_models;    /* rows of models not modelled */
    int input_chat, input_gpqa;
    char families[CAL_MAX_FAMILIES][32];
    int n_families;
};

/* Copies src into dst of `size` bytes, truncating. */
static void cal_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memmove(dst, src, n);
    dst[n] = '\0';
}

static int cal_split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return n;
}

/* Reads the map, then the CSV. Returns 0 on success. */
static int cal_load(const char *csv_path, const char *map_path, struct cal_set *set)
{
    memset(set, 0, sizeof *set);
    FILE *m = fopen(map_path, "r");
    if (m == NULL)
        return -1;
    struct {
        char hf[96], id[48], fam[32];
    } models[64];
    int n_models = 0;
    char skips[16][96];
    int n_skips = 0;
    char host_task[32] = "", host_gpu[16] = "", host_ids[256] = "";
    char line[1024];
    while (fgets(line, sizeof line, m) != NULL) {
        char a[96], b[96], c[96], d[256];
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "input %95s %95s", a, b) == 2) {
            if (strcmp(a, "lm-arena-chat") == 0)
                set->input_chat = atoi(b);
            else if (strcmp(a, "gpqa") == 0)
                set->input_gpqa = atoi(b);
        } else if (sscanf(line, "model %95s %47s %31s", a, b, c) == 3 && n_models < 64) {
            cal_copy(models[n_models].hf, sizeof models[n_models].hf, a);
            cal_copy(models[n_models].id, sizeof models[n_models].id, b);
            cal_copy(models[n_models].fam, sizeof models[n_models].fam, c);
            n_models++;
        } else if (sscanf(line, "skip %95s", a) == 1 && n_skips < 16) {
            cal_copy(skips[n_skips++], sizeof skips[0], a);
        } else if (sscanf(line, "host-bound %31s %15s %255[^\n]", a, b, d) == 3) {
            cal_copy(host_task, sizeof host_task, a);
            cal_copy(host_gpu, sizeof host_gpu, b);
            host_ids[0] = ' ';
            cal_copy(host_ids + 1, sizeof host_ids - 2, d);
            strcat(host_ids, " ");
        }
    }
    fclose(m);
    FILE *f = fopen(csv_path, "r");
    if (f == NULL)
        return -1;
    int header = 1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (header) {
            header = 0;
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *fld[24];
        if (cal_split(line, fld, 24) != 20 || set->n >= CAL_MAX_ROWS) {
            fclose(f);
            return -1;
        }
        int skip = 0;
        for (int i = 0; i < n_skips; i++)
            skip |= strcmp(skips[i], fld[0]) == 0;
        if (skip) {
            set->skipped_models++;
            continue;
        }
        struct cal_row *r = &set->rows[set->n];
        memset(r, 0, sizeof *r);
        cal_copy(r->hf_id, sizeof r->hf_id, fld[0]);
        cal_copy(r->task, sizeof r->task, fld[1]);
        cal_copy(r->precision, sizeof r->precision, fld[3]);
        cal_copy(r->gpu, sizeof r->gpu, fld[6]);
        r->gpus = atoi(fld[7]);
        r->tp = atoi(fld[8]);
        r->ep = atoi(fld[9]);
        r->batch_cap = atoi(fld[11]);
        r->output_tokens = atof(fld[13]);
        r->tokens_per_s = atof(fld[16]);
        r->power_w = atof(fld[17]);
        r->j_per_token = atof(fld[18]);
        int found = 0;
        for (int i = 0; i < n_models; i++) {
            if (strcmp(models[i].hf, r->hf_id) == 0) {
                cal_copy(r->model_id, sizeof r->model_id, models[i].id);
                cal_copy(r->family, sizeof r->family, models[i].fam);
                found = 1;
            }
        }
        if (!found) {
            fclose(f);
            return -2; /* a model the map does not know */
        }
        char needle[64];
        snprintf(needle, sizeof needle, " %s ", r->model_id);
        r->host_bound = strcmp(r->task, host_task) == 0 && strcmp(r->gpu, host_gpu) == 0 &&
                        strstr(host_ids, needle) != NULL;
        int known = 0;
        for (int i = 0; i < set->n_families; i++)
            known |= strcmp(set->families[i], r->family) == 0;
        if (!known && set->n_families < CAL_MAX_FAMILIES)
            cal_copy(set->families[set->n_families++], sizeof set->families[0], r->family);
        set->n++;
    }
    fclose(f);
    return set->input_chat > 0 && set->input_gpqa > 0 ? 0 : -3;
}

/* Estimates one row as a user would: the row's model, GPU, parallel layout,
 * batch cap, precision and output length, the vLLM engine. */
static int cal_estimate(const aw_catalog *cat, const struct cal_set *set, struct cal_row *r,
                        const struct aw_assumptions *as)
{
    struct aw_request req;
    struct aw_estimate e;
    struct aw_diag diag;
    aw_request_init(&req);
    req.model_id = r->model_id;
    req.hardware_id = strcmp(r->gpu, "B200") == 0 ? "b200" : "h100-sxm";
    /* 0 in the CSV: not stated (the estimate's default) */
    req.gpus = r->gpus > 0 ? r->gpus : AW_UNSET;
    req.tp = r->tp > 0 ? r->tp : AW_UNSET;
    req.ep = r->ep > 0 ? r->ep : AW_UNSET;
    req.batch = r->batch_cap > 0 ? r->batch_cap : AW_UNSET;
    req.engine_id = "vllm";
    req.input_tokens = strcmp(r->task, "gpqa") == 0 ? set->input_gpqa : set->input_chat;
    req.output_tokens = (long)lround(r->output_tokens);
    req.precision = strcmp(r->precision, "fp8") == 0      ? AW_PREC_FP8
                    : strcmp(r->precision, "mxfp4") == 0 ? AW_PREC_FP4
                                                          : AW_PREC_BF16;
    req.assumptions = as;
    r->ok = aw_estimate_request(cat, &req, &e, &diag) == AW_OK &&
            e.inputs.text.replica_tokens_per_s > 0;
    if (!r->ok)
        return -1;
    r->est_tokens_per_s = e.inputs.text.replica_tokens_per_s;
    r->est_power_w = e.inputs.text.replica_power_w;
    r->est_j_per_token = r->est_power_w / r->est_tokens_per_s;
    return 0;
}

/* Which rows a pass uses. */
enum cal_pick { CAL_MODELLED, CAL_ALL };

static int cal_use(const struct cal_row *r, enum cal_pick pick, const char *family,
                   int family_in)
{
    if (pick == CAL_MODELLED && r->host_bound)
        return 0;
    if (family != NULL && (strcmp(r->family, family) == 0) != family_in)
        return 0;
    return 1;
}

/* Mean squared log error of throughput and power over the picked rows:
 * the fit's objective (energy per token is their ratio). */
static double cal_loss(const aw_catalog *cat, struct cal_set *set, const struct aw_assumptions *as,
                       enum cal_pick pick, const char *family, int family_in)
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < set->n; i++) {
        struct cal_row *r = &set->rows[i];
        if (!cal_use(r, pick, family, family_in))
            continue;
        if (cal_estimate(cat, set, r, as) != 0)
            return 1e9;
        double lt = log(r->est_tokens_per_s / r->tokens_per_s);
        double lp = log(r->est_power_w / r->power_w);
        sum += lt * lt + lp * lp;
        n++;
    }
    return n > 0 ? sum / n : 1e9;
}

/* Summary of ratios (estimate / measured) of one quantity. */
struct cal_stats {
    int n;
    double geomean;       /* bias */
    double median_factor; /* median of max(r, 1/r) */
    double within_1_5;    /* share of rows within x1.5 */
    double within_2;
};

enum cal_quantity { CAL_ENERGY, CAL_THROUGHPUT, CAL_POWER };

static double cal_ratio(const struct cal_row *r, enum cal_quantity q)
{
    switch (q) {
    case CAL_THROUGHPUT:
        return r->est_tokens_per_s / r->tokens_per_s;
    case CAL_POWER:
        return r->est_power_w / r->power_w;
    case CAL_ENERGY:
        break;
    }
    return r->est_j_per_token / r->j_per_token;
}

static int cal_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Stats over rows with ok set and `keep(row)` true; band: batch caps in
 * [lo, hi] (0, 0: all); gpu: NULL for all. */
static struct cal_stats cal_summary(const struct cal_row *rows, int n, enum cal_quantity q,
                                    int lo, int hi, const char *gpu)
{
    struct cal_stats s = {0};
    static double errs[CAL_MAX_ROWS];
    double log_sum = 0;
    int in15 = 0, in2 = 0;
    for (int i = 0; i < n; i++) {
        const struct cal_row *r = &rows[i];
        if (!r->ok || (hi > 0 && (r->batch_cap < lo || r->batch_cap > hi)) ||
            (gpu != NULL && strcmp(r->gpu, gpu) != 0))
            continue;
        double l = log(cal_ratio(r, q));
        log_sum += l;
        errs[s.n++] = fabs(l);
        in15 += fabs(l) <= log(1.5) + 1e-12;
        in2 += fabs(l) <= log(2.0) + 1e-12;
    }
    if (s.n == 0)
        return s;
    qsort(errs, (size_t)s.n, sizeof errs[0], cal_cmp_double);
    double med = s.n % 2 ? errs[s.n / 2] : (errs[s.n / 2 - 1] + errs[s.n / 2]) / 2;
    s.geomean = exp(log_sum / s.n);
    s.median_factor = exp(med);
    s.within_1_5 = (double)in15 / s.n;
    s.within_2 = (double)in2 / s.n;
    return s;
}

/* The global constants the calibration fits, as overrides in struct
 * aw_assumptions, with the bounds the fit may not leave (each bound is a
 * physical limit or the literature's range). */
struct cal_constant {
    const char *name;
    size_t offset;
    double start, low, high;
};

static const struct cal_constant cal_constants[] = {
    {"engine step_fixed_s (vllm)", offsetof(struct aw_assumptions, step_overhead_s), 0.00317, 0.0,
     0.01},
    {"engine per_sequence_s (vllm)", offsetof(struct aw_assumptions, engine_per_sequence_s),
     5.19e-5, 0.0, 4e-4},
    {"moe_fp8_layer_s (vllm)", offsetof(struct aw_assumptions, quant_overhead), 130e-6, 0.0, 5e-4},
    {"a2a_latency_s", offsetof(struct aw_assumptions, a2a_latency_s), 26e-6, 1e-6, 5e-4},
    {"link_efficiency", offsetof(struct aw_assumptions, link_efficiency), 0.45, 0.05, 1.0},
    {"activity memory", offsetof(struct aw_assumptions, power_membound_fraction), 0.71, 0.0, 1.0},
    {"activity compute", offsetof(struct aw_assumptions, power_prefill_fraction), 0.88, 0.0, 1.0},
    {"activity comm", offsetof(struct aw_assumptions, activity_comm), 0.34, 0.0, 1.0},
    {"activity engine", offsetof(struct aw_assumptions, activity_engine), 0.57, 0.0, 1.0},
    {"operator overlap exponent", offsetof(struct aw_assumptions, operator_overlap_exponent), 1.5,
     1.0, 8.0},
};
#define CAL_N_CONSTANTS (sizeof cal_constants / sizeof cal_constants[0])

static void cal_apply(struct aw_assumptions *as, const double *x)
{
    aw_assumptions_init(as);
    for (size_t i = 0; i < CAL_N_CONSTANTS; i++) {
        double v = x[i];
        if (v < cal_constants[i].low)
            v = cal_constants[i].low;
        if (v > cal_constants[i].high)
            v = cal_constants[i].high;
        *(double *)((char *)as + cal_constants[i].offset) = v;
    }
}

struct cal_fit_ctx {
    const aw_catalog *cat;
    struct cal_set *set;
    enum cal_pick pick;
    const char *family;
    int family_in;
};

static double cal_objective(struct cal_fit_ctx *c, const double *x)
{
    struct aw_assumptions as;
    double pen = 0;
    for (size_t i = 0; i < CAL_N_CONSTANTS; i++) {
        if (x[i] < cal_constants[i].low)
            pen += 1 + (cal_constants[i].low - x[i]) / (cal_constants[i].high + 1e-12);
        if (x[i] > cal_constants[i].high)
            pen += 1 + (x[i] - cal_constants[i].high) / (cal_constants[i].high + 1e-12);
    }
    cal_apply(&as, x);
    return cal_loss(c->cat, c->set, &as, c->pick, c->family, c->family_in) + pen;
}

/* Nelder-Mead from `x` (in place), `evals` objective evaluations at most.
 * Returns the best objective. */
static double cal_fit(struct cal_fit_ctx *c, double *x, int evals)
{
    enum { N = CAL_N_CONSTANTS };
    double p[N + 1][N], f[N + 1];
    for (int i = 0; i <= N; i++) {
        for (int j = 0; j < N; j++)
            p[i][j] = x[j];
        if (i > 0)
            p[i][i - 1] = x[i - 1] != 0 ? x[i - 1] * 1.25 : 1e-5;
        f[i] = cal_objective(c, p[i]);
    }
    int used = N + 1;
    while (used < evals) {
        /* order */
        for (int i = 0; i <= N; i++)
            for (int k = i + 1; k <= N; k++)
                if (f[k] < f[i]) {
                    double t = f[i];
                    f[i] = f[k];
                    f[k] = t;
                    for (int j = 0; j < N; j++) {
                        t = p[i][j];
                        p[i][j] = p[k][j];
                        p[k][j] = t;
                    }
                }
        double cen[N], xr[N], xe[N], xc[N];
        for (int j = 0; j < N; j++) {
            cen[j] = 0;
            for (int i = 0; i < N; i++)
                cen[j] += p[i][j] / N;
            xr[j] = cen[j] + (cen[j] - p[N][j]);
        }
        double fr = cal_objective(c, xr);
        used++;
        if (fr < f[0]) {
            for (int j = 0; j < N; j++)
                xe[j] = cen[j] + 2 * (cen[j] - p[N][j]);
            double fe = cal_objective(c, xe);
            used++;
            memcpy(p[N], fe < fr ? xe : xr, sizeof xe);
            f[N] = fe < fr ? fe : fr;
        } else if (fr < f[N - 1]) {
            memcpy(p[N], xr, sizeof xr);
            f[N] = fr;
        } else {
            for (int j = 0; j < N; j++)
                xc[j] = cen[j] + 0.5 * (p[N][j] - cen[j]);
            double fc = cal_objective(c, xc);
            used++;
            if (fc < f[N]) {
                memcpy(p[N], xc, sizeof xc);
                f[N] = fc;
            } else {
                for (int i = 1; i <= N; i++) {
                    for (int j = 0; j < N; j++)
                        p[i][j] = p[0][j] + 0.5 * (p[i][j] - p[0][j]);
                    f[i] = cal_objective(c, p[i]);
                    used++;
                }
            }
        }
    }
    int best = 0;
    for (int i = 1; i <= N; i++)
        if (f[i] < f[best])
            best = i;
    memcpy(x, p[best], sizeof p[best]);
    return f[best];
}

/* Estimates every modelled row with the shipped constants (as NULL) or
 * with overrides. Returns the number of rows that failed. */
static int cal_eval_all(const aw_catalog *cat, struct cal_set *set,
                        const struct aw_assumptions *as, enum cal_pick pick)
{
    int failed = 0;
    for (int i = 0; i < set->n; i++) {
        struct cal_row *r = &set->rows[i];
        r->ok = 0;
        if (!cal_use(r, pick, NULL, 1))
            continue;
        failed += cal_estimate(cat, set, r, as) != 0;
    }
    return failed;
}

/* Leave-one-family-out: for each family, refit the constants on the
 * others (from the shipped values, `evals` evaluations) and estimate the
 * family's rows with them. Leaves the held-out estimates in set->rows. */
static void cal_cross_validate(const aw_catalog *cat, struct cal_set *set, int evals,
                               double fitted[][CAL_N_CONSTANTS])
{
    for (int k = 0; k < set->n_families; k++) {
        double x[CAL_N_CONSTANTS];
        for (size_t i = 0; i < CAL_N_CONSTANTS; i++)
            x[i] = cal_constants[i].start;
        struct cal_fit_ctx c = {cat, set, CAL_MODELLED, set->families[k], 0};
        cal_fit(&c, x, evals);
        if (fitted != NULL)
            memcpy(fitted[k], x, sizeof x);
        struct aw_assumptions as;
        cal_apply(&as, x);
        for (int i = 0; i < set->n; i++) {
            struct cal_row *r = &set->rows[i];
            if (cal_use(r, CAL_MODELLED, set->families[k], 1))
                cal_estimate(cat, set, r, &as);
        }
    }
}

#endif
