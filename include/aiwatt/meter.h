/*
 * meter.h - real energy counters: RAPL (powercap), NVIDIA GPUs (NVML) and
 * hwmon sensors (amdgpu and others), read without double counting.
 *
 * A meter opens every source it can find under a sysfs root (default "/"),
 * lists what each counter measures and whether it is readable, and keeps a
 * 64-bit, wrap-free energy total per counter. A background poller reads each
 * counter often enough that no wrap-around is missed (the period is derived
 * from the counter's range and the most power it can draw) and integrates
 * sensors that report only power. Two snapshots give the energy between them.
 *
 * The total never counts the same energy twice (docs/metering.md):
 *   - RAPL `core` and `uncore` are inside their `package`: never added;
 *   - `dram` is outside `package`: added;
 *   - `psys` (platform) overlaps package and dram: the total is
 *     packages + dram, or psys alone when no package is readable;
 *   - an intel-rapl-mmio zone duplicates the MSR zone of the same name, and
 *     mirrored AMD `package-N-die-M` counters (same value on every die) are
 *     one counter: each is counted once;
 *   - an APU's amdgpu power includes the CPU: added only when no RAPL
 *     package or psys is readable;
 *   - other hwmon sensors have an unknown scope: listed, never added.
 *
 * The meter never invents energy: a counter that goes back is unwrapped
 * only when the wrapped amount fits the domain's power ceiling over the
 * time since the last read; otherwise it is a reset and that interval is
 * dropped (counted in `resets`), as is any reading above the ceiling. A
 * counter that stops being readable keeps what it counted, and says when
 * it was lost. There is no fixed limit on the number of domains.
 *
 * Sources that are not present are "absent", not errors. A counter that is
 * present but unreadable (energy_uj is root-only since Linux 5.10) keeps its
 * status and a diagnostic that says how to fix it.
 *
 * A meter is used from one thread at a time, except that its own poller
 * thread runs alongside (the meter locks around every read).
 */
#ifndef AIWATT_METER_H
#define AIWATT_METER_H

#include <stddef.h>
#include <stdint.h>
#include "aiwatt/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Types ------------------------------------------------------------ */

typedef struct aw_meter aw_meter;

/* Sources, as a mask for aw_meter_options.sources. */
#define AW_METER_RAPL 0x1u
#define AW_METER_NVML 0x2u
#define AW_METER_HWMON 0x4u
#define AW_METER_ALL 0x7u

/* Default read period of power sensors (integrated) and NVML counters, s.
 * RAPL counters are read as often as their range requires instead. */
#define AW_METER_DEFAULT_INTERVAL_S 0.1

/* What a domain covers; the no-double-count rule works on these. */
enum aw_meter_scope {
    AW_SCOPE_CPU_PACKAGE = 0, /* a RAPL package (socket) */
    AW_SCOPE_CPU_PART,        /* core or uncore: inside a package */
    AW_SCOPE_DRAM,            /* RAPL dram: outside the package */
    AW_SCOPE_PLATFORM,        /* RAPL psys: package + dram + more */
    AW_SCOPE_GPU,             /* a discrete GPU board */
    AW_SCOPE_SOC,             /* an APU: CPU and GPU together */
    AW_SCOPE_OTHER            /* a sensor of unknown scope */
};

/* How a domain is read. */
enum aw_meter_kind {
    AW_METER_COUNTER = 0, /* an energy counter: energy is its difference */
    AW_METER_GAUGE        /* a power reading: energy is its time integral */
};

/* Options for aw_meter_open(). Initialise with aw_meter_options_init(). */
struct aw_meter_options {
    const char *sysfs_root;   /* NULL or "": "/" */
    const char *nvml_library; /* NULL: "libnvidia-ml.so.1", then "libnvidia-ml.so" */
    unsigned sources;         /* AW_METER_* mask; 0: all */
    double interval_s;        /* read period of power sensors and NVML
                               * counters; <= 0: the default */
};

/* A source (rapl, nvml, hwmon) and what became of it. */
struct aw_meter_source {
    const char *name;     /* "rapl", "nvml", "hwmon" */
    aw_status status;     /* AW_OK, AW_E_ABSENT (not on this machine), or why it failed */
    struct aw_diag diag;  /* for AW_E_ABSENT: what was looked for; else what failed and the fix */
    size_t domains;       /* domains it added */
};

/* One counter or sensor. Strings are borrowed from the meter and never NULL
 * (possibly ""). */
struct aw_meter_domain {
    const char *source;   /* "rapl", "nvml", "hwmon" */
    const char *name;     /* the counter's own name: "package-0", "dram",
                           * "gpu0 (NVIDIA H100 80GB HBM3)", "amdgpu" */
    const char *path;     /* where it is read, relative to the root
                           * ("sys/class/powercap/intel-rapl:0/energy_uj")
                           * or "nvml:0" */
    const char *measures; /* what it measures, in words */
    const char *device;   /* NVML: the GPU's name; "" otherwise */
    const char *parent;   /* RAPL sub-zone: its package's name; "" otherwise */
    enum aw_meter_scope scope;
    enum aw_meter_kind kind;
    aw_status status;     /* AW_OK when readable; else why not (AW_E_PERM...) */
    struct aw_diag diag;  /* when unreadable: what failed, and the fix */
    int counted;          /* 1: part of the total */
    const char *note;     /* why it is not counted, or a caveat; may be "" */
    double range_j;       /* the counter wraps after this; 0: it does not */
    double max_power_w;   /* the most power assumed, for the wrap period */
    double ceiling_w;     /* a reading or a counter step above this power is
                           * not physical: that interval is dropped */
    double period_s;      /* how often the poller reads it */
};

/* Validity flags of a value. */
#define AW_METER_VALID_ENERGY 0x1u /* energy_uj is meaningful */
#define AW_METER_VALID_POWER 0x2u  /* power_w is meaningful */

/* The running state of one domain. */
struct aw_meter_value {
    unsigned valid;      /* AW_METER_VALID_* */
    uint64_t energy_uj;  /* energy since aw_meter_open(), unwrapped, 64-bit */
    double power_w;      /* latest power reading (gauges only) */
    uint32_t reads;      /* successful reads */
    uint32_t updates;    /* reads that saw the counter change */
    uint32_t errors;     /* failed reads */
    uint32_t wraps;      /* wrap-arounds unwrapped */
    uint32_t resets;     /* intervals dropped: the counter went back and it
                          * was not a plausible wrap (a reset, a driver
                          * reload), or a reading was above the ceiling */
    uint32_t overdue;    /* reads later than the counter's safe period: a
                          * wrap may have been missed */
    double lost_s;       /* CLOCK_MONOTONIC time of the first failed read
                          * after a good one, while reads keep failing (the
                          * counter vanished or its driver fails); 0 when
                          * reading. energy_uj keeps what was counted. */
};

/* Every domain's value at one moment: one entry per domain of the meter
 * it was made for (aw_meter_snapshot_new). */
struct aw_meter_snapshot {
    double time_s; /* CLOCK_MONOTONIC */
    size_t n;
    struct aw_meter_value *domain; /* domain[i]: n entries, owned */
};

/* The energy of one domain between two snapshots. */
struct aw_meter_energy {
    int valid;        /* 0: unreadable, or no reading in one of the snapshots */
    double energy_j;
    double power_w;   /* mean: energy_j / duration */
    uint32_t updates; /* counter changes seen in between */
    uint32_t errors, wraps, resets, overdue; /* in between */
    int lost;         /* reads were failing at `to`: energy_j is what was
                       * counted until lost_s */
    double lost_s;    /* when they started failing, seconds after `from`
                       * (0 when before it) */
};

/* The energy between two snapshots: one entry per domain of the meter it
 * was made for (aw_meter_delta_new). */
struct aw_meter_delta {
    double duration_s;
    double total_j;   /* counted, valid domains only: no double counting */
    double total_w;   /* total_j / duration_s */
    size_t valid;     /* counted domains with a valid energy: 0 means the
                       * total is unknown, not zero */
    size_t n;
    struct aw_meter_energy *domain; /* domain[i]: n entries, owned */
};

/* ---- Lifecycle -------------------------------------------------------- */

/* Sets the defaults: root "/", the usual NVML names, all sources, 100 ms. */
AW_API void aw_meter_options_init(struct aw_meter_options *opt);

/* Opens every source allowed by opt (NULL: defaults), reads every domain
 * once (this decides readability and the counted set) and returns the meter
 * in *out. Absent and unreadable sources are recorded, not failures; a root
 * that cannot be opened makes every source fail with that reason. Fails only
 * with AW_E_NOMEM (nothing in *out) or AW_E_INVALID (bad options). Free the
 * meter with aw_meter_free(). */
AW_API AW_NODISCARD aw_status aw_meter_open(const struct aw_meter_options *opt,
                                            aw_meter **out, struct aw_diag *diag);

/* Stops the poller, closes every source (unloads NVML) and frees the meter.
 * Accepts NULL. */
AW_API void aw_meter_free(aw_meter *m);

/* ---- What was found --------------------------------------------------- */

/* The sources tried, in a fixed order (rapl, nvml, hwmon; those excluded by
 * the options are not listed). Borrowed; NULL when i is out of range. */
AW_API size_t aw_meter_source_count(const aw_meter *m);
AW_API const struct aw_meter_source *aw_meter_source_at(const aw_meter *m, size_t i);

/* The domains found, in a stable order: by source, then by directory in
 * natural order ("intel-rapl:2" before "intel-rapl:10"; MMIO zones after
 * the others). Borrowed; NULL when i is out of range. */
AW_API size_t aw_meter_domain_count(const aw_meter *m);
AW_API const struct aw_meter_domain *aw_meter_domain_at(const aw_meter *m, size_t i);

/* The shortest read period of a readable domain (1 s when none): how often
 * the poller wakes at most. */
AW_API double aw_meter_tick_s(const aw_meter *m);

/* ---- Reading ---------------------------------------------------------- */

/* A snapshot or a delta with room for every domain of m (their count does
 * not change once the meter is open). AW_E_NOMEM, with *out NULL, when
 * memory runs out. Free with the matching _free (each accepts NULL). */
AW_API AW_NODISCARD aw_status aw_meter_snapshot_new(const aw_meter *m, struct aw_meter_snapshot **out);
AW_API void aw_meter_snapshot_free(struct aw_meter_snapshot *s);
AW_API AW_NODISCARD aw_status aw_meter_delta_new(const aw_meter *m, struct aw_meter_delta **out);
AW_API void aw_meter_delta_free(struct aw_meter_delta *d);

/* Starts the background poller: a thread that reads each readable domain
 * every domain period_s, unwrapping counters and integrating power. AW_OK
 * (also when already running, or when no domain is readable: then no thread
 * is started), or AW_E_IO when the thread cannot start. */
AW_API AW_NODISCARD aw_status aw_meter_start(aw_meter *m, struct aw_diag *diag);

/* Stops the poller and waits for it. Accepts NULL; no-op if not running. */
AW_API void aw_meter_stop(aw_meter *m);

/* Reads every readable domain now and copies every value into *out (made
 * by aw_meter_snapshot_new for this meter). Use it to bracket a piece of
 * work; the poller keeps the totals right in between. Safe while the poller
 * runs. */
AW_API void aw_meter_sample(aw_meter *m, struct aw_meter_snapshot *out);

/* The energy of each domain from `from` to `to` (two snapshots of this
 * meter, `from` first), and the total without double counting, into *out
 * (made by aw_meter_delta_new for this meter). */
AW_API void aw_meter_diff(const aw_meter *m, const struct aw_meter_snapshot *from,
                   const struct aw_meter_snapshot *to, struct aw_meter_delta *out);

/* ---- A measurement window, as text (for bindings) ---------------------- */

/* A meter with its poller running and the snapshot taken when it began:
 * the energy of whatever runs between aw_meter_window_begin() and
 * aw_meter_window_end(), without handling snapshots (the Python package's
 * `with aiwatt.measure()`). */
typedef struct aw_meter_window aw_meter_window;

/* Opens a meter as aw_meter_open(opt) does, starts its poller and takes
 * the first snapshot. Free the window with aw_meter_window_free(). */
AW_API AW_NODISCARD aw_status aw_meter_window_begin(const struct aw_meter_options *opt,
                                                    aw_meter_window **out,
                                                    struct aw_diag *diag);

/* Takes the last snapshot, stops the poller, and returns in *json_out (a
 * malloc'd string, freed with aw_free()) the energy in between, with the keys of
 * `aiwatt measure --format json`: {"duration_s", "total_joules",
 * "total_watts", "domains": [{"source", "name", "path", "scope", "kind",
 * "measures", "readable", "counted", "joules", "watts"[, "parent",
 * "device", "error", "hint"]}]}. total_joules and total_watts are null when
 * no counted domain could be read; a domain's joules and watts are null
 * when it could not be. AW_E_NOMEM only. */
AW_API AW_NODISCARD aw_status aw_meter_window_end(aw_meter_window *w, char **json_out,
                                                  struct aw_diag *diag);

/* Stops and frees the window and its meter. Accepts NULL. */
AW_API void aw_meter_window_free(aw_meter_window *w);

/* ---- Helpers ---------------------------------------------------------- */

/* The energy a counter gained from `last` to `cur` (raw readings, µJ) when it
 * wraps after `range_uj` (its largest value; 0: it never wraps). A reading
 * below the last one is one wrap when the range is known, else a reset (the
 * counter restarted, e.g. a driver reload): the interval is dropped and 0
 * returned. *event is set to 0 (normal), 1 (wrap) or 2 (reset); it may be
 * NULL. Whether a wrap is plausible (it fits the domain's power over the
 * time between the reads) is the meter's check, not this function's. */
AW_API uint64_t aw_meter_counter_delta(uint64_t last, uint64_t cur, uint64_t range_uj,
                                int *event);

/* How often a counter must be read so that no wrap is missed: a quarter of
 * the time it takes to wrap at max_power_w, and at most once a second
 * (so live totals stay fresh). range_j <= 0 (no wrap): 1 s. */
AW_API double aw_meter_counter_period_s(double range_j, double max_power_w);

/* Names of scopes ("cpu-package", "cpu-part", "dram", "platform", "gpu",
 * "soc", "other") and kinds ("counter", "gauge"). */
AW_API const char *aw_meter_scope_name(enum aw_meter_scope scope);
AW_API const char *aw_meter_kind_name(enum aw_meter_kind kind);

/* The catalog hardware id for an NVML device name ("NVIDIA H100 80GB HBM3"
 * -> "h100-sxm", "NVIDIA A100-SXM4-80GB" -> "a100-80gb"), or NULL when the
 * name is not recognised. Static string. */
AW_API const char *aw_meter_gpu_hardware_id(const char *device_name);

#ifdef __cplusplus
}
#endif
#endif /* AIWATT_METER_H */
