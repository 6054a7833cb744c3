/*
 * throughput.c - accuracy of the roofline's time model against published
 * serving throughput (bench/cases/trtllm-throughput.cases), and the cost of
 * one estimate in-process. A benchmark, not a test: it reports, never fails
 * on a number.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "aiwatt.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *cases = argc > 1 ? argv[1] : "bench/cases/trtllm-throughput.cases";
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    if (aw_catalog_new(&cat) != AW_OK || aw_catalog_load_default(cat, &diag) != AW_OK) {
        fprintf(stderr, "throughput: cannot load the catalog\n");
        return 1;
    }
    FILE *f = fopen(cases, "r");
    if (f == NULL) {
        fprintf(stderr, "throughput: cannot open %s\n", cases);
        aw_catalog_free(cat);
        return 1;
    }
    printf("%-16s %4s %6s %6s %6s %10s %10s %6s\n", "model", "gpus", "in", "out", "batch",
           "aiwatt", "measured", "ratio");
    char line[256];
    double log_sum = 0;
    int rows = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        char model[64];
        int gpus;
        long in, out;
        double measured;
        if (line[0] == '#' ||
            sscanf(line, "%63s %d %ld %ld %lf", model, &gpus, &in, &out, &measured) != 5)
            continue;
        struct aw_request req;
        struct aw_estimate e;
        aw_request_init(&req);
        req.model_id = model;
        req.hardware_id = "h100-sxm";
        req.gpus = gpus;
        req.precision = AW_PREC_FP8;
        req.input_tokens = in;
        req.output_tokens = out;
        req.batch = 4096; /* max throughput: as many as memory allows */
        req.engine_id = "trtllm"; /* the engine NVIDIA measured */
        if (aw_estimate_request(cat, &req, &e, &diag) != AW_OK) {
            printf("%-16s %s\n", model, diag.msg);
            continue;
        }
        double tok_s = e.inputs.text.replica_tokens_per_s;
        printf("%-16s %4d %6ld %6ld %6d %10.0f %10.0f %6.2f\n", model, gpus, in, out,
               e.inputs.batch, tok_s, measured, tok_s / measured);
        log_sum += __builtin_log(tok_s / measured);
        rows++;
    }
    fclose(f);
    if (rows > 0)
        printf("geometric mean ratio over %d rows: %.2f\n", rows, __builtin_exp(log_sum / rows));

    /* In-process cost of one default estimate (catalog already loaded). */
    struct aw_request req;
    struct aw_estimate e;
    aw_request_init(&req);
    int n = 20000;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        if (aw_estimate_request(cat, &req, &e, NULL) != AW_OK)
            break;
    }
    double t1 = now_s();
    printf("one estimate in-process: %.2f us (mean of %d)\n", (t1 - t0) / n * 1e6, n);
    t0 = now_s();
    for (int i = 0; i < 50; i++) {
        aw_catalog *c2 = NULL;
        if (aw_catalog_new(&c2) != AW_OK || aw_catalog_load_default(c2, NULL) != AW_OK)
            break;
        aw_catalog_free(c2);
    }
    t1 = now_s();
    printf("loading the embedded catalog: %.2f ms (mean of 50)\n", (t1 - t0) / 50 * 1e3);
    aw_catalog_free(cat);
    return 0;
}
