/*
 * tokens.h - reads the token counters of an inference server's Prometheus
 * endpoint (vLLM, SGLang, Hugging Face TGI) and keeps running totals per
 * model that never go back, whatever the servers do (restarts).
 */
#ifndef AIWATT_SERVE_TOKENS_H
#define AIWATT_SERVE_TOKENS_H

#include <stddef.h>

#define AW_TOKENS_MAX_MODELS 16
#define AW_TOKENS_MODEL_LEN 128

/* Counters (output, input tokens, finished requests) and one gauge: the
 * requests being served now (the batch the engine runs). */
enum aw_token_kind { AW_TOK_OUTPUT = 0, AW_TOK_INPUT, AW_TOK_REQUESTS, AW_TOK_RUNNING,
                     AW_TOK_KINDS };

/* One scrape: per model, the sum of each kind over the series read. */
struct aw_token_reading {
    size_t n;
    struct {
        char model[AW_TOKENS_MODEL_LEN];
        double v[AW_TOK_KINDS];
        const char *engine; /* catalog engine id of its metric names; NULL: unknown */
    } models[AW_TOKENS_MAX_MODELS];
};

/* Parses Prometheus or OpenMetrics text. Series without a model_name label
 * (TGI) count for `default_model`. Returns how many series of a known token
 * metric were read (0: none: not an inference server we know). */
int aw_tokens_parse(const char *text, const char *default_model, struct aw_token_reading *out);

/* The metric names read, for documentation and messages: a NULL-terminated
 * list of "name kind" pairs. */
struct aw_token_metric {
    const char *name;
    enum aw_token_kind kind;
    const char *engine; /* the catalog engine that exports it (NULL: none there, TGI) */
};
extern const struct aw_token_metric aw_token_metrics[];

#endif
