/* interp_fused.h — superinstruction handlers generated from the opcode table: constant operands and compare-and-branch. */
#ifndef LW_INTERP_FUSED_H
#define LW_INTERP_FUSED_H

/*
 * Included by interp.c only, after its dispatch macros (OP, NEXT, JUMP, TRAP,
 * SLO, SHI, LO) and LW_USE_SWITCH are defined. Each family has one internal
 * opcode per wasm opcode (LW_I_<family>_BASE_ + LW_OP_*, compiled.h) and a
 * handler for those generic numeric opcodes of interp_ops.h whose operand
 * and result types the family covers; the translator asks lw_fused_has()
 * (translate.c) before using one, which applies the same rule to the table.
 *
 *   K    binary op, second operand a constant:   P(dst, a) W(constant)
 *   KL   binary op, first operand a constant:    P(dst, b) W(constant)
 *   BT   branch when op(a[, b]) != 0:            P(a, off) [U(b)]
 *   BF   branch when op(a[, b]) == 0:            P(a, off) [U(b)]
 *   BTK  BT with a constant b:                   P(a, off) W(constant)
 *   BFK  BF with a constant b:                   P(a, off) W(constant)
 *   LDK  load from (a + k) + offset:             P(dst, a) P(offset, k)
 *   LDX  load from (a + b) + offset:             P(dst, a) P(offset, b)
 *   LDS  load from (a + (b << k)) + offset:      P(dst, a) P(offset, b) U(k)   (an array element)
 *   LDKW, LDXW   LDK, LDX that also write the sum a + k or a + b to a
 *        slot (a pointer kept in a local, then read through): ... U(sum)
 *   STK  store to (a + k) + offset:              P(a, value) P(offset, k)
 *   STX  store to (a + b) + offset:              P(a, value) P(offset, b)
 *   SK   store of a constant:                    P(addr, offset) W(constant)
 *   RA   binary op, a from acc:                  P(dst, b)
 *   RB   binary op, b from acc:                  P(dst, a)
 *   RK   binary op, a from acc, b a constant:    U(dst) W(constant)
 *   LKA, LKB  binary op, a (LKA) or b (LKB) loaded from (addr + k) + offset by
 *        the full-width load of its type:        P(dst, other) P(addr, offset) U(k)
 *   OS   binary op whose result is stored at once, by the full-width store
 *        of its type, to addr + offset:          P(a, b) P(addr, offset)
 *   OSRA, OSRB  the same, a (OSRA) or b (OSRB) from acc:  P(other, addr) U(offset)
 *        (only the operators of LW_FOR_EACH_OS_OP, compiled.h: no result in acc)
 *   R1   unary op on acc:                        U(dst)
 *   BTRA, BFRA, BTRB, BFRB   branch on op(acc, b) / op(a, acc):  P(b or a, off)
 *   BTRK, BFRK               branch on op(acc, constant):        P(0, off) W(constant)
 *   BTR1, BFR1               branch on a unary op of acc:        P(0, off)
 *   LDR  load from acc + offset:                 P(dst, offset)
 *   ABTRA, ABFRA, ABTRB, ABFRB, ABTRK, ABFRK  an i32.add of a constant, then
 *        the BTR/BFR branch on its result:  P(dst, a) U(k) P(b or a or 0, off) [W(constant)]
 *        (a loop's step and test; i32 operands only)
 *   C    a plain load or store that tests its bounds, in builds with guard
 *        pages (guard.h), where the plain handlers do not: for engines
 *        that ask for explicit checks (layout as the plain instruction)
 *
 * K covers binary ops on scalar (i32/i64/f32/f64) operands and result; the
 * branch families cover unary and binary ops on scalar operands whose result
 * is an i32 (comparisons, eqz, and/or tests...), the condition br_if and if
 * take. A constant sits in a whole word: 32-bit operands read its low half.
 * The memory families cover every load and store of the scalar types; their
 * address sums wrap at 32 bits first, exactly as the i32.add they replace.
 *
 * acc: every handler with a scalar result (i32, i64, f32, f64) leaves its
 * bits in acc, a register of the interpreter loop, as well as in its
 * destination slot. When the next instruction reads that result, the R
 * families take it from acc: the store that wrote it no longer delays the
 * read.
 */

#if LW_USE_SWITCH
#define LW_FUSED_LABEL(fam, id) case LW_I_##fam##_BASE_ + LW_OP_##id
#else
#define LW_FUSED_LABEL(fam, id) L_##fam##_##id
#endif

/* Type gates: M args expands only for the types a family covers. Each level
 * of a check needs its own macro names (a macro cannot expand inside itself). */
#define LW_FZR_SCALAR(t, M, args) LW_FZR_SCALAR_##t(M, args)
#define LW_FZR_SCALAR_I32(M, args) M args
#define LW_FZR_SCALAR_I64(M, args) M args
#define LW_FZR_SCALAR_F32(M, args) M args
#define LW_FZR_SCALAR_F64(M, args) M args
#define LW_FZR_SCALAR_V128(M, args)
#define LW_FZR_SCALAR_FREF(M, args)
#define LW_FZR_SCALAR_EREF(M, args)
#define LW_FZR_SCALAR_NO(M, args)
#define LW_FZR_SCALAR_SP(M, args)

#define LW_FZR_I32(t, M, args) LW_FZR_I32_##t(M, args)
#define LW_FZR_I32_I32(M, args) M args
#define LW_FZR_I32_I64(M, args)
#define LW_FZR_I32_F32(M, args)
#define LW_FZR_I32_F64(M, args)
#define LW_FZR_I32_V128(M, args)
#define LW_FZR_I32_FREF(M, args)
#define LW_FZR_I32_EREF(M, args)
#define LW_FZR_I32_NO(M, args)
#define LW_FZR_I32_SP(M, args)

#define LW_FZD_I32(t, M, args) LW_FZD_I32_##t(M, args)
#define LW_FZD_I32_I32(M, args) M args
#define LW_FZD_I32_I64(M, args)
#define LW_FZD_I32_F32(M, args)
#define LW_FZD_I32_F64(M, args)
#define LW_FZD_I32_V128(M, args)
#define LW_FZD_I32_FREF(M, args)
#define LW_FZD_I32_EREF(M, args)
#define LW_FZD_I32_NO(M, args)
#define LW_FZD_I32_SP(M, args)

#define LW_FZA_SCALAR(t, M, args) LW_FZA_SCALAR_##t(M, args)
#define LW_FZA_SCALAR_I32(M, args) M args
#define LW_FZA_SCALAR_I64(M, args) M args
#define LW_FZA_SCALAR_F32(M, args) M args
#define LW_FZA_SCALAR_F64(M, args) M args
#define LW_FZA_SCALAR_V128(M, args)
#define LW_FZA_SCALAR_FREF(M, args)
#define LW_FZA_SCALAR_EREF(M, args)
#define LW_FZA_SCALAR_NO(M, args)
#define LW_FZA_SCALAR_SP(M, args)

#define LW_FZC_ACC(t, M, args) LW_FZC_ACC_##t(M, args)
#define LW_FZC_ACC_I32(M, args) M args
#define LW_FZC_ACC_I64(M, args) M args
#define LW_FZC_ACC_F32(M, args) M args
#define LW_FZC_ACC_F64(M, args) M args
#define LW_FZC_ACC_V128(M, args)
#define LW_FZC_ACC_FREF(M, args)
#define LW_FZC_ACC_EREF(M, args)
#define LW_FZC_ACC_NO(M, args)
#define LW_FZC_ACC_SP(M, args)

/* Leaves a result in acc as well, and reads it back as the bits a slot holds.
 * Float results go to float registers of their own (facc32, facc64) where
 * floats are SSE or similar registers: moving a float through a general
 * register and back costs a few cycles of latency each way on every
 * dependent operation. The x87 may change a NaN's bits on the way, so there
 * floats share acc as bits. Validation makes a reader's operand type the
 * writer's result type, so each reads the register its writer wrote. */
#if defined(__x86_64__) || defined(__aarch64__) || defined(__SSE2_MATH__)
#define LW_FLOAT_ACC 1
#else
#define LW_FLOAT_ACC 0
#endif
#define LW_ACC_SET_I32(v) (acc = (v))
#define LW_ACC_SET_I64(v) (acc = (v))
#define LW_ACC_GET_I32() ((uint32_t)acc)
#define LW_ACC_GET_I64() ((uint64_t)acc)
#if LW_FLOAT_ACC
#define LW_ACC_SET_F32(v) (facc32 = lw_f32_of(v))
#define LW_ACC_SET_F64(v) (facc64 = lw_f64_of(v))
#define LW_ACC_GET_F32() lw_f32_bits(facc32)
#define LW_ACC_GET_F64() lw_f64_bits(facc64)
#else
#define LW_ACC_SET_F32(v) (acc = (v))
#define LW_ACC_SET_F64(v) (acc = (v))
#define LW_ACC_GET_F32() ((uint32_t)acc)
#define LW_ACC_GET_F64() ((uint64_t)acc)
#endif

#define LW_FZB_SCALAR(t, M, args) LW_FZB_SCALAR_##t(M, args)
#define LW_FZB_SCALAR_I32(M, args) M args
#define LW_FZB_SCALAR_I64(M, args) M args
#define LW_FZB_SCALAR_F32(M, args) M args
#define LW_FZB_SCALAR_F64(M, args) M args
#define LW_FZB_SCALAR_V128(M, args)
#define LW_FZB_SCALAR_FREF(M, args)
#define LW_FZB_SCALAR_EREF(M, args)
#define LW_FZB_SCALAR_NO(M, args)
#define LW_FZB_SCALAR_SP(M, args)

/* Evaluates op into v_ (of the result's C type), trapping if it traps. */
#define LW_FZ_EVAL1(id, r, a)                                                                                 \
    lwasm_trapkind tk_ = LWASM_TRAP_NONE;                                                                     \
    LW_CTYPE_##r v_ = LW_SEM_##id(a, &tk_);                                                                   \
    if (LW_UNLIKELY(tk_ != LWASM_TRAP_NONE))                                                                  \
        TRAP(tk_)
#define LW_FZ_EVAL2(id, r, a, b)                                                                              \
    lwasm_trapkind tk_ = LWASM_TRAP_NONE;                                                                     \
    LW_CTYPE_##r v_ = LW_SEM_##id(a, b, &tk_);                                                                \
    if (LW_UNLIKELY(tk_ != LWASM_TRAP_NONE))                                                                  \
        TRAP(tk_)

/* LKA/LKB: the operand of type t loaded into m_ from (addr + k) + offset,
 * the words P(dst, other) P(addr, offset) U(k). */
#define LW_FZ_LOAD_OPERAND(t)                                                                                 \
    uint64_t ea_ = (uint64_t)(uint32_t)(SLO(2).i32 + LO(3)) + HI(2);                                          \
    LW_CHECK_ACCESS(ea_, sizeof(LW_CTYPE_##t));                                                               \
    LW_CTYPE_##t m_ = LW_LD_##t##_LOAD(mem + ea_)

/* OS and the _S multiply-adds: v_ (of type T) stored by the full-width store
 * of T at effective address ea, then on past the instruction's n words. */
#define LW_FZ_STORE_RESULT(T, ea, n)                                                                          \
    do {                                                                                                      \
        uint64_t ea_ = (ea);                                                                                  \
        LW_CHECK_ACCESS(ea_, sizeof(LW_CTYPE_##T));                                                           \
        LW_ST_##T##_STORE(mem + ea_, v_);                                                                     \
        NEXT(n);                                                                                              \
    } while (0)

/* ---- the handlers --------------------------------------------------------- */

#define LW_HF_K(id, p1, p2, r)                                                                                \
    LW_FUSED_LABEL(K, id) : {                                                                                 \
        LW_FZ_EVAL2(id, r, SHI(1).LW_FIELD_##p1, (LW_CTYPE_##p2)ip[2].u);                                     \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(KL, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, (LW_CTYPE_##p1)ip[2].u, SHI(1).LW_FIELD_##p2);                                     \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }
#define LW_HF_R2(id, p1, p2, r)                                                                               \
    LW_FUSED_LABEL(RA, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), SHI(1).LW_FIELD_##p2);                                          \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(RB, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, SHI(1).LW_FIELD_##p1, LW_ACC_GET_##p2());                                          \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(RK, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), (LW_CTYPE_##p2)ip[2].u);                                        \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(LKA, id) : {                                                                               \
        LW_FZ_LOAD_OPERAND(p1);                                                                               \
        LW_FZ_EVAL2(id, r, m_, SHI(1).LW_FIELD_##p2);                                                         \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(LKB, id) : {                                                                               \
        LW_FZ_LOAD_OPERAND(p2);                                                                               \
        LW_FZ_EVAL2(id, r, SHI(1).LW_FIELD_##p1, m_);                                                         \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(4);                                                                                              \
    }
/* OS, OSRA, OSRB for one operator of LW_FOR_EACH_OS_OP (compiled.h): t is its
 * operand and result type. */
#define LW_HF_OS(id, t) LW_HF_OS_(id, t, t, t)
#define LW_HF_OS_(id, p1, p2, r)                                                                              \
    LW_FUSED_LABEL(OS, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, SHI(1).LW_FIELD_##p2);                                       \
        LW_FZ_STORE_RESULT(r, (uint64_t)SLO(2).i32 + HI(2), 3);                                               \
    }                                                                                                         \
    LW_FUSED_LABEL(OSRA, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), SLO(1).LW_FIELD_##p2);                                          \
        LW_FZ_STORE_RESULT(r, (uint64_t)SHI(1).i32 + LO(2), 3);                                               \
    }                                                                                                         \
    LW_FUSED_LABEL(OSRB, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, LW_ACC_GET_##p2());                                          \
        LW_FZ_STORE_RESULT(r, (uint64_t)SHI(1).i32 + LO(2), 3);                                               \
    }
#define LW_HF_RBRANCH2(id, p1, p2, r)                                                                         \
    LW_FUSED_LABEL(BTRA, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), SLO(1).LW_FIELD_##p2);                                          \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BFRA, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), SLO(1).LW_FIELD_##p2);                                          \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BTRB, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, LW_ACC_GET_##p2());                                          \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BFRB, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, LW_ACC_GET_##p2());                                          \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BTRK, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), (LW_CTYPE_##p2)ip[2].u);                                        \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BFRK, id) : {                                                                              \
        LW_FZ_EVAL2(id, r, LW_ACC_GET_##p1(), (LW_CTYPE_##p2)ip[2].u);                                        \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(3);                                                                                              \
    }
/* The step dst = a + k, then the branch on op(step, ...): the step's result
 * is the operand acc would have held. */
#define LW_FZ_STEP() uint32_t s_ = SHI(1).i32 + LO(2); LW_PUT_I32(SLO(1), s_)
#define LW_HF_ABRANCH2(id, p1, p2, r)                                                                         \
    LW_FUSED_LABEL(ABTRA, id) : {                                                                             \
        LW_FZ_STEP();                                                                                         \
        LW_FZ_EVAL2(id, r, s_, SLO(3).LW_FIELD_##p2);                                                         \
        if (v_)                                                                                               \
            JUMP(3);                                                                                          \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(ABFRA, id) : {                                                                             \
        LW_FZ_STEP();                                                                                         \
        LW_FZ_EVAL2(id, r, s_, SLO(3).LW_FIELD_##p2);                                                         \
        if (!v_)                                                                                              \
            JUMP(3);                                                                                          \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(ABTRB, id) : {                                                                             \
        LW_FZ_STEP();                                                                                         \
        LW_FZ_EVAL2(id, r, SLO(3).LW_FIELD_##p1, s_);                                                         \
        if (v_)                                                                                               \
            JUMP(3);                                                                                          \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(ABFRB, id) : {                                                                             \
        LW_FZ_STEP();                                                                                         \
        LW_FZ_EVAL2(id, r, SLO(3).LW_FIELD_##p1, s_);                                                         \
        if (!v_)                                                                                              \
            JUMP(3);                                                                                          \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(ABTRK, id) : {                                                                             \
        LW_FZ_STEP();                                                                                         \
        LW_FZ_EVAL2(id, r, s_, (LW_CTYPE_##p2)ip[4].u);                                                       \
        if (v_)                                                                                               \
            JUMP(3);                                                                                          \
        NEXT(5);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(ABFRK, id) : {                                                                             \
        LW_FZ_STEP();                                                                                         \
        LW_FZ_EVAL2(id, r, s_, (LW_CTYPE_##p2)ip[4].u);                                                       \
        if (!v_)                                                                                              \
            JUMP(3);                                                                                          \
        NEXT(5);                                                                                              \
    }
#define LW_HF_R1(id, p1, r)                                                                                   \
    LW_FUSED_LABEL(R1, id) : {                                                                                \
        LW_FZ_EVAL1(id, r, LW_ACC_GET_##p1());                                                                \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(2);                                                                                              \
    }
#define LW_HF_RBRANCH1(id, p1, r)                                                                             \
    LW_FUSED_LABEL(BTR1, id) : {                                                                              \
        LW_FZ_EVAL1(id, r, LW_ACC_GET_##p1());                                                                \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BFR1, id) : {                                                                              \
        LW_FZ_EVAL1(id, r, LW_ACC_GET_##p1());                                                                \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }
#define LW_HF_BRANCH2(id, p1, p2, r)                                                                          \
    LW_FUSED_LABEL(BT, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, SLO(2).LW_FIELD_##p2);                                       \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BF, id) : {                                                                                \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, SLO(2).LW_FIELD_##p2);                                       \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BTK, id) : {                                                                               \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, (LW_CTYPE_##p2)ip[2].u);                                     \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BFK, id) : {                                                                               \
        LW_FZ_EVAL2(id, r, SLO(1).LW_FIELD_##p1, (LW_CTYPE_##p2)ip[2].u);                                     \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(3);                                                                                              \
    }
#define LW_HF_BRANCH1(id, p1, r)                                                                              \
    LW_FUSED_LABEL(BT, id) : {                                                                                \
        LW_FZ_EVAL1(id, r, SLO(1).LW_FIELD_##p1);                                                             \
        if (v_)                                                                                               \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(BF, id) : {                                                                                \
        LW_FZ_EVAL1(id, r, SLO(1).LW_FIELD_##p1);                                                             \
        if (!v_)                                                                                              \
            JUMP(1);                                                                                          \
        NEXT(2);                                                                                              \
    }

/* Effective addresses: the i32.add folded in wraps, the offset does not. */
#define LW_FZ_EA_K() ((uint64_t)(uint32_t)(SHI(1).i32 + HI(2)) + LO(2))
#define LW_FZ_EA_X() ((uint64_t)(uint32_t)(SHI(1).i32 + SHI(2).i32) + LO(2))
#define LW_FZ_EA_SK() ((uint64_t)(uint32_t)(SLO(1).i32 + HI(2)) + LO(2))
#define LW_FZ_EA_SX() ((uint64_t)(uint32_t)(SLO(1).i32 + SHI(2).i32) + LO(2))

#define LW_FZ_EA_S() ((uint64_t)(uint32_t)(SHI(1).i32 + (SHI(2).i32 << (LO(3) & 31))) + LO(2))
#define LW_FZ_EA_R() ((uint64_t)(uint32_t)acc + HI(1))

/* By the name of the load's form (LW_FOR_EACH_LOAD_SWITCH). */
#define LW_FZ_EA_PLAIN() ((uint64_t)SHI(1).i32 + LO(2))
#define LW_FZ_EA_LDK() LW_FZ_EA_K()
#define LW_FZ_EA_LDX() LW_FZ_EA_X()
#define LW_FZ_EA_LDS() LW_FZ_EA_S()
#define LW_FZ_EA_LDR() LW_FZ_EA_R()

/* LW_FOR_EACH_LOAD_SWITCH (compiled.h): the load, then the br_table after
 * it, as the BR_TABLE handler would run it with ip at its op word. */
#define LW_HF_LOAD_SWITCH(unused, form, load, words, width)                                                   \
    IOP(form##_##load##_BR_TABLE) : {                                                                         \
        uint64_t ea_ = LW_FZ_EA_##form();                                                                     \
        LW_CHECK_ACCESS(ea_, width);                                                                          \
        uint32_t v_ = LW_LD_##load(mem + ea_);                                                                \
        LW_PUT_I32(SLO(1), v_);                                                                               \
        LW_ACC_SET_I32(v_);                                                                                   \
        ip += words;                                                                                          \
        uint32_t i_ = v_;                                                                                     \
        if (i_ > HI(1))                                                                                       \
            i_ = HI(1); /* the default is the last entry */                                                   \
        JUMP(2 + i_);                                                                                         \
    }

/* A load from ea into SLO(1) (and acc), then on past the instruction's words. */
#define LW_HF_LOAD_FROM(fam, id, align, r, ea, words)                                                         \
    LW_FUSED_LABEL(fam, id) : {                                                                               \
        uint64_t ea_ = ea;                                                                                    \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_CTYPE_##r v_ = LW_LD_##id(mem + ea_);                                                              \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(words);                                                                                          \
    }
/* The same, writing the address sum to fp[LO(3)] as well. */
#define LW_HF_LOAD_KEEP(fam, id, align, r, b)                                                                 \
    LW_FUSED_LABEL(fam, id) : {                                                                               \
        uint32_t sum_ = SHI(1).i32 + (b);                                                                     \
        uint64_t ea_ = (uint64_t)sum_ + LO(2);                                                                \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_CTYPE_##r v_ = LW_LD_##id(mem + ea_);                                                              \
        LW_PUT_I32(fp[LO(3)], sum_);                                                                          \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(4);                                                                                              \
    }
#define LW_HF_LOAD(id, align, r)                                                                              \
    LW_HF_LOAD_KEEP(LDKW, id, align, r, HI(2))                                                                \
    LW_HF_LOAD_KEEP(LDXW, id, align, r, SHI(2).i32)                                                           \
    LW_HF_LOAD_FROM(LDK, id, align, r, LW_FZ_EA_K(), 3)                                                       \
    LW_HF_LOAD_FROM(LDX, id, align, r, LW_FZ_EA_X(), 3)                                                       \
    LW_HF_LOAD_FROM(LDS, id, align, r, LW_FZ_EA_S(), 4)                                                       \
    LW_HF_LOAD_FROM(LDR, id, align, r, LW_FZ_EA_R(), 2)                                                       \
    LW_HF_CHECKED_LOAD(id, align, r)
#define LW_HF_STORE(id, align, p2)                                                                            \
    LW_FUSED_LABEL(STK, id) : {                                                                               \
        uint64_t ea_ = LW_FZ_EA_SK();                                                                         \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_ST_##id(mem + ea_, SHI(1).LW_FIELD_##p2);                                                          \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(STX, id) : {                                                                               \
        uint64_t ea_ = LW_FZ_EA_SX();                                                                         \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_ST_##id(mem + ea_, SHI(1).LW_FIELD_##p2);                                                          \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_FUSED_LABEL(SK, id) : {                                                                                \
        uint64_t ea_ = (uint64_t)SLO(1).i32 + HI(1);                                                          \
        LW_CHECK_ACCESS(ea_, 1u << (align));                                                                  \
        LW_ST_##id(mem + ea_, (LW_CTYPE_##p2)ip[2].u);                                                        \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    LW_HF_CHECKED_STORE(id, align, p2)

/* Written out: two moves, and a multiply feeding an add or subtract (each
 * rounded on its own, as the two instructions they replace). */
#define LW_HF_MADD(name, field, ctype, T, expr)                                                               \
    IOP(name) : {                                                                                             \
        ctype a = SHI(1).field, b = SLO(2).field, c = SHI(2).field;                                           \
        ctype v_ = expr;                                                                                      \
        LW_PUT_##T(SLO(1), v_);                                                                               \
        LW_ACC_SET_##T(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }
#define LW_HF_MADD_R(name, field, ctype, T, expr)                                                             \
    IOP(name##_RA) : {                                                                                        \
        ctype a = LW_ACC_GET_##T(), b = SHI(1).field, c = SLO(2).field;                                       \
        ctype v_ = expr;                                                                                      \
        LW_PUT_##T(SLO(1), v_);                                                                               \
        LW_ACC_SET_##T(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    IOP(name##_RB) : {                                                                                        \
        ctype a = SHI(1).field, b = LW_ACC_GET_##T(), c = SLO(2).field;                                       \
        ctype v_ = expr;                                                                                      \
        LW_PUT_##T(SLO(1), v_);                                                                               \
        LW_ACC_SET_##T(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    IOP(name##_RC) : {                                                                                        \
        ctype a = SHI(1).field, b = SLO(2).field, c = LW_ACC_GET_##T();                                       \
        ctype v_ = expr;                                                                                      \
        LW_PUT_##T(SLO(1), v_);                                                                               \
        LW_ACC_SET_##T(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }
/* The same computed and stored (LW_FOR_EACH_MADD_STORE, compiled.h). */
#define LW_HF_MADD_S(name, field, ctype, T, expr)                                                             \
    IOP(name##_S) : {                                                                                         \
        ctype a = SLO(1).field, b = SHI(1).field, c = SLO(2).field;                                           \
        ctype v_ = expr;                                                                                      \
        LW_FZ_STORE_RESULT(T, (uint64_t)SHI(2).i32 + LO(3), 4);                                                \
    }                                                                                                         \
    IOP(name##_RA_S) : {                                                                                      \
        ctype a = LW_ACC_GET_##T(), b = SLO(1).field, c = SHI(1).field;                                       \
        ctype v_ = expr;                                                                                      \
        LW_FZ_STORE_RESULT(T, (uint64_t)SLO(2).i32 + HI(2), 3);                                                \
    }                                                                                                         \
    IOP(name##_RB_S) : {                                                                                      \
        ctype a = SLO(1).field, b = LW_ACC_GET_##T(), c = SHI(1).field;                                       \
        ctype v_ = expr;                                                                                      \
        LW_FZ_STORE_RESULT(T, (uint64_t)SLO(2).i32 + HI(2), 3);                                                \
    }                                                                                                         \
    IOP(name##_RC_S) : {                                                                                      \
        ctype a = SLO(1).field, b = SHI(1).field, c = LW_ACC_GET_##T();                                       \
        ctype v_ = expr;                                                                                      \
        LW_FZ_STORE_RESULT(T, (uint64_t)SLO(2).i32 + HI(2), 3);                                                \
    }
/* x[i] += a * y[i] (compiled.h): P(x, y) P(a, w) P(kx, ox) P(ky, oy). */
#define LW_HF_AXPY(name, T, ctype, add, mul)                                                                  \
    IOP(name) : {                                                                                             \
        uint32_t w_ = SLO(1).i32 + LO(3);                                                                     \
        LW_PUT_I32(fp[HI(2)], w_);                                                                            \
        uint64_t eac_ = (uint64_t)w_ + HI(3);                                                                 \
        LW_CHECK_ACCESS(eac_, sizeof(ctype));                                                                 \
        ctype c_ = LW_LD_##T##_LOAD(mem + eac_);                                                              \
        uint64_t ead_ = (uint64_t)(uint32_t)(SHI(1).i32 + LO(4)) + HI(4);                                     \
        LW_CHECK_ACCESS_AT(ead_, sizeof(ctype), 1);                                                           \
        ctype d_ = LW_LD_##T##_LOAD(mem + ead_);                                                              \
        ctype v_ = add(c_, mul(SLO(2).LW_FIELD_##T, d_));                                                     \
        LW_ST_##T##_STORE(mem + eac_, v_);                                                                    \
        NEXT(5);                                                                                              \
    }
#define LW_HF_MADD_ALL(name, field, ctype, T, expr)                                                           \
    LW_HF_MADD(name, field, ctype, T, expr) LW_HF_MADD_R(name, field, ctype, T, expr)
/* A shift by a constant and the add/xor/or/and that takes its result (compiled.h):
 * every operand is read before either result is written. */
#define LW_HF_SHC(unused, T, S, C)                                                                            \
    IOP(T##_##S##_##C) : {                                                                                    \
        lwasm_trapkind tk_ = LWASM_TRAP_NONE;                                                                 \
        LW_CTYPE_##T other_ = SHI(1).LW_FIELD_##T;                                                            \
        LW_CTYPE_##T shifted_ = LW_SEM_##T##_##S(SHI(2).LW_FIELD_##T, (LW_CTYPE_##T)ip[3].u, &tk_);           \
        LW_CTYPE_##T v_ = LW_SEM_##T##_##C(shifted_, other_, &tk_);                                           \
        (void)tk_;                                                                                            \
        LW_PUT_##T(SLO(2), shifted_);                                                                         \
        LW_PUT_##T(SLO(1), v_);                                                                               \
        LW_ACC_SET_##T(v_);                                                                                   \
        NEXT(4);                                                                                              \
    }
#define LW_FUSED_HAND_HANDLERS                                                                                \
    LW_FOR_EACH_SHIFT_COMBINE(LW_HF_SHC, unused)                                                              \
    LW_FOR_EACH_OS_OP(LW_HF_OS)                                                                               \
    LW_FOR_EACH_LOAD_SWITCH(LW_HF_LOAD_SWITCH, unused)                                                        \
    IOP(CHECK) : {                                                                                            \
        uint64_t ea_ = (uint64_t)SLO(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS_EXPLICIT(ea_, HI(1));                                                                 \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    IOP(COPY2) : {                                                                                            \
        SLO(2) = SHI(2);                                                                                      \
        SLO(1) = SHI(1);                                                                                      \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    IOP(COPY3) : {                                                                                            \
        SLO(2) = SHI(2);                                                                                      \
        SLO(3) = SHI(3);                                                                                      \
        SLO(1) = SHI(1);                                                                                      \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    IOP(COPY4) : {                                                                                            \
        SLO(2) = SHI(2);                                                                                      \
        SLO(3) = SHI(3);                                                                                      \
        SLO(4) = SHI(4);                                                                                      \
        SLO(1) = SHI(1);                                                                                      \
        NEXT(5);                                                                                              \
    }                                                                                                         \
    IOP(ADD2R) : {                                                                                            \
        uint32_t first_ = LW_ACC_GET_I32() + SHI(2).i32;                                                         \
        LW_PUT_I32(SLO(2), first_);                                                                           \
        uint32_t v_ = SHI(1).i32 + first_;                                                                    \
        LW_PUT_I32(SLO(1), v_);                                                                               \
        LW_ACC_SET_I32(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }                                                                                                         \
    IOP(ADD2K) : {                                                                                            \
        LW_PUT_I32(SLO(2), SHI(2).i32 + LO(3));                                                               \
        uint32_t v_ = SHI(1).i32 + HI(3);                                                                     \
        LW_PUT_I32(SLO(1), v_);                                                                               \
        LW_ACC_SET_I32(v_);                                                                                   \
        NEXT(4);                                                                                              \
    }                                                                                                         \
    LW_HF_MADD_ALL(F32_MUL_ADD, f32, uint32_t, F32, lw_f32_add(lw_f32_mul(a, b), c))                          \
    LW_HF_MADD_S(F32_MUL_ADD, f32, uint32_t, F32, lw_f32_add(lw_f32_mul(a, b), c))                            \
    LW_HF_MADD_ALL(F32_ADD_MUL, f32, uint32_t, F32, lw_f32_add(c, lw_f32_mul(a, b)))                          \
    LW_HF_MADD_S(F32_ADD_MUL, f32, uint32_t, F32, lw_f32_add(c, lw_f32_mul(a, b)))                            \
    LW_HF_MADD_ALL(F32_MUL_SUB, f32, uint32_t, F32, lw_f32_sub(lw_f32_mul(a, b), c))                          \
    LW_HF_MADD_ALL(F32_SUB_MUL, f32, uint32_t, F32, lw_f32_sub(c, lw_f32_mul(a, b)))                          \
    LW_HF_MADD_ALL(F64_MUL_ADD, f64, uint64_t, F64, lw_f64_add(lw_f64_mul(a, b), c))                          \
    LW_HF_MADD_S(F64_MUL_ADD, f64, uint64_t, F64, lw_f64_add(lw_f64_mul(a, b), c))                            \
    LW_HF_MADD_ALL(F64_ADD_MUL, f64, uint64_t, F64, lw_f64_add(c, lw_f64_mul(a, b)))                          \
    LW_HF_MADD_S(F64_ADD_MUL, f64, uint64_t, F64, lw_f64_add(c, lw_f64_mul(a, b)))                            \
    LW_HF_MADD_ALL(F64_MUL_SUB, f64, uint64_t, F64, lw_f64_sub(lw_f64_mul(a, b), c))                          \
    LW_HF_MADD_ALL(F64_SUB_MUL, f64, uint64_t, F64, lw_f64_sub(c, lw_f64_mul(a, b)))                          \
    LW_HF_AXPY(F32_AXPY, F32, uint32_t, lw_f32_add, lw_f32_mul)                                                \
    LW_HF_AXPY(F64_AXPY, F64, uint64_t, lw_f64_add, lw_f64_mul)

#if LW_GUARD_PAGES
#define LW_HF_CHECKED_LOAD(id, align, r)                                                                      \
    LW_FUSED_LABEL(C, id) : {                                                                                 \
        uint64_t ea_ = (uint64_t)SHI(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS_EXPLICIT(ea_, 1u << (align));                                                         \
        LW_CTYPE_##r v_ = LW_LD_##id(mem + ea_);                                                              \
        LW_PUT_##r(SLO(1), v_);                                                                               \
        LW_ACC_SET_##r(v_);                                                                                   \
        NEXT(3);                                                                                              \
    }
#define LW_HF_CHECKED_STORE(id, align, p2)                                                                    \
    LW_FUSED_LABEL(C, id) : {                                                                                 \
        uint64_t ea_ = (uint64_t)SLO(1).i32 + LO(2);                                                          \
        LW_CHECK_ACCESS_EXPLICIT(ea_, 1u << (align));                                                         \
        LW_ST_##id(mem + ea_, SHI(1).LW_FIELD_##p2);                                                          \
        NEXT(3);                                                                                              \
    }
#define LW_LF_CHECKED(id) [LW_I_C_BASE_ + LW_OP_##id] = &&L_C_##id,
#else
#define LW_HF_CHECKED_LOAD(id, align, r)
#define LW_HF_CHECKED_STORE(id, align, p2)
#define LW_LF_CHECKED(id)
#endif

/* The label table's entries, for the same selection. */
#define LW_LF_K(id, p1, p2, r) [LW_I_K_BASE_ + LW_OP_##id] = &&L_K_##id, [LW_I_KL_BASE_ + LW_OP_##id] = &&L_KL_##id,
#define LW_LF_R2(id, p1, p2, r)                                                                               \
    [LW_I_RA_BASE_ + LW_OP_##id] = &&L_RA_##id, [LW_I_RB_BASE_ + LW_OP_##id] = &&L_RB_##id,                   \
    [LW_I_RK_BASE_ + LW_OP_##id] = &&L_RK_##id, [LW_I_LKA_BASE_ + LW_OP_##id] = &&L_LKA_##id,                 \
    [LW_I_LKB_BASE_ + LW_OP_##id] = &&L_LKB_##id,
#define LW_LF_OS(id, t)                                                                                       \
    [LW_I_OS_BASE_ + LW_OP_##id] = &&L_OS_##id, [LW_I_OSRA_BASE_ + LW_OP_##id] = &&L_OSRA_##id,               \
    [LW_I_OSRB_BASE_ + LW_OP_##id] = &&L_OSRB_##id,
#define LW_LF_RBRANCH2(id, p1, p2, r)                                                                         \
    [LW_I_BTRA_BASE_ + LW_OP_##id] = &&L_BTRA_##id, [LW_I_BFRA_BASE_ + LW_OP_##id] = &&L_BFRA_##id,           \
    [LW_I_BTRB_BASE_ + LW_OP_##id] = &&L_BTRB_##id, [LW_I_BFRB_BASE_ + LW_OP_##id] = &&L_BFRB_##id,           \
    [LW_I_BTRK_BASE_ + LW_OP_##id] = &&L_BTRK_##id, [LW_I_BFRK_BASE_ + LW_OP_##id] = &&L_BFRK_##id,
#define LW_LF_ABRANCH2(id, p1, p2, r)                                                                         \
    [LW_I_ABTRA_BASE_ + LW_OP_##id] = &&L_ABTRA_##id, [LW_I_ABFRA_BASE_ + LW_OP_##id] = &&L_ABFRA_##id,       \
    [LW_I_ABTRB_BASE_ + LW_OP_##id] = &&L_ABTRB_##id, [LW_I_ABFRB_BASE_ + LW_OP_##id] = &&L_ABFRB_##id,       \
    [LW_I_ABTRK_BASE_ + LW_OP_##id] = &&L_ABTRK_##id, [LW_I_ABFRK_BASE_ + LW_OP_##id] = &&L_ABFRK_##id,
#define LW_LF_R1(id, p1, r) [LW_I_R1_BASE_ + LW_OP_##id] = &&L_R1_##id,
#define LW_LF_RBRANCH1(id, p1, r) [LW_I_BTR1_BASE_ + LW_OP_##id] = &&L_BTR1_##id, [LW_I_BFR1_BASE_ + LW_OP_##id] = &&L_BFR1_##id,
#define LW_LF_BRANCH2(id, p1, p2, r)                                                                          \
    [LW_I_BT_BASE_ + LW_OP_##id] = &&L_BT_##id, [LW_I_BF_BASE_ + LW_OP_##id] = &&L_BF_##id,                   \
    [LW_I_BTK_BASE_ + LW_OP_##id] = &&L_BTK_##id, [LW_I_BFK_BASE_ + LW_OP_##id] = &&L_BFK_##id,
#define LW_LF_BRANCH1(id, p1, r) [LW_I_BT_BASE_ + LW_OP_##id] = &&L_BT_##id, [LW_I_BF_BASE_ + LW_OP_##id] = &&L_BF_##id,
#define LW_LF_LOAD(id, align, r)                                                                              \
    [LW_I_LDK_BASE_ + LW_OP_##id] = &&L_LDK_##id, [LW_I_LDX_BASE_ + LW_OP_##id] = &&L_LDX_##id,               \
    [LW_I_LDR_BASE_ + LW_OP_##id] = &&L_LDR_##id, [LW_I_LDS_BASE_ + LW_OP_##id] = &&L_LDS_##id,               \
    [LW_I_LDKW_BASE_ + LW_OP_##id] = &&L_LDKW_##id, [LW_I_LDXW_BASE_ + LW_OP_##id] = &&L_LDXW_##id,           \
    LW_LF_CHECKED(id)
#define LW_LF_STORE(id, align, p2)                                                                            \
    [LW_I_STK_BASE_ + LW_OP_##id] = &&L_STK_##id, [LW_I_STX_BASE_ + LW_OP_##id] = &&L_STX_##id,               \
    [LW_I_SK_BASE_ + LW_OP_##id] = &&L_SK_##id, LW_LF_CHECKED(id)

/* ---- selection: the shapes of interp_ops.h, gated by type ------------------ */

/* G is LW_HF (handlers) or LW_LF (labels). */
#define LW_FZ_BINARY(G, id, p1, p2, r)                                                                        \
    LW_FZR_SCALAR(r, LW_FZ_K_A, (G, id, p1, p2, r)) LW_FZR_I32(r, LW_FZ_B2_A, (G, id, p1, p2, r))             \
    LW_FZR_SCALAR(r, LW_FZ_R2_A, (G, id, p1, p2, r)) LW_FZR_I32(r, LW_FZ_RB2_A, (G, id, p1, p2, r))           \
    LW_FZR_I32(r, LW_FZ_AB2_A, (G, id, p1, p2, r))
#define LW_FZ_AB2_A(G, id, p1, p2, r) LW_FZD_I32(p1, G##_ABRANCH2, (id, p1, p2, r))
#define LW_FZ_R2_A(G, id, p1, p2, r) LW_FZC_ACC(p1, G##_R2, (id, p1, p2, r))
#define LW_FZ_RB2_A(G, id, p1, p2, r) LW_FZC_ACC(p1, G##_RBRANCH2, (id, p1, p2, r))
#define LW_FZ_K_A(G, id, p1, p2, r) LW_FZA_SCALAR(p1, LW_FZ_K_B, (G, id, p1, p2, r))
#define LW_FZ_K_B(G, id, p1, p2, r) LW_FZB_SCALAR(p2, G##_K, (id, p1, p2, r))
#define LW_FZ_B2_A(G, id, p1, p2, r) LW_FZA_SCALAR(p1, LW_FZ_B2_B, (G, id, p1, p2, r))
#define LW_FZ_B2_B(G, id, p1, p2, r) LW_FZB_SCALAR(p2, G##_BRANCH2, (id, p1, p2, r))
#define LW_FZ_UNARY(G, id, p1, r)                                                                             \
    LW_FZR_I32(r, LW_FZ_B1_A, (G, id, p1, r)) LW_FZR_SCALAR(r, LW_FZ_R1_A, (G, id, p1, r))                    \
    LW_FZR_I32(r, LW_FZ_RB1_A, (G, id, p1, r))
#define LW_FZ_R1_A(G, id, p1, r) LW_FZC_ACC(p1, G##_R1, (id, p1, r))
#define LW_FZ_RB1_A(G, id, p1, r) LW_FZC_ACC(p1, G##_RBRANCH1, (id, p1, r))
#define LW_FZ_B1_A(G, id, p1, r) LW_FZA_SCALAR(p1, G##_BRANCH1, (id, p1, r))

/* Hooks for the scalar shapes of interp_ops.h (LW_GEN_IMM_*): G##_UNARY,
 * G##_BINARY, G##_LOAD, G##_STORE. SIMD (0xFD) rows have no fused forms. */
#define LW_HFS_UNARY(id, p1, r) LW_FZ_UNARY(LW_HF, id, p1, r)
#define LW_HFS_BINARY(id, p1, p2, r) LW_FZ_BINARY(LW_HF, id, p1, p2, r)
#define LW_HFS_LOAD(id, align, r) LW_FZR_SCALAR(r, LW_HF_LOAD, (id, align, r))
#define LW_HFS_STORE(id, align, p2) LW_FZR_SCALAR(p2, LW_HF_STORE, (id, align, p2))
#define LW_LFS_UNARY(id, p1, r) LW_FZ_UNARY(LW_LF, id, p1, r)
#define LW_LFS_BINARY(id, p1, p2, r) LW_FZ_BINARY(LW_LF, id, p1, p2, r)
#define LW_LFS_LOAD(id, align, r) LW_FZR_SCALAR(r, LW_LF_LOAD, (id, align, r))
#define LW_LFS_STORE(id, align, p2) LW_FZR_SCALAR(p2, LW_LF_STORE, (id, align, p2))

#define LW_FZ_PREFIX_0(G, id, imm, align, p1, p2, r) LW_GEN_IMM_##imm(G, id, align, p1, p2, r)
#define LW_FZ_PREFIX_0xFC(G, id, imm, align, p1, p2, r) LW_GEN_IMM_##imm(G, id, align, p1, p2, r)
#define LW_FZ_PREFIX_0xFD(G, id, imm, align, p1, p2, r)

#define LW_X_FUSED_HANDLER(id, text, prefix, code, imm, align, p1, p2, p3, r)                                 \
    LW_FZ_PREFIX_##prefix(LW_HFS, id, imm, align, p1, p2, r)
#define LW_X_FUSED_LABEL(id, text, prefix, code, imm, align, p1, p2, p3, r)                                   \
    LW_FZ_PREFIX_##prefix(LW_LFS, id, imm, align, p1, p2, r)

#endif
