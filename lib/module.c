/* module.c — module lifetime (decode, validate, translate; reference counting) and the public module queries. */
#include "limits.h"

#include <stdlib.h>

lwasm_error *lwasm_module_new(lwasm_engine *e, const uint8_t *bytes, size_t len, lwasm_module **out)
{
    /* Engine limits apply at instantiation; only the checks compiled into
     * the code (fuel, interruption) come from the engine here. */
    if (!out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_module_new: out is NULL");
    *out = NULL;
    lwasm_module *m;
    LW_TRY(lw_decode(bytes, len, &m));
    m->checks = e ? lw_engine_checks(e) : 0; /* NULL: the default engine's */
    lwasm_error *err = lw_validate(m);
    if (!err)
        err = lw_translate(m);
    if (err) {
        lw_module_free(m);
        return err;
    }
    *out = m;
    return NULL;
}

lwasm_error *lwasm_module_validate(lwasm_engine *e, const uint8_t *bytes, size_t len)
{
    (void)e;
    lwasm_module *m;
    LW_TRY(lw_decode(bytes, len, &m));
    lwasm_error *err = lw_validate(m);
    lw_module_free(m);
    return err;
}

lwasm_module *lwasm_module_ref(lwasm_module *m)
{
    if (m)
        atomic_fetch_add_explicit(&m->refcount, 1u, memory_order_relaxed);
    return m;
}

void lwasm_module_delete(lwasm_module *m)
{
    /* acq_rel: the last owner must see every other owner's writes before freeing. */
    if (m && atomic_fetch_sub_explicit(&m->refcount, 1u, memory_order_acq_rel) == 1u)
        lw_module_free(m);
}

void lw_module_free(lwasm_module *m)
{
    if (!m)
        return;
    /* Function types, names and expressions point into m->bytes: not owned. */
    free(m->types);
    free(m->imports);
    free(m->func_types);
    free(m->tables);
    free(m->memories);
    free(m->globals);
    free(m->exports);
    for (uint32_t i = 0; i < m->nelems; i++) {
        free(m->elems[i].funcs);
        free(m->elems[i].exprs);
    }
    free(m->elems);
    free(m->datas);
    for (uint32_t i = 0; i < m->ncodes; i++) {
        free(m->codes[i].locals);
        if (m->codes[i].compiled)
            lw_compiled_free(m->codes[i].compiled);
    }
    free(m->codes);
    lw_translator_free(m->translator);
    free(m->func_names);
    free(m->declared_funcs);
    free(m->bytes);
    free(m);
}

/* ---- queries --------------------------------------------------------------------------------------- */

const uint8_t *lwasm_module_bytes(const lwasm_module *m, size_t *len)
{
    if (len)
        *len = m ? m->size : 0;
    return m ? m->bytes : NULL;
}

size_t lwasm_module_import_count(const lwasm_module *m) { return m ? m->nimports : 0; }
size_t lwasm_module_export_count(const lwasm_module *m) { return m ? m->nexports : 0; }

/* The type of entry `index` of an index space; false when out of range
 * (only possible for a module that was not validated). */
static bool externtype_of(const lwasm_module *m, lwasm_externkind kind, uint32_t index, lwasm_externtype *out)
{
    out->kind = kind;
    switch (kind) {
    case LWASM_EXTERN_FUNC:
        if (index >= m->nfuncs || m->func_types[index] >= m->ntypes)
            return false;
        out->of.func = &m->types[m->func_types[index]];
        return true;
    case LWASM_EXTERN_TABLE:
        if (index >= m->ntables)
            return false;
        out->of.table = m->tables[index];
        return true;
    case LWASM_EXTERN_MEMORY:
        if (index >= m->nmemories)
            return false;
        out->of.memory = m->memories[index];
        return true;
    case LWASM_EXTERN_GLOBAL:
        if (index >= m->nglobals)
            return false;
        out->of.global = m->globals[index].type;
        return true;
    }
    return false;
}

bool lwasm_module_import(const lwasm_module *m, size_t i, lwasm_name *module_name, lwasm_name *name,
                         lwasm_externtype *type)
{
    if (!m || i >= m->nimports)
        return false;
    const lw_import *imp = &m->imports[i];
    if (module_name)
        *module_name = imp->module;
    if (name)
        *name = imp->name;
    if (type) {
        type->kind = imp->kind;
        switch (imp->kind) {
        case LWASM_EXTERN_FUNC:
            if (imp->of.func_type >= m->ntypes)
                return false;
            type->of.func = &m->types[imp->of.func_type];
            break;
        case LWASM_EXTERN_TABLE: type->of.table = imp->of.table; break;
        case LWASM_EXTERN_MEMORY: type->of.memory = imp->of.memory; break;
        case LWASM_EXTERN_GLOBAL: type->of.global = imp->of.global; break;
        }
    }
    return true;
}

bool lwasm_module_export(const lwasm_module *m, size_t i, lwasm_name *name, lwasm_externtype *type)
{
    if (!m || i >= m->nexports)
        return false;
    const lw_export *ex = &m->exports[i];
    if (name)
        *name = ex->name;
    if (type)
        return externtype_of(m, ex->kind, ex->index, type);
    return true;
}

bool lwasm_module_func_name(const lwasm_module *m, uint32_t func_index, lwasm_name *name)
{
    if (!m)
        return false;
    /* func_names is sorted by index without duplicates (decode.c). */
    uint32_t lo = 0, hi = m->nfunc_names;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t at = m->func_names[mid].index;
        if (at == func_index) {
            if (name)
                *name = m->func_names[mid].name;
            return true;
        }
        if (at < func_index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}
