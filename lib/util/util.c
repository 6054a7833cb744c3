/*
 * util.c - small helpers shared by the library: status strings, diagnostics,
 * string distance, file reading. Nothing here prints or exits.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

const char *aw_version(void) { return AIWATT_VERSION_STRING; }

unsigned aw_version_number(void) { return AIWATT_VERSION_NUMBER; }

const char *aw_strerror(aw_status status)
{
    switch (status) {
#define AW_STATUS_STR(name, value, msg) \
    case AW_##name:              \
        return msg;
        AW_STATUS_MAP(AW_STATUS_STR)
#undef AW_STATUS_STR
    case AW_STATUS_COUNT:
        break;
    }
    return "unknown status";
}

void aw_diag_clear(struct aw_diag *diag)
{
    if (diag == NULL)
        return;
    diag->msg[0] = '\0';
    diag->hint[0] = '\0';
}

aw_status aw__fail(struct aw_diag *diag, aw_status status, const char *fmt, ...)
{
    if (diag != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(diag->msg, sizeof diag->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

void aw__hint(struct aw_diag *diag, const char *fmt, ...)
{
    if (diag == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(diag->hint, sizeof diag->hint, fmt, ap);
    va_end(ap);
}

struct aw_diag *aw__diag_begin(struct aw_diag *diag, struct aw_diag *local)
{
    if (diag == NULL)
        diag = local;
    aw_diag_clear(diag);
    return diag;
}

void aw__hint_nearest(struct aw_diag *diag, const char *near, const char *lister,
                      const char *otherwise)
{
    if (near != NULL)
        aw__hint(diag, "did you mean '%s'? (%s)", near, lister);
    else
        aw__hint(diag, "%s", otherwise);
}

int aw__strcaseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    }
    return *a == *b;
}

void aw__doubles_unset(void *doubles, size_t size)
{
    double *d = doubles;
    for (size_t i = 0; i < size / sizeof *d; i++)
        d[i] = AW_UNSET;
}

const char *aw__name_of(const char *const *names, size_t count, int value)
{
    if (value < 0 || (size_t)value >= count)
        return "unknown";
    return names[value];
}

int aw__name_index(const char *const *names, size_t count, const char *name)
{
    if (name == NULL)
        return -1;
    for (size_t i = 0; i < count; i++) {
        if (aw__strcaseeq(name, names[i]))
            return (int)i;
    }
    return -1;
}

AW__NO_COVERAGE size_t aw__edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    /* Ids are short; anything longer than this is not a typo of an id. */
    enum { MAX_LEN = 63 };
    if (la > MAX_LEN || lb > MAX_LEN)
        return cap;
    /* The distance is at least the difference in length, and at most the
     * longer length (< MAX_LEN + 1, so a larger cap changes nothing). */
    if ((la > lb ? la - lb : lb - la) >= cap)
        return cap;
    size_t c = cap < MAX_LEN + 1 ? cap : MAX_LEN + 1;
    char la_text[MAX_LEN + 1], lb_text[MAX_LEN + 1];
    for (size_t i = 0; i < la; i++)
        la_text[i] = (char)tolower((unsigned char)a[i]);
    for (size_t j = 0; j < lb; j++)
        lb_text[j] = (char)tolower((unsigned char)b[j]);
    /* Distances saturate at c. A cell further than c - 1 from the diagonal
     * is at least c (one edit per step off it), so only the band |i - j| < c
     * is computed; each row sets the cells on either side of its band,
     * which are all the next row reads outside it, to c. */
    size_t prev[MAX_LEN + 2], cur[MAX_LEN + 2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j < c ? j : c;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i >= c ? i - c + 1 : 1;
        size_t hi = lb - i < c - 1 || i > lb ? lb : i + c - 1;
        cur[lo - 1] = lo == 1 && i < c ? i : c;
        size_t row_min = cur[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            size_t best = prev[j - 1] + (la_text[i - 1] == lb_text[j - 1] ? 0 : 1);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best < c ? best : c;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min >= c)
            return cap;
        cur[hi + 1] = c; /* hi + 1 <= lb + 1: inside the arrays */
        memcpy(prev + lo - 1, cur + lo - 1, (hi - lo + 3) * sizeof prev[0]);
    }
    return prev[lb] < c ? prev[lb] : cap;
}

aw_status aw_parse_quantity(const char *text, double *out)
{
    if (text == NULL || *text == '\0')
        return AW_E_PARSE;
    errno = 0;
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || errno == ERANGE || !isfinite(v))
        return AW_E_PARSE;
    double scale = 1;
    if (*end != '\0') {
        switch (*end) {
        case 'k':
        case 'K':
            scale = 1e3;
            break;
        case 'M':
            scale = 1e6;
            break;
        case 'B':
        case 'G':
            scale = 1e9;
            break;
        case 'T':
            scale = 1e12;
            break;
        case 'P':
            scale = 1e15;
            break;
        default:
            return AW_E_PARSE;
        }
        if (end[1] != '\0')
            return AW_E_PARSE;
    }
    if (!isfinite(v * scale))
        return AW_E_PARSE;
    *out = v * scale;
    return AW_OK;
}

long aw__next_pow2(long n)
{
    long p = 1;
    while (p < n)
        p *= 2;
    return p;
}

int aw__gpus_pow2(double need)
{
    if (!(need <= (double)AW_GPUS_MAX)) /* NaN fails too */
        return 0;
    double whole = ceil(need < 1 ? 1 : need);
    return (int)aw__next_pow2((long)whole);
}

aw_status aw__read_file(const char *path, size_t max_bytes, char **out,
                        size_t *len, struct aw_diag *diag)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        int err = errno;
        aw_status st = err == ENOENT ? AW_E_NOT_FOUND : err == EACCES ? AW_E_PERM : AW_E_IO;
        aw__hint(diag, err == EACCES ? "check the file's permissions"
                                     : "check the path");
        return aw__fail(diag, st, "cannot open '%s': %s", path, strerror(err));
    }
    size_t cap = 4096, used = 0;
    char *buf = malloc(cap);
    aw_status st = AW_OK;
    if (buf == NULL) {
        st = aw__fail(diag, AW_E_NOMEM, "out of memory reading '%s'", path);
        goto out;
    }
    for (;;) {
        if (used + 1 >= cap) {
            if (cap >= max_bytes) {
                st = aw__fail(diag, AW_E_RANGE, "'%s' is larger than %zu bytes", path,
                              max_bytes);
                goto out;
            }
            size_t ncap = cap * 2 > max_bytes ? max_bytes : cap * 2;
            char *nbuf = realloc(buf, ncap);
            if (nbuf == NULL) {
                st = aw__fail(diag, AW_E_NOMEM, "out of memory reading '%s'", path);
                goto out;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t n = fread(buf + used, 1, cap - used - 1, f);
        used += n;
        if (n == 0) {
            if (ferror(f)) {
                st = aw__fail(diag, AW_E_IO, "cannot read '%s'", path);
                goto out;
            }
            break;
        }
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    buf = NULL;
out:
    free(buf);
    fclose(f);
    return st;
}

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0. Overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
size_t aw__utf8_sequence(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}
