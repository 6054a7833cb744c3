/*
 * exporter.c - the sampler thread and the Prometheus exposition.
 *
 * Every interval the sampler takes one meter snapshot (the meter's own
 * poller keeps wrapping counters right in between), scrapes each token
 * endpoint, appends (time, energy per boundary, tokens per model) to a
 * ring that spans the window, and renders the complete text in both
 * formats. A scrape of /metrics copies that text under a lock: it never
 * reads a counter, and its cost does not grow with the number of domains.
 *
 * Boundaries (docs/serve.md): "server" is every counted domain (the same
 * total as `aiwatt measure`, no double counting); "accelerator" is the
 * counted GPU domains (NVML devices, discrete amdgpu). Tokens of every
 * model and endpoint share the node's energy: each model's J/token is the
 * window's energy over all output tokens of the window.
 */
#include "exporter.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "httpc.h"
#include "strbuf.h"
#include "tokens.h"

enum { B_ACCELERATOR = 0, B_SERVER, N_BOUNDARIES };
static const char *const boundary_names[N_BOUNDARIES] = {"accelerator", "server"};

/* The largest batch handed to the estimator (a sanity bound on a gauge). */
#define ESTIMATE_MAX_BATCH 4096

/* A token endpoint's body is at most this big (vLLM's is ~100 kB). */
#define TOKENS_MAX_BODY (8u << 20)

struct endpoint {
    const char *text;       /* as given */
    struct aw_url url;
    int up;
    int have_last;
    int reported;           /* the current state was logged */
    struct aw_token_reading last;
};

struct model_state {
    char name[AW_TOKENS_MODEL_LEN];
    double total[AW_TOK_KINDS];       /* counters: since aiwatt started, never
                                       * decreasing; AW_TOK_RUNNING: the integral
                                       * of requests running over time (s) */
    double running_now;               /* requests running, this poll */
    const char *catalog_id;           /* matched model; NULL: none */
    const char *engine_id;            /* the engine its metric names say; NULL: default */
    int match_logged;                 /* "no catalog model" was said */
    int estimate_logged;
};

struct win_entry {
    double t;
    double energy_j[N_BOUNDARIES];
    double tokens[AW_TOKENS_MAX_MODELS][AW_TOK_KINDS];
};

struct aw_exporter {
    aw_meter *meter;
    const aw_catalog *cat;
    double interval_s, window_s;
    const char *model_id;
    const char *hardware_id;       /* --hardware, or the GPU NVML names */
    char (*labels)[200];           /* one per domain */
    int have_gpu;

    pthread_t thread;
    int running;
    pthread_mutex_t lock;          /* stop + wake */
    pthread_cond_t wake;
    int stop;

    /* Owned by the sampler thread. */
    struct aw_meter_snapshot *snap[2];
    int cur, have_snap, have_delta;
    double poll_wall_s;            /* Unix time of the current snapshot */
    struct aw_meter_delta *delta;
    struct endpoint ep[AW_SERVE_MAX_TOKEN_URLS];
    size_t n_ep;
    struct model_state models[AW_TOKENS_MAX_MODELS];
    size_t n_models;
    struct win_entry *ring;
    size_t ring_cap, ring_n, ring_next;

    /* Published: the rendered text, swapped under pub_lock. */
    pthread_mutex_t pub_lock;
    char *text[2];
    size_t text_len[2];
    unsigned long generation;
};

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- Domain labels ------------------------------------------------------ */

/* The label is the domain's name, as `aiwatt measure --format json` prints
 * it. Where two domains of a source share a name, each takes the label the
 * CLI's tables use, so that no two series have the same labels: a RAPL
 * sub-zone "package-1/dram", another "package-0 [intel-rapl-mmio:0]" (the
 * directory it is read from). */
static void make_labels(struct aw_exporter *x)
{
    size_t n = aw_meter_domain_count(x->meter);
    for (size_t i = 0; i < n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(x->meter, i);
        int shared = 0;
        for (size_t j = 0; j < n; j++) {
            const struct aw_meter_domain *e = aw_meter_domain_at(x->meter, j);
            shared |= j != i && strcmp(e->source, d->source) == 0 &&
                      strcmp(e->name, d->name) == 0;
        }
        const char *end = strrchr(d->path, '/'), *start = end;
        while (start != NULL && start > d->path && start[-1] != '/')
            start--;
        if (!shared)
            snprintf(x->labels[i], sizeof x->labels[i], "%s", d->name);
        else if (d->parent[0] != '\0')
            snprintf(x->labels[i], sizeof x->labels[i], "%s/%s", d->parent, d->name);
        else if (end == NULL || start == NULL)
            snprintf(x->labels[i], sizeof x->labels[i], "%s [%s]", d->name, d->path);
        else
            snprintf(x->labels[i], sizeof x->labels[i], "%s [%.*s]", d->name,
                     (int)(end - start), start);
        if (d->scope == AW_SCOPE_GPU && d->counted && d->status == AW_OK)
            x->have_gpu = 1;
    }
}

static int in_boundary(const struct aw_meter_domain *d, int b)
{
    if (!d->counted || d->status != AW_OK)
        return 0;
    return b == B_SERVER || d->scope == AW_SCOPE_GPU;
}

/* ---- Tokens --------------------------------------------------------------- */

static struct model_state *model_for(struct aw_exporter *x, const char *name)
{
    for (size_t i = 0; i < x->n_models; i++) {
        if (strcmp(x->models[i].name, name) == 0)
            return &x->models[i];
    }
    if (x->n_models == AW_TOKENS_MAX_MODELS)
        return NULL;
    struct model_state *m = &x->models[x->n_models++];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    return m;
}

/* The catalog model of a served name: --model, else the name itself, its
 * last path part ("meta-llama/Llama-3.1-8B-Instruct" -> "Llama-3.1-8B-
 * Instruct"), then that without an -Instruct/-Chat suffix; ids and aliases
 * match case-insensitively. */
static const char *match_catalog_model(const struct aw_exporter *x, const char *served)
{
    if (x->model_id != NULL)
        return x->model_id;
    const struct aw_model *m = aw_catalog_find_model(x->cat, served);
    if (m != NULL)
        return m->id;
    const char *base = strrchr(served, '/');
    base = base != NULL ? base + 1 : served;
    char buf[AW_TOKENS_MODEL_LEN];
    snprintf(buf, sizeof buf, "%s", base);
    m = aw_catalog_find_model(x->cat, buf);
    static const char *const suffixes[] = {"-instruct", "-chat", "-it", "-hf"};
    for (size_t i = 0; m == NULL && i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t n = strlen(buf), k = strlen(suffixes[i]);
        if (n > k && strncasecmp(buf + n - k, suffixes[i], k) == 0) {
            buf[n - k] = '\0';
            m = aw_catalog_find_model(x->cat, buf);
        }
    }
    return m != NULL ? m->id : NULL;
}

static void scrape_endpoint(struct aw_exporter *x, struct endpoint *ep)
{
    char err[512] = "";
    char *body = NULL;
    size_t len = 0;
    double timeout = x->interval_s * 0.8;
    if (timeout < 0.25)
        timeout = 0.25;
    if (timeout > 5)
        timeout = 5;
    struct aw_token_reading r;
    int ok = aw_http_get(&ep->url, timeout, TOKENS_MAX_BODY, &body, &len, err, sizeof err) == 0;
    if (ok && aw_tokens_parse(body, x->model_id != NULL ? x->model_id : "default", &r) == 0) {
        ok = 0;
        snprintf(err, sizeof err, "no token counter (vllm:, sglang: or tgi_ names) in %s",
                 ep->text);
    }
    free(body);
    if (!ok) {
        if (ep->up || !ep->reported)
            fprintf(stderr, "aiwatt: warning: tokens from %s: %s\n", ep->text, err);
        ep->up = 0;
        ep->reported = 1;
        return;
    }
    if (!ep->up && ep->reported)
        fprintf(stderr, "aiwatt: tokens from %s: reading again\n", ep->text);
    ep->up = 1;
    ep->reported = 1;
    for (size_t i = 0; i < r.n; i++) {
        struct model_state *m = model_for(x, r.models[i].model);
        if (m == NULL)
            continue;
        if (m->engine_id == NULL)
            m->engine_id = r.models[i].engine;
        if (m->catalog_id == NULL && !m->match_logged) {
            m->catalog_id = match_catalog_model(x, m->name);
            if (m->catalog_id == NULL && x->hardware_id != NULL)
                fprintf(stderr, "aiwatt: note: served model '%s' matches no catalog model: no "
                        "estimated J/token for it (give --model ID)\n", m->name);
            m->match_logged = 1;
        }
        const double *last = NULL;
        for (size_t j = 0; ep->have_last && j < ep->last.n; j++) {
            if (strcmp(ep->last.models[j].model, r.models[i].model) == 0)
                last = ep->last.models[j].v;
        }
        m->running_now += r.models[i].v[AW_TOK_RUNNING];
        for (int k = 0; k < AW_TOK_KINDS; k++) {
            double cur = r.models[i].v[k];
            if (k == AW_TOK_RUNNING)
                continue;
            double delta;
            if (!ep->have_last)
                delta = 0; /* the first reading is the baseline */
            else if (last == NULL)
                delta = cur; /* a model that appeared: counted from 0 */
            else
                delta = cur >= last[k] ? cur - last[k] : cur; /* restarted */
            m->total[k] += delta;
        }
    }
    ep->last = r;
    ep->have_last = 1;
}

/* ---- The window ------------------------------------------------------------ */

static void push_window(struct aw_exporter *x)
{
    /* Requests running, integrated over time (the rectangle rule: the
     * gauge as read now, held since the last poll). */
    if (x->ring_n > 0) {
        double dt = x->snap[x->cur]->time_s - x->ring[(x->ring_next + x->ring_cap - 1) %
                                                     x->ring_cap].t;
        for (size_t m = 0; m < x->n_models; m++)
            x->models[m].total[AW_TOK_RUNNING] += x->models[m].running_now * dt;
    }
    struct win_entry *e = &x->ring[x->ring_next];
    memset(e, 0, sizeof *e);
    const struct aw_meter_snapshot *s = x->snap[x->cur];
    e->t = s->time_s;
    for (size_t i = 0; i < s->n && i < aw_meter_domain_count(x->meter); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(x->meter, i);
        if (!(s->domain[i].valid & AW_METER_VALID_ENERGY))
            continue;
        for (int b = 0; b < N_BOUNDARIES; b++) {
            if (in_boundary(d, b))
                e->energy_j[b] += (double)s->domain[i].energy_uj / 1e6;
        }
    }
    for (size_t m = 0; m < x->n_models; m++)
        memcpy(e->tokens[m], x->models[m].total, sizeof e->tokens[m]);
    x->ring_next = (x->ring_next + 1) % x->ring_cap;
    if (x->ring_n < x->ring_cap)
        x->ring_n++;
}

static const struct win_entry *ring_at(const struct aw_exporter *x, size_t age)
{
    return &x->ring[(x->ring_next + x->ring_cap - 1 - age) % x->ring_cap];
}

/* The newest entry and the oldest one still inside the window; 0 when the
 * window holds less than two. */
static int window_span(const struct aw_exporter *x, const struct win_entry **old,
                       const struct win_entry **now)
{
    if (x->ring_n < 2)
        return 0;
    *now = ring_at(x, 0);
    *old = *now;
    for (size_t age = 1; age < x->ring_n; age++) {
        const struct win_entry *e = ring_at(x, age);
        if (e->t < (*now)->t - x->window_s - 1e-6)
            break;
        *old = e;
    }
    return *old != *now;
}

/* ---- Rendering ---------------------------------------------------------- */

enum family_type { T_COUNTER, T_GAUGE };

/* Writes HELP/TYPE (and UNIT for OpenMetrics) of a family. `name` is the
 * sample name; for a counter it ends in _total, which OpenMetrics strips
 * from the family name. */
static void family(struct strbuf *b, int om, const char *name, enum family_type type,
                   const char *unit, const char *help)
{
    size_t n = strlen(name);
    int strip = om && type == T_COUNTER && n > 6 && strcmp(name + n - 6, "_total") == 0;
    int len = (int)(strip ? n - 6 : n);
    sb_printf(b, "# HELP %.*s %s\n", len, name, help);
    sb_printf(b, "# TYPE %.*s %s\n", len, name, type == T_COUNTER ? "counter" : "gauge");
    if (om && unit != NULL)
        sb_printf(b, "# UNIT %.*s %s\n", len, name, unit);
}

static void domain_sample(struct strbuf *b, const struct aw_exporter *x, const char *name,
                          size_t i, const char *value)
{
    const struct aw_meter_domain *d = aw_meter_domain_at(x->meter, i);
    sb_printf(b, "%s{source=\"", name);
    sb_label_value(b, d->source);
    sb_puts(b, "\",domain=\"");
    sb_label_value(b, x->labels[i]);
    sb_printf(b, "\"} %s\n", value);
}

static void render(struct aw_exporter *x, int om, struct strbuf *b)
{
    const struct aw_meter_snapshot *s = x->snap[x->cur];
    size_t n = aw_meter_domain_count(x->meter);
    char v[64];

    if (om) {
        sb_puts(b, "# HELP aiwatt_build aiwatt version.\n# TYPE aiwatt_build info\n");
    } else {
        sb_puts(b, "# HELP aiwatt_build_info aiwatt version (always 1).\n"
                   "# TYPE aiwatt_build_info gauge\n");
    }
    sb_puts(b, "aiwatt_build_info{version=\"");
    sb_label_value(b, aw_version());
    sb_puts(b, "\"} 1\n");

    family(b, om, "aiwatt_poll_timestamp_seconds", T_GAUGE, "seconds",
           "When the values below were read (Unix time): at most one --interval old.");
    sb_printf(b, "aiwatt_poll_timestamp_seconds %.3f\n", x->poll_wall_s);

    family(b, om, "aiwatt_source_up", T_GAUGE, NULL,
           "1 when the energy counter was read in the last poll, else 0.");
    for (size_t i = 0; i < n; i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(x->meter, i);
        int up = d->status == AW_OK && i < s->n &&
                 (s->domain[i].valid & AW_METER_VALID_ENERGY) &&
                 (!x->have_delta || x->delta->domain[i].errors == 0);
        domain_sample(b, x, "aiwatt_source_up", i, up ? "1" : "0");
    }

    family(b, om, "aiwatt_energy_joules_total", T_COUNTER, "joules",
           "Energy of the counter since aiwatt started: unwrapped, 64-bit, never decreasing.");
    for (size_t i = 0; i < n && i < s->n; i++) {
        if (!(s->domain[i].valid & AW_METER_VALID_ENERGY))
            continue;
        uint64_t uj = s->domain[i].energy_uj;
        snprintf(v, sizeof v, "%llu.%06llu", (unsigned long long)(uj / 1000000),
                 (unsigned long long)(uj % 1000000));
        domain_sample(b, x, "aiwatt_energy_joules_total", i, v);
    }

    family(b, om, "aiwatt_power_watts", T_GAUGE, "watts",
           "Mean power of the counter over the last poll interval.");
    for (size_t i = 0; x->have_delta && i < n && i < x->delta->n; i++) {
        if (!x->delta->domain[i].valid)
            continue;
        snprintf(v, sizeof v, "%.6g", x->delta->domain[i].power_w);
        domain_sample(b, x, "aiwatt_power_watts", i, v);
    }

    const struct win_entry *now = x->ring_n > 0 ? ring_at(x, 0) : NULL;
    family(b, om, "aiwatt_boundary_energy_joules_total", T_COUNTER, "joules",
           "Energy at a boundary: server = every counted domain (no double counting), "
           "accelerator = the counted GPUs.");
    for (int bd = 0; now != NULL && bd < N_BOUNDARIES; bd++) {
        if (bd == B_ACCELERATOR && !x->have_gpu)
            continue;
        sb_printf(b, "aiwatt_boundary_energy_joules_total{boundary=\"%s\"} %.6f\n",
                  boundary_names[bd], now->energy_j[bd]);
    }
    family(b, om, "aiwatt_boundary_power_watts", T_GAUGE, "watts",
           "Mean power at a boundary over the last poll interval.");
    if (x->ring_n >= 2) {
        const struct win_entry *prev = ring_at(x, 1);
        double dt = now->t - prev->t;
        for (int bd = 0; dt > 0 && bd < N_BOUNDARIES; bd++) {
            if (bd == B_ACCELERATOR && !x->have_gpu)
                continue;
            sb_printf(b, "aiwatt_boundary_power_watts{boundary=\"%s\"} %.6g\n",
                      boundary_names[bd], (now->energy_j[bd] - prev->energy_j[bd]) / dt);
        }
    }

    if (x->n_ep > 0) {
        family(b, om, "aiwatt_tokens_up", T_GAUGE, NULL,
               "1 when the token endpoint was scraped in the last poll, else 0.");
        for (size_t e = 0; e < x->n_ep; e++) {
            sb_puts(b, "aiwatt_tokens_up{endpoint=\"");
            sb_label_value(b, x->ep[e].text);
            sb_printf(b, "\"} %d\n", x->ep[e].up);
        }
        static const struct {
            const char *name, *help;
        } token_families[] = {
            {"aiwatt_output_tokens_total",
             "Output (generated) tokens read from the inference servers since aiwatt started."},
            {"aiwatt_input_tokens_total",
             "Input (prompt) tokens read from the inference servers since aiwatt started."},
        };
        for (int k = 0; k < 2; k++) {
            family(b, om, token_families[k].name, T_COUNTER, NULL, token_families[k].help);
            for (size_t m = 0; m < x->n_models; m++) {
                sb_printf(b, "%s{model=\"", token_families[k].name);
                sb_label_value(b, x->models[m].name);
                sb_printf(b, "\"} %.17g\n", x->models[m].total[k]);
            }
        }
    }

    const struct win_entry *old;
    if (x->n_ep > 0 && window_span(x, &old, &now)) {
        double out_all = 0;
        for (size_t m = 0; m < x->n_models; m++)
            out_all += now->tokens[m][AW_TOK_OUTPUT] - old->tokens[m][AW_TOK_OUTPUT];
        family(b, om, "aiwatt_joules_per_output_token", T_GAUGE, NULL,
               "Measured energy per output token over the window (the node's energy over "
               "every output token of the window).");
        for (size_t m = 0; out_all > 0 && m < x->n_models; m++) {
            if (now->tokens[m][AW_TOK_OUTPUT] - old->tokens[m][AW_TOK_OUTPUT] <= 0)
                continue;
            for (int bd = 0; bd < N_BOUNDARIES; bd++) {
                if (bd == B_ACCELERATOR && !x->have_gpu)
                    continue;
                sb_printf(b, "aiwatt_joules_per_output_token{boundary=\"%s\",model=\"",
                          boundary_names[bd]);
                sb_label_value(b, x->models[m].name);
                sb_printf(b, "\"} %.6g\n", (now->energy_j[bd] - old->energy_j[bd]) / out_all);
            }
        }
    }
    if (x->n_ep > 0) {
        family(b, om, "aiwatt_estimated_joules_per_output_token", T_GAUGE, NULL,
               "aiwatt's estimate of the energy per output token of the same model on the "
               "same GPU, for requests of the window's mean length at its mean batch.");
        for (size_t m = 0; m < x->n_models; m++) {
            double jpt[N_BOUNDARIES];
            if (x->models[m].catalog_id == NULL || x->hardware_id == NULL)
                continue;
            struct aw_request req;
            aw_request_init(&req);
            req.model_id = x->models[m].catalog_id;
            req.hardware_id = x->hardware_id;
            req.engine_id = x->models[m].engine_id; /* NULL: the model's default */
            if (window_span(x, &old, &now)) {
                double d_req = now->tokens[m][AW_TOK_REQUESTS] - old->tokens[m][AW_TOK_REQUESTS];
                double d_out = now->tokens[m][AW_TOK_OUTPUT] - old->tokens[m][AW_TOK_OUTPUT];
                double d_in = now->tokens[m][AW_TOK_INPUT] - old->tokens[m][AW_TOK_INPUT];
                double d_running = now->tokens[m][AW_TOK_RUNNING] - old->tokens[m][AW_TOK_RUNNING];
                if (d_req >= 1 && d_out >= d_req) {
                    req.output_tokens = lround(d_out / d_req);
                    req.input_tokens = lround(d_in / d_req);
                }
                /* The engine's mean batch over the window, when it says. */
                double mean_batch = now->t > old->t ? d_running / (now->t - old->t) : 0;
                if (mean_batch >= 0.5)
                    req.batch = mean_batch > ESTIMATE_MAX_BATCH ? ESTIMATE_MAX_BATCH
                                                                : (int)lround(mean_batch);
            }
            struct aw_estimate est;
            struct aw_diag diag;
            aw_diag_clear(&diag);
            if (aw_estimate_request(x->cat, &req, &est, &diag) != AW_OK ||
                est.inputs.output_tokens <= 0) {
                if (!x->models[m].estimate_logged)
                    fprintf(stderr, "aiwatt: warning: no estimate for %s on %s: %s\n",
                            x->models[m].catalog_id, x->hardware_id, diag.msg);
                x->models[m].estimate_logged = 1;
                continue;
            }
            jpt[B_ACCELERATOR] = est.wh.accelerator_wh * 3600 / (double)est.inputs.output_tokens;
            jpt[B_SERVER] = est.wh.server_wh * 3600 / (double)est.inputs.output_tokens;
            for (int bd = 0; bd < N_BOUNDARIES; bd++) {
                sb_printf(b, "aiwatt_estimated_joules_per_output_token{boundary=\"%s\",model=\"",
                          boundary_names[bd]);
                sb_label_value(b, x->models[m].name);
                sb_printf(b, "\"} %.6g\n", jpt[bd]);
            }
        }
    }
    if (om)
        sb_puts(b, "# EOF\n");
}

static void publish(struct aw_exporter *x)
{
    char *text[2];
    size_t len[2];
    for (int om = 0; om < 2; om++) {
        struct strbuf b = {0};
        render(x, om, &b);
        text[om] = sb_take(&b, &len[om]);
    }
    pthread_mutex_lock(&x->pub_lock);
    for (int om = 0; om < 2; om++) {
        if (text[om] == NULL)
            continue; /* out of memory: keep serving the previous text */
        free(x->text[om]);
        x->text[om] = text[om];
        x->text_len[om] = len[om];
    }
    x->generation++;
    pthread_mutex_unlock(&x->pub_lock);
}

unsigned long aw_exporter_generation(struct aw_exporter *x)
{
    pthread_mutex_lock(&x->pub_lock);
    unsigned long gen = x->generation;
    pthread_mutex_unlock(&x->pub_lock);
    return gen;
}

char *aw_exporter_text(struct aw_exporter *x, int openmetrics, size_t *len, unsigned long *gen)
{
    int k = openmetrics ? 1 : 0;
    pthread_mutex_lock(&x->pub_lock);
    *gen = x->generation;
    char *copy = x->text[k] != NULL ? malloc(x->text_len[k] + 1) : NULL;
    if (copy != NULL) {
        memcpy(copy, x->text[k], x->text_len[k] + 1);
        *len = x->text_len[k];
    }
    pthread_mutex_unlock(&x->pub_lock);
    return copy;
}

/* ---- The thread ----------------------------------------------------------- */

static void poll_once(struct aw_exporter *x)
{
    int next = x->have_snap ? 1 - x->cur : x->cur;
    aw_meter_sample(x->meter, x->snap[next]);
    if (x->have_snap) {
        aw_meter_diff(x->meter, x->snap[x->cur], x->snap[next], x->delta);
        x->have_delta = 1;
    }
    x->cur = next;
    x->have_snap = 1;
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    x->poll_wall_s = (double)wall.tv_sec + (double)wall.tv_nsec / 1e9 -
                     (mono_s() - x->snap[next]->time_s);
    for (size_t m = 0; m < x->n_models; m++)
        x->models[m].running_now = 0;
    for (size_t e = 0; e < x->n_ep; e++)
        scrape_endpoint(x, &x->ep[e]);
    push_window(x);
    publish(x);
}

static void *sampler_main(void *arg)
{
    struct aw_exporter *x = arg;
    double next = mono_s();
    pthread_mutex_lock(&x->lock);
    while (!x->stop) {
        next += x->interval_s;
        double now = mono_s();
        if (next < now)
            next = now; /* fell behind (a slow endpoint): no burst to catch up */
        struct timespec until = {(time_t)next, (long)((next - (double)(time_t)next) * 1e9)};
        while (!x->stop && pthread_cond_timedwait(&x->wake, &x->lock, &until) != ETIMEDOUT)
            continue;
        if (x->stop)
            break;
        pthread_mutex_unlock(&x->lock);
        poll_once(x);
        pthread_mutex_lock(&x->lock);
    }
    pthread_mutex_unlock(&x->lock);
    return NULL;
}

static void exporter_free(struct aw_exporter *x)
{
    aw_meter_snapshot_free(x->snap[0]);
    aw_meter_snapshot_free(x->snap[1]);
    aw_meter_delta_free(x->delta);
    free(x->labels);
    aw_meter_free(x->meter);
    free(x->ring);
    free(x->text[0]);
    free(x->text[1]);
    pthread_mutex_destroy(&x->lock);
    pthread_mutex_destroy(&x->pub_lock);
    pthread_cond_destroy(&x->wake);
    free(x);
}

aw_status aw_exporter_start(const struct aw_serve_config *cfg, struct aw_exporter **out,
                            struct aw_diag *diag)
{
    *out = NULL;
    struct aw_exporter *x = calloc(1, sizeof *x);
    if (x == NULL)
        return AW_E_NOMEM;
    pthread_mutex_init(&x->lock, NULL);
    pthread_mutex_init(&x->pub_lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&x->wake, &ca);
    pthread_condattr_destroy(&ca);
    x->cat = cfg->catalog;
    x->interval_s = cfg->interval_s;
    x->window_s = cfg->window_s;
    x->model_id = cfg->model_id;
    x->ring_cap = (size_t)ceil(cfg->window_s / cfg->interval_s) + 2;
    x->ring = calloc(x->ring_cap, sizeof *x->ring);
    if (x->ring == NULL) {
        exporter_free(x);
        return AW_E_NOMEM;
    }
    for (size_t i = 0; i < cfg->n_token_urls; i++) {
        const char *why = NULL;
        x->ep[i].text = cfg->token_urls[i];
        if (aw_url_parse(cfg->token_urls[i], &x->ep[i].url, &why) != 0) {
            snprintf(diag->msg, sizeof diag->msg, "--tokens-from '%s': %s", cfg->token_urls[i],
                     why);
            snprintf(diag->hint, sizeof diag->hint,
                     "give the inference server's metrics URL, e.g. "
                     "http://127.0.0.1:8000/metrics");
            exporter_free(x);
            return AW_E_INVALID;
        }
        x->n_ep++;
    }

    struct aw_meter_options opt;
    aw_meter_options_init(&opt);
    opt.sysfs_root = cfg->sysfs_root;
    opt.nvml_library = cfg->nvml_library;
    if (cfg->interval_s < opt.interval_s)
        opt.interval_s = cfg->interval_s;
    aw_status st = aw_meter_open(&opt, &x->meter, diag);
    if (st != AW_OK) {
        exporter_free(x);
        return st;
    }
    /* Snapshots, delta and labels are sized for the meter's domains. */
    x->labels = calloc(aw_meter_domain_count(x->meter) + 1, sizeof *x->labels);
    if (x->labels == NULL || aw_meter_snapshot_new(x->meter, &x->snap[0]) != AW_OK ||
        aw_meter_snapshot_new(x->meter, &x->snap[1]) != AW_OK ||
        aw_meter_delta_new(x->meter, &x->delta) != AW_OK) {
        exporter_free(x);
        return AW_E_NOMEM;
    }
    make_labels(x);
    x->hardware_id = cfg->hardware_id;
    for (size_t i = 0; x->hardware_id == NULL && i < aw_meter_domain_count(x->meter); i++) {
        const struct aw_meter_domain *d = aw_meter_domain_at(x->meter, i);
        if (strcmp(d->source, "nvml") == 0 && d->device[0] != '\0')
            x->hardware_id = aw_meter_gpu_hardware_id(d->device);
    }
    st = aw_meter_start(x->meter, diag);
    if (st != AW_OK) {
        exporter_free(x);
        return st;
    }
    poll_once(x); /* /metrics has data from the first request on */
    if (pthread_create(&x->thread, NULL, sampler_main, x) != 0) {
        snprintf(diag->msg, sizeof diag->msg, "cannot start the sampler thread");
        exporter_free(x);
        return AW_E_IO;
    }
    x->running = 1;
    *out = x;
    return AW_OK;
}

void aw_exporter_stop(struct aw_exporter *x)
{
    if (x == NULL)
        return;
    if (x->running) {
        pthread_mutex_lock(&x->lock);
        x->stop = 1;
        pthread_cond_signal(&x->wake);
        pthread_mutex_unlock(&x->lock);
        pthread_join(x->thread, NULL);
    }
    aw_meter_stop(x->meter);
    exporter_free(x);
}
