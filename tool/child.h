/*
 * child.h - running the command that `aiwatt measure` wraps, as a shell
 * would, and without handing it aiwatt's privileges.
 *
 *   - Exit status: the command's code, 128 + N when signal N killed it;
 *     127 when it is not found, 126 when it is found but cannot be run.
 *   - Signals: SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to aiwatt are
 *     passed on to the command, and aiwatt waits for it and reports; the
 *     same signals from the terminal already reach the command (same
 *     process group) and are not sent twice. SIGCHLD is reset to its
 *     default first, so an inherited "ignore" cannot lose the status.
 *   - Privileges: started as root through sudo (SUDO_UID, SUDO_GID), the
 *     command runs as the invoking user, with that user's groups, HOME,
 *     USER and LOGNAME, unless as_root is set. aiwatt itself keeps root to
 *     read the counters.
 */
#ifndef AIWATT_TOOL_CHILD_H
#define AIWATT_TOOL_CHILD_H

#define AW_EXIT_NOT_FOUND 127
#define AW_EXIT_CANNOT_EXECUTE 126

struct aw_child_options {
    int as_root; /* 1: under sudo, run the command as root anyway */
};

struct aw_child_result {
    int exit_status;   /* as a shell reports it */
    int signal_passed; /* the last signal aiwatt passed on (0: none) */
};

/* Runs `command` (argv, NULL-terminated; found in PATH unless it holds a
 * slash) and waits for it. Returns 0 with *out filled, or, when it could not
 * be started, prints why and returns the exit code (127, 126, or 1). */
int aw_child_run(char **command, const struct aw_child_options *opt,
                 struct aw_child_result *out);

#endif
