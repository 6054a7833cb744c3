/*
 * catalog_gen.c - compiles the default catalog (data/NAME.json) into const C
 * tables, at build time (lib/CMakeLists.txt runs it).
 *
 *   aiwatt-catalog-gen OUT.c data/a.json data/b.json ...
 *
 * The files are merged in the order given through the library's own loader
 * (lib/catalog/catalog.c: the parser and validator a user's --catalog file
 * goes through), so a bad catalog fails the build with FILE:LINE and the
 * loader's message. Each entry becomes its typed record (initialised field
 * by field from the layout tables below), its header, and its JSON as
 * compact text (for `aiwatt catalog show` and the sections read as JSON).
 *
 * The layout tables name every member of the record structs. The generator
 * refuses to write a table if the parser writes a byte of a record that no
 * row describes, so a field added to a struct and its parser but not here
 * fails the build instead of silently reading 0.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "catalog/catalog_internal.h"

/* The generator links lib/catalog/catalog.c without a compiled default. */
const struct aw__catalog_base_section aw__catalog_base[AW_SECTION_COUNT];

enum kind {
    K_STR, K_INT, K_SIZE, K_DOUBLE, K_DOUBLES, K_NUM, K_CONF, K_PREC, K_BOUNDARY,
    K_NUM_PER_PREC,
    K_STRUCT, /* a member struct, by its sub-layout */
    K_ARRAY   /* a pointer to `count` records of a sub-layout (count: a size_t member) */
};

struct layout {
    const char *member;
    enum kind kind;
    size_t offset;
    size_t size;
    /* K_ARRAY: the elements' layout, C type and size, and the count's offset */
    const struct layout *sub;
    const char *sub_type;
    size_t sub_size;
    size_t count_offset;
};

#define L(type, member, kind) \
    {#member, kind, offsetof(type, member), sizeof(((type *)0)->member), NULL, NULL, 0, 0}
#define LA(type, member, count, sub, sub_type)                                  \
    {#member, K_ARRAY, offsetof(type, member), sizeof(((type *)0)->member), sub, \
     #sub_type, sizeof(sub_type), offsetof(type, count)}
#define LS(type, member, sub) \
    {#member, K_STRUCT, offsetof(type, member), sizeof(((type *)0)->member), sub, NULL, 0, 0}
#define END {NULL, K_INT, 0, 0, NULL, NULL, 0, 0}

#define H struct aw_hardware
static const struct layout hardware_layout[] = {
    L(H, id, K_STR), L(H, name, K_STR), L(H, vendor, K_STR), L(H, kind, K_STR),
    L(H, server_id, K_STR), L(H, source, K_STR), L(H, confidence, K_CONF), L(H, year, K_INT),
    L(H, memory_gb, K_NUM), L(H, bandwidth_tbs, K_NUM), L(H, peak_tflops, K_NUM_PER_PREC),
    L(H, max_power_w, K_NUM), L(H, idle_power_w, K_NUM), L(H, embodied_gwp_kg, K_NUM),
    L(H, embodied_pe_mj, K_NUM), L(H, embodied_adpe_kg_sbeq, K_NUM),
    L(H, training_mfu_16bit, K_NUM), L(H, training_mfu_8bit, K_NUM),
    L(H, training_mfu_4bit, K_NUM), END};
#undef H

#define S struct aw_server
static const struct layout server_layout[] = {
    L(S, id, K_STR), L(S, name, K_STR), L(S, source, K_STR), L(S, confidence, K_CONF),
    L(S, accelerators, K_INT), L(S, max_power_w, K_NUM), L(S, host_power_w, K_NUM),
    L(S, embodied_gwp_kg, K_NUM), L(S, embodied_pe_mj, K_NUM),
    L(S, embodied_adpe_kg_sbeq, K_NUM), L(S, interconnect, K_STR),
    L(S, link_bandwidth_gbs, K_NUM), L(S, link_latency_us, K_NUM), END};
#undef S

#define E struct aw_engine
static const struct layout engine_layout[] = {
    L(E, id, K_STR), L(E, name, K_STR), L(E, source, K_STR), L(E, confidence, K_CONF),
    L(E, step_fixed_s, K_NUM), L(E, per_sequence_s, K_NUM), L(E, moe_fp8_layer_s, K_NUM),
    L(E, overlap, K_NUM), L(E, prefill_chunk_tokens, K_INT), L(E, fp8_kv_cache, K_INT),
    L(E, fp8_kv_cache_source, K_STR), L(E, per_layer_s, K_NUM), END};
#undef E

#define M struct aw_model
static const struct layout model_layout[] = {
    L(M, id, K_STR), L(M, name, K_STR), L(M, kind, K_STR), L(M, source, K_STR),
    L(M, confidence, K_CONF), L(M, open, K_INT), L(M, params_total, K_NUM),
    L(M, params_active, K_NUM), L(M, layers, K_INT), L(M, d_model, K_INT),
    L(M, heads_q, K_INT), L(M, heads_kv, K_INT), L(M, head_dim, K_INT), L(M, d_ff, K_INT),
    L(M, vocab, K_INT), L(M, experts, K_INT), L(M, experts_active, K_INT),
    L(M, shared_experts, K_INT), L(M, sliding_window, K_INT), L(M, local_layers, K_INT),
    L(M, mla_kv_dim, K_INT), L(M, max_context, K_INT), L(M, precision, K_PREC),
    L(M, reasoning_tokens, K_NUM), L(M, moe_layers, K_INT), L(M, ssm_layers, K_INT),
    L(M, ssm_heads, K_INT), L(M, ssm_head_dim, K_INT), L(M, ssm_state_dim, K_INT),
    L(M, ssm_state_bytes, K_NUM), L(M, vision_params, K_NUM),
    L(M, vision_patch_px, K_INT), L(M, vision_merge, K_INT), L(M, vision_max_tokens, K_INT),
    L(M, vision_tile_px, K_INT), L(M, vision_tokens_per_tile, K_INT),
    L(M, vision_base_tokens, K_INT), L(M, vision_max_tiles, K_INT),
    L(M, vision_shortest_side_px, K_INT), L(M, architecture, K_STR), L(M, attention, K_STR),
    L(M, token_params, K_NUM), L(M, unet_flop_ref, K_NUM), L(M, unet_attention_flop_ref, K_NUM),
    L(M, ref_width, K_INT), L(M, ref_height, K_INT), L(M, patch, K_INT), L(M, patch_t, K_INT),
    L(M, vae_spatial, K_INT), L(M, vae_temporal, K_INT), L(M, latent_channels, K_INT),
    L(M, text_tokens, K_INT), L(M, cfg_passes, K_INT), L(M, default_steps, K_INT),
    L(M, default_width, K_INT), L(M, default_height, K_INT), L(M, default_frames, K_INT),
    L(M, text_encoder_params, K_NUM), L(M, text_encoder_flop, K_NUM),
    L(M, vae_decode_flop_per_pixel, K_NUM), L(M, serving_hardware_id, K_STR),
    L(M, serving_datacenter_id, K_STR), L(M, serving_source, K_STR), END};
#undef M

#define D struct aw_datacenter
static const struct layout datacenter_layout[] = {
    L(D, id, K_STR), L(D, name, K_STR), L(D, grid_id, K_STR), L(D, source, K_STR),
    L(D, confidence, K_CONF), L(D, pue, K_NUM), L(D, reserve_share, K_NUM),
    L(D, wue_l_per_kwh, K_NUM), L(D, market_gco2_per_kwh, K_NUM),
    L(D, hardware_lifetime_years, K_NUM), L(D, hardware_utilisation, K_NUM), END};
#undef D

#define G struct aw_grid
static const struct layout grid_layout[] = {
    L(G, id, K_STR), L(G, name, K_STR), L(G, source, K_STR), L(G, confidence, K_CONF),
    L(G, year, K_INT), L(G, gco2_per_kwh, K_NUM), L(G, water_l_per_kwh, K_NUM), END};
#undef G

#define C struct aw_comparison
static const struct layout comparison_layout[] = {
    L(C, id, K_STR), L(C, name, K_STR), L(C, source, K_STR), L(C, confidence, K_CONF),
    L(C, value, K_NUM), L(C, unit, K_STR), L(C, per, K_STR), L(C, is_power, K_INT),
    L(C, base, K_DOUBLE), END};
#undef C

#define T struct aw__catalog_setting
static const struct layout setting_layout[] = {L(T, key, K_STR), L(T, value, K_STR), END};
#undef T

#define Q struct aw__catalog_request
static const struct layout request_layout[] = {
    LA(Q, fields, count, setting_layout, struct aw__catalog_setting), L(Q, count, K_SIZE),
    L(Q, given, K_INT), END};
#undef Q

#define K struct aw__profile_kind
static const struct layout profile_kind_layout[] = {
    L(K, kind, K_STR), L(K, label, K_STR), L(K, note, K_STR), L(K, share, K_DOUBLE),
    LS(K, request, request_layout), END};
#undef K

#define P struct aw__profile_record
static const struct layout profile_layout[] = {
    L(P, id, K_STR), L(P, name, K_STR), L(P, source, K_STR), L(P, confidence, K_CONF),
    LS(P, defaults, request_layout),
    LA(P, kinds, n_kinds, profile_kind_layout, struct aw__profile_kind), L(P, n_kinds, K_SIZE),
    END};
#undef P

#define F struct aw_train_published
static const struct layout published_layout[] = {
    L(F, quantity, K_STR), L(F, unit, K_STR), L(F, boundary, K_STR), L(F, note, K_STR),
    L(F, source, K_STR), L(F, confidence, K_STR), L(F, claim, K_INT),
    L(F, unit_factor, K_DOUBLE), L(F, value, K_DOUBLE), L(F, low, K_DOUBLE),
    L(F, high, K_DOUBLE), L(F, estimate, K_DOUBLE), L(F, ratio, K_DOUBLE), END};
#undef F

#define U struct aw__training_run_record
static const struct layout training_run_layout[] = {
    L(U, id, K_STR), L(U, name, K_STR), L(U, source, K_STR), L(U, confidence, K_CONF),
    L(U, model, K_STR), L(U, hardware, K_STR), L(U, precision, K_STR), L(U, datacenter, K_STR),
    L(U, grid, K_STR), L(U, tokens, K_NUM), L(U, seq_len, K_NUM), L(U, flop, K_NUM),
    L(U, mfu, K_NUM), L(U, gpus, K_NUM), L(U, days, K_NUM), L(U, gpu_hours, K_NUM),
    L(U, overhead, K_NUM), L(U, system_power_w, K_NUM), L(U, pue, K_NUM),
    L(U, grid_gco2_per_kwh, K_NUM),
    LA(U, published, n_published, published_layout, struct aw_train_published),
    L(U, n_published, K_SIZE), END};
#undef U

#define R struct aw__reference_record
static const struct layout reference_layout[] = {
    L(R, id, K_STR), L(R, name, K_STR), L(R, source, K_STR), L(R, confidence, K_CONF),
    L(R, kind, K_STR), L(R, quantity, K_STR), L(R, value, K_DOUBLE), L(R, low, K_DOUBLE),
    L(R, high, K_DOUBLE), L(R, unit, K_STR), L(R, unit_wh, K_DOUBLE),
    L(R, boundary, K_BOUNDARY), L(R, boundary_detail, K_STR), L(R, model, K_STR),
    L(R, hardware, K_STR), L(R, conditions, K_STR), L(R, date, K_STR), L(R, url, K_STR),
    L(R, comparison, K_STR), L(R, country, K_STR), L(R, has_published_ladder, K_INT),
    L(R, published_wh, K_DOUBLES), L(R, has_scenario, K_INT), L(R, method, K_STR),
    L(R, has_estimate, K_INT), LS(R, request, request_layout), LS(R, estimate, request_layout),
    L(R, params, K_DOUBLES), L(R, has_training, K_INT), L(R, training_gpus, K_DOUBLE),
    L(R, training_hours, K_DOUBLE), L(R, training_power_w_per_gpu, K_DOUBLE),
    L(R, training_accelerator_power_w, K_DOUBLE), L(R, training_pue, K_DOUBLE),
    L(R, training_params, K_DOUBLE), L(R, training_tokens, K_DOUBLE),
    L(R, training_hardware, K_STR), L(R, has_estimate_training, K_INT),
    L(R, estimate_training_model, K_STR), L(R, estimate_training_hardware, K_STR),
    L(R, estimate_training_datacenter, K_STR), L(R, estimate_training_tokens, K_DOUBLE),
    L(R, estimate_training_gpus, K_DOUBLE), L(R, estimate_training_mfu, K_DOUBLE),
    L(R, impact, K_STR), L(R, impact_wh, K_DOUBLE), L(R, impact_per, K_DOUBLE),
    L(R, impact_market_gco2_per_kwh, K_DOUBLE), L(R, impact_wue_l_per_kwh, K_DOUBLE),
    L(R, impact_why, K_STR), END};
#undef R


struct section_out {
    const char *c_type;
    const struct layout *layout;
};

static const struct section_out section_outs[AW_SECTION_COUNT] = {
    [AW_SECTION_HARDWARE] = {"struct aw_hardware", hardware_layout},
    [AW_SECTION_SERVERS] = {"struct aw_server", server_layout},
    [AW_SECTION_MODELS] = {"struct aw_model", model_layout},
    [AW_SECTION_DATACENTERS] = {"struct aw_datacenter", datacenter_layout},
    [AW_SECTION_GRIDS] = {"struct aw_grid", grid_layout},
    [AW_SECTION_PROFILES] = {"struct aw__profile_record", profile_layout},
    [AW_SECTION_COMPARISONS] = {"struct aw_comparison", comparison_layout},
    [AW_SECTION_REFERENCES] = {"struct aw__reference_record", reference_layout},
    [AW_SECTION_TRAINING_RUNS] = {"struct aw__training_run_record", training_run_layout},
    [AW_SECTION_ENGINES] = {"struct aw_engine", engine_layout},
};

/* ---- Output ----------------------------------------------------------- */

/* A C string literal (or NULL). '?' is escaped against trigraphs. */
static void put_str(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("NULL", out);
        return;
    }
    fputc('"', out);
    int col = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '?')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
        /* Split long literals into lines (adjacent literals concatenate). */
        if (++col >= 100 && p[1] != '\0') {
            fputs("\"\n    \"", out);
            col = 0;
        }
    }
    fputc('"', out);
}

static void put_double(FILE *out, double v)
{
    if (isnan(v)) {
        fputs("NAN", out);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    /* A C literal that reads back as the same double. */
    fputs(buf, out);
    if (strpbrk(buf, ".eEn") == NULL)
        fputs(".0", out);
}

static const char *conf_name(enum aw_confidence c)
{
    return c == AW_ESTIMATE ? "AW_ESTIMATE" : "AW_CONFIRMED";
}

static void put_num(FILE *out, const struct aw_num *n)
{
    fputs("{", out);
    put_double(out, n->value);
    fputs(", ", out);
    put_double(out, n->low);
    fputs(", ", out);
    put_double(out, n->high);
    fprintf(out, ", %d, %s, ", n->set, conf_name(n->confidence));
    put_str(out, n->source);
    fputs(", ", out);
    put_str(out, n->distribution);
    fputs("}", out);
}

static void put_fields(FILE *out, const struct layout *layout, const char *rec, int indent);

static void put_field(FILE *out, const struct layout *f, const char *rec, int indent)
{
    const char *p = rec + f->offset;
    switch (f->kind) {
    case K_STR: {
        const char *s;
        memcpy(&s, p, sizeof s);
        put_str(out, s);
        break;
    }
    case K_INT: {
        int v;
        memcpy(&v, p, sizeof v);
        fprintf(out, "%d", v);
        break;
    }
    case K_SIZE: {
        size_t v;
        memcpy(&v, p, sizeof v);
        fprintf(out, "%zu", v);
        break;
    }
    case K_DOUBLE: {
        double v;
        memcpy(&v, p, sizeof v);
        put_double(out, v);
        break;
    }
    case K_DOUBLES:
        fputs("{", out);
        for (size_t i = 0; i < f->size / sizeof(double); i++) {
            double v;
            memcpy(&v, p + i * sizeof v, sizeof v);
            fputs(i ? ", " : "", out);
            put_double(out, v);
        }
        fputs("}", out);
        break;
    case K_CONF: {
        enum aw_confidence c;
        memcpy(&c, p, sizeof c);
        fputs(conf_name(c), out);
        break;
    }
    case K_PREC: {
        enum aw_precision v;
        memcpy(&v, p, sizeof v);
        fprintf(out, "(enum aw_precision)%d", (int)v);
        break;
    }
    case K_BOUNDARY: {
        enum aw_boundary v;
        memcpy(&v, p, sizeof v);
        fprintf(out, "(enum aw_boundary)%d", (int)v);
        break;
    }
    case K_NUM:
        put_num(out, (const struct aw_num *)(const void *)p);
        break;
    case K_NUM_PER_PREC:
        fputs("{", out);
        for (int i = 0; i < AW_PREC_COUNT; i++) {
            fputs(i ? ",\n            " : "\n            ", out);
            put_num(out, (const struct aw_num *)(const void *)p + i);
        }
        fputs("}", out);
        break;
    case K_STRUCT:
        put_fields(out, f->sub, p, indent);
        break;
    case K_ARRAY: {
        /* A compound literal at file scope: a static array of its own. */
        const char *items;
        size_t count;
        memcpy(&items, p, sizeof items);
        memcpy(&count, rec + f->count_offset, sizeof count);
        if (count == 0) {
            fputs("NULL", out);
            break;
        }
        fprintf(out, "(const %s[]){\n", f->sub_type);
        for (size_t i = 0; i < count; i++) {
            fprintf(out, "%*s", indent + 4, "");
            put_fields(out, f->sub, items + i * f->sub_size, indent + 4);
            fputs(",\n", out);
        }
        fprintf(out, "%*s}", indent, "");
        break;
    }
    }
}

/* A record's initialiser: {.member = value, ...}. */
static void put_fields(FILE *out, const struct layout *layout, const char *rec, int indent)
{
    fputs("{\n", out);
    for (const struct layout *f = layout; f->member != NULL; f++) {
        fprintf(out, "%*s.%s = ", indent + 4, "", f->member);
        put_field(out, f, rec, indent + 4);
        fputs(",\n", out);
    }
    fprintf(out, "%*s}", indent, "");
}

static void put_record(FILE *out, const struct layout *layout, const char *rec)
{
    fputs("    ", out);
    put_fields(out, layout, rec, 4);
    fputs(",\n", out);
}

/* ---- Checks ----------------------------------------------------------- */

/* Every byte the parser writes must belong to a described member. The
 * entry is parsed into a record filled with 0x00 and one filled with 0xff:
 * the bytes that differ afterwards are the ones it did not write. */
static int check_layout(enum aw_section sec, const struct aw__catalog_entry *e,
                        unsigned char *written)
{
    size_t size = aw__catalog_record_size(sec);
    unsigned char *a = malloc(size), *b = malloc(size);
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        return 0;
    }
    memset(a, 0x00, size);
    memset(b, 0xff, size);
    struct aw_diag diag;
    int ok = aw__catalog_parse_entry(sec, e->json, a, &diag) == AW_OK &&
             aw__catalog_parse_entry(sec, e->json, b, &diag) == AW_OK;
    for (size_t i = 0; ok && i < size; i++) {
        if (a[i] == b[i])
            written[i] = 1;
    }
    free(a);
    free(b);
    return ok;
}

static int layout_covers(enum aw_section sec, const unsigned char *written)
{
    size_t size = aw__catalog_record_size(sec);
    for (size_t i = 0; i < size; i++) {
        if (!written[i])
            continue;
        int covered = 0;
        for (const struct layout *f = section_outs[sec].layout; f->member != NULL; f++) {
            if (i >= f->offset && i < f->offset + f->size)
                covered = 1;
        }
        if (!covered) {
            fprintf(stderr,
                    "aiwatt-catalog-gen: %s: the parser writes byte %zu, which no row of "
                    "tools/catalog_gen.c's layout table describes: add the new member there\n",
                    section_outs[sec].c_type, i);
            return 0;
        }
    }
    return 1;
}

/* ---- Where a problem is ----------------------------------------------- */

static const char *find_key(const char *from, const char *key, const char *value)
{
    size_t klen = strlen(key);
    for (const char *p = from; (p = strchr(p, '"')) != NULL; p++) {
        if (strncmp(p + 1, key, klen) != 0 || p[1 + klen] != '"')
            continue;
        const char *q = p + 2 + klen;
        q += strspn(q, " \t\r\n");
        if (*q != ':')
            continue;
        if (value == NULL)
            return p;
        q++;
        q += strspn(q, " \t\r\n");
        size_t vlen = strlen(value);
        if (*q == '"' && strncmp(q + 1, value, vlen) == 0 && q[1 + vlen] == '"')
            return p;
    }
    return NULL;
}

/* The line of the failing entry's field (or the entry, or the section). */
static int error_line(const char *text, const struct aw__catalog_error_at *at)
{
    const char *pos = NULL;
    if (at->section >= 0) {
        pos = find_key(text, aw_section_name((enum aw_section)at->section), NULL);
        const char *entry = pos != NULL && at->id[0] ? find_key(pos, "id", at->id) : NULL;
        if (entry != NULL) {
            pos = entry;
            const char *field = strrchr(at->field, '.');
            field = field != NULL ? field + 1 : at->field;
            const char *f = field[0] ? find_key(entry, field, NULL) : NULL;
            /* Fields usually follow the id; a field before it is not looked for. */
            if (f != NULL)
                pos = f;
        }
    }
    if (pos == NULL)
        return 1;
    int line = 1;
    for (const char *p = text; p < pos; p++)
        line += *p == '\n';
    return line;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (buf == NULL || bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- Main ------------------------------------------------------------- */

static int write_tables(FILE *out, const aw_catalog *cat)
{
    fputs("/* Generated by tools/catalog_gen.c from data/NAME.json: do not edit. */\n"
          "#include <math.h>\n"
          "#include \"catalog/catalog_internal.h\"\n\n",
          out);
    for (int s = 0; s < AW_SECTION_COUNT; s++) {
        enum aw_section sec = (enum aw_section)s;
        const char *name = aw_section_name(sec);
        const struct aw__catalog_entry *entries;
        const struct aw__catalog_alias *aliases;
        size_t n = aw__catalog_entries(cat, sec, &entries);
        size_t na = aw__catalog_aliases(cat, sec, &aliases);
        size_t size = aw__catalog_record_size(sec);
        unsigned char *written = calloc(size, 1);
        if (written == NULL)
            return 0;
        for (size_t i = 0; i < n; i++) {
            if (!check_layout(sec, &entries[i], written)) {
                free(written);
                return 0;
            }
        }
        int covered = layout_covers(sec, written);
        free(written);
        if (!covered)
            return 0;
        if (n == 0)
            continue;
        fprintf(out, "static const %s %s_records[%zu] = {\n", section_outs[s].c_type, name, n);
        for (size_t i = 0; i < n; i++)
            put_record(out, section_outs[s].layout, entries[i].record);
        fputs("};\n\n", out);
        fprintf(out, "static const struct aw__catalog_entry %s_entries[%zu] = {\n", name, n);
        for (size_t i = 0; i < n; i++) {
            const struct aw__catalog_entry *e = &entries[i];
            char *json = json_dumps(e->json, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (json == NULL)
                return 0;
            fputs("    {", out);
            put_str(out, e->id);
            fputs(", ", out);
            put_str(out, e->name);
            fputs(",\n     ", out);
            put_str(out, e->source);
            fprintf(out, ",\n     %s, &%s_records[%zu],\n     ", conf_name(e->confidence), name,
                    i);
            put_str(out, json);
            fputs(", NULL},\n", out);
            free(json);
        }
        fputs("};\n\n", out);
        if (na > 0) {
            fprintf(out, "static const struct aw__catalog_alias %s_aliases[%zu] = {\n", name, na);
            for (size_t i = 0; i < na; i++) {
                fputs("    {", out);
                put_str(out, aliases[i].alias);
                fputs(", ", out);
                put_str(out, aliases[i].id);
                fputs("},\n", out);
            }
            fputs("};\n\n", out);
        }
    }
    fputs("const struct aw__catalog_base_section aw__catalog_base[AW_SECTION_COUNT] = {\n", out);
    for (int s = 0; s < AW_SECTION_COUNT; s++) {
        const char *name = aw_section_name((enum aw_section)s);
        const struct aw__catalog_entry *entries;
        const struct aw__catalog_alias *aliases;
        size_t n = aw__catalog_entries(cat, (enum aw_section)s, &entries);
        size_t na = aw__catalog_aliases(cat, (enum aw_section)s, &aliases);
        if (n == 0)
            continue;
        fprintf(out, "    [%d] = {%s_entries, %zu, ", s, name, n);
        if (na > 0)
            fprintf(out, "%s_aliases, %zu},\n", name, na);
        else
            fputs("NULL, 0},\n", out);
    }
    fputs("};\n", out);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: aiwatt-catalog-gen OUT.c DATA.json...\n");
        return 2;
    }
    aw_catalog *cat = NULL;
    if (aw_catalog_new(&cat) != AW_OK) {
        fprintf(stderr, "aiwatt-catalog-gen: out of memory\n");
        return 1;
    }
    int ok = 1;
    for (int i = 2; ok && i < argc; i++) {
        size_t len = 0;
        char *text = read_all(argv[i], &len);
        if (text == NULL) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            ok = 0;
            break;
        }
        struct aw_diag diag;
        struct aw__catalog_error_at at;
        aw_diag_clear(&diag);
        if (aw__catalog_merge_located(cat, text, len, argv[i], &at, &diag) != AW_OK) {
            /* A JSON syntax error already reads FILE:LINE:COLUMN. */
            size_t n = strlen(argv[i]);
            if (strncmp(diag.msg, argv[i], n) == 0 && diag.msg[n] == ':' &&
                diag.msg[n + 1] >= '0' && diag.msg[n + 1] <= '9')
                fprintf(stderr, "%s\n", diag.msg);
            else if (strncmp(diag.msg, argv[i], n) == 0 && diag.msg[n] == ':')
                fprintf(stderr, "%s:%d:%s\n", argv[i], error_line(text, &at), diag.msg + n + 1);
            else
                fprintf(stderr, "%s:%d: %s\n", argv[i], error_line(text, &at), diag.msg);
            if (diag.hint[0])
                fprintf(stderr, "  hint: %s\n", diag.hint);
            ok = 0;
        }
        free(text);
    }
    FILE *out = NULL;
    if (ok) {
        out = fopen(argv[1], "w");
        if (out == NULL) {
            fprintf(stderr, "%s: cannot write\n", argv[1]);
            ok = 0;
        }
    }
    if (ok && !write_tables(out, cat)) {
        fprintf(stderr, "aiwatt-catalog-gen: %s not written\n", argv[1]);
        ok = 0;
    }
    if (out != NULL && fclose(out) != 0)
        ok = 0;
    if (!ok && out != NULL)
        remove(argv[1]);
    aw_catalog_free(cat);
    return ok ? 0 : 1;
}
