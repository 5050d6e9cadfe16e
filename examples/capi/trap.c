/* trap.c — traps through wasm.h: a wasm trap with its backtrace, and a host function refusing with its own message. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

/* The host refuses odd numbers by returning a trap; the store travels in env. */
static wasm_trap_t *check_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    if (args->data[0].of.i32 % 2 == 0)
        return NULL;
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "odd numbers are not allowed");
    wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &message);
    wasm_name_delete(&message);
    return trap;
}

/* Prints the trap and says whether its message contains `expected`. */
static bool report(wasm_trap_t *trap, const char *expected)
{
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("trap: %s\n", message.data);
    bool ok = strstr(message.data, expected) != NULL;
    wasm_name_delete(&message);

    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    for (size_t i = 0; i < trace.size; i++)
        printf("  #%zu function %" PRIu32 ", module offset 0x%zx\n", i, wasm_frame_func_index(trace.data[i]),
               wasm_frame_module_offset(trace.data[i]));
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
    return ok;
}

static wasm_trap_t *call(const wasm_func_t *f, wasm_val_t *arg_vals, size_t nargs, wasm_val_t *result)
{
    wasm_val_vec_t args = {nargs, arg_vals}, results = {result ? 1 : 0, result};
    return wasm_func_call(f, &args, &results);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "trap.wasm";
    wasm_byte_vec_t binary;
    if (!example_read_file(path, &binary))
        return 1;
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module)
        return 1;

    wasm_functype_t *check_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *check = wasm_func_new_with_env(store, check_type, check_callback, store, NULL);
    wasm_functype_delete(check_type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(check)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance)
        return 1;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *divide = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *checked = wasm_extern_as_func(exports.data[1]);

    int failures = 0;
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_t ok_args[] = {WASM_I32_VAL(84), WASM_I32_VAL(2)};
    wasm_trap_t *trap = call(divide, ok_args, 2, &r);
    if (trap || r.of.i32 != 42)
        failures++;
    printf("divide(84, 2) = %" PRId32 "\n", r.of.i32);

    wasm_val_t zero_args[] = {WASM_I32_VAL(1), WASM_I32_VAL(0)};
    trap = call(divide, zero_args, 2, &r);
    failures += !trap || !report(trap, "divide by zero");

    wasm_val_t even = WASM_I32_VAL(4), odd = WASM_I32_VAL(5);
    trap = call(checked, &even, 1, NULL);
    failures += trap != NULL;
    trap = call(checked, &odd, 1, NULL);
    failures += !trap || !report(trap, "odd numbers are not allowed");

    wasm_extern_vec_delete(&exports);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
