/* path_open.c — path_open: opens (or creates) a file or directory beneath a directory descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define R(x) LWASI_RIGHT_##x

/* Host open(2) flags for the guest's oflags, fdflags and requested rights. */
static int host_flags(uint32_t oflags, uint32_t fdflags, uint64_t base, bool must_be_dir)
{
    bool write = (base & (R(FD_WRITE) | R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE))) || (oflags & LWASI_OFLAG_TRUNC);
    bool read = (base & (R(FD_READ) | R(FD_READDIR))) || !write;
    /* O_NOFOLLOW always: a last-component symlink was already followed by the resolver when asked to be, so
     * one found now is either not to be followed or was swapped in meanwhile. O_NONBLOCK while opening keeps a
     * FIFO from blocking the open itself; it is cleared afterwards unless asked for. */
    int fl = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK;
    fl |= write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & LWASI_OFLAG_CREAT)
        fl |= O_CREAT;
    if (oflags & LWASI_OFLAG_EXCL)
        fl |= O_EXCL;
    if (oflags & LWASI_OFLAG_TRUNC)
        fl |= O_TRUNC;
    if ((oflags & LWASI_OFLAG_DIRECTORY) || must_be_dir)
        fl |= O_DIRECTORY;
    if (fdflags & LWASI_FDFLAG_APPEND)
        fl |= O_APPEND;
    if (fdflags & LWASI_FDFLAG_DSYNC)
        fl |= O_DSYNC;
    if (fdflags & (LWASI_FDFLAG_SYNC | LWASI_FDFLAG_RSYNC))
        fl |= O_SYNC; /* Linux's O_RSYNC is O_SYNC */
    return fl;
}

uint16_t lw_wasi_path_open(lw_wasi_call *c)
{
    uint32_t dirfd = lw_wasi_arg32(c, 0), lookup = lw_wasi_arg32(c, 1);
    uint32_t oflags = lw_wasi_arg32(c, 4), fdflags = lw_wasi_arg32(c, 7);
    uint64_t base = lw_wasi_arg64(c, 5), inheriting = lw_wasi_arg64(c, 6);
    uint8_t *fd_out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 8), 4);
    if (!fd_out)
        return LWASI_EFAULT;
    if ((oflags & ~LWASI_OFLAGS_ALL) || (fdflags & ~LWASI_FDFLAGS_ALL))
        return LWASI_EINVAL;
    uint64_t need = R(PATH_OPEN);
    if (oflags & LWASI_OFLAG_CREAT)
        need |= R(PATH_CREATE_FILE);
    if (oflags & LWASI_OFLAG_TRUNC)
        need |= R(PATH_FILESTAT_SET_SIZE);

    lw_wasi_path p;
    int err = lw_wasi_path_at(c, dirfd, need, lw_wasi_arg32(c, 2), lw_wasi_arg32(c, 3),
                              lookup & LWASI_LOOKUP_SYMLINK_FOLLOW ? LW_WASI_FOLLOW : 0, &p);
    if (err) {
        lw_wasi_path_release(&p);
        return (uint16_t)err;
    }
    int host = openat(p.dirfd, p.name, host_flags(oflags, fdflags, base, p.must_be_dir), 0666);
    err = host < 0 ? lw_wasi_errno(errno) : 0;
    lw_wasi_path_release(&p);
    if (err)
        return (uint16_t)err;
    if (!(fdflags & LWASI_FDFLAG_NONBLOCK)) {
        int fl = fcntl(host, F_GETFL);
        if (fl >= 0)
            fcntl(host, F_SETFL, fl & ~O_NONBLOCK);
    }
    lw_wasi_fd *e = lw_wasi_fd_from_host(host);
    if (!e) {
        err = lw_wasi_errno(errno);
        close(host);
        return (uint16_t)err;
    }
    /* New rights: what was asked, within what the directory may hand on and what this kind of object takes. */
    const lw_wasi_fd *dir = lw_wasi_fdtable_get(&c->ctx->fds, dirfd);
    e->rights_base = base & dir->rights_inheriting & lw_wasi_rights_base_for(e->kind);
    e->rights_inheriting = inheriting & dir->rights_inheriting & lw_wasi_rights_inheriting_for(e->kind);
    e->fdflags = (uint16_t)fdflags;
    uint32_t fd;
    if ((err = lw_wasi_fdtable_add(&c->ctx->fds, e, &fd))) {
        lw_wasi_fd_free(e);
        return (uint16_t)err;
    }
    lw_wasi_store32(fd_out, fd);
    return 0;
}
