/* test_values.c — cmocka tests of the spec runner's value parsing/matching and its JSON loading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "json.h"
#include "values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parses one JSON value object, e.g. {"type": "i32", "value": "1"}. */
static bool parse_expect(const char *json, sv_expect *e)
{
    cJSON *obj = cJSON_Parse(json);
    assert_non_null(obj);
    char err[256];
    bool ok = sv_parse_expect(obj, e, err, sizeof err);
    cJSON_Delete(obj);
    return ok;
}

static bool parse_arg(const char *json, lwasm_val *v)
{
    cJSON *obj = cJSON_Parse(json);
    assert_non_null(obj);
    char err[256];
    bool ok = sv_parse_arg(obj, v, err, sizeof err);
    cJSON_Delete(obj);
    return ok;
}

static lwasm_val f32_bits(uint32_t b) { return (lwasm_val){.kind = LWASM_F32, .of.f32_bits = b}; }
static lwasm_val f64_bits(uint64_t b) { return (lwasm_val){.kind = LWASM_F64, .of.f64_bits = b}; }

static void test_integers(void **state)
{
    (void)state;
    lwasm_val v;
    assert_true(parse_arg("{\"type\": \"i32\", \"value\": \"4294967295\"}", &v));
    assert_int_equal(v.kind, LWASM_I32);
    assert_int_equal(v.of.i32, -1);
    assert_true(parse_arg("{\"type\": \"i64\", \"value\": \"9223372036854775808\"}", &v));
    assert_int_equal(v.kind, LWASM_I64);
    assert_true(v.of.i64 == INT64_MIN);
    assert_true(parse_arg("{\"type\": \"i64\", \"value\": \"18446744073709551615\"}", &v));
    assert_true(v.of.i64 == -1);
    /* Out of range, signed, empty or not a number: rejected, not wrapped. */
    assert_false(parse_arg("{\"type\": \"i32\", \"value\": \"4294967296\"}", &v));
    assert_false(parse_arg("{\"type\": \"i64\", \"value\": \"18446744073709551616\"}", &v));
    assert_false(parse_arg("{\"type\": \"i32\", \"value\": \"-1\"}", &v));
    assert_false(parse_arg("{\"type\": \"i32\", \"value\": \"\"}", &v));
    assert_false(parse_arg("{\"type\": \"i32\", \"value\": \"12x\"}", &v));
    assert_false(parse_arg("{\"type\": \"i32\"}", &v));
    assert_false(parse_arg("{\"type\": \"i128\", \"value\": \"1\"}", &v));

    sv_expect e;
    assert_true(parse_expect("{\"type\": \"i32\", \"value\": \"2\"}", &e));
    lwasm_val two = {.kind = LWASM_I32, .of.i32 = 2}, three = {.kind = LWASM_I32, .of.i32 = 3};
    lwasm_val two64 = {.kind = LWASM_I64, .of.i64 = 2};
    assert_true(sv_matches(&e, &two));
    assert_false(sv_matches(&e, &three));
    assert_false(sv_matches(&e, &two64)); /* same bits, other type */
}

static void test_floats_bit_exact(void **state)
{
    (void)state;
    sv_expect e;
    /* -0.0 is not 0.0, and a NaN only matches its own bits. */
    assert_true(parse_expect("{\"type\": \"f32\", \"value\": \"2147483648\"}", &e));
    lwasm_val pos_zero = f32_bits(0), neg_zero = f32_bits(0x80000000u);
    assert_true(sv_matches(&e, &neg_zero));
    assert_false(sv_matches(&e, &pos_zero));
    assert_true(parse_expect("{\"type\": \"f32\", \"value\": \"2143289345\"}", &e)); /* 0x7fc00001 */
    lwasm_val nan1 = f32_bits(0x7fc00001u), nan0 = f32_bits(0x7fc00000u);
    assert_true(sv_matches(&e, &nan1));
    assert_false(sv_matches(&e, &nan0));
    assert_true(parse_expect("{\"type\": \"f64\", \"value\": \"9221120237041090561\"}", &e)); /* 0x7ff8000000000001 */
    lwasm_val d1 = f64_bits(UINT64_C(0x7ff8000000000001)), d0 = f64_bits(UINT64_C(0x7ff8000000000000));
    assert_true(sv_matches(&e, &d1));
    assert_false(sv_matches(&e, &d0));
}

static void test_nan_patterns(void **state)
{
    (void)state;
    sv_expect canon, arith;
    assert_true(parse_expect("{\"type\": \"f32\", \"value\": \"nan:canonical\"}", &canon));
    assert_true(parse_expect("{\"type\": \"f32\", \"value\": \"nan:arithmetic\"}", &arith));
    const struct {
        uint32_t bits;
        bool canonical, arithmetic;
    } f32_cases[] = {
        {0x7fc00000u, true, true},   {0xffc00000u, true, true},   {0x7fc00001u, false, true},
        {0xffffffffu, false, true},  {0x7fa00000u, false, false}, /* signalling */
        {0x7f800000u, false, false}, /* infinity */ {0x3f800000u, false, false},
    };
    for (size_t i = 0; i < sizeof f32_cases / sizeof f32_cases[0]; i++) {
        lwasm_val v = f32_bits(f32_cases[i].bits);
        assert_int_equal(sv_matches(&canon, &v), f32_cases[i].canonical);
        assert_int_equal(sv_matches(&arith, &v), f32_cases[i].arithmetic);
    }
    assert_true(parse_expect("{\"type\": \"f64\", \"value\": \"nan:canonical\"}", &canon));
    assert_true(parse_expect("{\"type\": \"f64\", \"value\": \"nan:arithmetic\"}", &arith));
    const struct {
        uint64_t bits;
        bool canonical, arithmetic;
    } f64_cases[] = {
        {UINT64_C(0x7ff8000000000000), true, true},   {UINT64_C(0xfff8000000000000), true, true},
        {UINT64_C(0x7ff8000000000001), false, true},  {UINT64_C(0x7ff4000000000000), false, false},
        {UINT64_C(0x7ff0000000000000), false, false}, {UINT64_C(0x7fc0000000000000), false, false},
    };
    for (size_t i = 0; i < sizeof f64_cases / sizeof f64_cases[0]; i++) {
        lwasm_val v = f64_bits(f64_cases[i].bits);
        assert_int_equal(sv_matches(&canon, &v), f64_cases[i].canonical);
        assert_int_equal(sv_matches(&arith, &v), f64_cases[i].arithmetic);
    }
    /* A pattern describes results only. */
    lwasm_val v;
    assert_false(parse_arg("{\"type\": \"f32\", \"value\": \"nan:canonical\"}", &v));
    /* A pattern of one width does not match the other. */
    lwasm_val f32_nan = f32_bits(0x7fc00000u);
    assert_false(sv_matches(&canon, &f32_nan));
}

static void test_references(void **state)
{
    (void)state;
    lwasm_val v;
    assert_true(parse_arg("{\"type\": \"externref\", \"value\": \"null\"}", &v));
    assert_int_equal(v.kind, LWASM_EXTERNREF);
    assert_null(v.of.externref);
    assert_true(parse_arg("{\"type\": \"externref\", \"value\": \"0\"}", &v));
    assert_non_null(v.of.externref);
    void *zero = v.of.externref;
    assert_true(parse_arg("{\"type\": \"externref\", \"value\": \"1\"}", &v));
    assert_true(v.of.externref != zero);
    assert_ptr_equal(v.of.externref, sv_extern_ptr(1));
    uint64_t n;
    assert_true(sv_extern_index(v.of.externref, &n));
    assert_int_equal(n, 1);
    assert_false(sv_extern_index(NULL, &n));

    sv_expect e;
    assert_true(parse_expect("{\"type\": \"externref\", \"value\": \"1\"}", &e));
    assert_true(sv_matches(&e, &v));
    lwasm_val null_ext = {.kind = LWASM_EXTERNREF};
    assert_false(sv_matches(&e, &null_ext));

    /* funcref: null, or (type only) any non-null function. */
    int dummy;
    lwasm_val some_func = {.kind = LWASM_FUNCREF, .of.funcref = (lwasm_func *)(void *)&dummy};
    lwasm_val null_func = {.kind = LWASM_FUNCREF};
    assert_true(parse_expect("{\"type\": \"funcref\", \"value\": \"null\"}", &e));
    assert_true(sv_matches(&e, &null_func));
    assert_false(sv_matches(&e, &some_func));
    assert_true(parse_expect("{\"type\": \"funcref\"}", &e));
    assert_true(sv_matches(&e, &some_func));
    assert_false(sv_matches(&e, &null_func));
    /* A null externref is not a null funcref. */
    assert_true(parse_expect("{\"type\": \"funcref\", \"value\": \"null\"}", &e));
    assert_false(sv_matches(&e, &null_ext));
    assert_false(parse_arg("{\"type\": \"funcref\", \"value\": \"3\"}", &v));
}

static void test_v128(void **state)
{
    (void)state;
    lwasm_val v;
    assert_true(parse_arg("{\"type\": \"v128\", \"lane_type\": \"i16\", \"value\": [\"1\", \"2\", \"3\", \"4\", "
                          "\"5\", \"6\", \"7\", \"65535\"]}",
                          &v));
    assert_int_equal(v.kind, LWASM_V128);
    const uint8_t want[16] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0xff, 0xff};
    assert_memory_equal(v.of.v128.bytes, want, 16);
    /* Wrong lane count or lane out of range. */
    assert_false(parse_arg("{\"type\": \"v128\", \"lane_type\": \"i32\", \"value\": [\"1\", \"2\", \"3\"]}", &v));
    assert_false(parse_arg("{\"type\": \"v128\", \"lane_type\": \"i8\", \"value\": [\"256\", \"0\", \"0\", "
                           "\"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", "
                           "\"0\"]}",
                           &v));

    sv_expect e;
    assert_true(parse_expect("{\"type\": \"v128\", \"lane_type\": \"f32\", \"value\": [\"nan:canonical\", "
                             "\"1065353216\", \"nan:arithmetic\", \"0\"]}",
                             &e));
    lwasm_val got = {.kind = LWASM_V128};
    const uint32_t lanes[4] = {0xffc00000u, 0x3f800000u, 0x7fc12345u, 0};
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 4; b++)
            got.of.v128.bytes[i * 4 + b] = (uint8_t)(lanes[i] >> (8 * b));
    assert_true(sv_matches(&e, &got));
    got.of.v128.bytes[15] = 0x80; /* lane 3 becomes -0.0 */
    assert_false(sv_matches(&e, &got));
    /* Integer lanes take no NaN pattern. */
    assert_false(parse_expect("{\"type\": \"v128\", \"lane_type\": \"i32\", \"value\": [\"nan:canonical\", "
                              "\"0\", \"0\", \"0\"]}",
                              &e));
}

static void test_formatting(void **state)
{
    (void)state;
    char buf[256];
    lwasm_val v = {.kind = LWASM_I32, .of.i32 = -1};
    sv_format_val(&v, NULL, buf, sizeof buf);
    assert_string_equal(buf, "i32:4294967295 (-1)");
    v = f32_bits(0x3fc00000u);
    sv_format_val(&v, NULL, buf, sizeof buf);
    assert_string_equal(buf, "f32:1.5 (0x3fc00000)");
    sv_expect e;
    assert_true(parse_expect("{\"type\": \"f64\", \"value\": \"nan:arithmetic\"}", &e));
    sv_format_expect(&e, buf, sizeof buf);
    assert_string_equal(buf, "f64:nan:arithmetic");
    assert_true(parse_expect("{\"type\": \"externref\", \"value\": \"7\"}", &e));
    sv_format_expect(&e, buf, sizeof buf);
    assert_string_equal(buf, "externref:7");
    /* A tiny buffer is cut, never overrun. */
    char small[6];
    v = (lwasm_val){.kind = LWASM_I64, .of.i64 = 123456789};
    sv_format_val(&v, NULL, small, sizeof small);
    assert_string_equal(small, "i64:1");
}

/* Writes text to a temporary file and loads it with sj_load. */
static cJSON *load_text(const char *text)
{
    char path[] = "/tmp/spec-test-json-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char err[256];
    cJSON *root = sj_load(path, err, sizeof err);
    unlink(path);
    return root;
}

static void test_json_names_with_nul(void **state)
{
    (void)state;
    cJSON *root = load_text("{\"field\": \"a\\u0000b\\u0001\", \"as\": \"x\\\\u0000y\", \"plain\": \"\\u00e9\"}");
    assert_non_null(root);
    size_t len;
    char *name = sj_name(root, "field", &len);
    assert_non_null(name);
    assert_int_equal(len, 4);
    assert_memory_equal(name, "a\0b\x01", 4);
    free(name);
    /* An escaped backslash followed by "u0000" is text, not a NUL. */
    name = sj_name(root, "as", &len);
    assert_non_null(name);
    assert_int_equal(len, 8);
    assert_memory_equal(name, "x\\u0000y", 8);
    free(name);
    name = sj_name(root, "plain", &len);
    assert_int_equal(len, 2);
    assert_memory_equal(name, "\xc3\xa9", 2);
    free(name);
    assert_null(sj_name(root, "missing", &len));
    cJSON_Delete(root);
    assert_null(load_text("{\"commands\": [")); /* truncated: an error, not a crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),   cmocka_unit_test(test_floats_bit_exact),
        cmocka_unit_test(test_nan_patterns), cmocka_unit_test(test_references),
        cmocka_unit_test(test_v128),       cmocka_unit_test(test_formatting),
        cmocka_unit_test(test_json_names_with_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
