/*
 * cmd_catalog.c - `aiwatt catalog list|show`: what the estimator knows, with
 * the source and confidence of every entry.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "json_out.h"

const char aw_usage_catalog[] =
    "usage: aiwatt catalog list [SECTION] [--format F]\n"
    "       aiwatt catalog show [SECTION] ID [--format table|json]\n"
    "\n"
    "SECTION: hardware, servers, models, datacenters, grids, profiles, comparisons,\n"
    "references, training_runs, engines.\n"
    "\n"
    "Lists the catalog (the embedded default, plus any --catalog FILE merged over\n"
    "it), or shows one entry with its source, confidence and ranges.\n"
    "Schema and units: data/README.md.\n";

/* A section by name, plural or singular ("model", "datacenter"); -1 when
 * unknown. */
static int section_of(const char *name)
{
    int sec = aw_section_from_name(name);
    if (sec < 0) {
        char plural[64];
        snprintf(plural, sizeof plural, "%ss", name);
        sec = aw_section_from_name(plural);
    }
    return sec;
}

/* Prints a dumped entry: JSON as it is, or as a tree for people. */
static int print_entry(const struct aw_view *view, const char *text, enum aw_format format)
{
    if (format != AW_FORMAT_TABLE) {
        puts(text);
        return AW_EXIT_OK;
    }
    json_error_t err;
    json_t *obj = json_loads(text, JSON_DECODE_ANY, &err);
    if (obj == NULL || !json_is_object(obj)) {
        json_decref(obj);
        puts(text);
        return AW_EXIT_OK;
    }
    aw_tool_print_json_tree(view, obj, 2);
    json_decref(obj);
    return AW_EXIT_OK;
}

static int list(struct aw_ctx *ctx, int only, enum aw_format format)
{
    json_t *root = json_object();
    if (root == NULL)
        return AW_EXIT_FAIL;
    if (format == AW_FORMAT_CSV)
        printf("section,id,name,confidence,source\n");
    for (int s = 0; s < AW_SECTION_COUNT; s++) {
        if (only >= 0 && s != only)
            continue;
        json_t *arr = json_array();
        json_object_set_new(root, aw_section_name((enum aw_section)s), arr);
        size_t n = aw_catalog_count(ctx->catalog, (enum aw_section)s);
        struct aw_table *t = NULL;
        if (format == AW_FORMAT_TABLE) {
            printf("%s (%zu)\n", aw_section_name((enum aw_section)s), n);
            t = aw_table_new(&ctx->view, 2);
            aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
            aw_table_col(t, NULL, AW_COL_LEFT, 1);
            aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
        }
        for (size_t i = 0; i < n; i++) {
            const char *id = aw_catalog_id_at(ctx->catalog, (enum aw_section)s, i);
            const char *name = NULL, *source = NULL, *conf = NULL;
            (void)aw_catalog_entry_summary(ctx->catalog, (enum aw_section)s, i, &name, &source,
                                           &conf);
            json_array_append_new(arr, json_pack("{s:s, s:s?, s:s?, s:s?}", "id", id, "name",
                                                 name, "confidence", conf, "source", source));
            if (format == AW_FORMAT_TABLE) {
                aw_table_cell(t, "%s", id);
                aw_table_cell(t, "%s", conf ? conf : "");
                aw_table_cell(t, "%s", name ? name : "");
            } else if (format == AW_FORMAT_CSV) {
                aw_csv_row(stdout, "sssss", aw_section_name((enum aw_section)s), id, name, conf,
                           source);
            }
        }
        if (t != NULL) {
            aw_table_done(t, stdout);
        }
        if (format == AW_FORMAT_TABLE && only < 0)
            putchar('\n');
    }
    int rc = AW_EXIT_OK;
    if (format == AW_FORMAT_JSON)
        rc = aw_print_json(root);
    json_decref(root);
    return rc;
}

static int show(struct aw_ctx *ctx, const char *id, enum aw_format format)
{
    enum aw_section sec;
    if (aw_catalog_locate(ctx->catalog, id, &sec) != AW_OK) {
        aw_tool_error("no catalog entry '%s'", id);
        for (int s = 0; s < AW_SECTION_COUNT; s++) {
            const char *near = aw_catalog_suggest(ctx->catalog, (enum aw_section)s, id);
            if (near != NULL) {
                aw_tool_hint("did you mean '%s'? ('aiwatt catalog list' lists every id)", near);
                return AW_EXIT_FAIL;
            }
        }
        aw_tool_hint("'aiwatt catalog list' lists every id");
        return AW_EXIT_FAIL;
    }
    char *text = aw_catalog_entry_dump(ctx->catalog, sec, id);
    if (text == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    if (format == AW_FORMAT_TABLE)
        printf("%s '%s'\n", aw_section_name(sec), id);
    int rc = print_entry(&ctx->view, text, format);
    free(text);
    return rc;
}

/* `catalog show SECTION ID`: the entry of one section (a training run and a
 * model may share an id). */
static int show_in_section(struct aw_ctx *ctx, const char *section, const char *id,
                           enum aw_format format)
{
    int sec = section_of(section);
    if (sec < 0)
        return aw_tool_usage_error("catalog", "unknown section '%s'", section);
    char *text = aw_catalog_entry_dump(ctx->catalog, (enum aw_section)sec, id);
    if (text == NULL) {
        aw_tool_error("no %s entry '%s'", aw_section_name((enum aw_section)sec), id);
        aw_tool_hint("'aiwatt catalog list %s' lists them", aw_section_name((enum aw_section)sec));
        return AW_EXIT_FAIL;
    }
    if (format == AW_FORMAT_TABLE)
        printf("%s '%s'\n", aw_section_name((enum aw_section)sec), id);
    int rc = print_entry(&ctx->view, text, format);
    free(text);
    return rc;
}

int aw_run_catalog(struct aw_ctx *ctx)
{
    const struct aw_opts *o = &ctx->opts;
    enum aw_format format = o->format;
    const char *positional[3] = {0};
    int npos = 0;
    for (int i = o->next; i < ctx->argc; i++) {
        if (npos == 3)
            return aw_tool_usage_error("catalog", "unexpected argument '%s'", ctx->argv[i]);
        positional[npos++] = ctx->argv[i];
    }
    if (npos == 0)
        return aw_tool_usage_error("catalog", "expected 'list' or 'show ID'");
    if (strcmp(positional[0], "list") == 0) {
        int only = -1;
        if (npos > 2)
            return aw_tool_usage_error("catalog", "unexpected argument '%s'", positional[2]);
        if (npos == 2) {
            only = section_of(positional[1]);
            if (only < 0)
                return aw_tool_usage_error("catalog", "unknown section '%s' (hardware, servers, "
                                           "models, datacenters, grids, profiles, comparisons, "
                                           "references, training_runs, engines)", positional[1]);
        }
        return list(ctx, only, format);
    }
    if (strcmp(positional[0], "show") == 0) {
        if (format == AW_FORMAT_CSV) {
            aw_tool_error("'catalog show' prints table or json: one record has no rows");
            aw_tool_hint("'aiwatt catalog list --format csv' lists every entry as CSV");
            return AW_EXIT_USAGE;
        }
        if (npos == 3) /* show SECTION ID: ids may repeat across sections (gpt-3) */
            return show_in_section(ctx, positional[1], positional[2], format);
        if (npos != 2)
            return aw_tool_usage_error("catalog", "'show' takes one ID");
        return show(ctx, positional[1], format);
    }
    return aw_tool_usage_error("catalog", "unknown subcommand '%s' (list, show)", positional[0]);
}
