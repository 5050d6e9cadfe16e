/* spectest.c — the `spectest` module of the spec interpreter, built on the public API. */
#include "spectest.h"

#include <string.h>

#define SPECTEST "spectest"

/* The print functions only have to exist with the right types: the scripts
 * never check what they print, and silence keeps the runner's output readable. */
static lwasm_error *spectest_print(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                                   lwasm_val *results, size_t nresults)
{
    (void)env;
    (void)caller;
    (void)args;
    (void)nargs;
    (void)results;
    (void)nresults;
    return NULL;
}

static lwasm_error *spectest_define_extern(lwasm_linker *l, const char *name, const lwasm_extern *item)
{
    return lwasm_linker_define(l, SPECTEST, strlen(SPECTEST), name, strlen(name), item);
}

static lwasm_error *spectest_define_funcs(lwasm_store *s, lwasm_linker *l)
{
    static const lwasm_valkind i32[] = {LWASM_I32}, i64[] = {LWASM_I64}, f32[] = {LWASM_F32}, f64[] = {LWASM_F64};
    static const lwasm_valkind i32_f32[] = {LWASM_I32, LWASM_F32}, f64_f64[] = {LWASM_F64, LWASM_F64};
    static const struct {
        const char *name;
        uint32_t nparams;
        const lwasm_valkind *params;
    } funcs[] = {
        {"print", 0, NULL},         {"print_i32", 1, i32},         {"print_i64", 1, i64},
        {"print_f32", 1, f32},      {"print_f64", 1, f64},         {"print_i32_f32", 2, i32_f32},
        {"print_f64_f64", 2, f64_f64},
    };
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        lwasm_functype type = {.nparams = funcs[i].nparams, .params = funcs[i].params};
        lwasm_func *f = lwasm_func_new(s, &type, spectest_print, NULL, NULL);
        if (!f)
            return lwasm_error_new_trap("spectest: cannot create a host function");
        lwasm_extern item = {.kind = LWASM_EXTERN_FUNC, .of.func = f};
        lwasm_error *e = spectest_define_extern(l, funcs[i].name, &item);
        if (e)
            return e;
    }
    return NULL;
}

static lwasm_error *spectest_define_global(lwasm_store *s, lwasm_linker *l, const char *name, lwasm_val init)
{
    lwasm_globaltype type = {.type = init.kind, .mutable_ = false};
    lwasm_global *g;
    lwasm_error *e = lwasm_global_new(s, &type, &init, &g);
    if (e)
        return e;
    lwasm_extern item = {.kind = LWASM_EXTERN_GLOBAL, .of.global = g};
    return spectest_define_extern(l, name, &item);
}

lwasm_error *spectest_define(lwasm_store *s, lwasm_linker *l)
{
    lwasm_error *e = spectest_define_funcs(s, l);
    if (e)
        return e;

    /* The reference interpreter's values: 666 and 666.6. */
    if ((e = spectest_define_global(s, l, "global_i32", lwasm_val_i32(666))) ||
        (e = spectest_define_global(s, l, "global_i64", lwasm_val_i64(666))) ||
        (e = spectest_define_global(s, l, "global_f32", lwasm_val_f32(666.6f))) ||
        (e = spectest_define_global(s, l, "global_f64", lwasm_val_f64(666.6))))
        return e;

    lwasm_tabletype tt = {.elem = LWASM_FUNCREF, .limits = {.min = 10, .max = 20, .has_max = true}};
    lwasm_val null_func = {.kind = LWASM_FUNCREF, .of.funcref = NULL};
    lwasm_table *table;
    if ((e = lwasm_table_new(s, &tt, &null_func, &table)))
        return e;
    lwasm_extern table_item = {.kind = LWASM_EXTERN_TABLE, .of.table = table};
    if ((e = spectest_define_extern(l, "table", &table_item)))
        return e;

    lwasm_memtype mt = {.limits = {.min = 1, .max = 2, .has_max = true}};
    lwasm_memory *memory;
    if ((e = lwasm_memory_new(s, &mt, &memory)))
        return e;
    lwasm_extern memory_item = {.kind = LWASM_EXTERN_MEMORY, .of.memory = memory};
    return spectest_define_extern(l, "memory", &memory_item);
}
