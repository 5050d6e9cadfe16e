/* run.h — running a wr_launch: load, link with WASI, call _start or --invoke, report errors. */
#ifndef WR_RUN_H
#define WR_RUN_H

#include <stdio.h>

#include "launch.h"
#include "libwasm.h"

/* A module loaded and linked, ready to run; split from running so that runc mode can report load
 * errors from `create` and run later, at `start`. */
typedef struct wr_prepared wr_prepared;

/* Loads, validates and instantiates. On failure prints the error to `err` and returns the exit status
 * to use (never 0); on success returns 0 and sets *out. */
int wr_prepare(const wr_launch *l, FILE *err, wr_prepared **out);
/* Runs _start (or the --invoke export, printing results to `out`); returns the exit status. */
int wr_execute(wr_prepared *p, FILE *out, FILE *err);
void wr_prepared_delete(wr_prepared *p);

/* wr_prepare + wr_execute. */
int wr_run(const wr_launch *l, FILE *out, FILE *err);

/* Prints an error from libwasm (kind, message with byte offset, trap backtrace) and returns the exit
 * status it maps to. `module` names frames when the error carries no names of its own. */
int wr_report_error(FILE *err, const char *file, const lwasm_error *e, const lwasm_module *module);

#endif
