/*
 * fuzz_scenario.c - references, profiles and training runs as a user's
 * catalog file adds or overrides them (aiwatt --catalog my.json): the input
 * is merged over the default catalog (loaded once, and again after a merge
 * that succeeded), then every reference the input names is read, used as a
 * preset and reproduced, every profile it names is run as a mix, and every
 * training run it names is estimated, with the default models, hardware and
 * sites to refer to. Entries the input does not name
 * (its text does not hold their id) are skipped: they are the default's,
 * which the unit tests cover, and skipping them keeps an execution short.
 *
 * The oracle, besides no crash, no leak and no undefined behaviour: what
 * succeeds is finite and not negative (a reproduction's own estimate, a
 * mix's per-query energy, a training run's energy).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "fuzz_support.h"

/* Whether the input's text holds `id` (between quotes, as JSON writes it). */
static int named(const char *text, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = strstr(text, id); p != NULL; p = strstr(p + 1, id)) {
        if (p > text && p[-1] == '"' && p[n] == '"')
            return 1;
    }
    return 0;
}

/* Calls `use` on every entry of `section` that the input names. */
static void each_named(const aw_catalog *cat, enum aw_section section, const char *text,
                       void (*use)(const aw_catalog *cat, const char *id))
{
    size_t n = aw_catalog_count(cat, section);
    for (size_t i = 0; i < n; i++) {
        const char *id = aw_catalog_id_at(cat, section, i);
        if (named(text, id))
            use(cat, id);
    }
}

/* A reference: read, used as a preset, reproduced. */
static void use_reference(const aw_catalog *cat, const char *id)
{
    struct aw_diag diag;
    struct aw_reference ref;
    (void)aw_reference_get(cat, id, &ref, &diag);
    double v;
    (void)aw_reference_preset(cat, id, 0, &v, &diag);
    (void)aw_reference_preset(cat, id, 1, &v, &diag);
    (void)aw_reference_has_scenario(cat, id);
    struct aw_reproduction rep;
    /* NaN: the scenario asks for no estimate of aiwatt's own. */
    if (aw_reproduce(cat, id, &rep, &diag) == AW_OK && !isnan(rep.estimate_wh.facility_wh))
        fuzz_not_negative(rep.estimate_wh.facility_wh, "reproduction's facility Wh", id);
}

/* A profile: run as a mix. */
static void use_profile(const aw_catalog *cat, const char *id)
{
    struct aw_diag diag;
    struct aw_mix_result mix;
    if (aw_mix_run(cat, id, NULL, &mix, &diag) == AW_OK) {
        fuzz_not_negative(mix.wh.facility_wh, "mix's facility Wh per query", id);
        aw_mix_result_release(&mix);
    }
}

/* A training run: estimated with its defaults. */
static void use_training_run(const aw_catalog *cat, const char *id)
{
    struct aw_diag diag;
    struct aw_train_request req;
    struct aw_train_estimate est;
    aw_train_request_init(&req);
    req.model_id = id;
    if (aw_train_estimate(cat, &req, &est, &diag) == AW_OK)
        fuzz_not_negative(est.wh.facility_wh, "training run's facility Wh", id);
}

/* The default catalog, loaded again only after a merge that succeeded:
 * a merge that fails merges nothing (aw_catalog_merge_json's contract), so
 * the next input finds the catalog as loaded. Loading is most of the time
 * of an input otherwise. It is reloaded in the input that changed it, so
 * that an input frees what it allocates (libFuzzer looks for a leak, slowly,
 * after an input that does not). */
static aw_catalog *base;

static void load_base(void)
{
    struct aw_diag diag;
    aw_catalog_free(base);
    base = NULL;
    if (aw_catalog_new(&base) != AW_OK || aw_catalog_load_default(base, &diag) != AW_OK)
        abort();
}

static void drop_base(void)
{
    aw_catalog_free(base);
    base = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    load_base();
    atexit(drop_base); /* LeakSanitizer checks at exit */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size, 65536);
    if (text == NULL)
        return 0;
    struct aw_diag diag;
    if (aw_catalog_merge_json(base, text, size, "fuzz.json", &diag) == AW_OK) {
        each_named(base, AW_SECTION_REFERENCES, text, use_reference);
        each_named(base, AW_SECTION_PROFILES, text, use_profile);
        each_named(base, AW_SECTION_TRAINING_RUNS, text, use_training_run);
        load_base();
    }
    free(text);
    return 0;
}
