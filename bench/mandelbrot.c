/* bench/mandelbrot.c — Mandelbrot escape counts over a grid: data-dependent double-precision loops. */
#include "common.h"

enum { MAX_ITER = 500 };

static uint32_t escape_count(double cr, double ci)
{
    double zr = 0, zi = 0;
    uint32_t k = 0;
    /* |z| <= 2 keeps every value finite, so results are exact on every target. */
    while (k < MAX_ITER && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        k++;
    }
    return k;
}

int main(int argc, char **argv)
{
    /* Size is the grid width in pixels; the height is three quarters of it. */
    uint32_t width = bench_size(argc, argv, 800);
    if (width > 20000) {
        fprintf(stderr, "mandelbrot: width must be at most 20000\n");
        return 2;
    }
    uint32_t height = width * 3 / 4 ? width * 3 / 4 : 1;
    uint64_t h = BENCH_MIX_INIT, total = 0;
    uint32_t inside = 0;
    /* A coarse text rendering of a few rows, so a human can see the set is right. */
    char row[65];
    for (uint32_t y = 0; y < height; y++) {
        double ci = -1.2 + 2.4 * y / height;
        uint64_t row_sum = 0;
        for (uint32_t x = 0; x < width; x++) {
            double cr = -2.1 + 3.0 * x / width;
            uint32_t k = escape_count(cr, ci);
            row_sum += k;
            inside += k == MAX_ITER;
        }
        total += row_sum;
        h = bench_mix(h, row_sum);
        if (y % (height / 8 ? height / 8 : 1) == 0) {
            for (int x = 0; x < 64; x++)
                row[x] = escape_count(-2.1 + 3.0 * x / 64, ci) == MAX_ITER ? '#' : '.';
            row[64] = '\0';
            printf("%s\n", row);
        }
    }
    printf("%" PRIu32 "x%" PRIu32 ": %" PRIu64 " iterations, %" PRIu32 " points inside\n", width, height, total,
           inside);
    bench_print_checksum(h);
    return 0;
}
