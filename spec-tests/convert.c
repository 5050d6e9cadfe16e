/* convert.c — turns a .wast script into wast2json's .json + .wasm files, only when they are missing or stale. */
#include "runner.h"

#include <errno.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static bool sr_is_fresh(const char *wast_path, const char *json_path)
{
    struct stat w, j;
    if (stat(wast_path, &w) != 0 || stat(json_path, &j) != 0)
        return false;
    if (j.st_mtim.tv_sec != w.st_mtim.tv_sec)
        return j.st_mtim.tv_sec > w.st_mtim.tv_sec;
    return j.st_mtim.tv_nsec >= w.st_mtim.tv_nsec;
}

bool sr_convert(const char *wast2json, const char *wast_path, const char *json_path, char *err, size_t errlen)
{
    if (sr_is_fresh(wast_path, json_path))
        return true;
    /* wast2json writes the .json last, but a run cut short could still leave
     * a fresh-looking partial file: remove it first and again on failure. */
    unlink(json_path);
    char *argv[] = {(char *)wast2json, (char *)wast_path, (char *)"-o", (char *)json_path, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, wast2json, NULL, NULL, argv, environ);
    if (rc != 0) {
        snprintf(err, errlen, "cannot run %s: %s", wast2json, strerror(rc));
        return false;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for %s: %s", wast2json, strerror(errno));
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    unlink(json_path);
    if (WIFEXITED(status))
        snprintf(err, errlen, "%s %s failed with exit status %d", wast2json, wast_path, WEXITSTATUS(status));
    else
        snprintf(err, errlen, "%s %s was killed by signal %d", wast2json, wast_path, WTERMSIG(status));
    return false;
}
