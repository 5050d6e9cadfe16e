/* values.h — spec-script values: parsing wast2json's value objects, matching results, printing both. */
#ifndef SPEC_VALUES_H
#define SPEC_VALUES_H

#include "libwasm.h"

#include <cjson/cJSON.h>

/* How one scalar (or one v128 lane) must match. */
typedef enum sv_match_kind {
    SV_EXACT,          /* bit-exact */
    SV_NAN_CANONICAL,  /* any sign, quiet bit only, zero payload otherwise */
    SV_NAN_ARITHMETIC, /* any sign, quiet bit set, any payload */
    SV_ANY_NONNULL,    /* a reference given only by its type: any non-null one */
} sv_match_kind;

/* Lane shapes of a v128 expectation, as wast2json names them. */
typedef enum sv_lane {
    SV_LANE_I8,
    SV_LANE_I16,
    SV_LANE_I32,
    SV_LANE_I64,
    SV_LANE_F32,
    SV_LANE_F64,
} sv_lane;

typedef struct sv_expect {
    lwasm_val val;       /* kind and exact bits (v128: all lanes) */
    sv_match_kind match; /* scalars */
    sv_lane lane;        /* v128 only */
    uint8_t nlanes;      /* v128 only */
    sv_match_kind lane_match[16];
} sv_expect;

/* Externref `N` of a script is this host pointer: distinct for each N, never
 * NULL, never dereferenced (the runtime only stores and compares it). */
void *sv_extern_ptr(uint64_t n);
/* The inverse, for messages; false when p is not such a pointer. */
bool sv_extern_index(const void *p, uint64_t *n);

/* Parses an argument {"type": T, "value": V}: exact values only. On failure
 * writes a reason to err and returns false. */
bool sv_parse_arg(const cJSON *obj, lwasm_val *out, char *err, size_t errlen);
/* Parses an expected result, which may also be a NaN pattern or a bare
 * reference type. */
bool sv_parse_expect(const cJSON *obj, sv_expect *out, char *err, size_t errlen);

/* Whether got (of the declared kind got->kind) satisfies the expectation. */
bool sv_matches(const sv_expect *e, const lwasm_val *got);

/* Human-readable forms for failure messages ("i32:42", "f32:1.5 (0x3fc00000)", ...).
 * A v128 is shown in the lane shape of `like` when given (i32x4 otherwise). */
void sv_format_val(const lwasm_val *v, const sv_expect *like, char *buf, size_t len);
void sv_format_expect(const sv_expect *e, char *buf, size_t len);
const char *sv_kind_name(lwasm_valkind k);

#endif
