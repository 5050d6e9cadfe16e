/* global.c — global variables: creation, typed read, and mutability-checked write (the lwasm_global_* API). */
#include "insn.h"
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

static lwasm_error *check_kind(const lwasm_globaltype *type, const lwasm_val *v)
{
    if (v->kind != type->type)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "value of kind 0x%02x does not match the global's type 0x%02x", v->kind, type->type);
    return NULL;
}

lwasm_error *lwasm_global_new(lwasm_store *s, const lwasm_globaltype *type, const lwasm_val *init,
                              lwasm_global **out)
{
    if (!out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_global_new: NULL out");
    *out = NULL;
    if (!s || !type || !init)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_global_new: NULL argument");
    if (!lw_is_valtype(type->type))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "global type 0x%02x is not a value type", type->type);
    LW_TRY(check_kind(type, init));
    lwasm_global *g = calloc(1, sizeof *g);
    if (!g)
        return lw_error_nomem();
    g->type = *type;
    lw_val_to_slots(init, g->value);
    if (!lw_objlist_add(&s->globals, g)) {
        free(g);
        return lw_error_nomem();
    }
    *out = g;
    return NULL;
}

lwasm_globaltype lwasm_global_type(const lwasm_global *g) { return g->type; }

void lwasm_global_get(const lwasm_global *g, lwasm_val *out) { lw_val_from_slots(g->type.type, g->value, out); }

lwasm_error *lwasm_global_set(lwasm_global *g, const lwasm_val *v)
{
    if (!g || !v)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_global_set: NULL argument");
    if (!g->type.mutable_)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "cannot set an immutable global");
    LW_TRY(check_kind(&g->type, v));
    lw_val_to_slots(v, g->value);
    return NULL;
}
