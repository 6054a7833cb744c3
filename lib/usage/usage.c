/*
 * usage.c - usage logs to impacts (include/aiwatt/usage.h). One line at a
 * time: a CSV header maps columns to fields; JSON lines are scanned by key
 * (top level, then an OpenTelemetry "attributes" map or key/value array)
 * without building a tree, so a row costs little more than reading it.
 *
 * The fields of a request (model, tokens, and any other field --map names:
 * hardware, datacenter, ...) are set through the request-field table
 * (aw_request_set, lib/request/fields.c), so a row is read and refused as
 * `aiwatt estimate` reads and refuses the same values. Only the fields of
 * a log row that are not a request's (requests per bucket, day, project,
 * user) are this file's.
 *
 * Estimates are cached per distinct request, so that a row costs its
 * parsing. Totals are kept in fixed point (2^-60 of a unit, 128 bits), so
 * that adding rows is associative: a file read in chunks on several cores
 * and merged (aw_usage_merge) gives the same digits as one pass.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "aiwatt/request.h"

/* The fields of a row: four of a request, four of the log, then the other
 * request fields --map names (F_EXTRA...). */
enum { F_MODEL, F_IN, F_OUT, F_CACHED, F_REQUESTS, F_DAY, F_PROJECT, F_USER, F_EXTRA };
#define MAX_EXTRA 8
#define F_MAX (F_EXTRA + MAX_EXTRA)
static const char *const row_fields[F_EXTRA] = {"model",    "input_tokens", "output_tokens",
                                                "cached_tokens", "requests", "day",
                                                "project",  "user"};
#define MAX_NAMES 6
/* Column names and JSON keys each field is read from, first match wins
 * (after a --map name): OpenTelemetry GenAI, OpenAI usage export, LiteLLM. */
static const char *const default_names[F_EXTRA][MAX_NAMES] = {
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
#define MAX_TOKENS 1e9         /* per row (a bucket): above it the row is refused */
#define MAX_UNKNOWN 64
#define CACHE_MAX 65536
#define MODELS_MAX 4096
#define JSON_MAX_DEPTH 64

/* ---- Fixed-point sums ---------------------------------------------------- */

__extension__ typedef __int128 fixed;
#define FIXED_BITS 60
/* |contribution| below 2^66 units keeps 2^61 rows of headroom in 2^127. */
#define FIXED_MAX_UNITS 7.3786976294838206e19 /* 2^66 */

enum { V_ACCEL, V_SERVER, V_IT, V_FACILITY, V_CO2, V_CO2_MARKET, V_WATER, V_WATER_ON,
       V_WATER_OFF, V_EMBODIED, V_COUNT };

struct totals {
    double requests, input_tokens, output_tokens; /* whole numbers: exact below 2^53 */
    fixed v[V_COUNT];
    int embodied_unknown;
};

static double fixed_value(fixed x)
{
    return ldexp((double)x, -FIXED_BITS);
}

/* What a request adds (an estimate's figures, kept small). */
struct figures {
    double v[V_COUNT];
    int embodied_set;
};

struct group {
    char *key; /* the group-by values joined by '\x1f' */
    struct totals t;
};

/* The estimate cache: a table of 8-byte slots (a hash tag and an entry
 * index), small enough to stay in the processor's cache, over entries that
 * hold a request and its figures together, so that a hit reads one entry.
 * Token counts per request are at most 1e9 (count_of), within 32 bits. */
struct cache_slot {
    uint32_t tag;   /* the hash's high bits */
    uint32_t entry; /* index + 1 in u->entries; 0: an empty slot */
};

struct cache_entry {
    struct figures f;
    const struct aw_model *m;
    char *key; /* the other request fields --map names, '\x1f'-joined; NULL: none */
    uint32_t in, out, cached;
};

struct model_slot {
    char *name;                 /* as written in the log */
    const struct aw_model *m;   /* NULL: not in the catalog */
};

/* A catalog model's request without its token counts (the site applied,
 * the model set through the field table), built on its first row: the
 * rows of a model then cost a copy and three numbers, not a request built
 * from text (only when --map names no other request field); and its group
 * when grouping by model alone. Slots are picked by the model's address. */
struct model_request {
    const struct aw_model *m; /* NULL: an empty slot */
    struct aw_request req;
    const struct aw_model *group_m; /* the model of `group` (by model alone), or NULL */
    size_t group;                   /* index in u->groups */
};
#define MODEL_REQUESTS 64 /* a power of two; more models than that are built each time */

struct unknown {
    char *model;
    double requests;
    const char *nearest;
};

/* A field's value in the current line: a slice of the line or of the
 * scratch buffer. */
struct slice {
    const char *p;
    unsigned n;          /* a line is at most 4 GiB (the reader's limit is 64 MiB) */
    short prio;          /* lower wins: 2 x name rank + 1 in "attributes" */
    char bad;            /* a JSON value that is neither text nor a number */
    char seen;           /* a JSON key of the field was met (perhaps null) */
};

/* A key a field is read from: the JSON keys are looked up in a small hash
 * table rather than compared with every name. */
struct name_slot {
    const char *name; /* NULL: empty */
    size_t len;
    int field, rank;
};
#define NAME_SLOTS 256 /* a power of two, over twice F_MAX x (MAX_NAMES + 1) */

struct row {
    struct slice v[F_MAX];
    char model[MAX_FIELD], day[MAX_FIELD], project[MAX_FIELD], user[MAX_FIELD];
};

struct aw_usage {
    const aw_catalog *cat;
    struct name_slot name_table[NAME_SLOTS];
    struct aw_request site;
    int has_site;
    unsigned group_by;
    /* Names per field: [0] the --map name, then the defaults. */
    const char *names[F_MAX][MAX_NAMES + 1];
    char *mapped[F_MAX];
    const struct aw_request_field *extra_field[MAX_EXTRA];
    int n_extra;
    enum aw_usage_format format, current;
    int need_header;
    int header_refused; /* CSV: the header named no usable columns */
    int column[F_MAX]; /* CSV: column index of each field, -1 none */
    int max_column;    /* the last column any field needs */
    char *scratch;     /* unquoted and unescaped values of the current line */
    size_t scratch_cap;
    long rows, bad_rows;
    struct totals total;
    struct group *groups;
    size_t n_groups;
    size_t *group_slots; /* index + 1, 0 empty */
    size_t group_cap;
    struct cache_slot *cache;
    size_t cache_cap, cache_n;
    struct cache_entry *entries; /* cache_n of them, in the order cached */
    size_t entries_cap;
    /* Probes and hits once the cache is full, and the rows since the last
     * probe: a full cache that rarely hits is probed on one row in 16. */
    unsigned long full_probes, full_hits;
    unsigned skipped;
    struct model_slot *models;
    size_t models_cap, models_n;
    struct model_request *model_requests; /* MODEL_REQUESTS slots, or NULL */
    const struct aw_request_field *token_field[3]; /* input, output, cached tokens */
    struct aw_estimate *est; /* one estimate's room, reused */
    char extra_text[MAX_EXTRA][MAX_FIELD]; /* a row's other --map values, as req borrows them */
    struct unknown unknown[MAX_UNKNOWN];
    size_t n_unknown;
    double unknown_other;
    /* The last line, for aw_usage_last_row: its texts point into row. */
    struct aw_usage_row last;
    struct row *row;
    /* Days computed from Unix times and their texts, by day modulo 64
     * (logs come in time order, or cycle over a few weeks). */
    long long day_days[64];
    char day_text[64][11];
};

static unsigned long hash_bytes(const char *s, size_t n, unsigned long h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
    return h;
}

static unsigned long hash_str(const char *s, unsigned long h)
{
    return hash_bytes(s, strlen(s), h);
}

#define HASH_SEED 14695981039346656037UL

/* MurmurHash3's 64-bit finaliser: every input bit reaches the low bits
 * that pick a slot. (FNV-1a's last multiply leaves the low bits of the slot
 * a function of the low bits of the token counts alone: structured counts
 * fell into long runs of linear probing.) */
static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static void names_index(aw_usage *u);

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
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
    for (int k = 0; k < 64; k++)
        u->day_days[k] = -1;
    u->row = malloc(sizeof *u->row);
    u->est = malloc(sizeof *u->est);
    u->model_requests = calloc(MODEL_REQUESTS, sizeof *u->model_requests);
    if (u->row == NULL || u->est == NULL || u->model_requests == NULL) {
        free(u->row);
        free(u->est);
        free(u->model_requests);
        free(u);
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    }
    for (int f = 0; f < F_EXTRA; f++)
        for (int i = 0; i < MAX_NAMES; i++)
            u->names[f][i + 1] = default_names[f][i];
    names_index(u);
    u->token_field[0] = aw_request_field_find("input_tokens");
    u->token_field[1] = aw_request_field_find("output_tokens");
    u->token_field[2] = aw_request_field_find("cached_tokens");
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
    for (size_t i = 0; i < u->cache_n; i++)
        free(u->entries[i].key);
    free(u->cache);
    free(u->entries);
    for (size_t i = 0; i < u->models_cap; i++)
        free(u->models[i].name);
    free(u->models);
    for (size_t i = 0; i < u->n_unknown; i++)
        free(u->unknown[i].model);
    for (int f = 0; f < F_MAX; f++)
        free(u->mapped[f]);
    free(u->scratch);
    free(u->row);
    free(u->est);
    free(u->model_requests);
    free(u);
}

static aw_status set_name(aw_usage *u, int f, const char *column, struct aw_diag *diag)
{
    char *copy = dup_text(column);
    if (copy == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    free(u->mapped[f]);
    u->mapped[f] = copy;
    u->names[f][0] = copy;
    names_index(u);
    return AW_OK;
}

aw_status aw_usage_map(aw_usage *u, const char *field, const char *column, struct aw_diag *diag)
{
    /* The log's own fields first: "requests" here is the requests a row
     * (a bucket) counts, not the nameplate method's request rate. */
    for (int f = F_REQUESTS; f < F_EXTRA; f++)
        if (strcmp(field, row_fields[f]) == 0)
            return set_name(u, f, column, diag);
    const struct aw_request_field *rf = aw_request_field_find(field);
    if (rf == NULL || !(rf->commands & AW_CMD_ESTIMATE)) {
        aw__hint(diag, "fields: requests, day, project, user, and the options of "
                       "'aiwatt estimate' (model, input_tokens, output_tokens, cached_tokens, "
                       "hardware, datacenter, ...)");
        return aw__fail(diag, AW_E_INVALID, "unknown field '%s' in --map", field);
    }
    for (int f = F_MODEL; f <= F_CACHED; f++)
        if (strcmp(rf->name, row_fields[f]) == 0)
            return set_name(u, f, column, diag);
    for (int k = 0; k < u->n_extra; k++)
        if (u->extra_field[k] == rf)
            return set_name(u, F_EXTRA + k, column, diag);
    if (u->n_extra == MAX_EXTRA)
        return aw__fail(diag, AW_E_INVALID, "--map: at most %d request fields besides model "
                        "and tokens", MAX_EXTRA);
    u->extra_field[u->n_extra] = rf;
    return set_name(u, F_EXTRA + u->n_extra++, column, diag);
}

void aw_usage_begin_input(aw_usage *u, enum aw_usage_format format)
{
    u->format = format;
    u->current = format;
    u->need_header = 1;
    u->header_refused = 0;
}

/* ---- Values ------------------------------------------------------------ */

static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* ASCII eight bytes at a time: most logs are all ASCII. */
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < n) {
        unsigned c = p[i];
        size_t k;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0 && c >= 0xC2)
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
        /* No overlong 3-byte forms, no surrogates, nothing past U+10FFFF. */
        if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0) ||
            (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* `n` bytes of text NUL-terminated in buf (cut to fit: strtod needs a
 * string); returns the bytes copied. */
static size_t slice_copy(char *buf, size_t size, const char *text, size_t n)
{
    size_t k = n < size - 1 ? n : size - 1;
    memcpy(buf, text, k);
    buf[k] = '\0';
    return k;
}

/* A whole, non-negative token or request count from `n` bytes of text.
 * Empty text is 0. */
static aw_status count_of(const char *text, size_t n, const char *what, double *out,
                          struct aw_diag *diag)
{
    while (n > 0 && *text == ' ') {
        text++;
        n--;
    }
    while (n > 0 && text[n - 1] == ' ')
        n--;
    if (n == 0) {
        *out = 0;
        return AW_OK;
    }
    /* Plain digits, the common case, without strtod. */
    if (n <= 15) {
        double v = 0;
        size_t i = 0;
        while (i < n && text[i] >= '0' && text[i] <= '9')
            v = v * 10 + (text[i++] - '0');
        if (i == n) {
            if (v > MAX_TOKENS)
                return aw__fail(diag, AW_E_RANGE, "%s %.*s is more than one row can hold "
                                "(1 billion)", what, (int)(n < 40 ? n : 40), text);
            *out = v;
            return AW_OK;
        }
    }
    char buf[64];
    size_t k = slice_copy(buf, sizeof buf, text, n);
    char *end = NULL;
    double v = strtod(buf, &end);
    if (k < n || end == buf || *end != '\0' || !isfinite(v))
        return aw__fail(diag, AW_E_PARSE, "%s '%.40s' is not a number", what, buf);
    if (v < 0 || v != floor(v))
        return aw__fail(diag, AW_E_RANGE, "%s %.40s is not a whole count of 0 or more", what,
                        buf);
    if (v > MAX_TOKENS)
        return aw__fail(diag, AW_E_RANGE, "%s %.40s is more than one row can hold (1 billion)",
                        what, buf);
    *out = v;
    return AW_OK;
}

/* Days since 1970-01-01 to a date (Howard Hinnant's civil_from_days),
 * "YYYY-MM-DD"; empty outside 1970-9999. */
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
    int v[3] = {(int)year, (int)m, (int)d};
    out[0] = (char)('0' + v[0] / 1000);
    out[1] = (char)('0' + v[0] / 100 % 10);
    out[2] = (char)('0' + v[0] / 10 % 10);
    out[3] = (char)('0' + v[0] % 10);
    out[4] = out[7] = '-';
    out[5] = (char)('0' + v[1] / 10);
    out[6] = (char)('0' + v[1] % 10);
    out[8] = (char)('0' + v[2] / 10);
    out[9] = (char)('0' + v[2] % 10);
    out[10] = '\0';
}

/* Unix seconds (ms, ns when larger) to days; -1 when not a time a log
 * can hold. */
static long long days_of_seconds(double v)
{
    if (!(v > 0) || !isfinite(v))
        return -1;
    if (v > 1e17)
        v /= 1e9;
    else if (v > 1e11)
        v /= 1e3;
    if (v > 253402300799.0) /* after 9999-12-31 */
        return -1;
    return (long long)(v / 86400);
}

/* The day of a timestamp: "YYYY-MM-DD..." text, or Unix seconds (ms, ns
 * when larger). Empty when there is none. */
static void day_of(aw_usage *u, const char *text, size_t n, char out[11])
{
    out[0] = '\0';
    if (n >= 10 && text[4] == '-' && text[7] == '-') {
        memcpy(out, text, 10);
        out[10] = '\0';
        return;
    }
    long long days;
    size_t i = 0;
    uint64_t whole = 0;
    while (i < n && i < 19 && text[i] >= '0' && text[i] <= '9')
        whole = whole * 10 + (uint64_t)(text[i++] - '0');
    if (i == n && n > 0) {
        /* whole seconds, ms or ns: integer arithmetic, no strtod */
        if (whole > 100000000000000000ULL)
            whole /= 1000000000ULL;
        else if (whole > 100000000000ULL)
            whole /= 1000ULL;
        days = whole == 0 || whole > 253402300799ULL ? -1 : (long long)(whole / 86400);
    } else {
        char buf[64];
        slice_copy(buf, sizeof buf, text, n);
        char *end = NULL;
        double v = strtod(buf, &end);
        days = end == buf ? -1 : days_of_seconds(v);
    }
    if (days < 0)
        return;
    unsigned k = (unsigned)(days & 63);
    if (days != u->day_days[k]) {
        date_of(days, u->day_text[k]);
        u->day_days[k] = days;
    }
    memcpy(out, u->day_text[k], 11);
}

/* ---- Rows --------------------------------------------------------------- */


static void copy_text(char *dst, const struct slice *s)
{
    size_t n = s->p != NULL ? s->n : 0;
    if (n >= MAX_FIELD)
        n = MAX_FIELD - 1;
    if (n > 0)
        memcpy(dst, s->p, n);
    dst[n] = '\0';
}

/* Makes room for `n` bytes of unquoted or unescaped text. */
static int scratch_reserve(aw_usage *u, size_t n)
{
    if (n <= u->scratch_cap)
        return 0;
    size_t cap = u->scratch_cap ? u->scratch_cap : 4096;
    while (cap < n)
        cap *= 2;
    char *s = realloc(u->scratch, cap);
    if (s == NULL)
        return -1;
    u->scratch = s;
    u->scratch_cap = cap;
    return 0;
}

struct column {
    const char *p;
    size_t n;
};

/* Splits a CSV line (RFC 4180 quotes) into its first `max` columns;
 * quoted columns are unquoted into `buf` (room for `len` bytes). Returns
 * the count, or -1 for a broken quote. */
static int split_csv(const char *line, size_t len, char *buf, struct column *cols, int max)
{
    int n = 0;
    size_t i = 0;
    char *o = buf;
    for (;;) {
        struct column c;
        if (i < len && line[i] == '"') {
            c.p = o;
            i++;
            for (;;) {
                if (i >= len)
                    return -1;
                const char *q = memchr(line + i, '"', len - i);
                if (q == NULL)
                    return -1;
                size_t k = (size_t)(q - line) - i;
                memcpy(o, line + i, k);
                o += k;
                i += k;
                if (i + 1 < len && line[i + 1] == '"') {
                    *o++ = '"';
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            c.n = (size_t)(o - c.p);
            if (i < len && line[i] != ',')
                return -1;
        } else {
            /* Columns are short: a plain loop beats a call to memchr. */
            size_t end = i;
            while (end < len && line[end] != ',')
                end++;
            c.p = line + i;
            c.n = end - i;
            i = end;
        }
        if (n < max)
            cols[n] = c;
        n++;
        if (i >= len || n >= max)
            break;
        i++; /* the comma */
    }
    return n;
}

/* ASCII case-insensitive equality of n bytes of text and a name. */
static int slice_caseeq(const char *p, size_t n, const char *name, size_t name_len)
{
    if (n != name_len)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)p[i], b = (unsigned char)name[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b + 32);
        if (a != b)
            return 0;
    }
    return 1;
}

static aw_status csv_header(aw_usage *u, const char *line, size_t len, struct aw_diag *diag)
{
    struct column cols[MAX_COLUMNS];
    if (scratch_reserve(u, len + 1) != 0)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    int n = split_csv(line, len, u->scratch, cols, MAX_COLUMNS);
    u->need_header = 0;
    u->header_refused = 1; /* until it is found good */
    if (n < 0)
        return aw__fail(diag, AW_E_PARSE, "header: a quoted column name is not closed");
    if (n > MAX_COLUMNS)
        n = MAX_COLUMNS;
    u->max_column = -1;
    for (int f = 0; f < F_MAX; f++) {
        u->column[f] = -1;
        for (int k = 0; k <= MAX_NAMES && u->column[f] < 0; k++) {
            const char *name = u->names[f][k];
            size_t nl = name != NULL ? strlen(name) : 0;
            for (int c = 0; name != NULL && c < n; c++)
                if (slice_caseeq(cols[c].p, cols[c].n, name, nl)) {
                    u->column[f] = c;
                    break;
                }
        }
        if (u->column[f] > u->max_column)
            u->max_column = u->column[f];
    }
    if (u->column[F_MODEL] < 0 || (u->column[F_IN] < 0 && u->column[F_OUT] < 0)) {
        aw__hint(diag, "name the columns with --map model=COL,input_tokens=COL,"
                       "output_tokens=COL");
        return aw__fail(diag, AW_E_PARSE, "header: no model column or no token columns");
    }
    for (int k = 0; k < u->n_extra; k++)
        if (u->column[F_EXTRA + k] < 0)
            return aw__fail(diag, AW_E_PARSE, "header: no column '%s' (--map %s)",
                            u->names[F_EXTRA + k][0], u->extra_field[k]->name);
    u->header_refused = 0;
    return AW_OK;
}

static aw_status csv_row(aw_usage *u, const char *line, size_t len, struct row *r,
                         struct aw_diag *diag)
{
    struct column cols[MAX_COLUMNS];
    if (u->header_refused)
        return aw__fail(diag, AW_E_PARSE, "no row is read under a refused header (its "
                        "line says why)");
    if (scratch_reserve(u, len + 1) != 0)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    int n = split_csv(line, len, u->scratch, cols, u->max_column + 1);
    if (n < 0)
        return aw__fail(diag, AW_E_PARSE, "a quoted field is not closed");
    for (int f = 0; f < F_EXTRA + u->n_extra; f++) {
        int c = u->column[f];
        if (c >= 0 && c < n) {
            r->v[f].p = cols[c].p;
            r->v[f].n = (unsigned)cols[c].n;
        }
    }
    return AW_OK;
}

/* ---- A JSON line, scanned -------------------------------------------------
 * A validating scanner for one JSON object: it checks the grammar (RFC 8259)
 * and keeps the values of the keys the fields are read from, as slices. */

struct scan {
    aw_usage *u;
    const char *p, *end;
    char *out; /* unescaped strings go here (scratch) */
    struct row *r;
    int depth;
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A string at s->p (at its '"'): its text as a slice (unescaped into the
 * scratch when it holds escapes). -1 when malformed. */
static int scan_string(struct scan *s, struct slice *out)
{
    const char *p = s->p + 1;
    const char *start = p;
    while (p < s->end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
        p++;
    if (p < s->end && *p == '"') {
        out->p = start;
        out->n = (size_t)(p - start);
        s->p = p + 1;
        return 0;
    }
    char *o = s->out;
    memcpy(o, start, (size_t)(p - start));
    o += p - start;
    for (;;) {
        if (p >= s->end || (unsigned char)*p < 0x20)
            return -1;
        if (*p == '"')
            break;
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        if (++p >= s->end)
            return -1;
        char e = *p++;
        switch (e) {
        case '"': case '\\': case '/':
            *o++ = e;
            break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) {
                int h = p + i < s->end ? hexval(p[i]) : -1;
                if (h < 0)
                    return -1;
                cp = cp * 16 + (unsigned)h;
            }
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00) { /* a surrogate pair */
                unsigned lo = 0;
                if (s->end - p < 6 || p[0] != '\\' || p[1] != 'u')
                    return -1;
                for (int i = 0; i < 4; i++) {
                    int h = hexval(p[2 + i]);
                    if (h < 0)
                        return -1;
                    lo = lo * 16 + (unsigned)h;
                }
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return -1;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if ((cp >= 0xDC00 && cp < 0xE000) || cp == 0) {
                return -1; /* a lone low surrogate; NUL (as jansson refuses it) */
            }
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | cp >> 6);
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | cp >> 12);
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | cp >> 18);
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            return -1;
        }
    }
    out->p = s->out;
    out->n = (size_t)(o - s->out);
    s->out = o;
    s->p = p + 1;
    return 0;
}

static void skip_ws(struct scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

/* The walk of an object or array, shared by every reader below:
 *   for (int more = scan_open(s, close); more == 1; more = scan_next(s, close))
 * with scan_name before each member of an object. */

/* Enters the object or array at s->p (close: '}' or ']'): 1 when members
 * follow, 0 when it is empty (consumed), -1 when nested too deep. */
static int scan_open(struct scan *s, char close)
{
    if (++s->depth > JSON_MAX_DEPTH)
        return -1;
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        s->depth--;
        return 0;
    }
    return 1;
}

/* A member's name and its ':' (blanks around them skipped): 0, or -1. */
static int scan_name(struct scan *s, struct slice *name)
{
    skip_ws(s);
    if (s->p >= s->end || *s->p != '"' || scan_string(s, name) != 0)
        return -1;
    skip_ws(s);
    if (s->p >= s->end || *s->p != ':')
        return -1;
    s->p++;
    skip_ws(s);
    return 0;
}

/* After a member or element: 1 at ',' (another follows), 0 at `close` (the
 * object or array ends, consumed), -1 at anything else. */
static int scan_next(struct scan *s, char close)
{
    skip_ws(s);
    if (s->p < s->end && *s->p == ',') {
        s->p++;
        return 1;
    }
    if (s->p < s->end && *s->p == close) {
        s->p++;
        s->depth--;
        return 0;
    }
    return -1;
}

static int scan_number(struct scan *s)
{
    const char *p = s->p;
    if (p < s->end && *p == '-')
        p++;
    if (p >= s->end)
        return -1;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (p < s->end && *p >= '0' && *p <= '9')
            p++;
    } else {
        return -1;
    }
    if (p < s->end && *p == '.') {
        p++;
        if (p >= s->end || *p < '0' || *p > '9')
            return -1;
        while (p < s->end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < s->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < s->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= s->end || *p < '0' || *p > '9')
            return -1;
        while (p < s->end && *p >= '0' && *p <= '9')
            p++;
    }
    s->p = p;
    return 0;
}

enum { J_BAD = -1, J_STRING, J_NUMBER, J_NULL, J_OTHER };

static int scan_value(struct scan *s, struct slice *text);

static int scan_literal(struct scan *s, const char *word, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return -1;
    s->p += n;
    return 0;
}

/* An object or array, validated and skipped. */
static int scan_container(struct scan *s)
{
    char close = *s->p == '{' ? '}' : ']';
    int more;
    for (more = scan_open(s, close); more == 1; more = scan_next(s, close)) {
        struct slice ignored;
        skip_ws(s);
        if (close == '}' && scan_name(s, &ignored) != 0)
            return -1;
        if (scan_value(s, &ignored) == J_BAD)
            return -1;
    }
    return more;
}

/* Any value at s->p: its kind, and its text for strings and numbers. */
static int scan_value(struct scan *s, struct slice *text)
{
    if (s->p >= s->end)
        return J_BAD;
    const char *start = s->p;
    switch (*s->p) {
    case '"':
        return scan_string(s, text) == 0 ? J_STRING : J_BAD;
    case '{':
    case '[':
        return scan_container(s) == 0 ? J_OTHER : J_BAD;
    case 't':
        return scan_literal(s, "true", 4) == 0 ? J_OTHER : J_BAD;
    case 'f':
        return scan_literal(s, "false", 5) == 0 ? J_OTHER : J_BAD;
    case 'n':
        return scan_literal(s, "null", 4) == 0 ? J_NULL : J_BAD;
    default:
        if (scan_number(s) != 0)
            return J_BAD;
        text->p = start;
        text->n = (size_t)(s->p - start);
        return J_NUMBER;
    }
}

/* Rebuilds the name table from u->names (after a --map). A name listed for
 * two fields, or twice, keeps its first (best) place. */
static void names_index(aw_usage *u)
{
    memset(u->name_table, 0, sizeof u->name_table);
    for (int k = 0; k <= MAX_NAMES; k++)
        for (int f = 0; f < F_MAX; f++) {
            const char *name = u->names[f][k];
            if (name == NULL)
                continue;
            size_t len = strlen(name);
            size_t h = hash_bytes(name, len, HASH_SEED) & (NAME_SLOTS - 1);
            int taken = 0;
            while (u->name_table[h].name != NULL) {
                if (u->name_table[h].len == len && memcmp(u->name_table[h].name, name, len) == 0) {
                    /* the same name: the better rank stays (rank, then field) */
                    taken = 1;
                    break;
                }
                h = (h + 1) & (NAME_SLOTS - 1);
            }
            if (!taken)
                u->name_table[h] = (struct name_slot){name, len, f, k};
        }
}

/* The field and name rank `key` is read for, or -1. */
static int field_of_key(const aw_usage *u, const struct slice *key, int *rank)
{
    size_t h = hash_bytes(key->p, key->n, HASH_SEED) & (NAME_SLOTS - 1);
    while (u->name_table[h].name != NULL) {
        const struct name_slot *e = &u->name_table[h];
        if (e->len == key->n && memcmp(e->name, key->p, key->n) == 0) {
            *rank = e->rank;
            return e->field;
        }
        h = (h + 1) & (NAME_SLOTS - 1);
    }
    return -1;
}

/* Keeps a value for field f when it beats what the row holds (a better
 * name; on a tie, the later key, as a JSON object reader keeps it). */
static void keep(struct row *r, int f, int prio, int kind, const struct slice *text)
{
    struct slice *v = &r->v[f];
    if (v->seen && prio > v->prio)
        return;
    v->seen = 1;
    v->prio = prio;
    v->bad = kind == J_OTHER;
    /* null: the field is absent (a worse name is not tried, as with a
     * JSON object reader asked for the better name first). */
    v->p = kind == J_STRING || kind == J_NUMBER ? text->p : NULL;
    v->n = v->p != NULL ? text->n : 0;
}

/* An OpenTelemetry attribute value: {"stringValue": ...}, {"intValue": ...}
 * or {"doubleValue": ...} (the first of those present, in that order), or
 * the value itself. */
static int scan_otel_value(struct scan *s, struct slice *text)
{
    skip_ws(s);
    if (s->p >= s->end || *s->p != '{')
        return scan_value(s, text);
    int kinds[3] = {J_BAD, J_BAD, J_BAD};
    struct slice vals[3];
    static const char *const names[3] = {"stringValue", "intValue", "doubleValue"};
    int more = scan_open(s, '}');
    if (more == 0)
        return J_OTHER;
    for (; more == 1; more = scan_next(s, '}')) {
        struct slice key, val = {0};
        if (scan_name(s, &key) != 0)
            return J_BAD;
        int kind = scan_value(s, &val);
        if (kind == J_BAD)
            return J_BAD;
        for (int i = 0; i < 3; i++)
            if (key.n == strlen(names[i]) && memcmp(key.p, names[i], key.n) == 0) {
                kinds[i] = kind;
                vals[i] = val;
            }
    }
    if (more < 0)
        return J_BAD;
    for (int i = 0; i < 3; i++)
        if (kinds[i] != J_BAD) {
            *text = vals[i];
            return kinds[i];
        }
    return J_OTHER;
}

/* "attributes": {"k": v, ...} or [{"key": "k", "value": v}, ...]. */
static int scan_attributes(struct scan *s)
{
    skip_ws(s);
    if (s->p >= s->end)
        return -1;
    int more;
    if (*s->p == '{') {
        for (more = scan_open(s, '}'); more == 1; more = scan_next(s, '}')) {
            struct slice key, val = {0};
            if (scan_name(s, &key) != 0)
                return -1;
            int rank, f = field_of_key(s->u, &key, &rank);
            int kind = f >= 0 ? scan_otel_value(s, &val) : scan_value(s, &val);
            if (kind == J_BAD)
                return -1;
            if (f >= 0)
                keep(s->r, f, 2 * rank + 1, kind, &val);
        }
        return more;
    }
    if (*s->p != '[') {
        struct slice ignored;
        return scan_value(s, &ignored) == J_BAD ? -1 : 0;
    }
    for (more = scan_open(s, ']'); more == 1; more = scan_next(s, ']')) {
        skip_ws(s);
        if (s->p >= s->end)
            return -1;
        if (*s->p != '{') { /* not a key/value pair: valid JSON, no field */
            struct slice ignored;
            if (scan_value(s, &ignored) == J_BAD)
                return -1;
            continue;
        }
        /* {"key": K, "value": V} in either order: V is scanned again once K
         * is known. */
        struct slice key = {0};
        const char *value_at = NULL;
        int inner;
        for (inner = scan_open(s, '}'); inner == 1; inner = scan_next(s, '}')) {
            struct slice name, val = {0};
            if (scan_name(s, &name) != 0)
                return -1;
            const char *at = s->p;
            int kind = scan_value(s, &val);
            if (kind == J_BAD)
                return -1;
            if (name.n == 3 && memcmp(name.p, "key", 3) == 0)
                key = kind == J_STRING ? val : (struct slice){0};
            else if (name.n == 5 && memcmp(name.p, "value", 5) == 0)
                value_at = at;
        }
        if (inner < 0)
            return -1;
        int rank, f = key.p != NULL ? field_of_key(s->u, &key, &rank) : -1;
        if (f >= 0 && value_at != NULL) {
            struct scan again = *s;
            struct slice val = {0};
            again.p = value_at;
            int kind = scan_otel_value(&again, &val);
            s->out = again.out;
            keep(s->r, f, 2 * rank + 1, kind, &val);
        }
    }
    return more;
}

/* The members of a row's object (s->p at its '{'): 0, or -1 with s->p where
 * it is malformed. */
static int scan_row_object(struct scan *s)
{
    int more;
    for (more = scan_open(s, '}'); more == 1; more = scan_next(s, '}')) {
        struct slice key, val = {0};
        if (scan_name(s, &key) != 0)
            return -1;
        int rank, f = field_of_key(s->u, &key, &rank);
        if (f < 0 && key.n == 10 && memcmp(key.p, "attributes", 10) == 0) {
            if (scan_attributes(s) != 0)
                return -1;
        } else {
            int kind = scan_value(s, &val);
            if (kind == J_BAD)
                return -1;
            if (f >= 0)
                keep(s->r, f, 2 * rank, kind, &val);
        }
    }
    return more;
}

static aw_status json_row(aw_usage *u, const char *line, size_t len, struct row *r,
                          struct aw_diag *diag)
{
    /* Unescaped text is never longer than its escaped form. */
    if (scratch_reserve(u, len + 1) != 0)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    struct scan s = {u, line, line + len, u->scratch, r, 0};
    skip_ws(&s);
    if (s.p >= s.end || *s.p != '{')
        return aw__fail(diag, AW_E_PARSE, "not a JSON object");
    int ok = scan_row_object(&s) == 0;
    if (ok) {
        skip_ws(&s);
        ok = s.p == s.end;
    }
    if (!ok)
        return aw__fail(diag, AW_E_PARSE, "not a JSON object (malformed at byte %zu)",
                        (size_t)(s.p - line) + 1);
    for (int f = 0; f < F_EXTRA + u->n_extra; f++)
        if (r->v[f].bad)
            return aw__fail(diag, AW_E_PARSE, "field '%s' is neither text nor a number",
                            f < F_EXTRA ? row_fields[f] : u->extra_field[f - F_EXTRA]->name);
    return AW_OK;
}

/* ---- Aggregation -------------------------------------------------------- */

/* n requests of `e` as fixed-point increments; AW_E_RANGE when one is
 * beyond what a total can hold. */
static aw_status increments(const struct figures *e, double n, fixed add[V_COUNT],
                            struct aw_diag *diag)
{
    for (int k = 0; k < V_COUNT; k++) {
        double x = (k == V_EMBODIED && !e->embodied_set) ? 0 : n * e->v[k];
        double scaled = x * 0x1p60; /* exact: a power of two */
        if (fabs(scaled) < 0x1p62)
            add[k] = (int64_t)scaled; /* the common case, without __int128 conversion */
        else if (fabs(x) < FIXED_MAX_UNITS)
            add[k] = (fixed)scaled;
        else
            return aw__fail(diag, AW_E_RANGE, "this row's impacts are beyond what a total "
                            "can hold");
    }
    return AW_OK;
}

/* 0 when the increments can be added to t without leaving the
 * fixed-point range, else -1. */
static int totals_check(const struct totals *t, const fixed add[V_COUNT])
{
    fixed sum;
    for (int k = 0; k < V_COUNT; k++)
        if (__builtin_add_overflow(t->v[k], add[k], &sum))
            return -1;
    return 0;
}

/* Adds the increments of n requests to t (totals_check said they fit). */
static void totals_add(struct totals *t, const fixed add[V_COUNT], int embodied_set, double n,
                       double in, double out)
{
    for (int k = 0; k < V_COUNT; k++)
        t->v[k] += add[k];
    t->requests += n;
    t->input_tokens += in;
    t->output_tokens += out;
    if (!embodied_set)
        t->embodied_unknown = 1;
}

static int totals_merge(struct totals *t, const struct totals *s)
{
    fixed sum[V_COUNT];
    for (int k = 0; k < V_COUNT; k++)
        if (__builtin_add_overflow(t->v[k], s->v[k], &sum[k]))
            return -1;
    memcpy(t->v, sum, sizeof sum);
    t->requests += s->requests;
    t->input_tokens += s->input_tokens;
    t->output_tokens += s->output_tokens;
    t->embodied_unknown |= s->embodied_unknown;
    return 0;
}

/* The group of `key` (n bytes), created when new; NULL when out of memory. */
static struct group *group_find(aw_usage *u, const char *key, size_t n)
{
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
            size_t h = hash_str(u->groups[i].key, HASH_SEED) & (cap - 1);
            while (slots[h])
                h = (h + 1) & (cap - 1);
            slots[h] = i + 1;
        }
        free(u->group_slots);
        u->group_slots = slots;
        u->group_cap = cap;
    }
    size_t h = hash_bytes(key, n, HASH_SEED) & (u->group_cap - 1);
    while (u->group_slots[h]) {
        struct group *g = &u->groups[u->group_slots[h] - 1];
        if (strncmp(g->key, key, n) == 0 && g->key[n] == '\0')
            return g;
        h = (h + 1) & (u->group_cap - 1);
    }
    struct group *g = &u->groups[u->n_groups];
    memset(g, 0, sizeof *g);
    g->key = malloc(n + 1);
    if (g->key == NULL)
        return NULL;
    memcpy(g->key, key, n);
    g->key[n] = '\0';
    u->group_slots[h] = ++u->n_groups;
    return g;
}

static struct group *group_for(aw_usage *u, const struct row *r, const struct aw_model *m)
{
    /* By model alone (the default): the model's group is remembered. */
    struct model_request *slot = NULL;
    if (u->group_by == AW_USAGE_BY_MODEL) {
        slot = &u->model_requests[mix64((uint64_t)(uintptr_t)m) & (MODEL_REQUESTS - 1)];
        if (slot->group_m == m)
            return &u->groups[slot->group];
    }
    const char *model = m->id;
    char key[4 * MAX_FIELD + 4];
    size_t n = 0;
    const char *values[4] = {model, r->day, r->project, r->user};
    const unsigned bits[4] = {AW_USAGE_BY_MODEL, AW_USAGE_BY_DAY, AW_USAGE_BY_PROJECT,
                              AW_USAGE_BY_USER};
    for (int i = 0; i < 4; i++) {
        if (!(u->group_by & bits[i]))
            continue;
        size_t l = strlen(values[i]);
        memcpy(key + n, values[i], l);
        n += l;
        key[n++] = '\x1f';
    }
    key[n] = '\0';
    struct group *g = group_find(u, key, n);
    if (slot != NULL && g != NULL) {
        slot->group_m = m;
        slot->group = (size_t)(g - u->groups);
    }
    return g;
}

static unsigned long cache_hash(const struct aw_model *m, const char *key, uint32_t in,
                                uint32_t out, uint32_t cached)
{
    uint64_t h = (uint64_t)(uintptr_t)m;
    if (key[0] != '\0')
        h = hash_str(key, h);
    h = mix64(h ^ ((uint64_t)in << 32 | out));
    return (unsigned long)mix64(h ^ cached);
}

/* Doubles the cache's slots (while below CACHE_MAX). -1 when out of memory. */
static int cache_grow(aw_usage *u)
{
    size_t cap = u->cache_cap ? u->cache_cap * 2 : 1024;
    struct cache_slot *c = calloc(cap, sizeof *c);
    if (c == NULL)
        return -1;
    for (size_t k = 0; k < u->cache_n; k++) {
        const struct cache_entry *old = &u->entries[k];
        unsigned long h = cache_hash(old->m, old->key != NULL ? old->key : "", old->in, old->out,
                                     old->cached);
        size_t j = h & (cap - 1);
        while (c[j].entry != 0)
            j = (j + 1) & (cap - 1);
        c[j] = (struct cache_slot){(uint32_t)(h >> 32), (uint32_t)k + 1};
    }
    free(u->cache);
    u->cache = c;
    u->cache_cap = cap;
    return 0;
}

/* Sets one field of `req` through the request-field table. */
static aw_status set_field(struct aw_request *req, const char *name, const char *value,
                           struct aw_diag *diag)
{
    const struct aw_request_field *f = aw_request_field_find(name);
    return aw_request_set_field(req, f, name, value, diag);
}

/* The request of a row, built field by field through the request-field
 * table, as `aiwatt estimate --model M --input-tokens I ...` builds it.
 * Token counts the table takes as they are (within its range) are set on a
 * copy of the model's request; others, and rows with other --map fields,
 * go through the table as text, which refuses them with its message. */
static aw_status row_request(aw_usage *u, const struct aw_model *m, const struct row *r,
                             long in_l, long out_l, long cached_l, struct aw_request *req,
                             struct aw_diag *diag)
{
    const long counts[3] = {in_l, out_l, cached_l};
    int plain = u->n_extra == 0;
    for (int k = 0; k < 3 && plain; k++)
        plain = u->token_field[k] != NULL && counts[k] >= u->token_field[k]->min &&
                counts[k] <= u->token_field[k]->max;
    if (plain) {
        struct model_request *t =
            &u->model_requests[mix64((uint64_t)(uintptr_t)m) & (MODEL_REQUESTS - 1)];
        if (t->m != m) {
            aw_request_init(&t->req);
            if (u->has_site)
                aw_request_apply_site(&t->req, &u->site);
            t->m = NULL;
            aw_status st = set_field(&t->req, "model", m->id, diag);
            if (st != AW_OK)
                return st;
            t->m = m;
        }
        *req = t->req;
        req->input_tokens = in_l;
        req->output_tokens = out_l;
        if (cached_l > 0)
            req->cached_tokens = cached_l;
        return AW_OK;
    }
    aw_request_init(req);
    if (u->has_site)
        aw_request_apply_site(req, &u->site);
    char text[3][32];
    char (*extra)[MAX_FIELD] = u->extra_text; /* borrowed by req: kept in u */
    snprintf(text[0], sizeof text[0], "%ld", in_l);
    snprintf(text[1], sizeof text[1], "%ld", out_l);
    snprintf(text[2], sizeof text[2], "%ld", cached_l);
    aw_status st = set_field(req, "model", m->id, diag);
    if (st == AW_OK)
        st = set_field(req, "input_tokens", text[0], diag);
    if (st == AW_OK)
        st = set_field(req, "output_tokens", text[1], diag);
    if (st == AW_OK && cached_l > 0)
        st = set_field(req, "cached_tokens", text[2], diag);
    for (int k = 0; k < u->n_extra && st == AW_OK; k++) {
        copy_text(extra[k], &r->v[F_EXTRA + k]);
        if (extra[k][0] != '\0') /* empty: the default */
            st = aw_request_set_field(req, u->extra_field[k], u->extra_field[k]->name,
                                      extra[k], diag);
    }
    return st;
}

/* The estimate of one request: from the cache, or computed and cached
 * (when the cache is full, computed into `scratch`). `key` holds the other
 * request fields' values, '\x1f'-joined ("" when --map names none). */
static aw_status estimate(aw_usage *u, const struct aw_model *m, const struct row *r,
                          const char *key, long in_l, long out_l, long cached_l,
                          struct figures *scratch, const struct figures **e, struct aw_diag *diag)
{
    uint32_t in = (uint32_t)in_l, out = (uint32_t)out_l, cached = (uint32_t)cached_l;
    if (u->cache_n * 2 >= u->cache_cap && u->cache_cap < CACHE_MAX && cache_grow(u) != 0)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    /* Full (it keeps no new request) and hitting under 1 row in 64: a log
     * of raw token counts, where almost every request is new. A probe there
     * costs a cache miss and a skipped one at most an estimate computed
     * again (the same figures), so only one row in 16 probes, to notice
     * when hits come back. */
    int full = u->cache_n * 2 >= u->cache_cap && u->cache_cap >= CACHE_MAX;
    int probe = !full || u->full_probes < 4096 || u->full_hits * 64 >= u->full_probes ||
                ++u->skipped % 16 == 0;
    size_t i = 0; /* the free slot a new request is kept in (probed: not full) */
    uint32_t tag = 0;
    if (probe) {
        if (full && ++u->full_probes >= (1UL << 20)) { /* recent rows weigh most */
            u->full_probes /= 2;
            u->full_hits /= 2;
        }
        unsigned long h = cache_hash(m, key, in, out, cached);
        tag = (uint32_t)(h >> 32);
        i = h & (u->cache_cap - 1);
        while (u->cache[i].entry != 0) {
            const struct cache_slot *slot = &u->cache[i];
            const struct cache_entry *c = &u->entries[slot->entry - 1];
            if (slot->tag == tag && c->m == m && c->in == in && c->out == out &&
                c->cached == cached &&
                (key[0] == '\0' ? c->key == NULL
                                 : c->key != NULL && strcmp(c->key, key) == 0)) {
                u->full_hits += (unsigned long)full;
                *e = &c->f;
                return AW_OK;
            }
            i = (i + 1) & (u->cache_cap - 1);
        }
    }
    struct aw_request req;
    aw_status st = row_request(u, m, r, in_l, out_l, cached_l, &req, diag);
    if (st != AW_OK)
        return st;
    struct aw_estimate *est = u->est;
    st = aw_estimate_request(u->cat, &req, est, diag);
    if (st != AW_OK)
        return st;
    scratch->v[V_ACCEL] = est->wh.accelerator_wh;
    scratch->v[V_SERVER] = est->wh.server_wh;
    scratch->v[V_IT] = est->wh.it_wh;
    scratch->v[V_FACILITY] = est->wh.facility_wh;
    scratch->v[V_CO2] = est->co2_g;
    scratch->v[V_CO2_MARKET] = est->co2_market_g;
    scratch->v[V_WATER] = est->water_ml;
    scratch->v[V_WATER_ON] = est->water_onsite_ml;
    scratch->v[V_WATER_OFF] = est->water_offsite_ml;
    scratch->v[V_EMBODIED] = est->embodied.co2_g;
    scratch->embodied_set = est->embodied.set;
    *e = scratch;
    if (u->cache_n * 2 >= u->cache_cap)
        return AW_OK; /* full: not kept */
    if (u->cache_n == u->entries_cap) {
        size_t cap = u->entries_cap ? u->entries_cap * 2 : 512;
        struct cache_entry *grown = realloc(u->entries, cap * sizeof *grown);
        if (grown == NULL)
            return AW_OK; /* not kept */
        u->entries = grown;
        u->entries_cap = cap;
    }
    struct cache_entry *c = &u->entries[u->cache_n];
    c->key = NULL; /* none: no other --map field (most logs), no allocation */
    if (key[0] != '\0' && (c->key = dup_text(key)) == NULL)
        return AW_OK;
    c->f = *scratch;
    c->m = m;
    c->in = in;
    c->out = out;
    c->cached = cached;
    u->cache[i] = (struct cache_slot){tag, (uint32_t)++u->cache_n};
    *e = &c->f;
    return AW_OK;
}

/* A model as providers spell it in logs, when the catalog does not know
 * the name as written: a routing prefix ("openai/gpt-4o", LiteLLM's
 * "anthropic/...", Gemini's "models/gemini-2.5-flash", "vertex_ai/...")
 * is dropped, then an Amazon Bedrock model id's region and provider
 * ("us.anthropic.claude-sonnet-4-5-20250929-v1:0") and version suffix, and
 * Vertex AI's '@' before a date ("claude-opus-4-1@20250805") is read as
 * '-'. NULL when the catalog knows none of these. */
static const struct aw_model *find_log_model(const aw_catalog *cat, const char *name)
{
    const struct aw_model *m = aw_catalog_find_model(cat, name);
    if (m != NULL)
        return m;
    const char *slash = strrchr(name, '/');
    const char *base = slash != NULL ? slash + 1 : name;
    if (slash != NULL && (m = aw_catalog_find_model(cat, base)) != NULL)
        return m;
    char id[MAX_FIELD];
    size_t n = strlen(base);
    if (n >= sizeof id)
        return NULL;
    memcpy(id, base, n + 1);
    static const char *const regions[] = {"us.", "eu.", "apac.", "global.", "us-gov."};
    static const char *const makers[] = {"anthropic.", "meta.", "mistral.", "amazon.",
                                         "cohere.", "ai21.", "deepseek.", "openai.", "qwen."};
    char *p = id;
    for (size_t k = 0; k < sizeof regions / sizeof regions[0]; k++)
        if (strncmp(p, regions[k], strlen(regions[k])) == 0) {
            p += strlen(regions[k]);
            break;
        }
    int bedrock = 0;
    for (size_t k = 0; k < sizeof makers / sizeof makers[0]; k++)
        if (strncmp(p, makers[k], strlen(makers[k])) == 0) {
            p += strlen(makers[k]);
            bedrock = 1;
            break;
        }
    if (bedrock) { /* "-v1:0", "-v2", ":0" at the end */
        char *colon = strrchr(p, ':');
        if (colon != NULL)
            *colon = '\0';
        char *v = strrchr(p, '-');
        if (v != NULL && v[1] == 'v' && v[2] >= '0' && v[2] <= '9' &&
            strspn(v + 2, "0123456789") == strlen(v + 2))
            *v = '\0';
    }
    char *at = strchr(p, '@');
    if (at != NULL)
        *at = '-';
    return (bedrock || at != NULL) ? aw_catalog_find_model(cat, p) : NULL;
}

/* The catalog model of a name as written in a log (aliases included),
 * remembered per name; NULL when the catalog has none. */
static const struct aw_model *model_of(aw_usage *u, const char *name)
{
    if (u->models_n * 2 >= u->models_cap && u->models_cap < MODELS_MAX) {
        size_t cap = u->models_cap ? u->models_cap * 2 : 64;
        struct model_slot *s = calloc(cap, sizeof *s);
        if (s != NULL) {
            for (size_t k = 0; k < u->models_cap; k++) {
                if (u->models[k].name == NULL)
                    continue;
                size_t j = hash_str(u->models[k].name, HASH_SEED) & (cap - 1);
                while (s[j].name != NULL)
                    j = (j + 1) & (cap - 1);
                s[j] = u->models[k];
            }
            free(u->models);
            u->models = s;
            u->models_cap = cap;
        }
    }
    if (u->models_cap == 0)
        return find_log_model(u->cat, name);
    size_t i = hash_str(name, HASH_SEED) & (u->models_cap - 1);
    while (u->models[i].name != NULL) {
        if (strcmp(u->models[i].name, name) == 0)
            return u->models[i].m;
        i = (i + 1) & (u->models_cap - 1);
    }
    const struct aw_model *m = find_log_model(u->cat, name);
    if (u->models_n * 2 < u->models_cap) {
        u->models[i].name = dup_text(name);
        if (u->models[i].name != NULL) {
            u->models[i].m = m;
            u->models_n++;
        }
    }
    return m;
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
    k->model = dup_text(model);
    if (k->model == NULL) {
        u->unknown_other += n;
        return;
    }
    k->requests = n;
    k->nearest = aw_catalog_suggest(u->cat, AW_SECTION_MODELS, model);
    u->n_unknown++;
}

static aw_status add_row(aw_usage *u, struct row *r, struct aw_diag *diag)
{
    struct aw_usage_row *last = &u->last;
    copy_text(r->model, &r->v[F_MODEL]);
    if (r->model[0] == '\0')
        return aw__fail(diag, AW_E_PARSE, "no model");
    double in = 0, out = 0, cached = 0, n = 1;
    aw_status st = count_of(r->v[F_IN].p, r->v[F_IN].n, "input_tokens", &in, diag);
    if (st == AW_OK)
        st = count_of(r->v[F_OUT].p, r->v[F_OUT].n, "output_tokens", &out, diag);
    if (st == AW_OK)
        st = count_of(r->v[F_CACHED].p, r->v[F_CACHED].n, "cached_tokens", &cached, diag);
    if (st == AW_OK && r->v[F_REQUESTS].p != NULL) {
        st = count_of(r->v[F_REQUESTS].p, r->v[F_REQUESTS].n, "requests", &n, diag);
        if (st == AW_OK && r->v[F_REQUESTS].n == 0)
            n = 1;
    }
    if (st != AW_OK)
        return st;
    if (cached > in)
        return aw__fail(diag, AW_E_RANGE, "cached_tokens %.0f exceed input_tokens %.0f", cached,
                        in);
    if (r->v[F_DAY].p != NULL)
        day_of(u, r->v[F_DAY].p, r->v[F_DAY].n, r->day);
    copy_text(r->project, &r->v[F_PROJECT]);
    copy_text(r->user, &r->v[F_USER]);
    last->requests = n;
    last->input_tokens = in;
    last->output_tokens = out;
    last->cached_tokens = cached;
    if (n == 0) {
        last->status = AW_USAGE_ROW_EMPTY;
        return AW_OK; /* an empty bucket */
    }
    const struct aw_model *m = model_of(u, r->model);
    if (m == NULL) {
        note_unknown(u, r->model, n);
        last->status = AW_USAGE_ROW_UNKNOWN;
        return AW_OK;
    }
    /* A bucket of n requests: its mean request, n times. */
    long per_in = n == 1 ? (long)in : lround(in / n), per_out = n == 1 ? (long)out : lround(out / n);
    long per_cached = n == 1 ? (long)cached : lround(cached / n);
    char key[(MAX_EXTRA + 1) * MAX_FIELD];
    size_t kn = 0;
    key[0] = '\0';
    for (int k = 0; k < u->n_extra; k++) {
        const struct slice *v = &r->v[F_EXTRA + k];
        size_t l = v->p != NULL ? (v->n < MAX_FIELD - 1 ? v->n : MAX_FIELD - 1) : 0;
        key[kn++] = '\x1f';
        if (l > 0)
            memcpy(key + kn, v->p, l);
        kn += l;
        key[kn] = '\0';
    }
    const struct figures *e = NULL;
    struct figures scratch;
    st = estimate(u, m, r, key, per_in, per_out, per_cached, &scratch, &e, diag);
    if (st != AW_OK)
        return st;
    /* Groups are keyed by the catalog id, so aliases land together. */
    struct group *g = u->group_by ? group_for(u, r, m) : NULL;
    if (u->group_by && g == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory");
    fixed add[V_COUNT];
    st = increments(e, n, add, diag);
    /* Both sums are checked before either changes: a row counts in both
     * or in neither. */
    if (st == AW_OK && (totals_check(&u->total, add) != 0 ||
                        (g != NULL && totals_check(&g->t, add) != 0)))
        st = aw__fail(diag, AW_E_RANGE, "the totals are beyond what they can hold");
    if (st != AW_OK)
        return st;
    totals_add(&u->total, add, e->embodied_set, n, in, out);
    if (g != NULL)
        totals_add(&g->t, add, e->embodied_set, n, in, out);
    last->status = AW_USAGE_ROW_OK;
    last->model = m->id;
    last->wh.accelerator_wh = n * e->v[V_ACCEL];
    last->wh.server_wh = n * e->v[V_SERVER];
    last->wh.it_wh = n * e->v[V_IT];
    last->wh.facility_wh = n * e->v[V_FACILITY];
    last->co2_g = n * e->v[V_CO2];
    last->co2_market_g = n * e->v[V_CO2_MARKET];
    last->water_ml = n * e->v[V_WATER];
    last->water_onsite_ml = n * e->v[V_WATER_ON];
    last->water_offsite_ml = n * e->v[V_WATER_OFF];
    last->embodied_co2_g = e->embodied_set ? n * e->v[V_EMBODIED] : 0;
    last->embodied_set = e->embodied_set;
    return AW_OK;
}

aw_status aw_usage_add_line(aw_usage *u, const char *line, size_t len, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    struct aw_usage_row *last = &u->last;
    memset(last, 0, sizeof *last);
    last->model = last->day = last->project = last->user = "";
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
        last->status = AW_USAGE_ROW_BAD;
        return aw__fail(diag, AW_E_PARSE, "not valid UTF-8");
    }
    if (u->current == AW_USAGE_CSV && u->need_header)
        return csv_header(u, line, len, diag);
    struct row *r = u->row;
    for (int f = 0; f < F_EXTRA + u->n_extra; f++)
        r->v[f] = (struct slice){NULL, 0, 0, 0, 0};
    r->model[0] = r->day[0] = r->project[0] = r->user[0] = '\0';
    aw_status st = u->current == AW_USAGE_CSV ? csv_row(u, line, len, r, diag)
                                              : json_row(u, line, len, r, diag);
    if (st == AW_OK)
        st = add_row(u, r, diag);
    if (st == AW_OK) {
        u->rows++;
    } else {
        if (st != AW_E_NOMEM)
            u->bad_rows++;
        last->status = AW_USAGE_ROW_BAD;
    }
    if (last->status != AW_USAGE_ROW_OK)
        last->model = r->model;
    last->day = r->day;
    last->project = r->project;
    last->user = r->user;
    return st;
}

void aw_usage_last_row(const aw_usage *u, struct aw_usage_row *out)
{
    *out = u->last;
}

aw_status aw_usage_merge(aw_usage *dst, const aw_usage *src, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    if (dst->group_by != src->group_by)
        return aw__fail(diag, AW_E_INVALID, "merging usage grouped differently");
    for (size_t i = 0; i < src->n_groups; i++) {
        const struct group *s = &src->groups[i];
        struct group *g = group_find(dst, s->key, strlen(s->key));
        if (g == NULL)
            return aw__fail(diag, AW_E_NOMEM, "out of memory");
        if (totals_merge(&g->t, &s->t) != 0)
            return aw__fail(diag, AW_E_RANGE, "the totals are beyond what they can hold");
    }
    if (totals_merge(&dst->total, &src->total) != 0)
        return aw__fail(diag, AW_E_RANGE, "the totals are beyond what they can hold");
    for (size_t i = 0; i < src->n_unknown; i++)
        note_unknown(dst, src->unknown[i].model, src->unknown[i].requests);
    dst->unknown_other += src->unknown_other;
    dst->rows += src->rows;
    dst->bad_rows += src->bad_rows;
    return AW_OK;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *totals_to_json(const struct totals *t)
{
    struct aw_ladder wh = {fixed_value(t->v[V_ACCEL]), fixed_value(t->v[V_SERVER]),
                           fixed_value(t->v[V_IT]), fixed_value(t->v[V_FACILITY])};
    return json_pack("{s:f, s:f, s:f, s:o, s:f, s:f, s:f, s:f, s:f, s:{s:o}}", "requests",
                     t->requests, "input_tokens", t->input_tokens, "output_tokens",
                     t->output_tokens, "wh", aw_ladder_to_json(&wh), "co2_g",
                     fixed_value(t->v[V_CO2]), "co2_market_g", fixed_value(t->v[V_CO2_MARKET]),
                     "water_ml", fixed_value(t->v[V_WATER]), "water_onsite_ml",
                     fixed_value(t->v[V_WATER_ON]), "water_offsite_ml",
                     fixed_value(t->v[V_WATER_OFF]), "embodied", "co2_g",
                     t->embodied_unknown ? json_null()
                                         : json_real(fixed_value(t->v[V_EMBODIED])));
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
