/* limits.h — internal side of fuel and interruption: the shared interrupt flag and the interpreter's slow paths. */
#ifndef LW_LIMITS_H
#define LW_LIMITS_H

#include "runtime.h"

#include <stdatomic.h>

/* The interrupt flag of one store. The store and every handle on it share
 * it, so it is reference counted: whichever goes last frees it. */
struct lwasm_interrupt_handle {
    atomic_uint requested;
    atomic_uint refs;
};

/* Builds with guard pages (guard.h) test memory accesses only when the
 * engine asks; the others always test, so no code differs by engine. */
#if LW_GUARD_PAGES
#define LW_ENGINE_BOUNDS_CHECK(e) ((e)->config.explicit_bounds_checks ? LW_CHECK_BOUNDS : 0)
#else
#define LW_ENGINE_BOUNDS_CHECK(e) 0
#endif

/* The LW_CHECK_* bits that code compiled for this engine carries. */
static inline uint8_t lw_engine_checks(const lwasm_engine *e)
{
    return (uint8_t)((e->config.consume_fuel ? LW_CHECK_FUEL : 0) | (e->config.interruptible ? LW_CHECK_INTERRUPT : 0) |
                     LW_ENGINE_BOUNDS_CHECK(e));
}

/* Whether an interrupt is pending; taking it clears the request. Relaxed:
 * the flag orders nothing else, it only has to be seen eventually. */
static inline bool lw_interrupt_take(lwasm_store *s)
{
    atomic_uint *f = &s->interrupt->requested;
    return atomic_load_explicit(f, memory_order_relaxed) && atomic_exchange_explicit(f, 0u, memory_order_relaxed);
}

/* The store has less fuel than `cost`: asks its handler for more. True when
 * the store now has at least `cost`. */
bool lw_fuel_refill(lwasm_store *s, uint64_t cost);

/* For store.c: the flag of a new interruptible store (NULL when out of
 * memory), and dropping a reference to it. */
lwasm_interrupt_handle *lw_interrupt_new(void);
void lw_interrupt_release(lwasm_interrupt_handle *h);

#endif
