/* test_embed.c — embedding API details: store data, the linker's store, a module's bytes, and per-frame offsets of traps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"

#include <stdlib.h>
#include <string.h>

/* wat2wasm --debug-names of:
   (module
     (import "host" "reenter" (func $reenter (param i32) (result i32)))
     (func $div (export "div") (param i32 i32) (result i32)
       (i32.div_u (local.get 0) (local.get 1)))
     (func $outer (export "outer") (param i32) (result i32)
       (i32.add (i32.const 1) (call $reenter (local.get 0))))
     (func $mid (export "mid") (param i32) (result i32)
       (call $div (i32.const 10) (local.get 0)))
   )
 */
static const uint8_t embed_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x10, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x07, 0x72,
    0x65, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x00, 0x00, 0x03, 0x04, 0x03, 0x01, 0x00, 0x00, 0x07, 0x15,
    0x03, 0x03, 0x64, 0x69, 0x76, 0x00, 0x01, 0x05, 0x6f, 0x75, 0x74, 0x65, 0x72, 0x00, 0x02, 0x03,
    0x6d, 0x69, 0x64, 0x00, 0x03, 0x0a, 0x1c, 0x03, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6e, 0x0b,
    0x09, 0x00, 0x41, 0x01, 0x20, 0x00, 0x10, 0x00, 0x6a, 0x0b, 0x08, 0x00, 0x41, 0x0a, 0x20, 0x00,
    0x10, 0x01, 0x0b, 0x00, 0x2d, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x1b, 0x04, 0x00, 0x07, 0x72,
    0x65, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x01, 0x03, 0x64, 0x69, 0x76, 0x02, 0x05, 0x6f, 0x75, 0x74,
    0x65, 0x72, 0x03, 0x03, 0x6d, 0x69, 0x64, 0x02, 0x09, 0x04, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00,
    0x03, 0x00,
};

/* Function indices, and where each function's trap or call sits in its body:
 * every body here starts with 0x00 (no locals) and two 2-byte instructions. */
enum { F_REENTER = 0, F_DIV = 1, F_OUTER = 2, F_MID = 3, SITE_IN_BODY = 5 };

typedef struct host_state {
    int calls;
    void *store_data_seen;
} host_state;

/* reenter(x) calls the module's `mid` export with x: wasm -> host -> wasm. */
static lwasm_error *reenter(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs, lwasm_val *results,
                            size_t nresults)
{
    (void)nargs;
    (void)nresults;
    host_state *h = env;
    h->calls++;
    lwasm_store *s = lwasm_caller_store(caller);
    h->store_data_seen = lwasm_store_data(s);
    lwasm_extern mid;
    if (!lwasm_caller_export(caller, "mid", &mid))
        return lwasm_error_new_trap("no export mid");
    /* A trap inside comes back with its backtrace; returning it passes it on. */
    return lwasm_func_call(s, mid.of.func, args, 1, results, 1);
}

typedef struct world {
    lwasm_engine *engine;
    lwasm_store *store;
    lwasm_linker *linker;
    lwasm_module *module;
    lwasm_instance *inst;
    host_state host;
} world;

static void world_open(world *w)
{
    memset(w, 0, sizeof *w);
    w->engine = lwasm_engine_new(NULL);
    w->store = lwasm_store_new(w->engine);
    w->linker = lwasm_linker_new(w->store);
    assert_non_null(w->linker);
    assert_null(lwasm_module_new(w->engine, embed_wasm, sizeof embed_wasm, &w->module));
    static const lwasm_valkind i32[] = {LWASM_I32};
    lwasm_functype ft = {1, 1, i32, i32};
    lwasm_extern f = {.kind = LWASM_EXTERN_FUNC};
    f.of.func = lwasm_func_new(w->store, &ft, reenter, &w->host, NULL);
    assert_null(lwasm_linker_define(w->linker, "host", 4, "reenter", 7, &f));
    assert_null(lwasm_linker_instantiate(w->linker, w->module, &w->inst));
}

static void world_close(world *w)
{
    lwasm_module_delete(w->module);
    lwasm_linker_delete(w->linker);
    lwasm_store_delete(w->store);
    lwasm_engine_delete(w->engine);
}

static lwasm_error *call(world *w, const char *name, const lwasm_val *args, size_t n, lwasm_val *r)
{
    lwasm_extern f;
    assert_true(lwasm_instance_export(w->inst, name, strlen(name), &f));
    return lwasm_func_call(w->store, f.of.func, args, n, r, 1);
}

/* Checks frame i: its function, and that its offsets point at `opcode` in
 * the binary, SITE_IN_BODY bytes into the function's body. */
static void check_frame(const lwasm_error *e, size_t i, uint32_t func, uint8_t opcode, const char *name)
{
    uint32_t f = LWASM_NO_FUNC;
    lwasm_name n;
    assert_true(lwasm_error_frame(e, i, &f, &n));
    assert_int_equal(f, func);
    assert_int_equal(n.len, strlen(name));
    assert_memory_equal(n.data, name, n.len);
    size_t at = 0, rel = 0;
    assert_true(lwasm_error_frame_offset(e, i, &at, &rel));
    assert_true(at < sizeof embed_wasm);
    assert_int_equal(embed_wasm[at], opcode);
    assert_int_equal(rel, SITE_IN_BODY);
    assert_true(lwasm_error_frame_offset(e, i, NULL, NULL));
}

static void test_frame_offsets(void **state)
{
    (void)state;
    world w;
    world_open(&w);
    lwasm_val args[2] = {lwasm_val_i32(7), lwasm_val_i32(0)}, r;
    lwasm_error *e = call(&w, "div", args, 2, &r);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_INT_DIV_BY_ZERO);
    assert_int_equal(lwasm_error_frame_count(e), 1);
    check_frame(e, 0, F_DIV, 0x6e /* i32.div_u */, "div");
    size_t at, rel;
    assert_true(lwasm_error_frame_offset(e, 0, &at, NULL));
    assert_int_equal(at, lwasm_error_offset(e)); /* the trap's own offset */
    /* Out of range: false, both unknown. */
    assert_false(lwasm_error_frame_offset(e, 1, &at, &rel));
    assert_int_equal(at, LWASM_NO_OFFSET);
    assert_int_equal(rel, LWASM_NO_OFFSET);
    lwasm_error_delete(e);

    /* Across a host function: outer -> reenter (host) -> mid -> div. */
    lwasm_val a = lwasm_val_i32(0);
    e = call(&w, "outer", &a, 1, &r);
    assert_non_null(e);
    assert_int_equal(w.host.calls, 1);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_INT_DIV_BY_ZERO);
    assert_int_equal(lwasm_error_frame_count(e), 3);
    check_frame(e, 0, F_DIV, 0x6e, "div");
    check_frame(e, 1, F_MID, 0x10 /* call */, "mid");
    check_frame(e, 2, F_OUTER, 0x10, "outer");
    assert_true(lwasm_error_frame_offset(e, 1, &at, NULL));
    assert_int_equal(embed_wasm[at + 1], F_DIV);
    assert_true(lwasm_error_frame_offset(e, 2, &at, NULL));
    assert_int_equal(embed_wasm[at + 1], F_REENTER);
    lwasm_error_delete(e);

    /* Succeeds when nothing traps: 1 + 10 / 5. */
    a = lwasm_val_i32(5);
    assert_null(call(&w, "outer", &a, 1, &r));
    assert_int_equal(r.of.i32, 3);
    world_close(&w);
}

static void test_no_frames_outside_code(void **state)
{
    (void)state;
    /* A decoding error has no frames and no offsets per frame. */
    lwasm_engine *eng = lwasm_engine_new(NULL);
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(eng, embed_wasm, 20, &m);
    assert_non_null(e);
    assert_int_equal(lwasm_error_frame_count(e), 0);
    size_t at = 0, rel = 0;
    assert_false(lwasm_error_frame_offset(e, 0, &at, &rel));
    assert_int_equal(at, LWASM_NO_OFFSET);
    assert_int_equal(rel, LWASM_NO_OFFSET);
    lwasm_error_delete(e);
    /* Nor does a host's own trap that never passed through wasm. */
    e = lwasm_error_new_trap("host");
    assert_false(lwasm_error_frame_offset(e, 0, NULL, NULL));
    lwasm_error_delete(e);
    lwasm_engine_delete(eng);
}

static void test_store_data(void **state)
{
    (void)state;
    world w;
    world_open(&w);
    assert_null(lwasm_store_data(w.store)); /* none until set */
    int marker = 0;
    lwasm_store_set_data(w.store, &marker);
    assert_ptr_equal(lwasm_store_data(w.store), &marker);
    /* Host functions reach it through their caller's store. */
    lwasm_val a = lwasm_val_i32(1), r;
    assert_null(call(&w, "outer", &a, 1, &r));
    assert_int_equal(r.of.i32, 11);
    assert_ptr_equal(w.host.store_data_seen, &marker);
    lwasm_store_set_data(w.store, NULL);
    assert_null(lwasm_store_data(w.store));
    world_close(&w);
}

static void test_linker_store(void **state)
{
    (void)state;
    world w;
    world_open(&w);
    assert_ptr_equal(lwasm_linker_store(w.linker), w.store);
    assert_null(lwasm_linker_store(NULL));
    /* A second store's linker names that store. */
    lwasm_store *other = lwasm_store_new(w.engine);
    lwasm_linker *l = lwasm_linker_new(other);
    assert_ptr_equal(lwasm_linker_store(l), other);
    lwasm_linker_delete(l);
    lwasm_store_delete(other);
    world_close(&w);
}

static void test_module_bytes(void **state)
{
    (void)state;
    world w;
    world_open(&w);
    size_t len = 0;
    const uint8_t *bytes = lwasm_module_bytes(w.module, &len);
    assert_int_equal(len, sizeof embed_wasm);
    assert_memory_equal(bytes, embed_wasm, len);
    assert_ptr_not_equal(bytes, embed_wasm); /* a copy the module owns */
    assert_ptr_equal(lwasm_module_bytes(w.module, NULL), bytes);
    /* The same bytes make an equivalent module. */
    lwasm_module *again = NULL;
    assert_null(lwasm_module_new(w.engine, bytes, len, &again));
    assert_int_equal(lwasm_module_export_count(again), lwasm_module_export_count(w.module));
    lwasm_module_delete(again);
    assert_null(lwasm_module_bytes(NULL, &len));
    assert_int_equal(len, 0);
    world_close(&w);
}

static void test_config_defaults(void **state)
{
    (void)state;
    lwasm_config c;
    memset(&c, 0xA5, sizeof c);
    lwasm_config_init(&c);
    assert_false(c.consume_fuel);
    assert_false(c.interruptible);
    /* The default engine has neither: fuel calls are refused, no handle. */
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_error *err = lwasm_store_set_fuel(s, 1);
    assert_non_null(err);
    lwasm_error_delete(err);
    assert_null(lwasm_store_interrupt_handle(s));
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_offsets),
        cmocka_unit_test(test_no_frames_outside_code),
        cmocka_unit_test(test_store_data),
        cmocka_unit_test(test_linker_store),
        cmocka_unit_test(test_module_bytes),
        cmocka_unit_test(test_config_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
