/*
 * test_diffusion_calibration.c - the image and video estimates against
 * published GPU-only measurements, run through the CLI as a user would:
 *   aiwatt estimate --task image|video --model M --hardware HW --gpus 1
 *                   --batch B --width W --height H [--frames F] --steps S
 *                   --format json
 * The rows are data (tests/cases/diffusion.cases) with their source; the
 * ratio of each row is printed so CI logs show the calibration state.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "test_support.h"

#define TOLERANCE_FACTOR 2.0

/* A row of diffusion.cases: ID TASK MODEL HARDWARE BATCH WIDTH HEIGHT
 * FRAMES STEPS MEASURED_J (GPU energy per request; FRAMES for video only). */
static int diffusion_row_ok(const char *line)
{
    char id[32], task[16], model[64], hw[32];
    int batch, width, height, frames, steps;
    double measured_j;
    if (sscanf(line, "%31s %15s %63s %31s %d %d %d %d %d %lf", id, task, model, hw, &batch, &width,
               &height, &frames, &steps, &measured_j) != 10)
        fail_malformed(line);
    char frames_opt[32] = "";
    if (strcmp(task, "video") == 0)
        snprintf(frames_opt, sizeof frames_opt, "--frames %d", frames);
    char args[512];
    snprintf(args, sizeof args,
             "estimate --task %s --model %s --hardware %s --gpus 1 --batch %d --width %d "
             "--height %d %s --steps %d",
             task, model, hw, batch, width, height, frames_opt, steps);
    return calibration_row_within(id, args, "accelerator", measured_j, 3600.0, "J",
                                  TOLERANCE_FACTOR);
}

static void test_published_rows(void **state)
{
    (void)state;
    check_case_rows("diffusion.cases", 4, diffusion_row_ok);
}

/* Every diffusion assumption is in the JSON "inputs", next to the contract
 * keys (wh, co2_g, water_ml, seconds, inputs). */
static void test_json_inputs(void **state)
{
    (void)state;
    json_t *j = run_cli_json("estimate --task video --model wan2.1-1.3b --format json");
    assert_non_null(j);
    assert_non_null(json_object_get(json_object_get(j, "wh"), "facility"));
    assert_non_null(json_object_get(j, "co2_g"));
    assert_non_null(json_object_get(j, "water_ml"));
    assert_non_null(json_object_get(j, "seconds"));
    json_t *in = json_object_get(j, "inputs");
    static const char *const keys[] = {"architecture", "width", "height", "frames", "steps",
                                       "cfg_passes", "latent_frames", "latent_tokens",
                                       "text_tokens", "flop_per_step", "total_flop",
                                       "diffusion_flop_utilisation", "diffusion_power_w"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (json_object_get(in, keys[i]) == NULL) {
            print_error("inputs.%s missing\n", keys[i]);
            fail();
        }
    }
    /* 832x480, 81 frames: 21 x 30 x 52 latent tokens. */
    assert_int_equal(json_integer_value(json_object_get(in, "latent_tokens")), 32760);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_rows),
        cmocka_unit_test(test_json_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
