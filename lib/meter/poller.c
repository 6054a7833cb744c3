/*
 * poller.c - keeps a 64-bit, wrap-free energy total per domain.
 *
 * RAPL counters are 32-bit registers scaled to µJ: they wrap after
 * max_energy_range_uj (65.5 kJ on AMD, about 4 minutes at 280 W). A counter
 * read twice within one wrap period can always be unwrapped; so a thread
 * reads each counter at a quarter of its wrap time at maximum power, and at
 * least once a second. Sensors that give only power are integrated with the
 * trapezoid rule at the meter's interval. Every read goes through one
 * function, aw__meter_read_domain, under the meter's lock, whether it comes
 * from the thread or from aw_meter_sample().
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "meter/meter_internal.h"

/* Counters are read at least this often, so live totals stay fresh. */
#define COUNTER_PERIOD_MAX_S 1.0
/* Reads closer than this would cost more than they tell. */
#define COUNTER_PERIOD_MIN_S 0.001
/* A counter is read at this fraction of its wrap time at maximum power:
 * bursts may go above the maximum by this much. */
#define WRAP_SAFETY_FACTOR AW__BURST_FACTOR

double aw__now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t aw_meter_counter_delta(uint64_t last, uint64_t cur, uint64_t range_uj,
                                int *event)
{
    int ev = 0;
    uint64_t delta;
    if (cur >= last) {
        delta = cur - last;
    } else if (range_uj > 0 && last <= range_uj) {
        /* The counter runs 0..range inclusive, so one wrap adds
         * range - last + 1 to reach 0, then cur. */
        ev = 1;
        delta = range_uj - last + 1 + cur;
    } else {
        /* It restarted (a driver reload, a reset after suspend): from when
         * is unknown, so the interval is dropped rather than guessed. */
        ev = 2;
        delta = 0;
    }
    if (event != NULL)
        *event = ev;
    return delta;
}

double aw_meter_counter_period_s(double range_j, double max_power_w)
{
    if (!(range_j > 0) || !(max_power_w > 0))
        return COUNTER_PERIOD_MAX_S;
    double period = range_j / max_power_w / WRAP_SAFETY_FACTOR;
    if (period > COUNTER_PERIOD_MAX_S)
        period = COUNTER_PERIOD_MAX_S;
    if (period < COUNTER_PERIOD_MIN_S)
        period = COUNTER_PERIOD_MIN_S;
    return period;
}

/* Could the domain have used `delta_uj` in `elapsed_s`? Not when that is
 * more than its ceiling power over the time, plus one counter step. */
static int plausible(const struct aw__domain *d, uint64_t delta_uj, double elapsed_s)
{
    double most_uj = d->info.ceiling_w * ((elapsed_s > 0 ? elapsed_s : 0) + AW__STEP_SLACK_S) * 1e6;
    return (double)delta_uj <= most_uj;
}

static void fold_counter(struct aw__domain *d, uint64_t raw, double now_s)
{
    struct aw_meter_value *v = &d->value;
    if (!d->have_last) {
        d->last_raw = raw;
        v->valid |= AW_METER_VALID_ENERGY;
        return;
    }
    int event = 0;
    uint64_t delta = aw_meter_counter_delta(d->last_raw, raw, d->range_uj, &event);
    /* A step back that would be a wrap of more energy than the domain can
     * use in the time (a reset after suspend, a glitch), or a step forward
     * beyond it: the interval is dropped, never invented. */
    if (event != 2 && !plausible(d, delta, now_s - d->last_time_s)) {
        event = 2;
        delta = 0;
    }
    if (event == 1)
        v->wraps++;
    else if (event == 2)
        v->resets++;
    /* Two wraps between reads look like one: all we can do is say so. */
    if (d->range_uj > 0 && d->info.max_power_w > 0 &&
        now_s - d->last_time_s > d->info.range_j / d->info.max_power_w)
        v->overdue++;
    if (delta > 0)
        v->updates++;
    v->energy_uj += delta;
    d->last_raw = raw;
}

/* Returns 0 when the reading is rejected (above the ceiling): the
 * intervals on both sides of it are dropped. */
static int fold_power(struct aw__domain *d, uint64_t power_uw, double now_s)
{
    struct aw_meter_value *v = &d->value;
    double power_w = (double)power_uw / 1e6;
    if (!(power_w <= d->info.ceiling_w)) {
        v->resets++;
        return 0;
    }
    if (d->info.kind == AW_METER_GAUGE) {
        if (d->have_last) {
            d->frac_uj += (d->last_power_w + power_w) / 2 * (now_s - d->last_time_s) * 1e6;
            double whole = floor(d->frac_uj);
            v->energy_uj += (uint64_t)whole;
            d->frac_uj -= whole;
            if (power_w != d->last_power_w)
                v->updates++;
        }
        v->valid |= AW_METER_VALID_ENERGY;
    }
    d->last_power_w = power_w;
    v->power_w = power_w;
    v->valid |= AW_METER_VALID_POWER;
    return 1;
}

aw_status aw__meter_read_domain(struct aw__domain *d, double now_s, struct aw_diag *diag)
{
    struct aw__sample s = {0};
    aw_status st = d->src->ops->read(d->src, d, &s, diag);
    if (st != AW_OK) {
        d->value.errors++;
        /* It vanished or its driver fails: what it counted is kept, and
         * when it stopped is said. */
        if (d->have_last && d->value.lost_s == 0)
            d->value.lost_s = now_s;
        return st;
    }
    d->value.reads++;
    d->value.lost_s = 0;
    int keep = 1;
    if (s.valid & AW__SAMPLE_ENERGY)
        fold_counter(d, s.energy_uj, now_s);
    if (s.valid & AW__SAMPLE_POWER)
        keep = fold_power(d, s.power_uw, now_s);
    d->have_last = keep || (s.valid & AW__SAMPLE_ENERGY);
    d->last_time_s = now_s;
    return AW_OK;
}

/* ---- The thread --------------------------------------------------------- */

/* Reads the domains that are due and returns when the next one is. */
static double poll_due(aw_meter *m)
{
    double now = aw__now_s(), next = now + COUNTER_PERIOD_MAX_S;
    for (size_t i = 0; i < m->n_domains; i++) {
        struct aw__domain *d = m->domains[i];
        if (d->info.status != AW_OK)
            continue;
        if (now >= d->next_due_s) {
            (void)aw__meter_read_domain(d, now, NULL);
            d->next_due_s = now + d->info.period_s;
        }
        if (d->next_due_s < next)
            next = d->next_due_s;
    }
    return next;
}

static struct timespec to_timespec(double t_s)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t_s;
    ts.tv_nsec = (long)((t_s - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static void *poller_main(void *arg)
{
    aw_meter *m = arg;
    pthread_mutex_lock(&m->lock);
    while (!m->stop) {
        struct timespec until = to_timespec(poll_due(m));
        /* Sleeps until the next read is due, or until aw_meter_stop. */
        while (!m->stop) {
            int rc = pthread_cond_timedwait(&m->wake, &m->lock, &until);
            if (rc == ETIMEDOUT)
                break;
        }
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

double aw_meter_tick_s(const aw_meter *m)
{
    double tick = COUNTER_PERIOD_MAX_S;
    for (size_t i = 0; i < m->n_domains; i++) {
        const struct aw__domain *d = m->domains[i];
        if (d->info.status == AW_OK && d->info.period_s < tick)
            tick = d->info.period_s;
    }
    return tick;
}

aw_status aw_meter_start(aw_meter *m, struct aw_diag *diag)
{
    if (m->running)
        return AW_OK;
    size_t readable = 0;
    for (size_t i = 0; i < m->n_domains; i++)
        readable += m->domains[i]->info.status == AW_OK;
    if (readable == 0)
        return AW_OK; /* nothing to poll: no thread, no wake-ups */
    double now = aw__now_s();
    pthread_mutex_lock(&m->lock);
    m->stop = 0;
    for (size_t i = 0; i < m->n_domains; i++)
        m->domains[i]->next_due_s = now + m->domains[i]->info.period_s;
    pthread_mutex_unlock(&m->lock);

    /* The thread blocks every signal, so that SIGINT and SIGCHLD reach the
     * caller's thread, where a CLI expects them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&m->thread, NULL, poller_main, m);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0)
        return aw__fail(diag, AW_E_IO, "cannot start the poller thread: %s", strerror(rc));
    m->running = 1;
    return AW_OK;
}

void aw_meter_stop(aw_meter *m)
{
    if (m == NULL || !m->running)
        return;
    pthread_mutex_lock(&m->lock);
    m->stop = 1;
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    m->running = 0;
}

/* ---- Snapshots ---------------------------------------------------------- */

aw_status aw_meter_snapshot_new(const aw_meter *m, struct aw_meter_snapshot **out)
{
    *out = NULL;
    struct aw_meter_snapshot *s = calloc(1, sizeof *s);
    if (s == NULL)
        return AW_E_NOMEM;
    s->n = m->n_domains;
    s->domain = calloc(s->n ? s->n : 1, sizeof *s->domain);
    if (s->domain == NULL) {
        free(s);
        return AW_E_NOMEM;
    }
    *out = s;
    return AW_OK;
}

void aw_meter_snapshot_free(struct aw_meter_snapshot *s)
{
    if (s == NULL)
        return;
    free(s->domain);
    free(s);
}

aw_status aw_meter_delta_new(const aw_meter *m, struct aw_meter_delta **out)
{
    *out = NULL;
    struct aw_meter_delta *d = calloc(1, sizeof *d);
    if (d == NULL)
        return AW_E_NOMEM;
    d->n = m->n_domains;
    d->domain = calloc(d->n ? d->n : 1, sizeof *d->domain);
    if (d->domain == NULL) {
        free(d);
        return AW_E_NOMEM;
    }
    *out = d;
    return AW_OK;
}

void aw_meter_delta_free(struct aw_meter_delta *d)
{
    if (d == NULL)
        return;
    free(d->domain);
    free(d);
}

void aw_meter_sample(aw_meter *m, struct aw_meter_snapshot *out)
{
    pthread_mutex_lock(&m->lock);
    double now = aw__now_s();
    out->time_s = now;
    if (out->n > m->n_domains)
        out->n = m->n_domains;
    for (size_t i = 0; i < out->n; i++) {
        struct aw__domain *d = m->domains[i];
        if (d->info.status == AW_OK) {
            (void)aw__meter_read_domain(d, now, NULL);
            d->next_due_s = now + d->info.period_s;
        }
        out->domain[i] = d->value;
    }
    pthread_mutex_unlock(&m->lock);
}

void aw_meter_diff(const aw_meter *m, const struct aw_meter_snapshot *from,
                   const struct aw_meter_snapshot *to, struct aw_meter_delta *out)
{
    struct aw_meter_energy *entries = out->domain;
    size_t room = out->n;
    memset(out, 0, sizeof *out);
    out->domain = entries;
    out->duration_s = to->time_s - from->time_s;
    out->n = to->n < from->n ? to->n : from->n;
    if (out->n > room)
        out->n = room;
    for (size_t i = 0; i < out->n; i++) {
        const struct aw_meter_value *a = &from->domain[i], *b = &to->domain[i];
        struct aw_meter_energy *e = &out->domain[i];
        memset(e, 0, sizeof *e);
        e->valid = (a->valid & b->valid & AW_METER_VALID_ENERGY) != 0 &&
                   b->energy_uj >= a->energy_uj;
        e->updates = b->updates - a->updates;
        e->errors = b->errors - a->errors;
        e->wraps = b->wraps - a->wraps;
        e->resets = b->resets - a->resets;
        e->overdue = b->overdue - a->overdue;
        if (b->lost_s > 0) {
            e->lost = 1;
            e->lost_s = b->lost_s > from->time_s ? b->lost_s - from->time_s : 0;
        }
        if (!e->valid)
            continue;
        e->energy_j = (double)(b->energy_uj - a->energy_uj) / 1e6;
        e->power_w = out->duration_s > 0 ? e->energy_j / out->duration_s : 0;
        if (i < m->n_domains && m->domains[i]->info.counted) {
            out->total_j += e->energy_j;
            out->valid++;
        }
    }
    out->total_w = out->duration_s > 0 ? out->total_j / out->duration_s : 0;
}
