/*
 * serve.h - `aiwatt serve`: a Prometheus exporter of the meter's counters,
 * joined to an inference server's token counters, plus the JSON API and the
 * web calculator (docs/serve.md).
 *
 * Threads: one sampler (serve_exporter.c) snapshots the meter and scrapes
 * the token endpoints every interval, then renders the whole exposition
 * text once; libmicrohttpd's threads answer requests by copying that text,
 * so a scrape never reads a counter. The JSON API runs the library on the
 * request's thread (the catalog is read-only once loaded).
 */
#ifndef AIWATT_SERVE_H
#define AIWATT_SERVE_H

#include <stddef.h>
#include "aiwatt.h"

/* The default port: outside the exporters' 9100-9999 range (fully
 * allocated on the Prometheus wiki) and away from the ports of the
 * exporters aiwatt runs beside (node_exporter 9100, DCGM exporter 9400,
 * Kepler 9102/8888, Scaphandre 8080). docs/serve.md. */
#define AW_SERVE_DEFAULT_PORT 8149
#define AW_SERVE_MAX_TOKEN_URLS 8
/* Request bodies above this are refused with 413. */
#define AW_SERVE_MAX_BODY 65536

struct aw_serve_config {
    const char *listen_host;   /* "127.0.0.1" */
    unsigned short port;       /* 0: any free port */
    const aw_catalog *catalog; /* read-only, shared by every request */
    const char *sysfs_root;
    const char *nvml_library;
    double interval_s;         /* sampling and token scraping period */
    double window_s;           /* sliding window of J/token */
    const char *token_urls[AW_SERVE_MAX_TOKEN_URLS];
    size_t n_token_urls;
    const char *model_id;      /* --model: the catalog model served */
    const char *hardware_id;   /* --hardware: overrides the GPU read from NVML */
    unsigned threads;          /* HTTP worker threads */
};

typedef struct aw_httpd aw_httpd;

/* Opens the meter, starts the sampler and the HTTP daemon. On failure
 * returns non-AW_OK with diag filled. The bound address is in
 * aw_server_address(). */
aw_status aw_server_start(const struct aw_serve_config *cfg, aw_httpd **out,
                          struct aw_diag *diag);
/* "127.0.0.1:8149": the address actually bound (port 0 resolved). */
const char *aw_server_address(const aw_httpd *s);
/* Stops the daemon and the sampler, frees everything. Accepts NULL. */
void aw_server_stop(aw_httpd *s);

/* ---- Pieces, also used by the tests and the benchmark ---- */

/* The meter's view published by the sampler: the exposition text in the
 * Prometheus 0.0.4 text format (openmetrics = 0) or OpenMetrics 1.0.0.
 * Returns a malloc'd copy (caller frees), its length in *len, and in *gen
 * the number of the publication it comes from (it grows by one per poll). */
struct aw_exporter;
char *aw_exporter_text(struct aw_exporter *x, int openmetrics, size_t *len, unsigned long *gen);
/* The number of the latest publication. */
unsigned long aw_exporter_generation(struct aw_exporter *x);

#endif
