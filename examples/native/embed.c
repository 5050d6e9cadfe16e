/* embed.c — the native API: a host function with user data, imports resolved by name, calling exports, reading memory. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* env.log(ptr, len): prints a string from the calling instance's memory,
 * after a prefix that the host gave as the function's user data. */
static lwasm_error *log_string(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                               lwasm_val *results, size_t nresults)
{
    (void)nargs;
    (void)results;
    (void)nresults;
    const char *prefix = env;
    lwasm_memory *memory = lwasm_caller_memory(caller);
    uint32_t ptr = (uint32_t)args[0].of.i32, len = (uint32_t)args[1].of.i32;
    /* The guest's pointers are not to be trusted: check them. */
    if (!memory || (uint64_t)ptr + len > lwasm_memory_data_size(memory))
        return lwasm_error_new_trap("log: the string is outside memory");
    printf("%s%.*s\n", prefix, (int)len, (const char *)lwasm_memory_data(memory) + ptr);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "embed.wasm";
    size_t len;
    uint8_t *bytes = example_read_file(path, &len);
    if (!bytes)
        return 1;

    /* Compile once: the module is immutable and could serve many stores. */
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_module *module = NULL;
    lwasm_error *err = lwasm_module_new(engine, bytes, len, &module);
    free(bytes); /* the module keeps its own copy */
    if (err) {
        example_report(path, err);
        return 1;
    }

    /* A store owns what runs; the linker resolves imports by module/name. */
    lwasm_store *store = lwasm_store_new(engine);
    lwasm_linker *linker = lwasm_linker_new(store);
    static const lwasm_valkind log_params[] = {LWASM_I32, LWASM_I32};
    lwasm_functype log_type = {2, 0, log_params, NULL};
    lwasm_extern log_func = {.kind = LWASM_EXTERN_FUNC};
    log_func.of.func = lwasm_func_new(store, &log_type, log_string, "[guest] ", NULL);
    lwasm_instance *instance = NULL;
    err = lwasm_linker_define(linker, "env", 3, "log", 3, &log_func);
    if (!err)
        err = lwasm_linker_instantiate(linker, module, &instance);
    int status = 1;
    if (err) {
        example_report("instantiation", err);
        goto done;
    }

    /* Call "greet", which calls back into env.log. */
    lwasm_extern greet, squares, memory;
    if (!lwasm_instance_export(instance, "greet", 5, &greet) ||
        !lwasm_instance_export(instance, "squares", 7, &squares) ||
        !lwasm_instance_export(instance, "memory", 6, &memory)) {
        fprintf(stderr, "missing export\n");
        goto done;
    }
    if ((err = lwasm_func_call(store, greet.of.func, NULL, 0, NULL, 0))) {
        example_report("greet", err);
        goto done;
    }

    /* Call "squares" with typed values, then read what it wrote to memory. */
    lwasm_val n = lwasm_val_i32(10), sum;
    if ((err = lwasm_func_call(store, squares.of.func, &n, 1, &sum, 1))) {
        example_report("squares", err);
        goto done;
    }
    printf("squares(10) = %" PRId32 "\n", sum.of.i32);
    const uint8_t *data = lwasm_memory_data(memory.of.memory);
    int32_t total = 0;
    printf("memory[1024..1064] =");
    for (int i = 0; i < 10; i++) {
        int32_t v;
        memcpy(&v, data + 1024 + 4 * i, sizeof v); /* little-endian, possibly unaligned */
        printf(" %" PRId32, v);
        total += v;
    }
    printf("\nmemory: %" PRIu32 " page(s), %zu bytes\n", lwasm_memory_pages(memory.of.memory),
           lwasm_memory_data_size(memory.of.memory));
    status = total == sum.of.i32 && sum.of.i32 == 285 ? 0 : 1;

done:
    /* Deleting the store frees every instance, function and memory in it. */
    lwasm_linker_delete(linker);
    lwasm_store_delete(store);
    lwasm_module_delete(module);
    lwasm_engine_delete(engine);
    return status;
}
