/*
 * fuzz_default_catalog.c - LLVMFuzzerInitialize for the targets that run on
 * the default catalog (api, request, usage): loading it once keeps each
 * execution on the code under test.
 */
#include "fuzz_support.h"

aw_catalog *fuzz_default_catalog;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct aw_diag diag;
    if (aw_catalog_new(&fuzz_default_catalog) != AW_OK ||
        aw_catalog_load_default(fuzz_default_catalog, &diag) != AW_OK)
        abort();
    return 0;
}
