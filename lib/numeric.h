/* numeric.h — WebAssembly's exact numeric semantics as static inline helpers on raw value bits. */
#ifndef LW_NUMERIC_H
#define LW_NUMERIC_H

/*
 * Every helper takes and returns the representation an lw_value slot holds:
 * integers as unsigned words, floats as their IEEE-754 bit patterns. Working
 * on bits keeps NaN payloads intact where the spec demands it (abs, neg,
 * copysign, reinterpret, loads/stores) and keeps C's undefined behaviour
 * (signed overflow, oversized shifts, out-of-range float->int) out of reach.
 * Helpers that can trap return the result and set *trap; they leave *trap
 * alone on success so a caller can test one variable after several calls.
 */

#include "libwasm.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- bit views ------------------------------------------------------------ */

/* One value's bits as another type of the same width (memcpy: exact, and
 * no instruction, or one move between register files, once inlined). */
#define LW_BIT_VIEW(name, to, from)                                                                           \
    static inline to name(from a)                                                                             \
    {                                                                                                         \
        to r;                                                                                                 \
        memcpy(&r, &a, sizeof r);                                                                             \
        return r;                                                                                             \
    }
LW_BIT_VIEW(lw_f32_of, float, uint32_t)
LW_BIT_VIEW(lw_f32_bits, uint32_t, float)
LW_BIT_VIEW(lw_f64_of, double, uint64_t)
LW_BIT_VIEW(lw_f64_bits, uint64_t, double)

#define LW_F32_SIGN 0x80000000u
#define LW_F64_SIGN 0x8000000000000000u

/* ---- integers ------------------------------------------------------------- */

static inline uint32_t lw_i32_clz(uint32_t a) { return a ? (uint32_t)__builtin_clz(a) : 32u; }
static inline uint32_t lw_i32_ctz(uint32_t a) { return a ? (uint32_t)__builtin_ctz(a) : 32u; }
static inline uint32_t lw_i32_popcnt(uint32_t a) { return (uint32_t)__builtin_popcount(a); }
static inline uint64_t lw_i64_clz(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64u; }
static inline uint64_t lw_i64_ctz(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64u; }
static inline uint64_t lw_i64_popcnt(uint64_t a) { return (uint64_t)__builtin_popcountll(a); }

/* Two's-complement reinterpretations without implementation-defined casts:
 * the exact-width signed types are two's complement, so the bit views are
 * exact, and compilers make them no instruction (or one sign-extending move)
 * wherever they are inlined, which arithmetic on the sign bit does not ensure. */
LW_BIT_VIEW(lw_i32_signed, int32_t, uint32_t)
LW_BIT_VIEW(lw_i64_signed, int64_t, uint64_t)
LW_BIT_VIEW(lw_i8_signed, int8_t, uint8_t)
LW_BIT_VIEW(lw_i16_signed, int16_t, uint16_t)
/* Whether the compiler's >> of a negative number shifts the sign in (gcc and
 * clang document that it does): then the arithmetic shifts below are one
 * instruction; else they go through an xor with the sign. */
#define LW_SIGNED_SHIFT_IS_ARITHMETIC ((INT32_C(-1) >> 1) == INT32_C(-1))

static inline uint32_t lw_i32_shl(uint32_t a, uint32_t b) { return a << (b & 31); }
static inline uint32_t lw_i32_shr_u(uint32_t a, uint32_t b) { return a >> (b & 31); }
static inline uint32_t lw_i32_shr_s(uint32_t a, uint32_t b)
{
    uint32_t k = b & 31;
    if (LW_SIGNED_SHIFT_IS_ARITHMETIC)
        return (uint32_t)(lw_i32_signed(a) >> k);
    uint32_t sign = 0u - (a >> 31);
    return ((a ^ sign) >> k) ^ sign;
}
static inline uint32_t lw_i32_rotl(uint32_t a, uint32_t b)
{
    uint32_t k = b & 31;
    return (a << k) | (a >> ((32 - k) & 31));
}
static inline uint32_t lw_i32_rotr(uint32_t a, uint32_t b)
{
    uint32_t k = b & 31;
    return (a >> k) | (a << ((32 - k) & 31));
}
static inline uint64_t lw_i64_shl(uint64_t a, uint64_t b) { return a << (b & 63); }
static inline uint64_t lw_i64_shr_u(uint64_t a, uint64_t b) { return a >> (b & 63); }
static inline uint64_t lw_i64_shr_s(uint64_t a, uint64_t b)
{
    uint64_t k = b & 63;
    if (LW_SIGNED_SHIFT_IS_ARITHMETIC)
        return (uint64_t)(lw_i64_signed(a) >> k);
    uint64_t sign = 0u - (a >> 63);
    return ((a ^ sign) >> k) ^ sign;
}
static inline uint64_t lw_i64_rotl(uint64_t a, uint64_t b)
{
    uint64_t k = b & 63;
    return (a << k) | (a >> ((64 - k) & 63));
}
static inline uint64_t lw_i64_rotr(uint64_t a, uint64_t b)
{
    uint64_t k = b & 63;
    return (a >> k) | (a << ((64 - k) & 63));
}

static inline uint32_t lw_i32_div_s(uint32_t a, uint32_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    if (a == 0x80000000u && b == UINT32_MAX) {
        *trap = LWASM_TRAP_INT_OVERFLOW;
        return 0;
    }
    return (uint32_t)(lw_i32_signed(a) / lw_i32_signed(b));
}
static inline uint32_t lw_i32_div_u(uint32_t a, uint32_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    return a / b;
}
static inline uint32_t lw_i32_rem_s(uint32_t a, uint32_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    if (b == UINT32_MAX) /* INT_MIN % -1 overflows in C; the answer is 0 */
        return 0;
    return (uint32_t)(lw_i32_signed(a) % lw_i32_signed(b));
}
static inline uint32_t lw_i32_rem_u(uint32_t a, uint32_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    return a % b;
}
static inline uint64_t lw_i64_div_s(uint64_t a, uint64_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    if (a == LW_F64_SIGN && b == UINT64_MAX) {
        *trap = LWASM_TRAP_INT_OVERFLOW;
        return 0;
    }
    return (uint64_t)(lw_i64_signed(a) / lw_i64_signed(b));
}
static inline uint64_t lw_i64_div_u(uint64_t a, uint64_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    return a / b;
}
static inline uint64_t lw_i64_rem_s(uint64_t a, uint64_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    if (b == UINT64_MAX)
        return 0;
    return (uint64_t)(lw_i64_signed(a) % lw_i64_signed(b));
}
static inline uint64_t lw_i64_rem_u(uint64_t a, uint64_t b, lwasm_trapkind *trap)
{
    if (b == 0) {
        *trap = LWASM_TRAP_INT_DIV_BY_ZERO;
        return 0;
    }
    return a % b;
}

/* Sign extension from the low n bits, in unsigned arithmetic. */
static inline uint32_t lw_i32_extend8_s(uint32_t a) { return (uint32_t)(int32_t)lw_i8_signed((uint8_t)a); }
static inline uint32_t lw_i32_extend16_s(uint32_t a) { return (uint32_t)(int32_t)lw_i16_signed((uint16_t)a); }
static inline uint64_t lw_i64_extend8_s(uint64_t a) { return (uint64_t)(int64_t)lw_i8_signed((uint8_t)a); }
static inline uint64_t lw_i64_extend16_s(uint64_t a) { return (uint64_t)(int64_t)lw_i16_signed((uint16_t)a); }
static inline uint64_t lw_i64_extend32_s(uint64_t a) { return (uint64_t)(int64_t)lw_i32_signed((uint32_t)a); }
static inline uint64_t lw_i64_extend_i32_s(uint32_t a) { return lw_i64_extend32_s(a); }

/* ---- floats: bit operations (never touch the FPU, so NaNs pass untouched) -- */

static inline uint32_t lw_f32_abs(uint32_t a) { return a & ~LW_F32_SIGN; }
static inline uint32_t lw_f32_neg(uint32_t a) { return a ^ LW_F32_SIGN; }
static inline uint32_t lw_f32_copysign(uint32_t a, uint32_t b) { return (a & ~LW_F32_SIGN) | (b & LW_F32_SIGN); }
static inline uint64_t lw_f64_abs(uint64_t a) { return a & ~LW_F64_SIGN; }
static inline uint64_t lw_f64_neg(uint64_t a) { return a ^ LW_F64_SIGN; }
static inline uint64_t lw_f64_copysign(uint64_t a, uint64_t b) { return (a & ~LW_F64_SIGN) | (b & LW_F64_SIGN); }

/* ---- floats: arithmetic --------------------------------------------------- */

static inline uint32_t lw_f32_add(uint32_t a, uint32_t b) { return lw_f32_bits(lw_f32_of(a) + lw_f32_of(b)); }
static inline uint32_t lw_f32_sub(uint32_t a, uint32_t b) { return lw_f32_bits(lw_f32_of(a) - lw_f32_of(b)); }
static inline uint32_t lw_f32_mul(uint32_t a, uint32_t b) { return lw_f32_bits(lw_f32_of(a) * lw_f32_of(b)); }
static inline uint32_t lw_f32_div(uint32_t a, uint32_t b) { return lw_f32_bits(lw_f32_of(a) / lw_f32_of(b)); }
static inline uint32_t lw_f32_sqrt(uint32_t a) { return lw_f32_bits(sqrtf(lw_f32_of(a))); }
static inline uint64_t lw_f64_add(uint64_t a, uint64_t b) { return lw_f64_bits(lw_f64_of(a) + lw_f64_of(b)); }
static inline uint64_t lw_f64_sub(uint64_t a, uint64_t b) { return lw_f64_bits(lw_f64_of(a) - lw_f64_of(b)); }
static inline uint64_t lw_f64_mul(uint64_t a, uint64_t b) { return lw_f64_bits(lw_f64_of(a) * lw_f64_of(b)); }
static inline uint64_t lw_f64_div(uint64_t a, uint64_t b) { return lw_f64_bits(lw_f64_of(a) / lw_f64_of(b)); }
static inline uint64_t lw_f64_sqrt(uint64_t a) { return lw_f64_bits(sqrt(lw_f64_of(a))); }

/* ceil/floor/trunc: libm may hand a signalling NaN back unchanged, but the
 * spec wants an arithmetic (quiet) NaN, so NaNs are quieted here. */
#define LW_F32_QUIET 0x00400000u
#define LW_F64_QUIET 0x0008000000000000u
static inline uint32_t lw_f32_round_with(uint32_t a, float (*fn)(float))
{
    float x = lw_f32_of(a);
    return x != x ? a | LW_F32_QUIET : lw_f32_bits(fn(x));
}
static inline uint64_t lw_f64_round_with(uint64_t a, double (*fn)(double))
{
    double x = lw_f64_of(a);
    return x != x ? a | LW_F64_QUIET : lw_f64_bits(fn(x));
}
static inline uint32_t lw_f32_ceil(uint32_t a) { return lw_f32_round_with(a, ceilf); }
static inline uint32_t lw_f32_floor(uint32_t a) { return lw_f32_round_with(a, floorf); }
static inline uint32_t lw_f32_trunc(uint32_t a) { return lw_f32_round_with(a, truncf); }
static inline uint64_t lw_f64_ceil(uint64_t a) { return lw_f64_round_with(a, ceil); }
static inline uint64_t lw_f64_floor(uint64_t a) { return lw_f64_round_with(a, floor); }
static inline uint64_t lw_f64_trunc(uint64_t a) { return lw_f64_round_with(a, trunc); }

/* Round to nearest, ties to even: adding and subtracting 2^23 (2^52) rounds
 * a magnitude below it to an integer, in the default rounding mode that
 * libwasm never changes. Larger magnitudes and infinities are integral
 * already. The sign is put back so that -0.4 gives -0. */
static inline uint32_t lw_f32_nearest(uint32_t a)
{
    float f = lw_f32_of(a);
    if (f != f)
        return a | LW_F32_QUIET;
    float m = fabsf(f);
    if (!(m < 8388608.0f))
        return a;
    float r = (m + 8388608.0f) - 8388608.0f;
    return lw_f32_bits(r) | (a & LW_F32_SIGN);
}
static inline uint64_t lw_f64_nearest(uint64_t a)
{
    double d = lw_f64_of(a);
    if (d != d)
        return a | LW_F64_QUIET;
    double m = fabs(d);
    if (!(m < 4503599627370496.0))
        return a;
    double r = (m + 4503599627370496.0) - 4503599627370496.0;
    return lw_f64_bits(r) | (a & LW_F64_SIGN);
}

/* min/max: any NaN operand gives a NaN (a + b propagates and quiets it);
 * of two equal zeros, min prefers -0 and max +0 (their bits OR / AND). */
static inline uint32_t lw_f32_min(uint32_t a, uint32_t b)
{
    float x = lw_f32_of(a), y = lw_f32_of(b);
    if (x != x || y != y)
        return lw_f32_bits(x + y);
    if (x == y)
        return a | b;
    return x < y ? a : b;
}
static inline uint32_t lw_f32_max(uint32_t a, uint32_t b)
{
    float x = lw_f32_of(a), y = lw_f32_of(b);
    if (x != x || y != y)
        return lw_f32_bits(x + y);
    if (x == y)
        return a & b;
    return x > y ? a : b;
}
static inline uint64_t lw_f64_min(uint64_t a, uint64_t b)
{
    double x = lw_f64_of(a), y = lw_f64_of(b);
    if (x != x || y != y)
        return lw_f64_bits(x + y);
    if (x == y)
        return a | b;
    return x < y ? a : b;
}
static inline uint64_t lw_f64_max(uint64_t a, uint64_t b)
{
    double x = lw_f64_of(a), y = lw_f64_of(b);
    if (x != x || y != y)
        return lw_f64_bits(x + y);
    if (x == y)
        return a & b;
    return x > y ? a : b;
}

/* Comparisons: C's float comparisons are IEEE's (false on NaN but ne). */
static inline uint32_t lw_f32_eq(uint32_t a, uint32_t b) { return lw_f32_of(a) == lw_f32_of(b); }
static inline uint32_t lw_f32_ne(uint32_t a, uint32_t b) { return lw_f32_of(a) != lw_f32_of(b); }
static inline uint32_t lw_f32_lt(uint32_t a, uint32_t b) { return lw_f32_of(a) < lw_f32_of(b); }
static inline uint32_t lw_f32_gt(uint32_t a, uint32_t b) { return lw_f32_of(a) > lw_f32_of(b); }
static inline uint32_t lw_f32_le(uint32_t a, uint32_t b) { return lw_f32_of(a) <= lw_f32_of(b); }
static inline uint32_t lw_f32_ge(uint32_t a, uint32_t b) { return lw_f32_of(a) >= lw_f32_of(b); }
static inline uint32_t lw_f64_eq(uint64_t a, uint64_t b) { return lw_f64_of(a) == lw_f64_of(b); }
static inline uint32_t lw_f64_ne(uint64_t a, uint64_t b) { return lw_f64_of(a) != lw_f64_of(b); }
static inline uint32_t lw_f64_lt(uint64_t a, uint64_t b) { return lw_f64_of(a) < lw_f64_of(b); }
static inline uint32_t lw_f64_gt(uint64_t a, uint64_t b) { return lw_f64_of(a) > lw_f64_of(b); }
static inline uint32_t lw_f64_le(uint64_t a, uint64_t b) { return lw_f64_of(a) <= lw_f64_of(b); }
static inline uint32_t lw_f64_ge(uint64_t a, uint64_t b) { return lw_f64_of(a) >= lw_f64_of(b); }

/* ---- conversions ---------------------------------------------------------- */

/* Trapping truncation. The bounds are exact: each is a power of two (or one
 * less than a negative power of two) representable in the source format, so
 * the comparison itself never rounds. NaN fails every comparison and is
 * reported first, as the spec's error message distinguishes it. */
#define LW_TRUNC_CHECK(x, lo_ok, hi_ok, trap, fail)                                                           \
    do {                                                                                                      \
        if ((x) != (x)) {                                                                                     \
            *(trap) = LWASM_TRAP_INVALID_CONVERSION;                                                          \
            return fail;                                                                                      \
        }                                                                                                     \
        if (!((lo_ok) && (hi_ok))) {                                                                          \
            *(trap) = LWASM_TRAP_INT_OVERFLOW;                                                                \
            return fail;                                                                                      \
        }                                                                                                     \
    } while (0)

static inline uint32_t lw_i32_trunc_f32_s(uint32_t a, lwasm_trapkind *trap)
{
    float x = lw_f32_of(a);
    LW_TRUNC_CHECK(x, x >= -2147483648.0f, x < 2147483648.0f, trap, 0);
    return (uint32_t)(int64_t)x;
}
static inline uint32_t lw_i32_trunc_f32_u(uint32_t a, lwasm_trapkind *trap)
{
    float x = lw_f32_of(a);
    LW_TRUNC_CHECK(x, x > -1.0f, x < 4294967296.0f, trap, 0);
    return (uint32_t)x;
}
static inline uint32_t lw_i32_trunc_f64_s(uint64_t a, lwasm_trapkind *trap)
{
    double x = lw_f64_of(a);
    LW_TRUNC_CHECK(x, x > -2147483649.0, x < 2147483648.0, trap, 0);
    return (uint32_t)(int64_t)x;
}
static inline uint32_t lw_i32_trunc_f64_u(uint64_t a, lwasm_trapkind *trap)
{
    double x = lw_f64_of(a);
    LW_TRUNC_CHECK(x, x > -1.0, x < 4294967296.0, trap, 0);
    return (uint32_t)x;
}
static inline uint64_t lw_i64_trunc_f32_s(uint32_t a, lwasm_trapkind *trap)
{
    float x = lw_f32_of(a);
    LW_TRUNC_CHECK(x, x >= -9223372036854775808.0f, x < 9223372036854775808.0f, trap, 0);
    return (uint64_t)(int64_t)x;
}
static inline uint64_t lw_i64_trunc_f32_u(uint32_t a, lwasm_trapkind *trap)
{
    float x = lw_f32_of(a);
    LW_TRUNC_CHECK(x, x > -1.0f, x < 18446744073709551616.0f, trap, 0);
    return (uint64_t)x;
}
static inline uint64_t lw_i64_trunc_f64_s(uint64_t a, lwasm_trapkind *trap)
{
    double x = lw_f64_of(a);
    LW_TRUNC_CHECK(x, x >= -9223372036854775808.0, x < 9223372036854775808.0, trap, 0);
    return (uint64_t)(int64_t)x;
}
static inline uint64_t lw_i64_trunc_f64_u(uint64_t a, lwasm_trapkind *trap)
{
    double x = lw_f64_of(a);
    LW_TRUNC_CHECK(x, x > -1.0, x < 18446744073709551616.0, trap, 0);
    return (uint64_t)x;
}
#undef LW_TRUNC_CHECK

/* Saturating truncation: NaN -> 0, out of range -> the nearest bound. */
static inline uint32_t lw_i32_trunc_sat_f32_s(uint32_t a)
{
    float x = lw_f32_of(a);
    if (x != x)
        return 0;
    if (x < -2147483648.0f)
        return 0x80000000u;
    if (x >= 2147483648.0f)
        return 0x7FFFFFFFu;
    return (uint32_t)(int64_t)x;
}
static inline uint32_t lw_i32_trunc_sat_f32_u(uint32_t a)
{
    float x = lw_f32_of(a);
    if (!(x > -1.0f)) /* also NaN */
        return 0;
    if (x >= 4294967296.0f)
        return UINT32_MAX;
    return (uint32_t)x;
}
static inline uint32_t lw_i32_trunc_sat_f64_s(uint64_t a)
{
    double x = lw_f64_of(a);
    if (x != x)
        return 0;
    if (x <= -2147483649.0)
        return 0x80000000u;
    if (x >= 2147483648.0)
        return 0x7FFFFFFFu;
    return (uint32_t)(int64_t)x;
}
static inline uint32_t lw_i32_trunc_sat_f64_u(uint64_t a)
{
    double x = lw_f64_of(a);
    if (!(x > -1.0))
        return 0;
    if (x >= 4294967296.0)
        return UINT32_MAX;
    return (uint32_t)x;
}
static inline uint64_t lw_i64_trunc_sat_f32_s(uint32_t a)
{
    float x = lw_f32_of(a);
    if (x != x)
        return 0;
    if (x < -9223372036854775808.0f)
        return LW_F64_SIGN;
    if (x >= 9223372036854775808.0f)
        return (uint64_t)INT64_MAX;
    return (uint64_t)(int64_t)x;
}
static inline uint64_t lw_i64_trunc_sat_f32_u(uint32_t a)
{
    float x = lw_f32_of(a);
    if (!(x > -1.0f))
        return 0;
    if (x >= 18446744073709551616.0f)
        return UINT64_MAX;
    return (uint64_t)x;
}
static inline uint64_t lw_i64_trunc_sat_f64_s(uint64_t a)
{
    double x = lw_f64_of(a);
    if (x != x)
        return 0;
    if (x < -9223372036854775808.0)
        return LW_F64_SIGN;
    if (x >= 9223372036854775808.0)
        return (uint64_t)INT64_MAX;
    return (uint64_t)(int64_t)x;
}
static inline uint64_t lw_i64_trunc_sat_f64_u(uint64_t a)
{
    double x = lw_f64_of(a);
    if (!(x > -1.0))
        return 0;
    if (x >= 18446744073709551616.0)
        return UINT64_MAX;
    return (uint64_t)x;
}

/* Integer -> float. C's conversions round to nearest-even in the default
 * mode; for the 64-bit unsigned sources, GCC and Clang emit a correctly
 * rounded sequence (halve with a sticky bit, convert, double). */
static inline uint32_t lw_f32_convert_i32_s(uint32_t a) { return lw_f32_bits((float)lw_i32_signed(a)); }
static inline uint32_t lw_f32_convert_i32_u(uint32_t a) { return lw_f32_bits((float)a); }
static inline uint32_t lw_f32_convert_i64_s(uint64_t a) { return lw_f32_bits((float)lw_i64_signed(a)); }
static inline uint32_t lw_f32_convert_i64_u(uint64_t a) { return lw_f32_bits((float)a); }
static inline uint64_t lw_f64_convert_i32_s(uint32_t a) { return lw_f64_bits((double)lw_i32_signed(a)); }
static inline uint64_t lw_f64_convert_i32_u(uint32_t a) { return lw_f64_bits((double)a); }
static inline uint64_t lw_f64_convert_i64_s(uint64_t a) { return lw_f64_bits((double)lw_i64_signed(a)); }
static inline uint64_t lw_f64_convert_i64_u(uint64_t a) { return lw_f64_bits((double)a); }

/* Promotion is exact; demotion rounds to nearest-even (overflowing to inf).
 * A NaN comes out quiet, which the spec allows (an arithmetic NaN). */
static inline uint64_t lw_f64_promote_f32(uint32_t a) { return lw_f64_bits((double)lw_f32_of(a)); }
static inline uint32_t lw_f32_demote_f64(uint64_t a) { return lw_f32_bits((float)lw_f64_of(a)); }

#endif
