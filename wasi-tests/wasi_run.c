/* wasi_run.c — runs one WASI command module with libwasm and the WASI host; the testsuite runner's child. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwasm.h"
#include "lwasi.h"

/* Exit statuses of our own, distinct from what the tests expect from guests. */
enum { RUN_USAGE = 120, RUN_LOAD = 121, RUN_TRAP = 122 };

static void usage(void)
{
    fprintf(stderr, "usage: wasi-run [--dir HOST::GUEST]... [--env NAME=VALUE]... [--listen ADDR:PORT]... "
                    "MODULE.wasm [ARG]...\n");
    exit(RUN_USAGE);
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int report(const char *what, lwasm_error *e)
{
    fprintf(stderr, "wasi-run: %s: %s\n", what, lwasm_error_message(e));
    int status = lwasm_error_kind(e) == LWASM_ERR_TRAP ? RUN_TRAP : RUN_LOAD;
    lwasm_error_delete(e);
    return status;
}

int main(int argc, char **argv)
{
    /* A guest writing to a closed pipe gets EPIPE; the host must not die of SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    lwasi_config *cfg = lwasi_config_new();
    if (!cfg)
        return RUN_LOAD;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(argv[i - 1], "--dir") == 0) {
            const char *sep = strstr(v, "::");
            char *host = sep ? strndup(v, (size_t)(sep - v)) : strdup(v);
            lwasm_error *e = lwasi_config_preopen_dir(cfg, host, sep ? sep + 2 : v);
            free(host);
            if (e)
                return report("--dir", e);
        } else if (strcmp(argv[i - 1], "--env") == 0) {
            const char *eq = strchr(v, '=');
            char *name = eq ? strndup(v, (size_t)(eq - v)) : NULL;
            bool ok = name && lwasi_config_add_env(cfg, name, eq + 1);
            free(name);
            if (!ok)
                usage();
        } else if (strcmp(argv[i - 1], "--listen") == 0) {
            if (!lwasi_config_add_listen(cfg, v))
                usage();
        } else {
            usage();
        }
    }
    if (i >= argc)
        usage();
    const char *path = argv[i];
    /* The guest's argv[0] is the module's file name, then the remaining arguments. */
    const char *slash = strrchr(path, '/');
    argv[i] = (char *)(slash ? slash + 1 : path);
    if (!lwasi_config_set_args(cfg, argc - i, (const char *const *)(argv + i)))
        return RUN_LOAD;

    size_t len;
    unsigned char *bytes = read_file(path, &len);
    if (!bytes) {
        fprintf(stderr, "wasi-run: cannot read %s: %s\n", path, strerror(errno));
        return RUN_LOAD;
    }
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_module *module = NULL;
    lwasm_error *e = lwasm_module_new(engine, bytes, len, &module);
    free(bytes);
    if (e)
        return report(path, e);
    lwasi_ctx *ctx;
    if ((e = lwasi_ctx_new(cfg, &ctx)))
        return report("wasi", e);
    lwasi_config_delete(cfg);
    lwasm_store *store = lwasm_store_new(engine);
    lwasm_linker *linker = lwasm_linker_new(store);
    lwasm_instance *inst = NULL;
    int status = 0;
    if ((e = lwasi_define(ctx, linker)) || (e = lwasm_linker_instantiate(linker, module, &inst)) ||
        (e = lwasi_run_start(ctx, store, inst, &status)))
        status = report(path, e);
    /* The store goes first: its host functions point into the context. */
    lwasm_linker_delete(linker);
    lwasm_store_delete(store);
    lwasi_ctx_delete(ctx);
    lwasm_module_delete(module);
    lwasm_engine_delete(engine);
    fflush(stdout);
    return status;
}
