/* bench/common.h — helpers shared by the benchmark programs: size argument, deterministic PRNG, checksums. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one optional argument is the problem size; the harness passes a small one for --quick runs.
 * Rejecting junk (instead of silently using 0) keeps a typo from producing a meaningless timing. */
static inline uint32_t bench_size(int argc, char **argv, uint32_t default_size)
{
    if (argc < 2)
        return default_size;
    char *end = NULL;
    unsigned long v = strtoul(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || v == 0 || v > 0x7fffffffUL) {
        fprintf(stderr, "%s: size must be a positive integer, got '%s'\n", argv[0], argv[1]);
        exit(2);
    }
    return (uint32_t)v;
}

/* Allocation failure ends the run with a message: a benchmark has no useful way to degrade. */
static inline void *bench_alloc(size_t bytes)
{
    void *p = calloc(1, bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "out of memory allocating %zu bytes\n", bytes);
        exit(3);
    }
    return p;
}

/* xorshift64*: fast, and identical on every target because it uses only fixed-width integer arithmetic. */
typedef struct { uint64_t s; } bench_rng;

static inline void bench_rng_seed(bench_rng *r, uint64_t seed)
{
    r->s = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

static inline uint64_t bench_rng_next(bench_rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, n) without modulo bias worth caring about for n far below 2^32. */
static inline uint32_t bench_rng_below(bench_rng *r, uint32_t n)
{
    return (uint32_t)(((bench_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A double in [0, 1) built from 53 random bits, so native and wasm see the same value. */
static inline double bench_rng_unit(bench_rng *r)
{
    return (double)(bench_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Running checksum: FNV-1a style folding of 64-bit words, enough to catch any wrong result. */
static inline uint64_t bench_mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
    return h;
}

/* Doubles enter the checksum as their exact bit pattern: any difference in rounding shows. */
static inline uint64_t bench_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

#define BENCH_MIX_INIT 0xcbf29ce484222325ULL

static inline void bench_print_checksum(uint64_t h)
{
    printf("checksum %016" PRIx64 "\n", h);
}

#endif
