/* values.c — parses, matches and prints the values of spec scripts (bit-exact floats, NaN patterns, v128 lanes). */
#include "values.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Externref N is encoded as N + 1 so that N = 0 is not the null reference. */
void *sv_extern_ptr(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

bool sv_extern_index(const void *p, uint64_t *n)
{
    if (!p)
        return false;
    *n = (uint64_t)(uintptr_t)p - 1;
    return true;
}

const char *sv_kind_name(lwasm_valkind k)
{
    switch (k) {
    case LWASM_I32: return "i32";
    case LWASM_I64: return "i64";
    case LWASM_F32: return "f32";
    case LWASM_F64: return "f64";
    case LWASM_V128: return "v128";
    case LWASM_FUNCREF: return "funcref";
    case LWASM_EXTERNREF: return "externref";
    default: return "?";
    }
}

static bool sv_kind_from_name(const char *s, lwasm_valkind *out)
{
    static const lwasm_valkind kinds[] = {LWASM_I32,  LWASM_I64,     LWASM_F32,      LWASM_F64,
                                          LWASM_V128, LWASM_FUNCREF, LWASM_EXTERNREF};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(s, sv_kind_name(kinds[i])) == 0) {
            *out = kinds[i];
            return true;
        }
    }
    return false;
}

/* wast2json writes every number as the unsigned decimal of its bits; accept
 * exactly that (digits only, no sign, no overflow past max). */
static bool sv_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    if (!s || !*s)
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static sv_match_kind sv_nan_pattern(const char *s)
{
    if (strcmp(s, "nan:canonical") == 0)
        return SV_NAN_CANONICAL;
    if (strcmp(s, "nan:arithmetic") == 0)
        return SV_NAN_ARITHMETIC;
    return SV_EXACT;
}

static const struct {
    const char *name;
    unsigned bytes;
    bool is_float;
} sv_lanes[] = {
    [SV_LANE_I8] = {"i8", 1, false},   [SV_LANE_I16] = {"i16", 2, false}, [SV_LANE_I32] = {"i32", 4, false},
    [SV_LANE_I64] = {"i64", 8, false}, [SV_LANE_F32] = {"f32", 4, true},  [SV_LANE_F64] = {"f64", 8, true},
};

static void sv_store_le(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t sv_load_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* Parses a v128 {"lane_type": L, "value": [lanes...]}; patterns only when allowed. */
static bool sv_parse_v128(const cJSON *obj, bool allow_patterns, sv_expect *out, char *err, size_t errlen)
{
    const cJSON *lt = cJSON_GetObjectItemCaseSensitive(obj, "lane_type");
    const cJSON *lanes = cJSON_GetObjectItemCaseSensitive(obj, "value");
    if (!cJSON_IsString(lt) || !cJSON_IsArray(lanes)) {
        snprintf(err, errlen, "v128 value without lane_type/value");
        return false;
    }
    int lane = -1;
    for (size_t i = 0; i < sizeof sv_lanes / sizeof sv_lanes[0]; i++)
        if (strcmp(lt->valuestring, sv_lanes[i].name) == 0)
            lane = (int)i;
    if (lane < 0) {
        snprintf(err, errlen, "unknown v128 lane type \"%s\"", lt->valuestring);
        return false;
    }
    unsigned bytes = sv_lanes[lane].bytes;
    unsigned n = 16 / bytes;
    if ((unsigned)cJSON_GetArraySize(lanes) != n) {
        snprintf(err, errlen, "v128 %s value needs %u lanes", lt->valuestring, n);
        return false;
    }
    out->lane = (sv_lane)lane;
    out->nlanes = (uint8_t)n;
    uint64_t max = bytes == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * bytes)) - 1;
    unsigned i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, lanes)
    {
        if (!cJSON_IsString(item)) {
            snprintf(err, errlen, "v128 lane %u is not a string", i);
            return false;
        }
        sv_match_kind m = sv_nan_pattern(item->valuestring);
        uint64_t bits = 0;
        if (m != SV_EXACT && !(allow_patterns && sv_lanes[lane].is_float)) {
            snprintf(err, errlen, "NaN pattern not allowed in v128 %s lane %u", lt->valuestring, i);
            return false;
        }
        if (m == SV_EXACT && !sv_parse_uint(item->valuestring, max, &bits)) {
            snprintf(err, errlen, "bad v128 %s lane %u \"%s\"", lt->valuestring, i, item->valuestring);
            return false;
        }
        out->lane_match[i] = m;
        sv_store_le(out->val.of.v128.bytes + i * bytes, bits, bytes);
        i++;
    }
    return true;
}

/* The common parser: an argument is an expectation without patterns. */
static bool sv_parse(const cJSON *obj, bool is_expect, sv_expect *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
    if (!cJSON_IsString(type) || !sv_kind_from_name(type->valuestring, &out->val.kind)) {
        snprintf(err, errlen, "value of unknown type %s", cJSON_IsString(type) ? type->valuestring : "(none)");
        return false;
    }
    lwasm_valkind kind = out->val.kind;
    if (kind == LWASM_V128)
        return sv_parse_v128(obj, is_expect, out, err, errlen);

    const cJSON *value = cJSON_GetObjectItemCaseSensitive(obj, "value");
    if (!value && is_expect && (kind == LWASM_FUNCREF || kind == LWASM_EXTERNREF)) {
        out->match = SV_ANY_NONNULL;
        return true;
    }
    if (!cJSON_IsString(value)) {
        snprintf(err, errlen, "%s value is missing or not a string", type->valuestring);
        return false;
    }
    const char *s = value->valuestring;
    if (kind == LWASM_F32 || kind == LWASM_F64) {
        out->match = sv_nan_pattern(s);
        if (out->match != SV_EXACT) {
            if (!is_expect) {
                snprintf(err, errlen, "NaN pattern \"%s\" as an argument", s);
                return false;
            }
            return true;
        }
    }
    if (kind == LWASM_FUNCREF || kind == LWASM_EXTERNREF) {
        if (strcmp(s, "null") == 0)
            return true; /* the union is zeroed: NULL */
        uint64_t n;
        if (kind == LWASM_EXTERNREF && sv_parse_uint(s, UINT32_MAX, &n)) {
            out->val.of.externref = sv_extern_ptr(n);
            return true;
        }
        /* A funcref cannot be named by a number in a script. */
        snprintf(err, errlen, "bad %s value \"%s\"", type->valuestring, s);
        return false;
    }
    uint64_t bits;
    uint64_t max = (kind == LWASM_I32 || kind == LWASM_F32) ? UINT32_MAX : UINT64_MAX;
    if (!sv_parse_uint(s, max, &bits)) {
        snprintf(err, errlen, "bad %s value \"%s\"", type->valuestring, s);
        return false;
    }
    switch (kind) {
    case LWASM_I32: out->val.of.i32 = (int32_t)(uint32_t)bits; break;
    case LWASM_I64: out->val.of.i64 = (int64_t)bits; break;
    case LWASM_F32: out->val.of.f32_bits = (uint32_t)bits; break;
    default: out->val.of.f64_bits = bits; break;
    }
    return true;
}

bool sv_parse_arg(const cJSON *obj, lwasm_val *out, char *err, size_t errlen)
{
    sv_expect e;
    if (!sv_parse(obj, false, &e, err, errlen))
        return false;
    *out = e.val;
    return true;
}

bool sv_parse_expect(const cJSON *obj, sv_expect *out, char *err, size_t errlen)
{
    return sv_parse(obj, true, out, err, errlen);
}

static bool sv_f32_matches(sv_match_kind m, uint32_t want, uint32_t got)
{
    switch (m) {
    case SV_NAN_CANONICAL: return (got & 0x7fffffffu) == 0x7fc00000u;
    case SV_NAN_ARITHMETIC: return (got & 0x7fc00000u) == 0x7fc00000u;
    default: return want == got;
    }
}

static bool sv_f64_matches(sv_match_kind m, uint64_t want, uint64_t got)
{
    const uint64_t quiet_nan = UINT64_C(0x7ff8000000000000);
    switch (m) {
    case SV_NAN_CANONICAL: return (got & UINT64_C(0x7fffffffffffffff)) == quiet_nan;
    case SV_NAN_ARITHMETIC: return (got & quiet_nan) == quiet_nan;
    default: return want == got;
    }
}

bool sv_matches(const sv_expect *e, const lwasm_val *got)
{
    if (got->kind != e->val.kind)
        return false;
    switch (e->val.kind) {
    case LWASM_I32: return got->of.i32 == e->val.of.i32;
    case LWASM_I64: return got->of.i64 == e->val.of.i64;
    case LWASM_F32: return sv_f32_matches(e->match, e->val.of.f32_bits, got->of.f32_bits);
    case LWASM_F64: return sv_f64_matches(e->match, e->val.of.f64_bits, got->of.f64_bits);
    case LWASM_FUNCREF:
        return e->match == SV_ANY_NONNULL ? got->of.funcref != NULL : got->of.funcref == e->val.of.funcref;
    case LWASM_EXTERNREF:
        return e->match == SV_ANY_NONNULL ? got->of.externref != NULL : got->of.externref == e->val.of.externref;
    case LWASM_V128: {
        unsigned bytes = sv_lanes[e->lane].bytes;
        for (unsigned i = 0; i < e->nlanes; i++) {
            uint64_t want = sv_load_le(e->val.of.v128.bytes + i * bytes, bytes);
            uint64_t have = sv_load_le(got->of.v128.bytes + i * bytes, bytes);
            bool ok = e->lane == SV_LANE_F32   ? sv_f32_matches(e->lane_match[i], (uint32_t)want, (uint32_t)have)
                      : e->lane == SV_LANE_F64 ? sv_f64_matches(e->lane_match[i], want, have)
                                               : want == have;
            if (!ok)
                return false;
        }
        return true;
    }
    default: return false;
    }
}

/* Appends to buf at *used, never overflowing; output is cut when full. */
static void sv_append(char *buf, size_t len, size_t *used, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void sv_append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    if (*used >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used = (size_t)n >= len - *used ? len : *used + (size_t)n;
}

static float sv_f32_of_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static double sv_f64_of_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static const char *sv_pattern_name(sv_match_kind m)
{
    return m == SV_NAN_CANONICAL ? "nan:canonical" : m == SV_NAN_ARITHMETIC ? "nan:arithmetic" : "?";
}

/* One lane (or scalar) of the given lane shape, exact bits. */
static void sv_append_lane(char *buf, size_t len, size_t *used, sv_lane lane, uint64_t bits)
{
    switch (lane) {
    case SV_LANE_F32:
        sv_append(buf, len, used, "%.9g (0x%08" PRIx32 ")", (double)sv_f32_of_bits((uint32_t)bits), (uint32_t)bits);
        break;
    case SV_LANE_F64:
        sv_append(buf, len, used, "%.17g (0x%016" PRIx64 ")", sv_f64_of_bits(bits), bits);
        break;
    default: sv_append(buf, len, used, "%" PRIu64, bits); break;
    }
}

static void sv_append_v128(char *buf, size_t len, size_t *used, sv_lane lane, const uint8_t *bytes,
                           const sv_match_kind *patterns)
{
    unsigned size = sv_lanes[lane].bytes;
    sv_append(buf, len, used, "v128:%sx%u[", sv_lanes[lane].name, 16 / size);
    for (unsigned i = 0; i < 16 / size; i++) {
        if (i)
            sv_append(buf, len, used, " ");
        if (patterns && patterns[i] != SV_EXACT)
            sv_append(buf, len, used, "%s", sv_pattern_name(patterns[i]));
        else
            sv_append_lane(buf, len, used, lane, sv_load_le(bytes + i * size, size));
    }
    sv_append(buf, len, used, "]");
}

static void sv_append_ref(char *buf, size_t len, size_t *used, lwasm_valkind kind, const void *p)
{
    uint64_t n;
    if (!p)
        sv_append(buf, len, used, "%s:null", sv_kind_name(kind));
    else if (kind == LWASM_EXTERNREF && sv_extern_index(p, &n) && n <= UINT32_MAX)
        sv_append(buf, len, used, "externref:%" PRIu64, n);
    else
        sv_append(buf, len, used, "%s:%p", sv_kind_name(kind), p);
}

static void sv_append_val(char *buf, size_t len, size_t *used, const lwasm_val *v, sv_lane shape)
{
    switch (v->kind) {
    case LWASM_I32:
        sv_append(buf, len, used, "i32:%" PRIu32, (uint32_t)v->of.i32);
        if (v->of.i32 < 0)
            sv_append(buf, len, used, " (%" PRId32 ")", v->of.i32);
        break;
    case LWASM_I64:
        sv_append(buf, len, used, "i64:%" PRIu64, (uint64_t)v->of.i64);
        if (v->of.i64 < 0)
            sv_append(buf, len, used, " (%" PRId64 ")", v->of.i64);
        break;
    case LWASM_F32:
        sv_append(buf, len, used, "f32:");
        sv_append_lane(buf, len, used, SV_LANE_F32, v->of.f32_bits);
        break;
    case LWASM_F64:
        sv_append(buf, len, used, "f64:");
        sv_append_lane(buf, len, used, SV_LANE_F64, v->of.f64_bits);
        break;
    case LWASM_V128: sv_append_v128(buf, len, used, shape, v->of.v128.bytes, NULL); break;
    case LWASM_FUNCREF: sv_append_ref(buf, len, used, v->kind, (const void *)v->of.funcref); break;
    case LWASM_EXTERNREF: sv_append_ref(buf, len, used, v->kind, v->of.externref); break;
    default: sv_append(buf, len, used, "(value of unknown kind 0x%02x)", v->kind); break;
    }
}

void sv_format_val(const lwasm_val *v, const sv_expect *like, char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    sv_lane shape = like && like->val.kind == LWASM_V128 ? like->lane : SV_LANE_I32;
    sv_append_val(buf, len, &used, v, shape);
}

void sv_format_expect(const sv_expect *e, char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    if (e->val.kind == LWASM_V128)
        sv_append_v128(buf, len, &used, e->lane, e->val.of.v128.bytes, e->lane_match);
    else if (e->match == SV_ANY_NONNULL)
        sv_append(buf, len, &used, "%s:(any non-null)", sv_kind_name(e->val.kind));
    else if (e->match != SV_EXACT)
        sv_append(buf, len, &used, "%s:%s", sv_kind_name(e->val.kind), sv_pattern_name(e->match));
    else
        sv_append_val(buf, len, &used, &e->val, SV_LANE_I32);
}
