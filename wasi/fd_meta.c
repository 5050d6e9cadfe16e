/* fd_meta.c — fd calls other than data transfer: close, renumber, sync, advise, allocate, fdstat, filestat, prestat. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

uint16_t lw_wasi_fd_close(lw_wasi_call *c)
{
    lw_wasi_fd *e = lw_wasi_fdtable_take(&c->ctx->fds, lw_wasi_arg32(c, 0));
    if (!e)
        return LWASI_EBADF;
    lw_wasi_fd_free(e);
    return 0;
}

uint16_t lw_wasi_fd_renumber(lw_wasi_call *c)
{
    uint32_t from = lw_wasi_arg32(c, 0), to = lw_wasi_arg32(c, 1);
    lw_wasi_fdtable *t = &c->ctx->fds;
    /* Both must be open: renumbering never creates a descriptor number out of nothing. */
    if (!lw_wasi_fdtable_get(t, from) || !lw_wasi_fdtable_get(t, to))
        return LWASI_EBADF;
    if (from == to)
        return 0;
    lw_wasi_fd_free(lw_wasi_fdtable_take(t, to));
    lw_wasi_fd *e = lw_wasi_fdtable_take(t, from);
    return (uint16_t)lw_wasi_fdtable_add_at(t, e, to); /* cannot fail: `to` exists and is now free */
}

static uint16_t sync_fd(lw_wasi_call *c, bool data_only)
{
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0),
                             data_only ? LWASI_RIGHT_FD_DATASYNC : LWASI_RIGHT_FD_SYNC, &e);
    if (err)
        return (uint16_t)err;
    uv_fs_t req;
    int r = data_only ? uv_fs_fdatasync(&c->ctx->loop, &req, e->host, NULL)
                      : uv_fs_fsync(&c->ctx->loop, &req, e->host, NULL);
    uv_fs_req_cleanup(&req);
    return r < 0 ? lw_wasi_uv_errno(r) : 0;
}

uint16_t lw_wasi_fd_datasync(lw_wasi_call *c) { return sync_fd(c, true); }
uint16_t lw_wasi_fd_sync(lw_wasi_call *c) { return sync_fd(c, false); }

uint16_t lw_wasi_fd_advise(lw_wasi_call *c)
{
    uint64_t offset = lw_wasi_arg64(c, 1), len = lw_wasi_arg64(c, 2);
    uint32_t advice = lw_wasi_arg32(c, 3);
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_ADVISE, &e);
    if (err)
        return (uint16_t)err;
    static const int host_advice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                      POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    if (advice > LWASI_ADVICE_NOREUSE || offset > INT64_MAX || len > INT64_MAX)
        return LWASI_EINVAL;
    int r = posix_fadvise(e->host, (off_t)offset, (off_t)len, host_advice[advice]);
    return r ? lw_wasi_errno(r) : 0;
}

uint16_t lw_wasi_fd_allocate(lw_wasi_call *c)
{
    uint64_t offset = lw_wasi_arg64(c, 1), len = lw_wasi_arg64(c, 2);
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_ALLOCATE, &e);
    if (err)
        return (uint16_t)err;
    if (offset > INT64_MAX || len > INT64_MAX || offset + len > INT64_MAX)
        return LWASI_EFBIG;
    int r = posix_fallocate(e->host, (off_t)offset, (off_t)len);
    return r ? lw_wasi_errno(r) : 0;
}

uint16_t lw_wasi_fd_fdstat_get(lw_wasi_call *c)
{
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), LWASI_FDSTAT_SIZE);
    if (!out)
        return LWASI_EFAULT;
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), 0, &e);
    if (err)
        return (uint16_t)err;
    memset(out, 0, LWASI_FDSTAT_SIZE);
    out[0] = e->filetype;
    lw_wasi_store16(out + 2, e->fdflags);
    lw_wasi_store64(out + 8, e->rights_base);
    lw_wasi_store64(out + 16, e->rights_inheriting);
    return 0;
}

uint16_t lw_wasi_fd_fdstat_set_flags(lw_wasi_call *c)
{
    uint32_t flags = lw_wasi_arg32(c, 1);
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_FDSTAT_SET_FLAGS, &e);
    if (err)
        return (uint16_t)err;
    if (flags & ~LWASI_FDFLAGS_ALL)
        return LWASI_EINVAL;
    /* Linux's F_SETFL ignores the synchronisation flags: refuse to pretend they changed. */
    const uint32_t sync = LWASI_FDFLAG_DSYNC | LWASI_FDFLAG_RSYNC | LWASI_FDFLAG_SYNC;
    if ((flags & sync) != (e->fdflags & sync))
        return LWASI_ENOTSUP;
    if (!e->host_nonblock) {
        int fl = fcntl(e->host, F_GETFL);
        if (fl < 0)
            return lw_wasi_errno(errno);
        fl = (fl & ~(O_APPEND | O_NONBLOCK)) | (flags & LWASI_FDFLAG_APPEND ? O_APPEND : 0) |
             (flags & LWASI_FDFLAG_NONBLOCK ? O_NONBLOCK : 0);
        if (fcntl(e->host, F_SETFL, fl) != 0)
            return lw_wasi_errno(errno);
    } else if (flags & LWASI_FDFLAG_APPEND) {
        return LWASI_EINVAL; /* our sockets: only the (emulated) non-blocking flag can change */
    }
    e->fdflags = (uint16_t)flags;
    return 0;
}

uint16_t lw_wasi_fd_fdstat_set_rights(lw_wasi_call *c)
{
    uint64_t base = lw_wasi_arg64(c, 1), inheriting = lw_wasi_arg64(c, 2);
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), 0, &e);
    if (err)
        return (uint16_t)err;
    /* Rights only ever shrink. */
    if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting))
        return LWASI_ENOTCAPABLE;
    e->rights_base = base;
    e->rights_inheriting = inheriting;
    return 0;
}

uint16_t lw_wasi_fd_filestat_get(lw_wasi_call *c)
{
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), LWASI_FILESTAT_SIZE);
    if (!out)
        return LWASI_EFAULT;
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_FILESTAT_GET, &e);
    if (err)
        return (uint16_t)err;
    struct stat st;
    if (fstat(e->host, &st) != 0)
        return lw_wasi_errno(errno);
    lw_wasi_filestat_store(out, &st);
    /* Report what the guest was told the descriptor is (sockets keep their stream/dgram type). */
    out[16] = e->filetype;
    return 0;
}

uint16_t lw_wasi_fd_filestat_set_size(lw_wasi_call *c)
{
    uint64_t size = lw_wasi_arg64(c, 1);
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_FILESTAT_SET_SIZE, &e);
    if (err)
        return (uint16_t)err;
    if (size > INT64_MAX)
        return LWASI_EINVAL;
    uv_fs_t req;
    int r = uv_fs_ftruncate(&c->ctx->loop, &req, e->host, (int64_t)size, NULL);
    uv_fs_req_cleanup(&req);
    return r < 0 ? lw_wasi_uv_errno(r) : 0;
}

uint16_t lw_wasi_fd_filestat_set_times(lw_wasi_call *c)
{
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_FILESTAT_SET_TIMES, &e);
    if (err)
        return (uint16_t)err;
    struct timespec ts[2];
    if ((err = lw_wasi_times(lw_wasi_arg64(c, 1), lw_wasi_arg64(c, 2), lw_wasi_arg32(c, 3), ts)))
        return (uint16_t)err;
    /* futimens, not uv_fs_futime: libuv passes times as doubles and would lose nanoseconds. */
    return futimens(e->host, ts) != 0 ? lw_wasi_errno(errno) : 0;
}

uint16_t lw_wasi_fd_prestat_get(lw_wasi_call *c)
{
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), LWASI_PRESTAT_SIZE);
    if (!out)
        return LWASI_EFAULT;
    lw_wasi_fd *e = lw_wasi_fdtable_get(&c->ctx->fds, lw_wasi_arg32(c, 0));
    /* EBADF also for descriptors that are open but not preopens: wasi-libc scans upward from 3 until EBADF and
     * treats any other error as fatal. */
    if (!e || !e->preopen)
        return LWASI_EBADF;
    memset(out, 0, LWASI_PRESTAT_SIZE);
    out[0] = LWASI_PREOPENTYPE_DIR;
    lw_wasi_store32(out + 4, (uint32_t)e->preopen_len);
    return 0;
}

uint16_t lw_wasi_fd_prestat_dir_name(lw_wasi_call *c)
{
    uint32_t ptr = lw_wasi_arg32(c, 1), len = lw_wasi_arg32(c, 2);
    lw_wasi_fd *e = lw_wasi_fdtable_get(&c->ctx->fds, lw_wasi_arg32(c, 0));
    if (!e || !e->preopen)
        return LWASI_EBADF;
    if (len < e->preopen_len)
        return LWASI_ENAMETOOLONG;
    uint8_t *out = lw_wasi_mem_at(&c->mem, ptr, e->preopen_len);
    if (!out)
        return LWASI_EFAULT;
    memcpy(out, e->preopen, e->preopen_len);
    return 0;
}
