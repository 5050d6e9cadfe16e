/* values.c — parsing --invoke arguments by wasm type and printing results bit-exactly. */
#include "values.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *wr_valkind_name(lwasm_valkind kind)
{
    switch (kind) {
    case LWASM_I32: return "i32";
    case LWASM_I64: return "i64";
    case LWASM_F32: return "f32";
    case LWASM_F64: return "f64";
    case LWASM_V128: return "v128";
    case LWASM_FUNCREF: return "funcref";
    case LWASM_EXTERNREF: return "externref";
    default: return "unknown";
    }
}

/* An integer of `bits` bits given as signed or unsigned decimal, or as hex. */
static bool wr_parse_int(const char *text, unsigned bits, uint64_t *out)
{
    const char *p = text;
    bool negative = false;
    if (*p == '-' || *p == '+')
        negative = *p++ == '-';
    int base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p || !((*p >= '0' && *p <= '9') || (base == 16 && strchr("abcdefABCDEF", *p))))
        return false;
    errno = 0;
    char *end;
    unsigned long long mag = strtoull(p, &end, base);
    if (*end || errno == ERANGE)
        return false;
    uint64_t umax = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    if (negative) {
        uint64_t limit = UINT64_C(1) << (bits - 1); /* magnitude of the most negative value */
        if (mag > limit)
            return false;
        *out = (uint64_t)0 - (uint64_t)mag;
        if (bits < 64)
            *out &= umax;
    } else {
        if (mag > umax)
            return false;
        *out = mag;
    }
    return true;
}

/* "nan", "-nan", "nan:0x..." -> bits; false if not a NaN spelling. */
static bool wr_parse_nan(const char *text, unsigned bits, uint64_t *out)
{
    const char *p = text;
    bool negative = false;
    if (*p == '-' || *p == '+')
        negative = *p++ == '-';
    if (strncmp(p, "nan", 3) != 0)
        return false;
    p += 3;
    unsigned mant_bits = bits == 32 ? 23 : 52;
    uint64_t exp_mask = bits == 32 ? UINT64_C(0x7f800000) : UINT64_C(0x7ff0000000000000);
    uint64_t mant_mask = (UINT64_C(1) << mant_bits) - 1;
    uint64_t payload = UINT64_C(1) << (mant_bits - 1); /* canonical quiet NaN */
    if (*p == ':') {
        if (strncmp(p + 1, "0x", 2) != 0)
            return false;
        errno = 0;
        char *end;
        unsigned long long v = strtoull(p + 3, &end, 16);
        if (*end || p[3] == '\0' || errno == ERANGE || v == 0 || v > mant_mask)
            return false;
        payload = v;
    } else if (*p) {
        return false;
    }
    *out = exp_mask | payload | (negative ? UINT64_C(1) << (bits - 1) : 0);
    return true;
}

static bool wr_parse_v128(const char *text, lwasm_v128 *out)
{
    if (strncmp(text, "0x", 2) != 0 || strlen(text) != 34)
        return false;
    /* Written most significant byte first, so byte 15 comes first. */
    for (int i = 0; i < 16; i++) {
        char pair[3] = {text[2 + 2 * i], text[3 + 2 * i], 0};
        if (!strchr("0123456789abcdefABCDEF", pair[0]) || !strchr("0123456789abcdefABCDEF", pair[1]))
            return false;
        out->bytes[15 - i] = (uint8_t)strtoul(pair, NULL, 16);
    }
    return true;
}

wr_err wr_value_parse(lwasm_valkind kind, const char *text, lwasm_val *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    uint64_t bits;
    char *end;
    switch (kind) {
    case LWASM_I32:
        if (!wr_parse_int(text, 32, &bits))
            break;
        out->of.i32 = (int32_t)(uint32_t)bits;
        return NULL;
    case LWASM_I64:
        if (!wr_parse_int(text, 64, &bits))
            break;
        out->of.i64 = (int64_t)bits;
        return NULL;
    case LWASM_F32:
        if (wr_parse_nan(text, 32, &bits)) {
            out->of.f32_bits = (uint32_t)bits;
            return NULL;
        }
        if (text[0]) {
            errno = 0;
            float f = strtof(text, &end);
            if (!*end && !isnan(f)) {
                memcpy(&out->of.f32_bits, &f, 4);
                return NULL;
            }
        }
        break;
    case LWASM_F64:
        if (wr_parse_nan(text, 64, &bits)) {
            out->of.f64_bits = bits;
            return NULL;
        }
        if (text[0]) {
            errno = 0;
            double d = strtod(text, &end);
            if (!*end && !isnan(d)) {
                memcpy(&out->of.f64_bits, &d, 8);
                return NULL;
            }
        }
        break;
    case LWASM_V128:
        if (wr_parse_v128(text, &out->of.v128))
            return NULL;
        break;
    case LWASM_FUNCREF:
    case LWASM_EXTERNREF:
        if (strcmp(text, "null") == 0)
            return NULL;
        return wr_errf("'%s' is not a %s: only null can be passed", text, wr_valkind_name(kind));
    default:
        return wr_errf("parameters of type 0x%02x cannot be given on the command line", kind);
    }
    return wr_errf("'%s' is not a valid %s", text, wr_valkind_name(kind));
}

static void wr_format_nan(uint64_t bits, unsigned width, char *buf, size_t size)
{
    unsigned mant_bits = width == 32 ? 23 : 52;
    uint64_t payload = bits & ((UINT64_C(1) << mant_bits) - 1);
    bool negative = (bits >> (width - 1)) & 1;
    if (payload == UINT64_C(1) << (mant_bits - 1))
        snprintf(buf, size, "%snan", negative ? "-" : "");
    else
        snprintf(buf, size, "%snan:0x%" PRIx64, negative ? "-" : "", payload);
}

void wr_value_format(const lwasm_val *v, char *buf, size_t size)
{
    switch (v->kind) {
    case LWASM_I32:
        snprintf(buf, size, "%" PRId32, v->of.i32);
        return;
    case LWASM_I64:
        snprintf(buf, size, "%" PRId64, v->of.i64);
        return;
    case LWASM_F32: {
        float f;
        memcpy(&f, &v->of.f32_bits, 4);
        if (isnan(f)) {
            wr_format_nan(v->of.f32_bits, 32, buf, size);
            return;
        }
        /* The shortest precision that reads back to the same bits. */
        for (int prec = 1; prec <= 9; prec++) {
            snprintf(buf, size, "%.*g", prec, (double)f);
            if (strtof(buf, NULL) == f)
                return;
        }
        return;
    }
    case LWASM_F64: {
        double d;
        memcpy(&d, &v->of.f64_bits, 8);
        if (isnan(d)) {
            wr_format_nan(v->of.f64_bits, 64, buf, size);
            return;
        }
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, size, "%.*g", prec, d);
            if (strtod(buf, NULL) == d)
                return;
        }
        return;
    }
    case LWASM_V128: {
        size_t at = 0;
        at += (size_t)snprintf(buf, size, "0x");
        for (int i = 15; i >= 0 && at < size; i--)
            at += (size_t)snprintf(buf + at, size - at, "%02x", v->of.v128.bytes[i]);
        return;
    }
    case LWASM_FUNCREF:
        snprintf(buf, size, "%s", v->of.funcref ? "funcref" : "null");
        return;
    case LWASM_EXTERNREF:
        snprintf(buf, size, "%s", v->of.externref ? "externref" : "null");
        return;
    default:
        snprintf(buf, size, "<type 0x%02x>", v->kind);
        return;
    }
}
