/*
 * method_check.h - options that only matter to another --method are
 * refused, with the hint to add it, rather than silently ignored.
 */
#ifndef AIWATT_TOOL_METHOD_CHECK_H
#define AIWATT_TOOL_METHOD_CHECK_H

#include "aiwatt.h"

/* 0 when every method parameter set in `mp` (not -1) is one that `method`
 * uses; else -1 after a usage error for command `cmd` naming the option and
 * the method it belongs to. `mp` may be NULL. */
int aw_tool_method_params_check(const char *cmd, enum aw_method method,
                                const struct aw_method_params *mp);

/* The same for a command that runs several methods (compare): refused when
 * none of the `n` methods uses it, with the hint to add it to --methods. */
int aw_tool_method_params_check_any(const char *cmd, const enum aw_method *methods, int n,
                                    const struct aw_method_params *mp);

#endif
