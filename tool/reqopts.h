/*
 * reqopts.h - request options shared by the commands that estimate a
 * request (compare, fleet) and the options of the top-down methods (also
 * used by estimate): one parser, one set of messages.
 *
 * Usage in a command: splice AW_REQUEST_LONG_OPTIONS (or only
 * AW_METHOD_LONG_OPTIONS) into its `struct option[]`, and in the getopt loop
 * hand every code in [AW_OPT_REQ_FIRST, AW_OPT_REQ_LAST) to
 * aw_tool_request_option().
 */
#ifndef AIWATT_TOOL_REQOPTS_H
#define AIWATT_TOOL_REQOPTS_H

#include <getopt.h>
#include "aiwatt.h"

enum {
    AW_OPT_REQ_FIRST = 1000,
    /* request */
    AW_OPT_REQ_MODEL = AW_OPT_REQ_FIRST,
    AW_OPT_REQ_PARAMS,
    AW_OPT_REQ_ACTIVE,
    AW_OPT_REQ_TASK,
    AW_OPT_REQ_IN,
    AW_OPT_REQ_OUT,
    AW_OPT_REQ_REASON,
    AW_OPT_REQ_HW,
    AW_OPT_REQ_GPUS,
    AW_OPT_REQ_PREC,
    AW_OPT_REQ_BATCH,
    AW_OPT_REQ_DC,
    AW_OPT_REQ_PUE,
    AW_OPT_REQ_GRID,
    AW_OPT_REQ_WUE,
    AW_OPT_REQ_MARKET_CI,
    AW_OPT_REQ_METHOD,
    /* method parameters */
    AW_OPT_MP_UTIL,
    AW_OPT_MP_PREFILL_UTIL,
    AW_OPT_MP_POWER,
    AW_OPT_MP_LOAD,
    AW_OPT_MP_SERVERS,
    AW_OPT_MP_SERVER_POWER,
    AW_OPT_MP_HOURS,
    AW_OPT_MP_REQUESTS,
    AW_OPT_MP_LATENCY,
    AW_OPT_MP_PARAMS_RANGE,
    AW_OPT_MP_ACTIVE_RANGE,
    AW_OPT_REQ_LAST
};

#define AW_METHOD_LONG_OPTIONS                                                  \
    {"utilisation", required_argument, NULL, AW_OPT_MP_UTIL},                   \
    {"prefill-utilisation", required_argument, NULL, AW_OPT_MP_PREFILL_UTIL},   \
    {"power-w", required_argument, NULL, AW_OPT_MP_POWER},                      \
    {"load-factor", required_argument, NULL, AW_OPT_MP_LOAD},                   \
    {"servers", required_argument, NULL, AW_OPT_MP_SERVERS},                    \
    {"server-power-w", required_argument, NULL, AW_OPT_MP_SERVER_POWER},        \
    {"hours", required_argument, NULL, AW_OPT_MP_HOURS},                        \
    {"requests", required_argument, NULL, AW_OPT_MP_REQUESTS},                  \
    {"latency", required_argument, NULL, AW_OPT_MP_LATENCY},                    \
    {"params-range", required_argument, NULL, AW_OPT_MP_PARAMS_RANGE},          \
    {"active-params-range", required_argument, NULL, AW_OPT_MP_ACTIVE_RANGE}

/* Where a request runs: for commands that run many requests (mix, report,
 * agent) and move all of them to another site. */
#define AW_SITE_LONG_OPTIONS                                                    \
    {"hardware", required_argument, NULL, AW_OPT_REQ_HW},                       \
    {"datacenter", required_argument, NULL, AW_OPT_REQ_DC},                     \
    {"pue", required_argument, NULL, AW_OPT_REQ_PUE},                           \
    {"grid", required_argument, NULL, AW_OPT_REQ_GRID},                         \
    {"wue", required_argument, NULL, AW_OPT_REQ_WUE},                           \
    {"market-ci", required_argument, NULL, AW_OPT_REQ_MARKET_CI}

#define AW_REQUEST_LONG_OPTIONS                                                 \
    {"model", required_argument, NULL, AW_OPT_REQ_MODEL},                       \
    {"params", required_argument, NULL, AW_OPT_REQ_PARAMS},                     \
    {"active-params", required_argument, NULL, AW_OPT_REQ_ACTIVE},              \
    {"task", required_argument, NULL, AW_OPT_REQ_TASK},                         \
    {"input-tokens", required_argument, NULL, AW_OPT_REQ_IN},                   \
    {"output-tokens", required_argument, NULL, AW_OPT_REQ_OUT},                 \
    {"reasoning-tokens", required_argument, NULL, AW_OPT_REQ_REASON},           \
    {"hardware", required_argument, NULL, AW_OPT_REQ_HW},                       \
    {"gpus", required_argument, NULL, AW_OPT_REQ_GPUS},                         \
    {"precision", required_argument, NULL, AW_OPT_REQ_PREC},                    \
    {"batch", required_argument, NULL, AW_OPT_REQ_BATCH},                       \
    {"datacenter", required_argument, NULL, AW_OPT_REQ_DC},                     \
    {"pue", required_argument, NULL, AW_OPT_REQ_PUE},                           \
    {"grid", required_argument, NULL, AW_OPT_REQ_GRID},                         \
    {"wue", required_argument, NULL, AW_OPT_REQ_WUE},                           \
    {"market-ci", required_argument, NULL, AW_OPT_REQ_MARKET_CI},               \
    {"method", required_argument, NULL, AW_OPT_REQ_METHOD},                     \
    AW_METHOD_LONG_OPTIONS

/* Usage lines for the method parameters (for a command's help text). */
#define AW_METHOD_USAGE                                                             \
    "  flops (Epoch AI): FLOPs / (peak x utilisation) x power per GPU x load x PUE\n" \
    "  --utilisation X       FLOP utilisation, 0-1 (default 0.10)\n"                  \
    "  --prefill-utilisation X  for prompt tokens (default: --utilisation)\n"         \
    "  --power-w W           rated power per GPU, host share included (default:\n"    \
    "                        server nameplate / GPUs; DGX H100 10.2 kW / 8 = 1275)\n" \
    "  --load-factor X       average / rated power (flops 0.7, nameplate 1.0)\n"      \
    "  nameplate (de Vries): servers x nameplate x hours x load / requests\n"         \
    "  --servers N           servers in the fleet (required)\n"                       \
    "  --requests N          requests served in --hours (required; 195M)\n"           \
    "  --server-power-w W    nameplate per server (default: the hardware's server)\n" \
    "  --hours H             the period (default 24)\n"                               \
    "  ecologits (EcoLogits v0.9 formulas; batch 64 unless --batch)\n"                \
    "  --latency S           measured request latency, caps the modelled one\n"       \
    "  --params-range MIN:MAX, --active-params-range MIN:MAX\n"                       \
    "                        model size range (default: the catalog's)\n"

/* Handles option `c` with argument `arg` for command `cmd`: fills `req` or
 * `mp`. Returns 0 when handled, 1 when `c` is not one of these options, and
 * -1 after printing a usage error. */
int aw_tool_request_option(const char *cmd, int c, const char *arg, struct aw_request *req,
                           struct aw_method_params *mp);

/* Checks what single options cannot (--model with --params...). Returns 0,
 * or -1 after printing a usage error. */
int aw_tool_request_check(const char *cmd, const struct aw_request *req);

/* Writes `s` to stdout as one quoted CSV field ("" inside quotes; NULL as
 * an empty field). */
void aw_tool_csv_str(const char *s);

/* Prints a top-down method's estimate as a table (estimate, compare). */
void aw_tool_print_method_table(const struct aw_estimate *e);

/* The carbon (location- and market-based, embodied) and water lines of an
 * estimate's table, each under 80 columns. */
void aw_tool_print_impacts(const struct aw_estimate *e);

#endif
