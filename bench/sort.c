/* bench/sort.c — sorting: quicksort of 32-bit keys and a stable merge sort of records, both written here. */
#include "common.h"

typedef struct {
    uint32_t key;
    uint32_t serial; /* original position: lets the check prove the merge sort is stable */
} record;

static void insertion_sort_u32(uint32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

static inline uint32_t median3(uint32_t a, uint32_t b, uint32_t c)
{
    if (a > b) { uint32_t t = a; a = b; b = t; }
    if (b > c) b = c;
    return a > b ? a : b;
}

/* Hoare-partition quicksort; recursing into the smaller side bounds the stack depth by log2(n). */
static void quicksort_u32(uint32_t *a, size_t n)
{
    while (n > 24) {
        uint32_t pivot = median3(a[0], a[n / 2], a[n - 1]);
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++;
            j--;
        }
        size_t left = j + 1;
        if (left < n - left) {
            quicksort_u32(a, left);
            a += left;
            n -= left;
        } else {
            quicksort_u32(a + left, n - left);
            n = left;
        }
    }
    insertion_sort_u32(a, n);
}

/* Bottom-up merge sort through a scratch buffer; ties keep their order, so it is stable. */
static void merge_sort_records(record *a, record *scratch, size_t n)
{
    record *src = a, *dst = scratch;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[j].key < src[i].key ? src[j++] : src[i++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        record *t = src; src = dst; dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

int main(int argc, char **argv)
{
    /* Size is the number of elements in thousands. */
    uint32_t thousands = bench_size(argc, argv, 1500);
    if (thousands > 50000) {
        fprintf(stderr, "sort: size must be at most 50000 (thousands)\n");
        return 2;
    }
    size_t n = (size_t)thousands * 1000;
    bench_rng rng;
    bench_rng_seed(&rng, 4242);
    uint64_t h = BENCH_MIX_INIT;

    uint32_t *keys = bench_alloc(n * sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = (uint32_t)(bench_rng_next(&rng) >> 32);
    quicksort_u32(keys, n);
    for (size_t i = 1; i < n; i++)
        if (keys[i - 1] > keys[i]) {
            printf("quicksort: out of order at %zu\n", i);
            return 1;
        }
    for (size_t i = 0; i < n; i += 97)
        h = bench_mix(h, keys[i]);
    printf("quicksort: %zu keys, min %08" PRIx32 " max %08" PRIx32 "\n", n, keys[0], keys[n - 1]);
    free(keys);

    /* Few distinct keys, so stability is actually exercised. */
    record *recs = bench_alloc(n * sizeof *recs);
    record *scratch = bench_alloc(n * sizeof *scratch);
    for (size_t i = 0; i < n; i++) {
        recs[i].key = bench_rng_below(&rng, 1000);
        recs[i].serial = (uint32_t)i;
    }
    merge_sort_records(recs, scratch, n);
    for (size_t i = 1; i < n; i++)
        if (recs[i - 1].key > recs[i].key ||
            (recs[i - 1].key == recs[i].key && recs[i - 1].serial > recs[i].serial)) {
            printf("merge sort: out of order or unstable at %zu\n", i);
            return 1;
        }
    for (size_t i = 0; i < n; i += 89)
        h = bench_mix(h, (uint64_t)recs[i].key << 32 | recs[i].serial);
    printf("merge sort: %zu records, first serial %" PRIu32 " last serial %" PRIu32 "\n", n, recs[0].serial,
           recs[n - 1].serial);
    free(recs);
    free(scratch);
    bench_print_checksum(h);
    return 0;
}
