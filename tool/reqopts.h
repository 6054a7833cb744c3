/*
 * reqopts.h - the CLI side of the request-field table (aiwatt/request.h):
 * every command's long options and their --help lines are derived from the
 * table, and every value goes through aw_request_set(), so the CLI refuses
 * what the JSON API refuses, with the same message.
 *
 * Usage in a command: getopt_long(argc, argv, ":", aw_tool_long_options(
 * AW_CMD_X, own_options), NULL); hand every code >= AW_OPT_FIELD to
 * aw_tool_field_option(); after the loop, aw_tool_request_check().
 */
#ifndef AIWATT_TOOL_REQOPTS_H
#define AIWATT_TOOL_REQOPTS_H

#include <getopt.h>
#include <stdio.h>
#include "aiwatt.h"

/* getopt codes of the table's fields: AW_OPT_FIELD + row index. */
#define AW_OPT_FIELD 1000

/* The command's own options (`own`, ended by a zero row; may be NULL)
 * followed by every field of the table that `command` (enum aw_command
 * bits) takes. A static array, valid until the next call. */
const struct option *aw_tool_long_options(unsigned command, const struct option *own);

/* Handles getopt code `c`: 0 when it set a field of `req`, 1 when `c` is
 * not a field, -1 after printing the library's message and hint. An
 * optional count (--uncertainty N) may take the next argument (optind
 * advances past it). */
int aw_tool_field_option(int c, const char *arg, int argc, char **argv, struct aw_request *req);

/* The same, for a getopt loop's default branch: an option that is not a
 * field is an unknown option of `cmd` (usage error printed, -1). */
int aw_tool_option_field(const char *cmd, int c, const char *arg, int argc, char **argv,
                         struct aw_request *req);

/* After the options: aw_request_check_command() for `cmd`. 0, or -1 after
 * printing the library's message and hint. */
int aw_tool_request_check(const char *cmd, const struct aw_request *req);

/* The --help lines of the fields `command` takes, from the table. */
void aw_tool_print_field_help(FILE *out, unsigned command);

/* Prints the JSON the library made for `command` on `req` (what the JSON
 * API answers). Returns the exit code. */
int aw_tool_print_api_json(const aw_catalog *cat, const char *command,
                           const struct aw_request *req);

#endif
