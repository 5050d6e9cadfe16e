/* bench/sha256.c — SHA-256 (FIPS 180-4) over megabytes of generated data: 32-bit rotates, adds and loads. */
#include "common.h"

typedef struct {
    uint32_t state[8];
    uint64_t length;      /* bytes hashed so far */
    uint8_t block[64];
    uint32_t used;        /* bytes waiting in block */
} sha256_ctx;

/* The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4, 4.2.2). */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t state[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + round_constants[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void sha256_init(sha256_ctx *c)
{
    static const uint32_t initial[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    memcpy(c->state, initial, sizeof initial);
    c->length = 0;
    c->used = 0;
}

static void sha256_update(sha256_ctx *c, const uint8_t *data, size_t len)
{
    c->length += len;
    if (c->used) {
        size_t take = 64 - c->used < len ? 64 - c->used : len;
        memcpy(c->block + c->used, data, take);
        c->used += (uint32_t)take;
        data += take;
        len -= take;
        if (c->used < 64)
            return;
        compress(c->state, c->block);
        c->used = 0;
    }
    for (; len >= 64; data += 64, len -= 64)
        compress(c->state, data);
    memcpy(c->block, data, len);
    c->used = (uint32_t)len;
}

static void sha256_final(sha256_ctx *c, uint8_t out[32])
{
    uint64_t bits = c->length * 8;
    uint8_t pad[72] = {0x80};
    size_t padlen = (c->used < 56 ? 56 : 120) - c->used;
    for (int i = 0; i < 8; i++)
        pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(c, pad, padlen + 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(c->state[i] >> 24);
        out[4 * i + 1] = (uint8_t)(c->state[i] >> 16);
        out[4 * i + 2] = (uint8_t)(c->state[i] >> 8);
        out[4 * i + 3] = (uint8_t)c->state[i];
    }
}

static void print_digest(const char *label, const uint8_t d[32])
{
    printf("%s ", label);
    for (int i = 0; i < 32; i++)
        printf("%02x", d[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    uint32_t megabytes = bench_size(argc, argv, 32);
    if (megabytes > 1024) {
        fprintf(stderr, "sha256: size must be at most 1024 (MB)\n");
        return 2;
    }
    /* Known answer first: a wrong implementation must not produce a plausible timing. */
    uint8_t digest[32];
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, (const uint8_t *)"abc", 3);
    sha256_final(&c, digest);
    print_digest("sha256(abc)", digest);

    /* Generated data hashed in odd-sized pieces, so the buffering paths run as well as whole blocks. */
    enum { CHUNK = 1 << 16 };
    uint8_t *buf = bench_alloc(CHUNK);
    bench_rng rng;
    bench_rng_seed(&rng, 256);
    sha256_init(&c);
    uint64_t total = (uint64_t)megabytes << 20;
    uint64_t h = BENCH_MIX_INIT;
    while (total) {
        for (size_t i = 0; i < CHUNK; i += 8) {
            uint64_t r = bench_rng_next(&rng);
            memcpy(buf + i, &r, 8);
        }
        size_t n = total < CHUNK ? (size_t)total : CHUNK;
        size_t split = 1 + bench_rng_below(&rng, 1000);
        sha256_update(&c, buf, split);
        sha256_update(&c, buf + split, n - split);
        total -= n;
    }
    sha256_final(&c, digest);
    print_digest("sha256(data)", digest);
    for (int i = 0; i < 32; i++)
        h = bench_mix(h, digest[i]);
    free(buf);
    bench_print_checksum(h);
    return 0;
}
