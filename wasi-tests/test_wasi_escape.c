/* test_wasi_escape.c — escape attempts through every path-taking call, made directly: all refused, outside intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "escape/escape_paths.h"
#include "harness.h"

#define R(x) LWASI_RIGHT_##x
#define FOLLOW LWASI_LOOKUP_SYMLINK_FOLLOW
/* everything a directory may hold (write rights would make opening it fail with EISDIR) */
#define DIR_RIGHTS (LWASI_RIGHTS_ALL & ~(R(FD_WRITE) | R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE)))

typedef struct esc {
    wh *h;
    char *before_outside, *before_base;
    int escaped;
    int attempts;
} esc;

static void refused(esc *e, uint16_t err, const char *call, const char *path)
{
    e->attempts++;
    if (err == 0) {
        print_message("ESCAPED: %s(\"%s\") succeeded\n", call, path);
        e->escaped++;
    }
}

static esc *esc_new(void)
{
    esc *e = calloc(1, sizeof *e);
    e->h = wh_new();
    wh_escape_layout(e->h);
    e->before_outside = wh_snapshot(e->h->outside);
    e->before_base = wh_snapshot(e->h->base);
    return e;
}

/* Nothing escaped, and outside/ (and base/ beside sandbox/) is byte for byte, time for time, as it was. */
static void esc_finish(esc *e)
{
    char *after = wh_snapshot(e->h->outside);
    assert_string_equal(after, e->before_outside);
    free(after);
    char *base_after = wh_snapshot(e->h->base);
    /* base/ holds sandbox/ too, which the legitimate parts of a test may change: compare only other lines */
    char *a = e->before_base, *b = base_after;
    for (char *line = strtok(a, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, "./sandbox", 9) != 0 && strncmp(line, ". ", 2) != 0)
            assert_non_null(strstr(b, line));
    free(base_after);
    assert_int_equal(e->escaped, 0);
    assert_true(e->attempts > 0);
    free(e->before_outside);
    free(e->before_base);
    wh_free(e->h);
    free(e);
}

static uint16_t try_open(wh *h, uint32_t dirfd, uint32_t lookup, const char *path, uint32_t oflags, uint64_t rights)
{
    uint32_t fd;
    uint16_t err = wh_open(h, dirfd, lookup, path, oflags, rights, 0, &fd);
    if (!err)
        WCALL(h, "fd_close", fd);
    return err;
}

static void open_and_read(void **state)
{
    (void)state;
    esc *e = esc_new();
    wh *h = e->h;
    for (int follow = 0; follow < 2; follow++) {
        uint32_t lk = follow ? FOLLOW : 0;
        for (size_t i = 0; i < ESCAPE_COUNT(escape_files); i++) {
            refused(e, try_open(h, WH_PREOPEN, lk, escape_files[i], 0, R(FD_READ)), "path_open", escape_files[i]);
            refused(e, try_open(h, WH_PREOPEN, lk, escape_files[i], LWASI_OFLAG_TRUNC, R(FD_WRITE)),
                    "path_open(TRUNC)", escape_files[i]);
            refused(e, try_open(h, WH_PREOPEN, lk, escape_files[i], LWASI_OFLAG_CREAT, R(FD_WRITE)),
                    "path_open(CREAT)", escape_files[i]);
        }
        for (size_t i = 0; i < ESCAPE_COUNT(escape_dirs); i++)
            refused(e, try_open(h, WH_PREOPEN, lk, escape_dirs[i], LWASI_OFLAG_DIRECTORY, R(FD_READDIR)),
                    "path_open(DIRECTORY)", escape_dirs[i]);
        for (size_t i = 0; i < ESCAPE_COUNT(escape_new); i++)
            refused(e, try_open(h, WH_PREOPEN, lk, escape_new[i], LWASI_OFLAG_CREAT | LWASI_OFLAG_EXCL, R(FD_WRITE)),
                    "path_open(CREAT|EXCL)", escape_new[i]);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_final_links); i++) {
        const char *p = escape_final_links[i];
        refused(e, try_open(h, WH_PREOPEN, FOLLOW, p, 0, R(FD_READ)), "path_open(FOLLOW)", p);
        refused(e, try_open(h, WH_PREOPEN, FOLLOW, p, LWASI_OFLAG_DIRECTORY, R(FD_READDIR)), "path_open(FOLLOW|DIR)",
                p);
        refused(e, try_open(h, WH_PREOPEN, FOLLOW, p, LWASI_OFLAG_TRUNC, R(FD_WRITE)), "path_open(FOLLOW|TRUNC)", p);
        /* without FOLLOW the link itself is the object: opening a symlink is refused too (ELOOP) */
        refused(e, try_open(h, WH_PREOPEN, 0, p, 0, R(FD_READ)), "path_open(NOFOLLOW)", p);
    }
    /* the errors are the ones the tests expect */
    assert_int_equal(try_open(h, WH_PREOPEN, 0, "../outside/secret.txt", 0, 0), LWASI_ENOTCAPABLE);
    assert_int_equal(try_open(h, WH_PREOPEN, 0, "/etc/passwd", 0, 0), LWASI_ENOTCAPABLE);
    assert_int_equal(try_open(h, WH_PREOPEN, FOLLOW, "abs_file", 0, 0), LWASI_ENOTCAPABLE);
    assert_int_equal(try_open(h, WH_PREOPEN, FOLLOW, "out_file", 0, 0), LWASI_ENOTCAPABLE);
    assert_int_equal(try_open(h, WH_PREOPEN, 0, "out_file", 0, 0), LWASI_ELOOP);
    assert_int_equal(try_open(h, WH_PREOPEN, FOLLOW, "loop", 0, 0), LWASI_ELOOP);
    assert_int_equal(try_open(h, WH_PREOPEN, 0, "loop/x", 0, 0), LWASI_ELOOP);
    /* and what stays inside still works */
    assert_int_equal(try_open(h, WH_PREOPEN, 0, "sub/../inside.txt", 0, R(FD_READ)), 0);
    assert_int_equal(try_open(h, WH_PREOPEN, 0, "sub/up2/sandbox/inside.txt", 0, R(FD_READ)), LWASI_ENOTCAPABLE);
    esc_finish(e);
}

static void create_and_remove(void **state)
{
    (void)state;
    esc *e = esc_new();
    wh *h = e->h;
    for (size_t i = 0; i < ESCAPE_COUNT(escape_new); i++) {
        refused(e, WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, escape_new[i])), "path_create_directory",
                escape_new[i]);
        refused(e, WCALL(h, "path_symlink", WPATH(h, "x"), WH_PREOPEN, WPATH(h, escape_new[i])), "path_symlink",
                escape_new[i]);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_dirs); i++) {
        refused(e, WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, escape_dirs[i])), "path_remove_directory",
                escape_dirs[i]);
        refused(e, WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, escape_dirs[i])), "path_create_directory",
                escape_dirs[i]);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_files); i++)
        refused(e, WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, escape_files[i])), "path_unlink_file",
                escape_files[i]);
    for (size_t i = 0; i < ESCAPE_COUNT(escape_outside_links); i++)
        refused(e, WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, escape_outside_links[i])), "path_unlink_file",
                escape_outside_links[i]);
    /* a symlink with a trailing slash is not followed into removing its target */
    refused(e, WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "out_dir/")), "path_remove_directory",
            "out_dir/");
    refused(e, WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "out_file/")), "path_unlink_file", "out_file/");
    /* symlinks with absolute targets cannot be made at all */
    char abs[PATH_MAX];
    snprintf(abs, sizeof abs, "%.4000s/secret.txt", h->outside);
    refused(e, WCALL(h, "path_symlink", WPATH(h, abs), WH_PREOPEN, WPATH(h, "abs_new")), "path_symlink", abs);
    refused(e, WCALL(h, "path_symlink", WPATH(h, "/"), WH_PREOPEN, WPATH(h, "root_new")), "path_symlink", "/");
    assert_false(wh_host_exists(h, "sandbox/abs_new"));
    /* removing a link that points outside removes the link only */
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "out_file")), 0);
    assert_int_equal(WCALL(h, "path_unlink_file", WH_PREOPEN, WPATH(h, "out_dir")), 0);
    assert_true(wh_host_exists(h, "outside/secret.txt"));
    esc_finish(e);
}

static void rename_and_link(void **state)
{
    (void)state;
    esc *e = esc_new();
    wh *h = e->h;
    for (size_t i = 0; i < ESCAPE_COUNT(escape_files); i++) {
        const char *p = escape_files[i];
        refused(e, WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, p), WH_PREOPEN, WPATH(h, "stolen")), "path_rename", p);
        refused(e, WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, p), WH_PREOPEN, WPATH(h, "hard")), "path_link", p);
        refused(e, WCALL(h, "path_link", WH_PREOPEN, FOLLOW, WPATH(h, p), WH_PREOPEN, WPATH(h, "hard")),
                "path_link(FOLLOW)", p);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_dirs); i++)
        refused(e, WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, escape_dirs[i]), WH_PREOPEN, WPATH(h, "stolen_dir")),
                "path_rename", escape_dirs[i]);
    for (size_t i = 0; i < ESCAPE_COUNT(escape_final_links); i++)
        refused(e, WCALL(h, "path_link", WH_PREOPEN, FOLLOW, WPATH(h, escape_final_links[i]), WH_PREOPEN,
                         WPATH(h, "hard")),
                "path_link(FOLLOW)", escape_final_links[i]);
    for (size_t i = 0; i < ESCAPE_COUNT(escape_new); i++) {
        const char *p = escape_new[i];
        refused(e, WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "inside.txt"), WH_PREOPEN, WPATH(h, p)), "path_rename",
                p);
        refused(e, WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "sub"), WH_PREOPEN, WPATH(h, p)), "path_rename", p);
        refused(e, WCALL(h, "path_link", WH_PREOPEN, 0, WPATH(h, "inside.txt"), WH_PREOPEN, WPATH(h, p)),
                "path_link", p);
    }
    /* renaming over something outside */
    refused(e, WCALL(h, "path_rename", WH_PREOPEN, WPATH(h, "inside.txt"), WH_PREOPEN, WPATH(h, "out_dir/secret.txt")),
            "path_rename", "out_dir/secret.txt");
    assert_false(wh_host_exists(h, "sandbox/stolen"));
    assert_false(wh_host_exists(h, "sandbox/hard"));
    esc_finish(e);
}

static void stat_times_readlink(void **state)
{
    (void)state;
    esc *e = esc_new();
    wh *h = e->h;
    uint32_t st = wh_alloc(h, 64), buf = wh_alloc(h, 256), used = wh_alloc(h, 4);
    for (int follow = 0; follow < 2; follow++) {
        uint32_t lk = follow ? FOLLOW : 0;
        for (size_t i = 0; i < ESCAPE_COUNT(escape_files); i++) {
            const char *p = escape_files[i];
            refused(e, WCALL(h, "path_filestat_get", WH_PREOPEN, lk, WPATH(h, p), st), "path_filestat_get", p);
            refused(e, WCALL(h, "path_filestat_set_times", WH_PREOPEN, lk, WPATH(h, p), 1, 1,
                             LWASI_FSTFLAG_ATIM | LWASI_FSTFLAG_MTIM),
                    "path_filestat_set_times", p);
        }
        for (size_t i = 0; i < ESCAPE_COUNT(escape_dirs); i++)
            refused(e, WCALL(h, "path_filestat_set_times", WH_PREOPEN, lk, WPATH(h, escape_dirs[i]), 0, 0,
                             LWASI_FSTFLAG_MTIM_NOW),
                    "path_filestat_set_times", escape_dirs[i]);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_final_links); i++) {
        const char *p = escape_final_links[i];
        refused(e, WCALL(h, "path_filestat_get", WH_PREOPEN, FOLLOW, WPATH(h, p), st), "path_filestat_get(FOLLOW)", p);
        refused(e, WCALL(h, "path_filestat_set_times", WH_PREOPEN, FOLLOW, WPATH(h, p), 0, 0, LWASI_FSTFLAG_MTIM_NOW),
                "path_filestat_set_times(FOLLOW)", p);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_outside_links); i++)
        refused(e, WCALL(h, "path_readlink", WH_PREOPEN, WPATH(h, escape_outside_links[i]), buf, 256, used),
                "path_readlink", escape_outside_links[i]);
    /* the link itself, inside, may be inspected: it is a symlink, not the secret */
    assert_int_equal(WCALL(h, "path_filestat_get", WH_PREOPEN, 0, WPATH(h, "out_file"), st), 0);
    assert_int_equal(h->mem[st + 16], LWASI_FILETYPE_SYMBOLIC_LINK);
    assert_int_equal(WCALL(h, "path_readlink", WH_PREOPEN, WPATH(h, "out_file"), buf, 256, used), 0);
    assert_memory_equal(h->mem + buf, "../outside/secret.txt", 21);
    esc_finish(e);
}

static void from_a_subdirectory(void **state)
{
    (void)state;
    esc *e = esc_new();
    wh *h = e->h;
    /* a directory descriptor is a sandbox of its own: ".." above it is refused even though the preopen is there */
    uint32_t sub;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, "sub", LWASI_OFLAG_DIRECTORY, DIR_RIGHTS, 0, &sub), 0);
    refused(e, try_open(h, sub, 0, "../inside.txt", 0, R(FD_READ)), "path_open(sub)", "../inside.txt");
    refused(e, try_open(h, sub, FOLLOW, "up2", LWASI_OFLAG_DIRECTORY, R(FD_READDIR)), "path_open(sub)", "up2");
    refused(e, WCALL(h, "path_create_directory", sub, WPATH(h, "../made")), "path_create_directory(sub)", "../made");
    refused(e, WCALL(h, "path_unlink_file", sub, WPATH(h, "../inside.txt")), "path_unlink_file(sub)",
            "../inside.txt");
    refused(e, WCALL(h, "path_rename", sub, WPATH(h, "file"), WH_PREOPEN, WPATH(h, "out_dir/file")), "path_rename",
            "sub/file -> out_dir/file");
    assert_true(wh_host_exists(h, "sandbox/inside.txt"));
    assert_false(wh_host_exists(h, "sandbox/made"));
    assert_int_equal(try_open(h, sub, 0, "file", 0, R(FD_READ)), 0);
    esc_finish(e);
}

/* ---- a symlink swapped in while paths resolve ------------------------------ */

typedef struct flipper {
    const wh *h;
    atomic_bool stop;
    atomic_long flips;
} flipper;

/* Swaps sandbox/flip between a real directory and a symlink to ../outside, atomically, as fast as it can. */
static void *flip_loop(void *arg)
{
    flipper *f = arg;
    char a[PATH_MAX], b[PATH_MAX];
    snprintf(a, sizeof a, "%.4000s/flip", f->h->sandbox);
    snprintf(b, sizeof b, "%.4000s/flip_other", f->h->sandbox);
    while (!atomic_load(&f->stop)) {
        if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0)
            atomic_fetch_add(&f->flips, 1);
        sched_yield();
    }
    return NULL;
}

static void swapped_symlink(void **state)
{
    (void)state;
    esc *e = esc_new();
    wh *h = e->h;
    wh_host_mkdir(h, "sandbox/flip");
    wh_host_write(h, "sandbox/flip/secret.txt", "inside copy");
    wh_host_symlink(h, "../outside", "sandbox/flip_other");
    free(e->before_outside);
    e->before_outside = wh_snapshot(h->outside);
    flipper f = {.h = h};
    atomic_init(&f.stop, false);
    atomic_init(&f.flips, 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, flip_loop, &f), 0);
    int opened = 0, refusals = 0, i;
    /* At least 4000 attempts, and on until the swapper has really raced us (a loaded machine may starve
     * that thread for a while); the cap keeps a broken swapper from hanging the test. */
    for (i = 0; i < 4000 || (atomic_load(&f.flips) <= 200 && i < 400000); i++) {
        uint32_t fd, n;
        uint32_t lk = i & 1 ? FOLLOW : 0;
        uint16_t err = wh_open(h, WH_PREOPEN, lk, "flip/secret.txt", 0, R(FD_READ), 0, &fd);
        if (err) {
            refusals++;
        } else {
            char buf[32] = {0};
            assert_int_equal(wh_read(h, fd, buf, sizeof buf - 1, &n), 0);
            if (strcmp(buf, "inside copy") != 0) {
                print_message("ESCAPED: read \"%s\" through the swapped symlink\n", buf);
                e->escaped++;
            }
            WCALL(h, "fd_close", fd);
            opened++;
        }
        e->attempts++;
        /* creation through the same race: it may land in flip/ but never in outside/ */
        WCALL(h, "path_create_directory", WH_PREOPEN, WPATH(h, "flip/made"));
        if (wh_host_exists(h, "outside/made")) {
            print_message("ESCAPED: created outside/made through the swapped symlink\n");
            e->escaped++;
        }
        WCALL(h, "path_remove_directory", WH_PREOPEN, WPATH(h, "flip/made"));
        h->top = 1024; /* recycle guest scratch memory */
    }
    atomic_store(&f.stop, true);
    pthread_join(t, NULL);
    print_message("swap race: %ld swaps, %d opened inside, %d refused\n", (long)atomic_load(&f.flips), opened,
                  refusals);
    /* the race was real: the link was swapped back and forth while the guest resolved through it */
    assert_true(atomic_load(&f.flips) > 100);
    assert_int_equal(opened + refusals, i);
    esc_finish(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_and_read),       cmocka_unit_test(create_and_remove),
        cmocka_unit_test(rename_and_link),     cmocka_unit_test(stat_times_readlink),
        cmocka_unit_test(from_a_subdirectory), cmocka_unit_test(swapped_symlink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
