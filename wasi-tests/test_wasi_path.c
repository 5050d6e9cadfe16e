/* test_wasi_path.c — path calls inside the sandbox (flags, symlinks, trailing slashes, ...) and the resolver. */
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
#define FOLLOW LWASI_LOOKUP_SYMLINK_FOLLOW

static uint16_t op(wh *h, uint32_t lookup, const char *path, uint32_t oflags, uint64_t rights)
{
    uint32_t fd;
    uint16_t err = wh_open(h, WH_PREOPEN, lookup, path, oflags, rights, 0, &fd);
    if (!err)
        assert_int_equal(WCALL(h, "fd_close", fd), 0);
    return err;
}

static void resolver(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_mkdir(h, "sandbox/a");
    wh_host_mkdir(h, "sandbox/a/b");
    wh_host_write(h, "sandbox/a/b/f", "x");
    wh_host_symlink(h, "a/b", "sandbox/ab");
    wh_host_symlink(h, "../..", "sandbox/a/b/up2");
    int base = open(h->sandbox, O_RDONLY | O_DIRECTORY);
    lw_wasi_path p;
    assert_int_equal(lw_wasi_resolve(base, "a/./b//f", 0, &p), 0);
    assert_string_equal(p.name, "f");
    assert_true(p.own_dirfd);
    assert_false(p.must_be_dir);
    lw_wasi_path_release(&p);
    assert_int_equal(lw_wasi_resolve(base, "a/b/", 0, &p), 0);
    assert_string_equal(p.name, "b");
    assert_true(p.must_be_dir);
    lw_wasi_path_release(&p);
    assert_int_equal(lw_wasi_resolve(base, ".", 0, &p), 0);
    assert_string_equal(p.name, ".");
    assert_int_equal(p.dirfd, base);
    assert_false(p.own_dirfd);
    lw_wasi_path_release(&p);
    /* a symlink in the middle is followed; the last one only when asked */
    assert_int_equal(lw_wasi_resolve(base, "ab/f", 0, &p), 0);
    assert_string_equal(p.name, "f");
    lw_wasi_path_release(&p);
    assert_int_equal(lw_wasi_resolve(base, "ab", 0, &p), 0);
    assert_string_equal(p.name, "ab");
    lw_wasi_path_release(&p);
    assert_int_equal(lw_wasi_resolve(base, "ab", LW_WASI_FOLLOW, &p), 0);
    assert_string_equal(p.name, "b");
    lw_wasi_path_release(&p);
    /* "../.." from a/b lands on the base itself: allowed */
    assert_int_equal(lw_wasi_resolve(base, "a/b/up2/a/b/f", 0, &p), 0);
    assert_string_equal(p.name, "f");
    lw_wasi_path_release(&p);
    assert_int_equal(lw_wasi_resolve(base, "a/..", 0, &p), 0);
    assert_string_equal(p.name, ".");
    assert_int_equal(p.dirfd, base);
    lw_wasi_path_release(&p);
    assert_int_equal(lw_wasi_resolve(base, "", 0, &p), LWASI_ENOENT);
    assert_int_equal(lw_wasi_resolve(base, "a/f/x", 0, &p), LWASI_ENOENT);
    assert_int_equal(lw_wasi_resolve(base, "a/b/f/x", 0, &p), LWASI_ENOTDIR);
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(lw_wasi_resolve(base, longname, 0, &p), LWASI_ENAMETOOLONG);
    close(base);
    wh_free(h);
}

static void open_flags(void **state)
{
    (void)state;
    wh *h = wh_new();
    assert_int_equal(op(h, 0, "f", 0, 0), LWASI_ENOENT);
    assert_int_equal(op(h, 0, "f", LWASI_OFLAG_CREAT, R(FD_WRITE)), 0);
    assert_true(wh_host_exists(h, "sandbox/f"));
    assert_int_equal(op(h, 0, "f", LWASI_OFLAG_CREAT | LWASI_OFLAG_EXCL, 0), LWASI_EEXIST);
    wh_host_write(h, "sandbox/f", "content");
    assert_int_equal(op(h, 0, "f", LWASI_OFLAG_TRUNC, 0), 0);
    struct stat st;
    assert_int_equal(wh_host_lstat(h, "sandbox/f", &st), 0);
    assert_int_equal(st.st_size, 0);
    assert_int_equal(op(h, 0, "f", LWASI_OFLAG_DIRECTORY, 0), LWASI_ENOTDIR);
    assert_int_equal(op(h, 0, "f/", 0, 0), LWASI_ENOTDIR);
    assert_int_equal(op(h, 0, "f", 0x10, 0), LWASI_EINVAL);
    uint32_t fd;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, "f", 0, 0, 0x20, &fd), LWASI_EINVAL);
    /* a directory cannot be opened for writing */
    assert_int_equal(op(h, 0, ".", LWASI_OFLAG_DIRECTORY, R(FD_READ) | R(FD_WRITE)), LWASI_EISDIR);
    assert_int_equal(op(h, 0, ".", LWASI_OFLAG_DIRECTORY, R(FD_READ)), 0);
    /* a file is not a directory to open things under */
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, "f", 0, R(FD_READ), 0, &fd), 0);
    uint32_t fd2;
    assert_int_equal(wh_open(h, fd, 0, "x", LWASI_OFLAG_CREAT, 0, 0, &fd2), LWASI_ENOTDIR);
    assert_int_equal(wh_open(h, 99, 0, "x", 0, 0, 0, &fd2), LWASI_EBADF);
    /* the result pointer is checked before anything is created */
    assert_int_equal(WCALL(h, "path_open", WH_PREOPEN, 0, WPATH(h, "created"), LWASI_OFLAG_CREAT, 0, 0, 0,
                           (uint64_t)h->mem_size - 2),
                     LWASI_EFAULT);
    assert_false(wh_host_exists(h, "sandbox/created"));
    /* TRUNC needs PATH_FILESTAT_SET_SIZE on the directory, CREAT needs PATH_CREATE_FILE */
    uint32_t d;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, ".", LWASI_OFLAG_DIRECTORY, R(PATH_OPEN), 0, &d), 0);
    assert_int_equal(wh_open(h, d, 0, "f", LWASI_OFLAG_TRUNC, 0, 0, &fd2), LWASI_ENOTCAPABLE);
    assert_int_equal(wh_open(h, d, 0, "g", LWASI_OFLAG_CREAT, 0, 0, &fd2), LWASI_ENOTCAPABLE);
    assert_false(wh_host_exists(h, "sandbox/g"));
    assert_int_equal(wh_open(h, d, 0, "f", 0, 0, 0, &fd2), 0);
    wh_free(h);
}

static void open_symlinks(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_mkdir(h, "sandbox/dir");
    wh_host_write(h, "sandbox/file", "data");
    wh_host_symlink(h, "dir", "sandbox/to_dir");
    wh_host_symlink(h, "file", "sandbox/to_file");
    wh_host_symlink(h, "missing", "sandbox/dangling");
    wh_host_symlink(h, "self", "sandbox/self");
    assert_int_equal(op(h, 0, "to_file", 0, 0), LWASI_ELOOP);
    assert_int_equal(op(h, FOLLOW, "to_file", 0, R(FD_READ)), 0);
    assert_int_equal(op(h, 0, "to_dir", LWASI_OFLAG_DIRECTORY, 0), LWASI_ENOTDIR);
    assert_int_equal(op(h, FOLLOW, "to_dir", LWASI_OFLAG_DIRECTORY, 0), 0);
    assert_int_equal(op(h, FOLLOW, "to_file", LWASI_OFLAG_DIRECTORY, 0), LWASI_ENOTDIR);
    assert_int_equal(op(h, 0, "dangling", 0, 0), LWASI_ELOOP);
    assert_int_equal(op(h, FOLLOW, "self", 0, 0), LWASI_ELOOP);
    assert_int_equal(op(h, 0, "self", 0, 0), LWASI_ELOOP);
    /* following a dangling symlink with CREAT creates its target, inside */
    assert_int_equal(op(h, FOLLOW, "dangling", LWASI_OFLAG_CREAT, R(FD_WRITE)), 0);
    assert_true(wh_host_exists(h, "sandbox/missing"));
    /* symlinks inside a path are always followed */
    assert_int_equal(op(h, 0, "to_dir/new", LWASI_OFLAG_CREAT, 0), 0);
    assert_true(wh_host_exists(h, "sandbox/dir/new"));
    wh_free(h);
}

static void directories(void **state)
{
    (void)state;
    wh *h = wh_new();
    assert_int_equal(WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, "d")), 0);
    assert_int_equal(WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, "d")), LWASI_EEXIST);
    assert_int_equal(WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, "d/e/")), 0);
    assert_int_equal(WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, ".")), LWASI_EEXIST);
    assert_int_equal(WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, "x/y")), LWASI_ENOENT);
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "d")), LWASI_ENOTEMPTY);
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "d/e/")), 0);
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "d/.")), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, ".")), LWASI_EINVAL);
    wh_host_write(h, "sandbox/f", "");
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "f")), LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "f/")), LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "d")), LWASI_EISDIR);
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "d/")), LWASI_EISDIR);
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "f/")), LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "f")), 0);
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "f")), LWASI_ENOENT);
    assert_int_equal(WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "d/")), 0);
    assert_false(wh_host_exists(h, "sandbox/d"));
    wh_free(h);
}

static void links_and_symlinks(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_write(h, "sandbox/file", "data");
    wh_host_mkdir(h, "sandbox/dir");
    assert_int_equal(WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "dir/hard")), 0);
    struct stat st;
    assert_int_equal(wh_host_lstat(h, "sandbox/file", &st), 0);
    assert_int_equal(st.st_nlink, 2);
    assert_int_equal(WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "file")),
                     LWASI_EEXIST);
    assert_int_equal(WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "new/")),
                     LWASI_ENOENT);
    assert_int_equal(WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, "dir"), WH_PREOPEN, WPATH(h, "dirlink")),
                     LWASI_EPERM);
    /* symlinks: relative targets only */
    assert_int_equal(WCALL(h, "path_symlink", WPATH(h, "file"), WH_PREOPEN, WPATH(h, "sym")), 0);
    assert_int_equal(WCALL(h, "path_symlink", WPATH(h, "file"), WH_PREOPEN, WPATH(h, "sym")), LWASI_EEXIST);
    assert_int_equal(WCALL(h, "path_symlink", WPATH(h, "/etc/passwd"), WH_PREOPEN, WPATH(h, "abs")),
                     LWASI_ENOTCAPABLE);
    assert_false(wh_host_exists(h, "sandbox/abs"));
    assert_int_equal(WCALL(h, "path_symlink", WPATH(h, "x"), WH_PREOPEN, WPATH(h, "nodir/")), LWASI_ENOENT);
    assert_int_equal(WCALL(h, "path_symlink", WPATH(h, "x"), WH_PREOPEN, WPATH(h, "dir/")), LWASI_EEXIST);
    /* readlink truncates to the buffer */
    uint32_t buf = wh_alloc(h, 16), used = wh_alloc(h, 4);
    assert_int_equal(WCALL(h, "path_readlink", WH_PREOPEN, WPATH(h, "sym"), buf, 16, used), 0);
    assert_int_equal(wh_u32(h, used), 4);
    assert_memory_equal(h->mem + buf, "file", 4);
    assert_int_equal(WCALL(h, "path_readlink", WH_PREOPEN, WPATH(h, "sym"), buf, 2, used), 0);
    assert_int_equal(wh_u32(h, used), 2);
    assert_int_equal(WCALL(h, "path_readlink", WH_PREOPEN, WPATH(h, "file"), buf, 16, used), LWASI_EINVAL);
    /* hard link of a symlink links the symlink itself; with FOLLOW, its target */
    assert_int_equal(WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, "sym"), WH_PREOPEN, WPATH(h, "sym2")), 0);
    assert_int_equal(wh_host_lstat(h, "sandbox/sym2", &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(WCALL(h, "path_link", WH_PREOPEN, FOLLOW, WPATH(h, "sym"), WH_PREOPEN, WPATH(h, "hard2")), 0);
    assert_int_equal(wh_host_lstat(h, "sandbox/hard2", &st), 0);
    assert_true(S_ISREG(st.st_mode));
    wh_free(h);
}

static void rename_calls(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_mkdir(h, "sandbox/src");
    wh_host_write(h, "sandbox/file", "f");
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "src/"), WH_PREOPEN, WPATH(h, "dst")), 0);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "dst"), WH_PREOPEN, WPATH(h, "src/")), 0);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "file/"), WH_PREOPEN, WPATH(h, "x")),
                     LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "x/")),
                     LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "src")),
                     LWASI_EISDIR);
    wh_host_write(h, "sandbox/src/inner", "");
    wh_host_mkdir(h, "sandbox/other");
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "other"), WH_PREOPEN, WPATH(h, "src")),
                     LWASI_ENOTEMPTY);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "other"), WH_PREOPEN, WPATH(h, "src/inner")),
                     LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "src/moved")), 0);
    char *s = wh_host_read(h, "sandbox/src/moved");
    assert_string_equal(s, "f");
    free(s);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "nothing"), WH_PREOPEN, WPATH(h, "y")),
                     LWASI_ENOENT);
    assert_int_equal(WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "."), WH_PREOPEN, WPATH(h, "y")), LWASI_EBUSY);
    wh_free(h);
}

static void stat_and_times(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_write(h, "sandbox/file", "12345");
    wh_host_symlink(h, "file", "sandbox/sym");
    uint32_t st = wh_alloc(h, 64);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "sym"), st), 0);
    assert_int_equal(h->mem[st + 16], LWASI_FILETYPE_SYMBOLIC_LINK);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, FOLLOW, WPATH(h, "sym"), st), 0);
    assert_int_equal(h->mem[st + 16], LWASI_FILETYPE_REGULAR_FILE);
    assert_int_equal(wh_u64(h, st + 32), 5);
    uint64_t file_mtim = wh_u64(h, st + 48);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "file/"), st), LWASI_ENOTDIR);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "none"), st), LWASI_ENOENT);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "."), st), 0);
    assert_int_equal(h->mem[st + 16], LWASI_FILETYPE_DIRECTORY);
    /* times on the symlink itself leave the file alone; with FOLLOW they reach the file */
    assert_int_equal(WCALL(h, "path_filestat_set_times", WH_PREOPEN, 0, WPATH(h, "sym"), 0, 1000000007ull,
                           LWASI_FSTFLAG_MTIM),
                     0);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "sym"), st), 0);
    assert_int_equal(wh_u64(h, st + 48), 1000000007ull);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "file"), st), 0);
    assert_int_equal(wh_u64(h, st + 48), file_mtim);
    assert_int_equal(WCALL(h, "path_filestat_set_times", WH_PREOPEN, FOLLOW, WPATH(h, "sym"), 0, 2000000009ull,
                           LWASI_FSTFLAG_MTIM),
                     0);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "file"), st), 0);
    assert_int_equal(wh_u64(h, st + 48), 2000000009ull);
    assert_int_equal(WCALL(h, "path_filestat_set_times", WH_PREOPEN, 0, WPATH(h, "file"), 0, 0,
                           LWASI_FSTFLAG_ATIM | LWASI_FSTFLAG_ATIM_NOW),
                     LWASI_EINVAL);
    /* bad pointers: EFAULT for the path and for the result */
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, (uint64_t)h->mem_size - 2, 4, st),
                     LWASI_EFAULT);
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "file"), (uint64_t)h->mem_size - 63),
                     LWASI_EFAULT);
    wh_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resolver),    cmocka_unit_test(open_flags),         cmocka_unit_test(open_symlinks),
        cmocka_unit_test(directories), cmocka_unit_test(links_and_symlinks), cmocka_unit_test(rename_calls),
        cmocka_unit_test(stat_and_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
