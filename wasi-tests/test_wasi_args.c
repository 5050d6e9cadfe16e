/* test_wasi_args.c — args and environ, clocks, random_get, proc_exit, proc_raise and sched_yield. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <time.h>

#include "harness.h"

static void set_args_env(lwasi_config *c, const wh *h, void *arg)
{
    (void)h, (void)arg;
    const char *argv[] = {"prog.wasm", "first", "the \"second\" arg", ""};
    assert_true(lwasi_config_set_args(c, 4, argv));
    assert_true(lwasi_config_add_env(c, "a", "text"));
    assert_true(lwasi_config_add_env(c, "c", "new\nline"));
}

static void args_and_env(void **state)
{
    (void)state;
    wh *h = wh_new_with(set_args_env, NULL);
    uint32_t count = wh_alloc(h, 4), size = wh_alloc(h, 4);
    assert_int_equal(WCALL(h, "args_sizes_get", count, size), 0);
    assert_int_equal(wh_u32(h, count), 4);
    assert_int_equal(wh_u32(h, size), strlen("prog.wasm") + strlen("first") + strlen("the \"second\" arg") + 4);
    uint32_t argv = wh_alloc(h, 4 * 4), buf = wh_alloc(h, wh_u32(h, size));
    assert_int_equal(WCALL(h, "args_get", argv, buf), 0);
    assert_int_equal(wh_u32(h, argv), buf);
    assert_string_equal((char *)h->mem + wh_u32(h, argv + 4), "first");
    assert_string_equal((char *)h->mem + wh_u32(h, argv + 8), "the \"second\" arg");
    assert_string_equal((char *)h->mem + wh_u32(h, argv + 12), "");

    assert_int_equal(WCALL(h, "environ_sizes_get", count, size), 0);
    assert_int_equal(wh_u32(h, count), 2);
    assert_int_equal(wh_u32(h, size), strlen("a=text") + strlen("c=new\nline") + 2);
    uint32_t env = wh_alloc(h, 8), ebuf = wh_alloc(h, wh_u32(h, size));
    assert_int_equal(WCALL(h, "environ_get", env, ebuf), 0);
    assert_string_equal((char *)h->mem + wh_u32(h, env), "a=text");
    assert_string_equal((char *)h->mem + wh_u32(h, env + 4), "c=new\nline");

    /* a buffer running past the end of memory is EFAULT and nothing is written */
    uint32_t last = (uint32_t)h->mem_size - 4;
    memset(h->mem + last, 0xAA, 4);
    assert_int_equal(WCALL(h, "args_get", argv, last), LWASI_EFAULT);
    assert_int_equal(h->mem[last], 0xAA);
    assert_int_equal(WCALL(h, "args_sizes_get", count, (uint64_t)h->mem_size), LWASI_EFAULT);
    assert_int_equal(WCALL(h, "environ_get", (uint64_t)h->mem_size - 4, ebuf), LWASI_EFAULT);
    wh_free(h);
}

static void no_args(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t count = wh_alloc(h, 4), size = wh_alloc(h, 4);
    memset(h->mem + count, 0xFF, 8);
    assert_int_equal(WCALL(h, "environ_sizes_get", count, size), 0);
    assert_int_equal(wh_u32(h, count), 0);
    assert_int_equal(wh_u32(h, size), 0);
    /* nothing to write: any pointers will do */
    assert_int_equal(WCALL(h, "environ_get", 0, 0), 0);
    wh_free(h);
}

static uint64_t now_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void clocks(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t t = wh_alloc(h, 8);
    for (uint32_t id = 0; id < 4; id++) {
        assert_int_equal(WCALL(h, "clock_res_get", id, t), 0);
        assert_true(wh_u64(h, t) > 0 && wh_u64(h, t) <= 1000000000u);
        assert_int_equal(WCALL(h, "clock_time_get", id, 0, t), 0);
    }
    assert_int_equal(WCALL(h, "clock_res_get", 4, t), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "clock_time_get", 99, 1, t), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "clock_time_get", 0, 1, (uint64_t)h->mem_size - 7), LWASI_EFAULT);

    uint64_t before = now_ns(CLOCK_REALTIME);
    assert_int_equal(WCALL(h, "clock_time_get", LWASI_CLOCK_REALTIME, 1, t), 0);
    uint64_t real = wh_u64(h, t);
    assert_true(real >= before && real <= now_ns(CLOCK_REALTIME));

    assert_int_equal(WCALL(h, "clock_time_get", LWASI_CLOCK_MONOTONIC, 1, t), 0);
    uint64_t m1 = wh_u64(h, t);
    struct timespec nap = {0, 2000000};
    nanosleep(&nap, NULL);
    assert_int_equal(WCALL(h, "clock_time_get", LWASI_CLOCK_MONOTONIC, 1, t), 0);
    assert_true(wh_u64(h, t) >= m1 + 2000000u);
    wh_free(h);
}

static void random_bytes(void **state)
{
    (void)state;
    wh *h = wh_new();
    uint32_t a = wh_alloc(h, 4096), b = wh_alloc(h, 4096);
    assert_int_equal(WCALL(h, "random_get", a, 4096), 0);
    assert_int_equal(WCALL(h, "random_get", b, 4096), 0);
    assert_memory_not_equal(h->mem + a, h->mem + b, 4096);
    size_t zeros = 0;
    for (size_t i = 0; i < 4096; i++)
        zeros += h->mem[a + i] == 0;
    assert_true(zeros < 100); /* ~16 expected */
    /* more than one uv_random chunk */
    uint32_t big = wh_alloc(h, 200000);
    assert_int_equal(WCALL(h, "random_get", big, 200000), 0);
    assert_memory_not_equal(h->mem + big + 150000, h->mem + a, 4096);
    assert_int_equal(WCALL(h, "random_get", 0, 0), 0);
    assert_int_equal(WCALL(h, "random_get", (uint64_t)h->mem_size - 10, 11), LWASI_EFAULT);
    wh_free(h);
}

static void proc_calls(void **state)
{
    (void)state;
    wh *h = wh_new();
    WCALL(h, "proc_exit", 42);
    assert_non_null(h->error);
    assert_int_equal(lwasm_error_kind(h->error), LWASM_ERR_EXIT);
    assert_int_equal(lwasm_error_exit_status(h->error), 42);
    assert_int_equal(WCALL(h, "proc_raise", 9), LWASI_ENOTSUP);
    assert_null(h->error);
    assert_int_equal(wh_call(h, "sched_yield", NULL, 0), 0);
    wh_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(args_and_env), cmocka_unit_test(no_args),    cmocka_unit_test(clocks),
        cmocka_unit_test(random_bytes), cmocka_unit_test(proc_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
