/* hello.c — the basic wasm.h flow: compile a module, provide a host function, instantiate, call an export. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"

/* Called by wasm with one i32. */
static wasm_trap_t *log_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    printf("wasm says: %" PRId32 "\n", args->data[0].of.i32);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "hello.wasm";
    wasm_byte_vec_t binary;
    if (!example_read_file(path, &binary))
        return 1;

    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) {
        fprintf(stderr, "%s: not a valid module\n", path);
        return 1;
    }

    /* Imports are given in the module's import order. */
    wasm_functype_t *log_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *log_func = wasm_func_new(store, log_type, log_callback);
    wasm_functype_delete(log_type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(log_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    if (!instance) {
        wasm_message_t message;
        wasm_trap_message(trap, &message);
        fprintf(stderr, "instantiation failed: %s\n", message.data);
        wasm_name_delete(&message);
        wasm_trap_delete(trap);
        return 1;
    }

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *run = exports.size ? wasm_extern_as_func(exports.data[0]) : NULL;
    if (!run) {
        fprintf(stderr, "the first export is not a function\n");
        return 1;
    }

    wasm_val_t arg_vals[] = {WASM_I32_VAL(6), WASM_I32_VAL(7)};
    wasm_val_t result_vals[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals), results = WASM_ARRAY_VEC(result_vals);
    trap = wasm_func_call(run, &args, &results);
    int status = 0;
    if (trap) {
        fprintf(stderr, "run trapped\n");
        wasm_trap_delete(trap);
        status = 1;
    } else {
        printf("run(6, 7) = %" PRId32 "\n", result_vals[0].of.i32);
        status = result_vals[0].of.i32 == 42 ? 0 : 1;
    }

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(log_func);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return status;
}
