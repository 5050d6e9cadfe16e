/* simd_vector.h — faster versions (lw_vv_*) of the hot SIMD operations: GCC/Clang vector extensions, SSE2–SSE4.1 where the target has it. */
#ifndef LW_SIMD_VECTOR_H
#define LW_SIMD_VECTOR_H

/*
 * Each lw_vv_X computes exactly what lw_vs_X (simd.h) computes, bit for bit
 * (NaN results: an arithmetic NaN wherever the reference gives one); the
 * unit test test_simd checks that on random and boundary lanes. The generic
 * vector-extension code compiles to SSE2 on x86-64 and NEON on AArch64; SSE
 * intrinsics are used where the portable form would be slow or does not
 * exist (SSSE3 and SSE4.1 ones chosen at run time unless the build targets
 * them), and where even those are missing the reference loop is used.
 * LW_SIMD_PORTABLE_ONLY leaves the intrinsics out, as on a non-x86 target, so
 * the test can check the portable code on x86 too. Only included when
 * LW_SIMD_VECTOR is set.
 */

#include "simd.h"

#if LW_SIMD_VECTOR

#if defined(LW_SIMD_PORTABLE_ONLY) && LW_SIMD_PORTABLE_ONLY
#define LW_SSE2 0
#define LW_SSSE3 0
#define LW_SSE41 0
#else
#if defined(__SSE2__)
#include <emmintrin.h>
#define LW_SSE2 1
#else
#define LW_SSE2 0
#endif
#if defined(__SSSE3__)
#include <tmmintrin.h>
#define LW_SSSE3 1
#else
#define LW_SSSE3 0
#endif
#if defined(__SSE4_1__)
#include <smmintrin.h>
#define LW_SSE41 1
#else
#define LW_SSE41 0
#endif
#endif

/* The SSSE3 and SSE4.1 versions (lw_x86_*) are compiled in when the build
 * targets those instruction sets (-mssse3, -msse4.1, -march=...). Otherwise,
 * on x86-64 with GCC or Clang, they are built as functions for those sets
 * of their own and chosen at run time by the CPU's feature bits (nearly
 * every x86-64 CPU in use has both); LW_HAVE_*() says whether to. */
#if LW_SSSE3
#define LW_TARGET_SSSE3
#define LW_HAVE_SSSE3() 1
#elif LW_SSE2 && defined(__x86_64__)
#include <tmmintrin.h>
#define LW_TARGET_SSSE3 __attribute__((target("ssse3")))
#define LW_HAVE_SSSE3() __builtin_cpu_supports("ssse3")
#endif
#if LW_SSE41
#define LW_TARGET_SSE41
#define LW_HAVE_SSE41() 1
#elif LW_SSE2 && defined(__x86_64__)
#include <smmintrin.h>
#define LW_TARGET_SSE41 __attribute__((target("sse4.1")))
#define LW_HAVE_SSE41() __builtin_cpu_supports("sse4.1")
#endif

/* lw_vv_NAME: lw_x86_NAME where the CPU has the instruction set, else
 * FALLBACK. The lw_x86_ functions take and return __m128i, which travels in
 * an XMM register when the call is not inlined (an lw_v128 would go through
 * general registers and memory, stalling on the way). */
#define LW_VV_DISPATCH1(name, HAVE, FALLBACK)                                                                 \
    static inline lw_v128 lw_vv_##name(lw_v128 a) { return HAVE() ? lw_from_m(lw_x86_##name(lw_m(a))) : FALLBACK(a); }
#define LW_VV_DISPATCH2(name, HAVE, FALLBACK)                                                                 \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        return HAVE() ? lw_from_m(lw_x86_##name(lw_m(a), lw_m(b))) : FALLBACK(a, b);                          \
    }

/* Half vectors, for widening conversions. */
typedef int8_t lw_i8x8 __attribute__((vector_size(8)));
typedef uint8_t lw_u8x8 __attribute__((vector_size(8)));
typedef int16_t lw_i16x4 __attribute__((vector_size(8)));
typedef uint16_t lw_u16x4 __attribute__((vector_size(8)));
typedef int32_t lw_i32x2 __attribute__((vector_size(8)));
typedef uint32_t lw_u32x2 __attribute__((vector_size(8)));
typedef float lw_f32x2 __attribute__((vector_size(8)));

#if LW_SSE2
static inline __m128i lw_m(lw_v128 v) { return (__m128i)v.vi64; }
static inline lw_v128 lw_from_m(__m128i m)
{
    lw_v128 r;
    r.vi64 = (lw_i64x2)m;
    return r;
}
#endif

/* ---- memory: widening loads ------------------------------------------------- */

#define LW_VV_LOAD_EXTEND(name, HALF_T, DST_T, VF)                                                            \
    static inline lw_v128 lw_vv_##name(const uint8_t *p)                                                      \
    {                                                                                                         \
        HALF_T h;                                                                                             \
        memcpy(&h, p, sizeof h);                                                                              \
        lw_v128 r;                                                                                            \
        r.VF = __builtin_convertvector(h, DST_T);                                                             \
        return r;                                                                                             \
    }
LW_VV_LOAD_EXTEND(load8x8_s, lw_i8x8, lw_i16x8, vi16)
LW_VV_LOAD_EXTEND(load8x8_u, lw_u8x8, lw_u16x8, vu16)
LW_VV_LOAD_EXTEND(load16x4_s, lw_i16x4, lw_i32x4, vi32)
LW_VV_LOAD_EXTEND(load16x4_u, lw_u16x4, lw_u32x4, vu32)
LW_VV_LOAD_EXTEND(load32x2_s, lw_i32x2, lw_i64x2, vi64)
LW_VV_LOAD_EXTEND(load32x2_u, lw_u32x2, lw_u64x2, vu64)

/* ---- shuffles ------------------------------------------------------------------ */

#ifdef LW_TARGET_SSSE3
/* pshufb zeroes a lane whose selector has its top bit set: adding 0x70 with
 * unsigned saturation sets it exactly for selectors >= 16. */
LW_TARGET_SSSE3 static inline __m128i lw_x86_i8x16_swizzle(__m128i a, __m128i b)
{
    return _mm_shuffle_epi8(a, _mm_adds_epu8(b, _mm_set1_epi8(0x70)));
}
/* Selectors 0..15 pick from a, 16..31 from b: each pshufb sees the other
 * half as out of range (top bit set after the saturating add). */
LW_TARGET_SSSE3 static inline __m128i lw_x86_i8x16_shuffle(__m128i a, __m128i b, const uint8_t *lanes)
{
    __m128i idx = _mm_loadu_si128((const __m128i *)(const void *)lanes);
    __m128i bias = _mm_set1_epi8(0x70);
    __m128i from_a = _mm_shuffle_epi8(a, _mm_adds_epu8(idx, bias));
    __m128i from_b = _mm_shuffle_epi8(b, _mm_adds_epu8(_mm_sub_epi8(idx, _mm_set1_epi8(16)), bias));
    return _mm_or_si128(from_a, from_b);
}
LW_VV_DISPATCH2(i8x16_swizzle, LW_HAVE_SSSE3, lw_vs_i8x16_swizzle)
static inline lw_v128 lw_vv_i8x16_shuffle(lw_v128 a, lw_v128 b, const uint8_t *lanes)
{
    return LW_HAVE_SSSE3() ? lw_from_m(lw_x86_i8x16_shuffle(lw_m(a), lw_m(b), lanes)) : lw_vs_i8x16_shuffle(a, b, lanes);
}
#else
#define lw_vv_i8x16_swizzle lw_vs_i8x16_swizzle
#define lw_vv_i8x16_shuffle lw_vs_i8x16_shuffle
#endif

/* ---- comparisons: vector comparisons yield all-ones / all-zeros lanes --------- */

#define LW_VV_CMP(name, VF, MASK_T, MF, OP)                                                                   \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        r.MF = (MASK_T)(a.VF OP b.VF);                                                                        \
        return r;                                                                                             \
    }
LW_VV_CMP(i8x16_eq, vi8, lw_i8x16, vi8, ==)
LW_VV_CMP(i8x16_ne, vi8, lw_i8x16, vi8, !=)
LW_VV_CMP(i8x16_lt_s, vi8, lw_i8x16, vi8, <)
LW_VV_CMP(i8x16_lt_u, vu8, lw_i8x16, vi8, <)
LW_VV_CMP(i8x16_gt_s, vi8, lw_i8x16, vi8, >)
LW_VV_CMP(i8x16_gt_u, vu8, lw_i8x16, vi8, >)
LW_VV_CMP(i8x16_le_s, vi8, lw_i8x16, vi8, <=)
LW_VV_CMP(i8x16_le_u, vu8, lw_i8x16, vi8, <=)
LW_VV_CMP(i8x16_ge_s, vi8, lw_i8x16, vi8, >=)
LW_VV_CMP(i8x16_ge_u, vu8, lw_i8x16, vi8, >=)
LW_VV_CMP(i16x8_eq, vi16, lw_i16x8, vi16, ==)
LW_VV_CMP(i16x8_ne, vi16, lw_i16x8, vi16, !=)
LW_VV_CMP(i16x8_lt_s, vi16, lw_i16x8, vi16, <)
LW_VV_CMP(i16x8_lt_u, vu16, lw_i16x8, vi16, <)
LW_VV_CMP(i16x8_gt_s, vi16, lw_i16x8, vi16, >)
LW_VV_CMP(i16x8_gt_u, vu16, lw_i16x8, vi16, >)
LW_VV_CMP(i16x8_le_s, vi16, lw_i16x8, vi16, <=)
LW_VV_CMP(i16x8_le_u, vu16, lw_i16x8, vi16, <=)
LW_VV_CMP(i16x8_ge_s, vi16, lw_i16x8, vi16, >=)
LW_VV_CMP(i16x8_ge_u, vu16, lw_i16x8, vi16, >=)
LW_VV_CMP(i32x4_eq, vi32, lw_i32x4, vi32, ==)
LW_VV_CMP(i32x4_ne, vi32, lw_i32x4, vi32, !=)
LW_VV_CMP(i32x4_lt_s, vi32, lw_i32x4, vi32, <)
LW_VV_CMP(i32x4_lt_u, vu32, lw_i32x4, vi32, <)
LW_VV_CMP(i32x4_gt_s, vi32, lw_i32x4, vi32, >)
LW_VV_CMP(i32x4_gt_u, vu32, lw_i32x4, vi32, >)
LW_VV_CMP(i32x4_le_s, vi32, lw_i32x4, vi32, <=)
LW_VV_CMP(i32x4_le_u, vu32, lw_i32x4, vi32, <=)
LW_VV_CMP(i32x4_ge_s, vi32, lw_i32x4, vi32, >=)
LW_VV_CMP(i32x4_ge_u, vu32, lw_i32x4, vi32, >=)
LW_VV_CMP(i64x2_eq, vi64, lw_i64x2, vi64, ==)
LW_VV_CMP(i64x2_ne, vi64, lw_i64x2, vi64, !=)
LW_VV_CMP(i64x2_lt_s, vi64, lw_i64x2, vi64, <)
LW_VV_CMP(i64x2_gt_s, vi64, lw_i64x2, vi64, >)
LW_VV_CMP(i64x2_le_s, vi64, lw_i64x2, vi64, <=)
LW_VV_CMP(i64x2_ge_s, vi64, lw_i64x2, vi64, >=)
/* Float vector comparisons are IEEE's, like C's scalar ones (!= is true on NaN). */
LW_VV_CMP(f32x4_eq, vf32, lw_i32x4, vi32, ==)
LW_VV_CMP(f32x4_ne, vf32, lw_i32x4, vi32, !=)
LW_VV_CMP(f32x4_lt, vf32, lw_i32x4, vi32, <)
LW_VV_CMP(f32x4_gt, vf32, lw_i32x4, vi32, >)
LW_VV_CMP(f32x4_le, vf32, lw_i32x4, vi32, <=)
LW_VV_CMP(f32x4_ge, vf32, lw_i32x4, vi32, >=)
LW_VV_CMP(f64x2_eq, vf64, lw_i64x2, vi64, ==)
LW_VV_CMP(f64x2_ne, vf64, lw_i64x2, vi64, !=)
LW_VV_CMP(f64x2_lt, vf64, lw_i64x2, vi64, <)
LW_VV_CMP(f64x2_gt, vf64, lw_i64x2, vi64, >)
LW_VV_CMP(f64x2_le, vf64, lw_i64x2, vi64, <=)
LW_VV_CMP(f64x2_ge, vf64, lw_i64x2, vi64, >=)

/* ---- element-wise operators ----------------------------------------------------- */

/* r.VF = EXPR over whole vectors a and b. */
#define LW_VV_MAP1(name, VF, EXPR)                                                                            \
    static inline lw_v128 lw_vv_##name(lw_v128 a)                                                             \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        r.VF = (EXPR);                                                                                        \
        return r;                                                                                             \
    }
#define LW_VV_MAP2(name, VF, EXPR)                                                                            \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        r.VF = (EXPR);                                                                                        \
        return r;                                                                                             \
    }

LW_VV_MAP1(v128_not, vu64, ~a.vu64)
LW_VV_MAP2(v128_and, vu64, a.vu64 & b.vu64)
LW_VV_MAP2(v128_andnot, vu64, a.vu64 & ~b.vu64)
LW_VV_MAP2(v128_or, vu64, a.vu64 | b.vu64)
LW_VV_MAP2(v128_xor, vu64, a.vu64 ^ b.vu64)
static inline lw_v128 lw_vv_v128_bitselect(lw_v128 a, lw_v128 b, lw_v128 c)
{
    lw_v128 r;
    r.vu64 = (a.vu64 & c.vu64) | (b.vu64 & ~c.vu64);
    return r;
}

/* Wrapping arithmetic on unsigned lanes (no signed overflow). */
LW_VV_MAP2(i8x16_add, vu8, a.vu8 + b.vu8)
LW_VV_MAP2(i16x8_add, vu16, a.vu16 + b.vu16)
LW_VV_MAP2(i32x4_add, vu32, a.vu32 + b.vu32)
LW_VV_MAP2(i64x2_add, vu64, a.vu64 + b.vu64)
LW_VV_MAP2(i8x16_sub, vu8, a.vu8 - b.vu8)
LW_VV_MAP2(i16x8_sub, vu16, a.vu16 - b.vu16)
LW_VV_MAP2(i32x4_sub, vu32, a.vu32 - b.vu32)
LW_VV_MAP2(i64x2_sub, vu64, a.vu64 - b.vu64)
LW_VV_MAP2(i16x8_mul, vu16, a.vu16 * b.vu16)
LW_VV_MAP2(i32x4_mul, vu32, a.vu32 * b.vu32)
LW_VV_MAP2(i64x2_mul, vu64, a.vu64 * b.vu64)
LW_VV_MAP1(i8x16_neg, vu8, -a.vu8)
LW_VV_MAP1(i16x8_neg, vu16, -a.vu16)
LW_VV_MAP1(i32x4_neg, vu32, -a.vu32)
LW_VV_MAP1(i64x2_neg, vu64, -a.vu64)

/* abs: (x ^ s) - s with s the lane's sign spread over it. */
#if LW_SSSE3
static inline lw_v128 lw_vv_i8x16_abs(lw_v128 a) { return lw_from_m(_mm_abs_epi8(lw_m(a))); }
static inline lw_v128 lw_vv_i16x8_abs(lw_v128 a) { return lw_from_m(_mm_abs_epi16(lw_m(a))); }
static inline lw_v128 lw_vv_i32x4_abs(lw_v128 a) { return lw_from_m(_mm_abs_epi32(lw_m(a))); }
#else
LW_VV_MAP1(i8x16_abs, vu8, (a.vu8 ^ (lw_u8x16)(a.vi8 >> 7)) - (lw_u8x16)(a.vi8 >> 7))
LW_VV_MAP1(i16x8_abs, vu16, (a.vu16 ^ (lw_u16x8)(a.vi16 >> 15)) - (lw_u16x8)(a.vi16 >> 15))
LW_VV_MAP1(i32x4_abs, vu32, (a.vu32 ^ (lw_u32x4)(a.vi32 >> 31)) - (lw_u32x4)(a.vi32 >> 31))
#endif
LW_VV_MAP1(i64x2_abs, vu64, (a.vu64 ^ (lw_u64x2)(a.vi64 >> 63)) - (lw_u64x2)(a.vi64 >> 63))

/* popcnt: the classic bit-slicing sums, in 16-bit lanes (x86 has no byte
 * shifts) with masks that keep every step inside its byte; with SSSE3, two
 * lookups of a nibble's count. */
static inline lw_v128 lw_vv_popcnt_bitslice(lw_v128 a)
{
    lw_u16x8 x = a.vu16;
    x = x - ((x >> 1) & 0x5555);
    x = (x & 0x3333) + ((x >> 2) & 0x3333);
    x = (x + (x >> 4)) & 0x0F0F;
    lw_v128 r;
    r.vu16 = x;
    return r;
}
#ifdef LW_TARGET_SSSE3
LW_TARGET_SSSE3 static inline __m128i lw_x86_i8x16_popcnt(__m128i x)
{
    const __m128i nibble_counts = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m128i low4 = _mm_set1_epi8(0x0F);
    __m128i lo = _mm_shuffle_epi8(nibble_counts, _mm_and_si128(x, low4));
    __m128i hi = _mm_shuffle_epi8(nibble_counts, _mm_and_si128(_mm_srli_epi16(x, 4), low4));
    return _mm_add_epi8(lo, hi);
}
LW_VV_DISPATCH1(i8x16_popcnt, LW_HAVE_SSSE3, lw_vv_popcnt_bitslice)
#else
#define lw_vv_i8x16_popcnt lw_vv_popcnt_bitslice
#endif

/* Integer min/max: select by a comparison mask. */
#define LW_VV_SELECT_CMP(name, VF, UF, UT, OP)                                                                \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        UT m = (UT)(a.VF OP b.VF);                                                                            \
        lw_v128 r;                                                                                            \
        r.UF = (a.UF & m) | (b.UF & ~m);                                                                      \
        return r;                                                                                             \
    }
LW_VV_SELECT_CMP(i8x16_min_s, vi8, vu8, lw_u8x16, <)
LW_VV_SELECT_CMP(i8x16_min_u, vu8, vu8, lw_u8x16, <)
LW_VV_SELECT_CMP(i8x16_max_s, vi8, vu8, lw_u8x16, >)
LW_VV_SELECT_CMP(i8x16_max_u, vu8, vu8, lw_u8x16, >)
LW_VV_SELECT_CMP(i16x8_min_s, vi16, vu16, lw_u16x8, <)
LW_VV_SELECT_CMP(i16x8_min_u, vu16, vu16, lw_u16x8, <)
LW_VV_SELECT_CMP(i16x8_max_s, vi16, vu16, lw_u16x8, >)
LW_VV_SELECT_CMP(i16x8_max_u, vu16, vu16, lw_u16x8, >)
LW_VV_SELECT_CMP(i32x4_min_s, vi32, vu32, lw_u32x4, <)
LW_VV_SELECT_CMP(i32x4_min_u, vu32, vu32, lw_u32x4, <)
LW_VV_SELECT_CMP(i32x4_max_s, vi32, vu32, lw_u32x4, >)
LW_VV_SELECT_CMP(i32x4_max_u, vu32, vu32, lw_u32x4, >)

/* Saturating arithmetic: SSE2 has it for 8- and 16-bit lanes; elsewhere the
 * unsigned forms are a wrap test, the signed ones the reference loop. */
#if LW_SSE2
#define LW_VV_SSE2_BIN(name, INTRIN)                                                                          \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b) { return lw_from_m(INTRIN(lw_m(a), lw_m(b))); }
LW_VV_SSE2_BIN(i8x16_add_sat_s, _mm_adds_epi8)
LW_VV_SSE2_BIN(i8x16_add_sat_u, _mm_adds_epu8)
LW_VV_SSE2_BIN(i8x16_sub_sat_s, _mm_subs_epi8)
LW_VV_SSE2_BIN(i8x16_sub_sat_u, _mm_subs_epu8)
LW_VV_SSE2_BIN(i16x8_add_sat_s, _mm_adds_epi16)
LW_VV_SSE2_BIN(i16x8_add_sat_u, _mm_adds_epu16)
LW_VV_SSE2_BIN(i16x8_sub_sat_s, _mm_subs_epi16)
LW_VV_SSE2_BIN(i16x8_sub_sat_u, _mm_subs_epu16)
LW_VV_SSE2_BIN(i8x16_avgr_u, _mm_avg_epu8)
LW_VV_SSE2_BIN(i16x8_avgr_u, _mm_avg_epu16)
LW_VV_SSE2_BIN(i8x16_narrow_i16x8_s, _mm_packs_epi16)
LW_VV_SSE2_BIN(i8x16_narrow_i16x8_u, _mm_packus_epi16)
LW_VV_SSE2_BIN(i16x8_narrow_i32x4_s, _mm_packs_epi32)
LW_VV_SSE2_BIN(i32x4_dot_i16x8_s, _mm_madd_epi16)
#else
LW_VV_MAP2(i8x16_add_sat_u, vu8, (a.vu8 + b.vu8) | (lw_u8x16)(a.vu8 + b.vu8 < a.vu8))
LW_VV_MAP2(i8x16_sub_sat_u, vu8, (a.vu8 - b.vu8) & (lw_u8x16)(a.vu8 >= b.vu8))
LW_VV_MAP2(i16x8_add_sat_u, vu16, (a.vu16 + b.vu16) | (lw_u16x8)(a.vu16 + b.vu16 < a.vu16))
LW_VV_MAP2(i16x8_sub_sat_u, vu16, (a.vu16 - b.vu16) & (lw_u16x8)(a.vu16 >= b.vu16))
/* The rounding-up average without widening: (a | b) - ((a ^ b) >> 1). */
LW_VV_MAP2(i8x16_avgr_u, vu8, (a.vu8 | b.vu8) - ((a.vu8 ^ b.vu8) >> 1))
LW_VV_MAP2(i16x8_avgr_u, vu16, (a.vu16 | b.vu16) - ((a.vu16 ^ b.vu16) >> 1))
#define lw_vv_i8x16_add_sat_s lw_vs_i8x16_add_sat_s
#define lw_vv_i8x16_sub_sat_s lw_vs_i8x16_sub_sat_s
#define lw_vv_i16x8_add_sat_s lw_vs_i16x8_add_sat_s
#define lw_vv_i16x8_sub_sat_s lw_vs_i16x8_sub_sat_s
#define lw_vv_i8x16_narrow_i16x8_s lw_vs_i8x16_narrow_i16x8_s
#define lw_vv_i8x16_narrow_i16x8_u lw_vs_i8x16_narrow_i16x8_u
#define lw_vv_i16x8_narrow_i32x4_s lw_vs_i16x8_narrow_i32x4_s
#define lw_vv_i32x4_dot_i16x8_s lw_vs_i32x4_dot_i16x8_s
#endif
#ifdef LW_TARGET_SSE41
LW_TARGET_SSE41 static inline __m128i lw_x86_i16x8_narrow_i32x4_u(__m128i a, __m128i b)
{
    return _mm_packus_epi32(a, b);
}
LW_VV_DISPATCH2(i16x8_narrow_i32x4_u, LW_HAVE_SSE41, lw_vs_i16x8_narrow_i32x4_u)
#else
#define lw_vv_i16x8_narrow_i32x4_u lw_vs_i16x8_narrow_i32x4_u
#endif

/* Q15 multiply: pmulhrsw rounds the same way and differs only where it
 * wraps -32768 * -32768 to -32768 instead of saturating to 32767. */
#ifdef LW_TARGET_SSSE3
LW_TARGET_SSSE3 static inline __m128i lw_x86_i16x8_q15mulr_sat_s(__m128i a, __m128i b)
{
    __m128i r = _mm_mulhrs_epi16(a, b);
    return _mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16(INT16_MIN)));
}
LW_VV_DISPATCH2(i16x8_q15mulr_sat_s, LW_HAVE_SSSE3, lw_vs_i16x8_q15mulr_sat_s)
#else
#define lw_vv_i16x8_q15mulr_sat_s lw_vs_i16x8_q15mulr_sat_s
#endif

/* ---- reductions ------------------------------------------------------------------- */

#if LW_SSE2
static inline uint32_t lw_vv_i8x16_bitmask(lw_v128 a) { return (uint32_t)_mm_movemask_epi8(lw_m(a)); }
static inline uint32_t lw_vv_i16x8_bitmask(lw_v128 a)
{
    /* Signed saturation keeps each lane's sign in the packed byte. */
    return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16(lw_m(a), _mm_setzero_si128())) & 0xFFu;
}
static inline uint32_t lw_vv_i32x4_bitmask(lw_v128 a) { return (uint32_t)_mm_movemask_ps((__m128)lw_m(a)); }
static inline uint32_t lw_vv_i64x2_bitmask(lw_v128 a) { return (uint32_t)_mm_movemask_pd((__m128d)lw_m(a)); }
/* all_true: no lane compares equal to zero. */
static inline uint32_t lw_vv_i8x16_all_true(lw_v128 a)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi8(lw_m(a), _mm_setzero_si128())) == 0;
}
static inline uint32_t lw_vv_i16x8_all_true(lw_v128 a)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi16(lw_m(a), _mm_setzero_si128())) == 0;
}
static inline uint32_t lw_vv_i32x4_all_true(lw_v128 a)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi32(lw_m(a), _mm_setzero_si128())) == 0;
}
#else
#define lw_vv_i8x16_bitmask lw_vs_i8x16_bitmask
#define lw_vv_i16x8_bitmask lw_vs_i16x8_bitmask
#define lw_vv_i32x4_bitmask lw_vs_i32x4_bitmask
#define lw_vv_i64x2_bitmask lw_vs_i64x2_bitmask
#define lw_vv_i8x16_all_true lw_vs_i8x16_all_true
#define lw_vv_i16x8_all_true lw_vs_i16x8_all_true
#define lw_vv_i32x4_all_true lw_vs_i32x4_all_true
#endif

/* ---- shifts: counts modulo the lane width --------------------------------------------- */

#define LW_VV_SHIFT(name, VF, BITS, OP)                                                                       \
    static inline lw_v128 lw_vv_##name(lw_v128 a, uint32_t b)                                                 \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        r.VF = a.VF OP (b & ((BITS) - 1));                                                                    \
        return r;                                                                                             \
    }
LW_VV_SHIFT(i16x8_shl, vu16, 16, <<)
LW_VV_SHIFT(i16x8_shr_s, vi16, 16, >>)
LW_VV_SHIFT(i16x8_shr_u, vu16, 16, >>)
LW_VV_SHIFT(i32x4_shl, vu32, 32, <<)
LW_VV_SHIFT(i32x4_shr_s, vi32, 32, >>)
LW_VV_SHIFT(i32x4_shr_u, vu32, 32, >>)
LW_VV_SHIFT(i64x2_shl, vu64, 64, <<)
LW_VV_SHIFT(i64x2_shr_s, vi64, 64, >>)
LW_VV_SHIFT(i64x2_shr_u, vu64, 64, >>)
/* Byte lanes: shift 16-bit lanes and mask off what crossed a byte boundary;
 * the arithmetic shift flips the sign bit first and subtracts it back. */
static inline lw_v128 lw_vv_i8x16_shl(lw_v128 a, uint32_t b)
{
    unsigned k = b & 7;
    lw_v128 r;
    r.vu16 = (a.vu16 << k) & (uint16_t)(0x0101u * (0xFFu << k & 0xFFu));
    return r;
}
static inline lw_v128 lw_vv_i8x16_shr_u(lw_v128 a, uint32_t b)
{
    unsigned k = b & 7;
    lw_v128 r;
    r.vu16 = (a.vu16 >> k) & (uint16_t)(0x0101u * (0xFFu >> k));
    return r;
}
static inline lw_v128 lw_vv_i8x16_shr_s(lw_v128 a, uint32_t b)
{
    unsigned k = b & 7;
    lw_v128 r;
    r.vu8 = lw_vv_i8x16_shr_u(lw_vv_v128_xor(a, lw_vs_i8x16_splat(0x80)), k).vu8 - (uint8_t)(0x80u >> k);
    return r;
}

/* ---- widening ------------------------------------------------------------------------ */

#define LW_VV_EXTEND(name, HALF_T, OFFSET, SF, DST_T, VF)                                                     \
    static inline lw_v128 lw_vv_##name(lw_v128 a)                                                             \
    {                                                                                                         \
        HALF_T h;                                                                                             \
        memcpy(&h, a.SF + (OFFSET), sizeof h);                                                                \
        lw_v128 r;                                                                                            \
        r.VF = __builtin_convertvector(h, DST_T);                                                             \
        return r;                                                                                             \
    }
LW_VV_EXTEND(i16x8_extend_low_i8x16_s, lw_i8x8, 0, i8, lw_i16x8, vi16)
LW_VV_EXTEND(i16x8_extend_high_i8x16_s, lw_i8x8, 8, i8, lw_i16x8, vi16)
LW_VV_EXTEND(i16x8_extend_low_i8x16_u, lw_u8x8, 0, u8, lw_u16x8, vu16)
LW_VV_EXTEND(i16x8_extend_high_i8x16_u, lw_u8x8, 8, u8, lw_u16x8, vu16)
LW_VV_EXTEND(i32x4_extend_low_i16x8_s, lw_i16x4, 0, i16, lw_i32x4, vi32)
LW_VV_EXTEND(i32x4_extend_high_i16x8_s, lw_i16x4, 4, i16, lw_i32x4, vi32)
LW_VV_EXTEND(i32x4_extend_low_i16x8_u, lw_u16x4, 0, u16, lw_u32x4, vu32)
LW_VV_EXTEND(i32x4_extend_high_i16x8_u, lw_u16x4, 4, u16, lw_u32x4, vu32)
LW_VV_EXTEND(i64x2_extend_low_i32x4_s, lw_i32x2, 0, i32, lw_i64x2, vi64)
LW_VV_EXTEND(i64x2_extend_high_i32x4_s, lw_i32x2, 2, i32, lw_i64x2, vi64)
LW_VV_EXTEND(i64x2_extend_low_i32x4_u, lw_u32x2, 0, u32, lw_u64x2, vu64)
LW_VV_EXTEND(i64x2_extend_high_i32x4_u, lw_u32x2, 2, u32, lw_u64x2, vu64)

/* extmul: the product of the widened halves (exact in the wider lanes). */
#define LW_VV_EXTMUL(name, EXTEND, VF)                                                                        \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        lw_v128 r;                                                                                            \
        r.VF = lw_vv_##EXTEND(a).VF * lw_vv_##EXTEND(b).VF;                                                   \
        return r;                                                                                             \
    }
LW_VV_EXTMUL(i16x8_extmul_low_i8x16_s, i16x8_extend_low_i8x16_s, vu16)
LW_VV_EXTMUL(i16x8_extmul_high_i8x16_s, i16x8_extend_high_i8x16_s, vu16)
LW_VV_EXTMUL(i16x8_extmul_low_i8x16_u, i16x8_extend_low_i8x16_u, vu16)
LW_VV_EXTMUL(i16x8_extmul_high_i8x16_u, i16x8_extend_high_i8x16_u, vu16)
LW_VV_EXTMUL(i32x4_extmul_low_i16x8_s, i32x4_extend_low_i16x8_s, vu32)
LW_VV_EXTMUL(i32x4_extmul_high_i16x8_s, i32x4_extend_high_i16x8_s, vu32)
LW_VV_EXTMUL(i32x4_extmul_low_i16x8_u, i32x4_extend_low_i16x8_u, vu32)
LW_VV_EXTMUL(i32x4_extmul_high_i16x8_u, i32x4_extend_high_i16x8_u, vu32)
LW_VV_EXTMUL(i64x2_extmul_low_i32x4_s, i64x2_extend_low_i32x4_s, vu64)
LW_VV_EXTMUL(i64x2_extmul_high_i32x4_s, i64x2_extend_high_i32x4_s, vu64)
LW_VV_EXTMUL(i64x2_extmul_low_i32x4_u, i64x2_extend_low_i32x4_u, vu64)
LW_VV_EXTMUL(i64x2_extmul_high_i32x4_u, i64x2_extend_high_i32x4_u, vu64)

/* extadd_pairwise: pmaddubsw / pmaddwd against ones add neighbouring lanes. */
#ifdef LW_TARGET_SSSE3
LW_TARGET_SSSE3 static inline __m128i lw_x86_i16x8_extadd_pairwise_i8x16_s(__m128i a)
{
    return _mm_maddubs_epi16(_mm_set1_epi8(1), a); /* 1 unsigned * a signed */
}
LW_TARGET_SSSE3 static inline __m128i lw_x86_i16x8_extadd_pairwise_i8x16_u(__m128i a)
{
    return _mm_maddubs_epi16(a, _mm_set1_epi8(1)); /* a unsigned * 1 signed */
}
LW_VV_DISPATCH1(i16x8_extadd_pairwise_i8x16_s, LW_HAVE_SSSE3, lw_vs_i16x8_extadd_pairwise_i8x16_s)
LW_VV_DISPATCH1(i16x8_extadd_pairwise_i8x16_u, LW_HAVE_SSSE3, lw_vs_i16x8_extadd_pairwise_i8x16_u)
#else
#define lw_vv_i16x8_extadd_pairwise_i8x16_s lw_vs_i16x8_extadd_pairwise_i8x16_s
#define lw_vv_i16x8_extadd_pairwise_i8x16_u lw_vs_i16x8_extadd_pairwise_i8x16_u
#endif
#if LW_SSE2
static inline lw_v128 lw_vv_i32x4_extadd_pairwise_i16x8_s(lw_v128 a)
{
    return lw_from_m(_mm_madd_epi16(lw_m(a), _mm_set1_epi16(1)));
}
/* Unsigned lanes biased into signed range: (a - 2^15) + (b - 2^15) + 2^16. */
static inline lw_v128 lw_vv_i32x4_extadd_pairwise_i16x8_u(lw_v128 a)
{
    __m128i biased = _mm_xor_si128(lw_m(a), _mm_set1_epi16(INT16_MIN));
    return lw_from_m(_mm_add_epi32(_mm_madd_epi16(biased, _mm_set1_epi16(1)), _mm_set1_epi32(0x10000)));
}
#else
#define lw_vv_i32x4_extadd_pairwise_i16x8_s lw_vs_i32x4_extadd_pairwise_i16x8_s
#define lw_vv_i32x4_extadd_pairwise_i16x8_u lw_vs_i32x4_extadd_pairwise_i16x8_u
#endif

/* ---- floats --------------------------------------------------------------------------- */

LW_VV_MAP1(f32x4_abs, vu32, a.vu32 & 0x7FFFFFFFu)
LW_VV_MAP1(f32x4_neg, vu32, a.vu32 ^ 0x80000000u)
LW_VV_MAP1(f64x2_abs, vu64, a.vu64 & 0x7FFFFFFFFFFFFFFFu)
LW_VV_MAP1(f64x2_neg, vu64, a.vu64 ^ 0x8000000000000000u)
LW_VV_MAP2(f32x4_add, vf32, a.vf32 + b.vf32)
LW_VV_MAP2(f32x4_sub, vf32, a.vf32 - b.vf32)
LW_VV_MAP2(f32x4_mul, vf32, a.vf32 * b.vf32)
LW_VV_MAP2(f32x4_div, vf32, a.vf32 / b.vf32)
LW_VV_MAP2(f64x2_add, vf64, a.vf64 + b.vf64)
LW_VV_MAP2(f64x2_sub, vf64, a.vf64 - b.vf64)
LW_VV_MAP2(f64x2_mul, vf64, a.vf64 * b.vf64)
LW_VV_MAP2(f64x2_div, vf64, a.vf64 / b.vf64)

#if LW_SSE2
static inline lw_v128 lw_vv_f32x4_sqrt(lw_v128 a)
{
    lw_v128 r;
    r.vf32 = (lw_f32x4)_mm_sqrt_ps((__m128)a.vf32);
    return r;
}
static inline lw_v128 lw_vv_f64x2_sqrt(lw_v128 a)
{
    lw_v128 r;
    r.vf64 = (lw_f64x2)_mm_sqrt_pd((__m128d)a.vf64);
    return r;
}
#else
#define lw_vv_f32x4_sqrt lw_vs_f32x4_sqrt
#define lw_vv_f64x2_sqrt lw_vs_f64x2_sqrt
#endif

/* min/max as the scalar instructions: a NaN operand gives a NaN (a + b
 * propagates and quiets it), -0 < +0 (equal operands: OR / AND of the bits). */
#define LW_VV_MINMAX(name, VF, UF, UT, OP, EQ_OP)                                                             \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        UT first = (UT)(a.VF OP b.VF), second = (UT)(b.VF OP a.VF);                                           \
        UT nan = (UT)(a.VF != a.VF) | (UT)(b.VF != b.VF);                                                     \
        lw_v128 sum, r;                                                                                       \
        sum.VF = a.VF + b.VF;                                                                                 \
        r.UF = (a.UF & first) | (b.UF & second) | ((a.UF EQ_OP b.UF) & ~(first | second | nan)) | (sum.UF & nan); \
        return r;                                                                                             \
    }
LW_VV_MINMAX(f32x4_min, vf32, vu32, lw_u32x4, <, |)
LW_VV_MINMAX(f32x4_max, vf32, vu32, lw_u32x4, >, &)
LW_VV_MINMAX(f64x2_min, vf64, vu64, lw_u64x2, <, |)
LW_VV_MINMAX(f64x2_max, vf64, vu64, lw_u64x2, >, &)

/* pmin: b < a ? b : a; pmax: a < b ? b : a. */
#define LW_VV_PMINMAX(name, VF, UF, UT, X, Y)                                                                 \
    static inline lw_v128 lw_vv_##name(lw_v128 a, lw_v128 b)                                                  \
    {                                                                                                         \
        UT m = (UT)(X.VF < Y.VF);                                                                             \
        lw_v128 r;                                                                                            \
        r.UF = (b.UF & m) | (a.UF & ~m);                                                                      \
        return r;                                                                                             \
    }
LW_VV_PMINMAX(f32x4_pmin, vf32, vu32, lw_u32x4, b, a)
LW_VV_PMINMAX(f32x4_pmax, vf32, vu32, lw_u32x4, a, b)
LW_VV_PMINMAX(f64x2_pmin, vf64, vu64, lw_u64x2, b, a)
LW_VV_PMINMAX(f64x2_pmax, vf64, vu64, lw_u64x2, a, b)

/* Rounding: roundps/roundpd (SSE4.1) quiet a NaN as the spec wants. */
#ifdef LW_TARGET_SSE41
#define LW_VV_ROUND(name, INTRIN, MT, MODE)                                                                   \
    LW_TARGET_SSE41 static inline __m128i lw_x86_##name(__m128i a)                                            \
    {                                                                                                         \
        return (__m128i)INTRIN((MT)a, (MODE) | _MM_FROUND_NO_EXC);                                            \
    }                                                                                                         \
    LW_VV_DISPATCH1(name, LW_HAVE_SSE41, lw_vs_##name)
LW_VV_ROUND(f32x4_ceil, _mm_round_ps, __m128, _MM_FROUND_TO_POS_INF)
LW_VV_ROUND(f32x4_floor, _mm_round_ps, __m128, _MM_FROUND_TO_NEG_INF)
LW_VV_ROUND(f32x4_trunc, _mm_round_ps, __m128, _MM_FROUND_TO_ZERO)
LW_VV_ROUND(f32x4_nearest, _mm_round_ps, __m128, _MM_FROUND_TO_NEAREST_INT)
LW_VV_ROUND(f64x2_ceil, _mm_round_pd, __m128d, _MM_FROUND_TO_POS_INF)
LW_VV_ROUND(f64x2_floor, _mm_round_pd, __m128d, _MM_FROUND_TO_NEG_INF)
LW_VV_ROUND(f64x2_trunc, _mm_round_pd, __m128d, _MM_FROUND_TO_ZERO)
LW_VV_ROUND(f64x2_nearest, _mm_round_pd, __m128d, _MM_FROUND_TO_NEAREST_INT)
#else
#define lw_vv_f32x4_ceil lw_vs_f32x4_ceil
#define lw_vv_f32x4_floor lw_vs_f32x4_floor
#define lw_vv_f32x4_trunc lw_vs_f32x4_trunc
#define lw_vv_f32x4_nearest lw_vs_f32x4_nearest
#define lw_vv_f64x2_ceil lw_vs_f64x2_ceil
#define lw_vv_f64x2_floor lw_vs_f64x2_floor
#define lw_vv_f64x2_trunc lw_vs_f64x2_trunc
#define lw_vv_f64x2_nearest lw_vs_f64x2_nearest
#endif

/* ---- conversions ------------------------------------------------------------------------ */

LW_VV_MAP1(f32x4_convert_i32x4_s, vf32, __builtin_convertvector(a.vi32, lw_f32x4))
LW_VV_MAP1(f32x4_convert_i32x4_u, vf32, __builtin_convertvector(a.vu32, lw_f32x4))

/* Every i32 and f32 is exact as an f64: converting the low half cannot round. */
#define LW_VV_CONVERT_LOW(name, HALF_T, SF, DST_T, VF)                                                        \
    static inline lw_v128 lw_vv_##name(lw_v128 a)                                                             \
    {                                                                                                         \
        HALF_T h;                                                                                             \
        memcpy(&h, a.SF, sizeof h);                                                                           \
        lw_v128 r;                                                                                            \
        r.VF = __builtin_convertvector(h, DST_T);                                                             \
        return r;                                                                                             \
    }
LW_VV_CONVERT_LOW(f64x2_convert_low_i32x4_s, lw_i32x2, i32, lw_f64x2, vf64)
LW_VV_CONVERT_LOW(f64x2_convert_low_i32x4_u, lw_u32x2, u32, lw_f64x2, vf64)
LW_VV_CONVERT_LOW(f64x2_promote_low_f32x4, lw_f32x2, u32, lw_f64x2, vf64)

static inline lw_v128 lw_vv_f32x4_demote_f64x2_zero(lw_v128 a)
{
    lw_f32x2 low = __builtin_convertvector(a.vf64, lw_f32x2);
    lw_v128 r = lw_v128_zero();
    memcpy(r.u32, &low, sizeof low);
    return r;
}

/* Signed saturating truncation: cvttps2dq gives INT32_MIN for NaN and
 * anything out of range; NaN lanes are zeroed first, and lanes >= 2^31 get
 * INT32_MIN flipped to INT32_MAX. */
static inline lw_v128 lw_vv_i32x4_trunc_sat_f32x4_s(lw_v128 a)
{
#if LW_SSE2
    __m128 x = (__m128)a.vf32;
    x = _mm_and_ps(x, _mm_cmpord_ps(x, x));
    __m128i r = _mm_cvttps_epi32(x);
    __m128i over = (__m128i)_mm_cmpge_ps(x, _mm_set1_ps(2147483648.0f));
    return lw_from_m(_mm_xor_si128(r, over));
#else
    return lw_vs_i32x4_trunc_sat_f32x4_s(a);
#endif
}

#endif /* LW_SIMD_VECTOR */
#endif
