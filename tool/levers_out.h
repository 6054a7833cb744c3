/*
 * levers_out.h - the uncertainty options shared by commands that estimate
 * (estimate, train; mix and fleet can splice them in too):
 *   --uncertainty [N]   Monte Carlo with N draws (default 10,000)
 *   --seed S            the generator's seed (default 1)
 *   --sensitivity       the tornado table
 * and their table, CSV and JSON output, plus number formatting shared by
 * train and whatif.
 *
 * The options themselves are fields of the request table (uncertainty, seed,
 * sensitivity). Usage in a command: aw_tool_uncertainty_from_request() and
 * aw_tool_uncertainty_check() after the options, run
 * aw_tool_uncertainty_request() (or _train) before printing anything, then
 * add the output to the command's own. JSON output is the library's
 * (aw_api_run_request).
 */
#ifndef AIWATT_TOOL_LEVERS_OUT_H
#define AIWATT_TOOL_LEVERS_OUT_H

#include <getopt.h>
#include <jansson.h>
#include "cmd.h"

struct aw_tool_uncertainty {
    int requested;             /* --uncertainty */
    size_t samples;
    unsigned long seed;
    int seed_given;
    int sensitivity;           /* --sensitivity */
    struct aw_uncertainty result;
    struct aw_uncertain_set set;
    struct aw_sensitivity tornado;
};

void aw_tool_uncertainty_init(struct aw_tool_uncertainty *u);

/* What the request's uncertainty, seed and sensitivity fields ask for. */
void aw_tool_uncertainty_from_request(struct aw_tool_uncertainty *u,
                                      const struct aw_request *req);

/* After option parsing: what the request's uncertainty fields ask for
 * (aw_tool_uncertainty_from_request), checked: --seed needs --uncertainty;
 * with --format csv only one of the two analyses. 0, or -1 after a usage
 * error. */
int aw_tool_uncertainty_check(const char *cmd, struct aw_tool_uncertainty *u,
                              const struct aw_request *req, enum aw_format format);

/* Runs what was asked for a request or a training run. */
aw_status aw_tool_uncertainty_request(const aw_catalog *cat, const struct aw_request *req,
                                      struct aw_tool_uncertainty *u, struct aw_diag *diag);
aw_status aw_tool_uncertainty_train(const aw_catalog *cat, const struct aw_train_request *req,
                                    struct aw_tool_uncertainty *u, struct aw_diag *diag);
/* ... for a weighted sum of requests (mix: the shares; fleet: x queries per
 * year). */
aw_status aw_tool_uncertainty_weighted(const aw_catalog *cat, const struct aw_request *reqs,
                                       const double *weights, const char *const *labels,
                                       size_t n, struct aw_tool_uncertainty *u,
                                       struct aw_diag *diag);

/* ... for a mix's requests, weighted by share x `scale` (1: the average
 * query; queries per year: a fleet). */
aw_status aw_tool_uncertainty_mix(const aw_catalog *cat, const struct aw_mix_result *mix,
                                  double scale, struct aw_tool_uncertainty *u,
                                  struct aw_diag *diag);

/* Adds "uncertainty" and/or "sensitivity" to a command's JSON object.
 * 0, or -1 when out of memory. */
int aw_tool_uncertainty_json(json_t *obj, const struct aw_tool_uncertainty *u);

/* Tables (tool/table.h). `per` says what the energies are per when they
 * are totals ("per year"), else "". */
void aw_tool_uncertainty_table(const struct aw_view *view, const struct aw_tool_uncertainty *u,
                               const char *per);

/* CSV: the quantiles (quantity,p5,p50,p95,mean) or the tornado; 1 when
 * one was asked for (and printed), 0 when neither. */
int aw_tool_uncertainty_csv(FILE *out, const struct aw_tool_uncertainty *u);

/* "1.29 GWh", "553 t", "15.6T": the number formatter of tool/table.h at
 * three figures, into a buffer (for callers that keep their own lines). */
const char *aw_tool_energy(double wh, char *buf, size_t len);
const char *aw_tool_mass(double grams, char *buf, size_t len);

#endif
