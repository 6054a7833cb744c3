/*
 * estimate_diffusion.h - `aiwatt estimate --task image|video`: option
 * checks and the table and CSV views of a diffusion estimate (the JSON view
 * is the library's, lib/report/json.c).
 */
#ifndef AIWATT_TOOL_ESTIMATE_DIFFUSION_H
#define AIWATT_TOOL_ESTIMATE_DIFFUSION_H

#include "aiwatt.h"

struct aw_view;

/* Usage lines for the image/video options, spliced into estimate's help. */
/* Parses --width, --height (1..AW_DIFFUSION_MAX_PX), --steps
 * (1..AW_DIFFUSION_MAX_STEPS) or --frames (1..AW_DIFFUSION_MAX_FRAMES) into
 * *out. Prints the usage error and returns -1 when malformed or out of range. */
int aw_tool_parse_diffusion_option(const char *opt, const char *text, int *out);

/* Checks that the options given fit the task: --width/--height/--steps need
 * --task image or video, --frames needs --task video, and the token options,
 * --images-in and --params do not apply to image/video. Prints the usage
 * error and returns AW_EXIT_USAGE, or 0 when consistent. `diffusion_opts` is
 * nonzero when --width/--height/--steps/--frames were given. */
int aw_tool_check_diffusion_request(const struct aw_request *req, int diffusion_opts);

/* The table and CSV views of an image or video estimate. */
struct aw_tool_range;
void aw_tool_print_diffusion_table(const struct aw_view *view, const struct aw_estimate *e,
                                   const struct aw_tool_range *range);
void aw_tool_print_diffusion_csv(FILE *out, const struct aw_estimate *e);

#endif
