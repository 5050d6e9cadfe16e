/* fd_io.c — fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell: data transfer and the file offset. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

/* One read or write through libuv's synchronous fs calls (offset -1: at the file offset). When the host fd is
 * non-blocking only because we made it so (sockets), a blocking guest waits for readiness and tries again. */
static int64_t transfer(lwasi_ctx *ctx, const lw_wasi_fd *e, bool write, const uv_buf_t *bufs, unsigned n,
                        int64_t offset)
{
    for (;;) {
        uv_fs_t req;
        int r = write ? uv_fs_write(&ctx->loop, &req, e->host, bufs, n, offset, NULL)
                      : uv_fs_read(&ctx->loop, &req, e->host, bufs, n, offset, NULL);
        int64_t result = req.result;
        uv_fs_req_cleanup(&req);
        if (r < 0 && r == UV_EAGAIN && e->host_nonblock && !(e->fdflags & LWASI_FDFLAG_NONBLOCK)) {
            int err = lw_wasi_wait_fd(ctx, e->host, write ? UV_WRITABLE : UV_READABLE);
            if (err)
                return -err;
            continue;
        }
        if (r < 0)
            return -(int64_t)lw_wasi_uv_errno(r);
        return result;
    }
}

/* fd_read/fd_write/fd_pread/fd_pwrite share their argument shapes: fd, iovs, iovs_len, [offset], result ptr. */
static uint16_t io(lw_wasi_call *c, bool write, bool positional)
{
    uint32_t fd = lw_wasi_arg32(c, 0), iovs = lw_wasi_arg32(c, 1), count = lw_wasi_arg32(c, 2);
    uint32_t result_ptr = positional ? lw_wasi_arg32(c, 4) : lw_wasi_arg32(c, 3);
    uint64_t offset = positional ? lw_wasi_arg64(c, 3) : 0;
    uint8_t *result = lw_wasi_mem_at(&c->mem, result_ptr, 4);
    if (!result)
        return LWASI_EFAULT;
    uint64_t rights = write ? LWASI_RIGHT_FD_WRITE : LWASI_RIGHT_FD_READ;
    if (positional)
        rights |= LWASI_RIGHT_FD_SEEK;
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, fd, rights, &e);
    if (err)
        return (uint16_t)err;
    if (positional && offset > INT64_MAX)
        return LWASI_EINVAL;
    uv_buf_t *bufs;
    unsigned n;
    if ((err = lw_wasi_mem_iovecs(&c->mem, iovs, count, &bufs, &n)))
        return (uint16_t)err;
    /* libuv refuses an empty buffer list; reading or writing nothing transfers nothing. Sockets go through
     * sendmsg/recvmsg so that a closed peer cannot raise SIGPIPE in the host. */
    int64_t r = 0;
    if (n && !positional && (e->kind == LW_WASI_FD_SOCKET || e->kind == LW_WASI_FD_LISTENER))
        r = lw_wasi_sock_io(c->ctx, e, write, bufs, n, 0, NULL);
    else if (n)
        r = transfer(c->ctx, e, write, bufs, n, positional ? (int64_t)offset : -1);
    free(bufs);
    if (r < 0)
        return (uint16_t)-r;
    lw_wasi_store32(result, (uint32_t)r);
    return 0;
}

uint16_t lw_wasi_fd_read(lw_wasi_call *c) { return io(c, false, false); }
uint16_t lw_wasi_fd_write(lw_wasi_call *c) { return io(c, true, false); }
uint16_t lw_wasi_fd_pread(lw_wasi_call *c) { return io(c, false, true); }
uint16_t lw_wasi_fd_pwrite(lw_wasi_call *c) { return io(c, true, true); }

uint16_t lw_wasi_fd_seek(lw_wasi_call *c)
{
    uint32_t fd = lw_wasi_arg32(c, 0), whence = lw_wasi_arg32(c, 2);
    int64_t offset = (int64_t)lw_wasi_arg64(c, 1);
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 3), 8);
    if (!out)
        return LWASI_EFAULT;
    /* Asking for the offset without moving it needs only FD_TELL. */
    bool tell_only = offset == 0 && whence == LWASI_WHENCE_CUR;
    lw_wasi_fd *e = lw_wasi_fdtable_get(&c->ctx->fds, fd);
    if (!e)
        return LWASI_EBADF;
    uint64_t need = tell_only && (e->rights_base & LWASI_RIGHT_FD_TELL) ? LWASI_RIGHT_FD_TELL : LWASI_RIGHT_FD_SEEK;
    int err = lw_wasi_fd_get(c->ctx, fd, need, &e);
    if (err)
        return (uint16_t)err;
    int how;
    switch (whence) {
    case LWASI_WHENCE_SET: how = SEEK_SET; break;
    case LWASI_WHENCE_CUR: how = SEEK_CUR; break;
    case LWASI_WHENCE_END: how = SEEK_END; break;
    default: return LWASI_EINVAL;
    }
    off_t r = lseek(e->host, (off_t)offset, how);
    if (r < 0)
        return lw_wasi_errno(errno);
    lw_wasi_store64(out, (uint64_t)r);
    return 0;
}

uint16_t lw_wasi_fd_tell(lw_wasi_call *c)
{
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), 8);
    if (!out)
        return LWASI_EFAULT;
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_TELL, &e);
    if (err)
        return (uint16_t)err;
    off_t r = lseek(e->host, 0, SEEK_CUR);
    if (r < 0)
        return lw_wasi_errno(errno);
    lw_wasi_store64(out, (uint64_t)r);
    return 0;
}
