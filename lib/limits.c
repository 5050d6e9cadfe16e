/* limits.c — fuel (a budget of executed instructions) and interruption from another thread: the public API. */
#include "limits.h"

#include <stdlib.h>

static lwasm_error *fuel_disabled(const lwasm_store *s, const char *what)
{
    if (!s)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "%s: NULL store", what);
    if (!s->engine->config.consume_fuel)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "%s: the engine does not consume fuel (lwasm_config.consume_fuel)", what);
    return NULL;
}

lwasm_error *lwasm_store_set_fuel(lwasm_store *s, uint64_t fuel)
{
    LW_TRY(fuel_disabled(s, "lwasm_store_set_fuel"));
    s->fuel = fuel;
    return NULL;
}

lwasm_error *lwasm_store_get_fuel(const lwasm_store *s, uint64_t *fuel)
{
    LW_TRY(fuel_disabled(s, "lwasm_store_get_fuel"));
    if (!fuel)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_store_get_fuel: NULL out");
    *fuel = s->fuel;
    return NULL;
}

lwasm_error *lwasm_store_set_fuel_handler(lwasm_store *s, lwasm_fuel_handler handler, void *data)
{
    LW_TRY(fuel_disabled(s, "lwasm_store_set_fuel_handler"));
    s->fuel_handler = handler;
    s->fuel_data = handler ? data : NULL;
    return NULL;
}

bool lw_fuel_refill(lwasm_store *s, uint64_t cost)
{
    if (!s->fuel_handler || s->in_fuel_handler)
        return false;
    s->in_fuel_handler = true;
    while (s->fuel < cost) {
        uint64_t more = s->fuel_handler(s->fuel_data, s);
        if (more == 0)
            break;
        s->fuel = more > UINT64_MAX - s->fuel ? UINT64_MAX : s->fuel + more;
    }
    s->in_fuel_handler = false;
    return s->fuel >= cost;
}

/* ---- interruption ---------------------------------------------------------- */

lwasm_interrupt_handle *lw_interrupt_new(void)
{
    lwasm_interrupt_handle *h = malloc(sizeof *h);
    if (!h)
        return NULL;
    atomic_init(&h->requested, 0u);
    atomic_init(&h->refs, 1u);
    return h;
}

void lw_interrupt_release(lwasm_interrupt_handle *h)
{
    /* acq_rel: the last owner sees the others' use of the flag before freeing it. */
    if (h && atomic_fetch_sub_explicit(&h->refs, 1u, memory_order_acq_rel) == 1u)
        free(h);
}

lwasm_interrupt_handle *lwasm_store_interrupt_handle(lwasm_store *s)
{
    if (!s || !s->interrupt)
        return NULL;
    atomic_fetch_add_explicit(&s->interrupt->refs, 1u, memory_order_relaxed);
    return s->interrupt;
}

void lwasm_interrupt(lwasm_interrupt_handle *h)
{
    if (h)
        atomic_store_explicit(&h->requested, 1u, memory_order_relaxed);
}

void lwasm_interrupt_handle_delete(lwasm_interrupt_handle *h) { lw_interrupt_release(h); }
