/*
 * report.c - the story of AI energy on one screen: the same boundary ladder
 * for every kind of request people argue about, from a short text chat to
 * an agent session, with relatable comparisons from the catalog.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

enum item_type { ITEM_REQUEST, ITEM_MIX, ITEM_AGENT };

/* The report's scenarios. Each is an ordinary request (or mix, or agent
 * session) with the defaults of docs/methodology.md; the detail line says
 * exactly what was estimated. */
struct scenario {
    enum item_type type;
    const char *kind;
    const char *label;
    const char *detail;
    const char *model;
    enum aw_task task;
    long input_tokens;
    long output_tokens;
    long images_in;
    int width, height, frames;
    int agent_steps;
};

static const struct scenario scenarios[] = {
    {ITEM_REQUEST, "text", "text-only chat request",
     "gpt-4o (estimated 400B/100B active), 400 tokens in, 300 out, H100, batch 64", "gpt-4o",
     AW_TASK_CHAT, 400, 300, 0, 0, 0, 0, 0},
    {ITEM_MIX, "average", "average ChatGPT query (mix)",
     "profile chatgpt-2025: text, long context, reasoning, images in, image generation", NULL,
     AW_TASK_CHAT, 0, 0, 0, 0, 0, 0, 0},
    {ITEM_REQUEST, "image-input", "text + one image in", "gpt-4o, one 1024x1024 photo (765 tokens)",
     "gpt-4o", AW_TASK_CHAT, 400, 300, 1, 0, 0, 0, 0},
    {ITEM_REQUEST, "long-context-10k", "long context: 10k tokens in",
     "gpt-4o, 10,000 tokens in (a long document), 300 out", "gpt-4o", AW_TASK_CHAT, 10000, 300, 0,
     0, 0, 0, 0},
    {ITEM_REQUEST, "long-context-100k", "long context: 100k tokens in",
     "gpt-4o, 100,000 tokens in (a book), 300 out", "gpt-4o", AW_TASK_CHAT, 100000, 300, 0, 0, 0,
     0, 0},
    {ITEM_REQUEST, "reasoning", "reasoning request",
     "o3 (estimated), 400 in, 2,500 hidden reasoning + 300 out", "o3", AW_TASK_REASONING, 400,
     300, 0, 0, 0, 0, 0},
    {ITEM_REQUEST, "image", "image generation", "flux.1-dev, 1024x1024, model's default steps",
     "flux.1-dev", AW_TASK_IMAGE, 0, 0, 0, 1024, 1024, 0, 0},
    {ITEM_REQUEST, "video", "short video (5 s)",
     "wan2.1-14b, 832x480, 81 frames (5 s at 16 fps), model's default steps", "wan2.1-14b",
     AW_TASK_VIDEO, 0, 0, 0, 832, 480, 81, 0},
    {ITEM_AGENT, "agent", "agent session (20 steps)",
     "gpt-4o, 20 calls, 2k initial + 1k tool + 200 output tokens per step, prompt cache on",
     "gpt-4o", AW_TASK_CHAT, 0, 0, 0, 0, 0, 0, 20},
};

static aw_status run_scenario(const aw_catalog *cat, const struct scenario *sc,
                              const struct aw_request *ov, struct aw_report_item *item,
                              struct aw_diag *diag)
{
    item->kind = sc->kind;
    item->label = sc->label;
    item->detail = sc->detail;
    aw_status st;
    if (sc->type == ITEM_MIX) {
        struct aw_mix_result mix;
        st = aw_mix_run(cat, "chatgpt-2025", ov, &mix, diag);
        if (st != AW_OK)
            return st;
        item->wh = mix.wh;
        item->co2_g = mix.co2_g;
        item->water_ml = mix.water_ml;
        aw_mix_result_release(&mix);
        return AW_OK;
    }
    if (sc->type == ITEM_AGENT) {
        struct aw_agent_spec spec;
        struct aw_agent_result res;
        aw_agent_spec_init(&spec);
        spec.base.model_id = sc->model;
        spec.steps = sc->agent_steps;
        aw_request_apply_site(&spec.base, ov);
        st = aw_agent_run(cat, &spec, &res, diag);
        if (st != AW_OK)
            return st;
        item->wh = res.wh;
        item->co2_g = res.co2_g;
        item->water_ml = res.water_ml;
        item->seconds = res.seconds;
        aw_agent_result_release(&res);
        return AW_OK;
    }
    struct aw_request req;
    struct aw_estimate est;
    aw_request_init(&req);
    req.model_id = sc->model;
    req.task = sc->task;
    if (sc->input_tokens > 0)
        req.input_tokens = sc->input_tokens;
    if (sc->output_tokens > 0)
        req.output_tokens = sc->output_tokens;
    req.images_in = sc->images_in;
    req.width = sc->width;
    req.height = sc->height;
    req.frames = sc->frames;
    aw_request_apply_site(&req, ov);
    st = aw_estimate_request(cat, &req, &est, diag);
    if (st != AW_OK)
        return st;
    item->wh = est.wh;
    item->co2_g = est.co2_g;
    item->water_ml = est.water_ml;
    item->seconds = est.seconds;
    return AW_OK;
}

aw_status aw_report_run(const aw_catalog *cat, const struct aw_request *overrides,
                        struct aw_report *out, struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        aw_status st = run_scenario(cat, &scenarios[i], overrides, &out->items[i], diag);
        if (st != AW_OK) {
            char inner[AW_DIAG_SIZE];
            snprintf(inner, sizeof inner, "%s", diag->msg);
            return aw__fail(diag, st, "report item '%s': %s", scenarios[i].kind, inner);
        }
        out->n_items = i + 1;
    }
    return AW_OK;
}

aw_status aw_comparison_get(const aw_catalog *cat, const char *id, double *value,
                            const char **name, const char **unit)
{
    const json_t *c = aw_catalog_entry_json(cat, AW_SECTION_COMPARISONS, id);
    if (c == NULL)
        return AW_E_NOT_FOUND;
    const json_t *v = json_object_get(c, "value");
    if (json_is_object(v))
        v = json_object_get(v, "value");
    if (!json_is_number(v) || !(json_number_value(v) > 0))
        return AW_E_PARSE;
    if (value != NULL)
        *value = json_number_value(v);
    if (name != NULL)
        *name = json_string_value(json_object_get(c, "name"));
    if (unit != NULL)
        *unit = json_string_value(json_object_get(c, "unit"));
    return AW_OK;
}

/* Equivalents of `wh` in the catalog's comparison units: "per second"
 * items (W) become seconds of use, others (Wh) become counts. */
static json_t *equivalents(const aw_catalog *cat, double wh)
{
    json_t *o = json_object();
    size_t n = aw_catalog_count(cat, AW_SECTION_COMPARISONS);
    for (size_t i = 0; o != NULL && i < n; i++) {
        const char *id = aw_catalog_id_at(cat, AW_SECTION_COMPARISONS, i);
        double value;
        const char *unit = NULL;
        if (aw_comparison_get(cat, id, &value, NULL, &unit) != AW_OK || unit == NULL)
            continue;
        char key[96];
        if (strcmp(unit, "W") == 0) {
            snprintf(key, sizeof key, "%s_seconds", id);
            json_object_set_new(o, key, json_real(wh * 3600.0 / value));
        } else {
            snprintf(key, sizeof key, "%s", id);
            json_object_set_new(o, key, json_real(wh / value));
        }
    }
    return o;
}

json_t *aw_report_to_json(const aw_catalog *cat, const struct aw_report *rep)
{
    json_t *requests = json_array();
    json_t *comparisons = json_array();
    if (requests == NULL || comparisons == NULL)
        goto oom;
    for (size_t i = 0; i < rep->n_items; i++) {
        const struct aw_report_item *it = &rep->items[i];
        json_t *row = json_pack("{s:s, s:s, s:s, s:o, s:f, s:f, s:f, s:o}", "kind", it->kind,
                                "label", it->label, "detail", it->detail, "wh",
                                aw_ladder_to_json(&it->wh), "co2_g", it->co2_g, "water_ml",
                                it->water_ml, "seconds", it->seconds, "equivalents",
                                equivalents(cat, it->wh.facility_wh));
        if (row == NULL || json_array_append_new(requests, row) != 0)
            goto oom;
    }
    size_t n = aw_catalog_count(cat, AW_SECTION_COMPARISONS);
    for (size_t i = 0; i < n; i++) {
        const char *id = aw_catalog_id_at(cat, AW_SECTION_COMPARISONS, i);
        const json_t *c = aw_catalog_entry_json(cat, AW_SECTION_COMPARISONS, id);
        if (json_array_append(comparisons, (json_t *)c) != 0)
            goto oom;
    }
    return json_pack("{s:o, s:o}", "requests", requests, "comparisons", comparisons);
oom:
    json_decref(requests);
    json_decref(comparisons);
    return NULL;
}
