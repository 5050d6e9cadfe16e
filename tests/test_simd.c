/* test_simd.c — the vector/SSE paths of every SIMD operation against the lane-loop reference, on random and boundary lanes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "simd_apply.h"

#include <stdio.h>
#include <string.h>

/*
 * simd_apply.c is built from interp_simd.h's table with the lane loops only
 * (as -Dsimd=scalar builds the library), with the vector paths (the default
 * build), with the portable vector-extension code alone (as on a target
 * other than x86) and, on x86-64, with the SSSE3/SSE4.1 paths compiled in
 * (as -march=native builds them). Every 0xFD
 * opcode is applied by each to the same operands, and the results must agree
 * with the lane loops bit for bit, except that where a float lane's result
 * is a NaN both need only be NaNs, quiet alike: the spec lets the payload
 * vary.
 */

enum { CASES_PER_OPCODE = 3000 };

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    /* xorshift64*: deterministic, so a failure reproduces. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

/* Lane values the operations treat specially, by lane width. */
static const uint8_t special8[] = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x40, 0x10, 0x0F};
static const uint16_t special16[] = {0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x00FF, 0xFF80,
                                     0x007F, 0x4000, 0xC000, 0x0100};
static const uint32_t special32[] = {
    0x00000000, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0x00000001, 0x0000FFFF, 0xFFFF8000, 0x00008000,
    0x3F800000, 0xBF800000, /* +-1 */
    0x3FC00000, 0x40200000, 0xBFC00000, 0x3F000000, 0xBF000000, /* 1.5, 2.5, -1.5, +-0.5: ties */
    0x3EFFFFFF, 0x7F800000, 0xFF800000, /* just below 0.5, +-inf */
    0x7FC00000, 0xFFC00000, 0x7FA00000, 0xFFA00001, 0x7FC12345, /* quiet, signalling, payload NaNs */
    0x00000001, 0x807FFFFF, 0x7F7FFFFF, 0xFF7FFFFF, /* subnormals, largest finite */
    0x4F000000, 0xCF000000, 0x4F800000, 0x4F7FFFFF, 0xCF000001, 0x4EFFFFFF, /* 2^31, -2^31, 2^32... */
    0x4B000000, 0x4B7FFFFF, 0xCB000001, /* 2^23 and neighbours: nearest's boundary */
};
static const uint64_t special64[] = {
    0x0000000000000000, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF,
    0x0000000000000001, 0x00000000FFFFFFFF, 0xFFFFFFFF80000000, 0x0000000080000000,
    0x3FF0000000000000, 0xBFF0000000000000, 0x3FF8000000000000, 0x4004000000000000, /* 1, -1, 1.5, 2.5 */
    0x3FE0000000000000, 0xBFE0000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
    0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000000, 0xFFF0000000000001, 0x7FF8000012345678,
    0x000FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF, 0x36A0000000000000, /* subnormal, largest, tiny for f32 */
    0x41E0000000000000, 0xC1E0000000000000, 0x41F0000000000000, 0x41EFFFFFFFFFFFFF, /* 2^31, 2^32... */
    0xC1E0000000200000, 0x41DFFFFFFFC00000, 0xBFEFFFFFFFFFFFFF, 0x4330000000000000, /* -2^31-1, 2^52 */
    0x47EFFFFFE0000000, 0x47EFFFFFF0000000, /* f32 max, and where demotion overflows */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Fills 16 bytes lane by lane in a random lane width, each lane random
 * bits or a special value of that width. */
static void fill_vector(uint8_t *v)
{
    unsigned width = 1u << (rng() % 4);
    for (unsigned at = 0; at < 16; at += width) {
        uint64_t bits = rng();
        if (rng() % 2) {
            switch (width) {
            case 1: bits = special8[rng() % COUNT(special8)]; break;
            case 2: bits = special16[rng() % COUNT(special16)]; break;
            case 4: bits = special32[rng() % COUNT(special32)]; break;
            default: bits = special64[rng() % COUNT(special64)]; break;
            }
        }
        for (unsigned k = 0; k < width; k++)
            v[at + k] = (uint8_t)(bits >> (8 * k));
    }
}

static uint64_t random_scalar(void)
{
    static const uint64_t counts[] = {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 0xFFFFFFFF, 0x80000000};
    switch (rng() % 4) {
    case 0: return counts[rng() % COUNT(counts)];
    case 1: return special32[rng() % COUNT(special32)];
    case 2: return special64[rng() % COUNT(special64)];
    default: return rng();
    }
}

/* Whether the opcode's v128 result has float lanes (4 or 8 bytes wide):
 * f32x4./f64x2. operations other than comparisons. */
static unsigned float_lane_width(const lw_opinfo *info)
{
    static const char *const comparisons[] = {".eq", ".ne", ".lt", ".gt", ".le", ".ge"};
    unsigned width = strncmp(info->text, "f32x4.", 6) == 0 ? 4 : strncmp(info->text, "f64x2.", 6) == 0 ? 8 : 0;
    if (!width || info->result != LW_T_V128)
        return 0;
    for (size_t i = 0; i < COUNT(comparisons); i++)
        if (strcmp(info->text + 5, comparisons[i]) == 0)
            return 0;
    return width;
}

static uint64_t lane_bits(const uint8_t *v, unsigned at, unsigned width)
{
    uint64_t bits = 0;
    for (unsigned k = 0; k < width; k++)
        bits |= (uint64_t)v[at + k] << (8 * k);
    return bits;
}

/* NaN: all-ones exponent, non-zero fraction. Quiet: the top fraction bit. */
static bool is_nan(uint64_t bits, unsigned width, bool *quiet)
{
    uint64_t exp = width == 4 ? 0x7F800000u : 0x7FF0000000000000u;
    uint64_t frac = width == 4 ? 0x007FFFFFu : 0x000FFFFFFFFFFFFFu;
    uint64_t qbit = width == 4 ? 0x00400000u : 0x0008000000000000u;
    *quiet = (bits & qbit) != 0;
    return (bits & exp) == exp && (bits & frac) != 0;
}

static bool vectors_agree(const uint8_t *want, const uint8_t *got, unsigned float_width)
{
    if (memcmp(want, got, 16) == 0)
        return true;
    if (!float_width)
        return false;
    for (unsigned at = 0; at < 16; at += float_width) {
        uint64_t w = lane_bits(want, at, float_width), g = lane_bits(got, at, float_width);
        bool wq, gq;
        if (w == g)
            continue;
        if (!(is_nan(w, float_width, &wq) && is_nan(g, float_width, &gq) && wq == gq))
            return false;
    }
    return true;
}

static void describe(char *buf, size_t len, const char *what, const uint8_t *v)
{
    int n = snprintf(buf, len, "%s ", what);
    for (unsigned i = 0; i < 16 && n > 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, "%02x", v[i]);
}

static void report(const lw_opinfo *info, const simd_case *c, const simd_result *want, const simd_result *got)
{
    char line[128];
    print_message("%s disagrees (lane %u, x 0x%llx)\n", info->text, c->lane, (unsigned long long)c->x);
    describe(line, sizeof line, "  a   ", c->a);
    print_message("%s\n", line);
    describe(line, sizeof line, "  b   ", c->b);
    print_message("%s\n", line);
    describe(line, sizeof line, "  c   ", c->c);
    print_message("%s\n", line);
    describe(line, sizeof line, "  mem ", c->mem);
    print_message("%s\n", line);
    describe(line, sizeof line, "  lane loops ", want->v);
    print_message("%s x 0x%llx\n", line, (unsigned long long)want->x);
    describe(line, sizeof line, "  vector     ", got->v);
    print_message("%s x 0x%llx\n", line, (unsigned long long)got->x);
}

static void random_case(const lw_opinfo *info, simd_case *c)
{
    fill_vector(c->a);
    fill_vector(c->b);
    fill_vector(c->c);
    fill_vector(c->mem);
    /* bitselect also needs masks that are not random noise. */
    if (rng() % 4 == 0)
        memset(c->c, rng() % 2 ? 0xFF : 0x00, 8);
    c->x = random_scalar();
    unsigned lanes = info->imm == LW_IMM_LANE || info->imm == LW_IMM_MEMARG_LANE ? 16u >> info->align : 1;
    c->lane = (unsigned)(rng() % lanes);
    for (unsigned i = 0; i < 16; i++)
        c->lanes[i] = (uint8_t)(rng() % 32);
}

typedef bool (*simd_apply_fn)(lw_opcode op, const simd_case *c, simd_result *out);

/* Every 0xFD opcode: the reference and `impl` apply it, and agree. */
static void check_against_lane_loops(simd_apply_fn impl)
{
    unsigned opcodes = 0, failures = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *info = &lw_opinfo_table[op];
        if (info->prefix != 0xFD)
            continue;
        opcodes++;
        unsigned float_width = float_lane_width(info);
        for (unsigned n = 0; n < CASES_PER_OPCODE; n++) {
            simd_case c;
            simd_result want, got;
            random_case(info, &c);
            assert_true(simd_apply_scalar((lw_opcode)op, &c, &want));
            assert_true(impl((lw_opcode)op, &c, &got));
            if (!vectors_agree(want.v, got.v, float_width) || want.x != got.x ||
                memcmp(want.mem, got.mem, sizeof want.mem) != 0) {
                if (failures++ < 10)
                    report(info, &c, &want, &got);
                break;
            }
        }
    }
    assert_int_equal(opcodes, 236);
    assert_int_equal(failures, 0);
}

static void test_vector_paths_match_lane_loops(void **state)
{
    (void)state;
    check_against_lane_loops(simd_apply_vector);
}

static void test_portable_paths_match_lane_loops(void **state)
{
    (void)state;
    check_against_lane_loops(simd_apply_portable);
}

static void test_sse41_paths_match_lane_loops(void **state)
{
    (void)state;
#if defined(SIMD_TEST_SSE41) && SIMD_TEST_SSE41
    if (!__builtin_cpu_supports("sse4.1") || !__builtin_cpu_supports("ssse3"))
        skip();
    check_against_lane_loops(simd_apply_sse41);
#else
    skip(); /* not an x86-64 build */
#endif
}

/* The apply functions cover exactly the SIMD opcodes. */
static void test_only_simd_opcodes_apply(void **state)
{
    (void)state;
    simd_case c;
    simd_result r;
    memset(&c, 0, sizeof c);
    assert_false(simd_apply_vector(LW_OP_I32_ADD, &c, &r));
    assert_false(simd_apply_scalar(LW_OP_I32_ADD, &c, &r));
    assert_true(simd_apply_scalar(LW_OP_I8X16_ADD, &c, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vector_paths_match_lane_loops),
        cmocka_unit_test(test_portable_paths_match_lane_loops),
        cmocka_unit_test(test_sse41_paths_match_lane_loops),
        cmocka_unit_test(test_only_simd_opcodes_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
