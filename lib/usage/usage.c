/*
 * usage.c - usage logs to impacts (include/aiwatt/usage.h). One line at a
 * time: a CSV header maps columns to fields; JSON lines are read by key
 * (top level, then an OpenTelemetry "attributes" map or key/value array).
 * Estimates are cached per distinct (model, tokens) so that a row costs its
 * parsing; groups and the cache live in open-addressing hash tables.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

enum { F_MODEL, F_IN, F_OUT, F_CACHED, F_REQUESTS, F_DAY, F_PROJECT, F_USER, F_COUNT };
static const char *const field_names[F_COUNT] = {"model",    "input_tokens", "output_tokens",
                                                 "cached_tokens", "requests", "day",
                                                 "project",  "user"};
#define MAX_NAMES 6
/* Column names and JSON keys each field is read from, first match wins. */
static const char *const default_names[F_COUNT][MAX_NAMES] = {
    {"model", "gen_ai.response.model", "gen_ai.request.model", "model_id", "model_group"},
    {"input_tokens", "prompt_tokens", "gen_ai.usage.input_tokens", "n_context_tokens_total"},
    {"output_tokens", "completion_tokens", "gen_ai.usage.output_tokens",
     "n_generated_tokens_total"},
    {"input_cached_tokens", "cached_tokens", "cache_read_input_tokens"},
    {"num_model_requests", "requests", "n_requests"},
    {"day", "date", "startTime", "start_time", "timestamp", "startTimeUnixNano"},
    {"project", "project_id", "team_id", "gen_ai.project"},
    {"user", "user_id", "end_user", "enduser.id"},
};
#define MAX_COLUMNS 256
#define MAX_FIELD 256          /* longest text field kept (model, day, project, user) */
#define MAX_TOKENS 1e9         /* per row: above it the row is refused */
#define MAX_UNKNOWN 64
#define CACHE_MAX 65536

struct totals {
    double requests, input_tokens, output_tokens;
    struct aw_ladder wh;
    double co2_g, co2_market_g, water_ml, water_onsite_ml, water_offsite_ml, embodied_co2_g;
    int embodied_unknown;
};

struct group {
    char *key; /* the group-by values joined by '\x1f' */
    struct totals t;
};

/* What a row adds per request (an estimate's figures, kept small). */
struct figures {
    struct aw_ladder wh;
    double co2_g, co2_market_g, water_ml, water_onsite_ml, water_offsite_ml, embodied_co2_g;
    int embodied_set;
};

struct cached {
    char *model;
    long in, out, cached;
    struct figures f;
};

struct unknown {
    char *model;
    double requests;
    const char *nearest;
};

struct aw_usage {
    const aw_catalog *cat;
    struct aw_request site;
    int has_site;
    unsigned group_by;
    const char *names[F_COUNT][MAX_NAMES + 1]; /* + a --map name */
    char *mapped[F_COUNT];
    enum aw_usage_format format, current;
    int need_header;
    int column[F_COUNT]; /* CSV: column index of each field, -1 none */
    long rows, bad_rows;
    struct totals total;
    struct group *groups;
    size_t n_groups;
    size_t *group_slots; /* index + 1, 0 empty */
    size_t group_cap;
    struct cached *cache;
    size_t cache_cap, cache_n;
    struct unknown unknown[MAX_UNKNOWN];
    size_t n_unknown;
    double unknown_other;
};

static unsigned long hash_str(const char *s, unsigned long h)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

aw_status aw_usage_new(const aw_catalog *cat, const struct aw_request *site, unsigned group_by,
                       aw_usage **out, struct aw_diag *diag)
{
    *out = NULL;
    aw_usage *u = calloc(1, sizeof *u);
    if (u == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    u->cat = cat;
    if (site != NULL) {
        u->site = *site;
        u->has_site = 1;
    }
    u->group_by = group_by;
    for (int f = 0; f < F_COUNT; f++)
        for (int i = 0; i < MAX_NAMES; i++)
            u->names[f][i + 1] = default_names[f][i];
    *out = u;
    return AW_OK;
}

void aw_usage_free(aw_usage *u)
{
    if (u == NULL)
        return;
    for (size_t i = 0; i < u->n_groups; i++)
        free(u->groups[i].key);
    free(u->groups);
    free(u->group_slots);
    for (size_t i = 0; i < u->cache_cap; i++)
        free(u->cache[i].model);
    free(u->cache);
    for (size_t i = 0; i < u->n_unknown; i++)
        free(u->unknown[i].model);
    for (int f = 0; f < F_COUNT; f++)
        free(u->mapped[f]);
    free(u);
}

aw_status aw_usage_map(aw_usage *u, const char *field, const char *column, struct aw_diag *diag)
{
    for (int f = 0; f < F_COUNT; f++) {
        if (strcmp(field, field_names[f]) != 0)
            continue;
        char *copy = malloc(strlen(column) + 1);
        if (copy == NULL)
            return aw__fail(diag, AW_E_NOMEM, "out of memory");
        strcpy(copy, column);
        free(u->mapped[f]);
        u->mapped[f] = copy;
        u->names[f][0] = copy;
        return AW_OK;
    }
    aw__hint(diag, "fields: model, input_tokens, output_tokens, cached_tokens, requests, day, "
                   "project, user");
    return aw__fail(diag, AW_E_INVALID, "unknown field '%s' in --map", field);
}

void aw_usage_begin_input(aw_usage *u, enum aw_usage_format format)
{
    u->format = format;
    u->current = format;
    u->need_header = 1;
}

/* ---- Values ------------------------------------------------------------ */

static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k;
        if (c < 0x80)
            k = 0;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
            k = 1;
        else if ((c & 0xF0) == 0xE0)
            k = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
            k = 3;
        else
            return 0;
        if (k > n - i - 1)
            return 0;
        for (size_t j = 1; j <= k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        i += k + 1;
    }
    return 1;
}

/* A whole, non-negative token or request count. */
static aw_status count_of(const char *text, const char *what, double *out, struct aw_diag *diag)
{
    char *end = NULL;
    while (*text == ' ')
        text++;
    if (*text == '\0') {
        *out = 0;
        return AW_OK;
    }
    double v = strtod(text, &end);
    while (end && *end == ' ')
        end++;
    if (end == text || (end && *end != '\0') || !isfinite(v))
        return aw__fail(diag, AW_E_PARSE, "%s '%.40s' is not a number", what, text);
    if (v < 0 || v != floor(v))
        return aw__fail(diag, AW_E_RANGE, "%s %.40s is not a whole count of 0 or more", what,
                        text);
    if (v > MAX_TOKENS)
        return aw__fail(diag, AW_E_RANGE, "%s %.4g is more than one row can hold (1e9)", what, v);
    *out = v;
    return AW_OK;
}

/* Days since 1970-01-01 to a date (Howard Hinnant's civil_from_days). */
static void date_of(long long days, char out[11])
{
    long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    long long year = y + (m <= 2);
    if (year < 1970 || year > 9999) { /* outside what a log can mean */
        out[0] = '\0';
        return;
    }
    snprintf(out, 11, "%04d-%02d-%02d", (int)year, (int)m, (int)d);
}

/* The day of a timestamp: "YYYY-MM-DD..." text, or Unix seconds (ms, ns
 * when larger). Empty when there is none. */
static void day_of(const char *text, char out[11])
{
    out[0] = '\0';
    if (strlen(text) >= 10 && text[4] == '-' && text[7] == '-') {
        memcpy(out, text, 10);
        out[10] = '\0';
        return;
    }
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || !(v > 0) || !isfinite(v))
        return;
    if (v > 1e17)
        v /= 1e9;
    else if (v > 1e11)
        v /= 1e3;
    if (v > 253402300799.0) /* after 9999-12-31 */
        return;
    date_of((long long)(v / 86400), out);
}

/* ---- Rows --------------------------------------------------------------- */

struct row {
    char text[F_COUNT][MAX_FIELD];
    int present[F_COUNT];
};

static void put(struct row *r, int f, const char *s, size_t n)
{
    if (n >= MAX_FIELD)
        n = MAX_FIELD - 1;
    memcpy(r->text[f], s, n);
    r->text[f][n] = '\0';
    r->present[f] = 1;
}

/* Splits a CSV line (RFC 4180 quotes) into at most `max` fields, written
 * NUL-terminated into `buf`. Returns the count, or -1 for a broken quote. */
static int split_csv(const char *line, size_t len, char *buf, char **fields, int max)
{
    int n = 0;
    size_t i = 0;
    char *o = buf;
    while (n < max) {
        fields[n++] = o;
        if (i < len && line[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return -1;
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        *o++ = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                *o++ = line[i++];
            }
            if (i < len && line[i] != ',')
                return -1;
        } else {
            while (i < len && line[i] != ',')
                *o++ = line[i++];
        }
        *o++ = '\0';
        if (i >= len)
            break;
        i++; /* the comma */
    }
    return n;
}

static aw_status csv_header(aw_usage *u, const char *line, size_t len, struct aw_diag *diag)
{
    char *buf = malloc(len + 1);
    char *cols[MAX_COLUMNS];
    if (buf == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    int n = split_csv(line, len, buf, cols, MAX_COLUMNS);
    for (int f = 0; f < F_COUNT; f++) {
        u->column[f] = -1;
        for (int k = 0; k <= MAX_NAMES && u->column[f] < 0; k++) {
            const char *name = u->names[f][k];
            for (int c = 0; name != NULL && c < n; c++)
                if (aw__strcaseeq(cols[c], name)) {
                    u->column[f] = c;
                    break;
                }
        }
    }
    free(buf);
    u->need_header = 0;
    if (n < 0)
        return aw__fail(diag, AW_E_PARSE, "header: a quoted column name is not closed");
    if (u->column[F_MODEL] < 0 || (u->column[F_IN] < 0 && u->column[F_OUT] < 0)) {
        aw__hint(diag, "name the columns with --map model=COL,input_tokens=COL,"
                       "output_tokens=COL");
        return aw__fail(diag, AW_E_PARSE, "header: no model column or no token columns");
    }
    return AW_OK;
}

static aw_status csv_row(aw_usage *u, const char *line, size_t len, struct row *r,
                         struct aw_diag *diag)
{
    char *buf = malloc(len + 1);
    char *cols[MAX_COLUMNS];
    if (buf == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    int n = split_csv(line, len, buf, cols, MAX_COLUMNS);
    if (n < 0) {
        free(buf);
        return aw__fail(diag, AW_E_PARSE, "a quoted field is not closed");
    }
    for (int f = 0; f < F_COUNT; f++)
        if (u->column[f] >= 0 && u->column[f] < n)
            put(r, f, cols[u->column[f]], strlen(cols[u->column[f]]));
    free(buf);
    return AW_OK;
}

/* A JSON value as text: strings as they are, numbers printed whole. */
static aw_status json_text(const json_t *v, struct row *r, int f, struct aw_diag *diag)
{
    char num[64];
    if (json_is_string(v)) {
        put(r, f, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        put(r, f, num, strlen(num));
    } else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        put(r, f, num, strlen(num));
    } else if (!json_is_null(v)) {
        return aw__fail(diag, AW_E_PARSE, "field '%s' is neither text nor a number",
                        field_names[f]);
    }
    return AW_OK;
}

/* An OpenTelemetry attribute value ({"stringValue": ...}, {"intValue": ...}). */
static const json_t *otel_value(const json_t *v)
{
    if (!json_is_object(v))
        return v;
    static const char *const kinds[] = {"stringValue", "intValue", "doubleValue"};
    for (size_t i = 0; i < 3; i++) {
        const json_t *x = json_object_get(v, kinds[i]);
        if (x != NULL)
            return x;
    }
    return v;
}

static const json_t *json_find(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (v != NULL)
        return v;
    const json_t *attrs = json_object_get(obj, "attributes");
    if (json_is_object(attrs))
        return otel_value(json_object_get(attrs, key));
    if (json_is_array(attrs)) {
        size_t i;
        const json_t *kv;
        json_array_foreach(attrs, i, kv)
        {
            const char *k = json_string_value(json_object_get(kv, "key"));
            if (k != NULL && strcmp(k, key) == 0)
                return otel_value(json_object_get(kv, "value"));
        }
    }
    return NULL;
}

static aw_status json_row(aw_usage *u, const char *line, size_t len, struct row *r,
                          struct aw_diag *diag)
{
    json_error_t err;
    json_t *obj = json_loadb(line, len, 0, &err);
    if (obj == NULL || !json_is_object(obj)) {
        json_decref(obj);
        return aw__fail(diag, AW_E_PARSE, "not a JSON object (%s)", obj ? "" : err.text);
    }
    aw_status st = AW_OK;
    for (int f = 0; f < F_COUNT && st == AW_OK; f++) {
        for (int k = 0; k <= MAX_NAMES; k++) {
            const char *name = u->names[f][k];
            const json_t *v = name != NULL ? json_find(obj, name) : NULL;
            if (v != NULL) {
                st = json_text(v, r, f, diag);
                break;
            }
        }
    }
    json_decref(obj);
    return st;
}

/* ---- Aggregation -------------------------------------------------------- */

static void totals_add(struct totals *t, const struct figures *e, double n, double in,
                       double out)
{
    t->requests += n;
    t->input_tokens += in;
    t->output_tokens += out;
    t->wh.accelerator_wh += n * e->wh.accelerator_wh;
    t->wh.server_wh += n * e->wh.server_wh;
    t->wh.it_wh += n * e->wh.it_wh;
    t->wh.facility_wh += n * e->wh.facility_wh;
    t->co2_g += n * e->co2_g;
    t->co2_market_g += n * e->co2_market_g;
    t->water_ml += n * e->water_ml;
    t->water_onsite_ml += n * e->water_onsite_ml;
    t->water_offsite_ml += n * e->water_offsite_ml;
    if (e->embodied_set)
        t->embodied_co2_g += n * e->embodied_co2_g;
    else
        t->embodied_unknown = 1;
}

static struct group *group_for(aw_usage *u, const struct row *r, const char *model)
{
    char key[4 * MAX_FIELD + 4];
    size_t n = 0;
    const int fields[4] = {F_MODEL, F_DAY, F_PROJECT, F_USER};
    const unsigned bits[4] = {AW_USAGE_BY_MODEL, AW_USAGE_BY_DAY, AW_USAGE_BY_PROJECT,
                              AW_USAGE_BY_USER};
    for (int i = 0; i < 4; i++) {
        if (!(u->group_by & bits[i]))
            continue;
        const char *v = fields[i] == F_MODEL ? model : r->text[fields[i]];
        size_t l = strlen(v);
        memcpy(key + n, v, l);
        n += l;
        key[n++] = '\x1f';
    }
    key[n] = '\0';
    if (u->n_groups * 2 >= u->group_cap) {
        size_t cap = u->group_cap ? u->group_cap * 2 : 64;
        size_t *slots = calloc(cap, sizeof *slots);
        struct group *g = realloc(u->groups, cap / 2 * sizeof *g);
        if (slots == NULL || g == NULL) {
            free(slots);
            if (g != NULL)
                u->groups = g;
            return NULL;
        }
        u->groups = g;
        for (size_t i = 0; i < u->n_groups; i++) {
            size_t h = hash_str(u->groups[i].key, 14695981039346656037UL) & (cap - 1);
            while (slots[h])
                h = (h + 1) & (cap - 1);
            slots[h] = i + 1;
        }
        free(u->group_slots);
        u->group_slots = slots;
        u->group_cap = cap;
    }
    size_t h = hash_str(key, 14695981039346656037UL) & (u->group_cap - 1);
    while (u->group_slots[h]) {
        struct group *g = &u->groups[u->group_slots[h] - 1];
        if (strcmp(g->key, key) == 0)
            return g;
        h = (h + 1) & (u->group_cap - 1);
    }
    struct group *g = &u->groups[u->n_groups];
    memset(g, 0, sizeof *g);
    g->key = malloc(n + 1);
    if (g->key == NULL)
        return NULL;
    memcpy(g->key, key, n + 1);
    u->group_slots[h] = ++u->n_groups;
    return g;
}

static unsigned long cache_hash(const char *model, long in, long out, long cached)
{
    unsigned long h = hash_str(model, 14695981039346656037UL);
    h = (h ^ (unsigned long)in) * 1099511628211UL;
    h = (h ^ (unsigned long)out) * 1099511628211UL;
    return (h ^ (unsigned long)cached) * 1099511628211UL;
}

/* Doubles the cache (while below CACHE_MAX slots). -1 when out of memory. */
static int cache_grow(aw_usage *u)
{
    size_t cap = u->cache_cap ? u->cache_cap * 2 : 1024;
    struct cached *c = calloc(cap, sizeof *c);
    if (c == NULL)
        return -1;
    for (size_t k = 0; k < u->cache_cap; k++) {
        const struct cached *old = &u->cache[k];
        if (old->model == NULL)
            continue;
        size_t j = cache_hash(old->model, old->in, old->out, old->cached) & (cap - 1);
        while (c[j].model != NULL)
            j = (j + 1) & (cap - 1);
        c[j] = *old;
    }
    free(u->cache);
    u->cache = c;
    u->cache_cap = cap;
    return 0;
}

/* The estimate of one request: from the cache, or computed and cached
 * (when the cache is full, computed into `scratch`). */
static aw_status estimate(aw_usage *u, const char *model, long in, long out, long cached,
                          struct figures *scratch, const struct figures **e, struct aw_diag *diag)
{
    if (u->cache_n * 2 >= u->cache_cap && u->cache_cap < CACHE_MAX && cache_grow(u) != 0)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    size_t i = cache_hash(model, in, out, cached) & (u->cache_cap - 1);
    while (u->cache[i].model != NULL) {
        const struct cached *c = &u->cache[i];
        if (c->in == in && c->out == out && c->cached == cached && strcmp(c->model, model) == 0) {
            *e = &c->f;
            return AW_OK;
        }
        i = (i + 1) & (u->cache_cap - 1);
    }
    struct aw_request req;
    aw_request_init(&req);
    if (u->has_site)
        aw_request_apply_site(&req, &u->site);
    req.model_id = model;
    req.input_tokens = in;
    req.output_tokens = out;
    req.cached_tokens = cached;
    struct aw_estimate *est = malloc(sizeof *est);
    if (est == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    aw_status st = aw_estimate_request(u->cat, &req, est, diag);
    if (st != AW_OK) {
        free(est);
        return st;
    }
    scratch->wh = est->wh;
    scratch->co2_g = est->co2_g;
    scratch->co2_market_g = est->co2_market_g;
    scratch->water_ml = est->water_ml;
    scratch->water_onsite_ml = est->water_onsite_ml;
    scratch->water_offsite_ml = est->water_offsite_ml;
    scratch->embodied_co2_g = est->embodied.co2_g;
    scratch->embodied_set = est->embodied.set;
    free(est);
    *e = scratch;
    if (u->cache_n * 2 >= u->cache_cap)
        return AW_OK; /* full: not kept */
    struct cached *c = &u->cache[i];
    c->model = malloc(strlen(model) + 1);
    if (c->model == NULL)
        return AW_OK;
    strcpy(c->model, model);
    c->in = in;
    c->out = out;
    c->cached = cached;
    c->f = *scratch;
    u->cache_n++;
    *e = &c->f;
    return AW_OK;
}

static void note_unknown(aw_usage *u, const char *model, double n)
{
    for (size_t i = 0; i < u->n_unknown; i++)
        if (strcmp(u->unknown[i].model, model) == 0) {
            u->unknown[i].requests += n;
            return;
        }
    if (u->n_unknown == MAX_UNKNOWN) {
        u->unknown_other += n;
        return;
    }
    struct unknown *k = &u->unknown[u->n_unknown];
    k->model = malloc(strlen(model) + 1);
    if (k->model == NULL) {
        u->unknown_other += n;
        return;
    }
    strcpy(k->model, model);
    k->requests = n;
    k->nearest = aw_catalog_suggest(u->cat, AW_SECTION_MODELS, model);
    u->n_unknown++;
}

static aw_status add_row(aw_usage *u, const struct row *r, struct aw_diag *diag)
{
    const char *model = r->text[F_MODEL];
    if (!r->present[F_MODEL] || model[0] == '\0')
        return aw__fail(diag, AW_E_PARSE, "no model");
    double in = 0, out = 0, cached = 0, n = 1;
    aw_status st = count_of(r->present[F_IN] ? r->text[F_IN] : "", "input_tokens", &in, diag);
    if (st == AW_OK)
        st = count_of(r->present[F_OUT] ? r->text[F_OUT] : "", "output_tokens", &out, diag);
    if (st == AW_OK)
        st = count_of(r->present[F_CACHED] ? r->text[F_CACHED] : "", "cached_tokens", &cached,
                      diag);
    if (st == AW_OK && r->present[F_REQUESTS]) {
        st = count_of(r->text[F_REQUESTS], "requests", &n, diag);
        if (st == AW_OK && r->text[F_REQUESTS][0] == '\0')
            n = 1;
    }
    if (st != AW_OK)
        return st;
    if (n == 0)
        return AW_OK; /* an empty bucket */
    if (cached > in)
        return aw__fail(diag, AW_E_RANGE, "cached_tokens %.0f exceed input_tokens %.0f", cached,
                        in);
    /* A bucket of n requests: its mean request, n times. */
    long per_in = lround(in / n), per_out = lround(out / n), per_cached = lround(cached / n);
    if (aw_catalog_find_model(u->cat, model) == NULL) {
        note_unknown(u, model, n);
        return AW_OK;
    }
    const struct figures *e = NULL;
    struct figures scratch;
    st = estimate(u, model, per_in, per_out, per_cached, &scratch, &e, diag);
    if (st != AW_OK)
        return st;
    /* Groups are keyed by the catalog id, so aliases land together. */
    const struct aw_model *m = aw_catalog_find_model(u->cat, model);
    struct group *g = u->group_by ? group_for(u, r, m->id) : NULL;
    if (u->group_by && g == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    totals_add(&u->total, e, n, in, out);
    if (g != NULL)
        totals_add(&g->t, e, n, in, out);
    return AW_OK;
}

aw_status aw_usage_add_line(aw_usage *u, const char *line, size_t len, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    size_t lead = 0;
    while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
        lead++;
    if (lead == len)
        return AW_OK; /* blank */
    if (u->current == AW_USAGE_AUTO)
        u->current = line[lead] == '{' ? AW_USAGE_JSONL : AW_USAGE_CSV;
    if (!valid_utf8(line, len)) {
        u->bad_rows++;
        return aw__fail(diag, AW_E_PARSE, "not valid UTF-8");
    }
    if (u->current == AW_USAGE_CSV && u->need_header)
        return csv_header(u, line, len, diag);
    struct row *r = calloc(1, sizeof *r);
    if (r == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    aw_status st = u->current == AW_USAGE_CSV ? csv_row(u, line, len, r, diag)
                                              : json_row(u, line, len, r, diag);
    if (st == AW_OK) {
        char day[11];
        if (r->present[F_DAY]) {
            day_of(r->text[F_DAY], day);
            put(r, F_DAY, day, strlen(day));
        }
        st = add_row(u, r, diag);
    }
    free(r);
    if (st == AW_OK)
        u->rows++;
    else if (st != AW_E_NOMEM)
        u->bad_rows++;
    return st;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *totals_to_json(const struct totals *t)
{
    return json_pack("{s:f, s:f, s:f, s:o, s:f, s:f, s:f, s:f, s:f, s:{s:o}}", "requests",
                     t->requests, "input_tokens", t->input_tokens, "output_tokens",
                     t->output_tokens, "wh", aw_ladder_to_json(&t->wh), "co2_g", t->co2_g,
                     "co2_market_g", t->co2_market_g, "water_ml", t->water_ml,
                     "water_onsite_ml", t->water_onsite_ml, "water_offsite_ml",
                     t->water_offsite_ml, "embodied", "co2_g",
                     t->embodied_unknown ? json_null() : json_real(t->embodied_co2_g));
}

json_t *aw_usage_to_json(const aw_usage *u)
{
    json_t *groups = json_array();
    json_t *unknown = json_array();
    if (groups == NULL || unknown == NULL)
        goto oom;
    const char *names[4] = {"model", "day", "project", "user"};
    const unsigned bits[4] = {AW_USAGE_BY_MODEL, AW_USAGE_BY_DAY, AW_USAGE_BY_PROJECT,
                              AW_USAGE_BY_USER};
    for (size_t i = 0; i < u->n_groups; i++) {
        json_t *key = json_object();
        const char *p = u->groups[i].key;
        for (int b = 0; key != NULL && b < 4; b++) {
            if (!(u->group_by & bits[b]))
                continue;
            const char *end = strchr(p, '\x1f');
            json_object_set_new(key, names[b], json_stringn(p, (size_t)(end - p)));
            p = end + 1;
        }
        json_t *g = totals_to_json(&u->groups[i].t);
        if (key == NULL || g == NULL || json_object_set_new(g, "key", key) != 0 ||
            json_array_append_new(groups, g) != 0) {
            json_decref(g);
            goto oom;
        }
    }
    for (size_t i = 0; i < u->n_unknown; i++) {
        json_t *k = json_pack("{s:s, s:f, s:s?}", "model", u->unknown[i].model, "requests",
                              u->unknown[i].requests, "nearest", u->unknown[i].nearest);
        if (k == NULL || json_array_append_new(unknown, k) != 0)
            goto oom;
    }
    return json_pack("{s:I, s:I, s:o, s:o, s:o}", "rows", (json_int_t)u->rows, "bad_rows",
                     (json_int_t)u->bad_rows, "total", totals_to_json(&u->total), "groups",
                     groups, "unknown_models", unknown);
oom:
    json_decref(groups);
    json_decref(unknown);
    return NULL;
}
