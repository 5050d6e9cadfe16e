/* exec.c — lwasm-diff-exec: runs binaryen-generated modules the way the differential reference script does, printing a canonical trace. */
#include "libwasm.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * For each module given: instantiate it with the fuzzing-support.log-*
 * imports (each call prints a `log` line), then call every exported function
 * in export order with zero arguments, first calling hangLimitInitializer
 * (binaryen's guard that makes loops and recursion give up) when exported.
 * After each call the exported memory's size and FNV-1a hash are printed.
 * reference.js prints the same lines from node's engine; run compares them.
 *
 *   module NAME
 *   log i32 -5 | log f64 0x3ff0000000000000 | log f32 nan
 *   call NAME
 *   result i32 7 i64 -1 | result (no values) | trap CATEGORY
 *   memory PAGES HASH
 */

/* Trap kinds grouped as node reports them: V8 does not tell a null table
 * slot from a signature mismatch, nor stack exhaustion from its own limits. */
/* node cannot pass a v128 between JS and wasm (a TypeError): a log-v128
 * call traps here with this message, and an export with a v128 parameter
 * or result is not called; both print "trap js_v128" as reference.js does. */
#define JS_V128 "v128 at the JS boundary"

static const char *trap_category(const lwasm_error *e)
{
    if (strstr(lwasm_error_message(e), JS_V128))
        return "js_v128";
    if (lwasm_error_kind(e) != LWASM_ERR_TRAP)
        return "error";
    switch (lwasm_error_trap(e)) {
    case LWASM_TRAP_UNREACHABLE: return "unreachable";
    case LWASM_TRAP_INT_DIV_BY_ZERO: return "div_zero";
    case LWASM_TRAP_INT_OVERFLOW: return "int_overflow";
    case LWASM_TRAP_INVALID_CONVERSION: return "conversion";
    case LWASM_TRAP_MEMORY_OOB: return "memory_oob";
    case LWASM_TRAP_TABLE_OOB: return "table_oob";
    case LWASM_TRAP_INDIRECT_TYPE_MISMATCH: return "indirect";
    case LWASM_TRAP_UNINITIALIZED_ELEMENT: return "indirect";
    case LWASM_TRAP_NULL_REFERENCE: return "null";
    case LWASM_TRAP_STACK_EXHAUSTED: return "stack";
    default: return "other";
    }
}

static void print_value(const lwasm_val *v)
{
    switch (v->kind) {
    case LWASM_I32: printf(" i32 %" PRId32, v->of.i32); break;
    case LWASM_I64: printf(" i64 %" PRId64, v->of.i64); break;
    case LWASM_F32:
        /* NaN payloads do not survive node's number conversion: any NaN is "nan". */
        if ((v->of.f32_bits & 0x7F800000u) == 0x7F800000u && (v->of.f32_bits & 0x007FFFFFu))
            printf(" f32 nan");
        else
            printf(" f32 0x%08" PRIx32, v->of.f32_bits);
        break;
    case LWASM_F64:
        if ((v->of.f64_bits & 0x7FF0000000000000u) == 0x7FF0000000000000u && (v->of.f64_bits & 0xFFFFFFFFFFFFFu))
            printf(" f64 nan");
        else
            printf(" f64 0x%016" PRIx64, v->of.f64_bits);
        break;
    case LWASM_FUNCREF: printf(" funcref %s", v->of.funcref ? "ref" : "null"); break;
    case LWASM_EXTERNREF: printf(" externref %s", v->of.externref ? "ref" : "null"); break;
    default: printf(" kind%u", v->kind); break;
    }
}

static lwasm_error *log_value(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                              lwasm_val *results, size_t nresults)
{
    (void)env;
    (void)caller;
    (void)results;
    (void)nresults;
    printf("log");
    for (size_t i = 0; i < nargs; i++)
        print_value(&args[i]);
    printf("\n");
    return NULL;
}

static lwasm_error *log_v128(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs,
                             lwasm_val *results, size_t nresults)
{
    (void)env, (void)caller, (void)args, (void)nargs, (void)results, (void)nresults;
    return lwasm_error_new_trap(JS_V128);
}

static bool has_v128(const lwasm_functype *t)
{
    for (uint32_t i = 0; i < t->nparams; i++)
        if (t->params[i] == LWASM_V128)
            return true;
    for (uint32_t i = 0; i < t->nresults; i++)
        if (t->results[i] == LWASM_V128)
            return true;
    return false;
}

/* LWDIFF_DUMP=DIR: each call's memory also goes to DIR/ours.N.mem, for triage (reference.js writes node.N.mem). */
static const char *dump_dir;
static unsigned dump_seq;

static void print_memory(const lwasm_instance *inst)
{
    lwasm_extern x;
    if (!lwasm_instance_export(inst, "memory", 6, &x) || x.kind != LWASM_EXTERN_MEMORY)
        return;
    const uint8_t *p = lwasm_memory_data(x.of.memory);
    size_t n = lwasm_memory_data_size(x.of.memory);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    printf("memory %" PRIu32 " %08" PRIx32 "\n", lwasm_memory_pages(x.of.memory), h);
    if (dump_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/ours.%u.mem", dump_dir, dump_seq++);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(p, 1, n, f);
            fclose(f);
        }
    }
}

/* Calls f with zero arguments and prints the outcome. */
static void call_and_print(lwasm_store *s, lwasm_func *f)
{
    const lwasm_functype *t = lwasm_func_type(f);
    lwasm_val *args = calloc(t->nparams + 1, sizeof *args);
    lwasm_val *results = calloc(t->nresults + 1, sizeof *results);
    if (!args || !results) {
        printf("error out of memory\n");
        free(args);
        free(results);
        return;
    }
    if (has_v128(t)) {
        printf("trap js_v128\n");
        free(args);
        free(results);
        return;
    }
    for (uint32_t i = 0; i < t->nparams; i++)
        args[i].kind = t->params[i];
    lwasm_error *e = lwasm_func_call(s, f, args, t->nparams, results, t->nresults);
    if (e) {
        printf("trap %s\n", trap_category(e));
        lwasm_error_delete(e);
    } else {
        printf("result");
        for (uint32_t i = 0; i < t->nresults; i++)
            print_value(&results[i]);
        printf("\n");
    }
    free(args);
    free(results);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static void run_module(lwasm_engine *engine, const char *path)
{
    const char *base = strrchr(path, '/');
    printf("module %s\n", base ? base + 1 : path);
    size_t len = 0;
    uint8_t *bytes = read_file(path, &len);
    if (!bytes) {
        printf("error cannot read\n");
        return;
    }
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(engine, bytes, len, &m);
    free(bytes);
    if (e) {
        printf("error load: %s\n", lwasm_error_message(e));
        lwasm_error_delete(e);
        return;
    }
    lwasm_store *s = lwasm_store_new(engine);
    size_t nimports = lwasm_module_import_count(m);
    lwasm_extern *imports = calloc(nimports + 1, sizeof *imports);
    for (size_t i = 0; imports && i < nimports; i++) {
        lwasm_name mod, name;
        lwasm_externtype t;
        lwasm_module_import(m, i, &mod, &name, &t);
        bool logger = t.kind == LWASM_EXTERN_FUNC && mod.len == 15 && memcmp(mod.data, "fuzzing-support", 15) == 0 &&
                      name.len > 4 && memcmp(name.data, "log-", 4) == 0 && t.of.func->nresults == 0;
        if (!logger) {
            printf("error unsupported import %.*s.%.*s\n", (int)mod.len, mod.data, (int)name.len, name.data);
            goto done;
        }
        imports[i].kind = LWASM_EXTERN_FUNC;
        imports[i].of.func = lwasm_func_new(s, t.of.func, has_v128(t.of.func) ? log_v128 : log_value, NULL, NULL);
    }
    lwasm_instance *inst = NULL;
    e = lwasm_instance_new(s, m, imports, nimports, &inst);
    if (e) {
        printf("instantiate trap %s\n", trap_category(e));
        lwasm_error_delete(e);
        goto done;
    }
    lwasm_extern hang;
    bool has_hang = lwasm_instance_export(inst, "hangLimitInitializer", 20, &hang) && hang.kind == LWASM_EXTERN_FUNC;
    size_t n = lwasm_instance_export_count(inst);
    for (size_t i = 0; i < n; i++) {
        lwasm_name name;
        lwasm_extern x;
        lwasm_instance_export_nth(inst, i, &name, &x);
        if (x.kind != LWASM_EXTERN_FUNC || (name.len == 20 && memcmp(name.data, "hangLimitInitializer", 20) == 0))
            continue;
        printf("call %.*s\n", (int)name.len, name.data);
        if (has_hang)
            call_and_print(s, hang.of.func);
        call_and_print(s, x.of.func);
        print_memory(inst);
    }
done:
    free(imports);
    lwasm_store_delete(s);
    lwasm_module_delete(m);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: lwasm-diff-exec MODULE.wasm...\n");
        return 2;
    }
    dump_dir = getenv("LWDIFF_DUMP");
    lwasm_engine *engine = lwasm_engine_new(NULL);
    if (!engine)
        return 1;
    for (int i = 1; i < argc; i++) {
        run_module(engine, argv[i]);
        fflush(stdout);
    }
    lwasm_engine_delete(engine);
    return 0;
}
