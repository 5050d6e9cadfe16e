/* cost.h — a static upper bound on the work a call into a loop-free module can do, for fuzzing without fuel. */
#ifndef LW_FUZZ_COST_H
#define LW_FUZZ_COST_H

#include "module.h"

/* Any bound at or above this is "too expensive": the caller skips the call. */
#define LW_COST_INFINITE UINT64_MAX

/* Bulk operations (memory.fill/copy/init, table.*, the grows) touch up to a
 * whole memory or table, so one counts as this many plain instructions. */
#define LW_COST_BULK 65536u

typedef struct lw_cost {
    uint32_t nfuncs;  /* module->nfuncs */
    uint64_t *bound;  /* per function (imports too): work of one call, or LW_COST_INFINITE */
    bool any_bulk;    /* some body has a bulk operation (its work is not one instruction's) */
} lw_cost;

/* Computes per-function bounds for calls at most `max_depth` frames deep.
 * Without loops every branch goes forward, so one activation runs each of
 * its instructions at most once; calls add their callees' bounds one level
 * shallower, and call_indirect adds the dearest function a table can hold
 * (any declared one). A function containing `loop` is unbounded. Imports are
 * host stubs of cost 1. Returns false when out of memory. */
bool lw_cost_compute(const lwasm_module *m, uint32_t max_depth, lw_cost *out);
void lw_cost_free(lw_cost *c);

#endif
