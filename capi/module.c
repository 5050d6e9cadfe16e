/* module.c — modules of the standard C API: compile, validate, reflect, share across stores, serialize. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

/* Serialized modules are this tag, then the original binary: libwasm has no
 * ahead-of-time code to save, so deserializing decodes and validates again. */
static const char serial_tag[16] = "libwasm-capi-v1";

static lw_capi_blob *blob_new(const void *bytes, size_t size)
{
    if (size > SIZE_MAX - sizeof(lw_capi_blob))
        return NULL;
    lw_capi_blob *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    atomic_init(&b->refs, 1);
    b->size = size;
    if (size)
        memcpy(b->bytes, bytes, size);
    return b;
}

static lw_capi_blob *blob_ref(lw_capi_blob *b)
{
    atomic_fetch_add(&b->refs, 1);
    return b;
}

static void blob_unref(lw_capi_blob *b)
{
    if (b && atomic_fetch_sub(&b->refs, 1) == 1)
        free(b);
}

/* Takes over one native reference and one blob reference. */
static wasm_module_t *module_wrap(lwasm_module *native, lw_capi_blob *binary)
{
    wasm_module_t *m = calloc(1, sizeof *m);
    if (!m) {
        lwasm_module_delete(native);
        blob_unref(binary);
        return NULL;
    }
    m->ref.kind = CAPI_MODULE;
    m->ref.refs = 1;
    m->native = native;
    m->binary = binary;
    return m;
}

void lw_capi_module_destroy(wasm_module_t *m)
{
    lwasm_module_delete(m->native);
    blob_unref(m->binary);
    free(m);
}

static wasm_module_t *module_compile(wasm_store_t *s, const void *bytes, size_t size)
{
    lwasm_module *native = NULL;
    lwasm_error *e = lwasm_module_new(s->engine->native, (const uint8_t *)bytes, size, &native);
    if (e) {
        lwasm_error_delete(e);
        return NULL;
    }
    lw_capi_blob *binary = blob_new(bytes, size);
    if (!binary) {
        lwasm_module_delete(native);
        return NULL;
    }
    return module_wrap(native, binary);
}

wasm_module_t *wasm_module_new(wasm_store_t *s, const wasm_byte_vec_t *binary)
{
    if (!s || !binary || (binary->size && !binary->data))
        return NULL;
    return module_compile(s, binary->data, binary->size);
}

bool wasm_module_validate(wasm_store_t *s, const wasm_byte_vec_t *binary)
{
    if (!s || !binary || (binary->size && !binary->data))
        return false;
    lwasm_error *e = lwasm_module_validate(s->engine->native, (const uint8_t *)binary->data, binary->size);
    lwasm_error_delete(e);
    return e == NULL;
}

static bool name_from_native(wasm_name_t *out, const lwasm_name *n)
{
    wasm_name_new(out, n->len, n->data);
    return out->size == n->len;
}

void wasm_module_imports(const wasm_module_t *m, wasm_importtype_vec_t *out)
{
    size_t n = lwasm_module_import_count(m->native);
    wasm_importtype_vec_new_uninitialized(out, n);
    for (size_t i = 0; i < out->size; i++) {
        lwasm_name module_name, name;
        lwasm_externtype type;
        wasm_name_t wm, wn;
        if (!lwasm_module_import(m->native, i, &module_name, &name, &type))
            goto fail;
        wasm_externtype_t *wt = lw_capi_externtype_from_native(&type);
        /* Both names are made either way so both can be freed. */
        bool module_ok = name_from_native(&wm, &module_name);
        bool name_ok = name_from_native(&wn, &name);
        if (!module_ok || !name_ok) {
            wasm_externtype_delete(wt);
            wt = NULL; /* importtype_new then frees the names */
        }
        if (!(out->data[i] = wasm_importtype_new(&wm, &wn, wt)))
            goto fail;
    }
    return;
fail:
    wasm_importtype_vec_delete(out);
}

void wasm_module_exports(const wasm_module_t *m, wasm_exporttype_vec_t *out)
{
    size_t n = lwasm_module_export_count(m->native);
    wasm_exporttype_vec_new_uninitialized(out, n);
    for (size_t i = 0; i < out->size; i++) {
        lwasm_name name;
        lwasm_externtype type;
        wasm_name_t wn;
        if (!lwasm_module_export(m->native, i, &name, &type))
            goto fail;
        wasm_externtype_t *wt = lw_capi_externtype_from_native(&type);
        if (!name_from_native(&wn, &name)) {
            wasm_externtype_delete(wt);
            wt = NULL;
        }
        if (!(out->data[i] = wasm_exporttype_new(&wn, wt)))
            goto fail;
    }
    return;
fail:
    wasm_exporttype_vec_delete(out);
}

/* ---- sharing between stores and threads ---------------------------------- */

wasm_shared_module_t *wasm_module_share(const wasm_module_t *m)
{
    wasm_shared_module_t *sm = malloc(sizeof *sm);
    if (!sm)
        return NULL;
    sm->native = lwasm_module_ref(m->native);
    sm->binary = blob_ref(m->binary);
    return sm;
}

void wasm_shared_module_delete(wasm_shared_module_t *sm)
{
    if (!sm)
        return;
    lwasm_module_delete(sm->native);
    blob_unref(sm->binary);
    free(sm);
}

wasm_module_t *wasm_module_obtain(wasm_store_t *s, const wasm_shared_module_t *sm)
{
    (void)s; /* a module belongs to no store */
    if (!sm)
        return NULL;
    return module_wrap(lwasm_module_ref(sm->native), blob_ref(sm->binary));
}

/* ---- serialization ------------------------------------------------------- */

void wasm_module_serialize(const wasm_module_t *m, wasm_byte_vec_t *out)
{
    size_t size = sizeof serial_tag + m->binary->size;
    wasm_byte_vec_new_uninitialized(out, size);
    if (out->size != size)
        return; /* empty: out of memory */
    memcpy(out->data, serial_tag, sizeof serial_tag);
    memcpy(out->data + sizeof serial_tag, m->binary->bytes, m->binary->size);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *s, const wasm_byte_vec_t *bytes)
{
    if (!s || !bytes || bytes->size < sizeof serial_tag || memcmp(bytes->data, serial_tag, sizeof serial_tag) != 0)
        return NULL;
    return module_compile(s, bytes->data + sizeof serial_tag, bytes->size - sizeof serial_tag);
}
