/*
 * fuzz_support.h - the prologue the fuzz targets share: libFuzzer's entry
 * points, the default catalog loaded once (fuzz_default_catalog.c, linked
 * into the targets that use it) and the input as a C string.
 */
#ifndef AIWATT_FUZZ_SUPPORT_H
#define AIWATT_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The embedded default catalog, loaded by LLVMFuzzerInitialize before the
 * first input (fuzz_default_catalog.c); the run aborts if it cannot be. */
extern aw_catalog *fuzz_default_catalog;

/* The input bytes as a NUL-terminated string the caller frees (an embedded
 * NUL ends the text early, as it would for a C caller); NULL when out of
 * memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

#endif
