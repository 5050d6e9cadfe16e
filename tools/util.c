/* util.c — error strings, string vectors, whole-file reads and tree removal for wasmrun. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((format(printf, 1, 0))) static wr_err wr_vformat(const char *fmt, va_list ap)
{
    if (!fmt) /* also tells gcc's sanitizer-instrumented build that fmt is never NULL below */
        return NULL;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL; /* callers treat an unreportable error as out of memory below */
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* A constant stands in when the message itself cannot be allocated, so an error is never lost as success. */
static char wr_nomem_text[] = "out of memory";

wr_err wr_errf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wr_err e = wr_vformat(fmt, ap);
    va_end(ap);
    return e ? e : wr_nomem_text;
}

void wr_err_free(wr_err e)
{
    if (e != wr_nomem_text)
        free(e);
}

wr_err wr_err_wrap(wr_err inner, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wr_err prefix = wr_vformat(fmt, ap);
    va_end(ap);
    wr_err e = wr_errf("%s: %s", prefix ? prefix : "", inner ? inner : "unknown error");
    free(prefix);
    wr_err_free(inner);
    return e;
}

char *wr_strdup(const char *s) { return wr_strndup(s, strlen(s)); }

char *wr_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *wr_path_join(const char *a, const char *b)
{
    size_t la = strlen(a);
    while (la > 1 && a[la - 1] == '/')
        la--;
    while (*b == '/')
        b++;
    char *s = malloc(la + 1 + strlen(b) + 1);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    s[la] = '/';
    strcpy(s + la + 1, b);
    return s;
}

bool wr_strv_push_n(wr_strv *v, const char *s, size_t n)
{
    if (v->len + 2 > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        char **items = realloc(v->items, cap * sizeof *items);
        if (!items)
            return false;
        v->items = items;
        v->cap = cap;
    }
    char *copy = wr_strndup(s, n);
    if (!copy)
        return false;
    v->items[v->len++] = copy;
    v->items[v->len] = NULL;
    return true;
}

bool wr_strv_push(wr_strv *v, const char *s) { return wr_strv_push_n(v, s, strlen(s)); }

void wr_strv_clear(wr_strv *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    v->len = 0;
    if (v->items)
        v->items[0] = NULL;
}

void wr_strv_free(wr_strv *v)
{
    wr_strv_clear(v);
    free(v->items);
    v->items = NULL;
    v->cap = 0;
}

wr_err wr_read_file_at(int dirfd, const char *path, size_t max_size, uint8_t **out, size_t *out_len)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wr_errf("%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return wr_errf("%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > max_size) {
        close(fd);
        return wr_errf("%s: file too large (%lld bytes, limit %zu)", path, (long long)st.st_size, max_size);
    }
    size_t size = (size_t)st.st_size;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) {
        close(fd);
        return wr_errf("%s: out of memory", path);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            free(buf);
            close(fd);
            return wr_errf("%s: read failed: %s", path, n < 0 ? strerror(err) : "file shrank while reading");
        }
        got += (size_t)n;
    }
    close(fd);
    *out = buf;
    *out_len = size;
    return NULL;
}

wr_err wr_read_file(const char *path, size_t max_size, uint8_t **out, size_t *out_len)
{
    return wr_read_file_at(AT_FDCWD, path, max_size, out, out_len);
}

static int wr_remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP)
        return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
    return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int wr_remove_tree(const char *path)
{
    /* FTW_PHYS: never follow a symlink out of the tree being removed. */
    return nftw(path, wr_remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
