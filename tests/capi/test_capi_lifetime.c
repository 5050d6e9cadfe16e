/* test_capi_lifetime.c — wasm.h object lifetimes: host info and finalizers per store, handles outliving their origin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

#include <stdlib.h>

enum { ITERATIONS = 2000 };

typedef struct finalize_log {
    int live;
    int finalized;
    intptr_t sum; /* of the host info of finalized objects: each one exactly once */
} finalize_log;

/* Finalizers get only the host info, so the log travels inside it. */
typedef struct tagged {
    finalize_log *log;
    intptr_t value;
} tagged;

static void finalize_tagged(void *p)
{
    tagged *t = p;
    t->log->live--;
    t->log->finalized++;
    t->log->sum += t->value;
}

static tagged *make_tags(finalize_log *log, intptr_t first, size_t n)
{
    tagged *tags = calloc(n, sizeof *tags);
    assert_non_null(tags);
    for (size_t i = 0; i < n; i++)
        tags[i] = (tagged){log, first + (intptr_t)i};
    return tags;
}

/* The flow of the standard "finalize" example: many instances, host info on each, handles dropped at once. */
static void instantiate_many(wasm_store_t *store, tagged *tags, size_t n)
{
    wasm_module_t *module = capi_load_module(store, "finalize");
    for (size_t i = 0; i < n; i++) {
        wasm_extern_vec_t imports = WASM_EMPTY_VEC;
        wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
        assert_non_null(instance);
        wasm_instance_set_host_info_with_finalizer(instance, &tags[i], finalize_tagged);
        wasm_instance_delete(instance);
        tags[i].log->live++;
    }
    wasm_module_delete(module);
}

static void test_finalize_per_store(void **state)
{
    (void)state;
    finalize_log log = {0, 0, 0};
    tagged *tags1 = make_tags(&log, 1, ITERATIONS), *tags2 = make_tags(&log, 1000000, ITERATIONS);
    tagged *tags3 = make_tags(&log, 5000000, ITERATIONS);
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store1 = wasm_store_new(engine);
    instantiate_many(store1, tags1, ITERATIONS);
    assert_int_equal(log.live, ITERATIONS); /* instances live as long as their store */

    wasm_store_t *store2 = wasm_store_new(engine);
    instantiate_many(store2, tags2, ITERATIONS);
    assert_int_equal(log.live, 2 * ITERATIONS);
    wasm_store_delete(store2);
    assert_int_equal(log.live, ITERATIONS); /* exactly store 2's objects went */
    intptr_t expect2 = 0;
    for (size_t i = 0; i < ITERATIONS; i++)
        expect2 += tags2[i].value;
    assert_true(log.sum == expect2);

    instantiate_many(store1, tags3, ITERATIONS);
    assert_int_equal(log.live, 2 * ITERATIONS);
    wasm_store_delete(store1);
    assert_int_equal(log.live, 0);
    assert_int_equal(log.finalized, 3 * ITERATIONS);
    wasm_engine_delete(engine);
    free(tags1);
    free(tags2);
    free(tags3);
}

static void count_finalize(void *p) { ++*(int *)p; }

static void test_host_info_belongs_to_the_object(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "finalize");
    wasm_instance_t *instance = capi_instantiate(f->store, module, NULL, 0);
    wasm_extern_vec_t first, second;
    wasm_instance_exports(instance, &first);
    wasm_instance_exports(instance, &second);
    assert_int_equal(first.size, 3);

    /* Host info set through one listing's handle is seen through the other's. */
    int finalized = 0;
    wasm_func_set_host_info_with_finalizer(wasm_extern_as_func(first.data[0]), &finalized, count_finalize);
    assert_ptr_equal(wasm_func_get_host_info(wasm_extern_as_func(second.data[0])), &finalized);
    assert_null(wasm_func_get_host_info(wasm_extern_as_func(second.data[1])));
    wasm_global_set_host_info(wasm_extern_as_global(first.data[2]), &first);
    assert_ptr_equal(wasm_extern_get_host_info(second.data[2]), &first);
    assert_ptr_equal(wasm_ref_get_host_info(wasm_extern_as_ref(second.data[2])), &first);

    /* Replacing host info without a finalizer drops the old finalizer. */
    wasm_global_t *global = NULL;
    {
        wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
        wasm_val_t init = WASM_I32_VAL(1);
        global = wasm_global_new(f->store, type, &init);
        wasm_globaltype_delete(type);
    }
    int dropped = 0;
    wasm_global_set_host_info_with_finalizer(global, &dropped, count_finalize);
    wasm_global_set_host_info(global, &finalized);
    assert_ptr_equal(wasm_global_get_host_info(global), &finalized);

    wasm_extern_vec_delete(&first);
    wasm_extern_vec_delete(&second);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    assert_int_equal(finalized, 0); /* nothing dies before its store */

    wasm_store_delete(f->store);
    f->store = wasm_store_new(f->engine); /* for the teardown */
    assert_int_equal(finalized, 1);
    assert_int_equal(dropped, 0);
}

static wasm_trap_t *seven_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0] = (wasm_val_t)WASM_I32_VAL(7);
    return NULL;
}

static void test_exports_outlive_instance_and_module(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "finalize");
    wasm_instance_t *instance = capi_instantiate(f->store, module, NULL, 0);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *g = wasm_func_copy(wasm_extern_as_func(exports.data[1]));
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);

    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = {1, &r};
    assert_null(wasm_func_call(g, &none, &results));
    assert_int_equal(r.of.i32, 7);
    wasm_func_delete(g);

    /* Host functions and foreign objects likewise outlive their handles. */
    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *host = wasm_func_new(f->store, type, seven_callback);
    wasm_functype_delete(type);
    wasm_func_t *host_copy = wasm_func_copy(host);
    wasm_func_delete(host);
    r = (wasm_val_t)WASM_INIT_VAL;
    assert_null(wasm_func_call(host_copy, &none, &results));
    assert_int_equal(r.of.i32, 7);
    wasm_func_delete(host_copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finalize_per_store),
        cmocka_unit_test_setup_teardown(test_host_info_belongs_to_the_object, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_exports_outlive_instance_and_module, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
