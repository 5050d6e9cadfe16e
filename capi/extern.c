/* extern.c — externals of the standard C API: kinds, current types, views between externs and their kinds. */
#include "capi.h"

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e)
{
    switch (e->ref.kind) {
    case CAPI_GLOBAL: return WASM_EXTERN_GLOBAL;
    case CAPI_TABLE: return WASM_EXTERN_TABLE;
    case CAPI_MEMORY: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
    }
}

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e)
{
    switch (e->ref.kind) {
    case CAPI_FUNC: return (wasm_externtype_t *)wasm_func_type((const wasm_func_t *)e);
    case CAPI_GLOBAL: return (wasm_externtype_t *)wasm_global_type((const wasm_global_t *)e);
    case CAPI_TABLE: return (wasm_externtype_t *)wasm_table_type((const wasm_table_t *)e);
    case CAPI_MEMORY: return (wasm_externtype_t *)wasm_memory_type((const wasm_memory_t *)e);
    default: return NULL;
    }
}

/* Every record starts with the same header, so a view is a cast guarded by the kind. */
#define CAPI_DEFINE_EXTERN_VIEWS(name, KIND)                                                                  \
    wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) { return (wasm_extern_t *)x; }                 \
    const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x)                              \
    {                                                                                                         \
        return (const wasm_extern_t *)x;                                                                      \
    }                                                                                                         \
    wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e)                                                  \
    {                                                                                                         \
        return e && e->ref.kind == KIND ? (wasm_##name##_t *)e : NULL;                                        \
    }                                                                                                         \
    const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e)                              \
    {                                                                                                         \
        return e && e->ref.kind == KIND ? (const wasm_##name##_t *)e : NULL;                                  \
    }

CAPI_DEFINE_EXTERN_VIEWS(func, CAPI_FUNC)
CAPI_DEFINE_EXTERN_VIEWS(global, CAPI_GLOBAL)
CAPI_DEFINE_EXTERN_VIEWS(table, CAPI_TABLE)
CAPI_DEFINE_EXTERN_VIEWS(memory, CAPI_MEMORY)
