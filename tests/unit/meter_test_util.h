/*
 * meter_test_util.h - helpers for the meter's unit tests: small sysfs trees
 * built in a temporary directory, and lookups of domains by name or path.
 */
#ifndef AIWATT_METER_TEST_UTIL_H
#define AIWATT_METER_TEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "test_support.h"
#include "../remove_tree.h"

/* Creates every directory of `path` (mkdir -p). */
static inline void mt_mkdirs(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
    mkdir(buf, 0755);
}

/* Writes `text` and a newline to ROOT/REL, creating directories. Replaces
 * the file atomically (rename), as a sysfs reader expects. */
static inline void mt_write(const char *root, const char *rel, const char *text)
{
    char path[1024], tmp[1100];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mt_mkdirs(path);
    *slash = '/';
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", text);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(rename(tmp, path), 0);
}

static inline void mt_write_u64(const char *root, const char *rel, unsigned long long v)
{
    char text[32];
    snprintf(text, sizeof text, "%llu", v);
    mt_write(root, rel, text);
}

/* A new empty directory under the test build folder, readable by all (the
 * permission test reads it as another user). */
static inline void mt_tmpdir(char *buf, size_t size)
{
    /* Under /tmp, not the build tree: the permission tests read these files
     * as user nobody, who may not traverse a checkout under /root. */
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, size, "%s/aiwatt-meter-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    assert_non_null(mkdtemp(buf));
    chmod(buf, 0755);
}

/* A RAPL zone: name, energy and range (0: no range file). */
static inline void mt_zone(const char *root, const char *zone, const char *name,
                           unsigned long long energy_uj, unsigned long long range_uj)
{
    char rel[256];
    snprintf(rel, sizeof rel, "sys/class/powercap/%s/name", zone);
    mt_write(root, rel, name);
    snprintf(rel, sizeof rel, "sys/class/powercap/%s/energy_uj", zone);
    mt_write_u64(root, rel, energy_uj);
    if (range_uj > 0) {
        snprintf(rel, sizeof rel, "sys/class/powercap/%s/max_energy_range_uj", zone);
        mt_write_u64(root, rel, range_uj);
    }
}

/* Opens a meter on `root` with the given sources (0: all) and a NVML
 * library that does not exist, so the host's GPUs never leak into a test. */
static inline aw_meter *mt_open(const char *root, unsigned sources)
{
    struct aw_meter_options opt;
    struct aw_diag diag;
    aw_meter *m = NULL;
    aw_meter_options_init(&opt);
    opt.sysfs_root = root;
    opt.sources = sources;
    opt.nvml_library = "/nonexistent/libnvidia-ml.so.1";
    assert_int_equal(aw_meter_open(&opt, &m, &diag), AW_OK);
    assert_non_null(m);
    return m;
}

/* The fixture tree tests/fixtures/sysfs/NAME. */
static inline void mt_fixture(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/sysfs/%s", AW_TEST_FIXTURES, name);
}

/* Index of the n-th domain (from 0) whose path contains `needle`; -1. */
static inline int mt_find(const aw_meter *m, const char *needle)
{
    for (size_t i = 0; i < aw_meter_domain_count(m); i++) {
        if (strstr(aw_meter_domain_at(m, i)->path, needle) != NULL)
            return (int)i;
    }
    return -1;
}

static inline const struct aw_meter_domain *mt_domain(const aw_meter *m, const char *needle)
{
    int i = mt_find(m, needle);
    if (i < 0) {
        print_error("no domain with path containing '%s'\n", needle);
        fail();
    }
    return aw_meter_domain_at(m, (size_t)i);
}

static inline const struct aw_meter_source *mt_source(const aw_meter *m, const char *name)
{
    for (size_t i = 0; i < aw_meter_source_count(m); i++) {
        if (strcmp(aw_meter_source_at(m, i)->name, name) == 0)
            return aw_meter_source_at(m, i);
    }
    return NULL;
}

static inline double mt_sleep(double seconds)
{
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
    return seconds;
}

/* Two snapshots and a delta sized for m (the meter's structs are made by
 * the library), and their release. */
static inline void mt_alloc(const aw_meter *m, struct aw_meter_snapshot **s,
                            struct aw_meter_delta **d)
{
    assert_int_equal(aw_meter_snapshot_new(m, &s[0]), AW_OK);
    assert_int_equal(aw_meter_snapshot_new(m, &s[1]), AW_OK);
    assert_int_equal(aw_meter_delta_new(m, d), AW_OK);
}

static inline void mt_release(struct aw_meter_snapshot **s, struct aw_meter_delta *d)
{
    aw_meter_snapshot_free(s[0]);
    aw_meter_snapshot_free(s[1]);
    aw_meter_delta_free(d);
}

#endif
