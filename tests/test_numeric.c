/* test_numeric.c — edge cases of the numeric helpers (lib/numeric.h): traps, NaN bits, signed zeros, rounding, bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "numeric.h"

/* Bit patterns used throughout. */
#define F32_PZERO 0x00000000u
#define F32_NZERO 0x80000000u
#define F32_ONE 0x3F800000u
#define F32_INF 0x7F800000u
#define F32_CNAN 0x7FC00000u  /* canonical quiet NaN */
#define F32_SNAN 0x7FA00001u  /* signalling, with a payload */
#define F32_NSNAN 0xFFA00001u /* the same, negative */
#define F64_PZERO 0x0000000000000000u
#define F64_NZERO 0x8000000000000000u
#define F64_INF 0x7FF0000000000000u
#define F64_CNAN 0x7FF8000000000000u
#define F64_SNAN 0x7FF4000000000001u

static bool f32_is_nan(uint32_t b) { return (b & 0x7F800000u) == 0x7F800000u && (b & 0x007FFFFFu); }
static bool f32_is_quiet_nan(uint32_t b) { return f32_is_nan(b) && (b & 0x00400000u); }
static bool f64_is_nan(uint64_t b) { return (b & F64_INF) == F64_INF && (b & 0x000FFFFFFFFFFFFFu); }
static bool f64_is_quiet_nan(uint64_t b) { return f64_is_nan(b) && (b & 0x0008000000000000u); }

static uint32_t f32(float f) { return lw_f32_bits(f); }
static uint64_t f64(double d) { return lw_f64_bits(d); }

/* ---- integers ---------------------------------------------------------------- */

static void test_division_traps(void **state)
{
    (void)state;
    lwasm_trapkind tk = LWASM_TRAP_NONE;
    lw_i32_div_s(5, 0, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_DIV_BY_ZERO);
    tk = LWASM_TRAP_NONE;
    lw_i32_div_u(5, 0, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_DIV_BY_ZERO);
    tk = LWASM_TRAP_NONE;
    lw_i32_rem_s(5, 0, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_DIV_BY_ZERO);
    tk = LWASM_TRAP_NONE;
    lw_i64_rem_u(5, 0, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_DIV_BY_ZERO);

    tk = LWASM_TRAP_NONE;
    lw_i32_div_s(0x80000000u, UINT32_MAX, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i64_div_s(LW_F64_SIGN, UINT64_MAX, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);

    /* INT_MIN rem -1 is 0, and INT_MIN div_u -1 is fine: no trap. */
    tk = LWASM_TRAP_NONE;
    assert_int_equal(lw_i32_rem_s(0x80000000u, UINT32_MAX, &tk), 0);
    assert_int_equal(lw_i64_rem_s(LW_F64_SIGN, UINT64_MAX, &tk), 0);
    assert_int_equal(lw_i32_div_u(0x80000000u, UINT32_MAX, &tk), 0);
    assert_int_equal(tk, LWASM_TRAP_NONE);
}

static void test_division_rounds_toward_zero(void **state)
{
    (void)state;
    lwasm_trapkind tk = LWASM_TRAP_NONE;
    assert_int_equal(lw_i32_div_s((uint32_t)-7, 2, &tk), (uint32_t)-3);
    assert_int_equal(lw_i32_rem_s((uint32_t)-7, 2, &tk), (uint32_t)-1);
    assert_int_equal(lw_i32_rem_s(7, (uint32_t)-2, &tk), 1);
    assert_int_equal(lw_i32_div_u((uint32_t)-7, 2, &tk), 0x7FFFFFFCu);
    assert_int_equal(lw_i64_div_s((uint64_t)-7, 2, &tk), (uint64_t)-3);
    assert_int_equal(lw_i64_rem_s((uint64_t)-7, 2, &tk), (uint64_t)-1);
    assert_int_equal(lw_i64_div_s(LW_F64_SIGN, 2, &tk), 0xC000000000000000u);
    assert_int_equal(tk, LWASM_TRAP_NONE);
}

static void test_shifts_and_rotates_take_count_mod_width(void **state)
{
    (void)state;
    assert_int_equal(lw_i32_shl(1, 33), 2);
    assert_int_equal(lw_i32_shl(1, 32), 1);
    assert_int_equal(lw_i32_shr_u(0x80000000u, 63), 1);
    assert_int_equal(lw_i32_shr_s(0x80000000u, 31), 0xFFFFFFFFu);
    assert_int_equal(lw_i32_shr_s(0x80000000u, 32), 0x80000000u);
    assert_int_equal(lw_i32_shr_s(0x40000000u, 30), 1);
    assert_int_equal(lw_i32_rotl(0x80000001u, 1), 3);
    assert_int_equal(lw_i32_rotl(0x12345678u, 32), 0x12345678u);
    assert_int_equal(lw_i32_rotr(1, 1), 0x80000000u);
    assert_int_equal(lw_i32_rotr(0x12345678u, 4 + 64), 0x81234567u);
    assert_int_equal(lw_i64_shl(1, 65), 2);
    assert_int_equal(lw_i64_shr_s(LW_F64_SIGN, 63), UINT64_MAX);
    assert_int_equal(lw_i64_shr_s(LW_F64_SIGN, 64), LW_F64_SIGN);
    assert_int_equal(lw_i64_shr_u(LW_F64_SIGN, 127), 1);
    assert_int_equal(lw_i64_rotl(LW_F64_SIGN | 1, 1), 3);
    assert_int_equal(lw_i64_rotr(1, 0), 1);
    assert_int_equal(lw_i64_rotr(1, 1), LW_F64_SIGN);
}

static void test_bit_counts(void **state)
{
    (void)state;
    assert_int_equal(lw_i32_clz(0), 32);
    assert_int_equal(lw_i32_ctz(0), 32);
    assert_int_equal(lw_i32_clz(1), 31);
    assert_int_equal(lw_i32_ctz(0x80000000u), 31);
    assert_int_equal(lw_i32_popcnt(0xFFFFFFFFu), 32);
    assert_int_equal(lw_i64_clz(0), 64);
    assert_int_equal(lw_i64_ctz(0), 64);
    assert_int_equal(lw_i64_clz(0x00008000u), 48);
    assert_int_equal(lw_i64_popcnt(0xAAAAAAAAAAAAAAAAu), 32);
}

static void test_sign_extension(void **state)
{
    (void)state;
    assert_int_equal(lw_i32_extend8_s(0x7F), 0x7F);
    assert_int_equal(lw_i32_extend8_s(0x80), 0xFFFFFF80u);
    assert_int_equal(lw_i32_extend8_s(0x12345680u), 0xFFFFFF80u);
    assert_int_equal(lw_i32_extend16_s(0x8000), 0xFFFF8000u);
    assert_int_equal(lw_i64_extend8_s(0xFF), UINT64_MAX);
    assert_int_equal(lw_i64_extend16_s(0x7FFF), 0x7FFF);
    assert_int_equal(lw_i64_extend32_s(0x80000000u), 0xFFFFFFFF80000000u);
    assert_int_equal(lw_i64_extend32_s(0x123456787FFFFFFFu), 0x7FFFFFFF);
    assert_int_equal(lw_i64_extend_i32_s(0xFFFFFFFFu), UINT64_MAX);
}

/* ---- float bit operations ------------------------------------------------------ */

static void test_sign_ops_keep_nan_payloads(void **state)
{
    (void)state;
    assert_int_equal(lw_f32_neg(F32_SNAN), F32_NSNAN);
    assert_int_equal(lw_f32_abs(F32_NSNAN), F32_SNAN);
    assert_int_equal(lw_f32_copysign(F32_SNAN, F32_NZERO), F32_NSNAN);
    assert_int_equal(lw_f32_copysign(F32_ONE, F32_NSNAN), F32_ONE | LW_F32_SIGN);
    assert_int_equal(lw_f32_neg(F32_PZERO), F32_NZERO);
    assert_int_equal(lw_f64_neg(F64_SNAN), F64_SNAN | LW_F64_SIGN);
    assert_int_equal(lw_f64_abs(F64_SNAN | LW_F64_SIGN), F64_SNAN);
    assert_int_equal(lw_f64_copysign(F64_INF, F64_NZERO), F64_INF | LW_F64_SIGN);
}

static void test_min_max(void **state)
{
    (void)state;
    /* -0 is below +0, in either operand order */
    assert_int_equal(lw_f32_min(F32_PZERO, F32_NZERO), F32_NZERO);
    assert_int_equal(lw_f32_min(F32_NZERO, F32_PZERO), F32_NZERO);
    assert_int_equal(lw_f32_max(F32_NZERO, F32_PZERO), F32_PZERO);
    assert_int_equal(lw_f32_max(F32_PZERO, F32_NZERO), F32_PZERO);
    assert_int_equal(lw_f64_min(F64_PZERO, F64_NZERO), F64_NZERO);
    assert_int_equal(lw_f64_max(F64_NZERO, F64_PZERO), F64_PZERO);
    /* any NaN operand gives a quiet NaN, whichever side it is on */
    assert_true(f32_is_quiet_nan(lw_f32_min(F32_ONE, F32_SNAN)));
    assert_true(f32_is_quiet_nan(lw_f32_min(F32_SNAN, F32_ONE)));
    assert_true(f32_is_quiet_nan(lw_f32_max(F32_INF, F32_CNAN)));
    assert_true(f64_is_quiet_nan(lw_f64_max(F64_SNAN, F64_INF)));
    assert_true(f64_is_quiet_nan(lw_f64_min(F64_INF | LW_F64_SIGN, F64_CNAN)));
    /* ordinary values */
    assert_int_equal(lw_f32_min(f32(-1.5f), f32(2.0f)), f32(-1.5f));
    assert_int_equal(lw_f32_max(F32_INF, f32(3.0f)), F32_INF);
    assert_int_equal(lw_f64_min(f64(1e300), f64(-1e300)), f64(-1e300));
}

/* ---- rounding ---------------------------------------------------------------------- */

static void test_nearest_ties_to_even(void **state)
{
    (void)state;
    assert_int_equal(lw_f32_nearest(f32(0.5f)), F32_PZERO);
    assert_int_equal(lw_f32_nearest(f32(1.5f)), f32(2.0f));
    assert_int_equal(lw_f32_nearest(f32(2.5f)), f32(2.0f));
    assert_int_equal(lw_f32_nearest(f32(-0.5f)), F32_NZERO);
    assert_int_equal(lw_f32_nearest(f32(-3.5f)), f32(-4.0f));
    assert_int_equal(lw_f32_nearest(f32(-0.4f)), F32_NZERO);
    assert_int_equal(lw_f32_nearest(f32(0.50000006f)), F32_ONE);
    assert_int_equal(lw_f32_nearest(f32(8388609.0f)), f32(8388609.0f)); /* 2^23 + 1: already integral */
    assert_int_equal(lw_f32_nearest(F32_INF), F32_INF);
    assert_int_equal(lw_f64_nearest(f64(2.5)), f64(2.0));
    assert_int_equal(lw_f64_nearest(f64(-2.5)), f64(-2.0));
    assert_int_equal(lw_f64_nearest(f64(4503599627370497.0)), f64(4503599627370497.0));
    assert_int_equal(lw_f64_nearest(f64(-0.0)), F64_NZERO);
    assert_int_equal(lw_f64_nearest(f64(0.49999999999999994)), F64_PZERO);
}

static void test_rounding_quiets_nan(void **state)
{
    (void)state;
    assert_int_equal(lw_f32_ceil(F32_SNAN), F32_SNAN | 0x00400000u);
    assert_int_equal(lw_f32_floor(F32_NSNAN), F32_NSNAN | 0x00400000u);
    assert_int_equal(lw_f32_trunc(F32_CNAN), F32_CNAN);
    assert_int_equal(lw_f32_nearest(F32_SNAN), F32_SNAN | 0x00400000u);
    assert_int_equal(lw_f64_ceil(F64_SNAN), F64_SNAN | 0x0008000000000000u);
    assert_int_equal(lw_f64_nearest(F64_SNAN), F64_SNAN | 0x0008000000000000u);
    assert_true(f32_is_quiet_nan(lw_f32_sqrt(f32(-1.0f))));
    /* signed zeros survive rounding */
    assert_int_equal(lw_f32_ceil(f32(-0.5f)), F32_NZERO);
    assert_int_equal(lw_f32_trunc(f32(-0.9f)), F32_NZERO);
    assert_int_equal(lw_f64_floor(f64(0.5)), F64_PZERO);
    assert_int_equal(lw_f64_floor(f64(-0.5)), f64(-1.0));
}

/* ---- conversions --------------------------------------------------------------------- */

static void test_trapping_truncation_bounds(void **state)
{
    (void)state;
    lwasm_trapkind tk = LWASM_TRAP_NONE;
    /* i32.trunc_f32_s: [-2^31, 2^31) */
    assert_int_equal(lw_i32_trunc_f32_s(f32(-2147483648.0f), &tk), 0x80000000u);
    assert_int_equal(lw_i32_trunc_f32_s(f32(2147483520.0f), &tk), 2147483520u); /* largest below 2^31 */
    assert_int_equal(lw_i32_trunc_f32_s(f32(-1.9f), &tk), (uint32_t)-1);
    assert_int_equal(tk, LWASM_TRAP_NONE);
    lw_i32_trunc_f32_s(f32(2147483648.0f), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i32_trunc_f32_s(f32(-2147483904.0f), &tk); /* next float below -2^31 */
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i32_trunc_f32_s(F32_CNAN, &tk);
    assert_int_equal(tk, LWASM_TRAP_INVALID_CONVERSION);
    tk = LWASM_TRAP_NONE;
    lw_i32_trunc_f32_s(F32_INF, &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);

    /* i32.trunc_f64_s: (-2^31 - 1, 2^31) — fractions below -2^31 still fit */
    tk = LWASM_TRAP_NONE;
    assert_int_equal(lw_i32_trunc_f64_s(f64(-2147483648.9), &tk), 0x80000000u);
    assert_int_equal(lw_i32_trunc_f64_s(f64(2147483647.9), &tk), 0x7FFFFFFFu);
    assert_int_equal(tk, LWASM_TRAP_NONE);
    lw_i32_trunc_f64_s(f64(-2147483649.0), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);

    /* unsigned: (-1, 2^N) */
    tk = LWASM_TRAP_NONE;
    assert_int_equal(lw_i32_trunc_f32_u(f32(-0.9f), &tk), 0);
    assert_int_equal(lw_i32_trunc_f64_u(f64(4294967295.9), &tk), 0xFFFFFFFFu);
    assert_int_equal(lw_i64_trunc_f64_u(f64(18446744073709549568.0), &tk), 0xFFFFFFFFFFFFF800u);
    assert_int_equal(tk, LWASM_TRAP_NONE);
    lw_i32_trunc_f32_u(f32(-1.0f), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i32_trunc_f64_u(f64(4294967296.0), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i64_trunc_f32_u(f32(18446744073709551616.0f), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i64_trunc_f64_u(F64_SNAN, &tk);
    assert_int_equal(tk, LWASM_TRAP_INVALID_CONVERSION);

    /* i64 signed: [-2^63, 2^63) */
    tk = LWASM_TRAP_NONE;
    assert_int_equal(lw_i64_trunc_f64_s(f64(-9223372036854775808.0), &tk), LW_F64_SIGN);
    assert_int_equal(lw_i64_trunc_f32_s(f32(-9223372036854775808.0f), &tk), LW_F64_SIGN);
    assert_int_equal(lw_i64_trunc_f64_s(f64(9223372036854774784.0), &tk), 0x7FFFFFFFFFFFFC00u);
    assert_int_equal(tk, LWASM_TRAP_NONE);
    lw_i64_trunc_f64_s(f64(9223372036854775808.0), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
    tk = LWASM_TRAP_NONE;
    lw_i64_trunc_f32_s(f32(9223372036854775808.0f), &tk);
    assert_int_equal(tk, LWASM_TRAP_INT_OVERFLOW);
}

static void test_saturating_truncation(void **state)
{
    (void)state;
    assert_int_equal(lw_i32_trunc_sat_f32_s(F32_CNAN), 0);
    assert_int_equal(lw_i32_trunc_sat_f32_s(F32_INF), 0x7FFFFFFFu);
    assert_int_equal(lw_i32_trunc_sat_f32_s(F32_INF | LW_F32_SIGN), 0x80000000u);
    assert_int_equal(lw_i32_trunc_sat_f32_s(f32(-2147483648.0f)), 0x80000000u);
    assert_int_equal(lw_i32_trunc_sat_f64_s(f64(-2147483648.9)), 0x80000000u);
    assert_int_equal(lw_i32_trunc_sat_f64_s(f64(2147483647.5)), 0x7FFFFFFFu);
    assert_int_equal(lw_i32_trunc_sat_f64_s(f64(-1.5)), (uint32_t)-1);
    assert_int_equal(lw_i32_trunc_sat_f32_u(f32(-5.0f)), 0);
    assert_int_equal(lw_i32_trunc_sat_f32_u(F32_SNAN), 0);
    assert_int_equal(lw_i32_trunc_sat_f64_u(f64(4294967296.0)), 0xFFFFFFFFu);
    assert_int_equal(lw_i32_trunc_sat_f64_u(f64(4294967295.5)), 0xFFFFFFFFu);
    assert_int_equal(lw_i64_trunc_sat_f32_s(f32(1e30f)), 0x7FFFFFFFFFFFFFFFu);
    assert_int_equal(lw_i64_trunc_sat_f64_s(f64(-1e300)), LW_F64_SIGN);
    assert_int_equal(lw_i64_trunc_sat_f64_s(F64_CNAN), 0);
    assert_int_equal(lw_i64_trunc_sat_f32_u(F32_INF), UINT64_MAX);
    assert_int_equal(lw_i64_trunc_sat_f64_u(f64(-0.99)), 0);
    assert_int_equal(lw_i64_trunc_sat_f64_u(f64(18446744073709549568.0)), 0xFFFFFFFFFFFFF800u);
}

static void test_int_to_float_rounding(void **state)
{
    (void)state;
    /* 2^64 - 1 rounds up to 2^64 */
    assert_int_equal(lw_f32_convert_i64_u(UINT64_MAX), 0x5F800000u);
    assert_int_equal(lw_f64_convert_i64_u(UINT64_MAX), 0x43F0000000000000u);
    /* 2^63 + 1025 is above the halfway point to the next double: rounds up;
     * 2^63 + 1024 is exactly halfway: ties to even (down) */
    assert_int_equal(lw_f64_convert_i64_u(0x8000000000000401u), 0x43E0000000000001u);
    assert_int_equal(lw_f64_convert_i64_u(0x8000000000000400u), 0x43E0000000000000u);
    assert_int_equal(lw_f64_convert_i64_u(0x8000000000000C00u), 0x43E0000000000002u);
    /* a sticky bit far below the rounding point still counts */
    assert_int_equal(lw_f32_convert_i64_u(0x0020000020000001u), 0x5A000001u);
    assert_int_equal(lw_f32_convert_i64_s(0x0020000020000001u), 0x5A000001u);
    assert_int_equal(lw_f32_convert_i64_s((uint64_t)INT64_MIN), 0xDF000000u);
    assert_int_equal(lw_f32_convert_i32_u(0xFFFFFFFFu), 0x4F800000u);
    assert_int_equal(lw_f32_convert_i32_s(0x80000000u), 0xCF000000u);
    assert_int_equal(lw_f32_convert_i32_s(16777217), f32(16777216.0f)); /* tie to even */
    assert_int_equal(lw_f64_convert_i32_u(0xFFFFFFFFu), f64(4294967295.0));
    assert_int_equal(lw_f64_convert_i32_s(0xFFFFFFFFu), f64(-1.0));
    assert_int_equal(lw_f64_convert_i64_s((uint64_t)-3), f64(-3.0));
}

static void test_promote_demote(void **state)
{
    (void)state;
    assert_int_equal(lw_f64_promote_f32(F32_NZERO), F64_NZERO);
    assert_int_equal(lw_f64_promote_f32(f32(0.1f)), f64((double)0.1f));
    assert_true(f64_is_quiet_nan(lw_f64_promote_f32(F32_SNAN)));
    assert_int_equal(lw_f64_promote_f32(F32_CNAN), F64_CNAN);
    /* 1 + 2^-24 lies exactly between two floats: ties to even gives 1 */
    assert_int_equal(lw_f32_demote_f64(0x3FF0000010000000u), F32_ONE);
    assert_int_equal(lw_f32_demote_f64(0x3FF0000010000001u), F32_ONE + 1);
    assert_int_equal(lw_f32_demote_f64(f64(1e300)), F32_INF);
    assert_int_equal(lw_f32_demote_f64(f64(-1e-300)), F32_NZERO);
    assert_true(f32_is_quiet_nan(lw_f32_demote_f64(F64_SNAN)));
    assert_int_equal(lw_f32_demote_f64(F64_CNAN), F32_CNAN);
}

static void test_comparisons(void **state)
{
    (void)state;
    assert_int_equal(lw_f32_eq(F32_PZERO, F32_NZERO), 1);
    assert_int_equal(lw_f32_eq(F32_CNAN, F32_CNAN), 0);
    assert_int_equal(lw_f32_ne(F32_CNAN, F32_CNAN), 1);
    assert_int_equal(lw_f32_lt(F32_NZERO, F32_PZERO), 0);
    assert_int_equal(lw_f32_ge(F32_SNAN, F32_ONE), 0);
    assert_int_equal(lw_f64_le(F64_NZERO, F64_PZERO), 1);
    assert_int_equal(lw_f64_gt(F64_INF, F64_CNAN), 0);
    assert_int_equal(lw_f64_lt(F64_INF | LW_F64_SIGN, F64_NZERO), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_division_traps),
        cmocka_unit_test(test_division_rounds_toward_zero),
        cmocka_unit_test(test_shifts_and_rotates_take_count_mod_width),
        cmocka_unit_test(test_bit_counts),
        cmocka_unit_test(test_sign_extension),
        cmocka_unit_test(test_sign_ops_keep_nan_payloads),
        cmocka_unit_test(test_min_max),
        cmocka_unit_test(test_nearest_ties_to_even),
        cmocka_unit_test(test_rounding_quiets_nan),
        cmocka_unit_test(test_trapping_truncation_bounds),
        cmocka_unit_test(test_saturating_truncation),
        cmocka_unit_test(test_int_to_float_rounding),
        cmocka_unit_test(test_promote_demote),
        cmocka_unit_test(test_comparisons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
