/* test_decode.c — unit tests of the binary decoder: every section kind, the module queries, malformed inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "module.h"

#define HDR 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00
/* Type section with one type () -> (), at offsets 8..13. */
#define TYPE_VOID 0x01, 0x04, 0x01, 0x60, 0x00, 0x00

static lwasm_module *decode_ok(const uint8_t *bytes, size_t len)
{
    lwasm_module *m = NULL;
    lwasm_error *e = lw_decode(bytes, len, &m);
    if (e)
        fail_msg("unexpected error: %s", lwasm_error_message(e));
    assert_non_null(m);
    return m;
}

/* Decoding must fail with `kind` at byte `offset`, the message containing `text`. */
static void expect_error(const uint8_t *bytes, size_t len, lwasm_errkind kind, size_t offset, const char *text)
{
    lwasm_module *m = (lwasm_module *)&m; /* must be reset to NULL */
    lwasm_error *e = lw_decode(bytes, len, &m);
    if (!e)
        fail_msg("decoded, expected \"%s\" at 0x%zx", text, offset);
    assert_null(m);
    if (lwasm_error_kind(e) != kind || lwasm_error_offset(e) != offset || !strstr(lwasm_error_message(e), text))
        fail_msg("expected kind %d \"%s\" at 0x%zx, got kind %d \"%s\"", (int)kind, text, offset,
                 (int)lwasm_error_kind(e), lwasm_error_message(e));
    lwasm_error_delete(e);
}

#define DECODE_OK(arr) decode_ok(arr, sizeof arr)
#define MALFORMED(arr, offset, text) expect_error(arr, sizeof arr, LWASM_ERR_MALFORMED, offset, text)

static bool declared(const lwasm_module *m, uint32_t f) { return (m->declared_funcs[f / 8] >> (f % 8)) & 1; }

static bool name_is(lwasm_name n, const char *s) { return n.len == strlen(s) && memcmp(n.data, s, n.len) == 0; }

/* ---- well-formed modules, one section kind at a time ------------------------------------------------ */

static void test_empty_module(void **state)
{
    (void)state;
    const uint8_t bin[] = {HDR};
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->size, 8);
    assert_ptr_not_equal(m->bytes, bin); /* a private copy */
    assert_memory_equal(m->bytes, bin, 8);
    assert_int_equal(m->ntypes + m->nimports + m->nfuncs + m->ntables + m->nmemories + m->nglobals, 0);
    assert_int_equal(m->nexports + m->nelems + m->ndatas + m->ncodes + m->nfunc_names, 0);
    assert_false(m->has_start);
    assert_false(m->has_data_count);
    assert_non_null(m->declared_funcs);
    assert_int_equal(lwasm_module_import_count(m), 0);
    assert_int_equal(lwasm_module_export_count(m), 0);
    lwasm_module_delete(m);
}

static void test_type_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR,
        0x01, 0x0A, 0x02,                   /* type section, 2 types */
        0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D, /* (i32 i64) -> f32 */
        0x60, 0x00, 0x00,                   /* () -> () */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->ntypes, 2);
    assert_int_equal(m->types[0].nparams, 2);
    assert_int_equal(m->types[0].params[0], LWASM_I32);
    assert_int_equal(m->types[0].params[1], LWASM_I64);
    assert_int_equal(m->types[0].nresults, 1);
    assert_int_equal(m->types[0].results[0], LWASM_F32);
    assert_int_equal(m->types[1].nparams, 0);
    assert_int_equal(m->types[1].nresults, 0);
    /* Types point into the module's own copy of the bytes. */
    assert_ptr_equal(m->types[0].params, m->bytes + 13);
    lwasm_module_delete(m);
}

static void test_type_section_malformed(void **state)
{
    (void)state;
    const uint8_t bad_form[] = {HDR, 0x01, 0x04, 0x01, 0x5F, 0x00, 0x00};
    MALFORMED(bad_form, 11, "malformed functype");
    const uint8_t leb_form[] = {HDR, 0x01, 0x05, 0x01, 0xE0, 0x7F, 0x00, 0x00};
    MALFORMED(leb_form, 11, "integer representation too long");
    const uint8_t bad_valtype[] = {HDR, 0x01, 0x06, 0x01, 0x60, 0x02, 0x7F, 0x7A, 0x00};
    MALFORMED(bad_valtype, 14, "malformed value type");
}

static void test_import_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR, TYPE_VOID,
        0x02, 0x1F, 0x04,                               /* import section (14), 4 imports */
        0x01, 'm', 0x01, 'f', 0x00, 0x00,               /* func, type 0 */
        0x01, 'm', 0x01, 't', 0x01, 0x70, 0x01, 0x01, 0x05, /* table funcref 1..5 */
        0x01, 'm', 0x02, 'm', 'e', 0x02, 0x00, 0x02,    /* memory 2.. */
        0x01, 'm', 0x01, 'g', 0x03, 0x7E, 0x01,         /* global mut i64 */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nimports, 4);
    assert_int_equal(m->nfunc_imports, 1);
    assert_int_equal(m->ntable_imports, 1);
    assert_int_equal(m->nmemory_imports, 1);
    assert_int_equal(m->nglobal_imports, 1);
    /* Index spaces hold the imported entries even without their own sections. */
    assert_int_equal(m->nfuncs, 1);
    assert_int_equal(m->func_types[0], 0);
    assert_int_equal(m->ntables, 1);
    assert_int_equal(m->tables[0].elem, LWASM_FUNCREF);
    assert_int_equal(m->tables[0].limits.min, 1);
    assert_true(m->tables[0].limits.has_max);
    assert_int_equal(m->tables[0].limits.max, 5);
    assert_int_equal(m->nmemories, 1);
    assert_int_equal(m->memories[0].limits.min, 2);
    assert_false(m->memories[0].limits.has_max);
    assert_int_equal(m->nglobals, 1);
    assert_int_equal(m->globals[0].type.type, LWASM_I64);
    assert_true(m->globals[0].type.mutable_);
    assert_int_equal(m->globals[0].init.len, 0);

    assert_int_equal(lwasm_module_import_count(m), 4);
    lwasm_name mod, name;
    lwasm_externtype t;
    assert_true(lwasm_module_import(m, 0, &mod, &name, &t));
    assert_true(name_is(mod, "m"));
    assert_true(name_is(name, "f"));
    assert_int_equal(t.kind, LWASM_EXTERN_FUNC);
    assert_ptr_equal(t.of.func, &m->types[0]);
    assert_true(lwasm_module_import(m, 1, NULL, &name, &t));
    assert_true(name_is(name, "t"));
    assert_int_equal(t.kind, LWASM_EXTERN_TABLE);
    assert_int_equal(t.of.table.limits.max, 5);
    assert_true(lwasm_module_import(m, 2, NULL, &name, &t));
    assert_true(name_is(name, "me"));
    assert_int_equal(t.kind, LWASM_EXTERN_MEMORY);
    assert_int_equal(t.of.memory.limits.min, 2);
    assert_true(lwasm_module_import(m, 3, NULL, NULL, &t));
    assert_int_equal(t.kind, LWASM_EXTERN_GLOBAL);
    assert_int_equal(t.of.global.type, LWASM_I64);
    assert_false(lwasm_module_import(m, 4, &mod, &name, &t));
    lwasm_module_delete(m);
}

static void test_import_malformed(void **state)
{
    (void)state;
    const uint8_t bad_kind[] = {HDR, 0x02, 0x05, 0x01, 0x00, 0x00, 0x04, 0x00};
    MALFORMED(bad_kind, 13, "malformed import kind");
    const uint8_t bad_mut[] = {HDR, 0x02, 0x06, 0x01, 0x00, 0x00, 0x03, 0x7F, 0x02};
    MALFORMED(bad_mut, 15, "malformed mutability");
    const uint8_t bad_limits[] = {HDR, 0x02, 0x06, 0x01, 0x00, 0x00, 0x02, 0x02, 0x00};
    MALFORMED(bad_limits, 14, "limits flag");
    const uint8_t bad_reftype[] = {HDR, 0x02, 0x07, 0x01, 0x00, 0x00, 0x01, 0x7F, 0x00, 0x00};
    MALFORMED(bad_reftype, 14, "malformed reference type");
}

static void test_function_and_code_sections(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR,
        0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00, /* () -> (), (i32) -> () */
        0x03, 0x03, 0x02, 0x01, 0x00,                               /* functions: types 1, 0 */
        0x0A, 0x0C, 0x02,                                           /* code section (23), 2 bodies */
        0x07, 0x02, 0x02, 0x7F, 0x01, 0x7E, 0x01, 0x0B,             /* (26) 2 i32, 1 i64; nop end */
        0x02, 0x00, 0x0B,                                           /* (34) no locals; end */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nfuncs, 2);
    assert_int_equal(m->func_types[0], 1);
    assert_int_equal(m->func_types[1], 0);
    assert_int_equal(m->ncodes, 2);
    const lw_code *c = &m->codes[0];
    assert_int_equal(c->type, 1);
    assert_int_equal(c->size_offset, 26);
    assert_int_equal(c->nlocals, 3);
    assert_int_equal(c->locals[0], LWASM_I32);
    assert_int_equal(c->locals[1], LWASM_I32);
    assert_int_equal(c->locals[2], LWASM_I64);
    assert_int_equal(c->body.offset, 32);
    assert_int_equal(c->body.len, 2);
    assert_ptr_equal(c->body.data, m->bytes + 32);
    assert_int_equal(c->body.data[1], 0x0B);
    assert_null(c->compiled);
    c = &m->codes[1];
    assert_int_equal(c->type, 0);
    assert_int_equal(c->nlocals, 0);
    assert_int_equal(c->body.offset, 36);
    assert_int_equal(c->body.len, 1);
    assert_ptr_equal(lw_func_type(m, 0), &m->types[1]);
    lwasm_module_delete(m);
}

static void test_table_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR,
        0x02, 0x09, 0x01, 0x01, 'm', 0x01, 't', 0x01, 0x6F, 0x00, 0x07, /* imported externref table 7.. */
        0x04, 0x08, 0x02, 0x70, 0x01, 0x00, 0x0A, 0x6F, 0x00, 0x03,     /* funcref 0..10, externref 3.. */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->ntables, 3);
    assert_int_equal(m->ntable_imports, 1);
    assert_int_equal(m->tables[0].elem, LWASM_EXTERNREF);
    assert_int_equal(m->tables[0].limits.min, 7);
    assert_int_equal(m->tables[1].elem, LWASM_FUNCREF);
    assert_true(m->tables[1].limits.has_max);
    assert_int_equal(m->tables[1].limits.max, 10);
    assert_int_equal(m->tables[2].elem, LWASM_EXTERNREF);
    assert_int_equal(m->tables[2].limits.min, 3);
    assert_false(m->tables[2].limits.has_max);
    lwasm_module_delete(m);
}

static void test_memory_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {HDR, 0x05, 0x06, 0x01, 0x01, 0x01, 0x80, 0x80, 0x04};
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nmemories, 1);
    assert_int_equal(m->memories[0].limits.min, 1);
    assert_true(m->memories[0].limits.has_max);
    assert_int_equal(m->memories[0].limits.max, 65536);
    lwasm_module_delete(m);
}

static void test_global_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR,
        0x02, 0x08, 0x01, 0x01, 'm', 0x01, 'g', 0x03, 0x7F, 0x00, /* imported i32 const */
        0x06, 0x0B, 0x02,                                         /* global section (18) */
        0x7F, 0x01, 0x41, 0x2A, 0x0B,                             /* (21) mut i32 = i32.const 42 */
        0x7F, 0x00, 0x23, 0x00, 0x0B,                             /* (26) i32 = global.get 0 */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nglobals, 3);
    assert_int_equal(m->nglobal_imports, 1);
    assert_false(m->globals[0].type.mutable_);
    assert_int_equal(m->globals[0].init.len, 0);
    assert_true(m->globals[1].type.mutable_);
    assert_int_equal(m->globals[1].type.type, LWASM_I32);
    assert_int_equal(m->globals[1].init.offset, 23);
    assert_int_equal(m->globals[1].init.len, 3);
    assert_ptr_equal(m->globals[1].init.data, m->bytes + 23);
    assert_int_equal(m->globals[1].init.data[2], 0x0B);
    assert_false(m->globals[2].type.mutable_);
    assert_int_equal(m->globals[2].init.offset, 28);
    assert_int_equal(m->globals[2].init.len, 3);
    lwasm_module_delete(m);
}

static void test_global_init_malformed(void **state)
{
    (void)state;
    /* The expression runs past its section: no end. */
    const uint8_t no_end[] = {HDR, 0x06, 0x04, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B};
    MALFORMED(no_end, 14, "unexpected end");
    /* Instructions in a constant expression are decoded, not just skipped. */
    const uint8_t bad_op[] = {HDR, 0x06, 0x05, 0x01, 0x7F, 0x00, 0xFF, 0x0B};
    MALFORMED(bad_op, 13, "illegal opcode");
    /* A nested block is kept whole for the validator to refuse. */
    const uint8_t nested[] = {HDR, 0x06, 0x09, 0x01, 0x7F, 0x00, 0x02, 0x7F, 0x41, 0x01, 0x0B, 0x0B};
    lwasm_module *m = DECODE_OK(nested);
    assert_int_equal(m->globals[0].init.len, 6);
    lwasm_module_delete(m);
}

static void test_export_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR, TYPE_VOID,
        0x03, 0x02, 0x01, 0x00,             /* one function */
        0x05, 0x03, 0x01, 0x00, 0x01,       /* memory 1.. */
        0x07, 0x0D, 0x02,                   /* export section (23) */
        0x03, 'r', 'u', 'n', 0x00, 0x00,    /* (26) func 0 */
        0x03, 'm', 'e', 'm', 0x02, 0x00,    /* (32) memory 0 */
        0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B, /* code */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nexports, 2);
    assert_true(name_is(m->exports[0].name, "run"));
    assert_int_equal(m->exports[0].kind, LWASM_EXTERN_FUNC);
    assert_int_equal(m->exports[0].index, 0);
    assert_true(declared(m, 0));
    assert_int_equal(lwasm_module_export_count(m), 2);
    lwasm_name name;
    lwasm_externtype t;
    assert_true(lwasm_module_export(m, 0, &name, &t));
    assert_true(name_is(name, "run"));
    assert_int_equal(t.kind, LWASM_EXTERN_FUNC);
    assert_ptr_equal(t.of.func, &m->types[0]);
    assert_true(lwasm_module_export(m, 1, &name, &t));
    assert_true(name_is(name, "mem"));
    assert_int_equal(t.kind, LWASM_EXTERN_MEMORY);
    assert_int_equal(t.of.memory.limits.min, 1);
    assert_false(lwasm_module_export(m, 2, &name, &t));
    lwasm_module_delete(m);

    const uint8_t bad_kind[] = {HDR, 0x07, 0x05, 0x01, 0x01, 'x', 0x04, 0x00};
    MALFORMED(bad_kind, 13, "malformed export kind");
}

static void test_start_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    lwasm_module *m = DECODE_OK(bin);
    assert_true(m->has_start);
    assert_int_equal(m->start, 0);
    lwasm_module_delete(m);
}

static void test_element_section_all_forms(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR, TYPE_VOID,
        0x03, 0x03, 0x02, 0x00, 0x00,                         /* two functions */
        0x04, 0x04, 0x01, 0x70, 0x00, 0x00,                   /* table funcref 0.. */
        0x09, 0x39, 0x08,                                     /* element section (25), 8 segments */
        0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,                   /* (28) 0: active, offset, funcs [0] */
        0x01, 0x00, 0x01, 0x01,                               /* (34) 1: passive, elemkind, funcs [1] */
        0x02, 0x00, 0x41, 0x01, 0x0B, 0x00, 0x01, 0x00,       /* (38) 2: table 0, offset, elemkind, [0] */
        0x03, 0x00, 0x02, 0x00, 0x01,                         /* (46) 3: declarative, elemkind, [0 1] */
        0x04, 0x41, 0x02, 0x0B, 0x01, 0xD2, 0x01, 0x0B,       /* (51) 4: active, offset, [ref.func 1] */
        0x05, 0x70, 0x02, 0xD0, 0x70, 0x0B, 0xD2, 0x00, 0x0B, /* (59) 5: passive funcref, 2 exprs */
        0x06, 0x00, 0x41, 0x03, 0x0B, 0x6F, 0x01, 0xD0, 0x6F, 0x0B, /* (68) 6: table 0, externref */
        0x07, 0x70, 0x01, 0xD2, 0x01, 0x0B,                   /* (78) 7: declarative, [ref.func 1] */
        0x0A, 0x07, 0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B, /* code */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nelems, 8);
    const lw_elem *e = m->elems;

    assert_int_equal(e[0].mode, LW_SEG_ACTIVE);
    assert_int_equal(e[0].table, 0);
    assert_int_equal(e[0].type, LWASM_FUNCREF);
    assert_int_equal(e[0].offset.offset, 29);
    assert_int_equal(e[0].offset.len, 3);
    assert_int_equal(e[0].count, 1);
    assert_non_null(e[0].funcs);
    assert_null(e[0].exprs);
    assert_int_equal(e[0].funcs[0], 0);
    assert_int_equal(e[0].offset_in_binary, 28);

    assert_int_equal(e[1].mode, LW_SEG_PASSIVE);
    assert_int_equal(e[1].count, 1);
    assert_int_equal(e[1].funcs[0], 1);
    assert_int_equal(e[1].offset.len, 0);

    assert_int_equal(e[2].mode, LW_SEG_ACTIVE);
    assert_int_equal(e[2].offset.offset, 40);
    assert_int_equal(e[2].funcs[0], 0);

    assert_int_equal(e[3].mode, LW_SEG_DECLARATIVE);
    assert_int_equal(e[3].count, 2);
    assert_int_equal(e[3].funcs[0], 0);
    assert_int_equal(e[3].funcs[1], 1);

    assert_int_equal(e[4].mode, LW_SEG_ACTIVE);
    assert_int_equal(e[4].type, LWASM_FUNCREF);
    assert_int_equal(e[4].offset.offset, 52);
    assert_null(e[4].funcs);
    assert_non_null(e[4].exprs);
    assert_int_equal(e[4].count, 1);
    assert_int_equal(e[4].exprs[0].offset, 56);
    assert_int_equal(e[4].exprs[0].len, 3);

    assert_int_equal(e[5].mode, LW_SEG_PASSIVE);
    assert_int_equal(e[5].type, LWASM_FUNCREF);
    assert_int_equal(e[5].count, 2);
    assert_int_equal(e[5].exprs[0].offset, 62);
    assert_int_equal(e[5].exprs[1].offset, 65);

    assert_int_equal(e[6].mode, LW_SEG_ACTIVE);
    assert_int_equal(e[6].table, 0);
    assert_int_equal(e[6].type, LWASM_EXTERNREF);
    assert_int_equal(e[6].offset.offset, 70);
    assert_int_equal(e[6].exprs[0].offset, 75);

    assert_int_equal(e[7].mode, LW_SEG_DECLARATIVE);
    assert_int_equal(e[7].type, LWASM_FUNCREF);
    assert_int_equal(e[7].exprs[0].offset, 81);

    assert_true(declared(m, 0));
    assert_true(declared(m, 1));
    lwasm_module_delete(m);
}

static void test_element_malformed(void **state)
{
    (void)state;
    const uint8_t bad_flags[] = {HDR, 0x09, 0x04, 0x01, 0x08, 0x70, 0x00};
    MALFORMED(bad_flags, 11, "malformed elements segment kind");
    const uint8_t bad_elemkind[] = {HDR, 0x09, 0x04, 0x01, 0x01, 0x01, 0x00};
    MALFORMED(bad_elemkind, 12, "malformed element kind");
    const uint8_t bad_reftype[] = {HDR, 0x09, 0x04, 0x01, 0x05, 0x7F, 0x00};
    MALFORMED(bad_reftype, 12, "malformed reference type");
}

static void test_declared_funcs(void **state)
{
    (void)state;
    /* f0 exported, f1 named by ref.func in a global, f2 only in a body. */
    const uint8_t bin[] = {
        HDR, TYPE_VOID,
        0x03, 0x04, 0x03, 0x00, 0x00, 0x00,
        0x06, 0x06, 0x01, 0x70, 0x00, 0xD2, 0x01, 0x0B,
        0x07, 0x05, 0x01, 0x01, 'e', 0x00, 0x00,
        0x0A, 0x0D, 0x03, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B, 0x05, 0x00, 0xD2, 0x02, 0x1A, 0x0B,
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nfuncs, 3);
    assert_true(declared(m, 0));
    assert_true(declared(m, 1));
    assert_false(declared(m, 2));
    lwasm_module_delete(m);
}

static void test_data_sections(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR,
        0x05, 0x03, 0x01, 0x00, 0x01,             /* memory */
        0x0C, 0x01, 0x03,                         /* data count 3 */
        0x0B, 0x14, 0x03,                         /* data section (16) */
        0x00, 0x41, 0x00, 0x0B, 0x02, 'h', 'i',   /* (19) active, memory 0 */
        0x01, 0x03, 'a', 'b', 'c',                /* (26) passive */
        0x02, 0x00, 0x41, 0x10, 0x0B, 0x01, 'z',  /* (31) active, explicit memory 0 */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_true(m->has_data_count);
    assert_int_equal(m->data_count, 3);
    assert_int_equal(m->ndatas, 3);
    const lw_data *d = m->datas;
    assert_int_equal(d[0].mode, LW_SEG_ACTIVE);
    assert_int_equal(d[0].memory, 0);
    assert_int_equal(d[0].offset.offset, 20);
    assert_int_equal(d[0].offset.len, 3);
    assert_int_equal(d[0].init.offset, 24);
    assert_int_equal(d[0].init.len, 2);
    assert_memory_equal(d[0].init.data, "hi", 2);
    assert_int_equal(d[1].mode, LW_SEG_PASSIVE);
    assert_int_equal(d[1].init.offset, 28);
    assert_memory_equal(d[1].init.data, "abc", 3);
    assert_int_equal(d[2].mode, LW_SEG_ACTIVE);
    assert_int_equal(d[2].offset.offset, 33);
    assert_int_equal(d[2].init.offset, 37);
    assert_int_equal(d[2].init.len, 1);
    lwasm_module_delete(m);
}

static void test_data_malformed(void **state)
{
    (void)state;
    const uint8_t count_mismatch[] = {HDR, 0x0C, 0x01, 0x02, 0x0B, 0x03, 0x01, 0x01, 0x00};
    MALFORMED(count_mismatch, 13, "data count and data section have inconsistent lengths");
    const uint8_t no_data_section[] = {HDR, 0x0C, 0x01, 0x01};
    MALFORMED(no_data_section, 10, "data count and data section have inconsistent lengths");
    const uint8_t bad_flags[] = {HDR, 0x0B, 0x03, 0x01, 0x03, 0x00};
    MALFORMED(bad_flags, 11, "malformed data segment kind");
    /* Three bytes promised, one in the section (a custom section follows). */
    const uint8_t short_bytes[] = {HDR, 0x0B, 0x04, 0x01, 0x01, 0x03, 'a', 0x00, 0x03, 0x00, 'x', 'y'};
    MALFORMED(short_bytes, 12, "unexpected end of section or function");
}

/* ---- custom and name sections --------------------------------------------------------------------- */

static void test_custom_sections_anywhere(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR,
        0x00, 0x04, 0x01, 'a', 0xFF, 0x00,  /* before everything; payload is opaque */
        TYPE_VOID,
        0x00, 0x02, 0x01, 'b',              /* between sections */
        0x03, 0x02, 0x01, 0x00,
        0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        0x00, 0x01, 0x00,                   /* empty name, at the end */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->ntypes, 1);
    assert_int_equal(m->ncodes, 1);
    lwasm_module_delete(m);
}

static void test_name_section(void **state)
{
    (void)state;
    const uint8_t bin[] = {
        HDR, TYPE_VOID,
        0x03, 0x03, 0x02, 0x00, 0x00,
        0x0A, 0x07, 0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B,
        0x00, 0x22, 0x04, 'n', 'a', 'm', 'e',
        0x00, 0x04, 0x03, 'm', 'o', 'd',                               /* module name */
        0x01, 0x12, 0x03,                                              /* function names, unsorted */
        0x01, 0x03, 'o', 'n', 'e',
        0x07, 0x04, 'g', 'o', 'n', 'e',                                /* no such function */
        0x00, 0x04, 'z', 'e', 'r', 'o',
        0x02, 0x01, 0x00,                                              /* local names: none */
    };
    lwasm_module *m = DECODE_OK(bin);
    assert_int_equal(m->nfunc_names, 2);
    assert_int_equal(m->func_names[0].index, 0);
    assert_int_equal(m->func_names[1].index, 1);
    lwasm_name n;
    assert_true(lwasm_module_func_name(m, 0, &n));
    assert_true(name_is(n, "zero"));
    assert_true(lwasm_module_func_name(m, 1, &n));
    assert_true(name_is(n, "one"));
    assert_false(lwasm_module_func_name(m, 2, &n));
    assert_false(lwasm_module_func_name(m, 7, &n));
    lwasm_module_delete(m);
}

static void test_broken_name_section_ignored(void **state)
{
    (void)state;
    /* Bad UTF-8 in a function name, then a truncated subsection, then a
     * count far beyond the payload: each module still decodes, without names. */
    const uint8_t bad_utf8[] = {
        HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        0x00, 0x0B, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x01, 0x00, 0x01, 0xC0,
    };
    const uint8_t truncated[] = {
        HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        0x00, 0x0B, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x09, 0x01, 0x00, 0x01, 'f',
    };
    const uint8_t huge_count[] = {
        HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        0x00, 0x0D, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00,
    };
    const uint8_t *cases[] = {bad_utf8, truncated, huge_count};
    const size_t sizes[] = {sizeof bad_utf8, sizeof truncated, sizeof huge_count};
    for (size_t i = 0; i < 3; i++) {
        lwasm_module *m = decode_ok(cases[i], sizes[i]);
        assert_int_equal(m->nfunc_names, 0);
        lwasm_name n;
        assert_false(lwasm_module_func_name(m, 0, &n));
        assert_int_equal(m->ncodes, 1);
        lwasm_module_delete(m);
    }
}

/* ---- malformed modules ------------------------------------------------------------------------------ */

static void test_bad_header(void **state)
{
    (void)state;
    const uint8_t empty[] = {0};
    expect_error(empty, 0, LWASM_ERR_MALFORMED, 0, "unexpected end");
    const uint8_t short_magic[] = {0x00, 0x61, 0x73};
    MALFORMED(short_magic, 0, "unexpected end");
    const uint8_t bad_magic[] = {0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00};
    MALFORMED(bad_magic, 0, "magic header not detected");
    const uint8_t short_version[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00};
    MALFORMED(short_version, 4, "unexpected end");
    const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
    MALFORMED(bad_version, 4, "unknown binary version");
}

static void test_section_order(void **state)
{
    (void)state;
    const uint8_t out_of_order[] = {HDR, 0x03, 0x01, 0x00, TYPE_VOID};
    MALFORMED(out_of_order, 11, "unexpected content after last section");
    const uint8_t repeated[] = {HDR, 0x05, 0x01, 0x00, 0x05, 0x01, 0x00};
    MALFORMED(repeated, 11, "unexpected content after last section");
    /* Data count (id 12) comes after element (9) and before code (10). */
    const uint8_t datacount_after_code[] = {HDR, 0x0A, 0x01, 0x00, 0x0C, 0x01, 0x00};
    MALFORMED(datacount_after_code, 11, "unexpected content after last section");
    const uint8_t bad_id[] = {HDR, 0x0D, 0x00};
    MALFORMED(bad_id, 8, "malformed section id");
}

static void test_section_size(void **state)
{
    (void)state;
    /* One byte left over after the memory section's contents. */
    const uint8_t too_big[] = {HDR, 0x05, 0x04, 0x01, 0x00, 0x01, 0x00};
    MALFORMED(too_big, 13, "section size mismatch");
    /* Contents running past the declared size. */
    const uint8_t too_small[] = {HDR, 0x05, 0x02, 0x01, 0x00, 0x01};
    MALFORMED(too_small, 12, "unexpected end");
    /* Size larger than the rest of the module. */
    const uint8_t past_end[] = {HDR, 0x01, 0x10, 0x01, 0x60, 0x00, 0x00};
    MALFORMED(past_end, 9, "length out of bounds");
    /* Truncated in the section header. */
    const uint8_t no_size[] = {HDR, 0x01};
    MALFORMED(no_size, 9, "unexpected end");
}

static void test_utf8_names(void **state)
{
    (void)state;
    struct {
        uint8_t name[8];
        uint8_t len;
        int bad_at; /* -1: valid */
    } cases[] = {
        {{0xC0, 0x80}, 2, 0},                   /* overlong NUL */
        {{'a', 0xE0, 0x80, 0x80}, 4, 1},        /* overlong 3-byte */
        {{0xF0, 0x80, 0x80, 0x80}, 4, 0},       /* overlong 4-byte */
        {{0xED, 0xA0, 0x80}, 3, 0},             /* surrogate U+D800 */
        {{0xF4, 0x90, 0x80, 0x80}, 4, 0},       /* U+110000 */
        {{'a', 'b', 0xE2, 0x82}, 4, 2},         /* truncated */
        {{0x80}, 1, 0},                         /* stray continuation */
        {{0xF8, 0x88, 0x80, 0x80, 0x80}, 5, 0}, /* 5-byte form */
        {{'x', 0xC2, 0x41}, 3, 1},              /* bad continuation */
        {{0xC2, 0xA9, 0xED, 0x9F, 0xBF}, 5, -1},      /* U+00A9, U+D7FF */
        {{0xF0, 0x9F, 0x98, 0x80, 0xEE, 0x80, 0x80}, 7, -1}, /* U+1F600, U+E000 */
        {{0xF4, 0x8F, 0xBF, 0xBF}, 4, -1},            /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* A custom section whose name is under test; the name starts at 11. */
        uint8_t bin[32] = {HDR, 0x00, (uint8_t)(cases[i].len + 1), cases[i].len};
        memcpy(bin + 11, cases[i].name, cases[i].len);
        size_t len = 11 + cases[i].len;
        if (cases[i].bad_at < 0) {
            lwasm_module_delete(decode_ok(bin, len));
        } else {
            expect_error(bin, len, LWASM_ERR_MALFORMED, 11 + (size_t)cases[i].bad_at, "malformed UTF-8 encoding");
        }
    }
    /* Import and export names are checked too. */
    const uint8_t import_name[] = {HDR, 0x02, 0x07, 0x01, 0x01, 'm', 0x01, 0xFF, 0x00, 0x00};
    MALFORMED(import_name, 14, "malformed UTF-8 encoding");
    const uint8_t export_name[] = {HDR, 0x07, 0x05, 0x01, 0x01, 0xED, 0x00, 0x00};
    MALFORMED(export_name, 12, "malformed UTF-8 encoding");
}

static void test_function_code_mismatch(void **state)
{
    (void)state;
    const uint8_t more_funcs[] = {HDR, TYPE_VOID, 0x03, 0x03, 0x02, 0x00, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    MALFORMED(more_funcs, 21, "function and code section have inconsistent lengths");
    const uint8_t more_bodies[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00,
                                   0x0A, 0x07, 0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B};
    MALFORMED(more_bodies, 20, "function and code section have inconsistent lengths");
    const uint8_t no_code[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00};
    MALFORMED(no_code, sizeof no_code, "function and code section have inconsistent lengths");
    const uint8_t no_funcs[] = {HDR, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    MALFORMED(no_funcs, 10, "function and code section have inconsistent lengths");
    /* Zero functions need no code section, and zero bodies no function section. */
    const uint8_t zero_funcs[] = {HDR, 0x03, 0x01, 0x00};
    lwasm_module_delete(DECODE_OK(zero_funcs));
    const uint8_t zero_bodies[] = {HDR, 0x0A, 0x01, 0x00};
    lwasm_module_delete(DECODE_OK(zero_bodies));
}

static void test_too_many_locals(void **state)
{
    (void)state;
    /* 30000 i32 + 30000 i64: the second group crosses 50,000 (offset 27). */
    const uint8_t two_groups[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00,
                                  0x0A, 0x0C, 0x01, 0x0A, 0x02,
                                  0xB0, 0xEA, 0x01, 0x7F, 0xB0, 0xEA, 0x01, 0x7E, 0x0B};
    MALFORMED(two_groups, 27, "too many locals");
    /* 2^32-1 locals declared in six bytes: refused before any allocation. */
    const uint8_t huge[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00,
                            0x0A, 0x0A, 0x01, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B};
    MALFORMED(huge, 23, "too many locals");
    /* Exactly 50,000 is allowed. */
    const uint8_t at_limit[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00,
                                0x0A, 0x08, 0x01, 0x06, 0x01, 0xD0, 0x86, 0x03, 0x7F, 0x0B};
    lwasm_module *m = DECODE_OK(at_limit);
    assert_int_equal(m->codes[0].nlocals, 50000);
    assert_int_equal(m->codes[0].locals[49999], LWASM_I32);
    lwasm_module_delete(m);
    const uint8_t over_limit[] = {HDR, TYPE_VOID, 0x03, 0x02, 0x01, 0x00,
                                  0x0A, 0x08, 0x01, 0x06, 0x01, 0xD1, 0x86, 0x03, 0x7F, 0x0B};
    MALFORMED(over_limit, 23, "too many locals");
}

/* Builds a module of `nfuncs` functions, each declaring 50,000 i32 locals
 * in a 7-byte code entry. Returns its size. */
static size_t build_many_locals(uint8_t *bin, size_t cap, unsigned nfuncs)
{
    const uint8_t head[] = {HDR, TYPE_VOID};
    const uint8_t entry[] = {0x06, 0x01, 0xD0, 0x86, 0x03, 0x7F, 0x0B};
    size_t func_size = 1 + nfuncs, code_size = 1 + nfuncs * sizeof entry;
    assert_true(nfuncs < 128 && func_size < 128 && code_size < 16384);
    assert_true(sizeof head + 3 + func_size + 4 + code_size <= cap);
    size_t n = sizeof head;
    memcpy(bin, head, n);
    bin[n++] = 0x03;
    bin[n++] = (uint8_t)func_size;
    bin[n++] = (uint8_t)nfuncs;
    for (unsigned i = 0; i < nfuncs; i++)
        bin[n++] = 0x00;
    bin[n++] = 0x0A;
    bin[n++] = (uint8_t)(0x80 | (code_size & 0x7F));
    bin[n++] = (uint8_t)(code_size >> 7);
    bin[n++] = (uint8_t)nfuncs;
    for (unsigned i = 0; i < nfuncs; i++, n += sizeof entry)
        memcpy(bin + n, entry, sizeof entry);
    return n;
}

/* Many tiny functions each declaring 50,000 locals would expand to far more
 * memory than the file's size justifies: refused as an implementation limit. */
static void test_locals_budget(void **state)
{
    (void)state;
    uint8_t bin[1024];
    size_t n = build_many_locals(bin, sizeof bin, 10); /* 500,000 locals: within the budget */
    lwasm_module *m = decode_ok(bin, n);
    assert_int_equal(m->ncodes, 10);
    assert_int_equal(m->codes[9].nlocals, 50000);
    lwasm_module_delete(m);

    n = build_many_locals(bin, sizeof bin, 100); /* 5,000,000 locals from ~820 bytes */
    m = NULL;
    lwasm_error *e = lw_decode(bin, n, &m);
    assert_non_null(e);
    assert_null(m);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_LIMIT);
    assert_non_null(strstr(lwasm_error_message(e), "too many locals in the module"));
    lwasm_error_delete(e);
}

static void test_huge_counts_in_tiny_file(void **state)
{
    (void)state;
    /* Each count is refused where it is read, before it sizes an allocation. */
    const uint8_t types[] = {HDR, 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    MALFORMED(types, 10, "length out of bounds");
    const uint8_t imports[] = {HDR, 0x02, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    MALFORMED(imports, 10, "length out of bounds");
    const uint8_t funcs[] = {HDR, 0x03, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    MALFORMED(funcs, 10, "length out of bounds");
    const uint8_t elems[] = {HDR, 0x09, 0x05, 0x01, 0x01, 0x00, 0xFF, 0x7F};
    MALFORMED(elems, 13, "length out of bounds");
    const uint8_t params[] = {HDR, 0x01, 0x07, 0x01, 0x60, 0x80, 0x80, 0x80, 0x80, 0x01};
    MALFORMED(params, 12, "length out of bounds");
    const uint8_t data_len[] = {HDR, 0x0B, 0x07, 0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    MALFORMED(data_len, 12, "length out of bounds");
    /* A count that fits the module but not its section. */
    const uint8_t in_section[] = {HDR, 0x05, 0x02, 0x10, 0x00, /* 16 memories in a 2-byte section */
                                  0x00, 0x13, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    MALFORMED(in_section, 10, "unexpected end of section or function");
}

static void test_refcount_and_module_new(void **state)
{
    (void)state;
    const uint8_t bin[] = {HDR, TYPE_VOID};
    lwasm_module *m = DECODE_OK(bin);
    assert_ptr_equal(lwasm_module_ref(m), m);
    assert_int_equal(atomic_load(&m->refcount), 2);
    lwasm_module_delete(m);
    assert_int_equal(atomic_load(&m->refcount), 1);
    lwasm_module_delete(m); /* frees: the sanitizers check there is no leak or double free */

    /* lwasm_module_new returns the decoder's error unchanged. */
    const uint8_t bad[] = {HDR, 0x0D, 0x00};
    lwasm_module *out = (lwasm_module *)&out;
    lwasm_error *e = lwasm_module_new(NULL, bad, sizeof bad, &out);
    assert_non_null(e);
    assert_null(out);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_MALFORMED);
    assert_int_equal(lwasm_error_offset(e), 8);
    lwasm_error_delete(e);
    e = lwasm_module_validate(NULL, bad, sizeof bad);
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_MALFORMED);
    lwasm_error_delete(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_module),
        cmocka_unit_test(test_type_section),
        cmocka_unit_test(test_type_section_malformed),
        cmocka_unit_test(test_import_section),
        cmocka_unit_test(test_import_malformed),
        cmocka_unit_test(test_function_and_code_sections),
        cmocka_unit_test(test_table_section),
        cmocka_unit_test(test_memory_section),
        cmocka_unit_test(test_global_section),
        cmocka_unit_test(test_global_init_malformed),
        cmocka_unit_test(test_export_section),
        cmocka_unit_test(test_start_section),
        cmocka_unit_test(test_element_section_all_forms),
        cmocka_unit_test(test_element_malformed),
        cmocka_unit_test(test_declared_funcs),
        cmocka_unit_test(test_data_sections),
        cmocka_unit_test(test_data_malformed),
        cmocka_unit_test(test_custom_sections_anywhere),
        cmocka_unit_test(test_name_section),
        cmocka_unit_test(test_broken_name_section_ignored),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_section_order),
        cmocka_unit_test(test_section_size),
        cmocka_unit_test(test_utf8_names),
        cmocka_unit_test(test_function_code_mismatch),
        cmocka_unit_test(test_too_many_locals),
        cmocka_unit_test(test_locals_budget),
        cmocka_unit_test(test_huge_counts_in_tiny_file),
        cmocka_unit_test(test_refcount_and_module_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
