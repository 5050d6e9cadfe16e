/* sock.c — sock_accept/recv/send/shutdown on preopened TCP listeners and their connections; making listeners. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

/* Splits "ADDR:PORT" / "[ADDR6]:PORT" and fills a sockaddr with libuv's parsers; false on bad syntax. */
static bool parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[64];
    const char *port;
    bool v6 = s[0] == '[';
    if (v6) {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof host)
            return false;
        memcpy(host, s + 1, (size_t)(end - s - 1));
        host[end - s - 1] = '\0';
        port = end + 2;
    } else {
        const char *colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= sizeof host || strchr(s, ':') != colon)
            return false;
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
        port = colon + 1;
    }
    char *endp;
    errno = 0;
    unsigned long p = strtoul(port, &endp, 10);
    if (!*port || *endp || errno || p > 65535)
        return false;
    memset(ss, 0, sizeof *ss);
    if (v6) {
        *len = sizeof(struct sockaddr_in6);
        return uv_ip6_addr(host, (int)p, (struct sockaddr_in6 *)ss) == 0;
    }
    *len = sizeof(struct sockaddr_in);
    return uv_ip4_addr(host, (int)p, (struct sockaddr_in *)ss) == 0;
}

bool lw_wasi_listen_syntax_ok(const char *addr_port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return addr_port && parse_addr(addr_port, &ss, &len);
}

int lw_wasi_listen(const char *addr_port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    if (!parse_addr(addr_port, &ss, &len))
        return -EINVAL;
    /* Non-blocking on the host; a guest's blocking accept waits on the libuv loop instead. */
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 128) != 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

static bool is_socket(const lw_wasi_fd *e)
{
    return e->kind == LW_WASI_FD_SOCKET || e->kind == LW_WASI_FD_LISTENER;
}

/* A socket entry with `rights`: EBADF, ENOTSOCK or ENOTCAPABLE otherwise. */
static int get_socket(lw_wasi_call *c, uint32_t fd, uint64_t rights, lw_wasi_fd **out)
{
    lw_wasi_fd *e = lw_wasi_fdtable_get(&c->ctx->fds, fd);
    *out = e;
    if (!e)
        return LWASI_EBADF;
    if (!is_socket(e))
        return LWASI_ENOTSOCK;
    return lw_wasi_fd_get(c->ctx, fd, rights, out);
}

/* Whether a would-block result should wait: the host fd is non-blocking but the guest's is not. */
static bool should_wait(const lw_wasi_fd *e, int err)
{
    return (err == EAGAIN || err == EWOULDBLOCK) && e->host_nonblock && !(e->fdflags & LWASI_FDFLAG_NONBLOCK);
}

uint16_t lw_wasi_sock_accept(lw_wasi_call *c)
{
    uint32_t flags = lw_wasi_arg32(c, 1);
    uint8_t *fd_out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 2), 4);
    if (!fd_out)
        return LWASI_EFAULT;
    lw_wasi_fd *l;
    int err = get_socket(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_SOCK_ACCEPT, &l);
    if (err)
        return (uint16_t)err;
    if (flags & ~LWASI_FDFLAG_NONBLOCK)
        return LWASI_EINVAL;
    int host;
    for (;;) {
        host = accept4(l->host, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (host >= 0)
            break;
        int e = errno;
        if (e == EINTR)
            continue;
        if (!should_wait(l, e))
            return lw_wasi_errno(e);
        if ((err = lw_wasi_wait_fd(c->ctx, l->host, UV_READABLE)))
            return (uint16_t)err;
    }
    lw_wasi_fd *e = lw_wasi_fd_from_host(host);
    if (!e) {
        err = lw_wasi_errno(errno);
        close(host);
        return (uint16_t)err;
    }
    e->kind = LW_WASI_FD_SOCKET;
    e->host_nonblock = true;
    e->fdflags = (uint16_t)(flags & LWASI_FDFLAG_NONBLOCK);
    e->rights_base = lw_wasi_rights_base_for(LW_WASI_FD_SOCKET) & l->rights_inheriting;
    e->rights_inheriting = 0;
    uint32_t fd;
    if ((err = lw_wasi_fdtable_add(&c->ctx->fds, e, &fd))) {
        lw_wasi_fd_free(e);
        return (uint16_t)err;
    }
    lw_wasi_store32(fd_out, fd);
    return 0;
}

int64_t lw_wasi_sock_io(lwasi_ctx *ctx, const lw_wasi_fd *e, bool send, const uv_buf_t *bufs, unsigned n,
                        int msg_flags, int *msg_flags_out)
{
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = (struct iovec *)bufs; /* uv_buf_t is laid out as struct iovec on Unix */
    msg.msg_iovlen = n;
    for (;;) {
        /* MSG_NOSIGNAL: a closed peer is EPIPE for the guest, never SIGPIPE for the host. */
        ssize_t r = send ? sendmsg(e->host, &msg, msg_flags | MSG_NOSIGNAL) : recvmsg(e->host, &msg, msg_flags);
        if (r >= 0) {
            if (msg_flags_out)
                *msg_flags_out = msg.msg_flags;
            return r;
        }
        int en = errno;
        if (en == EINTR)
            continue;
        if (!should_wait(e, en))
            return -(int64_t)lw_wasi_errno(en);
        int err = lw_wasi_wait_fd(ctx, e->host, send ? UV_WRITABLE : UV_READABLE);
        if (err)
            return -(int64_t)err;
    }
}

/* sock_recv and sock_send: the socket, its iovecs, one transfer. */
static uint16_t transfer(lw_wasi_call *c, bool send, uint32_t fd, uint32_t iovs, uint32_t count, int msg_flags,
                         uint8_t *len_out, uint8_t *flags_out)
{
    lw_wasi_fd *e;
    int err = get_socket(c, fd, send ? LWASI_RIGHT_FD_WRITE : LWASI_RIGHT_FD_READ, &e);
    if (err)
        return (uint16_t)err;
    uv_buf_t *bufs;
    unsigned n;
    if ((err = lw_wasi_mem_iovecs(&c->mem, iovs, count, &bufs, &n)))
        return (uint16_t)err;
    int out_flags = 0;
    int64_t r = lw_wasi_sock_io(c->ctx, e, send, bufs, n, msg_flags, &out_flags);
    free(bufs);
    if (r < 0)
        return (uint16_t)-r;
    lw_wasi_store32(len_out, (uint32_t)r);
    if (flags_out)
        lw_wasi_store16(flags_out, out_flags & MSG_TRUNC ? LWASI_ROFLAG_DATA_TRUNCATED : 0);
    return 0;
}

uint16_t lw_wasi_sock_recv(lw_wasi_call *c)
{
    uint32_t riflags = lw_wasi_arg32(c, 3);
    uint8_t *len_out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 4), 4);
    uint8_t *flags_out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 5), 2);
    if (!len_out || !flags_out)
        return LWASI_EFAULT;
    if (riflags & ~(LWASI_RIFLAG_PEEK | LWASI_RIFLAG_WAITALL))
        return LWASI_EINVAL;
    int fl = (riflags & LWASI_RIFLAG_PEEK ? MSG_PEEK : 0) | (riflags & LWASI_RIFLAG_WAITALL ? MSG_WAITALL : 0);
    return transfer(c, false, lw_wasi_arg32(c, 0), lw_wasi_arg32(c, 1), lw_wasi_arg32(c, 2), fl, len_out,
                    flags_out);
}

uint16_t lw_wasi_sock_send(lw_wasi_call *c)
{
    uint8_t *len_out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 4), 4);
    if (!len_out)
        return LWASI_EFAULT;
    if (lw_wasi_arg32(c, 3) != 0) /* siflags: none are defined */
        return LWASI_EINVAL;
    return transfer(c, true, lw_wasi_arg32(c, 0), lw_wasi_arg32(c, 1), lw_wasi_arg32(c, 2), 0, len_out, NULL);
}

uint16_t lw_wasi_sock_shutdown(lw_wasi_call *c)
{
    uint32_t how = lw_wasi_arg32(c, 1);
    lw_wasi_fd *e;
    int err = get_socket(c, lw_wasi_arg32(c, 0), LWASI_RIGHT_SOCK_SHUTDOWN, &e);
    if (err)
        return (uint16_t)err;
    int h;
    switch (how) {
    case LWASI_SDFLAG_RD: h = SHUT_RD; break;
    case LWASI_SDFLAG_WR: h = SHUT_WR; break;
    case LWASI_SDFLAG_RD | LWASI_SDFLAG_WR: h = SHUT_RDWR; break;
    default: return LWASI_EINVAL;
    }
    return shutdown(e->host, h) == 0 ? 0 : lw_wasi_errno(errno);
}
