/* global.c — global instances of the standard C API on libwasm's native globals. */
#include "capi.h"

wasm_global_t *wasm_global_new(wasm_store_t *s, const wasm_globaltype_t *type, const wasm_val_t *init)
{
    if (!s || !type || !init)
        return NULL;
    lwasm_globaltype native_type;
    lwasm_val value;
    if (!lw_capi_globaltype_to_native(type, &native_type) ||
        !lw_capi_val_to_native(s, init, native_type.type, &value))
        return NULL;
    lwasm_global *g = NULL;
    lwasm_error *e = lwasm_global_new(s->native, &native_type, &value, &g);
    if (e) {
        lwasm_error_delete(e);
        return NULL;
    }
    return (wasm_global_t *)lw_capi_record_for(s, CAPI_GLOBAL, g);
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *g)
{
    lwasm_globaltype t = lwasm_global_type(g->ref.of.global);
    return lw_capi_globaltype_from_native(&t);
}

void wasm_global_get(const wasm_global_t *g, wasm_val_t *out)
{
    lwasm_val v;
    lwasm_global_get(g->ref.of.global, &v);
    /* Fails only for v128 or when out of memory; a zero value then stands in. */
    if (!lw_capi_val_from_native(g->ref.store, &v, out))
        lw_capi_valkind_from_native(v.kind, &out->kind);
}

void wasm_global_set(wasm_global_t *g, const wasm_val_t *v)
{
    lwasm_globaltype t = lwasm_global_type(g->ref.of.global);
    lwasm_val native;
    /* The standard gives no way to report failure: a value of the wrong type,
     * or a set of an immutable global, leaves the global unchanged. */
    if (!lw_capi_val_to_native(g->ref.store, v, t.type, &native))
        return;
    lwasm_error_delete(lwasm_global_set(g->ref.of.global, &native));
}
