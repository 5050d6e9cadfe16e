/* test_linker.c — the linker: define, replace, define_instance, and unresolved or mistyped imports. */
#include "libwasm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* Test modules: the WAT in each comment was compiled once with wat2wasm. */

/*
 * (module
 *   (import "env" "value" (func $value (result i32)))
 *   (export "value" (func $value))
 *   (func (export "get") (result i32) (call $value)))
 */
static const uint8_t reexport_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x76,
    0x61, 0x6c, 0x75, 0x65, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x0f,
    0x02, 0x05, 0x76, 0x61, 0x6c, 0x75, 0x65, 0x00, 0x00, 0x03, 0x67, 0x65,
    0x74, 0x00, 0x01, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b,
};

/*
 * (module
 *   (memory (export "mem") 1)
 *   (global (export "answer") i32 (i32.const 42))
 *   (table (export "tab") 1 funcref)
 *   (func (export "double") (param i32) (result i32)
 *     (i32.mul (local.get 0) (i32.const 2))))
 */
static const uint8_t provider_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x00,
    0x41, 0x2a, 0x0b, 0x07, 0x1f, 0x04, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00,
    0x06, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x03, 0x00, 0x03, 0x74, 0x61,
    0x62, 0x01, 0x00, 0x06, 0x64, 0x6f, 0x75, 0x62, 0x6c, 0x65, 0x00, 0x00,
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x0b,
};

/*
 * (module
 *   (import "prov" "mem" (memory 1))
 *   (import "prov" "double" (func $double (param i32) (result i32)))
 *   (import "prov" "answer" (global $answer i32))
 *   (global (export "answer_copy") i32 (global.get $answer))
 *   (data (i32.const 0) "linked")
 *   (func (export "quad") (param i32) (result i32)
 *     (call $double (call $double (local.get 0)))))
 */
static const uint8_t consumer_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x02, 0x2a, 0x03, 0x04, 0x70, 0x72, 0x6f, 0x76,
    0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76,
    0x06, 0x64, 0x6f, 0x75, 0x62, 0x6c, 0x65, 0x00, 0x00, 0x04, 0x70, 0x72,
    0x6f, 0x76, 0x06, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x03, 0x7f, 0x00,
    0x03, 0x02, 0x01, 0x00, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b,
    0x07, 0x16, 0x02, 0x0b, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x5f, 0x63,
    0x6f, 0x70, 0x79, 0x03, 0x01, 0x04, 0x71, 0x75, 0x61, 0x64, 0x00, 0x01,
    0x0a, 0x0a, 0x01, 0x08, 0x00, 0x20, 0x00, 0x10, 0x00, 0x10, 0x00, 0x0b,
    0x0b, 0x0c, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x06, 0x6c, 0x69, 0x6e, 0x6b,
    0x65, 0x64,
};

/*
 * (module
 *   (import "env" "present" (func))
 *   (import "env" "missing" (func)))
 */
static const uint8_t missing_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x1d, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x70, 0x72,
    0x65, 0x73, 0x65, 0x6e, 0x74, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x07,
    0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 0x00, 0x00,
};


static lwasm_module *load(lwasm_engine *e, const uint8_t *bytes, size_t len)
{
    lwasm_module *m = NULL;
    lwasm_error *err = lwasm_module_new(e, bytes, len, &m);
    if (err)
        fail_msg("module failed to load: %s", lwasm_error_message(err));
    assert_non_null(m);
    return m;
}

static void expect_ok(lwasm_error *err)
{
    if (err)
        fail_msg("unexpected error: %s", lwasm_error_message(err));
}

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

/* A host function returning the int its env points at. */
static lwasm_error *host_value(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                               lwasm_val *results, size_t nresults)
{
    (void)caller, (void)args, (void)nargs;
    assert_int_equal(nresults, 1);
    results[0] = lwasm_val_i32(*(const int *)env);
    return NULL;
}

static lwasm_error *host_nothing(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                                 lwasm_val *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return NULL;
}

static const lwasm_valkind kind_i32[] = {LWASM_I32};
static const lwasm_valkind kind_i64[] = {LWASM_I64};

static lwasm_extern value_func(lwasm_store *s, int *value)
{
    lwasm_functype type = {0, 1, NULL, kind_i32};
    lwasm_extern x = {.kind = LWASM_EXTERN_FUNC, .of.func = lwasm_func_new(s, &type, host_value, value, NULL)};
    assert_non_null(x.of.func);
    return x;
}

static lwasm_extern lookup(const lwasm_linker *l, const char *module, const char *name)
{
    lwasm_extern x;
    if (!lwasm_linker_get(l, module, strlen(module), name, strlen(name), &x))
        fail_msg("\"%s\".\"%s\" is not defined", module, name);
    return x;
}

static void test_define_and_get(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_linker *l = lwasm_linker_new(s);
    int one = 1, two = 2;
    lwasm_extern f1 = value_func(s, &one), f2 = value_func(s, &two);
    lwasm_extern out;

    assert_false(lwasm_linker_get(l, "env", 3, "f", 1, &out));
    expect_ok(lwasm_linker_define(l, "env", 3, "f", 1, &f1));
    assert_ptr_equal(lookup(l, "env", "f").of.func, f1.of.func);
    assert_false(lwasm_linker_get(l, "env", 3, "g", 1, &out));
    assert_false(lwasm_linker_get(l, "en", 2, "f", 1, &out));

    /* Keys are byte strings: a split point or an embedded NUL makes another name. */
    expect_ok(lwasm_linker_define(l, "ab", 2, "c", 1, &f1));
    expect_ok(lwasm_linker_define(l, "a", 1, "bc", 2, &f2));
    assert_ptr_equal(lookup(l, "ab", "c").of.func, f1.of.func);
    assert_ptr_equal(lookup(l, "a", "bc").of.func, f2.of.func);
    expect_ok(lwasm_linker_define(l, "m", 1, "x\0y", 3, &f2));
    assert_true(lwasm_linker_get(l, "m", 1, "x\0y", 3, &out));
    assert_ptr_equal(out.of.func, f2.of.func);
    assert_false(lwasm_linker_get(l, "m", 1, "x\0z", 3, &out));
    assert_false(lwasm_linker_get(l, "m", 1, "x", 1, &out));
    expect_ok(lwasm_linker_define(l, "", 0, "", 0, &f1));
    assert_true(lwasm_linker_get(l, "", 0, "", 0, &out));

    /* Many names: every one stays reachable as the map grows. */
    char name[32];
    for (int i = 0; i < 1000; i++) {
        int len = snprintf(name, sizeof name, "name%d", i);
        expect_ok(lwasm_linker_define(l, "many", 4, name, (size_t)len, (i % 2) ? &f1 : &f2));
    }
    for (int i = 0; i < 1000; i++) {
        int len = snprintf(name, sizeof name, "name%d", i);
        assert_true(lwasm_linker_get(l, "many", 4, name, (size_t)len, &out));
        assert_ptr_equal(out.of.func, ((i % 2) ? f1 : f2).of.func);
    }

    lwasm_extern null_func = {.kind = LWASM_EXTERN_FUNC, .of.func = NULL};
    expect_error(lwasm_linker_define(l, "env", 3, "null", 4, &null_func), LWASM_ERR_ARGUMENT, NULL, NULL);
    lwasm_store *other = lwasm_store_new(e);
    lwasm_extern foreign = value_func(other, &one);
    expect_error(lwasm_linker_define(l, "env", 3, "foreign", 7, &foreign), LWASM_ERR_ARGUMENT, "store", NULL);
    assert_false(lwasm_linker_get(l, "env", 3, "foreign", 7, &out));
    lwasm_store_delete(other);

    lwasm_linker_delete(l);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static void test_later_definition_replaces(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_linker *l = lwasm_linker_new(s);
    int first = 1, second = 2;
    lwasm_extern f1 = value_func(s, &first), f2 = value_func(s, &second);
    expect_ok(lwasm_linker_define(l, "env", 3, "value", 5, &f1));
    expect_ok(lwasm_linker_define(l, "env", 3, "value", 5, &f2));
    assert_ptr_equal(lookup(l, "env", "value").of.func, f2.of.func);

    lwasm_module *m = load(e, reexport_wasm, sizeof reexport_wasm);
    lwasm_instance *inst = NULL;
    expect_ok(lwasm_linker_instantiate(l, m, &inst));
    lwasm_module_delete(m);
    lwasm_extern x;
    assert_true(lwasm_instance_export(inst, "value", 5, &x));
    assert_ptr_equal(x.of.func, f2.of.func); /* the import resolved to the replacement */
    assert_true(lwasm_instance_export(inst, "get", 3, &x));
    lwasm_val result;
    expect_ok(lwasm_func_call(s, x.of.func, NULL, 0, &result, 1));
    assert_int_equal(result.of.i32, 2);

    lwasm_linker_delete(l);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static void test_define_instance(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_linker *l = lwasm_linker_new(s);

    lwasm_module *pm = load(e, provider_wasm, sizeof provider_wasm);
    lwasm_instance *provider = NULL;
    expect_ok(lwasm_linker_instantiate(l, pm, &provider));
    lwasm_module_delete(pm);
    expect_ok(lwasm_linker_define_instance(l, "prov", 4, provider));

    const char *names[] = {"mem", "answer", "tab", "double"};
    for (size_t i = 0; i < 4; i++) {
        lwasm_extern want, got = lookup(l, "prov", names[i]);
        assert_true(lwasm_instance_export(provider, names[i], strlen(names[i]), &want));
        assert_int_equal(got.kind, want.kind);
        assert_ptr_equal(got.of.func, want.of.func);
    }
    lwasm_extern out;
    assert_false(lwasm_linker_get(l, "prov", 4, "quad", 4, &out));

    lwasm_module *cm = load(e, consumer_wasm, sizeof consumer_wasm);
    lwasm_instance *consumer = NULL;
    expect_ok(lwasm_linker_instantiate(l, cm, &consumer));
    lwasm_module_delete(cm);
    lwasm_extern g;
    assert_true(lwasm_instance_export(consumer, "answer_copy", 11, &g));
    lwasm_val v;
    lwasm_global_get(g.of.global, &v);
    assert_int_equal(v.of.i32, 42);
    /* The consumer's data segment landed in the provider's memory. */
    lwasm_memory *mem = lookup(l, "prov", "mem").of.memory;
    assert_memory_equal(lwasm_memory_data(mem), "linked", 6);
    lwasm_extern quad;
    assert_true(lwasm_instance_export(consumer, "quad", 4, &quad));
    lwasm_val arg = lwasm_val_i32(5);
    expect_ok(lwasm_func_call(s, quad.of.func, &arg, 1, &v, 1));
    assert_int_equal(v.of.i32, 20);

    lwasm_linker_delete(l);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

static void test_missing_and_mistyped_imports(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(e);
    lwasm_linker *l = lwasm_linker_new(s);
    lwasm_functype unit = {0, 0, NULL, NULL};
    lwasm_extern present = {.kind = LWASM_EXTERN_FUNC,
                            .of.func = lwasm_func_new(s, &unit, host_nothing, NULL, NULL)};
    expect_ok(lwasm_linker_define(l, "env", 3, "present", 7, &present));

    lwasm_module *m = load(e, missing_wasm, sizeof missing_wasm);
    lwasm_instance *inst = NULL;
    expect_error(lwasm_linker_instantiate(l, m, &inst), LWASM_ERR_UNLINKABLE, "unknown import",
                 "\"env\".\"missing\"");
    assert_null(inst);
    /* Defined with the wrong type, it links no better. */
    lwasm_functype takes_i64 = {1, 0, kind_i64, NULL};
    lwasm_extern mistyped = {.kind = LWASM_EXTERN_FUNC,
                             .of.func = lwasm_func_new(s, &takes_i64, host_nothing, NULL, NULL)};
    expect_ok(lwasm_linker_define(l, "env", 3, "missing", 7, &mistyped));
    expect_error(lwasm_linker_instantiate(l, m, &inst), LWASM_ERR_UNLINKABLE, "incompatible import type",
                 "\"env\".\"missing\"");
    assert_null(inst);
    /* Once the right type is defined, it instantiates. */
    expect_ok(lwasm_linker_define(l, "env", 3, "missing", 7, &present));
    expect_ok(lwasm_linker_instantiate(l, m, &inst));
    assert_non_null(inst);
    lwasm_module_delete(m);

    lwasm_linker_delete(l);
    lwasm_store_delete(s);
    lwasm_engine_delete(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_define_and_get),
        cmocka_unit_test(test_later_definition_replaces),
        cmocka_unit_test(test_define_instance),
        cmocka_unit_test(test_missing_and_mistyped_imports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
