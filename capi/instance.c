/* instance.c — module instances of the standard C API: instantiation with positional imports, exports. */
#include "capi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_failure(wasm_store_t *s, wasm_trap_t **trap, const char *fmt, size_t n)
{
    if (!trap)
        return;
    char msg[160];
    int len = snprintf(msg, sizeof msg, fmt, n);
    *trap = lw_capi_trap_new(s, msg, len > 0 ? (size_t)len : 0);
}

wasm_instance_t *wasm_instance_new(wasm_store_t *s, const wasm_module_t *m, const wasm_extern_vec_t *imports,
                                   wasm_trap_t **trap)
{
    if (trap)
        *trap = NULL;
    if (!s || !m)
        return NULL;
    size_t n = lwasm_module_import_count(m->native);
    if ((imports ? imports->size : 0) < n) {
        set_failure(s, trap, "instantiation needs %zu imports", n);
        return NULL;
    }
    lwasm_extern *natives = calloc(n ? n : 1, sizeof *natives);
    if (!natives) {
        set_failure(s, trap, "out of memory (%zu imports)", n);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const wasm_extern_t *e = imports->data[i];
        /* Objects of another store are not reachable from this one's code. */
        if (!e || !lw_capi_kind_is_extern(e->ref.kind) || e->ref.store != s) {
            free(natives);
            set_failure(s, trap, "import %zu is missing or belongs to another store", i);
            return NULL;
        }
        natives[i] = lw_capi_extern_to_native(e);
    }
    lw_capi_ref_release(CAPI_REF(s->pending_trap));
    s->pending_trap = NULL;
    lwasm_instance *inst = NULL;
    lwasm_error *err = lwasm_instance_new(s->native, m->native, natives, n, &inst);
    free(natives);
    if (err) {
        /* A start-function trap or a link error; the standard reports both as a trap. */
        wasm_trap_t *t = lw_capi_trap_from_error(s, err);
        if (trap)
            *trap = t;
        else
            lw_capi_ref_release(CAPI_REF(t));
        return NULL;
    }
    return (wasm_instance_t *)lw_capi_record_for(s, CAPI_INSTANCE, inst);
}

void wasm_instance_exports(const wasm_instance_t *inst, wasm_extern_vec_t *out)
{
    const lwasm_instance *native = inst->ref.of.instance;
    size_t n = lwasm_instance_export_count(native);
    wasm_extern_vec_new_uninitialized(out, n);
    for (size_t i = 0; i < out->size; i++) {
        lwasm_name name;
        lwasm_extern e;
        if (!lwasm_instance_export_nth(native, i, &name, &e) || !(out->data[i] = lw_capi_extern_for(inst->ref.store, &e))) {
            wasm_extern_vec_delete(out);
            return;
        }
    }
}
