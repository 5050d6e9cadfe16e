/* capi.h — internals shared by the wasm.h layer: object records, the per-store record map, conversions. */
#ifndef LW_CAPI_H
#define LW_CAPI_H

#include "libwasm.h"
#include "wasm.h"

#include <stdatomic.h>

/* Internal symbols stay out of the shared library's interface. */
#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

/*
 * Object model. Every wasm_*_t runtime handle points at a *record*: one per
 * underlying object and store, found again through the store's map, so two
 * handles to the same object are the same pointer and share host info.
 *
 *   store-owned records (func, global, table, memory, instance, foreign) live
 *   until their store is deleted; copy returns the same pointer and delete is
 *   a no-op, exactly like the native objects they stand for.
 *
 *   counted records (module, trap) are reference counted by their handles. A
 *   store that lets wasm code hold one (as an externref) keeps a reference of
 *   its own until it is deleted ("pinning").
 *
 * Record structs all begin with `struct wasm_ref_t`, so a record is viewed as
 * a ref, an extern or its own kind by a pointer cast.
 */

typedef enum lw_capi_kind {
    CAPI_FUNC,
    CAPI_GLOBAL,
    CAPI_TABLE,
    CAPI_MEMORY,
    CAPI_INSTANCE,
    CAPI_FOREIGN,
    CAPI_MODULE, /* counted */
    CAPI_TRAP,   /* counted */
} lw_capi_kind;

struct wasm_ref_t {
    lw_capi_kind kind;
    size_t refs;         /* counted kinds only */
    wasm_store_t *store; /* owning store; NULL for modules */
    void *host_info;
    void (*host_finalizer)(void *);
    union {
        lwasm_func *func;
        lwasm_global *global;
        lwasm_table *table;
        lwasm_memory *memory;
        lwasm_instance *instance;
        void *any;
    } of;
};

/* Store-owned records carry nothing beyond the common header. */
struct wasm_func_t { struct wasm_ref_t ref; };
struct wasm_global_t { struct wasm_ref_t ref; };
struct wasm_table_t { struct wasm_ref_t ref; };
struct wasm_memory_t { struct wasm_ref_t ref; };
struct wasm_extern_t { struct wasm_ref_t ref; };
struct wasm_instance_t { struct wasm_ref_t ref; };
struct wasm_foreign_t { struct wasm_ref_t ref; };

/* An immutable copy of a module's binary, shared between threads. */
typedef struct lw_capi_blob {
    atomic_size_t refs;
    size_t size;
    uint8_t bytes[];
} lw_capi_blob;

struct wasm_module_t {
    struct wasm_ref_t ref;
    lwasm_module *native; /* one native reference */
    lw_capi_blob *binary;    /* for serialization */
};

struct wasm_shared_module_t {
    lwasm_module *native;
    lw_capi_blob *binary;
};

struct wasm_frame_t {
    wasm_instance_t *instance; /* NULL when unknown */
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

struct wasm_trap_t {
    struct wasm_ref_t ref;
    char *message;      /* NUL-terminated */
    size_t message_len; /* including the NUL */
    wasm_frame_t *frames;
    size_t nframes;
};

/* ---- types (types.c) ----------------------------------------------------- */

struct wasm_valtype_t {
    wasm_valkind_t kind;
};

/* One layout for every extern type, so the *_as_externtype views are casts. */
struct wasm_externtype_t {
    wasm_externkind_t kind;
    union {
        struct {
            wasm_valtype_vec_t params, results;
        } func;
        struct {
            wasm_valtype_t *content;
            wasm_mutability_t mutability;
        } global;
        struct {
            wasm_valtype_t *element;
            wasm_limits_t limits;
        } table;
        struct {
            wasm_limits_t limits;
        } memory;
    } of;
};
struct wasm_functype_t { struct wasm_externtype_t ext; };
struct wasm_globaltype_t { struct wasm_externtype_t ext; };
struct wasm_tabletype_t { struct wasm_externtype_t ext; };
struct wasm_memorytype_t { struct wasm_externtype_t ext; };

struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};

struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

/* Value kinds between the two APIs; false for kinds the other side lacks. */
bool lw_capi_valkind_to_native(wasm_valkind_t k, lwasm_valkind *out);
bool lw_capi_valkind_from_native(lwasm_valkind k, wasm_valkind_t *out);
/* Limits: wasm_limits_max_default stands for "no maximum". */
lwasm_limits lw_capi_limits_to_native(const wasm_limits_t *l);
wasm_limits_t lw_capi_limits_from_native(const lwasm_limits *l);

/* Native types to owned wasm types (NULL on allocation failure). */
wasm_functype_t *lw_capi_functype_from_native(const lwasm_functype *t);
wasm_globaltype_t *lw_capi_globaltype_from_native(const lwasm_globaltype *t);
wasm_tabletype_t *lw_capi_tabletype_from_native(const lwasm_tabletype *t);
wasm_memorytype_t *lw_capi_memorytype_from_native(const lwasm_memtype *t);
wasm_externtype_t *lw_capi_externtype_from_native(const lwasm_externtype *t);

/* A wasm functype as a native one; kinds are written to a malloc'd array the
 * caller frees (*kinds, also set when there are none). False on a kind the
 * runtime cannot take or on allocation failure. */
bool lw_capi_functype_to_native(const wasm_functype_t *t, lwasm_functype *out, lwasm_valkind **kinds);
bool lw_capi_globaltype_to_native(const wasm_globaltype_t *t, lwasm_globaltype *out);
bool lw_capi_tabletype_to_native(const wasm_tabletype_t *t, lwasm_tabletype *out);

/* ---- engine and store (engine.c, store.c) -------------------------------- */

struct wasm_config_t {
    lwasm_config native;
};

struct wasm_engine_t {
    lwasm_engine *native;
};

/* Open-addressing map from a key (native object, or a pinned/foreign record
 * itself) to its record. Entries are never removed before the store dies. */
typedef struct lw_capi_map_entry {
    const void *key;
    struct wasm_ref_t *record;
} lw_capi_map_entry;

struct wasm_store_t {
    wasm_engine_t *engine;
    lwasm_store *native;
    lw_capi_map_entry *entries;
    size_t count, cap; /* cap: 0 or a power of two */
    /* The trap a host callback raised, until the wasm call it unwinds to
     * picks it up (its exact message survives the native error). */
    wasm_trap_t *pending_trap;
};

/* The record of a native store object, made on first use. NULL on OOM. */
struct wasm_ref_t *lw_capi_record_for(wasm_store_t *s, lw_capi_kind kind, void *native);
/* Registers a record under its own address (foreign objects, pins). */
bool lw_capi_store_adopt(wasm_store_t *s, struct wasm_ref_t *record);
struct wasm_ref_t *lw_capi_store_find(const wasm_store_t *s, const void *key);
/* The record of a native extern (NULL on OOM). */
wasm_extern_t *lw_capi_extern_for(wasm_store_t *s, const lwasm_extern *e);
/* The native view of an extern record. */
lwasm_extern lw_capi_extern_to_native(const wasm_extern_t *e);

/* ---- references (ref.c) -------------------------------------------------- */

bool lw_capi_kind_is_counted(lw_capi_kind kind);
bool lw_capi_kind_is_extern(lw_capi_kind kind);
/* A new owning handle on r (counted kinds gain a reference). */
struct wasm_ref_t *lw_capi_ref_acquire(const struct wasm_ref_t *r);
/* Drops a handle: counted kinds lose a reference and die at zero. */
void lw_capi_ref_release(struct wasm_ref_t *r);
/* Runs the host-info finalizer, if any, once. */
void lw_capi_ref_finalize(struct wasm_ref_t *r);
/* Frees a counted record's own data (module.c, trap.c). */
void lw_capi_module_destroy(wasm_module_t *m);
void lw_capi_trap_destroy(wasm_trap_t *t);

/* ---- values (values.c) --------------------------------------------------- */

/* A wasm value as a native value of kind `want`. False on a kind mismatch, a
 * reference of another store or of the wrong kind, or allocation failure. */
bool lw_capi_val_to_native(wasm_store_t *s, const wasm_val_t *v, lwasm_valkind want, lwasm_val *out);
/* A native value as an owned wasm value. False on allocation failure or v128. */
bool lw_capi_val_from_native(wasm_store_t *s, const lwasm_val *v, wasm_val_t *out);

/* ---- traps (trap.c) ------------------------------------------------------ */

/* A trap with this message (len bytes, NUL added if missing). NULL on OOM. */
wasm_trap_t *lw_capi_trap_new(wasm_store_t *s, const char *msg, size_t len);
/* Consumes a native error into a trap, using the store's pending host trap if
 * the error came from one. Never NULL unless memory is exhausted. */
wasm_trap_t *lw_capi_trap_from_error(wasm_store_t *s, lwasm_error *e);

/* ---- small helpers ------------------------------------------------------- */

#define CAPI_REF(p) ((struct wasm_ref_t *)(p))
#define CAPI_CREF(p) ((const struct wasm_ref_t *)(p))

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif
