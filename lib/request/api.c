/*
 * api.c - the JSON API: a command and a request in, the JSON text that
 * `aiwatt COMMAND --format json` prints out. The CLI's JSON output goes
 * through aw_api_run_request(), so the two cannot differ.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"
#include "aiwatt.h"
#include "request_internal.h"

/* The JSON requests the API reads: far above any real request. */
#define API_MAX_REQUEST_BYTES (64 * 1024)

void aw_free(void *p)
{
    free(p);
}

static aw_status nomem(struct aw_diag *diag)
{
    return aw__fail(diag, AW_E_NOMEM, "out of memory");
}

/* ---- Uncertainty and sensitivity, added to a command's JSON ------------- */

struct analysis {
    struct aw_uncertain_set set;
    struct aw_uncertainty result;
    struct aw_sensitivity tornado;
};

static int analysis_wanted(const struct aw_request *req)
{
    return AW_IS_SET(req->uncertainty_draws) || req->sensitivity;
}

static unsigned long seed_of(const struct aw_request *req)
{
    return AW_IS_SET(req->seed) ? (unsigned long)req->seed : AW_UNCERTAINTY_DEFAULT_SEED;
}

static aw_status analysis_run(const struct aw_request *req, const struct aw_uncertain_set *set,
                              aw_outcome_fn fn, void *model, struct analysis *a,
                              struct aw_diag *diag)
{
    a->set = *set;
    aw_status st = AW_OK;
    if (AW_IS_SET(req->uncertainty_draws))
        st = aw_uncertainty_run(set, fn, model, (size_t)req->uncertainty_draws, seed_of(req),
                                &a->result, diag);
    if (st == AW_OK && req->sensitivity)
        st = aw_sensitivity_run(set, fn, model, &a->tornado, diag);
    return st;
}

static aw_status analysis_json(json_t *obj, const struct aw_request *req,
                               const struct analysis *a, struct aw_diag *diag)
{
    if (AW_IS_SET(req->uncertainty_draws)) {
        json_t *j = aw_uncertainty_to_json(&a->result, &a->set);
        if (j == NULL || json_object_set_new(obj, "uncertainty", j) != 0)
            return nomem(diag);
    }
    if (req->sensitivity) {
        json_t *j = aw_sensitivity_to_json(&a->tornado);
        if (j == NULL || json_object_set_new(obj, "sensitivity", j) != 0)
            return nomem(diag);
    }
    return AW_OK;
}

/* The command's answer: `json` (NULL: out of memory), with the analysis
 * `a` added when one ran. */
static aw_status answer(json_t *json, const struct aw_request *req, const struct analysis *a,
                        json_t **out, struct aw_diag *diag)
{
    *out = json;
    if (json == NULL)
        return nomem(diag);
    return a != NULL ? analysis_json(json, req, a, diag) : AW_OK;
}

/* ---- The commands -------------------------------------------------------- */

aw_status aw_request_check_command(const struct aw_request *req, const char *command,
                                   struct aw_diag *diag)
{
    aw_status st = aw_request_check(req, diag);
    if (st != AW_OK || command == NULL)
        return st;
    if (strcmp(command, "mix") == 0 && req->profile == NULL) {
        aw__hint(diag, "e.g. --profile chatgpt-2025; 'aiwatt catalog list profiles'");
        return aw__fail(diag, AW_E_INVALID, "--profile is required");
    }
    if (strcmp(command, "agent") == 0 && req->model_id == NULL) {
        aw__hint(diag, "e.g. --model gpt-4o --steps 20");
        return aw__fail(diag, AW_E_INVALID, "--model is required");
    }
    if (strcmp(command, "agent") == 0 && !AW_IS_SET(req->agent_steps)) {
        aw__hint(diag, "the model calls in the session, e.g. --steps 20");
        return aw__fail(diag, AW_E_INVALID, "--steps is required");
    }
    if (strcmp(command, "train") == 0 && req->model_id == NULL && !AW_IS_SET(req->params_total)) {
        aw__hint(diag, "a training run such as --model gpt-3, a model with --tokens, or "
                       "--params N --tokens N");
        return aw__fail(diag, AW_E_INVALID, "give --model ID (a training run such as gpt-3, "
                        "or a model with --tokens) or --params N --tokens N");
    }
    if (strcmp(command, "train") == 0 && AW_IS_SET(req->params_total) &&
        !AW_IS_SET(req->tokens) && !AW_IS_SET(req->gpu_hours)) {
        aw__hint(diag, "e.g. --params 7B --tokens 2T");
        return aw__fail(diag, AW_E_INVALID, "--params needs --tokens (or --gpu-hours)");
    }
    return AW_OK;
}

static aw_status run_estimate(const aw_catalog *cat, const struct aw_request *req, json_t **out,
                              struct aw_diag *diag)
{
    struct aw_estimate est;
    aw_status st = aw_estimate_request(cat, req, &est, diag);
    if (st != AW_OK)
        return st;
    struct analysis *a = NULL;
    if (analysis_wanted(req)) {
        struct aw_request_model *m = malloc(sizeof *m);
        a = malloc(sizeof *a);
        if (m == NULL || a == NULL) {
            free(m);
            free(a);
            return nomem(diag);
        }
        st = aw_request_model_init(m, cat, req, diag);
        if (st == AW_OK)
            st = analysis_run(req, &m->set, aw_request_model_eval, m, a, diag);
        free(m);
        if (st != AW_OK) {
            free(a);
            return st;
        }
    }
    st = answer(aw_estimate_to_json(&est), req, a, out, diag);
    free(a);
    return st;
}

static aw_status run_mix(const aw_catalog *cat, const struct aw_request *req, json_t **out,
                         struct aw_diag *diag)
{
    struct aw_mix_result res;
    aw_status st = aw_mix_run(cat, req->profile, req, &res, diag);
    if (st != AW_OK)
        return st;
    struct analysis *a = NULL;
    if (analysis_wanted(req)) {
        /* The mix's requests, weighted by their shares. */
        enum { MAX_KINDS = 64 };
        struct aw_request reqs[MAX_KINDS];
        double shares[MAX_KINDS];
        const char *labels[MAX_KINDS];
        size_t n = res.n_kinds < MAX_KINDS ? res.n_kinds : MAX_KINDS;
        for (size_t i = 0; i < n; i++) {
            reqs[i] = res.kinds[i].request;
            shares[i] = res.kinds[i].share;
            labels[i] = res.kinds[i].kind;
        }
        struct aw_weighted_model *m = malloc(sizeof *m);
        a = malloc(sizeof *a);
        if (m == NULL || a == NULL) {
            free(m);
            free(a);
            aw_mix_result_release(&res);
            return nomem(diag);
        }
        st = aw_weighted_model_init(m, cat, reqs, shares, labels, n, diag);
        if (st == AW_OK)
            st = analysis_run(req, &m->set, aw_weighted_model_eval, m, a, diag);
        aw_weighted_model_release(m);
        free(m);
    }
    if (st == AW_OK)
        st = answer(aw_mix_to_json(&res), req, a, out, diag);
    free(a);
    aw_mix_result_release(&res);
    return st;
}

/* The agent session of a request: the base request is what each call
 * shares (model, replica layout, hardware, site); the session's own fields set the rest. */
void aw_agent_spec_from_request(const struct aw_request *req, struct aw_agent_spec *spec)
{
    aw_agent_spec_init(spec);
    static const char *const shared[] = {"model", "gpus", "tp", "ep", "pp", "precision", "batch"};
    struct aw_request base;
    aw_request_init(&base);
    aw__request_copy_set(&base, req, shared, AW__COUNT(shared));
    aw_request_apply_site(&base, req); /* the hardware and the site */
    spec->base = base;
    if (AW_IS_SET(req->agent_steps))
        spec->steps = req->agent_steps;
    if (AW_IS_SET(req->initial_tokens))
        spec->initial_tokens = req->initial_tokens;
    if (AW_IS_SET(req->tool_tokens))
        spec->tool_tokens = req->tool_tokens;
    if (AW_IS_SET(req->output_tokens))
        spec->output_tokens = req->output_tokens;
    if (req->no_prompt_cache)
        spec->prompt_cache = 0;
}

static aw_status run_agent(const aw_catalog *cat, const struct aw_request *req, json_t **out,
                           struct aw_diag *diag)
{
    struct aw_agent_spec spec;
    aw_agent_spec_from_request(req, &spec);
    struct aw_agent_result res;
    aw_status st = aw_agent_run(cat, &spec, &res, diag);
    if (st != AW_OK)
        return st;
    /* One ordinary chat request with the same model, for scale. */
    struct aw_estimate single;
    struct aw_request one = spec.base;
    int have_single = aw_estimate_request(cat, &one, &single, NULL) == AW_OK;
    *out = aw_agent_to_json(&res);
    if (*out != NULL && have_single &&
        json_object_set_new(*out, "single_request_wh", aw_ladder_to_json(&single.wh)) != 0) {
        json_decref(*out);
        *out = NULL;
    }
    aw_agent_result_release(&res);
    return *out != NULL ? AW_OK : nomem(diag);
}

static aw_status run_train(const aw_catalog *cat, const struct aw_request *req, json_t **out,
                           struct aw_diag *diag)
{
    aw_status st;
    struct aw_train_request treq;
    aw_train_request_from_request(req, &treq);
    struct aw_train_estimate *est = malloc(sizeof *est);
    struct analysis *a = analysis_wanted(req) ? malloc(sizeof *a) : NULL;
    if (est == NULL || (analysis_wanted(req) && a == NULL)) {
        free(est);
        free(a);
        return nomem(diag);
    }
    st = aw_train_estimate(cat, &treq, est, diag);
    if (st == AW_OK && a != NULL) {
        struct aw_train_model *m = malloc(sizeof *m);
        if (m == NULL) {
            st = nomem(diag);
        } else {
            st = aw_train_model_init(m, cat, &treq, diag);
            if (st == AW_OK)
                st = analysis_run(req, &m->set, aw_train_model_eval, m, a, diag);
            free(m);
        }
    }
    if (st == AW_OK)
        st = answer(aw_train_estimate_to_json(est), req, a, out, diag);
    free(a);
    free(est);
    return st;
}

static aw_status run_report(const aw_catalog *cat, const struct aw_request *req, json_t **out,
                            struct aw_diag *diag)
{
    struct aw_report rep; /* a few kB of fixed-size items */
    aw_status st = aw_report_run(cat, req, &rep, diag);
    if (st != AW_OK)
        return st;
    *out = aw_report_to_json(cat, &rep);
    return *out != NULL ? AW_OK : nomem(diag);
}

static const struct api_command {
    const char *name;
    aw_status (*run)(const aw_catalog *, const struct aw_request *, json_t **, struct aw_diag *);
} api_commands[] = {
    {"estimate", run_estimate}, {"mix", run_mix},       {"agent", run_agent},
    {"train", run_train},       {"report", run_report},
};
#define N_API_COMMANDS (sizeof api_commands / sizeof api_commands[0])

static const struct api_command *find_command(const char *name, struct aw_diag *diag)
{
    for (size_t i = 0; name != NULL && i < N_API_COMMANDS; i++)
        if (strcmp(api_commands[i].name, name) == 0)
            return &api_commands[i];
    aw__hint(diag, "commands: estimate, mix, agent, train, report");
    aw__fail(diag, AW_E_INVALID, "unknown command '%s'", name ? name : "");
    return NULL;
}

/* The JSON text as the CLI prints it: two-space indent, keys in order, six
 * significant digits, a final newline. */
static aw_status dump(json_t *j, char **response_json, struct aw_diag *diag)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(j);
    if (text == NULL)
        return nomem(diag);
    size_t n = strlen(text);
    char *out = malloc(n + 2);
    if (out == NULL) {
        free(text);
        return nomem(diag);
    }
    memcpy(out, text, n);
    out[n] = '\n';
    out[n + 1] = '\0';
    free(text);
    *response_json = out;
    return AW_OK;
}

aw_status aw_api_run_request(const aw_catalog *cat, const char *command,
                             const struct aw_request *req, char **response_json,
                             struct aw_diag *diag)
{
    aw_diag_clear(diag);
    if (response_json == NULL)
        return aw__fail(diag, AW_E_INVALID, "no place for the response");
    *response_json = NULL;
    if (cat == NULL || req == NULL)
        return aw__fail(diag, AW_E_INVALID, "no catalog or request");
    const struct api_command *c = find_command(command, diag);
    if (c == NULL)
        return AW_E_INVALID;
    aw_status st = aw_request_check_command(req, command, diag);
    if (st != AW_OK)
        return st;
    json_t *j = NULL;
    st = c->run(cat, req, &j, diag);
    if (st != AW_OK) {
        json_decref(j);
        return st;
    }
    return dump(j, response_json, diag);
}

aw_status aw_api_run(const aw_catalog *cat, const char *command, const char *request_json,
                     char **response_json, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    if (response_json == NULL)
        return aw__fail(diag, AW_E_INVALID, "no place for the response");
    *response_json = NULL;
    if (find_command(command, diag) == NULL)
        return AW_E_INVALID;
    aw_diag_clear(diag);
    if (request_json == NULL)
        request_json = "{}";
    if (strlen(request_json) > API_MAX_REQUEST_BYTES) {
        aw__hint(diag, "a request is a small JSON object of the fields it sets");
        return aw__fail(diag, AW_E_RANGE, "request of %zu bytes is over %d", strlen(request_json),
                        API_MAX_REQUEST_BYTES);
    }
    json_error_t err;
    json_t *obj = json_loads(request_json, JSON_REJECT_DUPLICATES, &err);
    if (obj == NULL) {
        aw__hint(diag, "send a JSON object such as {\"model\": \"llama-3.1-8b\"}");
        return aw__fail(diag, AW_E_PARSE, "request: line %d column %d: %s", err.line, err.column,
                        err.text);
    }
    struct aw_request req;
    aw_request_init(&req);
    aw_status st = aw__request_from_json(obj, &req, "request", aw_command_from_name(command), diag);
    if (st == AW_OK)
        st = aw_api_run_request(cat, command, &req, response_json, diag);
    json_decref(obj); /* after the run: the request borrows its strings */
    return st;
}
