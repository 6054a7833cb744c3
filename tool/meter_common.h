/*
 * meter_common.h - what `aiwatt measure`, `sources` and `monitor` share:
 * opening the meter from the CLI context, warnings about unreadable
 * counters, labels and JSON views of domains.
 */
#ifndef AIWATT_TOOL_METER_COMMON_H
#define AIWATT_TOOL_METER_COMMON_H

#include <jansson.h>
#include "cmd.h"

/* Opens a meter on ctx's sysfs root and NVML library with the given gauge
 * interval (seconds; <= 0: the default). Prints the error and returns
 * AW_EXIT_FAIL when even that fails (out of memory); else AW_EXIT_OK. */
int aw_tool_meter_open(const struct aw_ctx *ctx, double interval_s, aw_meter **out);

/* Prints "aiwatt: warning: ..." to stderr. */
void aw_tool_meter_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Warns about every source that failed (absent ones are quiet) and every
 * domain that cannot be read, each with its fix (a hint shared by several
 * domains is printed once). Returns how many domains are unreadable. When
 * `messages` is not NULL, each warning is also appended to it as a string. */
size_t aw_tool_meter_warn_unreadable(const aw_meter *m, json_t *messages);

/* A label that tells domains apart in a table: the name; when several
 * domains share it, "package-1/dram" (a RAPL sub-zone) or
 * "package-0 [intel-rapl-mmio:0]" (the directory it is read from). */
void aw_tool_domain_label(const aw_meter *m, size_t i, char *buf, size_t size);

/* The static description of a domain as JSON: source, name, parent, path,
 * scope, kind, readable, counted, measures, note, and error/hint when
 * unreadable. NULL when out of memory. */
json_t *aw_tool_domain_json(const struct aw_meter_domain *d);

#endif
