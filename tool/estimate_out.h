/*
 * estimate_out.h - one estimate as a table for people (text, top-down
 * methods; diffusion in estimate_diffusion.c): the boundary ladder with a
 * p5-p95 range next to each figure, carbon, water, time and the
 * assumptions, fitted to the terminal (tool/table.h).
 */
#ifndef AIWATT_TOOL_ESTIMATE_OUT_H
#define AIWATT_TOOL_ESTIMATE_OUT_H

#include "cmd.h"

/* Draws of the range shown by default: enough for a p5-p95 to two figures,
 * few enough to cost a few milliseconds (bench/ has the timing). */
#define AW_HEADLINE_DRAWS 200

/* Room for one note of the ladder table. */
#define AW_NOTE_LEN 320

/* A p5-p95 range for the ladder, carbon and water, or none (set == 0). */
struct aw_tool_range {
    int set;
    size_t draws;
    struct aw_uncertainty q;
};

/* The range of a request's estimate from AW_HEADLINE_DRAWS seeded draws
 * (or from `full` when --uncertainty already ran). Never fails: a request
 * the Monte Carlo cannot run simply shows no range. */
void aw_tool_headline_range(const aw_catalog *cat, const struct aw_request *req,
                            const struct aw_uncertainty *full, struct aw_tool_range *out);

/* Significant figures for a figure with this range: 2 when p95/p5 > 2. */
int aw_tool_range_sig(const struct aw_tool_range *r);

/* "0.15-0.41 Wh": the range of energies in Wh (masses in g, water in mL). */
struct aw_fmt aw_tool_range_energy(const struct aw_view *view, const struct aw_quantiles *q,
                                   int sig);
struct aw_fmt aw_tool_range_mass(const struct aw_view *view, const struct aw_quantiles *q,
                                 int sig);
struct aw_fmt aw_tool_range_water(const struct aw_view *view, const struct aw_quantiles *q,
                                  int sig);

/* The boundary ladder (per `per`: "per request", "per image"), carbon,
 * water and time with the range when there is one. notes[0] says what the
 * accelerator energy is; notes[1..3] are filled here. */
void aw_tool_print_ladder(const struct aw_view *view, const struct aw_estimate *e,
                          const struct aw_tool_range *range, const char *per,
                          char notes[4][AW_NOTE_LEN], const char *time_note);

/* The tables. `range` may be NULL. */
void aw_tool_print_estimate_table(const struct aw_view *view, const struct aw_estimate *e,
                                  const struct aw_tool_range *range);
void aw_tool_print_method_table(const struct aw_view *view, const struct aw_estimate *e);

/* The "hardware" row of an assumptions table: GPUs, server, idle-max power. */
void aw_tool_hardware_row(struct aw_table *t, const struct aw_view *view,
                          const struct aw_resolved *in);

#endif
