/* harness.h — test scaffolding: a WASI context over a temporary sandbox, a guest memory buffer, direct calls. */
#ifndef LWASI_HARNESS_H
#define LWASI_HARNESS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* base/ holds sandbox/ (preopened as "/" at guest fd 3) and outside/ (a sibling the guest must never touch). */
typedef struct wh {
    char base[PATH_MAX];
    char sandbox[PATH_MAX];
    char outside[PATH_MAX];
    lwasi_ctx *ctx;
    uint8_t *mem;
    size_t mem_size;
    uint32_t top;        /* bump allocator in guest memory */
    int out_pipe[2];     /* guest fds 1 and 2 write into out_pipe[1]; the test reads out_pipe[0] */
    lwasm_error *error;  /* what the last call returned instead of an errno (proc_exit) */
} wh;

#define WH_MEM_SIZE (1u << 20)
#define WH_PREOPEN 3u

wh *wh_new(void);
/* Like wh_new, with extra configuration applied before the context is made (may be NULL). */
wh *wh_new_with(void (*configure)(lwasi_config *c, const wh *h, void *arg), void *arg);
void wh_free(wh *h);

/* Guest memory: zeroed bytes (8-aligned), a copy of a string (without NUL), loads. */
uint32_t wh_alloc(wh *h, size_t n);
uint32_t wh_str(wh *h, const char *s);
uint32_t wh_u32(const wh *h, uint32_t ptr);
uint64_t wh_u64(const wh *h, uint32_t ptr);

/* Calls import `name` with the given arguments (each converted to the parameter's wasm type). */
uint16_t wh_call(wh *h, const char *name, const uint64_t *args, size_t nargs);
#define WCALL(h, name, ...)                                                                                   \
    wh_call((h), (name), (const uint64_t[]){__VA_ARGS__}, sizeof((const uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t))
/* A path argument: pointer and length. */
#define WPATH(h, s) (uint64_t)wh_str((h), (s)), (uint64_t)strlen(s)

/* path_open relative to `dirfd`; returns the errno and stores the new fd in *fd. */
uint16_t wh_open(wh *h, uint32_t dirfd, uint32_t lookup, const char *path, uint32_t oflags, uint64_t rights,
                 uint32_t fdflags, uint32_t *fd);
/* fd_write / fd_read of one buffer; the byte count goes to *n. */
uint16_t wh_write(wh *h, uint32_t fd, const void *data, size_t len, uint32_t *n);
uint16_t wh_read(wh *h, uint32_t fd, void *buf, size_t len, uint32_t *n);

/* Host-side helpers, paths relative to h->base. */
void wh_host_write(const wh *h, const char *rel, const char *content);
char *wh_host_read(const wh *h, const char *rel); /* heap string, NULL if unreadable */
bool wh_host_exists(const wh *h, const char *rel);
/* lstat of base/rel; 0 or -1. */
int wh_host_lstat(const wh *h, const char *rel, struct stat *st);
void wh_host_mkdir(const wh *h, const char *rel);
void wh_host_symlink(const wh *h, const char *target, const char *rel);
/* Builds the escape layout described in escape/escape_paths.h under h->base. */
void wh_escape_layout(const wh *h);
/* A text description of a tree (names, types, sizes, modes, times, link targets, contents). */
char *wh_snapshot(const char *dir);

#endif
