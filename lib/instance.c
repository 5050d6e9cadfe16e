/* instance.c — instantiation (import checks, allocation, segment initialisation, start) and export lookup. */
#include "limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names in messages are clipped: they come from the input and may be long. */
#define LW_NAME_IN_MESSAGE(n) (int)((n).len > 120 ? 120 : (n).len), (n).data ? (n).data : ""

static const char *extern_kind_name(lwasm_externkind k)
{
    switch (k) {
    case LWASM_EXTERN_FUNC: return "function";
    case LWASM_EXTERN_TABLE: return "table";
    case LWASM_EXTERN_MEMORY: return "memory";
    case LWASM_EXTERN_GLOBAL: return "global";
    }
    return "unknown extern";
}

static lwasm_error *incompatible(const lw_import *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static lwasm_error *incompatible(const lw_import *im, const char *fmt, ...)
{
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return lw_error(LWASM_ERR_UNLINKABLE, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                    "incompatible import type for \"%.*s\".\"%.*s\": %s", LW_NAME_IN_MESSAGE(im->module),
                    LW_NAME_IN_MESSAGE(im->name), detail);
}

static bool kinds_equal(const lwasm_valkind *a, const lwasm_valkind *b, uint32_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

static bool functype_equal(const lw_functype *a, const lw_functype *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults && kinds_equal(a->params, b->params, a->nparams) &&
           kinds_equal(a->results, b->results, a->nresults);
}

/* Import subtyping of limits; `current` is the object's size now, which is
 * what the spec takes as its minimum. */
static bool limits_match(uint32_t current, const lw_limits *actual, const lw_limits *required)
{
    if (current < required->min)
        return false;
    if (required->has_max && (!actual->has_max || actual->max > required->max))
        return false;
    return true;
}

static lwasm_error *check_import(const lwasm_store *s, const lwasm_module *m, const lw_import *im,
                                 const lwasm_extern *ext)
{
    if (ext->kind != im->kind)
        return incompatible(im, "expected a %s, got a %s", extern_kind_name(im->kind), extern_kind_name(ext->kind));
    switch (im->kind) {
    case LWASM_EXTERN_FUNC: {
        const lwasm_func *f = ext->of.func;
        if (!f)
            return incompatible(im, "no function given");
        if (f->store != s)
            return incompatible(im, "the function belongs to another store");
        if (!functype_equal(f->type, &m->types[im->of.func_type]))
            return incompatible(im, "function signatures differ");
        return NULL;
    }
    case LWASM_EXTERN_TABLE: {
        const lwasm_table *t = ext->of.table;
        if (!t)
            return incompatible(im, "no table given");
        if (t->type.elem != im->of.table.elem)
            return incompatible(im, "table element types differ");
        if (!limits_match(t->size, &t->type.limits, &im->of.table.limits))
            return incompatible(im, "table limits do not match");
        return NULL;
    }
    case LWASM_EXTERN_MEMORY: {
        const lwasm_memory *mem = ext->of.memory;
        if (!mem)
            return incompatible(im, "no memory given");
        if (!limits_match(mem->pages, &mem->type.limits, &im->of.memory.limits))
            return incompatible(im, "memory limits do not match");
        return NULL;
    }
    case LWASM_EXTERN_GLOBAL: {
        const lwasm_global *g = ext->of.global;
        if (!g)
            return incompatible(im, "no global given");
        if (g->type.type != im->of.global.type)
            return incompatible(im, "global value types differ");
        if (g->type.mutable_ != im->of.global.mutable_)
            return incompatible(im, "global mutability differs");
        return NULL;
    }
    }
    return incompatible(im, "unknown import kind %d", (int)im->kind);
}

/* calloc that treats an empty array as success. */
static bool alloc_array(size_t n, size_t size, void *out)
{
    void *p = n ? calloc(n, size) : NULL;
    memcpy(out, &p, sizeof p);
    return !n || p;
}

static lwasm_error *allocate_instance(lwasm_store *s, lwasm_module *m, lwasm_instance **out)
{
    lwasm_instance *inst = calloc(1, sizeof *inst);
    if (!inst)
        return lw_error_nomem();
    inst->store = s;
    inst->module = m;
    bool ok = alloc_array(m->nfuncs, sizeof *inst->funcs, &inst->funcs) &&
              alloc_array(m->ntables, sizeof *inst->tables, &inst->tables) &&
              alloc_array(m->nmemories, sizeof *inst->memories, &inst->memories) &&
              alloc_array(m->nglobals, sizeof *inst->globals, &inst->globals) &&
              alloc_array(m->nelems, sizeof *inst->elem_refs, &inst->elem_refs) &&
              alloc_array(m->nelems, sizeof *inst->elem_lens, &inst->elem_lens) &&
              alloc_array(m->ndatas, sizeof *inst->data_lens, &inst->data_lens);
    /* From here the store owns the instance (and the module reference it
     * takes), whatever happens later. */
    if (!ok || !lw_objlist_add(&s->instances, inst)) {
        free(inst->funcs);
        free(inst->tables);
        free(inst->memories);
        free(inst->globals);
        free(inst->elem_refs);
        free(inst->elem_lens);
        free(inst->data_lens);
        free(inst);
        return lw_error_nomem();
    }
    lwasm_module_ref(m);
    *out = inst;
    return NULL;
}

static void bind_imports(lwasm_instance *inst, const lwasm_extern *imports)
{
    const lwasm_module *m = inst->module;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        switch (imports[i].kind) {
        case LWASM_EXTERN_FUNC: inst->funcs[nf++] = imports[i].of.func; break;
        case LWASM_EXTERN_TABLE: inst->tables[nt++] = imports[i].of.table; break;
        case LWASM_EXTERN_MEMORY: inst->memories[nm++] = imports[i].of.memory; break;
        case LWASM_EXTERN_GLOBAL: inst->globals[ng++] = imports[i].of.global; break;
        }
    }
}

static lwasm_error *create_funcs(lwasm_instance *inst)
{
    const lwasm_module *m = inst->module;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        lwasm_func *f = calloc(1, sizeof *f);
        if (!f)
            return lw_error_nomem();
        f->type = lw_func_type(m, i);
        f->store = inst->store;
        f->instance = inst;
        f->index = i;
        f->code = &m->codes[i - m->nfunc_imports];
        if (!lw_objlist_add(&inst->store->funcs, f)) {
            free(f);
            return lw_error_nomem();
        }
        inst->funcs[i] = f;
    }
    return NULL;
}

static lwasm_error *create_tables_and_memories(lwasm_instance *inst)
{
    const lwasm_module *m = inst->module;
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
        LW_TRY(lwasm_table_new(inst->store, &m->tables[i], NULL, &inst->tables[i]));
    for (uint32_t i = m->nmemory_imports; i < m->nmemories; i++)
        LW_TRY(lwasm_memory_new(inst->store, &m->memories[i], &inst->memories[i]));
    return NULL;
}

static lwasm_error *create_globals(lwasm_instance *inst)
{
    const lwasm_module *m = inst->module;
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        lw_value value[2] = {{0}, {0}};
        LW_TRY(lw_const_eval(inst, &m->globals[i].init, m->globals[i].type.type, value));
        lwasm_global *g = calloc(1, sizeof *g);
        if (!g)
            return lw_error_nomem();
        g->type = m->globals[i].type;
        memcpy(g->value, value, sizeof value);
        if (!lw_objlist_add(&inst->store->globals, g)) {
            free(g);
            return lw_error_nomem();
        }
        inst->globals[i] = g;
    }
    return NULL;
}

/* Every element segment becomes a list of references, as table.init and
 * the active-segment copy below both want. */
static lwasm_error *evaluate_elems(lwasm_instance *inst)
{
    const lwasm_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const lw_elem *e = &m->elems[i];
        void **refs;
        if (!alloc_array(e->count, sizeof *refs, &refs))
            return lw_error_nomem();
        inst->elem_refs[i] = refs;
        for (uint32_t j = 0; j < e->count; j++) {
            if (e->funcs) {
                if (e->funcs[j] >= m->nfuncs)
                    return LW_INVALID(e->offset_in_binary, LWASM_NO_FUNC, "unknown function %u", e->funcs[j]);
                refs[j] = inst->funcs[e->funcs[j]];
            } else {
                lw_value v[2] = {{0}, {0}};
                LW_TRY(lw_const_eval(inst, &e->exprs[j], e->type, v));
                refs[j] = v[0].ref;
            }
        }
        inst->elem_lens[i] = e->count;
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        inst->data_lens[i] = m->datas[i].init.len;
    return NULL;
}

static void drop_elem(lwasm_instance *inst, uint32_t i)
{
    free(inst->elem_refs[i]);
    inst->elem_refs[i] = NULL;
    inst->elem_lens[i] = 0;
}

/* Active segments behave as table.init / memory.init followed by a drop, in
 * segment order: a segment out of bounds traps and earlier writes stay. */
static lwasm_error *init_tables(lwasm_instance *inst)
{
    const lwasm_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const lw_elem *e = &m->elems[i];
        if (e->mode == LW_SEG_ACTIVE) {
            if (e->table >= m->ntables)
                return LW_INVALID(e->offset_in_binary, LWASM_NO_FUNC, "unknown table %u", e->table);
            lw_value off[2] = {{0}, {0}};
            LW_TRY(lw_const_eval(inst, &e->offset, LWASM_I32, off));
            lwasm_table *t = inst->tables[e->table];
            uint32_t len = inst->elem_lens[i];
            if ((uint64_t)off[0].i32 + len > t->size)
                return lw_trap(LWASM_TRAP_TABLE_OOB, LWASM_NO_FUNC, e->offset_in_binary);
            if (len)
                memcpy(&t->elems[off[0].i32], inst->elem_refs[i], len * sizeof *t->elems);
        }
        if (e->mode != LW_SEG_PASSIVE)
            drop_elem(inst, i);
    }
    return NULL;
}

static lwasm_error *init_memories(lwasm_instance *inst)
{
    const lwasm_module *m = inst->module;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const lw_data *d = &m->datas[i];
        if (d->mode != LW_SEG_ACTIVE)
            continue;
        if (d->memory >= m->nmemories)
            return LW_INVALID(d->offset.offset, LWASM_NO_FUNC, "unknown memory %u", d->memory);
        lw_value off[2] = {{0}, {0}};
        LW_TRY(lw_const_eval(inst, &d->offset, LWASM_I32, off));
        lwasm_memory *mem = inst->memories[d->memory];
        if ((uint64_t)off[0].i32 + d->init.len > mem->size)
            return lw_trap(LWASM_TRAP_MEMORY_OOB, LWASM_NO_FUNC, d->offset.offset);
        if (d->init.len)
            memcpy(mem->data + off[0].i32, d->init.data, d->init.len);
        inst->data_lens[i] = 0;
    }
    return NULL;
}

lwasm_error *lwasm_instance_new(lwasm_store *s, lwasm_module *m, const lwasm_extern *imports, size_t nimports,
                                lwasm_instance **out)
{
    if (!out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_instance_new: NULL out");
    *out = NULL;
    if (!s || !m || (nimports && !imports))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_instance_new: NULL argument");
    if (m->checks != lw_engine_checks(s->engine))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "the module was compiled by an engine whose fuel, interruption or bounds-check setting differs from "
                        "the store's engine");
    if (nimports != m->nimports)
        return lw_error(LWASM_ERR_UNLINKABLE, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "the module has %u imports, %zu were given", m->nimports, nimports);
    for (uint32_t i = 0; i < m->nimports; i++)
        LW_TRY(check_import(s, m, &m->imports[i], &imports[i]));

    lwasm_instance *inst = NULL;
    LW_TRY(allocate_instance(s, m, &inst));
    bind_imports(inst, imports);
    LW_TRY(create_funcs(inst));
    LW_TRY(create_tables_and_memories(inst));
    LW_TRY(create_globals(inst));
    LW_TRY(evaluate_elems(inst));
    LW_TRY(init_tables(inst));
    LW_TRY(init_memories(inst));

    /* The instance exists from here on, even if its start function traps. */
    *out = inst;
    if (m->has_start) {
        lw_value slots[2];
        return lw_invoke(s, inst->funcs[m->start], slots);
    }
    return NULL;
}

static void export_extern(const lwasm_instance *inst, const lw_export *e, lwasm_extern *out)
{
    out->kind = e->kind;
    switch (e->kind) {
    case LWASM_EXTERN_FUNC: out->of.func = inst->funcs[e->index]; break;
    case LWASM_EXTERN_TABLE: out->of.table = inst->tables[e->index]; break;
    case LWASM_EXTERN_MEMORY: out->of.memory = inst->memories[e->index]; break;
    case LWASM_EXTERN_GLOBAL: out->of.global = inst->globals[e->index]; break;
    }
}

bool lwasm_instance_export(const lwasm_instance *i, const char *name, size_t name_len, lwasm_extern *out)
{
    if (!i || (name_len && !name))
        return false;
    const lwasm_module *m = i->module;
    /* Linear: modules export few names, and lookups happen at link time. */
    for (uint32_t k = 0; k < m->nexports; k++) {
        const lw_export *e = &m->exports[k];
        if (e->name.len == name_len && (name_len == 0 || memcmp(e->name.data, name, name_len) == 0)) {
            if (out)
                export_extern(i, e, out);
            return true;
        }
    }
    return false;
}

size_t lwasm_instance_export_count(const lwasm_instance *i) { return i->module->nexports; }

bool lwasm_instance_export_nth(const lwasm_instance *i, size_t n, lwasm_name *name, lwasm_extern *out)
{
    if (!i || n >= i->module->nexports)
        return false;
    const lw_export *e = &i->module->exports[n];
    if (name)
        *name = e->name;
    if (out)
        export_extern(i, e, out);
    return true;
}

const lwasm_module *lwasm_instance_module(const lwasm_instance *i) { return i->module; }
