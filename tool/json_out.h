/*
 * json_out.h - a JSON record (a catalog entry, a scenario) as an indented
 * tree for people: one key per line, nested records indented, a number with
 * a range as "75 (60-90), estimate" with its source under it, long text
 * wrapped to the terminal (tool/table.h).
 */
#ifndef AIWATT_TOOL_JSON_OUT_H
#define AIWATT_TOOL_JSON_OUT_H

#include <jansson.h>
#include "table.h"

void aw_tool_print_json_tree(const struct aw_view *view, json_t *obj, int indent);

#endif
