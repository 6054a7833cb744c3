/*
 * web.h - the web calculator's files, embedded in the binary at build time
 * (server/web/, cmake/EmbedFile.cmake): nothing is fetched from elsewhere.
 */
#ifndef AIWATT_SERVE_WEB_H
#define AIWATT_SERVE_WEB_H

#include <stddef.h>

struct aw_web_file {
    const char *path; /* "/", "/app.js" */
    const unsigned char *bytes;
    const size_t *len;
    const char *type;
};

/* The file served at url (the query string already stripped by the
 * HTTP layer), or NULL. */
const struct aw_web_file *aw_web_find(const char *url);

#endif
