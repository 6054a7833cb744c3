/*
 * hello.c - estimate one request with libaiwatt and print its energy at the
 * facility boundary (what the data centre draws from the grid).
 *
 *   cc hello.c $(pkg-config --cflags --libs aiwatt) -o hello && ./hello
 *
 * Usage: hello [MODEL [HARDWARE [OUTPUT_TOKENS]]]
 * (default: llama-3.1-8b on h100, 300 output tokens)
 */
#include <stdio.h>
#include <stdlib.h>
#include <aiwatt.h>

int main(int argc, char **argv)
{
    struct aw_diag diag;
    aw_catalog *cat = NULL;
    struct aw_request req;
    struct aw_estimate est;
    aw_status st;

    aw_diag_clear(&diag);
    st = aw_catalog_new(&cat);
    if (st == AW_OK)
        st = aw_catalog_load_default(cat, &diag);
    if (st == AW_OK) {
        aw_request_init(&req);
        req.model_id = argc > 1 ? argv[1] : "llama-3.1-8b";
        req.hardware_id = argc > 2 ? argv[2] : "h100";
        req.output_tokens = argc > 3 ? atol(argv[3]) : 300;
        st = aw_estimate_request(cat, &req, &est, &diag);
    }
    if (st != AW_OK) {
        fprintf(stderr, "hello: %s: %s\n", aw_strerror(st), diag.msg);
        if (diag.hint[0] != '\0')
            fprintf(stderr, "hello: hint: %s\n", diag.hint);
        aw_catalog_free(cat);
        return 1;
    }
    printf("%s on %s, %ld output tokens: %g Wh at the facility (libaiwatt %s)\n",
           req.model_id, req.hardware_id, req.output_tokens, est.wh.facility_wh, aw_version());
    aw_catalog_free(cat);
    return 0;
}
