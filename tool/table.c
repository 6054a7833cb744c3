/*
 * table.c - the table renderer, text wrapper and number formatter of the
 * CLI (see table.h).
 */
#define _GNU_SOURCE /* vasprintf */
#include "table.h"
#include "aiwatt/units.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int aw_view_width(int fd, const char *columns_env)
{
    /* COLUMNS first, as GNU ls does: a user or script that sets it means
     * it, even on a terminal of another size. */
    int width = 0;
    if (columns_env != NULL && columns_env[0] != '\0') {
        char *end;
        long v = strtol(columns_env, &end, 10);
        if (*end == '\0' && v > 0 && v <= 10000)
            width = (int)v;
    }
    struct winsize ws;
    if (width == 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        width = ws.ws_col;
    if (width == 0)
        width = AW_VIEW_DEFAULT_WIDTH;
    return width < AW_VIEW_MIN_WIDTH ? AW_VIEW_MIN_WIDTH : width;
}

/* ---- Display width ---------------------------------------------------- */

struct cp_range {
    uint32_t first, last;
};

/* Zero-width: combining marks, conjoining Hangul vowels and finals, zero
 * width spaces and joiners. */
static const struct cp_range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x1160, 0x11FF}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x20D0, 0x20FF},
    {0xD7B0, 0xD7FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

/* East Asian Wide and Fullwidth (Unicode UAX #11), the blocks in use. */
static const struct cp_range double_width[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF},
    {0x20000, 0x3FFFD},
};

static int in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (cp >= r[i].first && cp <= r[i].last)
            return 1;
    }
    return 0;
}

int aw_char_width(uint32_t cp)
{
    if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x300)
        return 1;
    if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
        return 0;
    if (in_ranges(cp, double_width, sizeof double_width / sizeof double_width[0]))
        return 2;
    return 1;
}

/* Decodes one UTF-8 sequence at s (at most `avail` bytes): the code point,
 * and its length in *len. A malformed byte decodes as itself, length 1. */
static uint32_t utf8_decode(const unsigned char *s, size_t avail, size_t *len)
{
    uint32_t c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > avail) {
        *len = 1;
        return c;
    }
    if (n == 1) {
        *len = 1;
        return c;
    }
    uint32_t cp = c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return c;
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    *len = n;
    return cp;
}

int aw_text_width_n(const char *utf8, size_t len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    int cols = 0;
    size_t i = 0;
    while (i < len && s[i] != '\0') {
        size_t n;
        uint32_t cp = utf8_decode(s + i, len - i, &n);
        /* A malformed byte still takes a column on most terminals. */
        cols += n == 1 && cp >= 0x80 ? 1 : aw_char_width(cp);
        i += n;
    }
    return cols;
}

int aw_text_width(const char *utf8)
{
    return utf8 == NULL ? 0 : aw_text_width_n(utf8, strlen(utf8));
}

/* ---- Numbers ---------------------------------------------------------- */

static int effective_sig(const struct aw_view *view, int sig)
{
    if (view != NULL && view->precise)
        return AW_SIG_PRECISE;
    return sig < 1 ? 1 : sig > AW_SIG_PRECISE ? AW_SIG_PRECISE : sig;
}

/* v rounded to `sig` significant figures. */
static double round_sig(double v, int sig)
{
    if (v == 0 || !isfinite(v))
        return v;
    int e = (int)floor(log10(fabs(v)));
    int decimals = sig - 1 - e;
    if (decimals > 300 || decimals < -300)
        return v;
    double p = pow(10, decimals);
    double r = round(v * p) / p;
    return isfinite(r) ? r : v;
}

/* Writes v (already rounded) in fixed notation with `sig` significant
 * figures, trailing zeros trimmed, and thousands separators when `commas`. */
static void fixed(double v, int sig, int commas, char *out, size_t len)
{
    if (!isfinite(v)) {
        snprintf(out, len, "-");
        return;
    }
    if (v == 0) {
        snprintf(out, len, "0");
        return;
    }
    int e = (int)floor(log10(fabs(v)));
    int decimals = sig - 1 - e;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 20)
        decimals = 20;
    char digits[400];
    snprintf(digits, sizeof digits, "%.*f", decimals, v);
    char *dot = strchr(digits, '.');
    if (dot != NULL) {
        char *end = digits + strlen(digits) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(digits, "-0") == 0)
        snprintf(digits, sizeof digits, "0");
    /* Thousands separators in the integer part. */
    const char *p = digits;
    size_t o = 0;
    if (*p == '-') {
        if (o + 1 < len)
            out[o++] = '-';
        p++;
    }
    size_t int_len = strcspn(p, ".");
    for (size_t i = 0; p[i] != '\0'; i++) {
        if (commas && i > 0 && i < int_len && (int_len - i) % 3 == 0 && o + 1 < len)
            out[o++] = ',';
        if (o + 1 < len)
            out[o++] = p[i];
    }
    out[o] = '\0';
}

struct aw_fmt aw_fmt_num(const struct aw_view *view, double v, int sig)
{
    struct aw_fmt n;
    sig = effective_sig(view, sig);
    fixed(round_sig(v, sig), sig, 1, n.s, sizeof n.s);
    return n;
}

struct scale_step {
    double from;      /* used for |v| >= from */
    double scale;     /* v is divided by this */
    const char *unit; /* a prefix of `base`, or the whole unit */
};

/* Prints v in the last step whose `from` it reaches (steps ascending; zero
 * and non-finite values use the step whose scale is 1). `base` follows the
 * step's text when non-NULL (SI prefixes), then `suffix`. */
static struct aw_fmt scaled(const struct aw_view *view, double v, int sig,
                            const struct scale_step *steps, size_t n_steps, const char *base,
                            const char *suffix)
{
    struct aw_fmt out;
    sig = effective_sig(view, sig);
    double r = round_sig(v, sig);
    size_t pick = 0;
    int found = 0;
    for (size_t i = 0; i < n_steps; i++) {
        if (r != 0 && isfinite(r) && fabs(r) >= steps[i].from) {
            pick = i;
            found = 1;
        }
    }
    if (!found) {
        for (size_t i = 0; i < n_steps; i++) {
            if (steps[i].scale == 1)
                pick = i;
        }
    }
    char num[40];
    fixed(round_sig(r / steps[pick].scale, sig), sig, 1, num, sizeof num);
    snprintf(out.s, sizeof out.s, "%s %s%s%s", num, steps[pick].unit, base ? base : "",
             suffix ? suffix : "");
    return out;
}

#define N_STEPS(a) (sizeof(a) / sizeof((a)[0]))

/* 0.001 to 999 of the base unit keep it: "0.228 Wh" is how people write a
 * query's energy; below, micro and nano ("5 uWh"). */
static const struct scale_step si_steps[] = {
    {0, 1e-9, "n"},      {1e-6, 1e-6, "u"},   {1e-3, 1, ""},       {1e3, 1e3, "k"},
    {1e6, 1e6, "M"},     {1e9, 1e9, "G"},     {1e12, 1e12, "T"},   {1e15, 1e15, "P"},
    {1e18, 1e18, "E"},   {1e21, 1e21, "Z"},   {1e24, 1e24, "Y"},
};

struct aw_fmt aw_fmt_si(const struct aw_view *view, double v, const char *unit, int sig)
{
    return scaled(view, v, sig, si_steps, N_STEPS(si_steps), unit, NULL);
}

struct aw_fmt aw_fmt_energy(const struct aw_view *view, double wh, int sig)
{
    return aw_fmt_si(view, wh, "Wh", sig);
}

struct aw_fmt aw_fmt_mass(const struct aw_view *view, double grams, const char *suffix, int sig)
{
    static const struct scale_step steps[] = {
        {0, 1, "g"}, {1e3, 1e3, "kg"}, {1e6, 1e6, "t"}, {1e9, 1e9, "kt"}, {1e12, 1e12, "Mt"},
        {1e15, 1e15, "Gt"},
    };
    return scaled(view, grams, sig, steps, N_STEPS(steps), NULL, suffix);
}

struct aw_fmt aw_fmt_water(const struct aw_view *view, double ml, int sig)
{
    static const struct scale_step steps[] = {
        {0, 1, "mL"}, {1e3, 1e3, "L"}, {1e6, 1e6, "m3"}, {1e9, 1e9, "ML"}, {1e12, 1e12, "GL"},
    };
    return scaled(view, ml, sig, steps, N_STEPS(steps), NULL, NULL);
}

struct aw_fmt aw_fmt_time(const struct aw_view *view, double seconds, int sig)
{
    /* Minutes from 2 min, hours from 2 h, days from 2 days, years from 2
     * years: "90 s" reads better than "1.5 min". */
    static const struct scale_step steps[] = {
        {0, 1e-6, "us"},          {1e-3, 1e-3, "ms"},       {1, 1, "s"},
        {120, 60, "min"},         {7200, 3600, "h"},        {172800, 86400, "days"},
        {63115200, 31557600, "years"},
    };
    return scaled(view, seconds, sig, steps, N_STEPS(steps), NULL, NULL);
}

struct aw_fmt aw_fmt_count(const struct aw_view *view, double v, int sig)
{
    /* Above a billion: the suffixes the option parser reads back. */
    static const struct scale_step steps[] = {
        {1e9, 1e9, "B"}, {1e12, 1e12, "T"}, {1e15, 1e15, "P"},
    };
    struct aw_fmt out;
    int exact = sig <= 0 || (view != NULL && view->precise);
    int s = exact ? AW_SIG_PRECISE : effective_sig(view, sig);
    double r = exact ? round(v) : round(round_sig(v, s));
    if (fabs(r) < 1e9 || !isfinite(r)) {
        fixed(r, AW_SIG_PRECISE + 3, 1, out.s, sizeof out.s);
        return out;
    }
    r = round_sig(v, s);
    size_t pick = 0;
    for (size_t i = 0; i < N_STEPS(steps); i++) {
        if (fabs(r) >= steps[i].from)
            pick = i;
    }
    char num[40];
    fixed(round_sig(r / steps[pick].scale, s), s, 1, num, sizeof num);
    snprintf(out.s, sizeof out.s, "%s%s", num, steps[pick].unit);
    return out;
}

struct aw_fmt aw_fmt_amount(const struct aw_view *view, double v, int sig)
{
    /* A number of things that may be a fraction of one ("0.463 x a
     * kilometre in an electric car": a count would print 0), in significant
     * figures; from a billion, with the count's suffixes. */
    if (isfinite(v) && fabs(v) < 1e9)
        return aw_fmt_num(view, v, sig);
    return aw_fmt_count(view, v, sig);
}

struct aw_fmt aw_fmt_pct(const struct aw_view *view, double share, int sig)
{
    struct aw_fmt out;
    int s = effective_sig(view, sig);
    char num[40];
    double pct = share * 100;
    /* Whole percentages read best: 12%, not 12.3% (unless --precise). */
    double r = fabs(pct) >= 1 && !(view != NULL && view->precise) ? round(pct)
                                                                    : round_sig(pct, s);
    fixed(r, s < 2 ? 2 : s, 1, num, sizeof num);
    snprintf(out.s, sizeof out.s, "%s%%", num);
    return out;
}

struct aw_fmt aw_fmt_unit(const struct aw_view *view, double v, const char *unit, int sig)
{
    struct aw_fmt out;
    if (unit == NULL)
        unit = "";
    /* "MWh" or "MWh/year", "Wh per query": the unit is the head, the rest is
     * kept. A ladder unit of energy, mass or water is rescaled to read well. */
    size_t n = strcspn(unit, "/ ");
    char head[16];
    const struct aw_unit *u = NULL;
    if (n < sizeof head) {
        memcpy(head, unit, n);
        head[n] = '\0';
        u = aw_unit_find(head);
    }
    int rescaled = u != NULL && u->readable &&
                   (u->kind == AW_UNIT_ENERGY || u->kind == AW_UNIT_MASS ||
                    u->kind == AW_UNIT_CO2E || u->kind == AW_UNIT_WATER);
    if (rescaled) {
        double base = v * u->to_base;
        struct aw_fmt f = u->kind == AW_UNIT_ENERGY ? aw_fmt_energy(view, base, sig)
                          : u->kind == AW_UNIT_WATER ? aw_fmt_water(view, base, sig)
                                                     : aw_fmt_mass(view, base, u->kind == AW_UNIT_CO2E
                                                                               ? "CO2e" : NULL, sig);
        snprintf(out.s, sizeof out.s, "%s%s", f.s, unit + n);
        return out;
    }
    static const char *const si_units[] = {"FLOP", "FLOP/s", "W", "J", "B"};
    for (size_t i = 0; i < N_STEPS(si_units); i++) {
        if (strcmp(unit, si_units[i]) == 0)
            return aw_fmt_si(view, v, unit, sig);
    }
    struct aw_fmt num = v >= 1e9 || v <= -1e9 ? aw_fmt_count(view, v, sig) : aw_fmt_num(view, v, sig);
    snprintf(out.s, sizeof out.s, unit[0] ? "%s %s" : "%s", num.s, unit);
    return out;
}

/* Text from the library or the catalog may hold printf's exponent form
 * ("9e+09 requests"): rewritten as people write it ("9B requests"), so no
 * table shows scientific notation. Returns `text` or a new string (free
 * it when it differs); NULL when out of memory. */
static char *humanize(const struct aw_view *view, char *text)
{
    const char *e = text;
    int found = 0;
    while ((e = strchr(e, 'e')) != NULL) {
        if (e > text && e[-1] >= '0' && e[-1] <= '9' && (e[1] == '+' || e[1] == '-') &&
            e[2] >= '0' && e[2] <= '9') {
            found = 1;
            break;
        }
        e++;
    }
    if (!found)
        return text;
    size_t cap = strlen(text) * 2 + 64;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    const char *p = text;
    while (*p != '\0') {
        /* A number starts at a digit not preceded by a letter or digit. */
        if (*p >= '0' && *p <= '9' && (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '.'))) {
            char *end;
            double v = strtod(p, &end);
            const char *x = p;
            while (x < end && *x != 'e' && *x != 'E')
                x++;
            if (x < end && isfinite(v)) {
                struct aw_fmt f = fabs(v) >= 1 ? aw_fmt_count(view, v, AW_SIG) : aw_fmt_num(view, v, AW_SIG);
                size_t n = strlen(f.s);
                if (o + n + 1 < cap) {
                    memcpy(out + o, f.s, n);
                    o += n;
                }
                p = end;
                continue;
            }
        }
        if (o + 2 < cap)
            out[o++] = *p;
        p++;
    }
    out[o] = '\0';
    return out;
}

/* ---- Wrapping --------------------------------------------------------- */

/* The next line of at most `width` columns of `s`, broken at a space when
 * one fits: returns its length in bytes (trailing spaces excluded) and sets
 * *next to where the following line starts (NULL after the last line). */
static size_t wrap_line(const char *s, int width, const char **next)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, brk = 0;
    int have_brk = 0, cols = 0;
    while (u[i] != '\0' && u[i] != '\n') {
        size_t n;
        uint32_t cp = utf8_decode(u + i, strlen(s + i), &n);
        int cw = n == 1 && cp >= 0x80 ? 1 : aw_char_width(cp);
        /* Break at a space, but not between a number and its unit. */
        int breakable = u[i] == ' ' && !(i > 0 && isdigit(u[i - 1]) && isalpha(u[i + 1]));
        if (breakable) {
            brk = i;
            have_brk = 1;
        }
        if (cols + cw > width && i > 0) {
            size_t end = i;
            if (!breakable && have_brk && brk > 0)
                end = brk;
            const char *p = s + end;
            while (*p == ' ')
                p++;
            if (*p == '\n')
                p++;
            *next = *p == '\0' ? NULL : p;
            while (end > 0 && s[end - 1] == ' ')
                end--;
            return end;
        }
        cols += cw;
        i += n;
    }
    *next = u[i] == '\n' && u[i + 1] != '\0' ? s + i + 1 : NULL;
    size_t end = i;
    while (end > 0 && s[end - 1] == ' ')
        end--;
    return end;
}

static void put_spaces(FILE *out, int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', out);
}

static void text_vprint(const struct aw_view *view, FILE *out, int indent, int hang,
                        const char *text)
{
    int width = view == NULL ? AW_VIEW_DEFAULT_WIDTH : view->width;
    int no_wrap = view != NULL && view->wide;
    const char *p = text;
    int first = 1;
    while (p != NULL) {
        int lead = first ? indent : hang;
        int avail = no_wrap ? 1 << 20 : width - lead;
        if (avail < 10)
            avail = 10;
        const char *next;
        size_t n = wrap_line(p, avail, &next);
        put_spaces(out, lead);
        fwrite(p, 1, n, out);
        fputc('\n', out);
        /* A hard newline starts a new paragraph at `indent`. */
        first = next != NULL && next > p && next[-1] == '\n';
        p = next;
    }
}

void aw_text_print(const struct aw_view *view, FILE *out, int indent, int hang, const char *fmt,
                   ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int rc = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (rc < 0 || text == NULL) {
        /* Out of memory: print unwrapped rather than lose the text. */
        va_start(ap, fmt);
        vfprintf(out, fmt, ap);
        va_end(ap);
        fputc('\n', out);
        return;
    }
    char *human = humanize(view, text);
    text_vprint(view, out, indent, hang, human != NULL ? human : text);
    if (human != text)
        free(human);
    free(text);
}

/* ---- Tables ----------------------------------------------------------- */

#define MAX_COLS 16

struct col {
    char *header;
    unsigned flags;
    int rank;
};

struct row {
    char **cells; /* ncols; NULL for a blank line or a spanning line */
    char *span;   /* a line across the whole table, wrapped; or NULL */
    int span_indent;
};

struct aw_table {
    struct aw_view view;
    int indent;
    int gap;
    size_t ncols;
    struct col cols[MAX_COLS];
    struct row *rows;
    size_t nrows, cap;
    size_t cur; /* next cell in the last row; ncols: the row is complete */
    int oom;
};

struct aw_table *aw_table_new(const struct aw_view *view, int indent)
{
    struct aw_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    if (view != NULL)
        t->view = *view;
    else
        t->view.width = AW_VIEW_DEFAULT_WIDTH;
    t->indent = indent;
    t->gap = 2;
    return t;
}

void aw_table_free(struct aw_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i].header);
    for (size_t r = 0; r < t->nrows; r++) {
        free(t->rows[r].span);
        if (t->rows[r].cells == NULL)
            continue;
        for (size_t c = 0; c < t->ncols; c++)
            free(t->rows[r].cells[c]);
        free(t->rows[r].cells);
    }
    free(t->rows);
    free(t);
}

void aw_table_col(struct aw_table *t, const char *header, unsigned flags, int drop_rank)
{
    if (t == NULL)
        return;
    if (t->ncols == MAX_COLS || t->nrows > 0) {
        t->oom = 1; /* a programming error: reported like a failure */
        return;
    }
    struct col *c = &t->cols[t->ncols++];
    c->header = strdup(header != NULL ? header : "");
    c->flags = flags;
    c->rank = drop_rank;
    if (c->header == NULL)
        t->oom = 1;
}

void aw_table_set_gap(struct aw_table *t, int gap)
{
    if (t != NULL && gap >= 0)
        t->gap = gap;
}

static struct row *push_row(struct aw_table *t, int blank)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct row *rows = realloc(t->rows, cap * sizeof *rows);
        if (rows == NULL) {
            t->oom = 1;
            return NULL;
        }
        t->rows = rows;
        t->cap = cap;
    }
    struct row *r = &t->rows[t->nrows];
    r->cells = NULL;
    r->span = NULL;
    r->span_indent = 0;
    if (!blank) {
        r->cells = calloc(t->ncols ? t->ncols : 1, sizeof *r->cells);
        if (r->cells == NULL) {
            t->oom = 1;
            return NULL;
        }
    }
    t->nrows++;
    t->cur = blank ? t->ncols : 0;
    return r;
}

/* The text of a cell or span, numbers made human (humanize); NULL, with
 * the table marked out of memory, when allocation fails. */
static char *format_cell(struct aw_table *t, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static char *format_cell(struct aw_table *t, const char *fmt, va_list ap)
{
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0 || text == NULL) {
        t->oom = 1;
        return NULL;
    }
    char *human = humanize(&t->view, text);
    if (human != text)
        free(text);
    if (human == NULL)
        t->oom = 1;
    return human;
}

void aw_table_cell(struct aw_table *t, const char *fmt, ...)
{
    if (t == NULL || t->oom || t->ncols == 0)
        return;
    if (t->nrows == 0 || t->cur >= t->ncols || t->rows[t->nrows - 1].cells == NULL) {
        if (push_row(t, 0) == NULL)
            return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *human = format_cell(t, fmt, ap);
    va_end(ap);
    if (human != NULL)
        t->rows[t->nrows - 1].cells[t->cur++] = human;
}

void aw_table_end_row(struct aw_table *t)
{
    if (t != NULL)
        t->cur = t->ncols;
}

void aw_table_blank(struct aw_table *t)
{
    if (t != NULL && !t->oom)
        push_row(t, 1);
}

void aw_table_span(struct aw_table *t, int indent, const char *fmt, ...)
{
    if (t == NULL || t->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *human = format_cell(t, fmt, ap);
    va_end(ap);
    struct row *r = human != NULL ? push_row(t, 1) : NULL;
    if (r == NULL) {
        free(human);
        t->oom = 1;
        return;
    }
    r->span = human;
    r->span_indent = indent;
}

static const char *cell_text(const struct aw_table *t, size_t r, size_t c)
{
    const char *s = t->rows[r].cells[c];
    return s != NULL ? s : "";
}

/* The widest word of `s` (a wrapped column is never narrower). */
static int widest_word(const char *s)
{
    int best = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, " \n");
        int w = aw_text_width_n(s, n);
        if (w > best)
            best = w;
        s += n;
        while (*s == ' ' || *s == '\n')
            s++;
    }
    return best;
}

static int total_width(const struct aw_table *t, const int *w, const int *shown)
{
    int total = t->indent, n = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (shown[c]) {
            total += w[c];
            n++;
        }
    }
    return total + (n > 1 ? (n - 1) * t->gap : 0);
}

/* Fits the columns to the view: widths in w[], hidden columns shown[c] = 0. */
static void layout(const struct aw_table *t, int *w, int *shown)
{
    int natural[MAX_COLS], floor_w[MAX_COLS];
    for (size_t c = 0; c < t->ncols; c++) {
        int head = aw_text_width(t->cols[c].header);
        int nat = head, word = widest_word(t->cols[c].header);
        for (size_t r = 0; r < t->nrows; r++) {
            if (t->rows[r].cells == NULL)
                continue;
            const char *s = cell_text(t, r, c);
            int cw = aw_text_width(s);
            if (cw > nat)
                nat = cw;
            /* Long words in a wrapped column: a URL may still break. */
            int ww = widest_word(s);
            if (ww > word)
                word = ww;
        }
        natural[c] = nat;
        /* A wrapped column keeps room for its longest word (up to 24
         * columns) and at least 12. */
        int min = word > 24 ? 24 : word;
        if (min < 12)
            min = 12;
        floor_w[c] = (t->cols[c].flags & AW_COL_WRAP) ? (nat < min ? nat : min) : nat;
        shown[c] = 1;
    }
    for (;;) {
        for (size_t c = 0; c < t->ncols; c++)
            w[c] = natural[c];
        if (t->view.wide)
            return;
        int excess = total_width(t, w, shown) - t->view.width;
        /* Wrap text columns, the widest first. */
        while (excess > 0) {
            int pick = -1;
            for (size_t c = 0; c < t->ncols; c++) {
                if (shown[c] && w[c] > floor_w[c] && (pick < 0 || w[c] > w[pick]))
                    pick = (int)c;
            }
            if (pick < 0)
                break;
            w[pick]--;
            excess--;
        }
        if (excess <= 0)
            return;
        /* Hide the least useful column: the highest rank, the rightmost. */
        int drop = -1;
        for (size_t c = 0; c < t->ncols; c++) {
            if (shown[c] && t->cols[c].rank > 0 && (drop < 0 || t->cols[c].rank >= t->cols[drop].rank))
                drop = (int)c;
        }
        if (drop < 0)
            break;
        shown[drop] = 0;
    }
    /* Nothing left to hide: wrap any column, the widest first, down to 6. */
    int excess = total_width(t, w, shown) - t->view.width;
    while (excess > 0) {
        int pick = -1;
        for (size_t c = 0; c < t->ncols; c++) {
            if (shown[c] && w[c] > 6 && (pick < 0 || w[c] > w[pick]))
                pick = (int)c;
        }
        if (pick < 0)
            break;
        w[pick]--;
        excess--;
    }
}

/* Prints one row (cells[c] for each shown column), wrapped into lines. */
static void print_row(const struct aw_table *t, const char *const *cells, const int *w,
                      const int *shown, FILE *out)
{
    const char *pos[MAX_COLS];
    int last = -1;
    for (size_t c = 0; c < t->ncols; c++) {
        pos[c] = shown[c] ? cells[c] : NULL;
        if (shown[c])
            last = (int)c;
    }
    for (;;) {
        int more = 0;
        size_t len[MAX_COLS];
        const char *seg[MAX_COLS];
        for (size_t c = 0; c < t->ncols; c++) {
            seg[c] = NULL;
            len[c] = 0;
            if (!shown[c] || pos[c] == NULL)
                continue;
            const char *next;
            seg[c] = pos[c];
            len[c] = wrap_line(pos[c], w[c], &next);
            pos[c] = next;
            if (next != NULL)
                more = 1;
        }
        /* Pad to each column, nothing after the last non-empty cell. */
        int pending = t->indent;
        int col_start = 1;
        for (size_t c = 0; c < t->ncols; c++) {
            if (!shown[c])
                continue;
            if (!col_start)
                pending += t->gap;
            col_start = 0;
            int cw = seg[c] != NULL ? aw_text_width_n(seg[c], len[c]) : 0;
            int pad = w[c] - cw;
            if (cw == 0) {
                pending += w[c];
                continue;
            }
            if (t->cols[c].flags & AW_COL_RIGHT)
                pending += pad;
            put_spaces(out, pending);
            pending = 0;
            fwrite(seg[c], 1, len[c], out);
            if (!(t->cols[c].flags & AW_COL_RIGHT) && (int)c != last)
                pending += pad;
        }
        fputc('\n', out);
        if (!more)
            break;
    }
}

int aw_table_print(struct aw_table *t, FILE *out)
{
    if (t == NULL || t->oom)
        return -1;
    int w[MAX_COLS], shown[MAX_COLS];
    layout(t, w, shown);
    int has_header = 0;
    const char *heads[MAX_COLS];
    for (size_t c = 0; c < t->ncols; c++) {
        heads[c] = t->cols[c].header;
        if (heads[c][0] != '\0')
            has_header = 1;
    }
    if (has_header)
        print_row(t, heads, w, shown, out);
    for (size_t r = 0; r < t->nrows; r++) {
        if (t->rows[r].span != NULL) {
            int lead = t->indent + t->rows[r].span_indent;
            text_vprint(&t->view, out, lead, lead, t->rows[r].span);
            continue;
        }
        if (t->rows[r].cells == NULL) {
            fputc('\n', out);
            continue;
        }
        const char *cells[MAX_COLS];
        for (size_t c = 0; c < t->ncols; c++)
            cells[c] = cell_text(t, r, c);
        print_row(t, cells, w, shown, out);
    }
    /* Say what was hidden, and how to see it. */
    char hidden[256] = "";
    size_t n_hidden = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (shown[c])
            continue;
        size_t used = strlen(hidden);
        snprintf(hidden + used, sizeof hidden - used, "%s%s", n_hidden ? ", " : "",
                 t->cols[c].header[0] ? t->cols[c].header : "(unnamed)");
        n_hidden++;
    }
    if (n_hidden > 0)
        aw_text_print(&t->view, out, t->indent, t->indent + 1,
                      "(%s hidden to fit %d columns; --wide shows %s)", hidden, t->view.width,
                      n_hidden > 1 ? "them" : "it");
    return 0;
}

int aw_table_done(struct aw_table *t, FILE *out)
{
    int rc = aw_table_print(t, out);
    aw_table_free(t);
    return rc;
}

struct aw_table *aw_table_pairs(const struct aw_view *view, int indent)
{
    struct aw_table *t = aw_table_new(view, indent);
    aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
    aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
    return t;
}

void aw_table_ladder_cols(struct aw_table *t)
{
    aw_table_col(t, "accelerator", AW_COL_RIGHT, 3);
    aw_table_col(t, "server", AW_COL_RIGHT, 5);
    aw_table_col(t, "it", AW_COL_RIGHT, 4);
    aw_table_col(t, "facility", AW_COL_RIGHT, AW_KEEP);
}
