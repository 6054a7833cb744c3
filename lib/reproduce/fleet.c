/*
 * fleet.c - a service at scale (`aiwatt fleet`): energy per query x queries
 * per day, over a day, a year and several years, with carbon and water, in
 * households' electricity and in shares of countries' electricity. The
 * comparison constants are reference-library rows (kind "context"), each
 * with its source and URL; nothing here knows a number of its own.
 */
#include <math.h>
#include <string.h>
#include "estimate/impacts.h"
#include "reproduce_internal.h"

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

aw_status aw_reference_preset(const aw_catalog *cat, const char *id, int per_day, double *out,
                              struct aw_diag *diag)
{
    struct aw_reference ref;
    aw_status st = aw_reference_get(cat, id, &ref, diag);
    if (st != AW_OK)
        return st;
    int rate = ends_with(ref.unit, "/day") || ends_with(ref.unit, "/yr");
    if (per_day && ends_with(ref.unit, "/day") && ref.unit_wh == 0) {
        *out = ref.value;
        return AW_OK;
    }
    if (!per_day && ref.unit_wh > 0 && !rate) {
        *out = ref.value * ref.unit_wh;
        return AW_OK;
    }
    aw__hint(diag, "%s", per_day ? "use a reference counted per day (e.g. chatgpt-prompts-2025), "
                                   "or give a number"
                                 : "use a reference with energy per query (e.g. "
                                   "epoch-chatgpt-2025), or give a number in Wh");
    return aw__fail(diag, AW_E_INVALID, "reference '%s' is %g %s, not %s", ref.id, ref.value,
                    ref.unit, per_day ? "a count per day" : "an energy per query");
}

/* The reference rows of kind "context" that carry a "comparison". */
static aw_status collect(const aw_catalog *cat, const char *country, struct aw_fleet_result *out,
                         struct aw_diag *diag)
{
    size_t n = aw_catalog_count(cat, AW_SECTION_REFERENCES);
    for (size_t i = 0; i < n; i++) {
        const char *id = aw_catalog_id_at(cat, AW_SECTION_REFERENCES, i);
        const struct aw__reference_record *e = aw__reference_entry(cat, id);
        const char *kind = e != NULL ? e->comparison : NULL;
        if (kind == NULL)
            continue;
        /* Validated when merged: an energy per year; a country row names
         * its grid. */
        double per_year_wh = e->value * e->unit_wh;
        struct aw_fleet_comparison c = {e->id, e->name, NULL, e->source, e->url, per_year_wh, 0};
        if (strcmp(kind, "household") == 0) {
            c.value = out->year_wh / per_year_wh;
            if (out->n_households < AW_FLEET_MAX_ROWS)
                out->households[out->n_households++] = c;
        } else {
            c.country = e->country;
            if (country != NULL && !aw__strcaseeq(country, c.country))
                continue;
            c.value = out->year_wh / per_year_wh;
            if (out->n_countries < AW_FLEET_MAX_ROWS)
                out->countries[out->n_countries++] = c;
        }
    }
    if (country != NULL && out->n_countries == 0) {
        aw__hint(diag, "'aiwatt refs list --kind context' lists the country rows");
        return aw__fail(diag, AW_E_NOT_FOUND, "no electricity consumption for country '%s'",
                        country);
    }
    return AW_OK;
}

aw_status aw_fleet_run(const aw_catalog *cat, const struct aw_fleet_input *in,
                       struct aw_fleet_result *out, struct aw_diag *diag)
{
    memset(out, 0, sizeof *out);
    aw_diag_clear(diag);
    out->in = *in;
    if (!(in->wh_per_query > 0 && in->wh_per_query < 1e12) ||
        !(in->queries_per_day > 0 && in->queries_per_day < 1e15)) {
        aw__hint(diag, "give a positive energy per query and queries per day");
        return aw__fail(diag, AW_E_RANGE, "energy per query and queries per day must be positive");
    }
    if (in->years < 0 || in->years > 1000)
        return aw__fail(diag, AW_E_RANGE, "%g years is not possible", in->years);
    out->in.years = in->years > 0 ? in->years : 1;
    const char *dc_id = in->datacenter_id ? in->datacenter_id : AW_DEFAULT_DATACENTER;
    const struct aw_datacenter *dc = aw_catalog_find_datacenter(cat, dc_id);
    if (dc == NULL) {
        aw__hint(diag, "'aiwatt catalog list datacenters' lists them");
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown data centre '%s'", dc_id);
    }
    const char *grid_id = in->grid_id ? in->grid_id : dc->grid_id;
    const struct aw_grid *grid = aw_catalog_find_grid(cat, grid_id);
    if (grid == NULL) {
        aw__hint(diag, "'aiwatt catalog list grids' lists them");
        return aw__fail(diag, AW_E_NOT_FOUND, "unknown grid '%s'", grid_id);
    }
    out->in.datacenter_id = dc->id;
    out->in.grid_id = grid->id;
    out->pue = dc->pue.value;
    out->wue_l_per_kwh = dc->wue_l_per_kwh.value;
    out->gco2_per_kwh = grid->gco2_per_kwh.value;
    out->grid_water_l_per_kwh = grid->water_l_per_kwh.value;
    /* Per query: given, or from the facility energy as an estimate would
     * (carbon from facility energy; water = IT x (WUE + PUE x grid water)). */
    out->co2_g_per_query = in->co2_g_per_query >= 0 ? in->co2_g_per_query
                                                    : in->wh_per_query / 1000 * out->gco2_per_kwh;
    out->water_ml_per_query =
        in->water_ml_per_query >= 0
            ? in->water_ml_per_query
            : in->wh_per_query / out->pue *
                  (out->wue_l_per_kwh + out->pue * out->grid_water_l_per_kwh);

    /* Market-based carbon, the water split and manufacturing: from the
     * estimate when there is one, else derived the same way from the
     * facility energy (embodied then unknown). */
    const struct aw_estimate *est = in->estimate;
    if (est != NULL && est->wh.facility_wh > 0) {
        double scale = in->wh_per_query / est->wh.facility_wh;
        out->co2_market_g_per_query = est->co2_market_g * scale;
        out->market_gco2_per_kwh = est->inputs.market_gco2_per_kwh;
        out->market_basis = "estimate";
        out->water_onsite_ml_per_query = est->water_onsite_ml * scale;
        out->embodied_co2_g_per_query = est->embodied.set ? est->embodied.co2_g * scale : -1;
    } else {
        out->market_gco2_per_kwh =
            aw__market_intensity(dc, AW_UNSET, out->gco2_per_kwh, &out->market_basis);
        out->co2_market_g_per_query = in->wh_per_query / 1000 * out->market_gco2_per_kwh;
        out->water_onsite_ml_per_query = in->wh_per_query / out->pue * out->wue_l_per_kwh;
        out->embodied_co2_g_per_query = -1;
    }
    if (out->water_onsite_ml_per_query > out->water_ml_per_query)
        out->water_onsite_ml_per_query = out->water_ml_per_query;
    out->water_offsite_ml_per_query = out->water_ml_per_query - out->water_onsite_ml_per_query;

    double days_per_year = 365.25; /* Julian year: leap years averaged */
    out->day_wh = in->wh_per_query * in->queries_per_day;
    out->year_wh = out->day_wh * days_per_year;
    out->total_wh = out->year_wh * out->in.years;
    out->day_co2_g = out->co2_g_per_query * in->queries_per_day;
    out->year_co2_g = out->day_co2_g * days_per_year;
    out->total_co2_g = out->year_co2_g * out->in.years;
    out->day_water_ml = out->water_ml_per_query * in->queries_per_day;
    out->year_water_ml = out->day_water_ml * days_per_year;
    out->total_water_ml = out->year_water_ml * out->in.years;
    /* --country accepts a grid id or alias ("korea" -> "kr"). */
    const char *country = in->country;
    const struct aw_grid *cg = country != NULL ? aw_catalog_find_grid(cat, country) : NULL;
    if (cg != NULL)
        country = cg->id;
    return collect(cat, country, out, diag);
}
