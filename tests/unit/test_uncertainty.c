/*
 * test_uncertainty.c - the Monte Carlo engine on known distributions (its
 * quantiles against the distributions' own), reproducibility, dropped draws,
 * the sensitivity ordering, and the request and training bindings.
 */
#include <stdlib.h>
#include <string.h>
#include "linear_outcome.h"
#include "test_support.h"

/* facility = x[0] (+ the other inputs, weighted); the other boundaries and
 * carbon/water are fixed fractions/multiples of it (linear_outcome.h). */
static aw_status linear_model(void *ctx, const double *x, struct aw_outcome *o)
{
    const double *w = ctx; /* weights of x[1..] */
    double f = x[0];
    for (int i = 1; w != NULL && i < 4; i++)
        f += w[i] * x[i];
    linear_outcome(f, o);
    return AW_OK;
}

/* Refuses draws above a threshold (as a model that does not fit would). */
static aw_status picky_model(void *ctx, const double *x, struct aw_outcome *o)
{
    double limit = *(const double *)ctx;
    if (x[0] > limit)
        return AW_E_NOFIT;
    return linear_model(NULL, x, o);
}

static void one_input(struct aw_uncertain_set *set, enum aw_dist d, double lo, double v, double hi)
{
    memset(set, 0, sizeof *set);
    set->n = 1;
    snprintf(set->inputs[0].name, sizeof set->inputs[0].name, "x");
    set->inputs[0].low = lo;
    set->inputs[0].value = v;
    set->inputs[0].high = hi;
    set->inputs[0].dist = d;
}

/* Inverse CDFs by hand. Triangular (0, 1, 2): F(x) = x^2/2 below the mode,
 * so u = 0.125 -> 0.5 and u = 0.875 -> 1.5. Log-triangular (1, 10, 100):
 * the median is the mode 10. Uniform (2, ., 6): u = 0.25 -> 3. Log-normal
 * median 10, p5 5, p95 40: z = -1.6449 -> 5, z = +1.6449 -> 40. */
static void test_inverse_cdfs(void **state)
{
    (void)state;
    struct aw_uncertain_input in = {.low = 0, .value = 1, .high = 2, .dist = AW_DIST_TRIANGULAR};
    assert_close(aw_uncertain_quantile(&in, 0.5, 0), 1.0, 1e-12);
    assert_close(aw_uncertain_quantile(&in, 0.125, 0), 0.5, 1e-12);
    assert_close(aw_uncertain_quantile(&in, 0.875, 0), 1.5, 1e-12);
    struct aw_uncertain_input lt = {.low = 1, .value = 10, .high = 100,
                                    .dist = AW_DIST_LOG_TRIANGULAR};
    assert_close(aw_uncertain_quantile(&lt, 0.5, 0), 10.0, 1e-12);
    assert_close(aw_uncertain_quantile(&lt, 0.0, 0), 1.0, 1e-12);
    struct aw_uncertain_input un = {.low = 2, .value = 3, .high = 6, .dist = AW_DIST_UNIFORM};
    assert_close(aw_uncertain_quantile(&un, 0.25, 0), 3.0, 1e-12);
    struct aw_uncertain_input ln = {.low = 5, .value = 10, .high = 40, .dist = AW_DIST_LOGNORMAL};
    assert_close(aw_uncertain_quantile(&ln, 0.5, 0.0), 10.0, 1e-12);
    assert_close(aw_uncertain_quantile(&ln, 0.5, -1.6448536269514722), 5.0, 1e-9);
    assert_close(aw_uncertain_quantile(&ln, 0.5, 1.6448536269514722), 40.0, 1e-9);
    assert_string_equal(aw_dist_name(AW_DIST_LOGNORMAL), "lognormal");
    assert_int_equal(aw_dist_from_name("log-triangular"), AW_DIST_LOG_TRIANGULAR);
    assert_int_equal(aw_dist_from_name("gaussian"), -1);
}

/* Quantiles of 100,000 draws against the distributions' own:
 * uniform [0, 1]: p5 0.05, p50 0.5, p95 0.95;
 * triangular (0, 1, 2): p5 = sqrt(0.1) = 0.31623, p50 1, p95 2 - sqrt(0.1);
 * log-normal (5, 10, 40): p5 5, p50 10, p95 40. */
/* Facility = a fixed permutation of the draw number, ignoring the draws:
 * (i * 37) mod 100 visits 0..99 once each for i = 0..99 (37 and 100 are
 * coprime), or 0..modulus-1 for another modulus coprime to 37; divided by 10
 * (integer), each of 0..9 occurs ten times. ctx: {draw, tens, modulus}. */
static aw_status permutation_model(void *ctx, const double *x, struct aw_outcome *o)
{
    (void)x;
    unsigned *calls = ctx;
    unsigned modulus = calls[2] ? calls[2] : 100u;
    unsigned v = (unsigned)((unsigned long)(*calls)++ * 37u % modulus);
    double f = calls[1] ? (double)(v / 10u) : (double)v;
    memset(o, 0, sizeof *o);
    o->wh.facility_wh = f;
    return AW_OK;
}

/* The quantiles by selection match GSL's definition on sorted data:
 * index (n-1)f, linear between its floor and ceiling. n = 100:
 * p5 index 4.95, p50 49.5, p95 94.05. Sorted 0..99 -> 4.95, 49.5, 94.05;
 * sorted tens (0 x10, 1 x10, ...) -> 0, (4+5)/2 = 4.5, 9. One draw (the
 * 4th: 3 x 37 mod 100 = 11): every quantile is that draw. 100,000 draws
 * take the one-pass bracketing path: (i * 37) mod 100000 is a permutation
 * of 0..99999, so p5 = 4999.95, p50 = 49999.5 and p95 = 94999.05 exactly,
 * as a sort would give. The means: 49.5, 4.5, 11 and 49999.5. */
static void test_quantiles_by_selection(void **state)
{
    (void)state;
    static const struct {
        unsigned ctx[3]; /* permutation_model's {first draw, tens, modulus} */
        size_t draws;
        double p5, p50, p95, mean;
    } cases[] = {
        {{0, 0, 0}, 100, 4.95, 49.5, 94.05, 49.5},
        {{0, 1, 0}, 100, 0.0, 4.5, 9.0, 4.5},
        {{3, 0, 0}, 1, 11.0, 11.0, 11.0, 11.0},
        {{0, 0, 100000}, 100000, 4999.95, 49999.5, 94999.05, 49999.5},
    };
    struct aw_uncertain_set set;
    one_input(&set, AW_DIST_UNIFORM, 0, 0.5, 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned ctx[3] = {cases[i].ctx[0], cases[i].ctx[1], cases[i].ctx[2]};
        struct aw_uncertainty u;
        struct aw_diag diag;
        assert_int_equal(
            aw_uncertainty_run(&set, permutation_model, ctx, cases[i].draws, 1, &u, &diag), AW_OK);
        assert_close(u.facility.p5, cases[i].p5, 1e-12);
        assert_close(u.facility.p50, cases[i].p50, 1e-12);
        assert_close(u.facility.p95, cases[i].p95, 1e-12);
        assert_close(u.facility.mean, cases[i].mean, 1e-12);
    }
}

/* Quantiles of 100,000 draws against the distributions' own, each within
 * its tolerance: uniform [0, 1]: p5 0.05, p50 0.5, p95 0.95; triangular
 * (0, 1, 2): p5 = sqrt(0.1) = 0.31623, p50 1, p95 2 - sqrt(0.1); log-normal
 * (5, 10, 40): p5 5, p50 10, p95 40. */
static void test_known_quantiles(void **state)
{
    (void)state;
    static const struct {
        enum aw_dist dist;
        double low, value, high;
        unsigned seed;
        double p5, p50, p95;
        double rel_p5, rel_p50, rel_p95;
    } cases[] = {
        {AW_DIST_UNIFORM, 0, 0.5, 1, 42, 0.05, 0.5, 0.95, 0.05, 0.01, 0.01},
        {AW_DIST_TRIANGULAR, 0, 1, 2, 7, 0.316228, 1.0, 1.683772, 0.02, 0.01, 0.01},
        {AW_DIST_LOGNORMAL, 5, 10, 40, 3, 5, 10, 40, 0.03, 0.02, 0.03},
    };
    struct aw_uncertainty u[3];
    for (size_t i = 0; i < 3; i++) {
        struct aw_uncertain_set set;
        struct aw_diag diag;
        one_input(&set, cases[i].dist, cases[i].low, cases[i].value, cases[i].high);
        assert_int_equal(
            aw_uncertainty_run(&set, linear_model, NULL, 100000, cases[i].seed, &u[i], &diag),
            AW_OK);
        assert_int_equal(u[i].samples, 100000);
        assert_int_equal(u[i].failed, 0);
        assert_close(u[i].facility.p5, cases[i].p5, cases[i].rel_p5);
        assert_close(u[i].facility.p50, cases[i].p50, cases[i].rel_p50);
        assert_close(u[i].facility.p95, cases[i].p95, cases[i].rel_p95);
        assert_true(u[i].facility.p5 < u[i].facility.p50 && u[i].facility.p50 < u[i].facility.p95);
    }
    /* Uniform [0, 1]: the mean 0.5, and each boundary is its own sample,
     * sorted separately (linear_outcome.h: accelerator 0.5 x, carbon 2 x,
     * water 3 x the facility). */
    assert_close(u[0].facility.mean, 0.5, 0.01);
    assert_close(u[0].accelerator.p50, 0.25, 0.01);
    assert_close(u[0].co2_g.p95, 1.9, 0.01);
    assert_close(u[0].water_ml.p5, 0.15, 0.05);
}

/* The same seed gives the same numbers; another seed, others. */
static void test_reproducible(void **state)
{
    (void)state;
    struct aw_uncertain_set set;
    one_input(&set, AW_DIST_TRIANGULAR, 0, 1, 2);
    struct aw_uncertainty a, b, c;
    assert_int_equal(aw_uncertainty_run(&set, linear_model, NULL, 5000, 11, &a, NULL), AW_OK);
    assert_int_equal(aw_uncertainty_run(&set, linear_model, NULL, 5000, 11, &b, NULL), AW_OK);
    assert_int_equal(aw_uncertainty_run(&set, linear_model, NULL, 5000, 12, &c, NULL), AW_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(a.facility.p50 != c.facility.p50);
    assert_int_equal(a.seed, 11);
}

/* The progress callback: 0 first, every AW_PROGRESS_EVERY draws, the total
 * last; the result is the same as without it. */
struct progress_log {
    size_t calls, last, first;
    int monotonic;
};

static void log_progress(void *ctx, size_t done, size_t total)
{
    struct progress_log *p = ctx;
    if (p->calls == 0)
        p->first = done;
    if (p->calls > 0 && done < p->last)
        p->monotonic = 0;
    p->last = done;
    p->calls++;
    assert_int_equal(total, 5000);
}

static void test_progress(void **state)
{
    (void)state;
    struct aw_uncertain_set set;
    one_input(&set, AW_DIST_TRIANGULAR, 0, 1, 2);
    struct aw_uncertainty a, b;
    struct progress_log log = {0, 0, 99, 1};
    assert_int_equal(aw_uncertainty_run_progress(&set, linear_model, NULL, 5000, 11, log_progress,
                                                 &log, &a, NULL),
                     AW_OK);
    /* 0, 1024, 2048, 3072, 4096, then 5000. */
    assert_int_equal(log.calls, 6);
    assert_int_equal(log.first, 0);
    assert_int_equal(log.last, 5000);
    assert_true(log.monotonic);
    assert_int_equal(aw_uncertainty_run(&set, linear_model, NULL, 5000, 11, &b, NULL), AW_OK);
    assert_memory_equal(&a, &b, sizeof a);
}

/* Draws the model refuses are dropped and counted; more than half refused
 * is a failure with the model's status. */
static void test_dropped_draws(void **state)
{
    (void)state;
    struct aw_uncertain_set set;
    one_input(&set, AW_DIST_UNIFORM, 0, 0.5, 1);
    struct aw_uncertainty u;
    struct aw_diag diag;
    double limit = 0.9;
    assert_int_equal(aw_uncertainty_run(&set, picky_model, &limit, 20000, 5, &u, &diag), AW_OK);
    assert_int_equal(u.samples + u.failed, 20000);
    assert_close((double)u.failed, 2000, 0.1);
    assert_true(u.facility.p95 <= 0.9);
    limit = 0.4;
    assert_int_equal(aw_uncertainty_run(&set, picky_model, &limit, 20000, 5, &u, &diag),
                     AW_E_NOFIT);
    assert_non_null(strstr(diag.msg, "draws"));
    /* Impossible counts. */
    assert_int_equal(aw_uncertainty_run(&set, linear_model, NULL, 0, 1, &u, &diag), AW_E_RANGE);
    assert_int_equal(aw_uncertainty_run(&set, linear_model, NULL,
                                        (size_t)AW_UNCERTAINTY_MAX_SAMPLES + 1, 1, &u, &diag),
                     AW_E_RANGE);
}

/* Tornado on facility = x0 + 10 a + 1 b + 0 c, with x0 fixed at 1,
 * a in [0, 0.5, 1], b in [0, 1, 5], c in [0, 1, 3]:
 *   central 1 + 5 + 1 + 0 = 7; swings a 10, b 5, c 0 -> order a, b, c
 *   (ties by name: c before x0). */
static void test_sensitivity_order(void **state)
{
    (void)state;
    static const double w[4] = {0, 10, 1, 0};
    static const struct {
        const char *name;
        double low, value, high;
    } in[4] = {{"x0", 1, 1, 1}, {"a", 0, 0.5, 1}, {"b", 0, 1, 5}, {"c", 0, 1, 3}};
    struct aw_uncertain_set set;
    memset(&set, 0, sizeof set);
    set.n = 4;
    for (int i = 0; i < 4; i++) {
        snprintf(set.inputs[i].name, sizeof set.inputs[i].name, "%s", in[i].name);
        set.inputs[i].low = in[i].low;
        set.inputs[i].value = in[i].value;
        set.inputs[i].high = in[i].high;
    }
    struct aw_sensitivity s;
    assert_int_equal(aw_sensitivity_run(&set, linear_model, (void *)w, &s, NULL), AW_OK);
    assert_close(s.facility_wh, 7, 1e-12);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.rows[0].name, "a");
    assert_close(s.rows[0].facility_wh_at_low, 2, 1e-12);
    assert_close(s.rows[0].facility_wh_at_high, 12, 1e-12);
    assert_close(s.rows[0].swing_wh, 10, 1e-12);
    assert_string_equal(s.rows[1].name, "b");
    assert_close(s.rows[1].swing_wh, 5, 1e-12);
    assert_string_equal(s.rows[2].name, "c");
    assert_close(s.rows[2].swing_wh, 0, 0);
    assert_string_equal(s.rows[3].name, "x0");
}

/* The request binding: a closed model's size range, the batch unless
 * given, the estimator's constants; confirmed numbers are not varied. */
static void test_request_binding(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    struct aw_request req = request_for("closed-100b", "test-gpu");
    struct aw_request_model *m = malloc(sizeof *m);
    assert_non_null(m);
    struct aw_diag diag;
    assert_int_equal(aw_request_model_init(m, cat, &req, &diag), AW_OK);
    int k = aw_uncertain_find(&m->set, "params_total");
    assert_true(k >= 0);
    assert_close(m->set.inputs[k].low, 50e9, 0);
    assert_close(m->set.inputs[k].high, 200e9, 0);
    assert_int_equal(m->set.inputs[k].dist, AW_DIST_LOG_TRIANGULAR); /* 4x wide */
    assert_true(aw_uncertain_find(&m->set, "batch") >= 0);
    assert_true(aw_uncertain_find(&m->set, "bandwidth_utilisation") >= 0);
    assert_int_equal(aw_uncertain_find(&m->set, "pue"), -1); /* confirmed in the fixture */
    /* The central draw is the estimate itself. */
    double x[AW_UNCERTAIN_MAX];
    for (size_t i = 0; i < m->set.n; i++)
        x[i] = m->set.inputs[i].value;
    struct aw_outcome o;
    struct aw_estimate e;
    assert_int_equal(aw_request_model_eval(m, x, &o), AW_OK);
    assert_int_equal(aw_estimate_request(cat, &req, &e, NULL), AW_OK);
    assert_close(o.wh.facility_wh, e.wh.facility_wh, 1e-12);

    struct aw_uncertainty u;
    assert_int_equal(aw_uncertainty_run(&m->set, aw_request_model_eval, m, 2000, 1, &u, &diag),
                     AW_OK);
    assert_true(u.facility.p5 < u.facility.p50 && u.facility.p50 < u.facility.p95);
    assert_true(u.accelerator.p50 < u.facility.p50);
    /* Given numbers are not varied. */
    req.batch = 16;
    req.pue = 1.3;
    assert_int_equal(aw_request_model_init(m, cat, &req, &diag), AW_OK);
    assert_int_equal(aw_uncertain_find(&m->set, "batch"), -1);
    /* Top-down methods are not covered. */
    req.method = AW_METHOD_FLOPS;
    assert_int_equal(aw_request_model_init(m, cat, &req, &diag), AW_E_UNSUPPORTED);
    free(m);
    aw_catalog_free(cat);
}

/* The training binding: the preset's ranges and the catalog's declared
 * distribution ("uniform" for train-gpu's idle power). */
static void test_train_binding(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("training.json");
    assert_non_null(cat);
    struct aw_train_request req = train_request_for("run-hours", NULL);
    struct aw_train_model *m = malloc(sizeof *m);
    assert_non_null(m);
    struct aw_diag diag;
    assert_int_equal(aw_train_model_init(m, cat, &req, &diag), AW_OK);
    int k = aw_uncertain_find(&m->set, "gpu_hours");
    assert_true(k >= 0);
    assert_close(m->set.inputs[k].low, 800, 0);
    k = aw_uncertain_find(&m->set, "idle_power_w");
    assert_true(k >= 0);
    assert_int_equal(m->set.inputs[k].dist, AW_DIST_UNIFORM);
    assert_true(aw_uncertain_find(&m->set, "pue") >= 0);
    assert_int_equal(aw_uncertain_find(&m->set, "mfu"), -1); /* hours are published */
    struct aw_uncertainty u;
    assert_int_equal(aw_uncertainty_run(&m->set, aw_train_model_eval, m, 4000, 9, &u, &diag),
                     AW_OK);
    assert_true(u.facility.p5 < u.facility.p50 && u.facility.p50 < u.facility.p95);
    /* Central draw = the estimate: 1,074,000 Wh (test_train.c). */
    double x[AW_UNCERTAIN_MAX];
    for (size_t i = 0; i < m->set.n; i++)
        x[i] = m->set.inputs[i].value;
    struct aw_outcome o;
    assert_int_equal(aw_train_model_eval(m, x, &o), AW_OK);
    assert_close(o.wh.facility_wh, 1074000, 1e-12);
    /* From FLOPs, the MFU is uncertain too. */
    req.tokens = 1e12;
    assert_int_equal(aw_train_model_init(m, cat, &req, &diag), AW_OK);
    assert_true(aw_uncertain_find(&m->set, "mfu") >= 0);
    assert_true(aw_uncertain_find(&m->set, "overhead") >= 0);
    struct aw_sensitivity s;
    assert_int_equal(aw_sensitivity_run(&m->set, aw_train_model_eval, m, &s, &diag), AW_OK);
    for (size_t i = 1; i < s.n; i++)
        assert_true(s.rows[i - 1].swing_wh >= s.rows[i].swing_wh);
    free(m);
    aw_catalog_free(cat);
}

/* A weighted sum of requests (mix, fleet): shared numbers drawn once,
 * different ranges kept apart; the central draw is the weighted sum. */
static void test_weighted_binding(void **state)
{
    (void)state;
    aw_catalog *cat = default_catalog();
    assert_non_null(cat);
    struct aw_request reqs[2];
    aw_request_init(&reqs[0]);
    reqs[0].model_id = "gpt-4o";
    aw_request_init(&reqs[1]);
    reqs[1].model_id = "gpt-4";
    double w[2] = {0.75, 0.25};
    const char *labels[2] = {"a", "b"};
    struct aw_weighted_model m;
    struct aw_diag diag;
    assert_int_equal(aw_weighted_model_init(&m, cat, reqs, w, labels, 2, &diag), AW_OK);
    /* One PUE, one batch (the same numbers); two model sizes. */
    assert_true(aw_uncertain_find(&m.set, "pue") >= 0);
    assert_int_equal(aw_uncertain_find(&m.set, "pue (b)"), -1);
    assert_true(aw_uncertain_find(&m.set, "batch") >= 0);
    assert_int_equal(aw_uncertain_find(&m.set, "batch (b)"), -1);
    assert_true(aw_uncertain_find(&m.set, "params_total") >= 0);
    assert_true(aw_uncertain_find(&m.set, "params_total (b)") >= 0);
    double x[AW_UNCERTAIN_MAX];
    for (size_t i = 0; i < m.set.n; i++)
        x[i] = m.set.inputs[i].value;
    struct aw_outcome o;
    assert_int_equal(aw_weighted_model_eval(&m, x, &o), AW_OK);
    struct aw_estimate e0, e1;
    assert_int_equal(aw_estimate_request(cat, &reqs[0], &e0, NULL), AW_OK);
    assert_int_equal(aw_estimate_request(cat, &reqs[1], &e1, NULL), AW_OK);
    assert_close(o.wh.facility_wh, 0.75 * e0.wh.facility_wh + 0.25 * e1.wh.facility_wh, 1e-12);
    struct aw_uncertainty u;
    assert_int_equal(aw_uncertainty_run(&m.set, aw_weighted_model_eval, &m, 1000, 1, &u, &diag),
                     AW_OK);
    assert_true(u.facility.p5 < u.facility.p50 && u.facility.p50 < u.facility.p95);
    aw_weighted_model_release(&m);
    aw_catalog_free(cat);
}

/* The default request and a published run through the convenience calls:
 * ordered quantiles, same seed same output. */
static void test_default_catalog(void **state)
{
    (void)state;
    aw_catalog *cat = default_catalog();
    assert_non_null(cat);
    struct aw_request req = request_for(NULL, NULL);
    struct aw_uncertainty a, b;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_uncertainty(cat, &req, 3000, 1, &a, &diag), AW_OK);
    assert_int_equal(aw_estimate_uncertainty(cat, &req, 3000, 1, &b, &diag), AW_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(a.facility.p5 < a.facility.p50 && a.facility.p50 < a.facility.p95);
    assert_true(a.accelerator.p50 < a.server.p50 && a.server.p50 < a.it.p50 &&
                a.it.p50 < a.facility.p50);
    printf("default request: facility p5 %.3f p50 %.3f p95 %.3f Wh\n", a.facility.p5,
           a.facility.p50, a.facility.p95);
    struct aw_sensitivity s;
    assert_int_equal(aw_estimate_sensitivity(cat, &req, &s, &diag), AW_OK);
    assert_true(s.n > 5);

    struct aw_train_request treq = train_request_for("gpt-4", NULL);
    assert_int_equal(aw_train_uncertainty(cat, &treq, 3000, 1, &a, &diag), AW_OK);
    assert_true(a.facility.p5 < a.facility.p50 && a.facility.p50 < a.facility.p95);
    printf("GPT-4 training: facility p5 %.1f p50 %.1f p95 %.1f GWh\n", a.facility.p5 / 1e9,
           a.facility.p50 / 1e9, a.facility.p95 / 1e9);
    aw_catalog_free(cat);
}

TEST_MAIN(cmocka_unit_test(test_inverse_cdfs),
          cmocka_unit_test(test_known_quantiles),
          cmocka_unit_test(test_quantiles_by_selection),
          cmocka_unit_test(test_reproducible),
          cmocka_unit_test(test_progress),
          cmocka_unit_test(test_dropped_draws),
          cmocka_unit_test(test_sensitivity_order),
          cmocka_unit_test(test_request_binding),
          cmocka_unit_test(test_train_binding),
          cmocka_unit_test(test_weighted_binding),
          cmocka_unit_test(test_default_catalog))
