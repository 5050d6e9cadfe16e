/* cost.c — static work bounds of loop-free functions, computed level by level up to the call-depth limit. */
#include "cost.h"

#include "insn.h"

#include <stdlib.h>
#include <string.h>

typedef struct site {
    uint32_t caller; /* defined-function number (0 = first non-imported) */
    uint32_t callee; /* function index, or UINT32_MAX for call_indirect */
} site;

typedef struct scan {
    uint64_t *own;  /* per defined function: its own instructions, weighted; INFINITE with a loop */
    bool any_bulk;
    site *sites;
    size_t nsites, cap;
} scan;

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > LW_COST_INFINITE - b ? LW_COST_INFINITE : a + b; }

static bool is_bulk(lw_opcode op)
{
    switch (op) {
    case LW_OP_MEMORY_GROW: case LW_OP_MEMORY_FILL: case LW_OP_MEMORY_COPY: case LW_OP_MEMORY_INIT:
    case LW_OP_TABLE_GROW: case LW_OP_TABLE_FILL: case LW_OP_TABLE_COPY: case LW_OP_TABLE_INIT:
        return true;
    default:
        return false;
    }
}

static bool add_site(scan *s, uint32_t caller, uint32_t callee)
{
    if (s->nsites == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        site *n = realloc(s->sites, cap * sizeof *n);
        if (!n)
            return false;
        s->sites = n;
        s->cap = cap;
    }
    s->sites[s->nsites++] = (site){caller, callee};
    return true;
}

/* One pass over a validated body: its weighted length, loops and call sites. */
static bool scan_body(const lwasm_module *m, uint32_t def, scan *s)
{
    const lw_bytes *b = &m->codes[def].body;
    lw_reader r = lw_reader_make(m->bytes, b->data, b->data + b->len);
    uint64_t own = 0;
    while (!lw_reader_eof(&r)) {
        lw_insn in;
        lwasm_error *e = lw_insn_read(&r, &in);
        if (e) { /* cannot happen after validation; treat as unbounded */
            lwasm_error_delete(e);
            own = LW_COST_INFINITE;
            break;
        }
        if (in.op == LW_OP_LOOP)
            own = LW_COST_INFINITE; /* keep scanning: bulk operations still matter */
        if (is_bulk(in.op))
            s->any_bulk = true;
        own = sat_add(own, is_bulk(in.op) ? LW_COST_BULK : 1);
        if (in.op == LW_OP_CALL && !add_site(s, def, in.imm.index))
            return false;
        if (in.op == LW_OP_CALL_INDIRECT && !add_site(s, def, UINT32_MAX))
            return false;
    }
    s->own[def] = own;
    return true;
}

static bool declared(const lwasm_module *m, uint32_t f)
{
    return m->declared_funcs && (m->declared_funcs[f / 8] >> (f % 8)) & 1;
}

bool lw_cost_compute(const lwasm_module *m, uint32_t max_depth, lw_cost *out)
{
    memset(out, 0, sizeof *out);
    scan s = {0};
    uint64_t *prev = calloc((size_t)m->nfuncs + 1, sizeof *prev);
    uint64_t *next = calloc((size_t)m->nfuncs + 1, sizeof *next);
    s.own = calloc((size_t)m->ncodes + 1, sizeof *s.own);
    bool ok = prev && next && s.own;
    for (uint32_t i = 0; ok && i < m->ncodes; i++)
        ok = scan_body(m, i, &s);
    if (!ok)
        goto done;

    /* Depth 0: a call there traps at once. */
    for (uint32_t f = 0; f < m->nfuncs; f++)
        prev[f] = 1;
    for (uint32_t depth = 1; depth <= max_depth; depth++) {
        uint64_t dearest_indirect = 1;
        for (uint32_t f = 0; f < m->nfuncs; f++)
            if (declared(m, f) && prev[f] > dearest_indirect)
                dearest_indirect = prev[f];
        for (uint32_t f = 0; f < m->nfuncs; f++)
            next[f] = f < m->nfunc_imports ? 1 : s.own[f - m->nfunc_imports];
        for (size_t i = 0; i < s.nsites; i++) {
            uint32_t f = s.sites[i].caller + m->nfunc_imports;
            uint32_t callee = s.sites[i].callee;
            next[f] = sat_add(next[f], callee == UINT32_MAX ? dearest_indirect : prev[callee]);
        }
        bool changed = memcmp(prev, next, (size_t)m->nfuncs * sizeof *prev) != 0;
        uint64_t *t = prev;
        prev = next;
        next = t;
        if (!changed) /* no call chain is longer than this: deeper limits change nothing */
            break;
    }
    out->nfuncs = m->nfuncs;
    out->any_bulk = s.any_bulk;
    out->bound = prev;
    prev = NULL;
done:
    free(prev);
    free(next);
    free(s.own);
    free(s.sites);
    return ok;
}

void lw_cost_free(lw_cost *c)
{
    free(c->bound);
    c->bound = NULL;
}
