/*
 * json.c - JSON views of estimates. Key names are the stable contract of
 * docs/cli (scripts depend on them): add keys, never rename them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"

/* A number, or null for a rung a method cannot fill (NaN). */
static json_t *real_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

json_t *aw_ladder_to_json(const struct aw_ladder *wh)
{
    return json_pack("{s:o, s:o, s:o, s:o}", "accelerator", real_or_null(wh->accelerator_wh),
                     "server", real_or_null(wh->server_wh), "it", real_or_null(wh->it_wh),
                     "facility", real_or_null(wh->facility_wh));
}

static int set_str(json_t *obj, const char *key, const char *value)
{
    return json_object_set_new(obj, key, value ? json_string(value) : json_null());
}

/* The parameters of a top-down method (flops, nameplate, ecologits): only
 * those the method used. */
static json_t *method_inputs_to_json(const struct aw_resolved *in)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = json_object_set_new(o, "gpu_seconds", json_real(in->topdown.gpu_seconds));
    if (in->topdown.flop > 0) {
        bad |= json_object_set_new(o, "flop", json_real(in->topdown.flop));
        bad |= json_object_set_new(o, "flop_utilisation", json_real(in->topdown.flop_utilisation));
        bad |= json_object_set_new(o, "prefill_utilisation",
                                   json_real(in->topdown.prefill_utilisation));
    }
    if (in->topdown.power_w_per_gpu > 0) {
        bad |= json_object_set_new(o, "power_w_per_gpu", json_real(in->topdown.power_w_per_gpu));
        bad |= json_object_set_new(o, "load_factor", json_real(in->topdown.load_factor));
    }
    if (in->topdown.servers > 0) {
        bad |= json_object_set_new(o, "servers", json_real(in->topdown.servers));
        bad |= json_object_set_new(o, "server_power_w", json_real(in->topdown.server_power_w));
        bad |= json_object_set_new(o, "hours", json_real(in->topdown.hours));
        bad |= json_object_set_new(o, "requests", json_real(in->topdown.requests));
    }
    if (in->topdown.ecologits_batch > 0) {
        bad |= json_object_set_new(o, "batch", json_real(in->topdown.ecologits_batch));
        bad |= json_object_set_new(o, "latency_s", json_real(in->topdown.ecologits_latency_s));
        bad |= json_object_set_new(o, "gpu_energy_wh_per_gpu",
                                   json_real(in->topdown.gpu_energy_wh_per_gpu));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Image and video generation (--task image|video): the diffusion
 * assumptions, added to "inputs". Returns nonzero when out of memory. */
static int diffusion_inputs_to_json(json_t *o, const struct aw_resolved_diffusion *d)
{
    int bad = 0;
    bad |= set_str(o, "architecture", d->architecture);
    bad |= set_str(o, "attention", d->attention);
    bad |= json_object_set_new(o, "width", json_integer(d->width));
    bad |= json_object_set_new(o, "height", json_integer(d->height));
    bad |= json_object_set_new(o, "width_requested", json_integer(d->width_requested));
    bad |= json_object_set_new(o, "height_requested", json_integer(d->height_requested));
    bad |= json_object_set_new(o, "frames", json_integer(d->frames));
    bad |= json_object_set_new(o, "frames_requested", json_integer(d->frames_requested));
    bad |= json_object_set_new(o, "steps", json_integer(d->steps));
    bad |= json_object_set_new(o, "cfg_passes", json_integer(d->cfg_passes));
    bad |= json_object_set_new(o, "spatial_factor", json_integer(d->spatial_factor));
    bad |= json_object_set_new(o, "latent_frames", json_integer(d->latent_frames));
    bad |= json_object_set_new(o, "latent_tokens", json_integer(d->latent_tokens));
    bad |= json_object_set_new(o, "text_tokens", json_integer(d->text_tokens));
    bad |= json_object_set_new(o, "flop_per_forward", json_real(d->flop_per_forward));
    bad |= json_object_set_new(o, "flop_per_step", json_real(d->flop_per_step));
    bad |= json_object_set_new(o, "denoise_flop", json_real(d->denoise_flop));
    bad |= json_object_set_new(o, "text_encoder_flop", json_real(d->text_encoder_flop));
    bad |= json_object_set_new(o, "vae_decode_flop", json_real(d->vae_decode_flop));
    bad |= json_object_set_new(o, "total_flop", json_real(d->total_flop));
    bad |= json_object_set_new(o, "diffusion_flop_utilisation",
                               json_real(d->diffusion_flop_utilisation));
    bad |= json_object_set_new(o, "diffusion_power_w", json_real(d->diffusion_power_w));
    bad |= json_object_set_new(o, "generation_s", json_real(d->generation_s));
    bad |= json_object_set_new(o, "batch_s", json_real(d->batch_s));
    bad |= json_object_set_new(o, "denoise_wh", json_real(d->denoise_wh));
    bad |= json_object_set_new(o, "text_encoder_wh", json_real(d->text_encoder_wh));
    bad |= json_object_set_new(o, "vae_decode_wh", json_real(d->vae_decode_wh));
    return bad;
}

static json_t *resolved_to_json(const struct aw_resolved *in)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    bad |= set_str(o, "model", in->model_id);
    bad |= set_str(o, "model_confidence", in->model_confidence);
    bad |= json_object_set_new(o, "params_total", json_real(in->params_total));
    bad |= json_object_set_new(o, "params_active", json_real(in->params_active));
    bad |= set_str(o, "task", in->task);
    bad |= set_str(o, "method", in->method);
    bad |= json_object_set_new(o, "input_tokens", json_integer(in->input_tokens));
    bad |= json_object_set_new(o, "output_tokens", json_integer(in->output_tokens));
    bad |= json_object_set_new(o, "reasoning_tokens", json_integer(in->reasoning_tokens));
    bad |= json_object_set_new(o, "cached_tokens", json_integer(in->text.cached_tokens));
    bad |= json_object_set_new(o, "images_in", json_integer(in->text.images_in));
    bad |= json_object_set_new(o, "image_tokens", json_integer(in->text.image_tokens));
    bad |= json_object_set_new(o, "vision_encoder_wh", json_real(in->text.vision_encoder_wh));
    bad |= set_str(o, "hardware", in->hardware_id);
    bad |= set_str(o, "server", in->server_id);
    bad |= json_object_set_new(o, "gpus", json_integer(in->gpus));
    bad |= json_object_set_new(o, "gpus_auto", json_boolean(in->gpus_auto));
    bad |= set_str(o, "precision", in->precision);
    bad |= set_str(o, "compute_precision", in->compute_precision);
    bad |= set_str(o, "kv_precision", in->kv_precision);
    bad |= json_object_set_new(o, "batch", json_integer(in->batch));
    bad |= json_object_set_new(o, "batch_max", json_integer(in->batch_max));
    bad |= json_object_set_new(o, "weights_gb", json_real(in->weights_gb));
    bad |= json_object_set_new(o, "kv_bytes_per_token", json_real(in->text.kv_bytes_per_token));
    bad |= json_object_set_new(o, "state_bytes_per_sequence",
                               json_real(in->text.state_bytes_per_sequence));
    bad |= json_object_set_new(o, "mean_context_tokens", json_real(in->text.mean_context_tokens));
    bad |= json_object_set_new(o, "peak_tflops_per_gpu", json_real(in->peak_tflops_per_gpu));
    bad |= json_object_set_new(o, "bandwidth_tbs_per_gpu", json_real(in->bandwidth_tbs_per_gpu));
    bad |=
        json_object_set_new(o, "bandwidth_utilisation", json_real(in->text.bandwidth_utilisation));
    bad |= json_object_set_new(o, "prefill_flop_utilisation",
                               json_real(in->text.prefill_flop_utilisation));
    bad |= json_object_set_new(o, "decode_flop_utilisation",
                               json_real(in->text.decode_flop_utilisation));
    bad |= json_object_set_new(o, "step_overhead_s", json_real(in->text.step_overhead_s));
    bad |= json_object_set_new(o, "quant_overhead_s", json_real(in->text.quant_overhead_s));
    bad |= set_str(o, "engine", in->text.engine_id);
    bad |= json_object_set_new(o, "engine_overlap", json_real(in->text.engine_overlap));
    bad |=
        json_object_set_new(o, "engine_per_sequence_s", json_real(in->text.engine_per_sequence_s));
    bad |= json_object_set_new(o, "engine_per_layer_s", json_real(in->text.engine_per_layer_s));
    bad |= json_object_set_new(o, "operator_overlap_exponent",
                               json_real(in->text.operator_overlap_exponent));
    bad |= json_object_set_new(o, "tp", json_integer(in->text.tp));
    bad |= json_object_set_new(o, "ep", json_integer(in->text.ep));
    bad |= json_object_set_new(o, "pp", json_integer(in->text.pp));
    bad |= json_object_set_new(o, "power_cap_w", json_real(in->power_cap_w));
    bad |= json_object_set_new(o, "clock_fraction", json_real(in->clock_fraction));
    bad |= json_object_set_new(o, "prefill_tokens_per_step",
                               json_real(in->text.prefill_tokens_per_step));
    bad |= json_object_set_new(o, "step_weights_s", json_real(in->text.step_weights_s));
    bad |= json_object_set_new(o, "step_attention_s", json_real(in->text.step_attention_s));
    bad |= json_object_set_new(o, "step_comm_s", json_real(in->text.step_comm_s));
    bad |= json_object_set_new(o, "step_moe_s", json_real(in->text.step_moe_s));
    bad |= json_object_set_new(o, "step_engine_s", json_real(in->text.step_engine_s));
    bad |= json_object_set_new(o, "decode_activity", json_real(in->text.decode_activity));
    bad |= json_object_set_new(o, "replica_tokens_per_s", json_real(in->text.replica_tokens_per_s));
    bad |= json_object_set_new(o, "replica_power_w", json_real(in->text.replica_power_w));
    bad |= json_object_set_new(o, "weights_read_gb_per_step",
                               json_real(in->text.weights_read_gb_per_step));
    bad |= json_object_set_new(o, "decode_step_s", json_real(in->text.decode_step_s));
    bad |= json_object_set_new(o, "decode_compute_fraction",
                               json_real(in->text.decode_compute_fraction));
    bad |= json_object_set_new(o, "prefill_s", json_real(in->text.prefill_s));
    bad |= json_object_set_new(o, "decode_s", json_real(in->text.decode_s));
    bad |= json_object_set_new(o, "idle_power_w", json_real(in->idle_power_w));
    bad |= json_object_set_new(o, "max_power_w", json_real(in->max_power_w));
    bad |= json_object_set_new(o, "prefill_power_w", json_real(in->text.prefill_power_w));
    bad |= json_object_set_new(o, "decode_power_w", json_real(in->text.decode_power_w));
    bad |= json_object_set_new(o, "host_power_w_per_gpu", json_real(in->host_power_w_per_gpu));
    bad |= json_object_set_new(o, "prefill_wh", json_real(in->text.prefill_wh));
    bad |= json_object_set_new(o, "decode_wh", json_real(in->text.decode_wh));
    bad |= set_str(o, "datacenter", in->datacenter_id);
    bad |= json_object_set_new(o, "pue", json_real(in->pue));
    bad |= json_object_set_new(o, "reserve_share", json_real(in->reserve_share));
    bad |= json_object_set_new(o, "wue_l_per_kwh", json_real(in->wue_l_per_kwh));
    bad |= set_str(o, "grid", in->grid_id);
    bad |= json_object_set_new(o, "grid_gco2_per_kwh", json_real(in->grid_gco2_per_kwh));
    bad |= json_object_set_new(o, "grid_water_l_per_kwh", json_real(in->grid_water_l_per_kwh));
    bad |= json_object_set_new(o, "market_gco2_per_kwh", json_real(in->market_gco2_per_kwh));
    bad |= set_str(o, "market_basis", in->market_basis);
    bad |= set_str(o, "serving_source", in->serving_source);
    if (in->diffusion.architecture != NULL)
        bad |= diffusion_inputs_to_json(o, &in->diffusion);
    if (in->topdown.total_boundary != NULL) {
        bad |= set_str(o, "total_boundary", in->topdown.total_boundary);
        bad |= set_str(o, "boundary_note", in->topdown.boundary_note);
        bad |= json_object_set_new(o, "method_inputs", method_inputs_to_json(in));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A figure, or null where none is sourced (< 0). */
static json_t *sourced_or_null(double v)
{
    return v >= 0 ? json_real(v) : json_null();
}

json_t *aw_embodied_to_json(const struct aw_embodied *e)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "co2_g", e->set ? json_real(e->co2_g) : json_null());
    bad |= json_object_set_new(o, "primary_energy_mj",
                               sourced_or_null(e->set ? e->primary_energy_mj : -1));
    bad |= json_object_set_new(o, "adpe_kg_sbeq", sourced_or_null(e->set ? e->adpe_kg_sbeq : -1));
    bad |= json_object_set_new(o, "accelerator_seconds", json_real(e->accelerator_seconds));
    bad |= json_object_set_new(o, "lifetime_years", json_real(e->lifetime_years));
    bad |= json_object_set_new(o, "utilisation", json_real(e->utilisation));
    bad |= json_object_set_new(o, "gwp_kg_per_accelerator",
                               e->set ? json_real(e->gwp_kg_per_accelerator) : json_null());
    bad |= json_object_set_new(o, "pe_mj_per_accelerator",
                               sourced_or_null(e->set ? e->pe_mj_per_accelerator : -1));
    bad |= json_object_set_new(o, "adpe_kg_sbeq_per_accelerator",
                               sourced_or_null(e->set ? e->adpe_kg_sbeq_per_accelerator : -1));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *aw_estimate_to_json(const struct aw_estimate *est)
{
    json_t *wh = aw_ladder_to_json(&est->wh);
    json_t *inputs = resolved_to_json(&est->inputs);
    if (wh == NULL || inputs == NULL) {
        json_decref(wh);
        json_decref(inputs);
        return NULL;
    }
    json_t *embodied = aw_embodied_to_json(&est->embodied);
    if (embodied == NULL) {
        json_decref(wh);
        json_decref(inputs);
        return NULL;
    }
    json_t *j = json_pack("{s:o, s:f, s:f, s:o, s:f, s:f, s:f, s:f, s:o}", "wh", wh, "co2_g",
                          est->co2_g, "co2_market_g", est->co2_market_g, "embodied", embodied,
                          "water_ml", est->water_ml, "water_onsite_ml", est->water_onsite_ml,
                          "water_offsite_ml", est->water_offsite_ml, "seconds", est->seconds,
                          "inputs", inputs);
    if (j != NULL && est->inputs.topdown.has_range) {
        /* EcoLogits' min/max over an uncertain model size. */
        json_t *range =
            json_pack("{s:o, s:o}", "min", aw_ladder_to_json(&est->inputs.topdown.wh_min), "max",
                      aw_ladder_to_json(&est->inputs.topdown.wh_max));
        if (range == NULL || json_object_set_new(j, "wh_range", range) != 0) {
            json_decref(j);
            return NULL;
        }
    }
    return j;
}

json_t *aw_json_string_lossy(const char *s)
{
    const char *text = s != NULL ? s : "";
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, text, len + 1);
    for (unsigned char *p = (unsigned char *)copy; *p != '\0';) {
        size_t n = aw__utf8_sequence(p);
        if (n == 0)
            *p++ = '?';
        else
            p += n;
    }
    json_t *j = json_string(copy);
    free(copy);
    return j;
}
