/* func.c — host function creation, calling any function from the host, and the lwasm_caller_* API. */
#include "insn.h"
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

lwasm_func *lwasm_func_new(lwasm_store *s, const lwasm_functype *type, lwasm_host_callback cb, void *env,
                           void (*finalizer)(void *env))
{
    if (!s || !type || !cb)
        return NULL;
    if ((type->nparams && !type->params) || (type->nresults && !type->results))
        return NULL;
    for (uint32_t i = 0; i < type->nparams; i++)
        if (!lw_is_valtype(type->params[i]))
            return NULL;
    for (uint32_t i = 0; i < type->nresults; i++)
        if (!lw_is_valtype(type->results[i]))
            return NULL;
    /* One block: the function, then its private copy of the parameter and
     * result kinds. */
    size_t kinds = (size_t)type->nparams + type->nresults;
    if (kinds > SIZE_MAX - sizeof(lwasm_func))
        return NULL;
    lwasm_func *f = calloc(1, sizeof *f + kinds);
    if (!f)
        return NULL;
    lwasm_valkind *copy = (lwasm_valkind *)(f + 1);
    if (type->nparams)
        memcpy(copy, type->params, type->nparams);
    if (type->nresults)
        memcpy(copy + type->nparams, type->results, type->nresults);
    f->owned_type.nparams = type->nparams;
    f->owned_type.nresults = type->nresults;
    f->owned_type.params = copy;
    f->owned_type.results = copy + type->nparams;
    f->type = &f->owned_type;
    f->store = s;
    f->index = LWASM_NO_FUNC;
    f->callback = cb;
    f->env = env;
    f->finalizer = finalizer;
    /* On failure env stays the caller's: the finalizer is not run. */
    if (!lw_objlist_add(&s->funcs, f)) {
        free(f);
        return NULL;
    }
    return f;
}

const lwasm_functype *lwasm_func_type(const lwasm_func *f) { return f->type; }

static size_t slot_count(const lwasm_valkind *kinds, uint32_t n)
{
    size_t slots = 0;
    for (uint32_t i = 0; i < n; i++)
        slots += lw_slots_of(kinds[i]);
    return slots;
}

static lwasm_error *check_call(lwasm_store *s, const lwasm_func *f, const lwasm_val *args, size_t nargs,
                               const lwasm_val *results, size_t nresults)
{
    if (!s || !f)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_func_call: NULL argument");
    if (f->store != s)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "lwasm_func_call: the function belongs to another store");
    const lw_functype *t = f->type;
    if (nargs != t->nparams)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "function expects %u arguments, got %zu", t->nparams, nargs);
    if (nresults != t->nresults)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "function returns %u results, room given for %zu", t->nresults, nresults);
    if ((nargs && !args) || (nresults && !results))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_func_call: NULL argument");
    for (size_t i = 0; i < nargs; i++)
        if (args[i].kind != t->params[i])
            return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                            "argument %zu has kind 0x%02x, the function expects 0x%02x", i, args[i].kind,
                            t->params[i]);
    return NULL;
}

lwasm_error *lwasm_func_call(lwasm_store *s, lwasm_func *f, const lwasm_val *args, size_t nargs, lwasm_val *results,
                             size_t nresults)
{
    LW_TRY(check_call(s, f, args, nargs, results, nresults));
    const lw_functype *t = f->type;
    size_t in = slot_count(t->params, t->nparams);
    size_t outn = slot_count(t->results, t->nresults);
    size_t n = in > outn ? in : outn;
    /* Most signatures are short: avoid the heap for them. */
    lw_value local[32];
    lw_value *slots = local;
    if (n > sizeof local / sizeof local[0]) {
        slots = calloc(n, sizeof *slots);
        if (!slots)
            return lw_error_nomem();
    }
    size_t at = 0;
    for (size_t i = 0; i < nargs; i++) {
        lw_val_to_slots(&args[i], &slots[at]);
        at += lw_slots_of(args[i].kind);
    }
    lwasm_error *err = lw_invoke(s, f, slots);
    if (!err) {
        at = 0;
        for (size_t i = 0; i < nresults; i++) {
            lw_val_from_slots(t->results[i], &slots[at], &results[i]);
            at += lw_slots_of(t->results[i]);
        }
    }
    if (slots != local)
        free(slots);
    return err;
}

lwasm_store *lwasm_caller_store(lwasm_caller *c) { return c ? c->store : NULL; }

bool lwasm_caller_export(lwasm_caller *c, const char *name, lwasm_extern *out)
{
    if (!c || !c->instance || !name)
        return false;
    return lwasm_instance_export(c->instance, name, strlen(name), out);
}

lwasm_memory *lwasm_caller_memory(lwasm_caller *c)
{
    if (!c || !c->instance || c->instance->module->nmemories == 0)
        return NULL;
    return c->instance->memories[0];
}
