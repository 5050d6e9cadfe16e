/* bench/sieve.c — sieve of Eratosthenes over a byte array: tight loops with strided memory stores. */
#include "common.h"

/* Marks composites in flags[0..limit]; returns the number of primes <= limit. */
static uint32_t sieve(uint8_t *flags, uint32_t limit)
{
    memset(flags, 1, (size_t)limit + 1);
    flags[0] = 0;
    if (limit >= 1)
        flags[1] = 0;
    for (uint32_t i = 2; (uint64_t)i * i <= limit; i++) {
        if (!flags[i])
            continue;
        for (uint32_t j = i * i; j <= limit; j += i)
            flags[j] = 0;
    }
    uint32_t count = 0;
    for (uint32_t i = 0; i <= limit; i++)
        count += flags[i];
    return count;
}

int main(int argc, char **argv)
{
    /* Size is the sieve's upper limit in thousands; the sieve runs over several limits up to it. */
    uint32_t thousands = bench_size(argc, argv, 18000);
    if (thousands > 200000) {
        fprintf(stderr, "sieve: size must be at most 200000 (thousands)\n");
        return 2;
    }
    uint32_t limit = thousands * 1000;
    uint8_t *flags = bench_alloc((size_t)limit + 1);
    uint64_t h = BENCH_MIX_INIT;
    /* Several passes with different limits, so the work is not one repeated identical loop. */
    for (uint32_t pass = 1; pass <= 4; pass++) {
        uint32_t lim = limit / 4 * pass;
        uint32_t count = sieve(flags, lim);
        /* Fold in the positions of the last few primes as well as the count. */
        uint32_t seen = 0;
        for (uint32_t i = lim; i > 1 && seen < 16; i--)
            if (flags[i]) {
                h = bench_mix(h, i);
                seen++;
            }
        printf("primes <= %" PRIu32 ": %" PRIu32 "\n", lim, count);
        h = bench_mix(h, count);
    }
    free(flags);
    bench_print_checksum(h);
    return 0;
}
