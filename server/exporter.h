/*
 * exporter.h - the sampler: snapshots the meter and scrapes token endpoints
 * every interval, keeps the sliding window of energy and tokens, and
 * renders the exposition text that /metrics hands out.
 */
#ifndef AIWATT_SERVE_EXPORTER_H
#define AIWATT_SERVE_EXPORTER_H

#include "serve.h"

/* Opens the meter, takes the first snapshot, renders, and starts the
 * sampler thread. */
aw_status aw_exporter_start(const struct aw_serve_config *cfg, struct aw_exporter **out,
                            struct aw_diag *diag);
void aw_exporter_stop(struct aw_exporter *x);

#endif
