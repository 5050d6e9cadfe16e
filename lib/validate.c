/* validate.c — the WebAssembly 2.0 validator: module-level rules, constant expressions and function bodies. */
#include "insn.h"
#include "module.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The bottom type the operand stack yields below an unreachable point
 * (after unreachable, br, br_table, return): it matches any type. */
#define LW_T_UNKNOWN 0x00

/* Memories hold at most 2^16 pages (4 GiB) in 2.0. */
#define LW_MAX_MEMORY_PAGES 65536u

/* A call or block end can push as many values as a type has results, so a
 * few bytes of code can stack up millions of operands. The operand stack is
 * held to this many values per byte of input (and at least the floor), so a
 * small hostile file cannot make the validator allocate gigabytes. */
#define LW_STACK_PER_INPUT_BYTE 16u
#define LW_STACK_FLOOR (1u << 20)

static bool is_num(uint8_t t)
{
    return t == LWASM_I32 || t == LWASM_I64 || t == LWASM_F32 || t == LWASM_F64 || t == LW_T_UNKNOWN;
}
static bool is_vec(uint8_t t) { return t == LWASM_V128 || t == LW_T_UNKNOWN; }
static bool is_ref(uint8_t t) { return t == LWASM_FUNCREF || t == LWASM_EXTERNREF || t == LW_T_UNKNOWN; }

static const char *type_name(uint8_t t)
{
    switch (t) {
    case LWASM_I32: return "i32";
    case LWASM_I64: return "i64";
    case LWASM_F32: return "f32";
    case LWASM_F64: return "f64";
    case LWASM_V128: return "v128";
    case LWASM_FUNCREF: return "funcref";
    case LWASM_EXTERNREF: return "externref";
    case LW_T_UNKNOWN: return "any";
    default: return "?";
    }
}

/* One-element type lists for block types written as a single value type:
 * a pointer into this table stays valid however the control stack moves. */
static const uint8_t single_types[] = {LWASM_I32, LWASM_I64, LWASM_F32, LWASM_F64,
                                       LWASM_V128, LWASM_FUNCREF, LWASM_EXTERNREF};

static const uint8_t *single_type(uint8_t t)
{
    for (size_t i = 0; i < sizeof single_types; i++)
        if (single_types[i] == t)
            return &single_types[i];
    return NULL;
}

/* A reader over bytes the module owns, reporting offsets in the binary. */
static lw_reader bytes_reader(const lw_bytes *b)
{
    return lw_reader_make(b->data - b->offset, b->data, b->data + b->len);
}

static bool func_declared(const lwasm_module *m, uint32_t index)
{
    return m->declared_funcs && (m->declared_funcs[index / 8] >> (index % 8)) & 1;
}

/* ---- constant expressions ------------------------------------------------- */

/* Checks that `e` is a 2.0 constant expression yielding one value of type
 * `want`: t.const, ref.null, ref.func or global.get of an immutable imported
 * global, then `end`. Kept apart, and counting values rather than assuming a
 * single instruction, so the extended-const proposal can widen it. */
static lwasm_error *check_const_expr(const lwasm_module *m, const lw_expr *e, lw_valtype want)
{
    lw_reader r = bytes_reader(e);
    uint32_t depth = 0; /* values the expression has pushed so far */
    uint8_t top = 0;    /* type of the last one */
    for (;;) {
        lw_insn in;
        LW_TRY(lw_insn_read(&r, &in));
        switch (in.op) {
        case LW_OP_I32_CONST: case LW_OP_I64_CONST: case LW_OP_F32_CONST: case LW_OP_F64_CONST:
        case LW_OP_V128_CONST:
            top = lw_opinfo_table[in.op].result;
            break;
        case LW_OP_REF_NULL:
            top = in.imm.reftype;
            break;
        case LW_OP_REF_FUNC:
            /* A reference here declares the function itself: no C.refs check. */
            if (in.imm.index >= m->nfuncs)
                return LW_INVALID(in.offset, LWASM_NO_FUNC, "unknown function %u", in.imm.index);
            top = LWASM_FUNCREF;
            break;
        case LW_OP_GLOBAL_GET:
            /* Only imported globals are visible to constant expressions in 2.0. */
            if (in.imm.index >= m->nglobal_imports || in.imm.index >= m->nglobals)
                return LW_INVALID(in.offset, LWASM_NO_FUNC, "unknown global %u", in.imm.index);
            if (m->globals[in.imm.index].type.mutable_)
                return LW_INVALID(in.offset, LWASM_NO_FUNC,
                                  "constant expression required (global %u is mutable)", in.imm.index);
            top = m->globals[in.imm.index].type.type;
            break;
        case LW_OP_END:
            if (depth != 1 || top != want)
                return LW_INVALID(in.offset, LWASM_NO_FUNC,
                                  "type mismatch: constant expression must yield one %s, it yields %s%s",
                                  type_name(want), depth == 0 ? "nothing" : depth == 1 ? "" : "several values",
                                  depth == 1 ? type_name(top) : "");
            if (!lw_reader_eof(&r))
                return LW_INVALID(lw_reader_offset(&r), LWASM_NO_FUNC, "constant expression required");
            return NULL;
        default:
            return LW_INVALID(in.offset, LWASM_NO_FUNC, "constant expression required (%s is not constant)",
                              lw_opinfo_table[in.op].text);
        }
        depth++;
    }
}

/* ---- module-level rules --------------------------------------------------- */

static lwasm_error *check_func_types(const lwasm_module *m)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const lw_import *im = &m->imports[i];
        if (im->kind == LWASM_EXTERN_FUNC && im->of.func_type >= m->ntypes)
            return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC, "unknown type %u (import %u)", im->of.func_type, i);
    }
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->func_types[i] >= m->ntypes)
            return LW_INVALID(LWASM_NO_OFFSET, i, "unknown type %u", m->func_types[i]);
    if (m->nfunc_imports > m->nfuncs || m->ncodes != m->nfuncs - m->nfunc_imports)
        return LW_MALFORMED(LWASM_NO_OFFSET, "function and code section have inconsistent lengths");
    return NULL;
}

static lwasm_error *check_tables_and_memories(const lwasm_module *m)
{
    /* Table limits are u32s, so only their order can be wrong. */
    for (uint32_t i = 0; i < m->ntables; i++) {
        const lw_limits *l = &m->tables[i].limits;
        if (l->has_max && l->min > l->max)
            return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC,
                              "size minimum must not be greater than maximum (table %u)", i);
    }
    for (uint32_t i = 0; i < m->nmemories; i++) {
        const lw_limits *l = &m->memories[i].limits;
        if (l->min > LW_MAX_MEMORY_PAGES || (l->has_max && l->max > LW_MAX_MEMORY_PAGES))
            return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC, "memory size must be at most 65536 pages (4GiB)");
        if (l->has_max && l->min > l->max)
            return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC,
                              "size minimum must not be greater than maximum (memory %u)", i);
    }
    if (m->nmemories > 1)
        return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC, "multiple memories");
    return NULL;
}

static lwasm_error *check_globals(const lwasm_module *m)
{
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
        LW_TRY(check_const_expr(m, &m->globals[i].init, m->globals[i].type.type));
    return NULL;
}

static lwasm_error *check_elems(const lwasm_module *m)
{
    for (uint32_t i = 0; i < m->nelems; i++) {
        const lw_elem *s = &m->elems[i];
        size_t at = s->offset_in_binary;
        if (s->type != LWASM_FUNCREF && s->type != LWASM_EXTERNREF)
            return LW_MALFORMED(at, "malformed reference type (element segment %u)", i);
        if (s->mode == LW_SEG_ACTIVE) {
            if (s->table >= m->ntables)
                return LW_INVALID(at, LWASM_NO_FUNC, "unknown table %u", s->table);
            if (m->tables[s->table].elem != s->type)
                return LW_INVALID(at, LWASM_NO_FUNC, "type mismatch: element segment %u of %s in a table of %s", i,
                                  type_name(s->type), type_name(m->tables[s->table].elem));
            LW_TRY(check_const_expr(m, &s->offset, LWASM_I32));
        }
        if (s->funcs) {
            if (s->type != LWASM_FUNCREF)
                return LW_INVALID(at, LWASM_NO_FUNC, "type mismatch: function indices in a segment of %s",
                                  type_name(s->type));
            for (uint32_t j = 0; j < s->count; j++)
                if (s->funcs[j] >= m->nfuncs)
                    return LW_INVALID(at, LWASM_NO_FUNC, "unknown function %u", s->funcs[j]);
        } else if (s->exprs) {
            for (uint32_t j = 0; j < s->count; j++)
                LW_TRY(check_const_expr(m, &s->exprs[j], s->type));
        }
    }
    return NULL;
}

static lwasm_error *check_datas(const lwasm_module *m)
{
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const lw_data *d = &m->datas[i];
        if (d->mode != LW_SEG_ACTIVE)
            continue;
        if (d->memory >= m->nmemories)
            return LW_INVALID(d->offset.offset, LWASM_NO_FUNC, "unknown memory %u", d->memory);
        LW_TRY(check_const_expr(m, &d->offset, LWASM_I32));
    }
    return NULL;
}

static lwasm_error *check_start(const lwasm_module *m)
{
    if (!m->has_start)
        return NULL;
    if (m->start >= m->nfuncs)
        return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC, "unknown function %u", m->start);
    const lw_functype *t = lw_func_type(m, m->start);
    if (t->nparams != 0 || t->nresults != 0)
        return LW_INVALID(LWASM_NO_OFFSET, m->start, "start function must have type [] -> []");
    return NULL;
}

static int compare_export_names(const void *a, const void *b)
{
    const lwasm_name *x = &(*(const lw_export *const *)a)->name;
    const lwasm_name *y = &(*(const lw_export *const *)b)->name;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->data, y->data, n) : 0;
    if (c)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

static lwasm_error *check_exports(const lwasm_module *m)
{
    static const char *const what[] = {"function", "table", "memory", "global"};
    for (uint32_t i = 0; i < m->nexports; i++) {
        const lw_export *x = &m->exports[i];
        uint32_t limit;
        switch (x->kind) {
        case LWASM_EXTERN_FUNC: limit = m->nfuncs; break;
        case LWASM_EXTERN_TABLE: limit = m->ntables; break;
        case LWASM_EXTERN_MEMORY: limit = m->nmemories; break;
        case LWASM_EXTERN_GLOBAL: limit = m->nglobals; break;
        default: return LW_MALFORMED(LWASM_NO_OFFSET, "malformed export kind");
        }
        if (x->index >= limit)
            return LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC, "unknown %s %u", what[x->kind], x->index);
    }
    if (m->nexports < 2)
        return NULL;
    /* Sorting makes duplicates neighbours: O(n log n) however many exports. */
    const lw_export **sorted = malloc(m->nexports * sizeof *sorted);
    if (!sorted)
        return lw_error_nomem();
    for (uint32_t i = 0; i < m->nexports; i++)
        sorted[i] = &m->exports[i];
    qsort(sorted, m->nexports, sizeof *sorted, compare_export_names);
    lwasm_error *err = NULL;
    for (uint32_t i = 1; i < m->nexports && !err; i++)
        if (compare_export_names(&sorted[i - 1], &sorted[i]) == 0)
            err = LW_INVALID(LWASM_NO_OFFSET, LWASM_NO_FUNC, "duplicate export name \"%.*s\"",
                             (int)(sorted[i]->name.len > 200 ? 200 : sorted[i]->name.len), sorted[i]->name.data);
    free(sorted);
    return err;
}

/* ---- function bodies ------------------------------------------------------ */

/* Decoding errors a body can have beyond what lw_insn_read finds; the spec
 * interpreter finds them while decoding, so they are MALFORMED. */
static lwasm_error *err_end_expected(size_t at, uint32_t func_index)
{
    return lw_error(LWASM_ERR_MALFORMED, at, func_index, "END opcode expected");
}
static lwasm_error *err_body_ended(size_t at, uint32_t func_index)
{
    return lw_error(LWASM_ERR_MALFORMED, at, func_index,
                    "END opcode expected (unexpected end of section or function)");
}
static lwasm_error *err_after_end(size_t at, uint32_t func_index)
{
    return lw_error(LWASM_ERR_MALFORMED, at, func_index,
                    "section size mismatch: bytes after the function's final end");
}
static lwasm_error *err_no_data_count(size_t at, uint32_t func_index)
{
    return lw_error(LWASM_ERR_MALFORMED, at, func_index, "data count section required");
}

/* One entry of the control stack: a block, loop, if/else or the function. */
typedef struct lw_ctrl {
    const uint8_t *params;
    const uint8_t *results;
    uint32_t nparams, nresults;
    size_t height;    /* operand stack height when the block was entered */
    lw_opcode op;     /* BLOCK (also the function), LOOP, IF or ELSE */
    bool unreachable; /* the rest of the block is dead code: stack is polymorphic */
} lw_ctrl;

/* The validator's state; the stacks are reused across every body of the module. */
typedef struct lw_fv {
    const lwasm_module *m;
    uint32_t func_index;
    size_t at;   /* offset of the instruction being checked */
    lw_opcode op; /* and its opcode, for messages */
    const lw_functype *type;
    const lw_code *code;
    uint64_t nlocals; /* params + declared locals */

    uint8_t *vals;
    size_t nvals, vals_cap, vals_limit;
    lw_ctrl *ctrls;
    size_t nctrls, ctrls_cap;

    /* For each first byte: how the hot loop may read the instruction
     * without lw_insn_read (enum lw_fast), and its opcode. */
    uint8_t fast_kind[256];
    uint16_t fast_op[256];
} lw_fv;

enum lw_fast {
    LW_FAST_NO,    /* prefixed or unusual immediates: lw_insn_read */
    LW_FAST_BARE,  /* one byte, no immediate */
    LW_FAST_INDEX, /* one byte and a u32 index (one-byte LEBs only) */
    LW_FAST_I32,   /* i32.const with a one-byte LEB */
    LW_FAST_MEMARG /* loads and stores with one-byte align and offset */
};

/* Derives the fast-path map from the instruction table. */
static void init_fast_map(lw_fv *v)
{
    memset(v->fast_kind, LW_FAST_NO, sizeof v->fast_kind);
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *info = &lw_opinfo_table[op];
        if (info->prefix != 0 || info->code > 0xFF)
            continue;
        v->fast_op[info->code] = (uint16_t)op;
        switch (info->imm) {
        case LW_IMM_NONE: v->fast_kind[info->code] = LW_FAST_BARE; break;
        case LW_IMM_LABEL: case LW_IMM_FUNC: case LW_IMM_LOCAL: case LW_IMM_GLOBAL:
            v->fast_kind[info->code] = LW_FAST_INDEX;
            break;
        case LW_IMM_I32: v->fast_kind[info->code] = LW_FAST_I32; break;
        case LW_IMM_MEMARG: v->fast_kind[info->code] = LW_FAST_MEMARG; break;
        default: break;
        }
    }
}

#define FV_INVALID(v, ...) LW_INVALID((v)->at, (v)->func_index, __VA_ARGS__)

static lwasm_error *reserve_vals(lw_fv *v, size_t extra)
{
    if (v->vals_cap - v->nvals >= extra)
        return NULL;
    if (extra > v->vals_limit - v->nvals)
        return lw_error(LWASM_ERR_LIMIT, v->at, v->func_index,
                        "operand stack of more than %zu values (%zu per byte of module)", v->vals_limit,
                        (size_t)LW_STACK_PER_INPUT_BYTE);
    size_t cap = v->vals_cap ? v->vals_cap * 2 : 256;
    while (cap - v->nvals < extra)
        cap *= 2;
    if (cap > v->vals_limit)
        cap = v->vals_limit;
    uint8_t *p = realloc(v->vals, cap);
    if (!p)
        return lw_error_nomem();
    v->vals = p;
    v->vals_cap = cap;
    return NULL;
}

static inline lwasm_error *push_val(lw_fv *v, uint8_t t)
{
    if (v->nvals == v->vals_cap)
        LW_TRY(reserve_vals(v, 1));
    v->vals[v->nvals++] = t;
    return NULL;
}

static inline lwasm_error *push_vals(lw_fv *v, const uint8_t *types, uint32_t n)
{
    LW_TRY(reserve_vals(v, n));
    if (n)
        memcpy(v->vals + v->nvals, types, n);
    v->nvals += n;
    return NULL;
}

static lwasm_error *mismatch(lw_fv *v, uint8_t expect, bool empty, uint8_t actual)
{
    const char *name = lw_opinfo_table[v->op].text;
    if (empty)
        return FV_INVALID(v, "type mismatch: %s expects %s but the stack is empty", name,
                          expect == LW_T_UNKNOWN ? "an operand" : type_name(expect));
    return FV_INVALID(v, "type mismatch: %s expects %s, found %s", name, type_name(expect), type_name(actual));
}

/* Pops one operand of type `expect` (LW_T_UNKNOWN: any); *got receives its type. */
static inline lwasm_error *pop_val(lw_fv *v, uint8_t expect, uint8_t *got)
{
    const lw_ctrl *top = &v->ctrls[v->nctrls - 1];
    uint8_t actual;
    if (v->nvals == top->height) {
        if (!top->unreachable)
            return mismatch(v, expect, true, 0);
        actual = LW_T_UNKNOWN;
    } else {
        actual = v->vals[--v->nvals];
        if (actual != expect && actual != LW_T_UNKNOWN && expect != LW_T_UNKNOWN)
            return mismatch(v, expect, false, actual);
    }
    if (got)
        *got = actual;
    return NULL;
}

static inline lwasm_error *pop_vals(lw_fv *v, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        LW_TRY(pop_val(v, types[i], NULL));
    return NULL;
}

static lwasm_error *push_ctrl(lw_fv *v, lw_opcode op, const uint8_t *params, uint32_t nparams,
                              const uint8_t *results, uint32_t nresults)
{
    if (v->nctrls == v->ctrls_cap) {
        size_t cap = v->ctrls_cap ? v->ctrls_cap * 2 : 64;
        lw_ctrl *p = realloc(v->ctrls, cap * sizeof *p);
        if (!p)
            return lw_error_nomem();
        v->ctrls = p;
        v->ctrls_cap = cap;
    }
    v->ctrls[v->nctrls++] = (lw_ctrl){.params = params, .results = results, .nparams = nparams,
                                      .nresults = nresults, .height = v->nvals, .op = op, .unreachable = false};
    return push_vals(v, params, nparams);
}

static lwasm_error *pop_ctrl(lw_fv *v, lw_ctrl *out)
{
    const lw_ctrl *top = &v->ctrls[v->nctrls - 1];
    LW_TRY(pop_vals(v, top->results, top->nresults));
    if (v->nvals != top->height)
        return FV_INVALID(v, "type mismatch: %zu value(s) left on the stack at the end of the block",
                          v->nvals - top->height);
    *out = *top;
    v->nctrls--;
    return NULL;
}

static void set_unreachable(lw_fv *v)
{
    lw_ctrl *top = &v->ctrls[v->nctrls - 1];
    v->nvals = top->height;
    top->unreachable = true;
}

/* The types a branch to label `depth` carries: a loop's params, else its results. */
static lwasm_error *label_types(lw_fv *v, uint32_t depth, const uint8_t **types, uint32_t *n)
{
    if (depth >= v->nctrls)
        return FV_INVALID(v, "unknown label %u", depth);
    const lw_ctrl *c = &v->ctrls[v->nctrls - 1 - depth];
    if (c->op == LW_OP_LOOP) {
        *types = c->params;
        *n = c->nparams;
    } else {
        *types = c->results;
        *n = c->nresults;
    }
    return NULL;
}

/* Checks the operand stack holds `types` on top, without popping (br_table
 * targets: what the spec does by popping and pushing the values back). */
static lwasm_error *peek_vals(lw_fv *v, const uint8_t *types, uint32_t n)
{
    const lw_ctrl *top = &v->ctrls[v->nctrls - 1];
    size_t avail = v->nvals - top->height;
    for (uint32_t k = 0; k < n; k++) {
        uint8_t expect = types[n - 1 - k];
        if (k >= avail) {
            if (!top->unreachable)
                return mismatch(v, expect, true, 0);
            continue; /* below the polymorphic point: anything matches */
        }
        uint8_t actual = v->vals[v->nvals - 1 - k];
        if (actual != expect && actual != LW_T_UNKNOWN)
            return mismatch(v, expect, false, actual);
    }
    return NULL;
}

static lwasm_error *block_type(lw_fv *v, const lw_insn *in, const uint8_t **params, uint32_t *nparams,
                               const uint8_t **results, uint32_t *nresults)
{
    *params = *results = NULL;
    *nparams = *nresults = 0;
    switch (in->imm.block.kind) {
    case LW_BLOCK_EMPTY:
        return NULL;
    case LW_BLOCK_VALTYPE:
        *results = single_type((uint8_t)in->imm.block.value);
        if (!*results)
            return LW_MALFORMED(in->offset, "malformed block type");
        *nresults = 1;
        return NULL;
    default: {
        if (in->imm.block.value >= v->m->ntypes)
            return FV_INVALID(v, "unknown type %u", in->imm.block.value);
        const lw_functype *t = &v->m->types[in->imm.block.value];
        *params = t->params;
        *nparams = t->nparams;
        *results = t->results;
        *nresults = t->nresults;
        return NULL;
    }
    }
}

static lwasm_error *need_memory(lw_fv *v, uint32_t index)
{
    if (index >= v->m->nmemories)
        return FV_INVALID(v, "unknown memory %u", index);
    return NULL;
}

static lwasm_error *need_table(lw_fv *v, uint32_t index, uint8_t *elem)
{
    if (index >= v->m->ntables)
        return FV_INVALID(v, "unknown table %u", index);
    *elem = v->m->tables[index].elem;
    return NULL;
}

static lwasm_error *need_elem(lw_fv *v, uint32_t index, uint8_t *type)
{
    if (index >= v->m->nelems)
        return FV_INVALID(v, "unknown elem segment %u", index);
    *type = v->m->elems[index].type;
    return NULL;
}

static lwasm_error *need_data(lw_fv *v, uint32_t index)
{
    /* Bodies precede the data section in the binary, so 2.0 makes modules
     * that use data indices declare the count up front. The missing count is
     * reported only for an otherwise valid use, so an unknown segment or
     * memory gets its own, more telling, message. */
    uint32_t ndatas = v->m->has_data_count ? v->m->data_count : v->m->ndatas;
    if (index >= ndatas)
        return FV_INVALID(v, "unknown data segment %u", index);
    if (!v->m->has_data_count)
        return err_no_data_count(v->at, v->func_index);
    return NULL;
}

/* Checks the immediates of an instruction the table types generically. */
static lwasm_error *check_immediates(lw_fv *v, const lw_insn *in, const lw_opinfo *info)
{
    uint8_t t1 = 0, t2 = 0;
    switch ((lw_imm)info->imm) {
    case LW_IMM_MEMARG:
        LW_TRY(need_memory(v, 0));
        if (in->imm.memarg.align > info->align)
            return FV_INVALID(v, "alignment must not be larger than natural (2^%u given, %s has 2^%u)",
                              in->imm.memarg.align, info->text, info->align);
        return NULL;
    case LW_IMM_MEMARG_LANE:
        LW_TRY(need_memory(v, 0));
        if (in->imm.memarg.align > info->align)
            return FV_INVALID(v, "alignment must not be larger than natural (2^%u given, %s has 2^%u)",
                              in->imm.memarg.align, info->text, info->align);
        /* For lane rows the table's ALIGN is log2 of the lane width. */
        if (in->imm.memarg.lane >= 16u >> info->align)
            return FV_INVALID(v, "invalid lane index %u (%s has %u lanes)", in->imm.memarg.lane, info->text,
                              16u >> info->align);
        return NULL;
    case LW_IMM_LANE:
        if (in->imm.lane >= 16u >> info->align)
            return FV_INVALID(v, "invalid lane index %u (%s has %u lanes)", in->imm.lane, info->text,
                              16u >> info->align);
        return NULL;
    case LW_IMM_SHUFFLE:
        for (unsigned i = 0; i < 16; i++)
            if (in->imm.v128[i] >= 32)
                return FV_INVALID(v, "invalid lane index %u (i8x16.shuffle selects from 32 lanes)",
                                  in->imm.v128[i]);
        return NULL;
    case LW_IMM_MEM:
        return need_memory(v, in->imm.index);
    case LW_IMM_MEMORY_COPY:
        LW_TRY(need_memory(v, in->imm.pair.a));
        return need_memory(v, in->imm.pair.b);
    case LW_IMM_MEMORY_INIT:
        LW_TRY(need_memory(v, in->imm.pair.b));
        return need_data(v, in->imm.pair.a);
    case LW_IMM_DATA:
        return need_data(v, in->imm.index);
    case LW_IMM_ELEM:
        return need_elem(v, in->imm.index, &t1);
    case LW_IMM_TABLE:
        return need_table(v, in->imm.index, &t1);
    case LW_IMM_TABLE_INIT:
        LW_TRY(need_table(v, in->imm.pair.b, &t1));
        LW_TRY(need_elem(v, in->imm.pair.a, &t2));
        if (t1 != t2)
            return FV_INVALID(v, "type mismatch: table.init copies %s elements into a table of %s", type_name(t2),
                              type_name(t1));
        return NULL;
    case LW_IMM_TABLE_COPY:
        LW_TRY(need_table(v, in->imm.pair.a, &t1));
        LW_TRY(need_table(v, in->imm.pair.b, &t2));
        if (t1 != t2)
            return FV_INVALID(v, "type mismatch: table.copy copies %s elements into a table of %s", type_name(t2),
                              type_name(t1));
        return NULL;
    default:
        /* Constants and immediates with nothing to check against the module. */
        return NULL;
    }
}

static lwasm_error *check_br_table(lw_fv *v, const lw_insn *in)
{
    LW_TRY(pop_val(v, LWASM_I32, NULL));
    const uint8_t *p = in->imm.br_table.targets;
    const uint8_t *dtypes = NULL;
    uint32_t darity = 0;
    /* The default label comes after the `count` others. */
    const uint8_t *q = p;
    for (uint32_t i = 0; i < in->imm.br_table.count; i++)
        (void)lw_leb_u32_unchecked(&q);
    LW_TRY(label_types(v, lw_leb_u32_unchecked(&q), &dtypes, &darity));
    for (uint32_t i = 0; i < in->imm.br_table.count; i++) {
        const uint8_t *types = NULL;
        uint32_t arity = 0;
        uint32_t depth = lw_leb_u32_unchecked(&p);
        LW_TRY(label_types(v, depth, &types, &arity));
        if (arity != darity)
            return FV_INVALID(v, "type mismatch: br_table label %u carries %u value(s), the default %u", depth,
                              arity, darity);
        LW_TRY(peek_vals(v, types, arity));
    }
    LW_TRY(pop_vals(v, dtypes, darity));
    set_unreachable(v);
    return NULL;
}

static lwasm_error *check_call(lw_fv *v, const lw_functype *t)
{
    LW_TRY(pop_vals(v, t->params, t->nparams));
    return push_vals(v, t->results, t->nresults);
}

static inline lwasm_error *local_type(lw_fv *v, uint32_t index, uint8_t *type)
{
    if (index >= v->nlocals)
        return FV_INVALID(v, "unknown local %u", index);
    if (index < v->type->nparams)
        *type = v->type->params[index];
    else
        *type = v->code->locals[index - v->type->nparams];
    return NULL;
}

static lwasm_error *need_global(lw_fv *v, uint32_t index)
{
    if (index >= v->m->nglobals)
        return FV_INVALID(v, "unknown global %u", index);
    return NULL;
}

/* Checks one instruction against the stacks. */
static lwasm_error *check_insn(lw_fv *v, const lw_insn *in)
{
    const lwasm_module *m = v->m;
    const uint8_t *params = NULL, *results = NULL;
    uint32_t nparams = 0, nresults = 0;
    uint8_t t = 0, t2 = 0;
    lw_ctrl frame;

    switch (in->op) {
    case LW_OP_UNREACHABLE:
        set_unreachable(v);
        return NULL;
    case LW_OP_BLOCK:
    case LW_OP_LOOP:
        LW_TRY(block_type(v, in, &params, &nparams, &results, &nresults));
        LW_TRY(pop_vals(v, params, nparams));
        return push_ctrl(v, in->op, params, nparams, results, nresults);
    case LW_OP_IF:
        LW_TRY(block_type(v, in, &params, &nparams, &results, &nresults));
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        LW_TRY(pop_vals(v, params, nparams));
        return push_ctrl(v, LW_OP_IF, params, nparams, results, nresults);
    case LW_OP_ELSE:
        /* The binary format only has `else` inside `if`: elsewhere the
         * enclosing block is missing its `end`. */
        if (v->ctrls[v->nctrls - 1].op != LW_OP_IF)
            return err_end_expected(in->offset, v->func_index);
        LW_TRY(pop_ctrl(v, &frame));
        return push_ctrl(v, LW_OP_ELSE, frame.params, frame.nparams, frame.results, frame.nresults);
    case LW_OP_END:
        LW_TRY(pop_ctrl(v, &frame));
        /* An `if` without `else` has an implicit empty else: it passes its
         * params through, so they must be its results. */
        if (frame.op == LW_OP_IF &&
            (frame.nparams != frame.nresults ||
             (frame.nparams && memcmp(frame.params, frame.results, frame.nparams) != 0)))
            return FV_INVALID(v, "type mismatch: if without else must have matching param and result types");
        return push_vals(v, frame.results, frame.nresults);
    case LW_OP_BR:
        LW_TRY(label_types(v, in->imm.index, &results, &nresults));
        LW_TRY(pop_vals(v, results, nresults));
        set_unreachable(v);
        return NULL;
    case LW_OP_BR_IF:
        LW_TRY(label_types(v, in->imm.index, &results, &nresults));
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        LW_TRY(pop_vals(v, results, nresults));
        return push_vals(v, results, nresults);
    case LW_OP_BR_TABLE:
        return check_br_table(v, in);
    case LW_OP_RETURN:
        LW_TRY(pop_vals(v, v->type->results, v->type->nresults));
        set_unreachable(v);
        return NULL;
    case LW_OP_CALL:
        if (in->imm.index >= m->nfuncs)
            return FV_INVALID(v, "unknown function %u", in->imm.index);
        return check_call(v, lw_func_type(m, in->imm.index));
    case LW_OP_CALL_INDIRECT:
        LW_TRY(need_table(v, in->imm.call_indirect.table, &t));
        if (t != LWASM_FUNCREF)
            return FV_INVALID(v, "type mismatch: call_indirect needs a table of funcref, table %u holds %s",
                              in->imm.call_indirect.table, type_name(t));
        if (in->imm.call_indirect.type >= m->ntypes)
            return FV_INVALID(v, "unknown type %u", in->imm.call_indirect.type);
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        return check_call(v, &m->types[in->imm.call_indirect.type]);
    case LW_OP_DROP:
        return pop_val(v, LW_T_UNKNOWN, NULL);
    case LW_OP_SELECT:
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        LW_TRY(pop_val(v, LW_T_UNKNOWN, &t));
        LW_TRY(pop_val(v, LW_T_UNKNOWN, &t2));
        /* Untyped select is for numbers and vectors only: reference
         * operands need the typed form. */
        if (!((is_num(t) && is_num(t2)) || (is_vec(t) && is_vec(t2))))
            return FV_INVALID(v,
                              "type mismatch: select without a type needs numeric or vector operands, got %s and %s",
                              type_name(t2), type_name(t));
        if (t != t2 && t != LW_T_UNKNOWN && t2 != LW_T_UNKNOWN)
            return FV_INVALID(v, "type mismatch: select operands %s and %s differ", type_name(t2), type_name(t));
        return push_val(v, t == LW_T_UNKNOWN ? t2 : t);
    case LW_OP_SELECT_T:
        if (in->imm.select_t.count != 1)
            return FV_INVALID(v, "invalid result arity: select takes exactly one type, %u given",
                              in->imm.select_t.count);
        t = in->imm.select_t.type;
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        LW_TRY(pop_val(v, t, NULL));
        LW_TRY(pop_val(v, t, NULL));
        return push_val(v, t);
    case LW_OP_LOCAL_GET:
        LW_TRY(local_type(v, in->imm.index, &t));
        return push_val(v, t);
    case LW_OP_LOCAL_SET:
        LW_TRY(local_type(v, in->imm.index, &t));
        return pop_val(v, t, NULL);
    case LW_OP_LOCAL_TEE:
        LW_TRY(local_type(v, in->imm.index, &t));
        LW_TRY(pop_val(v, t, NULL));
        return push_val(v, t);
    case LW_OP_GLOBAL_GET:
        LW_TRY(need_global(v, in->imm.index));
        return push_val(v, m->globals[in->imm.index].type.type);
    case LW_OP_GLOBAL_SET:
        LW_TRY(need_global(v, in->imm.index));
        if (!m->globals[in->imm.index].type.mutable_)
            return FV_INVALID(v, "global is immutable: global.set %u", in->imm.index);
        return pop_val(v, m->globals[in->imm.index].type.type, NULL);
    case LW_OP_TABLE_GET:
        LW_TRY(need_table(v, in->imm.index, &t));
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        return push_val(v, t);
    case LW_OP_TABLE_SET:
        LW_TRY(need_table(v, in->imm.index, &t));
        LW_TRY(pop_val(v, t, NULL));
        return pop_val(v, LWASM_I32, NULL);
    case LW_OP_TABLE_GROW:
        LW_TRY(need_table(v, in->imm.index, &t));
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        LW_TRY(pop_val(v, t, NULL));
        return push_val(v, LWASM_I32);
    case LW_OP_TABLE_FILL:
        LW_TRY(need_table(v, in->imm.index, &t));
        LW_TRY(pop_val(v, LWASM_I32, NULL));
        LW_TRY(pop_val(v, t, NULL));
        return pop_val(v, LWASM_I32, NULL);
    case LW_OP_REF_NULL:
        return push_val(v, in->imm.reftype);
    case LW_OP_REF_IS_NULL:
        LW_TRY(pop_val(v, LW_T_UNKNOWN, &t));
        if (!is_ref(t))
            return FV_INVALID(v, "type mismatch: ref.is_null needs a reference, got %s", type_name(t));
        return push_val(v, LWASM_I32);
    case LW_OP_REF_FUNC:
        if (in->imm.index >= m->nfuncs)
            return FV_INVALID(v, "unknown function %u", in->imm.index);
        if (!func_declared(m, in->imm.index))
            return FV_INVALID(v, "undeclared function reference %u", in->imm.index);
        return push_val(v, LWASM_FUNCREF);
    default:
        break;
    }

    /* Everything else is typed by the instruction table. */
    const lw_opinfo *info = &lw_opinfo_table[in->op];
    if (info->result == LW_T_SP)
        return FV_INVALID(v, "unsupported instruction %s", info->text);
    LW_TRY(check_immediates(v, in, info));
    for (unsigned i = info->nparams; i-- > 0;)
        LW_TRY(pop_val(v, info->params[i], NULL));
    if (info->result != LW_T_NO)
        return push_val(v, info->result);
    return NULL;
}

static lwasm_error *check_body(lw_fv *v, uint32_t code_index)
{
    const lwasm_module *m = v->m;
    const lw_code *code = &m->codes[code_index];
    v->func_index = m->nfunc_imports + code_index;
    v->type = lw_func_type(m, v->func_index);
    v->code = code;
    v->nlocals = (uint64_t)v->type->nparams + code->nlocals;
    v->nvals = 0;
    v->nctrls = 0;
    v->at = code->body.offset;
    v->op = LW_OP_END;
    /* The function body is a block whose label carries the results. */
    LW_TRY(push_ctrl(v, LW_OP_BLOCK, NULL, 0, v->type->results, v->type->nresults));

    lw_reader r = bytes_reader(&code->body);
    while (v->nctrls > 0) {
        if (lw_reader_eof(&r))
            return err_body_ended(lw_reader_offset(&r), v->func_index);
        /* Most instructions are one byte, perhaps with a small index: read
         * those here, everything else (and every error) via lw_insn_read. */
        lw_insn in;
        const uint8_t *p = r.p;
        size_t left = lw_reader_left(&r);
        uint8_t fast = v->fast_kind[p[0]];
        in.op = (lw_opcode)v->fast_op[p[0]];
        in.offset = lw_reader_offset(&r);
        if (fast == LW_FAST_BARE) {
            r.p += 1;
        } else if ((fast == LW_FAST_INDEX || fast == LW_FAST_I32) && left >= 2 && p[1] < 0x80) {
            in.imm.index = p[1]; /* the validator never looks at an i32.const's value */
            r.p += 2;
        } else if (fast == LW_FAST_MEMARG && left >= 3 && p[1] < 0x80 && p[2] < 0x80) {
            in.imm.memarg.align = p[1];
            in.imm.memarg.offset = p[2];
            r.p += 3;
        } else {
            LW_TRY(lw_insn_read(&r, &in));
        }
        v->at = in.offset;
        v->op = in.op;
        LW_TRY(check_insn(v, &in));
    }
    if (!lw_reader_eof(&r))
        return err_after_end(lw_reader_offset(&r), v->func_index);
    return NULL;
}

static lwasm_error *check_bodies(const lwasm_module *m)
{
    lw_fv v = {.m = m};
    v.vals_limit = m->size > SIZE_MAX / LW_STACK_PER_INPUT_BYTE ? SIZE_MAX : m->size * LW_STACK_PER_INPUT_BYTE;
    if (v.vals_limit < LW_STACK_FLOOR)
        v.vals_limit = LW_STACK_FLOOR;
    init_fast_map(&v);
    lwasm_error *err = NULL;
    for (uint32_t i = 0; i < m->ncodes && !err; i++)
        err = check_body(&v, i);
    free(v.vals);
    free(v.ctrls);
    return err;
}

/* ---- decoding errors first ----------------------------------------------- */

/* Reads a body only for its binary structure: every instruction decodes,
 * else/end nest, nothing follows the final end. (A missing data count is left
 * out on purpose: it is reported only when nothing else is wrong, see
 * need_data.) `stack` holds one byte per open block (1 for an `if`, which may take an else). */
static lwasm_error *scan_body(const lwasm_module *m, uint32_t code_index, uint8_t **stack, size_t *cap)
{
    const lw_code *code = &m->codes[code_index];
    uint32_t func_index = m->nfunc_imports + code_index;
    lw_reader r = bytes_reader(&code->body);
    size_t depth = 0;
    (*stack)[depth++] = 0; /* the function's own block */
    while (depth > 0) {
        if (lw_reader_eof(&r))
            return err_body_ended(lw_reader_offset(&r), func_index);
        lw_insn in;
        LW_TRY(lw_insn_read(&r, &in));
        switch (in.op) {
        case LW_OP_BLOCK: case LW_OP_LOOP: case LW_OP_IF:
            if (depth == *cap) {
                uint8_t *p = realloc(*stack, *cap * 2);
                if (!p)
                    return lw_error_nomem();
                *stack = p;
                *cap *= 2;
            }
            (*stack)[depth++] = in.op == LW_OP_IF;
            break;
        case LW_OP_ELSE:
            if (!(*stack)[depth - 1])
                return err_end_expected(in.offset, func_index);
            (*stack)[depth - 1] = 0;
            break;
        case LW_OP_END:
            depth--;
            break;
        default:
            break;
        }
    }
    if (!lw_reader_eof(&r))
        return err_after_end(lw_reader_offset(&r), func_index);
    return NULL;
}

static lwasm_error *find_malformed_body(const lwasm_module *m)
{
    size_t cap = 64;
    uint8_t *stack = malloc(cap);
    if (!stack)
        return lw_error_nomem();
    lwasm_error *err = NULL;
    for (uint32_t i = 0; i < m->ncodes && !err; i++)
        err = scan_body(m, i, &stack, &cap);
    free(stack);
    return err;
}

static lwasm_error *check_module(const lwasm_module *m)
{
    LW_TRY(check_func_types(m));
    LW_TRY(check_tables_and_memories(m));
    LW_TRY(check_globals(m));
    LW_TRY(check_elems(m));
    LW_TRY(check_datas(m));
    LW_TRY(check_start(m));
    LW_TRY(check_exports(m));
    return check_bodies(m);
}

lwasm_error *lw_validate(const lwasm_module *m)
{
    lwasm_error *err = check_module(m);
    /* A binary that does not decode is malformed whatever else is wrong with
     * it. Bodies are decoded as they are validated, so an invalid module gets
     * its remaining bodies read for decoding errors, which then take
     * precedence. Valid modules never pay for this. */
    if (err && err->kind == LWASM_ERR_INVALID) {
        lwasm_error *malformed = find_malformed_body(m);
        if (malformed) {
            lwasm_error_delete(err);
            return malformed;
        }
    }
    return err;
}
