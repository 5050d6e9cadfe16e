/* launch.h — everything needed to run one module: file, guest argv/env, preopens, sockets, limits. */
#ifndef WR_LAUNCH_H
#define WR_LAUNCH_H

#include "util.h"

/* Exit statuses of wasmrun itself (the guest's own proc_exit status passes through unchanged). */
enum {
    WR_EXIT_OK = 0,
    WR_EXIT_USAGE = 2,    /* bad command line, or an --invoke argument that does not parse */
    WR_EXIT_HOST = 125,   /* wasmrun could not do its part: reading files, images, bundles, sockets, memory */
    WR_EXIT_MODULE = 126, /* the module is malformed, invalid, unlinkable or lacks the requested export */
    WR_EXIT_TRAP = 134,   /* the guest trapped (128 + SIGABRT, as other runtimes report it) */
};

typedef struct wr_preopen {
    char *host;
    char *guest;
} wr_preopen;

typedef struct wr_launch {
    char *module_path; /* host path of the .wasm file */
    wr_strv argv;      /* guest argv; argv[0] is the program name */
    wr_strv env;       /* guest environment, "NAME=VALUE", names unique */
    wr_preopen *preopens;
    size_t npreopens;
    wr_strv listens;   /* "ADDR:PORT" listening sockets */
    char *invoke;      /* export to call instead of _start, or NULL */
    wr_strv invoke_args;
    uint32_t max_memory_pages; /* 0: library default */
    uint32_t max_call_depth;   /* 0: library default */
    uint32_t max_stack_slots;  /* 0: library default */
    int stdio[3];              /* host descriptors for guest 0, 1, 2 */
} wr_launch;

void wr_launch_init(wr_launch *l);
void wr_launch_free(wr_launch *l);
/* Sets NAME=VALUE, replacing an earlier value of NAME. `entry` must contain '='. */
bool wr_launch_set_env(wr_launch *l, const char *entry);
bool wr_launch_add_preopen(wr_launch *l, const char *host, const char *guest);
bool wr_launch_set_module(wr_launch *l, const char *path);

#endif
