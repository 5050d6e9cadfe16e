/* memory.c — linear memory through wasm.h: the host writes bytes, wasm sums them, the memory grows up to its maximum. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static int32_t sum(const wasm_func_t *f, int32_t at, int32_t n, bool *trapped)
{
    wasm_val_t arg_vals[] = {WASM_I32_VAL(at), WASM_I32_VAL(n)};
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
    const char *path = argc > 1 ? argv[1] : "memory.wasm";
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
    wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
    const wasm_func_t *sum_func = wasm_extern_as_func(exports.data[1]);

    int failures = 0;
    bool trapped;
    /* The host writes 1..100 at 1000; wasm adds them up. */
    for (int i = 0; i < 100; i++)
        wasm_memory_data(memory)[1000 + i] = (byte_t)(i + 1);
    int32_t total = sum(sum_func, 1000, 100, &trapped);
    printf("sum = %" PRId32 "\n", total);
    failures += trapped || total != 5050;

    /* Reading past the end traps; after growing, the same read works. */
    size_t end = wasm_memory_data_size(memory);
    sum(sum_func, (int32_t)end, 1, &trapped);
    failures += !trapped;
    failures += !wasm_memory_grow(memory, 3);
    printf("pages = %" PRIu32 ", bytes = %zu\n", wasm_memory_size(memory), wasm_memory_data_size(memory));
    failures += wasm_memory_size(memory) != 4;
    wasm_memory_data(memory)[end] = 9; /* data may move on growth: take it afresh */
    failures += sum(sum_func, (int32_t)end, 1, &trapped) != 9 || trapped;
    failures += wasm_memory_grow(memory, 1); /* the maximum is 4 pages */

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
