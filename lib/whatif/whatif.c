/*
 * whatif.c - every combination of the levers, estimated with the ordinary
 * estimators (aw_estimate_request, aw_train_estimate), and the ranked list
 * of what would cut the first row's energy the most.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "aiwatt/whatif.h"

/* ---- Keys -------------------------------------------------------------- */

enum value_type {
    V_ID,       /* a catalog id */
    V_COUNT,    /* a positive number, SI suffixes (70B, 15T) */
    V_TOKENS,   /* a whole number, 0 or more, SI suffixes */
    V_INT,      /* a whole number, 1 or more */
    V_PREC,     /* bf16, fp8, ... */
    V_TASK,     /* chat, reasoning, image, video */
    V_METHOD,   /* roofline, flops, ... */
    V_PUE,      /* 1.0 or more */
    V_FRACTION, /* (0, 1] */
    V_NONNEG,   /* 0 or more */
    V_GRID      /* a grid id or gCO2e/kWh */
};

enum key_id {
    K_MODEL, K_PARAMS, K_ACTIVE, K_TASK, K_INPUT, K_OUTPUT, K_REASONING, K_CACHED, K_TOKENS,
    K_SEQ, K_HARDWARE, K_GPUS, K_PRECISION, K_BATCH, K_MFU, K_GPU_HOURS, K_OVERHEAD,
    K_DATACENTER, K_PUE, K_GRID, K_WUE, K_METHOD, K_AMORTISE
};

#define FOR_REQUEST 1
#define FOR_TRAIN 2

static const struct key_def {
    const char *name;
    enum key_id id;
    enum value_type type;
    int kinds;
} keys[] = {
    {"model", K_MODEL, V_ID, FOR_REQUEST | FOR_TRAIN},
    {"params", K_PARAMS, V_COUNT, FOR_REQUEST | FOR_TRAIN},
    {"active-params", K_ACTIVE, V_COUNT, FOR_REQUEST | FOR_TRAIN},
    {"task", K_TASK, V_TASK, FOR_REQUEST},
    {"input-tokens", K_INPUT, V_TOKENS, FOR_REQUEST},
    {"output-tokens", K_OUTPUT, V_TOKENS, FOR_REQUEST},
    {"reasoning-tokens", K_REASONING, V_TOKENS, FOR_REQUEST},
    {"cached-tokens", K_CACHED, V_TOKENS, FOR_REQUEST},
    {"tokens", K_TOKENS, V_COUNT, FOR_TRAIN},
    {"seq-len", K_SEQ, V_COUNT, FOR_TRAIN},
    {"hardware", K_HARDWARE, V_ID, FOR_REQUEST | FOR_TRAIN},
    {"gpus", K_GPUS, V_INT, FOR_REQUEST | FOR_TRAIN},
    {"precision", K_PRECISION, V_PREC, FOR_REQUEST | FOR_TRAIN},
    {"batch", K_BATCH, V_INT, FOR_REQUEST},
    {"mfu", K_MFU, V_FRACTION, FOR_TRAIN},
    {"gpu-hours", K_GPU_HOURS, V_COUNT, FOR_TRAIN},
    {"overhead", K_OVERHEAD, V_NONNEG, FOR_TRAIN},
    {"datacenter", K_DATACENTER, V_ID, FOR_REQUEST | FOR_TRAIN},
    {"pue", K_PUE, V_PUE, FOR_REQUEST | FOR_TRAIN},
    {"grid", K_GRID, V_GRID, FOR_REQUEST | FOR_TRAIN},
    {"wue", K_WUE, V_NONNEG, FOR_REQUEST | FOR_TRAIN},
    {"method", K_METHOD, V_METHOD, FOR_REQUEST},
    {"amortise-over", K_AMORTISE, V_COUNT, FOR_TRAIN},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static int kind_bit(enum aw_whatif_kind kind)
{
    return kind == AW_WHATIF_TRAIN ? FOR_TRAIN : FOR_REQUEST;
}

static const struct key_def *find_key(enum aw_whatif_kind kind, const char *name)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        if (strcmp(keys[i].name, name) == 0 && (keys[i].kinds & kind_bit(kind)))
            return &keys[i];
    }
    return NULL;
}

int aw_whatif_key_known(enum aw_whatif_kind kind, const char *key)
{
    return key != NULL && find_key(kind, key) != NULL;
}

const char *aw_whatif_keys(enum aw_whatif_kind kind)
{
    if (kind == AW_WHATIF_TRAIN)
        return "model, params, active-params, tokens, seq-len, hardware, gpus, precision, mfu, "
               "gpu-hours, overhead, datacenter, pue, grid, wue, amortise-over";
    return "model, params, active-params, task, input-tokens, output-tokens, reasoning-tokens, "
           "cached-tokens, hardware, gpus, precision, batch, datacenter, pue, grid, wue, method";
}

void aw_whatif_spec_init(struct aw_whatif_spec *spec, enum aw_whatif_kind kind)
{
    memset(spec, 0, sizeof *spec);
    spec->kind = kind;
}

/* A number with an optional SI suffix or exponent (aw_parse_quantity). */
static int parse_si(const char *text, double *out)
{
    return aw_parse_quantity(text, out) == AW_OK ? 0 : -1;
}

static int value_ok(enum value_type type, const char *v)
{
    double d;
    switch (type) {
    case V_ID:
        return *v != '\0';
    case V_COUNT:
        return parse_si(v, &d) == 0 && d > 0;
    case V_TOKENS:
        return parse_si(v, &d) == 0 && d >= 0 && d == floor(d) && d <= 1e15;
    case V_INT:
        return parse_si(v, &d) == 0 && d >= 1 && d == floor(d) && d <= 1e6;
    case V_PREC:
        return aw_precision_from_name(v) >= 0;
    case V_TASK:
        return aw_task_from_name(v) >= 0;
    case V_METHOD:
        return aw_method_from_name(v) >= 0;
    case V_PUE:
        return parse_si(v, &d) == 0 && d >= 1.0 && d <= 5.0;
    case V_FRACTION:
        return parse_si(v, &d) == 0 && d > 0 && d <= 1.0;
    case V_NONNEG:
        return parse_si(v, &d) == 0 && d >= 0 && d <= 100;
    case V_GRID:
        return *v != '\0' && (parse_si(v, &d) != 0 || (d >= 0 && d <= 2000));
    }
    return 0;
}

static const char *type_hint(enum value_type type)
{
    switch (type) {
    case V_ID:
        return "a catalog id";
    case V_COUNT:
        return "a positive number such as 70B or 15T";
    case V_TOKENS:
        return "a whole number of tokens, 0 or more";
    case V_INT:
        return "a whole number, 1 or more";
    case V_PREC:
        return "fp32, tf32, bf16, fp16, fp8, int8, fp4 or int4";
    case V_TASK:
        return "chat, reasoning, image or video";
    case V_METHOD:
        return "roofline, flops, nameplate or ecologits";
    case V_PUE:
        return "a ratio from 1.0 to 5.0";
    case V_FRACTION:
        return "a fraction in (0, 1]";
    case V_NONNEG:
        return "a number, 0 or more";
    case V_GRID:
        return "a grid id or 0-2000 gCO2e/kWh";
    }
    return "";
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
    const struct key_def *def = find_key(spec->kind, key);
    if (def == NULL) {
        aw__hint(diag, "levers of %s: %s", spec->kind == AW_WHATIF_TRAIN ? "a training run" : "a request",
                 aw_whatif_keys(spec->kind));
        return aw__fail(diag, AW_E_INVALID, "unknown lever '%s'", key);
    }
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
        if (!value_ok(def->type, lever.values[lever.n])) {
            aw__hint(diag, "%s takes %s", key, type_hint(def->type));
            return aw__fail(diag, AW_E_INVALID, "lever '%s': bad value '%s'", key,
                            lever.values[lever.n]);
        }
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

static double num(const char *v)
{
    double d = 0;
    (void)parse_si(v, &d);
    return d;
}

/* --vary grid=...: a number is an intensity (gCO2e/kWh), else a grid id. */
static void set_grid(const char *v, const char **grid_id, double *gco2_per_kwh)
{
    double d;
    if (parse_si(v, &d) == 0) {
        *gco2_per_kwh = d;
        *grid_id = NULL;
    } else {
        *grid_id = v;
        *gco2_per_kwh = -1;
    }
}

static void apply_request(struct aw_request *r, enum key_id id, const char *v)
{
    switch (id) {
    case K_MODEL:
        r->model_id = v;
        r->params_total = 0;
        r->params_active = 0;
        break;
    case K_PARAMS:
        r->params_total = num(v);
        r->model_id = NULL;
        break;
    case K_ACTIVE:
        r->params_active = num(v);
        break;
    case K_TASK:
        r->task = (enum aw_task)aw_task_from_name(v);
        break;
    case K_INPUT:
        r->input_tokens = (long)num(v);
        break;
    case K_OUTPUT:
        r->output_tokens = (long)num(v);
        break;
    case K_REASONING:
        r->reasoning_tokens = (long)num(v);
        break;
    case K_CACHED:
        r->cached_tokens = (long)num(v);
        break;
    case K_HARDWARE:
        r->hardware_id = v;
        break;
    case K_GPUS:
        r->gpus = (int)num(v);
        break;
    case K_PRECISION:
        r->precision = aw_precision_from_name(v);
        break;
    case K_BATCH:
        r->batch = (int)num(v);
        break;
    case K_DATACENTER:
        r->datacenter_id = v;
        break;
    case K_PUE:
        r->pue = num(v);
        break;
    case K_GRID:
        set_grid(v, &r->grid_id, &r->grid_gco2_per_kwh);
        break;
    case K_WUE:
        r->wue_l_per_kwh = num(v);
        break;
    case K_METHOD:
        r->method = (enum aw_method)aw_method_from_name(v);
        break;
    default:
        break;
    }
}

static void apply_train(struct aw_train_request *r, enum key_id id, const char *v)
{
    switch (id) {
    case K_MODEL:
        r->model_id = v;
        r->params_total = 0;
        r->params_active = 0;
        break;
    case K_PARAMS:
        r->params_total = num(v);
        r->model_id = NULL;
        break;
    case K_ACTIVE:
        r->params_active = num(v);
        break;
    case K_TOKENS:
        r->tokens = num(v);
        break;
    case K_SEQ:
        r->seq_len = num(v);
        break;
    case K_HARDWARE:
        r->hardware_id = v;
        break;
    case K_GPUS:
        r->gpus = num(v);
        break;
    case K_PRECISION:
        r->precision = aw_precision_from_name(v);
        break;
    case K_MFU:
        r->mfu = num(v);
        break;
    case K_GPU_HOURS:
        r->gpu_hours = num(v);
        break;
    case K_OVERHEAD:
        r->overhead = num(v);
        break;
    case K_DATACENTER:
        r->datacenter_id = v;
        break;
    case K_PUE:
        r->pue = num(v);
        break;
    case K_GRID:
        set_grid(v, &r->grid_id, &r->grid_gco2_per_kwh);
        break;
    case K_WUE:
        r->wue_l_per_kwh = num(v);
        break;
    case K_AMORTISE:
        r->amortise_queries = num(v);
        break;
    default:
        break;
    }
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

static aw_status run_row(const aw_catalog *cat, const struct aw_whatif_spec *spec,
                         struct aw_whatif_row *row, struct aw_diag *diag)
{
    aw_status st;
    if (spec->kind == AW_WHATIF_TRAIN) {
        struct aw_train_request req;
        aw_train_request_init(&req);
        for (size_t i = 0; i < spec->n_levers; i++) {
            const struct aw_whatif_lever *l = &spec->levers[i];
            apply_train(&req, find_key(spec->kind, l->key)->id, l->values[row->value[i]]);
        }
        struct aw_train_estimate *e = malloc(sizeof *e);
        if (e == NULL)
            return aw__fail(diag, AW_E_NOMEM, "out of memory");
        st = aw_train_estimate(cat, &req, e, diag);
        if (st == AW_OK) {
            row->wh = e->wh;
            row->co2_g = e->co2_g;
            row->water_ml = e->water_ml;
            char hours[32];
            snprintf(row->detail, sizeof row->detail, "%s GPU-h on %s at %s (%s)",
                     count_text(e->inputs.gpu_hours, hours, sizeof hours), e->inputs.hardware_id,
                     e->inputs.precision, e->inputs.compute_source);
        }
        free(e);
    } else {
        struct aw_request req;
        aw_request_init(&req);
        for (size_t i = 0; i < spec->n_levers; i++) {
            const struct aw_whatif_lever *l = &spec->levers[i];
            apply_request(&req, find_key(spec->kind, l->key)->id, l->values[row->value[i]]);
        }
        struct aw_estimate *e = malloc(sizeof *e);
        if (e == NULL)
            return aw__fail(diag, AW_E_NOMEM, "out of memory");
        st = aw_estimate_request(cat, &req, e, diag);
        if (st == AW_OK) {
            row->wh = e->wh;
            row->co2_g = e->co2_g;
            row->water_ml = e->water_ml;
            snprintf(row->detail, sizeof row->detail, "%s on %d x %s, %s, batch %d",
                     e->inputs.model_id ? e->inputs.model_id : "?", e->inputs.gpus,
                     e->inputs.hardware_id ? e->inputs.hardware_id : "?",
                     e->inputs.precision ? e->inputs.precision : "?", e->inputs.batch);
        }
        free(e);
    }
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
