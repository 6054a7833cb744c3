/*
 * calibration.c - the estimator against the ML.ENERGY v3 calibration set
 * (tests/cases/mlenergy-v3-llm.csv): energy per token, throughput and power
 * separately, per batch band and per GPU, with the shipped constants and
 * leaving one model family out. A benchmark: it reports, never fails on a
 * number (tests/unit/test_calibration_set.c asserts the thresholds).
 *
 *   aiwatt_bench_calibration [--fit] [--cv] [--rows] [--input-chat N]
 *                            [--evals N] [CSV MAP]
 *
 * --fit refits the global constants on all modelled rows and prints them
 * (how the shipped values were obtained); --cv runs the cross-validation.
 */
#include "calibration_set.h"

static const struct {
    const char *label;
    int lo, hi;
} bands[] = {{"8-16", 8, 16}, {"17-64", 17, 64}, {"65-256", 65, 256},
             {"257-1024", 257, 1024}, {">1024", 1025, 1 << 30}, {"all", 0, 0}};

static void print_table(const struct cal_set *set, const char *title)
{
    static const char *const gpus[] = {"H100", "B200"};
    printf("\n%s\n", title);
    printf("%-10s %4s  %-22s %-22s %-22s\n", "batch cap", "rows", "energy/token",
           "throughput", "power");
    printf("%-10s %4s  %-22s %-22s %-22s\n", "", "", "gm  med  <1.5  <2", "gm  med  <1.5  <2",
           "gm  med  <1.5  <2");
    for (size_t b = 0; b < sizeof bands / sizeof bands[0] + 2; b++) {
        const char *label;
        int lo = 0, hi = 0;
        const char *gpu = NULL;
        if (b < sizeof bands / sizeof bands[0]) {
            label = bands[b].label;
            lo = bands[b].lo;
            hi = bands[b].hi;
        } else {
            gpu = gpus[b - sizeof bands / sizeof bands[0]];
            label = gpu;
        }
        struct cal_stats s[3];
        for (int q = 0; q < 3; q++)
            s[q] = cal_summary(set->rows, set->n, (enum cal_quantity)q, lo, hi, gpu);
        if (s[0].n == 0)
            continue;
        printf("%-10s %4d ", label, s[0].n);
        for (int q = 0; q < 3; q++)
            printf(" %4.2f %4.2f %3.0f%% %3.0f%%    ", s[q].geomean, s[q].median_factor,
                   s[q].within_1_5 * 100, s[q].within_2 * 100);
        printf("\n");
    }
    printf("(gm: geometric-mean ratio estimate/measured; med: median error factor;\n"
           " <1.5, <2: share of rows within x1.5, x2)\n");
}

static void print_families(const struct cal_set *set)
{
    printf("\n%-12s %4s %8s %8s %8s\n", "family", "rows", "energy", "tput", "power");
    for (int k = 0; k < set->n_families; k++) {
        double le = 0, lt = 0, lp = 0;
        int n = 0;
        for (int i = 0; i < set->n; i++) {
            const struct cal_row *r = &set->rows[i];
            if (!r->ok || strcmp(r->family, set->families[k]) != 0)
                continue;
            le += log(cal_ratio(r, CAL_ENERGY));
            lt += log(cal_ratio(r, CAL_THROUGHPUT));
            lp += log(cal_ratio(r, CAL_POWER));
            n++;
        }
        if (n > 0)
            printf("%-12s %4d %8.2f %8.2f %8.2f\n", set->families[k], n, exp(le / n),
                   exp(lt / n), exp(lp / n));
    }
}

static void print_rows(const struct cal_set *set)
{
    printf("\n%-44s %-5s %-5s %-4s %2s %2s %5s %8s %8s %8s\n", "model", "task", "prec", "gpu",
           "n", "ep", "cap", "energy", "tput", "power");
    for (int i = 0; i < set->n; i++) {
        const struct cal_row *r = &set->rows[i];
        if (!r->ok)
            continue;
        printf("%-44.44s %-5.5s %-5.5s %-4s %2d %2d %5d %8.2f %8.2f %8.2f%s\n", r->hf_id,
               r->task, r->precision, r->gpu, r->gpus, r->ep, r->batch_cap,
               cal_ratio(r, CAL_ENERGY), cal_ratio(r, CAL_THROUGHPUT), cal_ratio(r, CAL_POWER),
               r->host_bound ? "  host-bound" : "");
    }
}

int main(int argc, char **argv)
{
    const char *csv = "tests/cases/mlenergy-v3-llm.csv";
    const char *map = "tests/cases/mlenergy-v3-models.map";
    int fit = 0, cv = 0, rows = 0, input_chat = 0, evals = 400, positional = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--fit") == 0)
            fit = 1;
        else if (strcmp(argv[i], "--cv") == 0)
            cv = 1;
        else if (strcmp(argv[i], "--rows") == 0)
            rows = 1;
        else if (strcmp(argv[i], "--input-chat") == 0 && i + 1 < argc)
            input_chat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--evals") == 0 && i + 1 < argc)
            evals = atoi(argv[++i]);
        else if (positional == 0)
            csv = argv[i], positional++;
        else
            map = argv[i];
    }
    static struct cal_set set;
    int st = cal_load(csv, map, &set);
    if (st != 0) {
        fprintf(stderr, "calibration: cannot read %s with %s (%d)\n", csv, map, st);
        return 1;
    }
    if (input_chat > 0)
        set.input_chat = input_chat;
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    if (aw_catalog_new(&cat) != AW_OK || aw_catalog_load_default(cat, &diag) != AW_OK) {
        fprintf(stderr, "calibration: cannot load the catalog\n");
        return 1;
    }
    int host_bound = 0;
    for (int i = 0; i < set.n; i++)
        host_bound += set.rows[i].host_bound;
    printf("ML.ENERGY v3: %d rows modelled, %d host-bound rows set aside, %d rows of models "
           "not modelled; input %d (chat) / %d (gpqa) tokens\n",
           set.n - host_bound, host_bound, set.skipped_models, set.input_chat, set.input_gpqa);

    int failed = cal_eval_all(cat, &set, NULL, CAL_ALL);
    if (failed)
        printf("%d rows could not be estimated\n", failed);
    print_table(&set, "all mapped rows, host-bound included (shipped constants)");
    cal_eval_all(cat, &set, NULL, CAL_MODELLED);
    print_table(&set, "modelled rows (shipped constants)");
    print_families(&set);
    if (rows)
        print_rows(&set);

    if (fit) {
        double x[CAL_N_CONSTANTS];
        for (size_t i = 0; i < CAL_N_CONSTANTS; i++)
            x[i] = cal_constants[i].start;
        struct cal_fit_ctx c = {cat, &set, CAL_MODELLED, NULL, 1};
        double before = cal_objective(&c, x);
        double after = cal_fit(&c, x, evals);
        printf("\nrefit on all modelled rows (objective %.4f -> %.4f):\n", before, after);
        for (size_t i = 0; i < CAL_N_CONSTANTS; i++)
            printf("  %-30s %10.4g (shipped %.4g)\n", cal_constants[i].name, x[i],
                   cal_constants[i].start);
    }
    if (cv) {
        static double fitted[CAL_MAX_FAMILIES][CAL_N_CONSTANTS];
        cal_eval_all(cat, &set, NULL, CAL_MODELLED);
        cal_cross_validate(cat, &set, evals, fitted);
        print_table(&set, "leave-one-model-family-out cross-validation");
        print_families(&set);
        printf("\nconstants refitted without each family:\n%-30s", "");
        for (int k = 0; k < set.n_families; k++)
            printf(" %9.9s", set.families[k]);
        printf("\n");
        for (size_t i = 0; i < CAL_N_CONSTANTS; i++) {
            printf("%-30s", cal_constants[i].name);
            for (int k = 0; k < set.n_families; k++)
                printf(" %9.3g", fitted[k][i]);
            printf("\n");
        }
    }
    aw_catalog_free(cat);
    return 0;
}
