/* test_simd_api.c — v128 through the public API: calls, mixed signatures, globals, host functions, memory traps, lane validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"

#include <stdlib.h>
#include <string.h>

/* wat2wasm of:
   (module
     (import "host" "swap" (func $swap (param i32 v128) (result v128 i32)))
     (import "host" "gv" (global $gv v128))
     (memory (export "mem") 1)
     (table 1 funcref)
     (elem (i32.const 0) $add)
     (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
     (global $k (export "k") v128 (global.get $gv))
     (func $add (export "add") (param v128 v128) (result v128)
       (i32x4.add (local.get 0) (local.get 1)))
     (func (export "mix") (param i32 v128 i64 v128) (result v128 i32 v128 i64)
       (local.get 3) (local.get 0) (local.get 1) (local.get 2))
     (func (export "get_g") (result v128) (global.get $g))
     (func (export "set_g") (param v128) (global.set $g (local.get 0)))
     (func (export "via_host") (param v128) (result v128 i32)
       (call $swap (i32.const 7) (local.get 0)))
     (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
     (func (export "store_lane") (param i32 v128) (v128.store32_lane 2 (local.get 0) (local.get 1)))
     (func (export "pick") (param v128 v128 i32) (result v128)
       (select (local.get 0) (local.get 1) (local.get 2)))
     (func (export "sum_n") (param $n i32) (param $v v128) (result v128)
       v128.const i64x2 0 0
       loop $l (param v128) (result v128)
         local.get $v
         i32x4.add
         local.get $n
         i32.const 1
         i32.sub
         local.tee $n
         br_if $l
       end)
     (func (export "pick_br") (param $i i32) (param $a v128) (param $b v128) (result v128)
       block $b2 (result v128)
         block $b1 (result v128)
           block $b0 (result v128)
             local.get $a
             local.get $i
             br_table $b0 $b1 $b2
           end
           local.get $b
           i8x16.add
           br $b2
         end
         local.get $b
         i8x16.sub
       end)
     (func (export "indirect") (param v128 v128) (result v128)
       (call_indirect (param v128 v128) (result v128) (local.get 0) (local.get 1) (i32.const 0)))
     (func (export "overwrite") (param v128 v128) (result v128)
       local.get 0
       local.get 1
       local.set 0
       local.get 0
       i8x16.sub)
     (func (export "tee_swap") (param $a v128) (param $b v128) (result v128 v128)
       (local $t v128)
       local.get $a
       local.tee $t
       local.get $b
       local.set $a
       local.get $t
       local.set $b
       drop
       local.get $a
       local.get $b)) */
static const uint8_t api_wasm[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x51, 0x0d, 0x60,
  0x02, 0x7f, 0x7b, 0x02, 0x7b, 0x7f, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b,
  0x60, 0x04, 0x7f, 0x7b, 0x7e, 0x7b, 0x04, 0x7b, 0x7f, 0x7b, 0x7e, 0x60,
  0x00, 0x01, 0x7b, 0x60, 0x01, 0x7b, 0x00, 0x60, 0x01, 0x7b, 0x02, 0x7b,
  0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7b, 0x60, 0x02, 0x7f, 0x7b, 0x00, 0x60,
  0x03, 0x7b, 0x7b, 0x7f, 0x01, 0x7b, 0x60, 0x02, 0x7f, 0x7b, 0x01, 0x7b,
  0x60, 0x01, 0x7b, 0x01, 0x7b, 0x60, 0x03, 0x7f, 0x7b, 0x7b, 0x01, 0x7b,
  0x60, 0x02, 0x7b, 0x7b, 0x02, 0x7b, 0x7b, 0x02, 0x18, 0x02, 0x04, 0x68,
  0x6f, 0x73, 0x74, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x00, 0x04, 0x68,
  0x6f, 0x73, 0x74, 0x02, 0x67, 0x76, 0x03, 0x7b, 0x00, 0x03, 0x0e, 0x0d,
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x01, 0x01,
  0x0c, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01,
  0x06, 0x1b, 0x02, 0x7b, 0x01, 0xfd, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x02,
  0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0b,
  0x7b, 0x00, 0x23, 0x00, 0x0b, 0x07, 0x85, 0x01, 0x10, 0x03, 0x6d, 0x65,
  0x6d, 0x02, 0x00, 0x01, 0x67, 0x03, 0x01, 0x01, 0x6b, 0x03, 0x02, 0x03,
  0x61, 0x64, 0x64, 0x00, 0x01, 0x03, 0x6d, 0x69, 0x78, 0x00, 0x02, 0x05,
  0x67, 0x65, 0x74, 0x5f, 0x67, 0x00, 0x03, 0x05, 0x73, 0x65, 0x74, 0x5f,
  0x67, 0x00, 0x04, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73, 0x74,
  0x00, 0x05, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x06, 0x0a, 0x73, 0x74,
  0x6f, 0x72, 0x65, 0x5f, 0x6c, 0x61, 0x6e, 0x65, 0x00, 0x07, 0x04, 0x70,
  0x69, 0x63, 0x6b, 0x00, 0x08, 0x05, 0x73, 0x75, 0x6d, 0x5f, 0x6e, 0x00,
  0x09, 0x07, 0x70, 0x69, 0x63, 0x6b, 0x5f, 0x62, 0x72, 0x00, 0x0a, 0x08,
  0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x00, 0x0b, 0x09, 0x6f,
  0x76, 0x65, 0x72, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x0c, 0x08, 0x74,
  0x65, 0x65, 0x5f, 0x73, 0x77, 0x61, 0x70, 0x00, 0x0d, 0x09, 0x07, 0x01,
  0x00, 0x41, 0x00, 0x0b, 0x01, 0x01, 0x0a, 0xbe, 0x01, 0x0d, 0x09, 0x00,
  0x20, 0x00, 0x20, 0x01, 0xfd, 0xae, 0x01, 0x0b, 0x0a, 0x00, 0x20, 0x03,
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x0b, 0x04, 0x00, 0x23, 0x01, 0x0b,
  0x06, 0x00, 0x20, 0x00, 0x24, 0x01, 0x0b, 0x08, 0x00, 0x41, 0x07, 0x20,
  0x00, 0x10, 0x00, 0x0b, 0x08, 0x00, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
  0x0b, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x5a, 0x02, 0x00, 0x02,
  0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x1b, 0x0b, 0x25,
  0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0a, 0x20, 0x01, 0xfd,
  0xae, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b,
  0x0b, 0x1e, 0x00, 0x02, 0x7b, 0x02, 0x7b, 0x02, 0x7b, 0x20, 0x01, 0x20,
  0x00, 0x0e, 0x02, 0x00, 0x01, 0x02, 0x0b, 0x20, 0x02, 0xfd, 0x6e, 0x0c,
  0x01, 0x0b, 0x20, 0x02, 0xfd, 0x71, 0x0b, 0x0b, 0x0b, 0x00, 0x20, 0x00,
  0x20, 0x01, 0x41, 0x00, 0x11, 0x01, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00,
  0x20, 0x01, 0x21, 0x00, 0x20, 0x00, 0xfd, 0x71, 0x0b, 0x15, 0x01, 0x01,
  0x7b, 0x20, 0x00, 0x22, 0x02, 0x20, 0x01, 0x21, 0x00, 0x20, 0x02, 0x21,
  0x01, 0x1a, 0x20, 0x00, 0x20, 0x01, 0x0b
};

/* ---- helpers ---------------------------------------------------------------- */

static lwasm_val v128_of_bytes(const uint8_t *bytes)
{
    lwasm_val v;
    memset(&v, 0, sizeof v);
    v.kind = LWASM_V128;
    memcpy(v.of.v128.bytes, bytes, 16);
    return v;
}

static lwasm_val v128_of_u32(uint32_t l0, uint32_t l1, uint32_t l2, uint32_t l3)
{
    uint32_t lanes[4] = {l0, l1, l2, l3};
    uint8_t bytes[16];
    for (unsigned i = 0; i < 16; i++)
        bytes[i] = (uint8_t)(lanes[i / 4] >> (8 * (i % 4)));
    return v128_of_bytes(bytes);
}

static uint32_t lane_u32(const lwasm_val *v, unsigned i)
{
    const uint8_t *b = v->of.v128.bytes + 4 * i;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* host "swap": (i32 n, v128 v) -> (v with its bytes reversed, n + 1). */
static lwasm_error *host_swap(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                              lwasm_val *results, size_t nresults)
{
    (void)caller;
    ++*(int *)env;
    if (nargs != 2 || nresults != 2 || args[0].kind != LWASM_I32 || args[1].kind != LWASM_V128)
        return lwasm_error_new_trap("swap: wrong arguments");
    for (unsigned i = 0; i < 16; i++)
        results[0].of.v128.bytes[i] = args[1].of.v128.bytes[15 - i];
    results[1].of.i32 = args[0].of.i32 + 1;
    return NULL;
}

typedef struct fixture {
    lwasm_engine *engine;
    lwasm_store *store;
    lwasm_module *module;
    lwasm_instance *instance;
    lwasm_global *imported;
    int host_calls;
} fixture;

static const uint8_t gv_bytes[16] = {0xF0, 0xE1, 0xD2, 0xC3, 0xB4, 0xA5, 0x96, 0x87,
                                     0x78, 0x69, 0x5A, 0x4B, 0x3C, 0x2D, 0x1E, 0x0F};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->engine = lwasm_engine_new(NULL);
    f->store = lwasm_store_new(f->engine);
    assert_null(lwasm_module_new(f->engine, api_wasm, sizeof api_wasm, &f->module));
    static const lwasm_valkind params[] = {LWASM_I32, LWASM_V128}, results[] = {LWASM_V128, LWASM_I32};
    lwasm_functype type = {2, 2, params, results};
    lwasm_func *swap = lwasm_func_new(f->store, &type, host_swap, &f->host_calls, NULL);
    assert_non_null(swap);
    lwasm_globaltype gt = {LWASM_V128, false};
    lwasm_val init = v128_of_bytes(gv_bytes);
    assert_null(lwasm_global_new(f->store, &gt, &init, &f->imported));
    lwasm_extern imports[2] = {{.kind = LWASM_EXTERN_FUNC, .of.func = swap},
                               {.kind = LWASM_EXTERN_GLOBAL, .of.global = f->imported}};
    assert_null(lwasm_instance_new(f->store, f->module, imports, 2, &f->instance));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    lwasm_store_delete(f->store);
    lwasm_module_delete(f->module);
    lwasm_engine_delete(f->engine);
    free(f);
    return 0;
}

static lwasm_extern export_of(fixture *f, const char *name)
{
    lwasm_extern e;
    assert_true(lwasm_instance_export(f->instance, name, strlen(name), &e));
    return e;
}

static lwasm_error *call(fixture *f, const char *name, const lwasm_val *args, size_t nargs, lwasm_val *results,
                         size_t nresults)
{
    lwasm_extern e = export_of(f, name);
    assert_int_equal(e.kind, LWASM_EXTERN_FUNC);
    return lwasm_func_call(f->store, e.of.func, args, nargs, results, nresults);
}

/* ---- calls ------------------------------------------------------------------- */

static void test_call_with_vectors(void **state)
{
    fixture *f = *state;
    lwasm_val args[2] = {v128_of_u32(1, 0xFFFFFFFF, 0x80000000, 100), v128_of_u32(2, 1, 0x80000000, 23)};
    lwasm_val r;
    assert_null(call(f, "add", args, 2, &r, 1));
    assert_int_equal(r.kind, LWASM_V128);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(lane_u32(&r, i), (uint32_t)(lane_u32(&args[0], i) + lane_u32(&args[1], i)));
}

/* Scalars and vectors interleaved: each value keeps its own slots. */
static void test_mixed_signature(void **state)
{
    fixture *f = *state;
    lwasm_val args[4] = {lwasm_val_i32(-5), v128_of_u32(10, 11, 12, 13), lwasm_val_i64(INT64_MIN + 3),
                         v128_of_u32(20, 21, 22, 23)};
    lwasm_val r[4];
    assert_null(call(f, "mix", args, 4, r, 4));
    assert_int_equal(r[0].kind, LWASM_V128);
    assert_memory_equal(r[0].of.v128.bytes, args[3].of.v128.bytes, 16);
    assert_int_equal(r[1].kind, LWASM_I32);
    assert_int_equal(r[1].of.i32, -5);
    assert_memory_equal(r[2].of.v128.bytes, args[1].of.v128.bytes, 16);
    assert_int_equal(r[3].kind, LWASM_I64);
    assert_true(r[3].of.i64 == INT64_MIN + 3);
}

static void test_wrong_kind_refused(void **state)
{
    fixture *f = *state;
    lwasm_val args[2] = {v128_of_u32(1, 2, 3, 4), lwasm_val_i64(0)};
    lwasm_val r;
    lwasm_error *e = call(f, "add", args, 2, &r, 1);
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_ARGUMENT);
    lwasm_error_delete(e);
}

static void test_select_of_vectors(void **state)
{
    fixture *f = *state;
    lwasm_val args[3] = {v128_of_u32(1, 2, 3, 4), v128_of_u32(5, 6, 7, 8), lwasm_val_i32(1)};
    lwasm_val r;
    assert_null(call(f, "pick", args, 3, &r, 1));
    assert_memory_equal(r.of.v128.bytes, args[0].of.v128.bytes, 16);
    args[2] = lwasm_val_i32(0);
    assert_null(call(f, "pick", args, 3, &r, 1));
    assert_memory_equal(r.of.v128.bytes, args[1].of.v128.bytes, 16);
}

/* ---- control flow carrying vectors ------------------------------------------ */

/* A loop whose parameter is a v128, around a br_if that carries it back. */
static void test_loop_with_vector_param(void **state)
{
    fixture *f = *state;
    lwasm_val args[2] = {lwasm_val_i32(5), v128_of_u32(3, 0xFFFFFFFF, 0x40000000, 7)};
    lwasm_val r;
    assert_null(call(f, "sum_n", args, 2, &r, 1));
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(lane_u32(&r, i), (uint32_t)(lane_u32(&args[1], i) * 5u));
}

/* br_table to three blocks of v128 results: a + b, a - b (i8 lanes), or a. */
static void test_br_table_with_vector(void **state)
{
    fixture *f = *state;
    uint8_t a[16], b[16];
    for (unsigned i = 0; i < 16; i++) {
        a[i] = (uint8_t)(i * 29 + 200);
        b[i] = (uint8_t)(i * 13 + 1);
    }
    for (int32_t sel = 0; sel < 4; sel++) {
        lwasm_val args[3] = {lwasm_val_i32(sel), v128_of_bytes(a), v128_of_bytes(b)}, r;
        assert_null(call(f, "pick_br", args, 3, &r, 1));
        for (unsigned i = 0; i < 16; i++) {
            uint8_t want = sel == 0 ? (uint8_t)(a[i] + b[i]) : sel == 1 ? (uint8_t)(a[i] - b[i]) : a[i];
            assert_int_equal(r.of.v128.bytes[i], want);
        }
    }
}

static void test_call_indirect_with_vectors(void **state)
{
    fixture *f = *state;
    lwasm_val args[2] = {v128_of_u32(10, 20, 30, 40), v128_of_u32(1, 2, 3, 0xFFFFFFFF)}, direct, indirect;
    assert_null(call(f, "add", args, 2, &direct, 1));
    assert_null(call(f, "indirect", args, 2, &indirect, 1));
    assert_memory_equal(indirect.of.v128.bytes, direct.of.v128.bytes, 16);
    assert_int_equal(lane_u32(&indirect, 3), 39u);
}

/* A value read from a local stays that local's old value when the local is
 * overwritten while the value is still on the stack (both slots of it). */
static void test_local_overwritten_under_a_read(void **state)
{
    fixture *f = *state;
    uint8_t a[16], b[16];
    for (unsigned i = 0; i < 16; i++) {
        a[i] = (uint8_t)(0xF0 - i * 3);
        b[i] = (uint8_t)(i * 11 + 5);
    }
    lwasm_val args[2] = {v128_of_bytes(a), v128_of_bytes(b)}, r[2];
    assert_null(call(f, "overwrite", args, 2, r, 1));
    for (unsigned i = 0; i < 16; i++)
        assert_int_equal(r[0].of.v128.bytes[i], (uint8_t)(a[i] - b[i]));
    assert_null(call(f, "tee_swap", args, 2, r, 2));
    assert_memory_equal(r[0].of.v128.bytes, b, 16);
    assert_memory_equal(r[1].of.v128.bytes, a, 16);
}

/* ---- globals: two slots each ------------------------------------------------ */

static void test_globals(void **state)
{
    fixture *f = *state;
    lwasm_extern g = export_of(f, "g");
    assert_int_equal(g.kind, LWASM_EXTERN_GLOBAL);
    lwasm_val v;
    lwasm_global_get(g.of.global, &v);
    assert_int_equal(v.kind, LWASM_V128);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(lane_u32(&v, i), i + 1);

    /* Set from the host, read from wasm. */
    lwasm_val nv = v128_of_u32(0xDEADBEEF, 0, 0xFFFFFFFF, 0x01020304);
    assert_null(lwasm_global_set(g.of.global, &nv));
    lwasm_val r;
    assert_null(call(f, "get_g", NULL, 0, &r, 1));
    assert_memory_equal(r.of.v128.bytes, nv.of.v128.bytes, 16);

    /* Set from wasm, read from the host. */
    lwasm_val arg = v128_of_u32(7, 8, 9, 10);
    assert_null(call(f, "set_g", &arg, 1, NULL, 0));
    lwasm_global_get(g.of.global, &v);
    assert_memory_equal(v.of.v128.bytes, arg.of.v128.bytes, 16);

    /* An immutable v128 initialised from an imported one. */
    lwasm_extern k = export_of(f, "k");
    lwasm_global_get(k.of.global, &v);
    assert_memory_equal(v.of.v128.bytes, gv_bytes, 16);
    lwasm_error *e = lwasm_global_set(k.of.global, &nv);
    assert_non_null(e);
    lwasm_error_delete(e);
    /* The wrong kind is refused, and leaves the value alone. */
    lwasm_val i = lwasm_val_i32(1);
    e = lwasm_global_set(g.of.global, &i);
    assert_non_null(e);
    lwasm_error_delete(e);
    lwasm_global_get(g.of.global, &v);
    assert_memory_equal(v.of.v128.bytes, arg.of.v128.bytes, 16);
}

/* ---- host functions ------------------------------------------------------------ */

static void test_host_function_with_vectors(void **state)
{
    fixture *f = *state;
    uint8_t bytes[16];
    for (unsigned i = 0; i < 16; i++)
        bytes[i] = (uint8_t)(i * 17 + 3);
    lwasm_val arg = v128_of_bytes(bytes);
    lwasm_val r[2];
    assert_null(call(f, "via_host", &arg, 1, r, 2));
    assert_int_equal(f->host_calls, 1);
    assert_int_equal(r[0].kind, LWASM_V128);
    for (unsigned i = 0; i < 16; i++)
        assert_int_equal(r[0].of.v128.bytes[i], bytes[15 - i]);
    assert_int_equal(r[1].kind, LWASM_I32);
    assert_int_equal(r[1].of.i32, 8);
}

/* ---- memory ------------------------------------------------------------------------ */

static void test_load_and_bounds(void **state)
{
    fixture *f = *state;
    lwasm_extern mem = export_of(f, "mem");
    uint8_t *data = lwasm_memory_data(mem.of.memory);
    size_t size = lwasm_memory_data_size(mem.of.memory);
    for (unsigned i = 0; i < 16; i++)
        data[size - 16 + i] = (uint8_t)(0xA0 + i);

    /* The last 16 bytes load; one byte further traps. */
    lwasm_val addr = lwasm_val_i32((int32_t)(size - 16)), r;
    assert_null(call(f, "load", &addr, 1, &r, 1));
    assert_memory_equal(r.of.v128.bytes, data + size - 16, 16);
    addr = lwasm_val_i32((int32_t)(size - 15));
    lwasm_error *e = call(f, "load", &addr, 1, &r, 1);
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_TRAP);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_MEMORY_OOB);
    assert_int_not_equal(lwasm_error_offset(e), LWASM_NO_OFFSET);
    lwasm_error_delete(e);
    /* An address near 2^32 must not wrap around. */
    addr = lwasm_val_i32(-8);
    e = call(f, "load", &addr, 1, &r, 1);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_MEMORY_OOB);
    lwasm_error_delete(e);
}

static void test_store_lane(void **state)
{
    fixture *f = *state;
    lwasm_extern mem = export_of(f, "mem");
    uint8_t *data = lwasm_memory_data(mem.of.memory);
    size_t size = lwasm_memory_data_size(mem.of.memory);
    memset(data + 100, 0x55, 8);
    lwasm_val args[2] = {lwasm_val_i32(102), v128_of_u32(1, 2, 0xCAFEF00D, 4)};
    assert_null(call(f, "store_lane", args, 2, NULL, 0));
    static const uint8_t want[8] = {0x55, 0x55, 0x0D, 0xF0, 0xFE, 0xCA, 0x55, 0x55};
    assert_memory_equal(data + 100, want, 8);
    /* Lane stores check their own width: 4 bytes at size - 3 trap. */
    args[0] = lwasm_val_i32((int32_t)(size - 3));
    lwasm_error *e = call(f, "store_lane", args, 2, NULL, 0);
    assert_non_null(e);
    assert_int_equal(lwasm_error_trap(e), LWASM_TRAP_MEMORY_OOB);
    lwasm_error_delete(e);
    args[0] = lwasm_val_i32((int32_t)(size - 4));
    assert_null(call(f, "store_lane", args, 2, NULL, 0));
    assert_memory_equal(data + size - 4, want + 2, 4);
}

/* ---- validation of lane immediates ------------------------------------------------ */

/* (module (memory 1) (func (param v128) (result R) BODY)), BODY without
 * its end; sizes stay below 128 so every length is one LEB byte. */
static size_t build_module(uint8_t result, const uint8_t *body, size_t len, uint8_t *out)
{
    static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                                   0x01, 0x06, 0x01, 0x60, 0x01, 0x7B, 0x01}; /* type: [v128] -> [R] */
    size_t n = 0;
    memcpy(out, head, sizeof head);
    n += sizeof head;
    out[n++] = result;
    static const uint8_t funcs_memory[] = {0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01};
    memcpy(out + n, funcs_memory, sizeof funcs_memory);
    n += sizeof funcs_memory;
    out[n++] = 0x0A; /* code section */
    out[n++] = (uint8_t)(len + 4);
    out[n++] = 0x01;
    out[n++] = (uint8_t)(len + 2);
    out[n++] = 0x00; /* no locals */
    memcpy(out + n, body, len);
    n += len;
    out[n++] = 0x0B;
    return n;
}

typedef struct lane_case {
    const char *what;
    uint8_t result;
    uint8_t body[40];
    size_t len;
    bool valid;
} lane_case;

static void test_lane_validation(void **state)
{
    (void)state;
    static const lane_case cases[] = {
        {"i8x16.extract_lane_u 15", LWASM_I32, {0x20, 0x00, 0xFD, 0x16, 15}, 5, true},
        {"i8x16.extract_lane_u 16", LWASM_I32, {0x20, 0x00, 0xFD, 0x16, 16}, 5, false},
        {"i16x8.extract_lane_s 8", LWASM_I32, {0x20, 0x00, 0xFD, 0x18, 8}, 5, false},
        {"i64x2.extract_lane 1", LWASM_I64, {0x20, 0x00, 0xFD, 0x1D, 1}, 5, true},
        {"i64x2.extract_lane 2", LWASM_I64, {0x20, 0x00, 0xFD, 0x1D, 2}, 5, false},
        {"f32x4.replace_lane 4", LWASM_V128, {0x20, 0x00, 0x43, 0, 0, 0x80, 0x3F, 0xFD, 0x20, 4}, 10, false},
        {"f32x4.replace_lane 3", LWASM_V128, {0x20, 0x00, 0x43, 0, 0, 0x80, 0x3F, 0xFD, 0x20, 3}, 10, true},
        {"v128.load8_lane 15", LWASM_V128, {0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x00, 0x00, 15}, 9, true},
        {"v128.load8_lane 16", LWASM_V128, {0x41, 0x00, 0x20, 0x00, 0xFD, 0x54, 0x00, 0x00, 16}, 9, false},
        {"v128.load64_lane 2", LWASM_V128, {0x41, 0x00, 0x20, 0x00, 0xFD, 0x57, 0x03, 0x00, 2}, 9, false},
        {"v128.load32_lane align=8", LWASM_V128, {0x41, 0x00, 0x20, 0x00, 0xFD, 0x56, 0x03, 0x00, 0}, 9, false},
        {"v128.load align=16", LWASM_V128, {0x41, 0x00, 0xFD, 0x00, 0x04, 0x00}, 6, true},
        {"v128.load align=32", LWASM_V128, {0x41, 0x00, 0xFD, 0x00, 0x05, 0x00}, 6, false},
        {"i8x16.shuffle ... 31",
         LWASM_V128,
         {0x20, 0x00, 0x20, 0x00, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31},
         22,
         true},
        {"i8x16.shuffle ... 32",
         LWASM_V128,
         {0x20, 0x00, 0x20, 0x00, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 32},
         22,
         false},
        /* A lane read as a LEB would be 1 here, and valid: it is a byte, and 0x81 is out of range. */
        {"i8x16.extract_lane_u 0x81", LWASM_I32, {0x20, 0x00, 0xFD, 0x16, 0x81}, 5, false},
    };
    lwasm_engine *engine = lwasm_engine_new(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t bytes[128];
        size_t n = build_module(cases[i].result, cases[i].body, cases[i].len, bytes);
        lwasm_module *m = NULL;
        lwasm_error *e = lwasm_module_new(engine, bytes, n, &m);
        if (cases[i].valid != (e == NULL) || (e && lwasm_error_kind(e) != LWASM_ERR_INVALID))
            fail_msg("%s: expected %s, got %s", cases[i].what, cases[i].valid ? "valid" : "invalid",
                     e ? lwasm_error_message(e) : "valid");
        lwasm_error_delete(e);
        lwasm_module_delete(m);
    }
    lwasm_engine_delete(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_call_with_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mixed_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_kind_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_select_of_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_with_vector_param, setup, teardown),
        cmocka_unit_test_setup_teardown(test_br_table_with_vector, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_indirect_with_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_local_overwritten_under_a_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_globals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_function_with_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_and_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_lane, setup, teardown),
        cmocka_unit_test(test_lane_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
