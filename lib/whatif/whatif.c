/*
 * whatif.c - every combination of the levers, estimated with the ordinary
 * estimators (aw_estimate_request, aw_train_estimate), and the ranked list
 * of what would cut the first row's energy the most.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include "internal.h"
#include "aiwatt/whatif.h"
#include "aiwatt/request.h"

/* ---- Keys ---------------------------------------------------------------
 * The levers are the fields of the request table (aiwatt/request.h) marked
 * for whatif: one spelling (snake_case; the CLI's hyphens are read as
 * underscores), one range, one parser. */

static unsigned kind_bit(enum aw_whatif_kind kind)
{
    return kind == AW_WHATIF_TRAIN ? AW_CMD_WHATIF_TRAIN : AW_CMD_WHATIF;
}

static const struct aw_request_field *find_key(enum aw_whatif_kind kind, const char *name)
{
    const struct aw_request_field *f = aw_request_field_find(name);
    return f != NULL && (f->commands & kind_bit(kind)) ? f : NULL;
}

int aw_whatif_key_known(enum aw_whatif_kind kind, const char *key)
{
    return key != NULL && find_key(kind, key) != NULL;
}

/* The two lists, derived from the constant field table once: call_once,
 * because the server's threads may ask for them (in a refusal's hint) at
 * the same time. */
static char key_lists[2][512];
static once_flag key_lists_once = ONCE_FLAG_INIT;

static void build_key_lists(void)
{
    size_t n;
    const struct aw_request_field *f = aw_request_fields(&n);
    for (int k = 0; k < 2; k++) {
        char *list = key_lists[k];
        unsigned bit = kind_bit(k ? AW_WHATIF_TRAIN : AW_WHATIF_REQUEST);
        size_t used = 0;
        for (size_t i = 0; i < n && used < sizeof key_lists[0] - 32; i++)
            if (f[i].commands & bit)
                used += (size_t)snprintf(list + used, sizeof key_lists[0] - used, "%s%s",
                                         used ? ", " : "", f[i].name);
    }
}

const char *aw_whatif_keys(enum aw_whatif_kind kind)
{
    call_once(&key_lists_once, build_key_lists);
    return key_lists[kind == AW_WHATIF_TRAIN];
}

void aw_whatif_spec_init(struct aw_whatif_spec *spec, enum aw_whatif_kind kind)
{
    memset(spec, 0, sizeof *spec);
    spec->kind = kind;
}

static size_t rows_of(const struct aw_whatif_spec *spec)
{
    size_t rows = 1;
    for (size_t i = 0; i < spec->n_levers; i++)
        rows *= spec->levers[i].n;
    return rows;
}

aw_status aw_whatif_add(struct aw_whatif_spec *spec, const char *arg, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    const char *eq = arg != NULL ? strchr(arg, '=') : NULL;
    if (eq == NULL || eq == arg) {
        aw__hint(diag, "write KEY=V1,V2,... (keys: %s)", aw_whatif_keys(spec->kind));
        return aw__fail(diag, AW_E_INVALID, "lever '%s' is not KEY=VALUES", arg ? arg : "");
    }
    size_t klen = (size_t)(eq - arg);
    char key[AW_WHATIF_KEY_LEN];
    if (klen >= sizeof key) {
        aw__hint(diag, "keys: %s", aw_whatif_keys(spec->kind));
        return aw__fail(diag, AW_E_INVALID, "unknown lever '%.*s'", (int)klen, arg);
    }
    memcpy(key, arg, klen);
    key[klen] = '\0';
    const struct aw_request_field *def = find_key(spec->kind, key);
    if (def == NULL) {
        aw__hint(diag, "levers of %s: %s", spec->kind == AW_WHATIF_TRAIN ? "a training run" : "a request",
                 aw_whatif_keys(spec->kind));
        return aw__fail(diag, AW_E_INVALID, "unknown lever '%s'", key);
    }
    snprintf(key, sizeof key, "%s", def->name); /* one spelling: snake_case */
    for (size_t i = 0; i < spec->n_levers; i++) {
        if (strcmp(spec->levers[i].key, key) == 0) {
            aw__hint(diag, "give each lever once, with all its values: %s=V1,V2", key);
            return aw__fail(diag, AW_E_INVALID, "lever '%s' given twice", key);
        }
    }
    if (spec->n_levers == AW_WHATIF_MAX_LEVERS)
        return aw__fail(diag, AW_E_INVALID, "too many levers (at most %d)", AW_WHATIF_MAX_LEVERS);
    struct aw_whatif_lever lever;
    memset(&lever, 0, sizeof lever);
    snprintf(lever.key, sizeof lever.key, "%s", key);
    const char *p = eq + 1;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (lever.n == AW_WHATIF_MAX_VALUES) {
            aw__hint(diag, "at most %d values per lever", AW_WHATIF_MAX_VALUES);
            return aw__fail(diag, AW_E_INVALID, "lever '%s' has too many values", key);
        }
        if (len == 0 || len >= AW_WHATIF_VALUE_LEN) {
            aw__hint(diag, "write %s=V1,V2,... with no empty value", key);
            return aw__fail(diag, AW_E_INVALID, "lever '%s': empty or overlong value", key);
        }
        memcpy(lever.values[lever.n], p, len);
        lever.values[lever.n][len] = '\0';
        struct aw_request scratch;
        aw_request_init(&scratch);
        if (aw_request_set(&scratch, key, lever.values[lever.n], diag) != AW_OK)
            return aw__fail(diag, AW_E_INVALID, "lever '%s': bad value '%s': expected %s", key,
                            lever.values[lever.n], def->expected); /* the set's hint stays */
        lever.n++;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    spec->levers[spec->n_levers++] = lever;
    if (rows_of(spec) > AW_WHATIF_MAX_ROWS) {
        spec->n_levers--;
        aw__hint(diag, "vary fewer levers or values: at most %d combinations", AW_WHATIF_MAX_ROWS);
        return aw__fail(diag, AW_E_INVALID, "too many combinations");
    }
    return AW_OK;
}

/* ---- Applying a lever -------------------------------------------------- */

/* Sets one lever of a row's request. The values were checked when added,
 * so this cannot fail. A model replaces a parameter count and back. */
static void apply(struct aw_request *r, const char *key, const char *v)
{
    if (strcmp(key, "model") == 0) {
        r->params_total = AW_UNSET;
        r->params_active = AW_UNSET;
    } else if (strcmp(key, "params") == 0) {
        r->model_id = NULL;
    }
    if (aw_request_set(r, key, v, NULL) != AW_OK)
        return; /* not reached: aw_whatif_add checked the value */
}

/* ---- Running ------------------------------------------------------------- */

/* "31.8M": a count with k/M/B/T suffixes. */
static const char *count_text(double v, char *buf, size_t len)
{
    static const struct {
        double scale;
        const char *suffix;
    } steps[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (fabs(v) >= steps[i].scale && fabs(v) < steps[i].scale * 1e3) {
            snprintf(buf, len, "%.3g%s", v / steps[i].scale, steps[i].suffix);
            return buf;
        }
    }
    snprintf(buf, len, "%.3g", v);
    return buf;
}

/* A training row's figures from its estimate. */
static void row_from_train(const struct aw_train_estimate *e, struct aw_whatif_row *row)
{
    row->wh = e->wh;
    row->co2_g = e->co2_g;
    row->water_ml = e->water_ml;
    char hours[32];
    snprintf(row->detail, sizeof row->detail, "%s GPU-h on %s at %s (%s)",
             count_text(e->inputs.gpu_hours, hours, sizeof hours), e->inputs.hardware_id,
             e->inputs.precision, e->inputs.compute_source);
}

/* A request row's figures from its estimate. */
static void row_from_estimate(const struct aw_estimate *e, struct aw_whatif_row *row)
{
    row->wh = e->wh;
    row->co2_g = e->co2_g;
    row->water_ml = e->water_ml;
    snprintf(row->detail, sizeof row->detail, "%s on %d x %s, %s, batch %d",
             e->inputs.model_id ? e->inputs.model_id : "?", e->inputs.gpus,
             e->inputs.hardware_id ? e->inputs.hardware_id : "?",
             e->inputs.precision ? e->inputs.precision : "?", e->inputs.batch);
}

static aw_status run_row(const aw_catalog *cat, const struct aw_whatif_spec *spec,
                         struct aw_whatif_row *row, struct aw_diag *diag)
{
    /* The row's request: each lever at its value (a training run's fields
     * travel in the request too). */
    struct aw_request req;
    aw_request_init(&req);
    for (size_t i = 0; i < spec->n_levers; i++) {
        const struct aw_whatif_lever *l = &spec->levers[i];
        apply(&req, l->key, l->values[row->value[i]]);
    }
    /* Either estimate is large: on the heap, not the stack. */
    union {
        struct aw_estimate request;
        struct aw_train_estimate train;
    } *e = malloc(sizeof *e);
    if (e == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    aw_status st;
    if (spec->kind == AW_WHATIF_TRAIN) {
        struct aw_train_request train;
        aw_train_request_from_request(&req, &train);
        st = aw_train_estimate(cat, &train, &e->train, diag);
        if (st == AW_OK)
            row_from_train(&e->train, row);
    } else {
        st = aw_estimate_request(cat, &req, &e->request, diag);
        if (st == AW_OK)
            row_from_estimate(&e->request, row);
    }
    free(e);
    return st;
}

/* Energy first; levers that leave energy alone (the grid) by carbon. */
static int by_ratio(const void *a, const void *b)
{
    const struct aw_whatif_cut *ca = a, *cb = b;
    if (fabs(ca->ratio - cb->ratio) > 1e-12)
        return ca->ratio < cb->ratio ? -1 : 1;
    if (ca->co2_ratio != cb->co2_ratio)
        return ca->co2_ratio < cb->co2_ratio ? -1 : 1;
    return ca->row < cb->row ? -1 : ca->row > cb->row;
}

aw_status aw_whatif_run(const aw_catalog *cat, const struct aw_whatif_spec *spec,
                        struct aw_whatif_result *out, struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    if (cat == NULL || spec == NULL)
        return aw__fail(diag, AW_E_INVALID, "no catalog or levers");
    out->spec = *spec;
    size_t n_rows = rows_of(spec);
    if (n_rows > AW_WHATIF_MAX_ROWS)
        return aw__fail(diag, AW_E_INVALID, "too many combinations");
    /* Strides: the last lever varies fastest. */
    size_t stride[AW_WHATIF_MAX_LEVERS];
    size_t s = 1;
    for (size_t i = spec->n_levers; i-- > 0;) {
        stride[i] = s;
        s *= spec->levers[i].n;
    }
    for (size_t r = 0; r < n_rows; r++) {
        struct aw_whatif_row *row = &out->rows[r];
        for (size_t i = 0; i < spec->n_levers; i++)
            row->value[i] = (r / stride[i]) % spec->levers[i].n;
        struct aw_diag rd;
        aw_diag_clear(&rd);
        row->status = run_row(cat, spec, row, &rd);
        if (row->status == AW_E_NOT_FOUND || row->status == AW_E_NOMEM ||
            row->status == AW_E_PARSE || (r == 0 && row->status != AW_OK)) {
            if (diag != NULL)
                *diag = rd;
            return row->status;
        }
        if (row->status != AW_OK)
            snprintf(row->error, sizeof row->error, "%s", rd.msg[0] ? rd.msg : aw_strerror(row->status));
    }
    out->n_rows = n_rows;
    double ref = out->rows[0].wh.facility_wh;
    double ref_co2 = out->rows[0].co2_g;
    out->best_row = 0;
    for (size_t r = 0; r < n_rows; r++) {
        struct aw_whatif_row *row = &out->rows[r];
        if (row->status != AW_OK)
            continue;
        row->ratio = ref > 0 ? row->wh.facility_wh / ref : 0;
        row->co2_ratio = ref_co2 > 0 ? row->co2_g / ref_co2 : 0;
        if (row->wh.facility_wh < out->rows[out->best_row].wh.facility_wh)
            out->best_row = r;
    }
    /* One lever at a time, from the first row. */
    for (size_t i = 0; i < spec->n_levers; i++) {
        for (size_t v = 1; v < spec->levers[i].n; v++) {
            size_t r = v * stride[i];
            if (out->rows[r].status != AW_OK)
                continue;
            struct aw_whatif_cut *c = &out->cuts[out->n_cuts++];
            c->lever = i;
            c->value = v;
            c->row = r;
            c->ratio = out->rows[r].ratio;
            c->co2_ratio = out->rows[r].co2_ratio;
        }
    }
    qsort(out->cuts, out->n_cuts, sizeof out->cuts[0], by_ratio);
    return AW_OK;
}
