/* startup.c — start-up benchmark: runs commands N times, reports wall time and peak RSS of each. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs argv `runs` times with output discarded; prints median/min wall time and the largest peak RSS. */
static int bench(int runs, char **argv)
{
    double *ms = calloc((size_t)runs, sizeof *ms);
    long max_rss_kib = 0;
    if (!ms)
        return 1;
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            execv(argv[0], argv);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "startup: %s failed\n", argv[0]);
            free(ms);
            return 1;
        }
        ms[i] = now_ms() - t0;
        if (ru.ru_maxrss > max_rss_kib)
            max_rss_kib = ru.ru_maxrss;
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    char cmd[256] = "";
    for (char **a = argv; *a; a++) {
        const char *base = strrchr(*a, '/') ? strrchr(*a, '/') + 1 : *a;
        strncat(cmd, base, sizeof cmd - strlen(cmd) - 2);
        if (a[1])
            strcat(cmd, " ");
    }
    printf("%-40s %5d %10.3f %10.3f %12ld\n", cmd, runs, ms[runs / 2], ms[0], max_rss_kib);
    free(ms);
    return 0;
}

int main(int argc, char **argv)
{
    /* startup RUNS CMD [ARGS...] [--- CMD [ARGS...]]... */
    if (argc < 3) {
        fprintf(stderr, "usage: startup RUNS CMD [ARGS...] [--- CMD [ARGS...]]...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1)
        runs = 1;
    printf("%-40s %5s %10s %10s %12s\n", "command", "runs", "median ms", "min ms", "peak RSS KiB");
    int status = 0;
    for (int i = 2; i < argc;) {
        int j = i;
        while (j < argc && strcmp(argv[j], "---") != 0)
            j++;
        argv[j < argc ? j : argc] = NULL;
        status |= bench(runs, argv + i);
        i = j + 1;
    }
    return status;
}
