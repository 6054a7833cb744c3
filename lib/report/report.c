/*
 * report.c - the story of AI energy on one screen: the same boundary ladder
 * for every kind of request people argue about, from a short text chat to
 * an agent session, with relatable comparisons from the catalog.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt/reproduce.h"
#include "catalog/catalog_internal.h"

enum item_type { ITEM_REQUEST, ITEM_MIX, ITEM_AGENT };

/* Marks an English message for the translators (xgettext --keyword=N_): the
 * library keeps it English, a front-end translates it. */
#define N_(msgid) msgid

/* The report's scenarios. Each is an ordinary request (or mix, or agent
 * session) with the defaults of docs/methodology.md and the sizes `aiwatt
 * estimate` uses (image and video: the model's default size, frames and
 * steps). What exactly was estimated is described from the resolved
 * estimate (describe_*), so it stays true under --hardware or a user's
 * catalog. `refs` are reference-library ids of published figures about the
 * same kind of request, drawn on its row. */
struct scenario {
    enum item_type type;
    const char *kind;
    const char *label;
    const char *model;
    enum aw_task task;
    long input_tokens;
    long output_tokens;
    long images_in;
    int agent_steps;
    const char *refs[AW_REPORT_MAX_REFS];
};

static const struct scenario scenarios[] = {
    {ITEM_REQUEST, "text", N_("text-only chat request"), "gpt-4o", AW_TASK_CHAT, 400, 300, 0, 0,
     {"text-only-chatbot-2025", "google-gemini-2025", "epoch-chatgpt-2025", NULL}},
    {ITEM_MIX, "average", N_("average ChatGPT query (mix)"), NULL, AW_TASK_CHAT, 0, 0, 0, 0,
     {"altman-chatgpt-2025", "de-vries-chatgpt-2023", NULL, NULL}},
    {ITEM_REQUEST, "image-input", N_("text + one image in"), "gpt-4o", AW_TASK_CHAT, 400, 300, 1,
     0, {NULL, NULL, NULL, NULL}},
    {ITEM_REQUEST, "long-context-10k", N_("long context: 10k tokens in"), "gpt-4o", AW_TASK_CHAT,
     10000, 300, 0, 0, {"epoch-10k-input-2025", NULL, NULL, NULL}},
    {ITEM_REQUEST, "long-context-100k", N_("long context: 100k tokens in"), "gpt-4o",
     AW_TASK_CHAT, 100000, 300, 0, 0, {"epoch-100k-input-2025", NULL, NULL, NULL}},
    {ITEM_REQUEST, "reasoning", N_("reasoning request"), "o3", AW_TASK_REASONING, 400, 300, 0, 0,
     {NULL, NULL, NULL, NULL}},
    {ITEM_REQUEST, "image", N_("image generation"), "flux.1-dev", AW_TASK_IMAGE, 0, 0, 0, 0,
     {NULL, NULL, NULL, NULL}},
    /* Wan 2.1 14B's default: 81 frames (5 s at 16 fps), 1280x720, 50 steps. */
    {ITEM_REQUEST, "video", N_("short video (5 s)"), "wan2.1-14b", AW_TASK_VIDEO, 0, 0, 0, 0,
     {NULL, NULL, NULL, NULL}},
    {ITEM_AGENT, "agent", N_("agent session (20 steps)"), "gpt-4o", AW_TASK_CHAT, 0, 0, 0, 20,
     {NULL, NULL, NULL, NULL}},
};

/* "gpt-4o (estimate), 400 in / 300 out, 8 x h100-sxm fp8, batch 64" or, for
 * images and video, the size, frames and steps. */
static void describe_request(const struct aw_estimate *e, char *buf, size_t n)
{
    const struct aw_resolved *in = &e->inputs;
    int used;
    if (in->diffusion.architecture != NULL) {
        used = snprintf(buf, n, "%s (%s), %dx%d px, %d frame(s), %d steps", in->model_id,
                        in->model_confidence, in->diffusion.width, in->diffusion.height,
                        in->diffusion.frames, in->diffusion.steps);
    } else {
        used = snprintf(buf, n, "%s (%s), %ld in / %ld out", in->model_id, in->model_confidence,
                        in->input_tokens, in->output_tokens);
        if (used >= 0 && (size_t)used < n && in->reasoning_tokens > 0)
            used += snprintf(buf + used, n - (size_t)used, " + %ld reasoning",
                             in->reasoning_tokens);
        if (used >= 0 && (size_t)used < n && in->text.images_in > 0)
            used += snprintf(buf + used, n - (size_t)used, ", %ld image(s) = %ld tokens",
                             in->text.images_in, in->text.image_tokens);
    }
    if (used >= 0 && (size_t)used < n)
        snprintf(buf + used, n - (size_t)used, ", %d x %s %s, batch %d", in->gpus,
                 in->hardware_id, in->precision, in->batch);
}

/* The i-th request of a weighted sum (a mix's kind, an agent's step) into
 * *req; returns its weight. */
typedef double (*weighted_request_fn)(const void *items, size_t i, struct aw_request *req);

/* The p5-p95 of a weighted sum of n requests, drawn together so shared
 * inputs (PUE, host power) move as one. */
static aw_status weighted_range(const aw_catalog *cat, const void *items, size_t n,
                                weighted_request_fn request_at, struct aw_quantiles *out,
                                struct aw_diag *diag)
{
    struct aw_request *reqs = calloc(n, sizeof *reqs);
    double *weights = calloc(n, sizeof *weights);
    aw_status st;
    if (reqs == NULL || weights == NULL) {
        st = aw__fail(diag, AW_E_NOMEM, "out of memory");
    } else {
        for (size_t i = 0; i < n; i++)
            weights[i] = request_at(items, i, &reqs[i]);
        struct aw_weighted_model m;
        struct aw_uncertainty u;
        st = aw_weighted_model_init(&m, cat, reqs, weights, NULL, n, diag);
        if (st == AW_OK)
            st = aw_uncertainty_run(&m.set, aw_weighted_model_eval, &m, AW__REPORT_DRAWS,
                                    AW_REPORT_SEED, &u, diag);
        aw_weighted_model_release(&m);
        if (st == AW_OK)
            *out = u.facility;
    }
    free(reqs);
    free(weights);
    return st;
}

static double mix_kind_request(const void *kinds, size_t i, struct aw_request *req)
{
    const struct aw_mix_kind *k = (const struct aw_mix_kind *)kinds + i;
    *req = k->request;
    return k->share;
}

static double agent_step_request(const void *steps, size_t i, struct aw_request *req)
{
    *req = ((const struct aw_agent_step *)steps)[i].request;
    return 1.0;
}

/* What every item shows: its energy, carbon, water, model time (0 for an
 * average), embodied carbon (< 0: unknown) and the request as resolved. */
static void item_totals(struct aw_report_item *item, const struct aw_ladder *wh, double co2_g,
                        double water_ml, double seconds, double embodied_co2_g,
                        const struct aw_resolved *inputs)
{
    item->wh = *wh;
    item->co2_g = co2_g;
    item->water_ml = water_ml;
    item->seconds = seconds;
    item->embodied_co2_g = embodied_co2_g;
    item->inputs = *inputs;
}

/* The request of a single-request scenario, on the site of `ov`. */
static void scenario_request(const struct scenario *sc, const struct aw_request *ov,
                             struct aw_request *req)
{
    aw_request_init(req);
    req->model_id = sc->model;
    req->task = sc->task;
    if (sc->input_tokens > 0)
        req->input_tokens = sc->input_tokens;
    if (sc->output_tokens > 0)
        req->output_tokens = sc->output_tokens;
    req->images_in = sc->images_in;
    aw_request_apply_site(req, ov);
}

static aw_status run_request(const aw_catalog *cat, const struct scenario *sc,
                             const struct aw_request *ov, struct aw_report_item *item,
                             struct aw_diag *diag)
{
    struct aw_request req;
    scenario_request(sc, ov, &req);
    struct aw_estimate est;
    aw_status st = aw_estimate_request(cat, &req, &est, diag);
    if (st != AW_OK)
        return st;
    item_totals(item, &est.wh, est.co2_g, est.water_ml, est.seconds,
                est.embodied.set ? est.embodied.co2_g : -1, &est.inputs);
    describe_request(&est, item->detail, sizeof item->detail);
    struct aw_uncertainty u;
    st = aw_estimate_uncertainty(cat, &req, AW__REPORT_DRAWS, AW_REPORT_SEED, &u, diag);
    if (st == AW_OK)
        item->facility_range = u.facility;
    return st;
}

static aw_status run_mix(const aw_catalog *cat, const struct aw_request *ov,
                         struct aw_report_item *item, struct aw_diag *diag)
{
    struct aw_mix_result mix;
    aw_status st = aw_mix_run(cat, "chatgpt-2025", ov, &mix, diag);
    if (st != AW_OK)
        return st;
    item_totals(item, &mix.wh, mix.co2_g, mix.water_ml, 0, mix.embodied_co2_g,
                &mix.kinds[0].estimate.inputs);
    snprintf(item->detail, sizeof item->detail, "profile %s: %zu request kinds, weighted by "
             "their shares ('aiwatt mix --profile %s')", mix.profile_id, mix.n_kinds,
             mix.profile_id);
    st = weighted_range(cat, mix.kinds, mix.n_kinds, mix_kind_request, &item->facility_range,
                        diag);
    aw_mix_result_release(&mix);
    return st;
}

static aw_status run_agent(const aw_catalog *cat, const struct scenario *sc,
                           const struct aw_request *ov, struct aw_report_item *item,
                           struct aw_diag *diag)
{
    struct aw_agent_spec spec;
    struct aw_agent_result res;
    aw_agent_spec_init(&spec);
    spec.base.model_id = sc->model;
    spec.steps = sc->agent_steps;
    aw_request_apply_site(&spec.base, ov);
    aw_status st = aw_agent_run(cat, &spec, &res, diag);
    if (st != AW_OK)
        return st;
    const struct aw_resolved *first = &res.steps[0].estimate.inputs;
    item_totals(item, &res.wh, res.co2_g, res.water_ml, res.seconds, res.embodied_co2_g, first);
    snprintf(item->detail, sizeof item->detail,
             "%s, %d calls, %ld initial + %ld tool + %ld output tokens per call, prompt cache "
             "on, %d x %s", first->model_id, res.n_steps, spec.initial_tokens, spec.tool_tokens,
             spec.output_tokens, first->gpus, first->hardware_id);
    st = weighted_range(cat, res.steps, (size_t)res.n_steps, agent_step_request,
                        &item->facility_range, diag);
    aw_agent_result_release(&res);
    return st;
}

/* The published figures of a row that the catalog has, in Wh. A figure the
 * catalog lacks (a user's own catalog) is left out: the row still stands. */
static void add_refs(const aw_catalog *cat, const struct scenario *sc,
                     struct aw_report_item *item)
{
    for (size_t k = 0; k < AW_REPORT_MAX_REFS && sc->refs[k] != NULL; k++) {
        struct aw_reference ref;
        struct aw_diag ignored;
        if (aw_reference_get(cat, sc->refs[k], &ref, &ignored) != AW_OK || !(ref.unit_wh > 0))
            continue;
        struct aw_report_ref *r = &item->refs[item->n_refs++];
        r->id = ref.id;
        r->source = ref.source;
        r->url = ref.url;
        r->date = ref.date;
        r->wh = ref.value * ref.unit_wh;
        r->boundary = ref.boundary;
    }
}

static aw_status run_scenario(const aw_catalog *cat, const struct scenario *sc,
                              const struct aw_request *ov, struct aw_report_item *item,
                              struct aw_diag *diag)
{
    item->kind = sc->kind;
    item->label = sc->label;
    aw_status st;
    if (sc->type == ITEM_MIX)
        st = run_mix(cat, ov, item, diag);
    else if (sc->type == ITEM_AGENT)
        st = run_agent(cat, sc, ov, item, diag);
    else
        st = run_request(cat, sc, ov, item, diag);
    if (st == AW_OK)
        add_refs(cat, sc, item);
    return st;
}

aw_status aw_report_run(const aw_catalog *cat, const struct aw_request *overrides,
                        struct aw_report *out, struct aw_diag *diag)
{
    struct aw_diag local_diag;
    diag = aw__diag_begin(diag, &local_diag);
    memset(out, 0, sizeof *out);
    out->samples = AW__REPORT_DRAWS;
    out->seed = AW_REPORT_SEED;
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
    const struct aw_comparison *c = aw_catalog_find_comparison(cat, id);
    if (c == NULL)
        return AW_E_NOT_FOUND;
    if (value != NULL)
        *value = c->value.value;
    if (name != NULL)
        *name = c->name;
    if (unit != NULL)
        *unit = c->unit;
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
        json_t *published = json_array();
        for (size_t k = 0; published != NULL && k < it->n_refs; k++) {
            const struct aw_report_ref *r = &it->refs[k];
            json_array_append_new(published, json_pack("{s:s, s:s?, s:s?, s:s?, s:f, s:s}", "id",
                                                       r->id, "source", r->source, "url", r->url,
                                                       "date", r->date, "wh", r->wh, "boundary",
                                                       aw_boundary_name(r->boundary)));
        }
        const struct aw_quantiles *q = &it->facility_range;
        json_t *row = json_pack(
            "{s:s, s:s, s:s, s:o, s:{s:f, s:f, s:f, s:f, s:I, s:I}, s:f, s:f, s:f, s:o, s:o}",
            "kind", it->kind, "label", it->label, "detail", it->detail, "wh",
            aw_ladder_to_json(&it->wh), "facility_wh_range", "p5", q->p5, "p50", q->p50, "p95",
            q->p95, "mean", q->mean, "samples", (json_int_t)rep->samples, "seed",
            (json_int_t)rep->seed, "co2_g", it->co2_g, "water_ml", it->water_ml, "seconds",
            it->seconds, "equivalents", equivalents(cat, it->wh.facility_wh), "published",
            published);
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
        /* The catalog's entries as given, sources and ranges included. */
        const char *id = aw_catalog_id_at(cat, AW_SECTION_COMPARISONS, i);
        if (json_array_append_new(comparisons,
                                  aw__catalog_entry_json_new(cat, AW_SECTION_COMPARISONS, id)) != 0)
            goto oom;
    }
    return json_pack("{s:o, s:o}", "requests", requests, "comparisons", comparisons);
oom:
    json_decref(requests);
    json_decref(comparisons);
    return NULL;
}
