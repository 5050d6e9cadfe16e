/* simd_apply.c — applies one SIMD opcode with interp_simd.h's semantics; built twice (SIMD_APPLY = the function name; LW_SIMD_SCALAR for the lane loops). */
#include "interp_ops.h"
#include "simd_apply.h"

#include <string.h>

#ifndef SIMD_APPLY
#error "build with -DSIMD_APPLY=simd_apply_scalar or simd_apply_vector"
#endif

/* The test's template family: one case per shape, from the same table the
 * interpreter's handlers come from. */
#define A_ lw_v128_read(c->a)
#define B_ lw_v128_read(c->b)
#define C_ lw_v128_read(c->c)
#define LW_T_V_UNARY(id) case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id(A_)); return true;
#define LW_T_V_SPLAT(id, p1) case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id((LW_CTYPE_##p1)c->x)); return true;
#define LW_T_V_REDUCE(id) case LW_OP_##id: out->x = LW_VSEM_##id(A_); return true;
#define LW_T_V_BINARY(id) case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id(A_, B_)); return true;
#define LW_T_V_SHIFT(id) case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id(A_, (uint32_t)c->x)); return true;
#define LW_T_V_TERNARY(id) case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id(A_, B_, C_)); return true;
#define LW_T_V_EXTRACT(id, r) case LW_OP_##id: out->x = LW_VSEM_##id(A_, c->lane); return true;
#define LW_T_V_REPLACE(id, p2)                                                                                \
    case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id(A_, (LW_CTYPE_##p2)c->x, c->lane)); return true;
#define LW_T_V_SHUFFLE(id) case LW_OP_##id: lw_v128_write(out->v, LW_VSEM_##id(A_, B_, c->lanes)); return true;
#define LW_T_V_CONST(id) case LW_OP_##id: memcpy(out->v, c->a, 16); return true;
#define LW_T_V_LOAD(id, align) case LW_OP_##id: lw_v128_write(out->v, LW_VLD_##id(c->mem)); return true;
#define LW_T_V_STORE(id, align) case LW_OP_##id: LW_VST_##id(out->mem, A_); return true;
#define LW_T_V_LOAD_LANE(id, align)                                                                           \
    case LW_OP_##id: lw_v128_write(out->v, LW_VLDL_##id(A_, c->mem, c->lane)); return true;
#define LW_T_V_STORE_LANE(id, align) case LW_OP_##id: LW_VSTL_##id(out->mem, A_, c->lane); return true;
#define LW_X_TEST(id, text, prefix, code, imm, align, p1, p2, p3, r) LW_GEN_SIMD(LW_T, id, imm, align, p1, p2, p3, r)

bool SIMD_APPLY(lw_opcode op, const simd_case *c, simd_result *out)
{
    memset(out, 0, sizeof *out);
    memcpy(out->mem, c->mem, sizeof out->mem);
    switch (op) {
        LW_FOR_EACH_SIMD_OPCODE(LW_X_TEST)
    default:
        return false;
    }
}
