/* leb128.h — a bounds-checked byte reader with the binary format's LEB128 rules. */
#ifndef LW_LEB128_H
#define LW_LEB128_H

#include "error.h"

typedef struct lw_reader {
    const uint8_t *origin; /* start of the module binary: offsets are p - origin */
    const uint8_t *p;
    const uint8_t *end;
} lw_reader;

static inline lw_reader lw_reader_make(const uint8_t *origin, const uint8_t *p, const uint8_t *end)
{
    lw_reader r = {origin, p, end};
    return r;
}
static inline size_t lw_reader_offset(const lw_reader *r) { return (size_t)(r->p - r->origin); }
static inline size_t lw_reader_left(const lw_reader *r) { return (size_t)(r->end - r->p); }
static inline bool lw_reader_eof(const lw_reader *r) { return r->p >= r->end; }

/* Each returns NULL, or a LWASM_ERR_MALFORMED error at the offending byte:
 * "unexpected end", "integer representation too long", "integer too large". */
lwasm_error *lw_read_u8(lw_reader *r, uint8_t *out);
lwasm_error *lw_read_u32(lw_reader *r, uint32_t *out);
lwasm_error *lw_read_s32(lw_reader *r, int32_t *out);
lwasm_error *lw_read_s33(lw_reader *r, int64_t *out);
lwasm_error *lw_read_s64(lw_reader *r, int64_t *out);
lwasm_error *lw_read_bytes(lw_reader *r, size_t n, const uint8_t **out);

/* For bytes already checked by lw_read_u32: decode without checks. */
uint32_t lw_leb_u32_unchecked(const uint8_t **p);

#endif
