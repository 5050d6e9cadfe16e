/* runc_state.c — saving and loading a container's state and working out its status from /proc. */
#include "runc_state.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"

void wr_runc_state_free(wr_runc_state *s)
{
    free(s->id);
    free(s->bundle);
    free(s->created);
    memset(s, 0, sizeof *s);
}

void wr_rfc3339_now(char *buf, size_t size)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, size, "%s.%09ldZ", date, ts.tv_nsec);
}

wr_err wr_proc_starttime(pid_t pid, unsigned long long *out)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wr_errf("%s: %s", path, strerror(errno));
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return wr_errf("%s: unreadable", path);
    buf[n] = '\0';
    /* The command name (field 2) may hold spaces and parentheses: count fields after the last ')'. */
    char *p = strrchr(buf, ')');
    if (!p)
        return wr_errf("%s: unexpected format", path);
    p++;
    for (int field = 3; field < 22; field++) {
        p = strchr(p + 1, ' ');
        if (!p)
            return wr_errf("%s: unexpected format", path);
    }
    *out = strtoull(p + 1, NULL, 10);
    return NULL;
}

/* Field 3 of /proc/PID/stat, or 0 when the process is gone. */
static char wr_proc_state(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : 0;
}

bool wr_runc_process_alive(pid_t pid, unsigned long long starttime)
{
    if (pid <= 0)
        return false;
    char st = wr_proc_state(pid);
    if (st == 0 || st == 'Z' || st == 'X')
        return false;
    unsigned long long now;
    wr_err err = wr_proc_starttime(pid, &now);
    if (err) {
        wr_err_free(err);
        return false;
    }
    return starttime == 0 || now == starttime;
}

const char *wr_runc_status(const char *dir, const wr_runc_state *s)
{
    if (!wr_runc_process_alive(s->pid, s->starttime))
        return "stopped";
    char *fifo = wr_path_join(dir, WR_RUNC_FIFO);
    bool waiting = fifo && access(fifo, F_OK) == 0;
    free(fifo);
    return waiting ? "created" : "running";
}

char *wr_runc_state_json(const wr_runc_state *s, const char *status)
{
    cJSON *doc = cJSON_CreateObject();
    if (!doc)
        return NULL;
    bool stopped = strcmp(status, "stopped") == 0;
    char *rootfs = s->bundle ? wr_path_join(s->bundle, "rootfs") : NULL;
    cJSON_AddStringToObject(doc, "ociVersion", "1.0.2");
    cJSON_AddStringToObject(doc, "id", s->id ? s->id : "");
    cJSON_AddNumberToObject(doc, "pid", stopped ? 0 : s->pid);
    cJSON_AddStringToObject(doc, "status", status);
    cJSON_AddStringToObject(doc, "bundle", s->bundle ? s->bundle : "");
    cJSON_AddStringToObject(doc, "rootfs", rootfs ? rootfs : "");
    cJSON_AddStringToObject(doc, "created", s->created ? s->created : "");
    cJSON_AddStringToObject(doc, "owner", "");
    free(rootfs);
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    return text;
}

wr_err wr_runc_state_save(const char *dir, const wr_runc_state *s)
{
    cJSON *doc = cJSON_CreateObject();
    char *text = NULL, *path = wr_path_join(dir, WR_RUNC_STATE_FILE), *tmp = wr_path_join(dir, ".state.json.tmp");
    wr_err err = NULL;
    if (doc) {
        cJSON_AddStringToObject(doc, "id", s->id);
        cJSON_AddNumberToObject(doc, "pid", s->pid);
        cJSON_AddStringToObject(doc, "bundle", s->bundle);
        cJSON_AddStringToObject(doc, "created", s->created);
        char start[32];
        snprintf(start, sizeof start, "%llu", s->starttime); /* a string: doubles lose 64-bit precision */
        cJSON_AddStringToObject(doc, "starttime", start);
        text = cJSON_PrintUnformatted(doc);
    }
    if (!text || !path || !tmp) {
        err = wr_errf("out of memory");
        goto done;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
        err = wr_errf("cannot write %s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        unlink(tmp);
        goto done;
    }
    close(fd);
    if (rename(tmp, path) != 0)
        err = wr_errf("cannot write %s: %s", path, strerror(errno));
done:
    free(text);
    free(path);
    free(tmp);
    cJSON_Delete(doc);
    return err;
}

wr_err wr_runc_state_load(const char *dir, wr_runc_state *s)
{
    memset(s, 0, sizeof *s);
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return wr_errf("container does not exist");
    cJSON *doc;
    wr_err err = wr_json_read_at(dirfd, WR_RUNC_STATE_FILE, &doc);
    close(dirfd);
    if (err) {
        wr_err_free(err);
        return wr_errf("container does not exist (no readable state in %s)", dir);
    }
    const char *id = wr_json_string(doc, "id"), *bundle = wr_json_string(doc, "bundle");
    const char *created = wr_json_string(doc, "created"), *start = wr_json_string(doc, "starttime");
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(doc, "pid");
    if (!id || !bundle || !created || !start || !cJSON_IsNumber(pid)) {
        cJSON_Delete(doc);
        return wr_errf("%s/%s: incomplete state", dir, WR_RUNC_STATE_FILE);
    }
    s->id = wr_strdup(id);
    s->bundle = wr_strdup(bundle);
    s->created = wr_strdup(created);
    s->pid = (pid_t)pid->valueint;
    s->starttime = strtoull(start, NULL, 10);
    cJSON_Delete(doc);
    if (!s->id || !s->bundle || !s->created) {
        wr_runc_state_free(s);
        return wr_errf("out of memory");
    }
    return NULL;
}
