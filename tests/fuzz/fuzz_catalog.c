/*
 * fuzz_catalog.c - a catalog JSON file merged into an empty catalog, then
 * every lookup of every entry (a suggestion for the first few), and one
 * estimate per task and method, a mix per profile, a reproduction per
 * reference and a training estimate per run, all on what the input
 * defines. Refusals are fine; a crash, a leak or undefined behaviour is
 * not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *first_id(const aw_catalog *cat, enum aw_section sec)
{
    return aw_catalog_count(cat, sec) > 0 ? aw_catalog_id_at(cat, sec, 0) : NULL;
}

static void lookups(const aw_catalog *cat)
{
    for (int sec = 0; sec < AW_SECTION_COUNT; sec++) {
        size_t n = aw_catalog_count(cat, (enum aw_section)sec);
        for (size_t i = 0; i < n; i++) {
            const char *id = aw_catalog_id_at(cat, (enum aw_section)sec, i);
            if (id == NULL)
                abort();
            (void)aw_catalog_find_hardware(cat, id);
            (void)aw_catalog_find_server(cat, id);
            (void)aw_catalog_find_model(cat, id);
            (void)aw_catalog_find_datacenter(cat, id);
            (void)aw_catalog_find_grid(cat, id);
            /* A suggestion measures the id against every entry: for every
             * entry, that is quadratic, most of an execution on a catalog as
             * large as data/. A few show the path. */
            if (i < 4)
                (void)aw_catalog_suggest(cat, (enum aw_section)sec, id);
            char *dump = aw_catalog_entry_dump(cat, (enum aw_section)sec, id);
            free(dump);
        }
    }
}

static void estimates(const aw_catalog *cat)
{
    static const enum aw_task tasks[] = {AW_TASK_CHAT, AW_TASK_REASONING, AW_TASK_IMAGE,
                                         AW_TASK_VIDEO};
    static const enum aw_method methods[] = {AW_METHOD_ROOFLINE, AW_METHOD_FLOPS,
                                             AW_METHOD_NAMEPLATE, AW_METHOD_ECOLOGITS};
    size_t n_models = aw_catalog_count(cat, AW_SECTION_MODELS);
    for (size_t t = 0; t < sizeof tasks / sizeof tasks[0]; t++) {
        for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
            struct aw_request req;
            struct aw_estimate est;
            struct aw_diag diag;
            aw_request_init(&req);
            req.task = tasks[t];
            req.method = methods[k];
            /* A model of the input when there is one, else the default. */
            if (n_models > 0)
                req.model_id = aw_catalog_id_at(cat, AW_SECTION_MODELS, (t + k) % n_models);
            req.hardware_id = first_id(cat, AW_SECTION_HARDWARE);
            req.datacenter_id = first_id(cat, AW_SECTION_DATACENTERS);
            (void)aw_estimate_request(cat, &req, &est, &diag);
        }
    }
}

static void scenarios(const aw_catalog *cat)
{
    struct aw_diag diag;
    for (size_t i = 0; i < aw_catalog_count(cat, AW_SECTION_PROFILES) && i < 4; i++) {
        struct aw_mix_result mix;
        (void)aw_mix_run(cat, aw_catalog_id_at(cat, AW_SECTION_PROFILES, i), NULL, &mix, &diag);
        aw_mix_result_release(&mix);
    }
    for (size_t i = 0; i < aw_catalog_count(cat, AW_SECTION_REFERENCES) && i < 4; i++) {
        struct aw_reproduction rep;
        (void)aw_reproduce(cat, aw_catalog_id_at(cat, AW_SECTION_REFERENCES, i), &rep, &diag);
    }
    for (size_t i = 0; i < aw_catalog_count(cat, AW_SECTION_TRAINING_RUNS) && i < 4; i++) {
        struct aw_train_request req;
        struct aw_train_estimate est;
        aw_train_request_init(&req);
        req.model_id = aw_catalog_id_at(cat, AW_SECTION_TRAINING_RUNS, i);
        (void)aw_train_estimate(cat, &req, &est, &diag);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    if (aw_catalog_new(&cat) != AW_OK)
        return 0;
    if (aw_catalog_merge_json(cat, (const char *)data, size, "fuzz.json", &diag) == AW_OK) {
        lookups(cat);
        estimates(cat);
        scenarios(cat);
    }
    aw_catalog_free(cat);
    return 0;
}
