/* test_wasi_fd.c — fd calls: I/O, seek, rights, fdstat, filestat, advise, allocate, sync, close, renumber, readdir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define R(x) LWASI_RIGHT_##x
#define RW (R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) | R(FD_TELL) | R(FD_FILESTAT_GET))

static uint32_t open_file(wh *h, const char *name, uint32_t oflags, uint64_t rights, uint32_t fdflags)
{
    uint32_t fd;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, name, oflags, rights, fdflags, &fd), 0);
    assert_true(fd > 3);
    return fd;
}

static void read_write_seek(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t fd = open_file(h, "f", LWASI_OFLAG_CREAT, RW, 0), n;
    assert_int_equal(wh_write(h, fd, "hello world", 11, &n), 0);
    assert_int_equal(n, 11);
    uint32_t pos = wh_alloc(h, 8);
    assert_int_equal(WCALL(h, "fd_tell", fd, pos), 0);
    assert_int_equal(wh_u64(h, pos), 11);
    assert_int_equal(WCALL(h, "fd_seek", fd, (uint64_t)-5, LWASI_WHENCE_CUR, pos), 0);
    assert_int_equal(wh_u64(h, pos), 6);
    char buf[16] = {0};
    assert_int_equal(wh_read(h, fd, buf, sizeof buf, &n), 0);
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "world", 5);
    assert_int_equal(wh_read(h, fd, buf, sizeof buf, &n), 0);
    assert_int_equal(n, 0); /* end of file */
    assert_int_equal(WCALL(h, "fd_seek", fd, (uint64_t)-100, LWASI_WHENCE_CUR, pos), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_seek", fd, 0, 3, pos), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_seek", fd, 1000, LWASI_WHENCE_END, pos), 0);
    assert_int_equal(wh_u64(h, pos), 1011);
    char *host = wh_host_read(h, "sandbox/f");
    assert_string_equal(host, "hello world");
    free(host);
    wh_free(h);
}

static void vectored_and_positional(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t fd = open_file(h, "v", LWASI_OFLAG_CREAT, RW, 0);
    /* gather two buffers with one fd_pwrite at offset 4 */
    uint32_t a = wh_str(h, "abc"), b = wh_str(h, "defg"), iov = wh_alloc(h, 16), n = wh_alloc(h, 4);
    lw_wasi_store32(h->mem + iov, a), lw_wasi_store32(h->mem + iov + 4, 3);
    lw_wasi_store32(h->mem + iov + 8, b), lw_wasi_store32(h->mem + iov + 12, 4);
    assert_int_equal(WCALL(h, "fd_pwrite", fd, iov, 2, 4, n), 0);
    assert_int_equal(wh_u32(h, n), 7);
    uint32_t pos = wh_alloc(h, 8);
    assert_int_equal(WCALL(h, "fd_tell", fd, pos), 0);
    assert_int_equal(wh_u64(h, pos), 0); /* positional writes leave the offset alone */
    /* scatter into 2 + 3 bytes from offset 5 */
    uint32_t d1 = wh_alloc(h, 2), d2 = wh_alloc(h, 3), riov = wh_alloc(h, 16);
    lw_wasi_store32(h->mem + riov, d1), lw_wasi_store32(h->mem + riov + 4, 2);
    lw_wasi_store32(h->mem + riov + 8, d2), lw_wasi_store32(h->mem + riov + 12, 3);
    assert_int_equal(WCALL(h, "fd_pread", fd, riov, 2, 5, n), 0);
    assert_int_equal(wh_u32(h, n), 5);
    assert_memory_equal(h->mem + d1, "bc", 2);
    assert_memory_equal(h->mem + d2, "def", 3);
    assert_int_equal(WCALL(h, "fd_pread", fd, riov, 2, (uint64_t)INT64_MAX + 1, n), LWASI_EINVAL);
    /* zero iovecs transfer nothing */
    assert_int_equal(WCALL(h, "fd_write", fd, iov, 0, n), 0);
    assert_int_equal(wh_u32(h, n), 0);
    /* an iovec past the end of memory: EFAULT, nothing written */
    lw_wasi_store32(h->mem + iov + 12, (uint32_t)h->mem_size);
    assert_int_equal(WCALL(h, "fd_write", fd, iov, 2, n), LWASI_EFAULT);
    assert_int_equal(WCALL(h, "fd_write", fd, iov, 1, (uint64_t)h->mem_size - 2), LWASI_EFAULT);
    struct stat st;
    assert_int_equal(wh_host_lstat(h, "sandbox/v", &st), 0);
    assert_int_equal(st.st_size, 11);
    wh_free(h);
}

static void stdout_pipe(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t n;
    assert_int_equal(wh_write(h, 1, "to stdout\n", 10, &n), 0);
    assert_int_equal(n, 10);
    char buf[32] = {0};
    assert_int_equal(read(h->out_pipe[0], buf, sizeof buf - 1), 10);
    assert_string_equal(buf, "to stdout\n");
    uint32_t pos = wh_alloc(h, 8);
    assert_int_equal(WCALL(h, "fd_seek", 1, 0, LWASI_WHENCE_CUR, pos), LWASI_ENOTCAPABLE); /* a pipe */
    assert_int_equal(wh_read(h, 0, buf, sizeof buf, &n), 0); /* /dev/null */
    assert_int_equal(n, 0);
    wh_free(h);
}

static void rights(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t fd = open_file(h, "r", LWASI_OFLAG_CREAT, R(FD_READ) | R(FD_SEEK), 0), n;
    assert_int_equal(wh_write(h, fd, "x", 1, &n), LWASI_ENOTCAPABLE);
    uint32_t st = wh_alloc(h, 24);
    assert_int_equal(WCALL(h, "fd_fdstat_get", fd, st), 0);
    assert_int_equal(h->mem[st], LWASI_FILETYPE_REGULAR_FILE);
    assert_int_equal(wh_u64(h, st + 8), R(FD_READ) | R(FD_SEEK));
    assert_int_equal(wh_u64(h, st + 16), 0); /* files hand nothing on */
    /* rights shrink, never grow */
    assert_int_equal(WCALL(h, "fd_fdstat_set_rights", fd, R(FD_SEEK), 0), 0);
    char buf[4];
    assert_int_equal(wh_read(h, fd, buf, 4, &n), LWASI_ENOTCAPABLE);
    assert_int_equal(WCALL(h, "fd_fdstat_set_rights", fd, R(FD_SEEK) | R(FD_READ), 0), LWASI_ENOTCAPABLE);
    /* a directory's rights: no read/write/seek even when asked for */
    uint32_t d;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, ".", LWASI_OFLAG_DIRECTORY, R(FD_READ) | R(FD_SEEK), 0, &d), 0);
    assert_int_equal(WCALL(h, "fd_fdstat_get", d, st), 0);
    assert_int_equal(h->mem[st], LWASI_FILETYPE_DIRECTORY);
    assert_int_equal(wh_u64(h, st + 8), 0);
    assert_int_equal(wh_read(h, WH_PREOPEN, buf, 4, &n), LWASI_ENOTCAPABLE);
    /* the preopen hands on what files need */
    assert_int_equal(WCALL(h, "fd_fdstat_get", WH_PREOPEN, st), 0);
    assert_true(wh_u64(h, st + 16) & R(FD_WRITE));
    assert_true(wh_u64(h, st + 8) & R(PATH_OPEN));
    /* a path call needs its right on the directory */
    assert_int_equal(WCALL(h, "fd_fdstat_set_rights", d, 0, 0), 0);
    assert_int_equal(WCALL(h, "path_create_directory", d, WPATH(h, "nope")), LWASI_ENOTCAPABLE);
    assert_false(wh_host_exists(h, "sandbox/nope"));
    wh_free(h);
}

static void fdstat_flags(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t fd = open_file(h, "a", LWASI_OFLAG_CREAT, RW | R(FD_FDSTAT_SET_FLAGS), LWASI_FDFLAG_APPEND), n;
    uint32_t st = wh_alloc(h, 24), pos = wh_alloc(h, 8);
    assert_int_equal(WCALL(h, "fd_fdstat_get", fd, st), 0);
    assert_int_equal(lw_wasi_load16(h->mem + st + 2), LWASI_FDFLAG_APPEND);
    assert_int_equal(wh_write(h, fd, "12345", 5, &n), 0);
    assert_int_equal(WCALL(h, "fd_seek", fd, 0, LWASI_WHENCE_SET, pos), 0);
    assert_int_equal(wh_write(h, fd, "ab", 2, &n), 0); /* appended despite the seek */
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", fd, 0), 0);
    assert_int_equal(WCALL(h, "fd_seek", fd, 0, LWASI_WHENCE_SET, pos), 0);
    assert_int_equal(wh_write(h, fd, "X", 1, &n), 0); /* now in place */
    char *s = wh_host_read(h, "sandbox/a");
    assert_string_equal(s, "X2345ab");
    free(s);
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", fd, LWASI_FDFLAG_SYNC), LWASI_ENOTSUP);
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", fd, 0x20), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", fd, LWASI_FDFLAG_NONBLOCK), 0);
    assert_int_equal(WCALL(h, "fd_fdstat_get", fd, st), 0);
    assert_int_equal(lw_wasi_load16(h->mem + st + 2), LWASI_FDFLAG_NONBLOCK);
    assert_int_equal(WCALL(h, "fd_fdstat_get", 77, st), LWASI_EBADF);
    assert_int_equal(WCALL(h, "fd_fdstat_get", fd, (uint64_t)h->mem_size - 8), LWASI_EFAULT);
    wh_free(h);
}

static void filestat(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint64_t all = RW | R(FD_FILESTAT_SET_SIZE) | R(FD_FILESTAT_SET_TIMES) | R(FD_ALLOCATE) | R(FD_ADVISE) |
                   R(FD_SYNC) | R(FD_DATASYNC);
    uint32_t fd = open_file(h, "s", LWASI_OFLAG_CREAT, all, 0), n;
    assert_int_equal(wh_write(h, fd, "1234", 4, &n), 0);
    uint32_t st = wh_alloc(h, 64);
    assert_int_equal(WCALL(h, "fd_filestat_get", fd, st), 0);
    assert_int_equal(h->mem[st + 16], LWASI_FILETYPE_REGULAR_FILE);
    assert_int_equal(wh_u64(h, st + 24), 1); /* nlink */
    assert_int_equal(wh_u64(h, st + 32), 4); /* size */
    struct stat hs;
    assert_int_equal(wh_host_lstat(h, "sandbox/s", &hs), 0);
    assert_int_equal(wh_u64(h, st + 8), hs.st_ino);
    assert_int_equal(WCALL(h, "fd_filestat_set_size", fd, 100), 0);
    assert_int_equal(WCALL(h, "fd_filestat_get", fd, st), 0);
    assert_int_equal(wh_u64(h, st + 32), 100);
    assert_int_equal(WCALL(h, "fd_filestat_set_size", fd, (uint64_t)INT64_MAX + 1), LWASI_EINVAL);
    /* exact nanoseconds survive (libuv's double-based futime would not) */
    uint64_t mtim = 1234567890123456789ull, atim = wh_u64(h, st + 40);
    assert_int_equal(WCALL(h, "fd_filestat_set_times", fd, 0, mtim, LWASI_FSTFLAG_MTIM), 0);
    assert_int_equal(WCALL(h, "fd_filestat_get", fd, st), 0);
    assert_int_equal(wh_u64(h, st + 48), mtim);
    assert_int_equal(wh_u64(h, st + 40), atim); /* untouched */
    assert_int_equal(WCALL(h, "fd_filestat_set_times", fd, 0, 0, LWASI_FSTFLAG_MTIM | LWASI_FSTFLAG_MTIM_NOW),
                     LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_filestat_set_times", fd, 0, 0, LWASI_FSTFLAG_ATIM | LWASI_FSTFLAG_ATIM_NOW),
                     LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_filestat_set_times", fd, 0, 0, 0x10), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_filestat_set_times", fd, 0, 0, LWASI_FSTFLAG_MTIM_NOW), 0);
    assert_int_equal(WCALL(h, "fd_filestat_get", fd, st), 0);
    assert_true(wh_u64(h, st + 48) > mtim);
    /* advise, allocate, sync */
    assert_int_equal(WCALL(h, "fd_advise", fd, 0, 10, 2), 0);
    assert_int_equal(WCALL(h, "fd_advise", fd, 0, 10, 6), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "fd_allocate", fd, 90, 20), 0);
    assert_int_equal(WCALL(h, "fd_filestat_get", fd, st), 0);
    assert_int_equal(wh_u64(h, st + 32), 110);
    assert_int_equal(WCALL(h, "fd_allocate", fd, 10, 10), 0);
    assert_int_equal(WCALL(h, "fd_filestat_get", fd, st), 0);
    assert_int_equal(wh_u64(h, st + 32), 110);
    assert_int_equal(WCALL(h, "fd_allocate", fd, (uint64_t)INT64_MAX, 2), LWASI_EFBIG);
    assert_int_equal(WCALL(h, "fd_sync", fd), 0);
    assert_int_equal(WCALL(h, "fd_datasync", fd), 0);
    /* the preopen directory: stat yes, size no */
    assert_int_equal(WCALL(h, "fd_filestat_get", WH_PREOPEN, st), 0);
    assert_int_equal(h->mem[st + 16], LWASI_FILETYPE_DIRECTORY);
    assert_int_equal(WCALL(h, "fd_filestat_set_size", WH_PREOPEN, 0), LWASI_ENOTCAPABLE);
    assert_int_equal(WCALL(h, "fd_allocate", WH_PREOPEN, 0, 1), LWASI_ENOTCAPABLE);
    wh_free(h);
}

static void close_and_renumber(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t a = open_file(h, "a", LWASI_OFLAG_CREAT, RW, 0), b = open_file(h, "b", LWASI_OFLAG_CREAT, RW, 0), n;
    assert_int_equal(WCALL(h, "fd_renumber", a, b), 0);
    assert_int_equal(WCALL(h, "fd_close", a), LWASI_EBADF);
    assert_int_equal(wh_write(h, b, "into a", 6, &n), 0);
    char *s = wh_host_read(h, "sandbox/a");
    assert_string_equal(s, "into a");
    free(s);
    assert_int_equal(WCALL(h, "fd_renumber", b, a), LWASI_EBADF); /* the target must be open */
    assert_int_equal(WCALL(h, "fd_renumber", b, b), 0);
    assert_int_equal(WCALL(h, "fd_renumber", 1000, b), LWASI_EBADF);
    assert_int_equal(WCALL(h, "fd_close", b), 0);
    assert_int_equal(WCALL(h, "fd_close", b), LWASI_EBADF);
    /* the lowest free number is reused */
    uint32_t c = open_file(h, "c", LWASI_OFLAG_CREAT, RW, 0);
    assert_int_equal(c, a);
    /* closing the preopen is allowed; it is gone afterwards */
    assert_int_equal(WCALL(h, "fd_close", WH_PREOPEN), 0);
    uint32_t pre = wh_alloc(h, 8);
    assert_int_equal(WCALL(h, "fd_prestat_get", WH_PREOPEN, pre), LWASI_EBADF);
    wh_free(h);
}

static void prestat(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t pre = wh_alloc(h, 8), name = wh_alloc(h, 8);
    memset(h->mem + pre, 0xEE, 8);
    assert_int_equal(WCALL(h, "fd_prestat_get", WH_PREOPEN, pre), 0);
    assert_int_equal(h->mem[pre], LWASI_PREOPENTYPE_DIR);
    assert_int_equal(wh_u32(h, pre + 4), 1);
    assert_int_equal(WCALL(h, "fd_prestat_dir_name", WH_PREOPEN, name, 0), LWASI_ENAMETOOLONG);
    assert_int_equal(WCALL(h, "fd_prestat_dir_name", WH_PREOPEN, name, 8), 0);
    assert_int_equal(h->mem[name], '/');
    assert_int_equal(WCALL(h, "fd_prestat_dir_name", WH_PREOPEN, (uint64_t)h->mem_size, 1), LWASI_EFAULT);
    /* stdio and ordinary files are not preopens; neither is a closed number */
    assert_int_equal(WCALL(h, "fd_prestat_get", 1, pre), LWASI_EBADF);
    assert_int_equal(WCALL(h, "fd_prestat_get", 4, pre), LWASI_EBADF);
    assert_int_equal(WCALL(h, "fd_prestat_dir_name", 1, name, 8), LWASI_EBADF);
    wh_free(h);
}

/* Reads a directory through fd_readdir with a buffer of buf_len bytes; returns the names seen, one per line. */
static char *list_dir(wh *h, uint32_t fd, uint32_t buf_len, size_t *count)
{
    uint32_t buf = wh_alloc(h, buf_len), used = wh_alloc(h, 4);
    uint64_t cookie = 0;
    size_t cap = 1 << 16, len = 0;
    char *names = calloc(1, cap);
    *count = 0;
    for (;;) {
        assert_int_equal(WCALL(h, "fd_readdir", fd, buf, buf_len, cookie, used), 0);
        uint32_t u = wh_u32(h, used);
        assert_true(u <= buf_len);
        uint32_t at = 0;
        while (at + LWASI_DIRENT_SIZE <= u) {
            uint32_t namlen = wh_u32(h, buf + at + 16);
            if (at + LWASI_DIRENT_SIZE + namlen > u)
                break; /* cut record: fetch it again from its cookie */
            assert_int_equal(wh_u64(h, buf + at), cookie + 1); /* cookies count entries */
            cookie = wh_u64(h, buf + at);
            assert_true(len + namlen + 2 < cap);
            memcpy(names + len, h->mem + buf + at + LWASI_DIRENT_SIZE, namlen);
            len += namlen;
            names[len++] = '\n';
            (*count)++;
            at += LWASI_DIRENT_SIZE + namlen;
        }
        if (u < buf_len)
            break;
    }
    return names;
}

static void readdir_entries(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_write(h, "sandbox/file", "x");
    wh_host_mkdir(h, "sandbox/sub");
    wh_host_symlink(h, "file", "sandbox/link");
    uint32_t buf = wh_alloc(h, 4096), used = wh_alloc(h, 4);
    assert_int_equal(WCALL(h, "fd_readdir", WH_PREOPEN, buf, 4096, 0, used), 0);
    uint32_t u = wh_u32(h, used), at = 0;
    int seen = 0;
    while (at < u) {
        uint32_t namlen = wh_u32(h, buf + at + 16);
        char name[256] = {0};
        memcpy(name, h->mem + buf + at + 24, namlen);
        uint8_t type = h->mem[buf + at + 20];
        if (!strcmp(name, "file"))
            seen |= 1, assert_int_equal(type, LWASI_FILETYPE_REGULAR_FILE);
        else if (!strcmp(name, "sub"))
            seen |= 2, assert_int_equal(type, LWASI_FILETYPE_DIRECTORY);
        else if (!strcmp(name, "link"))
            seen |= 4, assert_int_equal(type, LWASI_FILETYPE_SYMBOLIC_LINK);
        else if (!strcmp(name, ".") || !strcmp(name, ".."))
            seen |= 8, assert_int_equal(type, LWASI_FILETYPE_DIRECTORY);
        else
            fail_msg("unexpected entry %s", name);
        at += 24 + namlen;
    }
    assert_int_equal(at, u);
    assert_int_equal(seen, 15);
    /* a cookie past the end yields nothing; a small buffer is filled completely */
    assert_int_equal(WCALL(h, "fd_readdir", WH_PREOPEN, buf, 4096, 5, used), 0);
    assert_int_equal(wh_u32(h, used), 0);
    assert_int_equal(WCALL(h, "fd_readdir", WH_PREOPEN, buf, 30, 0, used), 0);
    assert_int_equal(wh_u32(h, used), 30);
    /* only directories, and only with the right */
    uint32_t fd = open_file(h, "file", 0, R(FD_READ) | R(FD_READDIR), 0);
    assert_int_equal(WCALL(h, "fd_readdir", fd, buf, 4096, 0, used), LWASI_ENOTCAPABLE);
    assert_int_equal(WCALL(h, "fd_readdir", WH_PREOPEN, (uint64_t)h->mem_size - 10, 11, 0, used), LWASI_EFAULT);
    wh_free(h);
}

static void readdir_many(void **state)
{
    (void)state;
    wh *h = wh_new();
    for (int i = 0; i < 300; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "sandbox/entry-with-a-longish-name-%03d", i);
        wh_host_write(h, rel, "");
    }
    size_t count;
    char *names = list_dir(h, WH_PREOPEN, 100, &count); /* a few records per call, many cut records */
    assert_int_equal(count, 302);
    for (int i = 0; i < 300; i += 37) {
        char want[64];
        snprintf(want, sizeof want, "\nentry-with-a-longish-name-%03d\n", i);
        assert_non_null(strstr(names, want + 1));
    }
    free(names);
    /* the same through a fresh directory descriptor and a big buffer */
    uint32_t d;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, ".", LWASI_OFLAG_DIRECTORY, R(FD_READDIR), 0, &d), 0);
    names = list_dir(h, d, 65536, &count);
    assert_int_equal(count, 302);
    free(names);
    wh_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_write_seek),    cmocka_unit_test(vectored_and_positional),
        cmocka_unit_test(stdout_pipe),        cmocka_unit_test(rights),
        cmocka_unit_test(fdstat_flags),       cmocka_unit_test(filestat),
        cmocka_unit_test(close_and_renumber), cmocka_unit_test(prestat),
        cmocka_unit_test(readdir_entries),    cmocka_unit_test(readdir_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
