/* leb128.c — LEB128 decoding with the spec's limits on length and unused bits. */
#include "leb128.h"

lwasm_error *lw_read_u8(lw_reader *r, uint8_t *out)
{
    if (r->p >= r->end)
        return LW_MALFORMED(lw_reader_offset(r), "unexpected end");
    *out = *r->p++;
    return NULL;
}

lwasm_error *lw_read_bytes(lw_reader *r, size_t n, const uint8_t **out)
{
    if (lw_reader_left(r) < n)
        return LW_MALFORMED(lw_reader_offset(r), "unexpected end (need %zu bytes, %zu left)", n,
                            lw_reader_left(r));
    *out = r->p;
    r->p += n;
    return NULL;
}

/* Reads an unsigned LEB128 of at most `bits` bits. */
static lwasm_error *read_uleb(lw_reader *r, unsigned bits, uint64_t *out)
{
    size_t start = lw_reader_offset(r);
    uint64_t result = 0;
    unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        if (r->p >= r->end)
            return LW_MALFORMED(lw_reader_offset(r), "unexpected end");
        uint8_t b = *r->p++;
        unsigned shift = 7 * i;
        if (i == max_bytes - 1) {
            if (b & 0x80)
                return LW_MALFORMED(start, "integer representation too long");
            /* Bits beyond `bits` in the last byte must be zero. */
            unsigned used = bits - shift;
            if (used < 7 && (b >> used) != 0)
                return LW_MALFORMED(start, "integer too large");
            result |= (uint64_t)b << shift;
            break;
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            break;
    }
    *out = result;
    return NULL;
}

/* Reads a signed LEB128 of at most `bits` bits. */
static lwasm_error *read_sleb(lw_reader *r, unsigned bits, int64_t *out)
{
    size_t start = lw_reader_offset(r);
    uint64_t result = 0;
    unsigned max_bytes = (bits + 6) / 7;
    unsigned shift = 0;
    uint8_t b = 0;
    for (unsigned i = 0;; i++) {
        if (r->p >= r->end)
            return LW_MALFORMED(lw_reader_offset(r), "unexpected end");
        b = *r->p++;
        shift = 7 * i;
        if (i == max_bytes - 1) {
            if (b & 0x80)
                return LW_MALFORMED(start, "integer representation too long");
            /* The unused high bits must all equal the sign bit of the value. */
            unsigned used = bits - shift; /* 1..7 meaningful bits in this byte */
            if (used < 7) {
                int8_t rest = (int8_t)(b << 1) >> used; /* bits from `used-1` up, sign-extended */
                if (rest != 0 && rest != -1)
                    return LW_MALFORMED(start, "integer too large");
            }
            result |= (uint64_t)(b & 0x7F) << shift;
            shift += 7;
            break;
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            shift += 7;
            break;
        }
    }
    if (shift < 64 && (b & 0x40))
        result |= ~(uint64_t)0 << shift;
    *out = (int64_t)result;
    return NULL;
}

lwasm_error *lw_read_u32(lw_reader *r, uint32_t *out)
{
    uint64_t v = 0;
    LW_TRY(read_uleb(r, 32, &v));
    *out = (uint32_t)v;
    return NULL;
}

lwasm_error *lw_read_s32(lw_reader *r, int32_t *out)
{
    int64_t v = 0;
    LW_TRY(read_sleb(r, 32, &v));
    *out = (int32_t)v;
    return NULL;
}

lwasm_error *lw_read_s33(lw_reader *r, int64_t *out) { return read_sleb(r, 33, out); }

lwasm_error *lw_read_s64(lw_reader *r, int64_t *out) { return read_sleb(r, 64, out); }

uint32_t lw_leb_u32_unchecked(const uint8_t **p)
{
    uint32_t result = 0;
    unsigned shift = 0;
    uint8_t b = 0;
    do {
        b = *(*p)++;
        result |= (uint32_t)(b & 0x7F) << shift;
        shift += 7;
    } while ((b & 0x80) && shift < 35);
    return result;
}
