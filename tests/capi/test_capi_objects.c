/* test_capi_objects.c — wasm.h memories, globals, tables and host references, from both the host and wasm sides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

/* Calls f with up to two i32 arguments; returns the trap (NULL on success) and the i32 result if any. */
static wasm_trap_t *call_i32(const wasm_func_t *f, size_t nargs, int32_t a, int32_t b, int32_t *result)
{
    wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t arg_vec = {nargs, args}, result_vec = {1, &r};
    wasm_trap_t *trap = wasm_func_call(f, &arg_vec, &result_vec);
    if (!trap && result && wasm_func_result_arity(f) == 1) {
        assert_int_equal(r.kind, WASM_I32);
        *result = r.of.i32;
    }
    return trap;
}

static int32_t expect_i32(const wasm_func_t *f, size_t nargs, int32_t a, int32_t b)
{
    int32_t result = 0;
    wasm_trap_t *trap = call_i32(f, nargs, a, b, &result);
    assert_null(trap);
    return result;
}

static void expect_trap(const wasm_func_t *f, size_t nargs, int32_t a, int32_t b)
{
    wasm_trap_t *trap = call_i32(f, nargs, a, b, NULL);
    assert_non_null(trap);
    wasm_trap_delete(trap);
}

/* ---- memory ---------------------------------------------------------------- */

static void test_memory(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "memory");
    wasm_instance_t *instance = capi_instantiate(f->store, module, NULL, 0);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_memory_t *memory = capi_export_memory(&exports, 0);
    wasm_func_t *size = capi_export_func(&exports, 1);
    wasm_func_t *load = capi_export_func(&exports, 2);
    wasm_func_t *store = capi_export_func(&exports, 3);
    wasm_module_delete(module);

    wasm_memory_t *copy = wasm_memory_copy(memory);
    assert_true(wasm_memory_same(memory, copy));
    wasm_memory_delete(copy);

    assert_int_equal(wasm_memory_size(memory), 2);
    assert_int_equal(wasm_memory_data_size(memory), 0x20000);
    assert_int_equal(wasm_memory_data(memory)[0], 0);
    assert_int_equal(wasm_memory_data(memory)[0x1000], 1);
    assert_int_equal(wasm_memory_data(memory)[0x1003], 4);
    assert_int_equal(expect_i32(size, 0, 0, 0), 2);
    assert_int_equal(expect_i32(load, 1, 0x1000, 0), 1);
    assert_int_equal(expect_i32(load, 1, 0x1ffff, 0), 0);
    expect_trap(load, 1, 0x20000, 0);

    /* Host writes are seen by wasm and the other way round. */
    wasm_memory_data(memory)[0x1003] = 5;
    expect_i32(store, 2, 0x1002, 6);
    expect_trap(store, 2, 0x20000, 0);
    assert_int_equal(wasm_memory_data(memory)[0x1002], 6);
    assert_int_equal(expect_i32(load, 1, 0x1003, 0), 5);

    /* Growing within the maximum (3 pages) works, beyond it fails. */
    assert_true(wasm_memory_grow(memory, 1));
    assert_int_equal(wasm_memory_size(memory), 3);
    assert_int_equal(wasm_memory_data_size(memory), 0x30000);
    assert_int_equal(expect_i32(load, 1, 0x20000, 0), 0);
    expect_i32(store, 2, 0x20000, 0);
    expect_trap(load, 1, 0x30000, 0);
    assert_false(wasm_memory_grow(memory, 1));
    assert_true(wasm_memory_grow(memory, 0));

    /* The instance's type reports the current size as its minimum. */
    wasm_memorytype_t *type = wasm_memory_type(memory);
    assert_int_equal(wasm_memorytype_limits(type)->min, 3);
    assert_int_equal(wasm_memorytype_limits(type)->max, 3);
    wasm_memorytype_delete(type);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);

    /* A stand-alone memory. */
    wasm_limits_t limits = {5, 5};
    wasm_memorytype_t *memorytype = wasm_memorytype_new(&limits);
    wasm_memory_t *memory2 = wasm_memory_new(f->store, memorytype);
    assert_non_null(memory2);
    assert_int_equal(wasm_memory_size(memory2), 5);
    assert_false(wasm_memory_grow(memory2, 1));
    assert_true(wasm_memory_grow(memory2, 0));
    wasm_memorytype_delete(memorytype);
    wasm_memory_delete(memory2);

    /* Limits no memory can have are refused. */
    wasm_limits_t bad = {3, 2};
    memorytype = wasm_memorytype_new(&bad);
    assert_null(wasm_memory_new(f->store, memorytype));
    wasm_memorytype_delete(memorytype);
}

/* ---- globals --------------------------------------------------------------- */

static wasm_global_t *new_global(wasm_store_t *store, wasm_valkind_t kind, wasm_mutability_t mut, wasm_val_t init)
{
    wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
    wasm_global_t *g = wasm_global_new(store, type, &init);
    wasm_globaltype_delete(type);
    assert_non_null(g);
    return g;
}

static wasm_val_t global_value(const wasm_global_t *g)
{
    wasm_val_t v;
    wasm_global_get(g, &v);
    return v;
}

static wasm_val_t call_result(const wasm_func_t *f)
{
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = {1, &r};
    assert_null(wasm_func_call(f, &none, &results));
    return r;
}

static void call_with(const wasm_func_t *f, wasm_val_t arg)
{
    wasm_val_vec_t args = {1, &arg}, none = WASM_EMPTY_VEC;
    assert_null(wasm_func_call(f, &args, &none));
}

static void test_globals(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "global");
    wasm_global_t *imports[4] = {
        new_global(f->store, WASM_F32, WASM_CONST, (wasm_val_t)WASM_F32_VAL(1)),
        new_global(f->store, WASM_I64, WASM_CONST, (wasm_val_t)WASM_I64_VAL(2)),
        new_global(f->store, WASM_F32, WASM_VAR, (wasm_val_t)WASM_F32_VAL(3)),
        new_global(f->store, WASM_I64, WASM_VAR, (wasm_val_t)WASM_I64_VAL(4)),
    };
    wasm_extern_t *externs[4];
    for (size_t i = 0; i < 4; i++)
        externs[i] = wasm_global_as_extern(imports[i]);
    wasm_instance_t *instance = capi_instantiate(f->store, module, externs, 4);
    wasm_module_delete(module);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    assert_int_equal(exports.size, 16);
    wasm_global_t *own[4];
    wasm_func_t *get_import[4], *get_own[4], *set_var[4];
    for (size_t i = 0; i < 4; i++) {
        own[i] = capi_export_global(&exports, i);
        get_import[i] = capi_export_func(&exports, 4 + i);
        get_own[i] = capi_export_func(&exports, 8 + i);
    }
    set_var[0] = capi_export_func(&exports, 12); /* var f32 import */
    set_var[1] = capi_export_func(&exports, 13); /* var i64 import */
    set_var[2] = capi_export_func(&exports, 14); /* var f32 export */
    set_var[3] = capi_export_func(&exports, 15); /* var i64 export */

    wasm_global_t *copy = wasm_global_copy(imports[2]);
    assert_true(wasm_global_same(imports[2], copy));
    assert_false(wasm_global_same(imports[2], imports[3]));
    wasm_global_delete(copy);

    /* Initial values, read from the host and from wasm. */
    for (size_t i = 0; i < 4; i++) {
        wasm_val_t vi = global_value(imports[i]), vo = global_value(own[i]);
        wasm_val_t ci = call_result(get_import[i]), co = call_result(get_own[i]);
        if (i % 2 == 0) {
            assert_int_equal(vi.kind, WASM_F32);
            assert_true(vi.of.f32 == (float)(i + 1) && ci.of.f32 == (float)(i + 1));
            assert_true(vo.of.f32 == (float)(i + 5) && co.of.f32 == (float)(i + 5));
        } else {
            assert_int_equal(vi.kind, WASM_I64);
            assert_true(vi.of.i64 == (int64_t)(i + 1) && ci.of.i64 == (int64_t)(i + 1));
            assert_true(vo.of.i64 == (int64_t)(i + 5) && co.of.i64 == (int64_t)(i + 5));
        }
    }

    /* Set from the host, seen by wasm. */
    wasm_val_t v33 = WASM_F32_VAL(33), v34 = WASM_I64_VAL(34), v37 = WASM_F32_VAL(37), v38 = WASM_I64_VAL(38);
    wasm_global_set(imports[2], &v33);
    wasm_global_set(imports[3], &v34);
    wasm_global_set(own[2], &v37);
    wasm_global_set(own[3], &v38);
    assert_true(call_result(get_import[2]).of.f32 == 33);
    assert_true(call_result(get_import[3]).of.i64 == 34);
    assert_true(call_result(get_own[2]).of.f32 == 37);
    assert_true(call_result(get_own[3]).of.i64 == 38);

    /* Set from wasm, seen by the host. */
    call_with(set_var[0], (wasm_val_t)WASM_F32_VAL(73));
    call_with(set_var[1], (wasm_val_t)WASM_I64_VAL(74));
    call_with(set_var[2], (wasm_val_t)WASM_F32_VAL(77));
    call_with(set_var[3], (wasm_val_t)WASM_I64_VAL(78));
    assert_true(global_value(imports[2]).of.f32 == 73);
    assert_true(global_value(imports[3]).of.i64 == 74);
    assert_true(global_value(own[2]).of.f32 == 77);
    assert_true(global_value(own[3]).of.i64 == 78);

    /* Immutable globals and mistyped values are left alone. */
    wasm_val_t v99 = WASM_F32_VAL(99);
    wasm_global_set(imports[0], &v99);
    assert_true(global_value(imports[0]).of.f32 == 1);
    wasm_val_t wrong = WASM_I32_VAL(5);
    wasm_global_set(imports[2], &wrong);
    assert_true(global_value(imports[2]).of.f32 == 73);

    wasm_globaltype_t *type = wasm_global_type(own[3]);
    assert_int_equal(wasm_valtype_kind(wasm_globaltype_content(type)), WASM_I64);
    assert_int_equal(wasm_globaltype_mutability(type), WASM_VAR);
    wasm_globaltype_delete(type);

    /* A global's initial value must match its type. */
    wasm_globaltype_t *i32_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    assert_null(wasm_global_new(f->store, i32_type, &v99));
    wasm_globaltype_delete(i32_type);

    for (size_t i = 0; i < 4; i++)
        wasm_global_delete(imports[i]);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
}

/* ---- tables ---------------------------------------------------------------- */

static wasm_trap_t *neg_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = -args->data[0].of.i32;
    return NULL;
}

static bool table_slot_set(const wasm_table_t *table, wasm_table_size_t i)
{
    wasm_ref_t *ref = wasm_table_get(table, i);
    if (ref)
        wasm_ref_delete(ref);
    return ref != NULL;
}

static void test_tables(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "table");
    wasm_instance_t *instance = capi_instantiate(f->store, module, NULL, 0);
    wasm_module_delete(module);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_table_t *table = capi_export_table(&exports, 0);
    wasm_func_t *call_indirect = capi_export_func(&exports, 1);
    wasm_func_t *fn_f = capi_export_func(&exports, 2);
    wasm_func_t *fn_g = capi_export_func(&exports, 3);

    wasm_functype_t *neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *fn_h = wasm_func_new(f->store, neg_type, neg_callback);
    wasm_functype_delete(neg_type);

    wasm_table_t *copy = wasm_table_copy(table);
    assert_true(wasm_table_same(table, copy));
    wasm_table_delete(copy);

    assert_int_equal(wasm_table_size(table), 2);
    assert_false(table_slot_set(table, 0));
    assert_true(table_slot_set(table, 1));
    /* The element at 1 is $f itself: the same function as the export. */
    wasm_ref_t *elem = wasm_table_get(table, 1);
    assert_true(wasm_ref_same(elem, wasm_func_as_ref(fn_f)));
    assert_ptr_equal(wasm_ref_as_func(elem), fn_f);
    wasm_ref_delete(elem);
    expect_trap(call_indirect, 2, 0, 0);
    assert_int_equal(expect_i32(call_indirect, 2, 7, 1), 7);
    expect_trap(call_indirect, 2, 0, 2);

    assert_true(wasm_table_set(table, 0, wasm_func_as_ref(fn_g)));
    assert_true(wasm_table_set(table, 1, NULL));
    assert_false(wasm_table_set(table, 2, wasm_func_as_ref(fn_f)));
    assert_true(table_slot_set(table, 0));
    assert_false(table_slot_set(table, 1));
    assert_int_equal(expect_i32(call_indirect, 2, 7, 0), 666);
    expect_trap(call_indirect, 2, 0, 1);

    assert_true(wasm_table_grow(table, 3, NULL));
    assert_int_equal(wasm_table_size(table), 5);
    assert_true(wasm_table_set(table, 2, wasm_func_as_ref(fn_f)));
    assert_true(wasm_table_set(table, 3, wasm_func_as_ref(fn_h)));
    assert_false(wasm_table_set(table, 5, NULL));
    assert_int_equal(expect_i32(call_indirect, 2, 5, 2), 5);
    assert_int_equal(expect_i32(call_indirect, 2, 6, 3), -6); /* a host function through the table */
    expect_trap(call_indirect, 2, 0, 4);
    expect_trap(call_indirect, 2, 0, 5);

    assert_true(wasm_table_grow(table, 2, wasm_func_as_ref(fn_f)));
    assert_int_equal(wasm_table_size(table), 7);
    assert_true(table_slot_set(table, 5));
    assert_true(table_slot_set(table, 6));
    assert_false(wasm_table_grow(table, 5, NULL)); /* past the maximum of 10 */
    assert_true(wasm_table_grow(table, 3, NULL));
    assert_true(wasm_table_grow(table, 0, NULL));

    /* A reference of the wrong kind does not go into a funcref table. */
    wasm_foreign_t *foreign = wasm_foreign_new(f->store);
    assert_false(wasm_table_set(table, 0, wasm_foreign_as_ref(foreign)));
    wasm_foreign_delete(foreign);

    wasm_tabletype_t *type = wasm_table_type(table);
    assert_int_equal(wasm_tabletype_limits(type)->min, 10);
    assert_int_equal(wasm_tabletype_limits(type)->max, 10);
    assert_int_equal(wasm_valtype_kind(wasm_tabletype_element(type)), WASM_FUNCREF);
    wasm_tabletype_delete(type);

    wasm_func_delete(fn_h);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);

    wasm_limits_t limits = {5, 5};
    wasm_tabletype_t *tabletype = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_table_t *table2 = wasm_table_new(f->store, tabletype, NULL);
    assert_non_null(table2);
    assert_int_equal(wasm_table_size(table2), 5);
    assert_false(wasm_table_grow(table2, 1, NULL));
    assert_true(wasm_table_grow(table2, 0, NULL));
    wasm_tabletype_delete(tabletype);
    wasm_table_delete(table2);
}

/* ---- host references ------------------------------------------------------- */

static wasm_trap_t *echo_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    assert_int_equal(args->data[0].kind, WASM_EXTERNREF);
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_ref_t *call_ref(const wasm_func_t *f, wasm_val_t *args, size_t nargs)
{
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t arg_vec = {nargs, args}, results = {wasm_func_result_arity(f), &r};
    assert_null(wasm_func_call(f, &arg_vec, &results));
    return r.of.ref;
}

/* Takes ownership of `actual`. */
static void expect_ref(wasm_ref_t *actual, const wasm_ref_t *expected)
{
    if (!expected) {
        assert_null(actual);
        return;
    }
    assert_non_null(actual);
    assert_true(wasm_ref_same(actual, expected));
    assert_ptr_equal(wasm_ref_get_host_info(actual), wasm_ref_get_host_info(expected));
    wasm_ref_delete(actual);
}

static void test_hostref(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hostref");
    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
    wasm_func_t *echo = wasm_func_new(f->store, type, echo_callback);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(echo)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_module_delete(module);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_global_t *global = capi_export_global(&exports, 0);
    wasm_table_t *table = capi_export_table(&exports, 1);
    wasm_func_t *global_set = capi_export_func(&exports, 2), *global_get = capi_export_func(&exports, 3);
    wasm_func_t *table_set = capi_export_func(&exports, 4), *table_get = capi_export_func(&exports, 5);
    wasm_func_t *func_call = capi_export_func(&exports, 6);

    wasm_ref_t *host1 = wasm_foreign_as_ref(wasm_foreign_new(f->store));
    wasm_ref_t *host2 = wasm_foreign_as_ref(wasm_foreign_new(f->store));
    wasm_ref_set_host_info(host1, (void *)1);
    wasm_ref_set_host_info(host2, (void *)2);
    assert_false(wasm_ref_same(host1, host2));
    expect_ref(wasm_ref_copy(host1), host1);

    /* Through a global. */
    expect_ref(call_ref(global_get, NULL, 0), NULL);
    wasm_val_t a1 = WASM_REF_VAL(host1), a2 = WASM_REF_VAL(host2), anull = WASM_REF_VAL(NULL);
    call_ref(global_set, &a1, 1);
    expect_ref(call_ref(global_get, NULL, 0), host1);
    call_ref(global_set, &anull, 1);
    expect_ref(call_ref(global_get, NULL, 0), NULL);
    wasm_global_set(global, &a2);
    expect_ref(call_ref(global_get, NULL, 0), host2);
    wasm_val_t got;
    wasm_global_get(global, &got);
    assert_int_equal(got.kind, WASM_EXTERNREF);
    expect_ref(got.of.ref, host2);

    /* Through a table. */
    wasm_val_t i0_h1[2] = {WASM_I32_VAL(0), WASM_REF_VAL(host1)}, i1_h2[2] = {WASM_I32_VAL(1), WASM_REF_VAL(host2)};
    wasm_val_t i0 = WASM_I32_VAL(0), i1 = WASM_I32_VAL(1), i2 = WASM_I32_VAL(2);
    expect_ref(call_ref(table_get, &i0, 1), NULL);
    call_ref(table_set, i0_h1, 2);
    call_ref(table_set, i1_h2, 2);
    expect_ref(call_ref(table_get, &i0, 1), host1);
    expect_ref(call_ref(table_get, &i1, 1), host2);
    assert_null(wasm_table_get(table, 2));
    assert_true(wasm_table_set(table, 2, host1));
    expect_ref(call_ref(table_get, &i2, 1), host1);
    expect_ref(wasm_table_get(table, 2), host1);

    /* Through a host function and back. */
    expect_ref(call_ref(func_call, &anull, 1), NULL);
    expect_ref(call_ref(func_call, &a1, 1), host1);
    expect_ref(call_ref(func_call, &a2, 1), host2);

    /* Any reference can travel as an externref, and comes back as itself. */
    wasm_val_t as_func = WASM_REF_VAL(wasm_func_as_ref(echo));
    wasm_ref_t *back = call_ref(func_call, &as_func, 1);
    assert_ptr_equal(wasm_ref_as_func(back), echo);
    wasm_ref_delete(back);

    wasm_ref_delete(host1);
    wasm_ref_delete(host2);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(echo);
}

/* A counted reference (a trap) held by wasm code outlives the host's handle. */
static void test_counted_ref_pinned_by_store(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hostref");
    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
    wasm_func_t *echo = wasm_func_new(f->store, type, echo_callback);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(echo)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_module_delete(module);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);

    wasm_message_t text;
    wasm_name_new_from_string_nt(&text, "kept by wasm");
    wasm_trap_t *trap = wasm_trap_new(f->store, &text);
    wasm_name_delete(&text);
    wasm_val_t arg = WASM_REF_VAL(wasm_trap_as_ref(trap));
    call_ref(capi_export_func(&exports, 2), &arg, 1); /* global.set */
    wasm_trap_delete(trap);                            /* the global still holds it */
    wasm_ref_t *back = call_ref(capi_export_func(&exports, 3), NULL, 0);
    wasm_trap_t *again = wasm_ref_as_trap(back);
    assert_non_null(again);
    wasm_message_t message;
    wasm_trap_message(again, &message);
    assert_string_equal(message.data, "kept by wasm");
    wasm_name_delete(&message);
    wasm_ref_delete(back);
    wasm_extern_vec_delete(&exports);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_memory, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_globals, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_tables, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_hostref, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_counted_ref_pinned_by_store, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
