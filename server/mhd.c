/*
 * mhd.c - opens libmicrohttpd at `aiwatt serve` time (see mhd.h).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "mhd.h"

#ifndef AW_MHD_SONAME
#define AW_MHD_SONAME "libmicrohttpd.so.12"
#endif

struct aw_mhd aw_mhd;

static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static int opened;

/* dlsym returns void *; POSIX guarantees it converts to a function pointer. */
static int resolve(void *handle, const char *name, void *slot, size_t size)
{
    void *sym = dlsym(handle, name);
    if (sym == NULL)
        return -1;
    memcpy(slot, &sym, size);
    return 0;
}

int aw_mhd_open(char *msg, char *hint, size_t size)
{
    pthread_mutex_lock(&open_lock);
    if (opened) {
        pthread_mutex_unlock(&open_lock);
        return 0;
    }
    void *h = dlopen(AW_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        snprintf(msg, size, "aiwatt serve needs libmicrohttpd: %s", dlerror());
        snprintf(hint, size, "install it (Debian: apt install libmicrohttpd12); the other "
                             "commands do not need it");
        pthread_mutex_unlock(&open_lock);
        return -1;
    }
    struct aw_mhd t;
    const char *missing = NULL;
#define RESOLVE(field, name)                                                 \
    if (missing == NULL && resolve(h, name, &t.field, sizeof t.field) != 0) \
    missing = name
    RESOLVE(create_response_from_buffer, "MHD_create_response_from_buffer");
    RESOLVE(add_response_header, "MHD_add_response_header");
    RESOLVE(queue_response, "MHD_queue_response");
    RESOLVE(destroy_response, "MHD_destroy_response");
    RESOLVE(lookup_connection_value, "MHD_lookup_connection_value");
    RESOLVE(start_daemon, "MHD_start_daemon");
    RESOLVE(stop_daemon, "MHD_stop_daemon");
    RESOLVE(get_daemon_info, "MHD_get_daemon_info");
#undef RESOLVE
    if (missing != NULL) {
        snprintf(msg, size, "%s has no function %s", AW_MHD_SONAME, missing);
        snprintf(hint, size, "install libmicrohttpd 0.9.75 or later (Debian 12: "
                             "libmicrohttpd12)");
        dlclose(h);
        pthread_mutex_unlock(&open_lock);
        return -1;
    }
    aw_mhd = t; /* the handle stays open for the life of the process */
    opened = 1;
    pthread_mutex_unlock(&open_lock);
    return 0;
}
