/* testsuite.c — runs ../shared/wasi-testsuite, each test in a child process with a time limit; "N passed, M failed". */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LWASI_DEFAULT_TESTSUITE
#define LWASI_DEFAULT_TESTSUITE "../shared/wasi-testsuite"
#endif

extern char **environ;

#define MAX_OUTPUT (1u << 20)

typedef struct strvec {
    char **v;
    size_t n;
} strvec;

static void sv_push(strvec *s, const char *str)
{
    s->v = realloc(s->v, (s->n + 2) * sizeof *s->v);
    if (!s->v || !(s->v[s->n] = strdup(str))) {
        perror("testsuite");
        exit(2);
    }
    s->v[++s->n] = NULL;
}

static void sv_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

/* snprintf into a path buffer; a path that does not fit ends the run rather than being cut short. */
static void fmt_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fmt_path(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "wasi-testsuite: path too long: %s\n", buf);
        exit(2);
    }
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* Copies a fixture tree (files, directories, symlinks); copies are writable by their owner. */
static int copy_tree(const char *from, const char *to)
{
    struct stat st;
    if (lstat(from, &st) != 0)
        return -1;
    if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n < 0)
            return -1;
        target[n] = '\0';
        return symlink(target, to);
    }
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(to, (st.st_mode & 07777) | 0700) != 0)
            return -1;
        DIR *d = opendir(from);
        if (!d)
            return -1;
        struct dirent *de;
        int r = 0;
        while (r == 0 && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char a[PATH_MAX], b[PATH_MAX];
            fmt_path(a, sizeof a, "%s/%s", from, de->d_name);
            fmt_path(b, sizeof b, "%s/%s", to, de->d_name);
            r = copy_tree(a, b);
        }
        closedir(d);
        return r;
    }
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (st.st_mode & 0777) | 0600);
    int r = in >= 0 && out >= 0 ? 0 : -1;
    char buf[65536];
    ssize_t n;
    while (r == 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            r = -1;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return r;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    if (remove(path) != 0 && errno != ENOENT)
        chmod(path, 0700), remove(path);
    return 0;
}

static void remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

typedef struct outcome {
    bool timed_out;
    bool signaled;
    int status; /* exit status, or the signal number */
    char *out;  /* captured stdout */
    size_t out_len;
} outcome;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Spawns argv with stdin from /dev/null, stdout captured, stderr to err_path, in directory `cwd`. */
static int run_child(char *const *argv, const char *cwd, const char *err_path, double timeout, outcome *o)
{
    memset(o, 0, sizeof *o);
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addchdir_np(&fa, cwd);
    pid_t pid;
    int r = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (r != 0) {
        close(pipefd[0]);
        errno = r;
        return -1;
    }
    o->out = malloc(MAX_OUTPUT + 1);
    double deadline = now_s() + timeout;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) {
            o->timed_out = true;
            kill(pid, SIGKILL);
            break;
        }
        struct pollfd p = {.fd = pipefd[0], .events = POLLIN};
        int pr = poll(&p, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            continue;
        char buf[8192];
        ssize_t n = read(pipefd[0], buf, sizeof buf);
        if (n <= 0)
            break; /* EOF: the child closed stdout (normally by exiting) */
        size_t room = MAX_OUTPUT - o->out_len;
        size_t take = (size_t)n < room ? (size_t)n : room;
        memcpy(o->out + o->out_len, buf, take);
        o->out_len += take;
    }
    close(pipefd[0]);
    /* The child may still be running after closing stdout: the time limit holds for waiting too. */
    int ws;
    for (;;) {
        pid_t w = waitpid(pid, &ws, WNOHANG);
        if (w == pid)
            break;
        if (now_s() > deadline && !o->timed_out) {
            o->timed_out = true;
            kill(pid, SIGKILL);
        }
        usleep(2000);
    }
    o->out[o->out_len] = '\0';
    if (WIFSIGNALED(ws)) {
        o->signaled = true;
        o->status = WTERMSIG(ws);
    } else {
        o->status = WEXITSTATUS(ws);
    }
    return 0;
}

typedef struct options {
    const char *suite;
    const char *runner;
    const char *filter;
    double timeout;
} options;

/* Prints up to a few lines of a file, indented, to explain a failure. */
static void show_stderr(const char *path)
{
    char *s = read_text(path);
    if (!s)
        return;
    int lines = 0;
    for (char *line = strtok(s, "\n"); line && lines < 8; line = strtok(NULL, "\n"), lines++)
        printf("    | %s\n", line);
    free(s);
}

/* Runs one test; returns true when it passes. */
static bool run_test(const options *opt, const char *dir, const char *suite_name, const char *name)
{
    char json_path[PATH_MAX], wasm_path[PATH_MAX];
    fmt_path(json_path, sizeof json_path, "%s/%s.json", dir, name);
    fmt_path(wasm_path, sizeof wasm_path, "%s/%s.wasm", dir, name);
    strvec argv = {0};
    sv_push(&argv, opt->runner);
    int want_exit = 0;
    const char *want_stdout = NULL;
    const char *root = NULL;
    char *text = read_text(json_path);
    cJSON *json = text ? cJSON_Parse(text) : NULL;
    if (text && !json) {
        printf("FAIL %s/%s: cannot parse %s\n", suite_name, name, json_path);
        free(text);
        sv_free(&argv);
        return false;
    }
    char tmp[] = "/tmp/lwasi-test-XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        exit(2);
    }
    char err_path[PATH_MAX];
    fmt_path(err_path, sizeof err_path, "%s/.stderr", tmp);
    cJSON *item;
    if (json && (item = cJSON_GetObjectItemCaseSensitive(json, "root")) && cJSON_IsString(item))
        root = item->valuestring;
    if (root) {
        char from[PATH_MAX], to[PATH_MAX], arg[2 * PATH_MAX];
        fmt_path(from, sizeof from, "%s/%s", dir, root);
        fmt_path(to, sizeof to, "%s/root", tmp);
        if (copy_tree(from, to) != 0) {
            printf("FAIL %s/%s: cannot copy fixture %s: %s\n", suite_name, name, from, strerror(errno));
            remove_tree(tmp);
            cJSON_Delete(json);
            free(text);
            sv_free(&argv);
            return false;
        }
        fmt_path(arg, sizeof arg, "%s::/", to);
        sv_push(&argv, "--dir");
        sv_push(&argv, arg);
    }
    if (json && (item = cJSON_GetObjectItemCaseSensitive(json, "env")) && cJSON_IsObject(item)) {
        for (cJSON *kv = item->child; kv; kv = kv->next) {
            if (!cJSON_IsString(kv))
                continue;
            size_t len = strlen(kv->string) + strlen(kv->valuestring) + 2;
            char *s = malloc(len);
            snprintf(s, len, "%s=%s", kv->string, kv->valuestring);
            sv_push(&argv, "--env");
            sv_push(&argv, s);
            free(s);
        }
    }
    if (json && (item = cJSON_GetObjectItemCaseSensitive(json, "exit_code")) && cJSON_IsNumber(item))
        want_exit = item->valueint;
    if (json && (item = cJSON_GetObjectItemCaseSensitive(json, "stdout")) && cJSON_IsString(item))
        want_stdout = item->valuestring;
    sv_push(&argv, wasm_path);
    if (json && (item = cJSON_GetObjectItemCaseSensitive(json, "args")) && cJSON_IsArray(item))
        for (cJSON *a = item->child; a; a = a->next)
            if (cJSON_IsString(a))
                sv_push(&argv, a->valuestring);

    outcome o;
    double t0 = now_s();
    bool pass = false;
    if (run_child(argv.v, tmp, err_path, opt->timeout, &o) != 0) {
        printf("FAIL %s/%s: cannot run %s: %s\n", suite_name, name, opt->runner, strerror(errno));
    } else {
        double took = now_s() - t0;
        if (o.timed_out)
            printf("FAIL %s/%s: timed out after %.0f s\n", suite_name, name, opt->timeout);
        else if (o.signaled)
            printf("FAIL %s/%s: runner killed by signal %d\n", suite_name, name, o.status);
        else if (o.status != want_exit)
            printf("FAIL %s/%s: exit status %d, expected %d\n", suite_name, name, o.status, want_exit);
        else if (want_stdout && (strlen(want_stdout) != o.out_len || memcmp(want_stdout, o.out, o.out_len) != 0))
            printf("FAIL %s/%s: stdout \"%s\", expected \"%s\"\n", suite_name, name, o.out, want_stdout);
        else
            pass = true;
        if (pass)
            printf("PASS %s/%s (%.2f s)\n", suite_name, name, took);
        else
            show_stderr(err_path);
        free(o.out);
    }
    fflush(stdout);
    remove_tree(tmp);
    cJSON_Delete(json);
    free(text);
    sv_free(&argv);
    return pass;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Runs every X.wasm of one suite folder (one that holds a manifest.json). */
static void run_folder(const options *opt, const char *dir, const char *suite_name, int *passed, int *failed)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    strvec names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".wasm") == 0) {
            char *base = strndup(de->d_name, len - 5);
            if (!opt->filter || strstr(base, opt->filter))
                sv_push(&names, base);
            free(base);
        }
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        if (run_test(opt, dir, suite_name, names.v[i]))
            (*passed)++;
        else
            (*failed)++;
    }
    sv_free(&names);
}

int main(int argc, char **argv)
{
    options opt = {.timeout = 120};
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--suite") == 0)
            opt.suite = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--runner") == 0)
            opt.runner = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--filter") == 0)
            opt.filter = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--timeout") == 0)
            opt.timeout = atof(argv[++i]);
        else {
            fprintf(stderr, "usage: wasi-testsuite --runner WASI_RUN [--suite DIR] [--filter TEXT] "
                            "[--timeout SECONDS]\n");
            return 2;
        }
    }
    /* The suite: --suite (the meson option), else $LIBWASM_WASI_TESTSUITE, else beside the source tree. */
    if (!opt.suite || !*opt.suite)
        opt.suite = getenv("LIBWASM_WASI_TESTSUITE");
    if (!opt.suite || !*opt.suite)
        opt.suite = LWASI_DEFAULT_TESTSUITE;
    char runner[PATH_MAX];
    if (!opt.runner || !realpath(opt.runner, runner)) {
        fprintf(stderr, "wasi-testsuite: --runner must name the wasi-run program\n");
        return 2;
    }
    opt.runner = runner;
    signal(SIGPIPE, SIG_IGN);

    static const char *const langs[] = {"c", "rust", "assemblyscript"};
    int passed = 0, failed = 0, folders = 0;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        char base[PATH_MAX];
        fmt_path(base, sizeof base, "%s/tests/%s/testsuite", opt.suite, langs[l]);
        DIR *d = opendir(base);
        if (!d)
            continue;
        strvec subs = {0};
        struct dirent *de;
        while ((de = readdir(d)))
            if (de->d_name[0] != '.')
                sv_push(&subs, de->d_name);
        closedir(d);
        if (subs.n)
            qsort(subs.v, subs.n, sizeof *subs.v, cmp_str);
        for (size_t i = 0; i < subs.n; i++) {
            char dir[PATH_MAX], manifest[PATH_MAX], suite_name[PATH_MAX];
            fmt_path(dir, sizeof dir, "%s/%s", base, subs.v[i]);
            fmt_path(manifest, sizeof manifest, "%s/manifest.json", dir);
            if (access(manifest, R_OK) != 0)
                continue;
            folders++;
            fmt_path(suite_name, sizeof suite_name, "%s/%s", langs[l], subs.v[i]);
            run_folder(&opt, dir, suite_name, &passed, &failed);
        }
        sv_free(&subs);
    }
    if (!folders) {
        fprintf(stderr, "wasi-testsuite: no test folders under %s/tests (set -Dwasi_testsuite=... or "
                        "LIBWASM_WASI_TESTSUITE)\n", opt.suite);
        return 2;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
