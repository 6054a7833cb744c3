/*
 * request.h - the fields of a request, described once.
 *
 * One table (lib/request/fields.c) names every field a command takes: its
 * JSON key in snake_case (the CLI option is "--" + the key with '_' -> '-'),
 * its type, unit, valid range, default and a hint. The CLI's options and
 * their --help lines, the JSON request reader, the what-if levers and the
 * range checks are all derived from it, so the CLI, the JSON API and the
 * Python package accept and refuse the same things with the same message.
 *
 * aw_api_run() is the JSON API: a command and a JSON request in, the same
 * JSON text that `aiwatt COMMAND --format json` prints out.
 */
#ifndef AIWATT_REQUEST_H
#define AIWATT_REQUEST_H

#include <stddef.h>
#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The commands a field belongs to (bit mask). */
enum aw_command {
    AW_CMD_ESTIMATE = 1u << 0,
    AW_CMD_MIX = 1u << 1,
    AW_CMD_AGENT = 1u << 2,
    AW_CMD_TRAIN = 1u << 3,
    AW_CMD_REPORT = 1u << 4,
    AW_CMD_WHATIF = 1u << 5,     /* a lever of a request */
    AW_CMD_WHATIF_TRAIN = 1u << 6, /* a lever of a training run */
    AW_CMD_COMPARE = 1u << 7,
    AW_CMD_FLEET = 1u << 8,
    AW_CMD_ME = 1u << 9          /* a person's daily use */
};

/* The command's bit for its name ("estimate", ...); 0 when unknown. */
AW_API unsigned aw_command_from_name(const char *name);

enum aw_field_type {
    AW_FIELD_ID,        /* a catalog id (text, borrowed) */
    AW_FIELD_NUMBER,    /* a real number, SI suffixes (70B, 1.5k) */
    AW_FIELD_COUNT,     /* a whole number, SI suffixes (10k) */
    AW_FIELD_CHOICE,    /* one of a few names (task, precision, method) */
    AW_FIELD_GRID,      /* a grid id, or a number of gCO2e/kWh */
    AW_FIELD_SIZE,      /* WIDTHxHEIGHT in pixels */
    AW_FIELD_RANGE,     /* MIN:MAX, SI suffixes */
    AW_FIELD_FLAG,      /* on when given (JSON true) */
    AW_FIELD_DRAWS      /* a flag with an optional count (--uncertainty [N]) */
};

struct aw_request_field {
    const char *name;      /* JSON key and what-if lever, snake_case */
    const char *alias;     /* another accepted spelling, or NULL */
    enum aw_field_type type;
    unsigned commands;     /* enum aw_command bits */
    double min, max;       /* valid range, inclusive (numbers, counts, sizes) */
    int min_open;          /* 1: min itself is refused (a positive number) */
    const char *unit;      /* "tokens", "W", "gCO2e/kWh", ... ("" none) */
    const char *metavar;   /* in --help: N, X, ID, W, ... */
    const char *default_text; /* what applies when it is left out */
    const char *help;      /* one line, for --help */
    const char *expected;  /* what a good value looks like, for refusals */
    /* where it is stored (internal) */
    size_t offset, offset2;
    int storage;
};

/* The table, in --help order, and its length. */
AW_API const struct aw_request_field *aw_request_fields(size_t *n);

/* The field named `key`: snake_case, the CLI spelling ("--input-tokens" or
 * "input-tokens") or an alias. NULL when unknown. */
AW_API const struct aw_request_field *aw_request_field_find(const char *key);

/* Sets one field of `req` from text as a user writes it (SI suffixes as the
 * CLI accepts: "10k", "70B"; "1024x768"; "44B:132B"). `key` is the
 * snake_case name or the CLI spelling. Text values (ids) are borrowed: keep
 * `value` alive while `req` is used. A flag takes NULL, "", "true" or
 * "false"; uncertainty takes NULL or "" (the default draws) or a count.
 * On a bad value: AW_E_RANGE or AW_E_PARSE with diag naming the key as
 * given and the value, and a hint with the valid range; an unknown key:
 * AW_E_INVALID with the closest keys in the hint. `req` is unchanged on
 * failure. */
AW_API AW_NODISCARD aw_status aw_request_set(struct aw_request *req, const char *key, const char *value,
                                             struct aw_diag *diag);

/* The same for a field of the table; `shown` names it in messages (the
 * option as the user wrote it; NULL: its name). */
AW_API AW_NODISCARD aw_status aw_request_set_field(struct aw_request *req,
                                                   const struct aw_request_field *field,
                                                   const char *shown, const char *value,
                                                   struct aw_diag *diag);

/* Checks every field of `req` against the table's ranges (what
 * aw_request_set refuses, for requests built in code) and the rules that
 * tie fields together (--model or --params; --active-params needs
 * --params). The estimators call it. */
AW_API AW_NODISCARD aw_status aw_request_check(const struct aw_request *req, struct aw_diag *diag);

/* aw_request_check() plus what `command` needs ("mix": profile; "agent":
 * model and steps; "train": model, or params with tokens or gpu_hours).
 * What the CLI and aw_api_run_request() check before running. */
AW_API AW_NODISCARD aw_status aw_request_check_command(const struct aw_request *req, const char *command,
                                                       struct aw_diag *diag);

/* The training fields of `req` as a training request (aiwatt/train.h). */
struct aw_train_request;
AW_API void aw_train_request_from_request(const struct aw_request *req, struct aw_train_request *out);

/* The agent session of `req` (aiwatt/scenario.h): model, hardware and site
 * shared by every call; steps, initial_tokens, tool_tokens, output_tokens
 * (per step) and no_prompt_cache set the session. */
struct aw_agent_spec;
AW_API void aw_agent_spec_from_request(const struct aw_request *req, struct aw_agent_spec *spec);

/* Runs `command` ("estimate", "mix", "agent", "train", "report") on a
 * request given as a JSON object whose keys are the table's names
 * ({"model": "llama-3.1-8b", "hardware": "h100", "output_tokens": 300};
 * numbers may be JSON numbers or text with SI suffixes). *response_json:
 * malloc'd text (free with aw_free), byte for byte what
 * `aiwatt COMMAND --format json` prints for the same options. On error:
 * non-zero status, diag message and hint, *response_json NULL. Pure:
 * uncertainty is seeded (seed, default AW_UNCERTAINTY_DEFAULT_SEED). */
AW_API AW_NODISCARD aw_status aw_api_run(const aw_catalog *cat, const char *command,
                                         const char *request_json, char **response_json,
                                         struct aw_diag *diag);

/* The same, from a request already filled (what the CLI uses). */
AW_API AW_NODISCARD aw_status aw_api_run_request(const aw_catalog *cat, const char *command,
                                                 const struct aw_request *req, char **response_json,
                                                 struct aw_diag *diag);

/* Frees what the library allocated for the caller (aw_api_run's text). */
AW_API void aw_free(void *p);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_REQUEST_H */
