/*
 * fuzz_request.c - the request parsers (quantities, counts, sizes such as
 * --image-size 4294968320x1024, ranges, grids, choices: aw_request_set, the
 * one parser behind the CLI's options and the JSON API's fields), then the
 * request's checks and one estimate on the default catalog (loaded once, in
 * LLVMFuzzerInitialize).
 *
 * Input: lines "key=value" (a line without '=' sets a flag), at most 32.
 * The oracles: an accepted size or pixel count is within 1..16384 (image in)
 * or 1..AW_DIFFUSION_MAX_PX (generated), never a wrapped value; a refused
 * value leaves the request unchanged; an estimate that succeeds is finite
 * and not negative at every boundary, in carbon and in water.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiwatt.h"
#include "fuzz_support.h"

static void check_pixels(int v, int max, const char *what)
{
    if (AW_IS_SET(v) && (v < 1 || v > max)) {
        fprintf(stderr, "%s accepted as %d, outside 1..%d\n", what, v, max);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size, 4096);
    if (text == NULL)
        return 0;

    struct aw_request req;
    struct aw_diag diag;
    aw_request_init(&req);
    char *line = text;
    for (int n = 0; n < 32 && line != NULL; n++) {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        char *eq = strchr(line, '=');
        if (eq != NULL)
            *eq = '\0';
        struct aw_request before = req;
        aw_status st = aw_request_set(&req, line, eq != NULL ? eq + 1 : NULL, &diag);
        if (st != AW_OK && memcmp(&before, &req, sizeof req) != 0) {
            fprintf(stderr, "refused '%s' changed the request\n", line);
            abort();
        }
        check_pixels(req.image_in_width, 16384, "image width");
        check_pixels(req.image_in_height, 16384, "image height");
        check_pixels(req.width, AW_DIFFUSION_MAX_PX, "width");
        check_pixels(req.height, AW_DIFFUSION_MAX_PX, "height");
        line = next;
    }

    if (aw_request_check(&req, &diag) == AW_OK) {
        struct aw_estimate est;
        if (aw_estimate_request(fuzz_default_catalog, &req, &est, &diag) == AW_OK) {
            fuzz_not_negative(est.wh.accelerator_wh, "accelerator_wh", "estimate");
            fuzz_not_negative(est.wh.server_wh, "server_wh", "estimate");
            fuzz_not_negative(est.wh.it_wh, "it_wh", "estimate");
            fuzz_not_negative(est.wh.facility_wh, "facility_wh", "estimate");
            fuzz_not_negative(est.co2_g, "co2_g", "estimate");
            fuzz_not_negative(est.water_ml, "water_ml", "estimate");
        }
    }
    free(text);
    return 0;
}
