/*
 * test_catalog.c - parsing, validation, merging and lookup of catalogs,
 * including malformed files and the embedded default.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "test_support.h"

static aw_status merge_fixture(aw_catalog *cat, const char *name, struct aw_diag *diag)
{
    char path[512];
    snprintf(path, sizeof path, "%s/catalog/%s", AW_TEST_FIXTURES, name);
    return aw_catalog_merge_file(cat, path, diag);
}

static void test_fixture_parses(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    assert_int_equal(aw_catalog_count(cat, AW_SECTION_HARDWARE), 2);
    const struct aw_hardware *hw = aw_catalog_find_hardware(cat, "test-gpu");
    assert_non_null(hw);
    assert_close(hw->peak_tflops[AW_PREC_BF16].value, 1000, 0);
    /* FP16 is filled from BF16 (one peak on every chip). */
    assert_close(hw->peak_tflops[AW_PREC_FP16].value, 1000, 0);
    assert_false(hw->peak_tflops[AW_PREC_FP4].set);
    /* Alias and case-insensitive lookup. */
    assert_ptr_equal(aw_catalog_find_hardware(cat, "TG"), hw);
    assert_ptr_equal(aw_catalog_find_hardware(cat, "Test-GPU"), hw);
    /* A number with a range keeps it, with its own confidence. */
    const struct aw_hardware *old = aw_catalog_find_hardware(cat, "old-gpu");
    assert_close(old->idle_power_w.low, 40, 0);
    assert_close(old->idle_power_w.high, 60, 0);
    assert_int_equal(old->idle_power_w.confidence, AW_ESTIMATE);
    assert_close(old->peak_tflops[AW_PREC_BF16].value, 300, 0);
    /* A model without params_active is dense. */
    const struct aw_model *m = aw_catalog_find_model(cat, "dense-10b");
    assert_close(m->params_active.value, 10e9, 0);
    const struct aw_model *closed = aw_catalog_find_model(cat, "closed-100b");
    assert_int_equal(closed->confidence, AW_ESTIMATE);
    assert_close(closed->params_total.low, 50e9, 0);
    assert_null(aw_catalog_find_model(cat, "nope"));
    enum aw_section sec;
    assert_int_equal(aw_catalog_locate(cat, "test-grid", &sec), AW_OK);
    assert_int_equal(sec, AW_SECTION_GRIDS);
    aw_catalog_free(cat);
}

static void test_suggest(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_string_equal(aw_catalog_suggest(cat, AW_SECTION_MODELS, "dense-1b"), "dense-10b");
    assert_string_equal(aw_catalog_suggest(cat, AW_SECTION_HARDWARE, "test-gpo"), "test-gpu");
    assert_null(aw_catalog_suggest(cat, AW_SECTION_HARDWARE, "completely-different-thing"));
    aw_catalog_free(cat);
    /* A family name suggests its first variant, not an id one typo away:
     * "a100" is 'a10g' with one substitution. */
    assert_int_equal(aw_catalog_new(&cat), AW_OK);
    assert_int_equal(aw_catalog_load_default(cat, NULL), AW_OK);
    assert_string_equal(aw_catalog_suggest(cat, AW_SECTION_HARDWARE, "a100"), "a100-40gb");
    assert_string_equal(aw_catalog_suggest(cat, AW_SECTION_HARDWARE, "A100"), "a100-40gb");
    assert_string_equal(aw_catalog_suggest(cat, AW_SECTION_HARDWARE, "a10"), "a10g");
    assert_string_equal(aw_catalog_suggest(cat, AW_SECTION_MODELS, "gemma-3"), "gemma-3-12b");
    aw_catalog_free(cat);
}

static void test_merge_overrides(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    struct aw_diag diag;
    assert_int_equal(merge_fixture(cat, "override.json", &diag), AW_OK);
    const struct aw_datacenter *dc = aw_catalog_find_datacenter(cat, "hyperscale");
    assert_close(dc->pue.value, 1.5, 0);
    assert_string_equal(dc->name, "Overridden");
    assert_non_null(aw_catalog_find_grid(cat, "clean"));
    assert_non_null(aw_catalog_find_grid(cat, "test-grid"));
    assert_int_equal(aw_catalog_count(cat, AW_SECTION_DATACENTERS), 1);
    char *dump = aw_catalog_entry_dump(cat, AW_SECTION_DATACENTERS, "hyperscale");
    assert_non_null(strstr(dump, "\"source\": \"user\""));
    free(dump);
    aw_catalog_free(cat);
}

/* A failed merge reports file and field, and leaves the catalog untouched. */
static void expect_merge_error(const char *file, const char *needle)
{
    aw_catalog *cat = fixture_catalog("minimal.json");
    struct aw_diag diag;
    aw_diag_clear(&diag);
    assert_int_not_equal(merge_fixture(cat, file, &diag), AW_OK);
    if (strstr(diag.msg, needle) == NULL) {
        print_error("message '%s' lacks '%s'\n", diag.msg, needle);
        fail();
    }
    assert_int_equal(aw_catalog_count(cat, AW_SECTION_HARDWARE), 2);
    assert_non_null(aw_catalog_find_datacenter(cat, "hyperscale"));
    aw_catalog_free(cat);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_merge_error("malformed-syntax.json", "malformed-syntax.json:1:");
    expect_merge_error("bad-range.json", "idle_power_w");
    expect_merge_error("missing-source.json", "'source'");
    expect_merge_error("unknown-section.json", "unknown section 'gpus'");
    expect_merge_error("does-not-exist.json", "cannot open");
    aw_catalog *cat = fixture_catalog("minimal.json");
    struct aw_diag diag;
    const char dup[] = "{\"schema\": \"aiwatt-catalog/1\", \"grids\": [{\"id\": \"UPPER\"}]}";
    assert_int_equal(aw_catalog_merge_json(cat, dup, sizeof dup - 1, "inline", &diag), AW_E_PARSE);
    const char neg[] = "{\"schema\": \"aiwatt-catalog/1\", \"grids\": [{\"id\": \"g\", \"name\": "
                       "\"G\", \"gco2_per_kwh\": -3, \"water_l_per_kwh\": 1, \"source\": \"s\", "
                       "\"confidence\": \"confirmed\"}]}";
    assert_int_equal(aw_catalog_merge_json(cat, neg, sizeof neg - 1, "inline", &diag), AW_E_PARSE);
    assert_non_null(strstr(diag.msg, "negative"));
    const char schema[] = "{\"schema\": \"other/9\"}";
    assert_int_equal(aw_catalog_merge_json(cat, schema, sizeof schema - 1, "inline", &diag),
                     AW_E_PARSE);
    /* An engine's FP8 KV cache default is a yes or no, and a claim that
     * needs its source; a per-layer launch cost is a time per step, 0 to
     * 10 ms. */
#define ENGINE(fields)                                                                       \
    "{\"schema\": \"aiwatt-catalog/1\", \"engines\": [{\"id\": \"e\", \"name\": \"E\", "    \
    "\"step_fixed_s\": 0, \"per_sequence_s\": 0, \"overlap\": 0, \"prefill_chunk_tokens\": 1, " \
    fields "\"source\": \"s\", \"confidence\": \"confirmed\"}]}"
    static const struct {
        const char *json, *names;
    } engine_refusals[] = {
        {ENGINE("\"fp8_kv_cache\": \"yes\", \"fp8_kv_cache_source\": \"s\", "), "fp8_kv_cache"},
        {ENGINE("\"fp8_kv_cache\": true, "), "fp8_kv_cache_source"},
        {ENGINE("\"per_layer_s\": 0.5, "), "per_layer_s"},
    };
#undef ENGINE
    for (size_t i = 0; i < sizeof engine_refusals / sizeof engine_refusals[0]; i++) {
        const char *j = engine_refusals[i].json;
        assert_int_equal(aw_catalog_merge_json(cat, j, strlen(j), "inline", &diag), AW_E_PARSE);
        assert_non_null(strstr(diag.msg, engine_refusals[i].names));
    }
    /* A hybrid's state-space layers: every size at least 1, and the bytes
     * per state element (an engine setting) with their own source. */
#define SSM_MODEL(ssm)                                                                      \
    "{\"schema\": \"aiwatt-catalog/1\", \"models\": [{\"id\": \"h\", \"name\": \"H\", "   \
    "\"params_total\": 1e9, \"layers\": 2, \"heads_q\": 8, \"head_dim\": 64, \"ssm\": " ssm \
    ", \"source\": \"s\", \"confidence\": \"confirmed\"}]}"
    static const struct {
        const char *json, *names;
    } ssm_refusals[] = {
        {SSM_MODEL("{\"layers\": 3, \"heads\": 4, \"head_dim\": 8, \"state_dim\": 16, "
                   "\"state_bytes\": 4}"),
         "state_bytes needs its own"},
        {SSM_MODEL("{\"layers\": 0, \"heads\": 4, \"head_dim\": 8, \"state_dim\": 16, "
                   "\"state_bytes\": {\"value\": 4, \"source\": \"s\"}}"),
         "must be 1 or more"},
    };
    for (size_t i = 0; i < sizeof ssm_refusals / sizeof ssm_refusals[0]; i++) {
        const char *j = ssm_refusals[i].json;
        assert_int_equal(aw_catalog_merge_json(cat, j, strlen(j), "inline", &diag), AW_E_PARSE);
        assert_non_null(strstr(diag.msg, ssm_refusals[i].names));
    }
    const char ssm_ok[] = SSM_MODEL("{\"layers\": 3, \"heads\": 4, \"head_dim\": 8, "
                                    "\"state_dim\": 16, \"state_bytes\": {\"value\": 4, "
                                    "\"source\": \"s\"}}");
    assert_int_equal(aw_catalog_merge_json(cat, ssm_ok, sizeof ssm_ok - 1, "inline", &diag),
                     AW_OK);
    const struct aw_model *h = aw_catalog_find_model(cat, "h");
    assert_non_null(h);
    assert_int_equal(h->ssm_layers * h->ssm_heads * h->ssm_head_dim * h->ssm_state_dim, 1536);
    assert_close(h->ssm_state_bytes.value, 4, 0);
#undef SSM_MODEL
    const char notobj[] = "[1, 2]";
    assert_int_equal(aw_catalog_merge_json(cat, notobj, sizeof notobj - 1, "inline", &diag),
                     AW_E_PARSE);
    aw_catalog_free(cat);
}

/* The embedded default: every required id is there, with source and confidence. */
static void test_default_catalog(void **state)
{
    (void)state;
    aw_catalog *cat = default_catalog();
    assert_non_null(cat);
    static const char *const hardware[] = {
        "v100", "t4", "a100-40gb", "a100-80gb", "a10g", "l4", "l40s", "rtx-4090", "h100-sxm",
        "h100", "h100-pcie", "h800", "h200", "b200", "gb200", "mi300x", "mi325x", "tpu-v3",
        "tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e", "gaudi2", "gaudi3"};
    for (size_t i = 0; i < sizeof hardware / sizeof hardware[0]; i++) {
        const struct aw_hardware *hw = aw_catalog_find_hardware(cat, hardware[i]);
        if (hw == NULL) {
            print_error("hardware '%s' missing\n", hardware[i]);
            fail();
        }
        assert_non_null(hw->source);
    }
    static const char *const models[] = {
        "llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b",
        "llama-3.1-405b", "llama-3.3-70b", "llama-3.2-1b", "llama-3.2-3b", "qwen2.5-7b",
        "qwen2.5-72b", "qwen3-32b", "qwen3-30b-a3b", "qwen3-235b-a22b", "mixtral-8x7b",
        "mixtral-8x22b", "deepseek-v3", "deepseek-v3.1", "deepseek-r1", "gpt-oss-20b",
        "gpt-oss-120b", "gemma-2-9b", "gemma-2-27b", "gemma-3-12b", "gemma-3-27b",
        "mistral-large-2", "phi-3-mini", "phi-4", "bloom-176b", "olmo-2-7b", "olmo-2-13b",
        "gpt-3", "gopher-280b", "palm-540b", "gpt-4", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "o1",
        "o3", "gpt-5", "claude-3.5-sonnet", "claude-3.5-haiku", "gemini-2.5-pro",
        "gemini-2.5-flash"};
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        const struct aw_model *m = aw_catalog_find_model(cat, models[i]);
        if (m == NULL) {
            print_error("model '%s' missing\n", models[i]);
            fail();
        }
    }
    /* Closed models are estimates and carry ranges. */
    static const char *const closed[] = {"gpt-4", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "o1", "o3",
                                         "gpt-5", "claude-3.5-sonnet", "claude-3.5-haiku",
                                         "gemini-2.5-pro", "gemini-2.5-flash"};
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        const struct aw_model *m = aw_catalog_find_model(cat, closed[i]);
        assert_int_equal(m->confidence, AW_ESTIMATE);
        assert_true(m->params_total.low < m->params_total.high);
        assert_true(m->params_active.low < m->params_active.high);
    }
    static const char *const dcs[] = {"hyperscale", "industry-average", "google", "microsoft",
                                      "aws", "meta", "enterprise"};
    for (size_t i = 0; i < sizeof dcs / sizeof dcs[0]; i++) {
        const struct aw_datacenter *dc = aw_catalog_find_datacenter(cat, dcs[i]);
        assert_non_null(dc);
        assert_non_null(aw_catalog_find_grid(cat, dc->grid_id));
    }
    static const char *const grids[] = {"world", "us", "eu", "fr", "de", "se", "cn",
                                        "in", "kr", "jp", "ie", "gb", "us-va"};
    for (size_t i = 0; i < sizeof grids / sizeof grids[0]; i++)
        assert_non_null(aw_catalog_find_grid(cat, grids[i]));
    /* Every hardware entry's server exists. */
    for (size_t i = 0; i < aw_catalog_count(cat, AW_SECTION_HARDWARE); i++) {
        const struct aw_hardware *hw =
            aw_catalog_find_hardware(cat, aw_catalog_id_at(cat, AW_SECTION_HARDWARE, i));
        if (hw->server_id != NULL)
            assert_non_null(aw_catalog_find_server(cat, hw->server_id));
    }
    /* Published values the estimator relies on. */
    const struct aw_hardware *h100 = aw_catalog_find_hardware(cat, "h100");
    assert_close(h100->peak_tflops[AW_PREC_BF16].value, 989, 0.01);
    assert_close(h100->bandwidth_tbs.value, 3.35, 0.01);
    assert_close(h100->max_power_w.value, 700, 0);
    const struct aw_model *l8 = aw_catalog_find_model(cat, "llama-3.1-8b");
    assert_close(l8->params_total.value, 8.03e9, 0.01);
    assert_int_equal(l8->layers, 32);
    assert_int_equal(l8->heads_kv, 8);
    aw_catalog_free(cat);
}

/* The build compiles the data files as one catalog (tools/catalog_gen.c);
 * each one is also a valid catalog on its own, without duplicate keys. */
static void test_data_files_strict(void **state)
{
    (void)state;
    const char *dir_path = AW_TEST_FIXTURES "/../../data";
    DIR *dir = opendir(dir_path);
    assert_non_null(dir);
    struct dirent *ent;
    int files = 0;
    while ((ent = readdir(dir)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n < 6 || strcmp(ent->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir_path, ent->d_name);
        json_error_t err;
        json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
        if (j == NULL) {
            print_error("%s:%d: %s\n", path, err.line, err.text);
            fail();
        }
        json_decref(j);
        aw_catalog *cat = NULL;
        struct aw_diag diag;
        assert_int_equal(aw_catalog_new(&cat), AW_OK);
        if (aw_catalog_merge_file(cat, path, &diag) != AW_OK) {
            print_error("%s\n", diag.msg);
            fail();
        }
        aw_catalog_free(cat);
        files++;
    }
    closedir(dir);
    assert_true(files >= 5);
}

/* aw_api_run's answer, or the status and message of its refusal. */
static char *api_answer(const aw_catalog *cat, const char *command, const char *request)
{
    char *out = NULL;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    aw_status st = aw_api_run(cat, command, request, &out, &diag);
    char *text = NULL;
    if (st == AW_OK) {
        text = strdup(out);
    } else {
        text = malloc(2 * AW_DIAG_SIZE + 32);
        if (text != NULL)
            snprintf(text, 2 * AW_DIAG_SIZE + 32, "status %d: %s (%s)", (int)st, diag.msg,
                     diag.hint);
    }
    aw_free(out);
    assert_non_null(text);
    return text;
}

static void same_answer(const aw_catalog *compiled, const aw_catalog *parsed,
                        const char *command, const char *request)
{
    char *a = api_answer(compiled, command, request);
    char *b = api_answer(parsed, command, request);
    if (strcmp(a, b) != 0) {
        print_error("%s %s: the compiled catalog answers\n%.400s\nthe parsed one\n%.400s\n",
                    command, request, a, b);
        fail();
    }
    free(a);
    free(b);
}

/* The compiled default (tools/catalog_gen.c) is the data files as the
 * loader reads them: every entry's JSON, header and lookup agree with the
 * same files merged at run time, and so do estimates on every model,
 * accelerator, data centre, grid and engine, training runs on every
 * accelerator at 16, 8 and 4 bits and every preset, mixes and the report
 * (the uncertainty ranges read each number's own source and distribution). */
static void test_compiled_matches_parsed(void **state)
{
    (void)state;
    aw_catalog *compiled = default_catalog();
    aw_catalog *parsed = NULL;
    assert_non_null(compiled);
    assert_int_equal(aw_catalog_new(&parsed), AW_OK);
    const char *dir_path = AW_TEST_FIXTURES "/../../data";
    struct dirent **names = NULL;
    int n_files = scandir(dir_path, &names, NULL, alphasort);
    assert_true(n_files > 0);
    for (int i = 0; i < n_files; i++) {
        size_t len = strlen(names[i]->d_name);
        if (len > 5 && strcmp(names[i]->d_name + len - 5, ".json") == 0) {
            char path[1024];
            struct aw_diag diag;
            snprintf(path, sizeof path, "%s/%s", dir_path, names[i]->d_name);
            if (aw_catalog_merge_file(parsed, path, &diag) != AW_OK) {
                print_error("%s\n", diag.msg);
                fail();
            }
        }
        free(names[i]);
    }
    free(names);
    for (int s = 0; s < AW_SECTION_COUNT; s++) {
        enum aw_section sec = (enum aw_section)s;
        size_t n = aw_catalog_count(compiled, sec);
        assert_int_equal(n, aw_catalog_count(parsed, sec));
        for (size_t i = 0; i < n; i++) {
            const char *id = aw_catalog_id_at(compiled, sec, i);
            assert_string_equal(id, aw_catalog_id_at(parsed, sec, i));
            const char *name[2], *source[2], *conf[2];
            assert_int_equal(aw_catalog_entry_summary(compiled, sec, i, &name[0], &source[0],
                                                      &conf[0]), AW_OK);
            assert_int_equal(aw_catalog_entry_summary(parsed, sec, i, &name[1], &source[1],
                                                      &conf[1]), AW_OK);
            assert_true((name[0] == NULL) == (name[1] == NULL));
            if (name[0] != NULL)
                assert_string_equal(name[0], name[1]);
            assert_string_equal(source[0], source[1]);
            assert_string_equal(conf[0], conf[1]);
            char *dump[2] = {aw_catalog_entry_dump(compiled, sec, id),
                             aw_catalog_entry_dump(parsed, sec, id)};
            assert_non_null(dump[0]);
            assert_non_null(dump[1]);
            assert_string_equal(dump[0], dump[1]);
            free(dump[0]);
            free(dump[1]);
            char request[256];
            switch (sec) {
            case AW_SECTION_MODELS:
                snprintf(request, sizeof request, "{\"model\": \"%s\", \"uncertainty\": 200}",
                         id);
                same_answer(compiled, parsed, "estimate", request);
                break;
            case AW_SECTION_HARDWARE:
                snprintf(request, sizeof request, "{\"hardware\": \"%s\", \"uncertainty\": 200}",
                         id);
                same_answer(compiled, parsed, "estimate", request);
                for (int bits = 0; bits < 3; bits++) {
                    static const char *const prec[] = {"bf16", "fp8", "fp4"};
                    snprintf(request, sizeof request,
                             "{\"params\": 8e9, \"tokens\": 1e12, \"hardware\": \"%s\", "
                             "\"precision\": \"%s\"}", id, prec[bits]);
                    same_answer(compiled, parsed, "train", request);
                }
                break;
            case AW_SECTION_DATACENTERS:
            case AW_SECTION_GRIDS:
            case AW_SECTION_ENGINES:
                snprintf(request, sizeof request, "{\"%s\": \"%s\", \"uncertainty\": 200}",
                         sec == AW_SECTION_DATACENTERS ? "datacenter"
                         : sec == AW_SECTION_GRIDS     ? "grid"
                                                       : "engine",
                         id);
                same_answer(compiled, parsed, "estimate", request);
                break;
            case AW_SECTION_TRAINING_RUNS:
                snprintf(request, sizeof request, "{\"model\": \"%s\"}", id);
                same_answer(compiled, parsed, "train", request);
                break;
            case AW_SECTION_PROFILES:
                snprintf(request, sizeof request, "{\"profile\": \"%s\"}", id);
                same_answer(compiled, parsed, "mix", request);
                break;
            default:
                break;
            }
        }
    }
    same_answer(compiled, parsed, "report", "{}");
    aw_catalog_free(compiled);
    aw_catalog_free(parsed);
}

/* Loading only some sections loads only those (and their companions). */
static void test_load_sections(void **state)
{
    (void)state;
    aw_catalog *cat = NULL;
    struct aw_diag diag;
    assert_int_equal(aw_catalog_new(&cat), AW_OK);
    assert_int_equal(aw_catalog_load_default_sections(
                         cat, AW_SECTION_BIT(AW_SECTION_GRIDS) | AW_SECTION_BIT(AW_SECTION_SERVERS),
                         &diag),
                     AW_OK);
    assert_non_null(aw_catalog_find_grid(cat, "fr"));
    assert_non_null(aw_catalog_find_server(cat, "dgx-h100"));
    assert_int_equal(aw_catalog_count(cat, AW_SECTION_MODELS), 0);
    aw_catalog_free(cat);
    /* Headers only (no effect now that every section is typed): every
     * section listed and shown; a compiled entry has no parsed JSON, and
     * its dump parses its text. */
    assert_int_equal(aw_catalog_new(&cat), AW_OK);
    assert_int_equal(aw_catalog_load_default_sections(cat, AW_SECTIONS_HEADERS_ONLY, &diag),
                     AW_OK);
    assert_true(aw_catalog_count(cat, AW_SECTION_REFERENCES) > 100);
    const char *id = aw_catalog_id_at(cat, AW_SECTION_REFERENCES, 0);
    assert_null(aw_catalog_entry_json(cat, AW_SECTION_REFERENCES, id));
    char *dump = aw_catalog_entry_dump(cat, AW_SECTION_REFERENCES, id);
    assert_non_null(strstr(dump, "\"source\""));
    free(dump);
    aw_catalog_free(cat);
}

TEST_MAIN(cmocka_unit_test(test_fixture_parses),
          cmocka_unit_test(test_suggest),
          cmocka_unit_test(test_merge_overrides),
          cmocka_unit_test(test_malformed),
          cmocka_unit_test(test_default_catalog),
          cmocka_unit_test(test_data_files_strict),
          cmocka_unit_test(test_load_sections),
          cmocka_unit_test(test_compiled_matches_parsed))
