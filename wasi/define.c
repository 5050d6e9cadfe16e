/* define.c — binds the import table to a context as libwasm host functions and defines them in a linker. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LW_WASI_MODULE "wasi_snapshot_preview1"

struct lw_wasi_binding {
    lwasi_ctx *ctx;
    const lw_wasi_import *imp;
};

uint16_t lw_wasi_invoke(lwasi_ctx *ctx, const lw_wasi_import *imp, uint8_t *mem, size_t mem_size,
                        const lwasm_val *args, lwasm_error **error)
{
    lw_wasi_call c = {.ctx = ctx, .mem = {.base = mem, .size = mem_size}, .args = args, .error = NULL};
    uint16_t err = imp->fn(&c);
    *error = c.error;
    return err;
}

static lwasm_error *trampoline(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                               lwasm_val *results, size_t nresults)
{
    (void)nargs; /* libwasm checked the arguments against the declared signature */
    const lw_wasi_binding *b = env;
    uint8_t *base = NULL;
    size_t size = 0;
    lwasm_memory *m = lwasm_caller_memory(caller);
    if (m) {
        base = lwasm_memory_data(m);
        size = lwasm_memory_data_size(m);
    }
    lwasm_error *error;
    uint16_t err = lw_wasi_invoke(b->ctx, b->imp, base, size, args, &error);
    if (error)
        return error;
    if (nresults)
        results[0] = lwasm_val_i32(err);
    return NULL;
}

static lwasm_valkind kind_of(char c) { return c == 'I' ? LWASM_I64 : LWASM_I32; }

lwasm_error *lwasi_define_store(lwasi_ctx *ctx, lwasm_store *store, lwasm_linker *linker)
{
    /* The bindings the functions point to belong to ctx, which must outlive the store's use of them. */
    if (!ctx || !store || !linker)
        return lwasm_error_new_trap("lwasi_define: NULL argument");
    if (!ctx->bindings) {
        ctx->bindings = calloc(lw_wasi_import_count, sizeof *ctx->bindings);
        if (!ctx->bindings)
            return lwasm_error_new_trap("lwasi_define: out of memory");
        for (size_t i = 0; i < lw_wasi_import_count; i++) {
            ctx->bindings[i].ctx = ctx;
            ctx->bindings[i].imp = &lw_wasi_imports[i];
        }
    }
    for (size_t i = 0; i < lw_wasi_import_count; i++) {
        const lw_wasi_import *imp = &lw_wasi_imports[i];
        lwasm_valkind params[16], results[1];
        lwasm_functype type = {.nparams = (uint32_t)strlen(imp->params), .nresults = (uint32_t)strlen(imp->results),
                               .params = params, .results = results};
        for (uint32_t k = 0; k < type.nparams; k++)
            params[k] = kind_of(imp->params[k]);
        for (uint32_t k = 0; k < type.nresults; k++)
            results[k] = kind_of(imp->results[k]);
        lwasm_func *f = lwasm_func_new(store, &type, trampoline, &ctx->bindings[i], NULL);
        if (!f)
            return lwasm_error_new_trap("lwasi_define: cannot create a host function");
        lwasm_extern item = {.kind = LWASM_EXTERN_FUNC, .of.func = f};
        lwasm_error *e = lwasm_linker_define(linker, LW_WASI_MODULE, strlen(LW_WASI_MODULE), imp->name,
                                             strlen(imp->name), &item);
        if (e)
            return e;
    }
    return NULL;
}

lwasm_error *lwasi_define(lwasi_ctx *ctx, lwasm_linker *linker)
{
    return lwasi_define_store(ctx, linker ? lwasm_linker_store(linker) : NULL, linker);
}
