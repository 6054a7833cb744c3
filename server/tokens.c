/*
 * tokens.c - the token counters of inference servers, read from their
 * Prometheus exposition text (docs/serve.md lists the names).
 *
 * Token and request counts are read from counters, never from rates, so
 * nothing is lost between polls; the one gauge read is the number of
 * requests running (the batch), averaged over the window. Series are summed per model_name; a series that belongs to a
 * tensor- or pipeline-parallel rank other than 0 (SGLang labels tp_rank,
 * pp_rank) repeats rank 0's count and is skipped, while vLLM's per-engine
 * series (data parallel) are distinct work and are added.
 */
#include "tokens.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The engine column names the serving engine in the catalog
 * (data/engines.json) whose costs the estimate beside the measurement
 * uses: the metric names say which engine is serving. vLLM's names are
 * those of its V1 engine (vllm-2024 exported the same ones: the current
 * engine is the likelier). TGI has no engine of its own in the catalog. */
const struct aw_token_metric aw_token_metrics[] = {
    {"vllm:generation_tokens_total", AW_TOK_OUTPUT, "vllm"},
    {"vllm:prompt_tokens_total", AW_TOK_INPUT, "vllm"},
    {"vllm:request_success_total", AW_TOK_REQUESTS, "vllm"},
    {"vllm:num_requests_running", AW_TOK_RUNNING, "vllm"},
    {"sglang:generation_tokens_total", AW_TOK_OUTPUT, "sglang"},
    {"sglang:prompt_tokens_total", AW_TOK_INPUT, "sglang"},
    {"sglang:num_requests_total", AW_TOK_REQUESTS, "sglang"},
    {"sglang:num_running_reqs", AW_TOK_RUNNING, "sglang"},
    /* TGI: histograms of tokens per request; _sum is the running total. */
    {"tgi_request_generated_tokens_sum", AW_TOK_OUTPUT, NULL},
    {"tgi_request_input_length_sum", AW_TOK_INPUT, NULL},
    {"tgi_request_generated_tokens_count", AW_TOK_REQUESTS, NULL},
    {"tgi_batch_current_size", AW_TOK_RUNNING, NULL},
    {NULL, AW_TOK_OUTPUT, NULL},
};

/* Copies src into dst (size bytes), cut to fit: model names are labels,
 * never parsed further. */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1); /* size > 0: every caller's is a buffer */
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static const struct aw_token_metric *find_metric(const char *name, size_t len)
{
    for (const struct aw_token_metric *m = aw_token_metrics; m->name != NULL; m++) {
        if (strlen(m->name) == len && memcmp(m->name, name, len) == 0)
            return m;
    }
    return NULL;
}

/* Parses `{k="v",...}` starting at *p (just after '{'); copies model_name
 * (or model) into model and notes a nonzero rank. Returns 0, -1 malformed. */
static int parse_labels(const char **pp, char *model, size_t model_size, int *other_rank)
{
    const char *p = *pp;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == '}') {
            *pp = p + 1;
            return 0;
        }
        const char *key = p;
        while (*p && *p != '=' && *p != '}' && *p != '\n')
            p++;
        if (*p != '=' || p[1] != '"')
            return -1;
        size_t key_len = (size_t)(p - key);
        p += 2;
        char value[AW_TOKENS_MODEL_LEN * 2];
        size_t n = 0;
        while (*p && *p != '"' && *p != '\n') {
            char c = *p++;
            if (c == '\\' && *p) {
                c = *p++;
                if (c == 'n')
                    c = '\n';
            }
            if (n + 1 < sizeof value)
                value[n++] = c;
        }
        if (*p != '"')
            return -1;
        p++;
        value[n] = '\0';
        if ((key_len == 10 && memcmp(key, "model_name", 10) == 0) ||
            (key_len == 5 && memcmp(key, "model", 5) == 0)) {
            copy_text(model, model_size, value);
        } else if (((key_len == 7 && memcmp(key, "tp_rank", 7) == 0) ||
                    (key_len == 7 && memcmp(key, "pp_rank", 7) == 0)) &&
                   strcmp(value, "0") != 0) {
            *other_rank = 1;
        }
    }
}

static int add_series(struct aw_token_reading *out, const char *model,
                      const struct aw_token_metric *metric, double v)
{
    size_t i;
    for (i = 0; i < out->n; i++) {
        if (strcmp(out->models[i].model, model) == 0)
            break;
    }
    if (i == out->n) {
        if (out->n == AW_TOKENS_MAX_MODELS)
            return -1;
        memset(&out->models[i], 0, sizeof out->models[i]);
        copy_text(out->models[i].model, sizeof out->models[i].model, model);
        out->n++;
    }
    out->models[i].v[metric->kind] += v;
    if (out->models[i].engine == NULL)
        out->models[i].engine = metric->engine;
    return 0;
}

int aw_tokens_parse(const char *text, const char *default_model, struct aw_token_reading *out)
{
    memset(out, 0, sizeof *out);
    int found = 0;
    for (const char *line = text; line != NULL && *line; ) {
        const char *eol = strchr(line, '\n');
        const char *next = eol != NULL ? eol + 1 : NULL;
        const char *p = line;
        line = next;
        if (*p == '#' || *p == '\n' || *p == '\r')
            continue;
        size_t name_len = strcspn(p, "{ \t\n");
        const struct aw_token_metric *m = find_metric(p, name_len);
        if (m == NULL)
            continue;
        p += name_len;
        char model[AW_TOKENS_MODEL_LEN];
        copy_text(model, sizeof model, default_model);
        int other_rank = 0;
        if (*p == '{') {
            p++;
            if (parse_labels(&p, model, sizeof model, &other_rank) != 0)
                continue;
        }
        char *end;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || v < 0 || other_rank)
            continue;
        if (add_series(out, model, m, v) == 0 && m->kind != AW_TOK_RUNNING)
            found++;
    }
    return found;
}
