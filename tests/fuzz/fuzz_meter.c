/*
 * fuzz_meter.c - the sysfs readers (RAPL powercap zones, hwmon chips) on a
 * tree generated from the input, whose files are then rewritten, removed or
 * replaced by FIFOs between samples, also from the input.
 *
 * The oracle: the meter never invents energy. Every domain's energy over the
 * run is at most its ceiling power times the time since the meter opened
 * plus one counter step (AW__STEP_SLACK_S) per read, and it is finite and
 * never negative; the total is at most the sum of the counted domains'.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "aiwatt.h"
#include "fuzz_support.h"
#include "meter/meter_internal.h"

struct input {
    const uint8_t *p;
    size_t n;
};

static unsigned u8(struct input *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static uint64_t u64(struct input *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | u8(in);
    return v;
}

static char root[64];

/* What build() created, in order, so that the next input removes exactly
 * that (in reverse) instead of walking the tree: reading the directories
 * was a quarter of an execution. A file the input replaced by a FIFO or
 * removed goes the same way. */
#define MAX_CREATED 64
static char created[MAX_CREATED][128];
static size_t n_created;

static void note_created(const char *rel)
{
    if (n_created < MAX_CREATED)
        snprintf(created[n_created++], sizeof created[0], "%s", rel);
    else
        abort(); /* build() makes at most 4 zones and 3 chips: ~40 entries */
}

/* At exit (libFuzzer ends a run with exit()): the whole tree goes. */
static void remove_root(void)
{
    remove_tree(root);
}

/* Removes what the last input created; should anything else be there
 * (a removal that failed), the whole tree, so that an input never sees
 * the one before it. */
static void remove_created(void)
{
    char path[512];
    int clean = 1;
    while (n_created > 0) {
        snprintf(path, sizeof path, "%s/%s", root, created[--n_created]);
        if (remove(path) != 0 && errno != ENOENT)
            clean = 0;
    }
    if (!clean) {
        remove_root();
        mkdir(root, 0755);
    }
}

/* Writes a file: a new one (noted for removal), or one that mutate()
 * rewrites, which may be a FIFO by now (hence unlink first). */
static void write_file(const char *rel, const char *text, int is_new)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    if (!is_new)
        unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    if (is_new)
        note_created(rel);
    ssize_t ignored = write(fd, text, strlen(text));
    (void)ignored;
    close(fd);
}

static void write_text(const char *rel, const char *text)
{
    write_file(rel, text, 1);
}

static void write_u64(const char *rel, uint64_t v, int is_new)
{
    char text[32];
    snprintf(text, sizeof text, "%llu\n", (unsigned long long)v);
    write_file(rel, text, is_new);
}

static void make_dir(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    size_t skip = strlen(root) + 1;
    for (char *s = path + skip; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(path, 0755) == 0)
                note_created(path + skip);
            *s = '/';
        }
    }
    if (mkdir(path, 0755) == 0)
        note_created(path + skip);
}

/* A counter value: small steps, a step back, the top of the range, huge. */
static uint64_t value(struct input *in, uint64_t last)
{
    switch (u8(in) % 6) {
    case 0:
        return last + u8(in) * 1000ULL;
    case 1:
        return last + u64(in) % 100000000ULL;
    case 2:
        return last > 1000 ? last - u8(in) * 4ULL : 0;
    case 3:
        return 262143328850ULL - u8(in);
    case 4:
        return UINT64_MAX - u8(in);
    default:
        return u64(in);
    }
}

#define MAX_FILES 12

struct tree {
    char files[MAX_FILES][128];
    uint64_t last[MAX_FILES];
    size_t n;
};

static void add_file(struct tree *t, const char *rel, uint64_t v)
{
    if (t->n == MAX_FILES)
        return;
    snprintf(t->files[t->n], sizeof t->files[t->n], "%s", rel);
    t->last[t->n++] = v;
    write_u64(rel, v, 1);
}

static void build(struct input *in, struct tree *t)
{
    static const char *const zone_names[] = {"package-0", "package-1", "core", "uncore", "dram",
                                             "psys", "package-0-die-0", "package-0-die-1",
                                             "\xff\xfe", ""};
    static const uint64_t ranges[] = {0, 262143328850ULL, 65532610987ULL, 8000000, 1};
    static const char *const chips[] = {"amdgpu", "power_meter", "xe", "\xc3\x28", ""};
    char rel[128];
    unsigned zones = u8(in) % 5;
    for (unsigned z = 0; z < zones; z++) {
        unsigned sub = u8(in);
        if (sub & 1)
            snprintf(rel, sizeof rel, "sys/class/powercap/intel-rapl:0:%u", z);
        else
            snprintf(rel, sizeof rel, "sys/class/powercap/intel-rapl%s:%u",
                     sub & 2 ? "-mmio" : "", z);
        make_dir(rel);
        char file[192];
        snprintf(file, sizeof file, "%s/name", rel);
        write_text(file, zone_names[u8(in) % (sizeof zone_names / sizeof zone_names[0])]);
        uint64_t range = ranges[u8(in) % (sizeof ranges / sizeof ranges[0])];
        if (range > 0) {
            snprintf(file, sizeof file, "%s/max_energy_range_uj", rel);
            write_u64(file, range, 1);
        }
        if (sub & 4) {
            snprintf(file, sizeof file, "%s/constraint_0_max_power_uw", rel);
            write_u64(file, sub & 8 ? u64(in) : (uint64_t)u8(in) * 1000000ULL, 1);
        }
        snprintf(file, sizeof file, "%s/energy_uj", rel);
        add_file(t, file, value(in, 0));
    }
    unsigned n_chips = u8(in) % 4;
    for (unsigned c = 0; c < n_chips; c++) {
        snprintf(rel, sizeof rel, "sys/class/hwmon/hwmon%u", c);
        make_dir(rel);
        char file[192];
        snprintf(file, sizeof file, "%s/name", rel);
        write_text(file, chips[u8(in) % (sizeof chips / sizeof chips[0])]);
        unsigned kind = u8(in);
        if (kind & 4) {
            snprintf(file, sizeof file, "%s/power1_cap", rel);
            write_u64(file, kind & 8 ? u64(in) : (uint64_t)u8(in) * 1000000ULL, 1);
        }
        snprintf(file, sizeof file, "%s/%s", rel, kind & 1 ? "energy1_input" : "power1_input");
        add_file(t, file, value(in, 0));
    }
}

/* Rewrites, removes or replaces (by a FIFO) some of the tree's files. */
static void mutate(struct input *in, struct tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        unsigned op = u8(in) % 8;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", root, t->files[i]);
        if (op == 6) {
            unlink(path);
        } else if (op == 7) {
            unlink(path);
            mkfifo(path, 0644);
        } else {
            t->last[i] = value(in, t->last[i]);
            write_u64(t->files[i], t->last[i], 0);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (root[0] == '\0') {
        /* In memory where there is a tmpfs: the tree is rebuilt per input. */
        struct stat st;
        const char *dir = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
        snprintf(root, sizeof root, "%s/aiwatt-fuzz-meter-XXXXXX", dir);
        if (mkdtemp(root) == NULL)
            abort();
        atexit(remove_root);
    }
    remove_created();
    struct input in = {data, size};
    struct tree t = {0};
    build(&in, &t);

    struct aw_meter_options opt;
    aw_meter_options_init(&opt);
    opt.sysfs_root = root;
    opt.nvml_library = "/nonexistent/libnvidia-ml.so.1";
    opt.sources = AW_METER_RAPL | AW_METER_HWMON;
    aw_meter *m = NULL;
    struct aw_diag diag;
    double opened_s = aw__now_s();
    if (aw_meter_open(&opt, &m, &diag) != AW_OK)
        return 0;
    struct aw_meter_snapshot *s0 = NULL, *s1 = NULL;
    struct aw_meter_delta *d = NULL;
    if (aw_meter_snapshot_new(m, &s0) != AW_OK || aw_meter_snapshot_new(m, &s1) != AW_OK ||
        aw_meter_delta_new(m, &d) != AW_OK)
        abort();
    aw_meter_sample(m, s0);
    unsigned rounds = 1 + u8(&in) % 4;
    for (unsigned r = 0; r < rounds; r++) {
        mutate(&in, &t);
        aw_meter_sample(m, s1);
    }
    aw_meter_diff(m, s0, s1, d);

    /* The oracle. */
    double since_open_s = s1->time_s - opened_s, total_bound = 0;
    for (size_t i = 0; i < d->n; i++) {
        const struct aw_meter_domain *dom = aw_meter_domain_at(m, i);
        const struct aw_meter_energy *e = &d->domain[i];
        if (!e->valid)
            continue;
        double bound = dom->ceiling_w *
                       (since_open_s + AW__STEP_SLACK_S * (s1->domain[i].reads + 1.0)) + 1e-6;
        if (!isfinite(e->energy_j) || e->energy_j < 0 || e->energy_j > bound) {
            fprintf(stderr, "phantom energy: %s %s: %.9g J > %.9g J (ceiling %g W)\n",
                    dom->source, dom->name, e->energy_j, bound, dom->ceiling_w);
            abort();
        }
        if (dom->counted)
            total_bound += bound;
    }
    if (!(d->total_j <= total_bound + 1e-6))
        abort();
    aw_meter_snapshot_free(s0);
    aw_meter_snapshot_free(s1);
    aw_meter_delta_free(d);
    aw_meter_free(m);
    return 0;
}
