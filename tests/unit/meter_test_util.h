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

/* A meter on the fixture tree tests/fixtures/sysfs/NAME (a machine's sysfs
 * as found), as mt_open opens it. */
static inline aw_meter *mt_open_fixture(const char *name, unsigned sources)
{
    char root[512];
    snprintf(root, sizeof root, "%s/sysfs/%s", AW_TEST_FIXTURES, name);
    return mt_open(root, sources);
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

/*
 * A meter test on a fake sysfs tree: the tree in a new temporary directory,
 * the meter opened on it once the test has written its files, and two
 * snapshots and a delta sized for that meter (the library makes them). The
 * cmocka fixtures fake_sysfs_setup and fake_sysfs_teardown make and free it
 * all (the tree removed too, whether the test passed or not); a test reads
 * it from *state.
 */
struct fake_sysfs {
    char root[512];
    aw_meter *meter;
    struct aw_meter_snapshot *s[2];
    struct aw_meter_delta *d;
};

/* The test list's entry for a test that runs on a fake sysfs tree. */
#define fake_sysfs_test(f) cmocka_unit_test_setup_teardown(f, fake_sysfs_setup, fake_sysfs_teardown)

static inline void fake_sysfs_close(struct fake_sysfs *fs)
{
    aw_meter_snapshot_free(fs->s[0]);
    aw_meter_snapshot_free(fs->s[1]);
    aw_meter_delta_free(fs->d);
    aw_meter_free(fs->meter);
    fs->s[0] = fs->s[1] = NULL;
    fs->d = NULL;
    fs->meter = NULL;
}

static inline int fake_sysfs_setup(void **state)
{
    struct fake_sysfs *fs = calloc(1, sizeof *fs);
    if (fs == NULL)
        return -1;
    mt_tmpdir(fs->root, sizeof fs->root);
    *state = fs;
    return 0;
}

static inline int fake_sysfs_teardown(void **state)
{
    struct fake_sysfs *fs = *state;
    fake_sysfs_close(fs);
    remove_tree(fs->root);
    free(fs);
    return 0;
}

/* Makes `m` the test's meter, with its snapshots and delta; a meter the
 * test had before is closed first. */
static inline aw_meter *fake_sysfs_adopt(struct fake_sysfs *fs, aw_meter *m)
{
    fake_sysfs_close(fs);
    fs->meter = m;
    assert_int_equal(aw_meter_snapshot_new(m, &fs->s[0]), AW_OK);
    assert_int_equal(aw_meter_snapshot_new(m, &fs->s[1]), AW_OK);
    assert_int_equal(aw_meter_delta_new(m, &fs->d), AW_OK);
    return m;
}

/* Opens the meter on the tree as written so far, for `sources` (0: all). */
static inline aw_meter *fake_sysfs_open(struct fake_sysfs *fs, unsigned sources)
{
    return fake_sysfs_adopt(fs, mt_open(fs->root, sources));
}

/* The first reading, that fake_sysfs_since_first measures from. */
static inline void fake_sysfs_first(struct fake_sysfs *fs)
{
    aw_meter_sample(fs->meter, fs->s[0]);
}

/* Reads again (into s[1]) and returns the energy since the first reading. */
static inline const struct aw_meter_delta *fake_sysfs_since_first(struct fake_sysfs *fs)
{
    aw_meter_sample(fs->meter, fs->s[1]);
    aw_meter_diff(fs->meter, fs->s[0], fs->s[1], fs->d);
    return fs->d;
}

/* Writes `energy_uj` to a RAPL zone's counter (its energy_uj file). */
static inline void fake_sysfs_rapl_energy(struct fake_sysfs *fs, const char *zone,
                                          unsigned long long energy_uj)
{
    char rel[256];
    snprintf(rel, sizeof rel, "sys/class/powercap/%s/energy_uj", zone);
    mt_write_u64(fs->root, rel, energy_uj);
}

/* Writes a hwmon chip's file (hwmonN/FILE): its name, a power or energy
 * reading, a cap. */
static inline void fake_sysfs_hwmon(struct fake_sysfs *fs, int chip, const char *file,
                                    const char *text)
{
    char rel[256];
    snprintf(rel, sizeof rel, "sys/class/hwmon/hwmon%d/%s", chip, file);
    mt_write(fs->root, rel, text);
}

#endif
