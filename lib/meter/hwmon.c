/*
 * hwmon.c - power and energy sensors of the hwmon class
 * (sys/class/hwmon/hwmon*): amdgpu above all, and any other chip that
 * reports energy<N>_input (µJ, a counter) or power<N>_input /
 * power<N>_average (µW, integrated over time).
 *
 * Per chip, energy counters are preferred to power readings (a counter
 * misses nothing between reads); for a power channel, the instantaneous
 * input is preferred to the driver's running average. A channel whose
 * <x>_enable is 0 is skipped.
 *
 * Scope decides what the total may add: a discrete amdgpu is a GPU; an
 * APU's amdgpu power is the whole SoC, CPU included, so it is added only
 * when RAPL cannot be read (source.c). Every other chip has an unknown
 * scope (it may be an AMD per-core energy driver that mirrors RAPL, or a
 * whole-node meter): it is listed and never added.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "meter/meter_internal.h"

#define HWMON_DIR "sys/class/hwmon"
/* The most power assumed for a sensor without a power cap: a whole-node
 * meter (ACPI power_meter) of an 8-GPU server reads about 10 kW at full
 * load; times AW__BURST_FACTOR this is the ceiling of a reading. */
#define HWMON_DEFAULT_MAX_POWER_W 5000.0

static const char perm_hint[] =
    "run as root, or make the sensor readable: 'sudo chmod a+r FILE' (until reboot)";

enum channel_kind { CH_ENERGY = 0, CH_POWER_INPUT, CH_POWER_AVERAGE };

struct channel {
    enum channel_kind kind;
    unsigned number;
    char file[32];
};

static aw_status hwmon_probe(aw_meter *m, struct aw__source *src, struct aw_diag *diag)
{
    (void)src;
    int fd = aw__sysfs_open_dir(m->root_fd, HWMON_DIR);
    if (fd < 0) {
        if (errno == ENOENT)
            return aw__fail(diag, AW_E_ABSENT, "no %s under %s", HWMON_DIR, m->root);
        return aw__sysfs_fail(diag, HWMON_DIR, errno, perm_hint);
    }
    close(fd);
    return AW_OK;
}

/* "power2_input" -> CH_POWER_INPUT, 2. Returns 0 when not a channel. */
static int parse_channel(const char *file, struct channel *ch)
{
    static const struct {
        const char *prefix, *suffix;
        enum channel_kind kind;
    } forms[] = {
        {"energy", "_input", CH_ENERGY},
        {"power", "_input", CH_POWER_INPUT},
        {"power", "_average", CH_POWER_AVERAGE},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        size_t lp = strlen(forms[i].prefix);
        if (strncmp(file, forms[i].prefix, lp) != 0 || file[lp] < '0' || file[lp] > '9')
            continue;
        char *end = NULL;
        unsigned long n = strtoul(file + lp, &end, 10);
        if (strcmp(end, forms[i].suffix) != 0 || n > 1000 || strlen(file) >= sizeof ch->file)
            continue;
        ch->kind = forms[i].kind;
        ch->number = (unsigned)n;
        aw__copy(ch->file, sizeof ch->file, file);
        return 1;
    }
    return 0;
}

/* "power1_input" -> "power1_" + what, e.g. "power1_label". */
static void sibling(const struct channel *ch, const char *what, char *out, size_t size)
{
    snprintf(out, size, "%s%u_%s", ch->kind == CH_ENERGY ? "energy" : "power", ch->number, what);
}

static int channel_enabled(int chip_fd, const struct channel *ch)
{
    char file[48], value[8];
    sibling(ch, "enable", file, sizeof file);
    return aw__sysfs_read_str(chip_fd, file, value, sizeof value) != 0 || strcmp(value, "0") != 0;
}

/* The chip's channels worth reading: its energy counters if it has any,
 * else one power channel per number (input before average). *out is
 * malloc'd (NULL when there are none or memory runs out). */
static size_t pick_channels(int chip_fd, struct channel **channels, int *out_of_memory)
{
    char **files = NULL;
    size_t n_files = 0, n = 0;
    int have_energy = 0;
    *channels = NULL;
    int err = aw__sysfs_list(chip_fd, ".", "", &files, &n_files);
    if (err != 0 || n_files == 0) {
        *out_of_memory |= err == ENOMEM;
        aw__sysfs_list_free(files, n_files);
        return 0;
    }
    struct channel *out = malloc(n_files * sizeof *out);
    if (out == NULL) {
        *out_of_memory = 1;
        aw__sysfs_list_free(files, n_files);
        return 0;
    }
    for (size_t i = 0; i < n_files; i++) {
        struct channel ch;
        if (!parse_channel(files[i], &ch) || !channel_enabled(chip_fd, &ch))
            continue;
        have_energy |= ch.kind == CH_ENERGY;
        out[n++] = ch;
    }
    aw__sysfs_list_free(files, n_files);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int drop = have_energy ? out[i].kind != CH_ENERGY : 0;
        for (size_t j = 0; !drop && j < n; j++) {
            /* An average is dropped when the same channel has an input. */
            drop = out[i].kind == CH_POWER_AVERAGE && out[j].kind == CH_POWER_INPUT &&
                   out[j].number == out[i].number;
        }
        if (!drop)
            out[kept++] = out[i];
    }
    *channels = out;
    return kept;
}

/* The channel's power cap, if the driver gives one (amdgpu: power1_cap_max,
 * power1_cap), else the default: the basis of its ceiling. */
static double channel_max_power_w(int chip_fd, const struct channel *ch)
{
    static const char *const caps[] = {"cap_max", "cap"};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        char file[48];
        uint64_t uw = 0;
        snprintf(file, sizeof file, "power%u_%s", ch->number, caps[i]);
        if (aw__sysfs_read_u64(chip_fd, file, &uw) == 0 && uw > 0 && uw < UINT64_MAX / 2)
            return (double)uw / 1e6;
    }
    return HWMON_DEFAULT_MAX_POWER_W;
}

/* amdgpu's gpu_metrics starts with {u16 size; u8 format_revision; u8
 * content_revision}: format 2 and 3 are the APU layouts (gpu_metrics_v2_x,
 * v3_x), format 1 the discrete one. */
static int amdgpu_is_apu(int chip_fd)
{
    unsigned char header[4];
    size_t got = 0;
    if (aw__sysfs_read_bytes(chip_fd, "device/gpu_metrics", header, sizeof header, &got) != 0 ||
        got < sizeof header)
        return 0;
    return header[2] == 2 || header[2] == 3;
}

static void set_scope(struct aw__domain *d, const char *chip, int apu, const struct channel *ch)
{
    const char *what = ch->kind == CH_ENERGY ? "energy counter" : "power sensor";
    if (strcmp(chip, "amdgpu") == 0) {
        d->info.scope = apu ? AW_SCOPE_SOC : AW_SCOPE_GPU;
        snprintf(d->measures, sizeof d->measures, "%s",
                 apu ? "AMD APU: whole SoC, CPU and GPU together (amdgpu)"
                     : "AMD GPU: GPU power reported by the driver (amdgpu)");
        return;
    }
    d->info.scope = AW_SCOPE_OTHER;
    snprintf(d->measures, sizeof d->measures, "%s %s", chip, what);
    if (strcmp(chip, "power_meter") == 0)
        aw__copy(d->note, sizeof d->note,
                 "whole-system meter (ACPI): includes the other domains, not added");
    else
        aw__copy(d->note, sizeof d->note,
                 "scope unknown (may overlap RAPL or another sensor): not added");
}

static void add_channel(aw_meter *m, struct aw__source *src, int chip_fd, const char *entry,
                        const char *chip, int apu, const struct channel *ch, int alone)
{
    struct aw__domain *d = aw__meter_add_domain(m, src);
    if (d == NULL)
        return;
    /* Its own descriptor, closed with the meter; never inherited by a
     * command that `aiwatt measure` runs. */
    d->dir_fd = fcntl(chip_fd, F_DUPFD_CLOEXEC, 0);
    aw__copy(d->file, sizeof d->file, ch->file);
    snprintf(d->path, sizeof d->path, "%s/%s/%s", HWMON_DIR, entry, ch->file);
    char label_file[48], label[48] = "";
    sibling(ch, "label", label_file, sizeof label_file);
    if (aw__sysfs_read_str(chip_fd, label_file, label, sizeof label) != 0 || label[0] == '\0')
        snprintf(label, sizeof label, "%s%u", ch->kind == CH_ENERGY ? "energy" : "power",
                 ch->number);
    if (alone)
        aw__copy(d->name, sizeof d->name, chip);
    else
        snprintf(d->name, sizeof d->name, "%s/%s", chip, label);
    d->info.kind = ch->kind == CH_ENERGY ? AW_METER_COUNTER : AW_METER_GAUGE;
    d->info.max_power_w = channel_max_power_w(chip_fd, ch);
    set_scope(d, chip, apu, ch);
    if (d->dir_fd < 0)
        d->info.status = aw__sysfs_fail(&d->info.diag, d->path, errno, perm_hint);
}

static void add_chip(aw_meter *m, struct aw__source *src, int hwmon_fd, const char *entry)
{
    int chip_fd = aw__sysfs_open_dir(hwmon_fd, entry);
    if (chip_fd < 0)
        return;
    char chip[48];
    if (aw__sysfs_read_str(chip_fd, "name", chip, sizeof chip) != 0 || chip[0] == '\0')
        aw__copy(chip, sizeof chip, entry);
    struct channel *channels = NULL;
    int out_of_memory = 0;
    size_t n = pick_channels(chip_fd, &channels, &out_of_memory);
    if (out_of_memory) {
        m->out_of_memory = 1;
        aw__fail(&src->info.diag, AW_E_NOMEM, "out of memory listing %s", entry);
    }
    int apu = strcmp(chip, "amdgpu") == 0 && amdgpu_is_apu(chip_fd);
    for (size_t i = 0; i < n; i++)
        add_channel(m, src, chip_fd, entry, chip, apu, &channels[i], n == 1);
    free(channels);
    close(chip_fd);
}

static aw_status hwmon_open(aw_meter *m, struct aw__source *src, struct aw_diag *diag)
{
    int hwmon_fd = aw__sysfs_open_dir(m->root_fd, HWMON_DIR);
    if (hwmon_fd < 0)
        return aw__sysfs_fail(diag, HWMON_DIR, errno, perm_hint);
    char **entries = NULL;
    size_t n = 0;
    int err = aw__sysfs_list(hwmon_fd, ".", "hwmon", &entries, &n);
    if (err != 0) {
        close(hwmon_fd);
        return aw__sysfs_fail(diag, HWMON_DIR, err, perm_hint);
    }
    for (size_t i = 0; i < n; i++)
        add_chip(m, src, hwmon_fd, entries[i]);
    aw__sysfs_list_free(entries, n);
    close(hwmon_fd);
    if (src->info.domains == 0)
        return aw__fail(diag, AW_E_ABSENT, "no power or energy sensors in %s", HWMON_DIR);
    return AW_OK;
}

const struct aw__source_ops aw__hwmon_ops = {
    .name = "hwmon", .mask = AW_METER_HWMON, .perm_hint = perm_hint,
    .probe = hwmon_probe, .open = hwmon_open, .read = aw__sysfs_read_sample, .close = NULL,
};
