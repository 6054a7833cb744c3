/*
 * fake_nvml.c - a stand-in for libnvidia-ml.so.1, built as a shared object
 * and loaded by the meter through AIWATT_NVML_LIBRARY (or the library path
 * option) in tests. It exports the handful of NVML functions the meter
 * uses, with the documented signatures, and an energy counter that advances
 * at a known power from the moment nvmlInit_v2 is called.
 *
 * Behaviour, read at every nvmlInit_v2 (test code: getenv is fine here):
 *   FAKE_NVML_GPUS         number of GPUs (default 1)
 *   FAKE_NVML_NAME         device name (default "NVIDIA H100 80GB HBM3")
 *   FAKE_NVML_POWER_W      power of GPU 0 in W (default 300); GPU i draws
 *                          (i + 1) times as much
 *   FAKE_NVML_MODE         energy (default): counter and power;
 *                          power: no energy counter (a pre-Volta GPU);
 *                          init-fail: nvmlInit_v2 fails (unknown error);
 *                          no-driver: nvmlInit_v2 says the driver is not loaded;
 *                          energy-fail: energy reads fail after
 *                          FAKE_NVML_FAIL_AFTER successful calls (default 2)
 * The unversioned nvmlInit and nvmlDeviceGetCount fail on purpose: the
 * meter must prefer the _v2 symbols.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_UNKNOWN 999

/* The exported API (declared, so that -Wmissing-prototypes stays quiet). */
nvmlReturn_t nvmlInit_v2(void);
nvmlReturn_t nvmlInit(void);
nvmlReturn_t nvmlShutdown(void);
const char *nvmlErrorString(nvmlReturn_t result);
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count);
nvmlReturn_t nvmlDeviceGetCount(unsigned int *count);
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device);
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length);
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy);
nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power);
nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit);

#define START_MJ 123456789ULL

static struct {
    int initialised;
    unsigned gpus;
    char name[96];
    double power_w;
    char mode[32];
    long fail_after;
    long energy_calls;
    double t0_s;
} fake;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : fallback;
}

/* Index of a handle, or -1 when it is not one of ours. */
static long device_index(nvmlDevice_t device)
{
    uintptr_t i = (uintptr_t)device;
    return i >= 1 && i <= fake.gpus ? (long)i - 1 : -1;
}

nvmlReturn_t nvmlInit_v2(void)
{
    snprintf(fake.mode, sizeof fake.mode, "%s", env_or("FAKE_NVML_MODE", "energy"));
    if (strcmp(fake.mode, "init-fail") == 0)
        return NVML_ERROR_UNKNOWN;
    if (strcmp(fake.mode, "no-driver") == 0)
        return NVML_ERROR_DRIVER_NOT_LOADED;
    fake.gpus = (unsigned)atoi(env_or("FAKE_NVML_GPUS", "1"));
    snprintf(fake.name, sizeof fake.name, "%s", env_or("FAKE_NVML_NAME", "NVIDIA H100 80GB HBM3"));
    fake.power_w = atof(env_or("FAKE_NVML_POWER_W", "300"));
    fake.fail_after = atol(env_or("FAKE_NVML_FAIL_AFTER", "2"));
    fake.energy_calls = 0;
    fake.t0_s = now_s();
    fake.initialised = 1;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlInit(void) { return NVML_ERROR_UNKNOWN; }

nvmlReturn_t nvmlShutdown(void)
{
    if (!fake.initialised)
        return NVML_ERROR_UNINITIALIZED;
    fake.initialised = 0;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result)
{
    switch (result) {
    case NVML_SUCCESS:
        return "Success";
    case NVML_ERROR_UNINITIALIZED:
        return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT:
        return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED:
        return "Not Supported";
    case NVML_ERROR_DRIVER_NOT_LOADED:
        return "Driver Not Loaded";
    case NVML_ERROR_GPU_IS_LOST:
        return "GPU is lost";
    default:
        return "Unknown Error";
    }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count)
{
    if (!fake.initialised)
        return NVML_ERROR_UNINITIALIZED;
    *count = fake.gpus;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount(unsigned int *count)
{
    (void)count;
    return NVML_ERROR_UNKNOWN;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)
{
    if (!fake.initialised)
        return NVML_ERROR_UNINITIALIZED;
    if (index >= fake.gpus)
        return NVML_ERROR_INVALID_ARGUMENT;
    *device = (nvmlDevice_t)(uintptr_t)(index + 1);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)
{
    if (device_index(device) < 0 || length == 0)
        return NVML_ERROR_INVALID_ARGUMENT;
    snprintf(name, length, "%s", fake.name);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy)
{
    long i = device_index(device);
    if (i < 0)
        return NVML_ERROR_INVALID_ARGUMENT;
    if (strcmp(fake.mode, "power") == 0)
        return NVML_ERROR_NOT_SUPPORTED;
    if (strcmp(fake.mode, "energy-fail") == 0 && ++fake.energy_calls > fake.fail_after)
        return NVML_ERROR_GPU_IS_LOST;
    double mj = fake.power_w * (double)(i + 1) * (now_s() - fake.t0_s) * 1000;
    *energy = START_MJ + (unsigned long long)mj;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)
{
    long i = device_index(device);
    if (i < 0)
        return NVML_ERROR_INVALID_ARGUMENT;
    *power = (unsigned)(fake.power_w * (double)(i + 1) * 1000);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit)
{
    if (device_index(device) < 0)
        return NVML_ERROR_INVALID_ARGUMENT;
    *limit = 700000;
    return NVML_SUCCESS;
}
