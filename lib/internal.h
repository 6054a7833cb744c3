/*
 * internal.h - declarations shared inside lib/ only (prefix aw__).
 */
#ifndef AIWATT_INTERNAL_H
#define AIWATT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include "aiwatt.h"
#include "aiwatt/json.h"

/* Writes a formatted message into diag->msg (or diag->hint). Accept NULL
 * diag. Always return `status` so a failure reads `return aw__fail(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
aw_status aw__fail(struct aw_diag *diag, aw_status status, const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void aw__hint(struct aw_diag *diag, const char *fmt, ...);

/* The diagnostic an entry point writes to: `diag`, or `local` when the caller
 * passed NULL (the callees read the message back, so it is built either
 * way), cleared. */
struct aw_diag *aw__diag_begin(struct aw_diag *diag, struct aw_diag *local);

/* The hint for an unknown id: "did you mean 'NEAR'? (LISTER)" when the
 * catalog knows a near one (aw_catalog_suggest), else `otherwise`. */
void aw__hint_nearest(struct aw_diag *diag, const char *near, const char *lister,
                      const char *otherwise);

/* Returns the status of `expr` from the calling function unless it is
 * AW_OK (readers that check field after field). */
#define TRY(expr)                   \
    do {                            \
        aw_status try_st_ = (expr); \
        if (try_st_ != AW_OK)       \
            return try_st_;         \
    } while (0)

/* Wh per unit of an energy unit ("Wh", "kWh", "MWh", "GWh", "TWh", "J",
 * "kJ", "MJ", and per-period forms such as "MWh/day", "kWh/yr": energies
 * over that period); 0 for any other unit. Read from the one unit table
 * (aiwatt/units.h, lib/catalog/units.c). */
double aw__energy_unit_wh(const char *unit);

/* The "unset" rule (aiwatt/estimate.h) of structs made only of doubles
 * (assumptions, method parameters): every member AW_UNSET. */
void aw__doubles_unset(void *doubles, size_t size);

/* Case-insensitive ASCII comparison. */
int aw__strcaseeq(const char *a, const char *b);

/* The name tables of the enums (tasks, methods, boundaries, distributions):
 * names[value], or "unknown" out of range; and the value of a name (ASCII
 * case-insensitive), or -1 when it is NULL or not in the table. */
#define AW__COUNT(array) (sizeof(array) / sizeof((array)[0]))
const char *aw__name_of(const char *const *names, size_t count, int value);
int aw__name_index(const char *const *names, size_t count, const char *name);

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0: overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
size_t aw__utf8_sequence(const unsigned char *s);

/* Edit distance (Levenshtein, case-insensitive), capped at `cap`. A
 * "did you mean" runs it once per catalog id, and in a fuzz build its
 * comparisons, each traced for coverage, were half or more of an execution
 * of fuzz_request and fuzz_usage; it is a pure function with unit tests
 * (test_util.c), so it is left out of the coverage tracing (AddressSanitizer
 * still checks it). */
#if defined(__clang__) /* the fuzz build's compiler; GCC spells it otherwise */
#define AW__NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define AW__NO_COVERAGE
#endif
AW__NO_COVERAGE size_t aw__edit_distance(const char *a, const char *b, size_t cap);

/* The Monte Carlo draws of a bare "uncertainty" (no count) and of the
 * report. A fuzzing build (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, the
 * libFuzzer convention for a build that trades fidelity for executions, set
 * by -DAIWATT_FUZZ=ON) draws 16: the draw loop is the same at any count, and
 * a draw under the sanitizers and coverage costs ~50 us, as long as a whole
 * input of most targets (10,000 draws made fuzz_api run 456 inputs/s on its
 * campaign corpus; at 64, fuzz_cli still spent 90 % of a campaign in them). */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define AW__DEFAULT_DRAWS 16
#define AW__REPORT_DRAWS 16
#else
#define AW__DEFAULT_DRAWS AW_UNCERTAINTY_DEFAULT_SAMPLES
#define AW__REPORT_DRAWS AW_REPORT_SAMPLES
#endif

/* The largest parameter count of a model, in a request and in a catalog
 * (1,000T, ~1,000x the largest model built). Above it the derived
 * architecture's integers (lib/estimate/roofline.c) no longer fit. */
#define AW__MAX_PARAMS 1e15

/* The smallest power of two >= n (n >= 1). */
long aw__next_pow2(long n);

/* Largest accelerator count a placement chooses: 2^20, about five times the
 * largest announced clusters (~200,000 GPUs). A computed need above it means
 * a size out of any real range; the check also keeps the double -> integer
 * conversion defined. */
#define AW_GPUS_MAX 1048576L

/* The smallest power of two >= need (a GPU count computed as a double), or 0
 * when need is not a finite number <= AW_GPUS_MAX (NaN, inf, 1e300). */
int aw__gpus_pow2(double need);

/* Reads a whole file into a malloc'd, NUL-terminated buffer, at most
 * max_bytes. AW_E_IO / AW_E_PERM / AW_E_NOT_FOUND / AW_E_RANGE on failure. */
aw_status aw__read_file(const char *path, size_t max_bytes, char **out,
                        size_t *len, struct aw_diag *diag);

#endif /* AIWATT_INTERNAL_H */
