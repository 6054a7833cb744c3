/*
 * rapl.c - RAPL energy counters through the powercap sysfs tree
 * (sys/class/powercap/intel-rapl:*, intel-rapl-mmio:*; AMD's driver
 * registers under intel-rapl too, and amd-rapl:* is accepted).
 *
 * Every zone is one domain; what it is comes from its `name` file, never
 * from its index (intel-rapl:1 is psys on most laptops). This file decides
 * each zone's scope and finds the duplicates: an MMIO zone that is the MSR
 * zone of the same name seen through another interface, and AMD dies that
 * all report the one package counter (equal readings: decided from the
 * data, since distinct per-die counters also exist). The counting rule
 * itself is in source.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "meter/meter_internal.h"

#define POWERCAP_DIR "sys/class/powercap"

/* MMIO last: its zones are checked against the MSR zones already added. */
static const char *const zone_prefixes[] = {"intel-rapl:", "amd-rapl:", "intel-rapl-mmio:"};
#define MMIO_PREFIX_INDEX 2

/* Reads of two die counters are retried this often before they are called
 * distinct: a real counter may tick (every ~1 ms) between the two reads. */
#define MIRROR_READ_TRIES 3

/* *_uj covers energy_uj and max_energy_range_uj, both root-only. */
static const char perm_hint[] =
    "energy_uj is readable only by root since Linux 5.10 (CVE-2020-8694): run as root, "
    "or 'sudo chmod a+r /sys/class/powercap/*/*_uj' (until reboot), or add a udev rule: "
    "SUBSYSTEM==\"powercap\", ACTION==\"add\", RUN+=\"/bin/sh -c 'chmod a+r /sys%p/*_uj'\"";

static aw_status rapl_probe(aw_meter *m, struct aw__source *src, struct aw_diag *diag)
{
    (void)src;
    int fd = aw__sysfs_open_dir(m->root_fd, POWERCAP_DIR);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) {
            aw__hint(diag, "RAPL needs Linux on bare-metal x86 (most VMs and clouds hide it)");
            return aw__fail(diag, AW_E_ABSENT, "no %s under %s", POWERCAP_DIR, m->root);
        }
        return aw__sysfs_fail(diag, POWERCAP_DIR, err, "run as root");
    }
    close(fd);
    return AW_OK;
}

/* "package-3" and "package-3-die-1" -> 3; -1 for other names. */
static long package_number(const char *name)
{
    if (strncmp(name, "package-", 8) != 0 || name[8] < '0' || name[8] > '9')
        return -1;
    return strtol(name + 8, NULL, 10);
}

static enum aw_meter_scope zone_scope(const char *name)
{
    if (package_number(name) >= 0)
        return AW_SCOPE_CPU_PACKAGE;
    if (strcmp(name, "core") == 0 || strcmp(name, "uncore") == 0)
        return AW_SCOPE_CPU_PART;
    if (strcmp(name, "dram") == 0)
        return AW_SCOPE_DRAM;
    if (strcmp(name, "psys") == 0)
        return AW_SCOPE_PLATFORM;
    return AW_SCOPE_OTHER;
}

static void describe(struct aw__domain *d, int mmio)
{
    const char *what;
    switch (d->info.scope) {
    case AW_SCOPE_CPU_PACKAGE:
        what = strstr(d->name, "-die-") ? "CPU package, one die: cores, caches, uncore"
                                        : "CPU package (socket): cores, caches, uncore";
        break;
    case AW_SCOPE_CPU_PART:
        what = strcmp(d->name, "core") == 0 ? "CPU cores (part of the package)"
                                            : "uncore, integrated GPU (part of the package)";
        break;
    case AW_SCOPE_DRAM:
        what = "DRAM of the package (not inside the package counter)";
        break;
    case AW_SCOPE_PLATFORM:
        what = "whole platform (psys): package, DRAM and more";
        break;
    default:
        what = "RAPL zone of unknown scope";
        aw__copy(d->note, sizeof d->note, "unknown RAPL zone name: not added");
        break;
    }
    snprintf(d->measures, sizeof d->measures, "%s%s", what, mmio ? " (MMIO interface)" : "");
}

/* The largest power limit of the zone, or the default: the period that
 * follows from it keeps a wrap from passing unseen. */
static double zone_max_power_w(int dir_fd)
{
    double best = 0;
    for (int k = 0; k < 4; k++) {
        static const char *const kinds[] = {"max_power_uw", "power_limit_uw"};
        for (size_t j = 0; j < 2; j++) {
            char file[48];
            uint64_t uw = 0;
            snprintf(file, sizeof file, "constraint_%d_%s", k, kinds[j]);
            if (aw__sysfs_read_u64(dir_fd, file, &uw) == 0 && (double)uw / 1e6 > best)
                best = (double)uw / 1e6;
        }
    }
    return best > 0 ? best : AW__DEFAULT_MAX_POWER_W;
}

static void add_zone(aw_meter *m, struct aw__source *src, int powercap_fd,
                     const char *zone, int mmio)
{
    char name[64];
    int fd = aw__sysfs_open_dir(powercap_fd, zone);
    if (fd < 0)
        return; /* not a directory: the control-type entry, or gone */
    if (aw__sysfs_read_str(fd, "name", name, sizeof name) != 0 || name[0] == '\0') {
        close(fd);
        return; /* not a zone */
    }
    struct aw__domain *d = aw__meter_add_domain(m, src);
    if (d == NULL) {
        close(fd);
        return;
    }
    d->dir_fd = fd;
    aw__copy(d->file, sizeof d->file, "energy_uj");
    aw__copy(d->name, sizeof d->name, name);
    snprintf(d->path, sizeof d->path, "%s/%s/energy_uj", POWERCAP_DIR, zone);
    d->info.scope = zone_scope(name);
    d->info.kind = AW_METER_COUNTER;
    d->info.max_power_w = zone_max_power_w(fd);
    describe(d, mmio);
    /* Without the range a wrap cannot be unwrapped: it reads as a reset,
     * and the energy from the last read to the wrap is lost. */
    int err = aw__sysfs_read_u64(fd, "max_energy_range_uj", &d->range_uj);
    if (err != 0) {
        d->range_uj = 0;
        aw__copy(d->note, sizeof d->note,
                 err == EACCES || err == EPERM
                     ? "max_energy_range_uj is not readable (run as root): a wrap would read "
                       "as a reset"
                     : "no max_energy_range_uj: a wrap would read as a reset");
    }
}

/* "sys/class/powercap/intel-rapl:0:1/energy_uj" -> "intel-rapl:0:1". */
static void zone_of(const struct aw__domain *d, char *zone, size_t size)
{
    const char *start = d->path + sizeof POWERCAP_DIR;
    const char *end = strchr(start, '/');
    size_t n = end ? (size_t)(end - start) : strlen(start);
    if (n >= size)
        n = size - 1;
    memcpy(zone, start, n);
    zone[n] = '\0';
}

static struct aw__domain *find_zone(aw_meter *m, const struct aw__source *src,
                                    const char *zone)
{
    char z[96];
    for (size_t i = 0; i < m->n_domains; i++) {
        if (m->domains[i]->src != src)
            continue;
        zone_of(m->domains[i], z, sizeof z);
        if (strcmp(z, zone) == 0)
            return m->domains[i];
    }
    return NULL;
}

/* core, uncore and dram are sub-zones "intel-rapl:P:S" of package P. */
static void link_parents(aw_meter *m, const struct aw__source *src)
{
    for (size_t i = 0; i < m->n_domains; i++) {
        struct aw__domain *d = m->domains[i];
        char zone[96];
        if (d->src != src)
            continue;
        zone_of(d, zone, sizeof zone);
        char *colon = strrchr(zone, ':');
        if (colon == NULL || strchr(zone, ':') == colon)
            continue; /* a top-level zone */
        *colon = '\0';
        struct aw__domain *p = find_zone(m, src, zone);
        if (p == NULL)
            continue;
        d->parent = aw__meter_domain_index(m, p);
        d->info.parent = p->name;
        if (d->info.scope == AW_SCOPE_CPU_PART)
            snprintf(d->note, sizeof d->note, "inside %.63s: not added", p->name);
    }
}

static int is_mmio(const struct aw__domain *d)
{
    return strstr(d->path, "/intel-rapl-mmio:") != NULL;
}

static int readable(const struct aw__domain *d)
{
    uint64_t raw;
    return d->info.status == AW_OK && aw__sysfs_read_u64(d->dir_fd, d->file, &raw) == 0;
}

/* An MMIO package zone and the MSR zone of the same name are one counter.
 * The MSR zone is used when readable (the standard interface). */
static void drop_mmio_duplicates(aw_meter *m, const struct aw__source *src)
{
    for (size_t i = 0; i < m->n_domains; i++) {
        struct aw__domain *x = m->domains[i];
        if (x->src != src || !is_mmio(x) || x->info.scope != AW_SCOPE_CPU_PACKAGE)
            continue;
        for (size_t j = 0; j < m->n_domains; j++) {
            struct aw__domain *y = m->domains[j];
            if (y->src != src || is_mmio(y) || strcmp(y->name, x->name) != 0)
                continue;
            char zx[96], zy[96];
            zone_of(x, zx, sizeof zx);
            zone_of(y, zy, sizeof zy);
            if (readable(y) || !readable(x)) {
                x->duplicate_of = (int)j;
                snprintf(x->note, sizeof x->note,
                         "same counter as %.63s (MMIO interface): counted once", zy);
            } else {
                y->duplicate_of = (int)i;
                snprintf(y->note, sizeof y->note, "read through %.63s instead", zx);
            }
            break;
        }
    }
}

static int same_reading(const struct aw__domain *a, const struct aw__domain *b)
{
    for (int t = 0; t < MIRROR_READ_TRIES; t++) {
        uint64_t ra, rb;
        if (aw__sysfs_read_u64(a->dir_fd, a->file, &ra) != 0 ||
            aw__sysfs_read_u64(b->dir_fd, b->file, &rb) != 0)
            return 0;
        if (ra == rb)
            return 1;
    }
    return 0;
}

/* Some AMD kernels list one zone per die, and every die of a package shows
 * the package counter: summing them doubles the CPU energy. Zones of the
 * same package number whose readings are equal are one counter. */
static void drop_mirrored_dies(aw_meter *m, const struct aw__source *src)
{
    for (size_t j = 0; j < m->n_domains; j++) {
        struct aw__domain *b = m->domains[j];
        if (b->src != src || b->info.scope != AW_SCOPE_CPU_PACKAGE || b->duplicate_of >= 0 ||
            is_mmio(b) || !readable(b))
            continue;
        for (size_t i = 0; i < j; i++) {
            struct aw__domain *a = m->domains[i];
            if (a->src != src || a->info.scope != AW_SCOPE_CPU_PACKAGE ||
                a->duplicate_of >= 0 || is_mmio(a) ||
                package_number(a->name) != package_number(b->name) || !same_reading(a, b))
                continue;
            b->duplicate_of = (int)i;
            snprintf(b->note, sizeof b->note,
                     "mirror of %.63s (every die reports the package counter): counted once",
                     a->name);
            break;
        }
    }
}

static aw_status rapl_open(aw_meter *m, struct aw__source *src, struct aw_diag *diag)
{
    int powercap_fd = aw__sysfs_open_dir(m->root_fd, POWERCAP_DIR);
    if (powercap_fd < 0)
        return aw__sysfs_fail(diag, POWERCAP_DIR, errno, "run as root");
    for (size_t p = 0; p < sizeof zone_prefixes / sizeof zone_prefixes[0]; p++) {
        char **names = NULL;
        size_t n = 0;
        int err = aw__sysfs_list(powercap_fd, ".", zone_prefixes[p], &names, &n);
        if (err != 0) {
            close(powercap_fd);
            return aw__sysfs_fail(diag, POWERCAP_DIR, err, "run as root");
        }
        for (size_t i = 0; i < n; i++)
            add_zone(m, src, powercap_fd, names[i], p == MMIO_PREFIX_INDEX);
        aw__sysfs_list_free(names, n);
    }
    close(powercap_fd);
    if (src->info.domains == 0) {
        aw__hint(diag, "load the driver: 'sudo modprobe intel_rapl_msr' (AMD: kernel 5.8 or later)");
        return aw__fail(diag, AW_E_ABSENT, "no RAPL zones in %s", POWERCAP_DIR);
    }
    link_parents(m, src);
    drop_mmio_duplicates(m, src);
    drop_mirrored_dies(m, src);
    return AW_OK;
}

const struct aw__source_ops aw__rapl_ops = {
    .name = "rapl", .mask = AW_METER_RAPL, .perm_hint = perm_hint,
    .probe = rapl_probe, .open = rapl_open, .read = aw__sysfs_read_sample, .close = NULL,
};
