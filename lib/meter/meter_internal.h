/*
 * meter_internal.h - what the meter's sources share inside lib/meter/: the
 * source vtable, the domain record and the rooted sysfs readers.
 */
#ifndef AIWATT_METER_INTERNAL_H
#define AIWATT_METER_INTERNAL_H

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include "internal.h"

/* ---- Plausibility -------------------------------------------------------- */

/* The most power a domain is assumed to draw when its source gives no limit:
 * more than any CPU socket or GPU board draws today (W). */
#define AW__DEFAULT_MAX_POWER_W 1000.0
/* Power may exceed a domain's limit in short bursts (Intel's PL2 is about
 * 1.25 x PL1, and PL4 higher): a reading is physical up to this multiple of
 * the domain's max power. The wrap-safe read period uses the same factor. */
#define AW__BURST_FACTOR 4.0
/* Counters move in steps (RAPL about every 1 ms, NVML about every 100 ms):
 * two reads close together may see a whole step. The plausibility check
 * allows this much time on top of the time between the reads (s). */
#define AW__STEP_SLACK_S 0.25

/* ---- Samples ------------------------------------------------------------ */

#define AW__SAMPLE_ENERGY 0x1u /* energy_uj holds the raw counter */
#define AW__SAMPLE_POWER 0x2u  /* power_uw holds a power reading */

/* One raw reading, before unwrapping or integration. */
struct aw__sample {
    unsigned valid;     /* AW__SAMPLE_* */
    uint64_t energy_uj; /* raw counter: wraps after the domain's range */
    uint64_t power_uw;
};

struct aw__source;
struct aw__domain;

/* ---- The source vtable (one implementation per file) ------------------ */

struct aw__source_ops {
    const char *name; /* "rapl" */
    unsigned mask;    /* AW_METER_RAPL ... */
    /* sysfs sources: the fix for a read denied (aw__sysfs_fail); else NULL. */
    const char *perm_hint;
    /* Is there such hardware? AW_OK, AW_E_ABSENT (skipped quietly; diag
     * says what was looked for) or a failure with the fix in diag. */
    aw_status (*probe)(aw_meter *m, struct aw__source *src, struct aw_diag *diag);
    /* Adds the source's domains (aw__meter_add_domain). Called only after
     * probe returned AW_OK. */
    aw_status (*open)(aw_meter *m, struct aw__source *src, struct aw_diag *diag);
    /* Reads one domain. diag may be NULL (the poller's reads). */
    aw_status (*read)(struct aw__source *src, struct aw__domain *d,
                      struct aw__sample *out, struct aw_diag *diag);
    /* Releases what probe and open acquired. Called once, also after a
     * failed probe. */
    void (*close)(struct aw__source *src);
};

/* The registry (source.c) and its members. */
extern const struct aw__source_ops aw__rapl_ops;
extern const struct aw__source_ops aw__nvml_ops;
extern const struct aw__source_ops aw__hwmon_ops;

struct aw__source {
    const struct aw__source_ops *ops;
    void *state;                /* the source's own */
    struct aw_meter_source info;
};

/* ---- Domains ------------------------------------------------------------ */

struct aw__domain {
    struct aw_meter_domain info; /* public view; strings point below */
    char name[128];
    char path[192];
    char measures[128];
    char device[96];
    char note[256];

    struct aw__source *src;
    size_t slot;         /* index in the meter */
    int dir_fd;          /* sysfs sources: the directory of `file`; else -1 */
    char file[48];       /* "energy_uj", "power1_input" */
    unsigned index;      /* NVML device index */
    void *handle;        /* NVML device handle */
    int duplicate_of;    /* index of the domain this one duplicates, or -1 */
    int parent;          /* RAPL sub-zone: index of its package, or -1 */
    uint64_t range_uj;   /* the counter's largest value; 0: no wrap */

    /* Accumulation, guarded by the meter's lock. */
    int have_last;
    uint64_t last_raw;   /* counters: the last raw reading */
    double last_power_w; /* gauges: the last power reading */
    double last_time_s;
    double frac_uj;      /* gauges: integrated energy not yet in energy_uj */
    double next_due_s;
    struct aw_meter_value value;
};

struct aw_meter {
    int root_fd;            /* the sysfs root, or -1 when it cannot be opened */
    int root_errno;
    char *root;             /* for messages */
    char *nvml_library;     /* NULL: the default names */
    double interval_s;
    struct aw__source sources[3];
    size_t n_sources;
    struct aw__domain **domains; /* each allocated on its own: the public
                                  * strings point into them */
    size_t n_domains, cap_domains;
    int out_of_memory;           /* a domain could not be added */

    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int running;
    int stop;
};

/* Adds a domain for `src` and returns it (zeroed, with dir_fd -1 and the
 * public strings wired), or NULL when memory runs out (the source's diag
 * says so). */
struct aw__domain *aw__meter_add_domain(aw_meter *m, struct aw__source *src);

/* Index of a domain in the meter. */
int aw__meter_domain_index(const aw_meter *m, const struct aw__domain *d);

/* Reads one domain and folds the reading into its totals (meter locked).
 * On failure counts an error and returns why (details in diag, may be NULL). */
aw_status aw__meter_read_domain(struct aw__domain *d, double now_s, struct aw_diag *diag);

/* The poller's clock: CLOCK_MONOTONIC in seconds. */
double aw__now_s(void);

/* Sets each domain's `counted` and note from its scope and readability,
 * by the rule in meter.h. */
void aw__meter_decide_counted(aw_meter *m);

/* ---- Rooted sysfs reads (sysfs.c) ------------------------------------- */

/* Opens directory `rel` under dir_fd (O_DIRECTORY | O_CLOEXEC). Returns the
 * fd, or -1 with errno set. */
int aw__sysfs_open_dir(int dir_fd, const char *rel);

/* Reads the attribute `rel` under dir_fd into buf (NUL-terminated, trailing
 * whitespace removed). Returns 0, or an errno value (ENOENT, EACCES, EIO...). */
int aw__sysfs_read_str(int dir_fd, const char *rel, char *buf, size_t size);

/* Reads a decimal unsigned attribute. Returns 0, an errno value, or EINVAL
 * when the content is not a number. */
int aw__sysfs_read_u64(int dir_fd, const char *rel, uint64_t *out);

/* Reads up to `size` raw bytes; *got receives the count. Returns 0 or errno. */
int aw__sysfs_read_bytes(int dir_fd, const char *rel, unsigned char *buf,
                         size_t size, size_t *got);

/* Lists the names in directory `rel` under dir_fd that start with `prefix`,
 * in natural order ("x:2" before "x:10"). *names is a malloc'd array of
 * malloc'd strings; free with aw__sysfs_list_free. Returns 0 or errno. */
int aw__sysfs_list(int dir_fd, const char *rel, const char *prefix,
                   char ***names, size_t *n);
void aw__sysfs_list_free(char **names, size_t n);

/* The read of a sysfs source's domain (the `read` of RAPL and hwmon): the
 * decimal attribute d->file under d->dir_fd, a counter's raw energy (uJ) or a
 * gauge's power (uW) by the domain's kind; a failure with
 * src->ops->perm_hint as the fix when access is denied. */
aw_status aw__sysfs_read_sample(struct aw__source *src, struct aw__domain *d,
                                struct aw__sample *out, struct aw_diag *diag);

/* Fills diag for a failed read of `path` (errno `err`; EINVAL: not a
 * number), with perm_hint as the fix when access was denied. Returns the
 * status for err. */
aw_status aw__sysfs_fail(struct aw_diag *diag, const char *path, int err,
                         const char *perm_hint);

/* A status for an errno from the readers above. */
aw_status aw__status_from_errno(int err);

/* Copies src into a fixed buffer, truncating. */
void aw__copy(char *dst, size_t size, const char *src);

/* Replaces, in place, every byte of s that is not part of valid UTF-8, and
 * every control character, with '?': names read from sysfs and NVML become
 * text any JSON or terminal can carry. */
void aw__sanitize_text(char *s);

/* Returned by the readers for a path that is not a regular file (a FIFO, a
 * device): it is never read, so it cannot block. */
#define AW__ENOTREG ESPIPE

#endif /* AIWATT_METER_INTERNAL_H */
