/* test_capi_types.c — wasm.h vectors, names, value and extern types, values: construction, copies, ownership. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

#include <string.h>

static void test_byte_vec(void **state)
{
    (void)state;
    wasm_byte_vec_t empty = {99, (byte_t *)"x"};
    wasm_byte_vec_new_empty(&empty);
    assert_int_equal(empty.size, 0);
    assert_null(empty.data);
    wasm_byte_vec_delete(&empty);

    wasm_byte_vec_t v, c;
    wasm_byte_vec_new(&v, 5, "ab\0cd");
    assert_int_equal(v.size, 5);
    assert_memory_equal(v.data, "ab\0cd", 5);
    wasm_byte_vec_copy(&c, &v);
    assert_int_equal(c.size, 5);
    assert_ptr_not_equal(c.data, v.data);
    assert_memory_equal(c.data, "ab\0cd", 5);
    c.data[0] = 'z';
    assert_int_equal(v.data[0], 'a');
    wasm_byte_vec_delete(&v);
    assert_int_equal(v.size, 0);
    assert_null(v.data);
    wasm_byte_vec_delete(&c);

    wasm_byte_vec_new_uninitialized(&v, 3);
    assert_int_equal(v.size, 3);
    assert_non_null(v.data);
    wasm_byte_vec_delete(&v);
}

static void test_names(void **state)
{
    (void)state;
    wasm_name_t a, b;
    wasm_name_new_from_string(&a, "hello");
    wasm_name_new_from_string_nt(&b, "hello");
    assert_int_equal(a.size, 5);
    assert_int_equal(b.size, 6);
    assert_int_equal(b.data[5], '\0');
    wasm_name_delete(&a);
    wasm_name_delete(&b);
}

static void test_valtypes(void **state)
{
    (void)state;
    const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        wasm_valtype_t *t = wasm_valtype_new(kinds[i]);
        assert_non_null(t);
        assert_int_equal(wasm_valtype_kind(t), kinds[i]);
        assert_int_equal(wasm_valtype_is_ref(t), kinds[i] >= WASM_EXTERNREF);
        assert_int_equal(wasm_valtype_is_num(t), kinds[i] < WASM_EXTERNREF);
        wasm_valtype_t *c = wasm_valtype_copy(t);
        assert_ptr_not_equal(c, t);
        assert_int_equal(wasm_valtype_kind(c), kinds[i]);
        wasm_valtype_delete(t);
        wasm_valtype_delete(c);
    }
    assert_null(wasm_valtype_new(77)); /* not a value kind */
    assert_int_equal(WASM_ANYREF, WASM_EXTERNREF);
    wasm_valtype_t *any = wasm_valtype_new_anyref();
    assert_int_equal(wasm_valtype_kind(any), WASM_EXTERNREF);
    wasm_valtype_delete(any);
}

static void test_valtype_vec_ownership(void **state)
{
    (void)state;
    wasm_valtype_t *ts[3] = {wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_funcref()};
    wasm_valtype_vec_t v, c;
    wasm_valtype_vec_new(&v, 3, ts);
    /* new adopts the elements themselves. */
    assert_ptr_equal(v.data[0], ts[0]);
    wasm_valtype_vec_copy(&c, &v);
    assert_int_equal(c.size, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_ptr_not_equal(c.data[i], v.data[i]); /* deep copy */
        assert_int_equal(wasm_valtype_kind(c.data[i]), wasm_valtype_kind(v.data[i]));
    }
    wasm_valtype_vec_delete(&v);
    wasm_valtype_vec_delete(&c);

    wasm_valtype_vec_new_uninitialized(&v, 4);
    assert_int_equal(v.size, 4);
    for (size_t i = 0; i < 4; i++)
        assert_null(v.data[i]); /* deleting a partly filled vector is safe */
    v.data[2] = wasm_valtype_new_i64();
    wasm_valtype_vec_delete(&v);
}

static void test_functype(void **state)
{
    (void)state;
    wasm_functype_t *t = wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                                               wasm_valtype_new_externref(), wasm_valtype_new_f32(),
                                               wasm_valtype_new_f64());
    assert_non_null(t);
    const wasm_valtype_vec_t *ps = wasm_functype_params(t), *rs = wasm_functype_results(t);
    assert_int_equal(ps->size, 3);
    assert_int_equal(rs->size, 2);
    assert_int_equal(wasm_valtype_kind(ps->data[0]), WASM_I32);
    assert_int_equal(wasm_valtype_kind(ps->data[1]), WASM_I64);
    assert_int_equal(wasm_valtype_kind(ps->data[2]), WASM_EXTERNREF);
    assert_int_equal(wasm_valtype_kind(rs->data[0]), WASM_F32);
    assert_int_equal(wasm_valtype_kind(rs->data[1]), WASM_F64);

    /* Views are the same object; the wrong view is NULL. */
    wasm_externtype_t *et = wasm_functype_as_externtype(t);
    assert_int_equal(wasm_externtype_kind(et), WASM_EXTERN_FUNC);
    assert_ptr_equal(wasm_externtype_as_functype(et), t);
    assert_null(wasm_externtype_as_globaltype(et));
    assert_null(wasm_externtype_as_memorytype_const(et));

    wasm_functype_t *c = wasm_functype_copy(t);
    assert_int_equal(wasm_functype_params(c)->size, 3);
    assert_ptr_not_equal(wasm_functype_params(c)->data[0], ps->data[0]);
    wasm_functype_delete(t);
    assert_int_equal(wasm_valtype_kind(wasm_functype_results(c)->data[1]), WASM_F64);
    wasm_functype_delete(c);

    /* functype_new takes the vectors over and leaves them empty. */
    wasm_valtype_vec_t params, results;
    wasm_valtype_t *p[1] = {wasm_valtype_new_i32()};
    wasm_valtype_vec_new(&params, 1, p);
    wasm_valtype_vec_new_empty(&results);
    t = wasm_functype_new(&params, &results);
    assert_int_equal(params.size, 0);
    assert_null(params.data);
    assert_ptr_equal(wasm_functype_params(t)->data[0], p[0]);
    wasm_functype_delete(t);

    t = wasm_functype_new_0_0();
    assert_int_equal(wasm_functype_params(t)->size, 0);
    assert_int_equal(wasm_functype_results(t)->size, 0);
    wasm_functype_delete(t);
}

static void test_global_table_memory_types(void **state)
{
    (void)state;
    wasm_globaltype_t *g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
    assert_int_equal(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_F32);
    assert_int_equal(wasm_globaltype_mutability(g), WASM_VAR);
    assert_ptr_equal(wasm_externtype_as_globaltype(wasm_globaltype_as_externtype(g)), g);
    wasm_globaltype_t *gc = wasm_globaltype_copy(g);
    assert_int_equal(wasm_globaltype_mutability(gc), WASM_VAR);
    wasm_globaltype_delete(g);
    wasm_globaltype_delete(gc);

    wasm_limits_t limits = {2, 10};
    wasm_tabletype_t *t = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    assert_non_null(t);
    assert_int_equal(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF);
    assert_int_equal(wasm_tabletype_limits(t)->min, 2);
    assert_int_equal(wasm_tabletype_limits(t)->max, 10);
    assert_int_equal(wasm_externtype_kind(wasm_tabletype_as_externtype_const(t)), WASM_EXTERN_TABLE);
    wasm_tabletype_delete(t);
    /* Tables hold references only. */
    assert_null(wasm_tabletype_new(wasm_valtype_new_i32(), &limits));

    wasm_limits_t open = {1, wasm_limits_max_default};
    wasm_memorytype_t *m = wasm_memorytype_new(&open);
    assert_int_equal(wasm_memorytype_limits(m)->min, 1);
    assert_int_equal(wasm_memorytype_limits(m)->max, wasm_limits_max_default);
    wasm_externtype_t *mc = wasm_externtype_copy(wasm_memorytype_as_externtype(m));
    assert_int_equal(wasm_externtype_kind(mc), WASM_EXTERN_MEMORY);
    assert_int_equal(wasm_memorytype_limits(wasm_externtype_as_memorytype(mc))->min, 1);
    wasm_externtype_delete(mc);
    wasm_memorytype_delete(m);
}

static void test_import_export_types(void **state)
{
    (void)state;
    wasm_name_t module, name;
    wasm_name_new_from_string(&module, "env");
    wasm_name_new_from_string(&name, "f");
    wasm_importtype_t *it = wasm_importtype_new(&module, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
    assert_non_null(it);
    assert_int_equal(wasm_importtype_module(it)->size, 3);
    assert_memory_equal(wasm_importtype_module(it)->data, "env", 3);
    assert_memory_equal(wasm_importtype_name(it)->data, "f", 1);
    assert_int_equal(wasm_externtype_kind(wasm_importtype_type(it)), WASM_EXTERN_FUNC);

    wasm_importtype_t *copies[2] = {it, wasm_importtype_copy(it)};
    wasm_importtype_vec_t iv, ic;
    wasm_importtype_vec_new(&iv, 2, copies);
    wasm_importtype_vec_copy(&ic, &iv);
    wasm_importtype_vec_delete(&iv);
    assert_memory_equal(wasm_importtype_module(ic.data[1])->data, "env", 3);
    wasm_importtype_vec_delete(&ic);

    wasm_limits_t limits = {1, 2};
    wasm_name_new_from_string(&name, "mem");
    wasm_exporttype_t *et = wasm_exporttype_new(&name, wasm_memorytype_as_externtype(wasm_memorytype_new(&limits)));
    wasm_exporttype_t *ec = wasm_exporttype_copy(et);
    wasm_exporttype_delete(et);
    assert_int_equal(wasm_exporttype_name(ec)->size, 3);
    const wasm_memorytype_t *mt = wasm_externtype_as_memorytype_const(wasm_exporttype_type(ec));
    assert_non_null(mt);
    assert_int_equal(wasm_memorytype_limits(mt)->max, 2);
    wasm_exporttype_delete(ec);
}

static void test_values(void **state)
{
    capi_fixture *f = *state;
    wasm_val_t vals[] = {WASM_I32_VAL(-7), WASM_I64_VAL(INT64_MIN), WASM_F32_VAL(1.5f), WASM_F64_VAL(-2.25)};
    wasm_val_vec_t v = WASM_ARRAY_VEC(vals);
    assert_int_equal(v.size, 4);
    wasm_val_vec_t c;
    wasm_val_vec_copy(&c, &v);
    assert_int_equal(c.data[0].kind, WASM_I32);
    assert_int_equal(c.data[0].of.i32, -7);
    assert_true(c.data[1].of.i64 == INT64_MIN);
    assert_true(c.data[2].of.f32 == 1.5f);
    assert_true(c.data[3].of.f64 == -2.25);
    wasm_val_vec_delete(&c);

    wasm_val_t init = WASM_INIT_VAL;
    assert_int_equal(init.kind, WASM_EXTERNREF);
    assert_null(init.of.ref);

    /* A value holding a reference: copies are handles to the same object. */
    wasm_foreign_t *foreign = wasm_foreign_new(f->store);
    wasm_val_t r = WASM_REF_VAL(wasm_foreign_as_ref(foreign)), rc;
    wasm_val_copy(&rc, &r);
    assert_true(wasm_ref_same(rc.of.ref, r.of.ref));
    wasm_ref_set_host_info(r.of.ref, (void *)0x1234);
    assert_ptr_equal(wasm_ref_get_host_info(rc.of.ref), (void *)0x1234);
    wasm_val_delete(&rc);
    assert_null(rc.of.ref);
    wasm_foreign_delete(foreign);

    wasm_val_t p;
    int target = 5;
    wasm_val_init_ptr(&p, &target);
    assert_ptr_equal(wasm_val_ptr(&p), &target);
}

static void test_config_engine(void **state)
{
    (void)state;
    wasm_config_t *config = wasm_config_new();
    assert_non_null(config);
    wasm_engine_t *engine = wasm_engine_new_with_config(config); /* takes the config */
    assert_non_null(engine);
    wasm_store_t *a = wasm_store_new(engine), *b = wasm_store_new(engine);
    assert_non_null(a);
    assert_non_null(b);
    wasm_store_delete(a);
    wasm_store_delete(b);
    wasm_engine_delete(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_vec),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_valtypes),
        cmocka_unit_test(test_valtype_vec_ownership),
        cmocka_unit_test(test_functype),
        cmocka_unit_test(test_global_table_memory_types),
        cmocka_unit_test(test_import_export_types),
        cmocka_unit_test_setup_teardown(test_values, capi_setup, capi_teardown),
        cmocka_unit_test(test_config_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
