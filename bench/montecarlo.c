/*
 * montecarlo.c - the cost of the Monte Carlo engine: 1,000,000 draws of
 * three inputs through a linear model (the engine alone: draws, the model
 * call, three quantiles and the mean for six outputs), and the same number of
 * draws of the default request through the whole estimator (what
 * `aiwatt estimate --uncertainty 1000000` pays). A benchmark, not a test: it
 * reports CPU seconds, never fails on a number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "aiwatt.h"
/* The toy model's outputs, shared with the engine's unit tests. */
#include "../tests/unit/linear_outcome.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static aw_status linear_model(void *ctx, const double *x, struct aw_outcome *o)
{
    (void)ctx;
    linear_outcome(x[0] + 0.5 * x[1] + 0.25 * x[2], o);
    return AW_OK;
}

int main(int argc, char **argv)
{
    size_t draws = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
    struct aw_uncertain_set set;
    memset(&set, 0, sizeof set);
    const enum aw_dist dists[3] = {AW_DIST_TRIANGULAR, AW_DIST_LOG_TRIANGULAR, AW_DIST_LOGNORMAL};
    for (size_t k = 0; k < 3; k++) {
        struct aw_uncertain_input *in = &set.inputs[set.n++];
        snprintf(in->name, sizeof in->name, "x%zu", k);
        in->low = 1;
        in->value = 2;
        in->high = 4;
        in->dist = dists[k];
    }
    struct aw_uncertainty u;
    struct aw_diag diag;
    double t0 = cpu_s();
    if (aw_uncertainty_run(&set, linear_model, NULL, draws, 42, &u, &diag) != AW_OK) {
        fprintf(stderr, "montecarlo: %s\n", diag.msg);
        return 1;
    }
    double engine_s = cpu_s() - t0;
    printf("engine alone, %zu draws of 3 inputs, 6 outputs: %.3f s CPU (%.0f ns per draw)\n",
           draws, engine_s, engine_s * 1e9 / (double)draws);

    aw_catalog *cat = NULL;
    if (aw_catalog_new(&cat) != AW_OK || aw_catalog_load_default(cat, &diag) != AW_OK) {
        fprintf(stderr, "montecarlo: cannot load the catalog\n");
        aw_catalog_free(cat);
        return 1;
    }
    struct aw_request req;
    aw_request_init(&req);
    t0 = cpu_s();
    aw_status st = aw_estimate_uncertainty(cat, &req, draws, 42, &u, &diag);
    double whole_s = cpu_s() - t0;
    aw_catalog_free(cat);
    if (st != AW_OK) {
        fprintf(stderr, "montecarlo: %s\n", diag.msg);
        return 1;
    }
    printf("default request, %zu draws through the estimator: %.3f s CPU (%.2f us per draw)\n",
           draws, whole_s, whole_s * 1e6 / (double)draws);
    return 0;
}
