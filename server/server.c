/*
 * server.c - the HTTP side of `aiwatt serve` (libmicrohttpd): routing,
 * content negotiation, body limits, and the embedded web page.
 *
 * Every response is built whole before it is queued, so a failure never
 * sends half a body. Unknown paths are 404, known paths with the wrong
 * method 405 with an Allow header, bodies over AW_SERVE_MAX_BODY 413.
 */
#include "serve.h"

#include <arpa/inet.h>
#include "mhd.h"
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include "api.h"
#include "exporter.h"
#include "web.h"

struct aw_httpd {
    struct MHD_Daemon *daemon;
    struct aw_exporter *exporter;
    /* The /metrics response of the latest publication, per format: built
     * once per poll and queued for every scrape (libmicrohttpd counts its
     * users), so a scrape allocates and copies nothing. */
    pthread_mutex_t metrics_lock;
    struct MHD_Response *metrics[2];
    unsigned long metrics_gen[2];
    const aw_catalog *catalog;
    char address[96];
};

/* The state of a request without a body, between libmicrohttpd's calls. */
static char headers_seen;

/* Per-connection state of a request with a body. */
struct upload {
    char *body;
    size_t len;
    int too_large;
};

static const char json_content_type[] = "application/json";

static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status, char *body,
                                     size_t len, const char *type, int must_free,
                                     const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        if (must_free)
            free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (allow != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* {"error": msg, "hint": hint} as JSON. */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg,
                                  const char *hint, const char *allow)
{
    size_t len = 0;
    char *body = aw_serve_error_json(msg, hint, &len);
    if (body == NULL)
        return MHD_NO;
    return send_response(c, status, body, len, json_content_type, 1, allow);
}

static int wants_openmetrics(struct MHD_Connection *c)
{
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    return accept != NULL && strstr(accept, "application/openmetrics-text") != NULL;
}

static enum MHD_Result serve_metrics(struct aw_httpd *s, struct MHD_Connection *c)
{
    int om = wants_openmetrics(c);
    pthread_mutex_lock(&s->metrics_lock);
    if (s->metrics[om] == NULL ||
        s->metrics_gen[om] != aw_exporter_generation(s->exporter)) {
        size_t len = 0;
        unsigned long gen = 0;
        char *text = aw_exporter_text(s->exporter, om, &len, &gen);
        struct MHD_Response *r =
            text != NULL ? MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE)
                         : NULL;
        if (r == NULL) {
            free(text);
            pthread_mutex_unlock(&s->metrics_lock);
            return send_error(c, 500, "out of memory", "", NULL);
        }
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                   : "text/plain; version=0.0.4; charset=utf-8");
        if (s->metrics[om] != NULL)
            MHD_destroy_response(s->metrics[om]); /* freed when its last user is done */
        s->metrics[om] = r;
        s->metrics_gen[om] = gen;
    }
    enum MHD_Result ret = MHD_queue_response(c, 200, s->metrics[om]);
    pthread_mutex_unlock(&s->metrics_lock);
    return ret;
}

static int is_get(const char *method)
{
    return strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct aw_httpd *s = cls;
    int is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

    /* libmicrohttpd calls once with the headers, then with the body (if
     * any), then once more; a response queued on the first call would close
     * the connection (no keep-alive), so every request answers later. A
     * POST body is collected in between. */
    if (*con_cls == NULL) {
        if (!is_post) {
            *con_cls = &headers_seen;
            return MHD_YES;
        }
        struct upload *u = calloc(1, sizeof *u);
        if (u == NULL)
            return MHD_NO;
        *con_cls = u;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL && strtoull(cl, NULL, 10) > AW_SERVE_MAX_BODY)
            u->too_large = 1;
        return MHD_YES;
    }
    if (is_post) {
        struct upload *u = *con_cls;
        if (*upload_data_size > 0) {
            size_t n = *upload_data_size;
            if (!u->too_large && u->len + n <= AW_SERVE_MAX_BODY) {
                char *nb = realloc(u->body, u->len + n + 1);
                if (nb == NULL)
                    return MHD_NO;
                u->body = nb;
                memcpy(u->body + u->len, upload_data, n);
                u->len += n;
                u->body[u->len] = '\0';
            } else {
                u->too_large = 1;
            }
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (u->too_large) {
            char msg[128];
            snprintf(msg, sizeof msg, "request body over %d bytes", AW_SERVE_MAX_BODY);
            return send_error(c, 413, msg, "send a smaller JSON request", NULL);
        }
    } else if (*upload_data_size > 0) {
        *upload_data_size = 0; /* a body on GET, HEAD, PUT...: ignored */
        return MHD_YES;
    }

    if (strcmp(url, "/metrics") == 0) {
        if (!is_get(method))
            return send_error(c, 405, "/metrics accepts GET", "", "GET, HEAD");
        return serve_metrics(s, c);
    }
    if (strcmp(url, "/healthz") == 0) {
        if (!is_get(method))
            return send_error(c, 405, "/healthz accepts GET", "", "GET, HEAD");
        static char ok[] = "ok\n";
        return send_response(c, 200, ok, 3, "text/plain; charset=utf-8", 0, NULL);
    }
    const struct aw_web_file *f = aw_web_find(url);
    if (f != NULL) {
        if (!is_get(method))
            return send_error(c, 405, "the web page accepts GET", "", "GET, HEAD");
        return send_response(c, 200, (char *)f->bytes, *f->len, f->type, 0, NULL);
    }
    if (strncmp(url, "/v1/", 4) == 0) {
        struct upload *u = is_post ? *con_cls : NULL;
        struct aw_api_reply reply;
        aw_serve_api(s->catalog, method, url, u != NULL ? u->body : NULL,
                     u != NULL ? u->len : 0, &reply);
        if (reply.body == NULL)
            return send_error(c, 500, "out of memory", "", NULL);
        return send_response(c, reply.status, reply.body, reply.len, json_content_type, 1, reply.allow);
    }
    return send_error(c, 404, "no such page",
                      "the exporter serves /metrics, the JSON API /v1/..., and the calculator /",
                      NULL);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    struct upload *u = *con_cls;
    if (u != NULL && *con_cls != (void *)&headers_seen) {
        free(u->body);
        free(u);
    }
    *con_cls = NULL;
}

/* "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *host, unsigned short port, struct sockaddr_storage *ss,
                        socklen_t *len, int *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        *len = sizeof *in4;
        *v6 = 0;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        *len = sizeof *in6;
        *v6 = 1;
        return 0;
    }
    return -1;
}

aw_status aw_server_start(const struct aw_serve_config *cfg, aw_httpd **out,
                          struct aw_diag *diag)
{
    *out = NULL;
    struct sockaddr_storage ss;
    socklen_t ss_len;
    int v6;
    if (parse_listen(cfg->listen_host, cfg->port, &ss, &ss_len, &v6) != 0) {
        snprintf(diag->msg, sizeof diag->msg, "--listen: '%s' is not an IP address",
                 cfg->listen_host);
        snprintf(diag->hint, sizeof diag->hint,
                 "give ADDR:PORT with a numeric address, e.g. 127.0.0.1:%d or [::1]:%d",
                 AW_SERVE_DEFAULT_PORT, AW_SERVE_DEFAULT_PORT);
        return AW_E_INVALID;
    }
    if (aw_mhd_open(diag->msg, diag->hint, sizeof diag->msg) != 0)
        return AW_E_IO;
    aw_httpd *s = calloc(1, sizeof *s);
    if (s == NULL)
        return AW_E_NOMEM;
    pthread_mutex_init(&s->metrics_lock, NULL);
    s->catalog = cfg->catalog;
    aw_status st = aw_exporter_start(cfg, &s->exporter, diag);
    if (st != AW_OK) {
        pthread_mutex_destroy(&s->metrics_lock);
        free(s);
        return st;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cfg->threads > 0 ? cfg->threads : 2),
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000, MHD_OPTION_END);
    if (s->daemon == NULL) {
        snprintf(diag->msg, sizeof diag->msg, "cannot listen on %s%s%s:%u", v6 ? "[" : "",
                 cfg->listen_host, v6 ? "]" : "", cfg->port);
        snprintf(diag->hint, sizeof diag->hint,
                 "is the port in use or the address not on this machine? "
                 "choose another with --listen ADDR:PORT");
        aw_exporter_stop(s->exporter);
        pthread_mutex_destroy(&s->metrics_lock);
        free(s);
        return AW_E_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info != NULL ? info->port : cfg->port;
    snprintf(s->address, sizeof s->address, "%s%s%s:%u", v6 ? "[" : "", cfg->listen_host,
             v6 ? "]" : "", port);
    *out = s;
    return AW_OK;
}

const char *aw_server_address(const aw_httpd *s)
{
    return s->address;
}

void aw_server_stop(aw_httpd *s)
{
    if (s == NULL)
        return;
    MHD_stop_daemon(s->daemon);
    for (int om = 0; om < 2; om++) {
        if (s->metrics[om] != NULL)
            MHD_destroy_response(s->metrics[om]);
    }
    pthread_mutex_destroy(&s->metrics_lock);
    aw_exporter_stop(s->exporter);
    free(s);
}
