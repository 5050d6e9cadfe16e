/* store.c — engine configuration, the store, and the object list through which a store owns what it creates. */
#include "limits.h"

#include <stdlib.h>
#include <string.h>

/* Defaults for the engine limits (0 in lwasm_config means "use these"):
 *   max_memory_pages 65536 — the whole 32-bit address space, 4 GiB;
 *   max_call_depth   20000 — wasm frames live at once, ample for recursive
 *                            guests while bounding the interpreter's frame stack;
 *   max_stack_slots  1<<20 — 8 MiB of 8-byte value-stack slots. */
enum {
    LW_DEFAULT_MAX_MEMORY_PAGES = 65536,
    LW_DEFAULT_MAX_CALL_DEPTH = 20000,
    LW_DEFAULT_MAX_STACK_SLOTS = 1u << 20,
};

void lwasm_config_init(lwasm_config *c)
{
    if (!c)
        return;
    c->max_memory_pages = LW_DEFAULT_MAX_MEMORY_PAGES;
    c->max_call_depth = LW_DEFAULT_MAX_CALL_DEPTH;
    c->max_stack_slots = LW_DEFAULT_MAX_STACK_SLOTS;
    c->consume_fuel = false;
    c->interruptible = false;
    c->explicit_bounds_checks = false;
}

lwasm_engine *lwasm_engine_new(const lwasm_config *c)
{
    lwasm_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    lwasm_config_init(&e->config);
    /* The engine keeps a normalised copy so the rest of the runtime never
     * has to interpret "0 means default". */
    if (c) {
        if (c->max_memory_pages)
            e->config.max_memory_pages = c->max_memory_pages;
        if (c->max_call_depth)
            e->config.max_call_depth = c->max_call_depth;
        if (c->max_stack_slots)
            e->config.max_stack_slots = c->max_stack_slots;
        e->config.consume_fuel = c->consume_fuel;
        e->config.interruptible = c->interruptible;
        e->config.explicit_bounds_checks = c->explicit_bounds_checks;
    }
    /* The run-time switch to explicit bounds checks, for any program. */
    const char *bounds = getenv("LWASM_BOUNDS_CHECKS");
    if (bounds && strcmp(bounds, "explicit") == 0)
        e->config.explicit_bounds_checks = true;
    if (e->config.max_memory_pages > LW_DEFAULT_MAX_MEMORY_PAGES)
        e->config.max_memory_pages = LW_DEFAULT_MAX_MEMORY_PAGES;
    return e;
}

void lwasm_engine_delete(lwasm_engine *e) { free(e); }

bool lw_objlist_add(lw_objlist *l, void *item)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        if (cap > SIZE_MAX / sizeof *l->items)
            return false;
        void **items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return false;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = item;
    return true;
}

lwasm_store *lwasm_store_new(lwasm_engine *e)
{
    if (!e)
        return NULL;
    lwasm_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->engine = e;
    if (e->config.interruptible && !(s->interrupt = lw_interrupt_new())) {
        free(s);
        return NULL;
    }
    return s;
}

void lwasm_store_set_data(lwasm_store *s, void *data) { s->data = data; }
void *lwasm_store_data(const lwasm_store *s) { return s->data; }

static void free_func(lwasm_func *f)
{
    if (f->finalizer)
        f->finalizer(f->env);
    free(f);
}


static void free_table(lwasm_table *t)
{
    free(t->elems);
    free(t);
}

static void free_instance(lwasm_instance *inst)
{
    if (inst->elem_refs) {
        for (uint32_t i = 0; i < inst->module->nelems; i++)
            free(inst->elem_refs[i]);
    }
    free(inst->elem_refs);
    free(inst->elem_lens);
    free(inst->data_lens);
    free(inst->funcs);
    free(inst->tables);
    free(inst->memories);
    free(inst->globals);
    lwasm_module_delete(inst->module);
    free(inst);
}

void lwasm_store_delete(lwasm_store *s)
{
    if (!s)
        return;
    /* Host finalizers run first, while every other object still exists. */
    for (size_t i = 0; i < s->funcs.count; i++)
        free_func(s->funcs.items[i]);
    for (size_t i = 0; i < s->tables.count; i++)
        free_table(s->tables.items[i]);
    for (size_t i = 0; i < s->memories.count; i++)
        lw_memory_free(s->memories.items[i]);
    for (size_t i = 0; i < s->globals.count; i++)
        free(s->globals.items[i]);
    /* Instances last: their functions point into the module they hold. */
    for (size_t i = 0; i < s->instances.count; i++)
        free_instance(s->instances.items[i]);
    free(s->funcs.items);
    free(s->tables.items);
    free(s->memories.items);
    free(s->globals.items);
    free(s->instances.items);
    free(s->stack);
    free(s->frames);
    lw_interrupt_release(s->interrupt);
    free(s);
}
