/*
 * fields.c - the request-field table, and everything derived from it in the
 * library: setting a field from text, the range checks, and the JSON
 * request reader. The CLI builds its options and --help from the same
 * table (tool/reqopts.c), so a field is described here and nowhere else.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "aiwatt/request.h"
#include "request_internal.h"
#include "catalog/catalog_internal.h"

/* How a field is stored in struct aw_request. */
enum storage {
    S_TEXT,   /* const char * */
    S_LONG,   /* long */
    S_INT,    /* int */
    S_DOUBLE, /* double */
    S_TASK,   /* enum aw_task */
    S_PREC,   /* int, enum aw_precision */
    S_METHOD, /* enum aw_method */
    S_GRID,   /* grid_id or grid_gco2_per_kwh */
    S_SIZE,   /* two ints */
    S_RANGE,  /* two doubles */
    S_FLAG,   /* int 0/1 */
    S_DRAWS   /* long, optional count */
};

#define OFF(f) offsetof(struct aw_request, f)
#define MP(f) (offsetof(struct aw_request, method_values) + offsetof(struct aw_method_params, f))

/* Command sets. */
#define EST (AW_CMD_ESTIMATE | AW_CMD_COMPARE | AW_CMD_FLEET)
#define ONE (EST | AW_CMD_WHATIF)                 /* one request */
#define RUN (AW_CMD_TRAIN | AW_CMD_WHATIF_TRAIN)  /* a training run */
#define SITE (ONE | RUN | AW_CMD_AGENT | AW_CMD_MIX | AW_CMD_REPORT | AW_CMD_ME)
#define ANALYSIS (AW_CMD_ESTIMATE | AW_CMD_MIX | AW_CMD_TRAIN | AW_CMD_FLEET)

/* Limits that other code refers to. */
#define MAX_TOKENS 1e8      /* 100M tokens: beyond any context window today */
#define MAX_PARAMS AW__MAX_PARAMS /* 1,000T parameters (lib/internal.h) */
#define MIN_PARAMS 1e6      /* below 1M a count is a missing suffix (440 -> 440B?) */

static const struct aw_request_field fields[] = {
    /* ---- the model and the work ---- */
    {"model", NULL, AW_FIELD_ID, ONE | RUN | AW_CMD_AGENT, 0, 0, 0, "", "ID",
     "gpt-4o (train: required)", "catalog model or training run ('aiwatt catalog list models')",
     "a catalog id", OFF(model_id), 0, S_TEXT},
    {"params", NULL, AW_FIELD_NUMBER, ONE | RUN, MIN_PARAMS, MAX_PARAMS, 0, "parameters", "N",
     "the model's", "a model not in the catalog: total parameters (70B, 7e10)",
     "a parameter count from 1M to 1000T, such as 70B or 7e10", OFF(params_total), 0, S_DOUBLE},
    {"active_params", NULL, AW_FIELD_NUMBER, ONE | RUN, MIN_PARAMS, MAX_PARAMS, 0, "parameters",
     "N", "= params", "active parameters per token, for a mixture of experts",
     "a parameter count from 1M to 1000T, such as 13B", OFF(params_active), 0, S_DOUBLE},
    {"task", NULL, AW_FIELD_CHOICE, ONE, 0, 0, 0, "", "T", "chat",
     "chat, reasoning (adds hidden reasoning tokens), image or video",
     "chat, reasoning, image or video", OFF(task), 0, S_TASK},
    {"input_tokens", NULL, AW_FIELD_COUNT, ONE, 0, MAX_TOKENS, 0, "tokens", "N", "400",
     "prompt tokens", "a whole number of tokens, 0 to 100M", OFF(input_tokens), 0, S_LONG},
    {"output_tokens", NULL, AW_FIELD_COUNT, ONE | AW_CMD_AGENT, 0, MAX_TOKENS, 0, "tokens", "N",
     "300 (agent: 200 per step)", "visible output tokens (agent: per step)",
     "a whole number of tokens, 0 to 100M", OFF(output_tokens), 0, S_LONG},
    {"reasoning_tokens", NULL, AW_FIELD_COUNT, ONE, 0, MAX_TOKENS, 0, "tokens", "N",
     "the model's, else 2500 (task reasoning)", "hidden reasoning tokens",
     "a whole number of tokens, 0 to 100M", OFF(reasoning_tokens), 0, S_LONG},
    {"cached_tokens", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE | AW_CMD_WHATIF, 0, MAX_TOKENS, 0,
     "tokens", "N", "0", "prompt tokens served from a prompt cache (not recomputed)",
     "a whole number of tokens, 0 to 100M", OFF(cached_tokens), 0, S_LONG},
    {"images_in", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 0, 1000, 0, "images", "N", "0",
     "input images for a vision-language model", "a whole number of images, 0 to 1000",
     OFF(images_in), 0, S_LONG},
    {"image_size", NULL, AW_FIELD_SIZE, AW_CMD_ESTIMATE, 1, 16384, 0, "px", "WxH", "1024x1024",
     "size of each input image", "WIDTHxHEIGHT in pixels, each 1 to 16384, e.g. 1024x768",
     OFF(image_in_width), OFF(image_in_height), S_SIZE},
    {"image_width", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 1, 16384, 0, "px", "PX", "1024",
     "width of each input image", "a whole number of pixels, 1 to 16384", OFF(image_in_width), 0,
     S_INT},
    {"image_height", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 1, 16384, 0, "px", "PX", "1024",
     "height of each input image", "a whole number of pixels, 1 to 16384", OFF(image_in_height),
     0, S_INT},
    {"width", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 1, AW_DIFFUSION_MAX_PX, 0, "px", "PX",
     "the model's", "generated image or video width (task image, video)",
     "a whole number of pixels, 1 to 8192", OFF(width), 0, S_INT},
    {"height", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 1, AW_DIFFUSION_MAX_PX, 0, "px", "PX",
     "the model's", "generated image or video height", "a whole number of pixels, 1 to 8192",
     OFF(height), 0, S_INT},
    {"steps", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 1, AW_DIFFUSION_MAX_STEPS, 0, "steps", "N",
     "the model's", "denoising steps (task image, video)",
     "a whole number of steps, 1 to 1000", OFF(steps), 0, S_INT},
    {"agent_steps", "steps", AW_FIELD_COUNT, AW_CMD_AGENT, 1, 10000, 0, "calls", "N", "required",
     "model calls in the agent session", "a whole number of steps, 1 to 10000",
     OFF(agent_steps), 0, S_INT},
    {"frames", NULL, AW_FIELD_COUNT, AW_CMD_ESTIMATE, 1, AW_DIFFUSION_MAX_FRAMES, 0, "frames", "N",
     "the model's", "video frames (task video)", "a whole number of frames, 1 to 2001",
     OFF(frames), 0, S_INT},
    {"initial_tokens", NULL, AW_FIELD_COUNT, AW_CMD_AGENT, 0, MAX_TOKENS, 0, "tokens", "N", "2000",
     "system prompt, tool definitions and task", "a whole number of tokens, 0 to 100M",
     OFF(initial_tokens), 0, S_LONG},
    {"tool_tokens", NULL, AW_FIELD_COUNT, AW_CMD_AGENT, 0, MAX_TOKENS, 0, "tokens", "N", "1000",
     "tool output added after each step", "a whole number of tokens, 0 to 100M",
     OFF(tool_tokens), 0, S_LONG},
    {"no_prompt_cache", NULL, AW_FIELD_FLAG, AW_CMD_AGENT, 0, 1, 0, "", "", "cache on",
     "recompute the whole prompt at every step", "true or false", OFF(no_prompt_cache), 0,
     S_FLAG},
    {"profile", NULL, AW_FIELD_ID, AW_CMD_MIX, 0, 0, 0, "", "ID", "required",
     "request mix ('aiwatt catalog list profiles')", "a catalog id", OFF(profile), 0, S_TEXT},
    /* ---- training ---- */
    {"tokens", NULL, AW_FIELD_NUMBER, RUN, 0, 1e17, 1, "tokens", "N", "the run's",
     "training tokens (15T); with a preset, switches to FLOPs",
     "a positive number of tokens up to 1e17, such as 15T", OFF(tokens), 0, S_DOUBLE},
    {"seq_len", NULL, AW_FIELD_COUNT, RUN, 1, 1e7, 0, "tokens", "N", "4096",
     "sequence length of the attention term", "a whole number of tokens, 1 to 10M",
     OFF(seq_len), 0, S_DOUBLE},
    /* ---- where it runs ---- */
    {"hardware", NULL, AW_FIELD_ID, SITE, 0, 0, 0, "", "ID", "h100-sxm",
     "accelerator ('aiwatt catalog list hardware')", "a catalog id", OFF(hardware_id), 0,
     S_TEXT},
    {"gpus", NULL, AW_FIELD_COUNT, ONE | RUN | AW_CMD_AGENT, 1, 1e6, 0, "GPUs", "N", "automatic",
     "accelerators serving one replica (train: in the run)",
     "a whole number of GPUs, 1 to 1000000", OFF(gpus), 0, S_INT},
    {"precision", NULL, AW_FIELD_CHOICE, ONE | RUN | AW_CMD_AGENT, 0, 0, 0, "", "P", "the model's",
     "weights: fp32, tf32, bf16, fp16, fp8, int8, fp4, int4",
     "fp32, tf32, bf16, fp16, fp8, int8, fp4 or int4", OFF(precision), 0, S_PREC},
    {"kv_precision", NULL, AW_FIELD_CHOICE, ONE | AW_CMD_AGENT | AW_CMD_MIX | AW_CMD_REPORT, 0,
     0, 0, "", "P", "the engine's", "KV cache: bf16, fp16, fp8 (vLLM: kv-cache-dtype fp8)",
     "fp32, tf32, bf16, fp16, fp8, int8, fp4 or int4", OFF(kv_precision), 0, S_PREC},
    {"batch", NULL, AW_FIELD_COUNT, ONE | AW_CMD_AGENT, 1, 1e6, 0, "sequences", "N", "64",
     "concurrent sequences per replica, capped by memory",
     "a whole number of sequences, 1 to 1000000", OFF(batch), 0, S_INT},
    {"engine", NULL, AW_FIELD_ID, ONE | AW_CMD_AGENT | AW_CMD_MIX | AW_CMD_REPORT, 0, 0, 0, "",
     "ID", "vllm (open models), provider (closed)",
     "serving engine ('aiwatt catalog list engines')",
     "a catalog id: vllm, vllm-2024, sglang, trtllm, transformers or provider", OFF(engine_id),
     0, S_TEXT},
    {"tp", NULL, AW_FIELD_COUNT, ONE | AW_CMD_AGENT, 1, 4096, 0, "GPUs", "N",
     "tensor parallel up to 8 GPUs", "tensor-parallel size (tp x ep x pp = GPUs)",
     "a whole number of GPUs, 1 to 4096", OFF(tp), 0, S_INT},
    {"ep", NULL, AW_FIELD_COUNT, ONE | AW_CMD_AGENT, 1, 4096, 0, "GPUs", "N", "1",
     "expert-parallel size (mixtures of experts)", "a whole number of GPUs, 1 to 4096",
     OFF(ep), 0, S_INT},
    {"pp", NULL, AW_FIELD_COUNT, ONE | AW_CMD_AGENT, 1, 4096, 0, "GPUs", "N",
     "1 (servers beyond 8 GPUs: stages)", "pipeline-parallel stages",
     "a whole number of stages, 1 to 4096", OFF(pp), 0, S_INT},
    {"power_cap", NULL, AW_FIELD_NUMBER, ONE | AW_CMD_AGENT | AW_CMD_MIX | AW_CMD_REPORT, 0, 1e5,
     1, "W", "W", "none", "power cap per accelerator (lowers power and clock)",
     "watts per accelerator, such as 400 (above its idle power)", OFF(power_cap_w), 0,
     S_DOUBLE},
    {"mfu", NULL, AW_FIELD_NUMBER, RUN, 0, 1, 1, "", "X", "per chip and precision",
     "model FLOP utilisation of training, 0-1", "a fraction of peak in (0, 1], such as 0.4",
     OFF(mfu), 0, S_DOUBLE},
    {"gpu_hours", NULL, AW_FIELD_NUMBER, RUN, 0, 1e12, 1, "GPU-h", "H", "from FLOPs",
     "GPU-hours held by the run (skips FLOPs and MFU)",
     "a positive number of GPU-hours up to 1e12, such as 30.8M", OFF(gpu_hours), 0, S_DOUBLE},
    {"overhead", NULL, AW_FIELD_NUMBER, RUN, 0, 5, 0, "", "X", "0.10 (0 for published GPU-hours)",
     "restarts, evaluations, idle: share of productive time",
     "a share of productive time, 0 to 5 (0.1 = 10%)", OFF(overhead), 0, S_DOUBLE},
    {"datacenter", NULL, AW_FIELD_ID, SITE, 0, 0, 0, "", "ID", "hyperscale",
     "data centre profile (PUE, reserve, WUE, grid)", "a catalog id", OFF(datacenter_id), 0,
     S_TEXT},
    {"pue", NULL, AW_FIELD_NUMBER, SITE, 1.0, 5.0, 0, "", "X", "the data centre's",
     "facility / IT energy (1.1 hyperscale, 1.56 industry average)",
     "a ratio from 1.0 to 5.0 (1.1 hyperscale, 1.56 industry average)", OFF(pue), 0, S_DOUBLE},
    {"grid", NULL, AW_FIELD_GRID, SITE, 0, 2000, 0, "gCO2e/kWh", "ID|GRAMS", "the data centre's",
     "grid id ('aiwatt catalog list grids') or gCO2e/kWh",
     "a grid id or 0-2000 gCO2e/kWh (about 10 hydro to 1,100 lignite)", OFF(grid_id),
     OFF(grid_gco2_per_kwh), S_GRID},
    {"market_ci", NULL, AW_FIELD_NUMBER, SITE, 0, 2000, 0, "gCO2e/kWh", "GRAMS",
     "the data centre's contract, else the grid",
     "market-based intensity (the one your contracts and certificates give)",
     "0-2000 gCO2e/kWh (the intensity your contracts give)", OFF(market_gco2_per_kwh), 0,
     S_DOUBLE},
    {"wue", NULL, AW_FIELD_NUMBER, SITE, 0, 20, 0, "L/kWh", "X", "the data centre's",
     "on-site water, L per kWh of IT energy",
     "0-20 L/kWh (0 dry cooling, about 2 evaporative)", OFF(wue_l_per_kwh), 0, S_DOUBLE},
    {"amortise_over", "amortize_over", AW_FIELD_NUMBER, RUN, 0, 1e18, 1, "queries", "N", "none",
     "also the share per query over N queries (1e12, 500B)",
     "a positive number of queries up to 1e18, such as 1e12", OFF(amortise_queries), 0,
     S_DOUBLE},
    /* ---- method ---- */
    {"method", NULL, AW_FIELD_CHOICE, ONE, 0, 0, 0, "", "M", "roofline",
     "roofline (bottom-up), or flops, nameplate, ecologits (top-down)",
     "roofline, flops, nameplate or ecologits", OFF(method), 0, S_METHOD},
    {"utilisation", NULL, AW_FIELD_NUMBER, EST, 0, 1, 1, "", "X", "0.10",
     "flops: FLOP utilisation", "a fraction in (0, 1], e.g. 0.1", MP(flop_utilisation), 0,
     S_DOUBLE},
    {"prefill_utilisation", NULL, AW_FIELD_NUMBER, EST, 0, 1, 1, "", "X", "= utilisation",
     "flops: FLOP utilisation for prompt tokens", "a fraction in (0, 1], e.g. 0.1",
     MP(prefill_utilisation), 0, S_DOUBLE},
    {"power_w", NULL, AW_FIELD_NUMBER, EST, 0, 1e5, 1, "W", "W", "server nameplate / GPUs",
     "flops: rated power per GPU, host share included (DGX H100: 1275)",
     "watts per GPU up to 100 kW, host share included (DGX H100: 1275)", MP(power_w_per_gpu),
     0, S_DOUBLE},
    {"load_factor", NULL, AW_FIELD_NUMBER, EST, 0, 1, 1, "", "X", "0.7 flops, 1.0 nameplate",
     "flops, nameplate: average / rated power", "a fraction in (0, 1], e.g. 0.7",
     MP(load_factor), 0, S_DOUBLE},
    {"servers", NULL, AW_FIELD_NUMBER, EST, 0, 1e9, 1, "servers", "N", "required (nameplate)",
     "nameplate: servers in the fleet", "a number of servers up to 1e9, e.g. 3617", MP(servers),
     0, S_DOUBLE},
    {"server_power_w", NULL, AW_FIELD_NUMBER, EST, 0, 1e7, 1, "W", "W", "the hardware's server",
     "nameplate: nameplate power per server", "watts per server up to 10 MW (HGX A100: 6500)",
     MP(server_power_w), 0, S_DOUBLE},
    {"hours", NULL, AW_FIELD_NUMBER, EST, 0, 24.0 * 366 * 10, 1, "h", "H", "24",
     "nameplate: the period", "hours, up to ten years, e.g. 24", MP(hours), 0, S_DOUBLE},
    {"requests", NULL, AW_FIELD_NUMBER, EST, 0, 1e15, 1, "requests", "N", "required (nameplate)",
     "nameplate: requests served in the period (195M)",
     "a number of requests up to 1e15, e.g. 195M", MP(requests), 0, S_DOUBLE},
    {"latency", NULL, AW_FIELD_NUMBER, EST, 0, 1e6, 1, "s", "S", "modelled",
     "ecologits: measured request latency, caps the modelled one",
     "seconds, up to 1e6, e.g. 12.5", MP(latency_s), 0, S_DOUBLE},
    {"params_range", NULL, AW_FIELD_RANGE, EST, MIN_PARAMS, MAX_PARAMS, 0, "parameters",
     "MIN:MAX", "the catalog's", "ecologits: model size range",
     "MIN:MAX parameters, 1M <= MIN <= MAX <= 1000T, e.g. 44B:132B", MP(params_total_min),
     MP(params_total_max), S_RANGE},
    {"active_params_range", NULL, AW_FIELD_RANGE, EST, MIN_PARAMS, MAX_PARAMS, 0, "parameters",
     "MIN:MAX", "the catalog's", "ecologits: active parameter range",
     "MIN:MAX parameters, 1M <= MIN <= MAX <= 1000T, e.g. 12B:39B", MP(params_active_min),
     MP(params_active_max), S_RANGE},
    /* ---- uncertainty and sensitivity ---- */
    {"uncertainty", NULL, AW_FIELD_DRAWS, ANALYSIS, 1, AW_UNCERTAINTY_MAX_SAMPLES, 0, "draws",
     "[N]", "10000 draws when given", "Monte Carlo: p5-p95 of every boundary",
     "a number of draws, 1 to 1000000", OFF(uncertainty_draws), 0, S_DRAWS},
    {"seed", NULL, AW_FIELD_COUNT, ANALYSIS, 0, 4294967295.0, 0, "", "S", "1",
     "seed of the Monte Carlo draws (the same seed, the same figures)",
     "a whole number, 0 to 4294967295", OFF(seed), 0, S_LONG},
    {"sensitivity", NULL, AW_FIELD_FLAG, ANALYSIS, 0, 1, 0, "", "", "off",
     "one-at-a-time swing of every uncertain input", "true or false", OFF(sensitivity), 0,
     S_FLAG},
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

const struct aw_request_field *aw_request_fields(size_t *n)
{
    if (n != NULL)
        *n = N_FIELDS;
    return fields;
}

static const struct {
    const char *name;
    unsigned bit;
} command_names[] = {
    {"estimate", AW_CMD_ESTIMATE}, {"mix", AW_CMD_MIX},         {"agent", AW_CMD_AGENT},
    {"train", AW_CMD_TRAIN},       {"report", AW_CMD_REPORT},   {"whatif", AW_CMD_WHATIF},
    {"compare", AW_CMD_COMPARE},   {"fleet", AW_CMD_FLEET},     {"me", AW_CMD_ME},
};

unsigned aw_command_from_name(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof command_names / sizeof command_names[0]; i++)
        if (strcmp(command_names[i].name, name) == 0)
            return command_names[i].bit;
    return 0;
}

/* `key` equals `name` with '-' read as '_'. */
static int key_is(const char *key, const char *name)
{
    if (name == NULL)
        return 0;
    for (; *key && *name; key++, name++) {
        char k = *key == '-' ? '_' : *key;
        if (k != *name)
            return 0;
    }
    return *key == '\0' && *name == '\0';
}

/* The field `key` names among those of `commands`: a name before an alias
 * (agent's "steps" is an alias of agent_steps; estimate's is its own). */
static const struct aw_request_field *find_for(const char *key, unsigned commands)
{
    if (key == NULL)
        return NULL;
    if (key[0] == '-' && key[1] == '-')
        key += 2;
    for (size_t i = 0; i < N_FIELDS; i++)
        if ((fields[i].commands & commands) && key_is(key, fields[i].name))
            return &fields[i];
    for (size_t i = 0; i < N_FIELDS; i++)
        if ((fields[i].commands & commands) && key_is(key, fields[i].alias))
            return &fields[i];
    return NULL;
}

const struct aw_request_field *aw_request_field_find(const char *key)
{
    return find_for(key, ~0u);
}

/* A number field's storage set to AW_UNSET. */
static void unset_number(struct aw_request *req, enum storage storage, size_t off)
{
    switch (storage) {
    case S_LONG:
    case S_DRAWS:
        *(long *)((char *)req + off) = AW_UNSET;
        break;
    case S_INT:
    case S_SIZE:
        *(int *)((char *)req + off) = AW_UNSET;
        break;
    default:
        *(double *)((char *)req + off) = AW_UNSET;
        break;
    }
}

/* Every number of the table AW_UNSET, every string NULL (estimate.h). */
void aw_request_init(struct aw_request *req)
{
    memset(req, 0, sizeof *req);
    for (size_t i = 0; i < N_FIELDS; i++) {
        const struct aw_request_field *f = &fields[i];
        switch (f->storage) {
        case S_SIZE:
        case S_RANGE:
            unset_number(req, f->storage, f->offset);
            unset_number(req, f->storage, f->offset2);
            break;
        case S_GRID:
            unset_number(req, S_DOUBLE, f->offset2);
            break;
        case S_LONG:
        case S_INT:
        case S_DOUBLE:
        case S_DRAWS:
            unset_number(req, f->storage, f->offset);
            break;
        default: /* text NULL, flags off; the enums below */
            break;
        }
    }
    req->task = AW_TASK_CHAT;
    req->precision = AW_PREC_DEFAULT;
    req->kv_precision = AW_PREC_DEFAULT;
    req->method = AW_METHOD_ROOFLINE;
    aw_method_params_init(&req->method_values);
}

/* The fields a training request shares with a request (the same names in
 * both structs), and how each is stored there. */
enum train_kind { T_TEXT, T_DOUBLE, T_INT, T_GPUS /* int in a request, double in training */ };
#define TRAIN_FIELD(f, kind) \
    {offsetof(struct aw_request, f), offsetof(struct aw_train_request, f), kind}
static const struct {
    size_t req, train;
    enum train_kind kind;
} train_fields[] = {
    TRAIN_FIELD(model_id, T_TEXT),
    TRAIN_FIELD(params_total, T_DOUBLE),
    TRAIN_FIELD(params_active, T_DOUBLE),
    TRAIN_FIELD(tokens, T_DOUBLE),
    TRAIN_FIELD(seq_len, T_DOUBLE),
    TRAIN_FIELD(hardware_id, T_TEXT),
    TRAIN_FIELD(gpus, T_GPUS),
    TRAIN_FIELD(precision, T_INT),
    TRAIN_FIELD(mfu, T_DOUBLE),
    TRAIN_FIELD(gpu_hours, T_DOUBLE),
    TRAIN_FIELD(overhead, T_DOUBLE),
    TRAIN_FIELD(datacenter_id, T_TEXT),
    TRAIN_FIELD(pue, T_DOUBLE),
    TRAIN_FIELD(grid_id, T_TEXT),
    TRAIN_FIELD(grid_gco2_per_kwh, T_DOUBLE),
    TRAIN_FIELD(wue_l_per_kwh, T_DOUBLE),
    TRAIN_FIELD(market_gco2_per_kwh, T_DOUBLE),
    TRAIN_FIELD(amortise_queries, T_DOUBLE),
};

/* A training request's GPU count as a request's: bounded before the
 * conversion; out of range or fractional reads as 0, which the range
 * refuses. */
static int gpus_of(double gpus)
{
    if (!AW_IS_SET(gpus))
        return AW_UNSET;
    return gpus >= 1 && gpus <= 1e6 && gpus == floor(gpus) ? (int)gpus : 0;
}

/* Copies the shared fields from a request to a training request
 * (`to_train`) or back. */
static void train_copy(const void *from, void *to, int to_train)
{
    for (size_t i = 0; i < AW__COUNT(train_fields); i++) {
        enum train_kind kind = train_fields[i].kind;
        const char *src = (const char *)from + (to_train ? train_fields[i].req
                                                         : train_fields[i].train);
        char *dst = (char *)to + (to_train ? train_fields[i].train : train_fields[i].req);
        if (kind == T_GPUS && to_train)
            *(double *)dst = *(const int *)src;
        else if (kind == T_GPUS)
            *(int *)dst = gpus_of(*(const double *)src);
        else
            memcpy(dst, src, kind == T_TEXT     ? sizeof(const char *)
                             : kind == T_DOUBLE ? sizeof(double)
                                                : sizeof(int));
    }
}

void aw_train_request_from_request(const struct aw_request *req, struct aw_train_request *out)
{
    memset(out, 0, sizeof *out); /* every field is set by the copy */
    train_copy(req, out, 1);
}

aw_status aw__train_request_check(const struct aw_train_request *req, struct aw_diag *diag)
{
    struct aw_request r;
    aw_request_init(&r);
    train_copy(req, &r, 0);
    return aw_request_check(&r, diag);
}

/* ---- Setting a field from text ------------------------------------------ */

static void *at(struct aw_request *req, size_t off)
{
    return (char *)req + off;
}

static const void *cat_(const struct aw_request *req, size_t off)
{
    return (const char *)req + off;
}

/* The range in words, for hints: "1 to 5", "(0, 1]". */
static void range_text(const struct aw_request_field *f, char *buf, size_t len)
{
    if (f->min_open)
        snprintf(buf, len, "above %.10g and at most %.10g", f->min, f->max);
    else
        snprintf(buf, len, "%.10g to %.10g", f->min, f->max);
}

static aw_status refuse(struct aw_diag *diag, aw_status st, const struct aw_request_field *f,
                        const char *key, const char *value)
{
    char range[96] = "";
    if (f->type == AW_FIELD_NUMBER || f->type == AW_FIELD_COUNT || f->type == AW_FIELD_DRAWS)
        range_text(f, range, sizeof range);
    if (range[0] != '\0')
        aw__hint(diag, "%s: %s (%s%s%s)", f->name, f->help, range, f->unit[0] ? " " : "", f->unit);
    else
        aw__hint(diag, "%s: %s", f->name, f->help);
    return aw__fail(diag, st, "%s '%s': expected %s", key, value ? value : "", f->expected);
}

static int in_range(const struct aw_request_field *f, double v)
{
    if (!(v <= f->max))
        return 0;
    return f->min_open ? v > f->min : v >= f->min;
}

/* A quantity as users write it; no hex, no leading space (strtod takes them). */
static int quantity(const char *text, double *out)
{
    if (text == NULL || text[0] == '\0' || strpbrk(text, "xX \t\n") != NULL)
        return -1;
    return aw_parse_quantity(text, out) == AW_OK ? 0 : -1;
}

static int flag_value(const char *value, int *out)
{
    if (value == NULL || value[0] == '\0' || strcmp(value, "true") == 0 ||
        strcmp(value, "1") == 0)
        *out = 1;
    else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* "A:B" or "AxB" into two numbers checked against the field's range. */
static int pair(const struct aw_request_field *f, const char *value, char sep, double *a,
                double *b)
{
    const char *mid = value ? strchr(value, sep) : NULL;
    char left[64];
    size_t n = mid ? (size_t)(mid - value) : 0;
    if (mid == NULL || n == 0 || n >= sizeof left)
        return -1;
    memcpy(left, value, n);
    left[n] = '\0';
    if (sep == 'x') {
        /* pixels: plain whole numbers */
        char *end;
        long w = strtol(left, &end, 10);
        if (*end != '\0' || left[0] == '-' || left[0] == '+')
            return -1;
        long h = strtol(mid + 1, &end, 10);
        if (*end != '\0' || mid[1] == '\0' || mid[1] == '-' || mid[1] == '+')
            return -1;
        *a = (double)w;
        *b = (double)h;
    } else if (quantity(left, a) != 0 || quantity(mid + 1, b) != 0) {
        return -1;
    }
    if (!in_range(f, *a) || !in_range(f, *b))
        return -1;
    return sep == ':' && *a > *b ? -1 : 0;
}

/* A hint naming the keys of `commands` close to `key` (edit distance or a
 * substring), else all of them. */
static void close_keys(const char *key, unsigned commands, struct aw_diag *diag)
{
    const char *bare = key && key[0] == '-' && key[1] == '-' ? key + 2 : key;
    char close[AW_DIAG_SIZE - 40] = "";
    size_t used = 0;
    for (int pass = 0; pass < 2 && used == 0; pass++) {
        for (size_t i = 0; bare != NULL && i < N_FIELDS && used < sizeof close - 32; i++) {
            if ((fields[i].commands & commands) == 0)
                continue;
            if (pass == 0 && aw__edit_distance(bare, fields[i].name, 4) > 3 &&
                !(strlen(bare) >= 3 && strstr(fields[i].name, bare) != NULL))
                continue;
            used += (size_t)snprintf(close + used, sizeof close - used, "%s%s", used ? ", " : "",
                                     fields[i].name);
        }
        if (pass == 0 && used > 0)
            aw__hint(diag, "did you mean %s?", close);
        else if (used > 0)
            aw__hint(diag, "the keys: %s", close);
    }
}

aw_status aw_request_set(struct aw_request *req, const char *key, const char *value,
                         struct aw_diag *diag)
{
    aw_diag_clear(diag);
    const struct aw_request_field *f = aw_request_field_find(key);
    if (f == NULL) {
        close_keys(key, ~0u, diag);
        return aw__fail(diag, AW_E_INVALID, "unknown field '%s'", key ? key : "");
    }
    return aw_request_set_field(req, f, key, value, diag);
}

aw_status aw_request_set_field(struct aw_request *req, const struct aw_request_field *f,
                               const char *shown, const char *value, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    if (shown == NULL)
        shown = f->name;
    double v = 0, v2 = 0;
    int p;
    switch (f->storage) {
    case S_TEXT:
        if (value == NULL || value[0] == '\0')
            return refuse(diag, AW_E_INVALID, f, shown, value);
        *(const char **)at(req, f->offset) = value;
        return AW_OK;
    case S_TASK:
    case S_PREC:
    case S_METHOD:
        p = value == NULL                ? -1
            : f->storage == S_TASK       ? aw_task_from_name(value)
            : f->storage == S_PREC       ? aw_precision_from_name(value)
                                         : aw_method_from_name(value);
        if (p < 0)
            return refuse(diag, AW_E_INVALID, f, shown, value);
        if (f->storage == S_TASK)
            *(enum aw_task *)at(req, f->offset) = (enum aw_task)p;
        else if (f->storage == S_METHOD)
            *(enum aw_method *)at(req, f->offset) = (enum aw_method)p;
        else
            *(int *)at(req, f->offset) = p;
        return AW_OK;
    case S_GRID:
        if (value == NULL || value[0] == '\0')
            return refuse(diag, AW_E_INVALID, f, shown, value);
        if (aw_parse_quantity(value, &v) == AW_OK) {
            if (quantity(value, &v) != 0 || !in_range(f, v))
                return refuse(diag, AW_E_RANGE, f, shown, value);
            *(double *)at(req, f->offset2) = v;
            *(const char **)at(req, f->offset) = NULL;
        } else {
            *(const char **)at(req, f->offset) = value;
            *(double *)at(req, f->offset2) = AW_UNSET;
        }
        return AW_OK;
    case S_SIZE:
        if (pair(f, value, 'x', &v, &v2) != 0)
            return refuse(diag, AW_E_RANGE, f, shown, value);
        *(int *)at(req, f->offset) = (int)v;
        *(int *)at(req, f->offset2) = (int)v2;
        return AW_OK;
    case S_RANGE:
        if (pair(f, value, ':', &v, &v2) != 0)
            return refuse(diag, AW_E_RANGE, f, shown, value);
        *(double *)at(req, f->offset) = v;
        *(double *)at(req, f->offset2) = v2;
        return AW_OK;
    case S_FLAG:
        if (flag_value(value, &p) != 0)
            return refuse(diag, AW_E_INVALID, f, shown, value);
        *(int *)at(req, f->offset) = p;
        return AW_OK;
    case S_DRAWS:
        if (value == NULL || value[0] == '\0' || strcmp(value, "true") == 0) {
            *(long *)at(req, f->offset) = AW__DEFAULT_DRAWS;
            return AW_OK;
        }
        if (strcmp(value, "false") == 0) {
            *(long *)at(req, f->offset) = AW_UNSET;
            return AW_OK;
        }
        if (quantity(value, &v) != 0 || v != floor(v) || !in_range(f, v))
            return refuse(diag, AW_E_RANGE, f, shown, value);
        *(long *)at(req, f->offset) = (long)v;
        return AW_OK;
    default:
        break;
    }
    /* numbers: bounded before any conversion to an integer */
    if (quantity(value, &v) != 0)
        return refuse(diag, AW_E_PARSE, f, shown, value);
    if (!in_range(f, v) || (f->type == AW_FIELD_COUNT && v != floor(v)))
        return refuse(diag, AW_E_RANGE, f, shown, value);
    switch (f->storage) {
    case S_LONG:
        *(long *)at(req, f->offset) = (long)v;
        break;
    case S_INT:
        *(int *)at(req, f->offset) = (int)v;
        break;
    default:
        *(double *)at(req, f->offset) = v;
        break;
    }
    return AW_OK;
}

/* ---- Checking a whole request ------------------------------------------- */

/* The value of a number stored as `storage` at `off`, as a double. */
static double number_of(const struct aw_request *req, enum storage storage, size_t off)
{
    switch (storage) {
    case S_LONG:
    case S_DRAWS:
        return (double)*(const long *)cat_(req, off);
    case S_INT:
    case S_SIZE:
        return (double)*(const int *)cat_(req, off);
    default:
        return *(const double *)cat_(req, off);
    }
}

/* The bounds of struct aw_assumptions (set through the C API only: the CLI
 * and the JSON API do not reach them). A negative value is unset, the
 * default; NaN, infinities and values past these bounds are refused here,
 * before an estimate turns them into NaN or infinite energy (max_power_w =
 * 1e308 gave NaN Wh; tests/unit/test_hardening.c). `open`: the
 * low bound itself is refused (a utilisation of 0 divides by zero). */
static const struct assumption_bound {
    const char *name;
    size_t offset;
    double low, high;
    int open;
    const char *unit;
} assumption_bounds[] = {
#define AB(f, lo, hi, open, unit) {#f, offsetof(struct aw_assumptions, f), lo, hi, open, unit}
    AB(bandwidth_utilisation, 0, 1, 1, ""),
    AB(prefill_flop_utilisation, 0, 1, 1, ""),
    AB(decode_flop_utilisation, 0, 1, 1, ""),
    AB(step_overhead_s, 0, 1, 0, " s"),
    AB(power_membound_fraction, 0, 1, 0, ""),
    AB(power_prefill_fraction, 0, 1, 0, ""),
    /* Per accelerator (GPUs draw up to ~1.4 kW; a wafer-scale system ~23 kW)
     * and per server or rack, accelerators excluded: bounds far beyond
     * any machine, that keep the arithmetic finite. */
    AB(idle_power_w, 0, 1e6, 0, " W"),
    AB(max_power_w, 0, 1e6, 1, " W"),
    AB(host_power_w, 0, 1e7, 0, " W"),
    AB(reserve_share, 0, 10, 0, ""), /* catalog: 0.1-1.0; IT = server x (1 + share) */
    AB(params_total, 0, MAX_PARAMS, 1, " parameters"),
    AB(params_active, 0, MAX_PARAMS, 1, " parameters"),
    AB(water_l_per_kwh, 0, 1000, 0, " L/kWh"), /* catalog grids: up to ~19 */
    AB(quant_overhead, 0, 0.01, 0, " s"),
    AB(diffusion_flop_utilisation, 0, 1, 1, ""),
    AB(power_diffusion_fraction, 0, 1, 0, ""),
    AB(engine_per_sequence_s, 0, 0.01, 0, " s"),
    AB(a2a_latency_s, 0, 1, 0, " s"),
    AB(link_efficiency, 0, 1, 1, ""),
    AB(activity_comm, 0, 1, 0, ""),
    AB(activity_engine, 0, 1, 0, ""),
    AB(engine_overlap, 0, 1, 0, ""),
    AB(ssm_state_bytes, 0, 8, 1, " B"),
    AB(engine_per_layer_s, 0, 0.01, 0, " s"),
    AB(operator_overlap_exponent, 1, 64, 0, ""),
#undef AB
};
_Static_assert(AW__COUNT(assumption_bounds) == sizeof(struct aw_assumptions) / sizeof(double),
               "every field of struct aw_assumptions has its bounds");

static aw_status check_assumptions(const struct aw_assumptions *a, struct aw_diag *diag)
{
    for (size_t i = 0; i < AW__COUNT(assumption_bounds); i++) {
        const struct assumption_bound *b = &assumption_bounds[i];
        double v = *(const double *)((const char *)a + b->offset);
        if (v < 0)
            continue; /* unset: the default */
        if (!(v <= b->high) || (b->open ? v <= b->low : v < b->low)) {
            aw__hint(diag, "give %s %s %g to %g%s, or a negative value for the default", b->name,
                     b->open ? "above" : "from", b->low, b->high, b->unit);
            return aw__fail(diag, AW_E_RANGE, "assumption %s = %g is out of range", b->name, v);
        }
    }
    return AW_OK;
}

aw_status aw_request_check(const struct aw_request *req, struct aw_diag *diag)
{
    aw_diag_clear(diag);
    if (req == NULL)
        return aw__fail(diag, AW_E_INVALID, "no request");
    /* An unset field (AW_UNSET) is not checked. */
    for (size_t i = 0; i < N_FIELDS; i++) {
        const struct aw_request_field *f = &fields[i];
        size_t offs[2] = {f->offset, f->offset2};
        int n = (f->storage == S_SIZE || f->storage == S_RANGE) ? 2 : 1;
        if (f->storage == S_GRID) {
            offs[0] = f->offset2;
        } else if (f->storage == S_TEXT || f->storage == S_FLAG) {
            continue;
        } else if (f->storage == S_TASK || f->storage == S_PREC || f->storage == S_METHOD) {
            int val = *(const int *)cat_(req, f->offset);
            int ok = f->storage == S_PREC
                         ? val == AW_PREC_DEFAULT || (val >= 0 && val < AW_PREC_COUNT)
                         : strcmp(f->storage == S_TASK ? aw_task_name((enum aw_task)val)
                                                       : aw_method_name((enum aw_method)val),
                                  "unknown") != 0;
            if (!ok) {
                char text[24];
                snprintf(text, sizeof text, "%d", val);
                return refuse(diag, AW_E_INVALID, f, f->name, text);
            }
            continue;
        }
        for (int k = 0; k < n; k++) {
            double v = number_of(req, (enum storage)f->storage, offs[k]);
            if (!AW_IS_SET(v))
                continue;
            if (!in_range(f, v)) {
                char text[40];
                snprintf(text, sizeof text, "%.6g", v);
                return refuse(diag, AW_E_RANGE, f, f->name, text);
            }
        }
        if (f->storage == S_RANGE) {
            double lo = number_of(req, S_DOUBLE, f->offset), hi = number_of(req, S_DOUBLE, f->offset2);
            if (AW_IS_SET(lo) && AW_IS_SET(hi) && lo > hi) {
                char text[64];
                snprintf(text, sizeof text, "%.6g:%.6g", lo, hi);
                return refuse(diag, AW_E_RANGE, f, f->name, text);
            }
        }
    }
    if (req->assumptions != NULL) {
        aw_status st = check_assumptions(req->assumptions, diag);
        if (st != AW_OK)
            return st;
    }
    if (AW_IS_SET(req->seed) && !AW_IS_SET(req->uncertainty_draws)) {
        aw__hint(diag, "the seed is of the Monte Carlo draws: add --uncertainty [N]");
        return aw__fail(diag, AW_E_INVALID, "--seed needs --uncertainty");
    }
    if (req->model_id != NULL && AW_IS_SET(req->params_total)) {
        aw__hint(diag, "a catalog model has its own parameter count: drop one of the two");
        return aw__fail(diag, AW_E_INVALID, "give --model or --params, not both");
    }
    if (AW_IS_SET(req->params_active) && !AW_IS_SET(req->params_total)) {
        aw__hint(diag, "give the total too: --params 47B --active-params 13B");
        return aw__fail(diag, AW_E_INVALID, "--active-params needs --params");
    }
    if (AW_IS_SET(req->params_active) && AW_IS_SET(req->params_total) &&
        req->params_active > req->params_total) {
        aw__hint(diag, "--active-params must not exceed --params");
        return aw__fail(diag, AW_E_RANGE, "parameter counts are not consistent");
    }
    return AW_OK;
}

/* ---- The JSON request reader -------------------------------------------- */

/* Sets field `f` from `value`; a refusal's message starts with `where`. */
static aw_status set_where(struct aw_request *req, const struct aw_request_field *f,
                           const char *key, const char *value, const char *where,
                           struct aw_diag *diag)
{
    aw_status st = aw_request_set_field(req, f, key, value, diag);
    if (st != AW_OK && diag != NULL) {
        char msg[AW_DIAG_SIZE];
        memcpy(msg, diag->msg, sizeof msg);
        int n = snprintf(diag->msg, sizeof diag->msg, "%s: ", where);
        if (n > 0 && (size_t)n < sizeof diag->msg)
            snprintf(diag->msg + n, sizeof diag->msg - (size_t)n, "%.*s",
                     (int)(sizeof diag->msg - (size_t)n - 1), msg);
    }
    return st;
}

aw_status aw__request_from_json(const json_t *obj, struct aw_request *req, const char *where,
                                unsigned commands, struct aw_diag *diag)
{
    return aw__request_from_json_settings(obj, req, where, commands, NULL, NULL, diag);
}

aw_status aw__request_from_json_settings(const json_t *obj, struct aw_request *req,
                                         const char *where, unsigned commands,
                                         struct aw__catalog_setting *settings,
                                         char (*texts)[AW__SETTING_TEXT_SIZE],
                                         struct aw_diag *diag)
{
    size_t n_set = 0;
    if (!json_is_object(obj)) {
        aw__hint(diag, "write the request as {\"model\": \"llama-3.1-8b\", \"output_tokens\": 300}");
        return aw__fail(diag, AW_E_PARSE, "%s: a request must be a JSON object", where);
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        const struct aw_request_field *f = find_for(key, commands);
        /* JSON keys are snake_case (the CLI spelling is for the CLI). */
        if (f != NULL && strcmp(key, f->name) != 0 && !(f->alias && strcmp(key, f->alias) == 0)) {
            aw__hint(diag, "JSON keys are snake_case: \"%s\"", f->name);
            return aw__fail(diag, AW_E_PARSE, "%s: \"%s\": unknown key", where, key);
        }
        if (f == NULL || (f->commands & commands) == 0) {
            close_keys(key, commands, diag);
            return aw__fail(diag, AW_E_PARSE, "%s: \"%s\": unknown key", where, key);
        }
        char text[64];
        const char *value = text;
        if (json_is_string(v)) {
            value = json_string_value(v);
        } else if (json_is_integer(v)) {
            snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        } else if (json_is_real(v)) {
            snprintf(text, sizeof text, "%.17g", json_real_value(v));
        } else if (json_is_true(v)) {
            snprintf(text, sizeof text, "true");
        } else if (json_is_false(v)) {
            snprintf(text, sizeof text, "false");
        } else if (f != NULL && f->storage == S_RANGE && json_is_array(v) &&
                   json_array_size(v) == 2 && json_is_number(json_array_get(v, 0)) &&
                   json_is_number(json_array_get(v, 1))) {
            snprintf(text, sizeof text, "%.17g:%.17g", json_number_value(json_array_get(v, 0)),
                     json_number_value(json_array_get(v, 1)));
        } else if (f != NULL) {
            aw__hint(diag, "\"%s\": %s", f->name, f->expected);
            return aw__fail(diag, AW_E_PARSE, "%s: \"%s\" must be a number or text", where, key);
        }
        /* Typed values only where the type fits: ids are text. */
        if (f != NULL && !json_is_string(v) &&
            (f->storage == S_TEXT || f->storage == S_TASK || f->storage == S_PREC ||
             f->storage == S_METHOD)) {
            aw__hint(diag, "\"%s\": %s", f->name, f->expected);
            return aw__fail(diag, AW_E_PARSE, "%s: \"%s\" must be a string", where, key);
        }
        TRY(set_where(req, f, key, value, where, diag));
        if (settings != NULL) {
            /* The value as the table read it: text borrowed from `obj`, or
             * the number's text kept in texts[]. */
            if (value == text) {
                memcpy(texts[n_set], text, sizeof texts[n_set]);
                value = texts[n_set];
            }
            settings[n_set].key = key;
            settings[n_set].value = value;
        }
        n_set++;
    }
    return AW_OK;
}

aw_status aw__request_from_settings(const struct aw__catalog_request *r, struct aw_request *req,
                                    const char *where, unsigned commands, struct aw_diag *diag)
{
    for (size_t i = 0; i < r->count; i++) {
        const struct aw__catalog_setting *s = &r->fields[i];
        const struct aw_request_field *f = find_for(s->key, commands);
        if (f == NULL || (f->commands & commands) == 0) {
            close_keys(s->key, commands, diag);
            return aw__fail(diag, AW_E_PARSE, "%s: \"%s\": unknown key", where, s->key);
        }
        TRY(set_where(req, f, s->key, s->value, where, diag));
    }
    return AW_OK;
}

aw_status aw_request_from_json(const json_t *obj, struct aw_request *req, const char *where,
                               struct aw_diag *diag)
{
    /* requests stored as data describe one inference request */
    return aw__request_from_json(obj, req, where, AW_CMD_ESTIMATE, diag);
}

/* The bytes a field's storage takes at each of its offsets. */
static size_t storage_size(enum storage storage)
{
    switch (storage) {
    case S_TEXT:
        return sizeof(const char *);
    case S_LONG:
    case S_DRAWS:
        return sizeof(long);
    case S_INT:
    case S_SIZE:
    case S_PREC:
    case S_FLAG:
        return sizeof(int);
    case S_TASK:
        return sizeof(enum aw_task);
    case S_METHOD:
        return sizeof(enum aw_method);
    default:
        return sizeof(double);
    }
}

void aw__request_copy_set(struct aw_request *dst, const struct aw_request *src,
                          const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct aw_request_field *f = aw_request_field_find(names[i]);
        if (f == NULL)
            continue;
        /* a grid: its id and its intensity, each when given */
        size_t offs[2] = {f->offset, f->offset2};
        enum storage kinds[2] = {(enum storage)f->storage, (enum storage)f->storage};
        int parts = f->storage == S_SIZE || f->storage == S_RANGE || f->storage == S_GRID ? 2 : 1;
        if (f->storage == S_GRID) {
            kinds[0] = S_TEXT;
            kinds[1] = S_DOUBLE;
        }
        for (int k = 0; k < parts; k++) {
            const void *from = cat_(src, offs[k]);
            int given = kinds[k] == S_TEXT   ? *(const char *const *)from != NULL
                        : kinds[k] == S_PREC ? *(const int *)from != AW_PREC_DEFAULT
                        : kinds[k] == S_FLAG ? *(const int *)from != 0
                        : kinds[k] == S_TASK || kinds[k] == S_METHOD
                            ? 1
                            : AW_IS_SET(number_of(src, kinds[k], offs[k]));
            if (given)
                memcpy(at(dst, offs[k]), from, storage_size(kinds[k]));
        }
    }
}

void aw_request_apply_site(struct aw_request *req, const struct aw_request *site)
{
    static const char *const site_fields[] = {"hardware", "datacenter", "grid",
                                              "pue",      "wue",        "market_ci",
                                              "engine",   "kv_precision", "power_cap"};
    if (site == NULL)
        return;
    aw__request_copy_set(req, site, site_fields, AW__COUNT(site_fields));
    if (site->assumptions != NULL)
        req->assumptions = site->assumptions;
}
