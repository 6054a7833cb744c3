/*
 * cmd_estimate.c - `aiwatt estimate`: energy, carbon and water of one AI
 * request at the four boundaries, with every assumption printed.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cmd.h"
#include "reqopts.h"
#include "estimate_diffusion.h"
#include "levers_out.h"
#include "estimate_out.h"
#include "method_check.h"

static const char usage[] =
    "usage: aiwatt estimate [--model ID | --params N [--active-params N]]\n"
    "                       [--task chat|reasoning|image|video] [--input-tokens N] [--output-tokens N]\n"
    "                       [--reasoning-tokens N] [--cached-tokens N]\n"
    "                       [--images-in N [--image-size WxH]]\n"
    "                       [--width PX --height PX --steps N [--frames N]]   (image, video)\n"
    "                       [--hardware ID] [--gpus N] [--precision P] [--batch N]\n"
    "                       [--engine ID] [--tp N] [--ep N] [--pp N] [--power-cap W]\n"
    "                       [--datacenter ID] [--pue X] [--grid ID|GRAMS] [--wue X]\n"
    "                       [--market-ci GRAMS]\n"
    "                       [--method roofline|flops|nameplate|ecologits [METHOD OPTIONS]]\n"
    "                       [--format table|json|csv]\n"
    "\n"
    "Estimates one request. With no options: a typical text-only chatbot request\n"
    "(a GPT-4o-class model on H100 servers in a hyperscale data centre).\n"
    "\n"
    "  --model ID            catalog model ('aiwatt catalog list models'); default gpt-4o\n"
    "  --params N            a model not in the catalog: total parameters (70B, 7e10)\n"
    "  --active-params N     active parameters per token, for a mixture of experts\n"
    "  --task T              chat (default) or reasoning (adds hidden reasoning tokens)\n"
    "  --input-tokens N      prompt tokens (default 400)\n"
    "  --output-tokens N     visible output tokens (default 300)\n"
    "  --reasoning-tokens N  hidden reasoning tokens (with --task reasoning: the model's\n"
    "                        catalog default, else 2500)\n"
    "  --cached-tokens N     prompt tokens served from a prompt cache (not recomputed)\n"
    "  --images-in N         input images (vision-language models: their encoder runs\n"
    "                        once per image, and each image becomes prompt tokens)\n"
    "  --image-size WxH      size of each input image in pixels (default 1024x1024)\n"
    "  --hardware ID         accelerator ('aiwatt catalog list hardware'); default h100-sxm\n"
    "  --gpus N              accelerators serving one model replica; default: the\n"
    "                        smallest power of two that holds the weights and KV cache\n"
    "  --precision P         weights: fp32, bf16, fp16, fp8, int8, fp4, int4 (default:\n"
    "                        the model's usual serving precision)\n"
    "  --batch N             concurrent sequences per replica (default 64), capped by\n"
    "                        the memory left for KV cache\n"
    "  --engine ID           serving engine: vllm, vllm-2024, sglang, trtllm, provider\n"
    "                        (default: vllm for open models, provider for closed ones)\n"
    "  --tp N, --ep N, --pp N  tensor, expert, pipeline parallel sizes; their product\n"
    "                        is the GPU count (default: tensor parallel up to 8)\n"
    "  --power-cap W         power cap per accelerator: lowers power and clock\n"
    "  --datacenter ID       data centre profile (PUE, reserve, WUE); default hyperscale\n"
    "  --pue X               override the data centre's PUE\n"
    "  --grid ID|GRAMS       grid id ('aiwatt catalog list grids') or gCO2e/kWh\n"
    "  --wue X               on-site water, L per kWh of IT energy\n"
    "  --market-ci GRAMS     market-based gCO2e/kWh (your contracts) for co2_market_g\n"
    "  --method M            roofline (default, bottom-up), or a top-down method that\n"
    "                        published figures use: flops, nameplate, ecologits\n"
    "  --format F            table (default), json or csv\n"
    AW_UNCERTAINTY_USAGE
    "\n"
    "Boundaries: accelerator (GPU energy) -> server (+ host) -> it (+ idle and\n"
    "reserve capacity) -> facility (x PUE, the headline). Formulas and sources:\n"
    "docs/methodology.md.\n"
    "\n"
    "image and video generation (diffusion models):\n" AW_DIFFUSION_USAGE
;

/* One estimate and what was asked with it. */
struct estimated {
    const aw_catalog *catalog;
    const struct aw_request *req;
    const struct aw_estimate *est;
    struct aw_tool_uncertainty *unc;
};

static void print_csv(FILE *out, const void *result)
{
    const struct estimated *r = result;
    const struct aw_estimate *e = r->est;
    const struct aw_resolved *in = &e->inputs;
    if (r->unc->requested || r->unc->sensitivity) {
        aw_tool_uncertainty_csv(out, r->unc);
        return;
    }
    if (in->architecture != NULL) {
        aw_tool_print_diffusion_csv(out, e);
        return;
    }
    fputs("model,task,hardware,gpus,precision,batch,input_tokens,output_tokens,"
          "reasoning_tokens,datacenter,grid,accelerator_wh,server_wh,it_wh,facility_wh,"
          "co2_g,water_ml,seconds,cached_tokens,images_in,image_tokens,co2_market_g,"
          "water_onsite_ml,water_offsite_ml,embodied_co2_g\n", out);
    aw_csv_row(out, "sssisilllssggggggglllgggg", in->model_id, in->task, in->hardware_id,
               in->gpus, in->precision, in->batch, in->input_tokens, in->output_tokens,
               in->reasoning_tokens, in->datacenter_id, in->grid_id, e->wh.accelerator_wh,
               e->wh.server_wh, e->wh.it_wh, e->wh.facility_wh, e->co2_g, e->water_ml, e->seconds,
               in->cached_tokens, in->images_in, in->image_tokens, e->co2_market_g,
               e->water_onsite_ml, e->water_offsite_ml, e->embodied.co2_g);
}

static void print_table(const struct aw_view *view, const void *result)
{
    const struct estimated *r = result;
    const struct aw_estimate *est = r->est;
    struct aw_tool_range range = {0};
    if (r->req->method == AW_METHOD_ROOFLINE)
        aw_tool_headline_range(r->catalog, r->req, r->unc->requested ? &r->unc->result : NULL,
                               &range);
    if (r->req->method != AW_METHOD_ROOFLINE)
        aw_tool_print_method_table(view, est);
    else if (est->inputs.architecture != NULL)
        aw_tool_print_diffusion_table(view, est, &range);
    else
        aw_tool_print_estimate_table(view, est, &range);
    aw_tool_uncertainty_table(view, r->unc, "");
}

static const struct aw_output output = {print_table, NULL, print_csv};

static int run_estimate(int argc, char **argv, struct aw_ctx *ctx)
{
    struct aw_opts o;
    int rc = aw_tool_options(&aw_cmd_estimate, argc, argv, NULL, NULL, &o);
    if (rc != AW_EXIT_OK)
        return rc;
    const struct aw_request *req = &o.req;
    int multimodal = req->width > 0 || req->height > 0 || req->steps > 0 || req->frames > 0;
    if (aw_tool_check_diffusion_request(req, multimodal) != 0)
        return AW_EXIT_USAGE;
    if (aw_tool_method_params_check("estimate", req->method, &req->method_values) != 0)
        return AW_EXIT_USAGE;
    struct aw_tool_uncertainty unc; /* --uncertainty, --sensitivity */
    aw_tool_uncertainty_from_request(&unc, req);
    if (aw_tool_uncertainty_check("estimate", &unc, o.format) != 0)
        return AW_EXIT_USAGE;
    if (o.format == AW_FORMAT_JSON)
        return aw_tool_print_api_json(ctx->catalog, "estimate", req);

    struct aw_estimate est;
    struct aw_diag diag;
    aw_status st = aw_estimate_request(ctx->catalog, req, &est, &diag);
    if (st == AW_OK)
        st = aw_tool_uncertainty_request(ctx->catalog, req, &unc, &diag);
    if (st != AW_OK)
        return aw_tool_fail(st, &diag);
    struct estimated result = {ctx->catalog, req, &est, &unc};
    return aw_tool_output(ctx, o.format, &output, &result);
}

const struct aw_cmd aw_cmd_estimate = {
    .name = "estimate",
    .summary = "energy, carbon and water of one AI request, every assumption shown",
    .usage = usage,
    .run = run_estimate,
    .needs_catalog = 1,
    .flags = AW_CMDF_FORMATS,
    .fields = AW_CMD_ESTIMATE,
    /* Estimates read only these: start-up stays a few milliseconds. */
    .catalog_sections = AW_SECTION_BIT(AW_SECTION_HARDWARE) | AW_SECTION_BIT(AW_SECTION_SERVERS) |
                        AW_SECTION_BIT(AW_SECTION_MODELS) | AW_SECTION_BIT(AW_SECTION_DATACENTERS) |
                        AW_SECTION_BIT(AW_SECTION_GRIDS) | AW_SECTION_BIT(AW_SECTION_ENGINES),
};
