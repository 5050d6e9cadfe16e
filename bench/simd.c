/* bench/simd.c — data-parallel kernels (pixel blending, thresholds, integer dot products, saxpy, clamping) that clang vectorises for wasm SIMD. */
#include "common.h"

/*
 * Built twice for wasm32-wasi by bench/simd-compare, with and without
 * -msimd128, from the same source: every loop below is one clang's
 * auto-vectoriser turns into v128 code (loads, widening multiplies,
 * shifts, narrowing, comparisons, min/max, f32x4 arithmetic). No float
 * reductions (those would need reassociation, which would change results),
 * so the output is bit-identical natively and in both wasm builds.
 */

enum { PIXELS = 1 << 16, INTS = 1 << 14, FLOATS = 1 << 14, SAMPLES = 1 << 15 };

/* Cross-fade of two 8-bit images: (a * w + b * (256 - w)) >> 8 per byte. */
static void blend(uint8_t *restrict out, const uint8_t *restrict a, const uint8_t *restrict b, uint32_t n,
                  uint32_t w)
{
    uint16_t wa = (uint16_t)w, wb = (uint16_t)(256 - w);
    for (uint32_t i = 0; i < n; i++)
        out[i] = (uint8_t)((uint16_t)(a[i] * wa + b[i] * wb) >> 8);
}

/* Bytes brighter than a threshold. */
static uint32_t count_above(const uint8_t *p, uint32_t n, uint8_t threshold)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += p[i] > threshold;
    return count;
}

/* Wrapping 32-bit dot product. */
static uint32_t dot(const uint32_t *x, const uint32_t *y, uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += x[i] * y[i];
    return sum;
}

/* y = a * x + y, element-wise (no contraction: -ffp-contract=off). */
static void saxpy(float *restrict y, const float *restrict x, float a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}

/* Audio-style gain with clipping: samples scaled by gain/256, clamped to [lo, hi]. */
static void gain_clamp(int16_t *restrict out, const int16_t *restrict in, uint32_t n, int32_t gain, int16_t lo,
                       int16_t hi)
{
    for (uint32_t i = 0; i < n; i++) {
        int32_t v = (in[i] * gain) >> 8;
        out[i] = (int16_t)(v < lo ? lo : v > hi ? hi : v);
    }
}

int main(int argc, char **argv)
{
    /* Size: rounds over the working set (about 200 KiB, cache-resident). */
    uint32_t rounds = bench_size(argc, argv, 3000);
    uint8_t *img_a = bench_alloc(PIXELS), *img_b = bench_alloc(PIXELS), *img_out = bench_alloc(PIXELS);
    uint32_t *ix = bench_alloc(INTS * sizeof *ix), *iy = bench_alloc(INTS * sizeof *iy);
    float *fx = bench_alloc(FLOATS * sizeof *fx), *fy = bench_alloc(FLOATS * sizeof *fy);
    int16_t *pcm = bench_alloc(SAMPLES * sizeof *pcm), *pcm_out = bench_alloc(SAMPLES * sizeof *pcm_out);

    bench_rng rng;
    bench_rng_seed(&rng, 128);
    for (uint32_t i = 0; i < PIXELS; i++) {
        img_a[i] = (uint8_t)bench_rng_next(&rng);
        img_b[i] = (uint8_t)(i * 7 + (i >> 8));
    }
    for (uint32_t i = 0; i < INTS; i++) {
        ix[i] = (uint32_t)bench_rng_next(&rng);
        iy[i] = (uint32_t)bench_rng_next(&rng);
    }
    for (uint32_t i = 0; i < FLOATS; i++) {
        fx[i] = (float)bench_rng_unit(&rng) - 0.5f;
        fy[i] = (float)bench_rng_unit(&rng);
    }
    for (uint32_t i = 0; i < SAMPLES; i++)
        pcm[i] = (int16_t)(bench_rng_next(&rng) >> 48);

    uint64_t h = BENCH_MIX_INIT;
    for (uint32_t r = 0; r < rounds; r++) {
        blend(img_out, img_a, img_b, PIXELS, 1 + r % 255);
        h = bench_mix(h, count_above(img_out, PIXELS, (uint8_t)(r * 37)));
        h = bench_mix(h, dot(ix, iy, INTS));
        ix[r % INTS] += r; /* a different product every round */
        /* Alternating signs keep y bounded however many rounds run. */
        saxpy(fy, fx, (r & 1) ? 0.75f : -0.75f, FLOATS);
        gain_clamp(pcm_out, pcm, SAMPLES, 64 + (int32_t)(r % 512), -20000, 20000);
        h = bench_mix(h, (uint16_t)pcm_out[r % SAMPLES]);
        h = bench_mix(h, img_out[(r * 101) % PIXELS]);
    }
    for (uint32_t i = 0; i < FLOATS; i++) {
        uint32_t bits;
        memcpy(&bits, &fy[i], sizeof bits);
        h = bench_mix(h, bits);
    }
    for (uint32_t i = 0; i < SAMPLES; i++)
        h = bench_mix(h, (uint16_t)pcm_out[i]);
    printf("rounds %" PRIu32 "\n", rounds);
    bench_print_checksum(h);
    free(img_a);
    free(img_b);
    free(img_out);
    free(ix);
    free(iy);
    free(fx);
    free(fy);
    free(pcm);
    free(pcm_out);
    return 0;
}
