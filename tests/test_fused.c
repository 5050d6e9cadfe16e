/* test_fused.c — every superinstruction (constant operands, compare-and-branch, results into locals) against the plain operation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"
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
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
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

enum form { F_REF, F_K, F_BT, F_BF, F_BTK, F_BFK, F_SET };

typedef struct fn {
    enum form form;
    uint64_t k;
} fn;

/* op(local 0, local 1 or the constant k), or op(local 0). */
static void put_compute(buf *b, lw_opcode op, bool with_k, uint64_t k)
{
    const lw_opinfo *i = &lw_opinfo_table[op];
    put(b, 0x20); /* local.get 0 */
    put(b, 0);
    if (i->nparams == 2) {
        if (with_k) {
            put_const(b, i->params[1], k);
        } else {
            put(b, 0x20);
            put(b, 1);
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
        put_compute(b, op, with_k, f->k);
        break;
    case F_SET:
        put_compute(b, op, false, 0);
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
        put_compute(b, op, with_k, f->k);
        put(b, 0x0D); /* br_if 0 */
        put(b, 0);
        put(b, 0x1A); /* drop */
        put(b, 0x41); /* i32.const 0 */
        put(b, 0);
        put(b, 0x0B);
        break;
    case F_BF:
    case F_BFK:
        put_compute(b, op, with_k, f->k);
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
    /* types: 0 = (p1 [p2]) -> r, 1 = (p1) -> r, 2 = (p1 [p2]) -> i32, 3 = (p1) -> i32 */
    put_u(&sec, 4);
    for (int t = 0; t < 4; t++) {
        bool two = binary && (t == 0 || t == 2);
        put(&sec, 0x60);
        put_u(&sec, two ? 2 : 1);
        put(&sec, i->params[0]);
        if (two)
            put(&sec, i->params[1]);
        put_u(&sec, 1);
        put(&sec, t < 2 ? i->result : LWASM_I32);
    }
    put_section(&m, 1, &sec);
    sec.n = 0;
    put_u(&sec, nfns);
    for (size_t k = 0; k < nfns; k++) {
        enum form f = fns[k].form;
        unsigned type = f == F_REF || f == F_SET ? 0 : f == F_K ? 1 : f == F_BT || f == F_BF ? 2 : 3;
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
    uint64_t want = val_bits(ref), have = val_bits(got);
    if (as_bool)
        want = want != 0;
    if (want != have)
        fail_msg("%s %s: %#llx, expected %#llx", text, what, (unsigned long long)have, (unsigned long long)want);
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

    fn fns[64];
    size_t nfns = 0;
    fns[nfns++] = (fn){F_REF, 0};
    fns[nfns++] = (fn){F_SET, 0};
    if (branch) {
        fns[nfns++] = (fn){F_BT, 0};
        fns[nfns++] = (fn){F_BF, 0};
    }
    if (binary) {
        for (size_t j = 0; j < nb; j++) {
            fns[nfns++] = (fn){F_K, bvals[j]};
            if (branch) {
                fns[nfns++] = (fn){F_BTK, bvals[j]};
                fns[nfns++] = (fn){F_BFK, bvals[j]};
            }
        }
    }
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
                lwasm_error *got_err = call(s, inst, k, args, with_k ? 1 : nargs, &got);
                bool as_bool = f->form != F_REF && f->form != F_K && f->form != F_SET;
                static const char *names[] = {"ref", "k", "bt", "bf", "btk", "bfk", "set"};
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fused_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
