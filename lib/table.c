/* table.c — tables of references: creation, growth within the effective maximum, and the lwasm_table_* API. */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

/* Tables have no engine limit, yet a tiny module may ask for 2^32 - 1
 * elements: cap every table at ten million (80 MB of pointers). Growing past
 * it fails as the spec allows; a larger initial size is refused at creation. */
#define LW_TABLE_ELEM_LIMIT 10000000u
/* A few bytes declare a table, so a module may have thousands, each growable
 * to that cap: all tables of one store together hold at most four times as
 * many elements (320 MB of pointers). */
#define LW_STORE_TABLE_ELEM_LIMIT (4ull * LW_TABLE_ELEM_LIMIT)

static bool store_can_add(const lwasm_store *s, uint64_t elems)
{
    return elems <= LW_STORE_TABLE_ELEM_LIMIT - s->table_elems;
}

static uint32_t effective_max(const lw_tabletype *type)
{
    uint32_t max = LW_TABLE_ELEM_LIMIT;
    if (type->limits.has_max && type->limits.max < max)
        max = type->limits.max;
    return max;
}

lwasm_table *lw_table_create(lwasm_store *s, const lw_tabletype *type, void *init)
{
    uint32_t max = effective_max(type);
    uint32_t min = type->limits.min;
    if (min > max || !store_can_add(s, min))
        return NULL;
    lwasm_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->type = *type;
    t->store = s;
    t->max = max;
    t->size = min;
    if (min) {
        /* Null-filled tables come zeroed from calloc, which maps large blocks
         * lazily: a module declaring many big tables it never touches costs
         * address space, not memory (null is all-zero bits on every target). */
        t->elems = init ? malloc((size_t)min * sizeof *t->elems) : calloc(min, sizeof *t->elems);
        if (!t->elems) {
            free(t);
            return NULL;
        }
        for (uint32_t i = 0; init && i < min; i++)
            t->elems[i] = init;
    }
    if (!lw_objlist_add(&s->tables, t)) {
        free(t->elems);
        free(t);
        return NULL;
    }
    s->table_elems += min;
    return t;
}

int64_t lw_table_grow(lwasm_table *t, uint32_t delta, void *init)
{
    uint32_t old = t->size;
    if (delta == 0)
        return old;
    uint64_t size = (uint64_t)old + delta;
    if (size > t->max || !store_can_add(t->store, delta))
        return -1;
    void **elems;
    if (init) {
        elems = realloc(t->elems, (size_t)size * sizeof *elems);
        if (!elems)
            return -1;
        for (uint64_t i = old; i < size; i++)
            elems[i] = init;
    } else {
        /* Null growth comes zeroed from calloc, lazily mapped like creation. */
        elems = calloc((size_t)size, sizeof *elems);
        if (!elems)
            return -1;
        if (old)
            memcpy(elems, t->elems, (size_t)old * sizeof *elems);
        free(t->elems);
    }
    t->elems = elems;
    t->size = (uint32_t)size;
    t->store->table_elems += delta;
    return old;
}

static bool is_reftype(lwasm_valkind k) { return k == LWASM_FUNCREF || k == LWASM_EXTERNREF; }

/* The stored form of a reference value: the function or host pointer itself. */
static lwasm_error *ref_of(const lwasm_table *t, const lwasm_val *v, void **out)
{
    if (!v) {
        *out = NULL;
        return NULL;
    }
    if (v->kind != t->type.elem)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "value of kind 0x%02x does not match the table's element type 0x%02x", v->kind,
                        t->type.elem);
    *out = v->kind == LWASM_FUNCREF ? (void *)v->of.funcref : v->of.externref;
    return NULL;
}

lwasm_error *lwasm_table_new(lwasm_store *s, const lwasm_tabletype *type, const lwasm_val *init, lwasm_table **out)
{
    if (!out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_table_new: NULL out");
    *out = NULL;
    if (!s || !type)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_table_new: NULL argument");
    if (!is_reftype(type->elem))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "table element type 0x%02x is not a reference type", type->elem);
    if (type->limits.has_max && type->limits.max < type->limits.min)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "table maximum %u is below its minimum %u", type->limits.max, type->limits.min);
    if (type->limits.min > LW_TABLE_ELEM_LIMIT)
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "table of %u elements exceeds the limit of %u elements", type->limits.min,
                        LW_TABLE_ELEM_LIMIT);
    if (!store_can_add(s, type->limits.min))
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "a table of %u elements would take the store's tables past %llu elements",
                        type->limits.min, (unsigned long long)LW_STORE_TABLE_ELEM_LIMIT);
    lwasm_table probe = {.type = *type};
    void *ref = NULL;
    LW_TRY(ref_of(&probe, init, &ref));
    *out = lw_table_create(s, type, ref);
    if (!*out)
        return lw_error_nomem();
    return NULL;
}

lwasm_tabletype lwasm_table_type(const lwasm_table *t)
{
    /* The spec's external type of a table: its current size as the minimum. */
    lwasm_tabletype type = t->type;
    type.limits.min = t->size;
    return type;
}

uint32_t lwasm_table_size(const lwasm_table *t) { return t->size; }

static lwasm_error *index_error(const lwasm_table *t, uint32_t index)
{
    return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                    "table index %u out of bounds (table size %u)", index, t->size);
}

lwasm_error *lwasm_table_get(const lwasm_table *t, uint32_t index, lwasm_val *out)
{
    if (!t || !out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_table_get: NULL argument");
    if (index >= t->size)
        return index_error(t, index);
    memset(out, 0, sizeof *out);
    out->kind = t->type.elem;
    if (out->kind == LWASM_FUNCREF)
        out->of.funcref = t->elems[index];
    else
        out->of.externref = t->elems[index];
    return NULL;
}

lwasm_error *lwasm_table_set(lwasm_table *t, uint32_t index, const lwasm_val *v)
{
    if (!t || !v)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_table_set: NULL argument");
    if (index >= t->size)
        return index_error(t, index);
    void *ref = NULL;
    LW_TRY(ref_of(t, v, &ref));
    t->elems[index] = ref;
    return NULL;
}

lwasm_error *lwasm_table_grow(lwasm_table *t, uint32_t delta, const lwasm_val *init, uint32_t *old_size)
{
    if (!t)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_table_grow: NULL table");
    uint32_t old = t->size;
    if (old_size)
        *old_size = old;
    void *ref = NULL;
    LW_TRY(ref_of(t, init, &ref));
    if (lw_table_grow(t, delta, ref) >= 0)
        return NULL;
    if ((uint64_t)old + delta > t->max)
        return lw_error(LWASM_ERR_LIMIT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "cannot grow table from %u by %u elements: the maximum is %u", old, delta, t->max);
    return lw_error_nomem();
}
