/* bench/strings.c — memory-heavy string work: generate text, tokenise, count words in a hash table,
 * sort the vocabulary, build a report with a growing buffer and search for substrings. */
#include "common.h"

static const char *const syllables[] = {
    "ka", "ri", "mo", "ten", "sa", "lu", "vor", "ne", "qui", "da", "pe", "stra", "o", "an", "bel",
    "chi", "gor", "im", "u", "zen", "fra", "tol", "ma", "ex", "ly", "or", "pin", "shu", "ve", "wa",
};
enum { NSYLL = sizeof syllables / sizeof syllables[0] };

typedef struct {
    char *data;
    size_t len, cap;
} strbuf;

static void sb_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        fprintf(stderr, "strings: out of memory\n");
        exit(3);
    }
    b->data = p;
    b->cap = cap;
}

static void sb_append(strbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void sb_append_uint(strbuf *b, uint32_t v)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_reserve(b, n);
    while (n)
        b->data[b->len++] = tmp[--n];
    b->data[b->len] = '\0';
}

/* Text with a skewed word distribution (short words are common), sentences and line breaks. */
static void generate_text(strbuf *text, uint32_t words, bench_rng *rng)
{
    for (uint32_t w = 0; w < words; w++) {
        /* separate statements: C leaves the order of the three draws in one expression unspecified */
        uint32_t parts = bench_rng_below(rng, 3);
        parts *= bench_rng_below(rng, 2);
        parts += 1 + bench_rng_below(rng, 2);
        for (uint32_t p = 0; p < parts; p++) {
            /* squaring the draw favours the first syllables, as real text favours a few words */
            uint32_t r = bench_rng_below(rng, NSYLL);
            const char *s = syllables[r * r / NSYLL];
            size_t start = text->len;
            sb_append(text, s, strlen(s));
            if (w % 11 == 0 && p == 0)
                text->data[start] = (char)(text->data[start] - 'a' + 'A');
        }
        uint32_t punct = bench_rng_below(rng, 16);
        sb_append(text, punct == 0 ? ". " : punct == 1 ? ", " : w % 13 == 12 ? "\n" : " ", punct < 2 ? 2 : 1);
    }
}

typedef struct {
    char *word;      /* owned, lower case */
    uint32_t count;
    uint32_t hash;
} entry;

typedef struct {
    entry *slots;
    uint32_t mask, used;
} table;

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static void table_grow(table *t)
{
    uint32_t cap = t->slots ? (t->mask + 1) * 2 : 1024;
    entry *slots = bench_alloc(cap * sizeof *slots);
    for (uint32_t i = 0; t->slots && i <= t->mask; i++) {
        if (!t->slots[i].word)
            continue;
        uint32_t j = t->slots[i].hash & (cap - 1);
        while (slots[j].word)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->mask = cap - 1;
}

static void table_add(table *t, const char *w, size_t n)
{
    if (!t->slots || (t->used + 1) * 4 > (t->mask + 1) * 3)
        table_grow(t);
    uint32_t h = hash_bytes(w, n);
    uint32_t j = h & t->mask;
    for (; t->slots[j].word; j = (j + 1) & t->mask)
        if (t->slots[j].hash == h && strncmp(t->slots[j].word, w, n) == 0 && t->slots[j].word[n] == '\0') {
            t->slots[j].count++;
            return;
        }
    char *copy = bench_alloc(n + 1);
    memcpy(copy, w, n);
    t->slots[j] = (entry){copy, 1, h};
    t->used++;
}

/* Merge sort of entry pointers: by count descending, then alphabetically, a total order. */
static int entry_before(const entry *a, const entry *b)
{
    if (a->count != b->count)
        return a->count > b->count;
    return strcmp(a->word, b->word) < 0;
}

static void sort_entries(entry **a, entry **tmp, size_t n)
{
    if (n < 2)
        return;
    size_t mid = n / 2;
    sort_entries(a, tmp, mid);
    sort_entries(a + mid, tmp, n - mid);
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n)
        tmp[k++] = entry_before(a[j], a[i]) ? a[j++] : a[i++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* Occurrences of pat in text (overlapping), by a plain first-byte filter then compare. */
static uint32_t count_occurrences(const char *text, size_t len, const char *pat)
{
    size_t m = strlen(pat);
    uint32_t count = 0;
    for (size_t i = 0; i + m <= len; i++)
        if (text[i] == pat[0] && memcmp(text + i, pat, m) == 0)
            count++;
    return count;
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int main(int argc, char **argv)
{
    /* Size is the number of words of generated text, in thousands. */
    uint32_t thousands = bench_size(argc, argv, 1000);
    if (thousands > 20000) {
        fprintf(stderr, "strings: size must be at most 20000 (thousands)\n");
        return 2;
    }
    bench_rng rng;
    bench_rng_seed(&rng, 99);
    strbuf text = {0};
    generate_text(&text, thousands * 1000, &rng);

    /* Tokenise into lower-case words counted in the table. */
    table t = {0};
    char word[64];
    uint32_t total_words = 0;
    for (size_t i = 0; i < text.len;) {
        while (i < text.len && !is_letter(text.data[i]))
            i++;
        size_t n = 0;
        while (i < text.len && is_letter(text.data[i])) {
            char c = text.data[i++];
            if (n < sizeof word)
                word[n++] = (char)(c | 0x20);
        }
        if (n) {
            table_add(&t, word, n);
            total_words++;
        }
    }

    entry **order = bench_alloc(t.used * sizeof *order), **tmp = bench_alloc(t.used * sizeof *tmp);
    size_t k = 0;
    for (uint32_t i = 0; i <= t.mask; i++)
        if (t.slots[i].word)
            order[k++] = &t.slots[i];
    sort_entries(order, tmp, k);

    strbuf report = {0};
    for (size_t i = 0; i < k; i++) {
        sb_append(&report, order[i]->word, strlen(order[i]->word));
        sb_append(&report, " ", 1);
        sb_append_uint(&report, order[i]->count);
        sb_append(&report, "\n", 1);
    }

    /* A reversed copy of the whole text, built word by word into a second buffer. */
    strbuf reversed = {0};
    sb_reserve(&reversed, text.len);
    for (size_t end = text.len; end > 0;) {
        size_t start = end;
        while (start > 0 && text.data[start - 1] != ' ')
            start--;
        sb_append(&reversed, text.data + start, end - start);
        if (start > 0)
            sb_append(&reversed, " ", 1);
        end = start ? start - 1 : 0;
    }

    static const char *const patterns[] = {"kari", "stravor", ". Ka", "ten\n", "zenfra", "o o"};
    uint64_t h = BENCH_MIX_INIT;
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        uint32_t c = count_occurrences(text.data, text.len, patterns[p]);
        uint32_t r = count_occurrences(reversed.data, reversed.len, patterns[p]);
        h = bench_mix(bench_mix(h, c), r);
    }
    h = bench_mix(h, hash_bytes(report.data, report.len));
    h = bench_mix(h, hash_bytes(reversed.data, reversed.len));
    printf("text %zu bytes, %" PRIu32 " words, %" PRIu32 " distinct\n", text.len, total_words, t.used);
    printf("most common: %s (%" PRIu32 "), least: %s (%" PRIu32 ")\n", order[0]->word, order[0]->count,
           order[k - 1]->word, order[k - 1]->count);
    bench_print_checksum(h);

    for (uint32_t i = 0; i <= t.mask; i++)
        free(t.slots[i].word);
    free(t.slots);
    free(order);
    free(tmp);
    free(text.data);
    free(report.data);
    free(reversed.data);
    return 0;
}
