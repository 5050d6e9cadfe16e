/* memory.c — memory instances of the standard C API on libwasm's native linear memories. */
#include "capi.h"

wasm_memory_t *wasm_memory_new(wasm_store_t *s, const wasm_memorytype_t *type)
{
    if (!s || !type)
        return NULL;
    lwasm_memtype native_type = {.limits = lw_capi_limits_to_native(&type->ext.of.memory.limits)};
    lwasm_memory *m = NULL;
    lwasm_error *e = lwasm_memory_new(s->native, &native_type, &m);
    if (e) {
        lwasm_error_delete(e);
        return NULL;
    }
    return (wasm_memory_t *)lw_capi_record_for(s, CAPI_MEMORY, m);
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m)
{
    lwasm_memtype nt = lwasm_memory_type(m->ref.of.memory);
    /* An instance's type has its current size as the minimum. */
    nt.limits.min = lwasm_memory_pages(m->ref.of.memory);
    return lw_capi_memorytype_from_native(&nt);
}

byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)lwasm_memory_data(m->ref.of.memory); }
size_t wasm_memory_data_size(const wasm_memory_t *m) { return lwasm_memory_data_size(m->ref.of.memory); }
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m) { return lwasm_memory_pages(m->ref.of.memory); }

bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta)
{
    uint32_t old_pages;
    lwasm_error *e = lwasm_memory_grow(m->ref.of.memory, delta, &old_pages);
    lwasm_error_delete(e);
    return e == NULL;
}
