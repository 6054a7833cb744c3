/*
 * cmd.h - the command table of the aiwatt CLI.
 *
 * Adding a new command:
 *   1. write tool/cmd_NAME.c defining `const struct aw_cmd aw_cmd_NAME`
 *      (name, summary, usage, run) and parsing its options with getopt_long;
 *   2. declare it below;
 *   3. add it to `commands[]` in tool/main.c;
 *   4. document it in docs/cli/aiwatt-NAME.md and add tests in tests/cli/.
 *
 * Conventions (docs/cli/exit-codes.md): data to stdout, messages to stderr as
 * "aiwatt: error: ..." plus an "aiwatt: hint: ..." line; exit 0 success,
 * 1 the operation failed, 2 usage error. Output is built completely before
 * any of it is written, so a failure never leaves half a result on stdout.
 */
#ifndef AIWATT_TOOL_CMD_H
#define AIWATT_TOOL_CMD_H

#include <stdio.h>
#include "aiwatt.h"
#include "aiwatt/json.h" /* the JSON views shared with the server (not public) */
#include "table.h"

#define AW_EXIT_OK 0
#define AW_EXIT_FAIL 1
#define AW_EXIT_USAGE 2

enum aw_format { AW_FORMAT_TABLE = 0, AW_FORMAT_JSON, AW_FORMAT_CSV };

/* State shared by every command: set up once in main.c. */
struct aw_ctx {
    aw_catalog *catalog;       /* default catalog, plus --catalog files */
    const char *sysfs_root;    /* --sysfs-root or AIWATT_SYSFS_ROOT (default "/") */
    const char *nvml_library;  /* --nvml-library, or AIWATT_NVML_LIBRARY, or NULL */
    int nvml_from_env;         /* 1: nvml_library came from the environment */
    struct aw_view view;       /* terminal width, --wide, --precise (tool/table.h) */
};

struct aw_cmd {
    const char *name;
    const char *summary; /* one line, for `aiwatt help` */
    const char *usage;   /* full help text, for `aiwatt help NAME` and -h */
    int (*run)(int argc, char **argv, struct aw_ctx *ctx);
    int needs_catalog;   /* 1: main.c loads the catalog before run */
    /* Sections the command reads (AW_SECTION_BIT mask); 0: all. Only the
     * embedded files holding them are parsed, which keeps start-up fast. */
    unsigned catalog_sections;
    /* 1: the arguments end with a command to run (measure): global options
     * are recognised only before this command's name, and -h only by the
     * command itself (before the command's first word), so that
     * `aiwatt measure echo -h` runs `echo -h`. */
    int takes_command;
};

extern const struct aw_cmd aw_cmd_estimate;
extern const struct aw_cmd aw_cmd_catalog;
extern const struct aw_cmd aw_cmd_measure;
extern const struct aw_cmd aw_cmd_sources;
extern const struct aw_cmd aw_cmd_monitor;
extern const struct aw_cmd aw_cmd_mix;
extern const struct aw_cmd aw_cmd_agent;
extern const struct aw_cmd aw_cmd_report;
extern const struct aw_cmd aw_cmd_refs;
extern const struct aw_cmd aw_cmd_reproduce;
extern const struct aw_cmd aw_cmd_fleet;
extern const struct aw_cmd aw_cmd_compare;
extern const struct aw_cmd aw_cmd_train;
extern const struct aw_cmd aw_cmd_whatif;
extern const struct aw_cmd aw_cmd_serve;
extern const struct aw_cmd aw_cmd_me;
extern const struct aw_cmd aw_cmd_usage;

/* ---- Helpers shared by commands (tool/opts.c) ---- */

/* Prints "aiwatt: error: MSG" (and the hint if any) to stderr. */
void aw_tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void aw_tool_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports a library failure with its diagnostic; returns the exit code. */
int aw_tool_fail(aw_status st, const struct aw_diag *diag);
/* Usage error for command `cmd`: prints the message and a pointer to help. */
int aw_tool_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses a number with an optional SI suffix (k, M, B/G, T, P; "70B" =
 * 7e10) or exponent ("2.5e9"). Returns 0 on success, -1 when malformed. */
int aw_parse_si(const char *text, double *out);
/* Parses a whole count (SI suffixes allowed) into *out; -1 when malformed,
 * negative or not whole. */
int aw_parse_count(const char *text, long *out);
/* Parses --format. Returns 0, or -1 when unknown. */
int aw_parse_format(const char *text, enum aw_format *out);

/* Writes a JSON value to stdout, indented, with a final newline. */
int aw_print_json(void *json_value);

/* Global options are stripped by main.c; commands receive argv[0] = name. */

#endif
