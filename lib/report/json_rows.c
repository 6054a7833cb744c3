/*
 * json_rows.c - see json_rows.h.
 */
#include "json_rows.h"

json_t *aw__json_rows(const void *items, size_t n, json_t *(*row)(const void *items, size_t i))
{
    json_t *rows = json_array();
    for (size_t i = 0; rows != NULL && i < n; i++) {
        if (json_array_append_new(rows, row(items, i)) != 0) {
            json_decref(rows);
            rows = NULL;
        }
    }
    return rows;
}
