/*
 * json_rows.h - the array of rows every JSON view builds (internal to
 * lib/report): one loop, one rule for running out of memory.
 */
#ifndef AIWATT_JSON_ROWS_H
#define AIWATT_JSON_ROWS_H

#include <stddef.h>
#include <jansson.h>

/* A JSON array of `n` rows, row(items, i) making row i; NULL when the array
 * or any row cannot be made (out of memory: jansson's NULL). */
json_t *aw__json_rows(const void *items, size_t n, json_t *(*row)(const void *items, size_t i));

#endif
