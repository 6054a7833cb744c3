/*
 * i18n.c - gettext for the CLI: the language chosen once, the catalog found
 * next to the binary, and padding to display widths for tables.
 */
#include "i18n.h"
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "table.h"

#define AW_TEXT_DOMAIN "aiwatt"

static const char *chosen = "en";

/* The first of LC_ALL, LC_MESSAGES and LANG that is set and not empty. */
static const char *lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && *v != '\0')
            return v;
    }
    return NULL;
}

/* "ko", "ko_KR", "ko_KR.UTF-8", "ko-KR" -> "ko"; "en*", "C", "POSIX" -> "en". */
static const char *normalise(const char *lang)
{
    if (lang == NULL || strcmp(lang, "C") == 0 || strncmp(lang, "C.", 2) == 0 ||
        strcmp(lang, "POSIX") == 0)
        return "en";
    if (strncmp(lang, "ko", 2) == 0 && (lang[2] == '\0' || strchr("_-.@", lang[2]) != NULL))
        return "ko";
    if (strncmp(lang, "en", 2) == 0 && (lang[2] == '\0' || strchr("_-.@", lang[2]) != NULL))
        return "en";
    return NULL;
}

/* BUILD/locale next to a binary in the build tree, else PREFIX/share/locale
 * for an installed one (bin/../share/locale). */
static void bind_catalog(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return;
    *slash = '\0';
    char dir[PATH_MAX + 32], probe[PATH_MAX + 96];
    struct stat st;
    snprintf(dir, sizeof dir, "%s/locale", exe);
    snprintf(probe, sizeof probe, "%s/ko/LC_MESSAGES/" AW_TEXT_DOMAIN ".mo", dir);
    if (stat(probe, &st) != 0)
        snprintf(dir, sizeof dir, "%s/../share/locale", exe);
    bindtextdomain(AW_TEXT_DOMAIN, dir);
    bind_textdomain_codeset(AW_TEXT_DOMAIN, "UTF-8");
}

const char *aw_tool_i18n_init(const char *lang)
{
    const char *tag = normalise(lang != NULL ? lang : lang_from_env());
    if (tag == NULL) {
        if (lang != NULL)
            return NULL;
        tag = "en"; /* an environment in a language without a catalog: English */
    }
    chosen = tag;
    if (strcmp(tag, "en") == 0)
        return tag;
    /* gettext reads LANGUAGE only when LC_MESSAGES is not "C"; C.UTF-8 is
     * built into glibc, so Korean works even where ko_KR.UTF-8 was never
     * generated. LC_CTYPE UTF-8 lets gettext hand back UTF-8 text. LC_NUMERIC
     * stays "C": JSON and the catalog's numbers need the decimal point. */
    if (setlocale(LC_MESSAGES, "ko_KR.UTF-8") == NULL)
        setlocale(LC_MESSAGES, "C.UTF-8");
    if (setlocale(LC_CTYPE, "ko_KR.UTF-8") == NULL)
        setlocale(LC_CTYPE, "C.UTF-8");
    setenv("LANGUAGE", tag, 1);
    bind_catalog();
    return tag;
}

const char *aw_tool_lang(void)
{
    return chosen;
}

const char *aw_tool_tr(const char *msgid)
{
    if (strcmp(chosen, "en") == 0)
        return msgid;
    return dgettext(AW_TEXT_DOMAIN, msgid);
}

const char *aw_tool_translate(void *ctx, const char *msgid)
{
    (void)ctx;
    return aw_tool_tr(msgid);
}

void aw_tool_print_padded(const char *s, int width)
{
    int w = aw_text_width(s);
    fputs(s, stdout);
    for (; w < width; w++)
        putchar(' ');
}

void aw_tool_print_padded_right(const char *s, int width)
{
    for (int w = aw_text_width(s); w < width; w++)
        putchar(' ');
    fputs(s, stdout);
}
