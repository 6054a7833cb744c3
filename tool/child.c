/*
 * child.c - fork, drop privileges, exec, forward signals, wait (child.h).
 *
 * Everything that may allocate (the user's groups, the environment) is
 * prepared before fork: the meter's poller thread runs alongside, so the
 * child calls only async-signal-safe functions until exec. An exec failure
 * comes back through a close-on-exec pipe as an errno.
 */
#define _DEFAULT_SOURCE /* getgrouplist, setgroups: not in POSIX */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "child.h"
#include "cmd.h"

extern char **environ;

/* The signals aiwatt passes on to the command. */
static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define N_FORWARDED (sizeof forwarded / sizeof forwarded[0])

static volatile sig_atomic_t child_pid; /* 0: none yet */
static volatile sig_atomic_t last_signal;

static void pass_on(int sig, siginfo_t *info, void *context)
{
    (void)context;
    last_signal = sig;
    /* si_code > 0 (SI_KERNEL): the terminal sent it to the whole foreground
     * process group, the command included; kill() and sigqueue() give
     * SI_USER or a negative code: only aiwatt got it. */
    if (info != NULL && info->si_code > 0)
        return;
    if (child_pid > 0)
        kill((pid_t)child_pid, sig);
}

/* ---- Who the command runs as -------------------------------------------- */

struct identity {
    int drop;        /* 1: become uid/gid before exec */
    uid_t uid;
    gid_t gid;
    gid_t *groups;
    int n_groups;
    char **envp;     /* the environment for exec (environ when not dropping) */
    char *env_text[3];
};

static int parse_id(const char *text, unsigned long *out)
{
    if (text == NULL || text[0] < '0' || text[0] > '9')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || v > 0x7FFFFFFFUL)
        return -1;
    *out = v;
    return 0;
}

static void identity_free(struct identity *id)
{
    free(id->groups);
    if (id->envp != environ)
        free(id->envp);
    for (size_t i = 0; i < 3; i++)
        free(id->env_text[i]);
}

/* environ with HOME, USER and LOGNAME of the user the command runs as. */
static int build_env(struct identity *id, const char *name, const char *home)
{
    const char *keys[3] = {"HOME=", "USER=", "LOGNAME="};
    const char *values[3] = {home, name, name};
    size_t n = 0;
    while (environ[n] != NULL)
        n++;
    id->envp = calloc(n + 4, sizeof *id->envp);
    if (id->envp == NULL)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int replaced = 0;
        for (size_t j = 0; j < 3; j++)
            replaced |= strncmp(environ[i], keys[j], strlen(keys[j])) == 0;
        if (!replaced)
            id->envp[k++] = environ[i];
    }
    for (size_t j = 0; j < 3; j++) {
        size_t len = strlen(keys[j]) + strlen(values[j]) + 1;
        id->env_text[j] = malloc(len);
        if (id->env_text[j] == NULL)
            return -1;
        snprintf(id->env_text[j], len, "%s%s", keys[j], values[j]);
        id->envp[k++] = id->env_text[j];
    }
    id->envp[k] = NULL;
    return 0;
}

/* Under sudo, the invoking user; else aiwatt's own identity. Returns 0, or
 * prints why and returns an exit code. */
static int plan_identity(const struct aw_child_options *opt, struct identity *id)
{
    memset(id, 0, sizeof *id);
    id->envp = environ;
    const char *sudo_uid = getenv("SUDO_UID"), *sudo_gid = getenv("SUDO_GID");
    if (geteuid() != 0 || opt->as_root || sudo_uid == NULL)
        return 0;
    unsigned long uid, gid;
    if (parse_id(sudo_uid, &uid) != 0 || sudo_gid == NULL || parse_id(sudo_gid, &gid) != 0) {
        aw_tool_error("SUDO_UID '%s' / SUDO_GID '%s' do not name a user", sudo_uid,
                      sudo_gid ? sudo_gid : "");
        aw_tool_hint("run the command as root on purpose with --as-root, or unset SUDO_UID");
        return AW_EXIT_FAIL;
    }
    if (uid == 0)
        return 0; /* sudo from root: nothing to give back */
    id->drop = 1;
    id->uid = (uid_t)uid;
    id->gid = (gid_t)gid;
    struct passwd *pw = getpwuid(id->uid);
    const char *name = pw != NULL ? pw->pw_name : getenv("SUDO_USER");
    int n = 32;
    for (int tries = 0; name != NULL && tries < 4; tries++) {
        gid_t *groups = realloc(id->groups, (size_t)n * sizeof *groups);
        if (groups == NULL)
            break;
        id->groups = groups;
        int want = n;
        if (getgrouplist(name, id->gid, id->groups, &want) >= 0) {
            id->n_groups = want;
            break;
        }
        n = want > n ? want : n * 2;
    }
    if (id->n_groups == 0) { /* no user entry: its primary group alone */
        free(id->groups);
        id->groups = malloc(sizeof *id->groups);
        if (id->groups == NULL) {
            aw_tool_error("out of memory");
            return AW_EXIT_FAIL;
        }
        id->groups[0] = id->gid;
        id->n_groups = 1;
    }
    if (pw != NULL && build_env(id, pw->pw_name, pw->pw_dir) != 0) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }
    return 0;
}

/* ---- The child side (async-signal-safe only) ---------------------------- */

static void child_exec(char **command, const struct identity *id, const sigset_t *mask,
                       int report_fd)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (size_t i = 0; i < N_FORWARDED; i++)
        sigaction(forwarded[i], &dfl, NULL);
    sigaction(SIGCHLD, &dfl, NULL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    int err = 0;
    if (id->drop) {
        if (setgroups((size_t)id->n_groups, id->groups) != 0 || setgid(id->gid) != 0 ||
            setuid(id->uid) != 0)
            err = errno;
        else if (setuid(0) == 0) /* root must be gone for good */
            err = EPERM;
    }
    if (err == 0) {
        environ = id->envp;
        execvp(command[0], command);
        err = errno;
    }
    ssize_t ignored = write(report_fd, &err, sizeof err);
    (void)ignored;
    _exit(err == ENOENT ? AW_EXIT_NOT_FOUND : AW_EXIT_CANNOT_EXECUTE);
}

/* ---- The parent side ---------------------------------------------------- */

static int cannot_run(const char *name, int err)
{
    aw_tool_error("cannot run '%s': %s", name, strerror(err));
    if (err == ENOENT) {
        aw_tool_hint("check the command's name and PATH, and put it after '--'");
        return AW_EXIT_NOT_FOUND;
    }
    aw_tool_hint(err == EACCES ? "make it executable ('chmod +x'), or run it through its "
                                 "interpreter (sh FILE)"
                               : "check that it is a program or a script with a '#!' line");
    return AW_EXIT_CANNOT_EXECUTE;
}

int aw_child_run(char **command, const struct aw_child_options *opt,
                 struct aw_child_result *out)
{
    memset(out, 0, sizeof *out);
    struct identity id;
    int rc = plan_identity(opt, &id);
    if (rc != 0) {
        identity_free(&id);
        return rc;
    }
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0) {
        identity_free(&id);
        aw_tool_error("cannot start '%s': %s", command[0], strerror(errno));
        return AW_EXIT_FAIL;
    }
    for (size_t i = 0; i < 2; i++) {
        int flags = fcntl(pipe_fd[i], F_GETFD);
        fcntl(pipe_fd[i], F_SETFD, flags | FD_CLOEXEC);
    }

    /* Handlers first, with the signals blocked until the pid is known: one
     * that arrives in between is passed on as soon as they are unblocked. */
    struct sigaction handler, dfl, old[N_FORWARDED], old_chld;
    memset(&handler, 0, sizeof handler);
    handler.sa_sigaction = pass_on;
    handler.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&handler.sa_mask);
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigset_t block, before;
    sigemptyset(&block);
    for (size_t i = 0; i < N_FORWARDED; i++)
        sigaddset(&block, forwarded[i]);
    sigprocmask(SIG_BLOCK, &block, &before);
    child_pid = 0;
    last_signal = 0;
    for (size_t i = 0; i < N_FORWARDED; i++)
        sigaction(forwarded[i], &handler, &old[i]);
    sigaction(SIGCHLD, &dfl, &old_chld); /* an inherited SIG_IGN loses the status */

    sigset_t child_mask;
    sigemptyset(&child_mask);
    pid_t pid = fork();
    if (pid == 0)
        child_exec(command, &id, &child_mask, pipe_fd[1]);
    int fork_err = pid < 0 ? errno : 0;
    child_pid = pid > 0 ? pid : 0;
    sigprocmask(SIG_SETMASK, &before, NULL);
    close(pipe_fd[1]);

    int exec_err = 0;
    if (pid > 0) {
        ssize_t n;
        while ((n = read(pipe_fd[0], &exec_err, sizeof exec_err)) < 0 && errno == EINTR)
            continue;
        if (n != (ssize_t)sizeof exec_err)
            exec_err = 0; /* closed by exec: it runs */
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            continue;
        out->exit_status = WIFEXITED(status)     ? WEXITSTATUS(status)
                           : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                                 : AW_EXIT_FAIL;
    }
    close(pipe_fd[0]);
    child_pid = 0;
    for (size_t i = 0; i < N_FORWARDED; i++)
        sigaction(forwarded[i], &old[i], NULL);
    sigaction(SIGCHLD, &old_chld, NULL);
    out->signal_passed = last_signal;
    identity_free(&id);
    if (fork_err != 0) {
        aw_tool_error("cannot start '%s': %s", command[0], strerror(fork_err));
        return AW_EXIT_FAIL;
    }
    if (exec_err != 0)
        return cannot_run(command[0], exec_err);
    return 0;
}
