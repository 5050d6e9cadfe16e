/* op_profile.h — a development aid: counts the internal instructions and pairs the interpreter dispatches (-Dop_profile=true). */
#ifndef LW_OP_PROFILE_H
#define LW_OP_PROFILE_H

/*
 * Built only into interp.c of a switch-dispatch build configured with
 * -Dop_profile=true, for finding the next superinstruction: every dispatch
 * counts its internal opcode and the pair (previous, this one). At process
 * exit the 60 most frequent of each go to the file named by
 * $LWASM_OP_PROFILE (standard error without it). The counters are process
 * globals, not thread-safe: this build is for measuring, never for use.
 */

#include <stdio.h>
#include <stdlib.h>

static const char *const lw_prof_wasm_names[] = {
#define LW_X_PROF_NAME(ID, TEXT, ...) [LW_OP_##ID] = TEXT,
    LW_FOR_EACH_OPCODE(LW_X_PROF_NAME)
#undef LW_X_PROF_NAME
};
static const char *const lw_prof_extra_names[] = {
#define LW_X_PROF_EXTRA(name) #name,
    LW_FOR_EACH_IOP_EXTRA(LW_X_PROF_EXTRA) LW_FOR_EACH_IOP_FUSED(LW_X_PROF_EXTRA)
#undef LW_X_PROF_EXTRA
};
static const char *const lw_prof_family_names[] = {
#define LW_X_PROF_FAMILY(f) #f,
    LW_FOR_EACH_FUSED_FAMILY(LW_X_PROF_FAMILY)
#undef LW_X_PROF_FAMILY
};

/* "i32.add", "COPY2", or "RB:i32.add" for a family's variant. */
static void lw_prof_name(unsigned op, char *buf, size_t n)
{
    if (op < LW_OP_COUNT_) {
        snprintf(buf, n, "%s", lw_prof_wasm_names[op]);
    } else if (op < (unsigned)LW_I_K_BASE_) {
        snprintf(buf, n, "%s", lw_prof_extra_names[op - LW_OP_COUNT_]);
    } else if (op < (unsigned)LW_I_COUNT_) {
        unsigned rel = op - (unsigned)LW_I_K_BASE_;
        snprintf(buf, n, "%s:%s", lw_prof_family_names[rel / LW_OP_COUNT_], lw_prof_wasm_names[rel % LW_OP_COUNT_]);
    } else {
        snprintf(buf, n, "?%u", op);
    }
}

enum { LW_PROF_PAIR_SLOTS = 1 << 20, LW_PROF_SHOWN = 60 };
typedef struct lw_prof_pair {
    unsigned first, second;
    unsigned long long n;
} lw_prof_pair;
static unsigned long long lw_prof_counts[LW_I_COUNT_];
static lw_prof_pair lw_prof_pairs[LW_PROF_PAIR_SLOTS]; /* open addressing; n == 0: free */
static unsigned lw_prof_previous = ~0u;

static inline void lw_prof_count(unsigned op)
{
    if (op >= (unsigned)LW_I_COUNT_)
        return;
    lw_prof_counts[op]++;
    unsigned first = lw_prof_previous;
    lw_prof_previous = op;
    if (first == ~0u)
        return;
    unsigned h = (first * 2654435761u ^ op * 40503u) & (LW_PROF_PAIR_SLOTS - 1);
    for (unsigned probes = 0; probes < LW_PROF_PAIR_SLOTS; probes++, h = (h + 1) & (LW_PROF_PAIR_SLOTS - 1)) {
        lw_prof_pair *p = &lw_prof_pairs[h];
        if (p->n == 0 || (p->first == first && p->second == op)) {
            p->first = first;
            p->second = op;
            p->n++;
            return;
        }
    }
}

static int lw_prof_by_count(const void *x, const void *y)
{
    unsigned long long a = lw_prof_counts[*(const unsigned *)x], b = lw_prof_counts[*(const unsigned *)y];
    return a < b ? 1 : a > b ? -1 : 0;
}

static int lw_prof_pair_by_count(const void *x, const void *y)
{
    unsigned long long a = lw_prof_pairs[*(const unsigned *)x].n, b = lw_prof_pairs[*(const unsigned *)y].n;
    return a < b ? 1 : a > b ? -1 : 0;
}

__attribute__((destructor)) static void lw_prof_report(void)
{
    const char *path = getenv("LWASM_OP_PROFILE");
    FILE *f = path && *path ? fopen(path, "w") : stderr;
    if (!f)
        return;
    static unsigned order[LW_PROF_PAIR_SLOTS];
    unsigned long long total = 0;
    unsigned n = 0;
    for (unsigned i = 0; i < (unsigned)LW_I_COUNT_; i++) {
        total += lw_prof_counts[i];
        if (lw_prof_counts[i])
            order[n++] = i;
    }
    qsort(order, n, sizeof order[0], lw_prof_by_count);
    fprintf(f, "dispatches %llu\n", total);
    char a[64], b[64];
    for (unsigned i = 0; i < n && i < LW_PROF_SHOWN; i++) {
        lw_prof_name(order[i], a, sizeof a);
        fprintf(f, "%6.2f%% %12llu %s\n", 100.0 * (double)lw_prof_counts[order[i]] / (double)total,
                lw_prof_counts[order[i]], a);
    }
    n = 0;
    for (unsigned i = 0; i < LW_PROF_PAIR_SLOTS; i++)
        if (lw_prof_pairs[i].n)
            order[n++] = i;
    qsort(order, n, sizeof order[0], lw_prof_pair_by_count);
    fprintf(f, "pairs\n");
    for (unsigned i = 0; i < n && i < LW_PROF_SHOWN; i++) {
        const lw_prof_pair *p = &lw_prof_pairs[order[i]];
        lw_prof_name(p->first, a, sizeof a);
        lw_prof_name(p->second, b, sizeof b);
        fprintf(f, "%6.2f%% %12llu %s -> %s\n", 100.0 * (double)p->n / (double)total, p->n, a, b);
    }
    if (f != stderr)
        fclose(f);
}

#endif
