/* run.c — loads a module, links WASI, runs _start or an --invoke export, and maps outcomes to exit codes. */
#include "run.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lwasi.h"
#include "values.h"

/* A module binary larger than this is refused before reading it (the format allows 4 GiB, nobody needs it). */
#define WR_MAX_MODULE_SIZE ((size_t)1 << 30)
/* Frames printed at each end of a long backtrace. */
#define WR_BACKTRACE_EDGE 20

struct wr_prepared {
    const wr_launch *launch;
    lwasm_engine *engine;
    lwasm_module *module;
    lwasm_store *store;
    lwasm_linker *linker;
    lwasi_ctx *wasi;
    lwasm_instance *instance;
};

/* Writes a name from the module, escaping control bytes so a hostile name cannot drive the terminal. */
static void wr_print_name(FILE *f, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x20 || c == 0x7f || c == '\\')
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
}

static void wr_print_backtrace(FILE *err, const lwasm_error *e, const lwasm_module *module)
{
    size_t n = lwasm_error_frame_count(e);
    if (n == 0)
        return;
    fprintf(err, "wasm backtrace:\n");
    for (size_t i = 0; i < n; i++) {
        /* Deep recursion leaves thousands of frames: show both ends, which is where the story is. */
        if (n > 2 * WR_BACKTRACE_EDGE && i == WR_BACKTRACE_EDGE) {
            fprintf(err, "  ... %zu more frames ...\n", n - 2 * WR_BACKTRACE_EDGE);
            i = n - WR_BACKTRACE_EDGE - 1;
            continue;
        }
        uint32_t func_index;
        lwasm_name name = {0};
        if (!lwasm_error_frame(e, i, &func_index, &name))
            break;
        if (!name.data && module)
            lwasm_module_func_name(module, func_index, &name);
        fprintf(err, "  %4zu: ", i);
        if (name.data)
            wr_print_name(err, name.data, name.len);
        else
            fprintf(err, "<unnamed>");
        fprintf(err, " (func %u)\n", func_index);
    }
}

/* The guest's status as a process exit status: 0-255 as is; wider values keep "failed" rather than
 * wrapping to a misleading 0 (256 would otherwise exit 0). */
static int wr_exit_status(int status)
{
    if (status >= 0 && status <= 255)
        return status;
    return (status & 0xff) ? status & 0xff : 1;
}

int wr_report_error(FILE *err, const char *file, const lwasm_error *e, const lwasm_module *module)
{
    const char *what;
    int status;
    switch (lwasm_error_kind(e)) {
    case LWASM_ERR_MALFORMED: what = "malformed module"; status = WR_EXIT_MODULE; break;
    case LWASM_ERR_INVALID: what = "invalid module"; status = WR_EXIT_MODULE; break;
    case LWASM_ERR_UNLINKABLE: what = "unlinkable module"; status = WR_EXIT_MODULE; break;
    case LWASM_ERR_LIMIT: what = "limit exceeded"; status = WR_EXIT_MODULE; break;
    case LWASM_ERR_TRAP: what = "trap"; status = WR_EXIT_TRAP; break;
    case LWASM_ERR_EXIT: return wr_exit_status(lwasm_error_exit_status(e));
    case LWASM_ERR_NOMEM: what = "out of memory"; status = WR_EXIT_HOST; break;
    case LWASM_ERR_IO: what = "I/O error"; status = WR_EXIT_HOST; break;
    default: what = "error"; status = WR_EXIT_HOST; break;
    }
    fprintf(err, "wasmrun: %s: %s: %s\n", file, what, lwasm_error_message(e));
    if (lwasm_error_kind(e) == LWASM_ERR_TRAP)
        wr_print_backtrace(err, e, module);
    return status;
}

void wr_prepared_delete(wr_prepared *p)
{
    if (!p)
        return;
    if (p->linker)
        lwasm_linker_delete(p->linker);
    if (p->store)
        lwasm_store_delete(p->store); /* before the WASI context its host functions point to */
    if (p->wasi)
        lwasi_ctx_delete(p->wasi);
    if (p->module)
        lwasm_module_delete(p->module);
    if (p->engine)
        lwasm_engine_delete(p->engine);
    free(p);
}

/* Builds the WASI context; returns 0 or the exit status after printing why not. */
static int wr_make_wasi(const wr_launch *l, FILE *err, lwasi_ctx **out)
{
    lwasi_config *wc = lwasi_config_new();
    if (!wc) {
        fprintf(err, "wasmrun: out of memory\n");
        return WR_EXIT_HOST;
    }
    bool ok = lwasi_config_set_args(wc, (int)l->argv.len, (const char *const *)l->argv.items);
    for (size_t i = 0; ok && i < l->env.len; i++) {
        const char *entry = l->env.items[i];
        const char *eq = strchr(entry, '=');
        char *name = wr_strndup(entry, (size_t)(eq - entry));
        ok = name && lwasi_config_add_env(wc, name, eq + 1);
        free(name);
    }
    if (!ok) {
        fprintf(err, "wasmrun: out of memory\n");
        lwasi_config_delete(wc);
        return WR_EXIT_HOST;
    }
    for (size_t i = 0; i < l->npreopens; i++) {
        lwasm_error *e = lwasi_config_preopen_dir(wc, l->preopens[i].host, l->preopens[i].guest);
        if (e) {
            fprintf(err, "wasmrun: --dir %s::%s: %s\n", l->preopens[i].host, l->preopens[i].guest,
                    lwasm_error_message(e));
            lwasm_error_delete(e);
            lwasi_config_delete(wc);
            return WR_EXIT_HOST;
        }
    }
    for (size_t i = 0; i < l->listens.len; i++) {
        if (!lwasi_config_add_listen(wc, l->listens.items[i])) {
            fprintf(err, "wasmrun: --listen %s: not a valid ADDR:PORT\n", l->listens.items[i]);
            lwasi_config_delete(wc);
            return WR_EXIT_USAGE;
        }
    }
    lwasi_config_set_stdio(wc, l->stdio[0], l->stdio[1], l->stdio[2]);
    lwasm_error *e = lwasi_ctx_new(wc, out);
    lwasi_config_delete(wc);
    if (e) {
        fprintf(err, "wasmrun: cannot set up WASI: %s\n", lwasm_error_message(e));
        lwasm_error_delete(e);
        return WR_EXIT_HOST;
    }
    return 0;
}

int wr_prepare(const wr_launch *l, FILE *err, wr_prepared **out)
{
    *out = NULL;
    uint8_t *bytes;
    size_t len;
    wr_err rerr = wr_read_file(l->module_path, WR_MAX_MODULE_SIZE, &bytes, &len);
    if (rerr) {
        fprintf(err, "wasmrun: cannot read module: %s\n", rerr);
        wr_err_free(rerr);
        return WR_EXIT_HOST;
    }

    wr_prepared *p = calloc(1, sizeof *p);
    if (!p) {
        free(bytes);
        fprintf(err, "wasmrun: out of memory\n");
        return WR_EXIT_HOST;
    }
    p->launch = l;
    lwasm_config cfg;
    lwasm_config_init(&cfg);
    if (l->max_memory_pages)
        cfg.max_memory_pages = l->max_memory_pages;
    if (l->max_call_depth)
        cfg.max_call_depth = l->max_call_depth;
    if (l->max_stack_slots)
        cfg.max_stack_slots = l->max_stack_slots;
    p->engine = lwasm_engine_new(&cfg);
    if (!p->engine) {
        free(bytes);
        wr_prepared_delete(p);
        fprintf(err, "wasmrun: out of memory\n");
        return WR_EXIT_HOST;
    }
    lwasm_error *e = lwasm_module_new(p->engine, bytes, len, &p->module);
    free(bytes);
    int status = 0;
    if (e)
        goto fail;
    p->store = lwasm_store_new(p->engine);
    p->linker = p->store ? lwasm_linker_new(p->store) : NULL;
    if (!p->linker) {
        fprintf(err, "wasmrun: out of memory\n");
        wr_prepared_delete(p);
        return WR_EXIT_HOST;
    }
    if ((status = wr_make_wasi(l, err, &p->wasi))) {
        wr_prepared_delete(p);
        return status;
    }
    if ((e = lwasi_define_store(p->wasi, p->store, p->linker)))
        goto fail;
    /* A trap in the module's start function comes back here, after the instance exists. */
    if ((e = lwasm_linker_instantiate(p->linker, p->module, &p->instance)))
        goto fail;
    *out = p;
    return 0;

fail:
    status = wr_report_error(err, l->module_path, e, p->module);
    lwasm_error_delete(e);
    wr_prepared_delete(p);
    return status;
}

static bool wr_find_func(wr_prepared *p, const char *name, lwasm_func **out)
{
    lwasm_extern ext;
    if (!lwasm_instance_export(p->instance, name, strlen(name), &ext) || ext.kind != LWASM_EXTERN_FUNC)
        return false;
    *out = ext.of.func;
    return true;
}

static void wr_describe_params(FILE *f, const lwasm_functype *t)
{
    fprintf(f, "(");
    for (uint32_t i = 0; i < t->nparams; i++)
        fprintf(f, "%s%s", i ? " " : "", wr_valkind_name(t->params[i]));
    fprintf(f, ")");
}

static int wr_invoke(wr_prepared *p, FILE *out, FILE *err)
{
    const wr_launch *l = p->launch;
    lwasm_func *func;
    if (!wr_find_func(p, l->invoke, &func)) {
        fprintf(err, "wasmrun: %s: no exported function named '%s'\n", l->module_path, l->invoke);
        return WR_EXIT_MODULE;
    }
    const lwasm_functype *type = lwasm_func_type(func);
    if (l->invoke_args.len != type->nparams) {
        fprintf(err, "wasmrun: %s takes %u argument%s ", l->invoke, type->nparams, type->nparams == 1 ? "" : "s");
        wr_describe_params(err, type);
        fprintf(err, ", %zu given\n", l->invoke_args.len);
        return WR_EXIT_USAGE;
    }
    lwasm_val *args = calloc(type->nparams + 1, sizeof *args);
    lwasm_val *results = calloc(type->nresults + 1, sizeof *results);
    int status = 0;
    if (!args || !results) {
        fprintf(err, "wasmrun: out of memory\n");
        status = WR_EXIT_HOST;
        goto done;
    }
    for (uint32_t i = 0; i < type->nparams; i++) {
        wr_err perr = wr_value_parse(type->params[i], l->invoke_args.items[i], &args[i]);
        if (perr) {
            fprintf(err, "wasmrun: %s argument %u: %s\n", l->invoke, i + 1, perr);
            wr_err_free(perr);
            status = WR_EXIT_USAGE;
            goto done;
        }
    }
    /* A reactor expects _initialize before any other export, as WASI's reactor ABI says. */
    lwasm_func *init;
    lwasm_error *e = NULL;
    if (strcmp(l->invoke, "_initialize") != 0 && wr_find_func(p, "_initialize", &init))
        e = lwasm_func_call(p->store, init, NULL, 0, NULL, 0);
    if (!e)
        e = lwasm_func_call(p->store, func, args, type->nparams, results, type->nresults);
    if (e) {
        status = lwasm_error_kind(e) == LWASM_ERR_EXIT ? wr_exit_status(lwasm_error_exit_status(e))
                                                      : wr_report_error(err, l->module_path, e, p->module);
        lwasm_error_delete(e);
        goto done;
    }
    for (uint32_t i = 0; i < type->nresults; i++) {
        char text[128];
        wr_value_format(&results[i], text, sizeof text);
        fprintf(out, "%s\n", text);
    }
    fflush(out);
done:
    free(args);
    free(results);
    return status;
}

int wr_execute(wr_prepared *p, FILE *out, FILE *err)
{
    /* A guest writing to a pipe whose reader has gone must get EPIPE from fd_write, not kill the host. */
    signal(SIGPIPE, SIG_IGN);
    if (p->launch->invoke)
        return wr_invoke(p, out, err);
    lwasm_func *start;
    if (!wr_find_func(p, "_start", &start)) {
        fprintf(err, "wasmrun: %s: the module exports no _start function (use --invoke FUNC to call an export)\n",
                p->launch->module_path);
        return WR_EXIT_MODULE;
    }
    int exit_status = 0;
    lwasm_error *e = lwasi_run_start(p->wasi, p->store, p->instance, &exit_status);
    if (e) {
        int status = lwasm_error_kind(e) == LWASM_ERR_EXIT ? wr_exit_status(lwasm_error_exit_status(e))
                                                           : wr_report_error(err, p->launch->module_path, e,
                                                                             p->module);
        lwasm_error_delete(e);
        return status;
    }
    return wr_exit_status(exit_status);
}

int wr_run(const wr_launch *l, FILE *out, FILE *err)
{
    wr_prepared *p;
    int status = wr_prepare(l, err, &p);
    if (status)
        return status;
    status = wr_execute(p, out, err);
    wr_prepared_delete(p);
    return status;
}
