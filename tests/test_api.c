/* test_api.c — the public runtime API: host functions, memories, tables, globals, instantiation, start, exports. */
#include "libwasm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Test modules: the WAT in each comment was compiled once with wat2wasm. */

/*
 * (module
 *   (import "env" "add" (func $add (param i32 i32) (result i32)))
 *   (import "env" "poke" (func $poke (param i32)))
 *   (memory (export "memory") 1)
 *   (func (export "call_add") (param i32 i32) (result i32)
 *     (call $add (local.get 0) (local.get 1)))
 *   (func (export "call_poke") (param i32)
 *     (call $poke (local.get 0)))
 *   (func (export "load") (param i32) (result i32)
 *     (i32.load8_u (local.get 0))))
 */
static const uint8_t host_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x02, 0x16, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x61, 0x64,
    0x64, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x70, 0x6f, 0x6b, 0x65,
    0x00, 0x01, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x28, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x61, 0x64, 0x64, 0x00, 0x02,
    0x09, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x70, 0x6f, 0x6b, 0x65, 0x00, 0x03,
    0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x04, 0x0a, 0x19, 0x03, 0x08, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x01, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b,
};

/*
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "grow") (param i32) (result i32)
 *     (memory.grow (local.get 0))))
 */
static const uint8_t grow_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x11, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x0a, 0x08, 0x01, 0x06,
    0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,
};

/*
 * (module (memory 5))
 */
static const uint8_t bigmem_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00,
    0x05,
};

/*
 * (module
 *   (import "env" "base" (global $base i64))
 *   (import "env" "counter" (global $counter (mut i32)))
 *   (global (export "copy") i64 (global.get $base))
 *   (global (export "pi") f64 (f64.const 3.25))
 *   (global (export "fixed") i32 (i32.const 7))
 *   (global (export "var") (mut i32) (i32.const -5)))
 */
static const uint8_t globals_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x1c, 0x02, 0x03,
    0x65, 0x6e, 0x76, 0x04, 0x62, 0x61, 0x73, 0x65, 0x03, 0x7e, 0x00, 0x03,
    0x65, 0x6e, 0x76, 0x07, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x03,
    0x7f, 0x01, 0x06, 0x1c, 0x04, 0x7e, 0x00, 0x23, 0x00, 0x0b, 0x7c, 0x00,
    0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x40, 0x0b, 0x7f, 0x00,
    0x41, 0x07, 0x0b, 0x7f, 0x01, 0x41, 0x7b, 0x0b, 0x07, 0x1b, 0x04, 0x04,
    0x63, 0x6f, 0x70, 0x79, 0x03, 0x02, 0x02, 0x70, 0x69, 0x03, 0x03, 0x05,
    0x66, 0x69, 0x78, 0x65, 0x64, 0x03, 0x04, 0x03, 0x76, 0x61, 0x72, 0x03,
    0x05,
};

/*
 * (module
 *   (import "env" "mem" (memory 1))
 *   (data (i32.const 0) "hello")
 *   (data (i32.const 65534) "abc")
 *   (data (i32.const 16) "never"))
 */
static const uint8_t datatrap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x0c, 0x01, 0x03,
    0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x0b, 0x1f,
    0x03, 0x00, 0x41, 0x00, 0x0b, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00,
    0x41, 0xfe, 0xff, 0x03, 0x0b, 0x03, 0x61, 0x62, 0x63, 0x00, 0x41, 0x10,
    0x0b, 0x05, 0x6e, 0x65, 0x76, 0x65, 0x72,
};

/*
 * (module
 *   (import "env" "tab" (table 2 funcref))
 *   (func $f)
 *   (func $g)
 *   (elem (i32.const 0) $f)
 *   (elem (i32.const 1) $g $f)
 *   (export "f" (func $f)))
 */
static const uint8_t elemtrap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x74, 0x61,
    0x62, 0x01, 0x70, 0x00, 0x02, 0x03, 0x03, 0x02, 0x00, 0x00, 0x07, 0x05,
    0x01, 0x01, 0x66, 0x00, 0x00, 0x09, 0x0e, 0x02, 0x00, 0x41, 0x00, 0x0b,
    0x01, 0x00, 0x00, 0x41, 0x01, 0x0b, 0x02, 0x01, 0x00, 0x0a, 0x07, 0x02,
    0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b,
};

/*
 * (module
 *   (import "env" "started" (func $started))
 *   (start $started))
 */
static const uint8_t start_host_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x73, 0x74,
    0x61, 0x72, 0x74, 0x65, 0x64, 0x00, 0x00, 0x08, 0x01, 0x00,
};

/*
 * (module
 *   (memory (export "memory") 1)
 *   (global $g (export "g") (mut i32) (i32.const 0))
 *   (func $init
 *     (i32.store (i32.const 8) (i32.const 0x01020304))
 *     (global.set $g (i32.const 99)))
 *   (start $init))
 */
static const uint8_t start_wasm_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06,
    0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x0e, 0x02, 0x06, 0x6d,
    0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01, 0x67, 0x03, 0x00, 0x08,
    0x01, 0x00, 0x0a, 0x13, 0x01, 0x11, 0x00, 0x41, 0x08, 0x41, 0x84, 0x86,
    0x88, 0x08, 0x36, 0x02, 0x00, 0x41, 0xe3, 0x00, 0x24, 0x00, 0x0b,
};

/*
 * (module
 *   (import "env" "mem" (memory 1))
 *   (data (i32.const 0) "x")
 *   (func $boom unreachable)
 *   (start $boom))
 */
static const uint8_t start_trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65,
    0x6d, 0x02, 0x00, 0x01, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a,
    0x05, 0x01, 0x03, 0x00, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x00,
    0x0b, 0x01, 0x78,
};

/*
 * (module
 *   (func $id (export "id") (param i64) (result i64) (local.get 0))
 *   (table $t (export "table") 3 funcref)
 *   (elem (table $t) (i32.const 1) func $id)
 *   (memory (export "mem") 2 3)
 *   (global (export "g") i32 (i32.const 1)))
 */
static const uint8_t exports_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7e, 0x01, 0x7e, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x03, 0x05, 0x04, 0x01, 0x01, 0x02, 0x03, 0x06, 0x06, 0x01, 0x7f,
    0x00, 0x41, 0x01, 0x0b, 0x07, 0x18, 0x04, 0x02, 0x69, 0x64, 0x00, 0x00,
    0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x03, 0x6d, 0x65, 0x6d,
    0x02, 0x00, 0x01, 0x67, 0x03, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01,
    0x0b, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b,
};


/* ---- helpers ------------------------------------------------------------- */

static lwasm_module *load(lwasm_engine *e, const uint8_t *bytes, size_t len)
{
    lwasm_module *m = NULL;
    lwasm_error *err = lwasm_module_new(e, bytes, len, &m);
    if (err)
        fail_msg("module failed to load: %s", lwasm_error_message(err));
    assert_non_null(m);
    return m;
}

/* Consumes err, checking its kind and that its message mentions each given text. */
static void expect_error(lwasm_error *err, lwasm_errkind kind, const char *text1, const char *text2)
{
    assert_non_null(err);
    const char *msg = lwasm_error_message(err);
    if (lwasm_error_kind(err) != kind)
        fail_msg("expected error kind %d, got %d: %s", (int)kind, (int)lwasm_error_kind(err), msg);
    if (text1 && !strstr(msg, text1))
        fail_msg("message \"%s\" lacks \"%s\"", msg, text1);
    if (text2 && !strstr(msg, text2))
        fail_msg("message \"%s\" lacks \"%s\"", msg, text2);
    lwasm_error_delete(err);
}

static void expect_ok(lwasm_error *err)
{
    if (err)
        fail_msg("unexpected error: %s", lwasm_error_message(err));
}

static lwasm_extern export_of(const lwasm_instance *inst, const char *name, lwasm_externkind kind)
{
    lwasm_extern ext;
    if (!lwasm_instance_export(inst, name, strlen(name), &ext))
        fail_msg("no export \"%s\"", name);
    assert_int_equal(ext.kind, kind);
    return ext;
}

static lwasm_extern func_extern(lwasm_func *f)
{
    lwasm_extern x = {.kind = LWASM_EXTERN_FUNC, .of.func = f};
    return x;
}

static lwasm_extern memory_extern(lwasm_memory *m)
{
    lwasm_extern x = {.kind = LWASM_EXTERN_MEMORY, .of.memory = m};
    return x;
}

static lwasm_extern global_extern(lwasm_global *g)
{
    lwasm_extern x = {.kind = LWASM_EXTERN_GLOBAL, .of.global = g};
    return x;
}

static int32_t call_i32(lwasm_store *s, lwasm_func *f, const lwasm_val *args, size_t nargs)
{
    lwasm_val result;
    expect_ok(lwasm_func_call(s, f, args, nargs, &result, 1));
    assert_int_equal(result.kind, LWASM_I32);
    return result.of.i32;
}

static const lwasm_valkind kinds_i32_i32[] = {LWASM_I32, LWASM_I32};
static const lwasm_valkind kinds_i32[] = {LWASM_I32};

/* ---- host functions ------------------------------------------------------ */

typedef struct host_env {
    int calls;
    int finalized;
    lwasm_store *store; /* the store the callbacks expect to see */
} host_env;

static lwasm_error *host_add(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                             lwasm_val *results, size_t nresults)
{
    host_env *h = env;
    (void)caller;
    h->calls++;
    assert_int_equal(nargs, 2);
    assert_int_equal(nresults, 1);
    assert_int_equal(args[0].kind, LWASM_I32);
    assert_int_equal(args[1].kind, LWASM_I32);
    if (args[0].of.i32 < 0)
        return lwasm_error_new_trap("negative operand");
    results[0] = lwasm_val_i32(args[0].of.i32 + args[1].of.i32);
    return NULL;
}

/* Writes its argument at byte 100 of the caller's memory. */
static lwasm_error *host_poke(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                              lwasm_val *results, size_t nresults)
{
    host_env *h = env;
    (void)results;
    h->calls++;
    assert_int_equal(nargs, 1);
    assert_int_equal(nresults, 0);
    assert_ptr_equal(lwasm_caller_store(caller), h->store);
    lwasm_memory *mem = lwasm_caller_memory(caller);
    assert_non_null(mem);
    lwasm_extern exported;
    assert_true(lwasm_caller_export(caller, "memory", &exported));
    assert_int_equal(exported.kind, LWASM_EXTERN_MEMORY);
    assert_ptr_equal(exported.of.memory, mem);
    assert_false(lwasm_caller_export(caller, "no_such_export", &exported));
    lwasm_memory_data(mem)[100] = (uint8_t)args[0].of.i32;
    return NULL;
}

static void count_finalize(void *env) { ((host_env *)env)->finalized++; }

static void test_config_defaults(void **state)
{
    (void)state;
    lwasm_config c;
    memset(&c, 0xAB, sizeof c);
    lwasm_config_init(&c);
    assert_int_equal(c.max_memory_pages, 65536);
    assert_true(c.max_call_depth > 0);
    assert_true(c.max_stack_slots > 0);
}

static void test_values_keep_float_bits(void **state)
{
    (void)state;
    lwasm_val v = lwasm_val_f32(1.5f);
    assert_int_equal(v.kind, LWASM_F32);
    assert_int_equal(v.of.f32_bits, 0x3fc00000u);
    v = lwasm_val_f64(-2.0);
    assert_int_equal(v.kind, LWASM_F64);
    assert_true(v.of.f64_bits == 0xc000000000000000ull);
    assert_true(lwasm_val_as_f64(&v) == -2.0);
    /* A signalling NaN's payload survives the round trip through float. */
    lwasm_val nan = {.kind = LWASM_F32, .of.f32_bits = 0x7fa00001u};
    lwasm_val back = lwasm_val_f32(lwasm_val_as_f32(&nan));
    assert_int_equal(back.of.f32_bits, 0x7fa00001u);
    assert_int_equal(lwasm_val_i64(-3).of.i64, -3);
    assert_int_equal(lwasm_val_i64(-3).kind, LWASM_I64);
}

static void test_host_func_called_directly(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    host_env env = {.store = s};
    lwasm_valkind params[2] = {LWASM_I32, LWASM_I32};
    lwasm_valkind results[1] = {LWASM_I32};
    lwasm_functype type = {2, 1, params, results};
    lwasm_func *f = lwasm_func_new(s, &type, host_add, &env, count_finalize);
    assert_non_null(f);
    /* The type was copied: changing the caller's arrays changes nothing. */
    params[0] = LWASM_F64;
    const lwasm_functype *t = lwasm_func_type(f);
    assert_int_equal(t->nparams, 2);
    assert_int_equal(t->nresults, 1);
    assert_int_equal(t->params[0], LWASM_I32);
    assert_int_equal(t->results[0], LWASM_I32);

    lwasm_val args[2] = {lwasm_val_i32(40), lwasm_val_i32(2)};
    assert_int_equal(call_i32(s, f, args, 2), 42);
    assert_int_equal(env.calls, 1);

    lwasm_val out;
    expect_error(lwasm_func_call(s, f, args, 1, &out, 1), LWASM_ERR_ARGUMENT, "arguments", NULL);
    expect_error(lwasm_func_call(s, f, args, 2, &out, 0), LWASM_ERR_ARGUMENT, "results", NULL);
    lwasm_val wrong[2] = {lwasm_val_i32(1), lwasm_val_i64(2)};
    expect_error(lwasm_func_call(s, f, wrong, 2, &out, 1), LWASM_ERR_ARGUMENT, "argument 1", NULL);
    assert_int_equal(env.calls, 1); /* rejected calls never reach the host */

    lwasm_val negative[2] = {lwasm_val_i32(-1), lwasm_val_i32(2)};
    lwasm_error *err = lwasm_func_call(s, f, negative, 2, &out, 1);
    assert_non_null(err);
    assert_int_equal(lwasm_error_kind(err), LWASM_ERR_TRAP);
    assert_non_null(strstr(lwasm_error_message(err), "negative operand"));
    lwasm_error_delete(err);

    /* A bad type yields no function. */
    lwasm_valkind bogus = 0x42;
    lwasm_functype bad = {1, 0, &bogus, NULL};
    assert_null(lwasm_func_new(s, &bad, host_add, &env, NULL));

    assert_int_equal(env.finalized, 0);
    lwasm_store_delete(s);
    assert_int_equal(env.finalized, 1);
    lwasm_engine_delete(e);
}

static void test_host_func_called_from_wasm(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    host_env env = {.store = s};
    lwasm_functype add_type = {2, 1, kinds_i32_i32, kinds_i32};
    lwasm_functype poke_type = {1, 0, kinds_i32, NULL};
    lwasm_extern imports[2] = {
        func_extern(lwasm_func_new(s, &add_type, host_add, &env, count_finalize)),
        func_extern(lwasm_func_new(s, &poke_type, host_poke, &env, count_finalize)),
    };
    lwasm_module *m = load(e, host_wasm, sizeof host_wasm);
    lwasm_instance *inst = NULL;
    expect_ok(lwasm_instance_new(s, m, imports, 2, &inst));
    lwasm_module_delete(m); /* the instance keeps its own reference */
    assert_non_null(inst);

    lwasm_func *call_add = export_of(inst, "call_add", LWASM_EXTERN_FUNC).of.func;
    lwasm_val args[2] = {lwasm_val_i32(7), lwasm_val_i32(8)};
    assert_int_equal(call_i32(s, call_add, args, 2), 15);
    assert_int_equal(env.calls, 1);

    /* A host trap unwinds through the wasm caller. */
    lwasm_val neg[2] = {lwasm_val_i32(-7), lwasm_val_i32(8)};
    lwasm_val out;
    lwasm_error *err = lwasm_func_call(s, call_add, neg, 2, &out, 1);
    assert_non_null(err);
    assert_int_equal(lwasm_error_kind(err), LWASM_ERR_TRAP);
    assert_non_null(strstr(lwasm_error_message(err), "negative operand"));
    lwasm_error_delete(err);

    lwasm_func *call_poke = export_of(inst, "call_poke", LWASM_EXTERN_FUNC).of.func;
    lwasm_val byte = lwasm_val_i32(0x5A);
    expect_ok(lwasm_func_call(s, call_poke, &byte, 1, NULL, 0));
    lwasm_func *load_fn = export_of(inst, "load", LWASM_EXTERN_FUNC).of.func;
    lwasm_val addr = lwasm_val_i32(100);
    assert_int_equal(call_i32(s, load_fn, &addr, 1), 0x5A);

    lwasm_store_delete(s);
    assert_int_equal(env.finalized, 2);
    lwasm_engine_delete(e);
}

/* ---- memories ------------------------------------------------------------ */

static void test_memory_grow_limits(void **state)
{
    (void)state;
    lwasm_config c;
    lwasm_config_init(&c);
    c.max_memory_pages = 4;
    lwasm_engine *e = lwasm_engine_new(&c);
    lwasm_store *s = lwasm_store_new(e);

    lwasm_memtype unbounded = {{.min = 1, .has_max = false}};
    lwasm_memory *mem = NULL;
    expect_ok(lwasm_memory_new(s, &unbounded, &mem));
    assert_int_equal(lwasm_memory_pages(mem), 1);
    assert_int_equal(lwasm_memory_data_size(mem), LWASM_PAGE_SIZE);
    lwasm_memory_data(mem)[LWASM_PAGE_SIZE - 1] = 0xEE;

    uint32_t old = 0;
    expect_ok(lwasm_memory_grow(mem, 3, &old));
    assert_int_equal(old, 1);
    assert_int_equal(lwasm_memory_pages(mem), 4);
    assert_int_equal(lwasm_memory_data_size(mem), 4 * LWASM_PAGE_SIZE);
    const uint8_t *data = lwasm_memory_data(mem);
    assert_int_equal(data[LWASM_PAGE_SIZE - 1], 0xEE); /* old contents kept */
    for (size_t i = LWASM_PAGE_SIZE; i < 4 * LWASM_PAGE_SIZE; i++)
        if (data[i] != 0)
            fail_msg("grown byte %zu is not zero", i);
    /* The engine's limit caps a memory that declares no maximum. */
    expect_error(lwasm_memory_grow(mem, 1, &old), LWASM_ERR_LIMIT, NULL, NULL);
    assert_int_equal(lwasm_memory_pages(mem), 4);
    expect_ok(lwasm_memory_grow(mem, 0, &old));
    assert_int_equal(old, 4);
    assert_int_equal(lwasm_memory_type(mem).limits.min, 4);

    /* The declared maximum caps below the engine's limit. */
    lwasm_memtype bounded = {{.min = 0, .max = 2, .has_max = true}};
    lwasm_memory *small = NULL;
    expect_ok(lwasm_memory_new(s, &bounded, &small));
    assert_int_equal(lwasm_memory_data_size(small), 0);
    expect_error(lwasm_memory_grow(small, 3, &old), LWASM_ERR_LIMIT, NULL, NULL);
    expect_ok(lwasm_memory_grow(small, 2, &old));
    assert_int_equal(lwasm_memory_pages(small), 2);
    expect_error(lwasm_memory_grow(small, 1, &old), LWASM_ERR_LIMIT, NULL, NULL);

    lwasm_memtype too_big = {{.min = 5, .has_max = false}};
    lwasm_memory *none = NULL;
    expect_error(lwasm_memory_new(s, &too_big, &none), LWASM_ERR_LIMIT, NULL, NULL);
    assert_null(none);
    lwasm_memtype inverted = {{.min = 3, .max = 2, .has_max = true}};
    expect_error(lwasm_memory_new(s, &inverted, &none), LWASM_ERR_ARGUMENT, NULL, NULL);

    /* A module asking for more than the engine allows does not instantiate. */
    lwasm_module *big = load(e, bigmem_wasm, sizeof bigmem_wasm);
    lwasm_instance *inst = NULL;
    expect_error(lwasm_instance_new(s, big, NULL, 0, &inst), LWASM_ERR_LIMIT, NULL, NULL);
    assert_null(inst);
    lwasm_module_delete(big);

    /* memory.grow in wasm sees the same limit. */
    lwasm_module *m = load(e, grow_wasm, sizeof grow_wasm);
    expect_ok(lwasm_instance_new(s, m, NULL, 0, &inst));
    lwasm_module_delete(m);
    lwasm_func *grow = export_of(inst, "grow", LWASM_EXTERN_FUNC).of.func;
    lwasm_val three = lwasm_val_i32(3), one = lwasm_val_i32(1);
    assert_int_equal(call_i32(s, grow, &three, 1), 1);
    assert_int_equal(call_i32(s, grow, &one, 1), -1);
    assert_int_equal(lwasm_memory_pages(export_of(inst, "memory", LWASM_EXTERN_MEMORY).of.memory), 4);

    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

/* ---- tables -------------------------------------------------------------- */

static lwasm_error *host_nop(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                             lwasm_val *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static void test_table_get_set_grow(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_functype nop_type = {0, 0, NULL, NULL};
    lwasm_func *f = lwasm_func_new(s, &nop_type, host_nop, NULL, NULL);
    lwasm_func *g = lwasm_func_new(s, &nop_type, host_nop, NULL, NULL);
    assert_non_null(f);

    lwasm_tabletype type = {LWASM_FUNCREF, {.min = 2, .max = 4, .has_max = true}};
    lwasm_table *t = NULL;
    expect_ok(lwasm_table_new(s, &type, NULL, &t));
    assert_int_equal(lwasm_table_size(t), 2);

    lwasm_val v;
    expect_ok(lwasm_table_get(t, 0, &v));
    assert_int_equal(v.kind, LWASM_FUNCREF);
    assert_null(v.of.funcref);
    expect_error(lwasm_table_get(t, 2, &v), LWASM_ERR_ARGUMENT, "out of bounds", NULL);

    lwasm_val fref = {.kind = LWASM_FUNCREF, .of.funcref = f};
    expect_ok(lwasm_table_set(t, 1, &fref));
    expect_ok(lwasm_table_get(t, 1, &v));
    assert_ptr_equal(v.of.funcref, f);
    expect_error(lwasm_table_set(t, 2, &fref), LWASM_ERR_ARGUMENT, "out of bounds", NULL);
    lwasm_val eref = {.kind = LWASM_EXTERNREF, .of.externref = &type};
    expect_error(lwasm_table_set(t, 0, &eref), LWASM_ERR_ARGUMENT, NULL, NULL);

    lwasm_val gref = {.kind = LWASM_FUNCREF, .of.funcref = g};
    uint32_t old = 0;
    expect_ok(lwasm_table_grow(t, 2, &gref, &old));
    assert_int_equal(old, 2);
    assert_int_equal(lwasm_table_size(t), 4);
    assert_int_equal(lwasm_table_type(t).limits.min, 4);
    for (uint32_t i = 2; i < 4; i++) {
        expect_ok(lwasm_table_get(t, i, &v));
        assert_ptr_equal(v.of.funcref, g);
    }
    expect_ok(lwasm_table_get(t, 1, &v));
    assert_ptr_equal(v.of.funcref, f); /* kept across the grow */
    expect_error(lwasm_table_grow(t, 1, &gref, &old), LWASM_ERR_LIMIT, NULL, NULL);
    assert_int_equal(lwasm_table_size(t), 4);
    expect_error(lwasm_table_grow(t, 0xFFFFFFFFu, &gref, &old), LWASM_ERR_LIMIT, NULL, NULL);

    /* Externref tables hold the host's pointers untouched. */
    lwasm_tabletype etype = {LWASM_EXTERNREF, {.min = 1, .has_max = false}};
    lwasm_table *et = NULL;
    expect_ok(lwasm_table_new(s, &etype, &eref, &et));
    expect_ok(lwasm_table_get(et, 0, &v));
    assert_int_equal(v.kind, LWASM_EXTERNREF);
    assert_ptr_equal(v.of.externref, &type);
    expect_error(lwasm_table_set(et, 0, &fref), LWASM_ERR_ARGUMENT, NULL, NULL);
    expect_ok(lwasm_table_grow(et, 10, NULL, &old));
    expect_ok(lwasm_table_get(et, 10, &v));
    assert_null(v.of.externref);

    lwasm_tabletype bad = {LWASM_I32, {.min = 1, .has_max = false}};
    lwasm_table *none = NULL;
    expect_error(lwasm_table_new(s, &bad, NULL, &none), LWASM_ERR_ARGUMENT, NULL, NULL);
    assert_null(none);

    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

/* ---- globals ------------------------------------------------------------- */

static void test_global_mutability(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);

    lwasm_globaltype const_i64 = {LWASM_I64, false};
    lwasm_val init = lwasm_val_i64(-1234567890123LL);
    lwasm_global *base = NULL;
    expect_ok(lwasm_global_new(s, &const_i64, &init, &base));
    lwasm_val v;
    lwasm_global_get(base, &v);
    assert_int_equal(v.kind, LWASM_I64);
    assert_true(v.of.i64 == -1234567890123LL);
    lwasm_val other = lwasm_val_i64(5);
    expect_error(lwasm_global_set(base, &other), LWASM_ERR_ARGUMENT, "immutable", NULL);
    lwasm_global_get(base, &v);
    assert_true(v.of.i64 == -1234567890123LL);

    lwasm_globaltype mut_i32 = {LWASM_I32, true};
    lwasm_val zero = lwasm_val_i32(0);
    lwasm_global *counter = NULL;
    expect_ok(lwasm_global_new(s, &mut_i32, &zero, &counter));
    lwasm_val seven = lwasm_val_i32(7);
    expect_ok(lwasm_global_set(counter, &seven));
    lwasm_global_get(counter, &v);
    assert_int_equal(v.of.i32, 7);
    expect_error(lwasm_global_set(counter, &other), LWASM_ERR_ARGUMENT, NULL, NULL); /* i64 into i32 */
    lwasm_global *none = NULL;
    expect_error(lwasm_global_new(s, &mut_i32, &other, &none), LWASM_ERR_ARGUMENT, NULL, NULL);
    assert_null(none);

    lwasm_globaltype v128_type = {LWASM_V128, true};
    lwasm_val vec = {.kind = LWASM_V128};
    for (int i = 0; i < 16; i++)
        vec.of.v128.bytes[i] = (uint8_t)(0xF0 + i);
    lwasm_global *vg = NULL;
    expect_ok(lwasm_global_new(s, &v128_type, &vec, &vg));
    lwasm_global_get(vg, &v);
    assert_memory_equal(v.of.v128.bytes, vec.of.v128.bytes, 16);

    /* Module globals: initialised from an import, constants, mutability kept. */
    lwasm_module *m = load(e, globals_wasm, sizeof globals_wasm);
    lwasm_extern imports[2] = {global_extern(base), global_extern(counter)};
    lwasm_instance *inst = NULL;
    expect_ok(lwasm_instance_new(s, m, imports, 2, &inst));
    lwasm_global_get(export_of(inst, "copy", LWASM_EXTERN_GLOBAL).of.global, &v);
    assert_true(v.of.i64 == -1234567890123LL);
    lwasm_global_get(export_of(inst, "pi", LWASM_EXTERN_GLOBAL).of.global, &v);
    assert_int_equal(v.kind, LWASM_F64);
    assert_true(lwasm_val_as_f64(&v) == 3.25);
    lwasm_global *fixed = export_of(inst, "fixed", LWASM_EXTERN_GLOBAL).of.global;
    assert_false(lwasm_global_type(fixed).mutable_);
    expect_error(lwasm_global_set(fixed, &seven), LWASM_ERR_ARGUMENT, "immutable", NULL);
    lwasm_global *var = export_of(inst, "var", LWASM_EXTERN_GLOBAL).of.global;
    lwasm_global_get(var, &v);
    assert_int_equal(v.of.i32, -5);
    expect_ok(lwasm_global_set(var, &seven));
    lwasm_global_get(var, &v);
    assert_int_equal(v.of.i32, 7);

    /* Imports must match in mutability and type exactly. */
    lwasm_globaltype const_i32 = {LWASM_I32, false};
    lwasm_global *frozen = NULL;
    expect_ok(lwasm_global_new(s, &const_i32, &zero, &frozen));
    lwasm_extern wrong_mut[2] = {global_extern(base), global_extern(frozen)};
    inst = NULL;
    expect_error(lwasm_instance_new(s, m, wrong_mut, 2, &inst), LWASM_ERR_UNLINKABLE, "incompatible import type",
                 "\"counter\"");
    assert_null(inst);
    lwasm_extern wrong_type[2] = {global_extern(counter), global_extern(counter)};
    expect_error(lwasm_instance_new(s, m, wrong_type, 2, &inst), LWASM_ERR_UNLINKABLE, "incompatible import type",
                 "\"base\"");
    lwasm_module_delete(m);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

/* ---- instantiation ------------------------------------------------------- */

static void test_unlinkable_imports(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    host_env env = {.store = s};
    lwasm_module *m = load(e, host_wasm, sizeof host_wasm);
    lwasm_functype add_type = {2, 1, kinds_i32_i32, kinds_i32};
    lwasm_functype poke_type = {1, 0, kinds_i32, NULL};
    lwasm_func *add = lwasm_func_new(s, &add_type, host_add, &env, NULL);
    lwasm_func *poke = lwasm_func_new(s, &poke_type, host_poke, &env, NULL);
    lwasm_instance *inst = NULL;

    /* Signatures must be equal, not merely compatible. */
    lwasm_extern swapped[2] = {func_extern(poke), func_extern(add)};
    expect_error(lwasm_instance_new(s, m, swapped, 2, &inst), LWASM_ERR_UNLINKABLE, "incompatible import type",
                 "\"env\".\"add\"");
    assert_null(inst);
    expect_error(lwasm_instance_new(s, m, swapped, 1, &inst), LWASM_ERR_UNLINKABLE, "imports", NULL);

    lwasm_memtype mt = {{.min = 1, .has_max = false}};
    lwasm_memory *mem = NULL;
    expect_ok(lwasm_memory_new(s, &mt, &mem));
    lwasm_extern kind_mismatch[2] = {func_extern(add), memory_extern(mem)};
    expect_error(lwasm_instance_new(s, m, kind_mismatch, 2, &inst), LWASM_ERR_UNLINKABLE, "\"env\".\"poke\"",
                 "memory");

    /* A function from another store is not importable. */
    lwasm_store *other = lwasm_store_new(e);
    lwasm_func *foreign = lwasm_func_new(other, &poke_type, host_poke, &env, NULL);
    lwasm_extern cross[2] = {func_extern(add), func_extern(foreign)};
    expect_error(lwasm_instance_new(s, m, cross, 2, &inst), LWASM_ERR_UNLINKABLE, "store", NULL);
    lwasm_store_delete(other);
    lwasm_module_delete(m);

    /* Memory limits: the current size must reach the import's minimum. */
    lwasm_module *dm = load(e, datatrap_wasm, sizeof datatrap_wasm);
    lwasm_memtype empty = {{.min = 0, .has_max = false}};
    lwasm_memory *small = NULL;
    expect_ok(lwasm_memory_new(s, &empty, &small));
    lwasm_extern too_small = memory_extern(small);
    expect_error(lwasm_instance_new(s, dm, &too_small, 1, &inst), LWASM_ERR_UNLINKABLE, "incompatible import type",
                 "\"env\".\"mem\"");
    uint32_t old;
    expect_ok(lwasm_memory_grow(small, 1, &old)); /* now big enough */
    lwasm_error *err = lwasm_instance_new(s, dm, &too_small, 1, &inst);
    assert_non_null(err);
    assert_int_equal(lwasm_error_kind(err), LWASM_ERR_TRAP); /* linked, then the data segment trapped */
    lwasm_error_delete(err);
    lwasm_module_delete(dm);

    /* Table limits: a declared maximum must fit the import's maximum. */
    lwasm_module *em = load(e, elemtrap_wasm, sizeof elemtrap_wasm);
    lwasm_tabletype wrong_elem = {LWASM_EXTERNREF, {.min = 2, .has_max = false}};
    lwasm_table *et = NULL;
    expect_ok(lwasm_table_new(s, &wrong_elem, NULL, &et));
    lwasm_extern te = {.kind = LWASM_EXTERN_TABLE, .of.table = et};
    expect_error(lwasm_instance_new(s, em, &te, 1, &inst), LWASM_ERR_UNLINKABLE, "\"env\".\"tab\"", NULL);
    lwasm_module_delete(em);

    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static void test_data_segment_out_of_bounds(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_memtype mt = {{.min = 1, .has_max = false}};
    lwasm_memory *mem = NULL;
    expect_ok(lwasm_memory_new(s, &mt, &mem));
    lwasm_module *m = load(e, datatrap_wasm, sizeof datatrap_wasm);
    lwasm_extern import = memory_extern(mem);
    lwasm_instance *inst = NULL;
    lwasm_error *err = lwasm_instance_new(s, m, &import, 1, &inst);
    assert_non_null(err);
    assert_int_equal(lwasm_error_kind(err), LWASM_ERR_TRAP);
    assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_MEMORY_OOB);
    assert_non_null(strstr(lwasm_error_message(err), "out of bounds memory access"));
    lwasm_error_delete(err);
    assert_null(inst);
    const uint8_t *data = lwasm_memory_data(mem);
    /* The first segment was written; the failing one and those after were not. */
    assert_memory_equal(data, "hello", 5);
    assert_int_equal(data[65534], 0);
    assert_int_equal(data[65535], 0);
    for (int i = 16; i < 21; i++)
        assert_int_equal(data[i], 0);
    lwasm_module_delete(m);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static void test_elem_segment_out_of_bounds(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_tabletype tt = {LWASM_FUNCREF, {.min = 2, .has_max = false}};
    lwasm_table *t = NULL;
    expect_ok(lwasm_table_new(s, &tt, NULL, &t));
    lwasm_module *m = load(e, elemtrap_wasm, sizeof elemtrap_wasm);
    lwasm_extern import = {.kind = LWASM_EXTERN_TABLE, .of.table = t};
    lwasm_instance *inst = NULL;
    lwasm_error *err = lwasm_instance_new(s, m, &import, 1, &inst);
    assert_non_null(err);
    assert_int_equal(lwasm_error_kind(err), LWASM_ERR_TRAP);
    assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_TABLE_OOB);
    lwasm_error_delete(err);
    assert_null(inst);
    lwasm_val v;
    expect_ok(lwasm_table_get(t, 0, &v));
    assert_non_null(v.of.funcref); /* the first segment's write stays */
    assert_int_equal(lwasm_func_type(v.of.funcref)->nparams, 0);
    expect_ok(lwasm_table_get(t, 1, &v));
    assert_null(v.of.funcref); /* the second segment wrote nothing */
    lwasm_module_delete(m);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static lwasm_error *host_started(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                                 lwasm_val *results, size_t nresults)
{
    (void)caller, (void)args, (void)results;
    assert_int_equal(nargs, 0);
    assert_int_equal(nresults, 0);
    ((host_env *)env)->calls++;
    return NULL;
}

static void test_start_function_runs(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);

    /* An imported host function as the start function. */
    host_env env = {.store = s};
    lwasm_functype unit = {0, 0, NULL, NULL};
    lwasm_extern started = func_extern(lwasm_func_new(s, &unit, host_started, &env, NULL));
    lwasm_module *hm = load(e, start_host_wasm, sizeof start_host_wasm);
    lwasm_instance *inst = NULL;
    expect_ok(lwasm_instance_new(s, hm, &started, 1, &inst));
    assert_non_null(inst);
    assert_int_equal(env.calls, 1);
    expect_ok(lwasm_instance_new(s, hm, &started, 1, &inst));
    assert_int_equal(env.calls, 2); /* once per instantiation */
    lwasm_module_delete(hm);

    /* A wasm start function, after the data segments. */
    lwasm_module *wm = load(e, start_wasm_wasm, sizeof start_wasm_wasm);
    expect_ok(lwasm_instance_new(s, wm, NULL, 0, &inst));
    lwasm_module_delete(wm);
    const uint8_t *data = lwasm_memory_data(export_of(inst, "memory", LWASM_EXTERN_MEMORY).of.memory);
    const uint8_t expected[4] = {0x04, 0x03, 0x02, 0x01};
    assert_memory_equal(data + 8, expected, 4);
    lwasm_val v;
    lwasm_global_get(export_of(inst, "g", LWASM_EXTERN_GLOBAL).of.global, &v);
    assert_int_equal(v.of.i32, 99);

    /* A trapping start: the error comes back, the instance and its writes remain. */
    lwasm_memtype mt = {{.min = 1, .has_max = false}};
    lwasm_memory *mem = NULL;
    expect_ok(lwasm_memory_new(s, &mt, &mem));
    lwasm_module *tm = load(e, start_trap_wasm, sizeof start_trap_wasm);
    lwasm_extern import = memory_extern(mem);
    inst = NULL;
    lwasm_error *err = lwasm_instance_new(s, tm, &import, 1, &inst);
    assert_non_null(err);
    assert_int_equal(lwasm_error_kind(err), LWASM_ERR_TRAP);
    assert_int_equal(lwasm_error_trap(err), LWASM_TRAP_UNREACHABLE);
    lwasm_error_delete(err);
    assert_non_null(inst);
    assert_int_equal(lwasm_memory_data(mem)[0], 'x');
    lwasm_module_delete(tm);

    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static void test_exports(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_module *m = load(e, exports_wasm, sizeof exports_wasm);
    lwasm_instance *inst = NULL;
    expect_ok(lwasm_instance_new(s, m, NULL, 0, &inst));
    assert_ptr_equal(lwasm_instance_module(inst), m);

    static const struct {
        const char *name;
        lwasm_externkind kind;
    } expected[] = {{"id", LWASM_EXTERN_FUNC}, {"table", LWASM_EXTERN_TABLE}, {"mem", LWASM_EXTERN_MEMORY},
                    {"g", LWASM_EXTERN_GLOBAL}};
    assert_int_equal(lwasm_instance_export_count(inst), 4);
    for (size_t i = 0; i < 4; i++) {
        lwasm_name name;
        lwasm_extern ext;
        assert_true(lwasm_instance_export_nth(inst, i, &name, &ext));
        assert_int_equal(name.len, strlen(expected[i].name));
        assert_memory_equal(name.data, expected[i].name, name.len);
        assert_int_equal(ext.kind, expected[i].kind);
    }
    assert_false(lwasm_instance_export_nth(inst, 4, NULL, NULL));
    lwasm_extern ext;
    assert_false(lwasm_instance_export(inst, "i", 1, &ext));
    assert_false(lwasm_instance_export(inst, "idx", 3, &ext));

    lwasm_func *id = export_of(inst, "id", LWASM_EXTERN_FUNC).of.func;
    assert_int_equal(lwasm_func_type(id)->params[0], LWASM_I64);
    lwasm_val arg = lwasm_val_i64(-7), result;
    expect_ok(lwasm_func_call(s, id, &arg, 1, &result, 1));
    assert_int_equal(result.kind, LWASM_I64);
    assert_true(result.of.i64 == -7);

    /* The active element segment put the exported function at index 1. */
    lwasm_table *t = export_of(inst, "table", LWASM_EXTERN_TABLE).of.table;
    lwasm_val v;
    expect_ok(lwasm_table_get(t, 1, &v));
    assert_ptr_equal(v.of.funcref, id);
    expect_ok(lwasm_table_get(t, 0, &v));
    assert_null(v.of.funcref);

    lwasm_memtype mt = lwasm_memory_type(export_of(inst, "mem", LWASM_EXTERN_MEMORY).of.memory);
    assert_int_equal(mt.limits.min, 2);
    assert_true(mt.limits.has_max);
    assert_int_equal(mt.limits.max, 3);

    lwasm_module_delete(m);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

/* Embedder-made errors keep their kind and message; a trap made this way is a host trap. */
static void test_error_new(void **state)
{
    (void)state;
    lwasm_error *io = lwasm_error_new(LWASM_ERR_IO, "cannot open /nowhere");
    assert_int_equal(lwasm_error_kind(io), LWASM_ERR_IO);
    assert_int_equal(lwasm_error_trap(io), LWASM_TRAP_NONE);
    assert_string_equal(lwasm_error_message(io), "cannot open /nowhere");
    assert_int_equal(lwasm_error_offset(io), LWASM_NO_OFFSET);
    assert_int_equal(lwasm_error_func_index(io), LWASM_NO_FUNC);
    lwasm_error_delete(io);

    lwasm_error *trap = lwasm_error_new(LWASM_ERR_TRAP, "host gave up");
    assert_int_equal(lwasm_error_kind(trap), LWASM_ERR_TRAP);
    assert_int_equal(lwasm_error_trap(trap), LWASM_TRAP_HOST);
    assert_string_equal(lwasm_error_message(trap), "host gave up");
    lwasm_error_delete(trap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_values_keep_float_bits),
        cmocka_unit_test(test_host_func_called_directly),
        cmocka_unit_test(test_host_func_called_from_wasm),
        cmocka_unit_test(test_memory_grow_limits),
        cmocka_unit_test(test_table_get_set_grow),
        cmocka_unit_test(test_global_mutability),
        cmocka_unit_test(test_unlinkable_imports),
        cmocka_unit_test(test_data_segment_out_of_bounds),
        cmocka_unit_test(test_elem_segment_out_of_bounds),
        cmocka_unit_test(test_start_function_runs),
        cmocka_unit_test(test_exports),
        cmocka_unit_test(test_error_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
