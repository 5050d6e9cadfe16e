/* ctx.c — lwasi_ctx (strings, fd table, libuv loop) made from a configuration, and lwasi_run_start. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Packs strings back to back, NUL-terminated, as args_get/environ_get hand them out. */
static bool pack(char *const *v, size_t n, char **buf, uint32_t *size, uint32_t **off, uint32_t *count)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(v[i]) + 1;
    if (total > UINT32_MAX || n > UINT32_MAX / 4)
        return false;
    *buf = malloc(total ? total : 1);
    *off = malloc(n ? n * sizeof **off : 1);
    if (!*buf || !*off)
        return false;
    uint32_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        (*off)[i] = at;
        memcpy(*buf + at, v[i], len);
        at += (uint32_t)len;
    }
    *size = at;
    *count = (uint32_t)n;
    return true;
}

static lwasm_error *fail(lwasi_ctx *ctx, const char *fmt, const char *what, int err)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, what ? what : "", err ? strerror(err) : "");
    lwasi_ctx_delete(ctx);
    return lwasm_error_new_trap(msg);
}

/* A duplicate of an embedder's descriptor, so closing it in the guest leaves the embedder's one open. */
static int dup_host(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 3); }

static lwasm_error *add_stdio(lwasi_ctx *ctx, const lwasi_config *c)
{
    for (uint32_t i = 0; i < 3; i++) {
        if (c->stdio[i] < 0)
            continue;
        int host = dup_host(c->stdio[i]);
        if (host < 0) {
            if (errno == EBADF)
                continue; /* not open in the host either: the guest sees it closed */
            return fail(ctx, "cannot set up standard descriptor%s: %s", "", errno);
        }
        lw_wasi_fd *e = lw_wasi_fd_from_host(host);
        if (!e || lw_wasi_fdtable_add_at(&ctx->fds, e, i)) {
            int err = errno;
            if (e)
                lw_wasi_fd_free(e);
            else
                close(host);
            return fail(ctx, "cannot set up standard descriptor%s: %s", "", err);
        }
    }
    return NULL;
}

lwasm_error *lwasi_ctx_new(const lwasi_config *c, lwasi_ctx **out)
{
    *out = NULL;
    if (!c)
        return lwasm_error_new_trap("lwasi_ctx_new: NULL configuration");
    lwasi_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return lwasm_error_new_trap("lwasi_ctx_new: out of memory");
    lw_wasi_fdtable_init(&ctx->fds);
    int r = uv_loop_init(&ctx->loop);
    if (r < 0) {
        free(ctx);
        return lwasm_error_new_trap("lwasi_ctx_new: cannot create the event loop");
    }
    if (!pack(c->args, c->nargs, &ctx->args_buf, &ctx->args_size, &ctx->args_off, &ctx->nargs) ||
        !pack(c->env, c->nenv, &ctx->env_buf, &ctx->env_size, &ctx->env_off, &ctx->nenv))
        return fail(ctx, "lwasi_ctx_new: arguments or environment too large%s%s", "", 0);
    lwasm_error *e = add_stdio(ctx, c);
    if (e)
        return e;

    /* Preopened directories take 3, 4, ... in order, then listening sockets: wasi-libc and Rust's std find
     * preopens by scanning upward from 3 and stop at the first descriptor that is not one. */
    uint32_t next = 3;
    for (size_t i = 0; i < c->npreopens; i++, next++) {
        int host = dup_host(c->preopens[i].fd);
        lw_wasi_fd *d = host >= 0 ? lw_wasi_fd_from_host(host) : NULL;
        if (!d) {
            int err = errno;
            if (host >= 0)
                close(host);
            return fail(ctx, "cannot preopen '%s': %s", c->preopens[i].guest, err);
        }
        d->preopen = strdup(c->preopens[i].guest);
        d->preopen_len = d->preopen ? strlen(d->preopen) : 0;
        if (!d->preopen || d->kind != LW_WASI_FD_DIR || lw_wasi_fdtable_add_at(&ctx->fds, d, next)) {
            lw_wasi_fd_free(d);
            return fail(ctx, "cannot preopen '%s'%s", c->preopens[i].guest, 0);
        }
    }
    for (size_t i = 0; i < c->nlistens; i++, next++) {
        int host = lw_wasi_listen(c->listens[i]);
        if (host < 0)
            return fail(ctx, "cannot listen on %s: %s", c->listens[i], -host);
        lw_wasi_fd *l = lw_wasi_fd_from_host(host);
        if (!l || lw_wasi_fdtable_add_at(&ctx->fds, l, next)) {
            if (l)
                lw_wasi_fd_free(l);
            else
                close(host);
            return fail(ctx, "cannot listen on %s%s", c->listens[i], 0);
        }
        l->kind = LW_WASI_FD_LISTENER;
        l->host_nonblock = true;
        l->fdflags = 0; /* blocking, as far as the guest can tell */
        l->rights_base = lw_wasi_rights_base_for(l->kind);
        l->rights_inheriting = lw_wasi_rights_inheriting_for(l->kind);
    }
    *out = ctx;
    return NULL;
}

void lwasi_ctx_delete(lwasi_ctx *ctx)
{
    if (!ctx)
        return;
    lw_wasi_fdtable_free(&ctx->fds);
    uv_run(&ctx->loop, UV_RUN_NOWAIT);
    uv_loop_close(&ctx->loop);
    free(ctx->args_buf);
    free(ctx->args_off);
    free(ctx->env_buf);
    free(ctx->env_off);
    free(ctx->bindings);
    free(ctx);
}

lwasm_error *lwasi_run_start(lwasi_ctx *ctx, lwasm_store *s, lwasm_instance *inst, int *exit_status)
{
    (void)ctx;
    lwasm_extern start;
    if (!inst || !lwasm_instance_export(inst, "_start", 6, &start) || start.kind != LWASM_EXTERN_FUNC)
        return lwasm_error_new_trap("lwasi_run_start: the module exports no _start function");
    const lwasm_functype *t = lwasm_func_type(start.of.func);
    if (t->nparams || t->nresults)
        return lwasm_error_new_trap("lwasi_run_start: _start must take and return nothing");
    lwasm_error *e = lwasm_func_call(s, start.of.func, NULL, 0, NULL, 0);
    if (!e) {
        *exit_status = 0;
        return NULL;
    }
    if (lwasm_error_kind(e) == LWASM_ERR_EXIT) {
        *exit_status = lwasm_error_exit_status(e);
        lwasm_error_delete(e);
        return NULL;
    }
    return e;
}
