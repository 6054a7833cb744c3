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

/* The same, also writing each key and its value as text to settings[i]
 * (json_object_size(obj) of them; numbers' text in texts[i]): a request
 * kept by the catalog (catalog/catalog_internal.h), read again later by
 * aw__request_from_settings. settings and texts may be NULL. */
struct aw__catalog_setting;
struct aw__catalog_request;
#define AW__SETTING_TEXT_SIZE 64
aw_status aw__request_from_json_settings(const json_t *obj, struct aw_request *req,
                                         const char *where, unsigned commands,
                                         struct aw__catalog_setting *settings,
                                         char (*texts)[AW__SETTING_TEXT_SIZE],
                                         struct aw_diag *diag);

/* Applies a request kept by the catalog (validated when it was merged) to
 * `req`, field by field through the table. Messages start with `where`. */
aw_status aw__request_from_settings(const struct aw__catalog_request *r, struct aw_request *req,
                                    const char *where, unsigned commands, struct aw_diag *diag);

/* A training request checked against the field table (one range per field,
 * shared with estimate, the CLI and the JSON API): the inverse of
 * aw_train_request_from_request, then aw_request_check. */
aw_status aw__train_request_check(const struct aw_train_request *req, struct aw_diag *diag);

/* Copies to `dst` each field of `names` (the table's names) that `src`
 * gives (not AW_UNSET, NULL, AW_PREC_DEFAULT or off); a grid's id and
 * intensity each when given. */
void aw__request_copy_set(struct aw_request *dst, const struct aw_request *src,
                          const char *const *names, size_t n);

#endif
