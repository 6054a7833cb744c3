/*
 * source.c - the registry of energy sources and the meter's lifecycle.
 *
 * Sources are listed in an explicit table (no constructors: a static
 * library would drop unreferenced objects and the registration with them).
 * Opening a meter probes each source, lets it add its domains, reads every
 * domain once to learn which are readable, and then applies the one rule
 * that decides what the total counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "meter/meter_internal.h"

static const struct aw__source_ops *const registry[] = {
    &aw__rapl_ops,
    &aw__nvml_ops,
    &aw__hwmon_ops,
};
#define N_REGISTRY (sizeof registry / sizeof registry[0])

void aw_meter_options_init(struct aw_meter_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->sources = AW_METER_ALL;
    opt->interval_s = AW_METER_DEFAULT_INTERVAL_S;
}

struct aw__domain *aw__meter_add_domain(aw_meter *m, struct aw__source *src)
{
    if (m->n_domains == m->cap_domains) {
        size_t cap = m->cap_domains ? m->cap_domains * 2 : 16;
        struct aw__domain **grown = realloc(m->domains, cap * sizeof *grown);
        if (grown == NULL) {
            m->out_of_memory = 1;
            aw__fail(&src->info.diag, src->info.status,
                     "out of memory after %zu domains: the rest are ignored", m->n_domains);
            return NULL;
        }
        m->domains = grown;
        m->cap_domains = cap;
    }
    struct aw__domain *d = calloc(1, sizeof *d);
    if (d == NULL) {
        m->out_of_memory = 1;
        aw__fail(&src->info.diag, src->info.status,
                 "out of memory after %zu domains: the rest are ignored", m->n_domains);
        return NULL;
    }
    d->slot = m->n_domains;
    m->domains[m->n_domains++] = d;
    d->src = src;
    d->dir_fd = -1;
    d->duplicate_of = -1;
    d->parent = -1;
    d->info.source = src->ops->name;
    d->info.name = d->name;
    d->info.path = d->path;
    d->info.measures = d->measures;
    d->info.device = d->device;
    d->info.parent = "";
    d->info.note = d->note;
    d->info.kind = AW_METER_COUNTER;
    d->info.scope = AW_SCOPE_OTHER;
    src->info.domains++;
    return d;
}

int aw__meter_domain_index(const aw_meter *m, const struct aw__domain *d)
{
    (void)m;
    return (int)d->slot;
}

static int any_readable(const aw_meter *m, enum aw_meter_scope scope)
{
    for (size_t i = 0; i < m->n_domains; i++) {
        const struct aw__domain *d = m->domains[i];
        if (d->info.scope == scope && d->info.status == AW_OK && d->duplicate_of < 0)
            return 1;
    }
    return 0;
}

/* The no-double-count rule. Duplicates (an MMIO zone, a mirrored die) and
 * package parts are never added. The CPU side is packages + dram when a
 * package is readable, else psys alone, else an APU's SoC power. GPUs are
 * added; sensors of unknown scope are not. */
void aw__meter_decide_counted(aw_meter *m)
{
    int have_package = any_readable(m, AW_SCOPE_CPU_PACKAGE);
    int use_platform = !have_package && any_readable(m, AW_SCOPE_PLATFORM);
    for (size_t i = 0; i < m->n_domains; i++) {
        struct aw__domain *d = m->domains[i];
        d->info.counted = 0;
        if (d->info.status != AW_OK || d->duplicate_of >= 0)
            continue;
        switch (d->info.scope) {
        case AW_SCOPE_CPU_PACKAGE:
        case AW_SCOPE_GPU:
            d->info.counted = 1;
            break;
        case AW_SCOPE_DRAM:
            d->info.counted = !use_platform;
            if (use_platform)
                aw__copy(d->note, sizeof d->note, "inside psys, which is the total here");
            break;
        case AW_SCOPE_PLATFORM:
            d->info.counted = use_platform;
            if (!use_platform)
                aw__copy(d->note, sizeof d->note,
                         "platform total: overlaps package and dram, not added");
            break;
        case AW_SCOPE_SOC:
            d->info.counted = !have_package && !use_platform;
            if (!d->info.counted)
                aw__copy(d->note, sizeof d->note,
                         "APU: SoC power includes the CPU, already counted by RAPL");
            break;
        case AW_SCOPE_CPU_PART:
        case AW_SCOPE_OTHER:
            break; /* the source wrote why in the note */
        }
    }
}

static void meter_release_memory(aw_meter *m)
{
    for (size_t i = 0; i < m->n_domains; i++)
        free(m->domains[i]);
    free(m->domains);
    free(m->root);
    free(m->nvml_library);
    free(m);
}

static aw_status meter_alloc(const struct aw_meter_options *opt, aw_meter **out)
{
    aw_meter *m = calloc(1, sizeof *m);
    if (m == NULL)
        return AW_E_NOMEM;
    m->root_fd = -1;
    const char *root = opt->sysfs_root && opt->sysfs_root[0] ? opt->sysfs_root : "/";
    m->root = strdup(root);
    int want_lib = opt->nvml_library != NULL && opt->nvml_library[0] != '\0';
    if (want_lib)
        m->nvml_library = strdup(opt->nvml_library);
    if (m->root == NULL || (want_lib && m->nvml_library == NULL)) {
        meter_release_memory(m);
        return AW_E_NOMEM;
    }
    m->interval_s = opt->interval_s > 0 ? opt->interval_s : AW_METER_DEFAULT_INTERVAL_S;
    *out = m;
    return AW_OK;
}

/* The condition variable waits on CLOCK_MONOTONIC, so that a change of the
 * wall clock neither stalls the poller nor makes it spin. */
static aw_status init_sync(aw_meter *m)
{
    pthread_condattr_t attr;
    if (pthread_mutex_init(&m->lock, NULL) != 0)
        return AW_E_NOMEM;
    int rc = pthread_condattr_init(&attr);
    if (rc == 0) {
        rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        if (rc == 0)
            rc = pthread_cond_init(&m->wake, &attr);
        pthread_condattr_destroy(&attr);
    }
    if (rc != 0) {
        pthread_mutex_destroy(&m->lock);
        return AW_E_NOMEM;
    }
    return AW_OK;
}

static void open_source(aw_meter *m, const struct aw__source_ops *ops)
{
    struct aw__source *src = &m->sources[m->n_sources++];
    src->ops = ops;
    src->info.name = ops->name;
    aw_diag_clear(&src->info.diag);
    if (m->root_fd < 0 && ops->mask != AW_METER_NVML) {
        src->info.status = aw__fail(&src->info.diag, aw__status_from_errno(m->root_errno),
                                    "cannot open the sysfs root '%s': %s", m->root,
                                    strerror(m->root_errno));
        aw__hint(&src->info.diag, "check --sysfs-root or AIWATT_SYSFS_ROOT");
        return;
    }
    src->info.status = ops->probe(m, src, &src->info.diag);
    if (src->info.status == AW_OK)
        src->info.status = ops->open(m, src, &src->info.diag);
    /* A domain or a listing that could not be allocated: the source is
     * incomplete (or looks absent), and says why. */
    if (m->out_of_memory && (src->info.status == AW_OK || src->info.status == AW_E_ABSENT)) {
        src->info.status = AW_E_NOMEM;
        aw__fail(&src->info.diag, AW_E_NOMEM, "out of memory: some %s domains are missing",
                 ops->name);
    }
}

/* Names come from drivers and directory entries: whatever bytes they hold,
 * what the meter shows is valid UTF-8 without control characters. */
static void sanitize_domain(struct aw__domain *d)
{
    aw__sanitize_text(d->name);
    aw__sanitize_text(d->path);
    aw__sanitize_text(d->measures);
    aw__sanitize_text(d->device);
    aw__sanitize_text(d->note);
    aw__sanitize_text(d->info.diag.msg);
    aw__sanitize_text(d->info.diag.hint);
}

/* The first read of every domain: it decides readability (a permission
 * error shows here) and sets the baseline every total starts from. */
static void first_reads(aw_meter *m)
{
    double now = aw__now_s();
    for (size_t i = 0; i < m->n_domains; i++) {
        struct aw__domain *d = m->domains[i];
        if (d->info.status != AW_OK)
            continue; /* the source already knows it cannot be read */
        aw_status st = aw__meter_read_domain(d, now, &d->info.diag);
        if (st != AW_OK) {
            d->info.status = st;
            d->value.errors = 0;
        }
    }
}

static void set_periods(aw_meter *m)
{
    for (size_t i = 0; i < m->n_domains; i++) {
        struct aw__domain *d = m->domains[i];
        d->info.range_j = (double)d->range_uj / 1e6;
        if (!(d->info.max_power_w > 0))
            d->info.max_power_w = AW__DEFAULT_MAX_POWER_W;
        d->info.ceiling_w = d->info.max_power_w * AW__BURST_FACTOR;
        if (d->info.period_s > 0)
            continue; /* the source chose (NVML) */
        if (d->info.kind == AW_METER_GAUGE)
            d->info.period_s = m->interval_s;
        else
            d->info.period_s = aw_meter_counter_period_s(d->info.range_j, d->info.max_power_w);
    }
}

aw_status aw_meter_open(const struct aw_meter_options *opt, aw_meter **out,
                        struct aw_diag *diag)
{
    struct aw_meter_options defaults;
    *out = NULL;
    if (opt == NULL) {
        aw_meter_options_init(&defaults);
        opt = &defaults;
    }
    if (opt->interval_s > 3600)
        return aw__fail(diag, AW_E_INVALID, "poll interval %g s is too long", opt->interval_s);
    aw_meter *m = NULL;
    if (meter_alloc(opt, &m) != AW_OK)
        return aw__fail(diag, AW_E_NOMEM, "out of memory opening the meter");
    if (init_sync(m) != AW_OK) {
        meter_release_memory(m);
        return aw__fail(diag, AW_E_NOMEM, "cannot create the poller's lock");
    }
    m->root_fd = open(m->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    m->root_errno = m->root_fd < 0 ? errno : 0;
    unsigned mask = opt->sources ? opt->sources : AW_METER_ALL;
    for (size_t i = 0; i < N_REGISTRY; i++) {
        if (registry[i]->mask & mask)
            open_source(m, registry[i]);
    }
    for (size_t i = 0; i < m->n_domains; i++)
        sanitize_domain(m->domains[i]);
    for (size_t i = 0; i < m->n_sources; i++)
        aw__sanitize_text(m->sources[i].info.diag.msg);
    set_periods(m);
    first_reads(m);
    aw__meter_decide_counted(m);
    *out = m;
    return AW_OK;
}

void aw_meter_free(aw_meter *m)
{
    if (m == NULL)
        return;
    aw_meter_stop(m);
    for (size_t i = 0; i < m->n_domains; i++) {
        if (m->domains[i]->dir_fd >= 0)
            close(m->domains[i]->dir_fd);
    }
    for (size_t i = 0; i < m->n_sources; i++) {
        if (m->sources[i].ops->close != NULL)
            m->sources[i].ops->close(&m->sources[i]);
    }
    if (m->root_fd >= 0)
        close(m->root_fd);
    pthread_cond_destroy(&m->wake);
    pthread_mutex_destroy(&m->lock);
    meter_release_memory(m);
}

size_t aw_meter_source_count(const aw_meter *m) { return m->n_sources; }

const struct aw_meter_source *aw_meter_source_at(const aw_meter *m, size_t i)
{
    return i < m->n_sources ? &m->sources[i].info : NULL;
}

size_t aw_meter_domain_count(const aw_meter *m) { return m->n_domains; }

const struct aw_meter_domain *aw_meter_domain_at(const aw_meter *m, size_t i)
{
    return i < m->n_domains ? &m->domains[i]->info : NULL;
}

const char *aw_meter_scope_name(enum aw_meter_scope scope)
{
    switch (scope) {
    case AW_SCOPE_CPU_PACKAGE:
        return "cpu-package";
    case AW_SCOPE_CPU_PART:
        return "cpu-part";
    case AW_SCOPE_DRAM:
        return "dram";
    case AW_SCOPE_PLATFORM:
        return "platform";
    case AW_SCOPE_GPU:
        return "gpu";
    case AW_SCOPE_SOC:
        return "soc";
    case AW_SCOPE_OTHER:
        break;
    }
    return "other";
}

const char *aw_meter_kind_name(enum aw_meter_kind kind)
{
    return kind == AW_METER_GAUGE ? "gauge" : "counter";
}
