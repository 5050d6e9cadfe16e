/* interp_ops.h — the interpreter's semantics table: opcode ID -> C expression, and the handler templates built on it. */
#ifndef LW_INTERP_OPS_H
#define LW_INTERP_OPS_H

/*
 * interp.c walks the X-macro of opcodes.h once; each opcode's immediate kind
 * and operand/result types select a template here (LW_GEN_IMM_<imm>), and
 * the template splices in LW_SEM_<ID> (numeric ops), LW_LD_<ID> (loads) or
 * LW_ST_<ID> (stores). Opcodes whose shape is not generic generate nothing
 * and are written by hand in interp.c. A generic opcode missing from this
 * table is a compile error, so the table cannot drift from opcodes.h.
 *
 * Operands are slot representations (uint32_t for i32/f32, uint64_t for
 * i64/f64); `tk` points at a trap kind that trapping operations set.
 */

#include "interp_simd.h"
#include "numeric.h"

/* ---- slot field and C type for each type token of opcodes.h -------------- */

#define LW_FIELD_I32 i32
#define LW_FIELD_I64 i64
#define LW_FIELD_F32 f32
#define LW_FIELD_F64 f64
#define LW_CTYPE_I32 uint32_t
#define LW_CTYPE_I64 uint64_t
#define LW_CTYPE_F32 uint32_t
#define LW_CTYPE_F64 uint64_t

/* A result written to its slot: a 32-bit value as the whole 64-bit slot,
 * zero-extended, where that is where the 32-bit field lies (little-endian).
 * A later 64-bit read of the slot (a move, a select) then takes the value
 * from this store in the CPU's store buffer, as it cannot from a narrower
 * store (it would wait for the store to reach the cache). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LW_PUT_I32(slot, v) ((slot).i64 = (uint32_t)(v))
#else
#define LW_PUT_I32(slot, v) ((slot).i32 = (v))
#endif
#define LW_PUT_F32(slot, v) LW_PUT_I32(slot, v)
#define LW_PUT_I64(slot, v) ((slot).i64 = (v))
#define LW_PUT_F64(slot, v) ((slot).f64 = (v))

/* ---- numeric semantics ---------------------------------------------------- */

#define LW_SEM_I32_EQZ(a, tk) ((uint32_t)((a) == 0))
#define LW_SEM_I32_EQ(a, b, tk) ((uint32_t)((a) == (b)))
#define LW_SEM_I32_NE(a, b, tk) ((uint32_t)((a) != (b)))
#define LW_SEM_I32_LT_S(a, b, tk) ((uint32_t)(lw_i32_signed(a) < lw_i32_signed(b)))
#define LW_SEM_I32_LT_U(a, b, tk) ((uint32_t)((a) < (b)))
#define LW_SEM_I32_GT_S(a, b, tk) ((uint32_t)(lw_i32_signed(a) > lw_i32_signed(b)))
#define LW_SEM_I32_GT_U(a, b, tk) ((uint32_t)((a) > (b)))
#define LW_SEM_I32_LE_S(a, b, tk) ((uint32_t)(lw_i32_signed(a) <= lw_i32_signed(b)))
#define LW_SEM_I32_LE_U(a, b, tk) ((uint32_t)((a) <= (b)))
#define LW_SEM_I32_GE_S(a, b, tk) ((uint32_t)(lw_i32_signed(a) >= lw_i32_signed(b)))
#define LW_SEM_I32_GE_U(a, b, tk) ((uint32_t)((a) >= (b)))

#define LW_SEM_I64_EQZ(a, tk) ((uint32_t)((a) == 0))
#define LW_SEM_I64_EQ(a, b, tk) ((uint32_t)((a) == (b)))
#define LW_SEM_I64_NE(a, b, tk) ((uint32_t)((a) != (b)))
#define LW_SEM_I64_LT_S(a, b, tk) ((uint32_t)(lw_i64_signed(a) < lw_i64_signed(b)))
#define LW_SEM_I64_LT_U(a, b, tk) ((uint32_t)((a) < (b)))
#define LW_SEM_I64_GT_S(a, b, tk) ((uint32_t)(lw_i64_signed(a) > lw_i64_signed(b)))
#define LW_SEM_I64_GT_U(a, b, tk) ((uint32_t)((a) > (b)))
#define LW_SEM_I64_LE_S(a, b, tk) ((uint32_t)(lw_i64_signed(a) <= lw_i64_signed(b)))
#define LW_SEM_I64_LE_U(a, b, tk) ((uint32_t)((a) <= (b)))
#define LW_SEM_I64_GE_S(a, b, tk) ((uint32_t)(lw_i64_signed(a) >= lw_i64_signed(b)))
#define LW_SEM_I64_GE_U(a, b, tk) ((uint32_t)((a) >= (b)))

#define LW_SEM_F32_EQ(a, b, tk) lw_f32_eq(a, b)
#define LW_SEM_F32_NE(a, b, tk) lw_f32_ne(a, b)
#define LW_SEM_F32_LT(a, b, tk) lw_f32_lt(a, b)
#define LW_SEM_F32_GT(a, b, tk) lw_f32_gt(a, b)
#define LW_SEM_F32_LE(a, b, tk) lw_f32_le(a, b)
#define LW_SEM_F32_GE(a, b, tk) lw_f32_ge(a, b)
#define LW_SEM_F64_EQ(a, b, tk) lw_f64_eq(a, b)
#define LW_SEM_F64_NE(a, b, tk) lw_f64_ne(a, b)
#define LW_SEM_F64_LT(a, b, tk) lw_f64_lt(a, b)
#define LW_SEM_F64_GT(a, b, tk) lw_f64_gt(a, b)
#define LW_SEM_F64_LE(a, b, tk) lw_f64_le(a, b)
#define LW_SEM_F64_GE(a, b, tk) lw_f64_ge(a, b)

#define LW_SEM_I32_CLZ(a, tk) lw_i32_clz(a)
#define LW_SEM_I32_CTZ(a, tk) lw_i32_ctz(a)
#define LW_SEM_I32_POPCNT(a, tk) lw_i32_popcnt(a)
#define LW_SEM_I32_ADD(a, b, tk) ((a) + (b))
#define LW_SEM_I32_SUB(a, b, tk) ((a) - (b))
#define LW_SEM_I32_MUL(a, b, tk) ((a) * (b))
#define LW_SEM_I32_DIV_S(a, b, tk) lw_i32_div_s(a, b, tk)
#define LW_SEM_I32_DIV_U(a, b, tk) lw_i32_div_u(a, b, tk)
#define LW_SEM_I32_REM_S(a, b, tk) lw_i32_rem_s(a, b, tk)
#define LW_SEM_I32_REM_U(a, b, tk) lw_i32_rem_u(a, b, tk)
#define LW_SEM_I32_AND(a, b, tk) ((a) & (b))
#define LW_SEM_I32_OR(a, b, tk) ((a) | (b))
#define LW_SEM_I32_XOR(a, b, tk) ((a) ^ (b))
#define LW_SEM_I32_SHL(a, b, tk) lw_i32_shl(a, b)
#define LW_SEM_I32_SHR_S(a, b, tk) lw_i32_shr_s(a, b)
#define LW_SEM_I32_SHR_U(a, b, tk) lw_i32_shr_u(a, b)
#define LW_SEM_I32_ROTL(a, b, tk) lw_i32_rotl(a, b)
#define LW_SEM_I32_ROTR(a, b, tk) lw_i32_rotr(a, b)

#define LW_SEM_I64_CLZ(a, tk) lw_i64_clz(a)
#define LW_SEM_I64_CTZ(a, tk) lw_i64_ctz(a)
#define LW_SEM_I64_POPCNT(a, tk) lw_i64_popcnt(a)
#define LW_SEM_I64_ADD(a, b, tk) ((a) + (b))
#define LW_SEM_I64_SUB(a, b, tk) ((a) - (b))
#define LW_SEM_I64_MUL(a, b, tk) ((a) * (b))
#define LW_SEM_I64_DIV_S(a, b, tk) lw_i64_div_s(a, b, tk)
#define LW_SEM_I64_DIV_U(a, b, tk) lw_i64_div_u(a, b, tk)
#define LW_SEM_I64_REM_S(a, b, tk) lw_i64_rem_s(a, b, tk)
#define LW_SEM_I64_REM_U(a, b, tk) lw_i64_rem_u(a, b, tk)
#define LW_SEM_I64_AND(a, b, tk) ((a) & (b))
#define LW_SEM_I64_OR(a, b, tk) ((a) | (b))
#define LW_SEM_I64_XOR(a, b, tk) ((a) ^ (b))
#define LW_SEM_I64_SHL(a, b, tk) lw_i64_shl(a, b)
#define LW_SEM_I64_SHR_S(a, b, tk) lw_i64_shr_s(a, b)
#define LW_SEM_I64_SHR_U(a, b, tk) lw_i64_shr_u(a, b)
#define LW_SEM_I64_ROTL(a, b, tk) lw_i64_rotl(a, b)
#define LW_SEM_I64_ROTR(a, b, tk) lw_i64_rotr(a, b)

#define LW_SEM_F32_ABS(a, tk) lw_f32_abs(a)
#define LW_SEM_F32_NEG(a, tk) lw_f32_neg(a)
#define LW_SEM_F32_CEIL(a, tk) lw_f32_ceil(a)
#define LW_SEM_F32_FLOOR(a, tk) lw_f32_floor(a)
#define LW_SEM_F32_TRUNC(a, tk) lw_f32_trunc(a)
#define LW_SEM_F32_NEAREST(a, tk) lw_f32_nearest(a)
#define LW_SEM_F32_SQRT(a, tk) lw_f32_sqrt(a)
#define LW_SEM_F32_ADD(a, b, tk) lw_f32_add(a, b)
#define LW_SEM_F32_SUB(a, b, tk) lw_f32_sub(a, b)
#define LW_SEM_F32_MUL(a, b, tk) lw_f32_mul(a, b)
#define LW_SEM_F32_DIV(a, b, tk) lw_f32_div(a, b)
#define LW_SEM_F32_MIN(a, b, tk) lw_f32_min(a, b)
#define LW_SEM_F32_MAX(a, b, tk) lw_f32_max(a, b)
#define LW_SEM_F32_COPYSIGN(a, b, tk) lw_f32_copysign(a, b)

#define LW_SEM_F64_ABS(a, tk) lw_f64_abs(a)
#define LW_SEM_F64_NEG(a, tk) lw_f64_neg(a)
#define LW_SEM_F64_CEIL(a, tk) lw_f64_ceil(a)
#define LW_SEM_F64_FLOOR(a, tk) lw_f64_floor(a)
#define LW_SEM_F64_TRUNC(a, tk) lw_f64_trunc(a)
#define LW_SEM_F64_NEAREST(a, tk) lw_f64_nearest(a)
#define LW_SEM_F64_SQRT(a, tk) lw_f64_sqrt(a)
#define LW_SEM_F64_ADD(a, b, tk) lw_f64_add(a, b)
#define LW_SEM_F64_SUB(a, b, tk) lw_f64_sub(a, b)
#define LW_SEM_F64_MUL(a, b, tk) lw_f64_mul(a, b)
#define LW_SEM_F64_DIV(a, b, tk) lw_f64_div(a, b)
#define LW_SEM_F64_MIN(a, b, tk) lw_f64_min(a, b)
#define LW_SEM_F64_MAX(a, b, tk) lw_f64_max(a, b)
#define LW_SEM_F64_COPYSIGN(a, b, tk) lw_f64_copysign(a, b)

#define LW_SEM_I32_WRAP_I64(a, tk) ((uint32_t)(a))
#define LW_SEM_I32_TRUNC_F32_S(a, tk) lw_i32_trunc_f32_s(a, tk)
#define LW_SEM_I32_TRUNC_F32_U(a, tk) lw_i32_trunc_f32_u(a, tk)
#define LW_SEM_I32_TRUNC_F64_S(a, tk) lw_i32_trunc_f64_s(a, tk)
#define LW_SEM_I32_TRUNC_F64_U(a, tk) lw_i32_trunc_f64_u(a, tk)
#define LW_SEM_I64_EXTEND_I32_S(a, tk) lw_i64_extend_i32_s(a)
#define LW_SEM_I64_EXTEND_I32_U(a, tk) ((uint64_t)(a))
#define LW_SEM_I64_TRUNC_F32_S(a, tk) lw_i64_trunc_f32_s(a, tk)
#define LW_SEM_I64_TRUNC_F32_U(a, tk) lw_i64_trunc_f32_u(a, tk)
#define LW_SEM_I64_TRUNC_F64_S(a, tk) lw_i64_trunc_f64_s(a, tk)
#define LW_SEM_I64_TRUNC_F64_U(a, tk) lw_i64_trunc_f64_u(a, tk)
#define LW_SEM_F32_CONVERT_I32_S(a, tk) lw_f32_convert_i32_s(a)
#define LW_SEM_F32_CONVERT_I32_U(a, tk) lw_f32_convert_i32_u(a)
#define LW_SEM_F32_CONVERT_I64_S(a, tk) lw_f32_convert_i64_s(a)
#define LW_SEM_F32_CONVERT_I64_U(a, tk) lw_f32_convert_i64_u(a)
#define LW_SEM_F32_DEMOTE_F64(a, tk) lw_f32_demote_f64(a)
#define LW_SEM_F64_CONVERT_I32_S(a, tk) lw_f64_convert_i32_s(a)
#define LW_SEM_F64_CONVERT_I32_U(a, tk) lw_f64_convert_i32_u(a)
#define LW_SEM_F64_CONVERT_I64_S(a, tk) lw_f64_convert_i64_s(a)
#define LW_SEM_F64_CONVERT_I64_U(a, tk) lw_f64_convert_i64_u(a)
#define LW_SEM_F64_PROMOTE_F32(a, tk) lw_f64_promote_f32(a)
#define LW_SEM_I32_REINTERPRET_F32(a, tk) (a)
#define LW_SEM_I64_REINTERPRET_F64(a, tk) (a)
#define LW_SEM_F32_REINTERPRET_I32(a, tk) (a)
#define LW_SEM_F64_REINTERPRET_I64(a, tk) (a)

#define LW_SEM_I32_EXTEND8_S(a, tk) lw_i32_extend8_s(a)
#define LW_SEM_I32_EXTEND16_S(a, tk) lw_i32_extend16_s(a)
#define LW_SEM_I64_EXTEND8_S(a, tk) lw_i64_extend8_s(a)
#define LW_SEM_I64_EXTEND16_S(a, tk) lw_i64_extend16_s(a)
#define LW_SEM_I64_EXTEND32_S(a, tk) lw_i64_extend32_s(a)

#define LW_SEM_I32_TRUNC_SAT_F32_S(a, tk) lw_i32_trunc_sat_f32_s(a)
#define LW_SEM_I32_TRUNC_SAT_F32_U(a, tk) lw_i32_trunc_sat_f32_u(a)
#define LW_SEM_I32_TRUNC_SAT_F64_S(a, tk) lw_i32_trunc_sat_f64_s(a)
#define LW_SEM_I32_TRUNC_SAT_F64_U(a, tk) lw_i32_trunc_sat_f64_u(a)
#define LW_SEM_I64_TRUNC_SAT_F32_S(a, tk) lw_i64_trunc_sat_f32_s(a)
#define LW_SEM_I64_TRUNC_SAT_F32_U(a, tk) lw_i64_trunc_sat_f32_u(a)
#define LW_SEM_I64_TRUNC_SAT_F64_S(a, tk) lw_i64_trunc_sat_f64_s(a)
#define LW_SEM_I64_TRUNC_SAT_F64_U(a, tk) lw_i64_trunc_sat_f64_u(a)

/* ---- memory access: little-endian, unaligned ------------------------------ */

static inline uint8_t lw_ld8(const uint8_t *p) { return *p; }
static inline uint16_t lw_ld16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline uint32_t lw_ld32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline uint64_t lw_ld64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void lw_st8(uint8_t *p, uint8_t v) { *p = v; }
static inline void lw_st16(uint8_t *p, uint16_t v) { memcpy(p, &v, sizeof v); }
static inline void lw_st32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof v); }
static inline void lw_st64(uint8_t *p, uint64_t v) { memcpy(p, &v, sizeof v); }

/* The access width is the opcode's natural alignment (opcodes.h ALIGN). */
#define LW_LD_I32_LOAD(p) lw_ld32(p)
#define LW_LD_I64_LOAD(p) lw_ld64(p)
#define LW_LD_F32_LOAD(p) lw_ld32(p)
#define LW_LD_F64_LOAD(p) lw_ld64(p)
#define LW_LD_I32_LOAD8_S(p) lw_i32_extend8_s(lw_ld8(p))
#define LW_LD_I32_LOAD8_U(p) ((uint32_t)lw_ld8(p))
#define LW_LD_I32_LOAD16_S(p) lw_i32_extend16_s(lw_ld16(p))
#define LW_LD_I32_LOAD16_U(p) ((uint32_t)lw_ld16(p))
#define LW_LD_I64_LOAD8_S(p) lw_i64_extend8_s(lw_ld8(p))
#define LW_LD_I64_LOAD8_U(p) ((uint64_t)lw_ld8(p))
#define LW_LD_I64_LOAD16_S(p) lw_i64_extend16_s(lw_ld16(p))
#define LW_LD_I64_LOAD16_U(p) ((uint64_t)lw_ld16(p))
#define LW_LD_I64_LOAD32_S(p) lw_i64_extend32_s(lw_ld32(p))
#define LW_LD_I64_LOAD32_U(p) ((uint64_t)lw_ld32(p))

#define LW_ST_I32_STORE(p, v) lw_st32(p, v)
#define LW_ST_I64_STORE(p, v) lw_st64(p, v)
#define LW_ST_F32_STORE(p, v) lw_st32(p, v)
#define LW_ST_F64_STORE(p, v) lw_st64(p, v)
#define LW_ST_I32_STORE8(p, v) lw_st8(p, (uint8_t)(v))
#define LW_ST_I32_STORE16(p, v) lw_st16(p, (uint16_t)(v))
#define LW_ST_I64_STORE8(p, v) lw_st8(p, (uint8_t)(v))
#define LW_ST_I64_STORE16(p, v) lw_st16(p, (uint16_t)(v))
#define LW_ST_I64_STORE32(p, v) lw_st32(p, (uint32_t)(v))

/* ---- shape selection: which template an opcode of opcodes.h gets ---------- */

/* G is the template family: interp.c instantiates this twice, once to emit
 * handlers and once to list their labels. Templates receive
 * (G, id, align, p1, p2, r). */
#define LW_GEN_OPCODE(G, id, text, prefix, code, imm, align, p1, p2, p3, r)                                   \
    LW_GEN_PREFIX_##prefix(G, id, imm, align, p1, p2, p3, r)
/* SIMD (0xFD) rows have shapes of their own: interp_simd.h. */
#define LW_GEN_PREFIX_0(G, id, imm, align, p1, p2, p3, r) LW_GEN_IMM_##imm(G, id, align, p1, p2, r)
#define LW_GEN_PREFIX_0xFC(G, id, imm, align, p1, p2, p3, r) LW_GEN_IMM_##imm(G, id, align, p1, p2, r)
#define LW_GEN_PREFIX_0xFD(G, id, imm, align, p1, p2, p3, r) LW_GEN_SIMD(G, id, imm, align, p1, p2, p3, r)

/* Numeric operators: no immediate and a value result; arity from p2. */
#define LW_GEN_IMM_NONE(G, id, align, p1, p2, r) LW_GEN_NONE_##r(G, id, p1, p2)
#define LW_GEN_NONE_NO(G, id, p1, p2)
#define LW_GEN_NONE_SP(G, id, p1, p2)
#define LW_GEN_NONE_I32(G, id, p1, p2) LW_GEN_ARITY_##p2(G, id, p1, p2, I32)
#define LW_GEN_NONE_I64(G, id, p1, p2) LW_GEN_ARITY_##p2(G, id, p1, p2, I64)
#define LW_GEN_NONE_F32(G, id, p1, p2) LW_GEN_ARITY_##p2(G, id, p1, p2, F32)
#define LW_GEN_NONE_F64(G, id, p1, p2) LW_GEN_ARITY_##p2(G, id, p1, p2, F64)
#define LW_GEN_ARITY_NO(G, id, p1, p2, r) G##_UNARY(id, p1, r)
#define LW_GEN_ARITY_I32(G, id, p1, p2, r) G##_BINARY(id, p1, p2, r)
#define LW_GEN_ARITY_I64(G, id, p1, p2, r) G##_BINARY(id, p1, p2, r)
#define LW_GEN_ARITY_F32(G, id, p1, p2, r) G##_BINARY(id, p1, p2, r)
#define LW_GEN_ARITY_F64(G, id, p1, p2, r) G##_BINARY(id, p1, p2, r)

/* Loads (a result) and stores (none). */
#define LW_GEN_IMM_MEMARG(G, id, align, p1, p2, r) LW_GEN_MEM_##r(G, id, align, p2)
#define LW_GEN_MEM_NO(G, id, align, p2) G##_STORE(id, align, p2)
#define LW_GEN_MEM_I32(G, id, align, p2) G##_LOAD(id, align, I32)
#define LW_GEN_MEM_I64(G, id, align, p2) G##_LOAD(id, align, I64)
#define LW_GEN_MEM_F32(G, id, align, p2) G##_LOAD(id, align, F32)
#define LW_GEN_MEM_F64(G, id, align, p2) G##_LOAD(id, align, F64)

/* Every other immediate kind is handled by hand in interp.c. */
#define LW_GEN_IMM_BLOCK(G, id, align, p1, p2, r)
#define LW_GEN_IMM_LABEL(G, id, align, p1, p2, r)
#define LW_GEN_IMM_BR_TABLE(G, id, align, p1, p2, r)
#define LW_GEN_IMM_FUNC(G, id, align, p1, p2, r)
#define LW_GEN_IMM_CALL_INDIRECT(G, id, align, p1, p2, r)
#define LW_GEN_IMM_LOCAL(G, id, align, p1, p2, r)
#define LW_GEN_IMM_GLOBAL(G, id, align, p1, p2, r)
#define LW_GEN_IMM_TABLE(G, id, align, p1, p2, r)
#define LW_GEN_IMM_MEM(G, id, align, p1, p2, r)
#define LW_GEN_IMM_I32(G, id, align, p1, p2, r)
#define LW_GEN_IMM_I64(G, id, align, p1, p2, r)
#define LW_GEN_IMM_F32(G, id, align, p1, p2, r)
#define LW_GEN_IMM_F64(G, id, align, p1, p2, r)
#define LW_GEN_IMM_SELECT_T(G, id, align, p1, p2, r)
#define LW_GEN_IMM_REFTYPE(G, id, align, p1, p2, r)
#define LW_GEN_IMM_ELEM(G, id, align, p1, p2, r)
#define LW_GEN_IMM_DATA(G, id, align, p1, p2, r)
#define LW_GEN_IMM_TABLE_INIT(G, id, align, p1, p2, r)
#define LW_GEN_IMM_TABLE_COPY(G, id, align, p1, p2, r)
#define LW_GEN_IMM_MEMORY_INIT(G, id, align, p1, p2, r)
#define LW_GEN_IMM_MEMORY_COPY(G, id, align, p1, p2, r)

#endif
