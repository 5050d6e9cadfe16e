/* insn.c — decoding one instruction's opcode and immediates from the binary. */
#include "insn.h"

#include <string.h>

bool lw_is_valtype(uint8_t b)
{
    switch (b) {
    case LWASM_I32: case LWASM_I64: case LWASM_F32: case LWASM_F64:
    case LWASM_V128: case LWASM_FUNCREF: case LWASM_EXTERNREF: return true;
    default: return false;
    }
}

static lwasm_error *read_zero_byte(lw_reader *r, uint32_t *out)
{
    size_t at = lw_reader_offset(r);
    uint8_t b;
    LW_TRY(lw_read_u8(r, &b));
    if (b != 0)
        return LW_MALFORMED(at, "zero byte expected");
    *out = 0;
    return NULL;
}

static lwasm_error *read_fixed(lw_reader *r, void *dst, size_t n)
{
    const uint8_t *src;
    LW_TRY(lw_read_bytes(r, n, &src));
    memcpy(dst, src, n); /* little-endian hosts; see meson.build check */
    return NULL;
}

lwasm_error *lw_insn_read(lw_reader *r, lw_insn *out)
{
    out->offset = lw_reader_offset(r);
    uint8_t first;
    LW_TRY(lw_read_u8(r, &first));
    uint32_t code = first;
    uint16_t prefix = 0;
    if (first == 0xFC || first == 0xFD) {
        prefix = first;
        LW_TRY(lw_read_u32(r, &code));
    }
    if (!lw_opcode_lookup(prefix, code, &out->op)) {
        if (prefix)
            return LW_MALFORMED(out->offset, "illegal opcode 0x%02x %u", prefix, code);
        return LW_MALFORMED(out->offset, "illegal opcode 0x%02x", first);
    }

    switch ((lw_imm)lw_opinfo_table[out->op].imm) {
    case LW_IMM_NONE:
        return NULL;
    case LW_IMM_BLOCK: {
        size_t at = lw_reader_offset(r);
        if (lw_reader_eof(r))
            return LW_MALFORMED(at, "unexpected end");
        uint8_t b = *r->p;
        if (b == 0x40) {
            r->p++;
            out->imm.block.kind = LW_BLOCK_EMPTY;
            return NULL;
        }
        if (lw_is_valtype(b)) {
            r->p++;
            out->imm.block.kind = LW_BLOCK_VALTYPE;
            out->imm.block.value = b;
            return NULL;
        }
        int64_t idx;
        LW_TRY(lw_read_s33(r, &idx));
        if (idx < 0)
            return LW_MALFORMED(at, "malformed block type");
        out->imm.block.kind = LW_BLOCK_TYPEIDX;
        out->imm.block.value = (uint32_t)idx;
        return NULL;
    }
    case LW_IMM_LABEL: case LW_IMM_FUNC: case LW_IMM_LOCAL: case LW_IMM_GLOBAL:
    case LW_IMM_TABLE: case LW_IMM_ELEM: case LW_IMM_DATA:
        return lw_read_u32(r, &out->imm.index);
    case LW_IMM_MEM:
        return read_zero_byte(r, &out->imm.index);
    case LW_IMM_BR_TABLE: {
        LW_TRY(lw_read_u32(r, &out->imm.br_table.count));
        out->imm.br_table.targets = r->p;
        uint32_t ignored;
        for (uint64_t i = 0; i <= out->imm.br_table.count; i++)
            LW_TRY(lw_read_u32(r, &ignored));
        return NULL;
    }
    case LW_IMM_CALL_INDIRECT:
        LW_TRY(lw_read_u32(r, &out->imm.call_indirect.type));
        return lw_read_u32(r, &out->imm.call_indirect.table);
    case LW_IMM_MEMARG_LANE:
    case LW_IMM_MEMARG:
        LW_TRY(lw_read_u32(r, &out->imm.memarg.align));
        LW_TRY(lw_read_u32(r, &out->imm.memarg.offset));
        if (lw_opinfo_table[out->op].imm == LW_IMM_MEMARG_LANE)
            return lw_read_u8(r, &out->imm.memarg.lane);
        return NULL;
    case LW_IMM_I32:
        return lw_read_s32(r, &out->imm.i32);
    case LW_IMM_I64:
        return lw_read_s64(r, &out->imm.i64);
    case LW_IMM_F32:
        return read_fixed(r, &out->imm.f32, 4);
    case LW_IMM_F64:
        return read_fixed(r, &out->imm.f64, 8);
    case LW_IMM_V128: case LW_IMM_SHUFFLE:
        return read_fixed(r, out->imm.v128, 16);
    case LW_IMM_LANE:
        return lw_read_u8(r, &out->imm.lane);
    case LW_IMM_SELECT_T: {
        LW_TRY(lw_read_u32(r, &out->imm.select_t.count));
        out->imm.select_t.type = 0;
        for (uint32_t i = 0; i < out->imm.select_t.count; i++) {
            size_t at = lw_reader_offset(r);
            uint8_t t;
            LW_TRY(lw_read_u8(r, &t));
            if (!lw_is_valtype(t))
                return LW_MALFORMED(at, "malformed value type 0x%02x", t);
            if (i == 0)
                out->imm.select_t.type = t;
        }
        return NULL;
    }
    case LW_IMM_REFTYPE: {
        size_t at = lw_reader_offset(r);
        LW_TRY(lw_read_u8(r, &out->imm.reftype));
        if (out->imm.reftype != LWASM_FUNCREF && out->imm.reftype != LWASM_EXTERNREF)
            return LW_MALFORMED(at, "malformed reference type 0x%02x", out->imm.reftype);
        return NULL;
    }
    case LW_IMM_TABLE_INIT: case LW_IMM_TABLE_COPY:
        LW_TRY(lw_read_u32(r, &out->imm.pair.a));
        return lw_read_u32(r, &out->imm.pair.b);
    case LW_IMM_MEMORY_INIT:
        LW_TRY(lw_read_u32(r, &out->imm.pair.a));
        return read_zero_byte(r, &out->imm.pair.b);
    case LW_IMM_MEMORY_COPY:
        LW_TRY(read_zero_byte(r, &out->imm.pair.a));
        return read_zero_byte(r, &out->imm.pair.b);
    case LW_IMM_COUNT_:
        break;
    }
    return LW_MALFORMED(out->offset, "internal: unhandled immediate kind");
}
