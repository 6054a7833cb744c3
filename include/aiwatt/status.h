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
/* Marks the public API: the shared library is built with every other symbol
 * hidden, so it exports exactly the functions declared AW_API. */
#define AW_API __attribute__((visibility("default")))
#else
#define AW_NODISCARD
#define AW_API
#endif

/* X-macro table: name, value, message. The enum and aw_strerror() are
 * generated from it, so code and message cannot drift apart.
 * The values are stable: bindings and other languages may hard-code them
 * (AW_OK is 0, AW_E_NOMEM 1, ... AW_E_AMBIGUOUS 11). Append only, with the
 * next value; never renumber or reuse one. */
#define AW_STATUS_MAP(XX)                                                     \
    XX(OK, 0, "success")                                                      \
    XX(E_NOMEM, 1, "out of memory")                                           \
    XX(E_INVALID, 2, "invalid argument")                                      \
    XX(E_NOT_FOUND, 3, "no such entry")                                       \
    XX(E_PARSE, 4, "malformed input")                                         \
    XX(E_IO, 5, "input/output error")                                         \
    XX(E_RANGE, 6, "value out of range")                                      \
    XX(E_NOFIT, 7, "does not fit in accelerator memory")                      \
    XX(E_ABSENT, 8, "not present on this machine")                            \
    XX(E_PERM, 9, "permission denied")                                        \
    XX(E_UNSUPPORTED, 10, "not supported")                                    \
    XX(E_AMBIGUOUS, 11, "ambiguous")

typedef enum aw_status {
#define AW_STATUS_GEN(name, value, msg) AW_##name = value,
    AW_STATUS_MAP(AW_STATUS_GEN)
#undef AW_STATUS_GEN
    AW_STATUS_COUNT /* one past the last value; grows when codes are added */
} aw_status;

/* A short, static, lowercase description of a status. Never NULL. */
AW_API const char *aw_strerror(aw_status status);

/* Details of a failure, filled by functions that take one. The caller owns
 * it; every function accepts NULL. `msg` names the problem (which file, entry,
 * field or value); `hint` says how to fix it (may be empty). */
#define AW_DIAG_SIZE 320
struct aw_diag {
    char msg[AW_DIAG_SIZE];
    char hint[AW_DIAG_SIZE];
};

/* Clears a diagnostic buffer. Accepts NULL. */
AW_API void aw_diag_clear(struct aw_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_STATUS_H */
