/*
 * cpu_of.c - runs a command and prints the CPU time (user + system, in
 * seconds, microsecond resolution) it and its descendants used, from
 * getrusage(RUSAGE_CHILDREN). GNU time rounds to 10 ms, too coarse for a
 * poller that costs microseconds a second.
 *
 * usage: cpu_of COMMAND [ARGS...]
 */
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cpu_of COMMAND [ARGS...]\n");
        return 2;
    }
    pid_t pid;
    if (posix_spawnp(&pid, argv[1], NULL, NULL, &argv[1], environ) != 0) {
        perror(argv[1]);
        return 127;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    printf("%.6f\n", cpu);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
