/* func.c — function instances of the standard C API: host functions (via a trampoline) and calls into wasm. */
#include "capi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Values passed on the C stack up to this many; more go to the heap. */
enum { SMALL_VALS = 16 };

/* What a host function needs at call time; freed by the store's finalizer pass. */
typedef struct host_env {
    wasm_store_t *store;
    wasm_func_callback_t callback;
    wasm_func_callback_with_env_t callback_with_env;
    void *env;
    void (*finalizer)(void *);
    size_t nresults;
    wasm_valkind_t result_kinds[];
} host_env;

static void host_finalize(void *p)
{
    host_env *h = p;
    if (h->finalizer)
        h->finalizer(h->env);
    free(h);
}

/* Runs the C API callback for the native runtime: converts the arguments,
 * hands over pre-typed result slots, converts back what the callback wrote. */
static lwasm_error *host_trampoline(void *p, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                                    lwasm_val *results, size_t nresults)
{
    (void)caller;
    host_env *h = p;
    wasm_store_t *s = h->store;
    if (nresults != h->nresults)
        return lwasm_error_new_trap("host function called with the wrong number of results");

    wasm_val_t small[SMALL_VALS];
    size_t total = nargs + nresults;
    wasm_val_t *vals = total <= SMALL_VALS ? small : calloc(total, sizeof *vals);
    if (!vals)
        return lwasm_error_new_trap("out of memory");
    wasm_val_t *wargs = vals, *wresults = vals + nargs;

    lwasm_error *err = NULL;
    size_t nconverted = 0;
    for (; nconverted < nargs; nconverted++)
        if (!lw_capi_val_from_native(s, &args[nconverted], &wargs[nconverted]))
            break;
    if (nconverted < nargs) {
        err = lwasm_error_new_trap("host function argument has no C API representation");
    } else {
        for (size_t i = 0; i < nresults; i++) {
            memset(&wresults[i], 0, sizeof wresults[i]);
            wresults[i].kind = h->result_kinds[i];
        }
        wasm_val_vec_t arg_vec = {nargs, wargs}, result_vec = {nresults, wresults};
        wasm_trap_t *trap = h->callback_with_env ? h->callback_with_env(h->env, &arg_vec, &result_vec)
                                                 : h->callback(&arg_vec, &result_vec);
        if (trap) {
            /* The native error carries the text; the store keeps the trap
             * itself for the wasm_func_call this unwinds to. */
            err = lwasm_error_new_trap(trap->message);
            lw_capi_ref_release(CAPI_REF(s->pending_trap));
            s->pending_trap = trap;
        } else {
            for (size_t i = 0; i < nresults && !err; i++) {
                lwasm_valkind want;
                if (!lw_capi_valkind_to_native(h->result_kinds[i], &want) ||
                    !lw_capi_val_to_native(s, &wresults[i], want, &results[i]))
                    err = lwasm_error_new_trap("host function returned a value of the wrong type");
            }
        }
        /* The results were the callback's gift to us; the wasm side has its copies now. */
        for (size_t i = 0; i < nresults; i++)
            wasm_val_delete(&wresults[i]);
    }
    for (size_t i = 0; i < nconverted; i++)
        wasm_val_delete(&wargs[i]);
    if (vals != small)
        free(vals);
    return err;
}

static bool functype_has_v128(const wasm_functype_t *t)
{
    const wasm_valtype_vec_t *vs[2] = {&t->ext.of.func.params, &t->ext.of.func.results};
    for (size_t v = 0; v < 2; v++)
        for (size_t i = 0; i < vs[v]->size; i++)
            if (vs[v]->data[i]->kind == WASM_V128)
                return true;
    return false;
}

static wasm_func_t *func_new(wasm_store_t *s, const wasm_functype_t *type, wasm_func_callback_t callback,
                             wasm_func_callback_with_env_t callback_with_env, void *env, void (*finalizer)(void *))
{
    /* wasm_val_t has no v128 form, so such a host function could never be called. */
    if (!s || !type || (!callback && !callback_with_env) || functype_has_v128(type))
        return NULL;
    lwasm_functype native_type;
    lwasm_valkind *kinds = NULL;
    if (!lw_capi_functype_to_native(type, &native_type, &kinds)) {
        free(kinds);
        return NULL;
    }
    const wasm_valtype_vec_t *rs = &type->ext.of.func.results;
    host_env *h = calloc(1, sizeof *h + rs->size * sizeof(wasm_valkind_t));
    if (!h) {
        free(kinds);
        return NULL;
    }
    h->store = s;
    h->callback = callback;
    h->callback_with_env = callback_with_env;
    h->env = env;
    h->finalizer = finalizer;
    h->nresults = rs->size;
    for (size_t i = 0; i < rs->size; i++)
        h->result_kinds[i] = rs->data[i]->kind;

    lwasm_func *f = lwasm_func_new(s->native, &native_type, host_trampoline, h, host_finalize);
    free(kinds);
    if (!f) {
        free(h);
        return NULL;
    }
    /* From here the store owns h; a failure below still finalizes it at store deletion. */
    return (wasm_func_t *)lw_capi_record_for(s, CAPI_FUNC, f);
}

wasm_func_t *wasm_func_new(wasm_store_t *s, const wasm_functype_t *type, wasm_func_callback_t callback)
{
    return func_new(s, type, callback, NULL, NULL, NULL);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *s, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t callback, void *env, void (*finalizer)(void *))
{
    return func_new(s, type, NULL, callback, env, finalizer);
}

wasm_functype_t *wasm_func_type(const wasm_func_t *f) { return lw_capi_functype_from_native(lwasm_func_type(f->ref.of.func)); }
size_t wasm_func_param_arity(const wasm_func_t *f) { return lwasm_func_type(f->ref.of.func)->nparams; }
size_t wasm_func_result_arity(const wasm_func_t *f) { return lwasm_func_type(f->ref.of.func)->nresults; }

static wasm_trap_t *call_error(wasm_store_t *s, const char *fmt, size_t n)
{
    char msg[128];
    int len = snprintf(msg, sizeof msg, fmt, n);
    return lw_capi_trap_new(s, msg, len > 0 ? (size_t)len : 0);
}

wasm_trap_t *wasm_func_call(const wasm_func_t *f, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    wasm_store_t *s = f->ref.store;
    const lwasm_functype *type = lwasm_func_type(f->ref.of.func);
    size_t nparams = type->nparams, nresults = type->nresults;
    /* Longer vectors are fine (only the prefix is used). Too few arguments
     * cannot make a call; too little room for results is tolerated because
     * callers that expect a trap commonly pass none: results that do not fit
     * are dropped. */
    if ((args ? args->size : 0) < nparams)
        return call_error(s, "expected %zu arguments", nparams);
    size_t room = results ? results->size : 0;

    lwasm_val small[SMALL_VALS];
    size_t total = nparams + nresults;
    lwasm_val *vals = total <= SMALL_VALS ? small : calloc(total, sizeof *vals);
    if (!vals)
        return call_error(s, "out of memory (%zu values)", total);
    lwasm_val *native_args = vals, *native_results = vals + nparams;

    wasm_trap_t *trap = NULL;
    bool failed = false; /* also when a trap could not be allocated */
    for (size_t i = 0; i < nparams && !failed; i++) {
        if (!lw_capi_val_to_native(s, &args->data[i], type->params[i], &native_args[i])) {
            trap = call_error(s, "argument %zu has the wrong type", i);
            failed = true;
        }
    }
    if (!failed) {
        /* Anything pending is stale: it belonged to an unwinding that already ended. */
        lw_capi_ref_release(CAPI_REF(s->pending_trap));
        s->pending_trap = NULL;
        lwasm_error *e = lwasm_func_call(s->native, f->ref.of.func, native_args, nparams, native_results, nresults);
        if (e) {
            trap = lw_capi_trap_from_error(s, e);
            failed = true;
        }
    }
    for (size_t i = 0; i < nresults && !failed; i++) {
        wasm_val_t value;
        if (!lw_capi_val_from_native(s, &native_results[i], &value)) {
            for (size_t j = 0; j < i && j < room; j++)
                wasm_val_delete(&results->data[j]);
            trap = call_error(s, "result %zu has no C API representation", i);
            failed = true;
        } else if (i < room) {
            results->data[i] = value;
        } else {
            wasm_val_delete(&value);
        }
    }
    if (vals != small)
        free(vals);
    return trap;
}
