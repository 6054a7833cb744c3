/*
 * httpc.c - a minimal HTTP/1.0 GET for scraping token counters.
 *
 * HTTP/1.0 with "Connection: close" keeps the client trivial: the body ends
 * when the server closes. Some servers still answer 1.0 requests with a
 * chunked body, which is decoded. Every step (resolve excepted) is bounded
 * by one deadline, so a stuck endpoint costs at most timeout_s per poll.
 */
#include "httpc.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int aw_url_parse(const char *url, struct aw_url *out, const char **why)
{
    memset(out, 0, sizeof *out);
    if (strncmp(url, "http://", 7) != 0) {
        *why = strncmp(url, "https://", 8) == 0
                   ? "https is not supported: scrape over http on a trusted network, or "
                     "through a local proxy (docs/serve.md)"
                   : "expected http://HOST[:PORT][/PATH]";
        return -1;
    }
    const char *p = url + 7, *host_end, *port = NULL;
    if (*p == '[') {
        host_end = strchr(p, ']');
        if (host_end == NULL) {
            *why = "unterminated [IPv6] address";
            return -1;
        }
        p++;
        if (host_end[1] == ':')
            port = host_end + 2;
        else if (host_end[1] != '/' && host_end[1] != '\0') {
            *why = "expected ':' or '/' after the [IPv6] address";
            return -1;
        }
    } else {
        host_end = p + strcspn(p, ":/");
        if (*host_end == ':')
            port = host_end + 1;
    }
    size_t host_len = (size_t)(host_end - p);
    if (host_len == 0 || host_len >= sizeof out->host) {
        *why = "missing or overlong host";
        return -1;
    }
    memcpy(out->host, p, host_len);
    const char *path = strchr(port != NULL ? port : host_end, '/');
    if (port != NULL) {
        size_t port_len = path != NULL ? (size_t)(path - port) : strlen(port);
        if (port_len == 0 || port_len >= sizeof out->port ||
            strspn(port, "0123456789") != port_len) {
            *why = "the port must be a number";
            return -1;
        }
        memcpy(out->port, port, port_len);
        long v = strtol(out->port, NULL, 10);
        if (v < 1 || v > 65535) {
            *why = "the port must be 1-65535";
            return -1;
        }
    } else {
        strcpy(out->port, "80");
    }
    if (path == NULL)
        path = "/metrics";
    if (strlen(path) >= sizeof out->path) {
        *why = "overlong path";
        return -1;
    }
    strcpy(out->path, path);
    for (const char *c = out->path; *c; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7f) {
            *why = "the path holds spaces or control characters";
            return -1;
        }
    }
    return 0;
}

/* Waits for `events` on fd until the deadline: 1 ready, 0 timed out. */
static int wait_fd(int fd, short events, double deadline)
{
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0)
            return 0;
        struct pollfd pfd = {.fd = fd, .events = events};
        int rc = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (rc > 0)
            return 1;
        if (rc == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

static int connect_to(const struct aw_url *url, double deadline, char *err, size_t err_size)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(url->host, url->port, &hints, &res);
    if (rc != 0) {
        snprintf(err, err_size, "cannot resolve %s: %s", url->host, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    snprintf(err, err_size, "cannot connect to %s:%s", url->host, url->port);
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    ai->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        int ok = 0;
        if (errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline) == 1) {
            int so_error = 0;
            socklen_t sl = sizeof so_error;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &sl);
            ok = so_error == 0;
            if (!ok)
                snprintf(err, err_size, "cannot connect to %s:%s: %s", url->host, url->port,
                         strerror(so_error));
        } else {
            snprintf(err, err_size, "cannot connect to %s:%s: %s", url->host, url->port,
                     errno == EINPROGRESS ? "timed out" : strerror(errno));
        }
        if (!ok) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

/* Decodes a chunked body in place; -1 when malformed. */
static int dechunk(char *body, size_t *len)
{
    size_t in = 0, out = 0, n = *len;
    for (;;) {
        char *end;
        if (in >= n)
            return -1;
        unsigned long size = strtoul(body + in, &end, 16);
        char *crlf = strstr(body + in, "\r\n");
        if (end == body + in || crlf == NULL)
            return -1;
        in = (size_t)(crlf - body) + 2;
        if (size == 0)
            break;
        if (size > n - in)
            return -1;
        memmove(body + out, body + in, size);
        out += size;
        in += size + 2;
    }
    body[out] = '\0';
    *len = out;
    return 0;
}

int aw_http_get(const struct aw_url *url, double timeout_s, size_t max_bytes, char **body,
                size_t *len, char *err, size_t err_size)
{
    double deadline = now_s() + timeout_s;
    *body = NULL;
    *len = 0;
    int fd = connect_to(url, deadline, err, err_size);
    if (fd < 0)
        return -1;
    char req[1600];
    int req_len = snprintf(req, sizeof req,
                           "GET %s HTTP/1.0\r\nHost: %s:%s\r\n"
                           "Accept: text/plain;version=0.0.4\r\n"
                           "User-Agent: aiwatt-serve\r\nConnection: close\r\n\r\n",
                           url->path, url->host, url->port);
    size_t sent = 0;
    while (sent < (size_t)req_len) {
        if (wait_fd(fd, POLLOUT, deadline) != 1) {
            snprintf(err, err_size, "timed out sending to %s:%s", url->host, url->port);
            close(fd);
            return -1;
        }
        ssize_t w = send(fd, req + sent, (size_t)req_len - sent, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EINTR) {
            snprintf(err, err_size, "cannot send to %s:%s: %s", url->host, url->port,
                     strerror(errno));
            close(fd);
            return -1;
        }
        if (w > 0)
            sent += (size_t)w;
    }
    size_t cap = 65536, used = 0;
    size_t limit = max_bytes + 16384; /* the body plus headers */
    char *buf = malloc(cap);
    int rc = -1;
    if (buf == NULL) {
        snprintf(err, err_size, "out of memory");
        goto out;
    }
    for (;;) {
        if (used + 1 >= cap) {
            if (cap >= limit) {
                snprintf(err, err_size, "response over %zu bytes", max_bytes);
                goto out;
            }
            size_t ncap = cap * 2 > limit ? limit : cap * 2;
            char *nb = realloc(buf, ncap);
            if (nb == NULL) {
                snprintf(err, err_size, "out of memory");
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        if (wait_fd(fd, POLLIN, deadline) != 1) {
            snprintf(err, err_size, "timed out after %.1f s reading %s:%s%s", timeout_s,
                     url->host, url->port, url->path);
            goto out;
        }
        ssize_t r = recv(fd, buf + used, cap - used - 1, 0);
        if (r == 0)
            break;
        if (r < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            snprintf(err, err_size, "cannot read from %s:%s: %s", url->host, url->port,
                     strerror(errno));
            goto out;
        }
        used += (size_t)r;
    }
    buf[used] = '\0';
    int status = 0;
    if (sscanf(buf, "HTTP/%*d.%*d %d", &status) != 1) {
        snprintf(err, err_size, "%s:%s%s did not answer HTTP", url->host, url->port, url->path);
        goto out;
    }
    if (status != 200) {
        snprintf(err, err_size, "%s:%s%s answered HTTP %d", url->host, url->port, url->path,
                 status);
        goto out;
    }
    char *head_end = strstr(buf, "\r\n\r\n");
    if (head_end == NULL) {
        snprintf(err, err_size, "%s:%s%s sent no complete header", url->host, url->port,
                 url->path);
        goto out;
    }
    *head_end = '\0';
    int chunked = 0;
    for (char *h = strstr(buf, "\r\n"); h != NULL; h = strstr(h + 2, "\r\n")) {
        if (strncasecmp(h + 2, "Transfer-Encoding:", 18) == 0 && strstr(h + 20, "chunked"))
            chunked = 1;
    }
    size_t body_len = used - (size_t)(head_end + 4 - buf);
    memmove(buf, head_end + 4, body_len);
    buf[body_len] = '\0';
    if (chunked && dechunk(buf, &body_len) != 0) {
        snprintf(err, err_size, "%s:%s%s sent a malformed chunked body", url->host, url->port,
                 url->path);
        goto out;
    }
    *body = buf;
    *len = body_len;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    close(fd);
    return rc;
}
