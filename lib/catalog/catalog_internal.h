/*
 * catalog_internal.h - the catalog's entries and the compiled default
 * (lib/ and the build-time generator tools/catalog_gen.c only).
 *
 * Every entry of a section is one row: its header (id, name, source,
 * confidence), its typed record, and its JSON. The default catalog is
 * compiled: tools/catalog_gen.c loads data/NAME.json through this module (the
 * same parser and validator as a user's --catalog file) and writes
 * aw__catalog_base as const C tables, so loading the default parses nothing.
 */
#ifndef AIWATT_CATALOG_INTERNAL_H
#define AIWATT_CATALOG_INTERNAL_H

#include <jansson.h>
#include "internal.h"

/* One entry of a section. */
struct aw__catalog_entry {
    const char *id;
    const char *name; /* NULL when the entry has none */
    const char *source;
    enum aw_confidence confidence;
    const void *record;    /* struct aw_hardware, aw_model, ... or aw_entry */
    const char *json_text; /* compiled entries: the entry as compact JSON */
    json_t *json;          /* the entry as JSON: entries merged at run time,
                            * and every entry of a section read as JSON */
};

struct aw__catalog_alias {
    const char *alias;
    const char *id;
};

/* A section of the compiled default: entries sorted by id, aliases sorted
 * by alias (strcmp). */
struct aw__catalog_base_section {
    const struct aw__catalog_entry *entries;
    size_t count;
    const struct aw__catalog_alias *aliases;
    size_t alias_count;
};

/* Generated at build time from data/NAME.json (build dir gen/aw_catalog_base.c). */
extern const struct aw__catalog_base_section aw__catalog_base[AW_SECTION_COUNT];

/* Where a merge failed, for the generator's file:line messages. */
struct aw__catalog_error_at {
    int section; /* -1: not inside a section */
    char id[64]; /* "" when the entry has no valid id */
    char field[64];
};

/* aw_catalog_merge_json(), rejecting duplicate keys, and saying where it
 * failed in *at (may be NULL). */
aw_status aw__catalog_merge_located(aw_catalog *cat, const char *bytes, size_t len,
                                    const char *origin, struct aw__catalog_error_at *at,
                                    struct aw_diag *diag);

/* The entries and aliases of a section, in id (alias) order. */
size_t aw__catalog_entries(const aw_catalog *cat, enum aw_section section,
                           const struct aw__catalog_entry **entries);
size_t aw__catalog_aliases(const aw_catalog *cat, enum aw_section section,
                           const struct aw__catalog_alias **aliases);

/* The entry `id` (or alias) of a section; NULL when absent. */
const struct aw__catalog_entry *aw__catalog_entry_find(const aw_catalog *cat,
                                                       enum aw_section section,
                                                       const char *id);

/* The entry `id` of a section as JSON, a new reference (NULL when absent
 * or out of memory): for output that shows catalog entries as given (the
 * report's "comparisons"); reading values is the typed record's job. */
json_t *aw__catalog_entry_json_new(const aw_catalog *cat, enum aw_section section,
                                   const char *id);

/* Size of a section's typed record; whether its consumers read its JSON. */
size_t aw__catalog_record_size(enum aw_section section);
int aw__catalog_read_as_json(enum aw_section section);

/* Parses one entry's JSON into `record` (record_size bytes, as the loader
 * does): the generator checks that its layout tables describe every byte
 * the parser writes. */
aw_status aw__catalog_parse_entry(enum aw_section section, json_t *entry, void *record,
                                  struct aw_diag *diag);

#endif
