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
 * session) with the defaults of docs/methodology.md. What exactly was
 * estimated is described from the resolved estimate (describe_*), so it stays
 * true under --hardware or a user's catalog. */
struct scenario {
    enum item_type type;
    const char *kind;
    const char *label;
    const char *model;
    enum aw_task task;
    long input_tokens;
    long output_tokens;
    long images_in;
    int width, height, frames;
    int agent_steps;
};

static const struct scenario scenarios[] = {
    {ITEM_REQUEST, "text", "text-only chat request", "gpt-4o", AW_TASK_CHAT, 400, 300, 0, 0, 0,
     0, 0},
    {ITEM_MIX, "average", "average ChatGPT query (mix)", NULL, AW_TASK_CHAT, 0, 0, 0, 0, 0, 0,
     0},
    {ITEM_REQUEST, "image-input", "text + one image in", "gpt-4o", AW_TASK_CHAT, 400, 300, 1, 0,
     0, 0, 0},
    {ITEM_REQUEST, "long-context-10k", "long context: 10k tokens in", "gpt-4o", AW_TASK_CHAT,
     10000, 300, 0, 0, 0, 0, 0},
    {ITEM_REQUEST, "long-context-100k", "long context: 100k tokens in", "gpt-4o", AW_TASK_CHAT,
     100000, 300, 0, 0, 0, 0, 0},
    {ITEM_REQUEST, "reasoning", "reasoning request", "o3", AW_TASK_REASONING, 400, 300, 0, 0, 0,
     0, 0},
    {ITEM_REQUEST, "image", "image generation", "flux.1-dev", AW_TASK_IMAGE, 0, 0, 0, 1024, 1024,
     0, 0},
    /* 81 frames: 5 s at Wan 2.1's 16 fps. */
    {ITEM_REQUEST, "video", "short video (5 s)", "wan2.1-14b", AW_TASK_VIDEO, 0, 0, 0, 832, 480,
     81, 0},
    {ITEM_AGENT, "agent", "agent session (20 steps)", "gpt-4o", AW_TASK_CHAT, 0, 0, 0, 0, 0, 0,
     20},
};

/* "gpt-4o (estimate), 400 in / 300 out, 8 x h100-sxm fp8, batch 64" or, for
 * images and video, the size, frames and steps. */
static void describe_request(const struct aw_estimate *e, char *buf, size_t n)
{
    const struct aw_resolved *in = &e->inputs;
    int used;
    if (in->architecture != NULL) {
        used = snprintf(buf, n, "%s (%s), %dx%d px, %d frame(s), %d steps", in->model_id,
                        in->model_confidence, in->width, in->height, in->frames, in->steps);
    } else {
        used = snprintf(buf, n, "%s (%s), %ld in / %ld out", in->model_id, in->model_confidence,
                        in->input_tokens, in->output_tokens);
        if (used >= 0 && (size_t)used < n && in->reasoning_tokens > 0)
            used += snprintf(buf + used, n - (size_t)used, " + %ld reasoning",
                             in->reasoning_tokens);
        if (used >= 0 && (size_t)used < n && in->images_in > 0)
            used += snprintf(buf + used, n - (size_t)used, ", %ld image(s) = %ld tokens",
                             in->images_in, in->image_tokens);
    }
    if (used >= 0 && (size_t)used < n)
        snprintf(buf + used, n - (size_t)used, ", %d x %s %s, batch %d", in->gpus,
                 in->hardware_id, in->precision, in->batch);
}

static aw_status run_scenario(const aw_catalog *cat, const struct scenario *sc,
                              const struct aw_request *ov, struct aw_report_item *item,
                              struct aw_diag *diag)
{
    item->kind = sc->kind;
    item->label = sc->label;
    aw_status st;
    if (sc->type == ITEM_MIX) {
        struct aw_mix_result mix;
        st = aw_mix_run(cat, "chatgpt-2025", ov, &mix, diag);
        if (st != AW_OK)
            return st;
        item->wh = mix.wh;
        item->co2_g = mix.co2_g;
        item->water_ml = mix.water_ml;
        item->embodied_co2_g = 0;
        for (size_t k = 0; k < mix.n_kinds; k++) {
            const struct aw_embodied *e = &mix.kinds[k].estimate.embodied;
            if (!e->set) {
                item->embodied_co2_g = -1;
                break;
            }
            item->embodied_co2_g += mix.kinds[k].share * e->co2_g;
        }
        snprintf(item->detail, sizeof item->detail, "profile %s: %zu request kinds, weighted by "
                 "their shares ('aiwatt mix --profile %s')", mix.profile_id, mix.n_kinds,
                 mix.profile_id);
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
        item->embodied_co2_g = 0;
        for (int k = 0; k < res.n_steps; k++) {
            const struct aw_embodied *e = &res.steps[k].estimate.embodied;
            if (!e->set) {
                item->embodied_co2_g = -1;
                break;
            }
            item->embodied_co2_g += e->co2_g;
        }
        const struct aw_resolved *first = &res.steps[0].estimate.inputs;
        snprintf(item->detail, sizeof item->detail,
                 "%s, %d calls, %ld initial + %ld tool + %ld output tokens per call, prompt cache "
                 "on, %d x %s", first->model_id, res.n_steps, spec.initial_tokens,
                 spec.tool_tokens, spec.output_tokens, first->gpus, first->hardware_id);
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
    item->embodied_co2_g = est.embodied.set ? est.embodied.co2_g : -1;
    describe_request(&est, item->detail, sizeof item->detail);
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
        double all = it->co2_g + it->embodied_co2_g;
        int known = it->embodied_co2_g >= 0;
        if (json_object_set_new(row, "embodied_co2_g",
                                known ? json_real(it->embodied_co2_g) : json_null()) != 0 ||
            json_object_set_new(row, "embodied_share",
                                known && all > 0 ? json_real(it->embodied_co2_g / all)
                                                 : json_null()) != 0)
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
