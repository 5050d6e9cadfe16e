/* simd_apply.h — one SIMD instruction applied outside the interpreter, built once per implementation (lane loops, vector paths) for test_simd. */
#ifndef SIMD_APPLY_H
#define SIMD_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "opcodes.h"

/* Operands as bytes: lw_v128's layout differs between the two builds. */
typedef struct simd_case {
    uint8_t a[16], b[16], c[16]; /* vector operands */
    uint64_t x;                  /* scalar operand: splat, replace_lane value, shift count */
    unsigned lane;               /* lane index, valid for the opcode */
    uint8_t lanes[16];           /* shuffle selectors, each < 32 */
    uint8_t mem[16];             /* memory at the effective address of a load or store */
} simd_case;

typedef struct simd_result {
    uint8_t v[16];   /* vector result */
    uint64_t x;      /* scalar result */
    uint8_t mem[16]; /* memory after a store */
} simd_result;

/* Applies op (a 0xFD opcode) to c; false for any other opcode. The result is
 * zeroed first, so only what the opcode produces is set. */
bool simd_apply_scalar(lw_opcode op, const simd_case *c, simd_result *out);
bool simd_apply_vector(lw_opcode op, const simd_case *c, simd_result *out);
/* The vector paths built with -mssse3 -msse4.1 (x86-64 only, SIMD_TEST_SSE41):
 * what a -march=native build of the library runs. */
bool simd_apply_sse41(lw_opcode op, const simd_case *c, simd_result *out);
/* The vector paths without intrinsics (LW_SIMD_PORTABLE_ONLY): what a target
 * other than x86 compiles. */
bool simd_apply_portable(lw_opcode op, const simd_case *c, simd_result *out);

#endif
