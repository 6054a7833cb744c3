/*
 * cmd_serve.c - `aiwatt serve`: parses the options and runs the server
 * (server/) until SIGINT or SIGTERM. Everything else is in server/.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "serve.h"

const char aw_usage_serve[] =
    "usage: aiwatt serve [--listen ADDR:PORT] [--tokens-from URL]... [--model ID]\n"
    "                    [--hardware ID] [--interval MS] [--window S] [--threads N]\n"
    "\n"
    "Serves, until interrupted (SIGINT, SIGTERM):\n"
    "  /metrics   Prometheus metrics: energy and power of every counter that\n"
    "             'aiwatt sources' finds, tokens and measured J per output token\n"
    "  /v1/...    the JSON API (estimate, mix, agent, train, report, catalog, refs)\n"
    "  /          the web calculator\n"
    "\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8149; port 0: any\n"
    "                      free port; [::1]:PORT for IPv6). The address bound is\n"
    "                      printed on stderr\n"
    "  --tokens-from URL   an inference server's metrics (vLLM, SGLang, TGI), e.g.\n"
    "                      http://127.0.0.1:8000/metrics; repeatable, http only\n"
    "  --model ID          the catalog model served (default: the served name\n"
    "                      matched to the catalog), for the estimated J/token\n"
    "  --hardware ID       the accelerator (default: the GPU NVML reports)\n"
    "  --interval MS       how often counters are sampled and tokens scraped\n"
    "                      (default 1000, 50 to 60000)\n"
    "  --window S          window of the J/token figures (default 60 s)\n"
    "  --threads N         HTTP worker threads (default 2)\n"
    "\n"
    "Details: docs/cli/aiwatt-serve.md, docs/serve.md.\n";

/* "HOST:PORT" or "[V6]:PORT" into host (copied into buf) and port. */
static int parse_listen(const char *arg, char *buf, size_t size, unsigned short *port)
{
    const char *colon;
    if (arg[0] == '[') {
        const char *close = strchr(arg, ']');
        if (close == NULL || close[1] != ':')
            return -1;
        if ((size_t)(close - arg - 1) >= size)
            return -1;
        memcpy(buf, arg + 1, (size_t)(close - arg - 1));
        buf[close - arg - 1] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(arg, ':');
        if (colon == NULL || (size_t)(colon - arg) >= size || colon == arg)
            return -1;
        memcpy(buf, arg, (size_t)(colon - arg));
        buf[colon - arg] = '\0';
    }
    long p;
    if (aw_parse_count(colon + 1, &p) != 0 || p > 65535 || colon[1] == '\0')
        return -1;
    *port = (unsigned short)p;
    return 0;
}

struct serve_args {
    struct aw_serve_config *cfg;
    char *host; /* the listen address's buffer */
    size_t host_size;
    const aw_catalog *catalog;
};

static int not_in_catalog(const char *option, const char *id, const char *section)
{
    return aw_tool_usage_error("serve", "%s '%s': not in the catalog ('aiwatt catalog list %s' "
                               "lists them)", option, id, section);
}

static int take_option(void *state, int code, const char *arg)
{
    struct serve_args *a = state;
    struct aw_serve_config *cfg = a->cfg;
    double v;
    long n;
    switch (code) {
    case AW_OWN_LISTEN:
        if (parse_listen(arg, a->host, a->host_size, &cfg->port) != 0)
            return aw_tool_usage_error("serve", "--listen '%s': expected ADDR:PORT, e.g. "
                                       "127.0.0.1:%d or [::1]:%d", arg,
                                       AW_SERVE_DEFAULT_PORT, AW_SERVE_DEFAULT_PORT);
        break;
    case AW_OWN_TOKENS_FROM:
        if (cfg->n_token_urls == AW_SERVE_MAX_TOKEN_URLS)
            return aw_tool_usage_error("serve", "at most %d --tokens-from URLs",
                                       AW_SERVE_MAX_TOKEN_URLS);
        cfg->token_urls[cfg->n_token_urls++] = arg;
        break;
    case AW_OWN_MODEL: {
        const struct aw_model *model = aw_catalog_find_model(a->catalog, arg);
        if (model == NULL)
            return not_in_catalog("--model", arg, "models");
        cfg->model_id = model->id; /* the catalog's own spelling */
        break;
    }
    case AW_OWN_HARDWARE: {
        const struct aw_hardware *hw = aw_catalog_find_hardware(a->catalog, arg);
        if (hw == NULL)
            return not_in_catalog("--hardware", arg, "hardware");
        cfg->hardware_id = hw->id;
        break;
    }
    case AW_OWN_INTERVAL:
        if (aw_parse_si(arg, &v) != 0 || v < 50 || v > 60000)
            return aw_tool_usage_error("serve", "--interval '%s': expected 50 to 60000 ms",
                                       arg);
        cfg->interval_s = v / 1000;
        break;
    case AW_OWN_WINDOW:
        if (aw_parse_si(arg, &v) != 0 || v < 1 || v > 86400)
            return aw_tool_usage_error("serve", "--window '%s': expected 1 to 86400 s",
                                       arg);
        cfg->window_s = v;
        break;
    case AW_OWN_THREADS:
        if (aw_parse_count(arg, &n) != 0 || n < 1 || n > 256)
            return aw_tool_usage_error("serve", "--threads '%s': expected 1 to 256",
                                       arg);
        cfg->threads = (unsigned)n;
        break;
    }
    return AW_EXIT_OK;
}

int aw_run_serve(struct aw_ctx *ctx)
{
    struct aw_serve_config cfg = {0};
    char host[64] = "127.0.0.1";
    cfg.listen_host = host;
    cfg.port = AW_SERVE_DEFAULT_PORT;
    cfg.catalog = ctx->catalog;
    cfg.sysfs_root = ctx->sysfs_root;
    cfg.nvml_library = ctx->nvml_library;
    cfg.interval_s = 1.0;
    cfg.window_s = 60;
    cfg.threads = 2;
    struct serve_args args = {&cfg, host, sizeof host, ctx->catalog};
    const struct aw_opts *o = &ctx->opts;
    int rc = aw_tool_own_options(o, take_option, &args);
    if (rc != AW_EXIT_OK)
        return rc;
    if (cfg.window_s < 2 * cfg.interval_s)
        return aw_tool_usage_error("serve", "--window must span at least two intervals");

    /* Every thread started from here on inherits this mask: the signals
     * reach only the sigwait below. A peer that hangs up must not kill us. */
    sigset_t stop_signals, old;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &old);
    signal(SIGPIPE, SIG_IGN);

    aw_httpd *srv = NULL;
    struct aw_diag diag;
    aw_diag_clear(&diag);
    aw_status st = aw_server_start(&cfg, &srv, &diag);
    if (st != AW_OK) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return aw_tool_fail(st, &diag);
    }
    fprintf(stderr, "aiwatt: serving on http://%s (metrics at /metrics)\n",
            aw_server_address(srv));
    int sig = 0;
    sigwait(&stop_signals, &sig);
    fprintf(stderr, "aiwatt: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    aw_server_stop(srv);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return AW_EXIT_OK;
}
