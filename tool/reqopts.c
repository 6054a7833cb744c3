/*
 * reqopts.c - the CLI's options from the request-field table, and the
 * table of a top-down method's estimate.
 */
#include <math.h>
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

/* A bound for people: "400", "100,000,000", "1,000T", "4,294,967,295". */
static struct aw_fmt bound(double v)
{
    if (v != floor(v))
        return aw_fmt_num(NULL, v, AW_SIG_PRECISE);
    struct aw_fmt f = aw_fmt_count(NULL, v, 0);
    return strlen(f.s) <= 6 || v < 1e9 ? f : aw_fmt_num(NULL, v, AW_SIG_PRECISE);
}

/* "0 to 100,000,000", "above 0, up to 5": a field's range for people.
 * `len` holds two bounds of sizeof(struct aw_fmt) and the words. */
static void range_words(const struct aw_request_field *f, char *buf, size_t len)
{
    if (f->min_open)
        snprintf(buf, len, "above %s, up to %s", bound(f->min).s, bound(f->max).s);
    else
        snprintf(buf, len, "%s to %s", bound(f->min).s, bound(f->max).s);
}

void aw_tool_print_field_help(FILE *out, unsigned command)
{
    static const struct aw_view help_view = {AW_VIEW_DEFAULT_WIDTH, 0, 0};
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
        /* What it is, then its unit and range and its default, all from
         * the table: the words a refusal uses too. */
        char range[2 * sizeof(struct aw_fmt) + 16] = "";
        if (f[i].type == AW_FIELD_NUMBER || f[i].type == AW_FIELD_COUNT ||
            f[i].type == AW_FIELD_DRAWS)
            range_words(&f[i], range, sizeof range);
        /* "required" is no default. */
        const char *dflt = f[i].default_text;
        int required = strncmp(dflt, "required", 8) == 0;
        char notes[320];
        snprintf(notes, sizeof notes, "%s%s%s%s%s%s", range, range[0] && f[i].unit[0] ? " " : "",
                 range[0] ? f[i].unit : "", range[0] && dflt[0] ? "; " : "",
                 dflt[0] && !required ? "default " : "", dflt);
        if (f[i].alias != NULL) {
            size_t used = strlen(notes);
            int k = snprintf(notes + used, sizeof notes - used, "%salso --%s", used ? "; " : "",
                             f[i].alias);
            for (size_t j = used; j < used + (size_t)k && j < sizeof notes; j++)
                if (notes[j] == '_')
                    notes[j] = '-';
        }
        char text[512];
        snprintf(text, sizeof text, "%s%s%s%s", f[i].help, notes[0] ? " [" : "", notes,
                 notes[0] ? "]" : "");
        if (strlen(opt) > 20) {
            fprintf(out, "  %s\n", opt);
            aw_text_print(&help_view, out, 24, 24, "%s", text);
        } else
            aw_text_print(&help_view, out, 2, 24, "%-21s %s", opt, text);
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
