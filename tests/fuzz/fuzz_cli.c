/*
 * fuzz_cli.c - the aiwatt CLI in process (tool/main.c's main, built as
 * aw_cli_main, so no fork or exec per input): the input is split into
 * arguments at NUL and newline bytes, its first byte picks the command.
 * Commands that run programs, loop until interrupted or listen on the
 * network (measure, monitor, serve) are left out, as are arguments that name
 * files or libraries (anything with '/', --catalog, --svg, --html, --output,
 * --sysfs-root, --nvml-library, or an abbreviation getopt_long would take
 * for one): the fuzzer must not write, read or load where it likes. It runs
 * in a private scratch directory, so a bare file name stays there (give
 * the corpus and -artifact_prefix as absolute paths, as run.sh does).
 *
 * Nothing is printed: stdout and stderr (the FILE pointers the CLI writes
 * through) point at /dev/null for the whole run. libFuzzer keeps its own
 * copy of stderr, and the sanitizers write to file descriptor 2, so their
 * reports still show. Both directories are removed at exit (libFuzzer ends
 * a run with exit(); after a crash they stay, with what the CLI wrote).
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz_support.h"

int aw_cli_main(int argc, char **argv);

static const char *const commands[] = {
    "estimate", "catalog", "mix",   "agent", "report",  "refs", "reproduce", "fleet",
    "compare",  "train",   "whatif", "sources", "help", "version", "me",     "usage",
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])
#define MAX_ARGS 24

static char empty_root[64];
static char scratch[64];

static void remove_directories(void)
{
    if (chdir("/") != 0)
        return;
    remove_tree(scratch);
    remove_tree(empty_root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull == NULL)
        abort();
    stdout = devnull; /* glibc: stdout and stderr are assignable variables */
    stderr = devnull;
    snprintf(empty_root, sizeof empty_root, "/tmp/aiwatt-fuzz-cli-XXXXXX");
    snprintf(scratch, sizeof scratch, "/tmp/aiwatt-fuzz-cwd-XXXXXX");
    if (mkdtemp(empty_root) == NULL || mkdtemp(scratch) == NULL || chdir(scratch) != 0)
        abort();
    atexit(remove_directories);
    return 0;
}

/* An argument that names a file, or an option (or getopt_long's
 * abbreviation of one) whose value is a file. */
static int refused(const char *arg)
{
    static const char *const options[] = {"--catalog", "--svg", "--html", "--output",
                                          "--sysfs-root", "--nvml-library"};
    if (strchr(arg, '/') != NULL)
        return 1;
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    size_t n = strcspn(arg, "=");
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        size_t len = strlen(options[i]);
        if (n > 2 && n <= len && strncmp(arg, options[i], n) == 0)
            return 1;
    }
    return 0;
}

/* The flags tool/main.c takes out of the arguments wherever they stand
 * (before "--"), so that the command's parser never sees them. */
static int global_flag(const char *arg)
{
    return strcmp(arg, "--wide") == 0 || strcmp(arg, "--precise") == 0;
}

/* An --uncertainty=N or --uncertainty N (tool/reqopts.c takes the draws from
 * the next argument too, and that is the next one left once the global flags
 * are out: "--uncertainty --wide 838381" asks for 838,381 draws), or
 * getopt_long's abbreviation of it, that asks for more than FUZZ_MAX_DRAWS
 * (fuzz_support.h) makes the input skipped. */
static int asks_many_draws(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0)
            break;
        size_t n = strcspn(arg, "=");
        if (n <= 2 || strncmp(arg, "--uncertainty", n) != 0)
            continue;
        int next = i + 1;
        while (next < argc && global_flag(argv[next]))
            next++;
        const char *value = arg[n] == '=' ? arg + n + 1
                            : next < argc && argv[next][0] != '-' ? argv[next]
                                                                  : NULL;
        if (value != NULL && fuzz_asks_many_draws(value))
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    char *text = malloc(size);
    if (text == NULL)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *argv[MAX_ARGS + 7];
    int argc = 0;
    argv[argc++] = "aiwatt";
    argv[argc++] = "--sysfs-root";
    argv[argc++] = empty_root;
    argv[argc++] = "--nvml-library";
    argv[argc++] = "/nonexistent/libnvidia-ml.so.1";
    argv[argc++] = (char *)commands[data[0] % N_COMMANDS];
    char *stop = text + size - 1;
    for (char *p = text; p < stop && argc < MAX_ARGS + 6;) {
        char *q = p;
        while (q < stop && *q != '\n' && *q != '\0')
            q++;
        *q = '\0';
        if (!refused(p))
            argv[argc++] = p;
        p = q + 1;
    }
    argv[argc] = NULL;
    if (asks_many_draws(argc, argv)) {
        free(text);
        return 0;
    }
    /* A full reset of getopt's state between runs (optind = 0 in glibc). */
    optind = 0;
    char *dummy[] = {"x", NULL};
    (void)getopt(1, dummy, "");
    (void)aw_cli_main(argc, argv);
    free(text);
    return 0;
}
