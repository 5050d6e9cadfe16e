/* runc.c — runc's container lifecycle for wasm bundles: a created process waits on a FIFO until start. */
#include "runc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "json.h"
#include "run.h"
#include "runc_state.h"

/* How long `start` waits for the created process to take its go signal, and `delete --force` for the
 * killed process to go away. */
#define WR_START_TIMEOUT_MS 10000
#define WR_KILL_WAIT_MS 2000

/* Reports an error the way runc does: to stderr, and as a log entry the shim reads back. */
static int wr_runc_fail(const wr_runc_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int wr_runc_fail(const wr_runc_args *a, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "wasmrun-runc: %s\n", msg);
    if (a->log) {
        FILE *log = fopen(a->log, "ae");
        if (log) {
            char now[64];
            wr_rfc3339_now(now, sizeof now);
            if (a->log_json) {
                cJSON *entry = cJSON_CreateObject();
                cJSON_AddStringToObject(entry, "level", "error");
                cJSON_AddStringToObject(entry, "msg", msg);
                cJSON_AddStringToObject(entry, "time", now);
                char *line = cJSON_PrintUnformatted(entry);
                if (line)
                    fprintf(log, "%s\n", line);
                free(line);
                cJSON_Delete(entry);
            } else {
                fprintf(log, "time=\"%s\" level=error msg=\"%s\"\n", now, msg);
            }
            fclose(log);
        }
    }
    return 1;
}

static char *wr_state_dir(const wr_runc_args *a) { return wr_path_join(a->root, a->id); }

static wr_err wr_mkdir_p(const char *path, mode_t mode)
{
    char *copy = wr_strdup(path);
    if (!copy)
        return wr_errf("out of memory");
    for (char *p = copy + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, mode) != 0 && errno != EEXIST) {
            wr_err e = wr_errf("cannot create %s: %s", copy, strerror(errno));
            free(copy);
            return e;
        }
        if (!saved)
            break;
        *p = saved;
    }
    free(copy);
    return NULL;
}

static wr_err wr_write_pid_file(const char *path, pid_t pid)
{
    /* Written whole under a temporary name and renamed, so the shim never reads a partial pid. */
    size_t len = strlen(path);
    char *tmp = malloc(len + 8);
    if (!tmp)
        return wr_errf("out of memory");
    snprintf(tmp, len + 8, "%s.tmp", path);
    FILE *f = fopen(tmp, "we");
    wr_err err = NULL;
    if (!f || fprintf(f, "%d", (int)pid) < 0 || fclose(f) != 0)
        err = wr_errf("cannot write pid file %s: %s", path, strerror(errno));
    else if (rename(tmp, path) != 0)
        err = wr_errf("cannot write pid file %s: %s", path, strerror(errno));
    if (err)
        unlink(tmp);
    free(tmp);
    return err;
}

/* Reads everything until EOF from fd into a NUL-terminated heap string. */
static char *wr_read_all(int fd)
{
    size_t cap = 256, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            char *more = realloc(buf, cap * 2);
            if (!more)
                break;
            buf = more;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* The container process: load everything, tell `create` how that went, wait for `start`, run. */
static void wr_container_process(const wr_launch *l, const char *fifo, int ready_fd)
{
    char *report = NULL;
    size_t report_len = 0;
    FILE *errs = open_memstream(&report, &report_len);
    wr_prepared *p = NULL;
    int status = wr_prepare(l, errs ? errs : stderr, &p);
    if (errs)
        fclose(errs);
    if (status) {
        const char *text = report && report_len ? report : "cannot load the module\n";
        ssize_t ignored = write(ready_fd, text, strlen(text));
        (void)ignored;
        _exit(status);
    }
    free(report);
    close(ready_fd); /* EOF with no report: create may return */
    int wait_fd = open(fifo, O_WRONLY | O_CLOEXEC); /* blocks until start opens the other end */
    if (wait_fd < 0)
        _exit(WR_EXIT_HOST);
    ssize_t ignored = write(wait_fd, "0", 1);
    (void)ignored;
    close(wait_fd);
    status = wr_execute(p, stdout, stderr);
    fflush(stdout);
    fflush(stderr);
    wr_prepared_delete(p);
    _exit(status);
}

static int wr_runc_create(const wr_runc_args *a, bool foreground)
{
    wr_err err;
    char *dir = wr_state_dir(a), *fifo = NULL, *bundle_dir = NULL;
    wr_bundle bundle = {0};
    wr_launch launch;
    wr_launch_init(&launch);
    int status = 1;
    bool made_dir = false;
    if (!dir) {
        status = wr_runc_fail(a, "out of memory");
        goto done;
    }
    if (a->terminal) {
        status = wr_runc_fail(a, "terminals are not supported for wasm containers (run without -t)");
        goto done;
    }
    if ((err = wr_mkdir_p(a->root, 0711))) {
        status = wr_runc_fail(a, "%s", err);
        wr_err_free(err);
        goto done;
    }
    if (mkdir(dir, 0711) != 0) {
        status = wr_runc_fail(a, errno == EEXIST ? "container with id exists: %s" : "cannot create state for %s",
                              a->id);
        goto done;
    }
    made_dir = true;
    bundle_dir = realpath(a->bundle, NULL);
    if (!bundle_dir) {
        status = wr_runc_fail(a, "bundle %s: %s", a->bundle, strerror(errno));
        goto done;
    }
    if ((err = wr_bundle_open(bundle_dir, &bundle)) || (err = wr_bundle_launch(&bundle, &launch))) {
        status = wr_runc_fail(a, "%s", err);
        wr_err_free(err);
        goto done;
    }
    fifo = wr_path_join(dir, WR_RUNC_FIFO);
    if (!fifo || mkfifo(fifo, 0600) != 0) {
        status = wr_runc_fail(a, "cannot create %s: %s", fifo ? fifo : "the start FIFO", strerror(errno));
        goto done;
    }
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        status = wr_runc_fail(a, "pipe: %s", strerror(errno));
        goto done;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(ready[0]);
        close(ready[1]);
        status = wr_runc_fail(a, "fork: %s", strerror(errno));
        goto done;
    }
    if (pid == 0) {
        close(ready[0]);
        wr_container_process(&launch, fifo, ready[1]);
    }
    close(ready[1]);
    /* The child closes its end once loaded (empty report) or writes why it could not load. */
    char *report = wr_read_all(ready[0]);
    close(ready[0]);
    if (report && report[0]) {
        size_t n = strlen(report);
        if (n && report[n - 1] == '\n')
            report[n - 1] = '\0';
        waitpid(pid, NULL, 0);
        status = wr_runc_fail(a, "%s", report);
        free(report);
        goto done;
    }
    free(report);

    wr_runc_state st = {.id = a->id, .pid = pid, .bundle = bundle_dir};
    char created[64];
    wr_rfc3339_now(created, sizeof created);
    st.created = created;
    if ((err = wr_proc_starttime(pid, &st.starttime)) || (err = wr_runc_state_save(dir, &st)) ||
        (a->pid_file && (err = wr_write_pid_file(a->pid_file, pid)))) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        status = wr_runc_fail(a, "%s", err);
        wr_err_free(err);
        goto done;
    }
    made_dir = false; /* the container exists now */
    status = 0;
    if (foreground) {
        /* `run`: start it at once and wait, the way `runc run` without --detach does. */
        int fd = open(fifo, O_RDONLY | O_CLOEXEC);
        char byte;
        if (fd >= 0) {
            ssize_t ignored = read(fd, &byte, 1);
            (void)ignored;
            close(fd);
        }
        unlink(fifo);
        int wstatus;
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
        status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
        char *path = wr_path_join(a->root, a->id);
        if (path)
            wr_remove_tree(path);
        free(path);
    }
done:
    if (made_dir)
        wr_remove_tree(dir);
    wr_bundle_free(&bundle);
    wr_launch_free(&launch);
    free(bundle_dir);
    free(fifo);
    free(dir);
    return status;
}

static int wr_load(const wr_runc_args *a, char **dir, wr_runc_state *st)
{
    *dir = wr_state_dir(a);
    if (!*dir)
        return wr_runc_fail(a, "out of memory");
    wr_err err = wr_runc_state_load(*dir, st);
    if (err) {
        int status = wr_runc_fail(a, "%s: %s", a->id, err);
        wr_err_free(err);
        free(*dir);
        *dir = NULL;
        return status;
    }
    return 0;
}

static int wr_runc_start(const wr_runc_args *a)
{
    char *dir;
    wr_runc_state st;
    if (wr_load(a, &dir, &st))
        return 1;
    int status = 1;
    const char *now = wr_runc_status(dir, &st);
    char *fifo = wr_path_join(dir, WR_RUNC_FIFO);
    if (strcmp(now, "created") != 0) {
        status = wr_runc_fail(a, "cannot start a container that is %s", now);
        goto done;
    }
    /* Non-blocking open, then poll: a process that died meanwhile cannot leave start hanging. */
    int fd = fifo ? open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
    if (fd < 0) {
        status = wr_runc_fail(a, "cannot open %s: %s", fifo ? fifo : "the start FIFO", strerror(errno));
        goto done;
    }
    for (int waited = 0; waited < WR_START_TIMEOUT_MS; waited += 100) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 100) > 0 && (pfd.revents & POLLIN)) {
            char byte;
            if (read(fd, &byte, 1) == 1) {
                status = 0;
                break;
            }
        }
        if (!wr_runc_process_alive(st.pid, st.starttime))
            break;
    }
    close(fd);
    if (status == 0)
        unlink(fifo);
    else
        wr_runc_fail(a, "container %s did not start (its process is gone or does not respond)", a->id);
done:
    free(fifo);
    free(dir);
    wr_runc_state_free(&st);
    return status;
}

static int wr_runc_state_cmd(const wr_runc_args *a)
{
    char *dir;
    wr_runc_state st;
    if (wr_load(a, &dir, &st))
        return 1;
    char *json = wr_runc_state_json(&st, wr_runc_status(dir, &st));
    int status = json ? (printf("%s\n", json), 0) : wr_runc_fail(a, "out of memory");
    free(json);
    free(dir);
    wr_runc_state_free(&st);
    return status;
}

static int wr_runc_kill(const wr_runc_args *a)
{
    char *dir;
    wr_runc_state st;
    if (wr_load(a, &dir, &st))
        return 1;
    int status = 0;
    if (strcmp(wr_runc_status(dir, &st), "stopped") == 0)
        status = wr_runc_fail(a, "container not running");
    else if (kill(st.pid, a->signal) != 0)
        status = wr_runc_fail(a, "kill %d: %s", (int)st.pid, strerror(errno));
    free(dir);
    wr_runc_state_free(&st);
    return status;
}

static int wr_runc_delete(const wr_runc_args *a)
{
    char *dir;
    wr_runc_state st;
    if (wr_load(a, &dir, &st))
        return 1;
    int status = 0;
    const char *now = wr_runc_status(dir, &st);
    if (strcmp(now, "stopped") != 0) {
        if (!a->force) {
            status = wr_runc_fail(a, "cannot delete container %s that is not stopped: %s", a->id, now);
            goto done;
        }
        kill(st.pid, SIGKILL);
        for (int waited = 0; waited < WR_KILL_WAIT_MS && wr_runc_process_alive(st.pid, st.starttime); waited += 10) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (wr_remove_tree(dir) != 0)
        status = wr_runc_fail(a, "cannot remove %s: %s", dir, strerror(errno));
done:
    free(dir);
    wr_runc_state_free(&st);
    return status;
}

static int wr_runc_ps(const wr_runc_args *a)
{
    char *dir;
    wr_runc_state st;
    if (wr_load(a, &dir, &st))
        return 1;
    bool stopped = strcmp(wr_runc_status(dir, &st), "stopped") == 0;
    if (a->ps_json)
        printf(stopped ? "[]\n" : "[%d]\n", (int)st.pid);
    else if (stopped)
        printf("PID\n");
    else
        printf("PID\n%d\n", (int)st.pid);
    free(dir);
    wr_runc_state_free(&st);
    return 0;
}

int wr_runc_main(const wr_runc_args *a)
{
    switch (a->cmd) {
    case WR_RUNC_CREATE: return wr_runc_create(a, false);
    case WR_RUNC_RUN: return wr_runc_create(a, true);
    case WR_RUNC_START: return wr_runc_start(a);
    case WR_RUNC_STATE: return wr_runc_state_cmd(a);
    case WR_RUNC_KILL: return wr_runc_kill(a);
    case WR_RUNC_DELETE: return wr_runc_delete(a);
    case WR_RUNC_PS: return wr_runc_ps(a);
    case WR_RUNC_VERSION:
        printf("wasmrun-runc version %s\nspec: 1.0.2\n", LWASM_VERSION);
        return 0;
    case WR_RUNC_HELP:
        fputs(wr_runc_usage, stdout);
        return 0;
    }
    return 1;
}
