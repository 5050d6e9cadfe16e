/* capi_helpers.c — shared fixtures of the wasm.h tests: engine/store setup and loading the test modules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capi_helpers.h"

#include <stdio.h>
#include <stdlib.h>

int capi_setup(void **state)
{
    capi_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->engine = wasm_engine_new();
    f->store = f->engine ? wasm_store_new(f->engine) : NULL;
    if (!f->store) {
        wasm_engine_delete(f->engine);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

int capi_teardown(void **state)
{
    capi_fixture *f = *state;
    wasm_store_delete(f->store);
    wasm_engine_delete(f->engine);
    free(f);
    return 0;
}

void capi_read_wasm(const char *name, wasm_byte_vec_t *out)
{
    const char *dir = getenv("CAPI_WASM_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.wasm", dir ? dir : ".", name);
    FILE *file = fopen(path, "rb");
    if (!file)
        fail_msg("cannot open %s (set CAPI_WASM_DIR)", path);
    fseek(file, 0L, SEEK_END);
    long size = ftell(file);
    fseek(file, 0L, SEEK_SET);
    assert_true(size > 0);
    wasm_byte_vec_new_uninitialized(out, (size_t)size);
    assert_int_equal(out->size, (size_t)size);
    assert_int_equal(fread(out->data, (size_t)size, 1, file), 1);
    fclose(file);
}

wasm_module_t *capi_load_module(wasm_store_t *store, const char *name)
{
    wasm_byte_vec_t binary;
    capi_read_wasm(name, &binary);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module)
        fail_msg("%s.wasm did not compile", name);
    return module;
}

wasm_instance_t *capi_instantiate(wasm_store_t *store, const wasm_module_t *module, wasm_extern_t *const *imports,
                                  size_t nimports)
{
    wasm_extern_vec_t vec = {nimports, (wasm_extern_t **)imports};
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &vec, &trap);
    if (!instance) {
        wasm_message_t message = WASM_EMPTY_VEC;
        if (trap)
            wasm_trap_message(trap, &message);
        fail_msg("instantiation failed: %s", message.data ? message.data : "(no trap)");
    }
    assert_null(trap);
    return instance;
}

static wasm_extern_t *export_at(const wasm_extern_vec_t *exports, size_t i)
{
    if (i >= exports->size)
        fail_msg("no export %zu (there are %zu)", i, exports->size);
    return exports->data[i];
}

wasm_func_t *capi_export_func(const wasm_extern_vec_t *exports, size_t i)
{
    wasm_func_t *f = wasm_extern_as_func(export_at(exports, i));
    assert_non_null(f);
    return f;
}

wasm_global_t *capi_export_global(const wasm_extern_vec_t *exports, size_t i)
{
    wasm_global_t *g = wasm_extern_as_global(export_at(exports, i));
    assert_non_null(g);
    return g;
}

wasm_table_t *capi_export_table(const wasm_extern_vec_t *exports, size_t i)
{
    wasm_table_t *t = wasm_extern_as_table(export_at(exports, i));
    assert_non_null(t);
    return t;
}

wasm_memory_t *capi_export_memory(const wasm_extern_vec_t *exports, size_t i)
{
    wasm_memory_t *m = wasm_extern_as_memory(export_at(exports, i));
    assert_non_null(m);
    return m;
}
