/* bench/matmul.c — dense double-precision matrix multiply (i-k-j order) with a residual check. */
#include "common.h"

/* c = a * b for n x n row-major matrices; i-k-j order walks b and c along rows. */
static void multiply(const double *a, const double *b, double *c, uint32_t n)
{
    memset(c, 0, (size_t)n * n * sizeof *c);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < n; k++) {
            double aik = a[(size_t)i * n + k];
            const double *brow = b + (size_t)k * n;
            double *crow = c + (size_t)i * n;
            for (uint32_t j = 0; j < n; j++)
                crow[j] += aik * brow[j];
        }
}

int main(int argc, char **argv)
{
    /* Size is the matrix order n. */
    uint32_t n = bench_size(argc, argv, 640);
    if (n > 4096) {
        fprintf(stderr, "matmul: n must be at most 4096\n");
        return 2;
    }
    size_t cells = (size_t)n * n;
    double *a = bench_alloc(cells * sizeof *a);
    double *b = bench_alloc(cells * sizeof *b);
    double *c = bench_alloc(cells * sizeof *c);
    double *d = bench_alloc(cells * sizeof *d);
    bench_rng rng;
    bench_rng_seed(&rng, 77);
    for (size_t i = 0; i < cells; i++) {
        a[i] = bench_rng_unit(&rng) - 0.5;
        b[i] = bench_rng_unit(&rng) - 0.5;
    }
    /* (a * b) * x must equal a * (b * x) for a vector x, up to rounding: a cheap check of the product. */
    multiply(a, b, c, n);
    multiply(c, a, d, n);
    double *x = bench_alloc(n * sizeof *x), *bx = bench_alloc(n * sizeof *bx), *abx = bench_alloc(n * sizeof *abx);
    double worst = 0;
    for (uint32_t i = 0; i < n; i++)
        x[i] = (double)(i % 7) - 3;
    for (uint32_t i = 0; i < n; i++) {
        double s = 0;
        for (uint32_t j = 0; j < n; j++)
            s += b[(size_t)i * n + j] * x[j];
        bx[i] = s;
    }
    for (uint32_t i = 0; i < n; i++) {
        double s = 0, t = 0;
        for (uint32_t j = 0; j < n; j++) {
            s += a[(size_t)i * n + j] * bx[j];
            t += c[(size_t)i * n + j] * x[j];
        }
        abx[i] = s;
        double diff = s > t ? s - t : t - s;
        if (diff > worst)
            worst = diff;
    }
    printf("order %" PRIu32 ", residual %s\n", n, worst < 1e-9 * n ? "ok" : "TOO LARGE");
    double trace = 0;
    uint64_t h = BENCH_MIX_INIT;
    for (uint32_t i = 0; i < n; i++) {
        trace += d[(size_t)i * n + i];
        h = bench_mix(h, bench_bits(d[(size_t)i * n + (i * 7) % n]));
    }
    printf("trace(a*b*a) %.9f\n", trace);
    h = bench_mix(h, bench_bits(abx[n / 2]));
    free(a); free(b); free(c); free(d); free(x); free(bx); free(abx);
    bench_print_checksum(h);
    return worst < 1e-9 * n ? 0 : 1;
}
