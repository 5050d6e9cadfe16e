/* test_limits.c — fuel (exact charges, out-of-fuel traps, refuelling in place) and interruption (same thread, other thread). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* wat2wasm --debug-names of:
   (module
     (import "host" "poke" (func $poke (param i32)))
     (memory (export "mem") 1)
     (global $g (export "g") (mut i32) (i32.const 0))
     (func $spin (export "spin") (loop $l (br $l)))
     (func $count (export "count") (param $n i32) (result i32) (local $acc i32)
       (block $done
         (loop $l
           (br_if $done (i32.eqz (local.get $n)))
           (local.set $acc (i32.add (local.get $acc) (local.get $n)))
           (local.set $n (i32.sub (local.get $n) (i32.const 1)))
           (br $l)))
       (local.get $acc))
     (func $pick (export "pick") (param i32) (result i32)
       (if (result i32) (local.get 0)
         (then (i32.add (i32.const 1) (i32.const 2)))
         (else (i32.const 7))))
     (func $fill (export "fill") (param $n i32) (local $i i32)
       (block $done
         (loop $l
           (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
           (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
           (global.set $g (i32.add (global.get $g) (i32.const 1)))
           (local.set $i (i32.add (local.get $i) (i32.const 1)))
           (br $l))))
     (func $leaf (export "leaf") (result i32) (i32.const 5))
     (func $poke_then_leaf (export "poke_then_leaf") (param i32) (result i32)
       (call $poke (local.get 0))
       (call $leaf))
     (func $poke_loop (export "poke_loop") (param $n i32) (local $i i32)
       (loop $l
         (call $poke (local.get $i))
         (local.set $i (i32.add (local.get $i) (i32.const 1)))
         (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
   )
 */
static const uint8_t limits_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x04, 0x60, 0x01, 0x7f, 0x00, 0x60,
    0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x04, 0x68,
    0x6f, 0x73, 0x74, 0x04, 0x70, 0x6f, 0x6b, 0x65, 0x00, 0x00, 0x03, 0x08, 0x07, 0x01, 0x02, 0x02,
    0x00, 0x03, 0x02, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00,
    0x0b, 0x07, 0x4c, 0x09, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x67, 0x03, 0x00, 0x04, 0x73,
    0x70, 0x69, 0x6e, 0x00, 0x01, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x00, 0x02, 0x04, 0x70, 0x69,
    0x63, 0x6b, 0x00, 0x03, 0x04, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x04, 0x04, 0x6c, 0x65, 0x61, 0x66,
    0x00, 0x05, 0x0e, 0x70, 0x6f, 0x6b, 0x65, 0x5f, 0x74, 0x68, 0x65, 0x6e, 0x5f, 0x6c, 0x65, 0x61,
    0x66, 0x00, 0x06, 0x09, 0x70, 0x6f, 0x6b, 0x65, 0x5f, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x07, 0x0a,
    0x8f, 0x01, 0x07, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x21, 0x01, 0x01, 0x7f, 0x02,
    0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, 0x20,
    0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x0f, 0x00, 0x20,
    0x00, 0x04, 0x7f, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x05, 0x41, 0x07, 0x0b, 0x0b, 0x2b, 0x01, 0x01,
    0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01, 0x20, 0x01, 0x41, 0x02,
    0x74, 0x20, 0x01, 0x36, 0x02, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x20, 0x01, 0x41,
    0x01, 0x6a, 0x21, 0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x0b, 0x04, 0x00, 0x41, 0x05, 0x0b, 0x08, 0x00,
    0x20, 0x00, 0x10, 0x00, 0x10, 0x05, 0x0b, 0x19, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x10,
    0x00, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x49, 0x0d, 0x00, 0x0b,
    0x0b, 0x00, 0x75, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x41, 0x08, 0x00, 0x04, 0x70, 0x6f, 0x6b,
    0x65, 0x01, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x02, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x03, 0x04,
    0x70, 0x69, 0x63, 0x6b, 0x04, 0x04, 0x66, 0x69, 0x6c, 0x6c, 0x05, 0x04, 0x6c, 0x65, 0x61, 0x66,
    0x06, 0x0e, 0x70, 0x6f, 0x6b, 0x65, 0x5f, 0x74, 0x68, 0x65, 0x6e, 0x5f, 0x6c, 0x65, 0x61, 0x66,
    0x07, 0x09, 0x70, 0x6f, 0x6b, 0x65, 0x5f, 0x6c, 0x6f, 0x6f, 0x70, 0x02, 0x25, 0x08, 0x00, 0x00,
    0x01, 0x00, 0x02, 0x02, 0x00, 0x01, 0x6e, 0x01, 0x03, 0x61, 0x63, 0x63, 0x03, 0x00, 0x04, 0x02,
    0x00, 0x01, 0x6e, 0x01, 0x01, 0x69, 0x05, 0x00, 0x06, 0x00, 0x07, 0x02, 0x00, 0x01, 0x6e, 0x01,
    0x01, 0x69, 0x07, 0x04, 0x01, 0x00, 0x01, 0x67,
};

/* wat2wasm of:
   (module
     (global (export "g") (mut i32) (i32.const 0))
     (func $init (global.set 0 (i32.const 1)))
     (start $init))
 */
static const uint8_t start_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
    0x01, 0x00, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x05, 0x01, 0x01, 0x67, 0x03,
    0x00, 0x08, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x01, 0x24, 0x00, 0x0b, 0x00, 0x13,
    0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x07, 0x01, 0x00, 0x04, 0x69, 0x6e, 0x69, 0x74, 0x02, 0x03,
    0x01, 0x00, 0x00,
};

/*
 * Fuel costs of these functions, counting one unit per instruction executed
 * except nop, block, loop, else and end:
 *   count(n): each iteration runs local.get, i32.eqz, br_if, then 9 more
 *             (local.get x2, i32.add, local.set, local.get, i32.const,
 *             i32.sub, local.set, br); the last test runs 3 and the result
 *             local.get 1:                           12 n + 4
 *   pick(x):  local.get, if, then i32.const x2, i32.add (5), else i32.const (3)
 *   fill(n):  4 for the test, 14 for the body per iteration, 4 for the last test
 *   poke_then_leaf: local.get, call, call (3) and leaf's i32.const (1)
 *   start:    i32.const, global.set
 */
static uint64_t count_cost(uint32_t n) { return 12u * (uint64_t)n + 4u; }
static uint32_t count_result(uint32_t n) { return n * (n + 1) / 2; }
enum { PICK_TRUE_COST = 5, PICK_FALSE_COST = 3, FILL_ITERATION_COST = 18, FILL_FINAL_COST = 4,
       POKE_THEN_LEAF_COST = 4, START_COST = 2 };

/* ---- a world: engine, store, instance, and the host function's behaviour ---- */

enum poke_action { POKE_NOTHING, POKE_INTERRUPT_AT, POKE_SET_FUEL_AT };

typedef struct poke_env {
    enum poke_action action;
    uint32_t at; /* the argument at which to act */
    uint64_t fuel;
    lwasm_interrupt_handle *handle;
    atomic_uint calls;
} poke_env;

static lwasm_error *poke(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs, lwasm_val *results,
                         size_t nresults)
{
    (void)results;
    (void)nresults;
    poke_env *p = env;
    assert_int_equal(nargs, 1);
    atomic_fetch_add(&p->calls, 1u);
    if ((uint32_t)args[0].of.i32 != p->at)
        return NULL;
    if (p->action == POKE_INTERRUPT_AT)
        lwasm_interrupt(p->handle);
    if (p->action == POKE_SET_FUEL_AT)
        assert_null(lwasm_store_set_fuel(lwasm_caller_store(caller), p->fuel));
    return NULL;
}

typedef struct world {
    lwasm_engine *engine;
    lwasm_store *store;
    lwasm_instance *inst;
    poke_env poke;
} world;

static lwasm_engine *engine_with(bool fuel, bool interruptible)
{
    lwasm_config c;
    lwasm_config_init(&c);
    c.consume_fuel = fuel;
    c.interruptible = interruptible;
    lwasm_engine *e = lwasm_engine_new(&c);
    assert_non_null(e);
    return e;
}

static void world_open(world *w, bool fuel, bool interruptible)
{
    memset(w, 0, sizeof *w);
    w->engine = engine_with(fuel, interruptible);
    w->store = lwasm_store_new(w->engine);
    assert_non_null(w->store);
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(w->engine, limits_wasm, sizeof limits_wasm, &m);
    if (e)
        fail_msg("module: %s", lwasm_error_message(e));
    static const lwasm_valkind i32[] = {LWASM_I32};
    lwasm_functype ft = {1, 0, i32, NULL};
    lwasm_extern imp = {.kind = LWASM_EXTERN_FUNC};
    imp.of.func = lwasm_func_new(w->store, &ft, poke, &w->poke, NULL);
    assert_non_null(imp.of.func);
    e = lwasm_instance_new(w->store, m, &imp, 1, &w->inst);
    if (e)
        fail_msg("instance: %s", lwasm_error_message(e));
    lwasm_module_delete(m);
    if (interruptible) {
        w->poke.handle = lwasm_store_interrupt_handle(w->store);
        assert_non_null(w->poke.handle);
    }
}

static void world_close(world *w)
{
    lwasm_interrupt_handle_delete(w->poke.handle);
    lwasm_store_delete(w->store);
    lwasm_engine_delete(w->engine);
}

static lwasm_func *func_of(const world *w, const char *name)
{
    lwasm_extern ext;
    if (!lwasm_instance_export(w->inst, name, strlen(name), &ext) || ext.kind != LWASM_EXTERN_FUNC)
        fail_msg("no exported function %s", name);
    return ext.of.func;
}

/* Calls an export taking one i32 (or none when name ends the list) and
 * returning zero or one i32. */
static lwasm_error *call(world *w, const char *name, int64_t arg, int32_t *result)
{
    lwasm_func *f = func_of(w, name);
    const lwasm_functype *t = lwasm_func_type(f);
    lwasm_val a = lwasm_val_i32((int32_t)arg), r = lwasm_val_i32(-1);
    lwasm_error *e = lwasm_func_call(w->store, f, &a, t->nparams, &r, t->nresults);
    if (result)
        *result = r.of.i32;
    return e;
}

static uint64_t fuel_of(const world *w)
{
    uint64_t f = 0;
    assert_null(lwasm_store_get_fuel(w->store, &f));
    return f;
}

static int32_t global_g(const world *w)
{
    lwasm_extern ext;
    assert_true(lwasm_instance_export(w->inst, "g", 1, &ext));
    lwasm_val v;
    lwasm_global_get(ext.of.global, &v);
    return v.of.i32;
}

static void expect_trap(lwasm_error *e, lwasm_trapkind kind)
{
    if (!e)
        fail_msg("expected a trap of kind %d, the call succeeded", (int)kind);
    if (lwasm_error_kind(e) != LWASM_ERR_TRAP || lwasm_error_trap(e) != kind)
        fail_msg("expected a trap of kind %d, got: %s", (int)kind, lwasm_error_message(e));
    lwasm_error_delete(e);
}

static void expect_error(lwasm_error *e, lwasm_errkind kind)
{
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), kind);
    assert_non_null(lwasm_error_message(e));
    lwasm_error_delete(e);
}

/* ---- fuel --------------------------------------------------------------------- */

static void test_fuel_needs_the_engine_setting(void **state)
{
    (void)state;
    world w;
    world_open(&w, false, false);
    uint64_t f = 7;
    expect_error(lwasm_store_set_fuel(w.store, 10), LWASM_ERR_ARGUMENT);
    expect_error(lwasm_store_get_fuel(w.store, &f), LWASM_ERR_ARGUMENT);
    assert_int_equal(f, 7);
    expect_error(lwasm_store_set_fuel_handler(w.store, NULL, NULL), LWASM_ERR_ARGUMENT);
    expect_error(lwasm_store_set_fuel(NULL, 10), LWASM_ERR_ARGUMENT);
    /* Without fuel nothing is charged: code runs unbounded. */
    int32_t r;
    assert_null(call(&w, "count", 1000, &r));
    assert_int_equal(r, (int32_t)count_result(1000));
    world_close(&w);

    world_open(&w, true, false);
    expect_error(lwasm_store_get_fuel(w.store, NULL), LWASM_ERR_ARGUMENT);
    world_close(&w);
}

static void test_fuel_starts_empty(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    assert_int_equal(fuel_of(&w), 0);
    expect_trap(call(&w, "count", 1, NULL), LWASM_TRAP_OUT_OF_FUEL);
    world_close(&w);
}

static void test_fuel_charges_exactly(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    for (uint32_t n = 0; n < 20; n++) {
        uint64_t cost = count_cost(n);
        int32_t r = 0;
        /* With exactly enough, the call completes and leaves nothing. */
        assert_null(lwasm_store_set_fuel(w.store, cost));
        assert_null(call(&w, "count", n, &r));
        assert_int_equal(r, (int32_t)count_result(n));
        assert_int_equal(fuel_of(&w), 0);
        /* With more, the rest stays. */
        assert_null(lwasm_store_set_fuel(w.store, cost + 1000));
        assert_null(call(&w, "count", n, &r));
        assert_int_equal(fuel_of(&w), 1000);
        /* With one unit less, it traps. */
        assert_null(lwasm_store_set_fuel(w.store, cost - 1));
        expect_trap(call(&w, "count", n, NULL), LWASM_TRAP_OUT_OF_FUEL);
    }
    /* Only the arm taken is charged. */
    int32_t r;
    assert_null(lwasm_store_set_fuel(w.store, 100));
    assert_null(call(&w, "pick", 1, &r));
    assert_int_equal(r, 3);
    assert_int_equal(fuel_of(&w), 100 - PICK_TRUE_COST);
    assert_null(lwasm_store_set_fuel(w.store, 100));
    assert_null(call(&w, "pick", 0, &r));
    assert_int_equal(r, 7);
    assert_int_equal(fuel_of(&w), 100 - PICK_FALSE_COST);
    /* Calls charge the caller's and the callee's instructions. */
    assert_null(lwasm_store_set_fuel(w.store, 100));
    assert_null(call(&w, "poke_then_leaf", 1, &r));
    assert_int_equal(r, 5);
    assert_int_equal(fuel_of(&w), 100 - POKE_THEN_LEAF_COST);
    world_close(&w);
}

static void test_fuel_run_not_entered_keeps_its_price(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    /* count(5) costs 64: its runs cost 0, then (3, 9) five times, then 3,
     * 0 and 1. With 62, the last test of the loop (3) cannot be paid: it is
     * not entered and the 2 units stay in the store. */
    assert_int_equal(count_cost(5), 64);
    assert_null(lwasm_store_set_fuel(w.store, 62));
    lwasm_error *e = call(&w, "count", 5, NULL);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(lwasm_error_func_index(e), 2); /* $count */
    assert_true(strstr(lwasm_error_message(e), "fuel") != NULL);
    lwasm_error_delete(e);
    assert_int_equal(fuel_of(&w), 2);
    world_close(&w);
}

static void test_fuel_trap_then_refuel_and_call_again(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    /* An infinite loop ends when its fuel does; the state it changed stays. */
    assert_null(lwasm_store_set_fuel(w.store, 1000));
    expect_trap(call(&w, "spin", 0, NULL), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(fuel_of(&w), 0); /* each iteration costs one */
    /* fill(1000) stops part-way; the iterations that ran are visible. */
    assert_null(lwasm_store_set_fuel(w.store, 10 * FILL_ITERATION_COST + 2));
    expect_trap(call(&w, "fill", 1000, NULL), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(global_g(&w), 10);
    /* The store is as usable as before: refuel, call again. */
    assert_null(lwasm_store_set_fuel(w.store, 1000u * FILL_ITERATION_COST + FILL_FINAL_COST));
    assert_null(call(&w, "fill", 1000, NULL));
    assert_int_equal(global_g(&w), 1010);
    assert_int_equal(fuel_of(&w), 0);
    world_close(&w);
}

typedef struct refill {
    uint64_t chunk;
    unsigned calls, max_calls;
    lwasm_store *store;
    uint64_t seen_fuel; /* what the store had at the last call */
    bool grow;          /* grow memory 0 by a page per call */
    lwasm_memory *memory;
    bool try_call;      /* try to call a function, which must be refused */
    lwasm_func *func;
    lwasm_errkind call_error;
} refill;

static uint64_t on_empty(void *data, lwasm_store *s)
{
    refill *r = data;
    assert_ptr_equal(s, r->store);
    assert_null(lwasm_store_get_fuel(s, &r->seen_fuel));
    if (r->try_call) {
        lwasm_val a = lwasm_val_i32(1), res;
        lwasm_error *e = lwasm_func_call(s, r->func, &a, 1, &res, 1);
        assert_non_null(e);
        r->call_error = lwasm_error_kind(e);
        lwasm_error_delete(e);
    }
    if (r->calls == r->max_calls)
        return 0;
    r->calls++;
    if (r->grow)
        assert_null(lwasm_memory_grow(r->memory, 1, NULL));
    return r->chunk;
}

static void test_fuel_handler_refuels_in_place(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    refill r = {.chunk = 10, .max_calls = 1000, .store = w.store};
    assert_null(lwasm_store_set_fuel_handler(w.store, on_empty, &r));
    /* The call never ends early: the handler tops the store up, 10 at a time. */
    int32_t res;
    assert_null(call(&w, "count", 50, &res));
    assert_int_equal(res, (int32_t)count_result(50));
    uint64_t cost = count_cost(50);
    assert_int_equal(r.calls, (cost + r.chunk - 1) / r.chunk);
    assert_int_equal(fuel_of(&w), r.calls * r.chunk - cost);
    assert_true(r.seen_fuel < 10); /* called only when the next run could not be paid */

    /* A handler that gives up ends the call with the usual trap. */
    r.calls = 0;
    r.max_calls = 3;
    assert_null(lwasm_store_set_fuel(w.store, 0));
    expect_trap(call(&w, "spin", 0, NULL), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(r.calls, 3);
    assert_int_equal(fuel_of(&w), 0);

    /* Removed, it is not called. */
    assert_null(lwasm_store_set_fuel_handler(w.store, NULL, &r));
    r.calls = 0;
    expect_trap(call(&w, "spin", 0, NULL), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(r.calls, 0);
    world_close(&w);
}

static void test_fuel_handler_may_grow_memory_not_call(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    lwasm_extern mem;
    assert_true(lwasm_instance_export(w.inst, "mem", 3, &mem));
    /* fill writes i at 4 i; 3 pages of it need the memory to grow while it
     * runs, which only the handler does: the code must see the new memory. */
    uint32_t n = 3 * LWASM_PAGE_SIZE / 4;
    refill r = {.chunk = 100 * FILL_ITERATION_COST, .max_calls = 100000, .store = w.store, .grow = true,
                .memory = mem.of.memory};
    assert_null(lwasm_store_set_fuel_handler(w.store, on_empty, &r));
    assert_null(call(&w, "fill", n, NULL));
    assert_int_equal(lwasm_memory_pages(mem.of.memory), 1 + r.calls);
    const uint8_t *data = lwasm_memory_data(mem.of.memory);
    for (uint32_t i = 0; i < n; i += 997) {
        uint32_t v;
        memcpy(&v, data + 4 * (size_t)i, 4);
        assert_int_equal(v, i);
    }
    /* Calling a function from the handler is refused; the handler goes on. */
    r = (refill){.chunk = 0, .max_calls = 0, .store = w.store, .try_call = true, .func = func_of(&w, "count")};
    assert_null(lwasm_store_set_fuel(w.store, 0));
    expect_trap(call(&w, "count", 3, NULL), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(r.call_error, LWASM_ERR_ARGUMENT);
    world_close(&w);
}

static void test_fuel_set_by_a_host_function(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, false);
    /* poke empties the store: $leaf, called next, cannot be paid for. */
    w.poke = (poke_env){.action = POKE_SET_FUEL_AT, .at = 9, .fuel = 0};
    assert_null(lwasm_store_set_fuel(w.store, 100));
    lwasm_error *e = call(&w, "poke_then_leaf", 9, NULL);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_OUT_OF_FUEL);
    assert_int_equal(lwasm_error_frame_count(e), 2);
    uint32_t f0, f1;
    lwasm_name name;
    assert_true(lwasm_error_frame(e, 0, &f0, &name));
    assert_int_equal(f0, 5);
    assert_int_equal(name.len, 4);
    assert_memory_equal(name.data, "leaf", 4);
    assert_true(lwasm_error_frame(e, 1, &f1, NULL));
    assert_int_equal(f1, 6);
    lwasm_error_delete(e);
    /* poke gives 1000 back: the rest of the call runs on it. */
    w.poke.fuel = 1000;
    assert_null(lwasm_store_set_fuel(w.store, 3));
    int32_t r;
    assert_null(call(&w, "poke_then_leaf", 9, &r));
    assert_int_equal(r, 5);
    assert_int_equal(fuel_of(&w), 999);
    world_close(&w);
}

static void test_fuel_in_start_function(void **state)
{
    (void)state;
    lwasm_engine *e = engine_with(true, false);
    lwasm_module *m;
    assert_null(lwasm_module_new(e, start_wasm, sizeof start_wasm, &m));
    for (uint64_t fuel = START_COST - 1; fuel <= START_COST; fuel++) {
        lwasm_store *s = lwasm_store_new(e);
        assert_non_null(s);
        assert_null(lwasm_store_set_fuel(s, fuel));
        lwasm_instance *inst = NULL;
        lwasm_error *err = lwasm_instance_new(s, m, NULL, 0, &inst);
        assert_non_null(inst); /* it exists even when its start function traps */
        lwasm_extern g;
        assert_true(lwasm_instance_export(inst, "g", 1, &g));
        lwasm_val v;
        lwasm_global_get(g.of.global, &v);
        if (fuel < START_COST) {
            expect_trap(err, LWASM_TRAP_OUT_OF_FUEL);
            assert_int_equal(v.of.i32, 0);
        } else {
            assert_null(err);
            assert_int_equal(v.of.i32, 1);
        }
        lwasm_store_delete(s);
    }
    lwasm_module_delete(m);
    lwasm_engine_delete(e);
}

static void test_checks_must_match_the_store_engine(void **state)
{
    (void)state;
    lwasm_engine *plain = engine_with(false, false), *fueled = engine_with(true, false),
                 *both = engine_with(true, true);
    lwasm_module *m;
    assert_null(lwasm_module_new(fueled, start_wasm, sizeof start_wasm, &m));
    lwasm_store *s = lwasm_store_new(plain);
    lwasm_instance *inst = NULL;
    expect_error(lwasm_instance_new(s, m, NULL, 0, &inst), LWASM_ERR_ARGUMENT);
    assert_null(inst);
    lwasm_store_delete(s);
    s = lwasm_store_new(both);
    expect_error(lwasm_instance_new(s, m, NULL, 0, &inst), LWASM_ERR_ARGUMENT);
    lwasm_store_delete(s);
    /* Another engine with the same settings is fine. */
    lwasm_engine *fueled2 = engine_with(true, false);
    s = lwasm_store_new(fueled2);
    assert_null(lwasm_store_set_fuel(s, START_COST));
    assert_null(lwasm_instance_new(s, m, NULL, 0, &inst));
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(plain);
    lwasm_engine_delete(fueled);
    lwasm_engine_delete(fueled2);
    lwasm_engine_delete(both);
}

/* ---- interruption -------------------------------------------------------------- */

static void test_interrupt_needs_the_engine_setting(void **state)
{
    (void)state;
    world w;
    world_open(&w, false, false);
    assert_null(lwasm_store_interrupt_handle(w.store));
    assert_null(lwasm_store_interrupt_handle(NULL));
    lwasm_interrupt(NULL);               /* harmless */
    lwasm_interrupt_handle_delete(NULL); /* harmless */
    world_close(&w);
}

static void test_interrupt_pending_before_the_call(void **state)
{
    (void)state;
    world w;
    world_open(&w, false, true);
    lwasm_interrupt(w.poke.handle);
    lwasm_interrupt(w.poke.handle); /* requests do not add up */
    expect_trap(call(&w, "count", 3, NULL), LWASM_TRAP_INTERRUPTED);
    /* The trap used the request up. */
    int32_t r;
    assert_null(call(&w, "count", 3, &r));
    assert_int_equal(r, 6);
    world_close(&w);
}

static void test_interrupt_at_loop_heads_and_calls(void **state)
{
    (void)state;
    world w;
    world_open(&w, false, true);
    /* Requested during iteration 3 of poke_loop: the next loop head stops it. */
    w.poke.action = POKE_INTERRUPT_AT;
    w.poke.at = 3;
    lwasm_error *e = call(&w, "poke_loop", 100, NULL);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_INTERRUPTED);
    assert_int_equal(lwasm_error_func_index(e), 7); /* $poke_loop */
    assert_true(strstr(lwasm_error_message(e), "interrupted") != NULL);
    lwasm_error_delete(e);
    assert_int_equal(atomic_load(&w.poke.calls), 4);

    /* Requested by poke in poke_then_leaf: $leaf's entry stops it. */
    e = call(&w, "poke_then_leaf", 3, NULL);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_INTERRUPTED);
    assert_int_equal(lwasm_error_frame_count(e), 2);
    uint32_t f;
    assert_true(lwasm_error_frame(e, 0, &f, NULL));
    assert_int_equal(f, 5); /* $leaf */
    /* The caller's frame stands at its call of $leaf: `call 5` in the binary. */
    size_t at, rel;
    assert_true(lwasm_error_frame_offset(e, 1, &at, &rel));
    assert_true(at + 1 < sizeof limits_wasm);
    assert_int_equal(limits_wasm[at], 0x10);
    assert_int_equal(limits_wasm[at + 1], 5);
    assert_true(rel < at);
    lwasm_error_delete(e);
    world_close(&w);
}

static void test_interrupt_with_fuel(void **state)
{
    (void)state;
    world w;
    world_open(&w, true, true);
    assert_null(lwasm_store_set_fuel(w.store, 1000));
    lwasm_interrupt(w.poke.handle);
    expect_trap(call(&w, "spin", 0, NULL), LWASM_TRAP_INTERRUPTED);
    assert_int_equal(fuel_of(&w), 1000); /* stopped before the first run */
    expect_trap(call(&w, "spin", 0, NULL), LWASM_TRAP_OUT_OF_FUEL);
    assert_null(lwasm_store_set_fuel(w.store, count_cost(4)));
    int32_t r;
    assert_null(call(&w, "count", 4, &r));
    assert_int_equal(r, 10);
    world_close(&w);
}

static void test_interrupt_handle_outlives_the_store(void **state)
{
    (void)state;
    world w;
    world_open(&w, false, true);
    lwasm_interrupt_handle *h = lwasm_store_interrupt_handle(w.store);
    assert_non_null(h);
    world_close(&w); /* drops the store and the world's handle */
    lwasm_interrupt(h); /* reaches nobody, harmlessly */
    lwasm_interrupt_handle_delete(h);
}

/* The second thread: interrupts once the guest is known to run, or at once. */
typedef struct interrupter {
    lwasm_interrupt_handle *handle;
    const atomic_uint *calls; /* NULL: do not wait */
} interrupter;

static void *interrupt_thread(void *arg)
{
    interrupter *it = arg;
    if (it->calls) {
        while (atomic_load(it->calls) < 10) {
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
    }
    lwasm_interrupt(it->handle);
    return NULL;
}

static void test_interrupt_from_another_thread(void **state)
{
    (void)state;
    world w;
    world_open(&w, false, true);
    /* poke_loop runs (practically) forever; the other thread stops it once
     * poke has been called ten times. */
    interrupter it = {w.poke.handle, &w.poke.calls};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, interrupt_thread, &it), 0);
    expect_trap(call(&w, "poke_loop", -1, NULL), LWASM_TRAP_INTERRUPTED);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(atomic_load(&w.poke.calls) >= 10);

    /* A loop without calls, interrupted whenever the thread gets to it:
     * before the call or during it, the call ends the same way. */
    it.calls = NULL;
    assert_int_equal(pthread_create(&t, NULL, interrupt_thread, &it), 0);
    expect_trap(call(&w, "spin", 0, NULL), LWASM_TRAP_INTERRUPTED);
    assert_int_equal(pthread_join(t, NULL), 0);
    int32_t r;
    assert_null(call(&w, "count", 100, &r));
    assert_int_equal(r, (int32_t)count_result(100));
    world_close(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuel_needs_the_engine_setting),
        cmocka_unit_test(test_fuel_starts_empty),
        cmocka_unit_test(test_fuel_charges_exactly),
        cmocka_unit_test(test_fuel_run_not_entered_keeps_its_price),
        cmocka_unit_test(test_fuel_trap_then_refuel_and_call_again),
        cmocka_unit_test(test_fuel_handler_refuels_in_place),
        cmocka_unit_test(test_fuel_handler_may_grow_memory_not_call),
        cmocka_unit_test(test_fuel_set_by_a_host_function),
        cmocka_unit_test(test_fuel_in_start_function),
        cmocka_unit_test(test_checks_must_match_the_store_engine),
        cmocka_unit_test(test_interrupt_needs_the_engine_setting),
        cmocka_unit_test(test_interrupt_pending_before_the_call),
        cmocka_unit_test(test_interrupt_at_loop_heads_and_calls),
        cmocka_unit_test(test_interrupt_with_fuel),
        cmocka_unit_test(test_interrupt_handle_outlives_the_store),
        cmocka_unit_test(test_interrupt_from_another_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
