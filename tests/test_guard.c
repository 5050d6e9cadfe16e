/* test_guard.c — memory bounds: guard-page traps against explicit checks, faults outside wasm, growth, nesting, threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"
#include "runtime.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* wat2wasm of:
   (module
     (import "host" "reenter" (func $reenter (param i32) (result i32)))
     (memory (export "mem") 1 3)
     (func $load (param i32) (result i32) (i32.load offset=4 (local.get 0)))
     (func (export "outer") (param i32) (result i32) (i32.add (i32.const 1) (call $load (local.get 0))))
     (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
     (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
     (func (export "via_host") (param i32) (result i32) (call $reenter (local.get 0))))
*/
static const uint8_t guard_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02,
    0x7f, 0x7f, 0x00, 0x02, 0x10, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x07, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65,
    0x72, 0x00, 0x00, 0x03, 0x06, 0x05, 0x00, 0x00, 0x01, 0x00, 0x00, 0x05, 0x04, 0x01, 0x01, 0x01, 0x03, 0x07,
    0x2a, 0x05, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x05, 0x6f, 0x75, 0x74, 0x65, 0x72, 0x00, 0x02, 0x06, 0x73,
    0x74, 0x6f, 0x72, 0x65, 0x38, 0x00, 0x03, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x04, 0x08, 0x76, 0x69, 0x61,
    0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x05, 0x0a, 0x2b, 0x05, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x04, 0x0b,
    0x09, 0x00, 0x41, 0x01, 0x20, 0x00, 0x10, 0x01, 0x6a, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x3a, 0x00,
    0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b,
};

typedef struct env {
    lwasm_store *s;
    lwasm_instance *inst;
    int mode; /* what the host function does: 0 calls "outer" back, 1 touches the guard region itself */
} env;

static lwasm_func *export_func(lwasm_instance *inst, const char *name)
{
    lwasm_extern e;
    assert_true(lwasm_instance_export(inst, name, strlen(name), &e));
    assert_int_equal(e.kind, LWASM_EXTERN_FUNC);
    return e.of.func;
}

static lwasm_memory *export_memory(lwasm_instance *inst)
{
    lwasm_extern e;
    assert_true(lwasm_instance_export(inst, "mem", 3, &e));
    return e.of.memory;
}

static lwasm_error *reenter(void *data, lwasm_caller *caller, const lwasm_val *args, size_t nargs, lwasm_val *results,
                            size_t nresults)
{
    (void)caller;
    (void)nargs;
    (void)nresults;
    env *e = data;
    if (e->mode == 1) { /* a host bug: a wild access inside the reservation */
        volatile uint8_t *p = lwasm_memory_data(export_memory(e->inst)) + ((uint64_t)2 << 30);
        results[0].of.i32 = *p;
        return NULL;
    }
    return lwasm_func_call(e->s, export_func(e->inst, "outer"), args, 1, results, 1);
}

typedef struct setup {
    lwasm_engine *engine;
    lwasm_module *module;
    lwasm_store *s;
    lwasm_instance *inst;
    env env;
} setup;

static void make(setup *u, bool explicit_checks)
{
    lwasm_config c;
    lwasm_config_init(&c);
    c.explicit_bounds_checks = explicit_checks;
    u->engine = lwasm_engine_new(&c);
    assert_null(lwasm_module_new(u->engine, guard_wasm, sizeof guard_wasm, &u->module));
    u->s = lwasm_store_new(u->engine);
    u->env = (env){u->s, NULL, 0};
    static const lwasm_valkind i32[1] = {LWASM_I32};
    lwasm_functype ft = {1, 1, i32, i32};
    lwasm_extern imp = {.kind = LWASM_EXTERN_FUNC};
    imp.of.func = lwasm_func_new(u->s, &ft, reenter, &u->env, NULL);
    assert_null(lwasm_instance_new(u->s, u->module, &imp, 1, &u->inst));
    u->env.inst = u->inst;
}

static void unmake(setup *u)
{
    lwasm_store_delete(u->s);
    lwasm_module_delete(u->module);
    lwasm_engine_delete(u->engine);
}

static lwasm_error *call1(setup *u, const char *name, int32_t arg, int32_t *out)
{
    lwasm_val a = lwasm_val_i32(arg), r;
    memset(&r, 0, sizeof r);
    lwasm_error *err = lwasm_func_call(u->s, export_func(u->inst, name), &a, 1, &r, 1);
    *out = r.of.i32;
    return err;
}

/* Guarded or not, an access past the end traps the same way, with the same
 * frames and offsets; accesses inside return the same values. */
static void test_same_traps_in_both_modes(void **state)
{
    (void)state;
    setup g, x;
    make(&g, false);
    make(&x, true);
    static const int32_t addrs[] = {0, 100, 65531, 65532, 65533, 65535, 65536, -4, -5, INT32_MIN, 0x7FFFFFFF};
    for (size_t i = 0; i < sizeof addrs / sizeof *addrs; i++) {
        int32_t rg = 0, rx = 0;
        lwasm_error *eg = call1(&g, "outer", addrs[i], &rg);
        lwasm_error *ex = call1(&x, "outer", addrs[i], &rx);
        bool oob = (uint64_t)(uint32_t)addrs[i] + 4 + 4 > 65536;
        if (!oob) {
            assert_null(eg);
            assert_null(ex);
            assert_int_equal(rg, rx);
            continue;
        }
        assert_non_null(eg);
        assert_non_null(ex);
        assert_int_equal(lwasm_error_trap(eg), LWASM_TRAP_MEMORY_OOB);
        assert_int_equal(lwasm_error_trap(ex), LWASM_TRAP_MEMORY_OOB);
        assert_int_equal(lwasm_error_offset(eg), lwasm_error_offset(ex));
        assert_int_equal(lwasm_error_frame_count(eg), 2);
        assert_int_equal(lwasm_error_frame_count(ex), 2);
        for (size_t f = 0; f < 2; f++) {
            size_t mg, fg, mx, fx;
            uint32_t ig, ix;
            assert_true(lwasm_error_frame(eg, f, &ig, NULL));
            assert_true(lwasm_error_frame(ex, f, &ix, NULL));
            assert_int_equal(ig, ix);
            assert_true(lwasm_error_frame_offset(eg, f, &mg, &fg));
            assert_true(lwasm_error_frame_offset(ex, f, &mx, &fx));
            assert_int_equal(mg, mx);
            assert_int_equal(fg, fx);
        }
        lwasm_error_delete(eg);
        lwasm_error_delete(ex);
    }
    unmake(&g);
    unmake(&x);
}

/* The default engine reserves (in guard builds) and the explicit one does not. */
static void test_memory_kinds(void **state)
{
    (void)state;
    setup g, x;
    make(&g, false);
    make(&x, true);
    assert_false(export_memory(x.inst)->guarded);
    if (export_memory(g.inst)->guarded) {
        /* code compiled for one mode does not run in a store of the other */
        lwasm_store *s = lwasm_store_new(x.engine);
        lwasm_instance *inst = NULL;
        lwasm_extern imp = {.kind = LWASM_EXTERN_FUNC};
        static const lwasm_valkind i32[1] = {LWASM_I32};
        lwasm_functype ft = {1, 1, i32, i32};
        imp.of.func = lwasm_func_new(s, &ft, reenter, &g.env, NULL);
        lwasm_error *err = lwasm_instance_new(s, g.module, &imp, 1, &inst);
        assert_non_null(err);
        assert_int_equal(lwasm_error_kind(err), LWASM_ERR_ARGUMENT);
        lwasm_error_delete(err);
        lwasm_store_delete(s);
    }
    unmake(&g);
    unmake(&x);
}

/* Traps over and over leave the store (and the signal state) usable. */
static void test_many_traps(void **state)
{
    (void)state;
    setup g;
    make(&g, false);
    for (int i = 0; i < 2000; i++) {
        int32_t r;
        lwasm_error *err = call1(&g, "outer", 65536 - (i % 8), &r);
        assert_non_null(err);
        assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_MEMORY_OOB);
        lwasm_error_delete(err);
        assert_null(call1(&g, "outer", 8, &r));
    }
    unmake(&g);
}

/* memory.grow makes the next page accessible, and only that page. */
static void test_grow(void **state)
{
    (void)state;
    for (int explicit_checks = 0; explicit_checks < 2; explicit_checks++) {
        setup u;
        make(&u, explicit_checks);
        int32_t r;
        lwasm_error *err = call1(&u, "outer", 65536, &r);
        assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_MEMORY_OOB);
        lwasm_error_delete(err);
        assert_null(call1(&u, "grow", 1, &r));
        assert_int_equal(r, 1);
        assert_null(call1(&u, "outer", 65536, &r));
        assert_int_equal(r, 1); /* fresh pages read as zero */
        lwasm_val args[2] = {lwasm_val_i32(131071), lwasm_val_i32(7)};
        assert_null(lwasm_func_call(u.s, export_func(u.inst, "store8"), args, 2, NULL, 0));
        assert_int_equal(lwasm_memory_data(export_memory(u.inst))[131071], 7);
        args[0] = lwasm_val_i32(131072);
        err = lwasm_func_call(u.s, export_func(u.inst, "store8"), args, 2, NULL, 0);
        assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_MEMORY_OOB);
        lwasm_error_delete(err);
        assert_null(call1(&u, "grow", 5, &r)); /* past the maximum: refused */
        assert_int_equal(r, -1);
        unmake(&u);
    }
}

/* A trap in a nested activation (wasm -> host -> wasm) comes back through
 * the host function to the outer call. */
static void test_nested_activation(void **state)
{
    (void)state;
    setup u;
    make(&u, false);
    int32_t r;
    assert_null(call1(&u, "via_host", 16, &r));
    assert_int_equal(r, 1);
    lwasm_error *err = call1(&u, "via_host", 65535, &r);
    assert_non_null(err);
    assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_MEMORY_OOB);
    lwasm_error_delete(err);
    assert_null(call1(&u, "via_host", 16, &r)); /* and everything still works */
    unmake(&u);
}

/* A fault in host code is no trap, even inside a memory's reservation: the
 * process dies of it, as it would without libwasm. */
static void test_host_fault_kills(void **state)
{
    (void)state;
    setup u;
    make(&u, false);
    bool guarded = export_memory(u.inst)->guarded;
    unmake(&u);
    if (!guarded)
        return; /* explicit builds: the host access is an ordinary wild read */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL); /* not the test framework's handler */
        setup c;
        make(&c, false);
        c.env.mode = 1;
        int32_t r;
        lwasm_error *err = call1(&c, "via_host", 0, &r);
        _exit(err ? 3 : 4); /* reached only if the fault became something else */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGSEGV);
}

static void *thread_main(void *arg)
{
    (void)arg;
    setup u;
    make(&u, false);
    int ok = 1;
    for (int i = 0; i < 500; i++) {
        int32_t r;
        lwasm_error *err = call1(&u, "outer", 65533 + (i % 3), &r);
        ok &= err && lwasm_error_trap(err) == LWASM_TRAP_MEMORY_OOB;
        lwasm_error_delete(err);
        err = call1(&u, "outer", 4 * (i % 100), &r);
        ok &= err == NULL && r == 1;
    }
    unmake(&u);
    return (void *)(intptr_t)ok;
}

/* Each thread's faults come back to its own activation. */
static void test_threads(void **state)
{
    (void)state;
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, thread_main, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *ok;
        assert_int_equal(pthread_join(th[i], &ok), 0);
        assert_true(ok != NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_traps_in_both_modes),
        cmocka_unit_test(test_memory_kinds),
        cmocka_unit_test(test_many_traps),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_nested_activation),
        cmocka_unit_test(test_host_fault_kills),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
