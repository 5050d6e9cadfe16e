/* interp_simd.h — the interpreter's SIMD table: each 0xFD opcode's semantics, the handler shapes they fill in, and which shape each opcode gets. */
#ifndef LW_INTERP_SIMD_H
#define LW_INTERP_SIMD_H

/*
 * interp_ops.h sends every 0xFD row of opcodes.h to LW_GEN_SIMD below, which
 * picks a shape from the row's immediate kind and operand/result types and
 * instantiates the template family G with it: G##_V_BINARY(id) and so on.
 * interp.c's families are LW_H (handlers) and LW_L (their labels), defined
 * here on interp.c's own macros (OP, NEXT, SLO, ...); the unit test
 * test_simd has a family of its own. Each shape splices in LW_VSEM_<ID>
 * (lane operations), LW_VLD_/LW_VST_<ID> (whole-vector memory access) or
 * LW_VLDL_/LW_VSTL_<ID> (one lane). An opcode missing from the table is a
 * compile error.
 *
 * Operand layout (as translate.c emits it for table-typed opcodes: result
 * slot, operand slots, then immediates, two 32-bit values to a word; 16-byte
 * immediates follow in two words):
 *   unary, splat, reduce:   P(dst, a)
 *   binary, shift:          P(dst, a) U(b)
 *   bitselect:              P(dst, a) P(b, c)
 *   extract_lane:           P(dst, a) U(lane)
 *   replace_lane:           P(dst, a) P(x, lane)
 *   shuffle:                P(dst, a) U(b) W W (the 16 lane selectors)
 *   v128.const:             U(dst) W W
 *   load:                   P(dst, addr) U(offset)
 *   store:                  P(addr, value) U(offset)
 *   load lane:              P(dst, addr) P(vector, offset) U(lane)
 *   store lane:             P(addr, vector) P(offset, lane)
 * A v128 operand is two consecutive slots, read and written with memcpy.
 */

#include "simd.h"
#if LW_SIMD_VECTOR
#include "simd_vector.h"
#define LW_VFAST(name) lw_vv_##name
#else
#define LW_VFAST(name) lw_vs_##name
#endif

/* ---- shape selection ------------------------------------------------------------ */

#define LW_GEN_SIMD(G, id, imm, align, p1, p2, p3, r) LW_GEN_SIMD_##imm(G, id, align, p1, p2, p3, r)

#define LW_GEN_SIMD_V128(G, id, align, p1, p2, p3, r) G##_V_CONST(id)
#define LW_GEN_SIMD_SHUFFLE(G, id, align, p1, p2, p3, r) G##_V_SHUFFLE(id)
#define LW_GEN_SIMD_MEMARG(G, id, align, p1, p2, p3, r) LW_GEN_SIMD_MEM_##r(G, id, align)
#define LW_GEN_SIMD_MEM_V128(G, id, align) G##_V_LOAD(id, align)
#define LW_GEN_SIMD_MEM_NO(G, id, align) G##_V_STORE(id, align)
#define LW_GEN_SIMD_MEMARG_LANE(G, id, align, p1, p2, p3, r) LW_GEN_SIMD_MEMLANE_##r(G, id, align)
#define LW_GEN_SIMD_MEMLANE_V128(G, id, align) G##_V_LOAD_LANE(id, align)
#define LW_GEN_SIMD_MEMLANE_NO(G, id, align) G##_V_STORE_LANE(id, align)
/* Lane access: extract has no second operand, replace has the new lane value. */
#define LW_GEN_SIMD_LANE(G, id, align, p1, p2, p3, r) LW_GEN_SIMD_LANE_##p2(G, id, p2, r)
#define LW_GEN_SIMD_LANE_NO(G, id, p2, r) G##_V_EXTRACT(id, r)
#define LW_GEN_SIMD_LANE_I32(G, id, p2, r) G##_V_REPLACE(id, p2)
#define LW_GEN_SIMD_LANE_I64(G, id, p2, r) G##_V_REPLACE(id, p2)
#define LW_GEN_SIMD_LANE_F32(G, id, p2, r) G##_V_REPLACE(id, p2)
#define LW_GEN_SIMD_LANE_F64(G, id, p2, r) G##_V_REPLACE(id, p2)
/* No immediate: an i32 result is a reduction (any_true, all_true, bitmask);
 * a v128 result is shaped by the operand types. */
#define LW_GEN_SIMD_NONE(G, id, align, p1, p2, p3, r) LW_GEN_SIMD_NONE_##r(G, id, p1, p2, p3)
#define LW_GEN_SIMD_NONE_I32(G, id, p1, p2, p3) G##_V_REDUCE(id)
#define LW_GEN_SIMD_NONE_V128(G, id, p1, p2, p3) LW_GEN_SIMD_ARGS_##p1##_##p2##_##p3(G, id)
#define LW_GEN_SIMD_ARGS_V128_NO_NO(G, id) G##_V_UNARY(id)
#define LW_GEN_SIMD_ARGS_V128_V128_NO(G, id) G##_V_BINARY(id)
#define LW_GEN_SIMD_ARGS_V128_I32_NO(G, id) G##_V_SHIFT(id)
#define LW_GEN_SIMD_ARGS_V128_V128_V128(G, id) G##_V_TERNARY(id)
#define LW_GEN_SIMD_ARGS_I32_NO_NO(G, id) G##_V_SPLAT(id, I32)
#define LW_GEN_SIMD_ARGS_I64_NO_NO(G, id) G##_V_SPLAT(id, I64)
#define LW_GEN_SIMD_ARGS_F32_NO_NO(G, id) G##_V_SPLAT(id, F32)
#define LW_GEN_SIMD_ARGS_F64_NO_NO(G, id) G##_V_SPLAT(id, F64)

/* ---- interpreter handlers (family LW_H) and their labels (LW_L) ---------------------- */

#define LW_VGET(slot) lw_v128_read(&(slot))
#define LW_VPUT(slot, v) lw_v128_write(&(slot), (v))

#define LW_H_V_UNARY(id)                                                                                      \
    OP(id) : {                                                                                                \
        LW_VPUT(SLO(1), LW_VSEM_##id(LW_VGET(SHI(1))));                                                       \
        NEXT(2);                                                                                              \
    }
#define LW_H_V_SPLAT(id, p1)                                                                                  \
    OP(id) : {                                                                                                \
        LW_VPUT(SLO(1), LW_VSEM_##id(SHI(1).LW_FIELD_##p1));                                                  \
        NEXT(2);                                                                                              \
    }
#define LW_H_V_REDUCE(id)                                                                                     \
    OP(id) : {                                                                                                \
        uint32_t v_ = LW_VSEM_##id(LW_VGET(SHI(1)));                                                          \
        LW_PUT_I32(SLO(1), v_);                                                                               \
        NEXT(2);                                                                                              \
    }
#define LW_H_V_BINARY(id)                                                                                     \
    OP(id) : {                                                                                                \
        lw_v128 a_ = LW_VGET(SHI(1)), b_ = LW_VGET(SLO(2));                                                   \
        LW_VPUT(SLO(1), LW_VSEM_##id(a_, b_));                                                                \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_SHIFT(id)                                                                                      \
    OP(id) : {                                                                                                \
        lw_v128 a_ = LW_VGET(SHI(1));                                                                         \
        LW_VPUT(SLO(1), LW_VSEM_##id(a_, SLO(2).i32));                                                        \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_TERNARY(id)                                                                                    \
    OP(id) : {                                                                                                \
        lw_v128 a_ = LW_VGET(SHI(1)), b_ = LW_VGET(SLO(2)), c_ = LW_VGET(SHI(2));                             \
        LW_VPUT(SLO(1), LW_VSEM_##id(a_, b_, c_));                                                            \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_EXTRACT(id, r)                                                                                 \
    OP(id) : {                                                                                                \
        LW_CTYPE_##r v_ = LW_VSEM_##id(LW_VGET(SHI(1)), LO(2));                                               \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_REPLACE(id, p2)                                                                                \
    OP(id) : {                                                                                                \
        lw_v128 a_ = LW_VGET(SHI(1));                                                                         \
        LW_VPUT(SLO(1), LW_VSEM_##id(a_, SLO(2).LW_FIELD_##p2, HI(2)));                                       \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_SHUFFLE(id)                                                                                    \
    OP(id) : {                                                                                                \
        lw_v128 a_ = LW_VGET(SHI(1)), b_ = LW_VGET(SLO(2));                                                   \
        LW_VPUT(SLO(1), LW_VSEM_##id(a_, b_, (const uint8_t *)&ip[3]));                                       \
        NEXT(5);                                                                                              \
    }
#define LW_H_V_CONST(id)                                                                                      \
    OP(id) : {                                                                                                \
        memcpy(&SLO(1), &ip[2], 16);                                                                          \
        NEXT(4);                                                                                              \
    }
/* Memory: the access width is 1 << ALIGN bytes (opcodes_simd.h); the
 * effective address, an i32 plus a u32 offset, cannot overflow 64 bits.
 * Loads use LW_CHECK_ACCESS (interp.c): a test, or with guard pages the
 * fault itself (the reservation reaches 64 KiB past 8 GiB, beyond any
 * 16-byte access; a load that faults has done nothing). Stores always test
 * first: C does not promise a 16-byte copy is one store, and a store split
 * in two could fault after writing its first half. */
#define LW_H_V_LOAD(id, align)                                                                                \
    OP(id) : {                                                                                                \
        uint64_t ea_ = (uint64_t)SHI(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_VPUT(SLO(1), LW_VLD_##id(mem + ea_));                                                              \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_STORE(id, align)                                                                               \
    OP(id) : {                                                                                                \
        uint64_t ea_ = (uint64_t)SLO(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS_EXPLICIT(ea_, 1u << (align));                                                         \
        LW_VST_##id(mem + ea_, LW_VGET(SHI(1)));                                                              \
        NEXT(3);                                                                                              \
    }
#define LW_H_V_LOAD_LANE(id, align)                                                                           \
    OP(id) : {                                                                                                \
        uint64_t ea_ = (uint64_t)SHI(1).i32 + HI(2);                                                          \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        lw_v128 v_ = LW_VGET(SLO(2));                                                                         \
        LW_VPUT(SLO(1), LW_VLDL_##id(v_, mem + ea_, LO(3)));                                                  \
        NEXT(4);                                                                                              \
    }
#define LW_H_V_STORE_LANE(id, align)                                                                          \
    OP(id) : {                                                                                                \
        uint64_t ea_ = (uint64_t)SLO(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS_EXPLICIT(ea_, 1u << (align));                                                         \
        LW_VSTL_##id(mem + ea_, LW_VGET(SHI(1)), HI(2));                                                      \
        NEXT(3);                                                                                              \
    }

#define LW_L_V_LABEL_(id) [LW_OP_##id] = &&L_OP_##id,
#define LW_L_V_UNARY(id) LW_L_V_LABEL_(id)
#define LW_L_V_SPLAT(id, p1) LW_L_V_LABEL_(id)
#define LW_L_V_REDUCE(id) LW_L_V_LABEL_(id)
#define LW_L_V_BINARY(id) LW_L_V_LABEL_(id)
#define LW_L_V_SHIFT(id) LW_L_V_LABEL_(id)
#define LW_L_V_TERNARY(id) LW_L_V_LABEL_(id)
#define LW_L_V_EXTRACT(id, r) LW_L_V_LABEL_(id)
#define LW_L_V_REPLACE(id, p2) LW_L_V_LABEL_(id)
#define LW_L_V_SHUFFLE(id) LW_L_V_LABEL_(id)
#define LW_L_V_CONST(id) LW_L_V_LABEL_(id)
#define LW_L_V_LOAD(id, align) LW_L_V_LABEL_(id)
#define LW_L_V_STORE(id, align) LW_L_V_LABEL_(id)
#define LW_L_V_LOAD_LANE(id, align) LW_L_V_LABEL_(id)
#define LW_L_V_STORE_LANE(id, align) LW_L_V_LABEL_(id)

/* ---- memory semantics ---------------------------------------------------------------------- */

#define LW_VLD_V128_LOAD(p) lw_v128_read(p)
#define LW_VLD_V128_LOAD8X8_S(p) LW_VFAST(load8x8_s)(p)
#define LW_VLD_V128_LOAD8X8_U(p) LW_VFAST(load8x8_u)(p)
#define LW_VLD_V128_LOAD16X4_S(p) LW_VFAST(load16x4_s)(p)
#define LW_VLD_V128_LOAD16X4_U(p) LW_VFAST(load16x4_u)(p)
#define LW_VLD_V128_LOAD32X2_S(p) LW_VFAST(load32x2_s)(p)
#define LW_VLD_V128_LOAD32X2_U(p) LW_VFAST(load32x2_u)(p)
#define LW_VLD_V128_LOAD8_SPLAT(p) lw_vs_load_splat(p, 1)
#define LW_VLD_V128_LOAD16_SPLAT(p) lw_vs_load_splat(p, 2)
#define LW_VLD_V128_LOAD32_SPLAT(p) lw_vs_load_splat(p, 4)
#define LW_VLD_V128_LOAD64_SPLAT(p) lw_vs_load_splat(p, 8)
#define LW_VLD_V128_LOAD32_ZERO(p) lw_vs_load_zero(p, 4)
#define LW_VLD_V128_LOAD64_ZERO(p) lw_vs_load_zero(p, 8)
#define LW_VST_V128_STORE(p, v) lw_v128_write(p, v)
#define LW_VLDL_V128_LOAD8_LANE(v, p, l) lw_vs_load_lane(v, p, 1, l)
#define LW_VLDL_V128_LOAD16_LANE(v, p, l) lw_vs_load_lane(v, p, 2, l)
#define LW_VLDL_V128_LOAD32_LANE(v, p, l) lw_vs_load_lane(v, p, 4, l)
#define LW_VLDL_V128_LOAD64_LANE(v, p, l) lw_vs_load_lane(v, p, 8, l)
#define LW_VSTL_V128_STORE8_LANE(p, v, l) lw_vs_store_lane(p, v, 1, l)
#define LW_VSTL_V128_STORE16_LANE(p, v, l) lw_vs_store_lane(p, v, 2, l)
#define LW_VSTL_V128_STORE32_LANE(p, v, l) lw_vs_store_lane(p, v, 4, l)
#define LW_VSTL_V128_STORE64_LANE(p, v, l) lw_vs_store_lane(p, v, 8, l)

/* ---- lane semantics: a, b, c vectors; x a scalar slot value (f32/f64 as
 * bits, so float splats and lane accesses are the integer ones); n a shift
 * count; l a lane index, or the shuffle's 16 selectors ------------------------- */

#define LW_VSEM_I8X16_SHUFFLE(a, b, l) LW_VFAST(i8x16_shuffle)(a, b, l)
#define LW_VSEM_I8X16_SWIZZLE(a, b) LW_VFAST(i8x16_swizzle)(a, b)
#define LW_VSEM_I8X16_SPLAT(x) lw_vs_i8x16_splat(x)
#define LW_VSEM_I16X8_SPLAT(x) lw_vs_i16x8_splat(x)
#define LW_VSEM_I32X4_SPLAT(x) lw_vs_i32x4_splat(x)
#define LW_VSEM_I64X2_SPLAT(x) lw_vs_i64x2_splat(x)
#define LW_VSEM_F32X4_SPLAT(x) lw_vs_i32x4_splat(x)
#define LW_VSEM_F64X2_SPLAT(x) lw_vs_i64x2_splat(x)
#define LW_VSEM_I8X16_EXTRACT_LANE_S(a, l) lw_vs_i8x16_extract_lane_s(a, l)
#define LW_VSEM_I8X16_EXTRACT_LANE_U(a, l) lw_vs_i8x16_extract_lane_u(a, l)
#define LW_VSEM_I8X16_REPLACE_LANE(a, x, l) lw_vs_i8x16_replace_lane(a, x, l)
#define LW_VSEM_I16X8_EXTRACT_LANE_S(a, l) lw_vs_i16x8_extract_lane_s(a, l)
#define LW_VSEM_I16X8_EXTRACT_LANE_U(a, l) lw_vs_i16x8_extract_lane_u(a, l)
#define LW_VSEM_I16X8_REPLACE_LANE(a, x, l) lw_vs_i16x8_replace_lane(a, x, l)
#define LW_VSEM_I32X4_EXTRACT_LANE(a, l) lw_vs_i32x4_extract_lane(a, l)
#define LW_VSEM_I32X4_REPLACE_LANE(a, x, l) lw_vs_i32x4_replace_lane(a, x, l)
#define LW_VSEM_I64X2_EXTRACT_LANE(a, l) lw_vs_i64x2_extract_lane(a, l)
#define LW_VSEM_I64X2_REPLACE_LANE(a, x, l) lw_vs_i64x2_replace_lane(a, x, l)
#define LW_VSEM_F32X4_EXTRACT_LANE(a, l) lw_vs_i32x4_extract_lane(a, l)
#define LW_VSEM_F32X4_REPLACE_LANE(a, x, l) lw_vs_i32x4_replace_lane(a, x, l)
#define LW_VSEM_F64X2_EXTRACT_LANE(a, l) lw_vs_i64x2_extract_lane(a, l)
#define LW_VSEM_F64X2_REPLACE_LANE(a, x, l) lw_vs_i64x2_replace_lane(a, x, l)
#define LW_VSEM_I8X16_EQ(a, b) LW_VFAST(i8x16_eq)(a, b)
#define LW_VSEM_I8X16_NE(a, b) LW_VFAST(i8x16_ne)(a, b)
#define LW_VSEM_I8X16_LT_S(a, b) LW_VFAST(i8x16_lt_s)(a, b)
#define LW_VSEM_I8X16_LT_U(a, b) LW_VFAST(i8x16_lt_u)(a, b)
#define LW_VSEM_I8X16_GT_S(a, b) LW_VFAST(i8x16_gt_s)(a, b)
#define LW_VSEM_I8X16_GT_U(a, b) LW_VFAST(i8x16_gt_u)(a, b)
#define LW_VSEM_I8X16_LE_S(a, b) LW_VFAST(i8x16_le_s)(a, b)
#define LW_VSEM_I8X16_LE_U(a, b) LW_VFAST(i8x16_le_u)(a, b)
#define LW_VSEM_I8X16_GE_S(a, b) LW_VFAST(i8x16_ge_s)(a, b)
#define LW_VSEM_I8X16_GE_U(a, b) LW_VFAST(i8x16_ge_u)(a, b)
#define LW_VSEM_I16X8_EQ(a, b) LW_VFAST(i16x8_eq)(a, b)
#define LW_VSEM_I16X8_NE(a, b) LW_VFAST(i16x8_ne)(a, b)
#define LW_VSEM_I16X8_LT_S(a, b) LW_VFAST(i16x8_lt_s)(a, b)
#define LW_VSEM_I16X8_LT_U(a, b) LW_VFAST(i16x8_lt_u)(a, b)
#define LW_VSEM_I16X8_GT_S(a, b) LW_VFAST(i16x8_gt_s)(a, b)
#define LW_VSEM_I16X8_GT_U(a, b) LW_VFAST(i16x8_gt_u)(a, b)
#define LW_VSEM_I16X8_LE_S(a, b) LW_VFAST(i16x8_le_s)(a, b)
#define LW_VSEM_I16X8_LE_U(a, b) LW_VFAST(i16x8_le_u)(a, b)
#define LW_VSEM_I16X8_GE_S(a, b) LW_VFAST(i16x8_ge_s)(a, b)
#define LW_VSEM_I16X8_GE_U(a, b) LW_VFAST(i16x8_ge_u)(a, b)
#define LW_VSEM_I32X4_EQ(a, b) LW_VFAST(i32x4_eq)(a, b)
#define LW_VSEM_I32X4_NE(a, b) LW_VFAST(i32x4_ne)(a, b)
#define LW_VSEM_I32X4_LT_S(a, b) LW_VFAST(i32x4_lt_s)(a, b)
#define LW_VSEM_I32X4_LT_U(a, b) LW_VFAST(i32x4_lt_u)(a, b)
#define LW_VSEM_I32X4_GT_S(a, b) LW_VFAST(i32x4_gt_s)(a, b)
#define LW_VSEM_I32X4_GT_U(a, b) LW_VFAST(i32x4_gt_u)(a, b)
#define LW_VSEM_I32X4_LE_S(a, b) LW_VFAST(i32x4_le_s)(a, b)
#define LW_VSEM_I32X4_LE_U(a, b) LW_VFAST(i32x4_le_u)(a, b)
#define LW_VSEM_I32X4_GE_S(a, b) LW_VFAST(i32x4_ge_s)(a, b)
#define LW_VSEM_I32X4_GE_U(a, b) LW_VFAST(i32x4_ge_u)(a, b)
#define LW_VSEM_F32X4_EQ(a, b) LW_VFAST(f32x4_eq)(a, b)
#define LW_VSEM_F32X4_NE(a, b) LW_VFAST(f32x4_ne)(a, b)
#define LW_VSEM_F32X4_LT(a, b) LW_VFAST(f32x4_lt)(a, b)
#define LW_VSEM_F32X4_GT(a, b) LW_VFAST(f32x4_gt)(a, b)
#define LW_VSEM_F32X4_LE(a, b) LW_VFAST(f32x4_le)(a, b)
#define LW_VSEM_F32X4_GE(a, b) LW_VFAST(f32x4_ge)(a, b)
#define LW_VSEM_F64X2_EQ(a, b) LW_VFAST(f64x2_eq)(a, b)
#define LW_VSEM_F64X2_NE(a, b) LW_VFAST(f64x2_ne)(a, b)
#define LW_VSEM_F64X2_LT(a, b) LW_VFAST(f64x2_lt)(a, b)
#define LW_VSEM_F64X2_GT(a, b) LW_VFAST(f64x2_gt)(a, b)
#define LW_VSEM_F64X2_LE(a, b) LW_VFAST(f64x2_le)(a, b)
#define LW_VSEM_F64X2_GE(a, b) LW_VFAST(f64x2_ge)(a, b)
#define LW_VSEM_V128_NOT(a) LW_VFAST(v128_not)(a)
#define LW_VSEM_V128_AND(a, b) LW_VFAST(v128_and)(a, b)
#define LW_VSEM_V128_ANDNOT(a, b) LW_VFAST(v128_andnot)(a, b)
#define LW_VSEM_V128_OR(a, b) LW_VFAST(v128_or)(a, b)
#define LW_VSEM_V128_XOR(a, b) LW_VFAST(v128_xor)(a, b)
#define LW_VSEM_V128_BITSELECT(a, b, c) LW_VFAST(v128_bitselect)(a, b, c)
#define LW_VSEM_V128_ANY_TRUE(a) lw_vs_v128_any_true(a)
#define LW_VSEM_F32X4_DEMOTE_F64X2_ZERO(a) LW_VFAST(f32x4_demote_f64x2_zero)(a)
#define LW_VSEM_F64X2_PROMOTE_LOW_F32X4(a) LW_VFAST(f64x2_promote_low_f32x4)(a)
#define LW_VSEM_I8X16_ABS(a) LW_VFAST(i8x16_abs)(a)
#define LW_VSEM_I8X16_NEG(a) LW_VFAST(i8x16_neg)(a)
#define LW_VSEM_I8X16_POPCNT(a) LW_VFAST(i8x16_popcnt)(a)
#define LW_VSEM_I8X16_ALL_TRUE(a) LW_VFAST(i8x16_all_true)(a)
#define LW_VSEM_I8X16_BITMASK(a) LW_VFAST(i8x16_bitmask)(a)
#define LW_VSEM_I8X16_NARROW_I16X8_S(a, b) LW_VFAST(i8x16_narrow_i16x8_s)(a, b)
#define LW_VSEM_I8X16_NARROW_I16X8_U(a, b) LW_VFAST(i8x16_narrow_i16x8_u)(a, b)
#define LW_VSEM_F32X4_CEIL(a) LW_VFAST(f32x4_ceil)(a)
#define LW_VSEM_F32X4_FLOOR(a) LW_VFAST(f32x4_floor)(a)
#define LW_VSEM_F32X4_TRUNC(a) LW_VFAST(f32x4_trunc)(a)
#define LW_VSEM_F32X4_NEAREST(a) LW_VFAST(f32x4_nearest)(a)
#define LW_VSEM_I8X16_SHL(a, n) LW_VFAST(i8x16_shl)(a, n)
#define LW_VSEM_I8X16_SHR_S(a, n) LW_VFAST(i8x16_shr_s)(a, n)
#define LW_VSEM_I8X16_SHR_U(a, n) LW_VFAST(i8x16_shr_u)(a, n)
#define LW_VSEM_I8X16_ADD(a, b) LW_VFAST(i8x16_add)(a, b)
#define LW_VSEM_I8X16_ADD_SAT_S(a, b) LW_VFAST(i8x16_add_sat_s)(a, b)
#define LW_VSEM_I8X16_ADD_SAT_U(a, b) LW_VFAST(i8x16_add_sat_u)(a, b)
#define LW_VSEM_I8X16_SUB(a, b) LW_VFAST(i8x16_sub)(a, b)
#define LW_VSEM_I8X16_SUB_SAT_S(a, b) LW_VFAST(i8x16_sub_sat_s)(a, b)
#define LW_VSEM_I8X16_SUB_SAT_U(a, b) LW_VFAST(i8x16_sub_sat_u)(a, b)
#define LW_VSEM_F64X2_CEIL(a) LW_VFAST(f64x2_ceil)(a)
#define LW_VSEM_F64X2_FLOOR(a) LW_VFAST(f64x2_floor)(a)
#define LW_VSEM_I8X16_MIN_S(a, b) LW_VFAST(i8x16_min_s)(a, b)
#define LW_VSEM_I8X16_MIN_U(a, b) LW_VFAST(i8x16_min_u)(a, b)
#define LW_VSEM_I8X16_MAX_S(a, b) LW_VFAST(i8x16_max_s)(a, b)
#define LW_VSEM_I8X16_MAX_U(a, b) LW_VFAST(i8x16_max_u)(a, b)
#define LW_VSEM_F64X2_TRUNC(a) LW_VFAST(f64x2_trunc)(a)
#define LW_VSEM_I8X16_AVGR_U(a, b) LW_VFAST(i8x16_avgr_u)(a, b)
#define LW_VSEM_I16X8_EXTADD_PAIRWISE_I8X16_S(a) LW_VFAST(i16x8_extadd_pairwise_i8x16_s)(a)
#define LW_VSEM_I16X8_EXTADD_PAIRWISE_I8X16_U(a) LW_VFAST(i16x8_extadd_pairwise_i8x16_u)(a)
#define LW_VSEM_I32X4_EXTADD_PAIRWISE_I16X8_S(a) LW_VFAST(i32x4_extadd_pairwise_i16x8_s)(a)
#define LW_VSEM_I32X4_EXTADD_PAIRWISE_I16X8_U(a) LW_VFAST(i32x4_extadd_pairwise_i16x8_u)(a)
#define LW_VSEM_I16X8_ABS(a) LW_VFAST(i16x8_abs)(a)
#define LW_VSEM_I16X8_NEG(a) LW_VFAST(i16x8_neg)(a)
#define LW_VSEM_I16X8_Q15MULR_SAT_S(a, b) LW_VFAST(i16x8_q15mulr_sat_s)(a, b)
#define LW_VSEM_I16X8_ALL_TRUE(a) LW_VFAST(i16x8_all_true)(a)
#define LW_VSEM_I16X8_BITMASK(a) LW_VFAST(i16x8_bitmask)(a)
#define LW_VSEM_I16X8_NARROW_I32X4_S(a, b) LW_VFAST(i16x8_narrow_i32x4_s)(a, b)
#define LW_VSEM_I16X8_NARROW_I32X4_U(a, b) LW_VFAST(i16x8_narrow_i32x4_u)(a, b)
#define LW_VSEM_I16X8_EXTEND_LOW_I8X16_S(a) LW_VFAST(i16x8_extend_low_i8x16_s)(a)
#define LW_VSEM_I16X8_EXTEND_HIGH_I8X16_S(a) LW_VFAST(i16x8_extend_high_i8x16_s)(a)
#define LW_VSEM_I16X8_EXTEND_LOW_I8X16_U(a) LW_VFAST(i16x8_extend_low_i8x16_u)(a)
#define LW_VSEM_I16X8_EXTEND_HIGH_I8X16_U(a) LW_VFAST(i16x8_extend_high_i8x16_u)(a)
#define LW_VSEM_I16X8_SHL(a, n) LW_VFAST(i16x8_shl)(a, n)
#define LW_VSEM_I16X8_SHR_S(a, n) LW_VFAST(i16x8_shr_s)(a, n)
#define LW_VSEM_I16X8_SHR_U(a, n) LW_VFAST(i16x8_shr_u)(a, n)
#define LW_VSEM_I16X8_ADD(a, b) LW_VFAST(i16x8_add)(a, b)
#define LW_VSEM_I16X8_ADD_SAT_S(a, b) LW_VFAST(i16x8_add_sat_s)(a, b)
#define LW_VSEM_I16X8_ADD_SAT_U(a, b) LW_VFAST(i16x8_add_sat_u)(a, b)
#define LW_VSEM_I16X8_SUB(a, b) LW_VFAST(i16x8_sub)(a, b)
#define LW_VSEM_I16X8_SUB_SAT_S(a, b) LW_VFAST(i16x8_sub_sat_s)(a, b)
#define LW_VSEM_I16X8_SUB_SAT_U(a, b) LW_VFAST(i16x8_sub_sat_u)(a, b)
#define LW_VSEM_F64X2_NEAREST(a) LW_VFAST(f64x2_nearest)(a)
#define LW_VSEM_I16X8_MUL(a, b) LW_VFAST(i16x8_mul)(a, b)
#define LW_VSEM_I16X8_MIN_S(a, b) LW_VFAST(i16x8_min_s)(a, b)
#define LW_VSEM_I16X8_MIN_U(a, b) LW_VFAST(i16x8_min_u)(a, b)
#define LW_VSEM_I16X8_MAX_S(a, b) LW_VFAST(i16x8_max_s)(a, b)
#define LW_VSEM_I16X8_MAX_U(a, b) LW_VFAST(i16x8_max_u)(a, b)
#define LW_VSEM_I16X8_AVGR_U(a, b) LW_VFAST(i16x8_avgr_u)(a, b)
#define LW_VSEM_I16X8_EXTMUL_LOW_I8X16_S(a, b) LW_VFAST(i16x8_extmul_low_i8x16_s)(a, b)
#define LW_VSEM_I16X8_EXTMUL_HIGH_I8X16_S(a, b) LW_VFAST(i16x8_extmul_high_i8x16_s)(a, b)
#define LW_VSEM_I16X8_EXTMUL_LOW_I8X16_U(a, b) LW_VFAST(i16x8_extmul_low_i8x16_u)(a, b)
#define LW_VSEM_I16X8_EXTMUL_HIGH_I8X16_U(a, b) LW_VFAST(i16x8_extmul_high_i8x16_u)(a, b)
#define LW_VSEM_I32X4_ABS(a) LW_VFAST(i32x4_abs)(a)
#define LW_VSEM_I32X4_NEG(a) LW_VFAST(i32x4_neg)(a)
#define LW_VSEM_I32X4_ALL_TRUE(a) LW_VFAST(i32x4_all_true)(a)
#define LW_VSEM_I32X4_BITMASK(a) LW_VFAST(i32x4_bitmask)(a)
#define LW_VSEM_I32X4_EXTEND_LOW_I16X8_S(a) LW_VFAST(i32x4_extend_low_i16x8_s)(a)
#define LW_VSEM_I32X4_EXTEND_HIGH_I16X8_S(a) LW_VFAST(i32x4_extend_high_i16x8_s)(a)
#define LW_VSEM_I32X4_EXTEND_LOW_I16X8_U(a) LW_VFAST(i32x4_extend_low_i16x8_u)(a)
#define LW_VSEM_I32X4_EXTEND_HIGH_I16X8_U(a) LW_VFAST(i32x4_extend_high_i16x8_u)(a)
#define LW_VSEM_I32X4_SHL(a, n) LW_VFAST(i32x4_shl)(a, n)
#define LW_VSEM_I32X4_SHR_S(a, n) LW_VFAST(i32x4_shr_s)(a, n)
#define LW_VSEM_I32X4_SHR_U(a, n) LW_VFAST(i32x4_shr_u)(a, n)
#define LW_VSEM_I32X4_ADD(a, b) LW_VFAST(i32x4_add)(a, b)
#define LW_VSEM_I32X4_SUB(a, b) LW_VFAST(i32x4_sub)(a, b)
#define LW_VSEM_I32X4_MUL(a, b) LW_VFAST(i32x4_mul)(a, b)
#define LW_VSEM_I32X4_MIN_S(a, b) LW_VFAST(i32x4_min_s)(a, b)
#define LW_VSEM_I32X4_MIN_U(a, b) LW_VFAST(i32x4_min_u)(a, b)
#define LW_VSEM_I32X4_MAX_S(a, b) LW_VFAST(i32x4_max_s)(a, b)
#define LW_VSEM_I32X4_MAX_U(a, b) LW_VFAST(i32x4_max_u)(a, b)
#define LW_VSEM_I32X4_DOT_I16X8_S(a, b) LW_VFAST(i32x4_dot_i16x8_s)(a, b)
#define LW_VSEM_I32X4_EXTMUL_LOW_I16X8_S(a, b) LW_VFAST(i32x4_extmul_low_i16x8_s)(a, b)
#define LW_VSEM_I32X4_EXTMUL_HIGH_I16X8_S(a, b) LW_VFAST(i32x4_extmul_high_i16x8_s)(a, b)
#define LW_VSEM_I32X4_EXTMUL_LOW_I16X8_U(a, b) LW_VFAST(i32x4_extmul_low_i16x8_u)(a, b)
#define LW_VSEM_I32X4_EXTMUL_HIGH_I16X8_U(a, b) LW_VFAST(i32x4_extmul_high_i16x8_u)(a, b)
#define LW_VSEM_I64X2_ABS(a) LW_VFAST(i64x2_abs)(a)
#define LW_VSEM_I64X2_NEG(a) LW_VFAST(i64x2_neg)(a)
#define LW_VSEM_I64X2_ALL_TRUE(a) lw_vs_i64x2_all_true(a)
#define LW_VSEM_I64X2_BITMASK(a) LW_VFAST(i64x2_bitmask)(a)
#define LW_VSEM_I64X2_EXTEND_LOW_I32X4_S(a) LW_VFAST(i64x2_extend_low_i32x4_s)(a)
#define LW_VSEM_I64X2_EXTEND_HIGH_I32X4_S(a) LW_VFAST(i64x2_extend_high_i32x4_s)(a)
#define LW_VSEM_I64X2_EXTEND_LOW_I32X4_U(a) LW_VFAST(i64x2_extend_low_i32x4_u)(a)
#define LW_VSEM_I64X2_EXTEND_HIGH_I32X4_U(a) LW_VFAST(i64x2_extend_high_i32x4_u)(a)
#define LW_VSEM_I64X2_SHL(a, n) LW_VFAST(i64x2_shl)(a, n)
#define LW_VSEM_I64X2_SHR_S(a, n) LW_VFAST(i64x2_shr_s)(a, n)
#define LW_VSEM_I64X2_SHR_U(a, n) LW_VFAST(i64x2_shr_u)(a, n)
#define LW_VSEM_I64X2_ADD(a, b) LW_VFAST(i64x2_add)(a, b)
#define LW_VSEM_I64X2_SUB(a, b) LW_VFAST(i64x2_sub)(a, b)
#define LW_VSEM_I64X2_MUL(a, b) LW_VFAST(i64x2_mul)(a, b)
#define LW_VSEM_I64X2_EQ(a, b) LW_VFAST(i64x2_eq)(a, b)
#define LW_VSEM_I64X2_NE(a, b) LW_VFAST(i64x2_ne)(a, b)
#define LW_VSEM_I64X2_LT_S(a, b) LW_VFAST(i64x2_lt_s)(a, b)
#define LW_VSEM_I64X2_GT_S(a, b) LW_VFAST(i64x2_gt_s)(a, b)
#define LW_VSEM_I64X2_LE_S(a, b) LW_VFAST(i64x2_le_s)(a, b)
#define LW_VSEM_I64X2_GE_S(a, b) LW_VFAST(i64x2_ge_s)(a, b)
#define LW_VSEM_I64X2_EXTMUL_LOW_I32X4_S(a, b) LW_VFAST(i64x2_extmul_low_i32x4_s)(a, b)
#define LW_VSEM_I64X2_EXTMUL_HIGH_I32X4_S(a, b) LW_VFAST(i64x2_extmul_high_i32x4_s)(a, b)
#define LW_VSEM_I64X2_EXTMUL_LOW_I32X4_U(a, b) LW_VFAST(i64x2_extmul_low_i32x4_u)(a, b)
#define LW_VSEM_I64X2_EXTMUL_HIGH_I32X4_U(a, b) LW_VFAST(i64x2_extmul_high_i32x4_u)(a, b)
#define LW_VSEM_F32X4_ABS(a) LW_VFAST(f32x4_abs)(a)
#define LW_VSEM_F32X4_NEG(a) LW_VFAST(f32x4_neg)(a)
#define LW_VSEM_F32X4_SQRT(a) LW_VFAST(f32x4_sqrt)(a)
#define LW_VSEM_F32X4_ADD(a, b) LW_VFAST(f32x4_add)(a, b)
#define LW_VSEM_F32X4_SUB(a, b) LW_VFAST(f32x4_sub)(a, b)
#define LW_VSEM_F32X4_MUL(a, b) LW_VFAST(f32x4_mul)(a, b)
#define LW_VSEM_F32X4_DIV(a, b) LW_VFAST(f32x4_div)(a, b)
#define LW_VSEM_F32X4_MIN(a, b) LW_VFAST(f32x4_min)(a, b)
#define LW_VSEM_F32X4_MAX(a, b) LW_VFAST(f32x4_max)(a, b)
#define LW_VSEM_F32X4_PMIN(a, b) LW_VFAST(f32x4_pmin)(a, b)
#define LW_VSEM_F32X4_PMAX(a, b) LW_VFAST(f32x4_pmax)(a, b)
#define LW_VSEM_F64X2_ABS(a) LW_VFAST(f64x2_abs)(a)
#define LW_VSEM_F64X2_NEG(a) LW_VFAST(f64x2_neg)(a)
#define LW_VSEM_F64X2_SQRT(a) LW_VFAST(f64x2_sqrt)(a)
#define LW_VSEM_F64X2_ADD(a, b) LW_VFAST(f64x2_add)(a, b)
#define LW_VSEM_F64X2_SUB(a, b) LW_VFAST(f64x2_sub)(a, b)
#define LW_VSEM_F64X2_MUL(a, b) LW_VFAST(f64x2_mul)(a, b)
#define LW_VSEM_F64X2_DIV(a, b) LW_VFAST(f64x2_div)(a, b)
#define LW_VSEM_F64X2_MIN(a, b) LW_VFAST(f64x2_min)(a, b)
#define LW_VSEM_F64X2_MAX(a, b) LW_VFAST(f64x2_max)(a, b)
#define LW_VSEM_F64X2_PMIN(a, b) LW_VFAST(f64x2_pmin)(a, b)
#define LW_VSEM_F64X2_PMAX(a, b) LW_VFAST(f64x2_pmax)(a, b)
#define LW_VSEM_I32X4_TRUNC_SAT_F32X4_S(a) LW_VFAST(i32x4_trunc_sat_f32x4_s)(a)
#define LW_VSEM_I32X4_TRUNC_SAT_F32X4_U(a) lw_vs_i32x4_trunc_sat_f32x4_u(a)
#define LW_VSEM_F32X4_CONVERT_I32X4_S(a) LW_VFAST(f32x4_convert_i32x4_s)(a)
#define LW_VSEM_F32X4_CONVERT_I32X4_U(a) LW_VFAST(f32x4_convert_i32x4_u)(a)
#define LW_VSEM_I32X4_TRUNC_SAT_F64X2_S_ZERO(a) lw_vs_i32x4_trunc_sat_f64x2_s_zero(a)
#define LW_VSEM_I32X4_TRUNC_SAT_F64X2_U_ZERO(a) lw_vs_i32x4_trunc_sat_f64x2_u_zero(a)
#define LW_VSEM_F64X2_CONVERT_LOW_I32X4_S(a) LW_VFAST(f64x2_convert_low_i32x4_s)(a)
#define LW_VSEM_F64X2_CONVERT_LOW_I32X4_U(a) LW_VFAST(f64x2_convert_low_i32x4_u)(a)

#endif
