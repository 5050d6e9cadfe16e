/* opcodes.h — the one instruction table: every opcode's name, encoding, immediates and type. */
#ifndef LW_OPCODES_H
#define LW_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

#include "opcodes_simd.h"

/*
 * X(ID, TEXT, PREFIX, CODE, IMM, ALIGN, P1, P2, P3, R)
 *   ID      C identifier: LW_OP_##ID
 *   TEXT    text-format name
 *   PREFIX  0 for one-byte opcodes, else 0xFC / 0xFD (CODE is then a u32 LEB)
 *   CODE    opcode byte or sub-opcode
 *   IMM     immediate kind: LW_IMM_##IMM (see enum lw_imm below)
 *   ALIGN   log2 of natural alignment for memory accesses (0 otherwise)
 *   P1..P3  operand types popped, first operand first (NO = none)
 *   R       result type pushed (NO = none; SP = special: the validator
 *           and translator handle the opcode by hand, P1..P3 unused)
 * Type tokens: I32 I64 F32 F64 V128 FREF EREF NO SP.
 */
#define LW_FOR_EACH_OPCODE(X) \
    /* control */ \
    X(UNREACHABLE,   "unreachable",   0, 0x00, NONE, 0, NO, NO, NO, SP) \
    X(NOP,           "nop",           0, 0x01, NONE, 0, NO, NO, NO, NO) \
    X(BLOCK,         "block",         0, 0x02, BLOCK, 0, NO, NO, NO, SP) \
    X(LOOP,          "loop",          0, 0x03, BLOCK, 0, NO, NO, NO, SP) \
    X(IF,            "if",            0, 0x04, BLOCK, 0, NO, NO, NO, SP) \
    X(ELSE,          "else",          0, 0x05, NONE, 0, NO, NO, NO, SP) \
    X(END,           "end",           0, 0x0B, NONE, 0, NO, NO, NO, SP) \
    X(BR,            "br",            0, 0x0C, LABEL, 0, NO, NO, NO, SP) \
    X(BR_IF,         "br_if",         0, 0x0D, LABEL, 0, NO, NO, NO, SP) \
    X(BR_TABLE,      "br_table",      0, 0x0E, BR_TABLE, 0, NO, NO, NO, SP) \
    X(RETURN,        "return",        0, 0x0F, NONE, 0, NO, NO, NO, SP) \
    X(CALL,          "call",          0, 0x10, FUNC, 0, NO, NO, NO, SP) \
    X(CALL_INDIRECT, "call_indirect", 0, 0x11, CALL_INDIRECT, 0, NO, NO, NO, SP) \
    /* parametric */ \
    X(DROP,          "drop",          0, 0x1A, NONE, 0, NO, NO, NO, SP) \
    X(SELECT,        "select",        0, 0x1B, NONE, 0, NO, NO, NO, SP) \
    X(SELECT_T,      "select",        0, 0x1C, SELECT_T, 0, NO, NO, NO, SP) \
    /* variables */ \
    X(LOCAL_GET,     "local.get",     0, 0x20, LOCAL, 0, NO, NO, NO, SP) \
    X(LOCAL_SET,     "local.set",     0, 0x21, LOCAL, 0, NO, NO, NO, SP) \
    X(LOCAL_TEE,     "local.tee",     0, 0x22, LOCAL, 0, NO, NO, NO, SP) \
    X(GLOBAL_GET,    "global.get",    0, 0x23, GLOBAL, 0, NO, NO, NO, SP) \
    X(GLOBAL_SET,    "global.set",    0, 0x24, GLOBAL, 0, NO, NO, NO, SP) \
    X(TABLE_GET,     "table.get",     0, 0x25, TABLE, 0, NO, NO, NO, SP) \
    X(TABLE_SET,     "table.set",     0, 0x26, TABLE, 0, NO, NO, NO, SP) \
    /* memory */ \
    X(I32_LOAD,      "i32.load",      0, 0x28, MEMARG, 2, I32, NO, NO, I32) \
    X(I64_LOAD,      "i64.load",      0, 0x29, MEMARG, 3, I32, NO, NO, I64) \
    X(F32_LOAD,      "f32.load",      0, 0x2A, MEMARG, 2, I32, NO, NO, F32) \
    X(F64_LOAD,      "f64.load",      0, 0x2B, MEMARG, 3, I32, NO, NO, F64) \
    X(I32_LOAD8_S,   "i32.load8_s",   0, 0x2C, MEMARG, 0, I32, NO, NO, I32) \
    X(I32_LOAD8_U,   "i32.load8_u",   0, 0x2D, MEMARG, 0, I32, NO, NO, I32) \
    X(I32_LOAD16_S,  "i32.load16_s",  0, 0x2E, MEMARG, 1, I32, NO, NO, I32) \
    X(I32_LOAD16_U,  "i32.load16_u",  0, 0x2F, MEMARG, 1, I32, NO, NO, I32) \
    X(I64_LOAD8_S,   "i64.load8_s",   0, 0x30, MEMARG, 0, I32, NO, NO, I64) \
    X(I64_LOAD8_U,   "i64.load8_u",   0, 0x31, MEMARG, 0, I32, NO, NO, I64) \
    X(I64_LOAD16_S,  "i64.load16_s",  0, 0x32, MEMARG, 1, I32, NO, NO, I64) \
    X(I64_LOAD16_U,  "i64.load16_u",  0, 0x33, MEMARG, 1, I32, NO, NO, I64) \
    X(I64_LOAD32_S,  "i64.load32_s",  0, 0x34, MEMARG, 2, I32, NO, NO, I64) \
    X(I64_LOAD32_U,  "i64.load32_u",  0, 0x35, MEMARG, 2, I32, NO, NO, I64) \
    X(I32_STORE,     "i32.store",     0, 0x36, MEMARG, 2, I32, I32, NO, NO) \
    X(I64_STORE,     "i64.store",     0, 0x37, MEMARG, 3, I32, I64, NO, NO) \
    X(F32_STORE,     "f32.store",     0, 0x38, MEMARG, 2, I32, F32, NO, NO) \
    X(F64_STORE,     "f64.store",     0, 0x39, MEMARG, 3, I32, F64, NO, NO) \
    X(I32_STORE8,    "i32.store8",    0, 0x3A, MEMARG, 0, I32, I32, NO, NO) \
    X(I32_STORE16,   "i32.store16",   0, 0x3B, MEMARG, 1, I32, I32, NO, NO) \
    X(I64_STORE8,    "i64.store8",    0, 0x3C, MEMARG, 0, I32, I64, NO, NO) \
    X(I64_STORE16,   "i64.store16",   0, 0x3D, MEMARG, 1, I32, I64, NO, NO) \
    X(I64_STORE32,   "i64.store32",   0, 0x3E, MEMARG, 2, I32, I64, NO, NO) \
    X(MEMORY_SIZE,   "memory.size",   0, 0x3F, MEM, 0, NO, NO, NO, I32) \
    X(MEMORY_GROW,   "memory.grow",   0, 0x40, MEM, 0, I32, NO, NO, I32) \
    /* constants */ \
    X(I32_CONST,     "i32.const",     0, 0x41, I32, 0, NO, NO, NO, I32) \
    X(I64_CONST,     "i64.const",     0, 0x42, I64, 0, NO, NO, NO, I64) \
    X(F32_CONST,     "f32.const",     0, 0x43, F32, 0, NO, NO, NO, F32) \
    X(F64_CONST,     "f64.const",     0, 0x44, F64, 0, NO, NO, NO, F64) \
    /* i32 comparisons */ \
    X(I32_EQZ,       "i32.eqz",       0, 0x45, NONE, 0, I32, NO, NO, I32) \
    X(I32_EQ,        "i32.eq",        0, 0x46, NONE, 0, I32, I32, NO, I32) \
    X(I32_NE,        "i32.ne",        0, 0x47, NONE, 0, I32, I32, NO, I32) \
    X(I32_LT_S,      "i32.lt_s",      0, 0x48, NONE, 0, I32, I32, NO, I32) \
    X(I32_LT_U,      "i32.lt_u",      0, 0x49, NONE, 0, I32, I32, NO, I32) \
    X(I32_GT_S,      "i32.gt_s",      0, 0x4A, NONE, 0, I32, I32, NO, I32) \
    X(I32_GT_U,      "i32.gt_u",      0, 0x4B, NONE, 0, I32, I32, NO, I32) \
    X(I32_LE_S,      "i32.le_s",      0, 0x4C, NONE, 0, I32, I32, NO, I32) \
    X(I32_LE_U,      "i32.le_u",      0, 0x4D, NONE, 0, I32, I32, NO, I32) \
    X(I32_GE_S,      "i32.ge_s",      0, 0x4E, NONE, 0, I32, I32, NO, I32) \
    X(I32_GE_U,      "i32.ge_u",      0, 0x4F, NONE, 0, I32, I32, NO, I32) \
    /* i64 comparisons */ \
    X(I64_EQZ,       "i64.eqz",       0, 0x50, NONE, 0, I64, NO, NO, I32) \
    X(I64_EQ,        "i64.eq",        0, 0x51, NONE, 0, I64, I64, NO, I32) \
    X(I64_NE,        "i64.ne",        0, 0x52, NONE, 0, I64, I64, NO, I32) \
    X(I64_LT_S,      "i64.lt_s",      0, 0x53, NONE, 0, I64, I64, NO, I32) \
    X(I64_LT_U,      "i64.lt_u",      0, 0x54, NONE, 0, I64, I64, NO, I32) \
    X(I64_GT_S,      "i64.gt_s",      0, 0x55, NONE, 0, I64, I64, NO, I32) \
    X(I64_GT_U,      "i64.gt_u",      0, 0x56, NONE, 0, I64, I64, NO, I32) \
    X(I64_LE_S,      "i64.le_s",      0, 0x57, NONE, 0, I64, I64, NO, I32) \
    X(I64_LE_U,      "i64.le_u",      0, 0x58, NONE, 0, I64, I64, NO, I32) \
    X(I64_GE_S,      "i64.ge_s",      0, 0x59, NONE, 0, I64, I64, NO, I32) \
    X(I64_GE_U,      "i64.ge_u",      0, 0x5A, NONE, 0, I64, I64, NO, I32) \
    /* float comparisons */ \
    X(F32_EQ,        "f32.eq",        0, 0x5B, NONE, 0, F32, F32, NO, I32) \
    X(F32_NE,        "f32.ne",        0, 0x5C, NONE, 0, F32, F32, NO, I32) \
    X(F32_LT,        "f32.lt",        0, 0x5D, NONE, 0, F32, F32, NO, I32) \
    X(F32_GT,        "f32.gt",        0, 0x5E, NONE, 0, F32, F32, NO, I32) \
    X(F32_LE,        "f32.le",        0, 0x5F, NONE, 0, F32, F32, NO, I32) \
    X(F32_GE,        "f32.ge",        0, 0x60, NONE, 0, F32, F32, NO, I32) \
    X(F64_EQ,        "f64.eq",        0, 0x61, NONE, 0, F64, F64, NO, I32) \
    X(F64_NE,        "f64.ne",        0, 0x62, NONE, 0, F64, F64, NO, I32) \
    X(F64_LT,        "f64.lt",        0, 0x63, NONE, 0, F64, F64, NO, I32) \
    X(F64_GT,        "f64.gt",        0, 0x64, NONE, 0, F64, F64, NO, I32) \
    X(F64_LE,        "f64.le",        0, 0x65, NONE, 0, F64, F64, NO, I32) \
    X(F64_GE,        "f64.ge",        0, 0x66, NONE, 0, F64, F64, NO, I32) \
    /* i32 arithmetic */ \
    X(I32_CLZ,       "i32.clz",       0, 0x67, NONE, 0, I32, NO, NO, I32) \
    X(I32_CTZ,       "i32.ctz",       0, 0x68, NONE, 0, I32, NO, NO, I32) \
    X(I32_POPCNT,    "i32.popcnt",    0, 0x69, NONE, 0, I32, NO, NO, I32) \
    X(I32_ADD,       "i32.add",       0, 0x6A, NONE, 0, I32, I32, NO, I32) \
    X(I32_SUB,       "i32.sub",       0, 0x6B, NONE, 0, I32, I32, NO, I32) \
    X(I32_MUL,       "i32.mul",       0, 0x6C, NONE, 0, I32, I32, NO, I32) \
    X(I32_DIV_S,     "i32.div_s",     0, 0x6D, NONE, 0, I32, I32, NO, I32) \
    X(I32_DIV_U,     "i32.div_u",     0, 0x6E, NONE, 0, I32, I32, NO, I32) \
    X(I32_REM_S,     "i32.rem_s",     0, 0x6F, NONE, 0, I32, I32, NO, I32) \
    X(I32_REM_U,     "i32.rem_u",     0, 0x70, NONE, 0, I32, I32, NO, I32) \
    X(I32_AND,       "i32.and",       0, 0x71, NONE, 0, I32, I32, NO, I32) \
    X(I32_OR,        "i32.or",        0, 0x72, NONE, 0, I32, I32, NO, I32) \
    X(I32_XOR,       "i32.xor",       0, 0x73, NONE, 0, I32, I32, NO, I32) \
    X(I32_SHL,       "i32.shl",       0, 0x74, NONE, 0, I32, I32, NO, I32) \
    X(I32_SHR_S,     "i32.shr_s",     0, 0x75, NONE, 0, I32, I32, NO, I32) \
    X(I32_SHR_U,     "i32.shr_u",     0, 0x76, NONE, 0, I32, I32, NO, I32) \
    X(I32_ROTL,      "i32.rotl",      0, 0x77, NONE, 0, I32, I32, NO, I32) \
    X(I32_ROTR,      "i32.rotr",      0, 0x78, NONE, 0, I32, I32, NO, I32) \
    /* i64 arithmetic */ \
    X(I64_CLZ,       "i64.clz",       0, 0x79, NONE, 0, I64, NO, NO, I64) \
    X(I64_CTZ,       "i64.ctz",       0, 0x7A, NONE, 0, I64, NO, NO, I64) \
    X(I64_POPCNT,    "i64.popcnt",    0, 0x7B, NONE, 0, I64, NO, NO, I64) \
    X(I64_ADD,       "i64.add",       0, 0x7C, NONE, 0, I64, I64, NO, I64) \
    X(I64_SUB,       "i64.sub",       0, 0x7D, NONE, 0, I64, I64, NO, I64) \
    X(I64_MUL,       "i64.mul",       0, 0x7E, NONE, 0, I64, I64, NO, I64) \
    X(I64_DIV_S,     "i64.div_s",     0, 0x7F, NONE, 0, I64, I64, NO, I64) \
    X(I64_DIV_U,     "i64.div_u",     0, 0x80, NONE, 0, I64, I64, NO, I64) \
    X(I64_REM_S,     "i64.rem_s",     0, 0x81, NONE, 0, I64, I64, NO, I64) \
    X(I64_REM_U,     "i64.rem_u",     0, 0x82, NONE, 0, I64, I64, NO, I64) \
    X(I64_AND,       "i64.and",       0, 0x83, NONE, 0, I64, I64, NO, I64) \
    X(I64_OR,        "i64.or",        0, 0x84, NONE, 0, I64, I64, NO, I64) \
    X(I64_XOR,       "i64.xor",       0, 0x85, NONE, 0, I64, I64, NO, I64) \
    X(I64_SHL,       "i64.shl",       0, 0x86, NONE, 0, I64, I64, NO, I64) \
    X(I64_SHR_S,     "i64.shr_s",     0, 0x87, NONE, 0, I64, I64, NO, I64) \
    X(I64_SHR_U,     "i64.shr_u",     0, 0x88, NONE, 0, I64, I64, NO, I64) \
    X(I64_ROTL,      "i64.rotl",      0, 0x89, NONE, 0, I64, I64, NO, I64) \
    X(I64_ROTR,      "i64.rotr",      0, 0x8A, NONE, 0, I64, I64, NO, I64) \
    /* f32 arithmetic */ \
    X(F32_ABS,       "f32.abs",       0, 0x8B, NONE, 0, F32, NO, NO, F32) \
    X(F32_NEG,       "f32.neg",       0, 0x8C, NONE, 0, F32, NO, NO, F32) \
    X(F32_CEIL,      "f32.ceil",      0, 0x8D, NONE, 0, F32, NO, NO, F32) \
    X(F32_FLOOR,     "f32.floor",     0, 0x8E, NONE, 0, F32, NO, NO, F32) \
    X(F32_TRUNC,     "f32.trunc",     0, 0x8F, NONE, 0, F32, NO, NO, F32) \
    X(F32_NEAREST,   "f32.nearest",   0, 0x90, NONE, 0, F32, NO, NO, F32) \
    X(F32_SQRT,      "f32.sqrt",      0, 0x91, NONE, 0, F32, NO, NO, F32) \
    X(F32_ADD,       "f32.add",       0, 0x92, NONE, 0, F32, F32, NO, F32) \
    X(F32_SUB,       "f32.sub",       0, 0x93, NONE, 0, F32, F32, NO, F32) \
    X(F32_MUL,       "f32.mul",       0, 0x94, NONE, 0, F32, F32, NO, F32) \
    X(F32_DIV,       "f32.div",       0, 0x95, NONE, 0, F32, F32, NO, F32) \
    X(F32_MIN,       "f32.min",       0, 0x96, NONE, 0, F32, F32, NO, F32) \
    X(F32_MAX,       "f32.max",       0, 0x97, NONE, 0, F32, F32, NO, F32) \
    X(F32_COPYSIGN,  "f32.copysign",  0, 0x98, NONE, 0, F32, F32, NO, F32) \
    /* f64 arithmetic */ \
    X(F64_ABS,       "f64.abs",       0, 0x99, NONE, 0, F64, NO, NO, F64) \
    X(F64_NEG,       "f64.neg",       0, 0x9A, NONE, 0, F64, NO, NO, F64) \
    X(F64_CEIL,      "f64.ceil",      0, 0x9B, NONE, 0, F64, NO, NO, F64) \
    X(F64_FLOOR,     "f64.floor",     0, 0x9C, NONE, 0, F64, NO, NO, F64) \
    X(F64_TRUNC,     "f64.trunc",     0, 0x9D, NONE, 0, F64, NO, NO, F64) \
    X(F64_NEAREST,   "f64.nearest",   0, 0x9E, NONE, 0, F64, NO, NO, F64) \
    X(F64_SQRT,      "f64.sqrt",      0, 0x9F, NONE, 0, F64, NO, NO, F64) \
    X(F64_ADD,       "f64.add",       0, 0xA0, NONE, 0, F64, F64, NO, F64) \
    X(F64_SUB,       "f64.sub",       0, 0xA1, NONE, 0, F64, F64, NO, F64) \
    X(F64_MUL,       "f64.mul",       0, 0xA2, NONE, 0, F64, F64, NO, F64) \
    X(F64_DIV,       "f64.div",       0, 0xA3, NONE, 0, F64, F64, NO, F64) \
    X(F64_MIN,       "f64.min",       0, 0xA4, NONE, 0, F64, F64, NO, F64) \
    X(F64_MAX,       "f64.max",       0, 0xA5, NONE, 0, F64, F64, NO, F64) \
    X(F64_COPYSIGN,  "f64.copysign",  0, 0xA6, NONE, 0, F64, F64, NO, F64) \
    /* conversions */ \
    X(I32_WRAP_I64,        "i32.wrap_i64",        0, 0xA7, NONE, 0, I64, NO, NO, I32) \
    X(I32_TRUNC_F32_S,     "i32.trunc_f32_s",     0, 0xA8, NONE, 0, F32, NO, NO, I32) \
    X(I32_TRUNC_F32_U,     "i32.trunc_f32_u",     0, 0xA9, NONE, 0, F32, NO, NO, I32) \
    X(I32_TRUNC_F64_S,     "i32.trunc_f64_s",     0, 0xAA, NONE, 0, F64, NO, NO, I32) \
    X(I32_TRUNC_F64_U,     "i32.trunc_f64_u",     0, 0xAB, NONE, 0, F64, NO, NO, I32) \
    X(I64_EXTEND_I32_S,    "i64.extend_i32_s",    0, 0xAC, NONE, 0, I32, NO, NO, I64) \
    X(I64_EXTEND_I32_U,    "i64.extend_i32_u",    0, 0xAD, NONE, 0, I32, NO, NO, I64) \
    X(I64_TRUNC_F32_S,     "i64.trunc_f32_s",     0, 0xAE, NONE, 0, F32, NO, NO, I64) \
    X(I64_TRUNC_F32_U,     "i64.trunc_f32_u",     0, 0xAF, NONE, 0, F32, NO, NO, I64) \
    X(I64_TRUNC_F64_S,     "i64.trunc_f64_s",     0, 0xB0, NONE, 0, F64, NO, NO, I64) \
    X(I64_TRUNC_F64_U,     "i64.trunc_f64_u",     0, 0xB1, NONE, 0, F64, NO, NO, I64) \
    X(F32_CONVERT_I32_S,   "f32.convert_i32_s",   0, 0xB2, NONE, 0, I32, NO, NO, F32) \
    X(F32_CONVERT_I32_U,   "f32.convert_i32_u",   0, 0xB3, NONE, 0, I32, NO, NO, F32) \
    X(F32_CONVERT_I64_S,   "f32.convert_i64_s",   0, 0xB4, NONE, 0, I64, NO, NO, F32) \
    X(F32_CONVERT_I64_U,   "f32.convert_i64_u",   0, 0xB5, NONE, 0, I64, NO, NO, F32) \
    X(F32_DEMOTE_F64,      "f32.demote_f64",      0, 0xB6, NONE, 0, F64, NO, NO, F32) \
    X(F64_CONVERT_I32_S,   "f64.convert_i32_s",   0, 0xB7, NONE, 0, I32, NO, NO, F64) \
    X(F64_CONVERT_I32_U,   "f64.convert_i32_u",   0, 0xB8, NONE, 0, I32, NO, NO, F64) \
    X(F64_CONVERT_I64_S,   "f64.convert_i64_s",   0, 0xB9, NONE, 0, I64, NO, NO, F64) \
    X(F64_CONVERT_I64_U,   "f64.convert_i64_u",   0, 0xBA, NONE, 0, I64, NO, NO, F64) \
    X(F64_PROMOTE_F32,     "f64.promote_f32",     0, 0xBB, NONE, 0, F32, NO, NO, F64) \
    X(I32_REINTERPRET_F32, "i32.reinterpret_f32", 0, 0xBC, NONE, 0, F32, NO, NO, I32) \
    X(I64_REINTERPRET_F64, "i64.reinterpret_f64", 0, 0xBD, NONE, 0, F64, NO, NO, I64) \
    X(F32_REINTERPRET_I32, "f32.reinterpret_i32", 0, 0xBE, NONE, 0, I32, NO, NO, F32) \
    X(F64_REINTERPRET_I64, "f64.reinterpret_i64", 0, 0xBF, NONE, 0, I64, NO, NO, F64) \
    /* sign extension */ \
    X(I32_EXTEND8_S,       "i32.extend8_s",       0, 0xC0, NONE, 0, I32, NO, NO, I32) \
    X(I32_EXTEND16_S,      "i32.extend16_s",      0, 0xC1, NONE, 0, I32, NO, NO, I32) \
    X(I64_EXTEND8_S,       "i64.extend8_s",       0, 0xC2, NONE, 0, I64, NO, NO, I64) \
    X(I64_EXTEND16_S,      "i64.extend16_s",      0, 0xC3, NONE, 0, I64, NO, NO, I64) \
    X(I64_EXTEND32_S,      "i64.extend32_s",      0, 0xC4, NONE, 0, I64, NO, NO, I64) \
    /* reference types */ \
    X(REF_NULL,            "ref.null",            0, 0xD0, REFTYPE, 0, NO, NO, NO, SP) \
    X(REF_IS_NULL,         "ref.is_null",         0, 0xD1, NONE, 0, NO, NO, NO, SP) \
    X(REF_FUNC,            "ref.func",            0, 0xD2, FUNC, 0, NO, NO, NO, SP) \
    /* 0xFC: saturating truncation */ \
    X(I32_TRUNC_SAT_F32_S, "i32.trunc_sat_f32_s", 0xFC, 0, NONE, 0, F32, NO, NO, I32) \
    X(I32_TRUNC_SAT_F32_U, "i32.trunc_sat_f32_u", 0xFC, 1, NONE, 0, F32, NO, NO, I32) \
    X(I32_TRUNC_SAT_F64_S, "i32.trunc_sat_f64_s", 0xFC, 2, NONE, 0, F64, NO, NO, I32) \
    X(I32_TRUNC_SAT_F64_U, "i32.trunc_sat_f64_u", 0xFC, 3, NONE, 0, F64, NO, NO, I32) \
    X(I64_TRUNC_SAT_F32_S, "i64.trunc_sat_f32_s", 0xFC, 4, NONE, 0, F32, NO, NO, I64) \
    X(I64_TRUNC_SAT_F32_U, "i64.trunc_sat_f32_u", 0xFC, 5, NONE, 0, F32, NO, NO, I64) \
    X(I64_TRUNC_SAT_F64_S, "i64.trunc_sat_f64_s", 0xFC, 6, NONE, 0, F64, NO, NO, I64) \
    X(I64_TRUNC_SAT_F64_U, "i64.trunc_sat_f64_u", 0xFC, 7, NONE, 0, F64, NO, NO, I64) \
    /* 0xFC: bulk memory and table operations */ \
    X(MEMORY_INIT,         "memory.init",         0xFC, 8, MEMORY_INIT, 0, I32, I32, I32, NO) \
    X(DATA_DROP,           "data.drop",           0xFC, 9, DATA, 0, NO, NO, NO, NO) \
    X(MEMORY_COPY,         "memory.copy",         0xFC, 10, MEMORY_COPY, 0, I32, I32, I32, NO) \
    X(MEMORY_FILL,         "memory.fill",         0xFC, 11, MEM, 0, I32, I32, I32, NO) \
    X(TABLE_INIT,          "table.init",          0xFC, 12, TABLE_INIT, 0, I32, I32, I32, NO) \
    X(ELEM_DROP,           "elem.drop",           0xFC, 13, ELEM, 0, NO, NO, NO, NO) \
    X(TABLE_COPY,          "table.copy",          0xFC, 14, TABLE_COPY, 0, I32, I32, I32, NO) \
    X(TABLE_GROW,          "table.grow",          0xFC, 15, TABLE, 0, NO, NO, NO, SP) \
    X(TABLE_SIZE,          "table.size",          0xFC, 16, TABLE, 0, NO, NO, NO, I32) \
    X(TABLE_FILL,          "table.fill",          0xFC, 17, TABLE, 0, NO, NO, NO, SP) \
    /* 0xFD: fixed-width SIMD (opcodes_simd.h) */ \
    LW_FOR_EACH_SIMD_OPCODE(X)

/* Immediate kinds: how the bytes after an opcode are laid out. */
#define LW_FOR_EACH_IMM(X) \
    X(NONE)          /* nothing */ \
    X(BLOCK)         /* blocktype: 0x40, a valtype, or s33 type index */ \
    X(LABEL)         /* u32 label depth */ \
    X(BR_TABLE)      /* vec(u32) labels, u32 default */ \
    X(FUNC)          /* u32 function index */ \
    X(CALL_INDIRECT) /* u32 type index, u32 table index */ \
    X(LOCAL)         /* u32 local index */ \
    X(GLOBAL)        /* u32 global index */ \
    X(TABLE)         /* u32 table index */ \
    X(MEMARG)        /* u32 align, u32 offset */ \
    X(MEM)           /* memory index byte (0x00 in 2.0) */ \
    X(I32)           /* s32 */ \
    X(I64)           /* s64 */ \
    X(F32)           /* 4 raw bytes */ \
    X(F64)           /* 8 raw bytes */ \
    X(SELECT_T)      /* vec(valtype), exactly one in 2.0 */ \
    X(REFTYPE)       /* reftype byte */ \
    X(ELEM)          /* u32 element segment index */ \
    X(DATA)          /* u32 data segment index */ \
    X(TABLE_INIT)    /* u32 element segment index, u32 table index */ \
    X(TABLE_COPY)    /* u32 destination table, u32 source table */ \
    X(MEMORY_INIT)   /* u32 data index, memory index byte */ \
    X(MEMORY_COPY)   /* memory index byte (dest), memory index byte (src) */ \
    X(V128)          /* 16 raw bytes */ \
    X(LANE)          /* u8 lane index */ \
    X(SHUFFLE)       /* 16 u8 lane indices */ \
    X(MEMARG_LANE)   /* memarg, u8 lane index */

typedef enum lw_opcode {
#define LW_X_ENUM(id, text, prefix, code, imm, align, p1, p2, p3, r) LW_OP_##id,
    LW_FOR_EACH_OPCODE(LW_X_ENUM)
#undef LW_X_ENUM
    LW_OP_COUNT_
} lw_opcode;

typedef enum lw_imm {
#define LW_X_IMM(name) LW_IMM_##name,
    LW_FOR_EACH_IMM(LW_X_IMM)
#undef LW_X_IMM
    LW_IMM_COUNT_
} lw_imm;

/* Type tokens of the table, as value-type codes (binary encoding). */
#define LW_T_I32 0x7F
#define LW_T_I64 0x7E
#define LW_T_F32 0x7D
#define LW_T_F64 0x7C
#define LW_T_V128 0x7B
#define LW_T_FREF 0x70
#define LW_T_EREF 0x6F
#define LW_T_NO 0x00
#define LW_T_SP 0x01

/* The table as data, for code that looks an opcode up at run time. */
typedef struct lw_opinfo {
    const char *text;
    uint16_t prefix;
    uint32_t code;
    uint8_t imm;     /* lw_imm */
    uint8_t align;   /* log2 natural alignment (memory ops) */
    uint8_t params[3];
    uint8_t nparams;
    uint8_t result;  /* LW_T_NO, LW_T_SP or a value type */
} lw_opinfo;

extern const lw_opinfo lw_opinfo_table[LW_OP_COUNT_];

/* Maps an encoding to an opcode; returns false for an unknown opcode. */
bool lw_opcode_lookup(uint16_t prefix, uint32_t code, lw_opcode *out);

#endif
