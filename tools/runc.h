/* runc.h — the runc-compatible runtime's commands (create, start, run, state, kill, delete, ps). */
#ifndef WR_RUNC_H
#define WR_RUNC_H

#include "runc_cli.h"

/* Runs one parsed command; returns the process exit status (0 success, 1 failure, or for `run` the
 * container's status). Errors go to stderr and, with --log, to the log file in runc's format. */
int wr_runc_main(const wr_runc_args *a);

#endif
