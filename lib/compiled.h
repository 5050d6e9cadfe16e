/* compiled.h — the internal code format shared by the translator (translate.c) and the interpreter (interp.c). */
#ifndef LW_COMPILED_H
#define LW_COMPILED_H

/*
 * A function is translated once into an array of 64-bit words. Each internal
 * instruction is a handler word (a label address for threaded dispatch, or
 * the internal opcode number in the switch build) followed by its
 * immediates: frame slot indices, constants, decoded memarg offsets,
 * function/table/segment indices, branch offsets, pointers. Two 32-bit
 * immediates share a word (P(lo, hi) below); a lone one fills a word (U);
 * 64-bit constants and pointers take a word each.
 *
 * Frame layout (lw_value slots, relative to the frame pointer fp):
 *   [0, nparam_slots)                 parameters (and results on return)
 *   [nparam_slots, + nlocal_slots)    declared locals, then the zero slot if the
 *                                     function has one (translate.c), zeroed on entry
 *   [locals_end, frame_slots)         operand stack; its height is static at
 *                                     every instruction, so each operand is
 *                                     a fixed slot named by the code
 * A callee's frame starts where its arguments lie in the caller's operand
 * stack, so arguments and results move without copying.
 *
 * A branch offset is a signed 32-bit count of words in the high half of its
 * word, relative to that word, so the code is position independent and a
 * forward branch can be patched knowing only where its offset word is.
 *
 * Internal opcode numbers: every wasm opcode keeps its LW_OP_* number (those
 * with generic semantics get a handler generated from opcodes.h; a few are
 * written by hand), followed by the purely internal operations below.
 */

#include "opcodes.h"
#include "runtime.h"

#include <string.h>

typedef union lw_word {
    const void *h; /* handler (threaded dispatch) */
    uint64_t u;    /* opcode (switch dispatch), immediates, 64-bit constant */
    const void *p; /* a pointer: callee code, expected signature */
} lw_word;

/* Internal-only operations (immediates in the table below). */
#define LW_FOR_EACH_IOP_EXTRA(X)                                                                              \
    X(EXIT)            /* leaves the interpreter loop: ends a host->wasm activation */                        \
    X(BR_UNLESS)       /* branches when a condition is zero */                                                \
    X(CALL_DIRECT)     /* calls a function of this module (same instance) */                                  \
    X(COPY)            /* moves one slot */                                                                   \
    X(CONST)           /* a 64-bit constant */                                                                \
    X(CONST32)         /* a constant that fits 32 bits, zero-extended */                                      \
    X(SELECT_V128)     /* select on two-slot values */                                                        \
    X(GLOBAL_GET_V128)                                                                                        \
    X(GLOBAL_SET_V128)                                                                                        \
    X(FUEL)            /* charges a straight-line run's cost to the store's fuel (consume_fuel) */            \
    X(POLL)            /* traps when an interrupt was requested (interruptible) */

/* Internal operations written out in interp_fused.h. */
#define LW_FOR_EACH_IOP_FUSED(X)                                                                              \
    X(CHECK)           /* bounds test before an access whose handler has none: P(addr, width) U(offset) */    \
    X(COPY2)           /* two moves: P(dst2, src2) P(dst1, src1), the second word's first */                  \
    X(COPY3)           /* three: P(dst3, src3) P(dst1, src1) P(dst2, src2), in the order 1, 2, 3 */          \
    X(COPY4)           /* four: P(dst4, src4) P(dst1, src1) P(dst2, src2) P(dst3, src3), 1 to 4 */          \
    X(ADD2K)           /* two i32.add of constants: P(dst2, a2) P(dst1, a1) P(k1, k2), the second word's first */ \
    X(ADD2R)           /* dst1 = acc + a1; dst2 = a2 + dst1: P(dst2, a2) P(dst1, a1), as ADD2K */             \
    X(F32_MUL_ADD)     /* dst = a * b + c:  P(dst, a) P(b, c) */                                              \
    X(F32_ADD_MUL)     /* dst = c + a * b */                                                                  \
    X(F32_MUL_SUB)     /* dst = a * b - c */                                                                  \
    X(F32_SUB_MUL)     /* dst = c - a * b */                                                                  \
    X(F64_MUL_ADD)                                                                                            \
    X(F64_ADD_MUL)                                                                                            \
    X(F64_MUL_SUB)                                                                                            \
    X(F64_SUB_MUL)                                                                                            \
    X(F32_AXPY)        /* x[i] += a * y[i]: P(x, y) P(a, w) P(kx, ox) P(ky, oy), below */                   \
    X(F64_AXPY)                                                                                               \
    LW_FOR_EACH_MADD(LW_MADD_R, X)                                                                            \
    LW_FOR_EACH_MADD_STORE(LW_MADD_S, X)                                                                      \
    LW_FOR_EACH_LOAD_SWITCH(LW_LOAD_SWITCH_NAME, X)                                                           \
    LW_FOR_EACH_SHIFT_COMBINE(LW_SHC_NAME, X)

/* The multiply-add forms, and each with one operand from acc (interp_fused.h):
 * _RA: P(dst, b) U(c)    _RB: P(dst, a) U(c)    _RC: P(dst, a) U(b) */
#define LW_FOR_EACH_MADD(M, X)                                                                                \
    M(X, F32_MUL_ADD) M(X, F32_ADD_MUL) M(X, F32_MUL_SUB) M(X, F32_SUB_MUL) M(X, F64_MUL_ADD)                  \
    M(X, F64_ADD_MUL) M(X, F64_MUL_SUB) M(X, F64_SUB_MUL)
#define LW_MADD_R(X, name) X(name##_RA) X(name##_RB) X(name##_RC)

/* The adding forms again, their result stored at once by the full-width store
 * of its type (a += a * b to memory: dot products, matrix and filter loops):
 * _S: P(a, b) P(c, addr) U(offset)      _RA_S: P(b, c) P(addr, offset)
 * _RB_S: P(a, c) P(addr, offset)        _RC_S: P(a, b) P(addr, offset) */
#define LW_FOR_EACH_MADD_STORE(M, X) M(X, F32_MUL_ADD) M(X, F32_ADD_MUL) M(X, F64_MUL_ADD) M(X, F64_ADD_MUL)
#define LW_MADD_S(X, name) X(name##_S) X(name##_RA_S) X(name##_RB_S) X(name##_RC_S)

/* F32_AXPY, F64_AXPY: an element loaded, a product added, and the sum stored
 * back where it came from, in one (x[i] += a * y[i]: matrix, BLAS-style and
 * filter loops). The sum w = x + kx (wrapping at 32 bits) is written to slot
 * w first (a pointer kept in a local, as LDKW does), then c = mem[w + ox]
 * and d = mem[(y + ky) + oy] are loaded in that order (a trap in the second
 * is reported one word in, where the source map gives its load's offset),
 * and c + a * d is stored to w + ox. */
/* A load whose value a br_table takes at once as its index (a switch on a
 * word or byte read from memory: interpreters' dispatch, parsers, state
 * machines), as M(X, form, load, words, width): the load's words under this
 * op, then the br_table's own words, its op word left in place unused.
 * PLAIN is the plain load (P(dst, addr) U(offset)); LDS, LDK, LDX, LDR the
 * forms of LW_FOR_EACH_FUSED_FAMILY. */
#define LW_FOR_EACH_LOAD_SWITCH(M, X)                                                                         \
    M(X, PLAIN, I32_LOAD, 3, 4) M(X, LDK, I32_LOAD, 3, 4) M(X, LDX, I32_LOAD, 3, 4) M(X, LDS, I32_LOAD, 4, 4)     \
    M(X, LDR, I32_LOAD, 2, 4) M(X, PLAIN, I32_LOAD8_U, 3, 1) M(X, LDK, I32_LOAD8_U, 3, 1)                     \
    M(X, LDX, I32_LOAD8_U, 3, 1) M(X, LDR, I32_LOAD8_U, 2, 1)
#define LW_LOAD_SWITCH_NAME(X, form, load, words, width) X(form##_##load##_BR_TABLE)

/* A shift or rotate by a constant whose result feeds an add, xor, or or and
 * with another value at once (hashes, checksums, scaled indices): one
 * dispatch for the pair, T_SHIFT_COMBINE, e.g. I32_ROTL_XOR (interp_fused.h):
 *   P(dst, b) P(shifted dst, a) W(k):  shifted dst = a SHIFT k; dst = shifted dst COMBINE b
 * The shift's own result is still written: it may be a local (local.tee). */
#define LW_SHC_SHIFTS(M, X, T, C) M(X, T, SHL, C) M(X, T, SHR_S, C) M(X, T, SHR_U, C) M(X, T, ROTL, C) M(X, T, ROTR, C)
#define LW_SHC_TYPE(M, X, T)                                                                                  \
    LW_SHC_SHIFTS(M, X, T, ADD) LW_SHC_SHIFTS(M, X, T, XOR) LW_SHC_SHIFTS(M, X, T, OR) LW_SHC_SHIFTS(M, X, T, AND)
#define LW_FOR_EACH_SHIFT_COMBINE(M, X) LW_SHC_TYPE(M, X, I32) LW_SHC_TYPE(M, X, I64)
#define LW_SHC_NAME(X, T, S, C) X(T##_##S##_##C)

/* The binary operators with OS forms (a result stored at once, interp_fused.h),
 * each with its operand and result type: the ones whose results programs
 * store at once (a += to memory), not all 76, since every handler added to
 * the interpreter loop weighs on the register allocation of all of them. */
#define LW_FOR_EACH_OS_OP(X)                                                                                  \
    X(I32_ADD, I32) X(I32_SUB, I32) X(I32_AND, I32) X(I32_OR, I32) X(I32_XOR, I32) X(I32_SHL, I32)             \
    X(I32_MUL, I32) X(I64_ADD, I64) X(I64_SUB, I64) X(I64_AND, I64) X(I64_OR, I64) X(I64_XOR, I64)             \
    X(F32_ADD, F32) X(F32_SUB, F32) X(F32_MUL, F32) X(F64_ADD, F64) X(F64_SUB, F64) X(F64_MUL, F64)

/* Superinstruction families (interp_fused.h): each numbers one variant per
 * wasm opcode, LW_I_<family>_BASE_ + LW_OP_*; only some opcodes have one. */
#define LW_FOR_EACH_FUSED_FAMILY(X)                                                                           \
    X(K) X(KL) X(BT) X(BF) X(BTK) X(BFK) X(LDK) X(LDX) X(STK) X(STX) X(SK) X(C) X(RA) X(RB) X(RK) X(R1)       \
    X(BTRA) X(BFRA) X(BTRB) X(BFRB) X(BTRK) X(BFRK) X(BTR1) X(BFR1) X(LDR) X(ABTRA) X(ABFRA) X(ABTRB)           \
    X(ABFRB) X(ABTRK) X(ABFRK) X(LDS) X(LDKW) X(LDXW) X(LKA) X(LKB) X(OS) X(OSRA) X(OSRB)

typedef enum lw_iop {
    LW_I_FIRST_EXTRA_ = LW_OP_COUNT_ - 1,
#define LW_X_IOP(name) LW_I_##name,
    LW_FOR_EACH_IOP_EXTRA(LW_X_IOP)
    LW_FOR_EACH_IOP_FUSED(LW_X_IOP)
#undef LW_X_IOP
#define LW_X_FAMILY(f) LW_I_##f##_BASE_, LW_I_##f##_LAST_ = LW_I_##f##_BASE_ + LW_OP_COUNT_ - 1,
    LW_FOR_EACH_FUSED_FAMILY(LW_X_FAMILY)
#undef LW_X_FAMILY
    LW_I_COUNT_
} lw_iop;

/*
 * Immediates, as the translator emits them (P = a pair in one word, U = one
 * 32-bit value in a word, W = a full 64-bit word):
 *   generic unary (NONE imm, one operand):   P(dst, a)
 *   generic binary (NONE imm, two operands): P(dst, a) U(b)
 *   load (MEMARG, a result):                 P(dst, addr) U(offset)
 *   store (MEMARG, no result):               P(addr, value) U(offset)
 *   BR: P(0, off)    BR_IF, BR_UNLESS: P(cond, off)
 *   BR_TABLE: P(index slot, count), then count+1 words P(0, off); the last is the default
 *   RETURN: none (the results are already at fp[0..])
 *   CALL_DIRECT: U(arg base) W(const lw_compiled *)
 *   CALL: P(arg base, function index)       (imports, through instance->funcs)
 *   CALL_INDIRECT: P(arg base, index slot) U(table) W(const lw_functype *, canonical)
 *   COPY: P(dst, src)    CONST: U(dst) W(value)    CONST32: P(dst, value)
 *   SELECT (both forms; one-slot values): P(dst, a) P(b, cond): dst = cond ? a : b
 *   SELECT_V128: P(dst(=a), b) U(cond)
 *   GLOBAL_GET[_V128]: P(dst, global)      GLOBAL_SET[_V128]: P(src, global)
 *   UNREACHABLE: none    MEMORY_SIZE, MEMORY_GROW: U(dst (=delta for grow))
 *   MEMORY_FILL, MEMORY_COPY: U(base)       (d, v|s, n in base..base+2)
 *   MEMORY_INIT: P(base, data)    DATA_DROP: U(data)    ELEM_DROP: U(elem)
 *   TABLE_GET: P(dst(=index), table)        TABLE_SET: P(base (index, ref), table)
 *   TABLE_SIZE: P(dst, table)               TABLE_GROW: P(base (ref, n; result at base), table)
 *   TABLE_FILL: P(base (i, ref, n), table)
 *   TABLE_COPY: P(base, dst table) U(src table)    TABLE_INIT: P(base, elem) U(table)
 *   REF_IS_NULL: P(dst, a)    REF_FUNC: P(dst, function index)
 *   FUEL: P(cost, 0)    POLL: none
 */

static inline lw_word lw_word_pair(uint32_t lo, uint32_t hi)
{
    lw_word w;
    w.u = (uint64_t)lo | (uint64_t)hi << 32;
    return w;
}
static inline uint32_t lw_word_lo(lw_word w) { return (uint32_t)w.u; }
static inline uint32_t lw_word_hi(lw_word w) { return (uint32_t)(w.u >> 32); }
/* The branch offset in the high half, sign-extended. Copied into an int32_t
 * (well defined for any bits, unlike a conversion) so that compilers load it
 * with one sign-extending move: a loop's back-edge computes its target with
 * two instructions fewer than through an xor and a subtraction. */
static inline int64_t lw_word_off(lw_word w)
{
    uint32_t hi = (uint32_t)(w.u >> 32);
    int32_t off;
    memcpy(&off, &hi, sizeof off);
    return off;
}

/*
 * A function's record exists from module creation (calls name it), with
 * everything the types give: index, types, slot counts. Its code is made at
 * the function's first call (lw_translate_lazy, translate.c), once, under
 * the module's lock, and published last: a record whose code is NULL is not
 * translated yet, and one whose code is set has every other field final.
 */
typedef struct lw_compiled {
    lw_word *_Atomic code;
    uint32_t ncode;
    uint32_t func_index;         /* module-wide */
    uint32_t nparam_slots;
    uint32_t nlocal_slots;       /* declared locals (and the zero slot), zeroed on entry */
    uint32_t nresult_slots;
    uint32_t frame_slots;        /* params + locals + deepest operand stack */
    const lw_functype *type;
    const lw_functype *canon_type; /* first structurally equal type of the module */
    /* Where trapping instructions came from, consulted only to report a trap:
     * (code position, module byte offset) pairs for each instruction that
     * can trap, in code order, each as two unsigned LEB128 deltas from the
     * previous pair (both only grow). */
    uint8_t *srcmap;
    uint32_t srcmap_len;
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

/* translate.c: the module byte offset of the trapping instruction whose code
 * starts at position pos, or LWASM_NO_OFFSET. */
size_t lw_compiled_offset(const lw_compiled *c, size_t pos);
/* translate.c: the same for the last trapping instruction that starts before
 * pos (a caller's call instruction, given where the call returns to). */
size_t lw_compiled_offset_before(const lw_compiled *c, size_t pos);

/* translate.c: translates c (a function of m) unless that is done already.
 * Thread-safe. Fails only when memory runs out. */
lwasm_error *lw_translate_lazy(const lwasm_module *m, lw_compiled *c);

/* lw_compiled_free (translate.c) is declared in module.h, whose free uses it. */

#endif
