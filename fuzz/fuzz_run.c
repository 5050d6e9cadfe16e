/* fuzz_run.c — libFuzzer harness: load, instantiate with stub imports and call every export, within a work bound. */
#include "cost.h"
#include "runtime.h"
#include "stubs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small limits keep one input cheap: 10 MiB memories, 200 frames, 512 KiB stack. */
#define RUN_MAX_PAGES 160u
#define RUN_MAX_DEPTH 200u
#define RUN_MAX_SLOTS (1u << 16)
/* Total weighted instructions one input may run (see cost.h). */
#define RUN_BUDGET (1u << 24)
/* With fuel (LWASM_HAS_FUEL) code with loops runs too, each call with this
 * much. Fuel counts instructions, not the bytes a memory.fill or table.fill
 * touches, so a loop around one could still outrun libFuzzer's timeout:
 * modules with bulk operations keep the static bound (loop-free code only). */
#define RUN_FUEL 20000u
#ifdef LWASM_HAS_FUEL
#define RUN_HAS_FUEL true
#else
#define RUN_HAS_FUEL false
#endif

/* LWFUZZ_VERBOSE=1 in the environment: one line per call, to see what a corpus exercises. */
static bool verbose;

static void fail(const char *what, const lwasm_error *e)
{
    fprintf(stderr, "fuzz_run: %s (%s)\n", what, e ? lwasm_error_message(e) : "no error");
    abort();
}

/* Values that tend to sit on edges: sign bits, NaNs, infinities. */
static lwasm_val edge_value(lwasm_valkind k, unsigned salt)
{
    static const uint64_t edges[] = {0, 1, UINT64_MAX, 0x8000000000000000u, 0x7FF8000000000001u, 0x7F800000u,
                                     0x80000000u, 65536, 0xFFFFFFFFu};
    uint64_t bits = edges[salt % (sizeof edges / sizeof edges[0])];
    lwasm_val v = lw_stub_zero(k);
    switch (k) {
    case LWASM_I32: v.of.i32 = (int32_t)(uint32_t)bits; break;
    case LWASM_I64: v.of.i64 = (int64_t)bits; break;
    case LWASM_F32: v.of.f32_bits = (uint32_t)bits; break;
    case LWASM_F64: v.of.f64_bits = bits; break;
    case LWASM_V128: memcpy(v.of.v128.bytes, &bits, sizeof bits); break;
    default: break; /* references stay null */
    }
    return v;
}

static void check_call_result(lwasm_store *s, const lwasm_functype *t, lwasm_error *e, const lwasm_val *results)
{
    if (s->call_depth != 0 || s->host_depth != 0)
        fail("call depth not restored after a call", e);
    if (e) {
        if (lwasm_error_kind(e) != LWASM_ERR_TRAP || lwasm_error_trap(e) == LWASM_TRAP_NONE)
            fail("a call failed with something other than a trap", e);
        if (lwasm_error_trap(e) == LWASM_TRAP_HOST)
            fail("host trap although the stubs never fail", e);
        return;
    }
    for (uint32_t i = 0; i < t->nresults; i++)
        if (results[i].kind != t->results[i])
            fail("result of the wrong kind", NULL);
}

/* Calls one export twice (zeros, then edge values) if its bound fits the
 * budget left; an unbounded one only when fuel may stop it. */
static void call_export(lwasm_store *s, lwasm_func *f, uint64_t bound, bool fuel_ok, uint64_t *budget)
{
    if (bound == LW_COST_INFINITE && fuel_ok)
        bound = 1; /* fuel, not the budget, stops it */
    if (bound > *budget)
        return;
    *budget -= bound;
    const lwasm_functype *t = lwasm_func_type(f);
    lwasm_val *args = calloc(t->nparams + 1, sizeof *args);
    lwasm_val *results = calloc(t->nresults + 1, sizeof *results);
    if (!args || !results)
        goto done;
    for (unsigned round = 0; round < 2; round++) {
        for (uint32_t i = 0; i < t->nparams; i++)
            args[i] = round ? edge_value(t->params[i], i + round) : lw_stub_zero(t->params[i]);
#ifdef LWASM_HAS_FUEL
        lwasm_error *fe = lwasm_store_set_fuel(s, RUN_FUEL);
        if (fe)
            fail("fuel refused by a fuel-consuming engine", fe);
#endif
        lwasm_error *e = lwasm_func_call(s, f, args, t->nparams, results, t->nresults);
        if (verbose)
            fprintf(stderr, "call (bound %llu): %s\n", (unsigned long long)bound, e ? lwasm_error_message(e) : "ok");
        check_call_result(s, t, e, results);
        lwasm_error_delete(e);
        if (round == 0) {
            if (bound > *budget)
                break;
            *budget -= bound;
        }
    }
done:
    free(args);
    free(results);
}

/* Reads exported state through the API, including one step out of range. */
static void inspect_extern(const lwasm_extern *x)
{
    lwasm_val v;
    switch (x->kind) {
    case LWASM_EXTERN_GLOBAL:
        lwasm_global_get(x->of.global, &v);
        if (v.kind != lwasm_global_type(x->of.global).type)
            fail("global value of the wrong kind", NULL);
        break;
    case LWASM_EXTERN_TABLE: {
        uint32_t n = lwasm_table_size(x->of.table);
        for (uint32_t i = 0; i < n && i < 64; i++) {
            lwasm_error *e = lwasm_table_get(x->of.table, i, &v);
            if (e)
                fail("table element in range not readable", e);
        }
        lwasm_error *e = lwasm_table_get(x->of.table, n, &v);
        if (!e)
            fail("table read past the end succeeded", NULL);
        lwasm_error_delete(e);
        break;
    }
    case LWASM_EXTERN_MEMORY:
        if (lwasm_memory_data_size(x->of.memory) != (size_t)lwasm_memory_pages(x->of.memory) * LWASM_PAGE_SIZE)
            fail("memory size and page count disagree", NULL);
        break;
    default:
        break;
    }
}

static void run_module(lwasm_engine *engine, lwasm_module *m)
{
    lw_cost cost;
    if (!lw_cost_compute(m, RUN_MAX_DEPTH + 1, &cost))
        return;
    uint64_t budget = RUN_BUDGET;
    bool fuel_ok = RUN_HAS_FUEL && !cost.any_bulk;
    /* Instantiation runs the start function: skip modules whose start may not end soon. */
    if (m->has_start) {
        uint64_t b = cost.bound[m->start] == LW_COST_INFINITE && fuel_ok ? 1 : cost.bound[m->start];
        if (b > budget) {
            lw_cost_free(&cost);
            return;
        }
        budget -= b;
    }
    lwasm_store *s = lwasm_store_new(engine);
    lwasm_extern *imports = NULL;
    size_t nimports = 0;
    if (!s || !lw_stub_imports(s, m, NULL, &imports, &nimports))
        goto done;
#ifdef LWASM_HAS_FUEL
    lwasm_error *fe = lwasm_store_set_fuel(s, RUN_FUEL);
    if (fe)
        fail("fuel refused by a fuel-consuming engine", fe);
#endif
    lwasm_instance *inst = NULL;
    lwasm_error *e = lwasm_instance_new(s, m, imports, nimports, &inst);
    if (e) {
        lwasm_errkind k = lwasm_error_kind(e);
        if (k != LWASM_ERR_TRAP && k != LWASM_ERR_NOMEM && k != LWASM_ERR_LIMIT)
            fail("instantiation with exact stubs failed other than by trap or limit", e);
        lwasm_error_delete(e);
        goto done;
    }
    if (!inst)
        fail("instantiation returned neither instance nor error", NULL);
    size_t n = lwasm_instance_export_count(inst);
    for (size_t i = 0; i < n; i++) {
        lwasm_name name;
        lwasm_extern x;
        if (!lwasm_instance_export_nth(inst, i, &name, &x))
            fail("export in range not returned", NULL);
        if (x.kind == LWASM_EXTERN_FUNC) {
            /* The module's own export list names the function index the bound is for. */
            uint32_t index = m->exports[i].index;
            call_export(s, x.of.func, cost.bound[index], fuel_ok, &budget);
        }
        inspect_extern(&x);
    }
done:
    free(imports);
    lwasm_store_delete(s);
    lw_cost_free(&cost);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lwasm_engine *engine;
    if (!engine) {
        const char *v = getenv("LWFUZZ_VERBOSE");
        verbose = v && *v && *v != '0';
        lwasm_config c;
        lwasm_config_init(&c);
        c.max_memory_pages = RUN_MAX_PAGES;
        c.max_call_depth = RUN_MAX_DEPTH;
        c.max_stack_slots = RUN_MAX_SLOTS;
#ifdef LWASM_HAS_FUEL
        c.consume_fuel = true;
#endif
        if (!(engine = lwasm_engine_new(&c)))
            return 0;
    }
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(engine, data, size, &m);
    if (e) {
        lwasm_error_delete(e);
        return 0;
    }
    run_module(engine, m);
    lwasm_module_delete(m);
    return 0;
}
