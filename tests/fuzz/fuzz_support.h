/*
 * fuzz_support.h - what the fuzz targets share: libFuzzer's entry points,
 * the default catalog loaded once (fuzz_default_catalog.c, linked into the
 * targets that use it), the input as a C string, the oracle that a figure
 * is finite and not negative, and rm -rf for their scratch directories.
 */
#ifndef AIWATT_FUZZ_SUPPORT_H
#define AIWATT_FUZZ_SUPPORT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "../remove_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The embedded default catalog, loaded by LLVMFuzzerInitialize before the
 * first input (fuzz_default_catalog.c); the run aborts if it cannot be. */
extern aw_catalog *fuzz_default_catalog;

/* The input bytes as a NUL-terminated string the caller frees (an embedded
 * NUL ends the text early, as it would for a C caller); NULL when the input
 * is longer than `max_size` (a target's inputs are kept short, so that an
 * execution is fast) or when out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size, size_t max_size)
{
    if (size > max_size)
        return NULL;
    char *text = malloc(size + 1);
    if (text == NULL)
        return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

/* The oracle of every estimate a target makes: a figure that is NaN,
 * infinite or negative is a bug, reported as WHAT of ID (ID may be "")
 * before the run aborts. */
static inline void fuzz_not_negative(double v, const char *what, const char *id)
{
    if (!isfinite(v) || v < 0) {
        fprintf(stderr, "%s of '%s' = %g\n", what, id, v);
        abort();
    }
}

/* Monte Carlo draws cost ~50 us each under the sanitizers and coverage, and
 * the draw loop is the same at any count (the unit tests cover the cap), so
 * fuzz_api and fuzz_cli skip an input that asks for more than this. A bare
 * uncertainty draws 16 in this build (lib/internal.h). */
#define FUZZ_MAX_DRAWS 32

/* Whether a draw count, as text, asks for more than FUZZ_MAX_DRAWS. It is
 * read as the field table reads it (aw_parse_quantity: "32K" is 32,000, not
 * the 32 that strtod sees); text that is no quantity is refused by the
 * table, so it costs nothing. */
static inline int fuzz_asks_many_draws(const char *text)
{
    double n;
    return aw_parse_quantity(text, &n) == AW_OK && !(n <= FUZZ_MAX_DRAWS);
}

#endif
