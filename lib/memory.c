/* memory.c — linear memories: creation, growth within the effective maximum, and the lwasm_memory_* API. */
#include "guard.h"
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

/* The largest page count the binary format can describe (4 GiB). */
#define LW_MEMORY_PAGE_LIMIT 65536u

/* All allocation of linear memory stays in this file. With guard pages
 * (guard.h) a memory is a reservation that never moves and grows by making
 * more of it accessible; otherwise (explicit bounds checks) it is a heap
 * block that realloc grows. */

#if LW_GUARD_PAGES
static bool engine_guards(const lwasm_engine *e) { return !e->config.explicit_bounds_checks; }
#endif

/* Makes [old_size, size) of m's data usable and zero; false if it cannot. */
static bool memory_resize(lwasm_memory *m, uint64_t size)
{
#if LW_GUARD_PAGES
    if (m->guarded)
        return lw_guard_commit(m->data, m->size, size);
#endif
    uint8_t *data = realloc(m->data, (size_t)size);
    if (!data)
        return false;
    memset(data + m->size, 0, (size_t)(size - m->size));
    m->data = data;
    return true;
}

void lw_memory_free(lwasm_memory *m)
{
#if LW_GUARD_PAGES
    if (m->guarded)
        lw_guard_release(m->data);
    else
        free(m->data);
#else
    free(m->data);
#endif
    free(m);
}

static uint32_t effective_max_pages(const lwasm_engine *e, const lw_memtype *type)
{
    uint32_t max = LW_MEMORY_PAGE_LIMIT;
    if (type->limits.has_max && type->limits.max < max)
        max = type->limits.max;
    if (e->config.max_memory_pages < max)
        max = e->config.max_memory_pages;
    return max;
}

static bool pages_fit_host(uint64_t pages) { return pages * LWASM_PAGE_SIZE <= (uint64_t)SIZE_MAX; }

lwasm_memory *lw_memory_create(lwasm_store *s, const lw_memtype *type)
{
    uint32_t max = effective_max_pages(s->engine, type);
    uint32_t min = type->limits.min;
    if (min > max || !pages_fit_host(min))
        return NULL;
    lwasm_memory *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->type = *type;
    m->max_pages = max;
    m->pages = min;
    m->size = (uint64_t)min * LWASM_PAGE_SIZE;
#if LW_GUARD_PAGES
    if (engine_guards(s->engine)) {
        /* Even an empty memory has its reservation: every access faults. */
        m->data = lw_guard_reserve();
        m->guarded = m->data != NULL;
        if (!m->guarded || !lw_guard_commit(m->data, 0, m->size)) {
            lw_memory_free(m);
            return NULL;
        }
    } else
#endif
        if (min) {
        /* calloc maps large zeroed blocks lazily: untouched pages cost nothing. */
        m->data = calloc((size_t)m->size, 1);
        if (!m->data) {
            free(m);
            return NULL;
        }
    }
    if (!lw_objlist_add(&s->memories, m)) {
        lw_memory_free(m);
        return NULL;
    }
    return m;
}

int64_t lw_memory_grow(lwasm_memory *m, uint32_t delta)
{
    uint32_t old = m->pages;
    if (delta == 0)
        return old;
    uint64_t pages = (uint64_t)old + delta;
    if (pages > m->max_pages || !pages_fit_host(pages))
        return -1;
    uint64_t bytes = pages * LWASM_PAGE_SIZE;
    if (!memory_resize(m, bytes))
        return -1;
    m->size = bytes;
    m->pages = (uint32_t)pages;
    return old;
}

static lwasm_error *check_memtype(const lwasm_memtype *type)
{
    const lwasm_limits *l = &type->limits;
    if (l->min > LW_MEMORY_PAGE_LIMIT)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "memory size must be at most 65536 pages (4 GiB), got %u", l->min);
    if (l->has_max && l->max > LW_MEMORY_PAGE_LIMIT)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "memory maximum must be at most 65536 pages (4 GiB), got %u", l->max);
    if (l->has_max && l->max < l->min)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "memory maximum %u is below its minimum %u", l->max, l->min);
    return NULL;
}

lwasm_error *lwasm_memory_new(lwasm_store *s, const lwasm_memtype *type, lwasm_memory **out)
{
    if (!out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_memory_new: NULL out");
    *out = NULL;
    if (!s || !type)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_memory_new: NULL argument");
    LW_TRY(check_memtype(type));
    uint32_t max = effective_max_pages(s->engine, type);
    if (type->limits.min > max)
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "memory of %u pages exceeds the limit of %u pages", type->limits.min, max);
    *out = lw_memory_create(s, type);
    if (!*out)
        return lw_error_nomem();
    return NULL;
}

lwasm_memtype lwasm_memory_type(const lwasm_memory *m)
{
    /* The spec's external type of a memory: its current size as the minimum. */
    lwasm_memtype t = m->type;
    t.limits.min = m->pages;
    return t;
}

uint8_t *lwasm_memory_data(lwasm_memory *m) { return m->data; }
size_t lwasm_memory_data_size(const lwasm_memory *m) { return (size_t)m->size; }
uint32_t lwasm_memory_pages(const lwasm_memory *m) { return m->pages; }

lwasm_error *lwasm_memory_grow(lwasm_memory *m, uint32_t delta, uint32_t *old_pages)
{
    if (!m)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_memory_grow: NULL memory");
    uint32_t old = m->pages;
    if (old_pages)
        *old_pages = old;
    if (lw_memory_grow(m, delta) >= 0)
        return NULL;
    if ((uint64_t)old + delta > m->max_pages)
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "cannot grow memory from %u by %u pages: the maximum is %u pages", old, delta,
                        m->max_pages);
    return lw_error_nomem();
}
