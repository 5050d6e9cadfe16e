/* cli.h — parsing wasmrun's command line into a wr_launch and a target path. */
#ifndef WR_CLI_H
#define WR_CLI_H

#include "launch.h"

typedef struct wr_cli {
    wr_launch launch;  /* filled from the options; module_path is left to the caller */
    char *target;      /* FILE: a module, an OCI image (dir or archive) or an OCI bundle */
    wr_strv args;      /* what follows FILE: guest arguments, or --invoke values */
    bool show_help;
    bool show_version;
} wr_cli;

void wr_cli_init(wr_cli *c);
void wr_cli_free(wr_cli *c);

/* Parses argv (argv[0] is the program name). Options stop at the first non-option (FILE) or at "--".
 * `--env NAME` copies NAME from this process's environment, if set. */
wr_err wr_cli_parse(wr_cli *c, int argc, char *const *argv);

/* "64K", "16MiB", "1G", "65536" -> bytes; binary multiples. */
wr_err wr_parse_size(const char *text, uint64_t *bytes);
/* A decimal count in [min, max]. */
wr_err wr_parse_count(const char *what, const char *text, uint64_t min, uint64_t max, uint64_t *out);

/* The --help text. */
extern const char wr_cli_usage[];

#endif
