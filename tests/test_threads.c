/* test_threads.c — one compiled module, many threads: each instantiates and runs it in a store of its own, concurrently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * The thread rules under test (docs/API.md): engines and modules are
 * immutable and may be shared by any number of threads; a store, and all it
 * owns, is used by one thread at a time; an interrupt handle may be used from
 * any thread. There is no global mutable state, so stores on different
 * threads never meet.
 */

/* wat2wasm --debug-names of:
   (module
     (import "host" "id" (func $id (result i32)))
     (memory (export "mem") 1)
     (func $fib (export "fib") (param $n i32) (result i32)
       (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
         (then (local.get $n))
         (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                        (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
     (func (export "work") (param $seed i32) (param $n i32) (result i32) (local $i i32) (local $sum i32)
       (loop $w
         (i32.store (i32.shl (local.get $i) (i32.const 2))
                    (i32.mul (i32.add (local.get $seed) (local.get $i)) (i32.const 0x9E3779B1)))
         (local.set $i (i32.add (local.get $i) (i32.const 1)))
         (br_if $w (i32.lt_u (local.get $i) (local.get $n))))
       (loop $r
         (local.set $i (i32.sub (local.get $i) (i32.const 1)))
         (local.set $sum (i32.xor (i32.rotl (local.get $sum) (i32.const 5))
                                  (i32.load (i32.shl (local.get $i) (i32.const 2)))))
         (br_if $r (local.get $i)))
       (local.get $sum))
     (func (export "whoami") (result i32) (call $id))
     (func (export "spin") (loop $l (br $l)))
   )
 */
static const uint8_t threads_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x13, 0x04, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02, 0x0b, 0x01,
    0x04, 0x68, 0x6f, 0x73, 0x74, 0x02, 0x69, 0x64, 0x00, 0x00, 0x03, 0x05, 0x04, 0x01, 0x02, 0x00,
    0x03, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x24, 0x05, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x03,
    0x66, 0x69, 0x62, 0x00, 0x01, 0x04, 0x77, 0x6f, 0x72, 0x6b, 0x00, 0x02, 0x06, 0x77, 0x68, 0x6f,
    0x61, 0x6d, 0x69, 0x00, 0x03, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x04, 0x0a, 0x75, 0x04, 0x1c,
    0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b,
    0x10, 0x01, 0x20, 0x00, 0x41, 0x02, 0x6b, 0x10, 0x01, 0x6a, 0x0b, 0x0b, 0x49, 0x01, 0x02, 0x7f,
    0x03, 0x40, 0x20, 0x02, 0x41, 0x02, 0x74, 0x20, 0x00, 0x20, 0x02, 0x6a, 0x41, 0xb1, 0xf3, 0xdd,
    0xf1, 0x79, 0x6c, 0x36, 0x02, 0x00, 0x20, 0x02, 0x41, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x02, 0x20,
    0x01, 0x49, 0x0d, 0x00, 0x0b, 0x03, 0x40, 0x20, 0x02, 0x41, 0x01, 0x6b, 0x21, 0x02, 0x20, 0x03,
    0x41, 0x05, 0x77, 0x20, 0x02, 0x41, 0x02, 0x74, 0x28, 0x02, 0x00, 0x73, 0x21, 0x03, 0x20, 0x02,
    0x0d, 0x00, 0x0b, 0x20, 0x03, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c,
    0x00, 0x0b, 0x0b, 0x00, 0x32, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x0a, 0x02, 0x00, 0x02, 0x69,
    0x64, 0x01, 0x03, 0x66, 0x69, 0x62, 0x02, 0x1f, 0x05, 0x00, 0x00, 0x01, 0x01, 0x00, 0x01, 0x6e,
    0x02, 0x04, 0x00, 0x04, 0x73, 0x65, 0x65, 0x64, 0x01, 0x01, 0x6e, 0x02, 0x01, 0x69, 0x03, 0x03,
    0x73, 0x75, 0x6d, 0x03, 0x00, 0x04, 0x00,
};

enum { NTHREADS = 6, ROUNDS = 12, WORK_N = 4000, FIB_N = 16, FIB_16 = 987 };

static uint32_t rotl5(uint32_t x) { return x << 5 | x >> 27; }

/* What work(seed, n) computes, independently of wasm. */
static uint32_t work_expected(uint32_t seed, uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t i = n; i-- > 0;)
        sum = rotl5(sum) ^ (seed + i) * 0x9E3779B1u;
    return sum;
}

static lwasm_error *host_id(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                            lwasm_val *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    (void)nresults;
    results[0] = lwasm_val_i32((int32_t)(intptr_t)env);
    return NULL;
}

typedef struct shared {
    lwasm_engine *engine;
    lwasm_module *module;
    uint64_t fib_fuel; /* the single-threaded charge of fib(FIB_N), when the engine consumes fuel */
    atomic_uint ready; /* threads whose interrupt handle is published */
    lwasm_interrupt_handle *handles[NTHREADS];
} shared;

typedef struct worker {
    shared *sh;
    int id;
    int failures; /* checked by the main thread: cmocka's asserts belong to it */
    char why[160];
} worker;

#define CHECK(w, cond, ...)                                                                                   \
    do {                                                                                                      \
        if (!(cond) && !(w)->failures++)                                                                      \
            snprintf((w)->why, sizeof (w)->why, __VA_ARGS__);                                                 \
    } while (0)

/* A store with the module instantiated, its import bound to this worker's id. */
static lwasm_store *instantiate(worker *w, lwasm_instance **inst)
{
    lwasm_store *s = lwasm_store_new(w->sh->engine);
    CHECK(w, s != NULL, "lwasm_store_new failed");
    if (!s)
        return NULL;
    static const lwasm_valkind i32[] = {LWASM_I32};
    lwasm_functype ft = {0, 1, NULL, i32};
    lwasm_linker *l = lwasm_linker_new(s);
    lwasm_extern id = {.kind = LWASM_EXTERN_FUNC};
    id.of.func = lwasm_func_new(s, &ft, host_id, (void *)(intptr_t)w->id, NULL);
    lwasm_error *e = lwasm_linker_define(l, "host", 4, "id", 2, &id);
    if (!e)
        e = lwasm_linker_instantiate(l, w->sh->module, inst);
    CHECK(w, e == NULL, "instantiation: %s", e ? lwasm_error_message(e) : "");
    lwasm_error_delete(e);
    lwasm_linker_delete(l);
    return s;
}

static lwasm_error *call(lwasm_store *s, lwasm_instance *inst, const char *name, const lwasm_val *args, size_t n,
                         lwasm_val *result)
{
    lwasm_extern f;
    if (!lwasm_instance_export(inst, name, strlen(name), &f))
        return lwasm_error_new_trap("no such export");
    return lwasm_func_call(s, f.of.func, args, n, result, result ? 1 : 0);
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    /* Each worker holds a reference of its own, dropped last by whichever
     * thread ends last. */
    lwasm_module *m = lwasm_module_ref(w->sh->module);
    for (int round = 0; round < ROUNDS && !w->failures; round++) {
        lwasm_instance *inst = NULL;
        lwasm_store *s = instantiate(w, &inst);
        if (!s)
            break;
        lwasm_error *no_fuel = lwasm_store_set_fuel(s, UINT64_MAX / 2);
        bool fuel = no_fuel == NULL;
        lwasm_error_delete(no_fuel);
        lwasm_val r;
        lwasm_error *e = call(s, inst, "whoami", NULL, 0, &r);
        CHECK(w, !e && r.of.i32 == w->id, "whoami: %d", e ? -1 : r.of.i32);
        lwasm_error_delete(e);

        lwasm_val a[2] = {lwasm_val_i32(FIB_N)};
        uint64_t before = 0, after = 0;
        lwasm_error_delete(lwasm_store_get_fuel(s, &before));
        e = call(s, inst, "fib", a, 1, &r);
        lwasm_error_delete(lwasm_store_get_fuel(s, &after));
        CHECK(w, !e && r.of.i32 == FIB_16, "fib: %d", e ? -1 : r.of.i32);
        lwasm_error_delete(e);
        if (fuel)
            CHECK(w, before - after == w->sh->fib_fuel, "fib charged %llu, alone %llu",
                  (unsigned long long)(before - after), (unsigned long long)w->sh->fib_fuel);

        uint32_t seed = (uint32_t)(w->id * 1000 + round);
        a[0] = lwasm_val_i32((int32_t)seed);
        a[1] = lwasm_val_i32(WORK_N);
        e = call(s, inst, "work", a, 2, &r);
        CHECK(w, !e && (uint32_t)r.of.i32 == work_expected(seed, WORK_N), "work(%u) differs", seed);
        lwasm_error_delete(e);
        lwasm_store_delete(s);
    }
    lwasm_module_delete(m);
    return NULL;
}

/* Runs fn on NTHREADS threads; `meanwhile` (if any) runs on this one before they are joined. */
static void run_threads(shared *sh, void *(*fn)(void *), void (*meanwhile)(shared *))
{
    pthread_t t[NTHREADS];
    worker ws[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        ws[i] = (worker){.sh = sh, .id = i + 1};
        assert_int_equal(pthread_create(&t[i], NULL, fn, &ws[i]), 0);
    }
    if (meanwhile)
        meanwhile(sh);
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        if (ws[i].failures)
            fail_msg("thread %d: %s", ws[i].id, ws[i].why);
    }
}

static void open_shared(shared *sh, bool fuel, bool interruptible)
{
    memset(sh, 0, sizeof *sh);
    lwasm_config c;
    lwasm_config_init(&c);
    c.consume_fuel = fuel;
    c.interruptible = interruptible;
    sh->engine = lwasm_engine_new(&c);
    assert_non_null(sh->engine);
    lwasm_error *e = lwasm_module_new(sh->engine, threads_wasm, sizeof threads_wasm, &sh->module);
    if (e)
        fail_msg("module: %s", lwasm_error_message(e));
}

static void test_threads_share_one_module(void **state)
{
    (void)state;
    shared sh;
    open_shared(&sh, false, false);
    lwasm_module *m = sh.module;
    run_threads(&sh, run_worker, NULL);
    lwasm_module_delete(m);
    lwasm_engine_delete(sh.engine);
}

/* Fuel is per store, and its charges do not depend on what other threads do. */
static void test_threads_fuel_is_per_store_and_deterministic(void **state)
{
    (void)state;
    shared sh;
    open_shared(&sh, true, false);
    /* The charge of fib(FIB_N) measured alone first. */
    worker alone = {.sh = &sh, .id = 99};
    lwasm_instance *inst;
    lwasm_store *s = instantiate(&alone, &inst);
    assert_non_null(s);
    assert_null(lwasm_store_set_fuel(s, 1u << 30));
    lwasm_val a = lwasm_val_i32(FIB_N), r;
    assert_null(call(s, inst, "fib", &a, 1, &r));
    assert_int_equal(r.of.i32, FIB_16);
    uint64_t left;
    assert_null(lwasm_store_get_fuel(s, &left));
    sh.fib_fuel = (1u << 30) - left;
    assert_true(sh.fib_fuel > FIB_16); /* every call costs something */
    lwasm_store_delete(s);
    run_threads(&sh, run_worker, NULL);
    lwasm_module_delete(sh.module);
    lwasm_engine_delete(sh.engine);
}

/* Each thread spins forever in its own store; this thread stops them all. */
static void *run_spinner(void *arg)
{
    worker *w = arg;
    lwasm_instance *inst = NULL;
    lwasm_store *s = instantiate(w, &inst);
    if (!s) {
        atomic_fetch_add(&w->sh->ready, 1u); /* do not keep the main thread waiting */
        return NULL;
    }
    w->sh->handles[w->id - 1] = lwasm_store_interrupt_handle(s);
    CHECK(w, w->sh->handles[w->id - 1] != NULL, "no interrupt handle");
    atomic_fetch_add(&w->sh->ready, 1u); /* publishes the handle (seq_cst) */
    lwasm_error *e = call(s, inst, "spin", NULL, 0, NULL);
    CHECK(w, e && lwasm_error_trap(e) == LWASM_TRAP_INTERRUPTED, "spin ended with: %s",
          e ? lwasm_error_message(e) : "success");
    lwasm_error_delete(e);
    /* Only that call was stopped. */
    lwasm_val r;
    e = call(s, inst, "whoami", NULL, 0, &r);
    CHECK(w, !e && r.of.i32 == w->id, "whoami after the interrupt");
    lwasm_error_delete(e);
    lwasm_store_delete(s);
    return NULL;
}

static void interrupt_all(shared *sh)
{
    while (atomic_load(&sh->ready) < NTHREADS) {
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
    }
    /* Requests stay pending until delivered: a thread that has not reached
     * its loop yet is stopped all the same. */
    for (int i = 0; i < NTHREADS; i++)
        lwasm_interrupt(sh->handles[i]);
}

static void test_threads_interrupted_by_another_thread(void **state)
{
    (void)state;
    shared sh;
    open_shared(&sh, false, true);
    run_threads(&sh, run_spinner, interrupt_all);
    for (int i = 0; i < NTHREADS; i++)
        lwasm_interrupt_handle_delete(sh.handles[i]); /* outlives its store */
    lwasm_module_delete(sh.module);
    lwasm_engine_delete(sh.engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_share_one_module),
        cmocka_unit_test(test_threads_fuel_is_per_store_and_deterministic),
        cmocka_unit_test(test_threads_interrupted_by_another_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
