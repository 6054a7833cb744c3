/*
 * method_check.c - method parameters given to a method that does not use
 * them (method_check.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "method_check.h"

#define METHOD_BIT(m) (1u << (m))

/* Which methods read each parameter (lib/estimate/method_*.c). */
static const struct {
    const char *option;
    size_t offset;
    unsigned methods;
} params[] = {
    {"--utilisation", offsetof(struct aw_method_params, flop_utilisation),
     METHOD_BIT(AW_METHOD_FLOPS)},
    {"--prefill-utilisation", offsetof(struct aw_method_params, prefill_utilisation),
     METHOD_BIT(AW_METHOD_FLOPS)},
    {"--power-w", offsetof(struct aw_method_params, power_w_per_gpu),
     METHOD_BIT(AW_METHOD_FLOPS)},
    {"--load-factor", offsetof(struct aw_method_params, load_factor),
     METHOD_BIT(AW_METHOD_FLOPS) | METHOD_BIT(AW_METHOD_NAMEPLATE)},
    {"--servers", offsetof(struct aw_method_params, servers), METHOD_BIT(AW_METHOD_NAMEPLATE)},
    {"--server-power-w", offsetof(struct aw_method_params, server_power_w),
     METHOD_BIT(AW_METHOD_NAMEPLATE)},
    {"--hours", offsetof(struct aw_method_params, hours), METHOD_BIT(AW_METHOD_NAMEPLATE)},
    {"--requests", offsetof(struct aw_method_params, requests), METHOD_BIT(AW_METHOD_NAMEPLATE)},
    {"--latency", offsetof(struct aw_method_params, latency_s), METHOD_BIT(AW_METHOD_ECOLOGITS)},
    {"--params-range", offsetof(struct aw_method_params, params_total_min),
     METHOD_BIT(AW_METHOD_ECOLOGITS)},
    {"--active-params-range", offsetof(struct aw_method_params, params_active_min),
     METHOD_BIT(AW_METHOD_ECOLOGITS)},
};

/* The check for a set of methods (bits): "this estimate uses --method X"
 * for one, "--methods X,Y" for several. */
static int check_methods(const char *cmd, unsigned used, const char *used_text,
                         const struct aw_method_params *mp)
{
    if (mp == NULL)
        return 0;
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        double v = *(const double *)((const char *)mp + params[i].offset);
        if (v == -1 || (params[i].methods & used))
            continue;
        /* The first method that takes it: the one the user most likely meant. */
        const char *owner = "flops";
        for (int m = AW_METHOD_ROOFLINE; m <= AW_METHOD_ECOLOGITS; m++) {
            if (params[i].methods & METHOD_BIT(m)) {
                owner = aw_method_name((enum aw_method)m);
                break;
            }
        }
        aw_tool_error("%s is an option of --method %s; %s, which would ignore it",
                      params[i].option, owner, used_text);
        if (strcmp(cmd, "compare") == 0)
            aw_tool_hint("add %s to --methods, or leave %s out (see 'aiwatt help %s')", owner,
                         params[i].option, cmd);
        else
            aw_tool_hint("add --method %s, or leave %s out (see 'aiwatt help %s')", owner,
                         params[i].option, cmd);
        return -1;
    }
    return 0;
}

int aw_tool_method_params_check(const char *cmd, enum aw_method method,
                                const struct aw_method_params *mp)
{
    char text[96];
    snprintf(text, sizeof text, "this estimate uses --method %s", aw_method_name(method));
    return check_methods(cmd, METHOD_BIT(method), text, mp);
}

int aw_tool_method_params_check_any(const char *cmd, const enum aw_method *methods, int n,
                                    const struct aw_method_params *mp)
{
    char text[160] = "--methods is ";
    unsigned used = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s%s", i ? "," : "", aw_method_name(methods[i]));
        used |= METHOD_BIT(methods[i]);
    }
    return check_methods(cmd, used, text, mp);
}
