/* harness.c — test scaffolding: a WASI context over a temporary sandbox, a guest memory buffer, direct calls. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what)
{
    perror(what);
    abort(); /* test scaffolding only: a broken environment ends the test run */
}

static void join(char *out, const char *a, const char *b)
{
    if ((size_t)snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX)
        die("path too long");
}

wh *wh_new_with(void (*configure)(lwasi_config *c, const wh *h, void *arg), void *arg)
{
    wh *h = calloc(1, sizeof *h);
    if (!h)
        die("calloc");
    strcpy(h->base, "/tmp/lwasi-unit-XXXXXX");
    if (!mkdtemp(h->base))
        die("mkdtemp");
    join(h->sandbox, h->base, "sandbox");
    join(h->outside, h->base, "outside");
    if (mkdir(h->sandbox, 0755) || mkdir(h->outside, 0755))
        die("mkdir");
    h->mem_size = WH_MEM_SIZE;
    h->mem = calloc(1, h->mem_size);
    h->top = 1024;
    if (!h->mem || pipe(h->out_pipe) != 0)
        die("setup");
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    lwasi_config *c = lwasi_config_new();
    if (!c || devnull < 0)
        die("config");
    lwasm_error *e = lwasi_config_preopen_dir(c, h->sandbox, "/");
    if (e)
        die(lwasm_error_message(e));
    lwasi_config_set_stdio(c, devnull, h->out_pipe[1], h->out_pipe[1]);
    if (configure)
        configure(c, h, arg);
    if ((e = lwasi_ctx_new(c, &h->ctx)))
        die(lwasm_error_message(e));
    lwasi_config_delete(c);
    close(devnull);
    close(h->out_pipe[1]);
    h->out_pipe[1] = -1;
    return h;
}

wh *wh_new(void) { return wh_new_with(NULL, NULL); }

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void wh_free(wh *h)
{
    if (!h)
        return;
    lwasi_ctx_delete(h->ctx);
    if (h->error)
        lwasm_error_delete(h->error);
    nftw(h->base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    close(h->out_pipe[0]);
    free(h->mem);
    free(h);
}

uint32_t wh_alloc(wh *h, size_t n)
{
    uint32_t p = (h->top + 7u) & ~7u;
    if (p + n > h->mem_size)
        die("guest memory exhausted");
    memset(h->mem + p, 0, n);
    h->top = p + (uint32_t)n;
    return p;
}

uint32_t wh_str(wh *h, const char *s)
{
    size_t n = strlen(s);
    uint32_t p = wh_alloc(h, n + 1);
    memcpy(h->mem + p, s, n);
    return p;
}

uint32_t wh_u32(const wh *h, uint32_t ptr) { return lw_wasi_load32(h->mem + ptr); }
uint64_t wh_u64(const wh *h, uint32_t ptr) { return lw_wasi_load64(h->mem + ptr); }

uint16_t wh_call(wh *h, const char *name, const uint64_t *args, size_t nargs)
{
    const lw_wasi_import *imp = lw_wasi_import_find(name);
    if (!imp || strlen(imp->params) != nargs) {
        fprintf(stderr, "wh_call: %s: no such import or wrong argument count\n", name);
        abort();
    }
    lwasm_val vals[16];
    for (size_t i = 0; i < nargs; i++)
        vals[i] = imp->params[i] == 'I' ? lwasm_val_i64((int64_t)args[i]) : lwasm_val_i32((int32_t)(uint32_t)args[i]);
    if (h->error) {
        lwasm_error_delete(h->error);
        h->error = NULL;
    }
    return lw_wasi_invoke(h->ctx, imp, h->mem, h->mem_size, vals, &h->error);
}

uint16_t wh_open(wh *h, uint32_t dirfd, uint32_t lookup, const char *path, uint32_t oflags, uint64_t rights,
                 uint32_t fdflags, uint32_t *fd)
{
    uint32_t out = wh_alloc(h, 4);
    uint16_t err = WCALL(h, "path_open", dirfd, lookup, WPATH(h, path), oflags, rights, rights, fdflags, out);
    *fd = err ? UINT32_MAX : wh_u32(h, out);
    return err;
}

static uint16_t one_iov(wh *h, const char *name, uint32_t fd, uint32_t buf, size_t len, uint32_t *n)
{
    uint32_t iov = wh_alloc(h, 8), out = wh_alloc(h, 4);
    lw_wasi_store32(h->mem + iov, buf);
    lw_wasi_store32(h->mem + iov + 4, (uint32_t)len);
    uint16_t err = WCALL(h, name, fd, iov, 1, out);
    *n = err ? 0 : wh_u32(h, out);
    return err;
}

uint16_t wh_write(wh *h, uint32_t fd, const void *data, size_t len, uint32_t *n)
{
    uint32_t buf = wh_alloc(h, len);
    memcpy(h->mem + buf, data, len);
    return one_iov(h, "fd_write", fd, buf, len, n);
}

uint16_t wh_read(wh *h, uint32_t fd, void *dst, size_t len, uint32_t *n)
{
    uint32_t buf = wh_alloc(h, len);
    uint16_t err = one_iov(h, "fd_read", fd, buf, len, n);
    if (!err)
        memcpy(dst, h->mem + buf, *n);
    return err;
}

void wh_host_write(const wh *h, const char *rel, const char *content)
{
    char p[PATH_MAX];
    join(p, h->base, rel);
    FILE *f = fopen(p, "w");
    if (!f || fputs(content, f) < 0 || fclose(f) != 0)
        die(p);
}

char *wh_host_read(const wh *h, const char *rel)
{
    char p[PATH_MAX];
    join(p, h->base, rel);
    FILE *f = fopen(p, "r");
    if (!f)
        return NULL;
    char *s = calloc(1, 65536);
    if (s && fread(s, 1, 65535, f) == 0 && ferror(f)) {
        free(s);
        s = NULL;
    }
    fclose(f);
    return s;
}

bool wh_host_exists(const wh *h, const char *rel)
{
    char p[PATH_MAX];
    struct stat st;
    join(p, h->base, rel);
    return lstat(p, &st) == 0;
}

int wh_host_lstat(const wh *h, const char *rel, struct stat *st)
{
    char p[PATH_MAX];
    join(p, h->base, rel);
    return lstat(p, st);
}

void wh_host_mkdir(const wh *h, const char *rel)
{
    char p[PATH_MAX];
    join(p, h->base, rel);
    if (mkdir(p, 0755) != 0)
        die(p);
}

void wh_host_symlink(const wh *h, const char *target, const char *rel)
{
    char p[PATH_MAX];
    join(p, h->base, rel);
    if (symlink(target, p) != 0)
        die(p);
}

void wh_escape_layout(const wh *h)
{
    char abs[PATH_MAX];
    wh_host_write(h, "outside/secret.txt", "TOP SECRET");
    wh_host_mkdir(h, "outside/dir");
    wh_host_write(h, "outside/dir/inner.txt", "inner");
    wh_host_mkdir(h, "outside/emptydir");
    wh_host_symlink(h, "secret.txt", "outside/olink");
    wh_host_write(h, "sandbox/inside.txt", "inside");
    wh_host_mkdir(h, "sandbox/sub");
    wh_host_write(h, "sandbox/sub/file", "sub file");
    wh_host_symlink(h, "../..", "sandbox/sub/up2");
    wh_host_symlink(h, "..", "sandbox/up");
    wh_host_symlink(h, "../outside", "sandbox/out_dir");
    wh_host_symlink(h, "../outside/secret.txt", "sandbox/out_file");
    wh_host_symlink(h, h->outside, "sandbox/abs_dir");
    join(abs, h->outside, "secret.txt");
    wh_host_symlink(h, abs, "sandbox/abs_file");
    wh_host_symlink(h, "chain2", "sandbox/chain1");
    wh_host_symlink(h, "sub/up2/outside/secret.txt", "sandbox/chain2");
    wh_host_symlink(h, "sub/../../outside", "sandbox/deep");
    wh_host_symlink(h, "../", "sandbox/dotdot");
    wh_host_symlink(h, "loop", "sandbox/loop");
}

/* ---- snapshots ------------------------------------------------------------ */

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
    char tmp[PATH_MAX + 512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            die("realloc");
    }
    memcpy(b->s + b->len, tmp, (size_t)n + 1);
    b->len += (size_t)n;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void snap(sbuf *b, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char p[PATH_MAX], r[PATH_MAX];
        join(p, dir, names[i]);
        join(r, rel, names[i]);
        struct stat st;
        if (lstat(p, &st) != 0)
            continue;
        sb_add(b, "%s mode=%o size=%lld mtime=%lld.%09ld ino=%llu", r, (unsigned)st.st_mode, (long long)st.st_size,
               (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
        if (S_ISLNK(st.st_mode)) {
            char t[PATH_MAX];
            ssize_t k = readlink(p, t, sizeof t - 1);
            t[k < 0 ? 0 : k] = '\0';
            sb_add(b, " -> %s", t);
        } else if (S_ISREG(st.st_mode)) {
            FILE *f = fopen(p, "r");
            char c[256] = "";
            size_t k = f ? fread(c, 1, sizeof c - 1, f) : 0;
            c[k] = '\0';
            if (f)
                fclose(f);
            sb_add(b, " [%s]", c);
        }
        sb_add(b, "\n");
        if (S_ISDIR(st.st_mode))
            snap(b, p, r);
        free(names[i]);
    }
    free(names);
}

char *wh_snapshot(const char *dir)
{
    sbuf b = {0};
    struct stat st;
    if (lstat(dir, &st) == 0)
        sb_add(&b, ". mode=%o mtime=%lld.%09ld\n", (unsigned)st.st_mode, (long long)st.st_mtim.tv_sec,
               st.st_mtim.tv_nsec);
    snap(&b, dir, ".");
    return b.s;
}
