/* runner.h — what the spec runner's parts share: options, per-script counts, the script and conversion entry points. */
#ifndef SPEC_RUNNER_H
#define SPEC_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sr_counts {
    uint32_t total;        /* commands that run (text-format modules excluded) */
    uint32_t passed;
    uint32_t failed;
    uint32_t text_not_run; /* assertions on text-format modules: we have no text parser */
} sr_counts;

typedef struct sr_options {
    bool verbose;            /* describe every failure, not only the first few */
    unsigned max_shown;      /* failures described per script without -v */
    /* Called before each command (line = its line in the .wast) and once at
     * the end (line = 0); lets a parent process know where a crash happened. */
    void (*progress)(void *ctx, const sr_counts *c, int line);
    void *progress_ctx;
} sr_options;

/* script.c: counts a converted script's commands without running them. */
bool sr_count_commands(const char *json_path, sr_counts *out, char *err, size_t errlen);

/* script.c: runs every command of a converted script (its .wasm files lie
 * beside the .json). Writes `PASS name (p/t)` or `FAIL name (p/t)` and the
 * failures to out, and fills c. A script that cannot be read counts as one
 * failed command. */
void sr_run_script(const char *json_path, const char *name, const sr_options *o, FILE *out, sr_counts *c);

/* One script to run, and what came of it. */
typedef struct sr_job {
    const char *name;      /* "i32.wast", for messages */
    const char *json_path; /* the converted script */
    sr_counts counts;      /* filled by sr_pool_run */
} sr_job;

typedef struct sr_pool_config {
    unsigned parallel;        /* scripts running at once (>= 1) */
    unsigned timeout_seconds; /* per script; 0 = none */
    bool in_process;          /* no child processes: for debuggers, no crash isolation */
    const char *self_exe;     /* this program, run again with --child for each script */
} sr_pool_config;

/* pool.c: runs each job's script in a child process of its own, so that a
 * crash or hang in the library fails that script and not the whole run, and
 * writes every script's report to out in job order. */
void sr_pool_run(sr_job *jobs, size_t njobs, const sr_pool_config *cfg, const sr_options *o, FILE *out);
/* pool.c: the child's side, for `spec-runner --child ...` (an internal mode). */
int sr_child_main(int argc, char **argv);

/* convert.c: makes json_path from wast_path with wast2json unless json_path
 * is already at least as new. False with a reason in err on failure. */
bool sr_convert(const char *wast2json, const char *wast_path, const char *json_path, char *err, size_t errlen);

#endif
