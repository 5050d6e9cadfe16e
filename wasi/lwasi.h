/* lwasi.h — the WASI preview1 host for libwasm: configuration, linking and running a command module. */
#ifndef LWASI_H
#define LWASI_H

/*
 * Built only on libwasm's public API (libwasm.h), as any embedder's host would be.
 * A context holds one guest's WASI state (fd table, preopens, args, env) and is used
 * by one store/thread at a time.
 */
#include "libwasm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lwasi_config lwasi_config;
typedef struct lwasi_ctx lwasi_ctx;

lwasi_config *lwasi_config_new(void);
void lwasi_config_delete(lwasi_config *c);
/* argv[0] is the program name the guest sees. Strings are copied. */
bool lwasi_config_set_args(lwasi_config *c, int argc, const char *const *argv);
/* Adds NAME=VALUE to the guest environment (nothing is inherited implicitly). */
bool lwasi_config_add_env(lwasi_config *c, const char *name, const char *value);
/* Preopens host directory `host_path` as `guest_path` (e.g. "." as "/"). Fails if it cannot be opened. */
lwasm_error *lwasi_config_preopen_dir(lwasi_config *c, const char *host_path, const char *guest_path);
/* Host descriptors used as guest fds 0, 1, 2 (default: the process's own 0, 1, 2; -1 closes). */
void lwasi_config_set_stdio(lwasi_config *c, int in_fd, int out_fd, int err_fd);
/* A listening socket preopened for sock_accept: "ADDR:PORT" (IPv4, or [IPv6]:PORT). Bound at ctx creation. */
bool lwasi_config_add_listen(lwasi_config *c, const char *addr_port);

lwasm_error *lwasi_ctx_new(const lwasi_config *c, lwasi_ctx **out);
void lwasi_ctx_delete(lwasi_ctx *ctx);

/* Defines every wasi_snapshot_preview1 import in the linker, bound to ctx. */
lwasm_error *lwasi_define(lwasi_ctx *ctx, lwasm_linker *linker);
/* The same, naming the store the linker was made for. The ctx must outlive the store's use of the functions. */
lwasm_error *lwasi_define_store(lwasi_ctx *ctx, lwasm_store *store, lwasm_linker *linker);

/* Runs a command: calls the instance's `_start` export. Returns NULL and sets *exit_status (the proc_exit code, or
 * 0 when _start returns) or returns the error (a trap, a missing _start...). */
lwasm_error *lwasi_run_start(lwasi_ctx *ctx, lwasm_store *s, lwasm_instance *inst, int *exit_status);

#ifdef __cplusplus
}
#endif
#endif
