/* bench/fib.c — recursive calls: naive doubly recursive Fibonacci, measuring call and return cost. */
#include "common.h"

/* Kept out of line and doubly recursive on purpose: the point is the calls, not the answer. */
__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    uint32_t n = bench_size(argc, argv, 37);
    if (n > 45) {
        fprintf(stderr, "fib: n must be at most 45\n");
        return 2;
    }
    uint64_t h = BENCH_MIX_INIT;
    /* A few neighbouring n so the result is not a single constant the compiler could guess at. */
    for (uint32_t k = n - (n >= 2 ? 2 : 0); k <= n; k++) {
        uint32_t f = fib(k);
        printf("fib(%" PRIu32 ") = %" PRIu32 "\n", k, f);
        h = bench_mix(h, f);
    }
    bench_print_checksum(h);
    return 0;
}
