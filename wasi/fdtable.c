/* fdtable.c — the guest's descriptor table: entries, numbering, and the rights each kind of descriptor may hold. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

#define R(x) LWASI_RIGHT_##x

/* A regular file: everything but path and socket rights. */
static const uint64_t file_rights = R(FD_DATASYNC) | R(FD_READ) | R(FD_SEEK) | R(FD_FDSTAT_SET_FLAGS) | R(FD_SYNC) |
                                    R(FD_TELL) | R(FD_WRITE) | R(FD_ADVISE) | R(FD_ALLOCATE) | R(FD_FILESTAT_GET) |
                                    R(FD_FILESTAT_SET_SIZE) | R(FD_FILESTAT_SET_TIMES) | R(POLL_FD_READWRITE);

/* A directory: path rights and what makes sense on the directory itself (no read/write/seek: those fail). */
static const uint64_t dir_rights = R(FD_FDSTAT_SET_FLAGS) | R(FD_SYNC) | R(FD_DATASYNC) | R(PATH_CREATE_DIRECTORY) |
                                   R(PATH_CREATE_FILE) | R(PATH_LINK_SOURCE) | R(PATH_LINK_TARGET) | R(PATH_OPEN) |
                                   R(FD_READDIR) | R(PATH_READLINK) | R(PATH_RENAME_SOURCE) | R(PATH_RENAME_TARGET) |
                                   R(PATH_FILESTAT_GET) | R(PATH_FILESTAT_SET_SIZE) | R(PATH_FILESTAT_SET_TIMES) |
                                   R(FD_FILESTAT_GET) | R(FD_FILESTAT_SET_TIMES) | R(PATH_SYMLINK) |
                                   R(PATH_REMOVE_DIRECTORY) | R(PATH_UNLINK_FILE) | R(POLL_FD_READWRITE);

/* Pipes, terminals, devices: no seek/tell (wasi-libc's isatty() relies on a terminal lacking them). */
static const uint64_t stream_rights =
    R(FD_READ) | R(FD_WRITE) | R(FD_FDSTAT_SET_FLAGS) | R(FD_FILESTAT_GET) | R(POLL_FD_READWRITE);

static const uint64_t socket_rights = R(FD_READ) | R(FD_WRITE) | R(FD_FDSTAT_SET_FLAGS) | R(FD_FILESTAT_GET) |
                                      R(POLL_FD_READWRITE) | R(SOCK_SHUTDOWN);

uint64_t lw_wasi_rights_base_for(lw_wasi_fdkind kind)
{
    switch (kind) {
    case LW_WASI_FD_FILE: return file_rights;
    case LW_WASI_FD_DIR: return dir_rights;
    case LW_WASI_FD_STREAM: return stream_rights;
    case LW_WASI_FD_SOCKET: return socket_rights;
    case LW_WASI_FD_LISTENER: return socket_rights | R(SOCK_ACCEPT);
    }
    return 0;
}

uint64_t lw_wasi_rights_inheriting_for(lw_wasi_fdkind kind)
{
    switch (kind) {
    case LW_WASI_FD_DIR: return dir_rights | file_rights;
    case LW_WASI_FD_LISTENER: return socket_rights; /* what an accepted connection gets */
    default: return 0;
    }
}

uint8_t lw_wasi_filetype_of_mode(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return LWASI_FILETYPE_REGULAR_FILE;
    case S_IFDIR: return LWASI_FILETYPE_DIRECTORY;
    case S_IFLNK: return LWASI_FILETYPE_SYMBOLIC_LINK;
    case S_IFCHR: return LWASI_FILETYPE_CHARACTER_DEVICE;
    case S_IFBLK: return LWASI_FILETYPE_BLOCK_DEVICE;
    case S_IFSOCK: return LWASI_FILETYPE_SOCKET_STREAM;
    default: return LWASI_FILETYPE_UNKNOWN; /* FIFOs have no WASI type */
    }
}

lw_wasi_fd *lw_wasi_fd_from_host(int host)
{
    struct stat st;
    if (fstat(host, &st) != 0)
        return NULL;
    lw_wasi_fd *e = calloc(1, sizeof *e);
    if (!e) {
        errno = ENOMEM;
        return NULL;
    }
    e->host = host;
    e->filetype = lw_wasi_filetype_of_mode(st.st_mode);
    switch (st.st_mode & S_IFMT) {
    case S_IFREG:
    case S_IFBLK: e->kind = LW_WASI_FD_FILE; break;
    case S_IFDIR: e->kind = LW_WASI_FD_DIR; break;
    case S_IFSOCK: {
        int type = 0, listening = 0;
        socklen_t len = sizeof type;
        if (getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
            e->filetype = LWASI_FILETYPE_SOCKET_DGRAM;
        len = sizeof listening;
        if (getsockopt(host, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening)
            e->kind = LW_WASI_FD_LISTENER;
        else
            e->kind = LW_WASI_FD_SOCKET;
        break;
    }
    default: e->kind = LW_WASI_FD_STREAM; break;
    }
    e->rights_base = lw_wasi_rights_base_for(e->kind);
    e->rights_inheriting = lw_wasi_rights_inheriting_for(e->kind);
    int fl = fcntl(host, F_GETFL);
    if (fl >= 0) {
        if (fl & O_APPEND)
            e->fdflags |= LWASI_FDFLAG_APPEND;
        if (fl & O_NONBLOCK)
            e->fdflags |= LWASI_FDFLAG_NONBLOCK;
        if ((fl & O_SYNC) == O_SYNC)
            e->fdflags |= LWASI_FDFLAG_SYNC;
        else if (fl & O_DSYNC)
            e->fdflags |= LWASI_FDFLAG_DSYNC;
    }
    return e;
}

void lw_wasi_fd_free(lw_wasi_fd *e)
{
    if (!e)
        return;
    if (e->dir)
        closedir(e->dir);
    if (e->host >= 0)
        close(e->host);
    free(e->preopen);
    free(e);
}

void lw_wasi_fdtable_init(lw_wasi_fdtable *t) { memset(t, 0, sizeof *t); }

void lw_wasi_fdtable_free(lw_wasi_fdtable *t)
{
    for (uint32_t i = 0; i < t->cap; i++)
        lw_wasi_fd_free(t->slots[i]);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

lw_wasi_fd *lw_wasi_fdtable_get(const lw_wasi_fdtable *t, uint32_t fd) { return fd < t->cap ? t->slots[fd] : NULL; }

static int grow_to(lw_wasi_fdtable *t, uint32_t need)
{
    if (need <= t->cap)
        return 0;
    if (need > LW_WASI_MAX_FDS)
        return LWASI_EMFILE;
    uint32_t cap = t->cap ? t->cap : 16;
    while (cap < need)
        cap *= 2;
    if (cap > LW_WASI_MAX_FDS)
        cap = LW_WASI_MAX_FDS;
    lw_wasi_fd **s = realloc(t->slots, (size_t)cap * sizeof *s);
    if (!s)
        return LWASI_ENOMEM;
    memset(s + t->cap, 0, (size_t)(cap - t->cap) * sizeof *s);
    t->slots = s;
    t->cap = cap;
    return 0;
}

int lw_wasi_fdtable_add_at(lw_wasi_fdtable *t, lw_wasi_fd *e, uint32_t fd)
{
    if (fd >= LW_WASI_MAX_FDS)
        return LWASI_EMFILE;
    int err = grow_to(t, fd + 1);
    if (err)
        return err;
    if (t->slots[fd])
        return LWASI_EBADF;
    t->slots[fd] = e;
    return 0;
}

int lw_wasi_fdtable_add(lw_wasi_fdtable *t, lw_wasi_fd *e, uint32_t *fd_out)
{
    uint32_t fd = 0;
    while (fd < t->cap && t->slots[fd])
        fd++;
    int err = lw_wasi_fdtable_add_at(t, e, fd);
    if (!err)
        *fd_out = fd;
    return err;
}

lw_wasi_fd *lw_wasi_fdtable_take(lw_wasi_fdtable *t, uint32_t fd)
{
    if (fd >= t->cap)
        return NULL;
    lw_wasi_fd *e = t->slots[fd];
    t->slots[fd] = NULL;
    return e;
}

int lw_wasi_fd_get(lwasi_ctx *ctx, uint32_t fd, uint64_t rights, lw_wasi_fd **out)
{
    lw_wasi_fd *e = lw_wasi_fdtable_get(&ctx->fds, fd);
    *out = e;
    if (!e)
        return LWASI_EBADF;
    if ((e->rights_base & rights) != rights)
        return LWASI_ENOTCAPABLE;
    return 0;
}
