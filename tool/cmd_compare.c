/*
 * cmd_compare.c - `aiwatt compare`: one request under several methods and
 * data centres, every boundary, as one table, so the spread is visible at a
 * glance.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "method_check.h"
#include "reqopts.h"

const char aw_usage_compare[] =
    "usage: aiwatt compare [REQUEST OPTIONS] [--methods LIST] [--datacenters LIST]\n"
    "                      [--boundary B] [--format table|json|csv]\n"
    "\n"
    "The same request under several methods and data centres, at every boundary,\n"
    "in one table: where the published numbers' spread comes from at a glance.\n"
    "Each method fills the boundaries its own definition allows; '*' marks the\n"
    "boundary that is the method's own total. An option of a method (--servers:\n"
    "nameplate) needs that method in --methods.\n"
    "\n"
    "  --methods LIST        comma-separated: roofline, flops, ecologits, nameplate\n"
    "                        (default: roofline,flops,ecologits, and nameplate when\n"
    "                        --servers and --requests are given)\n"
    "  --datacenters LIST    comma-separated data centre ids (default: the\n"
    "                        request's); every method runs in every one\n"
    "  --boundary B          the column the spread is measured on: accelerator,\n"
    "                        server, it or facility (default)\n";

#define MAX_ITEMS 8

/* Splits a comma-separated list in place. Returns the count, or -1 when
 * there are more than `max` items or an empty one. */
static int split(char *list, char **items, int max)
{
    int n = 0;
    for (char *tok = strtok(list, ","); tok != NULL; tok = strtok(NULL, ",")) {
        if (n == max || *tok == '\0')
            return -1;
        items[n++] = tok;
    }
    return n;
}

struct row {
    char label[64];
    struct aw_estimate est;
};

static void print_table(const struct aw_view *view, const struct row *rows, int n,
                        enum aw_boundary spread_on)
{
    const struct aw_resolved *in0 = &rows[0].est.inputs;
    aw_text_print(view, stdout, 0, 2, "aiwatt compare: %s, %s input + %s output tokens, %s",
                  in0->model_id, aw_fmt_count(view, (double)in0->input_tokens, 0).s,
                  aw_fmt_count(view, (double)(in0->output_tokens + in0->reasoning_tokens), 0).s,
                  in0->hardware_id);
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    aw_table_col(t, "method @ data centre", AW_COL_WRAP, AW_KEEP);
    aw_table_ladder_cols(t);
    aw_table_col(t, "gCO2e", AW_COL_RIGHT, 2);
    aw_table_col(t, "water mL", AW_COL_RIGHT, 1);
    int lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        const struct aw_estimate *e = &rows[i].est;
        const char *total =
            e->inputs.topdown.total_boundary ? e->inputs.topdown.total_boundary : "facility";
        aw_table_cell(t, "%s", rows[i].label);
        for (int b = AW_BOUNDARY_ACCELERATOR; b <= AW_BOUNDARY_FACILITY; b++)
            aw_table_cell(t, "%s%s",
                          aw_fmt_num(view, aw_ladder_at(&e->wh, (enum aw_boundary)b), AW_SIG).s,
                          strcmp(total, aw_boundary_name((enum aw_boundary)b)) == 0 ? "*" : " ");
        aw_table_cell(t, "%s", aw_fmt_num(view, e->co2_g, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, e->water_ml, AW_SIG).s);
        double v = aw_ladder_at(&e->wh, spread_on);
        if (v < aw_ladder_at(&rows[lo].est.wh, spread_on))
            lo = i;
        if (v > aw_ladder_at(&rows[hi].est.wh, spread_on))
            hi = i;
    }
    aw_table_done(t, stdout);
    double vlo = aw_ladder_at(&rows[lo].est.wh, spread_on);
    double vhi = aw_ladder_at(&rows[hi].est.wh, spread_on);
    printf("\n");
    aw_text_print(view, stdout, 2, 4, "Wh per request; '*' = the method's own total. Spread at "
                  "%s: %s (%s) to %s (%s), x%s", aw_boundary_name(spread_on),
                  aw_fmt_energy(view, vlo, AW_SIG).s, rows[lo].label,
                  aw_fmt_energy(view, vhi, AW_SIG).s, rows[hi].label,
                  aw_fmt_num(view, vhi / vlo, AW_SIG).s);
    for (int i = 0; i < n; i++) {
        if (rows[i].est.inputs.topdown.boundary_note != NULL)
            aw_text_print(view, stdout, 2, 4, "%s: %s", rows[i].label,
                          rows[i].est.inputs.topdown.boundary_note);
    }
}

struct compared {
    const struct row *rows;
    int n;
    enum aw_boundary spread_on;
};

static void print_csv(FILE *out, const void *result)
{
    const struct compared *c = result;
    fputs("label,method,datacenter,total_boundary,accelerator_wh,server_wh,it_wh,facility_wh,"
          "co2_g,water_ml\n", out);
    for (int i = 0; i < c->n; i++) {
        const struct aw_estimate *e = &c->rows[i].est;
        aw_csv_row(out, "ssssgggggg", c->rows[i].label, e->inputs.method,
                   e->inputs.datacenter_id,
                   e->inputs.topdown.total_boundary ? e->inputs.topdown.total_boundary : "facility",
                   e->wh.accelerator_wh, e->wh.server_wh, e->wh.it_wh, e->wh.facility_wh, e->co2_g,
                   e->water_ml);
    }
}

static int print_json(const void *result)
{
    const struct compared *c = result;
    const struct row *rows = c->rows;
    enum aw_boundary spread_on = c->spread_on;
    json_t *arr = json_array();
    int lo = 0, hi = 0;
    for (int i = 0; arr != NULL && i < c->n; i++) {
        json_t *e = aw_estimate_to_json(&rows[i].est);
        const char *total = rows[i].est.inputs.topdown.total_boundary;
        if (e == NULL || json_object_set_new(e, "label", json_string(rows[i].label)) != 0 ||
            json_object_set_new(e, "total_boundary", json_string(total ? total : "facility")) ||
            json_array_append_new(arr, e) != 0) {
            json_decref(arr);
            arr = NULL;
            break;
        }
        double v = aw_ladder_at(&rows[i].est.wh, spread_on);
        if (v < aw_ladder_at(&rows[lo].est.wh, spread_on))
            lo = i;
        if (v > aw_ladder_at(&rows[hi].est.wh, spread_on))
            hi = i;
    }
    json_t *root = NULL;
    if (arr != NULL) {
        double vlo = aw_ladder_at(&rows[lo].est.wh, spread_on);
        double vhi = aw_ladder_at(&rows[hi].est.wh, spread_on);
        root = json_pack("{s:o, s:{s:s, s:f, s:s, s:f, s:s, s:f}}", "rows", arr, "spread",
                         "boundary", aw_boundary_name(spread_on), "min_wh", vlo, "min",
                         rows[lo].label, "max_wh", vhi, "max", rows[hi].label, "ratio", vhi / vlo);
    }
    return aw_tool_json_out(root);
}

static void print_compared_table(const struct aw_view *view, const void *result)
{
    const struct compared *c = result;
    print_table(view, c->rows, c->n, c->spread_on);
}

static const struct aw_output output = {print_compared_table, print_json, print_csv};

struct compare_args {
    enum aw_boundary spread_on;
    char *methods_arg, *dcs_arg;
};

static int take_option(void *state, int code, const char *arg)
{
    struct compare_args *a = state;
    int b;
    switch (code) {
    case AW_OWN_METHODS:
        a->methods_arg = (char *)arg;
        break;
    case AW_OWN_DATACENTERS:
        a->dcs_arg = (char *)arg;
        break;
    default: /* AW_OWN_BOUNDARY */
        b = aw_boundary_from_name(arg);
        if (b < 0 || b == AW_BOUNDARY_UNSPECIFIED)
            return aw_tool_usage_error("compare", "--boundary '%s': expected accelerator, "
                                       "server, it or facility", arg);
        a->spread_on = (enum aw_boundary)b;
        break;
    }
    return AW_EXIT_OK;
}

int aw_run_compare(struct aw_ctx *ctx)
{
    struct compare_args args = {AW_BOUNDARY_FACILITY, NULL, NULL};
    const struct aw_opts *o = &ctx->opts;
    int rc = aw_tool_own_options(o, take_option, &args);
    if (rc != AW_EXIT_OK)
        return rc;
    struct aw_request req = o->req;
    char *methods_arg = args.methods_arg, *dcs_arg = args.dcs_arg;
    if (req.method != AW_METHOD_ROOFLINE)
        return aw_tool_usage_error("compare", "use --methods LIST (compare runs several)");

    /* The methods and data centres. */
    enum aw_method methods[MAX_ITEMS];
    int n_methods = 0;
    if (methods_arg != NULL) {
        char *items[MAX_ITEMS];
        int n = split(methods_arg, items, MAX_ITEMS);
        if (n < 1)
            return aw_tool_usage_error("compare", "--methods: expected a comma-separated list "
                                       "of up to %d methods", MAX_ITEMS);
        for (int i = 0; i < n; i++) {
            int m = aw_method_from_name(items[i]);
            if (m < 0)
                return aw_tool_usage_error("compare", "--methods: '%s' is not roofline, flops, "
                                           "nameplate or ecologits", items[i]);
            methods[n_methods++] = (enum aw_method)m;
        }
    } else {
        methods[n_methods++] = AW_METHOD_ROOFLINE;
        methods[n_methods++] = AW_METHOD_FLOPS;
        methods[n_methods++] = AW_METHOD_ECOLOGITS;
        if (req.method_values.servers > 0 && req.method_values.requests > 0)
            methods[n_methods++] = AW_METHOD_NAMEPLATE;
    }
    /* An option of a method that does not run would be ignored: refused,
     * with the hint to add the method. */
    if (aw_tool_method_params_check_any("compare", methods, n_methods, &req.method_values) != 0)
        return AW_EXIT_USAGE;
    char *dcs[MAX_ITEMS];
    int n_dcs = 1;
    dcs[0] = (char *)req.datacenter_id;
    if (dcs_arg != NULL) {
        n_dcs = split(dcs_arg, dcs, MAX_ITEMS);
        if (n_dcs < 1)
            return aw_tool_usage_error("compare", "--datacenters: expected a comma-separated "
                                       "list of up to %d ids", MAX_ITEMS);
    }

    struct row *rows = calloc((size_t)(n_methods * n_dcs), sizeof *rows);
    if (rows == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    int n = 0;
    for (int d = 0; d < n_dcs; d++) {
        for (int m = 0; m < n_methods; m++) {
            struct aw_diag diag;
            req.method = methods[m];
            req.datacenter_id = dcs[d];
            aw_status st = aw_estimate_request(ctx->catalog, &req, &rows[n].est, &diag);
            if (st != AW_OK) {
                rc = aw_tool_fail(st, &diag);
                goto out;
            }
            snprintf(rows[n].label, sizeof rows[n].label, "%s @ %s", aw_method_name(methods[m]),
                     rows[n].est.inputs.datacenter_id);
            n++;
        }
    }
    struct compared result = {rows, n, args.spread_on};
    rc = aw_tool_output(ctx, o->format, &output, &result);
out:
    free(rows);
    return rc;
}
