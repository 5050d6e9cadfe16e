/* compiled.h — the internal code format shared by the translator (translate.c) and the interpreter (interp.c). */
#ifndef LW_COMPILED_H
#define LW_COMPILED_H

/*
 * A function is translated once into an array of 64-bit words. Each internal
 * instruction is a handler word (a label address for threaded dispatch, or
 * the internal opcode number in the switch build) followed by its
 * immediates, one word each: frame slot indices, constants, decoded memarg
 * offsets, function/table/segment indices, and branch offsets.
 *
 * Frame layout (lw_value slots, relative to the frame pointer fp):
 *   [0, nparam_slots)                 parameters (and results on return)
 *   [nparam_slots, + nlocal_slots)    declared locals, zeroed on entry
 *   [locals_end, frame_slots)         operand stack; its height is static at
 *                                     every instruction, so each operand is
 *                                     a fixed slot named by the code
 * A callee's frame starts where its arguments lie in the caller's operand
 * stack, so arguments and results move without copying.
 *
 * Branch offsets are in words, relative to the word that holds them, so the
 * code is position independent and a forward branch can be patched knowing
 * only where its offset word is.
 *
 * Internal opcode numbers: every wasm opcode keeps its LW_OP_* number (those
 * with generic semantics get a handler generated from opcodes.h; a few are
 * written by hand), followed by the purely internal operations below.
 */

#include "opcodes.h"
#include "runtime.h"

typedef union lw_word {
    const void *h;       /* handler (threaded dispatch) */
    uint64_t u;          /* opcode (switch dispatch), slot index, index, constant */
    int64_t s;           /* branch offset in words, relative to this word */
    const void *p;       /* a pointer: callee code, expected signature */
} lw_word;

/* Internal-only operations; immediates listed as (name: meaning). */
#define LW_FOR_EACH_IOP_EXTRA(X)                                                                              \
    X(EXIT)            /* leave the interpreter loop: ends a host->wasm activation */                         \
    X(BR_UNLESS)       /* cond slot, off: branch when cond == 0 */                                            \
    X(CALL_DIRECT)     /* arg base slot, const lw_compiled *: a function of this module (same instance) */    \
    X(COPY)            /* dst slot, src slot */                                                               \
    X(CONST)           /* dst slot, 64-bit value */                                                           \
    X(SELECT_V128)     /* dst(=a) slot, b slot, cond slot; two slots per value */                             \
    X(GLOBAL_GET_V128) /* dst slot, global index */                                                           \
    X(GLOBAL_SET_V128) /* src slot, global index */

typedef enum lw_iop {
    LW_I_FIRST_EXTRA_ = LW_OP_COUNT_ - 1,
#define LW_X_IOP(name) LW_I_##name,
    LW_FOR_EACH_IOP_EXTRA(LW_X_IOP)
#undef LW_X_IOP
    LW_I_COUNT_
} lw_iop;

/*
 * Immediates of the wasm-numbered operations, as the translator emits them:
 *   generic unary (NONE imm, one operand):   dst, a
 *   generic binary (NONE imm, two operands): dst, a, b          (dst == a)
 *   load (MEMARG, a result):                 dst, addr, offset  (dst == addr)
 *   store (MEMARG, no result):               addr, value, offset
 *   BR: off        BR_IF: cond slot, off
 *   BR_TABLE: index slot, count; then count+1 offset words (the last is the default)
 *   RETURN: none (the results are already at fp[0..])
 *   CALL: arg base slot, function index (through instance->funcs: imports)
 *   CALL_INDIRECT: arg base slot, index slot, table index, const lw_functype * (canonical)
 *   SELECT (both select forms): dst(=a) slot, b slot, cond slot: dst = cond ? a : b
 *   GLOBAL_GET: dst slot, global index     GLOBAL_SET: src slot, global index
 *   UNREACHABLE: none          MEMORY_SIZE: dst           MEMORY_GROW: dst(=delta)
 *   MEMORY_FILL / MEMORY_COPY: base (d, v|s, n in base..base+2)
 *   MEMORY_INIT: base, data index          DATA_DROP: data index
 *   TABLE_GET: dst(=index), table     TABLE_SET: base (index, ref), table
 *   TABLE_SIZE: dst, table            TABLE_GROW: base (ref, n; result at base), table
 *   TABLE_FILL: base (i, ref, n), table
 *   TABLE_COPY: base, dst table, src table    TABLE_INIT: base, elem, table
 *   ELEM_DROP: elem index
 *   REF_IS_NULL: dst, a        REF_FUNC: dst, function index
 */

/* Where the code came from, for trap locations: code position -> byte offset. */
typedef struct lw_srcpos {
    uint32_t pos;    /* index of an instruction's handler word */
    uint32_t offset; /* byte offset of the wasm instruction in the module */
} lw_srcpos;

typedef struct lw_compiled {
    lw_word *code;
    uint32_t ncode;
    uint32_t func_index;         /* module-wide */
    uint32_t nparam_slots;
    uint32_t nlocal_slots;       /* declared locals, zeroed on entry */
    uint32_t nresult_slots;
    uint32_t frame_slots;        /* params + locals + deepest operand stack */
    const lw_functype *type;
    const lw_functype *canon_type; /* first structurally equal type of the module */
    lw_srcpos *srcmap;           /* sorted by pos */
    uint32_t nsrcmap;
} lw_compiled;

/* interp.c: the handler addresses indexed by lw_iop (NULL where an opcode has
 * none); NULL in the switch build, where handler words hold the opcode. */
const void *const *lw_interp_handlers(void);

static inline lw_word lw_handler_word(const void *const *handlers, unsigned op)
{
    lw_word w;
#if defined(LW_DISPATCH_SWITCH) && LW_DISPATCH_SWITCH
    (void)handlers;
    w.u = op;
#else
    w.h = handlers[op];
#endif
    return w;
}

/* interp.c: structural function type equality (params and results). */
bool lw_functype_equal(const lw_functype *a, const lw_functype *b);

/* translate.c: the byte offset of the instruction whose code starts at or
 * before code position pos. */
size_t lw_compiled_offset(const lw_compiled *c, size_t pos);

void lw_compiled_free(struct lw_compiled *c);

#endif
