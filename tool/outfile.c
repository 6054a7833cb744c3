/*
 * outfile.c - whole-or-nothing output files (see outfile.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmd.h"
#include "outfile.h"

static int fail(const struct aw_outfile *o, int err)
{
    aw_tool_error("cannot write '%s': %s", o->path, strerror(err));
    aw_tool_hint("check that the directory exists, is writable and has space");
    return -1;
}

int aw_outfile_open(struct aw_outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = strdup(path);
    size_t n = strlen(path) + sizeof ".XXXXXX";
    o->tmp = malloc(n);
    if (o->path == NULL || o->tmp == NULL) {
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        aw_tool_error("out of memory");
        return -1;
    }
    snprintf(o->tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int err = errno;
        fail(o, err);
        free(o->tmp);
        free(o->path);
        memset(o, 0, sizeof *o);
        return -1;
    }
    /* mkstemp makes it 0600; a report is as readable as any new file. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (o->f == NULL) {
        int err = errno;
        close(fd);
        fail(o, err);
        aw_outfile_abort(o);
        return -1;
    }
    return 0;
}

void aw_outfile_abort(struct aw_outfile *o)
{
    if (o->f != NULL)
        fclose(o->f);
    if (o->tmp != NULL)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int aw_outfile_commit(struct aw_outfile *o)
{
    int err = 0;
    if (fflush(o->f) != 0 || ferror(o->f))
        err = errno ? errno : EIO;
    else if (fsync(fileno(o->f)) != 0 && errno != EINVAL)
        err = errno;
    if (fclose(o->f) != 0 && err == 0)
        err = errno;
    o->f = NULL;
    if (err == 0 && rename(o->tmp, o->path) != 0)
        err = errno;
    if (err != 0) {
        fail(o, err);
        aw_outfile_abort(o);
        return -1;
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}

int aw_outfile_write(const char *path, const char *text)
{
    struct aw_outfile o;
    if (aw_outfile_open(&o, path) != 0)
        return -1;
    if (fputs(text, o.f) < 0) {
        int err = errno;
        fail(&o, err);
        aw_outfile_abort(&o);
        return -1;
    }
    return aw_outfile_commit(&o);
}

int aw_tool_flush(FILE *stream, const char *what)
{
    errno = 0;
    if (fflush(stream) == 0 && !ferror(stream))
        return 0;
    int err = errno ? errno : EIO;
    aw_tool_error("cannot write the %s: %s", what, strerror(err));
    aw_tool_hint(err == ENOSPC ? "free some space, or write it elsewhere with --output FILE"
                               : "check where the output goes");
    return -1;
}
