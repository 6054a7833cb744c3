/*
 * request_json.c - a request described as JSON data (profiles, reference
 * scenarios, report entries) into a struct aw_request. One parser, so every
 * place that stores requests as data accepts the same keys.
 */
#include <math.h>
#include <string.h>
#include "internal.h"

static aw_status bad(struct aw_diag *diag, const char *where, const char *key, const char *what)
{
    return aw__fail(diag, AW_E_PARSE, "%s: \"%s\": %s", where, key, what);
}

/* A whole, non-negative count no larger than `max`. */
static aw_status get_count(json_t *v, const char *where, const char *key, double max, long *out,
                           struct aw_diag *diag)
{
    if (!json_is_number(v))
        return bad(diag, where, key, "must be a number");
    double x = json_number_value(v);
    if (!(x >= 0) || x != floor(x) || x > max)
        return bad(diag, where, key, "must be a whole number, 0 or more");
    *out = (long)x;
    return AW_OK;
}

aw_status aw_request_from_json(const json_t *obj, struct aw_request *req, const char *where,
                               struct aw_diag *diag)
{
    if (!json_is_object(obj))
        return aw__fail(diag, AW_E_PARSE, "%s: a request must be a JSON object", where);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        long n = 0;
        aw_status st = AW_OK;
        if (strcmp(key, "model") == 0 || strcmp(key, "hardware") == 0 ||
            strcmp(key, "datacenter") == 0 || strcmp(key, "task") == 0 ||
            strcmp(key, "precision") == 0 || strcmp(key, "method") == 0) {
            const char *s = json_string_value(v);
            if (s == NULL)
                return bad(diag, where, key, "must be a string");
            if (strcmp(key, "model") == 0) {
                req->model_id = s;
            } else if (strcmp(key, "hardware") == 0) {
                req->hardware_id = s;
            } else if (strcmp(key, "datacenter") == 0) {
                req->datacenter_id = s;
            } else if (strcmp(key, "task") == 0) {
                int t = aw_task_from_name(s);
                if (t < 0)
                    return bad(diag, where, key, "must be chat, reasoning, image or video");
                req->task = (enum aw_task)t;
            } else if (strcmp(key, "precision") == 0) {
                int p = aw_precision_from_name(s);
                if (p < 0)
                    return bad(diag, where, key, "unknown precision");
                req->precision = p;
            } else {
                int m = aw_method_from_name(s);
                if (m < 0)
                    return bad(diag, where, key, "unknown method");
                req->method = (enum aw_method)m;
            }
        } else if (strcmp(key, "grid") == 0) {
            if (json_is_string(v))
                req->grid_id = json_string_value(v);
            else if (json_is_number(v) && json_number_value(v) >= 0)
                req->grid_gco2_per_kwh = json_number_value(v);
            else
                return bad(diag, where, key, "must be a grid id or gCO2e/kWh");
        } else if (strcmp(key, "params") == 0 || strcmp(key, "active_params") == 0 ||
                   strcmp(key, "pue") == 0) {
            if (!json_is_number(v) || !(json_number_value(v) > 0))
                return bad(diag, where, key, "must be a positive number");
            double x = json_number_value(v);
            if (strcmp(key, "params") == 0)
                req->params_total = x;
            else if (strcmp(key, "active_params") == 0)
                req->params_active = x;
            else
                req->pue = x;
        } else if (strcmp(key, "input_tokens") == 0) {
            st = get_count(v, where, key, 1e8, &n, diag);
            req->input_tokens = n;
        } else if (strcmp(key, "output_tokens") == 0) {
            st = get_count(v, where, key, 1e8, &n, diag);
            req->output_tokens = n;
        } else if (strcmp(key, "reasoning_tokens") == 0) {
            st = get_count(v, where, key, 1e8, &n, diag);
            req->reasoning_tokens = n;
        } else if (strcmp(key, "cached_tokens") == 0) {
            st = get_count(v, where, key, 1e8, &n, diag);
            req->cached_tokens = n;
        } else if (strcmp(key, "images_in") == 0) {
            st = get_count(v, where, key, 1000, &n, diag);
            req->images_in = n;
        } else if (strcmp(key, "image_width") == 0 || strcmp(key, "image_height") == 0 ||
                   strcmp(key, "width") == 0 || strcmp(key, "height") == 0 ||
                   strcmp(key, "steps") == 0 || strcmp(key, "frames") == 0 ||
                   strcmp(key, "gpus") == 0 || strcmp(key, "batch") == 0) {
            st = get_count(v, where, key, 1e6, &n, diag);
            if (st == AW_OK && n < 1)
                return bad(diag, where, key, "must be 1 or more");
            int *field = strcmp(key, "image_width") == 0    ? &req->image_in_width
                         : strcmp(key, "image_height") == 0 ? &req->image_in_height
                         : strcmp(key, "width") == 0        ? &req->width
                         : strcmp(key, "height") == 0       ? &req->height
                         : strcmp(key, "steps") == 0        ? &req->steps
                         : strcmp(key, "frames") == 0       ? &req->frames
                         : strcmp(key, "gpus") == 0         ? &req->gpus
                                                            : &req->batch;
            *field = (int)n;
        } else {
            aw__hint(diag, "request keys: model, params, active_params, task, input_tokens, "
                           "output_tokens, reasoning_tokens, cached_tokens, images_in, "
                           "image_width, image_height, width, height, steps, frames, hardware, "
                           "gpus, precision, batch, datacenter, pue, grid, method");
            return bad(diag, where, key, "unknown key");
        }
        if (st != AW_OK)
            return st;
    }
    return AW_OK;
}

void aw_request_apply_site(struct aw_request *req, const struct aw_request *site)
{
    if (site == NULL)
        return;
    if (site->hardware_id != NULL)
        req->hardware_id = site->hardware_id;
    if (site->datacenter_id != NULL)
        req->datacenter_id = site->datacenter_id;
    if (site->grid_id != NULL)
        req->grid_id = site->grid_id;
    if (site->grid_gco2_per_kwh >= 0)
        req->grid_gco2_per_kwh = site->grid_gco2_per_kwh;
    if (site->pue > 0)
        req->pue = site->pue;
    if (site->wue_l_per_kwh >= 0)
        req->wue_l_per_kwh = site->wue_l_per_kwh;
    if (site->assumptions != NULL)
        req->assumptions = site->assumptions;
}
