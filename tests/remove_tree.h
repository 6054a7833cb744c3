/*
 * remove_tree.h - rm -rf for the tests' scratch directories: the meter
 * tests' fake sysfs trees (tests/unit/meter_test_util.h) and the fuzz
 * targets' private directories (tests/fuzz/fuzz_support.h). It uses the
 * POSIX 2008 *at calls, so no _XOPEN_SOURCE is needed (nftw would), and
 * never follows a link or opens a FIFO (O_DIRECTORY | O_NOFOLLOW).
 */
#ifndef AIWATT_REMOVE_TREE_H
#define AIWATT_REMOVE_TREE_H

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Removes NAME in the directory DIR_FD, and everything below it. */
static inline void remove_tree_at(int dir_fd, const char *name)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd >= 0) {
        DIR *d = fdopendir(fd);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                remove_tree_at(fd, e->d_name);
        }
        if (d != NULL)
            closedir(d);
        else
            close(fd);
        unlinkat(dir_fd, name, AT_REMOVEDIR);
    } else {
        unlinkat(dir_fd, name, 0);
    }
}

/* rm -rf PATH */
static inline void remove_tree(const char *path) { remove_tree_at(AT_FDCWD, path); }

#endif
