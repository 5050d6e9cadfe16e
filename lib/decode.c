/* decode.c — the WebAssembly 2.0 binary format: bytes -> struct lwasm_module (function bodies are not parsed). */
#include "insn.h"
#include "module.h"

#include <stdlib.h>
#include <string.h>

/* More locals than this in one function is refused as malformed: it bounds
 * the expanded locals array and every frame the interpreter will build. */
#define LW_MAX_LOCALS 50000u
/* Locals are stored expanded, and seven bytes can declare 50,000 of them:
 * the module's total is held to a fixed allowance plus so many per byte of
 * input, so that a small file cannot expand to gigabytes. */
#define LW_LOCALS_ALLOWANCE (1u << 20)
#define LW_LOCALS_PER_INPUT_BYTE 64u

/* Section ids in the binary, and their required order (custom aside). */
enum {
    SEC_CUSTOM = 0,
    SEC_TYPE = 1,
    SEC_IMPORT = 2,
    SEC_FUNCTION = 3,
    SEC_TABLE = 4,
    SEC_MEMORY = 5,
    SEC_GLOBAL = 6,
    SEC_EXPORT = 7,
    SEC_START = 8,
    SEC_ELEMENT = 9,
    SEC_CODE = 10,
    SEC_DATA = 11,
    SEC_DATACOUNT = 12,
    SEC_COUNT_
};

/* Position of each section id in the required order; data count sits
 * between element and code although its id is the highest. */
static const unsigned section_rank[SEC_COUNT_] = {
    [SEC_TYPE] = 1,     [SEC_IMPORT] = 2, [SEC_FUNCTION] = 3, [SEC_TABLE] = 4,      [SEC_MEMORY] = 5,
    [SEC_GLOBAL] = 6,   [SEC_EXPORT] = 7, [SEC_START] = 8,    [SEC_ELEMENT] = 9,    [SEC_DATACOUNT] = 10,
    [SEC_CODE] = 11,    [SEC_DATA] = 12,
};
#define RANK_AFTER_ALL 13u

typedef struct decoder {
    lwasm_module *m;
    const uint8_t *module_end;
    bool space_open[4];        /* per lwasm_externkind: index-space array built */
    uint32_t nfunc_decls;      /* entries in the function section */
    bool has_code_section;
    bool has_data_section;
    size_t data_count_offset;
    bool saw_name_section;
    uint64_t locals_total;     /* expanded locals of all functions so far */
} decoder;

/* Zeroed array of n items; n == 0 leaves ptr NULL. */
#define ALLOC_ARRAY(ptr, n)                                                                                   \
    do {                                                                                                      \
        (ptr) = NULL;                                                                                         \
        if ((n) != 0 && !((ptr) = calloc((n), sizeof *(ptr))))                                                \
            return lw_error_nomem();                                                                          \
    } while (0)

static uint32_t offset_of(const lwasm_module *m, const uint8_t *p) { return (uint32_t)(p - m->bytes); }

/* ---- lengths and counts ------------------------------------------------------------------------------- */

/* A length read at `at` (its first byte) is "out of bounds" when larger than
 * what is left of the module from there, as the spec words it; when it only
 * overruns the enclosing section or entry, decoding would hit that end
 * anyway, so it is reported as such right away. */
static lwasm_error *check_length(const decoder *d, const lw_reader *r, size_t at, uint32_t len, const char *what)
{
    size_t module_left = (size_t)(d->module_end - r->origin) - at;
    if (len > module_left)
        return LW_MALFORMED(at, "length out of bounds: %s length %u exceeds the %zu bytes left in the module", what,
                            len, module_left);
    if (len > lw_reader_left(r))
        return LW_MALFORMED(at, "unexpected end of section or function: %s of length %u cannot fit in %zu bytes",
                            what, len, lw_reader_left(r));
    return NULL;
}

/* Reads a byte length and checks the bytes are there. */
static lwasm_error *read_length(const decoder *d, lw_reader *r, const char *what, uint32_t *out)
{
    size_t at = lw_reader_offset(r);
    LW_TRY(lw_read_u32(r, out));
    return check_length(d, r, at, *out, what);
}

/* Reads a vector length. Every item takes at least one byte, so a count
 * larger than the bytes left is refused before it sizes any allocation. */
static lwasm_error *read_count(const decoder *d, lw_reader *r, uint32_t *out)
{
    size_t at = lw_reader_offset(r);
    LW_TRY(lw_read_u32(r, out));
    return check_length(d, r, at, *out, "vector");
}

/* ---- names ------------------------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 if invalid:
 * overlong forms, surrogates, code points above U+10FFFF and truncated
 * sequences are all refused. */
static size_t utf8_sequence_length(const uint8_t *s, size_t n)
{
    uint8_t b = s[0];
    if (b < 0x80)
        return 1;
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        if (b == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        if (b == 0xF0)
            lo = 0x90; /* overlong */
        else if (b == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

/* Checks s[0..n) is UTF-8; on failure *bad is the index of the bad sequence. */
static bool utf8_valid(const uint8_t *s, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n;) {
        size_t len = utf8_sequence_length(s + i, n - i);
        if (len == 0) {
            *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

static lwasm_error *read_name(const decoder *d, lw_reader *r, lwasm_name *out)
{
    uint32_t len;
    LW_TRY(read_length(d, r, "name", &len));
    const uint8_t *s;
    LW_TRY(lw_read_bytes(r, len, &s));
    size_t bad;
    if (!utf8_valid(s, len, &bad))
        return LW_MALFORMED(offset_of(d->m, s + bad), "malformed UTF-8 encoding");
    out->data = (const char *)s;
    out->len = len;
    return NULL;
}

/* ---- types ------------------------------------------------------------------------------------------- */

static lwasm_error *read_valtype(lw_reader *r, lw_valtype *out)
{
    size_t at = lw_reader_offset(r);
    uint8_t b;
    LW_TRY(lw_read_u8(r, &b));
    if (!lw_is_valtype(b))
        return LW_MALFORMED(at, "malformed value type 0x%02x", b);
    *out = b;
    return NULL;
}

static lwasm_error *read_reftype(lw_reader *r, lw_valtype *out)
{
    size_t at = lw_reader_offset(r);
    uint8_t b;
    LW_TRY(lw_read_u8(r, &b));
    if (b != LWASM_FUNCREF && b != LWASM_EXTERNREF)
        return LW_MALFORMED(at, "malformed reference type 0x%02x", b);
    *out = b;
    return NULL;
}

/* The flag is a one-bit LEB128 in effect, hence the spec's integer wordings. */
static lwasm_error *read_limits(lw_reader *r, lw_limits *out)
{
    size_t at = lw_reader_offset(r);
    uint8_t flag;
    LW_TRY(lw_read_u8(r, &flag));
    if (flag & 0x80)
        return LW_MALFORMED(at, "integer representation too long (limits flag 0x%02x)", flag);
    if (flag > 1)
        return LW_MALFORMED(at, "integer too large (malformed limits flag 0x%02x)", flag);
    LW_TRY(lw_read_u32(r, &out->min));
    out->has_max = flag == 1;
    out->max = 0;
    if (out->has_max)
        LW_TRY(lw_read_u32(r, &out->max));
    return NULL;
}

static lwasm_error *read_tabletype(lw_reader *r, lw_tabletype *out)
{
    LW_TRY(read_reftype(r, &out->elem));
    return read_limits(r, &out->limits);
}

static lwasm_error *read_globaltype(lw_reader *r, lw_globaltype *out)
{
    LW_TRY(read_valtype(r, &out->type));
    size_t at = lw_reader_offset(r);
    uint8_t mut;
    LW_TRY(lw_read_u8(r, &mut));
    if (mut > 1)
        return LW_MALFORMED(at, "malformed mutability 0x%02x", mut);
    out->mutable_ = mut == 1;
    return NULL;
}

/* A vector of value types; the types point into the module's bytes, whose
 * encoding is exactly lw_valtype. */
static lwasm_error *read_valtype_vec(const decoder *d, lw_reader *r, uint32_t *count, const lw_valtype **types)
{
    LW_TRY(read_count(d, r, count));
    *types = r->p;
    for (uint32_t i = 0; i < *count; i++) {
        lw_valtype ignored;
        LW_TRY(read_valtype(r, &ignored));
    }
    return NULL;
}

static lwasm_error *read_functype(const decoder *d, lw_reader *r, lw_functype *out)
{
    size_t at = lw_reader_offset(r);
    uint8_t form;
    LW_TRY(lw_read_u8(r, &form));
    if (form != 0x60) {
        /* The form is a signed 7-bit LEB128 in the spec's grammar. */
        if (form & 0x80)
            return LW_MALFORMED(at, "integer representation too long (function type form 0x%02x)", form);
        return LW_MALFORMED(at, "malformed functype: form 0x%02x, expected 0x60", form);
    }
    LW_TRY(read_valtype_vec(d, r, &out->nparams, &out->params));
    return read_valtype_vec(d, r, &out->nresults, &out->results);
}

/* ---- declared function references ----------------------------------------------------------------- */

/* Marks a function as referenced outside function bodies. Sections that can
 * reference functions all follow the function section, so nfuncs is final;
 * out-of-range indices are left for the validator to report. */
static lwasm_error *mark_declared(decoder *d, uint32_t func_index)
{
    lwasm_module *m = d->m;
    if (!m->declared_funcs) {
        m->declared_funcs = calloc((size_t)m->nfuncs / 8 + 1, 1);
        if (!m->declared_funcs)
            return lw_error_nomem();
    }
    if (func_index < m->nfuncs)
        m->declared_funcs[func_index / 8] |= (uint8_t)(1u << (func_index % 8));
    return NULL;
}

/* ---- constant expressions --------------------------------------------------------------------------- */

/* Finds the extent of a constant expression (through its final `end`).
 * Nesting is followed so that a block inside reaches the validator whole,
 * which then reports it as non-constant. */
static lwasm_error *read_const_expr(decoder *d, lw_reader *r, lw_expr *out)
{
    const uint8_t *start = r->p;
    uint32_t depth = 0;
    for (;;) {
        lw_insn insn;
        LW_TRY(lw_insn_read(r, &insn));
        if (insn.op == LW_OP_BLOCK || insn.op == LW_OP_LOOP || insn.op == LW_OP_IF) {
            depth++;
        } else if (insn.op == LW_OP_REF_FUNC) {
            LW_TRY(mark_declared(d, insn.imm.index));
        } else if (insn.op == LW_OP_END) {
            if (depth == 0)
                break;
            depth--;
        }
    }
    out->data = start;
    out->len = (uint32_t)(r->p - start);
    out->offset = offset_of(d->m, start);
    return NULL;
}

/* ---- index spaces ---------------------------------------------------------------------------------- */

static uint32_t imported_count(const lwasm_module *m, lwasm_externkind kind)
{
    switch (kind) {
    case LWASM_EXTERN_FUNC: return m->nfunc_imports;
    case LWASM_EXTERN_TABLE: return m->ntable_imports;
    case LWASM_EXTERN_MEMORY: return m->nmemory_imports;
    case LWASM_EXTERN_GLOBAL: return m->nglobal_imports;
    }
    return 0;
}

/* Builds the array of one index space: imported entries first, then room
 * for the `ndefined` entries of the kind's own section. */
static lwasm_error *open_space(decoder *d, lwasm_externkind kind, uint32_t ndefined)
{
    lwasm_module *m = d->m;
    uint64_t total = (uint64_t)imported_count(m, kind) + ndefined;
    if (total > UINT32_MAX)
        return LW_MALFORMED(LWASM_NO_OFFSET, "too many entries in an index space");
    uint32_t n = (uint32_t)total, k = 0;
    switch (kind) {
    case LWASM_EXTERN_FUNC:
        ALLOC_ARRAY(m->func_types, n);
        m->nfuncs = n;
        for (uint32_t i = 0; i < m->nimports; i++)
            if (m->imports[i].kind == kind)
                m->func_types[k++] = m->imports[i].of.func_type;
        break;
    case LWASM_EXTERN_TABLE:
        ALLOC_ARRAY(m->tables, n);
        m->ntables = n;
        for (uint32_t i = 0; i < m->nimports; i++)
            if (m->imports[i].kind == kind)
                m->tables[k++] = m->imports[i].of.table;
        break;
    case LWASM_EXTERN_MEMORY:
        ALLOC_ARRAY(m->memories, n);
        m->nmemories = n;
        for (uint32_t i = 0; i < m->nimports; i++)
            if (m->imports[i].kind == kind)
                m->memories[k++] = m->imports[i].of.memory;
        break;
    case LWASM_EXTERN_GLOBAL:
        ALLOC_ARRAY(m->globals, n);
        m->nglobals = n;
        for (uint32_t i = 0; i < m->nimports; i++)
            if (m->imports[i].kind == kind)
                m->globals[k++].type = m->imports[i].of.global;
        break;
    }
    d->space_open[kind] = true;
    return NULL;
}

/* Before a section of rank `rank`, every index space whose own section
 * would have come earlier is complete: build those that were absent. */
static lwasm_error *close_spaces_before(decoder *d, unsigned rank)
{
    static const struct {
        lwasm_externkind kind;
        unsigned section;
    } spaces[] = {
        {LWASM_EXTERN_FUNC, SEC_FUNCTION},
        {LWASM_EXTERN_TABLE, SEC_TABLE},
        {LWASM_EXTERN_MEMORY, SEC_MEMORY},
        {LWASM_EXTERN_GLOBAL, SEC_GLOBAL},
    };
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        if (section_rank[spaces[i].section] < rank && !d->space_open[spaces[i].kind])
            LW_TRY(open_space(d, spaces[i].kind, 0));
    return NULL;
}

/* ---- sections --------------------------------------------------------------------------------------- */

static lwasm_error *decode_types(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    ALLOC_ARRAY(m->types, n);
    m->ntypes = n;
    for (uint32_t i = 0; i < n; i++)
        LW_TRY(read_functype(d, r, &m->types[i]));
    return NULL;
}

static lwasm_error *decode_imports(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    ALLOC_ARRAY(m->imports, n);
    m->nimports = n;
    for (uint32_t i = 0; i < n; i++) {
        lw_import *imp = &m->imports[i];
        LW_TRY(read_name(d, r, &imp->module));
        LW_TRY(read_name(d, r, &imp->name));
        size_t at = lw_reader_offset(r);
        uint8_t kind;
        LW_TRY(lw_read_u8(r, &kind));
        switch (kind) {
        case LWASM_EXTERN_FUNC:
            LW_TRY(lw_read_u32(r, &imp->of.func_type));
            m->nfunc_imports++;
            break;
        case LWASM_EXTERN_TABLE:
            LW_TRY(read_tabletype(r, &imp->of.table));
            m->ntable_imports++;
            break;
        case LWASM_EXTERN_MEMORY:
            LW_TRY(read_limits(r, &imp->of.memory.limits));
            m->nmemory_imports++;
            break;
        case LWASM_EXTERN_GLOBAL:
            LW_TRY(read_globaltype(r, &imp->of.global));
            m->nglobal_imports++;
            break;
        default:
            return LW_MALFORMED(at, "malformed import kind 0x%02x", kind);
        }
        imp->kind = (lwasm_externkind)kind;
    }
    return NULL;
}

static lwasm_error *decode_functions(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    LW_TRY(open_space(d, LWASM_EXTERN_FUNC, n));
    for (uint32_t i = 0; i < n; i++)
        LW_TRY(lw_read_u32(r, &m->func_types[m->nfunc_imports + i]));
    d->nfunc_decls = n;
    return NULL;
}

static lwasm_error *decode_tables(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    LW_TRY(open_space(d, LWASM_EXTERN_TABLE, n));
    for (uint32_t i = 0; i < n; i++)
        LW_TRY(read_tabletype(r, &m->tables[m->ntable_imports + i]));
    return NULL;
}

static lwasm_error *decode_memories(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    LW_TRY(open_space(d, LWASM_EXTERN_MEMORY, n));
    for (uint32_t i = 0; i < n; i++)
        LW_TRY(read_limits(r, &m->memories[m->nmemory_imports + i].limits));
    return NULL;
}

static lwasm_error *decode_globals(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    LW_TRY(open_space(d, LWASM_EXTERN_GLOBAL, n));
    for (uint32_t i = 0; i < n; i++) {
        lw_global *g = &m->globals[m->nglobal_imports + i];
        LW_TRY(read_globaltype(r, &g->type));
        LW_TRY(read_const_expr(d, r, &g->init));
    }
    return NULL;
}

static lwasm_error *decode_exports(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    ALLOC_ARRAY(m->exports, n);
    m->nexports = n;
    for (uint32_t i = 0; i < n; i++) {
        lw_export *ex = &m->exports[i];
        LW_TRY(read_name(d, r, &ex->name));
        size_t at = lw_reader_offset(r);
        uint8_t kind;
        LW_TRY(lw_read_u8(r, &kind));
        if (kind > LWASM_EXTERN_GLOBAL)
            return LW_MALFORMED(at, "malformed export kind 0x%02x", kind);
        ex->kind = (lwasm_externkind)kind;
        LW_TRY(lw_read_u32(r, &ex->index));
        if (ex->kind == LWASM_EXTERN_FUNC)
            LW_TRY(mark_declared(d, ex->index));
    }
    return NULL;
}

static lwasm_error *decode_start(decoder *d, lw_reader *r)
{
    d->m->has_start = true;
    return lw_read_u32(r, &d->m->start);
}

/* Element segment flags (2.0): bit 0 passive/declarative, bit 1 explicit
 * table (active) or declarative (otherwise), bit 2 expressions instead of
 * function indices. */
static lwasm_error *decode_elem(decoder *d, lw_reader *r, lw_elem *el)
{
    size_t at = lw_reader_offset(r);
    el->offset_in_binary = (uint32_t)at;
    uint32_t flags;
    LW_TRY(lw_read_u32(r, &flags));
    if (flags > 7)
        return LW_MALFORMED(at, "malformed elements segment kind %u", flags);
    bool uses_exprs = flags & 4;
    el->type = LWASM_FUNCREF;
    el->table = 0;
    if (flags & 1) {
        el->mode = (flags & 2) ? LW_SEG_DECLARATIVE : LW_SEG_PASSIVE;
    } else {
        el->mode = LW_SEG_ACTIVE;
        if (flags & 2)
            LW_TRY(lw_read_u32(r, &el->table));
        LW_TRY(read_const_expr(d, r, &el->offset));
    }
    if (flags & 3) { /* forms 0 and 4 imply funcref */
        if (uses_exprs) {
            LW_TRY(read_reftype(r, &el->type));
        } else {
            size_t kind_at = lw_reader_offset(r);
            uint8_t kind;
            LW_TRY(lw_read_u8(r, &kind));
            if (kind != 0x00)
                return LW_MALFORMED(kind_at, "malformed element kind 0x%02x", kind);
        }
    }
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    if (uses_exprs) {
        ALLOC_ARRAY(el->exprs, n);
        el->count = n;
        for (uint32_t i = 0; i < n; i++)
            LW_TRY(read_const_expr(d, r, &el->exprs[i]));
    } else {
        ALLOC_ARRAY(el->funcs, n);
        el->count = n;
        for (uint32_t i = 0; i < n; i++) {
            LW_TRY(lw_read_u32(r, &el->funcs[i]));
            LW_TRY(mark_declared(d, el->funcs[i]));
        }
    }
    return NULL;
}

static lwasm_error *decode_elems(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    ALLOC_ARRAY(m->elems, n);
    m->nelems = n;
    for (uint32_t i = 0; i < n; i++)
        LW_TRY(decode_elem(d, r, &m->elems[i]));
    return NULL;
}

static lwasm_error *decode_data_count(decoder *d, lw_reader *r)
{
    d->data_count_offset = lw_reader_offset(r);
    d->m->has_data_count = true;
    return lw_read_u32(r, &d->m->data_count);
}

/* Reads a code entry's locals: counted once to refuse a huge total before
 * allocating, then expanded. */
static lwasm_error *decode_locals(decoder *d, lw_reader *r, lw_code *c)
{
    uint32_t ngroups;
    LW_TRY(read_count(d, r, &ngroups));
    const uint8_t *groups = r->p;
    uint64_t total = 0;
    for (uint32_t g = 0; g < ngroups; g++) {
        size_t at = lw_reader_offset(r);
        uint32_t n;
        lw_valtype t;
        LW_TRY(lw_read_u32(r, &n));
        LW_TRY(read_valtype(r, &t));
        total += n;
        if (total > LW_MAX_LOCALS)
            return LW_MALFORMED(at, "too many locals (more than %u in one function)", LW_MAX_LOCALS);
    }
    d->locals_total += total;
    if (d->locals_total > LW_LOCALS_ALLOWANCE + (uint64_t)LW_LOCALS_PER_INPUT_BYTE * d->m->size)
        return lw_error(LWASM_ERR_LIMIT, lw_reader_offset(r), LWASM_NO_FUNC,
                        "too many locals in the module (%llu in all, for %zu bytes of input)",
                        (unsigned long long)d->locals_total, d->m->size);
    ALLOC_ARRAY(c->locals, total);
    c->nlocals = (uint32_t)total;
    lw_reader again = lw_reader_make(r->origin, groups, r->p);
    uint32_t k = 0;
    for (uint32_t g = 0; g < ngroups; g++) {
        uint32_t n = 0;
        lw_valtype t = 0;
        LW_TRY(lw_read_u32(&again, &n));
        LW_TRY(read_valtype(&again, &t));
        if (n) /* locals is NULL when there are none */
            memset(c->locals + k, t, n);
        k += n;
    }
    return NULL;
}

static lwasm_error *decode_code(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    size_t at = lw_reader_offset(r);
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    if (n != d->nfunc_decls)
        return LW_MALFORMED(at, "function and code section have inconsistent lengths (%u functions, %u bodies)",
                            d->nfunc_decls, n);
    d->has_code_section = true;
    ALLOC_ARRAY(m->codes, n);
    m->ncodes = n;
    for (uint32_t i = 0; i < n; i++) {
        lw_code *c = &m->codes[i];
        size_t entry_at = lw_reader_offset(r);
        uint32_t size;
        LW_TRY(read_length(d, r, "code entry", &size));
        lw_reader entry = lw_reader_make(r->origin, r->p, r->p + size);
        r->p += size;
        c->size_offset = (uint32_t)entry_at;
        c->type = m->func_types[m->nfunc_imports + i];
        LW_TRY(decode_locals(d, &entry, c));
        c->body.data = entry.p;
        c->body.len = (uint32_t)lw_reader_left(&entry);
        c->body.offset = offset_of(m, entry.p);
    }
    return NULL;
}

static lwasm_error *decode_data_segment(decoder *d, lw_reader *r, lw_data *seg)
{
    size_t at = lw_reader_offset(r);
    uint32_t flags;
    LW_TRY(lw_read_u32(r, &flags));
    seg->memory = 0;
    switch (flags) {
    case 0:
        seg->mode = LW_SEG_ACTIVE;
        LW_TRY(read_const_expr(d, r, &seg->offset));
        break;
    case 1:
        seg->mode = LW_SEG_PASSIVE;
        break;
    case 2:
        seg->mode = LW_SEG_ACTIVE;
        LW_TRY(lw_read_u32(r, &seg->memory));
        LW_TRY(read_const_expr(d, r, &seg->offset));
        break;
    default:
        return LW_MALFORMED(at, "malformed data segment kind %u", flags);
    }
    uint32_t len;
    LW_TRY(read_length(d, r, "data segment", &len));
    const uint8_t *bytes;
    LW_TRY(lw_read_bytes(r, len, &bytes));
    seg->init.data = bytes;
    seg->init.len = len;
    seg->init.offset = offset_of(d->m, bytes);
    return NULL;
}

static lwasm_error *decode_datas(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    size_t at = lw_reader_offset(r);
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    if (m->has_data_count && n != m->data_count)
        return LW_MALFORMED(at, "data count and data section have inconsistent lengths (%u declared, %u segments)",
                            m->data_count, n);
    d->has_data_section = true;
    ALLOC_ARRAY(m->datas, n);
    m->ndatas = n;
    for (uint32_t i = 0; i < n; i++)
        LW_TRY(decode_data_segment(d, r, &m->datas[i]));
    return NULL;
}

/* ---- the name section ------------------------------------------------------------------------------- */

static int compare_func_names(const void *a, const void *b)
{
    const struct lw_func_name *x = a, *y = b;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    /* Same index: keep the order of appearance (names point into the binary). */
    return x->name.data < y->name.data ? -1 : x->name.data > y->name.data;
}

/* The function-names subsection: a map from function index to name. Sorted
 * here, first name winning, so lookups can bisect. */
static lwasm_error *parse_func_names(decoder *d, lw_reader *r)
{
    lwasm_module *m = d->m;
    uint32_t n;
    LW_TRY(read_count(d, r, &n));
    ALLOC_ARRAY(m->func_names, n);
    m->nfunc_names = n;
    for (uint32_t i = 0; i < n; i++) {
        LW_TRY(lw_read_u32(r, &m->func_names[i].index));
        LW_TRY(read_name(d, r, &m->func_names[i].name));
    }
    if (!lw_reader_eof(r))
        return LW_MALFORMED(lw_reader_offset(r), "name section: function names subsection size mismatch");
    if (n > 1) /* an empty map has no array: qsort must not see NULL */
        qsort(m->func_names, n, sizeof *m->func_names, compare_func_names);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++)
        if (kept == 0 || m->func_names[kept - 1].index != m->func_names[i].index)
            m->func_names[kept++] = m->func_names[i];
    m->nfunc_names = kept;
    return NULL;
}

static lwasm_error *parse_name_section(decoder *d, lw_reader *r)
{
    bool seen_functions = false;
    while (!lw_reader_eof(r)) {
        uint8_t id;
        LW_TRY(lw_read_u8(r, &id));
        uint32_t size;
        LW_TRY(read_length(d, r, "name subsection", &size));
        lw_reader sub = lw_reader_make(r->origin, r->p, r->p + size);
        r->p += size;
        /* Only function names are kept; other subsections (module, locals,
         * and later extensions) are skipped. */
        if (id == 1 && !seen_functions) {
            seen_functions = true;
            LW_TRY(parse_func_names(d, &sub));
        }
    }
    return NULL;
}

/* Custom sections never make a module malformed through their payload; only
 * their own name must be well formed. A broken name section is dropped. */
static lwasm_error *decode_custom(decoder *d, lw_reader *r)
{
    lwasm_name name;
    LW_TRY(read_name(d, r, &name));
    if (name.len == 4 && memcmp(name.data, "name", 4) == 0 && !d->saw_name_section) {
        d->saw_name_section = true;
        lwasm_error *e = parse_name_section(d, r);
        if (e) {
            lwasm_error_delete(e);
            free(d->m->func_names);
            d->m->func_names = NULL;
            d->m->nfunc_names = 0;
        }
    }
    r->p = r->end;
    return NULL;
}

/* ---- the module ------------------------------------------------------------------------------------- */

static lwasm_error *decode_section(decoder *d, uint8_t id, lw_reader *r)
{
    switch (id) {
    case SEC_TYPE: return decode_types(d, r);
    case SEC_IMPORT: return decode_imports(d, r);
    case SEC_FUNCTION: return decode_functions(d, r);
    case SEC_TABLE: return decode_tables(d, r);
    case SEC_MEMORY: return decode_memories(d, r);
    case SEC_GLOBAL: return decode_globals(d, r);
    case SEC_EXPORT: return decode_exports(d, r);
    case SEC_START: return decode_start(d, r);
    case SEC_ELEMENT: return decode_elems(d, r);
    case SEC_DATACOUNT: return decode_data_count(d, r);
    case SEC_CODE: return decode_code(d, r);
    case SEC_DATA: return decode_datas(d, r);
    default: return LW_MALFORMED(lw_reader_offset(r), "malformed section id %u", id);
    }
}

/* Cross-section rules checked once every section has been read. */
static lwasm_error *finish(decoder *d)
{
    lwasm_module *m = d->m;
    LW_TRY(close_spaces_before(d, RANK_AFTER_ALL));
    if (!d->has_code_section && d->nfunc_decls != 0)
        return LW_MALFORMED(m->size, "function and code section have inconsistent lengths (%u functions, no code "
                                     "section)",
                            d->nfunc_decls);
    if (m->has_data_count && !d->has_data_section && m->data_count != 0)
        return LW_MALFORMED(d->data_count_offset,
                            "data count and data section have inconsistent lengths (%u declared, no data section)",
                            m->data_count);
    /* Names of functions the module does not have are of no use. */
    uint32_t kept = 0;
    for (uint32_t i = 0; i < m->nfunc_names; i++)
        if (m->func_names[i].index < m->nfuncs)
            m->func_names[kept++] = m->func_names[i];
    m->nfunc_names = kept;
    /* The validator reads the bitmap unconditionally. */
    if (!m->declared_funcs)
        LW_TRY(mark_declared(d, UINT32_MAX));
    return NULL;
}

static lwasm_error *decode_module(decoder *d)
{
    lwasm_module *m = d->m;
    lw_reader r = lw_reader_make(m->bytes, m->bytes, d->module_end);
    const uint8_t *magic, *version;
    LW_TRY(lw_read_bytes(&r, 4, &magic));
    if (memcmp(magic, "\0asm", 4) != 0)
        return LW_MALFORMED(0, "magic header not detected");
    LW_TRY(lw_read_bytes(&r, 4, &version));
    if (memcmp(version, "\1\0\0\0", 4) != 0)
        return LW_MALFORMED(4, "unknown binary version");

    unsigned last_rank = 0;
    while (!lw_reader_eof(&r)) {
        size_t id_at = lw_reader_offset(&r);
        uint8_t id;
        LW_TRY(lw_read_u8(&r, &id));
        if (id >= SEC_COUNT_)
            return LW_MALFORMED(id_at, "malformed section id %u", id);
        uint32_t size;
        LW_TRY(read_length(d, &r, "section", &size));
        lw_reader sec = lw_reader_make(r.origin, r.p, r.p + size);
        r.p += size;
        if (id == SEC_CUSTOM) {
            LW_TRY(decode_custom(d, &sec));
            continue;
        }
        unsigned rank = section_rank[id];
        if (rank <= last_rank)
            return LW_MALFORMED(id_at, "unexpected content after last section (section %u out of order or repeated)",
                                id);
        last_rank = rank;
        LW_TRY(close_spaces_before(d, rank));
        LW_TRY(decode_section(d, id, &sec));
        if (!lw_reader_eof(&sec))
            return LW_MALFORMED(lw_reader_offset(&sec), "section size mismatch (%zu bytes left in section %u)",
                                lw_reader_left(&sec), id);
    }
    return finish(d);
}

lwasm_error *lw_decode(const uint8_t *bytes, size_t len, lwasm_module **out)
{
    *out = NULL;
    if (!bytes && len)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "no bytes given");
    /* Offsets inside the module are 32-bit. */
    if (len > UINT32_MAX)
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "module of %zu bytes is too large", len);
    lwasm_module *m = calloc(1, sizeof *m);
    if (!m)
        return lw_error_nomem();
    atomic_init(&m->refcount, 1u);
    m->bytes = malloc(len ? len : 1);
    if (!m->bytes) {
        free(m);
        return lw_error_nomem();
    }
    if (len)
        memcpy(m->bytes, bytes, len);
    m->size = len;

    decoder d = {.m = m, .module_end = m->bytes + len};
    lwasm_error *e = decode_module(&d);
    if (e) {
        lw_module_free(m);
        return e;
    }
    *out = m;
    return NULL;
}
