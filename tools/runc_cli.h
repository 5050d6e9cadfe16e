/* runc_cli.h — the runc command line that containerd's shim speaks: global flags, commands, their options. */
#ifndef WR_RUNC_CLI_H
#define WR_RUNC_CLI_H

#include "util.h"

typedef enum wr_runc_cmd {
    WR_RUNC_CREATE,
    WR_RUNC_START,
    WR_RUNC_RUN,
    WR_RUNC_STATE,
    WR_RUNC_KILL,
    WR_RUNC_DELETE,
    WR_RUNC_PS,
    WR_RUNC_VERSION,
    WR_RUNC_HELP,
} wr_runc_cmd;

#define WR_RUNC_DEFAULT_ROOT "/run/wasmrun-runc"

typedef struct wr_runc_args {
    char *root;       /* state directory (--root) */
    char *log;        /* --log FILE, or NULL for stderr only */
    bool log_json;    /* --log-format json */
    wr_runc_cmd cmd;
    char *id;
    char *bundle;     /* create/run: --bundle, default "." */
    char *pid_file;   /* create/run: --pid-file */
    bool terminal;    /* create/run: --console-socket given (a terminal was asked for) */
    bool force;       /* delete --force */
    bool all;         /* kill --all */
    int signal;       /* kill: default SIGTERM */
    bool ps_json;     /* ps --format json */
} wr_runc_args;

void wr_runc_args_free(wr_runc_args *a);
wr_err wr_runc_parse(wr_runc_args *a, int argc, char *const *argv);
/* "9", "KILL", "SIGKILL" -> 9; -1 if unknown. */
int wr_parse_signal(const char *text);
/* Container ids become directory names: letters, digits and "_+-." only, and not "." or "..". */
bool wr_runc_valid_id(const char *id);

extern const char wr_runc_usage[];

#endif
