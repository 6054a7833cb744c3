/*
 * cmd.h - the command table of the aiwatt CLI.
 *
 * Adding a new command:
 *   1. write tool/cmd_NAME.c defining aw_usage_NAME[] and aw_run_NAME()
 *      (its own options, if any, are rows of the one table of own options
 *      in tool/opts.c, their codes in enum aw_own_option). main.c parses
 *      the options before it runs (aw_tool_options, the one prologue:
 *      --format, the request fields, the command's own options) into
 *      ctx->opts; aw_run_NAME() takes its own with aw_tool_own_options()
 *      and prints its result with aw_tool_output() (one table/JSON/CSV
 *      switch);
 *   2. declare it below (AW_COMMAND);
 *   3. add its row to `commands[]` in tool/main.c: name, summary, flags,
 *      request fields, own options, catalog sections;
 *   4. document it in docs/cli/aiwatt-NAME.md and add tests in tests/cli/.
 *
 * Conventions (docs/cli/exit-codes.md): data to stdout, messages to stderr as
 * "aiwatt: error: ..." plus an "aiwatt: hint: ..." line; exit 0 success,
 * 1 the operation failed, 2 usage error. Output is built completely before
 * any of it is written, so a failure never leaves half a result on stdout.
 */
#ifndef AIWATT_TOOL_CMD_H
#define AIWATT_TOOL_CMD_H

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include "aiwatt.h"
#include "aiwatt/json.h" /* the JSON views shared with the server (not public) */
#include "table.h"

#define AW_EXIT_OK 0
#define AW_EXIT_FAIL 1
#define AW_EXIT_USAGE 2

enum aw_format { AW_FORMAT_TABLE = 0, AW_FORMAT_JSON, AW_FORMAT_CSV };

/* What a command takes and prints (struct aw_cmd.flags). */
#define AW_CMDF_TABLE 1u  /* --format table (the default) */
#define AW_CMDF_JSON 2u   /* --format json */
#define AW_CMDF_CSV 4u    /* --format csv */
#define AW_CMDF_FORMATS (AW_CMDF_TABLE | AW_CMDF_JSON | AW_CMDF_CSV)
#define AW_CMDF_OPERANDS 8u /* arguments after the options (a subcommand, an id, files) */
/* The arguments end with a command to run (measure): global options are
 * recognised only before this command's name, and -h only by the command
 * itself (before the command's first word), so that `aiwatt measure echo
 * -h` runs `echo -h`. */
#define AW_CMDF_TAKES_COMMAND 16u
#define AW_CMDF_CATALOG 32u /* main.c loads the catalog before run */
/* The command parses its own words (ctx->argc, ctx->argv): whatif, whose
 * levers are options, and usage; main.c leaves ctx->opts empty. */
#define AW_CMDF_OWN_PARSER 64u
/* Its help ends with the what-if levers, listed from the request-field
 * table (the fields marked for whatif), so that a new field is a new lever
 * in the help without another list to keep. */
#define AW_CMDF_LEVERS 128u

/* The getopt codes of the commands' own options (besides --format and the
 * request fields): one code per option name, whichever command takes it
 * (--interval is one option of measure, monitor and serve). The table in
 * tool/opts.c gives each its spelling and the commands that take it. */
enum aw_own_option {
    AW_OWN_AS_ROOT = 256, AW_OWN_BATCH, AW_OWN_BOUNDARY, AW_OWN_COUNT, AW_OWN_COUNTRY,
    AW_OWN_DATACENTERS, AW_OWN_FORMAT, AW_OWN_GROUP_BY, AW_OWN_HARDWARE, AW_OWN_HTML,
    AW_OWN_IDLE, AW_OWN_IMAGE_MODEL, AW_OWN_IMAGES, AW_OWN_INPUT_FORMAT, AW_OWN_INPUT_TOKENS,
    AW_OWN_INTERVAL, AW_OWN_JOBS, AW_OWN_KIND, AW_OWN_LANG, AW_OWN_LISTEN, AW_OWN_MAP,
    AW_OWN_METHODS, AW_OWN_MODEL, AW_OWN_OUTPUT, AW_OWN_PER_ROW, AW_OWN_PROFILE,
    AW_OWN_QUERIES_PER_DAY, AW_OWN_REQUESTS, AW_OWN_STRICT, AW_OWN_SVG, AW_OWN_THREADS,
    AW_OWN_TOKENS, AW_OWN_TOKENS_FROM, AW_OWN_WH_PER_QUERY, AW_OWN_WINDOW, AW_OWN_YEARS
};

/* What the shared options gave (tool/opts.c, aw_tool_options). */
struct aw_opts {
    enum aw_format format;  /* --format (table when not given) */
    struct aw_request req;  /* the request fields given (cmd->fields) */
    int next;               /* argv index of the first operand */
    /* 1 at the index (aw_request_fields() order) of each field given */
    unsigned char field_given[128];
    int done;               /* 1: -h printed the usage; nothing to run */
    /* The command's own options (enum aw_own_option) as given, in order: what
     * aw_tool_own_options() hands to the command. */
    size_t n_own;
    struct {
        int code;
        const char *arg; /* NULL for an option without a value */
    } own[64];
};

struct aw_cmd;

/* State shared by every command: set up once in main.c. */
struct aw_ctx {
    aw_catalog *catalog;       /* default catalog, plus --catalog files */
    const char *sysfs_root;    /* --sysfs-root or AIWATT_SYSFS_ROOT (default "/") */
    const char *nvml_library;  /* --nvml-library, or AIWATT_NVML_LIBRARY, or NULL */
    int nvml_from_env;         /* 1: nvml_library came from the environment */
    struct aw_view view;       /* terminal width, --wide, --precise (tool/table.h) */
    const struct aw_cmd *cmd;  /* the command running */
    int argc;                  /* its words: argv[0] is its name */
    char **argv;
    struct aw_opts opts;       /* its options, parsed by main.c (unless
                                * AW_CMDF_OWN_PARSER) */
};

struct aw_cmd {
    const char *name;
    const char *summary; /* one line, for `aiwatt help` */
    const char *usage;   /* for `aiwatt help NAME` and -h, before the request
                          * fields' lines (generated from the field table) */
    int (*run)(struct aw_ctx *ctx);
    unsigned flags;      /* AW_CMDF_*: formats, operands, a trailing command */
    /* The request fields it takes as options (enum aw_command bits of
     * lib/request/fields.c; 0: none): their options and --help lines come
     * from the field table. */
    unsigned fields;
    /* Sections the command reads (AW_SECTION_BIT mask); 0: all. Only those
     * are loaded, which keeps start-up fast. */
    unsigned catalog_sections;
};

/* What tool/cmd_NAME.c defines for the command table (tool/main.c): its
 * usage text and its run function. */
#define AW_COMMAND(NAME)                                                                     \
    extern const char aw_usage_##NAME[];                                                     \
    int aw_run_##NAME(struct aw_ctx *ctx)
AW_COMMAND(estimate);
AW_COMMAND(catalog);
AW_COMMAND(measure);
AW_COMMAND(sources);
AW_COMMAND(monitor);
AW_COMMAND(mix);
AW_COMMAND(agent);
AW_COMMAND(report);
AW_COMMAND(refs);
AW_COMMAND(reproduce);
AW_COMMAND(fleet);
AW_COMMAND(compare);
AW_COMMAND(train);
AW_COMMAND(whatif);
AW_COMMAND(serve);
AW_COMMAND(me);
AW_COMMAND(usage);

/* ---- Helpers shared by commands (tool/opts.c) ---- */

/* Prints "aiwatt: error: MSG" (and the hint if any) to stderr. */
void aw_tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void aw_tool_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "aiwatt: KIND: MSG" on stderr (error, hint, warning). */
void aw_tool_vmessage(const char *kind, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
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
/* The same, then releases it; NULL (a failed allocation) is reported as
 * out of memory. Returns the exit code. */
int aw_tool_json_out(void *json_value);
/* {"KEY": [item(state, 0), ... item(state, n - 1)]} through
 * aw_tool_json_out; `item` returns a new JSON value (NULL: out of memory). */
int aw_tool_json_list_out(const char *key, size_t n, void *(*item)(const void *state, size_t i),
                          const void *state);

/* ---- The prologue of every command (tool/opts.c) ---- */

/* A command's own option: its `code` (enum aw_own_option) with its argument
 * (NULL for none). 0, or an exit code after printing the error. */
typedef int (*aw_option_fn)(void *state, int code, const char *arg);

/* Parses argv (argv[0] = the command's name) for `cmd` (main.c, before the
 * command runs): --format (refused with a usage error when the command
 * does not print it), the request fields of cmd->fields (then
 * aw_request_check_command), its own options (kept in o->own), and the
 * operands (refused unless AW_CMDF_OPERANDS or AW_CMDF_TAKES_COMMAND).
 * AW_EXIT_OK, or the usage error's exit code (already printed). */
int aw_tool_options(const struct aw_cmd *cmd, int argc, char **argv, struct aw_opts *o);

/* The getopt options of command `name`: its own (the table in tool/opts.c),
 * then the request fields of `fields`. For a command with its own parser
 * (usage); static storage, valid until the next call. */
const struct option *aw_tool_command_options(const char *name, unsigned fields);

/* Hands the command's own options to `fn` in the order given. AW_EXIT_OK,
 * or the first exit code `fn` returns. */
int aw_tool_own_options(const struct aw_opts *o, aw_option_fn fn, void *state);

/* --format TEXT for `cmd`: one it prints (AW_EXIT_OK), else a usage error
 * naming those it prints (its exit code). For a command with its own
 * option parser (whatif). */
int aw_tool_take_format(const struct aw_cmd *cmd, const char *text, enum aw_format *out);

/* The help of `cmd`: its usage text, then the --help lines of its request
 * fields generated from the field table. */
void aw_tool_print_usage(const struct aw_cmd *cmd, FILE *out);

/* ---- The output of every command (tool/opts.c) ---- */

/* How a command's result is shown; a member may be NULL for a format the
 * command does not print (its flags refuse it before anything runs). */
struct aw_output {
    void (*table)(const struct aw_view *view, const void *result);
    /* Returns the exit code (aw_tool_json_out does the printing). */
    int (*json)(const void *result);
    void (*csv)(FILE *out, const void *result);
};

/* Renders `result` in `format` through `out` on stdout, then flushes it (a
 * full disk or closed pipe is an error). Returns the exit code. */
int aw_tool_output(const struct aw_ctx *ctx, enum aw_format format, const struct aw_output *out,
                   const void *result);

struct aw_tool_uncertainty; /* levers_out.h */

/* As aw_tool_output, for a result with an uncertainty analysis (--uncertainty,
 * --sensitivity; none asked: as aw_tool_output): its CSV replaces the
 * result's, and its table follows the result's, `per` naming the unit of its
 * figures ("" or "per year"). */
int aw_tool_output_analysed(const struct aw_ctx *ctx, enum aw_format format,
                            const struct aw_output *out, const void *result,
                            const struct aw_tool_uncertainty *unc, const char *per);

/* ---- CSV (tool/opts.c): the one writer ---- */

/* One field as RFC 4180 has it: quoted when it holds a comma, a quote or a
 * line break (quotes doubled); NULL is an empty field. */
void aw_csv_text(FILE *out, const char *text);
/* A number at full precision (%.6g, as the JSON), or an empty field when
 * `valid` is 0. */
void aw_csv_num(FILE *out, int valid, double value);
/* A row of fields: `types` has one letter per field: 's' text (const char
 * *), 'g' number (double, %.6g), 'w' a whole number held in a double (every
 * digit), 'i' int, 'l' long; '-' an empty field (no argument). Fields are separated by commas and the row ends the line. */
void aw_csv_row(FILE *out, const char *types, ...);

/* Global options are stripped by main.c; commands receive argv[0] = name. */

#endif
