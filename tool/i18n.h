/*
 * i18n.h - the reader's language at the CLI edge (gettext). The library
 * never translates: it marks its English messages and takes a translate
 * function (struct aw_render_opts); this file supplies gettext's.
 *
 * Catalogs: po/LANG.po, compiled by CMake to BUILD/locale/LANG/LC_MESSAGES/
 * aiwatt.mo and installed under PREFIX/share/locale; found relative to the
 * running binary, so a build tree and an install both work.
 */
#ifndef AIWATT_TOOL_I18N_H
#define AIWATT_TOOL_I18N_H

#include <stddef.h>

#if defined(__GNUC__)
#define AW_TOOL_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define AW_TOOL_FORMAT_ARG(n)
#endif

/* Marks a message for xgettext without translating it here. */
#define N_(msgid) msgid
/* The message in the reader's language. */
#define _(msgid) aw_tool_tr(msgid)

/* Chooses the language: `lang` ("en", "ko"; NULL: from LC_ALL, LC_MESSAGES
 * or LANG, in that order, as POSIX says) and binds the message catalog.
 * Returns the chosen tag ("en" or "ko"), or NULL for a language aiwatt has
 * no catalog for (the caller reports a usage error). */
const char *aw_tool_i18n_init(const char *lang);

/* The chosen tag ("en" until aw_tool_i18n_init picks another). */
const char *aw_tool_lang(void);

const char *aw_tool_tr(const char *msgid) AW_TOOL_FORMAT_ARG(1);

/* An aw_translate_fn for the library's renderers (ctx unused). */
const char *aw_tool_translate(void *ctx, const char *msgid);

/* Prints `s` left-aligned in `width` display columns (never cut; a Hangul
 * syllable takes two, measured by aw_text_width in table.c). */
void aw_tool_print_padded(const char *s, int width);
/* ... right-aligned. */
void aw_tool_print_padded_right(const char *s, int width);

#endif
