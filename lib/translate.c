/* translate.c — turns validated function bodies into the interpreter's register-style internal code. */
#include "compiled.h"
#include "insn.h"

#include <pthread.h>
#include <stdatomic.h>
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

/*
 * Operand folding: every value of the simulated stack has a home, the
 * operand slot its height gives it, but a local.get or a constant is not
 * copied there: the entry remembers where the value is (the local's slots,
 * or the constant's bits), and the instruction that consumes it reads the
 * local's slot directly, or takes the constant as an immediate (the K and
 * BTK/BFK superinstructions). A value is materialized (copied to its home)
 * only where a home is needed: consecutive operands (calls, bulk ops),
 * values that cross a block boundary, and before its local is overwritten.
 * All values are materialized when a block, loop or if starts, so code
 * inside a block never has to materialize on one path only.
 */
enum tr_where { TR_HOME, TR_LOCAL, TR_CONST };

typedef struct tr_value {
    uint8_t type;
    uint8_t where; /* enum tr_where */
    uint32_t spos; /* home slot, relative to locals_end */
    uint64_t at;   /* TR_LOCAL: the local's first slot; TR_CONST: the bits */
} tr_value;

/*
 * The last internal instruction emitted, for the peepholes: a result it
 * wrote to the top of the stack can be redirected into a local (local.set,
 * local.tee), and a condition it computed can be fused with the branch that
 * consumes it (br_if, if). Anything that may make the code position a branch
 * target (a label) forgets it.
 */
/* TR_SHAPE_SHIFT_ADD: an I32_SHL_ADD (dst = a + (b << k)) whose shifted value
 * went to an operand-stack slot, read by nothing else: a load may take it
 * back into an LDS. */
/* TR_SHAPE_LOADK: an LDK (op the load; a the address slot, b the memarg
 * offset, k the constant added), which a binary op may take in as LKA/LKB. */
/* TR_SHAPE_MADD: a multiply-add form (op its index in LW_FOR_EACH_MADD, a and
 * b the product's slots, k the addend's, from_acc 1-3 for the _RA.._RC form). */
/* TR_SHAPE_LOAD: a plain load (op; a the address slot, b the memarg offset).
 * TR_SHAPE_LOADKW: an LDKW (as LOADK, and w the slot the sum is kept in).
 * TR_SHAPE_LOADOP: an LKA/LKB (op the binary op, w 1 or 2 the operand it
 * loads, b the other operand's slot, a the address slot, k the memarg
 * offset in its low half and the constant added in its high half). */
enum tr_shape { TR_SHAPE_OTHER, TR_SHAPE_UNARY, TR_SHAPE_BINARY, TR_SHAPE_K, TR_SHAPE_COPY, TR_SHAPE_SHIFT_ADD,
                TR_SHAPE_LOADK, TR_SHAPE_MADD, TR_SHAPE_LOAD, TR_SHAPE_LOADKW, TR_SHAPE_LOADOP };

typedef struct tr_last {
    int64_t at;                   /* its code index, or TR_NONE */
    size_t nmap;                  /* the source map before it, to undo it */
    uint32_t map_pos, map_offset;
    uint32_t dst;                 /* slot named by LO of word at+1 and written last, or UINT32_MAX */
    uint8_t shape;                /* enum tr_shape: its operands, for fusion */
    unsigned op;                  /* the wasm opcode of a generic operation */
    uint32_t a, b;                /* operand slots (b: UNARY none, K none) */
    uint64_t k;                   /* K: the constant */
    size_t offset;                /* of the wasm instruction it came from */
    bool acc;                     /* it leaves its (scalar) result in acc too (interp_fused.h) */
    uint8_t from_acc;             /* 1: its operand a came from acc, 2: b did, 0: neither */
    uint32_t w;                   /* LOADKW, LOADOP: see the shapes */
} tr_last;

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
    const lwasm_module *m;
    const void *const *handlers;
    const uint32_t *canon; /* canonical type index of each type index */
    bool oom;

    /* the function being translated */
    lw_compiled *c;
    uint32_t locals_end; /* first operand-stack slot */
    uint32_t declared_start; /* first slot of the declared (zeroed) locals */
    /* A slot after the declared locals that is zeroed on entry and never
     * written: the address operand of accesses at constant addresses (C's
     * globals and static arrays), whose address then folds into the offset.
     * UINT32_MAX when the function has none (may_access_const_address). */
    uint32_t zero_slot;
    size_t entry_ncode; /* code words at entry (the first meter): none since means no local written yet */

    lw_word *code;
    size_t ncode, capcode;
    uint8_t *map; /* the source map being built (see compiled.h) */
    size_t nmap, capmap;
    uint32_t map_pos, map_offset; /* the last pair recorded */
    size_t offset; /* of the wasm instruction being translated */

    tr_value *stack;  /* the simulated operand stack */
    size_t ntypes, captypes;
    uint32_t h, maxh; /* operand height in slots, and its maximum */
    uint32_t nlazy_locals; /* entries still reading a local in place */
    tr_last last;
    tr_last prev; /* the one before it: last again when last is taken back */
    tr_last prev2; /* and the one before that (emit_axpy) */

    tr_label *labels;
    size_t nlabels, caplabels;

    uint8_t *local_types; /* params then declared locals */
    uint32_t *local_slot; /* each one's first slot */
    size_t cap_local_types, cap_local_slot;

    /* Checks asked for by the engine (see meter_run). */
    bool fuel, poll;
    bool checked; /* guard-page build, engine asks for explicit bounds checks (guard.h) */
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
    case LW_I_COPY: case LW_I_COPY2: case LW_I_COPY3: case LW_I_COPY4: case LW_I_CONST:
    case LW_OP_BR: case LW_OP_BR_IF: case LW_I_BR_UNLESS:
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

/* Records that a trap at code position pos comes from the wasm instruction at offset. */
static void map_add(tr *t, uint32_t pos, uint32_t offset)
{
    t->map = tr_grow(t, t->map, &t->capmap, t->nmap + 10, sizeof *t->map); /* two LEB128 u32s */
    if (t->oom)
        return;
    map_leb(t, pos - t->map_pos);
    map_leb(t, offset - t->map_offset);
    t->map_pos = pos;
    t->map_offset = offset;
}

/* Starts an internal instruction, remembering where a trapping one came from. */
static void emit_op(tr *t, unsigned op)
{
    t->prev2 = t->prev;
    t->prev = t->last;
    t->last = (tr_last){.at = (int64_t)t->ncode, .nmap = t->nmap, .map_pos = t->map_pos,
                        .map_offset = t->map_offset, .dst = UINT32_MAX, .shape = TR_SHAPE_OTHER,
                        .offset = t->offset};
    if (op_may_trap(op)) {
        map_add(t, (uint32_t)t->ncode, (uint32_t)t->offset);
        if (t->oom)
            return;
    }
    emit_word(t, lw_handler_word(t->handlers, op));
}

/* The code position may become a branch target: no peephole across it. */
static void forget_last(tr *t) { t->last.at = t->prev.at = t->prev2.at = TR_NONE; }

/* Removes the last instruction (its operands were captured by the caller):
 * the one before it is the last again. */
static void undo_last(tr *t)
{
    t->ncode = (size_t)t->last.at;
    t->nmap = t->last.nmap;
    t->map_pos = t->last.map_pos;
    t->map_offset = t->last.map_offset;
    t->last = t->prev;
    t->prev = t->prev2;
    t->prev2.at = TR_NONE;
}

static void emit_copy(tr *t, uint32_t dst, uint32_t src)
{
    if (dst == src)
        return;
    const tr_last *l = &t->last;
    if (l->at != TR_NONE && l->shape == TR_SHAPE_COPY && (size_t)l->at + 1 + l->k == t->ncode && l->k < 4 &&
        !t->oom) {
        /* Moves in a row become one COPY2, COPY3 or COPY4: the latest stays
         * in the first word, so its destination stays retargetable; the
         * one there before goes last, after the earlier ones. */
        static const unsigned copy_n[] = {0, LW_I_COPY, LW_I_COPY2, LW_I_COPY3, LW_I_COPY4};
        lw_word earlier = t->code[l->at + 1];
        t->code[l->at] = lw_handler_word(t->handlers, copy_n[l->k + 1]);
        t->code[l->at + 1] = lw_word_pair(dst, src);
        emit_word(t, earlier);
        t->last.k++;
        t->last.dst = dst;
        return;
    }
    emit_op(t, LW_I_COPY);
    emit_pair(t, dst, src);
    t->last.dst = dst;
    t->last.shape = TR_SHAPE_COPY;
    t->last.k = 1;
}

/* A constant into a slot: 32-bit ones in the instruction's pair word. */
static void emit_const_to(tr *t, uint32_t dst, uint64_t bits)
{
    if (bits <= UINT32_MAX) {
        emit_op(t, LW_I_CONST32);
        emit_pair(t, dst, (uint32_t)bits);
    } else {
        emit_op(t, LW_I_CONST);
        emit_u(t, dst);
        emit_u(t, bits);
    }
    t->last.dst = dst;
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

static uint32_t home_of(const tr *t, const tr_value *v) { return t->locals_end + v->spos; }

static void push_value(tr *t, uint8_t type, uint8_t where, uint64_t at)
{
    t->stack = tr_grow(t, t->stack, &t->captypes, t->ntypes + 1, sizeof *t->stack);
    if (t->oom)
        return;
    t->stack[t->ntypes++] = (tr_value){type, where, t->h, at};
    if (where == TR_LOCAL)
        t->nlazy_locals++;
    t->h += lw_slots_of(type);
    if (t->h > t->maxh)
        t->maxh = t->h;
}

/* A value the next instruction computes into its home. */
static void push(tr *t, uint8_t type) { push_value(t, type, TR_HOME, 0); }

/* Copies a value to its home, if it is not there yet. */
static void materialize(tr *t, tr_value *v)
{
    uint32_t home = home_of(t, v);
    if (v->where == TR_LOCAL) {
        for (uint32_t i = 0; i < lw_slots_of(v->type); i++)
            emit_copy(t, home + i, (uint32_t)v->at + i);
        t->nlazy_locals--;
    } else if (v->where == TR_CONST) {
        emit_const_to(t, home, v->at);
    }
    v->where = TR_HOME;
}

static void materialize_top(tr *t, uint32_t nvalues)
{
    for (size_t i = t->ntypes > nvalues ? t->ntypes - nvalues : 0; i < t->ntypes; i++)
        materialize(t, &t->stack[i]);
}

static void materialize_all(tr *t) { materialize_top(t, (uint32_t)t->ntypes); }

/* Before a local's slot is overwritten: values still reading it in place get their own copy. */
static void protect_local(tr *t, uint32_t slot)
{
    for (size_t i = 0; t->nlazy_locals && i < t->ntypes; i++)
        if (t->stack[i].where == TR_LOCAL && t->stack[i].at == slot)
            materialize(t, &t->stack[i]);
}

/* Pops one value, wherever it is. */
static tr_value pop_value(tr *t)
{
    if (t->ntypes == 0) /* only after an allocation failure */
        return (tr_value){LWASM_I32, TR_HOME, 0, 0};
    tr_value v = t->stack[--t->ntypes];
    t->h = v.spos;
    if (v.where == TR_LOCAL)
        t->nlazy_locals--;
    return v;
}

/* Where an instruction reads a popped value: a local in place, else its home
 * (a constant is put there first; popped values' homes are all free). */
static uint32_t operand_slot(tr *t, tr_value *v)
{
    if (v->where == TR_LOCAL)
        return (uint32_t)v->at;
    if (v->where == TR_CONST) {
        emit_const_to(t, home_of(t, v), v->at);
        v->where = TR_HOME;
    }
    return home_of(t, v);
}

static uint32_t pop_operand(tr *t)
{
    tr_value v = pop_value(t);
    return operand_slot(t, &v);
}

/* Pops one value into its home; returns that absolute frame slot. */
static uint32_t pop(tr *t)
{
    if (t->ntypes)
        materialize(t, &t->stack[t->ntypes - 1]);
    tr_value v = pop_value(t);
    return home_of(t, &v);
}

static uint8_t top_type(const tr *t) { return t->ntypes ? t->stack[t->ntypes - 1].type : LWASM_I32; }

/* The top value's home, with the value in it. */
static uint32_t top_slot(tr *t)
{
    if (!t->ntypes)
        return t->locals_end;
    materialize(t, &t->stack[t->ntypes - 1]);
    return home_of(t, &t->stack[t->ntypes - 1]);
}

static void pop_n(tr *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        pop_value(t);
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
    t->nlazy_locals = 0;
    for (size_t i = 0; i < t->ntypes; i++)
        t->nlazy_locals += t->stack[i].where == TR_LOCAL;
    push_all(t, types, n);
}

/* Copies the top n values, from wherever they are, to consecutive slots
 * from dst. Ascending order is safe when dst is at or below their homes
 * and above every local read (branches), or when one value moves. */
static void emit_moves(tr *t, uint32_t dst, uint32_t nvalues)
{
    for (size_t i = t->ntypes > nvalues ? t->ntypes - nvalues : 0; i < t->ntypes; i++) {
        const tr_value *v = &t->stack[i];
        uint32_t n = lw_slots_of(v->type);
        if (v->where == TR_CONST) {
            emit_const_to(t, dst, v->at);
        } else {
            uint32_t src = v->where == TR_LOCAL ? (uint32_t)v->at : home_of(t, v);
            for (uint32_t k = 0; k < n; k++)
                emit_copy(t, dst + k, src + k);
        }
        dst += n;
    }
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

/* local.set/local.tee (or a return) of the top value into a local's slot
 * (or the result slot): when the last instruction computed that value into
 * its home, it writes there instead (its operands are all read before it
 * writes). */
static bool retarget_last(tr *t, uint32_t slot)
{
    if (!t->ntypes)
        return false;
    const tr_value *v = &t->stack[t->ntypes - 1];
    const tr_last *l = &t->last;
    if (v->where != TR_HOME || lw_slots_of(v->type) != 1 || l->at == TR_NONE || l->dst != home_of(t, v) ||
        t->oom || (size_t)l->at + 1 >= t->ncode)
        return false;
    t->code[l->at + 1] = lw_word_pair(slot, lw_word_hi(t->code[l->at + 1]));
    t->last.dst = slot;
    return true;
}

/* Results at the top of the operand stack go to fp[0..], then return. */
static void emit_return(tr *t)
{
    uint32_t n = t->labels[0].nresults;
    if (n > 1) { /* a result copied into fp[0..] could overwrite a local another one reads */
        /* Through the homes, leaving the stack as it is: a return may be a
         * br_table stub, off the path the following code takes. */
        size_t first = t->ntypes > n ? t->ntypes - n : 0;
        uint32_t nlazy = t->nlazy_locals;
        for (size_t i = first; i < t->ntypes; i++) {
            tr_value v = t->stack[i];
            materialize(t, &v);
        }
        t->nlazy_locals = nlazy;
        uint32_t base = t->ntypes ? home_of(t, &t->stack[first]) : t->locals_end;
        for (uint32_t slot = base; slot < t->locals_end + t->h; slot++)
            emit_copy(t, slot - base, slot);
    } else if (!(n == 1 && retarget_last(t, 0))) { /* the result computed straight into fp[0] */
        emit_moves(t, 0, n);
    }
    emit_op(t, LW_OP_RETURN);
}

static tr_label *label_at(tr *t, uint32_t depth) { return &t->labels[t->nlabels - 1 - depth]; }

static uint32_t branch_slots(const tr_label *l)
{
    return l->kind == TR_LOOP ? l->param_slots : l->result_slots;
}

static uint32_t branch_values(const tr_label *l) { return l->kind == TR_LOOP ? l->nparams : l->nresults; }

/* Whether a branch to l must do more than jump (move values, or return). */
static bool branch_needs_moves(const tr *t, const tr_label *l)
{
    if (l->kind == TR_FUNC)
        return true;
    uint32_t n = branch_slots(l);
    if (!n)
        return false;
    if (l->base != t->h - n || t->ntypes < branch_values(l))
        return true;
    for (size_t i = t->ntypes - branch_values(l); i < t->ntypes; i++)
        if (t->stack[i].where != TR_HOME)
            return true;
    return false;
}

/* An unconditional branch: move the label's values into place, then jump. */
static void emit_branch(tr *t, uint32_t depth)
{
    tr_label *l = label_at(t, depth);
    if (l->kind == TR_FUNC) {
        emit_return(t);
        return;
    }
    emit_moves(t, t->locals_end + l->base, branch_values(l));
    emit_op(t, LW_OP_BR);
    emit_target(t, l, 0);
}

/* ---- conditions: compare-and-branch fusion ---------------------------------- */

static bool scalar_type(uint8_t type)
{
    return type == LWASM_I32 || type == LWASM_I64 || type == LWASM_F32 || type == LWASM_F64;
}

/* Values that also ride in acc when an instruction computes them. */
static bool acc_type(uint8_t type) { return scalar_type(type); }

/* Whether interp_fused.h has a K variant of op (the rule its type gates apply). */
static bool fused_has_k(unsigned op)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    return i->prefix != 0xFD && i->imm == LW_IMM_NONE && i->nparams == 2 && scalar_type(i->result) &&
           scalar_type(i->params[0]) && scalar_type(i->params[1]);
}

/* Whether it has branch variants (BT, BF, and for binary ops BTK, BFK). */
static bool fused_has_branch(unsigned op)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    return i->prefix != 0xFD && i->imm == LW_IMM_NONE && i->result == LWASM_I32 &&
           (i->nparams == 1 || i->nparams == 2) && scalar_type(i->params[0]) &&
           (i->nparams == 1 || scalar_type(i->params[1]));
}

/* Whether it has the step-and-branch variants (ABTRA... in interp_fused.h):
 * the branch forms of a binary op on i32 operands. */
static bool fused_has_step_branch(unsigned op)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    return fused_has_branch(op) && i->nparams == 2 && i->params[0] == LWASM_I32 && i->params[1] == LWASM_I32;
}

/* A popped branch condition: a slot, or the operation that computed it,
 * taken back from the code to be fused with the branch. */
typedef struct tr_cond {
    bool fused;
    bool invert; /* branch on op the other way: an i32.eqz of it was taken back too */
    tr_last op;
    uint32_t slot;
} tr_cond;

/* Whether l is an i32.add of a constant or an i32.sub of one, with the
 * constant added in *k: x - k is x + -k (both wrap), so a negative
 * displacement (a field before a pointer, a countdown) folds into an
 * address or a loop step as a positive one does. The subtract keeps its own
 * handler where it stays: merged into the add's, it shared that handler's
 * indirect jump and its prediction (sort took 1.3x the time). */
static bool adds_constant(const tr_last *l, uint32_t *k)
{
    if (l->at == TR_NONE || l->shape != TR_SHAPE_K || (l->op != LW_OP_I32_ADD && l->op != LW_OP_I32_SUB))
        return false;
    *k = l->op == LW_OP_I32_SUB ? 0u - (uint32_t)l->k : (uint32_t)l->k;
    return true;
}

static tr_cond pop_cond(tr *t)
{
    tr_cond c = {.fused = false, .invert = false};
    tr_value v = pop_value(t);
    const tr_last *l = &t->last;
    const tr_last *inner = &t->prev;
    /* i32.eqz of a condition just computed into a stack slot (read by
     * nothing else): both are taken back, and the branch goes the other way
     * on the condition (a float comparison's eqz included: the comparison
     * itself is not inverted, so NaNs keep their meaning). */
    if (v.where == TR_HOME && l->at != TR_NONE && l->dst == home_of(t, &v) && l->shape == TR_SHAPE_UNARY &&
        l->op == LW_OP_I32_EQZ && inner->at != TR_NONE && inner->dst == l->a && inner->dst >= t->locals_end &&
        (inner->shape == TR_SHAPE_UNARY || inner->shape == TR_SHAPE_BINARY || inner->shape == TR_SHAPE_K) &&
        fused_has_branch(inner->op) && !t->oom) {
        c.fused = true;
        c.invert = true;
        c.op = *inner;
        undo_last(t); /* the eqz */
        undo_last(t); /* the condition */
        return c;
    }
    if (v.where == TR_HOME && l->at != TR_NONE && l->dst == home_of(t, &v) &&
        (l->shape == TR_SHAPE_UNARY || l->shape == TR_SHAPE_BINARY || l->shape == TR_SHAPE_K) &&
        fused_has_branch(l->op) && !t->oom) {
        c.fused = true;
        c.op = *l;
        undo_last(t);
        return c;
    }
    c.slot = operand_slot(t, &v);
    return c;
}

/* Emits a branch on c taken when it is nonzero (when_true) or zero: the
 * handler word, then P(a or cond, target) through emit_target (l set) or
 * with a zero offset whose word index is returned, then the second operand. */
static int64_t emit_cond_branch(tr *t, const tr_cond *c, bool when_true, tr_label *l)
{
    if (c->invert)
        when_true = !when_true;
    unsigned op = when_true ? LW_OP_BR_IF : LW_I_BR_UNLESS;
    uint32_t lo = c->slot;
    size_t offset = t->offset;
    bool tail = false; /* a second operand word (a slot or the constant) */
    uint64_t tail_word = 0;
    bool stepped = false; /* an i32.add of a constant taken back as well */
    lw_word step_slots = {0};
    uint32_t step_k = 0;
    if (c->fused) {
        /* An operand that came from acc still does: only copies and
         * constants (which leave acc alone) come between. */
        const tr_last *f = &c->op;
        unsigned base;
        if (f->shape == TR_SHAPE_K) {
            base = f->from_acc ? (when_true ? LW_I_BTRK_BASE_ : LW_I_BFRK_BASE_)
                               : (when_true ? LW_I_BTK_BASE_ : LW_I_BFK_BASE_);
            lo = f->from_acc ? 0 : f->a;
            tail = true;
            tail_word = f->k;
        } else if (f->shape == TR_SHAPE_UNARY) {
            base = f->from_acc ? (when_true ? LW_I_BTR1_BASE_ : LW_I_BFR1_BASE_)
                               : (when_true ? LW_I_BT_BASE_ : LW_I_BF_BASE_);
            lo = f->from_acc ? 0 : f->a;
        } else if (f->from_acc == 1) {
            base = when_true ? LW_I_BTRA_BASE_ : LW_I_BFRA_BASE_;
            lo = f->b;
        } else if (f->from_acc == 2) {
            base = when_true ? LW_I_BTRB_BASE_ : LW_I_BFRB_BASE_;
            lo = f->a;
        } else {
            base = when_true ? LW_I_BT_BASE_ : LW_I_BF_BASE_;
            lo = f->a;
            tail = true;
            tail_word = f->b;
        }
        op = base + f->op;
        t->offset = f->offset; /* a trap in the fused operation is the operation's */
        /* The operand from acc computed by an i32.add of a constant just
         * before (a loop's step): that is taken back too, into one ABxxx. */
        const tr_last *step = &t->last;
        uint32_t acc_slot = f->from_acc == 2 ? f->b : f->a;
        if (f->from_acc && fused_has_step_branch(f->op) && adds_constant(step, &step_k) && !step->from_acc &&
            step->dst == acc_slot && (size_t)step->at + 3 == t->ncode && !t->oom) {
            step_slots = t->code[step->at + 1];
            stepped = true;
            undo_last(t);
            static const unsigned step_base[3][2] = {
                {LW_I_ABFRK_BASE_, LW_I_ABTRK_BASE_},
                {LW_I_ABFRA_BASE_, LW_I_ABTRA_BASE_},
                {LW_I_ABFRB_BASE_, LW_I_ABTRB_BASE_},
            };
            op = step_base[f->shape == TR_SHAPE_K ? 0 : f->from_acc][when_true] + f->op;
        }
    }
    emit_op(t, op);
    if (stepped) {
        emit_word(t, step_slots);
        emit_u(t, step_k);
    }
    t->offset = offset;
    int64_t at = (int64_t)t->ncode;
    if (l)
        emit_target(t, l, lo);
    else
        emit_pair(t, lo, 0);
    if (tail)
        emit_u(t, tail_word);
    return at;
}

static void translate_br_if(tr *t, uint32_t depth)
{
    tr_cond c = pop_cond(t);
    tr_label *l = label_at(t, depth);
    /* The values stay on the stack when the branch is not taken. */
    materialize_top(t, branch_values(l));
    if (!branch_needs_moves(t, l)) {
        emit_cond_branch(t, &c, true, l);
        return;
    }
    /* Skip over the moves and the jump when the condition is false. */
    int64_t skip = emit_cond_branch(t, &c, false, NULL);
    emit_branch(t, depth);
    patch_word(t, skip, (int64_t)t->ncode);
    forget_last(t);
}

#define LW_FORM_OP_PLAIN(load) LW_OP_##load
#define LW_FORM_OP_LDK(load) (LW_I_LDK_BASE_ + LW_OP_##load)
#define LW_FORM_OP_LDX(load) (LW_I_LDX_BASE_ + LW_OP_##load)
#define LW_FORM_OP_LDS(load) (LW_I_LDS_BASE_ + LW_OP_##load)
#define LW_FORM_OP_LDR(load) (LW_I_LDR_BASE_ + LW_OP_##load)

/* The LW_FOR_EACH_LOAD_SWITCH op for a br_table on `index` when the last
 * instruction is one of its loads and loaded index (LW_OP_COUNT_: none). */
static unsigned load_switch_op(const tr *t, uint32_t index)
{
    const tr_last *l = &t->last;
    if (l->at == TR_NONE || l->dst != index || t->oom || t->checked)
        return LW_OP_COUNT_;
    lw_word w = t->code[l->at];
    size_t words = t->ncode - (size_t)l->at;
    static const unsigned load_op[] = {
#define LW_X_LOAD(X, form, load, nwords, width) LW_FORM_OP_##form(load),
        LW_FOR_EACH_LOAD_SWITCH(LW_X_LOAD, unused)
#undef LW_X_LOAD
    };
    static const unsigned fused[] = {
#define LW_X_FUSED(X, form, load, nwords, width) LW_I_##form##_##load##_BR_TABLE,
        LW_FOR_EACH_LOAD_SWITCH(LW_X_FUSED, unused)
#undef LW_X_FUSED
    };
    static const uint8_t lengths[] = {
#define LW_X_WORDS(X, form, load, nwords, width) nwords,
        LW_FOR_EACH_LOAD_SWITCH(LW_X_WORDS, unused)
#undef LW_X_WORDS
    };
    for (size_t i = 0; i < sizeof fused / sizeof fused[0]; i++)
        if (lengths[i] == words && lw_handler_word(t->handlers, load_op[i]).u == w.u)
            return fused[i];
    return LW_OP_COUNT_;
}

static void translate_br_table(tr *t, const lw_insn *in)
{
    uint32_t index = pop_operand(t);
    uint32_t count = in->imm.br_table.count;
    const uint8_t *p = in->imm.br_table.targets;
    unsigned load_switch = load_switch_op(t, index);
    int64_t load_at = t->last.at;
    emit_op(t, LW_OP_BR_TABLE);
    if (load_switch != LW_OP_COUNT_) /* the load takes the branch too; this op word stays, unused */
        t->code[load_at] = lw_handler_word(t->handlers, load_switch);
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
    materialize_top(t, ft->nparams); /* the callee's frame starts at its arguments */
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
    uint32_t index = pop_operand(t);
    materialize_top(t, ft->nparams);
    pop_n(t, ft->nparams);
    emit_op(t, LW_OP_CALL_INDIRECT);
    emit_pair(t, t->locals_end + t->h, index);
    emit_u(t, in->imm.call_indirect.table);
    emit_p(t, &t->m->types[t->canon[in->imm.call_indirect.type]]);
    push_all(t, ft->results, ft->nresults);
}

/* Whether the last instruction computed v (on top or just below it) as
 * `op` of the given shape, so that it may be taken back and fused. */
static bool last_computed(const tr *t, const tr_value *v, unsigned op, uint8_t shape)
{
    const tr_last *l = &t->last;
    return v->where == TR_HOME && l->at != TR_NONE && l->dst == home_of(t, v) && l->shape == shape && l->op == op &&
           !t->oom;
}

/* Whether v is the sum of a slot and a constant just computed (adds_constant). */
static bool last_sums_k(const tr *t, const tr_value *v, uint32_t *k)
{
    return v->where == TR_HOME && t->last.at != TR_NONE && t->last.dst == home_of(t, v) && !t->oom &&
           adds_constant(&t->last, k);
}

/* The full-width store of a scalar type (the one OS performs). */
static unsigned full_store_of(uint8_t type)
{
    switch (type) {
    case LWASM_I32: return LW_OP_I32_STORE;
    case LWASM_I64: return LW_OP_I64_STORE;
    case LWASM_F32: return LW_OP_F32_STORE;
    case LWASM_F64: return LW_OP_F64_STORE;
    default: return LW_OP_COUNT_;
    }
}

/* Whether op has OS forms (LW_FOR_EACH_OS_OP, compiled.h). */
static bool fused_has_os(unsigned op)
{
    switch (op) {
#define LW_X_OS(id, t) case LW_OP_##id:
        LW_FOR_EACH_OS_OP(LW_X_OS)
#undef LW_X_OS
        return true;
    default:
        return false;
    }
}

/* A store of the result a binary op just computed into a stack slot (read
 * by nothing else), by the full-width store of its type, to an address that
 * is a local or already in its home: one OS (OSRA, OSRB with an operand from
 * acc) computes and stores. The op is taken back, and nothing is emitted
 * before the fused one, so its operands and acc are still in place. */
/* Whether the store being translated stores, to an address it can read
 * where it is, the result that the last instruction (of the given shape)
 * computed into the top stack slot: OS and the _S forms may take it back. */
static bool stores_last_result(const tr *t, uint8_t shape, const tr_value *top, const tr_value *below)
{
    const tr_last *l = &t->last;
    return l->at != TR_NONE && l->shape == shape && !t->oom && top->where == TR_HOME && l->dst == home_of(t, top) &&
           below->where != TR_CONST;
}

/* Takes back the last instruction (captured by the caller) and pops the
 * store's value and address; returns the address slot. */
static uint32_t take_back_for_store(tr *t)
{
    undo_last(t);
    pop_value(t);
    return pop_operand(t); /* a local or its home: nothing emitted */
}

static bool emit_op_store(tr *t, const lw_insn *in, const tr_value *top, const tr_value *below)
{
    const tr_last *l = &t->last;
    if (!stores_last_result(t, TR_SHAPE_BINARY, top, below) || !fused_has_os(l->op) ||
        in->op != full_store_of(lw_opinfo_table[l->op].result))
        return false;
    tr_last bin = *l;
    uint32_t addr = take_back_for_store(t);
    if (bin.from_acc) {
        emit_op(t, (bin.from_acc == 1 ? LW_I_OSRA_BASE_ : LW_I_OSRB_BASE_) + bin.op);
        emit_pair(t, bin.from_acc == 1 ? bin.b : bin.a, addr);
        emit_u(t, in->imm.memarg.offset);
    } else {
        emit_op(t, LW_I_OS_BASE_ + bin.op);
        emit_pair(t, bin.a, bin.b);
        emit_pair(t, addr, in->imm.memarg.offset);
    }
    return true;
}

/* x[i] += a * y[i], ending at this store of the sum to the element's own
 * address: the element loaded (a plain load, or an LDKW whose kept sum is
 * the store's address), then the product of a slot and a second load (that
 * load and an adding multiply-add taking it from acc, or an LKB multiply),
 * then the add (in the multiply-add, or one taking the product from acc).
 * They are the last three instructions; one AXPY replaces them and the
 * store. Its first load is the element's, reported at the element load's
 * offset; its second is reported one word in, at the other load's. The
 * slots the three wrote are stack homes read by nothing after them, and
 * the AXPY writes only the kept sum (the element's home when none is kept:
 * nothing reads it), before it reads anything else, as the LDKW did. */
static bool emit_axpy(tr *t, const lw_insn *in, const tr_value *top, const tr_value *below)
{
    const tr_last *sum = &t->last, *prod = &t->prev, *elem = &t->prev2;
    bool f64 = in->op == LW_OP_F64_STORE;
    if ((!f64 && in->op != LW_OP_F32_STORE) || sum->at == TR_NONE || prod->at == TR_NONE || elem->at == TR_NONE ||
        !stores_last_result(t, sum->shape, top, below) || elem->at >= prod->at || prod->at >= sum->at)
        return false;
    unsigned load = f64 ? LW_OP_F64_LOAD : LW_OP_F32_LOAD;
    uint32_t c, d, a, y, ky, oy;
    unsigned add_mul = (f64 ? LW_I_F64_ADD_MUL : LW_I_F32_ADD_MUL) - LW_I_F32_MUL_ADD; /* its LW_FOR_EACH_MADD index */
    if (sum->shape == TR_SHAPE_MADD && sum->op == add_mul &&
        sum->from_acc == 2 && prod->shape == TR_SHAPE_LOAD && prod->op == load) {
        c = (uint32_t)sum->k, d = sum->b, a = sum->a;
        y = prod->a, ky = 0, oy = prod->b;
    } else if (sum->shape == TR_SHAPE_BINARY && sum->op == (f64 ? LW_OP_F64_ADD : LW_OP_F32_ADD) &&
               sum->from_acc == 2 && prod->shape == TR_SHAPE_LOADOP && prod->w == 2 &&
               prod->op == (f64 ? LW_OP_F64_MUL : LW_OP_F32_MUL)) {
        c = sum->a, d = sum->b, a = prod->b;
        y = prod->a, ky = (uint32_t)(prod->k >> 32), oy = (uint32_t)prod->k;
    } else {
        return false;
    }
    uint32_t addr = below->where == TR_LOCAL ? (uint32_t)below->at : home_of(t, below);
    uint32_t x = elem->a, kx = 0, w = c;
    if (elem->shape == TR_SHAPE_LOADKW) {
        kx = (uint32_t)elem->k;
        w = elem->w;
    }
    if ((elem->shape != TR_SHAPE_LOAD || addr != x) && (elem->shape != TR_SHAPE_LOADKW || addr != w))
        return false;
    if (elem->op != load || elem->dst != c || prod->dst != d || c < t->locals_end || d < t->locals_end ||
        c == d || a == c || a == d || y == c || elem->b != in->imm.memarg.offset)
        return false;
    uint32_t ox = elem->b, at = (uint32_t)elem->at;
    size_t offset = t->offset, second = prod->offset;
    t->offset = elem->offset;
    undo_last(t); /* the add */
    undo_last(t); /* the product */
    undo_last(t); /* the element's load */
    pop_value(t);
    pop_operand(t); /* a local or its home: nothing emitted */
    emit_op(t, f64 ? LW_I_F64_AXPY : LW_I_F32_AXPY);
    map_add(t, at + 1, (uint32_t)second);
    t->offset = offset;
    emit_pair(t, x, y);
    emit_pair(t, a, w);
    emit_pair(t, kx, ox);
    emit_pair(t, ky, oy);
    return true;
}

/* The multiply-add forms and their acc forms are listed in this order (compiled.h). */
_Static_assert(LW_I_F64_SUB_MUL - LW_I_F32_MUL_ADD == 7, "the eight multiply-add forms in order");
_Static_assert(LW_I_F64_SUB_MUL_RC - LW_I_F32_MUL_ADD_RA == 23, "three acc forms of each, in the same order");
_Static_assert(LW_I_F64_ADD_MUL_RC_S - LW_I_F32_MUL_ADD_S == 15, "four stored forms of the four adding ones");

/* A store of the result an adding multiply-add form just computed into a
 * stack slot, by the full-width store of its type: one _S form computes and
 * stores, as emit_op_store does for binary ops. */
static bool emit_madd_store(tr *t, const lw_insn *in, const tr_value *top, const tr_value *below)
{
    const tr_last *l = &t->last;
    if (!stores_last_result(t, TR_SHAPE_MADD, top, below))
        return false;
    /* LW_FOR_EACH_MADD's order: F32 MUL_ADD, ADD_MUL, MUL_SUB, SUB_MUL, then the F64 ones. */
    static const int8_t stored[8] = {0, 1, -1, -1, 2, 3, -1, -1};
    if (stored[l->op] < 0 || in->op != (l->op < 4 ? LW_OP_F32_STORE : LW_OP_F64_STORE))
        return false;
    tr_last m = *l;
    uint32_t addr = take_back_for_store(t);
    emit_op(t, LW_I_F32_MUL_ADD_S + 4 * (unsigned)stored[m.op] + m.from_acc);
    if (m.from_acc == 0) {
        emit_pair(t, m.a, m.b);
        emit_pair(t, (uint32_t)m.k, addr);
        emit_u(t, in->imm.memarg.offset);
    } else {
        emit_pair(t, m.from_acc == 1 ? m.b : m.a, m.from_acc == 3 ? m.b : (uint32_t)m.k);
        emit_pair(t, addr, in->imm.memarg.offset);
    }
    return true;
}

/* Loads and stores whose address is an i32.add just computed (LDK, LDX,
 * STK, STX), stores of a constant (SK), and an f32/f64 add or subtract of a
 * product just computed (the MUL_ADD forms). The instruction taken back
 * writes its result only to the home the fused one reads, and nothing is
 * emitted between the undo and the fused instruction (its operands are all
 * in place), so the operands it read are still there. */
static bool emit_fused_mem_or_madd(tr *t, const lw_insn *in, const lw_opinfo *info)
{
    if (t->ntypes < (info->imm == LW_IMM_MEMARG && info->result != LW_T_NO ? 1u : 2u))
        return false;
    if (info->imm == LW_IMM_MEMARG && t->checked) /* only the plain accesses have checked forms */
        return false;
    tr_value *top = &t->stack[t->ntypes - 1];
    if (info->imm == LW_IMM_MEMARG && info->result != LW_T_NO) { /* load */
        uint32_t k = 0;
        uint8_t shape = last_sums_k(t, top, &k)                                     ? TR_SHAPE_K
                        : last_computed(t, top, LW_OP_I32_ADD, TR_SHAPE_BINARY)    ? TR_SHAPE_BINARY
                        : last_computed(t, top, LW_OP_I32_ADD, TR_SHAPE_SHIFT_ADD) ? TR_SHAPE_SHIFT_ADD
                                                                                     : TR_SHAPE_OTHER;
        if (shape == TR_SHAPE_OTHER)
            return false;
        tr_last add = t->last;
        undo_last(t);
        pop_value(t);
        push(t, info->result);
        uint32_t dst = top_slot(t);
        unsigned base = shape == TR_SHAPE_K ? LW_I_LDK_BASE_ : shape == TR_SHAPE_BINARY ? LW_I_LDX_BASE_ : LW_I_LDS_BASE_;
        emit_op(t, base + in->op);
        emit_pair(t, dst, add.a);
        emit_pair(t, in->imm.memarg.offset, shape == TR_SHAPE_K ? k : add.b);
        if (shape == TR_SHAPE_SHIFT_ADD)
            emit_u(t, add.k);
        if (shape == TR_SHAPE_K) {
            t->last.shape = TR_SHAPE_LOADK;
            t->last.op = in->op;
            t->last.a = add.a;
            t->last.b = in->imm.memarg.offset;
            t->last.k = k;
        }
        t->last.dst = dst;
        t->last.acc = acc_type(info->result);
        return true;
    }
    tr_value *below = &t->stack[t->ntypes - 2];
    if (info->imm == LW_IMM_MEMARG) { /* store: below is the address, top the value */
        /* Zero (all bits, of any scalar type) to an address just summed: the
         * zero slot is the value of an STK or STX (clearing arrays). */
        uint32_t k = 0;
        if (top->where == TR_CONST && top->at == 0 && t->zero_slot != UINT32_MAX &&
            (last_sums_k(t, below, &k) || last_computed(t, below, LW_OP_I32_ADD, TR_SHAPE_BINARY))) {
            top->where = TR_LOCAL;
            top->at = t->zero_slot;
            t->nlazy_locals++;
        }
        if (top->where == TR_CONST) {
            uint64_t value = pop_value(t).at;
            uint32_t addr = pop_operand(t);
            emit_op(t, LW_I_SK_BASE_ + in->op);
            emit_pair(t, addr, in->imm.memarg.offset);
            emit_u(t, value);
            return true;
        }
        if (emit_axpy(t, in, top, below) || emit_op_store(t, in, top, below) || emit_madd_store(t, in, top, below))
            return true;
        if (top->where != TR_LOCAL) /* a computed value is the last instruction, not the address */
            return false;
        uint8_t shape = last_sums_k(t, below, &k)                                  ? TR_SHAPE_K
                        : last_computed(t, below, LW_OP_I32_ADD, TR_SHAPE_BINARY) ? TR_SHAPE_BINARY
                                                                                    : TR_SHAPE_OTHER;
        if (shape == TR_SHAPE_OTHER)
            return false;
        tr_last add = t->last;
        undo_last(t);
        uint32_t value = pop_operand(t); /* a local: nothing emitted */
        pop_value(t);
        emit_op(t, (shape == TR_SHAPE_K ? LW_I_STK_BASE_ : LW_I_STX_BASE_) + in->op);
        emit_pair(t, add.a, value);
        emit_pair(t, in->imm.memarg.offset, shape == TR_SHAPE_K ? k : add.b);
        return true;
    }
    /* c + a * b, a * b + c, a * b - c, c - a * b */
    bool f64 = in->op == LW_OP_F64_ADD || in->op == LW_OP_F64_SUB;
    bool add = in->op == LW_OP_F64_ADD || in->op == LW_OP_F32_ADD;
    if (!f64 && in->op != LW_OP_F32_ADD && in->op != LW_OP_F32_SUB)
        return false;
    unsigned mul = f64 ? LW_OP_F64_MUL : LW_OP_F32_MUL;
    /* The other operand must be readable where it is without emitting anything. */
    bool product_second = last_computed(t, top, mul, TR_SHAPE_BINARY) && below->where != TR_CONST;
    bool product_first = !product_second && last_computed(t, below, mul, TR_SHAPE_BINARY) && top->where == TR_LOCAL;
    if (!product_second && !product_first)
        return false;
    tr_last product = t->last;
    undo_last(t);
    /* What the instruction before the product left in acc, if anything. */
    uint32_t acc_slot = t->last.at != TR_NONE && t->last.acc ? t->last.dst : UINT32_MAX;
    tr_value b = pop_value(t), a = pop_value(t);
    uint32_t c = operand_slot(t, product_second ? &a : &b);
    unsigned op = f64 ? (add ? (product_first ? LW_I_F64_MUL_ADD : LW_I_F64_ADD_MUL)
                             : (product_first ? LW_I_F64_MUL_SUB : LW_I_F64_SUB_MUL))
                      : (add ? (product_first ? LW_I_F32_MUL_ADD : LW_I_F32_ADD_MUL)
                             : (product_first ? LW_I_F32_MUL_SUB : LW_I_F32_SUB_MUL));
    push(t, info->result);
    uint32_t dst = top_slot(t);
    /* The _RA, _RB, _RC forms follow each form in the list (compiled.h). */
    unsigned index = op - LW_I_F32_MUL_ADD;
    unsigned from_acc = product.a == acc_slot ? 1 : product.b == acc_slot ? 2 : c == acc_slot ? 3 : 0;
    if (from_acc) {
        emit_op(t, LW_I_F32_MUL_ADD_RA + 3 * index + (from_acc - 1));
        emit_pair(t, dst, from_acc == 1 ? product.b : product.a);
        emit_u(t, from_acc == 3 ? product.b : c);
    } else {
        emit_op(t, op);
        emit_pair(t, dst, product.a);
        emit_pair(t, product.b, c);
    }
    t->last.dst = dst;
    t->last.acc = true;
    t->last.shape = TR_SHAPE_MADD;
    t->last.op = index;
    t->last.a = product.a;
    t->last.b = product.b;
    t->last.k = c;
    t->last.from_acc = (uint8_t)from_acc;
    return true;
}

/* Opcodes the instruction table types completely: numeric and vector
 * operators, loads and stores, lane accesses, shuffles, v128.const. Their
 * immediates are laid out from the table: the result slot (when there is a
 * result), the operand slots, then the memarg offset and lane index, two to a
 * word; a 16-byte immediate (v128.const, shuffle) follows in two words.
 * Operands are read where they are (a local in place; a constant as the K
 * variant's immediate, else from its home); the result goes to its home. */
/* An i32.add of a constant (dst = a + k) right after another (a K form, not
 * RK): the two become one ADD2K, as pointer and counter steps often come in
 * pairs. The earlier one's words move behind this one's, so that this one's
 * destination stays retargetable at its usual place. */
static bool emit_add2k(tr *t, uint32_t dst, uint32_t a, uint32_t k)
{
    const tr_last *l = &t->last;
    if (l->at == TR_NONE || l->shape != TR_SHAPE_K || l->op != LW_OP_I32_ADD || l->from_acc ||
        (size_t)l->at + 3 != t->ncode || t->oom)
        return false;
    lw_word earlier = t->code[l->at + 1];
    uint32_t k1 = (uint32_t)t->code[l->at + 2].u;
    t->code[l->at] = lw_handler_word(t->handlers, LW_I_ADD2K);
    t->code[l->at + 1] = lw_word_pair(dst, a);
    t->code[l->at + 2] = earlier;
    emit_pair(t, k1, k);
    t->last.shape = TR_SHAPE_OTHER;
    t->last.dst = dst;
    t->last.acc = true;
    t->last.from_acc = false;
    return true;
}

/* An i32.add with an operand in acc right after another that took one from
 * acc (RA or RB): the two become one ADD2R (a sum of three or more terms,
 * as hashes and address arithmetic compute). The earlier one's words move
 * behind, as in emit_add2k; its result is still written to its slot. */
static bool emit_add2r(tr *t, uint32_t dst, uint32_t other)
{
    const tr_last *l = &t->last;
    if (l->at == TR_NONE || l->shape != TR_SHAPE_BINARY || l->op != LW_OP_I32_ADD || !l->from_acc ||
        (size_t)l->at + 2 != t->ncode || t->oom)
        return false;
    lw_word earlier = t->code[l->at + 1];
    t->code[l->at] = lw_handler_word(t->handlers, LW_I_ADD2R);
    t->code[l->at + 1] = lw_word_pair(dst, other);
    emit_word(t, earlier);
    t->last.shape = TR_SHAPE_OTHER;
    t->last.dst = dst;
    t->last.acc = true;
    t->last.from_acc = 0;
    return true;
}

/* An add, xor, or or and (combine) whose operand in acc a shift or rotate by
 * a constant (a K form, not RK) has just computed: the two become one
 * T_SHIFT_COMBINE (compiled.h). The combines commute, so either operand may
 * be the shifted one. The shift's words move behind, as in emit_add2k. */
static bool emit_shift_combine(tr *t, unsigned combine, uint32_t dst, uint32_t other)
{
    static const struct {
        uint16_t shift, combine, iop;
    } pairs[] = {
#define LW_X_SHC(unused, T, S, C) {LW_OP_##T##_##S, LW_OP_##T##_##C, LW_I_##T##_##S##_##C},
        LW_FOR_EACH_SHIFT_COMBINE(LW_X_SHC, unused)
#undef LW_X_SHC
    };
    const tr_last *l = &t->last;
    /* other == l->dst: both operands are the shift's result (through a
     * local.tee), which the handler would read before writing it. */
    if (l->at == TR_NONE || l->shape != TR_SHAPE_K || l->from_acc || (size_t)l->at + 3 != t->ncode || t->oom ||
        other == l->dst)
        return false;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (pairs[i].shift != l->op || pairs[i].combine != combine)
            continue;
        lw_word shift_slots = t->code[l->at + 1];
        lw_word k = t->code[l->at + 2];
        t->code[l->at] = lw_handler_word(t->handlers, pairs[i].iop);
        t->code[l->at + 1] = lw_word_pair(dst, other);
        t->code[l->at + 2] = shift_slots;
        emit_word(t, k);
        t->last.shape = TR_SHAPE_OTHER;
        if (pairs[i].iop == LW_I_I32_SHL_ADD && lw_word_lo(shift_slots) >= t->locals_end) {
            t->last.shape = TR_SHAPE_SHIFT_ADD;
            t->last.op = LW_OP_I32_ADD;
            t->last.a = other;
            t->last.b = lw_word_hi(shift_slots);
            t->last.k = k.u & 31;
        }
        t->last.dst = dst;
        t->last.acc = true;
        t->last.from_acc = false;
        return true;
    }
    return false;
}

/* A load whose address is the i32.add just before it (K or plain, operands
 * not from acc), when that sum also stays in a slot (a local.tee: else the
 * load would have taken the add back as LDK/LDX): one LDKW/LDXW computes the
 * sum, keeps it there, and loads. */
static bool emit_load_keep(tr *t, const lw_insn *in, uint32_t dst)
{
    const tr_last *l = &t->last;
    uint32_t kval = 0;
    bool k = adds_constant(l, &kval);
    if (l->at == TR_NONE || (!k && (l->op != LW_OP_I32_ADD || l->shape != TR_SHAPE_BINARY)) || l->from_acc ||
        (size_t)l->at + 3 != t->ncode || t->oom)
        return false;
    tr_last add = t->last;
    undo_last(t);
    emit_op(t, (k ? LW_I_LDKW_BASE_ : LW_I_LDXW_BASE_) + in->op);
    emit_pair(t, dst, add.a);
    emit_pair(t, in->imm.memarg.offset, k ? kval : add.b);
    emit_u(t, add.dst);
    t->last.dst = dst;
    t->last.acc = acc_type(lw_opinfo_table[in->op].result);
    if (k) {
        t->last.shape = TR_SHAPE_LOADKW;
        t->last.op = in->op;
        t->last.a = add.a;
        t->last.b = in->imm.memarg.offset;
        t->last.k = kval;
        t->last.w = add.dst;
    }
    return true;
}

/* The full-width load of a scalar type (the one LKA/LKB perform). */
static unsigned full_load_of(uint8_t type)
{
    switch (type) {
    case LWASM_I32: return LW_OP_I32_LOAD;
    case LWASM_I64: return LW_OP_I64_LOAD;
    case LWASM_F32: return LW_OP_F32_LOAD;
    case LWASM_F64: return LW_OP_F64_LOAD;
    default: return LW_OP_COUNT_;
    }
}

/* The binary operators that trap themselves (integer division): fused with
 * a memory access, their traps would be reported at the access. */
static bool binary_op_traps(unsigned op)
{
    switch (op) {
    case LW_OP_I32_DIV_S: case LW_OP_I32_DIV_U: case LW_OP_I32_REM_S: case LW_OP_I32_REM_U:
    case LW_OP_I64_DIV_S: case LW_OP_I64_DIV_U: case LW_OP_I64_REM_S: case LW_OP_I64_REM_U:
        return true;
    default:
        return false;
    }
}

/* A binary op whose operand from acc an LDK just loaded into a stack slot
 * (read by nothing else): one LKA/LKB loads it and computes. */
static bool emit_load_operand(tr *t, unsigned op, uint8_t from_acc, uint32_t dst, uint32_t other)
{
    const tr_last *l = &t->last;
    const lw_opinfo *info = &lw_opinfo_table[op];
    if (l->at == TR_NONE || l->shape != TR_SHAPE_LOADK || (size_t)l->at + 3 != t->ncode || t->oom ||
        l->dst < t->locals_end || other == l->dst || l->op != full_load_of(info->params[from_acc - 1]) ||
        binary_op_traps(op))
        return false;
    uint32_t addr = l->a, offset = l->b, k = (uint32_t)l->k;
    t->code[l->at] = lw_handler_word(t->handlers, (from_acc == 1 ? LW_I_LKA_BASE_ : LW_I_LKB_BASE_) + op);
    t->code[l->at + 1] = lw_word_pair(dst, other);
    t->code[l->at + 2] = lw_word_pair(addr, offset);
    emit_u(t, k);
    t->last.shape = TR_SHAPE_LOADOP;
    t->last.op = op;
    t->last.a = addr;
    t->last.b = other;
    t->last.k = offset | (uint64_t)k << 32;
    t->last.w = from_acc;
    t->last.dst = dst;
    t->last.acc = acc_type(info->result);
    t->last.from_acc = 0;
    return true;
}

/* A memory access whose address is a constant A reads the zero slot as its
 * address, with A added to its offset when the sum fits 32 bits (the same
 * effective address): no constant put into a slot, no dispatch for it, and
 * the fused forms that want the address in a slot apply. Returns in, or
 * *copy with the offset changed. */
static const lw_insn *rebase_const_address(tr *t, const lw_insn *in, const lw_opinfo *info, lw_insn *copy)
{
    if ((info->imm != LW_IMM_MEMARG && info->imm != LW_IMM_MEMARG_LANE) || t->ntypes < info->nparams ||
        !info->nparams)
        return in;
    tr_value *addr = &t->stack[t->ntypes - info->nparams];
    if (addr->where != TR_CONST || (uint64_t)(uint32_t)addr->at + in->imm.memarg.offset > UINT32_MAX ||
        t->zero_slot == UINT32_MAX)
        return in;
    *copy = *in;
    copy->imm.memarg.offset += (uint32_t)addr->at;
    addr->where = TR_LOCAL;
    addr->at = t->zero_slot;
    t->nlazy_locals++;
    return copy;
}

static lwasm_error *emit_generic(tr *t, const lw_insn *in)
{
    const lw_opinfo *info = &lw_opinfo_table[in->op];
    lw_imm imm = (lw_imm)info->imm;
    lw_insn rebased;
    in = rebase_const_address(t, in, info, &rebased);
    bool generic = info->result != LW_T_SP &&
                   (imm == LW_IMM_NONE ? info->result != LW_T_NO
                                       : imm == LW_IMM_MEMARG || imm == LW_IMM_MEMARG_LANE || imm == LW_IMM_LANE ||
                                             imm == LW_IMM_SHUFFLE || imm == LW_IMM_V128);
    if (!generic || (t->handlers && !t->handlers[in->op]))
        return lw_error(LWASM_ERR_INVALID, in->offset, t->c->func_index, "internal: cannot translate %s",
                        info->text);
    /* The slot whose value the last instruction also left in acc, for the R
     * families. A constant materialized below (by popping an operand) may
     * go to that very slot (when the result there was dropped): anything
     * emitted since acc_owner voids acc_slot. */
    uint32_t acc_slot = t->last.at != TR_NONE && t->last.acc ? t->last.dst : UINT32_MAX;
    int64_t acc_owner = t->last.at;
    bool scalar = info->prefix != 0xFD;
    bool acc_result = scalar && acc_type(info->result);
    if (scalar && scalar_type(imm == LW_IMM_MEMARG && info->result == LW_T_NO ? info->params[1] : info->result) &&
        emit_fused_mem_or_madd(t, in, info))
        return NULL;
    /* A constant first operand, the second not: the KL variant. */
    if (fused_has_k(in->op) && t->ntypes >= 2 && t->stack[t->ntypes - 2].where == TR_CONST &&
        t->stack[t->ntypes - 1].where != TR_CONST) {
        uint32_t b = pop_operand(t); /* a local or its home: nothing emitted */
        tr_value a = pop_value(t);
        push(t, info->result);
        uint32_t dst = top_slot(t);
        emit_op(t, LW_I_KL_BASE_ + in->op);
        emit_pair(t, dst, b);
        emit_u(t, a.at);
        t->last.dst = dst;
        t->last.acc = acc_result;
        return NULL;
    }
    if (fused_has_k(in->op) && t->ntypes && t->stack[t->ntypes - 1].where == TR_CONST) {
        tr_value b = pop_value(t);
        uint32_t a = pop_operand(t);
        push(t, info->result);
        uint32_t dst = top_slot(t);
        if (t->last.at != acc_owner)
            acc_slot = UINT32_MAX;
        bool from_acc = a == acc_slot && acc_type(info->params[0]);
        if (in->op == LW_OP_I32_ADD && b.at <= UINT32_MAX && emit_add2k(t, dst, a, (uint32_t)b.at))
            return NULL;
        if (from_acc) {
            emit_op(t, LW_I_RK_BASE_ + in->op);
            emit_u(t, dst);
        } else {
            emit_op(t, LW_I_K_BASE_ + in->op);
            emit_pair(t, dst, a);
        }
        emit_u(t, b.at);
        t->last.shape = TR_SHAPE_K;
        t->last.op = in->op;
        t->last.a = a;
        t->last.k = b.at;
        t->last.dst = dst;
        t->last.acc = acc_result;
        t->last.from_acc = from_acc;
        return NULL;
    }
    uint32_t operands[3] = {0, 0, 0}, vals[6];
    unsigned n = 0;
    for (unsigned i = info->nparams; i-- > 0;)
        operands[i] = pop_operand(t);
    if (info->result != LW_T_NO) {
        push(t, info->result);
        vals[n++] = top_slot(t);
    }
    if (t->last.at != acc_owner) /* a constant went to a slot: acc_slot may be one of them */
        acc_slot = UINT32_MAX;
    /* An operand the last instruction left in acc: an R form. */
    bool numeric = imm == LW_IMM_NONE && scalar && (info->nparams == 1 || info->nparams == 2);
    uint8_t from_acc = 0;
    if (numeric && operands[0] == acc_slot && acc_type(info->params[0]))
        from_acc = 1;
    else if (numeric && info->nparams == 2 && operands[1] == acc_slot && acc_type(info->params[1]))
        from_acc = 2;
    if (from_acc || (imm == LW_IMM_MEMARG && scalar && !t->checked && info->result != LW_T_NO &&
                     operands[0] == acc_slot)) {
        uint32_t dst = vals[0];
        if (numeric && info->nparams == 2 &&
            ((in->op == LW_OP_I32_ADD && emit_add2r(t, dst, from_acc == 1 ? operands[1] : operands[0])) ||
             emit_shift_combine(t, in->op, dst, from_acc == 1 ? operands[1] : operands[0]) ||
             emit_load_operand(t, in->op, from_acc, dst, from_acc == 1 ? operands[1] : operands[0])))
            return NULL;
        if (imm == LW_IMM_MEMARG && emit_load_keep(t, in, dst))
            return NULL;
        if (imm == LW_IMM_MEMARG) { /* the address */
            emit_op(t, LW_I_LDR_BASE_ + in->op);
            emit_pair(t, dst, in->imm.memarg.offset);
        } else if (info->nparams == 1) {
            emit_op(t, LW_I_R1_BASE_ + in->op);
            emit_u(t, dst);
        } else {
            emit_op(t, (from_acc == 1 ? LW_I_RA_BASE_ : LW_I_RB_BASE_) + in->op);
            emit_pair(t, dst, from_acc == 1 ? operands[1] : operands[0]);
        }
        t->last.dst = dst;
        t->last.acc = acc_result;
        if (numeric) {
            t->last.shape = info->nparams == 1 ? TR_SHAPE_UNARY : TR_SHAPE_BINARY;
            t->last.op = in->op;
            t->last.a = operands[0];
            t->last.b = operands[1];
            t->last.from_acc = from_acc;
        }
        return NULL;
    }
    for (unsigned i = 0; i < info->nparams; i++)
        vals[n++] = operands[i];
    if (imm == LW_IMM_MEMARG || imm == LW_IMM_MEMARG_LANE)
        vals[n++] = in->imm.memarg.offset;
    if (imm == LW_IMM_MEMARG_LANE)
        vals[n++] = in->imm.memarg.lane;
    if (imm == LW_IMM_LANE)
        vals[n++] = in->imm.lane;
    /* With guard pages, scalar loads and stores test nothing; the C forms do.
     * Vector accesses that may rely on the guard pages get a CHECK first. */
    bool checked = t->checked && imm == LW_IMM_MEMARG && info->prefix != 0xFD;
    if (t->checked && info->prefix == 0xFD && (imm == LW_IMM_MEMARG || imm == LW_IMM_MEMARG_LANE)) {
        uint32_t addr = operands[0];
        emit_op(t, LW_I_CHECK);
        emit_pair(t, addr, 1u << info->align);
        emit_u(t, in->imm.memarg.offset);
    }
    emit_op(t, checked ? LW_I_C_BASE_ + in->op : in->op);
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
    /* For the peepholes: every handler reads its operands before it writes
     * its result, so a one-slot result may be redirected into a local. */
    if (info->result != LW_T_NO && lw_slots_of(info->result) == 1)
        t->last.dst = vals[0];
    t->last.acc = acc_result;
    if (numeric) {
        t->last.shape = info->nparams == 1 ? TR_SHAPE_UNARY : TR_SHAPE_BINARY;
        t->last.op = in->op;
        t->last.a = operands[0];
        t->last.b = operands[1];
    } else if (imm == LW_IMM_MEMARG && scalar && info->result != LW_T_NO && !checked) {
        t->last.shape = TR_SHAPE_LOAD;
        t->last.op = in->op;
        t->last.a = operands[0];
        t->last.b = in->imm.memarg.offset;
    }
    return NULL;
}

/* Operations on consecutive operands: pop n into their homes, emit op with the first slot. */
static uint32_t pop_run(tr *t, uint32_t n)
{
    materialize_top(t, n);
    pop_n(t, n);
    return t->locals_end + t->h;
}

static void translate_local_set(tr *t, uint32_t x, bool tee)
{
    uint32_t slot = t->local_slot[x];
    if (!t->ntypes) /* only after an allocation failure */
        return;
    tr_value *v = &t->stack[t->ntypes - 1];
    if (v->where == TR_LOCAL && v->at == slot) /* local.get x, local.set x */
        goto done;
    /* A declared local set to zero (all bits) before any code has run and
     * outside any block: it is zero already (compilers initialize locals so). */
    if (v->where == TR_CONST && v->at == 0 && scalar_type(v->type) && slot >= t->declared_start &&
        t->ncode == t->entry_ncode && t->nlabels == 1)
        goto done;
    protect_local(t, slot);
    v = &t->stack[t->ntypes - 1];
    if (retarget_last(t, slot)) {
        if (tee) { /* the value now lives in the local */
            v->where = TR_LOCAL;
            v->at = slot;
            t->nlazy_locals++;
        }
    } else {
        emit_moves(t, slot, 1);
    }
done:
    if (!tee)
        pop_value(t);
}

/* A constant is not emitted: its consumer takes it as an immediate, or
 * materializes it where it must be in a slot. */
static void emit_const(tr *t, uint8_t type, uint64_t bits) { push_value(t, type, TR_CONST, bits); }

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
        materialize_all(t); /* see tr_where */
        forget_last(t);
        push_label(t, in->op == LW_OP_LOOP ? TR_LOOP : TR_BLOCK, params, np, results, nr);
        if (in->op == LW_OP_LOOP) /* after the label: back-edges land on the checks */
            meter_run(t, true);
        return NULL;
    }
    case LW_OP_IF: {
        const uint8_t *params, *results;
        uint32_t np, nr;
        block_type(t, in, &params, &np, &results, &nr);
        tr_cond cond = pop_cond(t);
        materialize_all(t);
        int64_t at = emit_cond_branch(t, &cond, false, NULL);
        forget_last(t);
        tr_label *l = push_label(t, TR_IF, params, np, results, nr);
        if (l)
            l->else_patch = at;
        meter_run(t, false);
        return NULL;
    }
    case LW_OP_ELSE: {
        tr_label *l = label_at(t, 0);
        if (!*dead) {
            materialize_top(t, l->nresults);
            emit_op(t, LW_OP_BR);
            emit_target(t, l, 0);
        }
        patch_word(t, l->else_patch, (int64_t)t->ncode);
        forget_last(t);
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
        if (!*dead)
            materialize_top(t, l->nresults);
        forget_last(t);
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
        pop_value(t);
        return NULL;
    case LW_OP_SELECT:
    case LW_OP_SELECT_T: {
        uint32_t cond = pop_operand(t);
        uint32_t b = pop_operand(t);
        uint8_t type = top_type(t);
        if (type == LWASM_V128) {
            uint32_t a = pop(t);
            push(t, type);
            emit_op(t, LW_I_SELECT_V128);
            emit_pair(t, a, b);
            emit_u(t, cond);
            return NULL;
        }
        /* Operands where they are, the result to its home or, retargeted,
         * to the local a local.set names: no moves around a select. */
        uint32_t a = pop_operand(t);
        push(t, type);
        uint32_t dst = top_slot(t);
        emit_op(t, LW_OP_SELECT);
        emit_pair(t, dst, a);
        emit_pair(t, b, cond);
        t->last.dst = dst;
        return NULL;
    }
    case LW_OP_LOCAL_GET: /* read in place by its consumer: see tr_where */
        push_value(t, t->local_types[in->imm.index], TR_LOCAL, t->local_slot[in->imm.index]);
        return NULL;
    case LW_OP_LOCAL_SET:
    case LW_OP_LOCAL_TEE:
        translate_local_set(t, in->imm.index, in->op == LW_OP_LOCAL_TEE);
        return NULL;
    case LW_OP_GLOBAL_GET: {
        uint8_t type = m->globals[in->imm.index].type.type;
        push(t, type);
        uint32_t dst = top_slot(t);
        emit_op(t, type == LWASM_V128 ? LW_I_GLOBAL_GET_V128 : LW_OP_GLOBAL_GET);
        emit_pair(t, dst, in->imm.index);
        if (type != LWASM_V128)
            t->last.dst = dst;
        return NULL;
    }
    case LW_OP_GLOBAL_SET: {
        uint8_t type = m->globals[in->imm.index].type.type;
        uint32_t src = pop_operand(t);
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
    case LW_OP_TABLE_FILL: {
        /* Operands first: materializing them emits code. */
        uint32_t base = pop_run(t, in->op == LW_OP_TABLE_SET ? 2 : 3);
        emit_op(t, in->op);
        emit_pair(t, base, in->imm.index);
        return NULL;
    }
    case LW_OP_TABLE_SIZE: {
        push(t, LWASM_I32);
        uint32_t dst = top_slot(t);
        emit_op(t, LW_OP_TABLE_SIZE);
        emit_pair(t, dst, in->imm.index);
        t->last.dst = dst;
        return NULL;
    }
    case LW_OP_TABLE_GROW: {
        uint32_t base = pop_run(t, 2);
        push(t, LWASM_I32);
        emit_op(t, LW_OP_TABLE_GROW);
        emit_pair(t, base, in->imm.index);
        return NULL;
    }
    case LW_OP_TABLE_COPY:
    case LW_OP_TABLE_INIT: {
        uint32_t base = pop_run(t, 3);
        emit_op(t, in->op);
        emit_pair(t, base, in->imm.pair.a);
        emit_u(t, in->imm.pair.b);
        return NULL;
    }
    case LW_OP_ELEM_DROP:
    case LW_OP_DATA_DROP:
        emit_op(t, in->op);
        emit_u(t, in->imm.index);
        return NULL;
    case LW_OP_MEMORY_SIZE: {
        push(t, LWASM_I32);
        uint32_t dst = top_slot(t);
        emit_op(t, LW_OP_MEMORY_SIZE);
        emit_u(t, dst);
        t->last.dst = dst;
        return NULL;
    }
    case LW_OP_MEMORY_GROW: {
        uint32_t slot = top_slot(t);
        emit_op(t, LW_OP_MEMORY_GROW);
        emit_u(t, slot);
        return NULL;
    }
    case LW_OP_MEMORY_FILL:
    case LW_OP_MEMORY_COPY: {
        uint32_t base = pop_run(t, 3);
        emit_op(t, in->op);
        emit_u(t, base);
        return NULL;
    }
    case LW_OP_MEMORY_INIT: {
        uint32_t base = pop_run(t, 3);
        emit_op(t, LW_OP_MEMORY_INIT);
        emit_pair(t, base, in->imm.pair.a);
        return NULL;
    }
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
        uint32_t a = pop_operand(t);
        push(t, LWASM_I32);
        uint32_t dst = top_slot(t);
        emit_op(t, LW_OP_REF_IS_NULL);
        emit_pair(t, dst, a);
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

/* Where each local lives: slots from 0 in declaration order, params first
 * (the same layout init_record counts). */
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
    t->declared_start = slot;
    for (uint32_t i = 0; i < code->nlocals; i++) {
        t->local_types[ft->nparams + i] = code->locals[i];
        t->local_slot[ft->nparams + i] = slot;
        slot += lw_slots_of(code->locals[i]);
    }
    if (t->zero_slot != UINT32_MAX)
        t->zero_slot = slot++;
    t->locals_end = slot;
    return NULL;
}

/* Translates the body into t->code; with_zero reserves the zero slot. */
static lwasm_error *translate_body(tr *t, uint32_t def, bool with_zero)
{
    const lwasm_module *m = t->m;
    const lw_code *code = &m->codes[def];
    const lw_functype *ft = &m->types[code->type];
    t->c = code->compiled;
    t->zero_slot = with_zero ? 0 : UINT32_MAX;
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
    t->nlazy_locals = 0;
    forget_last(t);
    t->offset = code->body.offset;
    push_label(t, TR_FUNC, NULL, 0, ft->results, ft->nresults);
    t->fuel_word = TR_NONE;
    t->fuel_cost = 0;
    meter_run(t, true);
    t->entry_ncode = t->ncode;

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
    return NULL;
}

/* The byte after p's LEB128 number (at most end). */
static const uint8_t *skip_leb(const uint8_t *p, const uint8_t *end)
{
    while (p < end && *p++ & 0x80)
        ;
    return p;
}

/* Whether the byte at p, if before end, is a one-byte memory access opcode:
 * 1 a load, 2 a store, else 0. */
static int memory_opcode_at(const uint8_t *p, const uint8_t *end)
{
    lw_opcode op;
    if (p >= end || !lw_opcode_lookup(0, *p, &op) || lw_opinfo_table[op].imm != LW_IMM_MEMARG)
        return 0;
    return lw_opinfo_table[op].result == LW_T_NO ? 2 : 1;
}

/* The byte after the local.get or constant at p, or NULL if p is neither. */
static const uint8_t *skip_simple_operand(const uint8_t *p, const uint8_t *end)
{
    if (p >= end)
        return NULL;
    if (*p == lw_opinfo_table[LW_OP_LOCAL_GET].code || *p == lw_opinfo_table[LW_OP_I32_CONST].code ||
        *p == lw_opinfo_table[LW_OP_I64_CONST].code)
        return skip_leb(p + 1, end);
    size_t bytes = *p == lw_opinfo_table[LW_OP_F32_CONST].code ? 5 : *p == lw_opinfo_table[LW_OP_F64_CONST].code ? 9 : 0;
    if (!bytes)
        return NULL;
    return (size_t)(end - p) > bytes ? p + bytes : end;
}

/* Whether a body may access memory at a constant address the way compilers
 * emit it (i32.const then a load, or i32.const, then a local.get or a
 * constant, then a store), or store an i32 zero (i32.const 0, a store).
 * Read from the bytes, not decoded: an immediate that looks like one costs
 * only a zeroed slot. Deciding before translating keeps start-up at one
 * translation per function (a second pass where the first found a use cost
 * hello-world 32% more instructions). */
static bool may_access_const_address(const uint8_t *p, const uint8_t *end)
{
    const uint8_t i32_const = (uint8_t)lw_opinfo_table[LW_OP_I32_CONST].code;
    while (p < end && (p = memchr(p, i32_const, (size_t)(end - p))) != NULL) {
        const uint8_t *next = skip_leb(++p, end);
        if (memory_opcode_at(next, end) == 1 || (*p == 0 && memory_opcode_at(next, end) == 2))
            return true;
        const uint8_t *after = skip_simple_operand(next, end);
        if (after && memory_opcode_at(after, end) == 2)
            return true;
    }
    return false;
}

static lwasm_error *translate_func(tr *t, uint32_t def)
{
    const lw_code *code = &t->m->codes[def];
    lw_compiled *c = code->compiled;
    /* Accesses at constant addresses want the zero slot, which costs a store
     * at every call: only the functions that may have some get one. */
    LW_TRY(translate_body(t, def, may_access_const_address(code->body.data, code->body.data + code->body.len)));
    c->nlocal_slots = t->locals_end - t->declared_start;
    uint32_t frame = t->locals_end + t->maxh;
    c->frame_slots = frame > c->nresult_slots ? frame : c->nresult_slots;
    c->srcmap = malloc(t->nmap ? t->nmap : 1);
    if (!c->srcmap)
        return lw_error_nomem();
    if (t->nmap)
        memcpy(c->srcmap, t->map, t->nmap);
    c->srcmap_len = (uint32_t)t->nmap;
    c->ncode = (uint32_t)t->ncode;
    lw_word *shrunk = realloc(t->code, (t->ncode ? t->ncode : 1) * sizeof *t->code);
    /* Last: the code makes the record usable (see lw_compiled). */
    atomic_store_explicit(&c->code, shrunk ? shrunk : t->code, memory_order_release);
    t->code = NULL;
    t->capcode = 0;
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
static lwasm_error *canonicalize_types(const lwasm_module *m, uint32_t *canon)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)m->ntypes)
        cap *= 2;
    uint32_t *slots = malloc(cap * sizeof *slots);
    if (!slots)
        return lw_error_nomem();
    memset(slots, 0xFF, cap * sizeof *slots);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        size_t k = (size_t)type_hash(&m->types[i]) & (cap - 1);
        while (slots[k] != UINT32_MAX && !lw_functype_equal(&m->types[slots[k]], &m->types[i]))
            k = (k + 1) & (cap - 1);
        if (slots[k] == UINT32_MAX)
            slots[k] = i;
        canon[i] = slots[k];
    }
    free(slots);
    return NULL;
}

/* ---- entry points -------------------------------------------------------------- */

/* What a module keeps for the translations it makes at first calls. */
struct lw_translator {
    pthread_mutex_t lock; /* one translation at a time; it publishes the code */
    uint32_t *canon;      /* canonical type index of each type index */
};

void lw_translator_free(struct lw_translator *tl)
{
    if (!tl)
        return;
    pthread_mutex_destroy(&tl->lock);
    free(tl->canon);
    free(tl);
}

/* The fields of a function's record that its type and locals give. */
static void init_record(const lwasm_module *m, uint32_t def, lw_compiled *c)
{
    const lw_code *code = &m->codes[def];
    const lw_functype *ft = &m->types[code->type];
    c->func_index = m->nfunc_imports + def;
    c->type = ft;
    c->canon_type = &m->types[m->translator->canon[code->type]];
    c->nparam_slots = slots_of(ft->params, ft->nparams);
    c->nlocal_slots = slots_of(code->locals, code->nlocals);
    c->nresult_slots = slots_of(ft->results, ft->nresults);
}

lwasm_error *lw_translate_lazy(const lwasm_module *m, lw_compiled *c)
{
    if (atomic_load_explicit(&c->code, memory_order_acquire))
        return NULL;
    struct lw_translator *tl = m->translator;
    pthread_mutex_lock(&tl->lock);
    lwasm_error *err = NULL;
    if (!atomic_load_explicit(&c->code, memory_order_relaxed)) { /* not done while we waited */
        tr t;
        memset(&t, 0, sizeof t);
        t.m = m;
        t.handlers = lw_interp_handlers();
        t.canon = tl->canon;
        t.fuel = (m->checks & LW_CHECK_FUEL) != 0;
        t.checked = (m->checks & LW_CHECK_BOUNDS) != 0;
        t.poll = (m->checks & LW_CHECK_INTERRUPT) != 0;
        err = translate_func(&t, c->func_index - m->nfunc_imports);
        if (err && !atomic_load_explicit(&c->code, memory_order_relaxed)) {
            free(c->srcmap); /* a failed translation leaves the record as it was */
            c->srcmap = NULL;
        }
        free(t.code);
        free(t.map);
        free(t.stack);
        free(t.labels);
        free(t.local_types);
        free(t.local_slot);
    }
    pthread_mutex_unlock(&tl->lock);
    return err;
}

lwasm_error *lw_translate(lwasm_module *m)
{
    struct lw_translator *tl = calloc(1, sizeof *tl);
    if (!tl)
        return lw_error_nomem();
    tl->canon = malloc((m->ntypes ? m->ntypes : 1) * sizeof *tl->canon);
    if (!tl->canon || pthread_mutex_init(&tl->lock, NULL) != 0) {
        free(tl->canon);
        free(tl);
        return lw_error_nomem();
    }
    m->translator = tl;
    LW_TRY(canonicalize_types(m, tl->canon));
    /* Every function's record exists before any body is translated, so
     * calls can name their callee's record directly. */
    for (uint32_t i = 0; i < m->ncodes; i++) {
        if (!m->codes[i].compiled && !(m->codes[i].compiled = calloc(1, sizeof(lw_compiled))))
            return lw_error_nomem();
        init_record(m, i, m->codes[i].compiled);
    }
    /* Bodies wait for their first call, so a big module starts at once;
     * LWASM_EAGER_TRANSLATION translates them all now (tests, measurements). */
    const char *eager = getenv("LWASM_EAGER_TRANSLATION");
    if (eager && *eager && strcmp(eager, "0") != 0)
        for (uint32_t i = 0; i < m->ncodes; i++)
            LW_TRY(lw_translate_lazy(m, m->codes[i].compiled));
    return NULL;
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
