/* types.c — value, function, global, table, memory, extern, import and export types of the standard C API. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

/* ---- value types --------------------------------------------------------- */

static bool valkind_known(wasm_valkind_t k)
{
    lwasm_valkind unused;
    return lw_capi_valkind_to_native(k, &unused);
}

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind)
{
    if (!valkind_known(kind))
        return NULL;
    wasm_valtype_t *t = malloc(sizeof *t);
    if (t)
        t->kind = kind;
    return t;
}

wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }
wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) { return wasm_valtype_new(t->kind); }
void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }

bool lw_capi_valkind_to_native(wasm_valkind_t k, lwasm_valkind *out)
{
    switch (k) {
    case WASM_I32: *out = LWASM_I32; return true;
    case WASM_I64: *out = LWASM_I64; return true;
    case WASM_F32: *out = LWASM_F32; return true;
    case WASM_F64: *out = LWASM_F64; return true;
    case WASM_V128: *out = LWASM_V128; return true;
    case WASM_EXTERNREF: *out = LWASM_EXTERNREF; return true;
    case WASM_FUNCREF: *out = LWASM_FUNCREF; return true;
    default: return false;
    }
}

bool lw_capi_valkind_from_native(lwasm_valkind k, wasm_valkind_t *out)
{
    switch (k) {
    case LWASM_I32: *out = WASM_I32; return true;
    case LWASM_I64: *out = WASM_I64; return true;
    case LWASM_F32: *out = WASM_F32; return true;
    case LWASM_F64: *out = WASM_F64; return true;
    case LWASM_V128: *out = WASM_V128; return true;
    case LWASM_EXTERNREF: *out = WASM_EXTERNREF; return true;
    case LWASM_FUNCREF: *out = WASM_FUNCREF; return true;
    default: return false;
    }
}

lwasm_limits lw_capi_limits_to_native(const wasm_limits_t *l)
{
    lwasm_limits n = {.min = l->min, .max = l->max, .has_max = l->max != wasm_limits_max_default};
    if (!n.has_max)
        n.max = 0;
    return n;
}

wasm_limits_t lw_capi_limits_from_native(const lwasm_limits *l)
{
    wasm_limits_t w = {.min = l->min, .max = l->has_max ? l->max : wasm_limits_max_default};
    return w;
}

/* ---- extern types (the common layout) ------------------------------------ */

static wasm_externtype_t *externtype_alloc(wasm_externkind_t kind)
{
    wasm_externtype_t *t = calloc(1, sizeof *t);
    if (t)
        t->kind = kind;
    return t;
}

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

void wasm_externtype_delete(wasm_externtype_t *t)
{
    if (!t)
        return;
    switch (t->kind) {
    case WASM_EXTERN_FUNC:
        wasm_valtype_vec_delete(&t->of.func.params);
        wasm_valtype_vec_delete(&t->of.func.results);
        break;
    case WASM_EXTERN_GLOBAL: wasm_valtype_delete(t->of.global.content); break;
    case WASM_EXTERN_TABLE: wasm_valtype_delete(t->of.table.element); break;
    default: break;
    }
    free(t);
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t)
{
    wasm_externtype_t *c = externtype_alloc(t->kind);
    if (!c)
        return NULL;
    bool ok = true;
    switch (t->kind) {
    case WASM_EXTERN_FUNC:
        wasm_valtype_vec_copy(&c->of.func.params, &t->of.func.params);
        wasm_valtype_vec_copy(&c->of.func.results, &t->of.func.results);
        ok = c->of.func.params.size == t->of.func.params.size && c->of.func.results.size == t->of.func.results.size;
        for (size_t i = 0; ok && i < c->of.func.params.size; i++)
            ok = c->of.func.params.data[i] != NULL;
        for (size_t i = 0; ok && i < c->of.func.results.size; i++)
            ok = c->of.func.results.data[i] != NULL;
        break;
    case WASM_EXTERN_GLOBAL:
        c->of.global.content = wasm_valtype_copy(t->of.global.content);
        c->of.global.mutability = t->of.global.mutability;
        ok = c->of.global.content != NULL;
        break;
    case WASM_EXTERN_TABLE:
        c->of.table.element = wasm_valtype_copy(t->of.table.element);
        c->of.table.limits = t->of.table.limits;
        ok = c->of.table.element != NULL;
        break;
    case WASM_EXTERN_MEMORY: c->of.memory.limits = t->of.memory.limits; break;
    default: break;
    }
    if (!ok) {
        wasm_externtype_delete(c);
        return NULL;
    }
    return c;
}

/* The specific types share the extern layout; their views are casts guarded
 * by the kind. */
#define CAPI_DEFINE_EXTERNTYPE_VIEWS(name, KIND)                                                              \
    wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) { return &t->ext; }                   \
    const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) { return &t->ext; } \
    wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t)                                          \
    {                                                                                                         \
        return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;                                            \
    }                                                                                                         \
    const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t)                      \
    {                                                                                                         \
        return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;                                      \
    }                                                                                                         \
    void wasm_##name##_delete(wasm_##name##_t *t) { wasm_externtype_delete(t ? &t->ext : NULL); }             \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *t)                                             \
    {                                                                                                         \
        return (wasm_##name##_t *)wasm_externtype_copy(&t->ext);                                              \
    }

CAPI_DEFINE_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
CAPI_DEFINE_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
CAPI_DEFINE_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
CAPI_DEFINE_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

/* ---- function types ------------------------------------------------------ */

static void valtype_vec_take(wasm_valtype_vec_t *dst, wasm_valtype_vec_t *src)
{
    if (src) {
        *dst = *src;
        /* The caller gave its vector away; leave it empty so a stray delete is harmless. */
        src->size = 0;
        src->data = NULL;
    } else {
        wasm_valtype_vec_new_empty(dst);
    }
}

static bool valtype_vec_complete(const wasm_valtype_vec_t *v)
{
    for (size_t i = 0; i < v->size; i++)
        if (!v->data[i])
            return false;
    return true;
}

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results)
{
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_FUNC);
    if (!t) {
        wasm_valtype_vec_delete(params);
        wasm_valtype_vec_delete(results);
        return NULL;
    }
    valtype_vec_take(&t->of.func.params, params);
    valtype_vec_take(&t->of.func.results, results);
    /* A NULL element means a valtype allocation already failed upstream. */
    if (!valtype_vec_complete(&t->of.func.params) || !valtype_vec_complete(&t->of.func.results)) {
        wasm_externtype_delete(t);
        return NULL;
    }
    return (wasm_functype_t *)t;
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &t->ext.of.func.params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &t->ext.of.func.results; }

static bool valtypes_from_native(wasm_valtype_vec_t *out, const lwasm_valkind *kinds, uint32_t n)
{
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        wasm_valkind_t k;
        if (!lw_capi_valkind_from_native(kinds[i], &k) || !(out->data[i] = wasm_valtype_new(k)))
            return false;
    }
    return true;
}

wasm_functype_t *lw_capi_functype_from_native(const lwasm_functype *nt)
{
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_FUNC);
    if (!t)
        return NULL;
    if (!valtypes_from_native(&t->of.func.params, nt->params, nt->nparams) ||
        !valtypes_from_native(&t->of.func.results, nt->results, nt->nresults)) {
        wasm_externtype_delete(t);
        return NULL;
    }
    return (wasm_functype_t *)t;
}

bool lw_capi_functype_to_native(const wasm_functype_t *t, lwasm_functype *out, lwasm_valkind **kinds)
{
    const wasm_valtype_vec_t *ps = &t->ext.of.func.params, *rs = &t->ext.of.func.results;
    if (ps->size > UINT32_MAX || rs->size > UINT32_MAX)
        return false;
    *kinds = malloc(ps->size + rs->size + 1); /* +1: never a zero-size request */
    if (!*kinds)
        return false;
    for (size_t i = 0; i < ps->size; i++)
        if (!lw_capi_valkind_to_native(ps->data[i]->kind, &(*kinds)[i]))
            return false;
    for (size_t i = 0; i < rs->size; i++)
        if (!lw_capi_valkind_to_native(rs->data[i]->kind, &(*kinds)[ps->size + i]))
            return false;
    out->nparams = (uint32_t)ps->size;
    out->nresults = (uint32_t)rs->size;
    out->params = *kinds;
    out->results = *kinds + ps->size;
    return true;
}

/* ---- global types -------------------------------------------------------- */

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mutability)
{
    if (!content)
        return NULL;
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_GLOBAL);
    if (!t || (mutability != WASM_CONST && mutability != WASM_VAR)) {
        free(t);
        wasm_valtype_delete(content);
        return NULL;
    }
    t->of.global.content = content;
    t->of.global.mutability = mutability;
    return (wasm_globaltype_t *)t;
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return t->ext.of.global.content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return t->ext.of.global.mutability; }

wasm_globaltype_t *lw_capi_globaltype_from_native(const lwasm_globaltype *nt)
{
    wasm_valkind_t k;
    if (!lw_capi_valkind_from_native(nt->type, &k))
        return NULL;
    return wasm_globaltype_new(wasm_valtype_new(k), nt->mutable_ ? WASM_VAR : WASM_CONST);
}

bool lw_capi_globaltype_to_native(const wasm_globaltype_t *t, lwasm_globaltype *out)
{
    out->mutable_ = t->ext.of.global.mutability == WASM_VAR;
    return lw_capi_valkind_to_native(t->ext.of.global.content->kind, &out->type);
}

/* ---- table types --------------------------------------------------------- */

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits)
{
    if (!element)
        return NULL;
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_TABLE);
    if (!t || !limits || !wasm_valkind_is_ref(element->kind)) {
        free(t);
        wasm_valtype_delete(element);
        return NULL;
    }
    t->of.table.element = element;
    t->of.table.limits = *limits;
    return (wasm_tabletype_t *)t;
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return t->ext.of.table.element; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &t->ext.of.table.limits; }

wasm_tabletype_t *lw_capi_tabletype_from_native(const lwasm_tabletype *nt)
{
    wasm_valkind_t k;
    if (!lw_capi_valkind_from_native(nt->elem, &k))
        return NULL;
    wasm_limits_t l = lw_capi_limits_from_native(&nt->limits);
    return wasm_tabletype_new(wasm_valtype_new(k), &l);
}

bool lw_capi_tabletype_to_native(const wasm_tabletype_t *t, lwasm_tabletype *out)
{
    out->limits = lw_capi_limits_to_native(&t->ext.of.table.limits);
    return lw_capi_valkind_to_native(t->ext.of.table.element->kind, &out->elem);
}

/* ---- memory types -------------------------------------------------------- */

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits)
{
    if (!limits)
        return NULL;
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_MEMORY);
    if (t)
        t->of.memory.limits = *limits;
    return (wasm_memorytype_t *)t;
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &t->ext.of.memory.limits; }

wasm_memorytype_t *lw_capi_memorytype_from_native(const lwasm_memtype *nt)
{
    wasm_limits_t l = lw_capi_limits_from_native(&nt->limits);
    return wasm_memorytype_new(&l);
}

wasm_externtype_t *lw_capi_externtype_from_native(const lwasm_externtype *nt)
{
    switch (nt->kind) {
    case LWASM_EXTERN_FUNC: return (wasm_externtype_t *)lw_capi_functype_from_native(nt->of.func);
    case LWASM_EXTERN_GLOBAL: return (wasm_externtype_t *)lw_capi_globaltype_from_native(&nt->of.global);
    case LWASM_EXTERN_TABLE: return (wasm_externtype_t *)lw_capi_tabletype_from_native(&nt->of.table);
    case LWASM_EXTERN_MEMORY: return (wasm_externtype_t *)lw_capi_memorytype_from_native(&nt->of.memory);
    }
    return NULL;
}

/* ---- import and export types --------------------------------------------- */

static void name_take(wasm_name_t *dst, wasm_name_t *src)
{
    if (src) {
        *dst = *src;
        src->size = 0;
        src->data = NULL;
    } else {
        wasm_name_new_empty(dst);
    }
}

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_importtype_t *t = type ? calloc(1, sizeof *t) : NULL;
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    name_take(&t->module, module);
    name_take(&t->name, name);
    t->type = type;
    return t;
}

void wasm_importtype_delete(wasm_importtype_t *t)
{
    if (!t)
        return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t)
{
    wasm_name_t module, name;
    wasm_name_copy(&module, &t->module);
    wasm_name_copy(&name, &t->name);
    wasm_externtype_t *type = wasm_externtype_copy(t->type);
    if (module.size != t->module.size || name.size != t->name.size) {
        wasm_externtype_delete(type);
        type = NULL; /* makes importtype_new fail and free the rest */
    }
    return wasm_importtype_new(&module, &name, type);
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_exporttype_t *t = type ? calloc(1, sizeof *t) : NULL;
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    name_take(&t->name, name);
    t->type = type;
    return t;
}

void wasm_exporttype_delete(wasm_exporttype_t *t)
{
    if (!t)
        return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t)
{
    wasm_name_t name;
    wasm_name_copy(&name, &t->name);
    wasm_externtype_t *type = wasm_externtype_copy(t->type);
    if (name.size != t->name.size) {
        wasm_externtype_delete(type);
        type = NULL;
    }
    return wasm_exporttype_new(&name, type);
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }
