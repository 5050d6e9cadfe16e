/* runtime.h — runtime objects (store, functions, memories, tables, globals, instances). */
#ifndef LW_RUNTIME_H
#define LW_RUNTIME_H

#include "error.h"
#include "module.h"

/* One operand-stack / local slot. Floats are kept as bits; references as
 * pointers (funcref: lwasm_func *, externref: the host's void *). A v128
 * takes two consecutive slots. */
typedef union lw_value {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32;
    uint64_t f64;
    void *ref;
} lw_value;

struct lwasm_engine {
    lwasm_config config;
};

/* Everything a store allocated, freed together with it. */
typedef struct lw_objlist {
    void **items;
    size_t count, cap;
} lw_objlist;

struct lwasm_store {
    lwasm_engine *engine;
    void *data;
    lw_objlist funcs, memories, tables, globals, instances;
    uint64_t table_elems; /* table.c: elements of all the store's tables, held to a store-wide cap */

    /* The interpreter's stacks, allocated on first call (interp.c). */
    lw_value *stack;
    size_t stack_slots;
    void *frames;        /* interp.c's frame records */
    size_t frames_cap;
    uint32_t call_depth; /* wasm frames live across all nested activations */
    uint32_t host_depth; /* nested host->wasm re-entries */

    /* Limits (limits.c): fuel left and its handler, and the interrupt flag
     * shared with lwasm_interrupt_handles (NULL unless the engine is
     * interruptible). */
    uint64_t fuel;
    lwasm_fuel_handler fuel_handler;
    void *fuel_data;
    bool in_fuel_handler; /* the handler runs: calls into wasm are refused */
    lwasm_interrupt_handle *interrupt;
};

struct lwasm_func {
    const lw_functype *type;
    lwasm_store *store;
    lwasm_instance *instance; /* NULL for host functions */
    uint32_t index;           /* module-wide function index (wasm functions) */
    const lw_code *code;      /* wasm functions: the body and its translation */
    /* host functions */
    lwasm_host_callback callback;
    void *env;
    void (*finalizer)(void *env);
    lw_functype owned_type; /* host functions: a private copy of the type */
};

struct lwasm_memory {
    uint8_t *data;
    uint64_t size;      /* bytes = pages * 64 KiB */
    uint32_t pages;
    uint32_t max_pages; /* effective: min(type max, engine limit) */
    lw_memtype type;
    bool guarded;       /* data is a guard.h reservation: it never moves, and faults past size */
};

struct lwasm_table {
    void **elems; /* funcref: lwasm_func *, externref: host pointer; NULL = null */
    uint32_t size;
    uint32_t max; /* effective maximum */
    lw_tabletype type;
    lwasm_store *store; /* whose table_elems the table counts against */
};

struct lwasm_global {
    lw_globaltype type;
    lw_value value[2]; /* two slots for v128 */
};

struct lwasm_instance {
    lwasm_module *module; /* a reference held by the instance */
    lwasm_store *store;
    lwasm_func **funcs;       /* module->nfuncs */
    lwasm_table **tables;     /* module->ntables */
    lwasm_memory **memories;  /* module->nmemories */
    lwasm_global **globals;   /* module->nglobals */
    /* Element segments, evaluated to references at instantiation; a dropped
     * (or active/declarative after instantiation) segment has length 0. */
    void ***elem_refs;
    uint32_t *elem_lens;
    /* Data segments: the bytes are the module's; a dropped segment has length 0. */
    uint32_t *data_lens;
};

/* Host callbacks get a pointer to this (interp.c builds it on its stack). */
struct lwasm_caller {
    lwasm_store *store;
    lwasm_instance *instance;
};

/* store.c */
bool lw_objlist_add(lw_objlist *l, void *item);

/* values.c: an lwasm_val to/from its slots (one, or two for v128), bits preserved. */
void lw_val_to_slots(const lwasm_val *v, lw_value *slots);
void lw_val_from_slots(lwasm_valkind kind, const lw_value *slots, lwasm_val *out);

/* memory.c: returns the old page count, or -1 when the grow is refused. */
int64_t lw_memory_grow(lwasm_memory *m, uint32_t delta);
lwasm_memory *lw_memory_create(lwasm_store *s, const lw_memtype *type); /* NULL on OOM/limit */
void lw_memory_free(lwasm_memory *m);

/* table.c: returns the old size, or -1 when the grow is refused. */
int64_t lw_table_grow(lwasm_table *t, uint32_t delta, void *init);
lwasm_table *lw_table_create(lwasm_store *s, const lw_tabletype *type, void *init);

/* const.c: evaluates a constant expression in an instance under construction
 * (globals and functions that precede it are already set). Writes 1 slot, or
 * 2 for v128. */
lwasm_error *lw_const_eval(const lwasm_instance *inst, const lw_expr *e, lw_valtype type, lw_value *out);

/* interp.c: calls a function (wasm or host). `slots` holds the arguments on
 * entry (one slot each, two for v128) and the results on return; it has room
 * for max(params, results) values. Traps come back as errors with a
 * backtrace. Re-entrant from host callbacks. */
lwasm_error *lw_invoke(lwasm_store *s, lwasm_func *f, lw_value *slots);

/* Slots taken by a value of the type (v128: 2). */
static inline uint32_t lw_slots_of(lw_valtype t) { return t == LWASM_V128 ? 2u : 1u; }

#endif
