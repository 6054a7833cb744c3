/*
 * method_nameplate.c - `--method nameplate`: a whole fleet's nameplate power
 * divided by the requests it serves (de Vries, "The growing energy footprint
 * of artificial intelligence", Joule 7(10), 2023):
 *
 *   E = servers x P_nameplate x load x hours / requests
 *
 * de Vries: 3,617 HGX A100 servers x 6.5 kW x 24 h at full load / 195 M
 * requests a day (13 M daily users x 15) = 2.9 Wh.
 *
 * Boundaries: the fleet is every provisioned server, so idle and reserve
 * capacity is inside the total and cannot be separated: it = server, and
 * that is the method's own total (de Vries gives no PUE). facility = it x PUE
 * with the data centre's (or --pue's) PUE. The accelerators' share is their
 * TDP x the accelerators per server, at the same load.
 */
#include "methods.h"

aw_status aw__method_nameplate(const struct aw__method_input *in, struct aw_estimate *out,
                               struct aw_diag *diag)
{
    const struct aw_method_params *mp = in->mp;
    struct aw_resolved *r = &out->inputs;
    if (!(mp->servers > 0) || !(mp->requests > 0)) {
        aw__hint(diag,
                 "give --servers N and --requests N (requests served in --hours, "
                 "default 24); de Vries: --servers 3617 --requests 195M --hardware a100-80gb");
        return aw__fail(diag, AW_E_INVALID, "method 'nameplate' needs a fleet size and a "
                                            "request count");
    }
    double hours = aw__param_or(mp->hours, AW_NAMEPLATE_DEFAULT_HOURS);
    double load = aw__param_or(mp->load_factor, AW_NAMEPLATE_DEFAULT_LOAD_FACTOR);
    if (!(hours > 0 && hours <= 24.0 * 366 * 10)) {
        aw__hint(diag, "give --hours, the period the requests arrive in (24 for a day)");
        return aw__fail(diag, AW_E_RANGE, "period of %g hours is not possible", hours);
    }
    if (!(load > 0 && load <= 1)) {
        aw__hint(diag, "give --load-factor between 0 and 1; de Vries assumes 1 (full load)");
        return aw__fail(diag, AW_E_RANGE, "load factor %g must be in (0, 1]", load);
    }
    int per_server = in->server != NULL ? in->server->accelerators : 1;
    double server_w = -1;
    if (in->server != NULL && in->server->max_power_w.set)
        server_w = in->server->max_power_w.value;
    server_w = aw__param_or(mp->server_power_w, server_w);
    if (!(server_w > 0 && server_w < 1e7)) {
        aw__hint(diag, "give --server-power-w, the nameplate power of one server "
                       "(HGX A100: 6500)");
        return aw__fail(diag, AW_E_RANGE, "no nameplate power for the servers of '%s'",
                        in->hw->id);
    }
    double acc_w = per_server * in->hw->max_power_w.value;
    if (acc_w > server_w)
        acc_w = server_w;

    double per_request_h = hours * load / mp->requests;
    out->wh.accelerator_wh = mp->servers * acc_w * per_request_h;
    out->wh.server_wh = mp->servers * server_w * per_request_h;
    out->wh.it_wh = out->wh.server_wh;
    out->wh.facility_wh = out->wh.it_wh * in->pue;
    out->seconds = 0; /* the method knows nothing of a request's duration */

    r->gpus = per_server;
    r->topdown.gpu_seconds = mp->servers * per_server * hours * 3600.0 / mp->requests;
    r->topdown.servers = mp->servers;
    r->topdown.server_power_w = server_w;
    r->topdown.hours = hours;
    r->topdown.requests = mp->requests;
    r->topdown.load_factor = load;
    r->topdown.power_w_per_gpu = server_w / per_server;
    r->host_power_w_per_gpu = (server_w - acc_w) / per_server * load;
    r->topdown.total_boundary = "it";
    r->topdown.boundary_note =
        "it: the whole fleet at nameplate power x load factor, idle and reserve "
        "servers included, before PUE; facility applies the data centre's PUE; "
        "accelerator = the accelerators' TDP share of the nameplate";
    return AW_OK;
}
