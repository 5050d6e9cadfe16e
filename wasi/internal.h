/* internal.h — types and functions shared by the files of the WASI host (never installed, never seen by guests). */
#ifndef LWASI_INTERNAL_H
#define LWASI_INTERNAL_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <uv.h>

#include "abi.h"
#include "lwasi.h"

/* ---- guest memory (mem.c) ------------------------------------------------ */

/* Linear memory 0 of the calling instance, fixed for the duration of one host call. */
typedef struct lw_wasi_mem {
    uint8_t *base;
    size_t size;
} lw_wasi_mem;

/* Most iovecs one call hands to the host, and most bytes: a longer request is served in part, as POSIX allows. */
#define LW_WASI_IOV_MAX 1024u
#define LW_WASI_IO_MAX ((size_t)1 << 30)
/* Longest guest path accepted; the kernel refuses longer ones anyway. */
#define LW_WASI_PATH_MAX 65536u

/* The host address of [ptr, ptr+len) in guest memory, or NULL when any byte lies outside it. */
uint8_t *lw_wasi_mem_at(const lw_wasi_mem *m, uint32_t ptr, uint64_t len);
uint16_t lw_wasi_load16(const uint8_t *p);
uint32_t lw_wasi_load32(const uint8_t *p);
uint64_t lw_wasi_load64(const uint8_t *p);
void lw_wasi_store16(uint8_t *p, uint16_t v);
void lw_wasi_store32(uint8_t *p, uint32_t v);
void lw_wasi_store64(uint8_t *p, uint64_t v);
/* Stores at a guest address; LWASI_EFAULT when out of bounds. */
int lw_wasi_put32(const lw_wasi_mem *m, uint32_t ptr, uint32_t v);
int lw_wasi_put64(const lw_wasi_mem *m, uint32_t ptr, uint64_t v);
/* Copies a guest path into a NUL-terminated heap string (EFAULT, ENAMETOOLONG, EILSEQ for an embedded NUL). */
int lw_wasi_mem_path(const lw_wasi_mem *m, uint32_t ptr, uint32_t len, char **out);
/* Translates a guest (c)iovec array into host buffers; *bufs is heap-allocated (free it) and holds *n entries. */
int lw_wasi_mem_iovecs(const lw_wasi_mem *m, uint32_t iovs, uint32_t count, uv_buf_t **bufs, unsigned *n);

/* ---- errno (errno.c) ----------------------------------------------------- */

uint16_t lw_wasi_errno(int host_errno);
/* libuv errors are negated host errnos on Unix. */
uint16_t lw_wasi_uv_errno(int uv_err);
const char *lw_wasi_errno_name(uint16_t e);

/* ---- the fd table (fdtable.c) -------------------------------------------- */

typedef enum lw_wasi_fdkind {
    LW_WASI_FD_FILE,     /* regular file or block device: seekable, always ready */
    LW_WASI_FD_DIR,      /* directory: a base for path calls */
    LW_WASI_FD_STREAM,   /* pipe, terminal, character device or other host stream */
    LW_WASI_FD_SOCKET,   /* connected socket */
    LW_WASI_FD_LISTENER, /* listening socket, for sock_accept */
} lw_wasi_fdkind;

typedef struct lw_wasi_fd {
    int host;                 /* owned host descriptor */
    lw_wasi_fdkind kind;
    uint8_t filetype;         /* LWASI_FILETYPE_* */
    uint16_t fdflags;         /* LWASI_FDFLAG_* as the guest sees them */
    bool host_nonblock;       /* host fd is O_NONBLOCK while the guest may expect blocking: wait in libuv */
    uint64_t rights_base;
    uint64_t rights_inheriting;
    char *preopen;            /* guest name of a preopened directory, else NULL */
    size_t preopen_len;
    DIR *dir;                 /* fd_readdir's stream (its own open file description), lazily made */
    uint64_t dir_pos;         /* cookie of the next entry `dir` returns */
} lw_wasi_fd;

typedef struct lw_wasi_fdtable {
    lw_wasi_fd **slots;
    uint32_t cap;
} lw_wasi_fdtable;

/* Guest fd numbers stay below this (EMFILE beyond). */
#define LW_WASI_MAX_FDS 65536u

/* Rights a descriptor of each kind may hold (base), and may pass on to what path_open makes (inheriting). */
uint64_t lw_wasi_rights_base_for(lw_wasi_fdkind kind);
uint64_t lw_wasi_rights_inheriting_for(lw_wasi_fdkind kind);
uint8_t lw_wasi_filetype_of_mode(mode_t mode);

/* A new entry for an owned host fd, classified with fstat; rights are the full set for its kind. NULL on failure
 * (errno set); the host fd is not closed then. */
lw_wasi_fd *lw_wasi_fd_from_host(int host);
void lw_wasi_fd_free(lw_wasi_fd *e); /* closes the host fd and the readdir stream */

void lw_wasi_fdtable_init(lw_wasi_fdtable *t);
void lw_wasi_fdtable_free(lw_wasi_fdtable *t);
lw_wasi_fd *lw_wasi_fdtable_get(const lw_wasi_fdtable *t, uint32_t fd);
/* Puts e at the lowest free number; LWASI_EMFILE / LWASI_ENOMEM on failure (e is then not owned). */
int lw_wasi_fdtable_add(lw_wasi_fdtable *t, lw_wasi_fd *e, uint32_t *fd_out);
/* Puts e at exactly `fd`, which must be free. */
int lw_wasi_fdtable_add_at(lw_wasi_fdtable *t, lw_wasi_fd *e, uint32_t fd);
/* Removes and returns the entry (NULL when none). */
lw_wasi_fd *lw_wasi_fdtable_take(lw_wasi_fdtable *t, uint32_t fd);

/* ---- configuration (config.c) and context (ctx.c) ------------------------ */

typedef struct lw_wasi_preopen {
    int fd;      /* the host directory, opened when it was configured */
    char *guest; /* the name the guest sees */
} lw_wasi_preopen;

struct lwasi_config {
    char **args;
    size_t nargs;
    char **env; /* "NAME=VALUE" */
    size_t nenv;
    lw_wasi_preopen *preopens;
    size_t npreopens;
    int stdio[3];
    char **listens; /* "ADDR:PORT", bound when a context is made */
    size_t nlistens;
};

typedef struct lw_wasi_binding lw_wasi_binding;

struct lwasi_ctx {
    char *args_buf; /* NUL-terminated strings back to back */
    uint32_t args_size, nargs;
    uint32_t *args_off;
    char *env_buf; /* "NAME=VALUE" strings back to back */
    uint32_t env_size, nenv;
    uint32_t *env_off;
    lw_wasi_fdtable fds;
    uv_loop_t loop; /* poll_oneoff, blocking waits on sockets, and libuv's synchronous fs calls */
    lw_wasi_binding *bindings; /* one per import, the env of its host function */
};

/* An fd with all of `rights`: LWASI_EBADF when there is none, LWASI_ENOTCAPABLE when a right is missing. */
int lw_wasi_fd_get(lwasi_ctx *ctx, uint32_t fd, uint64_t rights, lw_wasi_fd **out);

/* ---- one call of an import ----------------------------------------------- */

typedef struct lw_wasi_call {
    lwasi_ctx *ctx;
    lw_wasi_mem mem;
    const lwasm_val *args;
    lwasm_error *error; /* set by proc_exit: returned by the host function instead of an errno */
} lw_wasi_call;

typedef uint16_t (*lw_wasi_fn)(lw_wasi_call *c);

static inline uint32_t lw_wasi_arg32(const lw_wasi_call *c, size_t i) { return (uint32_t)c->args[i].of.i32; }
static inline uint64_t lw_wasi_arg64(const lw_wasi_call *c, size_t i) { return (uint64_t)c->args[i].of.i64; }

/* The import table (imports.c): name, implementation and wasm signature ('i' i32, 'I' i64). */
typedef struct lw_wasi_import {
    const char *name;
    lw_wasi_fn fn;
    const char *params;
    const char *results;
} lw_wasi_import;

extern const lw_wasi_import lw_wasi_imports[];
extern const size_t lw_wasi_import_count;
const lw_wasi_import *lw_wasi_import_find(const char *name);

/* Runs one import against a memory buffer, as the host function does (tests use it without an instance). */
uint16_t lw_wasi_invoke(lwasi_ctx *ctx, const lw_wasi_import *imp, uint8_t *mem, size_t mem_size,
                        const lwasm_val *args, lwasm_error **error);

/* ---- path resolution (resolve.c) ----------------------------------------- */

/* A guest path resolved beneath a directory: the directory holding its last component, and that component. */
typedef struct lw_wasi_path {
    int dirfd;        /* the base fd itself, or an O_PATH descriptor owned by this struct */
    bool own_dirfd;
    char *name;       /* one component without '/', or "." for the directory itself */
    bool must_be_dir; /* the path ended with a '/' */
} lw_wasi_path;

#define LW_WASI_FOLLOW 0x1u /* follow a symlink in the last component */
#define LW_WASI_MAX_SYMLINKS 40

/* Resolves `path` beneath the directory `base` one component at a time (openat with O_NOFOLLOW), expanding
 * symlinks itself; returns 0 or an LWASI_E* value. Never leaves `base`: `..` above it, absolute paths and
 * absolute symlink targets give LWASI_ENOTCAPABLE. */
int lw_wasi_resolve(int base, const char *path, unsigned flags, lw_wasi_path *out);
void lw_wasi_path_release(lw_wasi_path *p);
/* For a path that ended with '/': the last component must exist and be a directory (ENOENT / ENOTDIR). */
int lw_wasi_path_check_dir(const lw_wasi_path *p);
/* path.c: looks up directory fd (EBADF, ENOTDIR, ENOTCAPABLE without `rights`), copies the guest path and
 * resolves it. Release `out` whatever the result. */
int lw_wasi_path_at(lw_wasi_call *c, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len, unsigned flags,
                    lw_wasi_path *out);

/* ---- shared helpers ------------------------------------------------------ */

/* filestat.c */
void lw_wasi_filestat_store(uint8_t *p, const struct stat *st);
int lw_wasi_times(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec ts[2]);
/* poll.c: blocks until host fd is readable (UV_READABLE) or writable (UV_WRITABLE); 0 or an LWASI_E* value. */
int lw_wasi_wait_fd(lwasi_ctx *ctx, int host, int uv_events);
/* sock.c: a listening TCP socket for "ADDR:PORT" / "[ADDR6]:PORT"; returns the fd or -errno (EINVAL: syntax). */
int lw_wasi_listen(const char *addr_port);
bool lw_wasi_listen_syntax_ok(const char *addr_port);
/* sock.c: one recvmsg/sendmsg (never SIGPIPE), waiting while a blocking guest would block; bytes or -errno. */
int64_t lw_wasi_sock_io(lwasi_ctx *ctx, const lw_wasi_fd *e, bool send, const uv_buf_t *bufs, unsigned n,
                        int msg_flags, int *msg_flags_out);

/* ---- the 46 imports ------------------------------------------------------ */

#define LW_WASI_IMPORTS(X)                                                                                    \
    X(args_get) X(args_sizes_get) X(environ_get) X(environ_sizes_get) X(clock_res_get) X(clock_time_get)      \
    X(fd_advise) X(fd_allocate) X(fd_close) X(fd_datasync) X(fd_fdstat_get) X(fd_fdstat_set_flags)             \
    X(fd_fdstat_set_rights) X(fd_filestat_get) X(fd_filestat_set_size) X(fd_filestat_set_times) X(fd_pread)   \
    X(fd_prestat_get) X(fd_prestat_dir_name) X(fd_pwrite) X(fd_read) X(fd_readdir) X(fd_renumber) X(fd_seek)  \
    X(fd_sync) X(fd_tell) X(fd_write) X(path_create_directory) X(path_filestat_get) X(path_filestat_set_times) \
    X(path_link) X(path_open) X(path_readlink) X(path_remove_directory) X(path_rename) X(path_symlink)         \
    X(path_unlink_file) X(poll_oneoff) X(proc_exit) X(proc_raise) X(sched_yield) X(random_get) X(sock_accept) \
    X(sock_recv) X(sock_send) X(sock_shutdown)

#define LW_WASI_DECLARE(name) uint16_t lw_wasi_##name(lw_wasi_call *c);
LW_WASI_IMPORTS(LW_WASI_DECLARE)
#undef LW_WASI_DECLARE

#endif
