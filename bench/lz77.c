/* bench/lz77.c — an LZ77 (LZSS-style) compressor with hash chains and lazy matching, its decompressor,
 * and CRC-32 checks of the round trip: the "application-sized" program of the suite. */
#include "common.h"

enum {
    WINDOW = 1 << 15,       /* how far back a match may reach */
    MIN_MATCH = 3,
    MAX_MATCH = 258,
    HASH_BITS = 15,
    MAX_CHAIN = 48,         /* candidates tried per position: the speed/ratio trade-off */
};

/* ---- CRC-32 (IEEE, reflected), table built at start-up ---- */

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

/* ---- output stream: a flag byte announces the kind of the next eight tokens ---- */

typedef struct {
    uint8_t *data;
    size_t len, cap;
    size_t flag_pos;   /* where the current flag byte lives */
    int flag_count;    /* tokens already described by it */
} out_stream;

static void out_byte(out_stream *o, uint8_t b)
{
    if (o->len == o->cap) {
        fprintf(stderr, "lz77: output buffer too small\n");
        exit(1);
    }
    o->data[o->len++] = b;
}

static void out_varint(out_stream *o, uint32_t v)
{
    while (v >= 0x80) {
        out_byte(o, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    out_byte(o, (uint8_t)v);
}

static void begin_token(out_stream *o, int is_match)
{
    if (o->flag_count == 8 || o->len == 0) {
        o->flag_pos = o->len;
        out_byte(o, 0);
        o->flag_count = 0;
    }
    if (is_match)
        o->data[o->flag_pos] |= (uint8_t)(1u << o->flag_count);
    o->flag_count++;
}

/* ---- compressor ---- */

typedef struct {
    int32_t head[1 << HASH_BITS];  /* most recent position with each hash, or -1 */
    int32_t prev[WINDOW];          /* previous position with the same hash, by position mod WINDOW */
} matcher;

static inline uint32_t hash3(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static void insert(matcher *m, const uint8_t *in, size_t pos)
{
    uint32_t h = hash3(in + pos);
    m->prev[pos & (WINDOW - 1)] = m->head[h];
    m->head[h] = (int32_t)pos;
}

/* Longest match for in[pos..] among earlier positions with the same hash; its distance goes to *dist. */
static uint32_t longest_match(const matcher *m, const uint8_t *in, size_t len, size_t pos, uint32_t *dist)
{
    uint32_t best = 0;
    size_t limit = len - pos < MAX_MATCH ? len - pos : MAX_MATCH;
    int32_t cand = m->head[hash3(in + pos)];
    for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++) {
        size_t c = (size_t)cand;
        if (pos - c > WINDOW - 1)
            break;
        /* Checking the byte just past the current best first rejects most candidates cheaply. */
        if (in[c + best] == in[pos + best]) {
            uint32_t n = 0;
            while (n < limit && in[c + n] == in[pos + n])
                n++;
            if (n > best) {
                best = n;
                *dist = (uint32_t)(pos - c);
                if (n == limit)
                    break;
            }
        }
        int32_t next = m->prev[c & (WINDOW - 1)];
        if (next >= cand)
            break; /* the slot was overwritten by a newer position: the chain has left the window */
        cand = next;
    }
    return best >= MIN_MATCH ? best : 0;
}

static size_t compress(const uint8_t *in, size_t len, uint8_t *out, size_t cap, uint32_t *matches)
{
    matcher *m = bench_alloc(sizeof *m);
    for (size_t i = 0; i < (size_t)1 << HASH_BITS; i++)
        m->head[i] = -1;
    out_stream o = {out, 0, cap, 0, 0};
    size_t pos = 0;
    *matches = 0;
    while (pos < len) {
        uint32_t dist = 0, n = 0;
        if (len - pos >= MIN_MATCH) {
            n = longest_match(m, in, len, pos, &dist);
            insert(m, in, pos);
            /* Lazy matching: when a clearly longer match starts one byte later, this byte goes out as a
             * literal and the later match is taken instead. */
            if (n && n < 32 && len - pos - 1 >= MIN_MATCH) {
                uint32_t dist2 = 0, n2 = longest_match(m, in, len, pos + 1, &dist2);
                if (n2 > n + 1) {
                    begin_token(&o, 0);
                    out_byte(&o, in[pos]);
                    pos++;
                    insert(m, in, pos);
                    n = n2;
                    dist = dist2;
                }
            }
        }
        if (n) {
            begin_token(&o, 1);
            out_varint(&o, n - MIN_MATCH);
            out_varint(&o, dist);
            (*matches)++;
            /* every covered position joins the chains so later matches can find it */
            for (size_t i = pos + 1; i < pos + n && i + MIN_MATCH <= len; i++)
                insert(m, in, i);
            pos += n;
        } else {
            begin_token(&o, 0);
            out_byte(&o, in[pos]);
            pos++;
        }
    }
    free(m);
    return o.len;
}

/* Returns the decompressed length, or (size_t)-1 on a corrupt stream. */
static size_t decompress(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    size_t ip = 0, op = 0;
    while (ip < len) {
        uint8_t flags = in[ip++];
        for (int k = 0; k < 8 && ip < len; k++) {
            if (flags & (1u << k)) {
                uint32_t v[2];
                for (int f = 0; f < 2; f++) {
                    uint32_t x = 0;
                    for (int shift = 0;; shift += 7) {
                        if (ip >= len || shift > 28)
                            return (size_t)-1;
                        uint8_t b = in[ip++];
                        x |= (uint32_t)(b & 0x7f) << shift;
                        if (!(b & 0x80))
                            break;
                    }
                    v[f] = x;
                }
                size_t n = v[0] + MIN_MATCH, dist = v[1];
                if (dist == 0 || dist > op || n > cap - op)
                    return (size_t)-1;
                for (size_t i = 0; i < n; i++, op++)
                    out[op] = out[op - dist]; /* byte by byte: overlapping copies are legal */
            } else {
                if (op >= cap)
                    return (size_t)-1;
                out[op++] = in[ip++];
            }
        }
    }
    return op;
}

/* Input that compresses like real data: log lines from templates with varying fields and noise. */
static size_t generate_input(uint8_t *buf, size_t size)
{
    static const char *const verbs[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};
    static const char *const paths[] = {"/index.html", "/api/v1/items", "/static/app.js", "/login", "/img/logo.png",
                                        "/api/v1/users/search", "/favicon.ico"};
    static const char *const agents[] = {"curl/7.88", "Mozilla/5.0 (X11; Linux x86_64)", "bench-client/1.0"};
    bench_rng rng;
    bench_rng_seed(&rng, 7777);
    size_t len = 0;
    char line[256];
    uint32_t t = 1700000000;
    while (len < size) {
        /* One draw per statement: the order of evaluation of function arguments is unspecified in C, and
         * the input must be the same whichever compiler built the program. */
        t += bench_rng_below(&rng, 3);
        uint32_t net = bench_rng_below(&rng, 4), host_hi = bench_rng_below(&rng, 256);
        uint32_t host_lo = bench_rng_below(&rng, 256);
        const char *verb = verbs[bench_rng_below(&rng, 5)];
        const char *path = paths[bench_rng_below(&rng, 7)];
        uint32_t id = bench_rng_below(&rng, 100000);
        uint32_t status = bench_rng_below(&rng, 8) ? 200u : 404u;
        uint32_t bytes = bench_rng_below(&rng, 50000);
        const char *agent = agents[bench_rng_below(&rng, 3)];
        int n = snprintf(line, sizeof line, "10.%u.%u.%u - - [%u] \"%s %s?id=%u HTTP/1.1\" %u %u \"%s\"\n", net,
                         host_hi, host_lo, t, verb, path, id, status, bytes, agent);
        if (n < 0)
            n = 0;
        size_t take = (size_t)n < size - len ? (size_t)n : size - len;
        memcpy(buf + len, line, take);
        len += take;
        /* occasional binary noise, which should stay literals */
        if (bench_rng_below(&rng, 40) == 0)
            for (int k = 0; k < 16 && len < size; k++)
                buf[len++] = (uint8_t)bench_rng_next(&rng);
    }
    return len;
}

int main(int argc, char **argv)
{
    /* Size is the input in KiB. */
    uint32_t kib = bench_size(argc, argv, 6144);
    if (kib > 1 << 20) {
        fprintf(stderr, "lz77: size must be at most %u (KiB)\n", 1u << 20);
        return 2;
    }
    crc_init();
    size_t size = (size_t)kib << 10;
    /* Worst case: one flag byte per eight literals. */
    size_t cap = size + size / 8 + 16;
    uint8_t *input = bench_alloc(size), *packed = bench_alloc(cap), *unpacked = bench_alloc(size);
    size_t len = generate_input(input, size);
    uint32_t matches = 0;
    size_t packed_len = compress(input, len, packed, cap, &matches);
    size_t unpacked_len = decompress(packed, packed_len, unpacked, size);
    uint32_t crc_in = crc32_of(input, len), crc_packed = crc32_of(packed, packed_len);
    uint32_t crc_out = unpacked_len == (size_t)-1 ? 0 : crc32_of(unpacked, unpacked_len);
    int ok = unpacked_len == len && memcmp(input, unpacked, len) == 0;
    printf("input %zu bytes crc %08" PRIx32 "; compressed %zu bytes (%.1f%%), %" PRIu32 " matches, crc %08" PRIx32
           "\n", len, crc_in, packed_len, 100.0 * (double)packed_len / (double)len, matches, crc_packed);
    printf("round trip %s (crc %08" PRIx32 ")\n", ok ? "ok" : "FAILED", crc_out);
    uint64_t h = bench_mix(bench_mix(bench_mix(BENCH_MIX_INIT, crc_in), crc_packed), packed_len);
    free(input);
    free(packed);
    free(unpacked);
    bench_print_checksum(h);
    return ok ? 0 : 1;
}
