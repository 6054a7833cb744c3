/*
 * reqopts.c - the CLI's options from the request-field table, and the
 * table of a top-down method's estimate.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "reqopts.h"

enum { MAX_OPTIONS = 128 };

const struct option *aw_tool_long_options(unsigned command, const struct option *own)
{
    static struct option opts[MAX_OPTIONS];
    size_t n = 0, nf;
    const struct aw_request_field *f = aw_request_fields(&nf);
    for (; own != NULL && own->name != NULL && n < MAX_OPTIONS - 1; own++)
        opts[n++] = *own;
    /* CLI names live as long as the program: the table is static. */
    static char names[2][64][32];
    size_t used = 0;
    for (size_t i = 0; i < nf && n < MAX_OPTIONS - 3 && used < 64; i++) {
        if ((f[i].commands & command) == 0)
            continue;
        const char *spellings[2] = {f[i].name, f[i].alias};
        for (int s = 0; s < 2 && spellings[s] != NULL; s++) {
            char *name = names[s][used];
            snprintf(name, sizeof names[s][used], "%s", spellings[s]);
            for (char *p = name; *p; p++)
                if (*p == '_')
                    *p = '-';
            int has_arg = f[i].type == AW_FIELD_FLAG    ? no_argument
                          : f[i].type == AW_FIELD_DRAWS ? optional_argument
                                                        : required_argument;
            opts[n++] = (struct option){name, has_arg, NULL, AW_OPT_FIELD + (int)i};
        }
        used++;
    }
    opts[n] = (struct option){NULL, 0, NULL, 0};
    return opts;
}

static int report(const struct aw_diag *diag)
{
    aw_tool_error("%s", diag->msg);
    if (diag->hint[0] != '\0')
        aw_tool_hint("%s", diag->hint);
    return -1;
}

int aw_tool_field_option(int c, const char *arg, int argc, char **argv, struct aw_request *req)
{
    size_t nf;
    const struct aw_request_field *f = aw_request_fields(&nf);
    if (c < AW_OPT_FIELD || (size_t)(c - AW_OPT_FIELD) >= nf)
        return 1;
    f += c - AW_OPT_FIELD;
    /* The option as the user wrote it (a name or its alias), for the message. */
    char key[48];
    const char *typed = argv[optind - 1];
    if (arg != NULL && arg == typed && optind >= 2)
        typed = argv[optind - 2]; /* "--option VALUE": the option is before */
    size_t typed_len = strcspn(typed, "=");
    const char *spelling = f->name;
    if (f->alias != NULL && typed[0] == '-' && typed[1] == '-' && typed_len - 2 == strlen(f->alias)) {
        int same = 1;
        for (size_t k = 0; k < typed_len - 2; k++)
            if (typed[2 + k] != (f->alias[k] == '_' ? '-' : f->alias[k]))
                same = 0;
        if (same)
            spelling = f->alias;
    }
    int n = snprintf(key, sizeof key, "--%s", spelling);
    for (int k = 2; k < n && k < (int)sizeof key; k++)
        if (key[k] == '_')
            key[k] = '-';
    if (f->type == AW_FIELD_DRAWS && arg == NULL && optind < argc && argv[optind][0] != '-')
        arg = argv[optind++]; /* "--uncertainty 100000": the draws as the next argument */
    struct aw_diag diag;
    if (aw_request_set_field(req, f, key, arg, &diag) != AW_OK)
        return report(&diag);
    return 0;
}

int aw_tool_option_field(const char *cmd, int c, const char *arg, int argc, char **argv,
                         struct aw_request *req)
{
    int p = aw_tool_field_option(c, arg, argc, argv, req);
    if (p > 0) {
        aw_tool_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        return -1;
    }
    return p;
}

int aw_tool_request_check(const char *cmd, const struct aw_request *req)
{
    struct aw_diag diag;
    if (aw_request_check_command(req, cmd, &diag) != AW_OK)
        return report(&diag);
    return 0;
}

void aw_tool_print_field_help(FILE *out, unsigned command)
{
    size_t nf;
    const struct aw_request_field *f = aw_request_fields(&nf);
    for (size_t i = 0; i < nf; i++) {
        if ((f[i].commands & command) == 0)
            continue;
        char opt[64];
        int n = snprintf(opt, sizeof opt, "--%s", f[i].name);
        for (int k = 2; k < n && k < (int)sizeof opt; k++)
            if (opt[k] == '_')
                opt[k] = '-';
        if (f[i].metavar[0] != '\0')
            snprintf(opt + n, sizeof opt - (size_t)n, " %s", f[i].metavar);
        if (strlen(opt) > 22)
            fprintf(out, "  %s\n  %-22s %s\n", opt, "", f[i].help);
        else
            fprintf(out, "  %-22s %s\n", opt, f[i].help);
    }
}

int aw_tool_print_api_json(const aw_catalog *cat, const char *command,
                           const struct aw_request *req)
{
    char *text = NULL;
    struct aw_diag diag;
    aw_status st = aw_api_run_request(cat, command, req, &text, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    fputs(text, stdout);
    aw_free(text);
    return AW_EXIT_OK;
}

void aw_tool_csv_str(const char *s)
{
    putchar('"');
    for (; s != NULL && *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

void aw_tool_print_impacts(const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    const char *basis = "no contract: grid";
    if (in->market_basis != NULL && strcmp(in->market_basis, "option") == 0)
        basis = "--market-ci";
    else if (in->market_basis != NULL && strcmp(in->market_basis, "contract") == 0)
        basis = "contracts";
    printf("  %-12s %12.4g   gCO2e, location-based (%s, %.0f g/kWh)\n", "carbon", e->co2_g,
           in->grid_id, in->grid_gco2_per_kwh);
    printf("  %-12s %12.4g   gCO2e, market-based (%.0f g/kWh, %s)\n", "  market", e->co2_market_g,
           in->market_gco2_per_kwh, basis);
    if (e->embodied.set) {
        double total = e->co2_g + e->embodied.co2_g;
        printf("  %-12s %12.4g   gCO2e, manufacturing (%.1f%% of all carbon)\n",
               "  embodied", e->embodied.co2_g, total > 0 ? 100.0 * e->embodied.co2_g / total : 0);
    } else {
        printf("  %-12s %12s   no manufacturing figure for %s\n", "  embodied", "-",
               in->hardware_id ? in->hardware_id : "this hardware");
    }
    printf("  %-12s %12.4g   mL: on-site %.3g (WUE %.2f) + off-site %.3g\n", "water",
           e->water_ml, e->water_onsite_ml, in->wue_l_per_kwh, e->water_offsite_ml);
}

void aw_tool_print_method_table(const struct aw_estimate *e)
{
    const struct aw_resolved *in = &e->inputs;
    printf("aiwatt estimate --method %s: %s (%s), %ld input + %ld output", in->method,
           in->model_id, in->model_confidence, in->input_tokens, in->output_tokens);
    if (in->reasoning_tokens > 0)
        printf(" + %ld reasoning", in->reasoning_tokens);
    printf(" tokens\n\n");
    printf("  %-12s %12s", "boundary", "Wh/request");
    if (in->has_range)
        printf("   %10s %10s", "min", "max");
    printf("\n");
    const char *names[] = {"accelerator", "server", "it", "facility"};
    for (int b = AW_BOUNDARY_ACCELERATOR; b <= AW_BOUNDARY_FACILITY; b++) {
        printf("  %-12s %12.4g", names[b], aw_ladder_at(&e->wh, (enum aw_boundary)b));
        if (in->has_range)
            printf("   %10.4g %10.4g", aw_ladder_at(&in->wh_min, (enum aw_boundary)b),
                   aw_ladder_at(&in->wh_max, (enum aw_boundary)b));
        if (strcmp(names[b], in->total_boundary) == 0)
            printf("   <- the method's total");
        printf("\n");
    }
    printf("\n");
    aw_tool_print_impacts(e);
    printf("\nassumptions\n");
    if (in->servers <= 0) /* a fleet total does not depend on the model */
        printf("  model        %.4gB parameters, %.4gB active (%s)\n", in->params_total / 1e9,
               in->params_active / 1e9, in->model_confidence);
    printf("  GPU time     %.4g GPU-seconds charged to the request\n", in->gpu_seconds);
    if (in->flop > 0)
        printf("  flops        %.4g FLOP on %s at %.4g TFLOP/s (%s) x utilisation %.3g "
               "(prompt %.3g)\n",
               in->flop, in->hardware_id, in->peak_tflops_per_gpu, in->compute_precision,
               in->flop_utilisation, in->prefill_utilisation);
    if (in->power_w_per_gpu > 0)
        printf("  power        %.0f W rated per GPU (host share included) x load factor %.2f\n",
               in->power_w_per_gpu, in->load_factor);
    if (in->servers > 0)
        printf("  fleet        %.0f servers x %.0f W nameplate x %.4g h / %.4g requests\n",
               in->servers, in->server_power_w, in->hours, in->requests);
    if (in->ecologits_batch > 0)
        printf("  ecologits    %d GPUs (power-of-two rule), batch %.0f, latency %.3g s, "
               "%.4g Wh per GPU\n",
               in->gpus, in->ecologits_batch, in->ecologits_latency_s,
               in->gpu_energy_wh_per_gpu);
    printf("  data centre  %s: PUE %.2f, WUE %.2f L/kWh\n", in->datacenter_id, in->pue,
           in->wue_l_per_kwh);
    printf("\nboundary: %s\n", in->boundary_note);
    printf("formulas: docs/methodology.md, section Methods\n");
}
