/*
 * test_oom.c - every main entry point with its Nth allocation failing, for
 * N = 1, 2, ... until it succeeds (the approach of SQLite's malloc tests).
 *
 * The library's malloc, calloc, realloc and strdup calls reach the wrappers
 * below (ld --wrap, see CMakeLists.txt), and jansson allocates through them
 * too (json_set_alloc_funcs). A run that meets the failure must return
 * AW_E_NOMEM (a failure inside jansson may also come back as a syntax error,
 * or be recovered from), leave its out-parameters safe to release, and leak
 * nothing (LeakSanitizer checks at exit in the sanitizer build).
 */
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "aiwatt.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);

static long fail_at;   /* the allocation that fails (1-based); 0: none */
static long calls;     /* allocations since the counter was reset */
static int failed;     /* the failure happened */

static void *failed_from; /* the caller of the allocation that failed */
static int failed_in_jansson; /* it was one of jansson's own */

static int should_fail(void *caller)
{
    calls++;
    if (fail_at > 0 && calls == fail_at) {
        failed = 1;
        failed_from = caller;
        return 1;
    }
    return 0;
}

#define CALLER __builtin_return_address(0)
void *__wrap_malloc(size_t size) { return should_fail(CALLER) ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail(CALLER) ? NULL : __real_calloc(n, size);
}
void *__wrap_realloc(void *p, size_t size)
{
    return should_fail(CALLER) ? NULL : __real_realloc(p, size);
}
char *__wrap_strdup(const char *s) { return should_fail(CALLER) ? NULL : __real_strdup(s); }
static void *json_malloc(size_t size)
{
    if (!should_fail(CALLER))
        return __real_malloc(size);
    failed_in_jansson = 1;
    return NULL;
}

static int failures;

/* One entry point: run(arg) returns its status; it is run with allocation
 * 1, 2, ... failing until a run meets no failure, which must succeed. */
static void sweep(const char *name, aw_status (*run)(void *), void *arg, long max_n)
{
    long n;
    for (n = 1; n <= max_n; n++) {
        fail_at = n;
        calls = 0;
        failed = 0;
        failed_in_jansson = 0;
        aw_status st = run(arg);
        fail_at = 0;
        if (!failed) {
            if (st != AW_OK) {
                printf("FAIL: %s: no allocation failed, yet status %s\n", name, aw_strerror(st));
                failures++;
            }
            break;
        }
        /* jansson reports some of its own allocation failures while parsing
         * as syntax errors, and recovers from some (a table that cannot
         * grow): for those only a crash or a leak is a finding. Every
         * failure of ours must say AW_E_NOMEM. */
        if (!failed_in_jansson && st != AW_E_NOMEM) {
            printf("FAIL: %s: allocation %ld failed, status %s (want %s), called from:\n",
                   name, n, aw_strerror(st), aw_strerror(AW_E_NOMEM));
            fflush(stdout);
            backtrace_symbols_fd(&failed_from, 1, 1);
            failures++;
        }
    }
    if (n > max_n) {
        printf("FAIL: %s: still failing after %ld allocations\n", name, max_n);
        failures++;
    }
    printf("%s: %ld allocation sites swept\n", name, n - 1);
}

/* ---- Entry points --------------------------------------------------------- */

static aw_status load_catalog(void *arg)
{
    const char *file = arg;
    char path[512];
    snprintf(path, sizeof path, "%s/catalog/%s", AW_TEST_FIXTURES, file);
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    aw_status st = aw_catalog_new(&cat);
    if (st == AW_OK)
        st = aw_catalog_merge_file(cat, path, &diag);
    aw_catalog_free(cat);
    return st;
}

static aw_catalog *fixture;

static aw_status estimate(void *arg)
{
    (void)arg;
    struct aw_request req;
    struct aw_estimate e;
    struct aw_diag diag;
    aw_request_init(&req);
    req.model_id = "dense-10b";
    req.hardware_id = "test-gpu";
    return aw_estimate_request(fixture, &req, &e, &diag);
}

static aw_status meter(void *arg)
{
    const char *tree = arg;
    char root[512];
    snprintf(root, sizeof root, "%s/sysfs/%s", AW_TEST_FIXTURES, tree);
    struct aw_meter_options opt;
    aw_meter_options_init(&opt);
    opt.sysfs_root = root;
    opt.nvml_library = "/nonexistent/libnvidia-ml.so.1";
    aw_meter *m = NULL;
    struct aw_diag diag;
    aw_status st = aw_meter_open(&opt, &m, &diag);
    if (st != AW_OK)
        return st;
    /* A source that ran out of memory says so, and so does the meter. */
    for (size_t i = 0; i < aw_meter_source_count(m); i++) {
        if (aw_meter_source_at(m, i)->status == AW_E_NOMEM)
            st = AW_E_NOMEM;
    }
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        if (aw_meter_domain_at(m, i)->status == AW_E_NOMEM)
            st = AW_E_NOMEM;
    }
    struct aw_meter_snapshot *a = NULL, *b = NULL;
    struct aw_meter_delta *d = NULL;
    if (st == AW_OK)
        st = aw_meter_snapshot_new(m, &a);
    if (st == AW_OK)
        st = aw_meter_snapshot_new(m, &b);
    if (st == AW_OK)
        st = aw_meter_delta_new(m, &d);
    if (st == AW_OK) {
        aw_meter_sample(m, a);
        aw_meter_sample(m, b);
        aw_meter_diff(m, a, b, d);
    }
    aw_meter_snapshot_free(a);
    aw_meter_snapshot_free(b);
    aw_meter_delta_free(d);
    aw_meter_free(m);
    return st;
}

int main(void)
{
    json_set_alloc_funcs(json_malloc, free);
    sweep("catalog merge (minimal.json)", load_catalog, "minimal.json", 100000);
    sweep("catalog merge (scenario.json)", load_catalog, "scenario.json", 100000);
    sweep("catalog merge (training.json)", load_catalog, "training.json", 100000);

    char path[512];
    struct aw_diag diag;
    snprintf(path, sizeof path, "%s/catalog/minimal.json", AW_TEST_FIXTURES);
    if (aw_catalog_new(&fixture) != AW_OK ||
        aw_catalog_merge_file(fixture, path, &diag) != AW_OK) {
        printf("FAIL: cannot load %s\n", path);
        return 1;
    }
    sweep("estimate", estimate, NULL, 100000);
    aw_catalog_free(fixture);

    sweep("meter (intel-server-2s-dram)", meter, "intel-server-2s-dram", 100000);
    sweep("meter (laptop-amdgpu-apu)", meter, "laptop-amdgpu-apu", 100000);
    if (failures > 0) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("every allocation failure handled\n");
    return 0;
}
