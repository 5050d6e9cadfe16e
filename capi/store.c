/* store.c — configs, engines and stores of the standard C API, and each store's map of object records. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

/* ---- config and engine --------------------------------------------------- */

wasm_config_t *wasm_config_new(void)
{
    wasm_config_t *c = malloc(sizeof *c);
    if (c)
        lwasm_config_init(&c->native);
    return c;
}

void wasm_config_delete(wasm_config_t *c) { free(c); }

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config)
{
    wasm_engine_t *e = malloc(sizeof *e);
    if (e) {
        e->native = lwasm_engine_new(config ? &config->native : NULL);
        if (!e->native) {
            free(e);
            e = NULL;
        }
    }
    wasm_config_delete(config);
    return e;
}

wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(NULL); }

void wasm_engine_delete(wasm_engine_t *e)
{
    if (!e)
        return;
    lwasm_engine_delete(e->native);
    free(e);
}

/* ---- store --------------------------------------------------------------- */

wasm_store_t *wasm_store_new(wasm_engine_t *engine)
{
    if (!engine)
        return NULL;
    wasm_store_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->engine = engine;
    s->native = lwasm_store_new(engine->native);
    if (!s->native) {
        free(s);
        return NULL;
    }
    lwasm_store_set_data(s->native, s);
    return s;
}

void wasm_store_delete(wasm_store_t *s)
{
    if (!s)
        return;
    /* Host-info finalizers first, while every object is still alive... */
    for (size_t i = 0; i < s->cap; i++) {
        struct wasm_ref_t *r = s->entries[i].record;
        if (r && !lw_capi_kind_is_counted(r->kind))
            lw_capi_ref_finalize(r);
    }
    /* ...then the objects themselves (this runs host functions' env finalizers)... */
    lwasm_store_delete(s->native);
    /* ...then the records, and the store's references on pinned modules and traps. */
    for (size_t i = 0; i < s->cap; i++) {
        struct wasm_ref_t *r = s->entries[i].record;
        if (!r)
            continue;
        if (lw_capi_kind_is_counted(r->kind))
            lw_capi_ref_release(r);
        else
            free(r);
    }
    if (s->pending_trap)
        lw_capi_ref_release(CAPI_REF(s->pending_trap));
    free(s->entries);
    free(s);
}

/* ---- the record map ------------------------------------------------------ */

static size_t key_hash(const void *key)
{
    /* Fibonacci hashing of the address; allocations are at least 8-aligned. */
    uint64_t x = (uint64_t)(uintptr_t)key >> 3;
    return (size_t)(x * 0x9E3779B97F4A7C15ull);
}

static lw_capi_map_entry *map_slot(lw_capi_map_entry *entries, size_t cap, const void *key)
{
    size_t i = key_hash(key) & (cap - 1);
    while (entries[i].key && entries[i].key != key)
        i = (i + 1) & (cap - 1);
    return &entries[i];
}

static bool map_grow(wasm_store_t *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    if (cap < s->cap || cap > SIZE_MAX / sizeof(lw_capi_map_entry))
        return false;
    lw_capi_map_entry *entries = calloc(cap, sizeof *entries);
    if (!entries)
        return false;
    for (size_t i = 0; i < s->cap; i++)
        if (s->entries[i].key)
            *map_slot(entries, cap, s->entries[i].key) = s->entries[i];
    free(s->entries);
    s->entries = entries;
    s->cap = cap;
    return true;
}

struct wasm_ref_t *lw_capi_store_find(const wasm_store_t *s, const void *key)
{
    if (!s->cap)
        return NULL;
    return map_slot(s->entries, s->cap, key)->record;
}

static bool map_insert(wasm_store_t *s, const void *key, struct wasm_ref_t *record)
{
    /* Keep the load at most 3/4 so probes stay short. */
    if ((s->count + 1) * 4 > s->cap * 3 && !map_grow(s))
        return false;
    lw_capi_map_entry *e = map_slot(s->entries, s->cap, key);
    if (!e->key)
        s->count++;
    e->key = key;
    e->record = record;
    return true;
}

struct wasm_ref_t *lw_capi_record_for(wasm_store_t *s, lw_capi_kind kind, void *native)
{
    if (!native)
        return NULL;
    struct wasm_ref_t *r = lw_capi_store_find(s, native);
    if (r)
        return r;
    r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->kind = kind;
    r->store = s;
    r->of.any = native;
    if (!map_insert(s, native, r)) {
        free(r);
        return NULL;
    }
    return r;
}

bool lw_capi_store_adopt(wasm_store_t *s, struct wasm_ref_t *record)
{
    if (lw_capi_store_find(s, record))
        return true;
    return map_insert(s, record, record);
}

wasm_extern_t *lw_capi_extern_for(wasm_store_t *s, const lwasm_extern *e)
{
    switch (e->kind) {
    case LWASM_EXTERN_FUNC: return (wasm_extern_t *)lw_capi_record_for(s, CAPI_FUNC, e->of.func);
    case LWASM_EXTERN_GLOBAL: return (wasm_extern_t *)lw_capi_record_for(s, CAPI_GLOBAL, e->of.global);
    case LWASM_EXTERN_TABLE: return (wasm_extern_t *)lw_capi_record_for(s, CAPI_TABLE, e->of.table);
    case LWASM_EXTERN_MEMORY: return (wasm_extern_t *)lw_capi_record_for(s, CAPI_MEMORY, e->of.memory);
    }
    return NULL;
}

lwasm_extern lw_capi_extern_to_native(const wasm_extern_t *e)
{
    lwasm_extern n;
    memset(&n, 0, sizeof n);
    switch (e->ref.kind) {
    case CAPI_FUNC: n.kind = LWASM_EXTERN_FUNC; n.of.func = e->ref.of.func; break;
    case CAPI_GLOBAL: n.kind = LWASM_EXTERN_GLOBAL; n.of.global = e->ref.of.global; break;
    case CAPI_TABLE: n.kind = LWASM_EXTERN_TABLE; n.of.table = e->ref.of.table; break;
    case CAPI_MEMORY: n.kind = LWASM_EXTERN_MEMORY; n.of.memory = e->ref.of.memory; break;
    default: break;
    }
    return n;
}
