/*
 * fake_counters.c - advances energy_uj files of a fake sysfs tree at known
 * powers, wrapping where the real counters wrap, while a test measures.
 *
 * usage: fake_counters SECONDS FILE WATTS [FILE WATTS ...]
 *
 * Each FILE starts from its current value and becomes, every millisecond,
 *   (start + WATTS x elapsed x 1e6) mod (max_energy_range_uj + 1)
 * where max_energy_range_uj is read next to FILE (no file: no wrap). The
 * value is written to a temporary file that is then renamed over FILE, so a
 * reader never sees half a number. Runs SECONDS, or until SIGTERM/SIGINT.
 * A line "ready" on stdout says the counters are moving. At the end it
 * prints "max_gap_ms=N" on stderr: the longest time between two rounds of
 * writes. On an overloaded machine that gap can exceed a wrap period (a
 * whole wrap then never appears in the file) or skew the bracketing reads,
 * and a test should not judge the meter by it.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FILES 32
#define STEP_NS 1000000L

struct counter {
    const char *path;
    double watts;
    uint64_t start_uj;
    uint64_t range_uj; /* 0: no wrap */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_u64(const char *path, uint64_t *out)
{
    FILE *f = fopen(path, "r");
    unsigned long long v = 0;
    int ok = f != NULL && fscanf(f, "%llu", &v) == 1;
    if (f != NULL)
        fclose(f);
    *out = ok ? (uint64_t)v : 0;
    return ok ? 0 : -1;
}

static int write_atomically(const char *path, uint64_t value)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return -1;
    fprintf(f, "%llu\n", (unsigned long long)value);
    if (fclose(f) != 0)
        return -1;
    return rename(tmp, path);
}

static int setup(struct counter *c, const char *path, const char *watts)
{
    char range_path[4096];
    c->path = path;
    c->watts = atof(watts);
    if (read_u64(path, &c->start_uj) != 0) {
        fprintf(stderr, "fake_counters: cannot read %s\n", path);
        return -1;
    }
    snprintf(range_path, sizeof range_path, "%s", path);
    char *slash = strrchr(range_path, '/');
    size_t dir_len = slash ? (size_t)(slash - range_path + 1) : 0;
    snprintf(range_path + dir_len, sizeof range_path - dir_len, "max_energy_range_uj");
    if (read_u64(range_path, &c->range_uj) != 0)
        c->range_uj = 0;
    return 0;
}

int main(int argc, char **argv)
{
    struct counter counters[MAX_FILES];
    int n = 0;
    if (argc < 4 || (argc - 2) % 2 != 0 || (argc - 2) / 2 > MAX_FILES) {
        fprintf(stderr, "usage: fake_counters SECONDS FILE WATTS [FILE WATTS ...]\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    for (int i = 2; i + 1 < argc; i += 2) {
        if (setup(&counters[n++], argv[i], argv[i + 1]) != 0)
            return 1;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    double t0 = now_s(), last = t0, max_gap = 0;
    printf("ready\n");
    fflush(stdout);
    while (!stop && now_s() - t0 < seconds) {
        double now = now_s(), elapsed = now - t0;
        if (now - last > max_gap)
            max_gap = now - last;
        last = now;
        for (int i = 0; i < n; i++) {
            struct counter *c = &counters[i];
            uint64_t v = c->start_uj + (uint64_t)(c->watts * elapsed * 1e6);
            if (c->range_uj > 0)
                v %= c->range_uj + 1;
            if (write_atomically(c->path, v) != 0) {
                fprintf(stderr, "fake_counters: cannot write %s: %s\n", c->path, strerror(errno));
                return 1;
            }
        }
        struct timespec step = {0, STEP_NS};
        nanosleep(&step, NULL);
    }
    fprintf(stderr, "max_gap_ms=%.1f\n", max_gap * 1000);
    return 0;
}
