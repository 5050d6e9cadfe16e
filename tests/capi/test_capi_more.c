/* test_capi_more.c — the wasm.h functions the other tests leave out: const conversions, type shorthands, frame offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

#include <string.h>

/* ---- externs: the const conversions, and memory/table to extern ----------- */

static void test_const_extern_conversions(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "table");
    wasm_instance_t *instance = capi_instantiate(f->store, module, NULL, 0);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_table_t *table = capi_export_table(&exports, 0);
    wasm_func_t *func = capi_export_func(&exports, 1);

    const wasm_extern_t *ext = wasm_table_as_extern_const(table);
    assert_int_equal(wasm_extern_kind(ext), WASM_EXTERN_TABLE);
    assert_ptr_equal(wasm_extern_as_table_const(ext), table);
    assert_null(wasm_extern_as_func_const(ext));
    assert_ptr_equal(wasm_extern_as_table(wasm_table_as_extern(table)), table);

    ext = wasm_func_as_extern_const(func);
    assert_int_equal(wasm_extern_kind(ext), WASM_EXTERN_FUNC);
    assert_ptr_equal(wasm_extern_as_func_const(ext), func);
    assert_null(wasm_extern_as_table_const(ext));
    assert_null(wasm_extern_as_global_const(ext));

    /* wasm_func_type: a fresh, owned copy of the function's type. */
    wasm_functype_t *type = wasm_func_type(func);
    assert_int_equal(wasm_functype_params(type)->size, 2);
    assert_int_equal(wasm_functype_results(type)->size, 1);
    assert_int_equal(wasm_valtype_kind(wasm_functype_results(type)->data[0]), WASM_I32);
    wasm_functype_delete(type);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);

    /* A memory and a global made by the host. */
    wasm_limits_t limits = {1, 2};
    wasm_memorytype_t *mt = wasm_memorytype_new(&limits);
    wasm_memory_t *memory = wasm_memory_new(f->store, mt);
    wasm_memorytype_delete(mt);
    assert_ptr_equal(wasm_extern_as_memory(wasm_memory_as_extern(memory)), memory);
    ext = wasm_memory_as_extern_const(memory);
    assert_int_equal(wasm_extern_kind(ext), WASM_EXTERN_MEMORY);
    assert_ptr_equal(wasm_extern_as_memory_const(ext), memory);
    wasm_memory_delete(memory);

    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t seven = WASM_I32_VAL(7);
    wasm_global_t *global = wasm_global_new(f->store, gt, &seven);
    wasm_globaltype_delete(gt);
    ext = wasm_global_as_extern_const(global);
    assert_int_equal(wasm_extern_kind(ext), WASM_EXTERN_GLOBAL);
    assert_ptr_equal(wasm_extern_as_global_const(ext), global);
    assert_null(wasm_extern_as_memory_const(ext));
    wasm_global_delete(global);
}

/* ---- types: shorthands and externtype conversions -------------------------- */

static void check_kinds(const wasm_valtype_vec_t *v, size_t n, const wasm_valkind_t *kinds)
{
    assert_int_equal(v->size, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(wasm_valtype_kind(v->data[i]), kinds[i]);
}

static void test_functype_shorthands(void **state)
{
    (void)state;
    static const wasm_valkind_t I = WASM_I32, L = WASM_I64, F = WASM_F32, D = WASM_F64;
    struct {
        wasm_functype_t *t;
        size_t np, nr;
        wasm_valkind_t p[3], r[2];
    } cases[] = {
        {wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_i64()), 0, 2, {0}, {I, L}},
        {wasm_functype_new_1_2(wasm_valtype_new_f32(), wasm_valtype_new_f64(), wasm_valtype_new_i32()), 1, 2, {F}, {D, I}},
        {wasm_functype_new_2_0(wasm_valtype_new_i64(), wasm_valtype_new_f32()), 2, 0, {L, F}, {0}},
        {wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                               wasm_valtype_new_f32()),
         2, 2, {I, I}, {D, F}},
        {wasm_functype_new_3_0(wasm_valtype_new_f64(), wasm_valtype_new_i64(), wasm_valtype_new_i32()), 3, 0,
         {D, L, I}, {0}},
        {wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                               wasm_valtype_new_i64()),
         3, 1, {I, F, D}, {L}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check_kinds(wasm_functype_params(cases[i].t), cases[i].np, cases[i].p);
        check_kinds(wasm_functype_results(cases[i].t), cases[i].nr, cases[i].r);
        const wasm_externtype_t *et = wasm_functype_as_externtype_const(cases[i].t);
        assert_int_equal(wasm_externtype_kind(et), WASM_EXTERN_FUNC);
        assert_ptr_equal(wasm_externtype_as_functype_const(et), cases[i].t);
        wasm_functype_delete(cases[i].t);
    }
}

static void test_externtype_conversions(void **state)
{
    (void)state;
    wasm_limits_t limits = {3, 9};
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_externtype_t *et = wasm_tabletype_as_externtype(tt);
    assert_int_equal(wasm_externtype_kind(et), WASM_EXTERN_TABLE);
    assert_ptr_equal(wasm_externtype_as_tabletype(et), tt);
    assert_null(wasm_externtype_as_functype(et));
    assert_int_equal(wasm_tabletype_limits(wasm_externtype_as_tabletype(et))->max, 9);
    wasm_tabletype_delete(tt);

    wasm_memorytype_t *mt = wasm_memorytype_new(&limits);
    const wasm_externtype_t *cet = wasm_memorytype_as_externtype_const(mt);
    assert_int_equal(wasm_externtype_kind(cet), WASM_EXTERN_MEMORY);
    assert_ptr_equal(wasm_externtype_as_memorytype_const(cet), mt);
    wasm_memorytype_delete(mt);

    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
    cet = wasm_globaltype_as_externtype_const(gt);
    assert_int_equal(wasm_externtype_kind(cet), WASM_EXTERN_GLOBAL);
    assert_ptr_equal(wasm_externtype_as_globaltype_const(cet), gt);
    assert_null(wasm_externtype_as_tabletype_const(cet));
    wasm_globaltype_delete(gt);
}

static void test_valkind_classes(void **state)
{
    (void)state;
    static const wasm_valkind_t nums[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64};
    for (size_t i = 0; i < 4; i++) {
        assert_true(wasm_valkind_is_num(nums[i]));
        assert_false(wasm_valkind_is_ref(nums[i]));
    }
    assert_true(wasm_valkind_is_ref(WASM_FUNCREF));
    assert_true(wasm_valkind_is_ref(WASM_EXTERNREF));
    assert_false(wasm_valkind_is_num(WASM_FUNCREF));
    assert_false(wasm_valkind_is_num(WASM_EXTERNREF));
}

static void test_name_new_copies(void **state)
{
    (void)state;
    char text[] = {'a', '\0', 'b'};
    wasm_name_t name;
    wasm_name_new(&name, sizeof text, text);
    text[0] = 'z'; /* the name has its own bytes */
    assert_int_equal(name.size, 3);
    assert_memory_equal(name.data, "a\0b", 3);
    wasm_name_delete(&name);
}

/* ---- frames: each frame's module and function offsets ----------------------- */

static wasm_trap_t *give_one(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0] = (wasm_val_t)WASM_I32_VAL(1);
    return NULL;
}

static void test_frame_offsets(void **state)
{
    capi_fixture *f = *state;
    wasm_byte_vec_t binary;
    capi_read_wasm("trap", &binary);
    wasm_module_t *module = capi_load_module(f->store, "trap");
    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail = wasm_func_new(f->store, type, give_one); /* the import; not called here */
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(fail)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);

    /* "unreachable" (function 3) calls $inner (2), which traps at once. */
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = {1, &r};
    wasm_trap_t *trap = wasm_func_call(capi_export_func(&exports, 1), &none, &results);
    assert_non_null(trap);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    assert_int_equal(trace.size, 2);
    /* Frame 0 stands at $inner's `unreachable`, frame 1 at the call of $inner;
     * each is the second byte of its body, after the empty locals vector. */
    size_t at0 = wasm_frame_module_offset(trace.data[0]), at1 = wasm_frame_module_offset(trace.data[1]);
    assert_true(at0 < binary.size && at1 + 1 < binary.size);
    assert_int_equal((uint8_t)binary.data[at0], 0x00); /* unreachable */
    assert_int_equal((uint8_t)binary.data[at1], 0x10); /* call */
    assert_int_equal((uint8_t)binary.data[at1 + 1], 2); /* $inner */
    assert_int_equal(wasm_frame_func_offset(trace.data[0]), 1);
    assert_int_equal(wasm_frame_func_offset(trace.data[1]), 1);
    /* The origin is frame 0, and a copy is the same frame. */
    wasm_frame_t *origin = wasm_trap_origin(trap);
    assert_int_equal(wasm_frame_module_offset(origin), at0);
    wasm_frame_t *copy = wasm_frame_copy(origin);
    assert_int_equal(wasm_frame_func_offset(copy), wasm_frame_func_offset(origin));
    assert_ptr_equal(wasm_frame_instance(copy), wasm_frame_instance(origin));
    wasm_frame_delete(copy);
    wasm_frame_delete(origin);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(fail);
    wasm_module_delete(module);
    wasm_byte_vec_delete(&binary);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_const_extern_conversions, capi_setup, capi_teardown),
        cmocka_unit_test(test_functype_shorthands),
        cmocka_unit_test(test_externtype_conversions),
        cmocka_unit_test(test_valkind_classes),
        cmocka_unit_test(test_name_new_copies),
        cmocka_unit_test_setup_teardown(test_frame_offsets, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
