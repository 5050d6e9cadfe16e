/* test_capi_calls.c — wasm.h calls: host callbacks (plain and with env), multi-value, traps with frames, start traps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

#include <string.h>

/* ---- hello: a host function without values ------------------------------- */

static int hello_calls;

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    assert_int_equal(args->size, 0);
    assert_int_equal(results->size, 0);
    hello_calls++;
    return NULL;
}

static void test_hello(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "hello");
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *hello = wasm_func_new(f->store, type, hello_callback);
    wasm_functype_delete(type);
    assert_non_null(hello);

    wasm_extern_t *imports[] = {wasm_func_as_extern(hello)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_func_delete(hello);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    assert_int_equal(exports.size, 1);
    const wasm_func_t *run = capi_export_func(&exports, 0);
    /* The standard flow deletes module and instance before calling: exports stay valid. */
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    hello_calls = 0;
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    assert_null(wasm_func_call(run, &none, &none));
    assert_null(wasm_func_call(run, NULL, NULL)); /* no values needed, none given */
    assert_int_equal(hello_calls, 2);
    wasm_extern_vec_delete(&exports);
}

/* ---- callback: values both ways, an environment, a finalizer -------------- */

static int printed;

static wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    assert_int_equal(args->size, 1);
    assert_int_equal(args->data[0].kind, WASM_I32);
    printed = args->data[0].of.i32;
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_trap_t *closure_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    /* The result slot arrives already typed: setting only the payload is enough. */
    assert_int_equal(results->data[0].kind, WASM_I32);
    results->data[0].of.i32 = *(int *)env;
    return NULL;
}

static void count_finalize(void *env) { ++*(int *)env; }

static void test_callback(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "callback");
    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *print = wasm_func_new(f->store, print_type, print_callback);
    int closure_value = 42;
    wasm_func_t *closure = wasm_func_new_with_env(f->store, closure_type, closure_callback, &closure_value, NULL);
    wasm_functype_delete(print_type);
    wasm_functype_delete(closure_type);
    assert_int_equal(wasm_func_param_arity(print), 1);
    assert_int_equal(wasm_func_result_arity(closure), 1);

    wasm_extern_t *imports[] = {wasm_func_as_extern(print), wasm_func_as_extern(closure)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 2);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *run = capi_export_func(&exports, 0);

    wasm_val_t as[2] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    assert_null(wasm_func_call(run, &args, &results));
    assert_int_equal(printed, 7);
    assert_int_equal(rs[0].kind, WASM_I32);
    assert_int_equal(rs[0].of.i32, 49);

    /* A host function called directly from the host. */
    wasm_val_t one[1] = {WASM_I32_VAL(-5)};
    wasm_val_vec_t one_vec = WASM_ARRAY_VEC(one);
    assert_null(wasm_func_call(print, &one_vec, &results));
    assert_int_equal(rs[0].of.i32, -5);

    wasm_extern_vec_delete(&exports);
    wasm_func_delete(print);
    wasm_func_delete(closure);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
}

static void test_env_finalizer_runs_with_store(void **state)
{
    (void)state;
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    int finalized = 0;
    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *func = wasm_func_new_with_env(store, type, closure_callback, &finalized, count_finalize);
    wasm_functype_delete(type);
    wasm_func_delete(func);
    assert_int_equal(finalized, 0); /* the function lives as long as its store */
    wasm_store_delete(store);
    assert_int_equal(finalized, 1);
    wasm_engine_delete(engine);
}

/* ---- argument checking ----------------------------------------------------- */

static void test_call_argument_errors(void **state)
{
    capi_fixture *f = *state;
    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *print = wasm_func_new(f->store, type, print_callback);
    wasm_functype_delete(type);

    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t results = {1, &r}, none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(print, &none, &results);
    assert_non_null(trap); /* too few arguments */
    wasm_trap_delete(trap);

    wasm_val_t wrong[1] = {WASM_F64_VAL(1.0)};
    wasm_val_vec_t wrong_vec = WASM_ARRAY_VEC(wrong);
    trap = wasm_func_call(print, &wrong_vec, &results);
    assert_non_null(trap); /* wrong type */
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    assert_non_null(strstr(message.data, "argument 0"));
    wasm_name_delete(&message);
    wasm_trap_delete(trap);

    /* No room for the result: the call still happens, the result is dropped. */
    wasm_val_t ok[1] = {WASM_I32_VAL(11)};
    wasm_val_vec_t ok_vec = WASM_ARRAY_VEC(ok);
    printed = 0;
    assert_null(wasm_func_call(print, &ok_vec, &none));
    assert_int_equal(printed, 11);
}

/* ---- multi-value ----------------------------------------------------------- */

static wasm_trap_t *reverse_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    assert_int_equal(args->size, 4);
    assert_int_equal(results->size, 4);
    for (size_t i = 0; i < 4; i++)
        wasm_val_copy(&results->data[i], &args->data[3 - i]);
    return NULL;
}

static void test_multi(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "multi");
    wasm_valtype_t *types[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                                wasm_valtype_new_i32()};
    wasm_valtype_vec_t params, results_types;
    wasm_valtype_vec_new(&params, 4, types);
    wasm_valtype_vec_copy(&results_types, &params);
    wasm_functype_t *type = wasm_functype_new(&params, &results_types);
    wasm_func_t *reverse = wasm_func_new(f->store, type, reverse_callback);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(reverse)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_module_delete(module);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *run = capi_export_func(&exports, 0);
    assert_int_equal(wasm_func_param_arity(run), 4);
    assert_int_equal(wasm_func_result_arity(run), 4);

    wasm_val_t vals[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(INT64_C(3) << 40), WASM_I32_VAL(4)};
    wasm_val_t res[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(vals), results = WASM_ARRAY_VEC(res);
    assert_null(wasm_func_call(run, &args, &results));
    assert_int_equal(res[0].kind, WASM_I32);
    assert_int_equal(res[0].of.i32, 4);
    assert_int_equal(res[1].kind, WASM_I64);
    assert_true(res[1].of.i64 == INT64_C(3) << 40);
    assert_true(res[2].of.i64 == 2);
    assert_int_equal(res[3].of.i32, 1);
    wasm_extern_vec_delete(&exports);
}

/* ---- traps ----------------------------------------------------------------- */

static wasm_trap_t *fail_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    wasm_name_t message;
    wasm_name_new_from_string_nt(&message, "callback abort");
    wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &message);
    wasm_name_delete(&message);
    return trap;
}

static void check_message(const wasm_trap_t *trap, const char *expected, bool exact)
{
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    assert_true(message.size > 0);
    assert_int_equal(message.data[message.size - 1], '\0'); /* messages keep their NUL */
    assert_int_equal(strlen(message.data), message.size - 1);
    if (exact)
        assert_string_equal(message.data, expected);
    else if (!strstr(message.data, expected))
        fail_msg("trap message \"%s\" does not mention \"%s\"", message.data, expected);
    wasm_name_delete(&message);
}

static void test_traps(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "trap");
    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail = wasm_func_new_with_env(f->store, type, fail_callback, f->store, NULL);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(fail)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    assert_int_equal(exports.size, 2);
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    /* Through the host callback: its own message, unchanged. The wasm
     * function that called it (index 1) is on the trace. */
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = {1, &r};
    wasm_trap_t *trap = wasm_func_call(capi_export_func(&exports, 0), &none, &results);
    assert_non_null(trap);
    check_message(trap, "callback abort", true);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    assert_true(trace.size >= 1);
    assert_int_equal(wasm_frame_func_index(trace.data[trace.size - 1]), 1);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);

    /* unreachable two calls deep: origin is $inner (2), called by export 3. */
    trap = wasm_func_call(capi_export_func(&exports, 1), &none, &results);
    assert_non_null(trap);
    check_message(trap, "unreachable", false);
    wasm_frame_t *origin = wasm_trap_origin(trap);
    assert_non_null(origin);
    assert_int_equal(wasm_frame_func_index(origin), 2);
    wasm_frame_t *origin_copy = wasm_frame_copy(origin);
    assert_int_equal(wasm_frame_func_index(origin_copy), 2);
    assert_int_equal(wasm_frame_module_offset(origin_copy), wasm_frame_module_offset(origin));
    wasm_frame_delete(origin);
    wasm_frame_delete(origin_copy);
    wasm_trap_trace(trap, &trace);
    assert_int_equal(trace.size, 2);
    assert_int_equal(wasm_frame_func_index(trace.data[0]), 2);
    assert_int_equal(wasm_frame_func_index(trace.data[1]), 3);
    wasm_frame_vec_t trace_copy;
    wasm_frame_vec_copy(&trace_copy, &trace);
    assert_int_equal(wasm_frame_func_index(trace_copy.data[1]), 3);
    wasm_frame_vec_delete(&trace_copy);
    wasm_frame_vec_delete(&trace);

    /* Traps are references: copies are the same trap and share host info. */
    wasm_trap_t *copy = wasm_trap_copy(trap);
    assert_true(wasm_trap_same(trap, copy));
    wasm_trap_set_host_info(copy, &r);
    assert_ptr_equal(wasm_trap_get_host_info(trap), &r);
    wasm_trap_delete(trap);
    check_message(copy, "unreachable", false);
    wasm_trap_delete(copy);

    wasm_extern_vec_delete(&exports);
}

/* Callers expecting a trap often pass no result room at all; the trap must
 * still be the callee's, not a complaint about the vector. */
static void test_trap_without_result_room(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "trap");
    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail = wasm_func_new_with_env(f->store, type, fail_callback, f->store, NULL);
    wasm_functype_delete(type);
    wasm_extern_t *imports[] = {wasm_func_as_extern(fail)};
    wasm_instance_t *instance = capi_instantiate(f->store, module, imports, 1);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(capi_export_func(&exports, 0), &none, &none);
    assert_non_null(trap);
    check_message(trap, "callback abort", true);
    wasm_trap_delete(trap);
    trap = wasm_func_call(capi_export_func(&exports, 1), &none, &none);
    assert_non_null(trap);
    check_message(trap, "unreachable", false);
    wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
    wasm_module_delete(module);
}

static void test_host_made_trap(void **state)
{
    capi_fixture *f = *state;
    wasm_message_t text;
    wasm_name_new_from_string(&text, "no terminator"); /* a NUL is added */
    wasm_trap_t *trap = wasm_trap_new(f->store, &text);
    wasm_name_delete(&text);
    check_message(trap, "no terminator", true);
    assert_null(wasm_trap_origin(trap)); /* never unwound through wasm */
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    assert_int_equal(trace.size, 0);
    wasm_frame_vec_delete(&trace);
    wasm_ref_t *ref = wasm_trap_as_ref(trap);
    assert_ptr_equal(wasm_ref_as_trap(ref), trap);
    assert_null(wasm_ref_as_func(ref));
    wasm_trap_delete(trap);
}

static void test_start_trap(void **state)
{
    capi_fixture *f = *state;
    wasm_module_t *module = capi_load_module(f->store, "start");
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(f->store, module, &imports, &trap);
    assert_null(instance);
    assert_non_null(trap);
    check_message(trap, "unreachable", false);
    wasm_frame_t *origin = wasm_trap_origin(trap);
    assert_non_null(origin);
    assert_int_equal(wasm_frame_func_index(origin), 0);
    wasm_frame_delete(origin);
    wasm_trap_delete(trap);
    /* Without a trap pointer the failure is still reported by NULL. */
    assert_null(wasm_instance_new(f->store, module, &imports, NULL));
    wasm_module_delete(module);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hello, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_callback, capi_setup, capi_teardown),
        cmocka_unit_test(test_env_finalizer_runs_with_store),
        cmocka_unit_test_setup_teardown(test_call_argument_errors, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_multi, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_traps, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_trap_without_result_room, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_host_made_trap, capi_setup, capi_teardown),
        cmocka_unit_test_setup_teardown(test_start_trap, capi_setup, capi_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
