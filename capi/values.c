/* values.c — wasm_val_t ownership and conversion between standard C API values and native libwasm values. */
#include "capi.h"

#include <string.h>

void wasm_val_delete(wasm_val_t *v)
{
    if (wasm_valkind_is_ref(v->kind) && v->of.ref) {
        lw_capi_ref_release(v->of.ref);
        v->of.ref = NULL;
    }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v)
{
    *out = *v;
    if (wasm_valkind_is_ref(v->kind))
        out->of.ref = lw_capi_ref_acquire(v->of.ref);
}

/* Wasm code may keep an externref as long as the store lives, so a counted
 * record (module, trap) handed to it gains a reference the store drops at
 * deletion. */
static bool store_pin(wasm_store_t *s, struct wasm_ref_t *r)
{
    if (lw_capi_store_find(s, r))
        return true;
    if (!lw_capi_store_adopt(s, r))
        return false;
    r->refs++;
    return true;
}

bool lw_capi_val_to_native(wasm_store_t *s, const wasm_val_t *v, lwasm_valkind want, lwasm_val *out)
{
    lwasm_valkind kind;
    if (!lw_capi_valkind_to_native(v->kind, &kind) || kind != want)
        return false;
    memset(out, 0, sizeof *out);
    out->kind = kind;
    struct wasm_ref_t *r = NULL;
    switch (kind) {
    case LWASM_I32: out->of.i32 = v->of.i32; return true;
    case LWASM_I64: out->of.i64 = v->of.i64; return true;
    /* Bit copies keep NaN payloads intact. */
    case LWASM_F32: memcpy(&out->of.f32_bits, &v->of.f32, sizeof out->of.f32_bits); return true;
    case LWASM_F64: memcpy(&out->of.f64_bits, &v->of.f64, sizeof out->of.f64_bits); return true;
    case LWASM_FUNCREF:
        r = v->of.ref;
        if (!r)
            return true;
        if (r->kind != CAPI_FUNC || r->store != s)
            return false;
        out->of.funcref = r->of.func;
        return true;
    case LWASM_EXTERNREF:
        r = v->of.ref;
        if (!r)
            return true;
        if (lw_capi_kind_is_counted(r->kind) ? !store_pin(s, r) : r->store != s)
            return false;
        /* Wasm code sees the record itself; it comes back as the same handle. */
        out->of.externref = r;
        return true;
    default: return false; /* v128 has no wasm_val_t form */
    }
}

bool lw_capi_val_from_native(wasm_store_t *s, const lwasm_val *v, wasm_val_t *out)
{
    memset(out, 0, sizeof *out);
    switch (v->kind) {
    case LWASM_I32: out->kind = WASM_I32; out->of.i32 = v->of.i32; return true;
    case LWASM_I64: out->kind = WASM_I64; out->of.i64 = v->of.i64; return true;
    case LWASM_F32: out->kind = WASM_F32; memcpy(&out->of.f32, &v->of.f32_bits, sizeof out->of.f32); return true;
    case LWASM_F64: out->kind = WASM_F64; memcpy(&out->of.f64, &v->of.f64_bits, sizeof out->of.f64); return true;
    case LWASM_FUNCREF:
        out->kind = WASM_FUNCREF;
        if (!v->of.funcref)
            return true;
        out->of.ref = lw_capi_record_for(s, CAPI_FUNC, v->of.funcref);
        return out->of.ref != NULL;
    case LWASM_EXTERNREF:
        out->kind = WASM_EXTERNREF;
        out->of.ref = lw_capi_ref_acquire(v->of.externref);
        return true;
    default: return false;
    }
}
