/* test_capi_module.c — wasm.h modules: reflection, validation, link failures, serialization, sharing across threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

#include <pthread.h>
#include <string.h>

static void assert_name(const wasm_name_t *name, const char *expected)
{
    assert_int_equal(name->size, strlen(expected));
    assert_memory_equal(name->data, expected, name->size);
}

static void assert_kinds(const wasm_valtype_vec_t *types, const wasm_valkind_t *kinds, size_t n)
{
    assert_int_equal(types->size, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(wasm_valtype_kind(types->data[i]), kinds[i]);
}

static void test_reflect(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "reflect");

    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    assert_int_equal(imports.size, 1);
    assert_name(wasm_importtype_module(imports.data[0]), "host");
    assert_name(wasm_importtype_name(imports.data[0]), "imported");
    const wasm_functype_t *it = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
    assert_non_null(it);
    const wasm_valkind_t it_params[] = {WASM_I64, WASM_F64}, it_results[] = {WASM_F32};
    assert_kinds(wasm_functype_params(it), it_params, 2);
    assert_kinds(wasm_functype_results(it), it_results, 1);
    wasm_importtype_vec_delete(&imports);

    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    assert_int_equal(exports.size, 4);
    const char *names[] = {"func", "global", "table", "memory"};
    const wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
    for (size_t i = 0; i < 4; i++) {
        assert_name(wasm_exporttype_name(exports.data[i]), names[i]);
        assert_int_equal(wasm_externtype_kind(wasm_exporttype_type(exports.data[i])), kinds[i]);
    }
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
    const wasm_valkind_t params[] = {WASM_I32, WASM_F32, WASM_F64}, results[] = {WASM_I64, WASM_FUNCREF, WASM_EXTERNREF};
    assert_kinds(wasm_functype_params(ft), params, 3);
    assert_kinds(wasm_functype_results(ft), results, 3);
    const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[1]));
    assert_int_equal(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F64);
    assert_int_equal(wasm_globaltype_mutability(gt), WASM_VAR);
    const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
    assert_int_equal(wasm_tabletype_limits(tt)->min, 2);
    assert_int_equal(wasm_tabletype_limits(tt)->max, 7);
    const wasm_memorytype_t *mt = wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[3]));
    assert_int_equal(wasm_memorytype_limits(mt)->min, 1);
    assert_int_equal(wasm_memorytype_limits(mt)->max, wasm_limits_max_default);

    /* A host function needs a callback. */
    wasm_functype_t *imported_type = wasm_functype_new_2_1(wasm_valtype_new_i64(), wasm_valtype_new_f64(),
                                                           wasm_valtype_new_f32());
    wasm_func_t *imported = wasm_func_new(f->store, imported_type, NULL); /* refused: no callback */
    assert_null(imported);
    wasm_functype_delete(imported_type);
    wasm_exporttype_vec_delete(&exports);
    wasm_module_delete(module);
}

static wasm_trap_t *unused_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    return NULL;
}

static void test_instance_exports_match_types(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "reflect");
    wasm_functype_t *type = wasm_functype_new_2_1(wasm_valtype_new_i64(), wasm_valtype_new_f64(),
                                                  wasm_valtype_new_f32());
    wasm_func_t *imported = wasm_func_new(f->store, type, unused_callback);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(imported)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);

    wasm_exporttype_vec_t types;
    wasm_extern_vec_t exports;
    wasm_module_exports(module, &types);
    wasm_instance_exports(instance, &exports);
    assert_int_equal(exports.size, types.size);
    for (size_t i = 0; i < exports.size; i++) {
        assert_int_equal(wasm_extern_kind(exports.data[i]), wasm_externtype_kind(wasm_exporttype_type(types.data[i])));
        wasm_externtype_t *current = wasm_extern_type(exports.data[i]);
        assert_non_null(current);
        assert_int_equal(wasm_externtype_kind(current), wasm_extern_kind(exports.data[i]));
        wasm_externtype_delete(current);
    }
    wasm_func_t *func = wasm_extern_as_func(exports.data[0]);
    assert_int_equal(wasm_func_param_arity(func), 3);
    assert_int_equal(wasm_func_result_arity(func), 3);
    assert_null(wasm_extern_as_global(exports.data[0]));
    assert_non_null(wasm_extern_as_memory_const(exports.data[3]));
    /* Externs are references too. */
    wasm_ref_t *ref = wasm_extern_as_ref(exports.data[1]);
    assert_ptr_equal(wasm_ref_as_global(ref), wasm_extern_as_global(exports.data[1]));
    assert_ptr_equal(wasm_ref_as_extern(ref), exports.data[1]);
    assert_null(wasm_ref_as_instance(ref));
    assert_ptr_equal(wasm_ref_as_instance(wasm_instance_as_ref(instance)), instance);

    /* A second export listing gives the same objects. */
    wasm_extern_vec_t again;
    wasm_instance_exports(instance, &again);
    for (size_t i = 0; i < exports.size; i++)
        assert_true(wasm_extern_same(again.data[i], exports.data[i]));
    wasm_extern_vec_t copied;
    wasm_extern_vec_copy(&copied, &again);
    assert_true(wasm_extern_same(copied.data[2], exports.data[2]));
    wasm_extern_vec_delete(&copied);
    wasm_extern_vec_delete(&again);

    wasm_extern_vec_delete(&exports);
    wasm_exporttype_vec_delete(&types);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
}

static void test_validate_and_bad_binaries(void **state)
{
    capi_fixture *f = *state;
    wasm_byte_vec_t good;
    capi_read_wasm("memory", &good);
    assert_true(wasm_module_validate(f->store, &good));

    wasm_byte_vec_t bad;
    wasm_byte_vec_new(&bad, 8, "\0asm\2\0\0\0"); /* wrong version */
    assert_false(wasm_module_validate(f->store, &bad));
    assert_null(wasm_module_new(f->store, &bad));
    wasm_byte_vec_delete(&bad);

    /* Truncations: shorter than the header never validate; longer ones do
     * exactly when they end on a section boundary, and new agrees with validate. */
    size_t valid_cuts = 0;
    for (size_t len = 0; len < good.size; len++) {
        wasm_byte_vec_t cut = {len, good.data};
        bool valid = wasm_module_validate(f->store, &cut);
        wasm_module_t *m = wasm_module_new(f->store, &cut);
        assert_int_equal(valid, m != NULL);
        if (len < 8)
            assert_false(valid);
        valid_cuts += valid;
        wasm_module_delete(m);
    }
    assert_true(valid_cuts >= 1);              /* at least the bare header */
    assert_true(valid_cuts < good.size - 8);   /* but most cuts are broken */
    wasm_byte_vec_delete(&good);
}

static void test_link_failures(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hello");
    wasm_trap_t *trap = NULL;

    /* Too few imports. */
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    assert_null(wasm_instance_new(f->store, module, &none, &trap));
    assert_non_null(trap);
    wasm_trap_delete(trap);

    /* An import of the wrong type. */
    wasm_functype_t *wrong_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *wrong = wasm_func_new(f->store, wrong_type, unused_callback);
    wasm_functype_delete(wrong_type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(wrong)};
    wasm_extern_vec_t vec = WASM_ARRAY_VEC(imports);
    trap = NULL;
    assert_null(wasm_instance_new(f->store, module, &vec, &trap));
    assert_non_null(trap);
    wasm_trap_delete(trap);

    /* An import from another store. */
    wasm_store_t *other = wasm_store_new(f->engine);
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *foreign_func = wasm_func_new(other, type, unused_callback);
    wasm_functype_delete(type);
    imports[0] = wasm_func_as_extern(foreign_func);
    trap = NULL;
    assert_null(wasm_instance_new(f->store, module, &vec, &trap));
    assert_non_null(trap);
    wasm_trap_delete(trap);
    wasm_store_delete(other);

    wasm_module_delete(module);
}

static int hello_calls;

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    hello_calls++;
    return NULL;
}

static void run_hello(wasm_store_t *store, const wasm_module_t *module)
{
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *hello = wasm_func_new(store, type, hello_callback);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(hello)};
    wasm_instance_t *instance = capi_instantiate(store, module, imports, 1);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    assert_null(wasm_func_call(capi_export_func(&exports, 0), &none, &none));
    wasm_extern_vec_delete(&exports);
}

static void test_serialize(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hello");
    wasm_byte_vec_t serialized;
    wasm_module_serialize(module, &serialized);
    assert_true(serialized.size > 0);
    wasm_module_delete(module);

    wasm_module_t *deserialized = wasm_module_deserialize(f->store, &serialized);
    assert_non_null(deserialized);
    hello_calls = 0;
    run_hello(f->store, deserialized);
    assert_int_equal(hello_calls, 1);
    wasm_module_delete(deserialized);

    /* Damaged or foreign input is refused. */
    serialized.data[0] ^= 0x55;
    assert_null(wasm_module_deserialize(f->store, &serialized));
    wasm_byte_vec_t raw;
    capi_read_wasm("hello", &raw);
    assert_null(wasm_module_deserialize(f->store, &raw)); /* a plain binary is not a serialized module */
    wasm_byte_vec_delete(&raw);
    wasm_byte_vec_delete(&serialized);
}

static void count_finalize(void *p) { ++*(int *)p; }

static void test_module_refs(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hello");
    int finalized = 0;
    wasm_module_set_host_info_with_finalizer(module, &finalized, count_finalize);
    wasm_module_t *copy = wasm_module_copy(module);
    assert_true(wasm_module_same(module, copy));
    assert_ptr_equal(wasm_module_get_host_info(copy), &finalized);
    wasm_module_delete(module);
    assert_int_equal(finalized, 0);
    /* The copy keeps the module usable. */
    wasm_importtype_vec_t imports;
    wasm_module_imports(copy, &imports);
    assert_int_equal(imports.size, 1);
    wasm_importtype_vec_delete(&imports);
    wasm_module_delete(copy);
    assert_int_equal(finalized, 1); /* the last handle took the module with it */
}

typedef struct thread_job {
    wasm_engine_t *engine;
    const wasm_shared_module_t *shared;
    int calls;
} thread_job;

static wasm_trap_t *count_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    ++*(int *)env;
    return NULL;
}

/* Each thread gets its own store and obtains the module there. */
static void *thread_run(void *p)
{
    thread_job *job = p;
    wasm_store_t *store = wasm_store_new(job->engine);
    wasm_module_t *module = wasm_module_obtain(store, job->shared);
    if (!module)
        return NULL;
    for (int rep = 0; rep < 3; rep++) {
        wasm_functype_t *type = wasm_functype_new_0_0();
        wasm_func_t *hello = wasm_func_new_with_env(store, type, count_callback, &job->calls, NULL);
        wasm_functype_delete(type);
        wasm_extern_t *imports[] = {wasm_func_as_extern(hello)};
        wasm_extern_vec_t vec = WASM_ARRAY_VEC(imports);
        wasm_instance_t *instance = wasm_instance_new(store, module, &vec, NULL);
        if (!instance)
            break;
        wasm_extern_vec_t exports;
        wasm_instance_exports(instance, &exports);
        wasm_val_vec_t none = WASM_EMPTY_VEC;
        wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &none, &none);
        if (trap)
            wasm_trap_delete(trap);
        wasm_extern_vec_delete(&exports);
    }
    wasm_module_delete(module);
    wasm_store_delete(store);
    return NULL;
}

static void test_share_across_threads(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hello");
    wasm_shared_module_t *shared = wasm_module_share(module);
    assert_non_null(shared);
    wasm_module_delete(module); /* the shared handle keeps it alive */

    enum { N = 4 };
    pthread_t threads[N];
    thread_job jobs[N];
    for (int i = 0; i < N; i++) {
        jobs[i] = (thread_job){f->engine, shared, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, thread_run, &jobs[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(jobs[i].calls, 3);
    }
    wasm_shared_module_delete(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reflect, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_instance_exports_match_types, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_validate_and_bad_binaries, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_link_failures, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_serialize, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_module_refs, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_share_across_threads, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
