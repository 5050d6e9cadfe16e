/* libwasm.h — the public C API of libwasm: load, validate, link and run WebAssembly. */
#ifndef LIBWASM_H
#define LIBWASM_H

/*
 * Model (see docs/API.md):
 *   engine  — configuration and limits; shared, immutable after creation.
 *   module  — decoded, validated and translated code; immutable, reference
 *             counted, shareable between stores and threads.
 *   store   — owns every runtime object (instances, functions, memories,
 *             tables, globals) created in it; all are freed with the store.
 *             A store is used by one thread at a time.
 *   errors  — every fallible call returns `lwasm_error *`: NULL on success,
 *             otherwise an error the caller owns and frees with
 *             lwasm_error_delete(). Traps are errors of kind LWASM_ERR_TRAP.
 *
 * Names are prefixed `lwasm_` so the standard `wasm.h` (wasm_*) can coexist.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LWASM_VERSION "0.1.0"
/* Feature tests for embedders that build against several versions. */
#define LWASM_HAS_FUEL 1      /* lwasm_config.consume_fuel, lwasm_store_*_fuel* */
#define LWASM_HAS_INTERRUPT 1 /* lwasm_config.interruptible, lwasm_interrupt_handle */
#define LWASM_PAGE_SIZE 65536u

/* ---- values ------------------------------------------------------------ */

/* Value kinds use the binary format's type codes. */
typedef uint8_t lwasm_valkind;
enum {
    LWASM_I32 = 0x7F,
    LWASM_I64 = 0x7E,
    LWASM_F32 = 0x7D,
    LWASM_F64 = 0x7C,
    LWASM_V128 = 0x7B,
    LWASM_FUNCREF = 0x70,
    LWASM_EXTERNREF = 0x6F,
};

typedef struct lwasm_engine lwasm_engine;
typedef struct lwasm_module lwasm_module;
typedef struct lwasm_store lwasm_store;
typedef struct lwasm_instance lwasm_instance;
typedef struct lwasm_func lwasm_func;
typedef struct lwasm_memory lwasm_memory;
typedef struct lwasm_table lwasm_table;
typedef struct lwasm_global lwasm_global;
typedef struct lwasm_error lwasm_error;
typedef struct lwasm_caller lwasm_caller;

typedef struct lwasm_v128 {
    uint8_t bytes[16]; /* little-endian lane order, as in linear memory */
} lwasm_v128;

/* Floats are carried as bit patterns so NaN payloads survive untouched. */
typedef struct lwasm_val {
    lwasm_valkind kind;
    union {
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        lwasm_v128 v128;
        lwasm_func *funcref; /* NULL is ref.null func */
        void *externref;     /* NULL is ref.null extern */
    } of;
} lwasm_val;

/* Convenience constructors. */
lwasm_val lwasm_val_i32(int32_t v);
lwasm_val lwasm_val_i64(int64_t v);
lwasm_val lwasm_val_f32(float v);
lwasm_val lwasm_val_f64(double v);
float lwasm_val_as_f32(const lwasm_val *v);
double lwasm_val_as_f64(const lwasm_val *v);

/* A name is a length-counted UTF-8 byte string (it may contain NUL). */
typedef struct lwasm_name {
    const char *data;
    size_t len;
} lwasm_name;

/* ---- types --------------------------------------------------------------- */

typedef struct lwasm_functype {
    uint32_t nparams;
    uint32_t nresults;
    const lwasm_valkind *params;
    const lwasm_valkind *results;
} lwasm_functype;

typedef struct lwasm_limits {
    uint32_t min;
    uint32_t max;
    bool has_max;
} lwasm_limits;

typedef struct lwasm_tabletype {
    lwasm_valkind elem; /* LWASM_FUNCREF or LWASM_EXTERNREF */
    lwasm_limits limits;
} lwasm_tabletype;

typedef struct lwasm_memtype {
    lwasm_limits limits; /* in 64 KiB pages */
} lwasm_memtype;

typedef struct lwasm_globaltype {
    lwasm_valkind type;
    bool mutable_;
} lwasm_globaltype;

/* Extern kinds use the binary format's import/export kind codes. */
typedef enum lwasm_externkind {
    LWASM_EXTERN_FUNC = 0,
    LWASM_EXTERN_TABLE = 1,
    LWASM_EXTERN_MEMORY = 2,
    LWASM_EXTERN_GLOBAL = 3,
} lwasm_externkind;

typedef struct lwasm_externtype {
    lwasm_externkind kind;
    union {
        const lwasm_functype *func; /* borrowed from the module */
        lwasm_tabletype table;
        lwasm_memtype memory;
        lwasm_globaltype global;
    } of;
} lwasm_externtype;

/* A runtime object of any kind; handles are owned by their store. */
typedef struct lwasm_extern {
    lwasm_externkind kind;
    union {
        lwasm_func *func;
        lwasm_table *table;
        lwasm_memory *memory;
        lwasm_global *global;
    } of;
} lwasm_extern;

/* ---- errors and traps ---------------------------------------------------- */

typedef enum lwasm_errkind {
    LWASM_ERR_MALFORMED = 1, /* binary decoding failed (byte offset set) */
    LWASM_ERR_INVALID,       /* validation failed (offset, function index) */
    LWASM_ERR_UNLINKABLE,    /* import missing or of the wrong type */
    LWASM_ERR_TRAP,          /* execution trapped (see lwasm_trapkind) */
    LWASM_ERR_EXIT,          /* a host function asked the guest to exit */
    LWASM_ERR_NOMEM,         /* host allocation failed */
    LWASM_ERR_LIMIT,         /* a configured limit was exceeded at load/link */
    LWASM_ERR_ARGUMENT,      /* the API was called with bad arguments */
    LWASM_ERR_IO,            /* reading a file failed */
} lwasm_errkind;

typedef enum lwasm_trapkind {
    LWASM_TRAP_NONE = 0,
    LWASM_TRAP_UNREACHABLE,
    LWASM_TRAP_INT_DIV_BY_ZERO,
    LWASM_TRAP_INT_OVERFLOW,
    LWASM_TRAP_INVALID_CONVERSION,
    LWASM_TRAP_MEMORY_OOB,
    LWASM_TRAP_TABLE_OOB,
    LWASM_TRAP_INDIRECT_TYPE_MISMATCH,
    LWASM_TRAP_NULL_REFERENCE,
    LWASM_TRAP_UNINITIALIZED_ELEMENT,
    LWASM_TRAP_STACK_EXHAUSTED,
    LWASM_TRAP_OUT_OF_FUEL,
    LWASM_TRAP_INTERRUPTED,
    LWASM_TRAP_HOST, /* a host function returned an error of its own */
} lwasm_trapkind;

#define LWASM_NO_OFFSET ((size_t)-1)
#define LWASM_NO_FUNC ((uint32_t)-1)

lwasm_errkind lwasm_error_kind(const lwasm_error *e);
lwasm_trapkind lwasm_error_trap(const lwasm_error *e);
/* Human-readable text, including where (byte offset / function) if known. */
const char *lwasm_error_message(const lwasm_error *e);
/* Byte offset in the module binary, or LWASM_NO_OFFSET. */
size_t lwasm_error_offset(const lwasm_error *e);
/* Function index (module-wide, imports first), or LWASM_NO_FUNC. */
uint32_t lwasm_error_func_index(const lwasm_error *e);
/* For LWASM_ERR_EXIT: the exit status. */
int lwasm_error_exit_status(const lwasm_error *e);
/* Backtrace of a trap, innermost frame first. */
size_t lwasm_error_frame_count(const lwasm_error *e);
/* Function index and name (name.data NULL when the module has none). */
bool lwasm_error_frame(const lwasm_error *e, size_t i, uint32_t *func_index, lwasm_name *func_name);
/* Where frame i stood: the byte offset in the module binary of the
 * instruction it was executing (the trapping one for frame 0, a call for the
 * others), and the same offset relative to the start of the function's body
 * (the byte after the body's size field). Unknown offsets are set to
 * LWASM_NO_OFFSET; false when i is out of range or the module offset is
 * unknown. */
bool lwasm_error_frame_offset(const lwasm_error *e, size_t i, size_t *module_offset, size_t *func_offset);
void lwasm_error_delete(lwasm_error *e);

/* For host functions: make an error to return to the guest. */
lwasm_error *lwasm_error_new_trap(const char *message);
lwasm_error *lwasm_error_new_exit(int status);
/* For embedders: an error of any kind with a message (a trap kind of LWASM_TRAP_HOST when kind is TRAP). */
lwasm_error *lwasm_error_new(lwasm_errkind kind, const char *message);

/* ---- engine -------------------------------------------------------------- */

typedef struct lwasm_config {
    uint32_t max_memory_pages; /* per memory; 0 means 65536 (4 GiB) */
    uint32_t max_call_depth;   /* wasm frames; 0 means the default, 20000 */
    uint32_t max_stack_slots;  /* value stack, 8-byte slots; 0 = default, 1<<20 (8 MiB) */
    /* Fuel: code charges what it executes to its store's fuel (see
     * lwasm_store_set_fuel). Off by default; a store starts with none. */
    bool consume_fuel;
    /* Interruption: another thread may stop the store's running code through
     * an lwasm_interrupt_handle. Off by default. */
    bool interruptible;
    /* Memory bounds: on 64-bit hosts libwasm reserves 8 GiB of address space
     * per linear memory and lets the guard pages beyond its end catch
     * out-of-bounds accesses, so loads and stores test nothing. true tests
     * every access instead and allocates only what memories hold (for
     * address spaces too small for the reservations). The environment
     * variable LWASM_BOUNDS_CHECKS=explicit sets it for every engine. Builds
     * configured with -Dbounds_checks=explicit (32-bit hosts, sanitizers)
     * always test. */
    bool explicit_bounds_checks;
} lwasm_config;

void lwasm_config_init(lwasm_config *c); /* fills defaults */
lwasm_engine *lwasm_engine_new(const lwasm_config *c /* NULL: defaults */);
void lwasm_engine_delete(lwasm_engine *e);

/* ---- modules ------------------------------------------------------------- */

/* Decodes, validates and translates. The bytes are copied. */
lwasm_error *lwasm_module_new(lwasm_engine *e, const uint8_t *bytes, size_t len, lwasm_module **out);
/* Decodes and validates only (no translation). */
lwasm_error *lwasm_module_validate(lwasm_engine *e, const uint8_t *bytes, size_t len);
lwasm_module *lwasm_module_ref(lwasm_module *m); /* adds a reference */
void lwasm_module_delete(lwasm_module *m);       /* drops a reference */
/* The module's binary, as given to lwasm_module_new; owned by the module. */
const uint8_t *lwasm_module_bytes(const lwasm_module *m, size_t *len);

size_t lwasm_module_import_count(const lwasm_module *m);
bool lwasm_module_import(const lwasm_module *m, size_t i, lwasm_name *module_name, lwasm_name *name,
                         lwasm_externtype *type);
size_t lwasm_module_export_count(const lwasm_module *m);
bool lwasm_module_export(const lwasm_module *m, size_t i, lwasm_name *name, lwasm_externtype *type);
/* Name of a function from the `name` section, if present. */
bool lwasm_module_func_name(const lwasm_module *m, uint32_t func_index, lwasm_name *name);

/* ---- stores -------------------------------------------------------------- */

lwasm_store *lwasm_store_new(lwasm_engine *e);
void lwasm_store_delete(lwasm_store *s);
/* Arbitrary embedder data, reachable from host functions via the caller. */
void lwasm_store_set_data(lwasm_store *s, void *data);
void *lwasm_store_data(const lwasm_store *s);

/* ---- fuel: a deterministic budget of executed instructions ----------------
 *
 * With lwasm_config.consume_fuel, every wasm instruction costs one unit of
 * the store's fuel, except nop, block, loop, else and end, which cost none.
 * Fuel is charged once per straight-line run of code, when the run is
 * entered, for all of its instructions; a run that cannot be paid for is not
 * entered: the fuel handler (if any) may add fuel and the code continues
 * where it stood, otherwise the call ends with an LWASM_TRAP_OUT_OF_FUEL trap
 * and the unpaid fuel stays in the store. Charges depend only on the code
 * and its inputs, so a run is reproducible to the unit. */
/* LWASM_ERR_ARGUMENT when the engine does not consume fuel. */
lwasm_error *lwasm_store_set_fuel(lwasm_store *s, uint64_t fuel);
lwasm_error *lwasm_store_get_fuel(const lwasm_store *s, uint64_t *fuel);
/* Called when the code needs more fuel than the store has. Returns how much
 * to add (it is called again while that is still too little), or 0 to stop
 * the call with an out-of-fuel trap. It may read and set the store's fuel and
 * use its memories, tables and globals, but not call functions. */
typedef uint64_t (*lwasm_fuel_handler)(void *data, lwasm_store *s);
/* A NULL handler removes it. */
lwasm_error *lwasm_store_set_fuel_handler(lwasm_store *s, lwasm_fuel_handler handler, void *data);

/* ---- interruption from another thread --------------------------------------
 *
 * With lwasm_config.interruptible, code checks for a request at every
 * function entry and loop iteration; a request stops the running call with
 * an LWASM_TRAP_INTERRUPTED trap, and is used up by it. A request made while
 * no code runs stops the next call at its first check. */
typedef struct lwasm_interrupt_handle lwasm_interrupt_handle;
/* A new handle on the store's interrupt flag (NULL when the engine is not
 * interruptible, or out of memory). The handle may outlive the store. */
lwasm_interrupt_handle *lwasm_store_interrupt_handle(lwasm_store *s);
/* Thread-safe, async-signal-safe: requests the interruption. */
void lwasm_interrupt(lwasm_interrupt_handle *h);
/* Thread-safe. */
void lwasm_interrupt_handle_delete(lwasm_interrupt_handle *h);

/* ---- functions ----------------------------------------------------------- */

/* A host function. `args` holds nargs values of the declared types; the
 * callback writes nresults values. Returning non-NULL traps the guest with
 * that error (ownership passes to libwasm). */
typedef lwasm_error *(*lwasm_host_callback)(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                                            lwasm_val *results, size_t nresults);

/* The functype is copied. `finalizer(env)` runs when the store is deleted. */
lwasm_func *lwasm_func_new(lwasm_store *s, const lwasm_functype *type, lwasm_host_callback cb, void *env,
                           void (*finalizer)(void *env));
const lwasm_functype *lwasm_func_type(const lwasm_func *f);
/* Calls f; args and results must match its type. Traps come back as errors. */
lwasm_error *lwasm_func_call(lwasm_store *s, lwasm_func *f, const lwasm_val *args, size_t nargs, lwasm_val *results,
                             size_t nresults);

/* Inside a host callback: the calling instance's store and its exports. */
lwasm_store *lwasm_caller_store(lwasm_caller *c);
bool lwasm_caller_export(lwasm_caller *c, const char *name, lwasm_extern *out);
/* The calling instance's memory 0 (imported or defined), or NULL. */
lwasm_memory *lwasm_caller_memory(lwasm_caller *c);

/* ---- memories, tables, globals -------------------------------------------- */

lwasm_error *lwasm_memory_new(lwasm_store *s, const lwasm_memtype *type, lwasm_memory **out);
lwasm_memtype lwasm_memory_type(const lwasm_memory *m);
/* Base of linear memory; valid until the next grow. */
uint8_t *lwasm_memory_data(lwasm_memory *m);
size_t lwasm_memory_data_size(const lwasm_memory *m); /* bytes */
uint32_t lwasm_memory_pages(const lwasm_memory *m);
/* Grows by delta pages; *old_pages gets the previous size. */
lwasm_error *lwasm_memory_grow(lwasm_memory *m, uint32_t delta, uint32_t *old_pages);

lwasm_error *lwasm_table_new(lwasm_store *s, const lwasm_tabletype *type, const lwasm_val *init, lwasm_table **out);
lwasm_tabletype lwasm_table_type(const lwasm_table *t);
uint32_t lwasm_table_size(const lwasm_table *t);
lwasm_error *lwasm_table_get(const lwasm_table *t, uint32_t index, lwasm_val *out);
lwasm_error *lwasm_table_set(lwasm_table *t, uint32_t index, const lwasm_val *v);
lwasm_error *lwasm_table_grow(lwasm_table *t, uint32_t delta, const lwasm_val *init, uint32_t *old_size);

lwasm_error *lwasm_global_new(lwasm_store *s, const lwasm_globaltype *type, const lwasm_val *init,
                              lwasm_global **out);
lwasm_globaltype lwasm_global_type(const lwasm_global *g);
void lwasm_global_get(const lwasm_global *g, lwasm_val *out);
lwasm_error *lwasm_global_set(lwasm_global *g, const lwasm_val *v);

/* ---- instances ----------------------------------------------------------- */

/* Instantiates with imports given in the module's import order. Runs the
 * start function. On a trap during start, *out is still set (the instance
 * exists, as the spec says) and the trap is returned. */
lwasm_error *lwasm_instance_new(lwasm_store *s, lwasm_module *m, const lwasm_extern *imports, size_t nimports,
                                lwasm_instance **out);
bool lwasm_instance_export(const lwasm_instance *i, const char *name, size_t name_len, lwasm_extern *out);
size_t lwasm_instance_export_count(const lwasm_instance *i);
bool lwasm_instance_export_nth(const lwasm_instance *i, size_t n, lwasm_name *name, lwasm_extern *out);
const lwasm_module *lwasm_instance_module(const lwasm_instance *i);

/* ---- linker: resolve imports by module/name ------------------------------ */

typedef struct lwasm_linker lwasm_linker;

lwasm_linker *lwasm_linker_new(lwasm_store *s);
void lwasm_linker_delete(lwasm_linker *l);
lwasm_store *lwasm_linker_store(const lwasm_linker *l); /* the store it was made for */
/* Later definitions of the same module/name replace earlier ones. */
lwasm_error *lwasm_linker_define(lwasm_linker *l, const char *module, size_t module_len, const char *name,
                                 size_t name_len, const lwasm_extern *item);
/* Defines every export of `inst` under module name `module`. */
lwasm_error *lwasm_linker_define_instance(lwasm_linker *l, const char *module, size_t module_len,
                                          const lwasm_instance *inst);
bool lwasm_linker_get(const lwasm_linker *l, const char *module, size_t module_len, const char *name,
                      size_t name_len, lwasm_extern *out);
/* Resolves every import (LWASM_ERR_UNLINKABLE names the first missing or
 * mistyped one) and instantiates. */
lwasm_error *lwasm_linker_instantiate(lwasm_linker *l, lwasm_module *m, lwasm_instance **out);

#ifdef __cplusplus
}
#endif
#endif
