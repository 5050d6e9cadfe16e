/* rootpath.c — in-root path resolution (symlinks cannot lead out of the root) and path cleaning. */
#include "rootpath.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* As the kernel's limit on nested symlinks, so a loop ends with ELOOP rather than spinning. */
#define WR_MAX_SYMLINKS 40

wr_err wr_clean_relative(const char *path, bool allow_absolute, char **out)
{
    if (path[0] == '/' && !allow_absolute)
        return wr_errf("'%s': absolute path not allowed", path);
    size_t len = strlen(path);
    char *result = malloc(len + 1);
    if (!result)
        return wr_errf("out of memory");
    size_t at = 0;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t n = (size_t)(end - p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            free(result);
            return wr_errf("'%s': '..' not allowed", path);
        }
        if (n > 0 && !(n == 1 && p[0] == '.')) {
            if (at)
                result[at++] = '/';
            memcpy(result + at, p, n);
            at += n;
        }
        p = end;
    }
    result[at] = '\0';
    *out = result;
    return NULL;
}

/* The resolved components so far, as a '/'-joined string relative to the root. */
typedef struct wr_walk {
    char *buf;
    size_t len;
    size_t cap;
} wr_walk;

static bool wr_walk_push(wr_walk *w, const char *comp, size_t n)
{
    size_t need = w->len + 1 + n + 1;
    if (need > w->cap) {
        size_t cap = need * 2;
        char *b = realloc(w->buf, cap);
        if (!b)
            return false;
        w->buf = b;
        w->cap = cap;
    }
    if (w->len)
        w->buf[w->len++] = '/';
    memcpy(w->buf + w->len, comp, n);
    w->len += n;
    w->buf[w->len] = '\0';
    return true;
}

static void wr_walk_pop(wr_walk *w)
{
    while (w->len > 0 && w->buf[w->len - 1] != '/')
        w->len--;
    if (w->len > 0)
        w->len--; /* the separator */
    if (w->buf)
        w->buf[w->len] = '\0';
}

wr_err wr_resolve_in_root(const char *root, const char *path, const char *cwd, bool follow_last, char **host_path)
{
    /* `todo` holds what is left to resolve; symlink targets are spliced in front of it. */
    size_t todo_len = strlen(path) + (cwd ? strlen(cwd) : 0) + 2;
    char *todo = malloc(todo_len);
    if (!todo)
        return wr_errf("out of memory");
    if (path[0] == '/' || !cwd)
        snprintf(todo, todo_len, "%s", path);
    else
        snprintf(todo, todo_len, "%s/%s", cwd, path);

    wr_walk w = {0};
    wr_err err = NULL;
    int links = 0;
    size_t pos = 0;
    if (!wr_walk_push(&w, "", 0)) {
        free(todo);
        return wr_errf("out of memory");
    }
    w.len = 0;
    while (!err) {
        while (todo[pos] == '/')
            pos++;
        if (!todo[pos])
            break;
        size_t start = pos;
        while (todo[pos] && todo[pos] != '/')
            pos++;
        size_t n = pos - start;
        bool last = true;
        for (size_t k = pos; todo[k]; k++)
            if (todo[k] != '/') {
                last = false;
                break;
            }
        if (n == 1 && todo[start] == '.')
            continue;
        if (n == 2 && todo[start] == '.' && todo[start + 1] == '.') {
            wr_walk_pop(&w);
            continue;
        }
        size_t saved = w.len;
        if (!wr_walk_push(&w, todo + start, n)) {
            err = wr_errf("out of memory");
            break;
        }
        if (last && !follow_last)
            continue;
        char *candidate = wr_path_join(root, w.buf);
        if (!candidate) {
            err = wr_errf("out of memory");
            break;
        }
        struct stat st;
        bool is_link = lstat(candidate, &st) == 0 && S_ISLNK(st.st_mode);
        if (!is_link) {
            free(candidate);
            continue;
        }
        if (++links > WR_MAX_SYMLINKS) {
            free(candidate);
            err = wr_errf("'%s': too many levels of symbolic links", path);
            break;
        }
        char target[PATH_MAX];
        ssize_t tn = readlink(candidate, target, sizeof target - 1);
        free(candidate);
        if (tn < 0) {
            err = wr_errf("'%s': %s", path, strerror(errno));
            break;
        }
        target[tn] = '\0';
        /* Replace the link by its target: absolute targets restart at the root, relative ones at the
         * link's directory. */
        w.len = saved;
        w.buf[w.len] = '\0';
        if (target[0] == '/') {
            w.len = 0;
            w.buf[0] = '\0';
        }
        size_t rest_len = strlen(todo + pos);
        char *next = malloc((size_t)tn + 1 + rest_len + 1);
        if (!next) {
            err = wr_errf("out of memory");
            break;
        }
        memcpy(next, target, (size_t)tn);
        next[tn] = '/';
        memcpy(next + tn + 1, todo + pos, rest_len + 1);
        free(todo);
        todo = next;
        pos = 0;
    }
    free(todo);
    if (!err) {
        *host_path = w.len ? wr_path_join(root, w.buf) : wr_strdup(root);
        if (!*host_path)
            err = wr_errf("out of memory");
    }
    free(w.buf);
    return err;
}
