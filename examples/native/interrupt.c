/* interrupt.c — the native API: a second thread stops a guest that would run forever. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common.h"

/* The watchdog: waits, then interrupts. A handle may be used from any thread. */
static void *watchdog(void *arg)
{
    struct timespec wait = {0, 100 * 1000 * 1000}; /* 100 ms */
    nanosleep(&wait, NULL);
    lwasm_interrupt(arg);
    return NULL;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "compute.wasm";
    size_t len;
    uint8_t *bytes = example_read_file(path, &len);
    if (!bytes)
        return 1;

    /* The checks for interrupts are compiled in when the engine asks. */
    lwasm_config config;
    lwasm_config_init(&config);
    config.interruptible = true;
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
    lwasm_interrupt_handle *handle = NULL;
    int status = 1;
    if ((err = lwasm_instance_new(store, module, NULL, 0, &instance))) {
        example_report("instantiation", err);
        goto done;
    }
    lwasm_extern spin, collatz;
    if (!lwasm_instance_export(instance, "spin", 4, &spin) || !lwasm_instance_export(instance, "collatz", 7, &collatz))
        goto done;

    /* The handle is the only object another thread may touch. */
    handle = lwasm_store_interrupt_handle(store);
    pthread_t thread;
    if (pthread_create(&thread, NULL, watchdog, handle) != 0)
        goto done;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    err = lwasm_func_call(store, spin.of.func, NULL, 0, NULL, 0);
    double took = seconds_since(&start);
    pthread_join(thread, NULL);
    bool interrupted = err && lwasm_error_trap(err) == LWASM_TRAP_INTERRUPTED;
    printf("spin: %s (after %.2f s)\n", err ? lwasm_error_message(err) : "returned?", took);
    lwasm_error_delete(err);

    /* The interrupt stopped that call only: the store goes on. */
    lwasm_val n = lwasm_val_i64(27), steps;
    if ((err = lwasm_func_call(store, collatz.of.func, &n, 1, &steps, 1))) {
        example_report("collatz", err);
        goto done;
    }
    printf("collatz(27) = %" PRId32 " steps\n", steps.of.i32);
    status = interrupted && steps.of.i32 == 111 ? 0 : 1;

done:
    /* The handle may outlive the store; each is deleted on its own. */
    lwasm_store_delete(store);
    lwasm_interrupt_handle_delete(handle);
    lwasm_module_delete(module);
    lwasm_engine_delete(engine);
    return status;
}
