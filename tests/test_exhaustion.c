/* test_exhaustion.c — hostile resource requests end as clean errors or traps with bounded peak RSS, never as crashes. */
#include "libwasm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cmocka.h>

/*
 * Modules are assembled here byte by byte: most are malformed on purpose,
 * or too large to spell out. Peak RSS is read with getrusage before and
 * after each hostile step; ru_maxrss only ever rises, so the difference
 * bounds how far that step pushed the peak. The bounds are generous (the
 * sanitizers' own overhead counts too) yet far below what the naive
 * allocation each request asks for would take.
 */

#define MIB (1024L * 1024L)

static long peak_rss_bytes(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss * 1024L; /* Linux reports KiB */
}

/* Fails unless the peak RSS rose by less than `limit` bytes since `before`; prints the rise. */
static void assert_peak_rise_below(long before, long limit, const char *what)
{
    long rise = peak_rss_bytes() - before;
    print_message("  %s: peak RSS rose %ld KiB (bound %ld MiB)\n", what, rise / 1024, limit / MIB);
    assert_true(rise < limit);
}

/* ---- a growable byte buffer with the binary format's encodings ----------- */

typedef struct buf {
    uint8_t *p;
    size_t len, cap;
} buf;

static void put(buf *b, const void *bytes, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->len, bytes, n);
    b->len += n;
}

static void u8(buf *b, uint8_t v) { put(b, &v, 1); }

static void leb(buf *b, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        u8(b, byte | (v ? 0x80 : 0));
    } while (v);
}

static void name(buf *b, const char *s)
{
    leb(b, (uint32_t)strlen(s));
    put(b, s, strlen(s));
}

static void header(buf *b) { put(b, "\0asm\1\0\0\0", 8); }

/* Appends section `id` whose content is `c` (freed). */
static void section(buf *b, uint8_t id, buf *c)
{
    u8(b, id);
    leb(b, (uint32_t)c->len);
    put(b, c->p, c->len);
    free(c->p);
    *c = (buf){0};
}

/* A type section of one type: params, then results, each a string of value-type bytes. */
static void type_section(buf *b, const char *params, const char *results)
{
    buf c = {0};
    leb(&c, 1);
    u8(&c, 0x60);
    leb(&c, (uint32_t)strlen(params));
    put(&c, params, strlen(params));
    leb(&c, (uint32_t)strlen(results));
    put(&c, results, strlen(results));
    section(b, 1, &c);
}

static void one_func_section(buf *b)
{
    buf c = {0};
    leb(&c, 1);
    leb(&c, 0);
    section(b, 3, &c);
}

static void export_func0(buf *b, const char *nm)
{
    buf c = {0};
    leb(&c, 1);
    name(&c, nm);
    u8(&c, 0x00);
    leb(&c, 0);
    section(b, 7, &c);
}

/* A code section of one body: `nlocal_i32` i32 locals, then the instructions in `code` (end appended). */
static void code_section(buf *b, uint32_t nlocal_i32, const buf *code)
{
    buf body = {0};
    if (nlocal_i32) {
        leb(&body, 1);
        leb(&body, nlocal_i32);
        u8(&body, 0x7F);
    } else {
        leb(&body, 0);
    }
    put(&body, code->p, code->len);
    u8(&body, 0x0B);
    buf c = {0};
    leb(&c, 1);
    leb(&c, (uint32_t)body.len);
    put(&c, body.p, body.len);
    free(body.p);
    section(b, 10, &c);
}

/* ---- helpers around the API ------------------------------------------------ */

typedef struct loaded {
    lwasm_engine *engine;
    lwasm_module *module;
    lwasm_store *store;
    lwasm_instance *instance;
} loaded;

/* Loads and instantiates (no imports); fails the test on any error. */
static loaded load(const buf *b, const lwasm_config *config)
{
    loaded l = {0};
    l.engine = lwasm_engine_new(config);
    assert_non_null(l.engine);
    lwasm_error *e = lwasm_module_new(l.engine, b->p, b->len, &l.module);
    if (e)
        fail_msg("module_new: %s", lwasm_error_message(e));
    l.store = lwasm_store_new(l.engine);
    assert_non_null(l.store);
    e = lwasm_instance_new(l.store, l.module, NULL, 0, &l.instance);
    if (e)
        fail_msg("instance_new: %s", lwasm_error_message(e));
    return l;
}

static void unload(loaded *l)
{
    lwasm_store_delete(l->store);
    lwasm_module_delete(l->module);
    lwasm_engine_delete(l->engine);
}

static lwasm_func *export_func(const loaded *l, const char *nm)
{
    lwasm_extern x;
    assert_true(lwasm_instance_export(l->instance, nm, strlen(nm), &x));
    assert_int_equal(x.kind, LWASM_EXTERN_FUNC);
    return x.of.func;
}

/* Expects loading `b` to fail with `kind` and a message containing `needle`. */
static void expect_load_error(const buf *b, lwasm_errkind kind, const char *needle)
{
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(engine, b->p, b->len, &m);
    assert_non_null(e);
    assert_null(m);
    if (lwasm_error_kind(e) != kind || !strstr(lwasm_error_message(e), needle))
        fail_msg("expected kind %d with \"%s\", got kind %d: %s", kind, needle, lwasm_error_kind(e),
                 lwasm_error_message(e));
    size_t off = lwasm_error_offset(e);
    assert_true(off == LWASM_NO_OFFSET || off <= b->len);
    lwasm_error_delete(e);
    lwasm_engine_delete(engine);
}

static void expect_trap(lwasm_error *e, lwasm_trapkind trap)
{
    assert_non_null(e);
    if (lwasm_error_kind(e) != LWASM_ERR_TRAP || lwasm_error_trap(e) != trap)
        fail_msg("expected trap %d, got kind %d trap %d: %s", trap, lwasm_error_kind(e), lwasm_error_trap(e),
                 lwasm_error_message(e));
    lwasm_error_delete(e);
}

/* ---- call stack ------------------------------------------------------------ */

/* (func (export "f") (call 0)): unbounded recursion, twice on one store. */
static void test_unbounded_recursion_traps(void **state)
{
    (void)state;
    buf b = {0}, code = {0};
    header(&b);
    type_section(&b, "", "");
    one_func_section(&b);
    export_func0(&b, "f");
    u8(&code, 0x10);
    leb(&code, 0);
    code_section(&b, 0, &code);
    free(code.p);

    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    lwasm_func *f = export_func(&l, "f");
    for (int round = 0; round < 2; round++) {
        lwasm_error *e = lwasm_func_call(l.store, f, NULL, 0, NULL, 0);
        assert_non_null(e);
        /* The backtrace of 20,000 frames is kept short. */
        assert_true(lwasm_error_frame_count(e) >= 1);
        expect_trap(e, LWASM_TRAP_STACK_EXHAUSTED);
    }
    unload(&l);
    assert_peak_rise_below(before, 64 * MIB, "unbounded_recursion_traps");
    free(b.p);
}

/* A function with 50,000 locals recursing: the value stack runs out long before the frame limit. */
static void test_large_frames_exhaust_value_stack(void **state)
{
    (void)state;
    buf b = {0}, code = {0};
    header(&b);
    type_section(&b, "", "");
    one_func_section(&b);
    export_func0(&b, "f");
    u8(&code, 0x10);
    leb(&code, 0);
    code_section(&b, 50000, &code);
    free(code.p);

    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    expect_trap(lwasm_func_call(l.store, export_func(&l, "f"), NULL, 0, NULL, 0), LWASM_TRAP_STACK_EXHAUSTED);
    unload(&l);
    /* The default value stack is 8 MiB; nothing beyond it may be touched. */
    assert_peak_rise_below(before, 96 * MIB, "large_frames_exhaust_value_stack");
    free(b.p);
}

/* Host -> wasm -> host -> ... re-entry: each level nests a C activation, so it must be cut short. */
static lwasm_error *reenter(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                            lwasm_val *results, size_t nresults)
{
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    unsigned *depth = env;
    ++*depth;
    lwasm_extern x;
    if (!lwasm_caller_export(caller, "f", &x))
        return lwasm_error_new_trap("export f missing");
    return lwasm_func_call(lwasm_caller_store(caller), x.of.func, NULL, 0, NULL, 0);
}

static void test_host_reentry_is_bounded(void **state)
{
    (void)state;
    /* (import "env" "h" (func)) (func (export "f") (call 0)) */
    buf b = {0}, c = {0}, code = {0};
    header(&b);
    type_section(&b, "", "");
    leb(&c, 1);
    name(&c, "env");
    name(&c, "h");
    u8(&c, 0x00);
    leb(&c, 0);
    section(&b, 2, &c);
    one_func_section(&b);
    leb(&c, 1);
    name(&c, "f");
    u8(&c, 0x00);
    leb(&c, 1);
    section(&b, 7, &c);
    u8(&code, 0x10);
    leb(&code, 0);
    code_section(&b, 0, &code);
    free(code.p);

    long before = peak_rss_bytes();
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_module *m = NULL;
    assert_null(lwasm_module_new(engine, b.p, b.len, &m));
    lwasm_store *s = lwasm_store_new(engine);
    unsigned depth = 0;
    lwasm_functype ft = {0, 0, NULL, NULL};
    lwasm_extern imp = {.kind = LWASM_EXTERN_FUNC};
    imp.of.func = lwasm_func_new(s, &ft, reenter, &depth, NULL);
    lwasm_instance *inst = NULL;
    assert_null(lwasm_instance_new(s, m, &imp, 1, &inst));
    lwasm_extern f;
    assert_true(lwasm_instance_export(inst, "f", 1, &f));
    lwasm_error *e = lwasm_func_call(s, f.of.func, NULL, 0, NULL, 0);
    /* The innermost refusal travels out through every host level as their own error. */
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_TRAP);
    lwasm_error_delete(e);
    assert_true(depth >= 10 && depth <= 10000);
    /* Afterwards the store works again from the top. */
    depth = 0;
    e = lwasm_func_call(s, f.of.func, NULL, 0, NULL, 0);
    assert_non_null(e);
    lwasm_error_delete(e);
    assert_true(depth >= 10);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
    assert_peak_rise_below(before, 64 * MIB, "host_reentry_is_bounded");
    free(b.p);
}

/* ---- memories and tables --------------------------------------------------- */

/* (memory 1) (table 1 funcref) (func (export "mem") (param i32) (result i32) (memory.grow (local.get 0)))
 * and "tab" likewise with table.grow (ref.null func). */
static buf grow_module(void)
{
    buf b = {0}, c = {0}, code = {0};
    header(&b);
    type_section(&b, "\x7F", "\x7F");
    leb(&c, 2);
    leb(&c, 0);
    leb(&c, 0);
    section(&b, 3, &c);
    leb(&c, 1); /* table 0: funcref, min 1 */
    u8(&c, 0x70);
    u8(&c, 0x00);
    leb(&c, 1);
    section(&b, 4, &c);
    leb(&c, 1); /* memory 0: min 1 */
    u8(&c, 0x00);
    leb(&c, 1);
    section(&b, 5, &c);
    leb(&c, 2);
    name(&c, "mem");
    u8(&c, 0x00);
    leb(&c, 0);
    name(&c, "tab");
    u8(&c, 0x00);
    leb(&c, 1);
    section(&b, 7, &c);
    buf bodies = {0};
    leb(&bodies, 2);
    /* memory.grow */
    leb(&code, 0);
    put(&code, "\x20\x00\x40\x00\x0B", 5);
    leb(&bodies, (uint32_t)code.len);
    put(&bodies, code.p, code.len);
    code.len = 0;
    /* table.grow 0 (ref.null func) (local.get 0) */
    leb(&code, 0);
    put(&code, "\xD0\x70\x20\x00\xFC\x0F\x00\x0B", 8);
    leb(&bodies, (uint32_t)code.len);
    put(&bodies, code.p, code.len);
    free(code.p);
    section(&b, 10, &bodies);
    return b;
}

static int32_t call_i32(const loaded *l, const char *nm, int32_t arg)
{
    lwasm_val a = lwasm_val_i32(arg), r;
    lwasm_error *e = lwasm_func_call(l->store, export_func(l, nm), &a, 1, &r, 1);
    if (e)
        fail_msg("%s(%d): %s", nm, arg, lwasm_error_message(e));
    assert_int_equal(r.kind, LWASM_I32);
    return r.of.i32;
}

static void test_memory_grow_huge_fails_cleanly(void **state)
{
    (void)state;
    buf b = grow_module();
    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    assert_int_equal(call_i32(&l, "mem", -1), -1);
    assert_int_equal(call_i32(&l, "mem", 65536), -1);
    assert_int_equal(call_i32(&l, "mem", INT32_MIN), -1);
    /* A modest grow still works afterwards, and the size is as before it. */
    assert_int_equal(call_i32(&l, "mem", 1), 1);
    assert_int_equal(call_i32(&l, "mem", 0), 2);
    unload(&l);

    /* The engine's page limit caps growth far below the type's. */
    lwasm_config c;
    lwasm_config_init(&c);
    c.max_memory_pages = 4;
    l = load(&b, &c);
    assert_int_equal(call_i32(&l, "mem", 3), 1);
    assert_int_equal(call_i32(&l, "mem", 1), -1);
    unload(&l);
    assert_peak_rise_below(before, 32 * MIB, "memory_grow_huge_fails_cleanly");
    free(b.p);
}

static void test_table_grow_huge_fails_cleanly(void **state)
{
    (void)state;
    buf b = grow_module();
    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    assert_int_equal(call_i32(&l, "tab", -1), -1);
    assert_int_equal(call_i32(&l, "tab", INT32_MAX), -1);
    assert_int_equal(call_i32(&l, "tab", 100000000), -1);
    assert_int_equal(call_i32(&l, "tab", 10), 1);
    assert_int_equal(call_i32(&l, "tab", 0), 11);
    unload(&l);
    assert_peak_rise_below(before, 32 * MIB, "table_grow_huge_fails_cleanly");

    /* The API refuses the same without allocating. */
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_tabletype tt = {LWASM_FUNCREF, {0, 0, false}};
    lwasm_table *t = NULL;
    assert_null(lwasm_table_new(s, &tt, NULL, &t));
    uint32_t old = 7;
    lwasm_error *e = lwasm_table_grow(t, UINT32_MAX, NULL, &old);
    assert_non_null(e);
    lwasm_error_delete(e);
    assert_int_equal(lwasm_table_size(t), 0);
    lwasm_store_delete(s);
    lwasm_engine_delete(engine);
    assert_peak_rise_below(before, 32 * MIB, "table_grow_huge_fails_cleanly");
    free(b.p);
}

/* Declared minimums beyond what the host grants: refused at instantiation, nothing allocated. */
static void test_huge_declared_memory_and_table(void **state)
{
    (void)state;
    long before = peak_rss_bytes();
    lwasm_config c;
    lwasm_config_init(&c);
    c.max_memory_pages = 16;
    for (int which = 0; which < 2; which++) {
        buf b = {0}, s = {0};
        header(&b);
        leb(&s, 1);
        if (which == 0) { /* (memory 65536) */
            u8(&s, 0x00);
            leb(&s, 65536);
            section(&b, 5, &s);
        } else { /* (table 0xFFFFFFFF funcref) */
            u8(&s, 0x70);
            u8(&s, 0x00);
            leb(&s, UINT32_MAX);
            section(&b, 4, &s);
        }
        lwasm_engine *engine = lwasm_engine_new(&c);
        lwasm_module *m = NULL;
        assert_null(lwasm_module_new(engine, b.p, b.len, &m));
        lwasm_store *store = lwasm_store_new(engine);
        lwasm_instance *inst = NULL;
        lwasm_error *e = lwasm_instance_new(store, m, NULL, 0, &inst);
        assert_non_null(e);
        lwasm_errkind k = lwasm_error_kind(e);
        assert_true(k == LWASM_ERR_LIMIT || k == LWASM_ERR_NOMEM);
        lwasm_error_delete(e);
        lwasm_store_delete(store);
        lwasm_module_delete(m);
        lwasm_engine_delete(engine);
        free(b.p);
    }
    assert_peak_rise_below(before, 32 * MIB, "huge_declared_memory_and_table");
}

/* A few bytes declaring many tables of the largest allowed size: creating
 * them must not touch gigabytes (fuzz/regress/run/tables-10x10M.wasm). */
static void test_many_huge_tables_declared(void **state)
{
    (void)state;
    const uint32_t n = 100, elems = 10000000;
    buf b = {0}, s = {0};
    header(&b);
    leb(&s, n);
    for (uint32_t i = 0; i < n; i++) {
        u8(&s, 0x70);
        u8(&s, 0x00);
        leb(&s, elems);
    }
    section(&b, 4, &s);
    long before = peak_rss_bytes();
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_module *m = NULL;
    assert_null(lwasm_module_new(engine, b.p, b.len, &m));
    lwasm_store *store = lwasm_store_new(engine);
    lwasm_instance *inst = NULL;
    lwasm_error *e = lwasm_instance_new(store, m, NULL, 0, &inst);
    /* Refusing is fine too (a store-wide budget, or no address space left). */
    if (e) {
        lwasm_errkind k = lwasm_error_kind(e);
        assert_true(k == LWASM_ERR_LIMIT || k == LWASM_ERR_NOMEM);
        lwasm_error_delete(e);
    }
    lwasm_store_delete(store);
    lwasm_module_delete(m);
    lwasm_engine_delete(engine);
    assert_peak_rise_below(before, 64 * MIB, "many_huge_tables_declared");
    free(b.p);
}

/* 100 tables of 0 elements, and (func (export "f") (result i32)) counting how
 * many of `table.grow i (ref.null func) (i32.const 10000000)` succeed: each
 * is within the per-table cap, but the store's tables together are held to
 * 40 million elements, so exactly four do. */
static void test_table_growth_has_a_store_budget(void **state)
{
    (void)state;
    const uint32_t n = 100;
    buf b = {0}, s = {0}, code = {0};
    header(&b);
    type_section(&b, "", "\x7F");
    one_func_section(&b);
    leb(&s, n);
    for (uint32_t i = 0; i < n; i++)
        put(&s, "\x70\x00\x00", 3);
    section(&b, 4, &s);
    export_func0(&b, "f");
    put(&code, "\x41\x00", 2);
    for (uint32_t i = 0; i < n; i++) {
        put(&code, "\xD0\x70\x41", 3);
        leb(&code, 10000000); /* its unsigned LEB is also its signed one (bit 6 of the last byte clear) */
        put(&code, "\xFC\x0F", 2);
        leb(&code, i);
        put(&code, "\x41\x7F\x47\x6A", 4); /* i32.const -1, i32.ne, i32.add */
    }
    code_section(&b, 0, &code);
    free(code.p);

    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    lwasm_val r;
    lwasm_error *e = lwasm_func_call(l.store, export_func(&l, "f"), NULL, 0, &r, 1);
    if (e)
        fail_msg("%s", lwasm_error_message(e));
    assert_int_equal(r.of.i32, 4);
    unload(&l);
    /* Null growth is lazily mapped: 320 MB granted, next to nothing touched. */
    assert_peak_rise_below(before, 64 * MIB, "table_growth_has_a_store_budget");
    free(b.p);
}

/* ---- hostile counts and sizes at load time ---------------------------------- */

static void test_huge_counts_are_malformed(void **state)
{
    (void)state;
    long before = peak_rss_bytes();
    buf b = {0}, c = {0};

    /* A function section declaring 2^32-1 functions in 5 bytes. */
    header(&b);
    type_section(&b, "", "");
    leb(&c, UINT32_MAX);
    section(&b, 3, &c);
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* 2^31 types. */
    header(&b);
    leb(&c, 0x7FFFFFFF);
    section(&b, 1, &c);
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* Millions of imports, exports, globals, element and data segments. */
    static const uint8_t ids[] = {2, 6, 7, 9, 11};
    for (size_t i = 0; i < sizeof ids; i++) {
        header(&b);
        leb(&c, 50000000);
        section(&b, ids[i], &c);
        expect_load_error(&b, LWASM_ERR_MALFORMED, "");
        b.len = 0;
    }

    /* A data count of 2^32-1 with no data section: the counts disagree. */
    header(&b);
    leb(&c, UINT32_MAX);
    section(&b, 12, &c);
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* One function whose body declares 2^32-1 locals; then two groups overflowing 32 bits together. */
    for (int twice = 0; twice < 2; twice++) {
        header(&b);
        type_section(&b, "", "");
        one_func_section(&b);
        buf body = {0};
        leb(&body, twice ? 2 : 1);
        for (int g = 0; g <= twice; g++) {
            leb(&body, UINT32_MAX);
            u8(&body, 0x7F);
        }
        u8(&body, 0x0B);
        leb(&c, 1);
        leb(&c, (uint32_t)body.len);
        put(&c, body.p, body.len);
        free(body.p);
        section(&b, 10, &c);
        expect_load_error(&b, LWASM_ERR_MALFORMED, "too many locals");
        b.len = 0;
    }
    free(b.p);
    free(c.p);
    assert_peak_rise_below(before, 32 * MIB, "huge_counts_are_malformed");
}

static void test_enormous_sizes_are_malformed(void **state)
{
    (void)state;
    long before = peak_rss_bytes();
    buf b = {0};

    /* A section claiming 4 GiB in a 16-byte file. */
    header(&b);
    u8(&b, 0);
    leb(&b, UINT32_MAX);
    name(&b, "x");
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* A custom section whose name claims 4 GiB. */
    header(&b);
    u8(&b, 0);
    leb(&b, 6);
    leb(&b, UINT32_MAX);
    u8(&b, 'x');
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* A passive data segment of 4 GiB. */
    buf c = {0};
    header(&b);
    leb(&c, 1);
    u8(&c, 0x01);
    leb(&c, UINT32_MAX);
    u8(&c, 0xAA);
    section(&b, 11, &c);
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* A function body claiming 4 GiB. */
    header(&b);
    type_section(&b, "", "");
    one_func_section(&b);
    leb(&c, 1);
    leb(&c, UINT32_MAX);
    u8(&c, 0x00);
    u8(&c, 0x0B);
    section(&b, 10, &c);
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    b.len = 0;

    /* A br_table claiming 2^32-1 targets in a short body. */
    header(&b);
    type_section(&b, "", "");
    one_func_section(&b);
    buf code = {0};
    put(&code, "\x41\x00\x0E", 3);
    leb(&code, UINT32_MAX);
    leb(&code, 0);
    code_section(&b, 0, &code);
    free(code.p);
    expect_load_error(&b, LWASM_ERR_MALFORMED, "");
    free(b.p);
    free(c.p);
    assert_peak_rise_below(before, 32 * MIB, "enormous_sizes_are_malformed");
}

/* ---- large but legal code ---------------------------------------------------- */

/* (func (export "f") (result i32) block * n ... end * n (i32.const 7)) with n nested blocks. */
static void test_deep_block_nesting(void **state)
{
    (void)state;
    const uint32_t n = 100000;
    buf b = {0}, code = {0};
    header(&b);
    type_section(&b, "", "\x7F");
    one_func_section(&b);
    export_func0(&b, "f");
    for (uint32_t i = 0; i < n; i++)
        put(&code, "\x02\x40", 2);
    /* From the innermost block, branch out of all but the outermost. */
    u8(&code, 0x0C);
    leb(&code, n - 2);
    for (uint32_t i = 0; i < n; i++)
        u8(&code, 0x0B);
    put(&code, "\x41\x07", 2);
    code_section(&b, 0, &code);
    free(code.p);

    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    lwasm_val r;
    lwasm_error *e = lwasm_func_call(l.store, export_func(&l, "f"), NULL, 0, &r, 1);
    if (e)
        fail_msg("%s", lwasm_error_message(e));
    assert_int_equal(r.of.i32, 7);
    unload(&l);
    /* A 300 KB module: its control stacks may cost some MiB, not hundreds. */
    assert_peak_rise_below(before, 96 * MIB, "deep_block_nesting");
    free(b.p);
}

/* (func (export "f") (param i32) (result i32) block*3 ... br_table with a million targets). */
static void test_giant_br_table(void **state)
{
    (void)state;
    const uint32_t n = 1000000;
    buf b = {0}, code = {0};
    header(&b);
    type_section(&b, "\x7F", "\x7F");
    one_func_section(&b);
    export_func0(&b, "f");
    /* block $2 block $1 block $0 (br_table [0 1 2 0 1 2 ...] 1 (local.get 0)) end (return 10) end (return 11) end (i32.const 12) */
    put(&code, "\x02\x40\x02\x40\x02\x40\x20\x00\x0E", 9);
    leb(&code, n);
    for (uint32_t i = 0; i < n; i++)
        u8(&code, (uint8_t)(i % 3));
    leb(&code, 1);
    put(&code, "\x0B\x41\x0A\x0F\x0B\x41\x0B\x0F\x0B\x41\x0C", 11);
    code_section(&b, 0, &code);
    free(code.p);

    long before = peak_rss_bytes();
    loaded l = load(&b, NULL);
    static const struct {
        int32_t arg, want;
    } cases[] = {{0, 10}, {1, 11}, {2, 12}, {999999, 10}, {999998, 12}, {1000000, 11}, {-1, 11}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(call_i32(&l, "f", cases[i].arg), cases[i].want);
    unload(&l);
    /* A 1 MB table: translated it may take a few bytes per target, not more. */
    assert_peak_rise_below(before, 128 * MIB, "giant_br_table");
    free(b.p);
}

/* ---- long-running code ------------------------------------------------------ */

static void test_infinite_loop_under_fuel(void **state)
{
    (void)state;
#ifdef LWASM_HAS_FUEL
    /* (func (export "f") (loop (br 0))) */
    buf b = {0}, code = {0};
    header(&b);
    type_section(&b, "", "");
    one_func_section(&b);
    export_func0(&b, "f");
    put(&code, "\x03\x40\x0C\x00\x0B", 5);
    code_section(&b, 0, &code);
    free(code.p);
    lwasm_config c;
    lwasm_config_init(&c);
    c.consume_fuel = true;
    long before = peak_rss_bytes();
    loaded l = load(&b, &c);
    assert_null(lwasm_store_set_fuel(l.store, 1000000));
    expect_trap(lwasm_func_call(l.store, export_func(&l, "f"), NULL, 0, NULL, 0), LWASM_TRAP_OUT_OF_FUEL);
    uint64_t left = 1;
    assert_null(lwasm_store_get_fuel(l.store, &left));
    assert_true(left < 1000000);
    unload(&l);
    assert_peak_rise_below(before, 16 * MIB, "infinite_loop_under_fuel");
    free(b.p);
#else
    /* Fuel is a later issue; until libwasm.h defines LWASM_HAS_FUEL an
     * infinite loop cannot be stopped in-process, so there is nothing to test. */
    skip();
#endif
}

int main(void)
{
#ifdef M_PERTURB
    /* meson test sets MALLOC_PERTURB_, which makes glibc write every byte it
     * hands out: that would defeat the lazily mapped allocations measured here. */
    mallopt(M_PERTURB, 0);
#endif
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbounded_recursion_traps),
        cmocka_unit_test(test_large_frames_exhaust_value_stack),
        cmocka_unit_test(test_host_reentry_is_bounded),
        cmocka_unit_test(test_memory_grow_huge_fails_cleanly),
        cmocka_unit_test(test_table_grow_huge_fails_cleanly),
        cmocka_unit_test(test_huge_declared_memory_and_table),
        cmocka_unit_test(test_many_huge_tables_declared),
        cmocka_unit_test(test_table_growth_has_a_store_budget),
        cmocka_unit_test(test_huge_counts_are_malformed),
        cmocka_unit_test(test_enormous_sizes_are_malformed),
        cmocka_unit_test(test_deep_block_nesting),
        cmocka_unit_test(test_giant_br_table),
        cmocka_unit_test(test_infinite_loop_under_fuel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
