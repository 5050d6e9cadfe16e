/* test_fused.c — every superinstruction (constant operands, compare-and-branch, results into locals, fused pairs) against the plain operation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"
#include "compiled.h"
#include "module.h"
#include "opcodes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * For each scalar numeric opcode of the instruction table, a module is built
 * whose functions compute the operation in every form the translator fuses:
 *   ref(a, b)   op(local 0, local 1)                     the plain handler
 *   k<j>(a)     op(local 0, const K_j)                   K
 *   bt(a, b)    block: br_if on op(a, b)                  BT
 *   bf(a, b)    if/else on op(a, b)                      BF
 *   btk<j>(a)   br_if on op(a, K_j)                      BTK
 *   bfk<j>(a)   if/else on op(a, K_j)                    BFK
 *   set(a, b)   local.set of op(a, b), then local.get    result written to a local
 *   kl<j>(b)    op(const K_j, local 0)                   KL
 * (unary ops: ref, bt, bf, set) and each is called on boundary values: the
 * result, or the trap, must be the plain one's (branch forms: its != 0).
 */

/* ---- a tiny module writer -------------------------------------------------- */

typedef struct buf {
    uint8_t *p;
    size_t n, cap;
} buf;

static void put(buf *b, uint8_t byte)
{
    if (b->n >= b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        uint8_t *p = realloc(b->p, cap);
        if (!p)
            fail_msg("out of memory");
        b->p = p;
        b->cap = cap;
    }
    b->p[b->n++] = byte;
}
static void put_bytes(buf *b, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(b, ((const uint8_t *)p)[i]);
}
static void put_u(buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        put(b, (uint8_t)(byte | (v ? 0x80 : 0)));
    } while (v);
}
static void put_s(buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = (uint8_t)(v & 0x7F);
        v >>= 7; /* arithmetic on gcc/clang */
        if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
            put(b, byte);
            return;
        }
        put(b, byte | 0x80);
    }
}
static void put_section(buf *m, uint8_t id, const buf *body)
{
    put(m, id);
    put_u(m, body->n);
    put_bytes(m, body->p, body->n);
}

static void put_op(buf *b, lw_opcode op)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    if (i->prefix) {
        put(b, (uint8_t)i->prefix);
        put_u(b, i->code);
    } else {
        put(b, (uint8_t)i->code);
    }
}

static void put_const(buf *b, uint8_t type, uint64_t bits)
{
    switch (type) {
    case LWASM_I32:
        put(b, 0x41);
        put_s(b, (int32_t)(uint32_t)bits);
        break;
    case LWASM_I64:
        put(b, 0x42);
        put_s(b, (int64_t)bits);
        break;
    case LWASM_F32: {
        uint32_t v = (uint32_t)bits;
        put(b, 0x43);
        put_bytes(b, &v, 4);
        break;
    }
    default:
        put(b, 0x44);
        put_bytes(b, &bits, 8);
        break;
    }
}

/* ---- values ------------------------------------------------------------------ */

static const uint64_t i32_values[] = {0, 1, 2, 7, 31, 32, 33, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x12345678};
static const uint64_t i64_values[] = {0,  1,  2,  63, 64, 65, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, UINT64_MAX,
                                      0xFFFFFFFF, 0x123456789ABCDEF0};
static const uint64_t f32_values[] = {0x00000000, 0x80000000, 0x3FC00000 /* 1.5 */, 0xC0100000 /* -2.25 */,
                                      0x7F800000, 0xFF800000, 0x7FC00000, 0x7FA00001, 0x4F800000 /* 2^32 */,
                                      0xCF000000 /* -2^31 */, 0x00000001};
static const uint64_t f64_values[] = {0,
                                      0x8000000000000000,
                                      0x3FF8000000000000 /* 1.5 */,
                                      0xC002000000000000 /* -2.25 */,
                                      0x7FF0000000000000,
                                      0xFFF0000000000000,
                                      0x7FF8000000000000,
                                      0x7FF4000000000001,
                                      0x41F0000000000000 /* 2^32 */,
                                      0xC3E0000000000000 /* -2^63 */,
                                      1};

static void values_of(uint8_t type, const uint64_t **v, size_t *n)
{
    switch (type) {
    case LWASM_I32:
        *v = i32_values;
        *n = sizeof i32_values / sizeof *i32_values;
        break;
    case LWASM_I64:
        *v = i64_values;
        *n = sizeof i64_values / sizeof *i64_values;
        break;
    case LWASM_F32:
        *v = f32_values;
        *n = sizeof f32_values / sizeof *f32_values;
        break;
    default:
        *v = f64_values;
        *n = sizeof f64_values / sizeof *f64_values;
        break;
    }
}

static lwasm_val make_val(uint8_t type, uint64_t bits)
{
    lwasm_val v;
    memset(&v, 0, sizeof v);
    v.kind = type;
    switch (type) {
    case LWASM_I32:
        v.of.i32 = (int32_t)(uint32_t)bits;
        break;
    case LWASM_I64:
        v.of.i64 = (int64_t)bits;
        break;
    case LWASM_F32:
        v.of.f32_bits = (uint32_t)bits;
        break;
    default:
        v.of.f64_bits = bits;
        break;
    }
    return v;
}

static uint64_t val_bits(const lwasm_val *v)
{
    switch (v->kind) {
    case LWASM_I32:
        return (uint32_t)v->of.i32;
    case LWASM_I64:
        return (uint64_t)v->of.i64;
    case LWASM_F32:
        return v->of.f32_bits;
    default:
        return v->of.f64_bits;
    }
}

static bool scalar(uint8_t t) { return t == LWASM_I32 || t == LWASM_I64 || t == LWASM_F32 || t == LWASM_F64; }

/* ---- one opcode's module ----------------------------------------------------------- */

enum form { F_REF, F_K, F_BT, F_BF, F_BTK, F_BFK, F_SET, F_KL };

typedef struct fn {
    enum form form;
    uint64_t k;
    int via; /* 1: operand a, 2: operand b passes through an identity first (the R forms); 3: a, 4: b
              * through i32.add of 0 (a loop step: the ABxxx forms) */
    bool eqz; /* branch forms: on i32.eqz of the result (the branch fused the other way) */
} fn;

/* op(local 0, local 1 or the constant k), or op(local 0). */
/* An identity on the value on top of the stack (x | 0, or -(-x), which
 * keeps every bit of a float): the interpreter leaves the result in acc, so
 * the next instruction takes that operand from there. */
static void put_identity(buf *b, uint8_t type)
{
    if (type == LWASM_F32 || type == LWASM_F64) {
        put(b, type == LWASM_F32 ? 0x8C : 0x9A); /* f32.neg, f64.neg */
        put(b, type == LWASM_F32 ? 0x8C : 0x9A);
        return;
    }
    put_const(b, type, 0);
    put(b, type == LWASM_I32 ? 0x72 : 0x84); /* i32.or, i64.or */
}

/* An i32 operand through `+ 0`: the step-and-branch forms take the add
 * back into the branch. */
static void put_through(buf *b, uint8_t type, int via)
{
    if (via <= 2) {
        put_identity(b, type);
        return;
    }
    put_const(b, LWASM_I32, 0);
    put(b, 0x6A); /* i32.add */
}

/* op(local 0, local 1 or the constant k), or op(local 0); with via, one
 * operand through put_through. */
static void put_compute(buf *b, lw_opcode op, bool with_k, uint64_t k, int via)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    put(b, 0x20); /* local.get 0 */
    put(b, 0);
    if (via == 1 || via == 3)
        put_through(b, i->params[0], via);
    if (i->nparams == 2) {
        if (with_k) {
            put_const(b, i->params[1], k);
        } else {
            put(b, 0x20);
            put(b, 1);
            if (via == 2 || via == 4)
                put_through(b, i->params[1], via);
        }
    }
    put_op(b, op);
}

/* The body of one function (its locals are declared by the caller). */
static void put_body(buf *b, lw_opcode op, const fn *f)
{
    uint8_t local = lw_opinfo_table[op].nparams == 2 ? 2 : 1;
    bool with_k = f->form == F_K || f->form == F_BTK || f->form == F_BFK;
    switch (f->form) {
    case F_REF:
    case F_K:
        put_compute(b, op, with_k, f->k, f->via);
        break;
    case F_KL:
        put_const(b, lw_opinfo_table[op].params[0], f->k);
        put(b, 0x20);
        put(b, 0);
        put_op(b, op);
        break;
    case F_SET:
        put_compute(b, op, false, 0, f->via);
        put(b, 0x21); /* local.set, local.get of the declared local */
        put(b, local);
        put(b, 0x20);
        put(b, local);
        break;
    case F_BT:
    case F_BTK:
        put(b, 0x02); /* block (result i32) */
        put(b, 0x7F);
        put(b, 0x41); /* i32.const 1 */
        put(b, 1);
        put_compute(b, op, with_k, f->k, f->via);
        if (f->eqz)
            put(b, 0x45);
        put(b, 0x0D); /* br_if 0 */
        put(b, 0);
        put(b, 0x1A); /* drop */
        put(b, 0x41); /* i32.const 0 */
        put(b, 0);
        put(b, 0x0B);
        break;
    case F_BF:
    case F_BFK:
        put_compute(b, op, with_k, f->k, f->via);
        if (f->eqz)
            put(b, 0x45);
        put(b, 0x04); /* if (result i32) 1 else 0 */
        put(b, 0x7F);
        put(b, 0x41);
        put(b, 1);
        put(b, 0x05);
        put(b, 0x41);
        put(b, 0);
        put(b, 0x0B);
        break;
    }
    put(b, 0x0B);
}

static uint8_t *build_module(lw_opcode op, const fn *fns, size_t nfns, size_t *len)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    bool binary = i->nparams == 2;
    buf m = {0}, sec = {0};
    put_bytes(&m, "\0asm\1\0\0\0", 8);
    /* types: 0 = (p1 [p2]) -> r, 1 = (p1) -> r, 2 = (p1 [p2]) -> i32, 3 = (p1) -> i32, 4 = (p2) -> r */
    put_u(&sec, 5);
    for (int t = 0; t < 5; t++) {
        bool two = binary && (t == 0 || t == 2);
        put(&sec, 0x60);
        put_u(&sec, two ? 2 : 1);
        put(&sec, t == 4 && binary ? i->params[1] : i->params[0]);
        if (two)
            put(&sec, i->params[1]);
        put_u(&sec, 1);
        put(&sec, t < 2 || t == 4 ? i->result : LWASM_I32);
    }
    put_section(&m, 1, &sec);
    sec.n = 0;
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++) {
        enum form f = fns[k].form;
        unsigned type = f == F_REF || f == F_SET ? 0 : f == F_K ? 1 : f == F_KL ? 4 : f == F_BT || f == F_BF ? 2 : 3;
        put_u(&sec, type);
    }
    put_section(&m, 3, &sec);
    sec.n = 0;
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++) {
        char name[16];
        int n = snprintf(name, sizeof name, "f%zu", k);
        put_u(&sec, (uint64_t)n);
        put_bytes(&sec, name, (size_t)n);
        put(&sec, 0x00);
        put_u(&sec, k);
    }
    put_section(&m, 7, &sec);
    sec.n = 0;
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++) {
        buf body = {0};
        if (fns[k].form == F_SET) { /* one local of the result type */
            put(&body, 1);
            put(&body, 1);
            put(&body, i->result);
        } else {
            put(&body, 0);
        }
        buf code = {0};
        put_body(&code, op, &fns[k]);
        put_bytes(&body, code.p, code.n);
        put_u(&sec, body.n);
        put_bytes(&sec, body.p, body.n);
        free(body.p);
        free(code.p);
    }
    put_section(&m, 10, &sec);
    free(sec.p);
    *len = m.n;
    return m.p;
}

/* Calls export fN; returns the error (trap) or NULL with *out set. */
static lwasm_error *call(lwasm_store *s, lwasm_instance *inst, size_t k, const lwasm_val *args, size_t nargs,
                         lwasm_val *out)
{
    char name[16];
    int n = snprintf(name, sizeof name, "f%zu", k);
    lwasm_extern e;
    assert_true(lwasm_instance_export(inst, name, (size_t)n, &e));
    return lwasm_func_call(s, e.of.func, args, nargs, out, 1);
}

/* Both outcomes must agree: the same trap, or results whose bits are equal
 * (as_bool: the fused one is a branch, so compare with ref != 0). */
static bool is_nan(const lwasm_val *v)
{
    if (v->kind == LWASM_F32)
        return (v->of.f32_bits & 0x7F800000) == 0x7F800000 && (v->of.f32_bits & 0x007FFFFF);
    if (v->kind == LWASM_F64)
        return (v->of.f64_bits & 0x7FF0000000000000) == 0x7FF0000000000000 && (v->of.f64_bits & 0x000FFFFFFFFFFFFF);
    return false;
}

static void check_same(lw_opcode op, const char *what, lwasm_error *ref_err, const lwasm_val *ref, lwasm_error *got_err,
                       const lwasm_val *got, bool as_bool)
{
    const char *text = lw_opinfo_table[op].text;
    if (ref_err || got_err) {
        if (!ref_err || !got_err || lwasm_error_trap(ref_err) != lwasm_error_trap(got_err))
            fail_msg("%s %s: trap %d vs %d", text, what, ref_err ? (int)lwasm_error_trap(ref_err) : -1,
                     got_err ? (int)lwasm_error_trap(got_err) : -1);
        return;
    }
    if (!ref || !got) /* no results to compare */
        return;
    uint64_t want = val_bits(ref), have = val_bits(got);
    /* Which operand's NaN propagates is the C compiler's choice (it may swap
     * the operands of a commutative float operation); wasm allows any. */
    if (is_nan(ref) && is_nan(got))
        return;
    if (as_bool)
        want = want != 0;
    if (want != have)
        fail_msg("%s %s: %#llx, expected %#llx", text, what, (unsigned long long)have, (unsigned long long)want);
}

/* Calls function ref_fn (the reference) and got_fn on the same arguments and
 * checks that they agree (check_same); the reference's result goes to *ref
 * when it returns. Returns whether the reference trapped. */
static bool compare_calls(lwasm_store *s, lwasm_instance *inst, size_t ref_fn, size_t got_fn, const lwasm_val *args,
                          size_t nargs, lw_opcode op, const char *what, lwasm_val *ref)
{
    lwasm_val got;
    lwasm_error *ref_err = call(s, inst, ref_fn, args, nargs, ref);
    lwasm_error *got_err = call(s, inst, got_fn, args, nargs, &got);
    check_same(op, what, ref_err, ref, got_err, &got, false);
    bool trapped = ref_err != NULL;
    lwasm_error_delete(ref_err);
    lwasm_error_delete(got_err);
    return trapped;
}

static size_t test_opcode(lwasm_engine *engine, lw_opcode op)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    bool binary = i->nparams == 2;
    bool branch = i->result == LWASM_I32;
    const uint64_t *avals, *bvals;
    size_t na, nb;
    values_of(i->params[0], &avals, &na);
    values_of(binary ? i->params[1] : i->params[0], &bvals, &nb);

    fn fns[256];
    size_t nfns = 0;
    fns[nfns++] = (fn){F_REF, 0, 0, false};
    /* Each form plain, and with an integer operand arriving in acc. */
    bool step = binary && branch && i->params[0] == LWASM_I32 && i->params[1] == LWASM_I32;
    int vias[5] = {0, 1, 2, 3, 4}, nvias = step ? 5 : binary ? 3 : 2;
    for (int v = 0; v < nvias; v++) {
        int via = vias[v];
        if (via >= 3) { /* only the branch forms take the step in */
            fns[nfns++] = (fn){F_BT, 0, via, false};
            fns[nfns++] = (fn){F_BF, 0, via, false};
            for (size_t j = 0; via == 3 && j < nb; j++) {
                fns[nfns++] = (fn){F_BTK, bvals[j], via, false};
                fns[nfns++] = (fn){F_BFK, bvals[j], via, false};
            }
            continue;
        }
        if (via)
            fns[nfns++] = (fn){F_REF, 0, via, false};
        fns[nfns++] = (fn){F_SET, 0, via, false};
        if (branch) {
            fns[nfns++] = (fn){F_BT, 0, via, false};
            fns[nfns++] = (fn){F_BF, 0, via, false};
        }
        if (binary && via != 2) {
            for (size_t j = 0; j < nb; j++) {
                fns[nfns++] = (fn){F_K, bvals[j], via, false};
                if (branch) {
                    fns[nfns++] = (fn){F_BTK, bvals[j], via, false};
                    fns[nfns++] = (fn){F_BFK, bvals[j], via, false};
                }
            }
        }
    }
    if (binary)
        for (size_t j = 0; j < na; j++)
            fns[nfns++] = (fn){F_KL, avals[j], 0, false};
    /* The branch forms on i32.eqz of the result, with operands in place and from acc. */
    for (int via = 0; branch && via < 2; via++) {
        fns[nfns++] = (fn){F_BT, 0, via, true};
        fns[nfns++] = (fn){F_BF, 0, via, true};
        for (size_t j = 0; binary && j < nb; j++) {
            fns[nfns++] = (fn){F_BTK, bvals[j], via, true};
            fns[nfns++] = (fn){F_BFK, bvals[j], via, true};
        }
    }
    assert_true(nfns <= sizeof fns / sizeof fns[0]);
    size_t len;
    uint8_t *bytes = build_module(op, fns, nfns, &len);
    lwasm_module *m = NULL;
    lwasm_error *err = lwasm_module_new(engine, bytes, len, &m);
    if (err)
        fail_msg("%s: %s", i->text, lwasm_error_message(err));
    free(bytes);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_instance *inst = NULL;
    err = lwasm_instance_new(s, m, NULL, 0, &inst);
    assert_null(err);

    size_t checks = 0;
    for (size_t x = 0; x < na; x++) {
        for (size_t y = 0; y < (binary ? nb : 1); y++) {
            lwasm_val args[2] = {make_val(i->params[0], avals[x]), make_val(binary ? i->params[1] : 0, bvals[y])};
            size_t nargs = binary ? 2 : 1;
            lwasm_val ref, got;
            lwasm_error *ref_err = call(s, inst, 0, args, nargs, &ref);
            for (size_t k = 1; k < nfns; k++) {
                const fn *f = &fns[k];
                bool with_k = f->form == F_K || f->form == F_BTK || f->form == F_BFK;
                if (with_k && f->k != bvals[y])
                    continue;
                if (f->form == F_KL && f->k != avals[x])
                    continue;
                lwasm_error *got_err = f->form == F_KL ? call(s, inst, k, &args[1], 1, &got)
                                                       : call(s, inst, k, args, with_k ? 1 : nargs, &got);
                bool as_bool = f->form != F_REF && f->form != F_K && f->form != F_SET && f->form != F_KL;
                if (f->eqz && !got_err)
                    got.of.i32 = !got.of.i32; /* branched on eqz: the opposite of the result's truth */
                static const char *names[] = {"ref", "k", "bt", "bf", "btk", "bfk", "set", "kl"};
                check_same(op, names[f->form], ref_err, &ref, got_err, &got, as_bool);
                lwasm_error_delete(got_err);
                checks++;
            }
            lwasm_error_delete(ref_err);
        }
    }
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    return checks;
}

static void test_every_fused_form(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t ops = 0, checks = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (i->prefix == 0xFD || i->imm != LW_IMM_NONE || !scalar(i->result) || i->nparams < 1 ||
            i->nparams > 2 || !scalar(i->params[0]) || (i->nparams == 2 && !scalar(i->params[1])))
            continue;
        checks += test_opcode(engine, (lw_opcode)op);
        ops++;
    }
    /* every scalar numeric operator of the 2.0 table */
    printf("%zu operators, %zu calls compared\n", ops, checks);
    assert_true(ops >= 120);
    assert_true(checks > 10000);
    lwasm_engine_delete(engine);
}

/* ---- memory, multiply-add and move forms ---------------------------------- */

/* A function: parameter types, result type (0: none), extra locals of one
 * type, and its body (without the final end). */
typedef struct rawfn {
    char params[5];
    uint8_t result;
    uint8_t nlocals, local_type;
    buf body;
} rawfn;

/* A module of those functions, exported as f0, f1, ..., and (with_memory)
 * one page of memory exported as "mem", its first and last 64 bytes set. */
static uint8_t *build_raw(rawfn *fns, size_t nfns, bool with_memory, size_t *len)
{
    buf m = {0}, sec = {0};
    put_bytes(&m, "\0asm\1\0\0\0", 8);
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++) {
        size_t np = strlen(fns[k].params);
        put(&sec, 0x60);
        put_u(&sec, np);
        put_bytes(&sec, fns[k].params, np);
        put_u(&sec, fns[k].result ? 1 : 0);
        if (fns[k].result)
            put(&sec, fns[k].result);
    }
    put_section(&m, 1, &sec);
    sec.n = 0;
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++)
        put_u(&sec, k);
    put_section(&m, 3, &sec);
    if (with_memory) {
        sec.n = 0;
        put_bytes(&sec, "\1\0\1", 3); /* one memory, min 1 page */
        put_section(&m, 5, &sec);
    }
    sec.n = 0;
    put_u(&sec, nfns + with_memory);
    for (size_t k = 0; k < nfns; k++) {
        char name[16];
        int n = snprintf(name, sizeof name, "f%zu", k);
        put_u(&sec, (uint64_t)n);
        put_bytes(&sec, name, (size_t)n);
        put(&sec, 0x00);
        put_u(&sec, k);
    }
    if (with_memory)
        put_bytes(&sec, "\3mem\2\0", 6);
    put_section(&m, 7, &sec);
    sec.n = 0;
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++) {
        buf body = {0};
        if (fns[k].nlocals) {
            put(&body, 1);
            put(&body, fns[k].nlocals);
            put(&body, fns[k].local_type);
        } else {
            put(&body, 0);
        }
        put_bytes(&body, fns[k].body.p, fns[k].body.n);
        put(&body, 0x0B);
        put_u(&sec, body.n);
        put_bytes(&sec, body.p, body.n);
        free(body.p);
        free(fns[k].body.p);
    }
    put_section(&m, 10, &sec);
    if (with_memory) {
        sec.n = 0;
        put_u(&sec, 2);
        for (int seg = 0; seg < 2; seg++) {
            put(&sec, 0);
            put_const(&sec, LWASM_I32, seg ? 65536 - 64 : 0);
            put(&sec, 0x0B);
            put_u(&sec, 64);
            for (int i = 0; i < 64; i++)
                put(&sec, (uint8_t)(0x11 * (i + 1) + seg * 0x80));
        }
        put_section(&m, 11, &sec);
    }
    free(sec.p);
    *len = m.n;
    return m.p;
}

static void put_local_get(buf *b, uint8_t x)
{
    put(b, 0x20);
    put(b, x);
}

static void put_memarg(buf *b, lw_opcode op, uint32_t offset)
{
    put_op(b, op);
    put_u(b, lw_opinfo_table[op].align);
    put_u(b, offset);
}

static lwasm_instance *instantiate(lwasm_engine *e, lwasm_store *s, rawfn *fns, size_t nfns, bool with_memory,
                                   lwasm_module **m)
{
    size_t len;
    uint8_t *bytes = build_raw(fns, nfns, with_memory, &len);
    lwasm_error *err = lwasm_module_new(e, bytes, len, m);
    if (err)
        fail_msg("module: %s", lwasm_error_message(err));
    free(bytes);
    lwasm_instance *inst = NULL;
    err = lwasm_instance_new(s, *m, NULL, 0, &inst);
    assert_null(err);
    return inst;
}

static uint8_t *memory_of(lwasm_instance *inst)
{
    lwasm_extern e;
    assert_true(lwasm_instance_export(inst, "mem", 3, &e));
    return lwasm_memory_data(e.of.memory);
}

static bool scalar_load(const lw_opinfo *i)
{
    return i->prefix != 0xFD && i->imm == LW_IMM_MEMARG && scalar(i->result);
}

static bool scalar_store(const lw_opinfo *i)
{
    return i->prefix != 0xFD && i->imm == LW_IMM_MEMARG && i->result == LW_T_NO && scalar(i->params[1]);
}

static const uint64_t addr_values[] = {0, 1, 8, 65528, 65535, 65536, 0xFFFFFFF8, 0xFFFFFFFF, 0x80000000};
static const uint32_t offset_values[] = {0, 4, 65532};
static const uint32_t scale_values[] = {0, 2, 3, 31, 35};
enum { NSCALE = sizeof scale_values / sizeof scale_values[0] };
#define NADDR (sizeof addr_values / sizeof *addr_values)

/* Loads: (a + b) + offset and (a + K) + offset against the address summed
 * into a local first; the sums that wrap at 32 bits included. */
static void test_fused_loads_on(lwasm_engine *engine)
{
    size_t checks = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (!scalar_load(i))
            continue;
        for (size_t o = 0; o < 3; o++) {
            uint32_t off = offset_values[o];
            rawfn fns[3 + NADDR + 4 + 3 * NSCALE];
            size_t n = 0;
            /* f0: plain (a block's end between the add and the load: no fusion); f1: LDX; f2..: LDK with each constant */
            fns[n] = (rawfn){"\x7f\x7f", i->result, 1, LWASM_I32, {0}};
            put_local_get(&fns[n].body, 0);
            put_local_get(&fns[n].body, 1);
            put(&fns[n].body, 0x6A); /* i32.add */
            put(&fns[n].body, 0x21);
            put(&fns[n].body, 2);
            put_bytes(&fns[n].body, "\x02\x40\x0b", 3);
            put_local_get(&fns[n].body, 2);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
            fns[n] = (rawfn){"\x7f\x7f", i->result, 0, 0, {0}};
            put_local_get(&fns[n].body, 0);
            put_local_get(&fns[n].body, 1);
            put(&fns[n].body, 0x6A);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
            for (size_t k = 0; k < NADDR; k++) {
                fns[n] = (rawfn){"\x7f", i->result, 0, 0, {0}};
                put_local_get(&fns[n].body, 0);
                put_const(&fns[n].body, LWASM_I32, addr_values[k]);
                put(&fns[n].body, 0x6A);
                put_memarg(&fns[n++].body, (lw_opcode)op, off);
            }
            /* LDR: the address sum through a local, then (x | 0), which leaves it in acc */
            size_t ldr = n;
            fns[n] = (rawfn){"\x7f\x7f", i->result, 1, LWASM_I32, {0}};
            put_local_get(&fns[n].body, 0);
            put_local_get(&fns[n].body, 1);
            put(&fns[n].body, 0x6A);
            put(&fns[n].body, 0x21);
            put(&fns[n].body, 2);
            put_local_get(&fns[n].body, 2);
            put_identity(&fns[n].body, LWASM_I32);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
            /* LDXW, LDKW: the sum (a + b, a + 4) kept in local 2 by a local.tee and loaded from;
             * returning the load, or (after it) the local */
            size_t keep = n;
            for (int form = 0; form < 4; form++) {
                fns[n] = (rawfn){"\x7f\x7f", form < 2 ? i->result : LWASM_I32, 1, LWASM_I32, {0}};
                buf *b = &fns[n++].body;
                put_local_get(b, 0);
                if (form % 2)
                    put_const(b, LWASM_I32, 4);
                else
                    put_local_get(b, 1);
                put(b, 0x6A);
                put(b, 0x22);
                put(b, 2);
                put_memarg(b, (lw_opcode)op, off);
                if (form >= 2) {
                    put(b, 0x1A); /* drop */
                    put_local_get(b, 2);
                }
            }
            /* LDS: a + (b << k), the shifted index first or second, against the sum through a local */
            size_t lds = n;
            for (size_t k = 0; k < NSCALE; k++)
                for (int form = 0; form < 3; form++) {
                    fns[n] = (rawfn){"\x7f\x7f", i->result, 1, LWASM_I32, {0}};
                    buf *b = &fns[n++].body;
                    if (form == 0)
                        put_local_get(b, 0);
                    put_local_get(b, 1);
                    put_const(b, LWASM_I32, scale_values[k]);
                    put(b, 0x74); /* i32.shl */
                    if (form != 0)
                        put_local_get(b, 0);
                    put(b, 0x6A);
                    if (form == 2) { /* the reference */
                        put(b, 0x21);
                        put(b, 2);
                        put_local_get(b, 2);
                    }
                    put_memarg(b, (lw_opcode)op, off);
                }
            lwasm_store *s = lwasm_store_new(engine);
            lwasm_module *m;
            lwasm_instance *inst = instantiate(engine, s, fns, n, true, &m);
            for (size_t x = 0; x < NADDR; x++)
                for (size_t y = 0; y < NADDR; y++) {
                    lwasm_val args[2] = {make_val(LWASM_I32, addr_values[x]), make_val(LWASM_I32, addr_values[y])};
                    lwasm_val ref, got;
                    for (size_t k = 0; k < NSCALE; k++) {
                        lwasm_error *scaled_err = call(s, inst, lds + 3 * k + 2, args, 2, &ref);
                        for (int form = 0; form < 2; form++) {
                            lwasm_error *got_err = call(s, inst, lds + 3 * k + (size_t)form, args, 2, &got);
                            check_same((lw_opcode)op, "lds", scaled_err, &ref, got_err, &got, false);
                            lwasm_error_delete(got_err);
                            checks++;
                        }
                        lwasm_error_delete(scaled_err);
                    }
                    for (int form = 0; form < 2; form++) { /* LDXW, LDKW */
                        lwasm_val b_or_4[2] = {args[0], form ? lwasm_val_i32(4) : args[1]};
                        lwasm_val want, got_sum;
                        lwasm_error *want_err = call(s, inst, 0, b_or_4, 2, &want);
                        lwasm_error *got_err = call(s, inst, keep + (size_t)form, args, 2, &got);
                        check_same((lw_opcode)op, "ldxw/ldkw", want_err, &want, got_err, &got, false);
                        lwasm_error_delete(got_err);
                        got_err = call(s, inst, keep + 2 + (size_t)form, args, 2, &got_sum);
                        if (!want_err) {
                            assert_null(got_err);
                            assert_int_equal((uint32_t)got_sum.of.i32, (uint32_t)b_or_4[0].of.i32 + (uint32_t)b_or_4[1].of.i32);
                        }
                        lwasm_error_delete(got_err);
                        lwasm_error_delete(want_err);
                        checks += 2;
                    }
                    lwasm_error *ref_err = call(s, inst, 0, args, 2, &ref);
                    lwasm_error *got_err = call(s, inst, 1, args, 2, &got);
                    check_same((lw_opcode)op, "ldx", ref_err, &ref, got_err, &got, false);
                    lwasm_error_delete(got_err);
                    got_err = call(s, inst, 2 + y, args, 1, &got);
                    check_same((lw_opcode)op, "ldk", ref_err, &ref, got_err, &got, false);
                    lwasm_error_delete(got_err);
                    got_err = call(s, inst, ldr, args, 2, &got);
                    check_same((lw_opcode)op, "ldr", ref_err, &ref, got_err, &got, false);
                    lwasm_error_delete(got_err);
                    lwasm_error_delete(ref_err);
                    checks += 3;
                }
            lwasm_store_delete(s);
            lwasm_module_delete(m);
        }
    }
    assert_true(checks >= 14 * 3 * NADDR * NADDR * (3 + 4 + 2 * NSCALE));
}

/* Runs a test on an engine with guard pages (where the build has them) and
 * on one with explicit bounds checks. */
static void on_both_bounds_modes(void (*test_on)(lwasm_engine *))
{
    for (int explicit_checks = 0; explicit_checks < 2; explicit_checks++) {
        lwasm_config c;
        lwasm_config_init(&c);
        c.explicit_bounds_checks = explicit_checks;
        lwasm_engine *engine = lwasm_engine_new(&c);
        test_on(engine);
        lwasm_engine_delete(engine);
    }
}

static void test_fused_loads(void **state)
{
    (void)state;
    on_both_bounds_modes(test_fused_loads_on);
}


/* Stores: to (a + b) + offset, to (a + K) + offset, and of a constant, on
 * one instance each, against the plain store on another: the memories (and
 * traps) must be the same after every call. */
static void test_fused_stores_on(lwasm_engine *engine)
{
    size_t checks = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (!scalar_store(i))
            continue;
        uint8_t vt = i->params[1];
        const uint64_t *vals;
        size_t nvals;
        values_of(vt, &vals, &nvals);
        uint32_t off = offset_values[1];
        rawfn fns[4 + 2 * NADDR + 16];
        size_t n = 0;
        char p3[4] = {0x7f, 0x7f, (char)vt, 0}, p2[4] = {0x7f, (char)vt, 0, 0};
        /* f0: plain (a + b, summed in a local); f1: STX */
        fns[n] = (rawfn){{0}, 0, 1, LWASM_I32, {0}};
        memcpy(fns[n].params, p3, 4);
        put_local_get(&fns[n].body, 0);
        put_local_get(&fns[n].body, 1);
        put(&fns[n].body, 0x6A);
        put(&fns[n].body, 0x21);
        put(&fns[n].body, 3);
        put_local_get(&fns[n].body, 3);
        put_local_get(&fns[n].body, 2);
        put_memarg(&fns[n++].body, (lw_opcode)op, off);
        fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
        memcpy(fns[n].params, p3, 4);
        put_local_get(&fns[n].body, 0);
        put_local_get(&fns[n].body, 1);
        put(&fns[n].body, 0x6A);
        put_local_get(&fns[n].body, 2);
        put_memarg(&fns[n++].body, (lw_opcode)op, off);
        /* the address through a local, the value computed just before (-(-x) or x | 0) */
        fns[n] = (rawfn){{0}, 0, 1, LWASM_I32, {0}};
        memcpy(fns[n].params, p3, 4);
        put_local_get(&fns[n].body, 0);
        put_local_get(&fns[n].body, 1);
        put(&fns[n].body, 0x6A);
        put(&fns[n].body, 0x21);
        put(&fns[n].body, 3);
        put_local_get(&fns[n].body, 3);
        put_local_get(&fns[n].body, 2);
        put_identity(&fns[n].body, vt);
        put_memarg(&fns[n++].body, (lw_opcode)op, off);
        size_t stk = n; /* STK: (a + K_k) */
        for (size_t k = 0; k < NADDR; k++) {
            fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
            memcpy(fns[n].params, p2, 4);
            put_local_get(&fns[n].body, 0);
            put_const(&fns[n].body, LWASM_I32, addr_values[k]);
            put(&fns[n].body, 0x6A);
            put_local_get(&fns[n].body, 1);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
        }
        size_t sk = n; /* SK: a constant value, address a + b summed in a local */
        for (size_t v = 0; v < nvals && v < 16; v++) {
            fns[n] = (rawfn){"\x7f", 0, 0, 0, {0}};
            put_local_get(&fns[n].body, 0);
            put_const(&fns[n].body, vt, vals[v]);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
        }
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m1, *m2;
        lwasm_instance *ref_inst = instantiate(engine, s, fns, n, true, &m1);
        /* the bodies were consumed: build the same module again */
        n = 0;
        fns[n] = (rawfn){{0}, 0, 1, LWASM_I32, {0}};
        memcpy(fns[n].params, p3, 4);
        put_local_get(&fns[n].body, 0);
        put_local_get(&fns[n].body, 1);
        put(&fns[n].body, 0x6A);
        put(&fns[n].body, 0x21);
        put(&fns[n].body, 3);
        put_local_get(&fns[n].body, 3);
        put_local_get(&fns[n].body, 2);
        put_memarg(&fns[n++].body, (lw_opcode)op, off);
        fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
        memcpy(fns[n].params, p3, 4);
        put_local_get(&fns[n].body, 0);
        put_local_get(&fns[n].body, 1);
        put(&fns[n].body, 0x6A);
        put_local_get(&fns[n].body, 2);
        put_memarg(&fns[n++].body, (lw_opcode)op, off);
        /* the address through a local, the value computed just before (-(-x) or x | 0) */
        fns[n] = (rawfn){{0}, 0, 1, LWASM_I32, {0}};
        memcpy(fns[n].params, p3, 4);
        put_local_get(&fns[n].body, 0);
        put_local_get(&fns[n].body, 1);
        put(&fns[n].body, 0x6A);
        put(&fns[n].body, 0x21);
        put(&fns[n].body, 3);
        put_local_get(&fns[n].body, 3);
        put_local_get(&fns[n].body, 2);
        put_identity(&fns[n].body, vt);
        put_memarg(&fns[n++].body, (lw_opcode)op, off);
        for (size_t k = 0; k < NADDR; k++) {
            fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
            memcpy(fns[n].params, p2, 4);
            put_local_get(&fns[n].body, 0);
            put_const(&fns[n].body, LWASM_I32, addr_values[k]);
            put(&fns[n].body, 0x6A);
            put_local_get(&fns[n].body, 1);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
        }
        for (size_t v = 0; v < nvals && v < 16; v++) {
            fns[n] = (rawfn){"\x7f", 0, 0, 0, {0}};
            put_local_get(&fns[n].body, 0);
            put_const(&fns[n].body, vt, vals[v]);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
        }
        lwasm_instance *inst = instantiate(engine, s, fns, n, true, &m2);
        uint8_t *ref_mem = memory_of(ref_inst), *mem = memory_of(inst);
        for (size_t x = 0; x < NADDR; x++)
            for (size_t y = 0; y < NADDR; y++)
                for (size_t v = 0; v < nvals && v < 16; v++) {
                    lwasm_val args[3] = {make_val(LWASM_I32, addr_values[x]), make_val(LWASM_I32, addr_values[y]),
                                         make_val(vt, vals[v])};
                    lwasm_val none[1];
                    lwasm_extern e;
                    /* STX against the plain store */
                    assert_true(lwasm_instance_export(ref_inst, "f0", 2, &e));
                    lwasm_error *ref_err = lwasm_func_call(s, e.of.func, args, 3, none, 0);
                    assert_true(lwasm_instance_export(inst, "f1", 2, &e));
                    lwasm_error *got_err = lwasm_func_call(s, e.of.func, args, 3, none, 0);
                    check_same((lw_opcode)op, "stx", ref_err, NULL, got_err, NULL, false);
                    assert_memory_equal(ref_mem, mem, 65536);
                    lwasm_error_delete(ref_err);
                    lwasm_error_delete(got_err);
                    /* a value computed just before, against the plain store */
                    assert_true(lwasm_instance_export(ref_inst, "f0", 2, &e));
                    ref_err = lwasm_func_call(s, e.of.func, args, 3, none, 0);
                    assert_true(lwasm_instance_export(inst, "f2", 2, &e));
                    got_err = lwasm_func_call(s, e.of.func, args, 3, none, 0);
                    check_same((lw_opcode)op, "computed value", ref_err, NULL, got_err, NULL, false);
                    assert_memory_equal(ref_mem, mem, 65536);
                    lwasm_error_delete(ref_err);
                    lwasm_error_delete(got_err);
                    /* STK: the constant is addr_values[y] */
                    char name[16];
                    int nn = snprintf(name, sizeof name, "f%zu", stk + y);
                    assert_true(lwasm_instance_export(ref_inst, "f0", 2, &e));
                    ref_err = lwasm_func_call(s, e.of.func, args, 3, none, 0);
                    assert_true(lwasm_instance_export(inst, name, (size_t)nn, &e));
                    lwasm_val args2[2] = {args[0], args[2]};
                    got_err = lwasm_func_call(s, e.of.func, args2, 2, none, 0);
                    check_same((lw_opcode)op, "stk", ref_err, NULL, got_err, NULL, false);
                    assert_memory_equal(ref_mem, mem, 65536);
                    lwasm_error_delete(ref_err);
                    lwasm_error_delete(got_err);
                    /* SK: the value is vals[v], the address a + b */
                    if (x == 0) {
                        lwasm_val sum = make_val(LWASM_I32, (uint32_t)(addr_values[x] + addr_values[y]));
                        lwasm_val args3[3] = {sum, make_val(LWASM_I32, 0), args[2]};
                        assert_true(lwasm_instance_export(ref_inst, "f0", 2, &e));
                        ref_err = lwasm_func_call(s, e.of.func, args3, 3, none, 0);
                        nn = snprintf(name, sizeof name, "f%zu", sk + v);
                        assert_true(lwasm_instance_export(inst, name, (size_t)nn, &e));
                        got_err = lwasm_func_call(s, e.of.func, &sum, 1, none, 0);
                        check_same((lw_opcode)op, "sk", ref_err, NULL, got_err, NULL, false);
                        assert_memory_equal(ref_mem, mem, 65536);
                        lwasm_error_delete(ref_err);
                        lwasm_error_delete(got_err);
                    }
                    checks++;
                }
        lwasm_store_delete(s);
        lwasm_module_delete(m1);
        lwasm_module_delete(m2);
    }
    assert_true(checks > 1000);
}

static void test_fused_stores(void **state)
{
    (void)state;
    on_both_bounds_modes(test_fused_stores_on);
}

/* Loads at a constant address (the zero slot as the address, the constant
 * in the offset), and at a local minus a constant (an LDK of the negated
 * constant), each against the load from an address passed in; the
 * constant-address functions have a declared local too, which the zero slot
 * follows. Every address and offset pair, traps included. */
static void test_const_address_loads_on(lwasm_engine *engine)
{
    size_t checks = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (!scalar_load(i))
            continue;
        for (size_t o = 0; o < 3; o++) {
            uint32_t off = offset_values[o];
            rawfn fns[1 + 2 * NADDR];
            size_t n = 0;
            fns[n] = (rawfn){"\x7f", i->result, 0, 0, {0}};
            put_local_get(&fns[n].body, 0);
            put_memarg(&fns[n++].body, (lw_opcode)op, off);
            for (size_t k = 0; k < NADDR; k++) {
                fns[n] = (rawfn){"", i->result, 1, LWASM_I64, {0}};
                put_const(&fns[n].body, LWASM_I32, addr_values[k]);
                put_memarg(&fns[n++].body, (lw_opcode)op, off);
            }
            for (size_t k = 0; k < NADDR; k++) {
                fns[n] = (rawfn){"\x7f", i->result, 0, 0, {0}};
                put_local_get(&fns[n].body, 0);
                put_const(&fns[n].body, LWASM_I32, addr_values[k]);
                put(&fns[n].body, 0x6B); /* i32.sub */
                put_memarg(&fns[n++].body, (lw_opcode)op, off);
            }
            lwasm_store *s = lwasm_store_new(engine);
            lwasm_module *m;
            lwasm_instance *inst = instantiate(engine, s, fns, n, true, &m);
            lwasm_val ref;
            for (size_t x = 0; x < NADDR; x++) {
                lwasm_val addr = make_val(LWASM_I32, addr_values[x]), got;
                lwasm_error *ref_err = call(s, inst, 0, &addr, 1, &ref);
                lwasm_error *got_err = call(s, inst, 1 + x, NULL, 0, &got);
                check_same((lw_opcode)op, "const address", ref_err, &ref, got_err, &got, false);
                lwasm_error_delete(ref_err);
                lwasm_error_delete(got_err);
                checks++;
                for (size_t y = 0; y < NADDR; y++) {
                    lwasm_val diff = make_val(LWASM_I32, (uint32_t)(addr_values[x] - addr_values[y]));
                    ref_err = call(s, inst, 0, &diff, 1, &ref);
                    got_err = call(s, inst, 1 + NADDR + y, &addr, 1, &got);
                    check_same((lw_opcode)op, "minus a constant", ref_err, &ref, got_err, &got, false);
                    lwasm_error_delete(ref_err);
                    lwasm_error_delete(got_err);
                    checks++;
                }
            }
            lwasm_store_delete(s);
            lwasm_module_delete(m);
        }
    }
    assert_true(checks >= 14 * 3 * NADDR * (NADDR + 1));
}

/* The functions of test_const_address_stores: f0 stores local 1 to local 0;
 * then, for each constant A of addr_values, one storing local 0 to A, one
 * storing it computed (x | 0 or -(-x)) to A, one storing a constant to A, and
 * one storing local 1 to local 0 minus A. */
static lwasm_instance *const_store_instance(lwasm_engine *engine, lwasm_store *s, lw_opcode op, uint32_t off,
                                            uint64_t value, lwasm_module **m)
{
    uint8_t vt = lw_opinfo_table[op].params[1];
    rawfn fns[1 + 4 * NADDR];
    size_t n = 0;
    char pv[2] = {(char)vt, 0}, pav[3] = {0x7f, (char)vt, 0};
    fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
    memcpy(fns[n].params, pav, 3);
    put_local_get(&fns[n].body, 0);
    put_local_get(&fns[n].body, 1);
    put_memarg(&fns[n++].body, op, off);
    for (size_t k = 0; k < NADDR; k++) {
        fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
        memcpy(fns[n].params, pv, 2);
        put_const(&fns[n].body, LWASM_I32, addr_values[k]);
        put_local_get(&fns[n].body, 0);
        put_memarg(&fns[n++].body, op, off);
        fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
        memcpy(fns[n].params, pv, 2);
        /* a load at a constant address first, so that the function has the zero slot */
        put_const(&fns[n].body, LWASM_I32, 0);
        put_memarg(&fns[n].body, LW_OP_I32_LOAD8_U, 0);
        put(&fns[n].body, 0x1A); /* drop */
        put_const(&fns[n].body, LWASM_I32, addr_values[k]);
        put_local_get(&fns[n].body, 0);
        put_identity(&fns[n].body, vt);
        put_memarg(&fns[n++].body, op, off);
        fns[n] = (rawfn){"", 0, 0, 0, {0}};
        put_const(&fns[n].body, LWASM_I32, addr_values[k]);
        put_const(&fns[n].body, vt, value);
        put_memarg(&fns[n++].body, op, off);
        fns[n] = (rawfn){{0}, 0, 0, 0, {0}};
        memcpy(fns[n].params, pav, 3);
        put_local_get(&fns[n].body, 0);
        put_const(&fns[n].body, LWASM_I32, addr_values[k]);
        put(&fns[n].body, 0x6B); /* i32.sub */
        put_local_get(&fns[n].body, 1);
        put_memarg(&fns[n++].body, op, off);
    }
    return instantiate(engine, s, fns, n, true, m);
}

/* Stores at a constant address (a local, a computed value, a constant) and
 * at a local minus a constant, on one instance, against the store to an
 * address passed in on another: the same memories and traps after each. */
static void test_const_address_stores_on(lwasm_engine *engine)
{
    size_t checks = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (!scalar_store(i))
            continue;
        uint8_t vt = i->params[1];
        const uint64_t *vals;
        size_t nvals;
        values_of(vt, &vals, &nvals);
        uint64_t value = vals[nvals - 1];
        for (size_t o = 0; o < 3; o++) {
            uint32_t off = offset_values[o];
            lwasm_store *s = lwasm_store_new(engine);
            lwasm_module *m1, *m2;
            lwasm_instance *ref_inst = const_store_instance(engine, s, (lw_opcode)op, off, value, &m1);
            lwasm_instance *inst = const_store_instance(engine, s, (lw_opcode)op, off, value, &m2);
            uint8_t *ref_mem = memory_of(ref_inst), *mem = memory_of(inst);
            lwasm_extern ref_f, got_f;
            assert_true(lwasm_instance_export(ref_inst, "f0", 2, &ref_f));
            for (size_t x = 0; x < NADDR; x++)
                for (size_t y = 0; y < NADDR; y++)
                    for (size_t form = 0; form < 4; form++) {
                        if (form < 3 && y)
                            continue;
                        uint32_t addr = form < 3 ? (uint32_t)addr_values[x]
                                                 : (uint32_t)(addr_values[x] - addr_values[y]);
                        uint64_t v = form == 2 ? value : vals[(x + y) % nvals];
                        lwasm_val ref_args[2] = {make_val(LWASM_I32, addr), make_val(vt, v)};
                        lwasm_val got_args[2] = {make_val(LWASM_I32, addr_values[x]), make_val(vt, v)};
                        size_t k = form < 3 ? x : y;
                        char name[16];
                        int nn = snprintf(name, sizeof name, "f%zu", 1 + 4 * k + form);
                        assert_true(lwasm_instance_export(inst, name, (size_t)nn, &got_f));
                        lwasm_val none[1];
                        lwasm_error *ref_err = lwasm_func_call(s, ref_f.of.func, ref_args, 2, none, 0);
                        lwasm_error *got_err =
                            form == 3   ? lwasm_func_call(s, got_f.of.func, got_args, 2, none, 0)
                            : form == 2 ? lwasm_func_call(s, got_f.of.func, NULL, 0, none, 0)
                                        : lwasm_func_call(s, got_f.of.func, &got_args[1], 1, none, 0);
                        static const char *what[] = {"const address", "const address, computed value",
                                                     "const address and value", "minus a constant"};
                        check_same((lw_opcode)op, what[form], ref_err, NULL, got_err, NULL, false);
                        assert_memory_equal(ref_mem, mem, 65536);
                        lwasm_error_delete(ref_err);
                        lwasm_error_delete(got_err);
                        checks++;
                    }
            lwasm_store_delete(s);
            lwasm_module_delete(m1);
            lwasm_module_delete(m2);
        }
    }
    assert_true(checks >= 9 * 3 * NADDR * (NADDR + 3));
}

static void test_const_address(void **state)
{
    (void)state;
    on_both_bounds_modes(test_const_address_loads_on);
    on_both_bounds_modes(test_const_address_stores_on);
}


/* a * b + c, c + a * b, a * b - c, c - a * b against the product stored in
 * a local first (each operation rounded on its own either way). */
static void test_fused_multiply_add(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t checks = 0;
    for (int f64 = 0; f64 < 2; f64++) {
        uint8_t ty = f64 ? LWASM_F64 : LWASM_F32;
        lw_opcode mul = f64 ? LW_OP_F64_MUL : LW_OP_F32_MUL;
        lw_opcode ops[2] = {f64 ? LW_OP_F64_ADD : LW_OP_F32_ADD, f64 ? LW_OP_F64_SUB : LW_OP_F32_SUB};
        char params[4] = {(char)ty, (char)ty, (char)ty, 0};
        rawfn fns[32];
        lw_opcode fn_op[32];
        size_t n = 0;
        for (int k = 0; k < 2; k++) {
            for (int product_first = 0; product_first < 2; product_first++) {
            /* via: 1, 2, 3 pass a, b, c through -(-x) just before the product
             * is computed, so that operand of the fused form comes from acc */
            for (int via = 0; via < 4; via++) {
                if (via == 3 && product_first)
                    continue;
                fn_op[n] = fn_op[n + 1] = ops[k];
                /* plain: the product through local 3 */
                fns[n] = (rawfn){{0}, ty, 1, ty, {0}};
                memcpy(fns[n].params, params, 4);
                put_local_get(&fns[n].body, 0);
                put_local_get(&fns[n].body, 1);
                put_op(&fns[n].body, mul);
                put(&fns[n].body, 0x21);
                put(&fns[n].body, 3);
                if (product_first) {
                    put_local_get(&fns[n].body, 3);
                    put_local_get(&fns[n].body, 2);
                } else {
                    put_local_get(&fns[n].body, 2);
                    put_local_get(&fns[n].body, 3);
                }
                put_op(&fns[n++].body, ops[k]);
                /* fused */
                fns[n] = (rawfn){{0}, ty, 0, 0, {0}};
                memcpy(fns[n].params, params, 4);
                if (!product_first) {
                    put_local_get(&fns[n].body, 2);
                    if (via == 3)
                        put_identity(&fns[n].body, ty);
                }
                put_local_get(&fns[n].body, 0);
                if (via == 1)
                    put_identity(&fns[n].body, ty);
                put_local_get(&fns[n].body, 1);
                if (via == 2)
                    put_identity(&fns[n].body, ty);
                put_op(&fns[n].body, mul);
                if (product_first)
                    put_local_get(&fns[n].body, 2);
                put_op(&fns[n++].body, ops[k]);
            }
            }
        }
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m;
        lwasm_instance *inst = instantiate(engine, s, fns, n, false, &m);
        const uint64_t *vals;
        size_t nv;
        values_of(ty, &vals, &nv);
        for (size_t a = 0; a < nv; a++)
            for (size_t b = 0; b < nv; b++)
                for (size_t c = 0; c < nv; c++) {
                    lwasm_val args[3] = {make_val(ty, vals[a]), make_val(ty, vals[b]), make_val(ty, vals[c])};
                    for (size_t f = 0; f < n; f += 2) {
                        lwasm_val ref;
                        compare_calls(s, inst, f, f + 1, args, 3, fn_op[f], "mul-add", &ref);
                        checks++;
                    }
                }
        lwasm_store_delete(s);
        lwasm_module_delete(m);
    }
    assert_true(checks == 2 * 14 * 11 * 11 * 11);
    lwasm_engine_delete(engine);
}

/* Moves that merge into one COPY2 must still happen in order: a swap
 * through the stack, and a rotation of three locals. */
static void test_fused_moves(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    rawfn fns[2];
    /* f0(a, b) = swap, then a * 10 + b: b * 10 + a */
    fns[0] = (rawfn){"\x7f\x7f", LWASM_I32, 0, 0, {0}};
    buf *b = &fns[0].body;
    put_local_get(b, 0);
    put_local_get(b, 1);
    put(b, 0x21);
    put(b, 0);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 10);
    put(b, 0x6C); /* i32.mul */
    put_local_get(b, 1);
    put(b, 0x6A);
    /* f1(a, b, c): (a, b, c) = (b, c, a) twice, then a*100 + b*10 + c */
    fns[1] = (rawfn){"\x7f\x7f\x7f", LWASM_I32, 1, LWASM_I32, {0}};
    b = &fns[1].body;
    for (int r = 0; r < 2; r++) {
        put_local_get(b, 0);
        put(b, 0x21);
        put(b, 3);
        put_local_get(b, 1);
        put(b, 0x21);
        put(b, 0);
        put_local_get(b, 2);
        put(b, 0x21);
        put(b, 1);
        put_local_get(b, 3);
        put(b, 0x21);
        put(b, 2);
    }
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 100);
    put(b, 0x6C);
    put_local_get(b, 1);
    put_const(b, LWASM_I32, 10);
    put(b, 0x6C);
    put(b, 0x6A);
    put_local_get(b, 2);
    put(b, 0x6A);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, 2, false, &m);
    lwasm_val args[3] = {lwasm_val_i32(1), lwasm_val_i32(2), lwasm_val_i32(3)}, out;
    assert_null(call(s, inst, 0, args, 2, &out));
    assert_int_equal(out.of.i32, 21);
    assert_null(call(s, inst, 1, args, 3, &out));
    assert_int_equal(out.of.i32, 312);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* A scalar binary operator whose operands have one type (76 of them). */
static bool same_typed_binary(const lw_opinfo *i)
{
    return i->prefix != 0xFD && i->imm == LW_IMM_NONE && i->nparams == 2 && scalar(i->result) &&
           scalar(i->params[0]) && i->params[0] == i->params[1];
}

static lw_opcode full_width(uint8_t type, bool store)
{
    switch (type) {
    case LWASM_I32: return store ? LW_OP_I32_STORE : LW_OP_I32_LOAD;
    case LWASM_I64: return store ? LW_OP_I64_STORE : LW_OP_I64_LOAD;
    case LWASM_F32: return store ? LW_OP_F32_STORE : LW_OP_F32_LOAD;
    default: return store ? LW_OP_F64_STORE : LW_OP_F64_LOAD;
    }
}

/* Puts an operation on the operand just pushed whose result stays in acc:
 * a negation for floats, an xor with 1 for integers. */
static void put_acc_setter(buf *b, uint8_t type)
{
    switch (type) {
    case LWASM_I32: put_const(b, type, 1); put_op(b, LW_OP_I32_XOR); break;
    case LWASM_I64: put_const(b, type, 1); put_op(b, LW_OP_I64_XOR); break;
    case LWASM_F32: put_op(b, LW_OP_F32_NEG); break;
    default: put_op(b, LW_OP_F64_NEG); break;
    }
}

/* OS, OSRA, OSRB: every binary scalar op whose result is stored at once
 * (both operands locals, the first or the second just computed into acc),
 * against the same with a block's end between the op and the store (no
 * fusion); the stored value is read back. Addresses include ones that trap. */
static void test_fused_op_store(void **state)
{
    (void)state;
    static const uint32_t addrs[] = {0, 8, 40, 65528, 65532, 65536, 0xFFFFFFF0};
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t checks = 0, ops = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (!same_typed_binary(i))
            continue;
        uint8_t type = i->params[0];
        rawfn fns[6];
        for (int f = 0; f < 6; f++) { /* f / 2: both locals, a in acc, b in acc; odd f: no fusion */
            fns[f] = (rawfn){{(char)LWASM_I32, (char)type, (char)type, 0}, i->result, 0, 0, {0}};
            buf *b = &fns[f].body;
            put_local_get(b, 0);
            put_local_get(b, 1);
            if (f / 2 == 1)
                put_acc_setter(b, type);
            put_local_get(b, 2);
            if (f / 2 == 2)
                put_acc_setter(b, type);
            put_op(b, (lw_opcode)op);
            if (f % 2)
                put_bytes(b, "\x02\x40\x0b", 3);
            put_memarg(b, full_width(i->result, true), 0);
            put_local_get(b, 0);
            put_memarg(b, full_width(i->result, false), 0);
        }
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m;
        lwasm_instance *inst = instantiate(engine, s, fns, 6, true, &m);
        const uint64_t *vals;
        size_t nvals;
        values_of(type, &vals, &nvals);
        for (size_t x = 0; x < sizeof addrs / sizeof addrs[0]; x++)
            for (size_t y = 0; y < nvals; y++) {
                size_t z = (y * 7 + 3) % nvals;
                lwasm_val args[3] = {lwasm_val_i32((int32_t)addrs[x]), make_val(type, vals[y]), make_val(type, vals[z])};
                for (int f = 0; f < 6; f += 2) {
                    lwasm_val ref;
                    compare_calls(s, inst, (size_t)f + 1, (size_t)f, args, 3, (lw_opcode)op,
                                  f == 0 ? "os" : f == 2 ? "osra" : "osrb", &ref);
                    checks++;
                }
            }
        lwasm_store_delete(s);
        lwasm_module_delete(m);
        ops++;
    }
    assert_true(ops == 76); /* as in test_fused_load_operand */
    assert_true(checks >= ops * 7 * 3 * 4);
    lwasm_engine_delete(engine);
}

/* The adding multiply-add forms whose result is stored at once (the _S
 * forms): a * b + c and c + a * b, f32 and f64, every operand in a local or
 * one of a, b, c just computed into acc, stored to an address in a local and
 * read back; against the same with a block's end between the add and the
 * store (the multiply-add is fused, the store is not). Addresses include
 * ones that trap. */
static void test_fused_madd_store(void **state)
{
    (void)state;
    static const uint32_t addrs[] = {0, 8, 65528, 65532, 65536, 0xFFFFFFF0};
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t checks = 0;
    for (int f64 = 0; f64 < 2; f64++) {
        uint8_t ty = f64 ? LWASM_F64 : LWASM_F32;
        lw_opcode mul = f64 ? LW_OP_F64_MUL : LW_OP_F32_MUL, add = f64 ? LW_OP_F64_ADD : LW_OP_F32_ADD;
        rawfn fns[14];
        size_t n = 0;
        for (int product_first = 0; product_first < 2; product_first++)
            for (int via = 0; via < 4; via++) { /* via 1..3: a, b or c through acc (the _RA.._RC forms) */
                if (via == 3 && product_first)
                    continue;
                for (int plain = 0; plain < 2; plain++, n++) {
                    fns[n] = (rawfn){{(char)LWASM_I32, (char)ty, (char)ty, (char)ty, 0}, ty, 0, 0, {0}};
                    buf *b = &fns[n].body;
                    put_local_get(b, 0);
                    if (!product_first) {
                        put_local_get(b, 3);
                        if (via == 3)
                            put_identity(b, ty);
                    }
                    put_local_get(b, 1);
                    if (via == 1)
                        put_identity(b, ty);
                    put_local_get(b, 2);
                    if (via == 2)
                        put_identity(b, ty);
                    put_op(b, mul);
                    if (product_first)
                        put_local_get(b, 3);
                    put_op(b, add);
                    if (plain)
                        put_bytes(b, "\x02\x40\x0b", 3);
                    put_memarg(b, full_width(ty, true), 0);
                    put_local_get(b, 0);
                    put_memarg(b, full_width(ty, false), 0);
                }
            }
        assert_true(n == 14);
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m;
        lwasm_instance *inst = instantiate(engine, s, fns, n, true, &m);
        const uint64_t *vals;
        size_t nv;
        values_of(ty, &vals, &nv);
        for (size_t x = 0; x < sizeof addrs / sizeof addrs[0]; x++)
            for (size_t a = 0; a < nv; a++)
                for (size_t c = 0; c < nv; c++) {
                    size_t b = (a * 5 + c * 3 + 1) % nv;
                    lwasm_val args[4] = {lwasm_val_i32((int32_t)addrs[x]), make_val(ty, vals[a]),
                                         make_val(ty, vals[b]), make_val(ty, vals[c])};
                    for (size_t f = 0; f < n; f += 2) {
                        lwasm_val ref;
                        compare_calls(s, inst, f + 1, f, args, 4, add, "mul-add-store", &ref);
                        checks++;
                    }
                }
        lwasm_store_delete(s);
        lwasm_module_delete(m);
    }
    assert_true(checks == 2 * 6 * 11 * 11 * 7);
    lwasm_engine_delete(engine);
}

/* select reads its operands where they are (locals, constants, results
 * just computed) and writes where a local.set retargets it, even into the
 * local of one of its operands; for each scalar type, against c ? a : b. */
static void test_select_operands(void **state)
{
    (void)state;
    static const uint8_t types[] = {LWASM_I32, LWASM_I64, LWASM_F32, LWASM_F64};
    enum { NFORMS = 6 };
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t checks = 0, expected = 0;
    for (size_t k = 0; k < sizeof types; k++) {
        uint8_t ty = types[k];
        const uint64_t k_bits = ty == LWASM_F32 ? 0x40490fdb : ty == LWASM_F64 ? 0x400921fb54442d18 : 77;
        rawfn fns[NFORMS];
        for (int f = 0; f < NFORMS; f++) {
            /* f: 0 all locals; 1, 2: the result into local 0 or 1 (an operand's own);
             * 3: a constant a; 4: a constant b; 5: a and the condition computed just before */
            fns[f] = (rawfn){{(char)ty, (char)ty, (char)LWASM_I32, 0}, ty, 0, 0, {0}};
            buf *b = &fns[f].body;
            if (f == 3)
                put_const(b, ty, k_bits);
            else
                put_local_get(b, 0);
            if (f == 5)
                put_identity(b, ty);
            if (f == 4)
                put_const(b, ty, k_bits);
            else
                put_local_get(b, 1);
            put_local_get(b, 2);
            if (f == 5)
                put_identity(b, LWASM_I32);
            put_op(b, LW_OP_SELECT);
            if (f == 1 || f == 2) {
                put(b, 0x21); /* local.set */
                put(b, (uint8_t)(f - 1));
                put_local_get(b, (uint8_t)(f - 1));
            }
        }
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m;
        lwasm_instance *inst = instantiate(engine, s, fns, NFORMS, false, &m);
        const uint64_t *vals;
        size_t nv;
        values_of(ty, &vals, &nv);
        expected += nv * 3 * NFORMS;
        for (size_t x = 0; x < nv; x++)
            for (uint32_t c = 0; c < 3; c++) {
                uint64_t a = vals[x], bv = vals[(x * 3 + 1) % nv];
                uint32_t cond = c == 2 ? 0x80000000u : c;
                lwasm_val args[3] = {make_val(ty, a), make_val(ty, bv), lwasm_val_i32((int32_t)cond)};
                for (size_t f = 0; f < NFORMS; f++) {
                    lwasm_val got;
                    lwasm_error *err = call(s, inst, f, args, 3, &got);
                    assert_null(err);
                    uint64_t want_a = f == 3 ? k_bits : a, want_b = f == 4 ? k_bits : bv;
                    uint64_t want = cond ? want_a : want_b;
                    if (val_bits(&got) != want)
                        fail_msg("select form %zu type %d cond %#x: %#llx, expected %#llx", f, ty, cond,
                                 (unsigned long long)val_bits(&got), (unsigned long long)want);
                    checks++;
                }
            }
        lwasm_store_delete(s);
        lwasm_module_delete(m);
    }
    assert_true(checks == expected && checks > 4 * 3 * NFORMS);
    lwasm_engine_delete(engine);
}

/* A br_table on a value just loaded (the load then takes the branch too):
 * i32.load and i32.load8_u, plain and with the address forms LDK, LDX, LDS,
 * LDR, against the same with a block's end between the load and the
 * br_table; indices in range, the last, beyond it, and addresses that trap. */
static void test_load_switch(void **state)
{
    (void)state;
    static const uint32_t addrs[] = {0, 4, 8, 12, 3, 65532, 65535, 65536, 0xFFFFFFFC};
    enum { NFORMS = 5, NLOADS = 2 };
    rawfn fns[2 * NFORMS * NLOADS];
    size_t n = 0;
    for (int l = 0; l < NLOADS; l++)
        for (int form = 0; form < NFORMS; form++)
            for (int plain = 0; plain < 2; plain++, n++) {
                fns[n] = (rawfn){{(char)LWASM_I32, (char)LWASM_I32, 0}, LWASM_I32, 0, 0, {0}};
                buf *b = &fns[n].body;
                put_bytes(b, "\x02\x40\x02\x40\x02\x40", 6); /* three blocks */
                put_local_get(b, 0);
                switch (form) {
                case 1: /* LDK */
                    put_const(b, LWASM_I32, 4);
                    put_op(b, LW_OP_I32_ADD);
                    break;
                case 2: /* LDX */
                    put_local_get(b, 1);
                    put_op(b, LW_OP_I32_ADD);
                    break;
                case 3: /* LDS */
                    put_local_get(b, 1);
                    put_const(b, LWASM_I32, 2);
                    put_op(b, LW_OP_I32_SHL);
                    put_op(b, LW_OP_I32_ADD);
                    break;
                case 4: /* LDR: the address computed just before, in acc */
                    put_identity(b, LWASM_I32);
                    break;
                default:
                    break;
                }
                put_memarg(b, l ? LW_OP_I32_LOAD8_U : LW_OP_I32_LOAD, form == 0 ? 4 : 0);
                if (plain)
                    put_bytes(b, "\x02\x40\x0b", 3);
                put_bytes(b, "\x0e\x02\x00\x01\x02", 5); /* br_table 0 1 2 */
                put_bytes(b, "\x0b\x41\x0a\x0f", 4);       /* end, i32.const 10, return */
                put_bytes(b, "\x0b\x41\x14\x0f", 4);       /* end, i32.const 20, return */
                put_bytes(b, "\x0b\x41\x1e", 3);           /* end, i32.const 30 */
            }
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, n, true, &m);
    uint8_t *mem = memory_of(inst);
    for (uint32_t i = 0; i < 64; i++) /* small words at aligned addresses, larger ones between */
        mem[i] = (uint8_t)(i % 4 == 0 ? i / 4 % 4 : i * 37);
    size_t checks = 0, outcomes[3] = {0};
    for (size_t x = 0; x < sizeof addrs / sizeof addrs[0]; x++)
        for (uint32_t y = 0; y < 3; y++) {
            lwasm_val args[2] = {lwasm_val_i32((int32_t)addrs[x]), lwasm_val_i32((int32_t)y)};
            for (size_t f = 0; f < n; f += 2) {
                lwasm_val ref;
                if (!compare_calls(s, inst, f + 1, f, args, 2, f < 2 * NFORMS ? LW_OP_I32_LOAD : LW_OP_I32_LOAD8_U,
                                   "br_table", &ref))
                    outcomes[ref.of.i32 / 10 - 1]++;
                checks++;
            }
        }
    assert_true(checks == 9 * 3 * NFORMS * NLOADS);
    assert_true(outcomes[0] > 0 && outcomes[1] > 0 && outcomes[2] > 0); /* every target reached */
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* Sums of three terms whose first add takes an operand from acc (ADD2R),
 * either operand order, the first sum kept in a local (local.tee) and read
 * again as the second add's other operand, against the same with a block's
 * end between the two adds. */
static void test_fused_add_chains(void **state)
{
    (void)state;
    enum { NFORMS = 4 };
    rawfn fns[2 * NFORMS];
    for (int f = 0; f < 2 * NFORMS; f++) {
        int form = f / 2;
        fns[f] = (rawfn){{(char)LWASM_I32, (char)LWASM_I32, (char)LWASM_I32, 0}, LWASM_I32, 0, 0, {0}};
        buf *b = &fns[f].body;
        if (form == 1)
            put_local_get(b, 2); /* c + (a + b) */
        put_local_get(b, 0);
        put_identity(b, LWASM_I32); /* a in acc */
        put_local_get(b, 1);
        put_op(b, LW_OP_I32_ADD);
        if (form == 3) { /* (a + b) kept in local 1, then + local 1 */
            put(b, 0x22); /* local.tee 1 */
            put(b, 1);
        }
        if (f % 2)
            put_bytes(b, "\x02\x40\x0b", 3);
        if (form == 0 || form == 2)
            put_local_get(b, 2);
        if (form == 3)
            put_local_get(b, 1);
        put_op(b, LW_OP_I32_ADD);
        if (form == 2) { /* a third term */
            put_local_get(b, 0);
            put_op(b, LW_OP_I32_ADD);
        }
    }
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, 2 * NFORMS, false, &m);
    const uint64_t *vals;
    size_t nv, checks = 0;
    values_of(LWASM_I32, &vals, &nv);
    for (size_t x = 0; x < nv; x++)
        for (size_t y = 0; y < nv; y++) {
            uint32_t a = (uint32_t)vals[x], bv = (uint32_t)vals[y], c = (uint32_t)vals[(x + y) % nv];
            lwasm_val args[3] = {lwasm_val_i32((int32_t)a), lwasm_val_i32((int32_t)bv), lwasm_val_i32((int32_t)c)};
            const uint32_t want[NFORMS] = {a + bv + c, c + (a + bv), a + bv + c + a, (a + bv) * 2};
            for (int f = 0; f < 2 * NFORMS; f++) {
                lwasm_val got;
                assert_null(call(s, inst, (size_t)f, args, 3, &got));
                if ((uint32_t)got.of.i32 != want[f / 2])
                    fail_msg("add chain form %d%s: %#x, expected %#x", f / 2, f % 2 ? " (unfused)" : "",
                             (unsigned)got.of.i32, (unsigned)want[f / 2]);
                checks++;
            }
        }
    assert_true(checks == nv * nv * 2 * NFORMS);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* Runs of up to nine moves merge into COPY2..COPY4 instructions, which
 * must still move in order: rotations of the first n of eight locals
 * (through a ninth), twice in a row, for n = 2..8. */
static void test_fused_move_runs(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    rawfn fns[7];
    for (unsigned n = 2; n <= 8; n++) {
        /* locals 1..8 start as 1..8 (local 0 is the unused parameter), local 9 is the spare */
        fns[n - 2] = (rawfn){"\x7f", LWASM_I32, 9, LWASM_I32, {0}};
        buf *b = &fns[n - 2].body;
        for (unsigned i = 1; i <= 8; i++) {
            put_const(b, LWASM_I32, (int32_t)i);
            put(b, 0x21);
            put(b, (uint8_t)i);
        }
        for (int r = 0; r < 2; r++) {
            put_local_get(b, 1);
            put(b, 0x21);
            put(b, 9);
            for (unsigned i = 1; i < n; i++) {
                put_local_get(b, (uint8_t)(i + 1));
                put(b, 0x21);
                put(b, (uint8_t)i);
            }
            put_local_get(b, 9);
            put(b, 0x21);
            put(b, (uint8_t)n);
        }
        /* the locals as the decimal digits of the result, local 1 first */
        put_local_get(b, 1);
        for (unsigned i = 2; i <= 8; i++) {
            put_const(b, LWASM_I32, 10);
            put(b, 0x6C); /* i32.mul */
            put_local_get(b, i);
            put(b, 0x6A); /* i32.add */
        }
    }
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, 7, false, &m);
    for (unsigned n = 2; n <= 8; n++) {
        int32_t want = 0;
        for (unsigned i = 1; i <= 8; i++)
            want = want * 10 + (int32_t)(i <= n ? (i + 1) % n + 1 : i);
        lwasm_val arg = lwasm_val_i32(0), out;
        assert_null(call(s, inst, n - 2, &arg, 1, &out));
        assert_int_equal(out.of.i32, want);
    }
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* Two i32.add of constants in a row become one ADD2K: into two locals, the
 * second reading the first's result, wrapping, across a loop label (no
 * fusion there), and with the result left on the stack. */
static void test_fused_add_pairs(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    rawfn fns[3];
    /* f0(a, b): a += 5; b += -7; a * 1000 + b */
    fns[0] = (rawfn){"\x7f\x7f", LWASM_I32, 0, 0, {0}};
    buf *b = &fns[0].body;
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 5);
    put(b, 0x6A);
    put(b, 0x21);
    put(b, 0);
    put_local_get(b, 1);
    put_const(b, LWASM_I32, (uint32_t)-7);
    put(b, 0x6A);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 1000);
    put(b, 0x6C);
    put_local_get(b, 1);
    put(b, 0x6A);
    /* f1(a): (a + 0xFFFFFFFF) + 3, on the stack, then that + 100 into a local and back */
    fns[1] = (rawfn){"\x7f", LWASM_I32, 1, LWASM_I32, {0}};
    b = &fns[1].body;
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 0xFFFFFFFF);
    put(b, 0x6A);
    put_const(b, LWASM_I32, 3);
    put(b, 0x6A);
    put_const(b, LWASM_I32, 100);
    put(b, 0x6A);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 1);
    /* f2(a): a += 3; loop { a += 4; counter (local 1) += 1; br_if counter != 3 }; a * 10 + counter */
    fns[2] = (rawfn){"\x7f", LWASM_I32, 1, LWASM_I32, {0}};
    b = &fns[2].body;
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 3);
    put(b, 0x6A);
    put(b, 0x21);
    put(b, 0);
    put(b, 0x03); /* loop */
    put(b, 0x40);
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 4);
    put(b, 0x6A);
    put(b, 0x21);
    put(b, 0);
    put_local_get(b, 1);
    put_const(b, LWASM_I32, 1);
    put(b, 0x6A);
    put(b, 0x22); /* local.tee */
    put(b, 1);
    put_const(b, LWASM_I32, 3);
    put(b, 0x47); /* i32.ne */
    put(b, 0x0D); /* br_if 0 */
    put(b, 0);
    put(b, 0x0B);
    put_local_get(b, 0);
    put_const(b, LWASM_I32, 10);
    put(b, 0x6C);
    put_local_get(b, 1);
    put(b, 0x6A);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, 3, false, &m);
    lwasm_val args[2] = {lwasm_val_i32(2), lwasm_val_i32(10)}, out;
    assert_null(call(s, inst, 0, args, 2, &out));
    assert_int_equal(out.of.i32, 7 * 1000 + 3);
    args[0] = lwasm_val_i32(-2);
    assert_null(call(s, inst, 1, args, 1, &out));
    assert_int_equal(out.of.i32, -2 - 1 + 3 + 100);
    args[0] = lwasm_val_i32(1);
    assert_null(call(s, inst, 2, args, 1, &out));
    assert_int_equal(out.of.i32, (1 + 3 + 3 * 4) * 10 + 3);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* Shift-and-combine pairs (I32_ROTL_XOR...): for every pair of the list and
 * several constant shift counts, combine(shift(a, K), b) with the shifted
 * value as either operand, also kept in a local (local.tee) and used twice,
 * against the same computation with the count as a parameter (no fusion). */
typedef struct shc_pair {
    lw_opcode shift, combine;
    uint8_t type;
} shc_pair;

static const shc_pair shc_pairs[] = {
#define LW_X_SHC(unused, T, S, C) {LW_OP_##T##_##S, LW_OP_##T##_##C, LWASM_##T},
    LW_FOR_EACH_SHIFT_COMBINE(LW_X_SHC, unused)
#undef LW_X_SHC
};

enum { SHC_FIRST, SHC_SECOND, SHC_TEE, SHC_TWICE, SHC_FORMS };

/* The body of form `form`; the count is local 2 when k_param, else constant k. */
static void put_shift_combine(buf *b, const shc_pair *p, int form, bool k_param, uint64_t k)
{
    if (form == SHC_SECOND)
        put_local_get(b, 1);
    put_local_get(b, 0);
    if (k_param)
        put_local_get(b, 2);
    else
        put_const(b, p->type, k);
    put_op(b, p->shift);
    if (form == SHC_TEE || form == SHC_TWICE) {
        put(b, 0x22); /* local.tee 3 */
        put(b, 3);
    }
    if (form == SHC_TWICE)
        put_local_get(b, 3);
    else if (form != SHC_SECOND)
        put_local_get(b, 1);
    put_op(b, p->combine);
    if (form == SHC_TEE) { /* + the shifted value, read back from its local */
        put_local_get(b, 3);
        put_op(b, p->type == LWASM_I32 ? LW_OP_I32_ADD : LW_OP_I64_ADD);
    }
}

static void test_fused_shift_combine(void **state)
{
    (void)state;
    static const uint64_t counts[] = {0, 1, 7, 31, 32, 33, 63, 64, 65};
    enum { NCOUNTS = sizeof counts / sizeof counts[0] };
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t checked = 0;
    for (size_t pi = 0; pi < sizeof shc_pairs / sizeof shc_pairs[0]; pi++) {
        const shc_pair *p = &shc_pairs[pi];
        char params[4] = {(char)p->type, (char)p->type, (char)p->type, 0};
        /* f[form]: the reference, (a, b, k); then f[SHC_FORMS + form * NCOUNTS + j]: (a, b) with counts[j] */
        rawfn fns[SHC_FORMS * (1 + NCOUNTS)];
        size_t nfns = 0;
        for (int form = 0; form < SHC_FORMS; form++) {
            fns[nfns] = (rawfn){{0}, p->type, 1, p->type, {0}};
            memcpy(fns[nfns].params, params, 3);
            put_shift_combine(&fns[nfns++].body, p, form, true, 0);
        }
        for (int form = 0; form < SHC_FORMS; form++)
            for (size_t j = 0; j < NCOUNTS; j++) {
                /* local 2 unused here: the local indices stay those of the reference */
                fns[nfns] = (rawfn){{0}, p->type, 2, p->type, {0}};
                memcpy(fns[nfns].params, params, 2);
                put_shift_combine(&fns[nfns++].body, p, form, false, counts[j]);
            }
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m;
        lwasm_instance *inst = instantiate(engine, s, fns, nfns, false, &m);
        const uint64_t *vals;
        size_t nvals;
        values_of(p->type, &vals, &nvals);
        for (int form = 0; form < SHC_FORMS; form++)
            for (size_t j = 0; j < NCOUNTS; j++)
                for (size_t x = 0; x < nvals; x++)
                    for (size_t y = 0; y < nvals; y++) {
                        lwasm_val args[3] = {make_val(p->type, vals[x]), make_val(p->type, vals[y]),
                                             make_val(p->type, counts[j])};
                        lwasm_val want, got;
                        assert_null(call(s, inst, (size_t)form, args, 3, &want));
                        assert_null(call(s, inst, SHC_FORMS + (size_t)form * NCOUNTS + j, args, 2, &got));
                        if (val_bits(&want) != val_bits(&got))
                            fail_msg("%s then %s, form %d, count %llu, a %#llx, b %#llx: %#llx, want %#llx",
                                     lw_opinfo_table[p->shift].text, lw_opinfo_table[p->combine].text, form,
                                     (unsigned long long)counts[j], (unsigned long long)vals[x],
                                     (unsigned long long)vals[y], (unsigned long long)val_bits(&got),
                                     (unsigned long long)val_bits(&want));
                        checked++;
                    }
        lwasm_store_delete(s);
        lwasm_module_delete(m);
    }
    assert_true(checked > 40 * SHC_FORMS * NCOUNTS);
    lwasm_engine_delete(engine);
}

/* `i32.const 0; local.set` of a declared local is left out where it cannot
 * change anything (at entry, before any code, outside blocks), and only there. */
static void test_zero_init(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    rawfn fns[3];
    /* f0(a): l1 = 0; return a + l1 */
    fns[0] = (rawfn){"\x7f", LWASM_I32, 1, LWASM_I32, {0}};
    buf *b = &fns[0].body;
    put_const(b, LWASM_I32, 0);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 0);
    put_local_get(b, 1);
    put(b, 0x6A);
    /* f1(a): l1 = a; l1 = 0; return l1 (the second set after code: kept) */
    fns[1] = (rawfn){"\x7f", LWASM_I32, 1, LWASM_I32, {0}};
    b = &fns[1].body;
    put_local_get(b, 0);
    put(b, 0x21);
    put(b, 1);
    put_const(b, LWASM_I32, 0);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 1);
    /* f2(a): loop { l1 = 0; l1 = l1 + a; l2 += 1; while l2 < 3 }; return l1 (the set in a loop: kept) */
    fns[2] = (rawfn){"\x7f", LWASM_I32, 2, LWASM_I32, {0}};
    b = &fns[2].body;
    put(b, 0x03); /* loop */
    put(b, 0x40);
    put_const(b, LWASM_I32, 0);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 1);
    put_local_get(b, 0);
    put(b, 0x6A);
    put(b, 0x21);
    put(b, 1);
    put_local_get(b, 2);
    put_const(b, LWASM_I32, 1);
    put(b, 0x6A);
    put(b, 0x22); /* local.tee */
    put(b, 2);
    put_const(b, LWASM_I32, 3);
    put(b, 0x49); /* i32.lt_u */
    put(b, 0x0D); /* br_if 0 */
    put(b, 0);
    put(b, 0x0B);
    put_local_get(b, 1);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, 3, false, &m);
    lwasm_val args[1] = {lwasm_val_i32(5)}, out;
    assert_null(call(s, inst, 0, args, 1, &out));
    assert_int_equal(out.of.i32, 5);
    assert_null(call(s, inst, 1, args, 1, &out));
    assert_int_equal(out.of.i32, 0);
    assert_null(call(s, inst, 2, args, 1, &out));
    assert_int_equal(out.of.i32, 5);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* LKA/LKB: every binary scalar op with one operand loaded (LDK) just
 * before, as its first or second operand, against the same with a block's
 * end between the load and the op (no fusion); addresses include ones that trap. */
static void test_fused_load_operand(void **state)
{
    (void)state;
    static const uint32_t addrs[] = {0, 8, 40, 65512, 65520, 65536, 0xFFFFFFF0};
    lwasm_engine *engine = lwasm_engine_new(NULL);
    size_t checks = 0, ops = 0;
    for (unsigned op = 0; op < LW_OP_COUNT_; op++) {
        const lw_opinfo *i = &lw_opinfo_table[op];
        if (!same_typed_binary(i))
            continue;
        uint8_t type = i->params[0];
        lw_opcode load = full_width(type, false);
        rawfn fns[4];
        for (int f = 0; f < 4; f++) { /* 0, 1: references (loaded a, b); 2: loaded a; 3: loaded b */
            fns[f] = (rawfn){{(char)LWASM_I32, (char)type, 0}, i->result, 1, type, {0}};
            buf *b = &fns[f].body;
            bool second = f % 2;
            if (second)
                put_local_get(b, 1);
            put_local_get(b, 0);
            put_const(b, LWASM_I32, 16);
            put(b, 0x6A);
            put_memarg(b, load, 8);
            if (f < 2) {
                put(b, 0x21);
                put(b, 2);
                put_bytes(b, "\x02\x40\x0b", 3);
                if (second) {
                    put_local_get(b, 2);
                } else {
                    put_local_get(b, 2);
                    put_local_get(b, 1);
                }
            } else if (!second) {
                put_local_get(b, 1);
            }
            put_op(b, (lw_opcode)op);
        }
        lwasm_store *s = lwasm_store_new(engine);
        lwasm_module *m;
        lwasm_instance *inst = instantiate(engine, s, fns, 4, true, &m);
        const uint64_t *vals;
        size_t nvals;
        values_of(type, &vals, &nvals);
        for (size_t x = 0; x < sizeof addrs / sizeof addrs[0]; x++)
            for (size_t y = 0; y < nvals; y++) {
                lwasm_val args[2] = {lwasm_val_i32((int32_t)addrs[x]), make_val(type, vals[y])};
                for (int f = 0; f < 2; f++) {
                    lwasm_val ref;
                    compare_calls(s, inst, (size_t)f, 2 + (size_t)f, args, 2, (lw_opcode)op, f ? "lkb" : "lka", &ref);
                    checks++;
                }
            }
        lwasm_store_delete(s);
        lwasm_module_delete(m);
        ops++;
    }
    assert_true(ops == 76); /* 25 for each integer type, 13 for each float type */
    assert_true(checks >= ops * 7 * 2 * 4);
    lwasm_engine_delete(engine);
}

/* A result left in acc, dropped, and a constant pushed in its place: the
 * constant is materialized into the same slot, so acc no longer holds that
 * slot's value and no R form may read it (found by fuzz/diff, seed 710123). */
static void test_acc_after_drop(void **state)
{
    (void)state;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    rawfn fns[2];
    for (int k = 0; k < 2; k++) {
        fns[k] = (rawfn){"\x7f", LWASM_I32, 0, 0, {0}};
        buf *b = &fns[k].body;
        put_local_get(b, 0);
        put_const(b, LWASM_I32, 1);
        put(b, 0x6A); /* i32.add: a + 1, in acc */
        put(b, 0x1A); /* drop */
        put_const(b, LWASM_I32, 7);
        if (k == 0) {
            put(b, 0x45); /* f0: i32.eqz 7 = 0 */
        } else {
            put_const(b, LWASM_I32, 3);
            put(b, 0x6B); /* f1: i32.sub 7 - 3 = 4 */
        }
    }
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_module *m;
    lwasm_instance *inst = instantiate(engine, s, fns, 2, false, &m);
    lwasm_val args[1] = {lwasm_val_i32(-1)}, out;
    assert_null(call(s, inst, 0, args, 1, &out));
    assert_int_equal(out.of.i32, 0);
    assert_null(call(s, inst, 1, args, 1, &out));
    assert_int_equal(out.of.i32, 4);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
}

/* ---- x[i] += a * y[i] ------------------------------------------------------ */

/* Whether function k of m was translated with internal operation iop in it. */
static bool translated_with(const lwasm_module *m, size_t k, unsigned iop)
{
    const lw_compiled *c = m->codes[k].compiled;
    lw_word want = lw_handler_word(lw_interp_handlers(), iop);
    if (!want.u) /* no handler in this build */
        return false;
    for (uint32_t i = 0; c && c->code && i < c->ncode; i++)
        if (c->code[i].u == want.u)
            return true;
    return false;
}

/* The element's address: x itself (a plain load), or x + 8 kept in local 3
 * through a local.tee (an LDKW); the other operand's: y, or y + 8 (an LDK
 * the multiply takes in as LKB). The reference has an empty block before
 * its store, which no fused form spans. */
static void put_axpy(buf *b, uint8_t ty, bool keep, bool summed, uint32_t ox, uint32_t oy, bool reference)
{
    lw_opcode load = full_width(ty, false);
    put_local_get(b, 0);
    if (keep) {
        put_const(b, LWASM_I32, 8);
        put(b, 0x6A);
        put(b, 0x22); /* local.tee 3 */
        put(b, 3);
        put_local_get(b, 3);
    } else {
        put_local_get(b, 0);
    }
    put_memarg(b, load, ox);
    put_local_get(b, 2);
    put_local_get(b, 1);
    if (summed) {
        put_const(b, LWASM_I32, 8);
        put(b, 0x6A);
    }
    put_memarg(b, load, oy);
    put_op(b, ty == LWASM_F64 ? LW_OP_F64_MUL : LW_OP_F32_MUL);
    put_op(b, ty == LWASM_F64 ? LW_OP_F64_ADD : LW_OP_F32_ADD);
    if (reference)
        put_bytes(b, "\x02\x40\x0b", 3);
    put_memarg(b, full_width(ty, true), ox);
    put_local_get(b, keep ? 3 : 0); /* the element read back through the kept sum */
    put_memarg(b, load, ox);
}

/* Every shape against its reference, at addresses and offsets whose sums
 * reach the end of memory or wrap, the two elements apart or the same: the
 * same result, memory, trap and trap location (the function offset of the
 * load that faults first). */
static void test_fused_axpy_on(lwasm_engine *engine)
{
    static const uint32_t addrs[] = {0, 8, 16, 65520, 65528, 65532, 65536, 0xFFFFFFF8};
    static const uint32_t offsets[] = {0, 8, 65528};
    size_t checks = 0, traps = 0, expected = 0;
    uint8_t *before = malloc(65536), *after = malloc(65536);
    assert_non_null(before);
    assert_non_null(after);
    for (int f64 = 0; f64 < 2; f64++) {
        uint8_t ty = f64 ? LWASM_F64 : LWASM_F32;
        unsigned width = f64 ? 8 : 4;
        const uint64_t *vals;
        size_t nv;
        values_of(ty, &vals, &nv);
        expected += 3 * 8 * 8 * ((nv + 2) / 3) * 4;
        for (size_t oi = 0; oi < 3; oi++) {
            rawfn fns[8];
            for (int k = 0; k < 8; k++) { /* even: reference; shape k / 2: keep, summed */
                fns[k] = (rawfn){{(char)LWASM_I32, (char)LWASM_I32, (char)ty, 0}, ty, 1, LWASM_I32, {0}};
                put_axpy(&fns[k].body, ty, k & 4, k & 2, offsets[oi], offsets[2 - oi], !(k & 1));
            }
            lwasm_store *s = lwasm_store_new(engine);
            lwasm_module *m;
            lwasm_instance *inst = instantiate(engine, s, fns, 8, true, &m);
            uint8_t *mem = memory_of(inst);
            for (size_t i = 0; i < 65536; i++)
                before[i] = (uint8_t)(i * 7 + (i >> 8) * 3);
            for (size_t xi = 0; xi < sizeof addrs / sizeof *addrs; xi++)
                for (size_t yi = 0; yi < sizeof addrs / sizeof *addrs; yi++)
                    for (size_t a = 0; a < nv; a += 3) {
                        lwasm_val args[3] = {lwasm_val_i32((int32_t)addrs[xi]), lwasm_val_i32((int32_t)addrs[yi]),
                                             make_val(ty, vals[a])};
                        for (size_t k = 0; k < 8; k += 2) {
                            lwasm_val ref, got;
                            memcpy(mem, before, 65536);
                            lwasm_error *ref_err = call(s, inst, k, args, 3, &ref);
                            memcpy(after, mem, 65536);
                            memcpy(mem, before, 65536);
                            lwasm_error *got_err = call(s, inst, k + 1, args, 3, &got);
                            check_same(f64 ? LW_OP_F64_ADD : LW_OP_F32_ADD, "axpy", ref_err, &ref, got_err, &got, false);
                            /* The element may differ in a NaN's payload, which check_same allows. */
                            uint64_t ea = (uint64_t)(uint32_t)(addrs[xi] + (k & 4 ? 8 : 0)) + offsets[oi];
                            for (size_t i = 0; i < 65536; i++)
                                if (mem[i] != after[i] && (ref_err || i < ea || i >= ea + width))
                                    fail_msg("axpy %zu: memory differs at %zu", k, i);
                            if (ref_err) {
                                size_t ref_at = 0, got_at = 0, unused;
                                assert_true(lwasm_error_frame_offset(ref_err, 0, &unused, &ref_at));
                                assert_true(lwasm_error_frame_offset(got_err, 0, &unused, &got_at));
                                assert_int_equal(got_at, ref_at);
                                traps++;
                            }
                            lwasm_error_delete(ref_err);
                            lwasm_error_delete(got_err);
                            checks++;
                        }
                    }
            /* Where loads test their bounds themselves (guard pages, and an
             * engine that asks for explicit checks), no fused access is made. */
            bool checked = translated_with(m, 0, LW_I_C_BASE_ + full_width(ty, false));
            unsigned axpy = f64 ? LW_I_F64_AXPY : LW_I_F32_AXPY;
            for (size_t k = 0; k < 8; k++)
                if (translated_with(m, k, axpy) != ((k & 1) && !checked))
                    fail_msg("function %zu: AXPY %s", k, k & 1 ? "missing" : "in the reference");
            lwasm_store_delete(s);
            lwasm_module_delete(m);
        }
    }
    assert_true(checks == expected);
    assert_true(traps > checks / 4 && traps < checks);
    free(before);
    free(after);
}

static void test_fused_axpy(void **state)
{
    (void)state;
    on_both_bounds_modes(test_fused_axpy_on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fused_form),
        cmocka_unit_test(test_fused_loads),
        cmocka_unit_test(test_fused_stores),
        cmocka_unit_test(test_fused_multiply_add),
        cmocka_unit_test(test_fused_moves),
        cmocka_unit_test(test_fused_add_pairs),
        cmocka_unit_test(test_acc_after_drop),
        cmocka_unit_test(test_fused_shift_combine),
        cmocka_unit_test(test_zero_init),
        cmocka_unit_test(test_fused_load_operand),
        cmocka_unit_test(test_fused_move_runs),
        cmocka_unit_test(test_const_address),
        cmocka_unit_test(test_fused_op_store),
        cmocka_unit_test(test_fused_madd_store),
        cmocka_unit_test(test_fused_axpy),
        cmocka_unit_test(test_select_operands),
        cmocka_unit_test(test_load_switch),
        cmocka_unit_test(test_fused_add_chains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
