/* global.c — globals through wasm.h: a host global imported by wasm, changed on both sides; an exported constant. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"

static int64_t tick(const wasm_func_t *f, int64_t by)
{
    wasm_val_t arg_vals[] = {WASM_I64_VAL(by)};
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals), results = {1, &r};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    if (trap) {
        wasm_trap_delete(trap);
        return -1;
    }
    return r.of.i64;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "global.wasm";
    wasm_byte_vec_t binary;
    if (!example_read_file(path, &binary))
        return 1;
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module)
        return 1;

    /* The host's global: a mutable i64 starting at 40. */
    wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
    wasm_val_t initial = WASM_I64_VAL(40);
    wasm_global_t *counter = wasm_global_new(store, type, &initial);
    wasm_globaltype_delete(type);
    wasm_extern_t *externs[] = {wasm_global_as_extern(counter)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance)
        return 1;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_global_t *limit = wasm_extern_as_global(exports.data[0]);
    const wasm_func_t *tick_func = wasm_extern_as_func(exports.data[1]);

    int failures = 0;
    /* wasm changes the host's global... */
    int64_t now = tick(tick_func, 2);
    wasm_val_t v;
    wasm_global_get(counter, &v);
    printf("after tick(2): wasm sees %" PRId64 ", the host sees %" PRId64 "\n", now, v.of.i64);
    failures += now != 42 || v.of.i64 != 42;
    /* ...and the host changes it under wasm. */
    wasm_val_t reset = WASM_I64_VAL(100);
    wasm_global_set(counter, &reset);
    now = tick(tick_func, 1);
    printf("after set(100), tick(1): %" PRId64 "\n", now);
    failures += now != 101;

    /* The exported constant: readable, typed, and not writable. */
    wasm_global_get(limit, &v);
    wasm_globaltype_t *limit_type = wasm_global_type(limit);
    bool is_const = wasm_globaltype_mutability(limit_type) == WASM_CONST;
    printf("limit = %g (%s f64)\n", v.of.f64, is_const ? "const" : "var");
    failures += v.of.f64 != 2.5 || !is_const || wasm_valtype_kind(wasm_globaltype_content(limit_type)) != WASM_F64;
    wasm_globaltype_delete(limit_type);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_global_delete(counter);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
