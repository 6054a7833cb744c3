/*
 * whatif.h - the levers that cut energy: one request or training run, some
 * of its inputs varied, every combination estimated with the same model.
 *
 * A lever is a key and one or more values ("batch=1,8,64,256"). A lever
 * with one value sets the base (the CLI turns `--model X` into "model=X");
 * levers with several values span the table: every combination, the first
 * lever varying slowest. The first row (every lever at its first value) is
 * the reference of the ratios. The effects come from the estimators
 * themselves (docs/methodology.md, "Levers"): nothing is special-cased.
 */
#ifndef AIWATT_WHATIF_H
#define AIWATT_WHATIF_H

#include <stddef.h>
#include "aiwatt/catalog.h"
#include "aiwatt/estimate.h"
#include "aiwatt/status.h"
#include "aiwatt/train.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AW_WHATIF_MAX_LEVERS 24
#define AW_WHATIF_MAX_VALUES 16
#define AW_WHATIF_MAX_ROWS 256
#define AW_WHATIF_KEY_LEN 24
#define AW_WHATIF_VALUE_LEN 64

enum aw_whatif_kind { AW_WHATIF_REQUEST = 0, AW_WHATIF_TRAIN };

struct aw_whatif_lever {
    char key[AW_WHATIF_KEY_LEN];
    size_t n; /* values */
    char values[AW_WHATIF_MAX_VALUES][AW_WHATIF_VALUE_LEN];
};

struct aw_whatif_spec {
    enum aw_whatif_kind kind;
    size_t n_levers;
    struct aw_whatif_lever levers[AW_WHATIF_MAX_LEVERS];
};

/* An empty spec of a kind. */
AW_API void aw_whatif_spec_init(struct aw_whatif_spec *spec, enum aw_whatif_kind kind);

/* Adds the lever "KEY=V1,V2,..." (values checked for form: numbers,
 * precisions, tasks; catalog ids are checked when run). AW_E_INVALID with
 * diag naming the key or value: an unknown key for the kind, a malformed
 * value, a key given twice, too many values or rows. */
AW_API AW_NODISCARD aw_status aw_whatif_add(struct aw_whatif_spec *spec, const char *arg,
                                            struct aw_diag *diag);

/* 1 when `key` is a lever of `kind`. */
AW_API int aw_whatif_key_known(enum aw_whatif_kind kind, const char *key);

/* The keys of a kind, comma-separated (static), for messages and help. */
AW_API const char *aw_whatif_keys(enum aw_whatif_kind kind);

struct aw_whatif_row {
    size_t value[AW_WHATIF_MAX_LEVERS]; /* index of each lever's value */
    aw_status status;                   /* AW_OK, or why this combination failed */
    char error[AW_DIAG_SIZE];
    struct aw_ladder wh;
    double co2_g;
    double water_ml;
    double ratio;                       /* facility / the first row's facility */
    double co2_ratio;                   /* carbon / the first row's carbon */
    char detail[128];                   /* what the estimator chose (GPUs, batch, ...) */
};

/* One lever set to one of its other values, everything else as in the
 * first row. */
struct aw_whatif_cut {
    size_t lever;
    size_t value;
    size_t row;
    double ratio;
    double co2_ratio;
};

struct aw_whatif_result {
    struct aw_whatif_spec spec;
    size_t n_rows;
    struct aw_whatif_row rows[AW_WHATIF_MAX_ROWS];
    size_t n_cuts;                      /* largest cut first */
    struct aw_whatif_cut cuts[AW_WHATIF_MAX_LEVERS * AW_WHATIF_MAX_VALUES];
    size_t best_row;                    /* the lowest facility energy */
};

/* Estimates every combination. The result is large: allocate it on the
 * heap. Fails (nothing usable) when the first row fails or a catalog id is
 * unknown (AW_E_NOT_FOUND, with the nearest id); other failures are kept
 * per row. */
AW_API AW_NODISCARD aw_status aw_whatif_run(const aw_catalog *cat, const struct aw_whatif_spec *spec,
                                            struct aw_whatif_result *out, struct aw_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_WHATIF_H */
