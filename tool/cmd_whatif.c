/*
 * cmd_whatif.c - `aiwatt whatif`: one request (or training run, --train),
 * some levers varied, one table with all four boundaries and the ratio to
 * the first row, and a ranked list of what would cut the energy the most.
 *
 * Options are parsed by hand: every lever key is also an option that sets
 * the base (`--model X` is the lever "model=X" with one value), and
 * `--vary KEY=V1,V2,...` spans the table.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "levers_out.h"

const char aw_usage_whatif[] =
    "usage: aiwatt whatif [--train] [BASE OPTIONS] --vary KEY=V1,V2,... [--vary ...]\n"
    "                     [--format table|json|csv]\n"
    "\n"
    "Varies the levers that cut energy over one request (or, with --train, one\n"
    "training run) and estimates every combination with the same model. Each row\n"
    "gives the four boundaries and the ratio of facility energy to the first row; a\n"
    "ranked list says which single change would cut the first row's energy the most.\n"
    "\n"
    "  --vary KEY=V1,V2,...  a lever and its values (repeatable; at most 256 rows)\n"
    "  --KEY VALUE           the base value of a lever (as in 'estimate' or 'train')\n"
    "  --train               vary a training run instead of a request\n"
    "  --format F            table (default), json or csv\n"
    "\n"
    "examples:\n"
    "  aiwatt whatif --model llama-3.1-70b --vary batch=1,8,64,256\n"
    "  aiwatt whatif --model llama-3.1-8b --gpus 1 --vary precision=bf16,fp8 \\\n"
    "      --vary batch=8,256\n"
    "  aiwatt whatif --vary model=mixtral-8x7b,llama-2-70b,llama-2-13b\n"
    "  aiwatt whatif --train --model llama-3.1-405b \\\n"
    "      --vary hardware=a100-80gb,h100,b200\n"
    "Formulas: docs/methodology.md, \"Levers\".\n"
    "\n"; /* then the levers, from the field table (AW_CMDF_LEVERS) */

/* The energy unit of the table, from the first row's facility energy. */
static void print_table(const struct aw_view *view, const struct aw_whatif_result *r)
{
    const struct aw_whatif_spec *sp = &r->spec;
    int train = sp->kind == AW_WHATIF_TRAIN;
    const struct aw_unit *energy_unit = aw_unit_readable(AW_UNIT_ENERGY, r->rows[0].wh.facility_wh);
    const char *unit = energy_unit->name;
    double scale = 1 / energy_unit->to_base;
    double co2_scale = r->rows[0].co2_g >= 1e6 ? 1e-6 : 1.0;
    const char *co2_unit = co2_scale < 1 ? "tCO2e" : "gCO2e";
    char base[512] = "";
    size_t used = 0;
    int n_base = 0;
    for (size_t i = 0; i < sp->n_levers && used < sizeof base; i++) {
        if (sp->levers[i].n == 1)
            used += (size_t)snprintf(base + used, sizeof base - used, "%s%s=%s",
                                     n_base++ ? ", " : "; base ", sp->levers[i].key,
                                     sp->levers[i].values[0]);
    }
    aw_text_print(view, stdout, 0, 2, "aiwatt whatif: %s%s", train ? "a training run" : "one request",
                  base);
    aw_text_print(view, stdout, 0, 2, "%s per %s at each boundary; ratio = facility / the first "
                  "row's", unit, train ? "run" : "request");
    printf("\n");
    struct aw_table *t = aw_table_new(view, 2);
    for (size_t i = 0; i < sp->n_levers; i++)
        if (sp->levers[i].n > 1)
            aw_table_col(t, sp->levers[i].key, AW_COL_LEFT, AW_KEEP);
    aw_table_ladder_cols(t);
    aw_table_col(t, "ratio", AW_COL_RIGHT, AW_KEEP);
    aw_table_col(t, co2_unit, AW_COL_RIGHT, 2);
    aw_table_col(t, "as estimated", AW_COL_WRAP, 6);
    for (size_t k = 0; k < r->n_rows; k++) {
        const struct aw_whatif_row *row = &r->rows[k];
        for (size_t i = 0; i < sp->n_levers; i++)
            if (sp->levers[i].n > 1)
                aw_table_cell(t, "%s", sp->levers[i].values[row->value[i]]);
        if (row->status != AW_OK) {
            /* The refusal in place of the figures, under "as estimated". */
            for (int c = 0; c < 6; c++)
                aw_table_cell(t, "%s", c == 3 ? "-" : "");
            aw_table_cell(t, "%s", row->error);
            continue;
        }
        aw_table_cell(t, "%s", aw_fmt_num(view, row->wh.accelerator_wh * scale, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, row->wh.server_wh * scale, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, row->wh.it_wh * scale, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, row->wh.facility_wh * scale, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, row->ratio, AW_SIG).s);
        aw_table_cell(t, "%s", aw_fmt_num(view, row->co2_g * co2_scale, AW_SIG).s);
        aw_table_cell(t, "%s", row->detail);
    }
    aw_table_done(t, stdout);
    if (r->n_cuts > 0) {
        printf("\nwhat would cut this the most (one lever at a time, from the first row)\n");
        t = aw_table_new(view, 2);
        aw_table_col(t, NULL, AW_COL_RIGHT, AW_KEEP);
        aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
        aw_table_col(t, NULL, AW_COL_LEFT, 1);
        aw_table_col(t, NULL, AW_COL_WRAP, 2);
        for (size_t i = 0; i < r->n_cuts; i++) {
            const struct aw_whatif_cut *c = &r->cuts[i];
            const struct aw_whatif_lever *l = &sp->levers[c->lever];
            aw_table_cell(t, "%zu.", i + 1);
            aw_table_cell(t, "%s=%s", l->key, l->values[c->value]);
            aw_table_cell(t, "energy %s%s", c->ratio >= 1 ? "+" : "",
                          aw_fmt_pct(view, c->ratio - 1.0, AW_SIG).s);
            aw_table_cell(t, "carbon %s%s", c->co2_ratio >= 1 ? "+" : "",
                          aw_fmt_pct(view, c->co2_ratio - 1.0, AW_SIG).s);
            aw_table_cell(t, "(%s at facility)",
                          aw_fmt_energy(view, r->rows[c->row].wh.facility_wh, AW_SIG).s);
        }
        aw_table_done(t, stdout);
        if (r->best_row != 0) {
            const struct aw_whatif_row *b = &r->rows[r->best_row];
            char best[512] = "";
            used = 0;
            int first = 1;
            for (size_t i = 0; i < sp->n_levers && used < sizeof best; i++) {
                if (sp->levers[i].n > 1) {
                    used += (size_t)snprintf(best + used, sizeof best - used, "%s%s=%s",
                                             first ? "" : ", ", sp->levers[i].key,
                                             sp->levers[i].values[b->value[i]]);
                    first = 0;
                }
            }
            aw_text_print(view, stdout, 2, 4, "lowest energy: %s (x%s)", best,
                          aw_fmt_num(view, b->ratio, AW_SIG).s);
        }
    }
    printf("\n");
    aw_text_print(view, stdout, 0, 2, "Formulas: docs/methodology.md (Levers)");
}

static void print_csv(FILE *out, const void *result)
{
    const struct aw_whatif_result *r = result;
    const struct aw_whatif_spec *sp = &r->spec;
    for (size_t i = 0; i < sp->n_levers; i++)
        if (sp->levers[i].n > 1)
            fprintf(out, "%s,", sp->levers[i].key);
    fputs("accelerator_wh,server_wh,it_wh,facility_wh,co2_g,water_ml,ratio,error\n", out);
    for (size_t k = 0; k < r->n_rows; k++) {
        const struct aw_whatif_row *row = &r->rows[k];
        for (size_t i = 0; i < sp->n_levers; i++) {
            if (sp->levers[i].n > 1) {
                aw_csv_text(out, sp->levers[i].values[row->value[i]]);
                fputc(',', out);
            }
        }
        if (row->status != AW_OK)
            aw_csv_row(out, "-------s", row->error);
        else
            aw_csv_row(out, "ggggggg-", row->wh.accelerator_wh, row->wh.server_wh,
                       row->wh.it_wh, row->wh.facility_wh, row->co2_g, row->water_ml, row->ratio);
    }
}

static void print_whatif_table(const struct aw_view *view, const void *result)
{
    print_table(view, result);
}

static int print_json(const void *result)
{
    return aw_tool_json_out(aw_whatif_to_json(result));
}

static const struct aw_output output = {print_whatif_table, print_json, print_csv};

int aw_run_whatif(struct aw_ctx *ctx)
{
    int argc = ctx->argc; /* whatif and usage parse their own words */
    char **argv = ctx->argv;
    enum aw_format format = AW_FORMAT_TABLE;
    int train = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--train") == 0)
            train = 1;
    }
    struct aw_whatif_spec *spec = malloc(sizeof *spec);
    struct aw_whatif_result *res = malloc(sizeof *res);
    if (spec == NULL || res == NULL) {
        free(spec);
        free(res);
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    aw_whatif_spec_init(spec, train ? AW_WHATIF_TRAIN : AW_WHATIF_REQUEST);
    int rc = AW_EXIT_OK;
    size_t varied = 0;
    char lever[AW_WHATIF_KEY_LEN + AW_WHATIF_VALUE_LEN * AW_WHATIF_MAX_VALUES + 2];
    struct aw_diag diag;
    for (int i = 1; i < argc && rc == AW_EXIT_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--train") == 0)
            continue;
        if (strncmp(a, "--", 2) != 0) {
            rc = aw_tool_usage_error("whatif", "unexpected argument '%s'", a);
            break;
        }
        /* --name VALUE or --name=VALUE */
        char name[AW_WHATIF_KEY_LEN + 8];
        const char *value = NULL;
        const char *eq = strchr(a + 2, '=');
        size_t nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (nlen >= sizeof name) {
            rc = aw_tool_usage_error("whatif", "unknown option '%s'", a);
            break;
        }
        memcpy(name, a + 2, nlen);
        name[nlen] = '\0';
        int is_vary = strcmp(name, "vary") == 0;
        int is_format = strcmp(name, "format") == 0;
        if (!is_vary && !is_format && !aw_whatif_key_known(spec->kind, name)) {
            if (aw_whatif_key_known(train ? AW_WHATIF_REQUEST : AW_WHATIF_TRAIN, name))
                rc = aw_tool_usage_error("whatif", "'--%s' is not a lever of %s", name,
                                         train ? "a training run" : "a request (add --train?)");
            else
                rc = aw_tool_usage_error("whatif", "unknown option '%s'", a);
            break;
        }
        if (eq != NULL) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            rc = aw_tool_usage_error("whatif", "%s needs a value", a);
            break;
        }
        if (is_format) {
            rc = aw_tool_take_format(ctx->cmd, value, &format);
            continue;
        }
        if (is_vary) {
            snprintf(lever, sizeof lever, "%s", value);
            if (strchr(value, ',') != NULL)
                varied++;
        } else {
            if (strchr(value, ',') != NULL) {
                rc = aw_tool_usage_error("whatif", "--%s '%s': one value (use --vary %s=%s to vary "
                                         "it)", name, value, name, value);
                break;
            }
            snprintf(lever, sizeof lever, "%s=%s", name, value);
        }
        if (aw_whatif_add(spec, lever, &diag) != AW_OK) {
            aw_tool_error("%s", diag.msg);
            if (diag.hint[0] != '\0')
                aw_tool_hint("%s", diag.hint);
            rc = AW_EXIT_USAGE;
        }
    }
    if (rc == AW_EXIT_OK && varied == 0)
        rc = aw_tool_usage_error("whatif", "nothing to vary: give --vary KEY=V1,V2,...");
    if (rc == AW_EXIT_OK) {
        aw_status st = aw_whatif_run(ctx->catalog, spec, res, &diag);
        if (st != AW_OK) {
            rc = aw_tool_fail(st, &diag);
        } else {
            rc = aw_tool_output(ctx, format, &output, res);
        }
    }
    free(spec);
    free(res);
    return rc;
}
