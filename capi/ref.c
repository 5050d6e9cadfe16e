/* ref.c — references of the standard C API: handles, identity, host info, conversions, foreign objects. */
#include "capi.h"

#include <stdlib.h>

bool lw_capi_kind_is_counted(lw_capi_kind kind) { return kind == CAPI_MODULE || kind == CAPI_TRAP; }

bool lw_capi_kind_is_extern(lw_capi_kind kind)
{
    return kind == CAPI_FUNC || kind == CAPI_GLOBAL || kind == CAPI_TABLE || kind == CAPI_MEMORY;
}

struct wasm_ref_t *lw_capi_ref_acquire(const struct wasm_ref_t *r)
{
    /* Records are mutable objects; the const only says the caller's handle is borrowed. */
    struct wasm_ref_t *m = (struct wasm_ref_t *)r;
    if (m && lw_capi_kind_is_counted(m->kind))
        m->refs++;
    return m;
}

void lw_capi_ref_finalize(struct wasm_ref_t *r)
{
    void (*fin)(void *) = r->host_finalizer;
    r->host_finalizer = NULL;
    if (fin)
        fin(r->host_info);
}

void lw_capi_ref_release(struct wasm_ref_t *r)
{
    if (!r || !lw_capi_kind_is_counted(r->kind) || --r->refs > 0)
        return;
    lw_capi_ref_finalize(r);
    if (r->kind == CAPI_MODULE)
        lw_capi_module_destroy((wasm_module_t *)r);
    else
        lw_capi_trap_destroy((wasm_trap_t *)r);
}

/* ---- wasm_ref_t itself --------------------------------------------------- */

void wasm_ref_delete(wasm_ref_t *r) { lw_capi_ref_release(r); }
wasm_ref_t *wasm_ref_copy(const wasm_ref_t *r) { return lw_capi_ref_acquire(r); }

static bool ref_same(const struct wasm_ref_t *a, const struct wasm_ref_t *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    /* Modules obtained separately from one shared module are the same module. */
    if (a->kind == CAPI_MODULE)
        return ((const wasm_module_t *)a)->native == ((const wasm_module_t *)b)->native;
    return false;
}

bool wasm_ref_same(const wasm_ref_t *a, const wasm_ref_t *b) { return ref_same(a, b); }
void *wasm_ref_get_host_info(const wasm_ref_t *r) { return r->host_info; }

void wasm_ref_set_host_info_with_finalizer(wasm_ref_t *r, void *info, void (*finalizer)(void *))
{
    r->host_info = info;
    r->host_finalizer = finalizer;
}

void wasm_ref_set_host_info(wasm_ref_t *r, void *info) { wasm_ref_set_host_info_with_finalizer(r, info, NULL); }

/* ---- every reference kind ------------------------------------------------ */

#define CAPI_DEFINE_REF(name, KIND_TEST)                                                                      \
    void wasm_##name##_delete(wasm_##name##_t *x) { lw_capi_ref_release(CAPI_REF(x)); }                       \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *x)                                             \
    {                                                                                                         \
        return (wasm_##name##_t *)lw_capi_ref_acquire(CAPI_CREF(x));                                          \
    }                                                                                                         \
    bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b)                               \
    {                                                                                                         \
        return ref_same(CAPI_CREF(a), CAPI_CREF(b));                                                          \
    }                                                                                                         \
    void *wasm_##name##_get_host_info(const wasm_##name##_t *x) { return CAPI_CREF(x)->host_info; }           \
    void wasm_##name##_set_host_info(wasm_##name##_t *x, void *info)                                          \
    {                                                                                                         \
        wasm_ref_set_host_info(CAPI_REF(x), info);                                                            \
    }                                                                                                         \
    void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *x, void *info, void (*fin)(void *))      \
    {                                                                                                         \
        wasm_ref_set_host_info_with_finalizer(CAPI_REF(x), info, fin);                                        \
    }                                                                                                         \
    wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *x) { return CAPI_REF(x); }                              \
    const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *x) { return CAPI_CREF(x); }           \
    wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r)                                                        \
    {                                                                                                         \
        return r && (KIND_TEST) ? (wasm_##name##_t *)r : NULL;                                                \
    }                                                                                                         \
    const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r)                                    \
    {                                                                                                         \
        return r && (KIND_TEST) ? (const wasm_##name##_t *)r : NULL;                                          \
    }

CAPI_DEFINE_REF(func, r->kind == CAPI_FUNC)
CAPI_DEFINE_REF(global, r->kind == CAPI_GLOBAL)
CAPI_DEFINE_REF(table, r->kind == CAPI_TABLE)
CAPI_DEFINE_REF(memory, r->kind == CAPI_MEMORY)
CAPI_DEFINE_REF(extern, lw_capi_kind_is_extern(r->kind))
CAPI_DEFINE_REF(instance, r->kind == CAPI_INSTANCE)
CAPI_DEFINE_REF(foreign, r->kind == CAPI_FOREIGN)
CAPI_DEFINE_REF(module, r->kind == CAPI_MODULE)
CAPI_DEFINE_REF(trap, r->kind == CAPI_TRAP)

/* ---- foreign objects ----------------------------------------------------- */

wasm_foreign_t *wasm_foreign_new(wasm_store_t *s)
{
    struct wasm_ref_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->kind = CAPI_FOREIGN;
    r->store = s;
    /* The store frees it with everything else. */
    if (!lw_capi_store_adopt(s, r)) {
        free(r);
        return NULL;
    }
    return (wasm_foreign_t *)r;
}
