/* fd_readdir.c — fd_readdir: directory entries with index cookies, served from a stream cached per descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static uint8_t dirent_type(DIR *dir, const struct dirent *d)
{
    switch (d->d_type) {
    case DT_REG: return LWASI_FILETYPE_REGULAR_FILE;
    case DT_DIR: return LWASI_FILETYPE_DIRECTORY;
    case DT_LNK: return LWASI_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR: return LWASI_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK: return LWASI_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK: return LWASI_FILETYPE_SOCKET_STREAM;
    case DT_FIFO: return LWASI_FILETYPE_UNKNOWN;
    default: {
        /* Some file systems do not fill d_type. */
        struct stat st;
        if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            return lw_wasi_filetype_of_mode(st.st_mode);
        return LWASI_FILETYPE_UNKNOWN;
    }
    }
}

/* Positions e->dir so that the next entry it returns has index `cookie`. */
static int seek_to(lw_wasi_fd *e, uint64_t cookie)
{
    if (!e->dir) {
        /* A descriptor of its own, so the guest's fd keeps its own offset and flags. */
        int fd = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return lw_wasi_errno(errno);
        e->dir = fdopendir(fd);
        if (!e->dir) {
            int err = errno;
            close(fd);
            return lw_wasi_errno(err);
        }
        e->dir_pos = 0;
    }
    if (cookie < e->dir_pos) {
        rewinddir(e->dir);
        e->dir_pos = 0;
    }
    while (e->dir_pos < cookie) {
        errno = 0;
        if (!readdir(e->dir))
            return errno ? lw_wasi_errno(errno) : 0; /* past the end: nothing more to return */
        e->dir_pos++;
    }
    return 0;
}

uint16_t lw_wasi_fd_readdir(lw_wasi_call *c)
{
    uint32_t buf_ptr = lw_wasi_arg32(c, 1), buf_len = lw_wasi_arg32(c, 2);
    uint64_t cookie = lw_wasi_arg64(c, 3);
    uint8_t *used_out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 4), 4);
    uint8_t *buf = lw_wasi_mem_at(&c->mem, buf_ptr, buf_len);
    if (!used_out || !buf)
        return LWASI_EFAULT;
    lw_wasi_fd *e;
    int err = lw_wasi_fd_get(c->ctx, lw_wasi_arg32(c, 0), LWASI_RIGHT_FD_READDIR, &e);
    if (err)
        return (uint16_t)err;
    if (e->kind != LW_WASI_FD_DIR)
        return LWASI_ENOTDIR;
    if ((err = seek_to(e, cookie)))
        return (uint16_t)err;

    uint32_t used = 0;
    uint8_t rec[LWASI_DIRENT_SIZE + sizeof(((struct dirent *)0)->d_name)];
    while (used < buf_len) {
        long loc = telldir(e->dir);
        errno = 0;
        struct dirent *d = readdir(e->dir);
        if (!d) {
            if (errno)
                return lw_wasi_errno(errno);
            break;
        }
        size_t namelen = strlen(d->d_name);
        memset(rec, 0, LWASI_DIRENT_SIZE);
        lw_wasi_store64(rec, e->dir_pos + 1);
        lw_wasi_store64(rec + 8, (uint64_t)d->d_ino);
        lw_wasi_store32(rec + 16, (uint32_t)namelen);
        rec[20] = dirent_type(e->dir, d);
        memcpy(rec + LWASI_DIRENT_SIZE, d->d_name, namelen);
        size_t size = LWASI_DIRENT_SIZE + namelen;
        size_t room = buf_len - used;
        /* A record that does not fit is cut: a full buffer tells the guest to call again from its cookie. */
        memcpy(buf + used, rec, size < room ? size : room);
        used += (uint32_t)(size < room ? size : room);
        if (size > room) {
            seekdir(e->dir, loc); /* the cut entry is returned again next time */
            break;
        }
        e->dir_pos++;
    }
    lw_wasi_store32(used_out, used);
    return 0;
}
