/*
 * test_hardening.c - findings of a hardening pass on the library, each
 * fixed at its cause: lookups on an empty catalog (bsearch on a NULL
 * array), and entry points that document a NULL diag but dereferenced it.
 */
#include <string.h>
#include "test_support.h"

/* Every lookup on an empty catalog finds nothing (it was bsearch on NULL,
 * which UBSan's nonnull-attribute check reports). */
static void test_empty_catalog_lookups(void **state)
{
    (void)state;
    aw_catalog *cat = NULL;
    assert_int_equal(aw_catalog_new(&cat), AW_OK);
    assert_null(aw_catalog_find_model(cat, "llama-3.1-8b"));
    assert_null(aw_catalog_find_hardware(cat, "h100-sxm"));
    assert_null(aw_catalog_find_server(cat, "x"));
    assert_null(aw_catalog_find_datacenter(cat, "hyperscale"));
    assert_null(aw_catalog_find_grid(cat, "us"));
    struct aw_request req = request_for(NULL, NULL);
    struct aw_estimate e;
    struct aw_diag diag;
    assert_int_equal(aw_estimate_request(cat, &req, &e, &diag), AW_E_NOT_FOUND);
    aw_catalog_free(cat);
}

/* aw_agent_run, aw_mix_run and aw_report_run accept a NULL diag, as every
 * entry point documents: a failure returns its status, no crash. */
static void test_null_diag(void **state)
{
    (void)state;
    aw_catalog *cat = fixture_catalog("minimal.json");
    assert_non_null(cat);
    struct aw_agent_spec spec;
    struct aw_agent_result agent;
    aw_agent_spec_init(&spec);
    spec.base.model_id = "no-such-model";
    assert_int_equal(aw_agent_run(cat, &spec, &agent, NULL), AW_E_NOT_FOUND);
    aw_agent_result_release(&agent);

    struct aw_mix_result mix;
    assert_int_not_equal(aw_mix_run(cat, "no-such-profile", NULL, &mix, NULL), AW_OK);
    aw_mix_result_release(&mix);

    struct aw_report report;
    struct aw_request overrides = request_for(NULL, "no-such-gpu");
    assert_int_not_equal(aw_report_run(cat, &overrides, &report, NULL), AW_OK);
    aw_catalog_free(cat);
}

TEST_MAIN(cmocka_unit_test(test_empty_catalog_lookups),
          cmocka_unit_test(test_null_diag))
