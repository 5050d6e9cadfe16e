/* translate.c — turns validated function bodies into the interpreter's register-style internal code. */
#include "compiled.h"
#include "insn.h"

#include <stdlib.h>
#include <string.h>

/*
 * One pass per function. The operand stack is simulated (types and slot
 * positions), so every operand becomes a fixed frame slot; control
 * structures become jumps whose targets are known (loops) or patched when
 * the block's end (or else) is reached. Code after an unconditional transfer
 * is skipped up to the end/else that makes it reachable again. The input has
 * been validated, so the only failure here is running out of memory.
 */

enum tr_kind { TR_BLOCK, TR_LOOP, TR_IF, TR_ELSE, TR_FUNC };

#define TR_NONE (-1)

typedef struct tr_label {
    uint8_t kind;       /* enum tr_kind */
    uint32_t base;      /* operand height (slots) below the block's parameters */
    uint32_t tbase;     /* type-stack depth below the parameters */
    const uint8_t *params, *results;
    uint32_t nparams, nresults;
    uint32_t param_slots, result_slots;
    int64_t loop_pos;   /* TR_LOOP: code index of the loop head */
    int64_t patch;      /* chain of forward offset words to patch at end, TR_NONE-terminated */
    int64_t else_patch; /* TR_IF: the offset word of its BR_UNLESS, until else/end */
    int64_t stub;       /* br_table: code index of this label's branch stub, or TR_NONE */
} tr_label;

typedef struct tr {
    lwasm_module *m;
    const void *const *handlers;
    uint32_t *canon; /* canonical type index of each type index */
    bool oom;

    /* the function being translated */
    lw_compiled *c;
    uint32_t locals_end; /* first operand-stack slot */

    lw_word *code;
    size_t ncode, capcode;
    uint8_t *map; /* the source map being built (see compiled.h) */
    size_t nmap, capmap;
    uint32_t map_pos, map_offset; /* the last pair recorded */
    size_t offset; /* of the wasm instruction being translated */

    uint8_t *types;   /* operand type stack */
    uint32_t *spos;   /* and each entry's slot, relative to locals_end */
    size_t ntypes, captypes;
    uint32_t h, maxh; /* operand height in slots, and its maximum */

    tr_label *labels;
    size_t nlabels, caplabels;

    uint8_t *local_types; /* params then declared locals */
    uint32_t *local_slot; /* each one's first slot */
    size_t cap_local_types, cap_local_slot;

    /* Checks asked for by the engine (see meter_run). */
    bool fuel, poll;
    int64_t fuel_word;  /* the open run's FUEL immediate, or TR_NONE */
    uint32_t fuel_cost; /* what the open run has cost so far */
} tr;

/* A one-element type array for each value type, for single-result blocks. */
static const uint8_t tr_single_type[256] = {
    [LWASM_I32] = LWASM_I32,         [LWASM_I64] = LWASM_I64,     [LWASM_F32] = LWASM_F32,
    [LWASM_F64] = LWASM_F64,         [LWASM_V128] = LWASM_V128,   [LWASM_FUNCREF] = LWASM_FUNCREF,
    [LWASM_EXTERNREF] = LWASM_EXTERNREF,
};

/* Returns p grown to hold `need` elements (updating *cap), or p unchanged
 * with t->oom set when memory runs out. */
static void *tr_grow(tr *t, void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 64;
    while (n < need && n <= SIZE_MAX / 2)
        n *= 2;
    void *q = n >= need && n <= SIZE_MAX / elem ? realloc(p, n * elem) : NULL;
    if (!q) {
        t->oom = true;
        return p;
    }
    *cap = n;
    return q;
}

/* ---- emission -------------------------------------------------------------- */

static void emit_word(tr *t, lw_word w)
{
    if (t->ncode == t->capcode)
        t->code = tr_grow(t, t->code, &t->capcode, t->ncode + 1, sizeof *t->code);
    if (t->oom)
        return;
    t->code[t->ncode++] = w;
}

static void emit_u(tr *t, uint64_t u)
{
    lw_word w;
    w.u = u;
    emit_word(t, w);
}

static void emit_pair(tr *t, uint32_t lo, uint32_t hi) { emit_word(t, lw_word_pair(lo, hi)); }

static void emit_p(tr *t, const void *p)
{
    lw_word w;
    w.p = p;
    emit_word(t, w);
}

/* Only these operations never trap; the others get a source-map entry. */
static bool op_may_trap(unsigned op)
{
    if (op < LW_OP_COUNT_ && lw_opinfo_table[op].prefix == 0xFD) /* SIMD: only memory accesses trap */
        return lw_opinfo_table[op].imm == LW_IMM_MEMARG || lw_opinfo_table[op].imm == LW_IMM_MEMARG_LANE;
    switch (op) {
    case LW_I_COPY: case LW_I_CONST: case LW_OP_BR: case LW_OP_BR_IF: case LW_I_BR_UNLESS:
    case LW_OP_BR_TABLE: case LW_OP_RETURN: case LW_OP_SELECT: case LW_I_SELECT_V128:
    case LW_OP_GLOBAL_GET: case LW_OP_GLOBAL_SET: case LW_I_GLOBAL_GET_V128: case LW_I_GLOBAL_SET_V128:
    case LW_OP_REF_IS_NULL: case LW_OP_REF_FUNC: case LW_OP_MEMORY_SIZE: case LW_OP_MEMORY_GROW:
    case LW_OP_TABLE_SIZE: case LW_OP_TABLE_GROW: case LW_OP_DATA_DROP: case LW_OP_ELEM_DROP:
        return false;
    default:
        return true;
    }
}

static void map_leb(tr *t, uint32_t v)
{
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        t->map[t->nmap++] = (uint8_t)(b | (v ? 0x80 : 0));
    } while (v);
}

/* Starts an internal instruction, remembering where a trapping one came from. */
static void emit_op(tr *t, unsigned op)
{
    if (op_may_trap(op)) {
        t->map = tr_grow(t, t->map, &t->capmap, t->nmap + 10, sizeof *t->map); /* two LEB128 u32s */
        if (t->oom)
            return;
        uint32_t pos = (uint32_t)t->ncode, offset = (uint32_t)t->offset;
        map_leb(t, pos - t->map_pos);
        map_leb(t, offset - t->map_offset);
        t->map_pos = pos;
        t->map_offset = offset;
    }
    emit_word(t, lw_handler_word(t->handlers, op));
}

static void emit_copy(tr *t, uint32_t dst, uint32_t src)
{
    if (dst == src)
        return;
    emit_op(t, LW_I_COPY);
    emit_pair(t, dst, src);
}

/* Moves n slots down from src to dst (dst <= src, so ascending is safe). */
static void emit_copies(tr *t, uint32_t dst, uint32_t src, uint32_t n)
{
    if (dst == src)
        return;
    for (uint32_t i = 0; i < n; i++)
        emit_copy(t, dst + i, src + i);
}

/* Points the offset word at `at` to code index `target`. */
static void patch_word(tr *t, int64_t at, int64_t target)
{
    if (!t->oom)
        t->code[at] = lw_word_pair(lw_word_lo(t->code[at]), (uint32_t)(target - at));
}

/* Patches a chain of forward offset words (each holds the next link). */
static void patch_chain(tr *t, int64_t head, int64_t target)
{
    while (head != TR_NONE && !t->oom) {
        int64_t next = lw_word_off(t->code[head]);
        patch_word(t, head, target);
        head = next;
    }
}

/* ---- fuel and interruption --------------------------------------------------- */

/* Fuel is charged per straight-line run: a FUEL instruction opens each run
 * and, once the run ends, holds the cost of its instructions. Runs open at
 * function entries, loop heads, the arms of an if, after br_if, and where
 * branches join after a block. Interrupts are polled at function entries and
 * loop heads, which every call and back-edge passes. */
static void meter_close(tr *t)
{
    if (t->fuel_word != TR_NONE && !t->oom)
        t->code[t->fuel_word] = lw_word_pair(t->fuel_cost, 0);
    t->fuel_word = TR_NONE;
    t->fuel_cost = 0;
}

static void meter_run(tr *t, bool entry)
{
    if (entry && t->poll)
        emit_op(t, LW_I_POLL);
    if (!t->fuel)
        return;
    meter_close(t);
    emit_op(t, LW_I_FUEL);
    t->fuel_word = (int64_t)t->ncode;
    emit_pair(t, 0, 0);
}

/* Instructions that execute nothing are free. */
static void meter_count(tr *t, unsigned op)
{
    if (t->fuel && op != LW_OP_NOP && op != LW_OP_BLOCK && op != LW_OP_LOOP && op != LW_OP_ELSE && op != LW_OP_END)
        t->fuel_cost++;
}

/* ---- the simulated operand stack ------------------------------------------- */

static void push(tr *t, uint8_t type)
{
    if (t->ntypes == t->captypes) {
        size_t cap_types = t->captypes, cap_spos = t->captypes;
        t->types = tr_grow(t, t->types, &cap_types, t->ntypes + 1, sizeof *t->types);
        t->spos = tr_grow(t, t->spos, &cap_spos, t->ntypes + 1, sizeof *t->spos);
        if (t->oom)
            return;
        t->captypes = cap_types < cap_spos ? cap_types : cap_spos;
    }
    t->types[t->ntypes] = type;
    t->spos[t->ntypes] = t->h;
    t->ntypes++;
    t->h += lw_slots_of(type);
    if (t->h > t->maxh)
        t->maxh = t->h;
}

/* Pops one value; returns its absolute frame slot. */
static uint32_t pop(tr *t)
{
    if (t->ntypes == 0) /* only after an allocation failure */
        return t->locals_end;
    t->ntypes--;
    t->h = t->spos[t->ntypes];
    return t->locals_end + t->h;
}

static uint8_t top_type(const tr *t) { return t->ntypes ? t->types[t->ntypes - 1] : LWASM_I32; }
static uint32_t top_slot(const tr *t) { return t->locals_end + (t->ntypes ? t->spos[t->ntypes - 1] : 0); }

static void pop_n(tr *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        pop(t);
}

static void push_all(tr *t, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        push(t, types[i]);
}

/* Resets the stack to a label's base, then pushes the given types. */
static void reset_stack(tr *t, const tr_label *l, const uint8_t *types, uint32_t n)
{
    t->ntypes = l->tbase;
    t->h = l->base;
    push_all(t, types, n);
}

static uint32_t slots_of(const uint8_t *types, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += lw_slots_of(types[i]);
    return s;
}

/* ---- labels and branches ----------------------------------------------------- */

static tr_label *push_label(tr *t, uint8_t kind, const uint8_t *params, uint32_t np, const uint8_t *results,
                            uint32_t nr)
{
    t->labels = tr_grow(t, t->labels, &t->caplabels, t->nlabels + 1, sizeof *t->labels);
    if (t->oom)
        return NULL;
    tr_label *l = &t->labels[t->nlabels++];
    l->kind = kind;
    l->params = params;
    l->nparams = np;
    l->results = results;
    l->nresults = nr;
    l->param_slots = slots_of(params, np);
    l->result_slots = slots_of(results, nr);
    l->base = t->h - l->param_slots;
    l->tbase = (uint32_t)(t->ntypes - np);
    l->loop_pos = (int64_t)t->ncode;
    l->patch = TR_NONE;
    l->else_patch = TR_NONE;
    l->stub = TR_NONE;
    return l;
}

static void block_type(const tr *t, const lw_insn *in, const uint8_t **params, uint32_t *np,
                       const uint8_t **results, uint32_t *nr)
{
    *params = *results = NULL;
    *np = *nr = 0;
    if (in->imm.block.kind == LW_BLOCK_VALTYPE) {
        *results = &tr_single_type[in->imm.block.value & 0xFF];
        *nr = 1;
    } else if (in->imm.block.kind == LW_BLOCK_TYPEIDX) {
        const lw_functype *ft = &t->m->types[in->imm.block.value];
        *params = ft->params;
        *np = ft->nparams;
        *results = ft->results;
        *nr = ft->nresults;
    }
}

/* Emits the word P(lo, offset) branching to label l. */
static void emit_target(tr *t, tr_label *l, uint32_t lo)
{
    int64_t at = (int64_t)t->ncode;
    if (l->kind == TR_LOOP) {
        emit_pair(t, lo, (uint32_t)(l->loop_pos - at));
    } else {
        emit_pair(t, lo, (uint32_t)l->patch); /* link into the chain; patched at end */
        l->patch = at;
    }
}

/* Results at the top of the operand stack go to fp[0..], then return. */
static void emit_return(tr *t)
{
    uint32_t n = t->c->nresult_slots;
    emit_copies(t, 0, t->locals_end + t->h - n, n);
    emit_op(t, LW_OP_RETURN);
}

static tr_label *label_at(tr *t, uint32_t depth) { return &t->labels[t->nlabels - 1 - depth]; }

static uint32_t branch_slots(const tr_label *l)
{
    return l->kind == TR_LOOP ? l->param_slots : l->result_slots;
}

/* Whether a branch to l must do more than jump (move values, or return). */
static bool branch_needs_moves(const tr *t, const tr_label *l)
{
    if (l->kind == TR_FUNC)
        return true;
    uint32_t n = branch_slots(l);
    return n && l->base != t->h - n;
}

/* An unconditional branch: move the label's values into place, then jump. */
static void emit_branch(tr *t, uint32_t depth)
{
    tr_label *l = label_at(t, depth);
    if (l->kind == TR_FUNC) {
        emit_return(t);
        return;
    }
    uint32_t n = branch_slots(l);
    emit_copies(t, t->locals_end + l->base, t->locals_end + t->h - n, n);
    emit_op(t, LW_OP_BR);
    emit_target(t, l, 0);
}

static void translate_br_if(tr *t, uint32_t depth)
{
    uint32_t cond = pop(t);
    tr_label *l = label_at(t, depth);
    if (!branch_needs_moves(t, l)) {
        emit_op(t, LW_OP_BR_IF);
        emit_target(t, l, cond);
        return;
    }
    /* Skip over the moves and the jump when the condition is false. */
    emit_op(t, LW_I_BR_UNLESS);
    int64_t skip = (int64_t)t->ncode;
    emit_pair(t, cond, 0);
    emit_branch(t, depth);
    patch_word(t, skip, (int64_t)t->ncode);
}

static void translate_br_table(tr *t, const lw_insn *in)
{
    uint32_t index = pop(t);
    uint32_t count = in->imm.br_table.count;
    const uint8_t *p = in->imm.br_table.targets;
    emit_op(t, LW_OP_BR_TABLE);
    emit_pair(t, index, count);
    int64_t table = (int64_t)t->ncode;
    bool stubs = false;
    for (uint64_t i = 0; i <= count; i++) {
        tr_label *l = label_at(t, lw_leb_u32_unchecked(&p));
        if (branch_needs_moves(t, l)) {
            emit_pair(t, 0, 0); /* filled in below */
            stubs = true;
        } else {
            emit_target(t, l, 0);
        }
    }
    if (!stubs)
        return;
    /* Entries that must move values jump to a stub per label, emitted after the
     * table (unreachable by fallthrough: br_table never falls through). */
    p = in->imm.br_table.targets;
    for (uint64_t i = 0; i <= count; i++) {
        uint32_t depth = lw_leb_u32_unchecked(&p);
        tr_label *l = label_at(t, depth);
        if (!branch_needs_moves(t, l))
            continue;
        if (l->stub == TR_NONE) {
            l->stub = (int64_t)t->ncode;
            emit_branch(t, depth);
        }
        patch_word(t, table + (int64_t)i, l->stub);
    }
    for (size_t i = 0; i < t->nlabels; i++)
        t->labels[i].stub = TR_NONE;
}

/* ---- one function -------------------------------------------------------- */

static void emit_call(tr *t, uint32_t func_index)
{
    const lwasm_module *m = t->m;
    const lw_functype *ft = lw_func_type(m, func_index);
    pop_n(t, ft->nparams);
    uint32_t base = t->locals_end + t->h;
    if (func_index >= m->nfunc_imports) {
        emit_op(t, LW_I_CALL_DIRECT);
        emit_u(t, base);
        emit_p(t, m->codes[func_index - m->nfunc_imports].compiled);
    } else {
        emit_op(t, LW_OP_CALL);
        emit_pair(t, base, func_index);
    }
    push_all(t, ft->results, ft->nresults);
}

static void emit_call_indirect(tr *t, const lw_insn *in)
{
    const lw_functype *ft = &t->m->types[in->imm.call_indirect.type];
    uint32_t index = pop(t);
    pop_n(t, ft->nparams);
    emit_op(t, LW_OP_CALL_INDIRECT);
    emit_pair(t, t->locals_end + t->h, index);
    emit_u(t, in->imm.call_indirect.table);
    emit_p(t, &t->m->types[t->canon[in->imm.call_indirect.type]]);
    push_all(t, ft->results, ft->nresults);
}

/* Opcodes the instruction table types completely: numeric and vector
 * operators, loads and stores, lane accesses, shuffles, v128.const. Their
 * immediates are laid out from the table: the result slot (when there is a
 * result), the operand slots, then the memarg offset and lane index, two to a
 * word; a 16-byte immediate (v128.const, shuffle) follows in two words. */
static lwasm_error *emit_generic(tr *t, const lw_insn *in)
{
    const lw_opinfo *info = &lw_opinfo_table[in->op];
    lw_imm imm = (lw_imm)info->imm;
    bool generic = info->result != LW_T_SP &&
                   (imm == LW_IMM_NONE ? info->result != LW_T_NO
                                       : imm == LW_IMM_MEMARG || imm == LW_IMM_MEMARG_LANE || imm == LW_IMM_LANE ||
                                             imm == LW_IMM_SHUFFLE || imm == LW_IMM_V128);
    if (!generic || (t->handlers && !t->handlers[in->op]))
        return lw_error(LWASM_ERR_INVALID, in->offset, t->c->func_index, "internal: cannot translate %s",
                        info->text);
    uint32_t operands[3], vals[6];
    unsigned n = 0;
    for (unsigned i = info->nparams; i-- > 0;)
        operands[i] = pop(t);
    if (info->result != LW_T_NO) {
        push(t, info->result);
        vals[n++] = top_slot(t);
    }
    for (unsigned i = 0; i < info->nparams; i++)
        vals[n++] = operands[i];
    if (imm == LW_IMM_MEMARG || imm == LW_IMM_MEMARG_LANE)
        vals[n++] = in->imm.memarg.offset;
    if (imm == LW_IMM_MEMARG_LANE)
        vals[n++] = in->imm.memarg.lane;
    if (imm == LW_IMM_LANE)
        vals[n++] = in->imm.lane;
    emit_op(t, in->op);
    for (unsigned i = 0; i < n; i += 2) {
        if (i + 1 < n)
            emit_pair(t, vals[i], vals[i + 1]);
        else
            emit_u(t, vals[i]);
    }
    if (imm == LW_IMM_V128 || imm == LW_IMM_SHUFFLE) {
        uint64_t half[2];
        memcpy(half, in->imm.v128, sizeof half);
        emit_u(t, half[0]);
        emit_u(t, half[1]);
    }
    return NULL;
}

/* Operations on consecutive operands: pop n, emit op with the first slot. */
static uint32_t pop_run(tr *t, uint32_t n)
{
    pop_n(t, n);
    return t->locals_end + t->h;
}

static void emit_const(tr *t, uint8_t type, uint64_t bits)
{
    push(t, type);
    if (bits <= UINT32_MAX) {
        emit_op(t, LW_I_CONST32);
        emit_pair(t, top_slot(t), (uint32_t)bits);
    } else {
        emit_op(t, LW_I_CONST);
        emit_u(t, top_slot(t));
        emit_u(t, bits);
    }
}

static lwasm_error *translate_insn(tr *t, const lw_insn *in, bool *dead)
{
    const lwasm_module *m = t->m;
    switch (in->op) {
    case LW_OP_UNREACHABLE:
        emit_op(t, LW_OP_UNREACHABLE);
        *dead = true;
        return NULL;
    case LW_OP_NOP:
        return NULL;
    case LW_OP_BLOCK:
    case LW_OP_LOOP: {
        const uint8_t *params, *results;
        uint32_t np, nr;
        block_type(t, in, &params, &np, &results, &nr);
        push_label(t, in->op == LW_OP_LOOP ? TR_LOOP : TR_BLOCK, params, np, results, nr);
        if (in->op == LW_OP_LOOP) /* after the label: back-edges land on the checks */
            meter_run(t, true);
        return NULL;
    }
    case LW_OP_IF: {
        const uint8_t *params, *results;
        uint32_t np, nr;
        block_type(t, in, &params, &np, &results, &nr);
        uint32_t cond = pop(t);
        emit_op(t, LW_I_BR_UNLESS);
        int64_t at = (int64_t)t->ncode;
        emit_pair(t, cond, 0);
        tr_label *l = push_label(t, TR_IF, params, np, results, nr);
        if (l)
            l->else_patch = at;
        meter_run(t, false);
        return NULL;
    }
    case LW_OP_ELSE: {
        tr_label *l = label_at(t, 0);
        if (!*dead) {
            emit_op(t, LW_OP_BR);
            emit_target(t, l, 0);
        }
        patch_word(t, l->else_patch, (int64_t)t->ncode);
        l->else_patch = TR_NONE;
        l->kind = TR_ELSE;
        meter_run(t, false);
        reset_stack(t, l, l->params, l->nparams);
        *dead = false;
        return NULL;
    }
    case LW_OP_END: {
        tr_label *l = label_at(t, 0);
        if (l->kind == TR_FUNC) {
            if (!*dead)
                emit_return(t);
            t->nlabels--;
            return NULL;
        }
        int64_t here = (int64_t)t->ncode;
        bool joined = *dead || l->patch != TR_NONE || l->else_patch != TR_NONE;
        if (l->else_patch != TR_NONE) /* an if without else: false goes straight here */
            patch_word(t, l->else_patch, here);
        patch_chain(t, l->patch, here);
        if (joined) /* branches arrive here: a new run */
            meter_run(t, false);
        reset_stack(t, l, l->results, l->nresults);
        t->nlabels--;
        *dead = false;
        return NULL;
    }
    case LW_OP_BR:
        emit_branch(t, in->imm.index);
        *dead = true;
        return NULL;
    case LW_OP_BR_IF:
        translate_br_if(t, in->imm.index);
        meter_run(t, false);
        return NULL;
    case LW_OP_BR_TABLE:
        translate_br_table(t, in);
        *dead = true;
        return NULL;
    case LW_OP_RETURN:
        emit_return(t);
        *dead = true;
        return NULL;
    case LW_OP_CALL:
        emit_call(t, in->imm.index);
        return NULL;
    case LW_OP_CALL_INDIRECT:
        emit_call_indirect(t, in);
        return NULL;
    case LW_OP_DROP:
        pop(t);
        return NULL;
    case LW_OP_SELECT:
    case LW_OP_SELECT_T: {
        uint32_t cond = pop(t);
        uint32_t b = pop(t);
        uint8_t type = top_type(t);
        uint32_t a = pop(t);
        push(t, type);
        emit_op(t, type == LWASM_V128 ? LW_I_SELECT_V128 : LW_OP_SELECT);
        emit_pair(t, a, b);
        emit_u(t, cond);
        return NULL;
    }
    case LW_OP_LOCAL_GET: {
        uint32_t x = in->imm.index;
        uint8_t type = t->local_types[x];
        push(t, type);
        for (uint32_t i = 0; i < lw_slots_of(type); i++)
            emit_copy(t, top_slot(t) + i, t->local_slot[x] + i);
        return NULL;
    }
    case LW_OP_LOCAL_SET:
    case LW_OP_LOCAL_TEE: {
        uint32_t x = in->imm.index;
        uint32_t src = in->op == LW_OP_LOCAL_SET ? pop(t) : top_slot(t);
        for (uint32_t i = 0; i < lw_slots_of(t->local_types[x]); i++)
            emit_copy(t, t->local_slot[x] + i, src + i);
        return NULL;
    }
    case LW_OP_GLOBAL_GET: {
        uint8_t type = m->globals[in->imm.index].type.type;
        push(t, type);
        emit_op(t, type == LWASM_V128 ? LW_I_GLOBAL_GET_V128 : LW_OP_GLOBAL_GET);
        emit_pair(t, top_slot(t), in->imm.index);
        return NULL;
    }
    case LW_OP_GLOBAL_SET: {
        uint8_t type = m->globals[in->imm.index].type.type;
        uint32_t src = pop(t);
        emit_op(t, type == LWASM_V128 ? LW_I_GLOBAL_SET_V128 : LW_OP_GLOBAL_SET);
        emit_pair(t, src, in->imm.index);
        return NULL;
    }
    case LW_OP_TABLE_GET: {
        uint32_t i = pop(t);
        push(t, m->tables[in->imm.index].elem);
        emit_op(t, LW_OP_TABLE_GET);
        emit_pair(t, i, in->imm.index);
        return NULL;
    }
    case LW_OP_TABLE_SET:
    case LW_OP_TABLE_FILL:
        emit_op(t, in->op);
        emit_pair(t, pop_run(t, in->op == LW_OP_TABLE_SET ? 2 : 3), in->imm.index);
        return NULL;
    case LW_OP_TABLE_SIZE:
        push(t, LWASM_I32);
        emit_op(t, LW_OP_TABLE_SIZE);
        emit_pair(t, top_slot(t), in->imm.index);
        return NULL;
    case LW_OP_TABLE_GROW: {
        uint32_t base = pop_run(t, 2);
        push(t, LWASM_I32);
        emit_op(t, LW_OP_TABLE_GROW);
        emit_pair(t, base, in->imm.index);
        return NULL;
    }
    case LW_OP_TABLE_COPY:
    case LW_OP_TABLE_INIT:
        emit_op(t, in->op);
        emit_pair(t, pop_run(t, 3), in->imm.pair.a);
        emit_u(t, in->imm.pair.b);
        return NULL;
    case LW_OP_ELEM_DROP:
    case LW_OP_DATA_DROP:
        emit_op(t, in->op);
        emit_u(t, in->imm.index);
        return NULL;
    case LW_OP_MEMORY_SIZE:
        push(t, LWASM_I32);
        emit_op(t, LW_OP_MEMORY_SIZE);
        emit_u(t, top_slot(t));
        return NULL;
    case LW_OP_MEMORY_GROW:
        emit_op(t, LW_OP_MEMORY_GROW);
        emit_u(t, top_slot(t));
        return NULL;
    case LW_OP_MEMORY_FILL:
    case LW_OP_MEMORY_COPY:
        emit_op(t, in->op);
        emit_u(t, pop_run(t, 3));
        return NULL;
    case LW_OP_MEMORY_INIT:
        emit_op(t, LW_OP_MEMORY_INIT);
        emit_pair(t, pop_run(t, 3), in->imm.pair.a);
        return NULL;
    case LW_OP_I32_CONST:
        emit_const(t, LWASM_I32, (uint32_t)in->imm.i32);
        return NULL;
    case LW_OP_I64_CONST:
        emit_const(t, LWASM_I64, (uint64_t)in->imm.i64);
        return NULL;
    case LW_OP_F32_CONST:
        emit_const(t, LWASM_F32, in->imm.f32);
        return NULL;
    case LW_OP_F64_CONST:
        emit_const(t, LWASM_F64, in->imm.f64);
        return NULL;
    case LW_OP_REF_NULL:
        emit_const(t, in->imm.reftype, 0);
        return NULL;
    case LW_OP_REF_IS_NULL: {
        uint32_t a = pop(t);
        push(t, LWASM_I32);
        emit_op(t, LW_OP_REF_IS_NULL);
        emit_pair(t, a, a);
        return NULL;
    }
    case LW_OP_REF_FUNC:
        push(t, LWASM_FUNCREF);
        emit_op(t, LW_OP_REF_FUNC);
        emit_pair(t, top_slot(t), in->imm.index);
        return NULL;
    default:
        return emit_generic(t, in);
    }
}

static lwasm_error *setup_locals(tr *t, const lw_code *code, const lw_functype *ft)
{
    size_t n = (size_t)ft->nparams + code->nlocals + 1;
    t->local_types = tr_grow(t, t->local_types, &t->cap_local_types, n, sizeof *t->local_types);
    t->local_slot = tr_grow(t, t->local_slot, &t->cap_local_slot, n, sizeof *t->local_slot);
    if (t->oom)
        return lw_error_nomem();
    uint32_t slot = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        t->local_types[i] = ft->params[i];
        t->local_slot[i] = slot;
        slot += lw_slots_of(ft->params[i]);
    }
    t->c->nparam_slots = slot;
    for (uint32_t i = 0; i < code->nlocals; i++) {
        t->local_types[ft->nparams + i] = code->locals[i];
        t->local_slot[ft->nparams + i] = slot;
        slot += lw_slots_of(code->locals[i]);
    }
    t->c->nlocal_slots = slot - t->c->nparam_slots;
    t->locals_end = slot;
    return NULL;
}

static lwasm_error *translate_func(tr *t, uint32_t def)
{
    lwasm_module *m = t->m;
    const lw_code *code = &m->codes[def];
    const lw_functype *ft = &m->types[code->type];
    lw_compiled *c = code->compiled;
    t->c = c;
    c->func_index = m->nfunc_imports + def;
    c->type = ft;
    c->canon_type = &m->types[t->canon[code->type]];
    c->nresult_slots = slots_of(ft->results, ft->nresults);
    LW_TRY(setup_locals(t, code, ft));

    /* The code is built in its own buffer, sized from the body (internal code
     * runs about one word per byte) and shrunk at the end: no second copy. */
    t->ncode = t->nmap = t->ntypes = t->nlabels = 0;
    t->capcode = 0;
    t->code = tr_grow(t, t->code, &t->capcode, (size_t)code->body.len + 16, sizeof *t->code);
    if (t->oom)
        return lw_error_nomem();
    t->map_pos = t->map_offset = 0;
    t->h = t->maxh = 0;
    t->offset = code->body.offset;
    push_label(t, TR_FUNC, NULL, 0, ft->results, ft->nresults);
    t->fuel_word = TR_NONE;
    t->fuel_cost = 0;
    meter_run(t, true);

    lw_reader r = lw_reader_make(m->bytes, code->body.data, code->body.data + code->body.len);
    bool dead = false;
    uint32_t skip_depth = 0; /* blocks opened inside skipped code */
    while (t->nlabels > 0 && !t->oom) {
        lw_insn in;
        LW_TRY(lw_insn_read(&r, &in));
        t->offset = in.offset;
        if (dead) {
            if (in.op == LW_OP_BLOCK || in.op == LW_OP_LOOP || in.op == LW_OP_IF) {
                skip_depth++;
                continue;
            }
            if (in.op == LW_OP_END && skip_depth) {
                skip_depth--;
                continue;
            }
            if (!(in.op == LW_OP_END || (in.op == LW_OP_ELSE && !skip_depth)))
                continue;
        }
        meter_count(t, in.op);
        LW_TRY(translate_insn(t, &in, &dead));
    }
    meter_close(t);
    if (t->oom)
        return lw_error_nomem();

    uint32_t frame = t->locals_end + t->maxh;
    c->frame_slots = frame > c->nresult_slots ? frame : c->nresult_slots;
    lw_word *shrunk = realloc(t->code, (t->ncode ? t->ncode : 1) * sizeof *t->code);
    c->code = shrunk ? shrunk : t->code;
    t->code = NULL;
    t->capcode = 0;
    c->srcmap = malloc(t->nmap ? t->nmap : 1);
    if (!c->srcmap)
        return lw_error_nomem();
    if (t->nmap)
        memcpy(c->srcmap, t->map, t->nmap);
    c->ncode = (uint32_t)t->ncode;
    c->srcmap_len = (uint32_t)t->nmap;
    return NULL;
}

/* ---- canonical types ------------------------------------------------------- */

static uint64_t type_hash(const lw_functype *ft)
{
    uint64_t h = 1469598103934665603u ^ ((uint64_t)ft->nparams << 32 | ft->nresults);
    for (uint32_t i = 0; i < ft->nparams; i++)
        h = (h ^ ft->params[i]) * 1099511628211u;
    h = (h ^ 0xFF) * 1099511628211u;
    for (uint32_t i = 0; i < ft->nresults; i++)
        h = (h ^ ft->results[i]) * 1099511628211u;
    return h;
}

/* Maps each type index to the first structurally equal one, so that within a
 * module equal signatures are one pointer. */
static lwasm_error *canonicalize_types(tr *t)
{
    const lwasm_module *m = t->m;
    t->canon = malloc((m->ntypes ? m->ntypes : 1) * sizeof *t->canon);
    size_t cap = 16;
    while (cap < 2 * (size_t)m->ntypes)
        cap *= 2;
    uint32_t *slots = malloc(cap * sizeof *slots);
    if (!t->canon || !slots) {
        free(slots);
        return lw_error_nomem();
    }
    memset(slots, 0xFF, cap * sizeof *slots);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        size_t k = (size_t)type_hash(&m->types[i]) & (cap - 1);
        while (slots[k] != UINT32_MAX && !lw_functype_equal(&m->types[slots[k]], &m->types[i]))
            k = (k + 1) & (cap - 1);
        if (slots[k] == UINT32_MAX)
            slots[k] = i;
        t->canon[i] = slots[k];
    }
    free(slots);
    return NULL;
}

/* ---- entry points -------------------------------------------------------------- */

static lwasm_error *translate_all(tr *t)
{
    lwasm_module *m = t->m;
    LW_TRY(canonicalize_types(t));
    /* Every function's record exists before any body is translated, so
     * calls can name their callee's code directly. */
    for (uint32_t i = 0; i < m->ncodes; i++) {
        if (!m->codes[i].compiled && !(m->codes[i].compiled = calloc(1, sizeof(lw_compiled))))
            return lw_error_nomem();
    }
    for (uint32_t i = 0; i < m->ncodes; i++)
        LW_TRY(translate_func(t, i));
    return NULL;
}

lwasm_error *lw_translate(lwasm_module *m)
{
    tr t;
    memset(&t, 0, sizeof t);
    t.m = m;
    t.handlers = lw_interp_handlers();
    t.fuel = (m->checks & LW_CHECK_FUEL) != 0;
    t.poll = (m->checks & LW_CHECK_INTERRUPT) != 0;
    lwasm_error *err = translate_all(&t);
    free(t.canon);
    free(t.code);
    free(t.map);
    free(t.types);
    free(t.spos);
    free(t.labels);
    free(t.local_types);
    free(t.local_slot);
    return err;
}

static uint32_t map_read(const uint8_t **p, const uint8_t *end)
{
    uint32_t v = 0;
    for (unsigned shift = 0; *p < end && shift < 35; shift += 7) {
        uint8_t b = *(*p)++;
        v |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            break;
    }
    return v;
}

size_t lw_compiled_offset(const lw_compiled *c, size_t pos)
{
    const uint8_t *p = c->srcmap, *end = c->srcmap + c->srcmap_len;
    uint32_t at = 0, offset = 0;
    while (p < end) {
        at += map_read(&p, end);
        offset += map_read(&p, end);
        if (at == pos)
            return offset;
        if (at > pos)
            break;
    }
    return LWASM_NO_OFFSET;
}

size_t lw_compiled_offset_before(const lw_compiled *c, size_t pos)
{
    const uint8_t *p = c->srcmap, *end = c->srcmap + c->srcmap_len;
    uint32_t at = 0, offset = 0;
    size_t found = LWASM_NO_OFFSET;
    while (p < end) {
        at += map_read(&p, end);
        offset += map_read(&p, end);
        if (at >= pos)
            break;
        found = offset;
    }
    return found;
}

void lw_compiled_free(struct lw_compiled *c)
{
    if (!c)
        return;
    free(c->code);
    free(c->srcmap);
    free(c);
}
