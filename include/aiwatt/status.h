/*
 * status.h - one status enum for the whole library, and a caller-owned
 * diagnostic buffer for the details (which file, which field, what to do).
 */
#ifndef AIWATT_STATUS_H
#define AIWATT_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define AW_NODISCARD __attribute__((warn_unused_result))
#else
#define AW_NODISCARD
#endif

/* X-macro table: the enum and aw_strerror() are generated from it, so code
 * and message cannot drift apart. Append only; values never change. */
#define AW_STATUS_MAP(XX)                                                     \
    XX(OK, "success")                                                         \
    XX(E_NOMEM, "out of memory")                                              \
    XX(E_INVALID, "invalid argument")                                         \
    XX(E_NOT_FOUND, "no such entry")                                          \
    XX(E_PARSE, "malformed input")                                            \
    XX(E_IO, "input/output error")                                            \
    XX(E_RANGE, "value out of range")                                         \
    XX(E_NOFIT, "does not fit in accelerator memory")                         \
    XX(E_ABSENT, "not present on this machine")                               \
    XX(E_PERM, "permission denied")                                           \
    XX(E_UNSUPPORTED, "not supported")                                        \
    XX(E_AMBIGUOUS, "ambiguous")

typedef enum aw_status {
#define AW_STATUS_GEN(name, msg) AW_##name,
    AW_STATUS_MAP(AW_STATUS_GEN)
#undef AW_STATUS_GEN
    AW_STATUS_COUNT
} aw_status;

/* A short, static, lowercase description of a status. Never NULL. */
const char *aw_strerror(aw_status status);

/* Details of a failure, filled by functions that take one. The caller owns
 * it; every function accepts NULL. `msg` names the problem (which file, entry,
 * field or value); `hint` says how to fix it (may be empty). */
#define AW_DIAG_SIZE 320
struct aw_diag {
    char msg[AW_DIAG_SIZE];
    char hint[AW_DIAG_SIZE];
};

/* Clears a diagnostic buffer. Accepts NULL. */
void aw_diag_clear(struct aw_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_STATUS_H */
