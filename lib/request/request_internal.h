/*
 * request_internal.h - the request table's helpers shared inside lib/.
 */
#ifndef AIWATT_REQUEST_INTERNAL_H
#define AIWATT_REQUEST_INTERNAL_H

#include <jansson.h>
#include "aiwatt/request.h"
#include "aiwatt/train.h"

/* Reads a JSON request object into `req` through the field table.
 * `commands`: the enum aw_command bits a key must belong to (0: any).
 * Messages start with `where`. */
aw_status aw__request_from_json(const json_t *obj, struct aw_request *req, const char *where,
                                unsigned commands, struct aw_diag *diag);

#endif
