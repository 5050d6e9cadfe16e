/* insn.h — reads one instruction and its immediates, driven by the opcode table. */
#ifndef LW_INSN_H
#define LW_INSN_H

#include "leb128.h"
#include "opcodes.h"

enum lw_blocktype_kind {
    LW_BLOCK_EMPTY,   /* 0x40 */
    LW_BLOCK_VALTYPE, /* one result of type `value` */
    LW_BLOCK_TYPEIDX, /* function type index `value` */
};

typedef struct lw_insn {
    lw_opcode op;
    size_t offset; /* of the opcode's first byte */
    union {
        struct {
            uint8_t kind; /* enum lw_blocktype_kind */
            uint32_t value;
        } block;
        uint32_t index; /* LABEL, FUNC, LOCAL, GLOBAL, TABLE, ELEM, DATA, MEM */
        struct {
            uint32_t type, table;
        } call_indirect;
        struct {
            uint32_t align, offset;
            uint8_t lane; /* MEMARG_LANE only */
        } memarg;
        struct {
            uint32_t a, b; /* TABLE_INIT (elem, table), TABLE_COPY (dst, src),
                              MEMORY_INIT (data, mem), MEMORY_COPY (dst, src) */
        } pair;
        struct {
            uint32_t count;          /* labels before the default */
            const uint8_t *targets;  /* count+1 LEB u32s, already checked:
                                        read with lw_leb_u32_unchecked */
        } br_table;
        struct {
            uint32_t count; /* number of types given (1 is the only valid count) */
            uint8_t type;   /* the first type */
        } select_t;
        uint8_t reftype; /* REFTYPE */
        int32_t i32;
        int64_t i64;
        uint32_t f32; /* bits */
        uint64_t f64; /* bits */
        uint8_t v128[16]; /* V128 and SHUFFLE */
        uint8_t lane;     /* LANE */
    } imm;
} lw_insn;

/* Reads the next instruction at r->p. Errors are LWASM_ERR_MALFORMED with the
 * offset ("illegal opcode", "unexpected end", "zero byte expected", ...). */
lwasm_error *lw_insn_read(lw_reader *r, lw_insn *out);

/* True for a byte that is a value type in 2.0 (numeric, vector, reference). */
bool lw_is_valtype(uint8_t b);

#endif
