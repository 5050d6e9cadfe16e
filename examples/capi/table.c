/* table.c — tables through wasm.h: wasm calls through a funcref table that the host reads, grows and fills. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"

/* A host operation for the table: a * b. */
static wasm_trap_t *multiply(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 * args->data[1].of.i32);
    return NULL;
}

/* apply(i, a, b); *trapped tells whether it trapped. */
static int32_t apply(const wasm_func_t *f, int32_t i, int32_t a, int32_t b, bool *trapped)
{
    wasm_val_t arg_vals[] = {WASM_I32_VAL(i), WASM_I32_VAL(a), WASM_I32_VAL(b)};
    wasm_val_t r = WASM_INIT_VAL;
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals), results = {1, &r};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    *trapped = trap != NULL;
    if (trap)
        wasm_trap_delete(trap);
    return r.of.i32;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "table.wasm";
    wasm_byte_vec_t binary;
    if (!example_read_file(path, &binary))
        return 1;
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = module ? wasm_instance_new(store, module, &imports, NULL) : NULL;
    if (!instance)
        return 1;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_table_t *ops = wasm_extern_as_table(exports.data[0]);
    const wasm_func_t *apply_func = wasm_extern_as_func(exports.data[1]);

    int failures = 0;
    bool trapped;
    /* The module's own entries: 0 adds, 1 subtracts. */
    printf("size %" PRIu32 ": add(7, 5) = %" PRId32 ", sub(7, 5) = %" PRId32 "\n", wasm_table_size(ops),
           apply(apply_func, 0, 7, 5, &trapped), apply(apply_func, 1, 7, 5, &trapped));
    failures += wasm_table_size(ops) != 2 || apply(apply_func, 1, 7, 5, &trapped) != 2 || trapped;
    /* Past the end, the call traps. */
    apply(apply_func, 2, 7, 5, &trapped);
    failures += !trapped;

    /* Grow by two null entries, then put a host function in one. */
    failures += !wasm_table_grow(ops, 2, NULL);
    wasm_functype_t *type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                                  wasm_valtype_new_i32());
    wasm_func_t *mul = wasm_func_new(store, type, multiply);
    wasm_functype_delete(type);
    failures += !wasm_table_set(ops, 2, wasm_func_as_ref(mul));
    int32_t product = apply(apply_func, 2, 7, 5, &trapped);
    printf("size %" PRIu32 ": host mul(7, 5) = %" PRId32 "\n", wasm_table_size(ops), product);
    failures += product != 35 || trapped;
    /* A null entry traps; the table cannot grow past its maximum of 4. */
    apply(apply_func, 3, 7, 5, &trapped);
    failures += !trapped;
    failures += wasm_table_grow(ops, 1, NULL);

    /* Entries read back as references to the same functions. */
    wasm_ref_t *entry = wasm_table_get(ops, 2);
    failures += !entry || !wasm_ref_same(entry, wasm_func_as_ref(mul));
    if (entry)
        wasm_ref_delete(entry);

    wasm_func_delete(mul);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
