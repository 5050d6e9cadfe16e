/* const.c — evaluates constant expressions (global, element and data initialisers) at instantiation. */
#include "insn.h"
#include "runtime.h"

#include <string.h>

/* A small operand stack: 2.0 constant expressions push exactly one value,
 * but the evaluator is a real stack machine so extended-const arithmetic
 * (i32/i64 add, sub, mul) only needs new cases below. */
#define LW_CONST_STACK_SLOTS 32

typedef struct const_stack {
    lw_value slots[LW_CONST_STACK_SLOTS];
    uint32_t nslots;
} const_stack;

static lwasm_error *push(const_stack *st, const lw_value *v, uint32_t n, size_t offset)
{
    if (st->nslots + n > LW_CONST_STACK_SLOTS)
        return LW_INVALID(offset, LWASM_NO_FUNC, "constant expression too deep");
    memcpy(&st->slots[st->nslots], v, n * sizeof *v);
    st->nslots += n;
    return NULL;
}

static lwasm_error *push1(const_stack *st, lw_value v, size_t offset) { return push(st, &v, 1, offset); }

lwasm_error *lw_const_eval(const lwasm_instance *inst, const lw_expr *e, lw_valtype type, lw_value *out)
{
    const lwasm_module *m = inst->module;
    lw_reader r = lw_reader_make(m->bytes, e->data, e->data + e->len);
    const_stack st = {.nslots = 0};
    for (;;) {
        lw_insn in;
        LW_TRY(lw_insn_read(&r, &in));
        lw_value v;
        memset(&v, 0, sizeof v);
        switch (in.op) {
        case LW_OP_I32_CONST:
            v.i32 = (uint32_t)in.imm.i32;
            LW_TRY(push1(&st, v, in.offset));
            break;
        case LW_OP_I64_CONST:
            v.i64 = (uint64_t)in.imm.i64;
            LW_TRY(push1(&st, v, in.offset));
            break;
        case LW_OP_F32_CONST:
            v.f32 = in.imm.f32;
            LW_TRY(push1(&st, v, in.offset));
            break;
        case LW_OP_F64_CONST:
            v.f64 = in.imm.f64;
            LW_TRY(push1(&st, v, in.offset));
            break;
        case LW_OP_V128_CONST: {
            lw_value pair[2];
            memcpy(pair, in.imm.v128, sizeof pair);
            LW_TRY(push(&st, pair, 2, in.offset));
            break;
        }
        case LW_OP_REF_NULL:
            v.ref = NULL;
            LW_TRY(push1(&st, v, in.offset));
            break;
        case LW_OP_REF_FUNC:
            if (in.imm.index >= m->nfuncs || !inst->funcs[in.imm.index])
                return LW_INVALID(in.offset, LWASM_NO_FUNC, "unknown function %u", in.imm.index);
            v.ref = inst->funcs[in.imm.index];
            LW_TRY(push1(&st, v, in.offset));
            break;
        case LW_OP_GLOBAL_GET: {
            /* Only globals already initialised are visible (imports, in 2.0). */
            if (in.imm.index >= m->nglobals || !inst->globals[in.imm.index])
                return LW_INVALID(in.offset, LWASM_NO_FUNC, "unknown global %u", in.imm.index);
            const lwasm_global *g = inst->globals[in.imm.index];
            LW_TRY(push(&st, g->value, lw_slots_of(g->type.type), in.offset));
            break;
        }
        case LW_OP_END:
            if (st.nslots != lw_slots_of(type))
                return LW_INVALID(in.offset, LWASM_NO_FUNC, "type mismatch in constant expression");
            memcpy(out, st.slots, st.nslots * sizeof *out);
            return NULL;
        default:
            return LW_INVALID(in.offset, LWASM_NO_FUNC, "constant expression required");
        }
    }
}
