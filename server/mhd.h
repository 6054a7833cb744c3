/*
 * mhd.h - libmicrohttpd, opened with dlopen() when `aiwatt serve` starts.
 *
 * Only `aiwatt serve` needs an HTTP server, and libmicrohttpd links GnuTLS
 * and its five companions (tasn1, nettle, hogweed, p11-kit, gmp): linked
 * into the aiwatt binary they were loaded and relocated by every command,
 * a fifth of `aiwatt estimate`'s start-up. server.c includes this header
 * instead of <microhttpd.h>: the types and constants are the header's, and
 * each function the server calls is a pointer filled by aw_mhd_open().
 */
#ifndef AIWATT_SERVER_MHD_H
#define AIWATT_SERVER_MHD_H

#include <stddef.h>
#include <stdint.h>
#include <microhttpd.h>

struct aw_mhd {
    struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
                                                        enum MHD_ResponseMemoryMode mode);
    enum MHD_Result (*add_response_header)(struct MHD_Response *response, const char *header,
                                           const char *content);
    enum MHD_Result (*queue_response)(struct MHD_Connection *connection,
                                      unsigned int status_code, struct MHD_Response *response);
    void (*destroy_response)(struct MHD_Response *response);
    const char *(*lookup_connection_value)(struct MHD_Connection *connection,
                                           enum MHD_ValueKind kind, const char *key);
    struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
                                       MHD_AcceptPolicyCallback apc, void *apc_cls,
                                       MHD_AccessHandlerCallback dh, void *dh_cls, ...);
    void (*stop_daemon)(struct MHD_Daemon *daemon);
    const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *daemon,
                                                   enum MHD_DaemonInfoType info_type, ...);
};

/* Filled once by aw_mhd_open() (server/ is the front-end, not the pure
 * library: one process-wide table is its business). */
extern struct aw_mhd aw_mhd;

/* Opens libmicrohttpd and fills aw_mhd. 0 on success; -1 with a message
 * and a hint (each up to `size` bytes) when the library or a function is
 * missing. Safe to call again. */
int aw_mhd_open(char *msg, char *hint, size_t size);

#define MHD_create_response_from_buffer (aw_mhd.create_response_from_buffer)
#define MHD_add_response_header (aw_mhd.add_response_header)
#define MHD_queue_response (aw_mhd.queue_response)
#define MHD_destroy_response (aw_mhd.destroy_response)
#define MHD_lookup_connection_value (aw_mhd.lookup_connection_value)
#define MHD_start_daemon (aw_mhd.start_daemon)
#define MHD_stop_daemon (aw_mhd.stop_daemon)
#define MHD_get_daemon_info (aw_mhd.get_daemon_info)

#endif
