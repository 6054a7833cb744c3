/*
 * opts.c - small helpers shared by the commands: messages, number parsing,
 * output.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"

void aw_tool_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("aiwatt: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void aw_tool_hint(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("aiwatt: hint: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int aw_tool_fail(aw_status st, const struct aw_diag *diag)
{
    if (diag != NULL && diag->msg[0] != '\0')
        aw_tool_error("%s", diag->msg);
    else
        aw_tool_error("%s", aw_strerror(st));
    if (diag != NULL && diag->hint[0] != '\0')
        aw_tool_hint("%s", diag->hint);
    return AW_EXIT_FAIL;
}

int aw_tool_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("aiwatt: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    aw_tool_hint("see 'aiwatt help %s'", cmd);
    return AW_EXIT_USAGE;
}

int aw_parse_si(const char *text, double *out)
{
    return aw_parse_quantity(text, out) == AW_OK ? 0 : -1;
}

int aw_parse_count(const char *text, long *out)
{
    double v;
    if (aw_parse_si(text, &v) != 0 || v < 0 || v != floor(v) || v > 1e15)
        return -1;
    *out = (long)v;
    return 0;
}

int aw_parse_format(const char *text, enum aw_format *out)
{
    if (strcmp(text, "table") == 0)
        *out = AW_FORMAT_TABLE;
    else if (strcmp(text, "json") == 0)
        *out = AW_FORMAT_JSON;
    else if (strcmp(text, "csv") == 0)
        *out = AW_FORMAT_CSV;
    else
        return -1;
    return 0;
}

int aw_print_json(void *json_value)
{
    char *text = json_dumps(json_value, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                            JSON_REAL_PRECISION(6));
    if (text == NULL) {
        aw_tool_error("out of memory formatting JSON");
        return AW_EXIT_FAIL;
    }
    fputs(text, stdout);
    fputc('\n', stdout);
    free(text);
    return AW_EXIT_OK;
}
