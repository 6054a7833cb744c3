/*
 * outfile.h - files the CLI writes (a report, a chart): whole or not at all,
 * and never through a link someone planted.
 *
 * The text goes to a temporary file that mkstemp creates (O_EXCL, mode
 * 0600) in the target's own directory, so no existing name is followed;
 * on success it gets the usual mode (0666 less the umask), is flushed to
 * disk and renamed over the target, which replaces a symlink there rather
 * than writing through it. On any failure the temporary file is removed
 * and the target is left as it was.
 */
#ifndef AIWATT_TOOL_OUTFILE_H
#define AIWATT_TOOL_OUTFILE_H

#include <stdio.h>

struct aw_outfile {
    FILE *f;    /* write here */
    char *tmp;  /* the temporary file's path */
    char *path; /* the target */
};

/* Creates the temporary file for `path`. Returns 0, or prints the error
 * (with a hint) and returns -1. */
int aw_outfile_open(struct aw_outfile *o, const char *path);

/* Finishes the file and renames it over the target. Returns 0, or prints
 * the error, removes the temporary file and returns -1. */
int aw_outfile_commit(struct aw_outfile *o);

/* Gives up: removes the temporary file. Accepts an unopened (zeroed) one. */
void aw_outfile_abort(struct aw_outfile *o);

/* Writes `text` to `path` through aw_outfile. Returns 0 or -1 (printed). */
int aw_outfile_write(const char *path, const char *text);

/* Flushes a stream that data was printed to (stdout): a full disk or a
 * closed pipe is an error, not a lost report. Returns 0, or prints the
 * error and returns -1. */
int aw_tool_flush(FILE *stream, const char *what);

#endif
