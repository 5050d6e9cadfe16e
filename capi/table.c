/* table.c — table instances of the standard C API on libwasm's native tables. */
#include "capi.h"

/* A reference (or NULL) as a native element of the table's element kind. */
static bool elem_to_native(wasm_store_t *s, lwasm_valkind elem, wasm_ref_t *r, lwasm_val *out)
{
    wasm_val_t v = {.kind = elem == LWASM_FUNCREF ? WASM_FUNCREF : WASM_EXTERNREF, .of = {.ref = r}};
    return lw_capi_val_to_native(s, &v, elem, out);
}

wasm_table_t *wasm_table_new(wasm_store_t *s, const wasm_tabletype_t *type, wasm_ref_t *init)
{
    if (!s || !type)
        return NULL;
    lwasm_tabletype native_type;
    lwasm_val value;
    if (!lw_capi_tabletype_to_native(type, &native_type) || !elem_to_native(s, native_type.elem, init, &value))
        return NULL;
    lwasm_table *t = NULL;
    lwasm_error *e = lwasm_table_new(s->native, &native_type, &value, &t);
    if (e) {
        lwasm_error_delete(e);
        return NULL;
    }
    return (wasm_table_t *)lw_capi_record_for(s, CAPI_TABLE, t);
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *t)
{
    lwasm_tabletype nt = lwasm_table_type(t->ref.of.table);
    /* An instance's type has its current size as the minimum. */
    nt.limits.min = lwasm_table_size(t->ref.of.table);
    return lw_capi_tabletype_from_native(&nt);
}

wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index)
{
    lwasm_val v;
    lwasm_error *e = lwasm_table_get(t->ref.of.table, index, &v);
    if (e) {
        lwasm_error_delete(e);
        return NULL;
    }
    wasm_val_t w;
    if (!lw_capi_val_from_native(t->ref.store, &v, &w))
        return NULL;
    return w.of.ref;
}

bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *r)
{
    lwasm_tabletype nt = lwasm_table_type(t->ref.of.table);
    lwasm_val v;
    if (!elem_to_native(t->ref.store, nt.elem, r, &v))
        return false;
    lwasm_error *e = lwasm_table_set(t->ref.of.table, index, &v);
    lwasm_error_delete(e);
    return e == NULL;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *t) { return lwasm_table_size(t->ref.of.table); }

bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init)
{
    lwasm_tabletype nt = lwasm_table_type(t->ref.of.table);
    lwasm_val v;
    if (!elem_to_native(t->ref.store, nt.elem, init, &v))
        return false;
    uint32_t old_size;
    lwasm_error *e = lwasm_table_grow(t->ref.of.table, delta, &v, &old_size);
    lwasm_error_delete(e);
    return e == NULL;
}
