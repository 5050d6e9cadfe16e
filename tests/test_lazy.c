/* test_lazy.c — functions translated at their first call: only what runs, once, from any thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compiled.h"
#include "libwasm.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NFUNCS functions f<i>(x) = (x * (i + 1)) + i, each calling the next one
 * through a chain only when x is negative (so most calls reach one body),
 * exported as f0, f1, ... */
enum { NFUNCS = 64 };

static void put(uint8_t **p, uint8_t b) { *(*p)++ = b; }
static void put_u(uint8_t **p, uint32_t v)
{
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        put(p, (uint8_t)(b | (v ? 0x80 : 0)));
    } while (v);
}

/* i32.const takes a signed LEB128 */
static void put_s(uint8_t **p, int32_t v)
{
    for (;;) {
        uint8_t b = (uint8_t)(v & 0x7F);
        v /= 128; /* only non-negative values here */
        if (v == 0 && !(b & 0x40)) {
            put(p, b);
            return;
        }
        put(p, b | 0x80);
    }
}

static size_t build(uint8_t *out)
{
    uint8_t *p = out;
    static const uint8_t head[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7F, 1, 0x7F};
    memcpy(p, head, sizeof head);
    p += sizeof head;
    put(&p, 3); /* functions: all of type 0 */
    put_u(&p, 1 + NFUNCS);
    put_u(&p, NFUNCS);
    for (int i = 0; i < NFUNCS; i++)
        put(&p, 0);
    uint8_t exports[NFUNCS * 8], *e = exports;
    put_u(&e, NFUNCS);
    for (int i = 0; i < NFUNCS; i++) {
        char name[8];
        int n = snprintf(name, sizeof name, "f%d", i);
        put_u(&e, (uint32_t)n);
        memcpy(e, name, (size_t)n);
        e += n;
        put(&e, 0);
        put_u(&e, (uint32_t)i);
    }
    put(&p, 7);
    put_u(&p, (uint32_t)(e - exports));
    memcpy(p, exports, (size_t)(e - exports));
    p += e - exports;
    uint8_t code[NFUNCS * 32], *c = code;
    put_u(&c, NFUNCS);
    for (int i = 0; i < NFUNCS; i++) {
        uint8_t body[32], *b = body;
        put(&b, 0); /* no locals */
        /* if (x < 0 && i + 1 < NFUNCS) return f<i+1>(x + 1) */
        if (i + 1 < NFUNCS) {
            static const uint8_t cond[] = {0x20, 0, 0x41, 0, 0x48, 0x04, 0x40, 0x20, 0, 0x41, 1, 0x6A, 0x10};
            memcpy(b, cond, sizeof cond);
            b += sizeof cond;
            put_u(&b, (uint32_t)i + 1);
            put(&b, 0x0F); /* return */
            put(&b, 0x0B); /* end if */
        }
        put(&b, 0x20); /* x * (i + 1) + i */
        put(&b, 0);
        put(&b, 0x41);
        put_s(&b, i + 1);
        put(&b, 0x6C);
        put(&b, 0x41);
        put_s(&b, i);
        put(&b, 0x6A);
        put(&b, 0x0B);
        put_u(&c, (uint32_t)(b - body));
        memcpy(c, body, (size_t)(b - body));
        c += b - body;
    }
    put(&p, 10);
    put_u(&p, (uint32_t)(c - code));
    memcpy(p, code, (size_t)(c - code));
    p += c - code;
    return (size_t)(p - out);
}

static int32_t expected(int i, int32_t x)
{
    while (x < 0 && i + 1 < NFUNCS) {
        x++;
        i++;
    }
    return (int32_t)((uint32_t)x * (uint32_t)(i + 1) + (uint32_t)i);
}

static lwasm_module *module(lwasm_engine *e)
{
    static uint8_t bytes[16384];
    size_t len = build(bytes);
    lwasm_module *m = NULL;
    lwasm_error *err = lwasm_module_new(e, bytes, len, &m);
    if (err)
        fail_msg("%s", lwasm_error_message(err));
    return m;
}

static lwasm_error *call(lwasm_store *s, lwasm_instance *inst, int i, int32_t x, int32_t *out)
{
    char name[8];
    int n = snprintf(name, sizeof name, "f%d", i);
    lwasm_extern ex;
    if (!lwasm_instance_export(inst, name, (size_t)n, &ex))
        return lwasm_error_new_trap("no such export");
    lwasm_val a = lwasm_val_i32(x), r;
    lwasm_error *err = lwasm_func_call(s, ex.of.func, &a, 1, &r, 1);
    *out = r.of.i32;
    return err;
}

/* Nothing is translated before it is called; a call translates its callee
 * chain as it reaches it, and a second call finds the same code. */
static void test_translated_at_first_call(void **state)
{
    (void)state;
    if (getenv("LWASM_EAGER_TRANSLATION"))
        skip();
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_module *m = module(e);
    for (uint32_t i = 0; i < m->ncodes; i++) {
        assert_non_null(m->codes[i].compiled);
        assert_null(m->codes[i].compiled->code);
        assert_int_equal(m->codes[i].compiled->nparam_slots, 1);
    }
    lwasm_store *s = lwasm_store_new(e);
    lwasm_instance *inst;
    assert_null(lwasm_instance_new(s, m, NULL, 0, &inst));
    int32_t r;
    assert_null(call(s, inst, 10, 5, &r));
    assert_int_equal(r, expected(10, 5));
    for (uint32_t i = 0; i < m->ncodes; i++)
        assert_true((m->codes[i].compiled->code != NULL) == (i == 10));
    const lw_word *code10 = m->codes[10].compiled->code;
    assert_null(call(s, inst, 10, -3, &r)); /* reaches f11, f12, f13 */
    assert_int_equal(r, expected(10, -3));
    assert_ptr_equal(m->codes[10].compiled->code, code10);
    for (uint32_t i = 0; i < m->ncodes; i++)
        assert_true((m->codes[i].compiled->code != NULL) == (i >= 10 && i <= 13));
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(e);
}

typedef struct job {
    lwasm_engine *e;
    lwasm_module *m;
    int seed;
    int ok;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    lwasm_store *s = lwasm_store_new(j->e);
    lwasm_instance *inst;
    j->ok = lwasm_instance_new(s, j->m, NULL, 0, &inst) == NULL;
    for (int k = 0; k < 400 && j->ok; k++) {
        int i = (k * 7 + j->seed * 13) % NFUNCS;
        int32_t x = (k % 5) - 3, r = 0;
        lwasm_error *err = call(s, inst, i, x, &r);
        j->ok = err == NULL && r == expected(i, x);
        lwasm_error_delete(err);
    }
    lwasm_store_delete(s);
    return NULL;
}

/* Threads sharing one module race to first calls of the same functions. */
static void test_threads_share_translations(void **state)
{
    (void)state;
    lwasm_engine *e = lwasm_engine_new(NULL);
    lwasm_module *m = module(e);
    pthread_t th[6];
    job jobs[6];
    for (int i = 0; i < 6; i++) {
        jobs[i] = (job){e, m, i % 2, 0};
        assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 6; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(jobs[i].ok);
    }
    lwasm_module_delete(m);
    lwasm_engine_delete(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translated_at_first_call),
        cmocka_unit_test(test_threads_share_translations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
