/* runc_state.h — a container's saved state (ROOT/ID/state.json) and its OCI status: created, running, stopped. */
#ifndef WR_RUNC_STATE_H
#define WR_RUNC_STATE_H

#include <sys/types.h>

#include "util.h"

typedef struct wr_runc_state {
    char *id;
    pid_t pid;
    char *bundle;
    char *created;                /* RFC 3339 UTC time of `create` */
    unsigned long long starttime; /* the process's start time in /proc, to notice pid reuse */
} wr_runc_state;

/* The FIFO that holds a created process until `start` reads from it. */
#define WR_RUNC_FIFO "exec.fifo"
#define WR_RUNC_STATE_FILE "state.json"

void wr_runc_state_free(wr_runc_state *s);
/* Writes dir/state.json atomically (a temporary file renamed over it). */
wr_err wr_runc_state_save(const char *dir, const wr_runc_state *s);
wr_err wr_runc_state_load(const char *dir, wr_runc_state *s);

/* Whether pid is alive (not a zombie) and is still the process that started at `starttime`. */
bool wr_runc_process_alive(pid_t pid, unsigned long long starttime);
/* "created" (alive, FIFO still there), "running" (alive, FIFO gone) or "stopped". */
const char *wr_runc_status(const char *dir, const wr_runc_state *s);
/* The OCI runtime-spec state document; caller frees. */
char *wr_runc_state_json(const wr_runc_state *s, const char *status);
/* Field 22 of /proc/PID/stat. */
wr_err wr_proc_starttime(pid_t pid, unsigned long long *out);
/* Now, as RFC 3339 with nanoseconds, UTC. */
void wr_rfc3339_now(char *buf, size_t size);

#endif
