/* simd.h — the v128 value and a plain-C lane-loop definition of every SIMD operation (the reference and the scalar build). */
#ifndef LW_SIMD_H
#define LW_SIMD_H

/*
 * Every operation here is a static inline function on lw_v128 values named
 * lw_vs_<instruction> ("vector, scalar"): one loop over the lanes, written
 * for clarity, built on numeric.h so float lanes behave exactly as the
 * scalar instructions do (NaN handling, rounding, saturating truncation).
 * simd_vector.h adds faster versions (lw_vv_*) of the hot operations for
 * GCC/Clang vector extensions and SSE; interp_simd.h picks one or the other
 * (the meson option simd=scalar forces these loops everywhere), and the unit
 * test compares the two on random and boundary inputs.
 *
 * Lanes are little-endian, as in linear memory: lane i of an i16x8 is bytes
 * 2i and 2i+1. Float lanes are kept as their bit patterns.
 */

#include "numeric.h"

#include <stdint.h>
#include <string.h>

#if defined(LW_SIMD_SCALAR) && LW_SIMD_SCALAR
#define LW_SIMD_VECTOR 0
#elif defined(__GNUC__) || defined(__clang__)
#define LW_SIMD_VECTOR 1
#else
#define LW_SIMD_VECTOR 0
#endif

#if LW_SIMD_VECTOR
typedef uint8_t lw_u8x16 __attribute__((vector_size(16)));
typedef int8_t lw_i8x16 __attribute__((vector_size(16)));
typedef uint16_t lw_u16x8 __attribute__((vector_size(16)));
typedef int16_t lw_i16x8 __attribute__((vector_size(16)));
typedef uint32_t lw_u32x4 __attribute__((vector_size(16)));
typedef int32_t lw_i32x4 __attribute__((vector_size(16)));
typedef uint64_t lw_u64x2 __attribute__((vector_size(16)));
typedef int64_t lw_i64x2 __attribute__((vector_size(16)));
typedef float lw_f32x4 __attribute__((vector_size(16)));
typedef double lw_f64x2 __attribute__((vector_size(16)));
#endif

typedef union lw_v128 {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4]; /* also f32 lanes, as bits */
    int32_t i32[4];
    uint64_t u64[2]; /* also f64 lanes, as bits */
    int64_t i64[2];
#if LW_SIMD_VECTOR
    lw_u8x16 vu8;
    lw_i8x16 vi8;
    lw_u16x8 vu16;
    lw_i16x8 vi16;
    lw_u32x4 vu32;
    lw_i32x4 vi32;
    lw_u64x2 vu64;
    lw_i64x2 vi64;
    lw_f32x4 vf32;
    lw_f64x2 vf64;
#endif
} lw_v128;

/* A v128 in (or out of) memory of any alignment: two operand-stack slots,
 * linear memory, an instruction's immediate. */
static inline lw_v128 lw_v128_read(const void *p)
{
    lw_v128 v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void lw_v128_write(void *p, lw_v128 v) { memcpy(p, &v, sizeof v); }

static inline lw_v128 lw_v128_zero(void)
{
    lw_v128 v;
    memset(&v, 0, sizeof v);
    return v;
}

/* ---- lane-loop builders ----------------------------------------------------- */

/* Each defines `lw_vs_NAME`, computing lane i of the result's field F (N
 * lanes) from EXPR, in which a, b (and i) name the operands and the lane. */
#define LW_VS_MAP1(name, F, N, EXPR)                                                                          \
    static inline lw_v128 lw_vs_##name(lw_v128 a)                                                             \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        for (unsigned i = 0; i < (N); i++)                                                                    \
            r.F[i] = (EXPR);                                                                                  \
        return r;                                                                                             \
    }
#define LW_VS_MAP2(name, F, N, EXPR)                                                                          \
    static inline lw_v128 lw_vs_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        for (unsigned i = 0; i < (N); i++)                                                                    \
            r.F[i] = (EXPR);                                                                                  \
        return r;                                                                                             \
    }
/* Shifts: b is the i32 count, already reduced modulo the lane width as K. */
#define LW_VS_SHIFT(name, F, N, BITS, EXPR)                                                                   \
    static inline lw_v128 lw_vs_##name(lw_v128 a, uint32_t b)                                                 \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        unsigned k = b & ((BITS) - 1);                                                                        \
        for (unsigned i = 0; i < (N); i++)                                                                    \
            r.F[i] = (EXPR);                                                                                  \
        return r;                                                                                             \
    }

/* Comparison results are all-ones or all-zeros lanes. */
#define LW_ONES8 UINT8_MAX
#define LW_ONES16 UINT16_MAX
#define LW_ONES32 UINT32_MAX
#define LW_ONES64 UINT64_MAX
#define LW_VS_CMP(name, F, N, ONES, COND) LW_VS_MAP2(name, F, N, (COND) ? (ONES) : 0)

/* Arithmetic shift right of a signed value, without C's implementation-defined
 * shift of negative numbers. */
static inline int32_t lw_sar32(int32_t x, unsigned k) { return x < 0 ? ~(~x >> k) : x >> k; }
static inline int64_t lw_sar64(int64_t x, unsigned k) { return x < 0 ? ~(~x >> k) : x >> k; }

static inline int32_t lw_clamp32(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : x > hi ? hi : x; }

/* ---- memory ------------------------------------------------------------------ */

/* Loads that widen 8 bytes of memory: lanes of half the result width. */
#define LW_VS_LOAD_EXTEND(name, F, N, SRC_T)                                                                  \
    static inline lw_v128 lw_vs_##name(const uint8_t *p)                                                      \
    {                                                                                                         \
        SRC_T src[N];                                                                                         \
        memcpy(src, p, sizeof src);                                                                           \
        lw_v128 r;                                                                                            \
        for (unsigned i = 0; i < (N); i++)                                                                    \
            r.F[i] = src[i];                                                                                  \
        return r;                                                                                             \
    }
LW_VS_LOAD_EXTEND(load8x8_s, i16, 8, int8_t)
LW_VS_LOAD_EXTEND(load8x8_u, u16, 8, uint8_t)
LW_VS_LOAD_EXTEND(load16x4_s, i32, 4, int16_t)
LW_VS_LOAD_EXTEND(load16x4_u, u32, 4, uint16_t)
LW_VS_LOAD_EXTEND(load32x2_s, i64, 2, int32_t)
LW_VS_LOAD_EXTEND(load32x2_u, u64, 2, uint32_t)

/* Splat of `width` bytes of memory to every lane. */
static inline lw_v128 lw_vs_load_splat(const uint8_t *p, unsigned width)
{
    lw_v128 r;
    for (unsigned i = 0; i < 16; i += width)
        memcpy(r.u8 + i, p, width);
    return r;
}

/* load32_zero / load64_zero: `width` bytes into lane 0, the rest zero. */
static inline lw_v128 lw_vs_load_zero(const uint8_t *p, unsigned width)
{
    lw_v128 r = lw_v128_zero();
    memcpy(r.u8, p, width);
    return r;
}

/* load*_lane / store*_lane: one lane of `width` bytes. */
static inline lw_v128 lw_vs_load_lane(lw_v128 v, const uint8_t *p, unsigned width, unsigned lane)
{
    memcpy(v.u8 + lane * width, p, width);
    return v;
}
static inline void lw_vs_store_lane(uint8_t *p, lw_v128 v, unsigned width, unsigned lane)
{
    memcpy(p, v.u8 + lane * width, width);
}

/* ---- splat, lanes, shuffles ---------------------------------------------------- */

static inline lw_v128 lw_vs_i8x16_splat(uint32_t x)
{
    lw_v128 r;
    for (unsigned i = 0; i < 16; i++)
        r.u8[i] = (uint8_t)x;
    return r;
}
static inline lw_v128 lw_vs_i16x8_splat(uint32_t x)
{
    lw_v128 r;
    for (unsigned i = 0; i < 8; i++)
        r.u16[i] = (uint16_t)x;
    return r;
}
static inline lw_v128 lw_vs_i32x4_splat(uint32_t x)
{
    lw_v128 r;
    for (unsigned i = 0; i < 4; i++)
        r.u32[i] = x;
    return r;
}
static inline lw_v128 lw_vs_i64x2_splat(uint64_t x)
{
    lw_v128 r;
    r.u64[0] = r.u64[1] = x;
    return r;
}

/* Lane indices were validated (< lane count). */
static inline uint32_t lw_vs_i8x16_extract_lane_s(lw_v128 a, unsigned l) { return (uint32_t)(int32_t)a.i8[l]; }
static inline uint32_t lw_vs_i8x16_extract_lane_u(lw_v128 a, unsigned l) { return a.u8[l]; }
static inline uint32_t lw_vs_i16x8_extract_lane_s(lw_v128 a, unsigned l) { return (uint32_t)(int32_t)a.i16[l]; }
static inline uint32_t lw_vs_i16x8_extract_lane_u(lw_v128 a, unsigned l) { return a.u16[l]; }
static inline uint32_t lw_vs_i32x4_extract_lane(lw_v128 a, unsigned l) { return a.u32[l]; }
static inline uint64_t lw_vs_i64x2_extract_lane(lw_v128 a, unsigned l) { return a.u64[l]; }

static inline lw_v128 lw_vs_i8x16_replace_lane(lw_v128 a, uint32_t x, unsigned l)
{
    a.u8[l] = (uint8_t)x;
    return a;
}
static inline lw_v128 lw_vs_i16x8_replace_lane(lw_v128 a, uint32_t x, unsigned l)
{
    a.u16[l] = (uint16_t)x;
    return a;
}
static inline lw_v128 lw_vs_i32x4_replace_lane(lw_v128 a, uint32_t x, unsigned l)
{
    a.u32[l] = x;
    return a;
}
static inline lw_v128 lw_vs_i64x2_replace_lane(lw_v128 a, uint64_t x, unsigned l)
{
    a.u64[l] = x;
    return a;
}

/* Lane selectors below 16 pick from a, 16..31 from b (validated < 32). */
static inline lw_v128 lw_vs_i8x16_shuffle(lw_v128 a, lw_v128 b, const uint8_t *lanes)
{
    lw_v128 r;
    for (unsigned i = 0; i < 16; i++)
        r.u8[i] = lanes[i] < 16 ? a.u8[lanes[i]] : b.u8[lanes[i] & 15];
    return r;
}
/* Selectors out of range give 0. */
LW_VS_MAP2(i8x16_swizzle, u8, 16, b.u8[i] < 16 ? a.u8[b.u8[i]] : 0)

/* ---- comparisons ------------------------------------------------------------------ */

LW_VS_CMP(i8x16_eq, u8, 16, LW_ONES8, a.u8[i] == b.u8[i])
LW_VS_CMP(i8x16_ne, u8, 16, LW_ONES8, a.u8[i] != b.u8[i])
LW_VS_CMP(i8x16_lt_s, u8, 16, LW_ONES8, a.i8[i] < b.i8[i])
LW_VS_CMP(i8x16_lt_u, u8, 16, LW_ONES8, a.u8[i] < b.u8[i])
LW_VS_CMP(i8x16_gt_s, u8, 16, LW_ONES8, a.i8[i] > b.i8[i])
LW_VS_CMP(i8x16_gt_u, u8, 16, LW_ONES8, a.u8[i] > b.u8[i])
LW_VS_CMP(i8x16_le_s, u8, 16, LW_ONES8, a.i8[i] <= b.i8[i])
LW_VS_CMP(i8x16_le_u, u8, 16, LW_ONES8, a.u8[i] <= b.u8[i])
LW_VS_CMP(i8x16_ge_s, u8, 16, LW_ONES8, a.i8[i] >= b.i8[i])
LW_VS_CMP(i8x16_ge_u, u8, 16, LW_ONES8, a.u8[i] >= b.u8[i])

LW_VS_CMP(i16x8_eq, u16, 8, LW_ONES16, a.u16[i] == b.u16[i])
LW_VS_CMP(i16x8_ne, u16, 8, LW_ONES16, a.u16[i] != b.u16[i])
LW_VS_CMP(i16x8_lt_s, u16, 8, LW_ONES16, a.i16[i] < b.i16[i])
LW_VS_CMP(i16x8_lt_u, u16, 8, LW_ONES16, a.u16[i] < b.u16[i])
LW_VS_CMP(i16x8_gt_s, u16, 8, LW_ONES16, a.i16[i] > b.i16[i])
LW_VS_CMP(i16x8_gt_u, u16, 8, LW_ONES16, a.u16[i] > b.u16[i])
LW_VS_CMP(i16x8_le_s, u16, 8, LW_ONES16, a.i16[i] <= b.i16[i])
LW_VS_CMP(i16x8_le_u, u16, 8, LW_ONES16, a.u16[i] <= b.u16[i])
LW_VS_CMP(i16x8_ge_s, u16, 8, LW_ONES16, a.i16[i] >= b.i16[i])
LW_VS_CMP(i16x8_ge_u, u16, 8, LW_ONES16, a.u16[i] >= b.u16[i])

LW_VS_CMP(i32x4_eq, u32, 4, LW_ONES32, a.u32[i] == b.u32[i])
LW_VS_CMP(i32x4_ne, u32, 4, LW_ONES32, a.u32[i] != b.u32[i])
LW_VS_CMP(i32x4_lt_s, u32, 4, LW_ONES32, a.i32[i] < b.i32[i])
LW_VS_CMP(i32x4_lt_u, u32, 4, LW_ONES32, a.u32[i] < b.u32[i])
LW_VS_CMP(i32x4_gt_s, u32, 4, LW_ONES32, a.i32[i] > b.i32[i])
LW_VS_CMP(i32x4_gt_u, u32, 4, LW_ONES32, a.u32[i] > b.u32[i])
LW_VS_CMP(i32x4_le_s, u32, 4, LW_ONES32, a.i32[i] <= b.i32[i])
LW_VS_CMP(i32x4_le_u, u32, 4, LW_ONES32, a.u32[i] <= b.u32[i])
LW_VS_CMP(i32x4_ge_s, u32, 4, LW_ONES32, a.i32[i] >= b.i32[i])
LW_VS_CMP(i32x4_ge_u, u32, 4, LW_ONES32, a.u32[i] >= b.u32[i])

LW_VS_CMP(i64x2_eq, u64, 2, LW_ONES64, a.u64[i] == b.u64[i])
LW_VS_CMP(i64x2_ne, u64, 2, LW_ONES64, a.u64[i] != b.u64[i])
LW_VS_CMP(i64x2_lt_s, u64, 2, LW_ONES64, a.i64[i] < b.i64[i])
LW_VS_CMP(i64x2_gt_s, u64, 2, LW_ONES64, a.i64[i] > b.i64[i])
LW_VS_CMP(i64x2_le_s, u64, 2, LW_ONES64, a.i64[i] <= b.i64[i])
LW_VS_CMP(i64x2_ge_s, u64, 2, LW_ONES64, a.i64[i] >= b.i64[i])

/* Float comparisons are IEEE's, as for the scalar instructions. */
LW_VS_CMP(f32x4_eq, u32, 4, LW_ONES32, lw_f32_eq(a.u32[i], b.u32[i]))
LW_VS_CMP(f32x4_ne, u32, 4, LW_ONES32, lw_f32_ne(a.u32[i], b.u32[i]))
LW_VS_CMP(f32x4_lt, u32, 4, LW_ONES32, lw_f32_lt(a.u32[i], b.u32[i]))
LW_VS_CMP(f32x4_gt, u32, 4, LW_ONES32, lw_f32_gt(a.u32[i], b.u32[i]))
LW_VS_CMP(f32x4_le, u32, 4, LW_ONES32, lw_f32_le(a.u32[i], b.u32[i]))
LW_VS_CMP(f32x4_ge, u32, 4, LW_ONES32, lw_f32_ge(a.u32[i], b.u32[i]))
LW_VS_CMP(f64x2_eq, u64, 2, LW_ONES64, lw_f64_eq(a.u64[i], b.u64[i]))
LW_VS_CMP(f64x2_ne, u64, 2, LW_ONES64, lw_f64_ne(a.u64[i], b.u64[i]))
LW_VS_CMP(f64x2_lt, u64, 2, LW_ONES64, lw_f64_lt(a.u64[i], b.u64[i]))
LW_VS_CMP(f64x2_gt, u64, 2, LW_ONES64, lw_f64_gt(a.u64[i], b.u64[i]))
LW_VS_CMP(f64x2_le, u64, 2, LW_ONES64, lw_f64_le(a.u64[i], b.u64[i]))
LW_VS_CMP(f64x2_ge, u64, 2, LW_ONES64, lw_f64_ge(a.u64[i], b.u64[i]))

/* ---- bitwise -------------------------------------------------------------------------- */

LW_VS_MAP1(v128_not, u64, 2, ~a.u64[i])
LW_VS_MAP2(v128_and, u64, 2, a.u64[i] & b.u64[i])
LW_VS_MAP2(v128_andnot, u64, 2, a.u64[i] & ~b.u64[i])
LW_VS_MAP2(v128_or, u64, 2, a.u64[i] | b.u64[i])
LW_VS_MAP2(v128_xor, u64, 2, a.u64[i] ^ b.u64[i])

/* Bits of a where the mask c is set, else of b. */
static inline lw_v128 lw_vs_v128_bitselect(lw_v128 a, lw_v128 b, lw_v128 c)
{
    lw_v128 r;
    for (unsigned i = 0; i < 2; i++)
        r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]);
    return r;
}

static inline uint32_t lw_vs_v128_any_true(lw_v128 a) { return (a.u64[0] | a.u64[1]) != 0; }

/* all_true: every lane non-zero; bitmask: the lanes' sign bits, lane 0 in bit 0. */
#define LW_VS_REDUCE(shape, F, N, BITS)                                                                       \
    static inline uint32_t lw_vs_##shape##_all_true(lw_v128 a)                                                \
    {                                                                                                         \
        for (unsigned i = 0; i < (N); i++)                                                                    \
            if (a.F[i] == 0)                                                                                  \
                return 0;                                                                                     \
        return 1;                                                                                             \
    }                                                                                                         \
    static inline uint32_t lw_vs_##shape##_bitmask(lw_v128 a)                                                 \
    {                                                                                                         \
        uint32_t m = 0;                                                                                       \
        for (unsigned i = 0; i < (N); i++)                                                                    \
            m |= (uint32_t)(a.F[i] >> ((BITS) - 1)) << i;                                                     \
        return m;                                                                                             \
    }
LW_VS_REDUCE(i8x16, u8, 16, 8)
LW_VS_REDUCE(i16x8, u16, 8, 16)
LW_VS_REDUCE(i32x4, u32, 4, 32)
LW_VS_REDUCE(i64x2, u64, 2, 64)

/* ---- integer arithmetic ---------------------------------------------------------------- */

/* Wrapping: abs of the most negative lane value is itself. Lanes narrower
 * than int are promoted, so the arithmetic cannot overflow; 32- and 64-bit
 * lanes use unsigned arithmetic. */
LW_VS_MAP1(i8x16_abs, u8, 16, (uint8_t)(a.i8[i] < 0 ? -a.i8[i] : a.i8[i]))
LW_VS_MAP1(i16x8_abs, u16, 8, (uint16_t)(a.i16[i] < 0 ? -a.i16[i] : a.i16[i]))
LW_VS_MAP1(i32x4_abs, u32, 4, a.i32[i] < 0 ? 0u - a.u32[i] : a.u32[i])
LW_VS_MAP1(i64x2_abs, u64, 2, a.i64[i] < 0 ? 0u - a.u64[i] : a.u64[i])
LW_VS_MAP1(i8x16_neg, u8, 16, (uint8_t)(0u - a.u8[i]))
LW_VS_MAP1(i16x8_neg, u16, 8, (uint16_t)(0u - a.u16[i]))
LW_VS_MAP1(i32x4_neg, u32, 4, 0u - a.u32[i])
LW_VS_MAP1(i64x2_neg, u64, 2, 0u - a.u64[i])
LW_VS_MAP1(i8x16_popcnt, u8, 16, (uint8_t)lw_i32_popcnt(a.u8[i]))

LW_VS_MAP2(i8x16_add, u8, 16, (uint8_t)(a.u8[i] + b.u8[i]))
LW_VS_MAP2(i16x8_add, u16, 8, (uint16_t)(a.u16[i] + b.u16[i]))
LW_VS_MAP2(i32x4_add, u32, 4, a.u32[i] + b.u32[i])
LW_VS_MAP2(i64x2_add, u64, 2, a.u64[i] + b.u64[i])
LW_VS_MAP2(i8x16_sub, u8, 16, (uint8_t)(a.u8[i] - b.u8[i]))
LW_VS_MAP2(i16x8_sub, u16, 8, (uint16_t)(a.u16[i] - b.u16[i]))
LW_VS_MAP2(i32x4_sub, u32, 4, a.u32[i] - b.u32[i])
LW_VS_MAP2(i64x2_sub, u64, 2, a.u64[i] - b.u64[i])
LW_VS_MAP2(i16x8_mul, u16, 8, (uint16_t)((uint32_t)a.u16[i] * b.u16[i]))
LW_VS_MAP2(i32x4_mul, u32, 4, a.u32[i] * b.u32[i])
LW_VS_MAP2(i64x2_mul, u64, 2, a.u64[i] * b.u64[i])

LW_VS_MAP2(i8x16_add_sat_s, i8, 16, (int8_t)lw_clamp32(a.i8[i] + b.i8[i], INT8_MIN, INT8_MAX))
LW_VS_MAP2(i8x16_add_sat_u, u8, 16, (uint8_t)lw_clamp32(a.u8[i] + b.u8[i], 0, UINT8_MAX))
LW_VS_MAP2(i8x16_sub_sat_s, i8, 16, (int8_t)lw_clamp32(a.i8[i] - b.i8[i], INT8_MIN, INT8_MAX))
LW_VS_MAP2(i8x16_sub_sat_u, u8, 16, (uint8_t)lw_clamp32(a.u8[i] - b.u8[i], 0, UINT8_MAX))
LW_VS_MAP2(i16x8_add_sat_s, i16, 8, (int16_t)lw_clamp32(a.i16[i] + b.i16[i], INT16_MIN, INT16_MAX))
LW_VS_MAP2(i16x8_add_sat_u, u16, 8, (uint16_t)lw_clamp32(a.u16[i] + b.u16[i], 0, UINT16_MAX))
LW_VS_MAP2(i16x8_sub_sat_s, i16, 8, (int16_t)lw_clamp32(a.i16[i] - b.i16[i], INT16_MIN, INT16_MAX))
LW_VS_MAP2(i16x8_sub_sat_u, u16, 8, (uint16_t)lw_clamp32(a.u16[i] - b.u16[i], 0, UINT16_MAX))

LW_VS_MAP2(i8x16_min_s, i8, 16, a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i])
LW_VS_MAP2(i8x16_min_u, u8, 16, a.u8[i] < b.u8[i] ? a.u8[i] : b.u8[i])
LW_VS_MAP2(i8x16_max_s, i8, 16, a.i8[i] > b.i8[i] ? a.i8[i] : b.i8[i])
LW_VS_MAP2(i8x16_max_u, u8, 16, a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i])
LW_VS_MAP2(i16x8_min_s, i16, 8, a.i16[i] < b.i16[i] ? a.i16[i] : b.i16[i])
LW_VS_MAP2(i16x8_min_u, u16, 8, a.u16[i] < b.u16[i] ? a.u16[i] : b.u16[i])
LW_VS_MAP2(i16x8_max_s, i16, 8, a.i16[i] > b.i16[i] ? a.i16[i] : b.i16[i])
LW_VS_MAP2(i16x8_max_u, u16, 8, a.u16[i] > b.u16[i] ? a.u16[i] : b.u16[i])
LW_VS_MAP2(i32x4_min_s, i32, 4, a.i32[i] < b.i32[i] ? a.i32[i] : b.i32[i])
LW_VS_MAP2(i32x4_min_u, u32, 4, a.u32[i] < b.u32[i] ? a.u32[i] : b.u32[i])
LW_VS_MAP2(i32x4_max_s, i32, 4, a.i32[i] > b.i32[i] ? a.i32[i] : b.i32[i])
LW_VS_MAP2(i32x4_max_u, u32, 4, a.u32[i] > b.u32[i] ? a.u32[i] : b.u32[i])

/* Rounding average of unsigned lanes: (a + b + 1) / 2 without overflow. */
LW_VS_MAP2(i8x16_avgr_u, u8, 16, (uint8_t)((a.u8[i] + b.u8[i] + 1u) >> 1))
LW_VS_MAP2(i16x8_avgr_u, u16, 8, (uint16_t)((a.u16[i] + b.u16[i] + 1u) >> 1))

/* Q15 rounding multiply: (a * b + 2^14) >> 15, saturated (only
 * -32768 * -32768 overflows). */
LW_VS_MAP2(i16x8_q15mulr_sat_s, i16, 8,
           (int16_t)lw_clamp32(lw_sar32(a.i16[i] * b.i16[i] + 0x4000, 15), INT16_MIN, INT16_MAX))

/* Shifts take the count modulo the lane width. */
LW_VS_SHIFT(i8x16_shl, u8, 16, 8, (uint8_t)(a.u8[i] << k))
LW_VS_SHIFT(i8x16_shr_s, i8, 16, 8, (int8_t)lw_sar32(a.i8[i], k))
LW_VS_SHIFT(i8x16_shr_u, u8, 16, 8, (uint8_t)(a.u8[i] >> k))
LW_VS_SHIFT(i16x8_shl, u16, 8, 16, (uint16_t)((uint32_t)a.u16[i] << k))
LW_VS_SHIFT(i16x8_shr_s, i16, 8, 16, (int16_t)lw_sar32(a.i16[i], k))
LW_VS_SHIFT(i16x8_shr_u, u16, 8, 16, (uint16_t)(a.u16[i] >> k))
LW_VS_SHIFT(i32x4_shl, u32, 4, 32, a.u32[i] << k)
LW_VS_SHIFT(i32x4_shr_s, i32, 4, 32, lw_sar32(a.i32[i], k))
LW_VS_SHIFT(i32x4_shr_u, u32, 4, 32, a.u32[i] >> k)
LW_VS_SHIFT(i64x2_shl, u64, 2, 64, a.u64[i] << k)
LW_VS_SHIFT(i64x2_shr_s, i64, 2, 64, lw_sar64(a.i64[i], k))
LW_VS_SHIFT(i64x2_shr_u, u64, 2, 64, a.u64[i] >> k)

/* ---- narrowing, widening, extended arithmetic ------------------------------------- */

/* Narrowing saturates each signed lane of a (low half) then b (high half). */
LW_VS_MAP2(i8x16_narrow_i16x8_s, i8, 16,
           (int8_t)lw_clamp32(i < 8 ? a.i16[i] : b.i16[i - 8], INT8_MIN, INT8_MAX))
LW_VS_MAP2(i8x16_narrow_i16x8_u, u8, 16, (uint8_t)lw_clamp32(i < 8 ? a.i16[i] : b.i16[i - 8], 0, UINT8_MAX))
LW_VS_MAP2(i16x8_narrow_i32x4_s, i16, 8,
           (int16_t)lw_clamp32(i < 4 ? a.i32[i] : b.i32[i - 4], INT16_MIN, INT16_MAX))
LW_VS_MAP2(i16x8_narrow_i32x4_u, u16, 8, (uint16_t)lw_clamp32(i < 4 ? a.i32[i] : b.i32[i - 4], 0, UINT16_MAX))

/* extend_low / extend_high: lanes of the low or high half, widened. */
LW_VS_MAP1(i16x8_extend_low_i8x16_s, i16, 8, a.i8[i])
LW_VS_MAP1(i16x8_extend_high_i8x16_s, i16, 8, a.i8[i + 8])
LW_VS_MAP1(i16x8_extend_low_i8x16_u, u16, 8, a.u8[i])
LW_VS_MAP1(i16x8_extend_high_i8x16_u, u16, 8, a.u8[i + 8])
LW_VS_MAP1(i32x4_extend_low_i16x8_s, i32, 4, a.i16[i])
LW_VS_MAP1(i32x4_extend_high_i16x8_s, i32, 4, a.i16[i + 4])
LW_VS_MAP1(i32x4_extend_low_i16x8_u, u32, 4, a.u16[i])
LW_VS_MAP1(i32x4_extend_high_i16x8_u, u32, 4, a.u16[i + 4])
LW_VS_MAP1(i64x2_extend_low_i32x4_s, i64, 2, a.i32[i])
LW_VS_MAP1(i64x2_extend_high_i32x4_s, i64, 2, a.i32[i + 2])
LW_VS_MAP1(i64x2_extend_low_i32x4_u, u64, 2, a.u32[i])
LW_VS_MAP1(i64x2_extend_high_i32x4_u, u64, 2, a.u32[i + 2])

/* extadd_pairwise: sums of adjacent lanes, widened (cannot overflow). */
LW_VS_MAP1(i16x8_extadd_pairwise_i8x16_s, i16, 8, (int16_t)(a.i8[2 * i] + a.i8[2 * i + 1]))
LW_VS_MAP1(i16x8_extadd_pairwise_i8x16_u, u16, 8, (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1]))
LW_VS_MAP1(i32x4_extadd_pairwise_i16x8_s, i32, 4, a.i16[2 * i] + a.i16[2 * i + 1])
LW_VS_MAP1(i32x4_extadd_pairwise_i16x8_u, u32, 4, (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1])

/* extmul: products of widened lanes (exact in the wider type). */
LW_VS_MAP2(i16x8_extmul_low_i8x16_s, i16, 8, (int16_t)(a.i8[i] * b.i8[i]))
LW_VS_MAP2(i16x8_extmul_high_i8x16_s, i16, 8, (int16_t)(a.i8[i + 8] * b.i8[i + 8]))
LW_VS_MAP2(i16x8_extmul_low_i8x16_u, u16, 8, (uint16_t)(a.u8[i] * b.u8[i]))
LW_VS_MAP2(i16x8_extmul_high_i8x16_u, u16, 8, (uint16_t)(a.u8[i + 8] * b.u8[i + 8]))
LW_VS_MAP2(i32x4_extmul_low_i16x8_s, i32, 4, a.i16[i] * b.i16[i])
LW_VS_MAP2(i32x4_extmul_high_i16x8_s, i32, 4, a.i16[i + 4] * b.i16[i + 4])
LW_VS_MAP2(i32x4_extmul_low_i16x8_u, u32, 4, (uint32_t)a.u16[i] * b.u16[i])
LW_VS_MAP2(i32x4_extmul_high_i16x8_u, u32, 4, (uint32_t)a.u16[i + 4] * b.u16[i + 4])
LW_VS_MAP2(i64x2_extmul_low_i32x4_s, i64, 2, (int64_t)a.i32[i] * b.i32[i])
LW_VS_MAP2(i64x2_extmul_high_i32x4_s, i64, 2, (int64_t)a.i32[i + 2] * b.i32[i + 2])
LW_VS_MAP2(i64x2_extmul_low_i32x4_u, u64, 2, (uint64_t)a.u32[i] * b.u32[i])
LW_VS_MAP2(i64x2_extmul_high_i32x4_u, u64, 2, (uint64_t)a.u32[i + 2] * b.u32[i + 2])

/* Dot product of signed i16 pairs into i32 lanes; only -32768^2 * 2 wraps. */
LW_VS_MAP2(i32x4_dot_i16x8_s, u32, 4,
           (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]))

/* ---- floats ------------------------------------------------------------------------------ */

LW_VS_MAP1(f32x4_abs, u32, 4, lw_f32_abs(a.u32[i]))
LW_VS_MAP1(f32x4_neg, u32, 4, lw_f32_neg(a.u32[i]))
LW_VS_MAP1(f32x4_sqrt, u32, 4, lw_f32_sqrt(a.u32[i]))
LW_VS_MAP1(f32x4_ceil, u32, 4, lw_f32_ceil(a.u32[i]))
LW_VS_MAP1(f32x4_floor, u32, 4, lw_f32_floor(a.u32[i]))
LW_VS_MAP1(f32x4_trunc, u32, 4, lw_f32_trunc(a.u32[i]))
LW_VS_MAP1(f32x4_nearest, u32, 4, lw_f32_nearest(a.u32[i]))
LW_VS_MAP2(f32x4_add, u32, 4, lw_f32_add(a.u32[i], b.u32[i]))
LW_VS_MAP2(f32x4_sub, u32, 4, lw_f32_sub(a.u32[i], b.u32[i]))
LW_VS_MAP2(f32x4_mul, u32, 4, lw_f32_mul(a.u32[i], b.u32[i]))
LW_VS_MAP2(f32x4_div, u32, 4, lw_f32_div(a.u32[i], b.u32[i]))
LW_VS_MAP2(f32x4_min, u32, 4, lw_f32_min(a.u32[i], b.u32[i]))
LW_VS_MAP2(f32x4_max, u32, 4, lw_f32_max(a.u32[i], b.u32[i]))
/* Pseudo-min/max: b < a ? b : a, and a < b ? b : a (C's operator semantics:
 * a NaN or a signed zero in a comparison keeps the first operand). */
LW_VS_MAP2(f32x4_pmin, u32, 4, lw_f32_lt(b.u32[i], a.u32[i]) ? b.u32[i] : a.u32[i])
LW_VS_MAP2(f32x4_pmax, u32, 4, lw_f32_lt(a.u32[i], b.u32[i]) ? b.u32[i] : a.u32[i])

LW_VS_MAP1(f64x2_abs, u64, 2, lw_f64_abs(a.u64[i]))
LW_VS_MAP1(f64x2_neg, u64, 2, lw_f64_neg(a.u64[i]))
LW_VS_MAP1(f64x2_sqrt, u64, 2, lw_f64_sqrt(a.u64[i]))
LW_VS_MAP1(f64x2_ceil, u64, 2, lw_f64_ceil(a.u64[i]))
LW_VS_MAP1(f64x2_floor, u64, 2, lw_f64_floor(a.u64[i]))
LW_VS_MAP1(f64x2_trunc, u64, 2, lw_f64_trunc(a.u64[i]))
LW_VS_MAP1(f64x2_nearest, u64, 2, lw_f64_nearest(a.u64[i]))
LW_VS_MAP2(f64x2_add, u64, 2, lw_f64_add(a.u64[i], b.u64[i]))
LW_VS_MAP2(f64x2_sub, u64, 2, lw_f64_sub(a.u64[i], b.u64[i]))
LW_VS_MAP2(f64x2_mul, u64, 2, lw_f64_mul(a.u64[i], b.u64[i]))
LW_VS_MAP2(f64x2_div, u64, 2, lw_f64_div(a.u64[i], b.u64[i]))
LW_VS_MAP2(f64x2_min, u64, 2, lw_f64_min(a.u64[i], b.u64[i]))
LW_VS_MAP2(f64x2_max, u64, 2, lw_f64_max(a.u64[i], b.u64[i]))
LW_VS_MAP2(f64x2_pmin, u64, 2, lw_f64_lt(b.u64[i], a.u64[i]) ? b.u64[i] : a.u64[i])
LW_VS_MAP2(f64x2_pmax, u64, 2, lw_f64_lt(a.u64[i], b.u64[i]) ? b.u64[i] : a.u64[i])

/* ---- conversions ------------------------------------------------------------------------- */

LW_VS_MAP1(i32x4_trunc_sat_f32x4_s, u32, 4, lw_i32_trunc_sat_f32_s(a.u32[i]))
LW_VS_MAP1(i32x4_trunc_sat_f32x4_u, u32, 4, lw_i32_trunc_sat_f32_u(a.u32[i]))
LW_VS_MAP1(f32x4_convert_i32x4_s, u32, 4, lw_f32_convert_i32_s(a.u32[i]))
LW_VS_MAP1(f32x4_convert_i32x4_u, u32, 4, lw_f32_convert_i32_u(a.u32[i]))
/* The _zero forms fill the two high i32 / f32 lanes with zeros. */
LW_VS_MAP1(i32x4_trunc_sat_f64x2_s_zero, u32, 4, i < 2 ? lw_i32_trunc_sat_f64_s(a.u64[i]) : 0)
LW_VS_MAP1(i32x4_trunc_sat_f64x2_u_zero, u32, 4, i < 2 ? lw_i32_trunc_sat_f64_u(a.u64[i]) : 0)
LW_VS_MAP1(f32x4_demote_f64x2_zero, u32, 4, i < 2 ? lw_f32_demote_f64(a.u64[i]) : 0)
LW_VS_MAP1(f64x2_promote_low_f32x4, u64, 2, lw_f64_promote_f32(a.u32[i]))
LW_VS_MAP1(f64x2_convert_low_i32x4_s, u64, 2, lw_f64_convert_i32_s(a.u32[i]))
LW_VS_MAP1(f64x2_convert_low_i32x4_u, u64, 2, lw_f64_convert_i32_u(a.u32[i]))

#endif
