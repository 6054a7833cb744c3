/*
 * sysfs.c - rooted reads of sysfs attributes. Every path is relative to a
 * directory descriptor (the sysfs root, or a zone's directory under it), so
 * one process can read the real /sys or a fake tree, and no code here ever
 * builds an absolute path.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "meter/meter_internal.h"

int aw__sysfs_open_dir(int dir_fd, const char *rel)
{
    return openat(dir_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int aw__sysfs_read_bytes(int dir_fd, const char *rel, unsigned char *buf,
                         size_t size, size_t *got)
{
    *got = 0;
    /* Opened for every read, not kept open: sysfs files are recreated when a
     * driver reloads, and a writer replacing a file (the tests' counters)
     * must be seen. openat on a held directory fd costs one short lookup. */
    /* O_NONBLOCK and the type check: a FIFO or a device planted in the
     * tree must neither block the open nor the read. */
    int fd = openat(dir_fd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return AW__ENOTREG;
    }
    int err = 0;
    while (*got < size) {
        ssize_t n = read(fd, buf + *got, size - *got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        if (n == 0)
            break;
        *got += (size_t)n;
    }
    close(fd);
    return err;
}

int aw__sysfs_read_str(int dir_fd, const char *rel, char *buf, size_t size)
{
    size_t got = 0;
    int err = aw__sysfs_read_bytes(dir_fd, rel, (unsigned char *)buf, size - 1, &got);
    buf[err == 0 ? got : 0] = '\0';
    if (err != 0)
        return err;
    while (got > 0 && isspace((unsigned char)buf[got - 1]))
        buf[--got] = '\0';
    return 0;
}

int aw__sysfs_read_u64(int dir_fd, const char *rel, uint64_t *out)
{
    char buf[32];
    int err = aw__sysfs_read_str(dir_fd, rel, buf, sizeof buf);
    if (err != 0)
        return err;
    if (!isdigit((unsigned char)buf[0]))
        return EINVAL;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(buf, &end, 10);
    if (errno != 0 || *end != '\0')
        return EINVAL;
    *out = (uint64_t)v;
    return 0;
}

/* Natural order: runs of digits compare as numbers, so "intel-rapl:2" comes
 * before "intel-rapl:10" and "hwmon2" before "hwmon10". */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            unsigned long long x = strtoull(a, (char **)&a, 10);
            unsigned long long y = strtoull(b, (char **)&b, 10);
            if (x != y)
                return x < y ? -1 : 1;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int natural_qsort_cmp(const void *a, const void *b)
{
    return natural_cmp(*(char *const *)a, *(char *const *)b);
}

void aw__sysfs_list_free(char **names, size_t n)
{
    for (size_t i = 0; names != NULL && i < n; i++)
        free(names[i]);
    free(names);
}

int aw__sysfs_list(int dir_fd, const char *rel, const char *prefix,
                   char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    int fd = aw__sysfs_open_dir(dir_fd, rel);
    if (fd < 0)
        return errno;
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        int err = errno;
        close(fd);
        return err;
    }
    size_t len = strlen(prefix), cap = 0;
    char **list = NULL;
    int err = 0;
    for (struct dirent *e = readdir(dir); e != NULL; e = readdir(dir)) {
        if (strncmp(e->d_name, prefix, len) != 0 || e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nlist = realloc(list, ncap * sizeof *nlist);
            if (nlist == NULL) {
                err = ENOMEM;
                break;
            }
            list = nlist;
            cap = ncap;
        }
        list[*n] = strdup(e->d_name);
        if (list[*n] == NULL) {
            err = ENOMEM;
            break;
        }
        (*n)++;
    }
    closedir(dir);
    if (err != 0) {
        aw__sysfs_list_free(list, *n);
        *n = 0;
        return err;
    }
    if (*n > 1)
        qsort(list, *n, sizeof *list, natural_qsort_cmp);
    *names = list;
    return 0;
}

aw_status aw__status_from_errno(int err)
{
    switch (err) {
    case 0:
        return AW_OK;
    case ENOENT:
    case ENOTDIR:
        return AW_E_NOT_FOUND;
    case EACCES:
    case EPERM:
        return AW_E_PERM;
    case ENOMEM:
        return AW_E_NOMEM;
    case EINVAL:
        return AW_E_PARSE;
    case ENODATA:
    case EOPNOTSUPP:
        return AW_E_UNSUPPORTED;
    default:
        return AW_E_IO;
    }
}

void aw__copy(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return;
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

aw_status aw__sysfs_read_sample(struct aw__source *src, struct aw__domain *d,
                                struct aw__sample *out, struct aw_diag *diag)
{
    uint64_t v = 0;
    int err = aw__sysfs_read_u64(d->dir_fd, d->file, &v);
    if (err != 0)
        return aw__sysfs_fail(diag, d->path, err, src->ops->perm_hint);
    if (d->info.kind == AW_METER_COUNTER) {
        out->valid = AW__SAMPLE_ENERGY;
        out->energy_uj = v;
    } else {
        out->valid = AW__SAMPLE_POWER;
        out->power_uw = v;
    }
    return AW_OK;
}

aw_status aw__sysfs_fail(struct aw_diag *diag, const char *path, int err,
                         const char *perm_hint)
{
    aw_status st = aw__status_from_errno(err);
    const char *why = err == EINVAL        ? "not a number"
                      : err == AW__ENOTREG ? "not a regular file"
                                           : strerror(err);
    aw__fail(diag, st, "cannot read %s: %s", path, why);
    if (st == AW_E_PERM && perm_hint != NULL)
        aw__hint(diag, "%s", perm_hint);
    else if (err == AW__ENOTREG)
        aw__hint(diag, "check --sysfs-root: sysfs attributes are regular files");
    else if (st == AW_E_PARSE)
        aw__hint(diag, "the driver wrote something unexpected: report it with the file's content");
    return st;
}

void aw__sanitize_text(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = aw__utf8_sequence(p);
        if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7F))) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}
