/* test_wasi_core.c — guest memory bounds, errno mapping, the fd table, the import table and the configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"

static void mem_ranges(void **state)
{
    (void)state;
    uint8_t buf[64];
    lw_wasi_mem m = {.base = buf, .size = sizeof buf};
    assert_ptr_equal(lw_wasi_mem_at(&m, 0, 64), buf);
    assert_ptr_equal(lw_wasi_mem_at(&m, 60, 4), buf + 60);
    assert_ptr_equal(lw_wasi_mem_at(&m, 64, 0), buf + 64);
    assert_null(lw_wasi_mem_at(&m, 61, 4));
    assert_null(lw_wasi_mem_at(&m, 65, 0));
    assert_null(lw_wasi_mem_at(&m, UINT32_MAX, 2));        /* would wrap in 32 bits */
    assert_null(lw_wasi_mem_at(&m, 1, UINT64_MAX));        /* would wrap in 64 bits */
    assert_null(lw_wasi_mem_at(&m, 0, (uint64_t)1 << 40)); /* longer than memory */
    lw_wasi_mem none = {0};
    assert_null(lw_wasi_mem_at(&none, 0, 0)); /* no memory: nothing is addressable */
    assert_int_equal(lw_wasi_put32(&m, 61, 7), LWASI_EFAULT);
    assert_int_equal(lw_wasi_put64(&m, 56, 0x0102030405060708ull), 0);
    assert_int_equal(buf[56], 0x08);
    assert_int_equal(buf[63], 0x01);
    assert_int_equal(lw_wasi_load64(buf + 56), 0x0102030405060708ull);
}

static void mem_paths(void **state)
{
    (void)state;
    uint8_t buf[32] = "dir/file\0tail";
    lw_wasi_mem m = {.base = buf, .size = sizeof buf};
    char *s;
    assert_int_equal(lw_wasi_mem_path(&m, 0, 8, &s), 0);
    assert_string_equal(s, "dir/file");
    free(s);
    assert_int_equal(lw_wasi_mem_path(&m, 0, 9, &s), LWASI_EILSEQ); /* embedded NUL */
    assert_null(s);
    assert_int_equal(lw_wasi_mem_path(&m, 30, 3, &s), LWASI_EFAULT);
    assert_int_equal(lw_wasi_mem_path(&m, 0, 0, &s), 0);
    assert_string_equal(s, "");
    free(s);
}

static void mem_iovecs(void **state)
{
    (void)state;
    uint8_t buf[256] = {0};
    lw_wasi_mem m = {.base = buf, .size = sizeof buf};
    /* two iovecs at 0: [100, 10) and [200, 56) */
    lw_wasi_store32(buf + 0, 100), lw_wasi_store32(buf + 4, 10);
    lw_wasi_store32(buf + 8, 200), lw_wasi_store32(buf + 12, 56);
    uv_buf_t *b;
    unsigned n;
    assert_int_equal(lw_wasi_mem_iovecs(&m, 0, 2, &b, &n), 0);
    assert_int_equal(n, 2);
    assert_ptr_equal(b[0].base, (char *)buf + 100);
    assert_int_equal(b[1].len, 56);
    free(b);
    lw_wasi_store32(buf + 12, 57); /* one byte past the end */
    assert_int_equal(lw_wasi_mem_iovecs(&m, 0, 2, &b, &n), LWASI_EFAULT);
    assert_int_equal(lw_wasi_mem_iovecs(&m, 250, 1, &b, &n), LWASI_EFAULT); /* the array itself */
    /* a huge count is refused by the array bound before anything is allocated */
    assert_int_equal(lw_wasi_mem_iovecs(&m, 0, UINT32_MAX, &b, &n), LWASI_EFAULT);
}

static void errno_map(void **state)
{
    (void)state;
    assert_int_equal(lw_wasi_errno(0), LWASI_ESUCCESS);
    assert_int_equal(lw_wasi_errno(EACCES), LWASI_EACCES);
    assert_int_equal(lw_wasi_errno(ENOENT), LWASI_ENOENT);
    assert_int_equal(lw_wasi_errno(ELOOP), LWASI_ELOOP);
    assert_int_equal(lw_wasi_errno(ENOTEMPTY), LWASI_ENOTEMPTY);
    assert_int_equal(lw_wasi_errno(EXDEV), LWASI_EXDEV);
    assert_int_equal(lw_wasi_errno(EOPNOTSUPP), LWASI_ENOTSUP);
    assert_int_equal(lw_wasi_errno(EWOULDBLOCK), LWASI_EAGAIN);
    assert_int_equal(lw_wasi_errno(ENOTSOCK), LWASI_ENOTSOCK);
    assert_int_equal(lw_wasi_errno(EHWPOISON), LWASI_EIO); /* no WASI name */
    assert_int_equal(lw_wasi_uv_errno(UV_EEXIST), LWASI_EEXIST);
    assert_int_equal(lw_wasi_uv_errno(UV_EISDIR), LWASI_EISDIR);
    assert_string_equal(lw_wasi_errno_name(LWASI_ENOTCAPABLE), "NOTCAPABLE");
    assert_string_equal(lw_wasi_errno_name(LWASI_E2BIG), "2BIG");
    assert_string_equal(lw_wasi_errno_name(999), "?");
}

static lw_wasi_fd *devnull_entry(void)
{
    lw_wasi_fd *e = lw_wasi_fd_from_host(open("/dev/null", O_RDWR | O_CLOEXEC));
    assert_non_null(e);
    return e;
}

static void fdtable_numbers(void **state)
{
    (void)state;
    lw_wasi_fdtable t;
    lw_wasi_fdtable_init(&t);
    uint32_t fd;
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(lw_wasi_fdtable_add(&t, devnull_entry(), &fd), 0);
        assert_int_equal(fd, i);
    }
    lw_wasi_fd *e = devnull_entry();
    assert_int_equal(lw_wasi_fdtable_add_at(&t, e, 1), LWASI_EBADF); /* taken */
    assert_int_equal(lw_wasi_fdtable_add_at(&t, e, 40), 0);
    assert_ptr_equal(lw_wasi_fdtable_get(&t, 40), e);
    assert_null(lw_wasi_fdtable_get(&t, 39));
    assert_null(lw_wasi_fdtable_get(&t, UINT32_MAX));
    lw_wasi_fd_free(lw_wasi_fdtable_take(&t, 1));
    assert_int_equal(lw_wasi_fdtable_add(&t, devnull_entry(), &fd), 0);
    assert_int_equal(fd, 1); /* lowest free number */
    e = devnull_entry();
    assert_int_equal(lw_wasi_fdtable_add_at(&t, e, LW_WASI_MAX_FDS), LWASI_EMFILE);
    lw_wasi_fd_free(e);
    assert_null(lw_wasi_fdtable_take(&t, 1000));
    lw_wasi_fdtable_free(&t);
}

static void fd_classes(void **state)
{
    (void)state;
    lw_wasi_fd *e = devnull_entry();
    assert_int_equal(e->kind, LW_WASI_FD_STREAM);
    assert_int_equal(e->filetype, LWASI_FILETYPE_CHARACTER_DEVICE);
    assert_int_equal(e->rights_base & (LWASI_RIGHT_FD_SEEK | LWASI_RIGHT_FD_TELL), 0); /* isatty() relies on it */
    lw_wasi_fd_free(e);
    e = lw_wasi_fd_from_host(open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    assert_int_equal(e->kind, LW_WASI_FD_DIR);
    assert_true(e->rights_base & LWASI_RIGHT_PATH_OPEN);
    assert_int_equal(e->rights_base & (LWASI_RIGHT_FD_SEEK | LWASI_RIGHT_FD_FILESTAT_SET_SIZE), 0);
    assert_true(e->rights_inheriting & LWASI_RIGHT_FD_WRITE);
    lw_wasi_fd_free(e);
    assert_int_equal(lw_wasi_filetype_of_mode(S_IFLNK | 0777), LWASI_FILETYPE_SYMBOLIC_LINK);
    assert_int_equal(lw_wasi_filetype_of_mode(S_IFIFO | 0600), LWASI_FILETYPE_UNKNOWN);
    assert_int_equal(lw_wasi_filetype_of_mode(S_IFREG | 0600), LWASI_FILETYPE_REGULAR_FILE);
}

static void import_table(void **state)
{
    (void)state;
    assert_int_equal(lw_wasi_import_count, 46);
    for (size_t i = 0; i < lw_wasi_import_count; i++) {
        assert_ptr_equal(lw_wasi_import_find(lw_wasi_imports[i].name), &lw_wasi_imports[i]);
        assert_non_null(lw_wasi_imports[i].fn);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(lw_wasi_imports[i].name, lw_wasi_imports[j].name);
        /* every call but proc_exit returns an errno */
        assert_string_equal(lw_wasi_imports[i].results, strcmp(lw_wasi_imports[i].name, "proc_exit") ? "i" : "");
    }
    assert_string_equal(lw_wasi_import_find("path_open")->params, "iiiiiIIii");
    assert_string_equal(lw_wasi_import_find("fd_seek")->params, "iIii");
    assert_string_equal(lw_wasi_import_find("sched_yield")->params, "");
    assert_null(lw_wasi_import_find("fd_nonsense"));
}

static void config_api(void **state)
{
    (void)state;
    lwasi_config *c = lwasi_config_new();
    assert_non_null(c);
    assert_false(lwasi_config_add_env(c, "A=B", "x")); /* '=' in a name */
    assert_false(lwasi_config_add_env(c, "", "x"));
    assert_true(lwasi_config_add_env(c, "A", "1"));
    assert_false(lwasi_config_set_args(c, -1, NULL));
    assert_true(lwasi_config_add_listen(c, "127.0.0.1:0"));
    assert_true(lwasi_config_add_listen(c, "[::1]:8080"));
    assert_false(lwasi_config_add_listen(c, "127.0.0.1"));
    assert_false(lwasi_config_add_listen(c, "127.0.0.1:70000"));
    assert_false(lwasi_config_add_listen(c, "localhost:80")); /* numeric addresses only */
    assert_false(lwasi_config_add_listen(c, "::1:80"));
    lwasm_error *e = lwasi_config_preopen_dir(c, "/nonexistent/lwasi", "/");
    assert_non_null(e);
    assert_non_null(strstr(lwasm_error_message(e), "/nonexistent/lwasi"));
    lwasm_error_delete(e);
    lwasi_config_delete(c);
}

static void ctx_layout(void **state)
{
    (void)state;
    wh *h = wh_new();
    /* 0-2 stdio, 3 the preopen, nothing after */
    for (uint32_t fd = 0; fd < 4; fd++)
        assert_non_null(lw_wasi_fdtable_get(&h->ctx->fds, fd));
    assert_null(lw_wasi_fdtable_get(&h->ctx->fds, 4));
    assert_string_equal(lw_wasi_fdtable_get(&h->ctx->fds, 3)->preopen, "/");
    /* a closed stdio slot stays empty */
    lwasi_config *c = lwasi_config_new();
    lwasi_config_set_stdio(c, -1, 1, 2);
    lwasi_ctx *ctx;
    assert_null(lwasi_ctx_new(c, &ctx));
    assert_null(lw_wasi_fdtable_get(&ctx->fds, 0));
    assert_non_null(lw_wasi_fdtable_get(&ctx->fds, 1));
    lwasi_ctx_delete(ctx);
    lwasi_config_delete(c);
    wh_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mem_ranges),  cmocka_unit_test(mem_paths),      cmocka_unit_test(mem_iovecs),
        cmocka_unit_test(errno_map),   cmocka_unit_test(fdtable_numbers), cmocka_unit_test(fd_classes),
        cmocka_unit_test(import_table), cmocka_unit_test(config_api),    cmocka_unit_test(ctx_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
