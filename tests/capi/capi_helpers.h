/* capi_helpers.h — shared fixtures of the wasm.h tests: engine/store setup and loading the test modules. */
#ifndef CAPI_HELPERS_H
#define CAPI_HELPERS_H

#include "wasm.h"

typedef struct capi_fixture {
    wasm_engine_t *engine;
    wasm_store_t *store;
} capi_fixture;

/* cmocka setup/teardown: *state becomes a capi_fixture. */
int capi_setup(void **state);
int capi_teardown(void **state);

/* Reads $CAPI_WASM_DIR/<name>.wasm (built from tests/capi/wat/<name>.wat). */
void capi_read_wasm(const char *name, wasm_byte_vec_t *out);
/* Reads and compiles it; fails the test if that does not work. */
wasm_module_t *capi_load_module(wasm_store_t *store, const char *name);
/* Instantiates with the given imports; fails the test on a trap. */
wasm_instance_t *capi_instantiate(wasm_store_t *store, const wasm_module_t *module, wasm_extern_t *const *imports,
                                  size_t nimports);
/* The i-th export as a function/global/table/memory; fails the test if it is another kind. */
wasm_func_t *capi_export_func(const wasm_extern_vec_t *exports, size_t i);
wasm_global_t *capi_export_global(const wasm_extern_vec_t *exports, size_t i);
wasm_table_t *capi_export_table(const wasm_extern_vec_t *exports, size_t i);
wasm_memory_t *capi_export_memory(const wasm_extern_vec_t *exports, size_t i);

#endif
