/* test_leb128.c — unit tests of the bounded reader's LEB128 decoding (limits, unused bits, truncation, offsets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "leb128.h"

/* Each integer is placed after PREFIX filler bytes so error offsets are
 * checked relative to the start of the buffer, not the integer. */
#define PREFIX 3

typedef enum { U32, S32, S33, S64 } leb_kind;

typedef struct {
    lwasm_error *err;
    int64_t value; /* u32 values zero-extended */
    size_t consumed;
} leb_result;

static leb_result read_leb(leb_kind kind, const uint8_t *bytes, size_t n)
{
    uint8_t buf[32];
    assert_true(n + PREFIX <= sizeof buf);
    memset(buf, 0xEE, PREFIX);
    memcpy(buf + PREFIX, bytes, n);
    lw_reader r = lw_reader_make(buf, buf + PREFIX, buf + PREFIX + n);
    leb_result res = {0};
    switch (kind) {
    case U32: {
        uint32_t v = 0;
        res.err = lw_read_u32(&r, &v);
        res.value = v;
        break;
    }
    case S32: {
        int32_t v = 0;
        res.err = lw_read_s32(&r, &v);
        res.value = v;
        break;
    }
    case S33: res.err = lw_read_s33(&r, &res.value); break;
    case S64: res.err = lw_read_s64(&r, &res.value); break;
    }
    res.consumed = lw_reader_offset(&r) - PREFIX;
    return res;
}

#define OK(kind, expected, ...)                                                                               \
    do {                                                                                                      \
        const uint8_t in_[] = {__VA_ARGS__};                                                                  \
        leb_result r_ = read_leb(kind, in_, sizeof in_);                                                      \
        if (r_.err)                                                                                           \
            fail_msg("unexpected error: %s", lwasm_error_message(r_.err));                                   \
        assert_true(r_.value == (int64_t)(expected));                                                         \
        assert_int_equal(r_.consumed, sizeof in_);                                                            \
    } while (0)

/* Expects a malformed error whose message starts with `text`, at offset
 * `at` relative to the integer's first byte. */
#define BAD(kind, text, at, ...)                                                                              \
    do {                                                                                                      \
        const uint8_t in_[] = {__VA_ARGS__};                                                                  \
        leb_result r_ = read_leb(kind, in_, sizeof in_);                                                      \
        assert_non_null(r_.err);                                                                              \
        assert_int_equal(lwasm_error_kind(r_.err), LWASM_ERR_MALFORMED);                                      \
        if (strncmp(lwasm_error_message(r_.err), text, strlen(text)) != 0)                                    \
            fail_msg("expected \"%s\", got \"%s\"", text, lwasm_error_message(r_.err));                       \
        assert_int_equal(lwasm_error_offset(r_.err), PREFIX + (at));                                          \
        lwasm_error_delete(r_.err);                                                                           \
    } while (0)

static void test_u32_values(void **state)
{
    (void)state;
    OK(U32, 0, 0x00);
    OK(U32, 127, 0x7F);
    OK(U32, 128, 0x80, 0x01);
    OK(U32, 624485, 0xE5, 0x8E, 0x26);
    OK(U32, UINT32_MAX, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    OK(U32, 0x80000000u, 0x80, 0x80, 0x80, 0x80, 0x08);
    /* Non-minimal encodings are allowed up to five bytes. */
    OK(U32, 0, 0x80, 0x80, 0x80, 0x80, 0x00);
    OK(U32, 2, 0x82, 0x80, 0x80, 0x80, 0x00);
}

static void test_u32_stops_at_last_byte(void **state)
{
    (void)state;
    const uint8_t buf[] = {0x81, 0x01, 0x7F};
    lw_reader r = lw_reader_make(buf, buf, buf + sizeof buf);
    uint32_t v;
    assert_null(lw_read_u32(&r, &v));
    assert_int_equal(v, 129);
    assert_int_equal(lw_reader_offset(&r), 2);
    assert_null(lw_read_u32(&r, &v));
    assert_int_equal(v, 127);
    assert_true(lw_reader_eof(&r));
}

static void test_u32_too_long(void **state)
{
    (void)state;
    BAD(U32, "integer representation too long", 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    BAD(U32, "integer representation too long", 0, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00);
    BAD(U32, "integer representation too long", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
}

static void test_u32_unused_bits(void **state)
{
    (void)state;
    /* The fifth byte holds bits 28..31: its upper three bits must be zero. */
    BAD(U32, "integer too large", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F);
    BAD(U32, "integer too large", 0, 0x82, 0x80, 0x80, 0x80, 0x70);
    BAD(U32, "integer too large", 0, 0x82, 0x80, 0x80, 0x80, 0x40);
    BAD(U32, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x10);
}

static void test_u32_truncated(void **state)
{
    (void)state;
    /* Truncation is reported where the missing byte should have been. */
    BAD(U32, "unexpected end", 0);
    BAD(U32, "unexpected end", 1, 0x80);
    BAD(U32, "unexpected end", 4, 0xFF, 0xFF, 0xFF, 0xFF);
}

static void test_s32_values(void **state)
{
    (void)state;
    OK(S32, 0, 0x00);
    OK(S32, -1, 0x7F);
    OK(S32, 63, 0x3F);
    OK(S32, -64, 0x40);
    OK(S32, 64, 0xC0, 0x00);
    OK(S32, -65, 0xBF, 0x7F);
    OK(S32, -123456, 0xC0, 0xBB, 0x78);
    OK(S32, INT32_MAX, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
    OK(S32, INT32_MIN, 0x80, 0x80, 0x80, 0x80, 0x78);
    OK(S32, 0, 0x80, 0x80, 0x80, 0x80, 0x00);
    OK(S32, -1, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
}

static void test_s32_too_long(void **state)
{
    (void)state;
    BAD(S32, "integer representation too long", 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    BAD(S32, "integer representation too long", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
}

static void test_s32_unused_bits(void **state)
{
    (void)state;
    /* In the fifth byte, bits 4..6 must all repeat the sign (bit 3). */
    BAD(S32, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x70); /* positive, high bits set */
    BAD(S32, "integer too large", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F); /* negative, high bits clear */
    BAD(S32, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x1F);
    BAD(S32, "integer too large", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F);
    BAD(S32, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x08 | 0x10 | 0x20); /* one bit short */
}

static void test_s32_truncated(void **state)
{
    (void)state;
    BAD(S32, "unexpected end", 0);
    BAD(S32, "unexpected end", 2, 0xFF, 0xFF);
}

static void test_s33_values(void **state)
{
    (void)state;
    OK(S33, 0, 0x00);
    OK(S33, -1, 0x7F);
    OK(S33, -64, 0x40); /* block types 0x40..0x7F are these negative values */
    OK(S33, 4294967295LL, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    OK(S33, -4294967296LL, 0x80, 0x80, 0x80, 0x80, 0x70);
    OK(S33, 1, 0x81, 0x80, 0x80, 0x80, 0x00);
}

static void test_s33_limits(void **state)
{
    (void)state;
    /* Bits 5 and 6 of the fifth byte must repeat the sign (bit 4). */
    BAD(S33, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x20);
    BAD(S33, "integer too large", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x5F);
    BAD(S33, "integer representation too long", 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    BAD(S33, "unexpected end", 3, 0x80, 0x80, 0x80);
}

static void test_s64_values(void **state)
{
    (void)state;
    OK(S64, 0, 0x00);
    OK(S64, -1, 0x7F);
    OK(S64, INT64_MAX, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00);
    OK(S64, INT64_MIN, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F);
    OK(S64, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    OK(S64, -1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
    OK(S64, 0x100000000LL, 0x80, 0x80, 0x80, 0x80, 0x10);
}

static void test_s64_limits(void **state)
{
    (void)state;
    /* The tenth byte holds bit 63 only: bits 1..6 must repeat it. */
    BAD(S64, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E);
    BAD(S64, "integer too large", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
    BAD(S64, "integer too large", 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02);
    BAD(S64, "integer too large", 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41);
    BAD(S64, "integer representation too long", 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x00);
    BAD(S64, "unexpected end", 9, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
}

static void test_bytes_and_u8(void **state)
{
    (void)state;
    const uint8_t buf[] = {1, 2, 3, 4};
    lw_reader r = lw_reader_make(buf, buf + 1, buf + sizeof buf);
    const uint8_t *p;
    assert_null(lw_read_bytes(&r, 2, &p));
    assert_ptr_equal(p, buf + 1);
    assert_int_equal(lw_reader_left(&r), 1);
    lwasm_error *e = lw_read_bytes(&r, 2, &p);
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_MALFORMED);
    assert_int_equal(lwasm_error_offset(e), 3);
    lwasm_error_delete(e);
    /* A failed read consumes nothing. */
    uint8_t b;
    assert_null(lw_read_u8(&r, &b));
    assert_int_equal(b, 4);
    e = lw_read_u8(&r, &b);
    assert_non_null(e);
    assert_int_equal(lwasm_error_offset(e), 4);
    lwasm_error_delete(e);
}

static void test_unchecked_u32(void **state)
{
    (void)state;
    const uint8_t buf[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xE5, 0x8E, 0x26};
    const uint8_t *p = buf;
    assert_int_equal(lw_leb_u32_unchecked(&p), UINT32_MAX);
    assert_ptr_equal(p, buf + 5);
    assert_int_equal(lw_leb_u32_unchecked(&p), 624485);
    assert_ptr_equal(p, buf + 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u32_values),     cmocka_unit_test(test_u32_stops_at_last_byte),
        cmocka_unit_test(test_u32_too_long),   cmocka_unit_test(test_u32_unused_bits),
        cmocka_unit_test(test_u32_truncated),  cmocka_unit_test(test_s32_values),
        cmocka_unit_test(test_s32_too_long),   cmocka_unit_test(test_s32_unused_bits),
        cmocka_unit_test(test_s32_truncated),  cmocka_unit_test(test_s33_values),
        cmocka_unit_test(test_s33_limits),     cmocka_unit_test(test_s64_values),
        cmocka_unit_test(test_s64_limits),     cmocka_unit_test(test_bytes_and_u8),
        cmocka_unit_test(test_unchecked_u32),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
