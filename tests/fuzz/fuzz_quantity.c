/*
 * fuzz_quantity.c - the quantity parser (aw_parse_quantity: "70B", "2.5e9",
 * "1.2k") on any bytes: it accepts or refuses, and what it accepts is a
 * finite number.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size, SIZE_MAX);
    if (text == NULL)
        return 0;
    double v = 0;
    if (aw_parse_quantity(text, &v) == AW_OK && !isfinite(v))
        abort(); /* accepted, so it must be a number */
    free(text);
    return 0;
}
