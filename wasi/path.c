/* path.c — the path calls other than path_open: directories, stat and times, links, symlinks, rename, unlink. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int lw_wasi_path_at(lw_wasi_call *c, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len, unsigned flags,
                    lw_wasi_path *out)
{
    memset(out, 0, sizeof *out);
    out->dirfd = -1;
    lw_wasi_fd *e = lw_wasi_fdtable_get(&c->ctx->fds, fd);
    if (!e)
        return LWASI_EBADF;
    if (e->kind != LW_WASI_FD_DIR)
        return LWASI_ENOTDIR;
    int err = lw_wasi_fd_get(c->ctx, fd, rights, &e);
    if (err)
        return err;
    char *path;
    if ((err = lw_wasi_mem_path(&c->mem, ptr, len, &path)))
        return err;
    err = lw_wasi_resolve(e->host, path, flags, out);
    free(path);
    return err;
}

static bool is_dot(const lw_wasi_path *p) { return strcmp(p->name, ".") == 0; }

/* lstat of the resolved object: 0 and *st, or an LWASI_E* value. */
static int lstat_at(const lw_wasi_path *p, struct stat *st)
{
    return fstatat(p->dirfd, p->name, st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : lw_wasi_errno(errno);
}

/* A new name with a trailing slash (link, symlink): taken -> EEXIST, else ENOENT, as on Linux. */
static int new_name_with_slash(const lw_wasi_path *p)
{
    struct stat st;
    return lstat_at(p, &st) == 0 ? LWASI_EEXIST : LWASI_ENOENT;
}

static uint16_t done(int err, lw_wasi_path *a, lw_wasi_path *b)
{
    lw_wasi_path_release(a);
    if (b)
        lw_wasi_path_release(b);
    return (uint16_t)err;
}

static int host_result(int r) { return r == 0 ? 0 : lw_wasi_errno(errno); }

uint16_t lw_wasi_path_create_directory(lw_wasi_call *c)
{
    lw_wasi_path p;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_CREATE_DIRECTORY, lw_wasi_arg32(c, 1),
                              lw_wasi_arg32(c, 2), 0, &p);
    if (!err)
        err = is_dot(&p) ? LWASI_EEXIST : host_result(mkdirat(p.dirfd, p.name, 0777));
    return done(err, &p, NULL);
}

uint16_t lw_wasi_path_filestat_get(lw_wasi_call *c)
{
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 4), LWASI_FILESTAT_SIZE);
    if (!out)
        return LWASI_EFAULT;
    unsigned flags = lw_wasi_arg32(c, 1) & LWASI_LOOKUP_SYMLINK_FOLLOW ? LW_WASI_FOLLOW : 0;
    lw_wasi_path p;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_FILESTAT_GET, lw_wasi_arg32(c, 2),
                              lw_wasi_arg32(c, 3), flags, &p);
    struct stat st;
    if (!err)
        err = lstat_at(&p, &st);
    if (!err && p.must_be_dir && !S_ISDIR(st.st_mode))
        err = LWASI_ENOTDIR;
    if (!err)
        lw_wasi_filestat_store(out, &st);
    return done(err, &p, NULL);
}

uint16_t lw_wasi_path_filestat_set_times(lw_wasi_call *c)
{
    struct timespec ts[2];
    int err = lw_wasi_times(lw_wasi_arg64(c, 4), lw_wasi_arg64(c, 5), lw_wasi_arg32(c, 6), ts);
    if (err)
        return (uint16_t)err;
    unsigned flags = lw_wasi_arg32(c, 1) & LWASI_LOOKUP_SYMLINK_FOLLOW ? LW_WASI_FOLLOW : 0;
    lw_wasi_path p;
    err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_FILESTAT_SET_TIMES, lw_wasi_arg32(c, 2),
                          lw_wasi_arg32(c, 3), flags, &p);
    if (!err)
        err = lw_wasi_path_check_dir(&p);
    /* NOFOLLOW: a symlink still there at the end is the object itself (its own times change). */
    if (!err)
        err = host_result(utimensat(p.dirfd, p.name, ts, AT_SYMLINK_NOFOLLOW));
    return done(err, &p, NULL);
}

uint16_t lw_wasi_path_link(lw_wasi_call *c)
{
    unsigned flags = lw_wasi_arg32(c, 1) & LWASI_LOOKUP_SYMLINK_FOLLOW ? LW_WASI_FOLLOW : 0;
    lw_wasi_path from, to;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_LINK_SOURCE, lw_wasi_arg32(c, 2),
                              lw_wasi_arg32(c, 3), flags, &from);
    if (err)
        return done(err, &from, NULL);
    err = lw_wasi_path_at(c, lw_wasi_arg32(c, 4), LWASI_RIGHT_PATH_LINK_TARGET, lw_wasi_arg32(c, 5),
                          lw_wasi_arg32(c, 6), 0, &to);
    if (!err)
        err = lw_wasi_path_check_dir(&from);
    if (!err && (to.must_be_dir || is_dot(&to)))
        err = new_name_with_slash(&to);
    /* No AT_SYMLINK_FOLLOW: a symlink that is the source is linked itself (following was done above). */
    if (!err)
        err = host_result(linkat(from.dirfd, from.name, to.dirfd, to.name, 0));
    return done(err, &from, &to);
}

uint16_t lw_wasi_path_readlink(lw_wasi_call *c)
{
    uint32_t buf_ptr = lw_wasi_arg32(c, 3), buf_len = lw_wasi_arg32(c, 4);
    uint8_t *used = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 5), 4);
    uint8_t *buf = lw_wasi_mem_at(&c->mem, buf_ptr, buf_len);
    if (!used || !buf)
        return LWASI_EFAULT;
    lw_wasi_path p;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_READLINK, lw_wasi_arg32(c, 1),
                              lw_wasi_arg32(c, 2), 0, &p);
    if (!err)
        err = lw_wasi_path_check_dir(&p);
    if (!err) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(p.dirfd, p.name, target, sizeof target);
        if (n < 0) {
            err = lw_wasi_errno(errno);
        } else {
            /* A short buffer gets the start of the target, as POSIX readlink does. */
            size_t copy = (size_t)n < buf_len ? (size_t)n : buf_len;
            memcpy(buf, target, copy);
            lw_wasi_store32(used, (uint32_t)copy);
        }
    }
    return done(err, &p, NULL);
}

uint16_t lw_wasi_path_remove_directory(lw_wasi_call *c)
{
    lw_wasi_path p;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_REMOVE_DIRECTORY, lw_wasi_arg32(c, 1),
                              lw_wasi_arg32(c, 2), 0, &p);
    if (!err)
        err = is_dot(&p) ? LWASI_EINVAL : host_result(unlinkat(p.dirfd, p.name, AT_REMOVEDIR));
    return done(err, &p, NULL);
}

uint16_t lw_wasi_path_rename(lw_wasi_call *c)
{
    lw_wasi_path from, to;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_RENAME_SOURCE, lw_wasi_arg32(c, 1),
                              lw_wasi_arg32(c, 2), 0, &from);
    if (err)
        return done(err, &from, NULL);
    err = lw_wasi_path_at(c, lw_wasi_arg32(c, 3), LWASI_RIGHT_PATH_RENAME_TARGET, lw_wasi_arg32(c, 4),
                          lw_wasi_arg32(c, 5), 0, &to);
    if (!err && (from.must_be_dir || to.must_be_dir)) {
        /* A trailing slash on either name means the source must be a directory. */
        struct stat st;
        err = lstat_at(&from, &st);
        if (!err && !S_ISDIR(st.st_mode))
            err = LWASI_ENOTDIR;
    }
    if (!err && (is_dot(&from) || is_dot(&to)))
        err = LWASI_EBUSY;
    if (!err)
        err = host_result(renameat(from.dirfd, from.name, to.dirfd, to.name));
    return done(err, &from, &to);
}

uint16_t lw_wasi_path_symlink(lw_wasi_call *c)
{
    char *target;
    int err = lw_wasi_mem_path(&c->mem, lw_wasi_arg32(c, 0), lw_wasi_arg32(c, 1), &target);
    if (err)
        return (uint16_t)err;
    /* An absolute target could never be followed inside the sandbox; refuse to create it. */
    if (target[0] == '/') {
        free(target);
        return LWASI_ENOTCAPABLE;
    }
    lw_wasi_path p;
    err = lw_wasi_path_at(c, lw_wasi_arg32(c, 2), LWASI_RIGHT_PATH_SYMLINK, lw_wasi_arg32(c, 3),
                          lw_wasi_arg32(c, 4), 0, &p);
    if (!err && (p.must_be_dir || is_dot(&p)))
        err = new_name_with_slash(&p);
    if (!err)
        err = host_result(symlinkat(target, p.dirfd, p.name));
    free(target);
    return done(err, &p, NULL);
}

uint16_t lw_wasi_path_unlink_file(lw_wasi_call *c)
{
    lw_wasi_path p;
    int err = lw_wasi_path_at(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_PATH_UNLINK_FILE, lw_wasi_arg32(c, 1),
                              lw_wasi_arg32(c, 2), 0, &p);
    if (!err && (p.must_be_dir || is_dot(&p))) {
        struct stat st;
        err = lstat_at(&p, &st);
        if (!err)
            err = S_ISDIR(st.st_mode) ? LWASI_EISDIR : LWASI_ENOTDIR;
    }
    if (!err)
        err = host_result(unlinkat(p.dirfd, p.name, 0));
    return done(err, &p, NULL);
}
