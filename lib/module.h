/* module.h — the decoded module: immutable after lwasm_module_new, shared by all its instances. */
#ifndef LW_MODULE_H
#define LW_MODULE_H

#include "libwasm.h"

#include <stdatomic.h>

typedef uint8_t lw_valtype; /* LWASM_I32 ... LWASM_EXTERNREF */

/* A span of the module's own copy of the binary. */
typedef struct lw_bytes {
    const uint8_t *data;
    uint32_t len;
    uint32_t offset; /* of data[0] in the binary, for error locations */
} lw_bytes;

/* A constant expression, kept as its bytes (including the final `end`)
 * and evaluated at instantiation by lw_const_eval (const.c). */
typedef lw_bytes lw_expr;

typedef lwasm_functype lw_functype; /* params/results point into module-owned arrays */
typedef lwasm_limits lw_limits;
typedef lwasm_tabletype lw_tabletype;
typedef lwasm_memtype lw_memtype;
typedef lwasm_globaltype lw_globaltype;

typedef struct lw_import {
    lwasm_name module;
    lwasm_name name;
    lwasm_externkind kind;
    union {
        uint32_t func_type; /* type index */
        lw_tabletype table;
        lw_memtype memory;
        lw_globaltype global;
    } of;
} lw_import;

typedef struct lw_export {
    lwasm_name name;
    lwasm_externkind kind;
    uint32_t index;
} lw_export;

typedef struct lw_global {
    lw_globaltype type;
    lw_expr init; /* empty for imported globals */
} lw_global;

typedef enum lw_segmode {
    LW_SEG_ACTIVE,
    LW_SEG_PASSIVE,
    LW_SEG_DECLARATIVE,
} lw_segmode;

typedef struct lw_elem {
    lw_segmode mode;
    lw_valtype type;   /* LWASM_FUNCREF or LWASM_EXTERNREF */
    uint32_t table;    /* active only */
    lw_expr offset;    /* active only */
    uint32_t count;
    uint32_t *funcs;   /* when the segment lists function indices, else NULL */
    lw_expr *exprs;    /* when the segment lists expressions, else NULL */
    uint32_t offset_in_binary;
} lw_elem;

typedef struct lw_data {
    lw_segmode mode;   /* ACTIVE or PASSIVE */
    uint32_t memory;
    lw_expr offset;    /* active only */
    lw_bytes init;
} lw_data;

/* A function defined in the module (not imported). */
typedef struct lw_code {
    uint32_t type;        /* type index */
    uint32_t nlocals;     /* declared locals, excluding params */
    lw_valtype *locals;   /* nlocals entries, expanded */
    lw_bytes body;        /* the expression: instructions up to and including the final end */
    uint32_t size_offset; /* where the code entry starts in the binary */
    struct lw_compiled *compiled; /* its record and translated code (translate.c), made by lw_translate */
} lw_code;

struct lwasm_module {
    atomic_uint refcount;
    uint8_t *bytes; /* owned copy of the binary; every lw_bytes points into it */
    size_t size;

    lw_functype *types;
    uint32_t ntypes;

    lw_import *imports;
    uint32_t nimports;
    uint32_t nfunc_imports, ntable_imports, nmemory_imports, nglobal_imports;

    /* Index spaces, imports first. */
    uint32_t *func_types; /* type index of every function */
    uint32_t nfuncs;
    lw_tabletype *tables;
    uint32_t ntables;
    lw_memtype *memories;
    uint32_t nmemories;
    lw_global *globals;
    uint32_t nglobals;

    lw_export *exports;
    uint32_t nexports;

    bool has_start;
    uint32_t start;

    lw_elem *elems;
    uint32_t nelems;

    lw_data *datas;
    uint32_t ndatas;
    bool has_data_count;
    uint32_t data_count;

    lw_code *codes; /* nfuncs - nfunc_imports entries */
    uint32_t ncodes;

    /* Functions named in the `name` section (sorted by index), may be empty. */
    struct lw_func_name {
        uint32_t index;
        lwasm_name name;
    } *func_names;
    uint32_t nfunc_names;

    /* Functions that may be referenced by ref.func: declared in an element
     * segment, exported, or named in a global initialiser (bit set). */
    uint8_t *declared_funcs;

    /* LW_CHECK_* bits: the checks the translated code makes, chosen by the
     * engine that compiled it; its stores' engines must choose the same. */
    uint8_t checks;

    /* translate.c: what translating a function at its first call needs. */
    struct lw_translator *translator;
};

enum {
    LW_CHECK_FUEL = 1,      /* charges fuel per straight-line run */
    LW_CHECK_INTERRUPT = 2, /* polls the interrupt flag at function entries and loop heads */
    LW_CHECK_BOUNDS = 4,    /* tests every memory access (builds with guard pages, guard.h) */
};

/* decode.c: bytes -> module (no validation of code). */
lwasm_error *lw_decode(const uint8_t *bytes, size_t len, lwasm_module **out);
/* validate.c: every 2.0 validation rule, module and function bodies. */
lwasm_error *lw_validate(const lwasm_module *m);
/* translate.c: a record per function body (m->codes[i].compiled), translated
 * to internal code at its first call (or here, with LWASM_EAGER_TRANSLATION
 * set in the environment). */
lwasm_error *lw_translate(lwasm_module *m);
void lw_translator_free(struct lw_translator *t);
/* module.c: frees everything the module owns. */
void lw_module_free(lwasm_module *m);
/* translate.c: frees one function's translated code. */
void lw_compiled_free(struct lw_compiled *c);

static inline const lw_functype *lw_func_type(const lwasm_module *m, uint32_t func_index)
{
    return &m->types[m->func_types[func_index]];
}

#endif
