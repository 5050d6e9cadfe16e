/* stubs.c — stand-in imports for fuzzed modules, built through the public API only. */
#include "stubs.h"

#include <stdlib.h>
#include <string.h>

lwasm_val lw_stub_zero(lwasm_valkind k)
{
    lwasm_val v;
    memset(&v, 0, sizeof v);
    v.kind = k;
    return v;
}

static lwasm_error *zero_results(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                                 lwasm_val *results, size_t nresults)
{
    (void)caller;
    (void)args;
    (void)nargs;
    size_t *calls = env;
    if (calls)
        ++*calls;
    /* The kinds come from the function's own type, which the caller checks. */
    for (size_t i = 0; i < nresults; i++) {
        lwasm_valkind k = results[i].kind;
        results[i] = lw_stub_zero(k);
    }
    return NULL;
}

static bool make_one(lwasm_store *s, const lwasm_externtype *t, size_t *calls, lwasm_extern *out)
{
    lwasm_error *e = NULL;
    out->kind = t->kind;
    switch (t->kind) {
    case LWASM_EXTERN_FUNC:
        out->of.func = lwasm_func_new(s, t->of.func, zero_results, calls, NULL);
        return out->of.func != NULL;
    case LWASM_EXTERN_MEMORY:
        e = lwasm_memory_new(s, &t->of.memory, &out->of.memory);
        break;
    case LWASM_EXTERN_TABLE:
        e = lwasm_table_new(s, &t->of.table, NULL, &out->of.table);
        break;
    case LWASM_EXTERN_GLOBAL: {
        lwasm_val zero = lw_stub_zero(t->of.global.type);
        e = lwasm_global_new(s, &t->of.global, &zero, &out->of.global);
        break;
    }
    default:
        return false;
    }
    if (e) {
        lwasm_error_delete(e);
        return false;
    }
    return true;
}

bool lw_stub_imports(lwasm_store *s, const lwasm_module *m, size_t *calls, lwasm_extern **out, size_t *n)
{
    size_t count = lwasm_module_import_count(m);
    lwasm_extern *ext = calloc(count ? count : 1, sizeof *ext);
    if (!ext)
        return false;
    for (size_t i = 0; i < count; i++) {
        lwasm_name mod, name;
        lwasm_externtype t;
        if (!lwasm_module_import(m, i, &mod, &name, &t) || !make_one(s, &t, calls, &ext[i])) {
            free(ext);
            return false;
        }
    }
    *out = ext;
    *n = count;
    return true;
}
