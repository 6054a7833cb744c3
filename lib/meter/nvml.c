/*
 * nvml.c - NVIDIA GPUs through NVML, loaded at run time with dlopen.
 *
 * No NVIDIA header or library is needed to build: the few types and
 * functions used are declared here from the NVML API documentation. The
 * library is libnvidia-ml.so.1 (what the driver and the container toolkit
 * install; the unversioned name exists only with development packages) or
 * the path the caller gives. Versioned symbols (_v2) are tried first.
 *
 * Energy comes from nvmlDeviceGetTotalEnergyConsumption (mJ since the driver
 * loaded, Volta and later): a counter misses nothing between reads. Older
 * GPUs (and MIG instances) lack it; their power (nvmlDeviceGetPowerUsage,
 * instantaneous on those generations) is integrated instead. Either way NVML
 * refreshes about every 100 ms and, on A100/H100, averages only 25 ms of
 * each 100: runs of a few seconds or less are unreliable (the CLI warns).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "meter/meter_internal.h"

/* ---- Our declarations of the NVML ABI ----------------------------------- */

typedef int nvml_return;                          /* nvmlReturn_t (an enum) */
typedef struct nvml_device_opaque *nvml_device;   /* nvmlDevice_t */

#define NVML_SUCCESS 0
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NO_PERMISSION 4
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_DEVICE_NAME_BUFFER_SIZE 96 /* NVML_DEVICE_NAME_V2_BUFFER_SIZE */

struct nvml {
    void *lib;
    int initialised;
    const char *init_symbol;
    nvml_return (*init)(void);
    nvml_return (*shutdown)(void);
    const char *(*error_string)(nvml_return);
    nvml_return (*device_count)(unsigned *);
    nvml_return (*device_handle)(unsigned, nvml_device *);
    nvml_return (*device_name)(nvml_device, char *, unsigned);
    nvml_return (*total_energy_mj)(nvml_device, unsigned long long *);
    nvml_return (*power_mw)(nvml_device, unsigned *);
    nvml_return (*power_limit_mw)(nvml_device, unsigned *);
};

static const char *const default_libraries[] = {"libnvidia-ml.so.1", "libnvidia-ml.so"};

/* Finds the first of `names` (NULL-terminated) in the library and stores it
 * in *slot, a function pointer of any type. Returns the name found, or NULL. */
static const char *load_symbol(void *lib, const char *const *names, void *slot)
{
    for (; *names != NULL; names++) {
        void *p = dlsym(lib, *names);
        if (p != NULL) {
            /* POSIX guarantees that data and function pointers convert;
             * memcpy says so without a cast that ISO C frowns upon. */
            memcpy(slot, &p, sizeof p);
            return *names;
        }
    }
    return NULL;
}

static const char *nvml_error(const struct nvml *api, nvml_return rc)
{
    const char *s = api->error_string ? api->error_string(rc) : NULL;
    return s != NULL ? s : "unknown NVML error";
}

static aw_status status_of(nvml_return rc)
{
    switch (rc) {
    case NVML_SUCCESS:
        return AW_OK;
    case NVML_ERROR_NOT_SUPPORTED:
        return AW_E_UNSUPPORTED;
    case NVML_ERROR_NO_PERMISSION:
        return AW_E_PERM;
    case NVML_ERROR_DRIVER_NOT_LOADED:
        return AW_E_ABSENT;
    default:
        return AW_E_IO;
    }
}

static void *open_library(const aw_meter *m, struct aw_diag *diag, aw_status *st)
{
    if (m->nvml_library != NULL) {
        void *lib = dlopen(m->nvml_library, RTLD_NOW | RTLD_LOCAL);
        if (lib == NULL) {
            const char *why = dlerror();
            *st = aw__fail(diag, AW_E_NOT_FOUND, "cannot load NVML: %s",
                           why ? why : m->nvml_library);
            aw__hint(diag, "check the path in AIWATT_NVML_LIBRARY");
        }
        return lib;
    }
    for (size_t i = 0; i < sizeof default_libraries / sizeof default_libraries[0]; i++) {
        void *lib = dlopen(default_libraries[i], RTLD_NOW | RTLD_LOCAL);
        if (lib != NULL)
            return lib;
    }
    *st = aw__fail(diag, AW_E_ABSENT, "no NVIDIA driver library (%s)", default_libraries[0]);
    aw__hint(diag, "install the NVIDIA driver, or set AIWATT_NVML_LIBRARY to its path");
    return NULL;
}

static aw_status load_api(struct nvml *api, struct aw_diag *diag)
{
    static const char *const init[] = {"nvmlInit_v2", "nvmlInit", NULL};
    static const char *const shutdown[] = {"nvmlShutdown", NULL};
    static const char *const error_string[] = {"nvmlErrorString", NULL};
    static const char *const count[] = {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount", NULL};
    static const char *const handle[] = {"nvmlDeviceGetHandleByIndex_v2",
                                         "nvmlDeviceGetHandleByIndex", NULL};
    static const char *const name[] = {"nvmlDeviceGetName", NULL};
    static const char *const energy[] = {"nvmlDeviceGetTotalEnergyConsumption", NULL};
    static const char *const power[] = {"nvmlDeviceGetPowerUsage", NULL};
    static const char *const limit[] = {"nvmlDeviceGetEnforcedPowerLimit", NULL};

    api->init_symbol = load_symbol(api->lib, init, &api->init);
    const char *missing = api->init_symbol == NULL ? init[0]
                        : !load_symbol(api->lib, shutdown, &api->shutdown) ? shutdown[0]
                        : !load_symbol(api->lib, count, &api->device_count) ? count[0]
                        : !load_symbol(api->lib, handle, &api->device_handle) ? handle[0]
                        : NULL;
    if (missing != NULL) {
        aw__hint(diag, "the NVIDIA driver is too old or the library is not NVML");
        return aw__fail(diag, AW_E_UNSUPPORTED, "the NVML library lacks %s", missing);
    }
    /* Optional: without them a device is named by index, or read by power. */
    (void)load_symbol(api->lib, error_string, &api->error_string);
    (void)load_symbol(api->lib, name, &api->device_name);
    (void)load_symbol(api->lib, energy, &api->total_energy_mj);
    (void)load_symbol(api->lib, power, &api->power_mw);
    (void)load_symbol(api->lib, limit, &api->power_limit_mw);
    return AW_OK;
}

static aw_status nvml_probe(aw_meter *m, struct aw__source *src, struct aw_diag *diag)
{
    aw_status st = AW_OK;
    struct nvml *api = calloc(1, sizeof *api);
    if (api == NULL)
        return aw__fail(diag, AW_E_NOMEM, "out of memory loading NVML");
    src->state = api;
    api->lib = open_library(m, diag, &st);
    if (api->lib == NULL)
        return st;
    return load_api(api, diag);
}

static void set_up_device(struct nvml *api, struct aw__domain *d, unsigned i, double interval_s)
{
    nvml_device dev = NULL;
    d->index = i;
    snprintf(d->path, sizeof d->path, "nvml:%u", i);
    snprintf(d->name, sizeof d->name, "gpu%u", i);
    d->info.scope = AW_SCOPE_GPU;
    nvml_return rc = api->device_handle(i, &dev);
    if (rc != NVML_SUCCESS) {
        d->info.status = aw__fail(&d->info.diag, status_of(rc),
                                  "nvmlDeviceGetHandleByIndex(%u) failed: %s", i,
                                  nvml_error(api, rc));
        return;
    }
    d->handle = dev;
    if (api->device_name != NULL &&
        api->device_name(dev, d->device, sizeof d->device) == NVML_SUCCESS)
        snprintf(d->name, sizeof d->name, "gpu%u (%s)", i, d->device);
    unsigned limit_mw = 0;
    if (api->power_limit_mw != NULL && api->power_limit_mw(dev, &limit_mw) == NVML_SUCCESS)
        d->info.max_power_w = limit_mw / 1000.0;

    unsigned long long mj = 0;
    rc = api->total_energy_mj ? api->total_energy_mj(dev, &mj) : NVML_ERROR_NOT_SUPPORTED;
    if (rc == NVML_SUCCESS) {
        /* The counter never wraps, but it is read at the meter's interval
         * anyway: NVML refreshes about every 100 ms, and counting the
         * refreshes a run saw tells whether the run was long enough. */
        d->info.kind = AW_METER_COUNTER;
        d->info.period_s = interval_s;
        aw__copy(d->measures, sizeof d->measures, "GPU board energy (NVML energy counter)");
        return;
    }
    d->info.kind = AW_METER_GAUGE;
    aw__copy(d->measures, sizeof d->measures, "GPU board power (NVML power, integrated)");
    snprintf(d->note, sizeof d->note,
             "no energy counter (before Volta, or MIG): power integrated every %.0f ms",
             interval_s * 1000);
}

static aw_status nvml_open(aw_meter *m, struct aw__source *src, struct aw_diag *diag)
{
    struct nvml *api = src->state;
    nvml_return rc = api->init();
    if (rc != NVML_SUCCESS) {
        aw__hint(diag, "check that 'nvidia-smi' works for this user");
        return aw__fail(diag, status_of(rc), "%s failed: %s", api->init_symbol,
                        nvml_error(api, rc));
    }
    api->initialised = 1;
    unsigned count = 0;
    rc = api->device_count(&count);
    if (rc != NVML_SUCCESS)
        return aw__fail(diag, status_of(rc), "nvmlDeviceGetCount failed: %s", nvml_error(api, rc));
    if (count == 0)
        return aw__fail(diag, AW_E_ABSENT, "NVML sees no GPU");
    for (unsigned i = 0; i < count; i++) {
        struct aw__domain *d = aw__meter_add_domain(m, src);
        if (d == NULL)
            break;
        set_up_device(api, d, i, m->interval_s);
    }
    return AW_OK;
}

static aw_status nvml_read(struct aw__source *src, struct aw__domain *d,
                           struct aw__sample *out, struct aw_diag *diag)
{
    struct nvml *api = src->state;
    nvml_return rc;
    if (d->info.kind == AW_METER_COUNTER) {
        unsigned long long mj = 0;
        rc = api->total_energy_mj(d->handle, &mj);
        if (rc == NVML_SUCCESS && mj > UINT64_MAX / 1000)
            return aw__fail(diag, AW_E_RANGE, "nvmlDeviceGetTotalEnergyConsumption on %s gave "
                            "%llu mJ, beyond any real counter", d->name, mj);
        if (rc == NVML_SUCCESS) {
            out->valid = AW__SAMPLE_ENERGY;
            out->energy_uj = (uint64_t)mj * 1000;
            return AW_OK;
        }
        return aw__fail(diag, status_of(rc), "nvmlDeviceGetTotalEnergyConsumption failed on %s: %s",
                        d->name, nvml_error(api, rc));
    }
    unsigned mw = 0;
    rc = api->power_mw ? api->power_mw(d->handle, &mw) : NVML_ERROR_NOT_SUPPORTED;
    if (rc == NVML_SUCCESS) {
        out->valid = AW__SAMPLE_POWER;
        out->power_uw = (uint64_t)mw * 1000;
        return AW_OK;
    }
    return aw__fail(diag, status_of(rc), "nvmlDeviceGetPowerUsage failed on %s: %s", d->name,
                    nvml_error(api, rc));
}

static void nvml_close(struct aw__source *src)
{
    struct nvml *api = src->state;
    if (api == NULL)
        return;
    if (api->initialised)
        api->shutdown();
    if (api->lib != NULL)
        dlclose(api->lib);
    free(api);
    src->state = NULL;
}

const struct aw__source_ops aw__nvml_ops = {
    .name = "nvml", .mask = AW_METER_NVML, .perm_hint = NULL,
    .probe = nvml_probe, .open = nvml_open, .read = nvml_read, .close = nvml_close,
};

/* ---- Catalog ids of NVML device names ----------------------------------- */

/* A name matches when it has the chip token and, if given, a token that
 * starts with the variant (case-insensitive). More specific rows first. */
static const struct {
    const char *chip, *variant, *id;
} gpu_ids[] = {
    {"GH200", NULL, "gh200"},
    {"GB200", NULL, "gb200"},
    {"B200", NULL, "b200"},
    {"B100", NULL, "b100"},
    {"H200", NULL, "h200"},
    {"H100", "PCIe", "h100-pcie"},
    {"H100", "NVL", "h100-nvl"},
    {"H100", NULL, "h100-sxm"},
    {"H800", NULL, "h800"},
    {"A100", "80GB", "a100-80gb"},
    {"A100", NULL, "a100-40gb"},
    {"L40S", NULL, "l40s"},
    {"L40", NULL, "l40"},
    {"L4", NULL, "l4"},
    {"A10G", NULL, "a10g"},
    {"A10", NULL, "a10"},
    {"V100", NULL, "v100"},
    {"T4", NULL, "t4"},
    {"4090", NULL, "rtx-4090"},
};

static int has_token(const char *name, const char *token, int prefix_only)
{
    size_t lt = strlen(token);
    const char *p = name;
    while (*p) {
        while (*p == ' ' || *p == '-' || *p == '_')
            p++;
        size_t len = strcspn(p, " -_");
        if (len >= lt && (prefix_only || len == lt)) {
            char word[64];
            if (lt < sizeof word) {
                memcpy(word, p, lt);
                word[lt] = '\0';
                if (aw__strcaseeq(word, token))
                    return 1;
            }
        }
        p += len;
    }
    return 0;
}

const char *aw_meter_gpu_hardware_id(const char *device_name)
{
    if (device_name == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof gpu_ids / sizeof gpu_ids[0]; i++) {
        if (has_token(device_name, gpu_ids[i].chip, 0) &&
            (gpu_ids[i].variant == NULL || has_token(device_name, gpu_ids[i].variant, 1)))
            return gpu_ids[i].id;
    }
    return NULL;
}
