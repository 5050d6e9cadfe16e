/* opcodes.c — the instruction table as data, and opcode lookup by encoding. */
#include "opcodes.h"

#define LW_NP_(t) ((t) != LW_T_NO && (t) != LW_T_SP)
#define LW_X_INFO(id, text_, prefix_, code_, imm_, align_, p1, p2, p3, r)                                        \
    [LW_OP_##id] = {.text = text_,                                                                             \
                    .prefix = prefix_,                                                                         \
                    .code = code_,                                                                             \
                    .imm = LW_IMM_##imm_,                                                                      \
                    .align = align_,                                                                           \
                    .params = {LW_T_##p1, LW_T_##p2, LW_T_##p3},                                               \
                    .nparams = (uint8_t)(LW_NP_(LW_T_##p1) + LW_NP_(LW_T_##p2) + LW_NP_(LW_T_##p3)),           \
                    .result = LW_T_##r},
const lw_opinfo lw_opinfo_table[LW_OP_COUNT_] = {LW_FOR_EACH_OPCODE(LW_X_INFO)};
#undef LW_X_INFO

bool lw_opcode_lookup(uint16_t prefix, uint32_t code, lw_opcode *out)
{
    /* The table is small: a switch generated from it is a jump table. */
    switch (((uint64_t)prefix << 32) | code) {
#define LW_X_CASE(id, text, prefix_, code_, imm, align, p1, p2, p3, r)                                         \
    case ((uint64_t)(prefix_) << 32) | (uint32_t)(code_): *out = LW_OP_##id; return true;
        LW_FOR_EACH_OPCODE(LW_X_CASE)
#undef LW_X_CASE
    default: return false;
    }
}
