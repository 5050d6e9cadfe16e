/* fuel.c — the native API with a fuel limit: out-of-fuel traps, refuelling between calls, and refuelling in place. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

/* Hands out fuel in slices, up to a number of them: a host's scheduler could
 * yield to other work here before letting the guest go on. */
typedef struct slices {
    uint64_t size;
    unsigned given, max;
} slices;

static uint64_t next_slice(void *data, lwasm_store *store)
{
    (void)store;
    slices *s = data;
    if (s->given == s->max)
        return 0; /* no more: the call ends with an out-of-fuel trap */
    s->given++;
    return s->size;
}

static lwasm_func *export_func(lwasm_instance *instance, const char *name, size_t len)
{
    lwasm_extern e;
    return lwasm_instance_export(instance, name, len, &e) && e.kind == LWASM_EXTERN_FUNC ? e.of.func : NULL;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "compute.wasm";
    size_t len;
    uint8_t *bytes = example_read_file(path, &len);
    if (!bytes)
        return 1;

    /* Fuel is compiled into the code, so it is chosen for the engine. */
    lwasm_config config;
    lwasm_config_init(&config);
    config.consume_fuel = true;
    lwasm_engine *engine = lwasm_engine_new(&config);
    lwasm_module *module = NULL;
    lwasm_error *err = lwasm_module_new(engine, bytes, len, &module);
    free(bytes);
    if (err) {
        example_report(path, err);
        return 1;
    }
    lwasm_store *store = lwasm_store_new(engine);
    lwasm_instance *instance = NULL;
    int status = 1;
    /* A store starts without fuel; instantiation runs no code here, but a
     * start function would be charged too. */
    if ((err = lwasm_instance_new(store, module, NULL, 0, &instance))) {
        example_report("instantiation", err);
        goto done;
    }
    lwasm_func *collatz = export_func(instance, "collatz", 7), *spin = export_func(instance, "spin", 4);
    if (!collatz || !spin)
        goto done;

    /* 1. Too little fuel: the call traps, and the store is still usable.
     *    (lwasm_store_*_fuel* fail only when the engine has no fuel.) */
    lwasm_val n = lwasm_val_i64(27), steps;
    uint64_t fuel = 0;
    lwasm_store_set_fuel(store, 1000);
    err = lwasm_func_call(store, collatz, &n, 1, &steps, 1);
    if (!err || lwasm_error_trap(err) != LWASM_TRAP_OUT_OF_FUEL) {
        fprintf(stderr, "expected an out-of-fuel trap\n");
        goto done;
    }
    printf("with 1000 units: %s\n", lwasm_error_message(err));
    lwasm_error_delete(err);

    /* 2. Refuel and call again: fuel charged is exact and reproducible. */
    lwasm_store_set_fuel(store, 1000000);
    if ((err = lwasm_func_call(store, collatz, &n, 1, &steps, 1))) {
        example_report("collatz", err);
        goto done;
    }
    lwasm_store_get_fuel(store, &fuel);
    uint64_t cost = 1000000 - fuel;
    printf("collatz(27) = %" PRId32 " steps, for %" PRIu64 " units of fuel\n", steps.of.i32, cost);

    /* 3. An endless loop cannot hang the host. */
    lwasm_store_set_fuel(store, 100000);
    err = lwasm_func_call(store, spin, NULL, 0, NULL, 0);
    printf("spin with 100000 units: %s\n", err ? lwasm_error_message(err) : "returned?");
    bool spin_stopped = err && lwasm_error_trap(err) == LWASM_TRAP_OUT_OF_FUEL;
    lwasm_error_delete(err);

    /* 4. Refuel in place: the handler is asked when fuel runs out, and the
     *    guest continues where it stood. */
    slices budget = {.size = 100, .max = 1000};
    lwasm_store_set_fuel(store, 0);
    lwasm_store_set_fuel_handler(store, next_slice, &budget);
    if ((err = lwasm_func_call(store, collatz, &n, 1, &steps, 1))) {
        example_report("collatz in slices", err);
        goto done;
    }
    printf("collatz(27) in slices of 100: %u slices\n", budget.given);
    budget.given = 0;
    budget.max = 5;
    err = lwasm_func_call(store, spin, NULL, 0, NULL, 0);
    printf("spin in 5 slices of 100: %s\n", err ? lwasm_error_message(err) : "returned?");
    spin_stopped = spin_stopped && err && lwasm_error_trap(err) == LWASM_TRAP_OUT_OF_FUEL;
    lwasm_error_delete(err);

    status = steps.of.i32 == 111 && spin_stopped && budget.given == 5 ? 0 : 1;

done:
    lwasm_store_delete(store);
    lwasm_module_delete(module);
    lwasm_engine_delete(engine);
    return status;
}
