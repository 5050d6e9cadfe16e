/* runc_cli.c — parsing runc's global flags and the create/start/state/kill/delete/ps/run commands. */
#include "runc_cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char wr_runc_usage[] =
    "Usage: wasmrun-runc [GLOBAL OPTIONS] COMMAND [OPTIONS] ID\n"
    "\n"
    "A runc-compatible runtime that runs OCI bundles whose process is a WebAssembly module,\n"
    "so that containerd's runc shim (io.containerd.runc.v2) can drive it: ctr run --runc-binary.\n"
    "\n"
    "Global options: --root DIR (default " WR_RUNC_DEFAULT_ROOT "), --log FILE, --log-format text|json,\n"
    "                --debug, --systemd-cgroup (accepted, unused)\n"
    "Commands:\n"
    "  create [--bundle DIR] [--pid-file FILE] ID   load the module; the process waits for start\n"
    "  start ID                                     let a created container run\n"
    "  run [--bundle DIR] [--pid-file FILE] ID      create and start, wait, exit with its status\n"
    "  state ID                                     print the OCI state as JSON\n"
    "  kill [--all] ID [SIGNAL]                     signal the process (default SIGTERM)\n"
    "  delete [--force] ID                          forget a stopped container (--force kills it)\n"
    "  ps [--format json] ID                        list the container's process\n"
    "  --version, --help\n";

void wr_runc_args_free(wr_runc_args *a)
{
    free(a->root);
    free(a->log);
    free(a->id);
    free(a->bundle);
    free(a->pid_file);
    memset(a, 0, sizeof *a);
}

static const struct {
    const char *name;
    int number;
} wr_signals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT}, {"KILL", SIGKILL},
    {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"WINCH", SIGWINCH},
};

int wr_parse_signal(const char *text)
{
    if (!text || !text[0])
        return -1;
    if (text[0] >= '0' && text[0] <= '9') {
        char *end;
        long n = strtol(text, &end, 10);
        return *end || n < 1 || n > 64 ? -1 : (int)n;
    }
    if (strncasecmp(text, "SIG", 3) == 0)
        text += 3;
    for (size_t i = 0; i < sizeof wr_signals / sizeof wr_signals[0]; i++)
        if (strcasecmp(text, wr_signals[i].name) == 0)
            return wr_signals[i].number;
    return -1;
}

bool wr_runc_valid_id(const char *id)
{
    if (!id || !id[0] || strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || strlen(id) > 1024)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("_+-.", *p)))
            return false;
    return true;
}

/* "--name VALUE" or "--name=VALUE" (also a one-letter alias); returns the value or NULL. */
static const char *wr_flag_value(const char *name, const char *alias, int argc, char *const *argv, int *i,
                                 wr_err *err)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) == 0 && arg[n] == '=')
        return arg + n + 1;
    if (strcmp(arg, name) != 0 && !(alias && strcmp(arg, alias) == 0))
        return NULL;
    if (*i + 1 >= argc) {
        *err = wr_errf("flag %s needs a value", name);
        return NULL;
    }
    return argv[++*i];
}

static bool wr_set(char **field, const char *value)
{
    free(*field);
    *field = wr_strdup(value);
    return *field != NULL;
}

static const struct {
    const char *name;
    wr_runc_cmd cmd;
} wr_commands[] = {
    {"create", WR_RUNC_CREATE}, {"start", WR_RUNC_START}, {"run", WR_RUNC_RUN},   {"state", WR_RUNC_STATE},
    {"kill", WR_RUNC_KILL},     {"delete", WR_RUNC_DELETE}, {"ps", WR_RUNC_PS},
};

wr_err wr_runc_parse(wr_runc_args *a, int argc, char *const *argv)
{
    memset(a, 0, sizeof *a);
    a->signal = SIGTERM;
    wr_err err = NULL;
    const char *v;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--version") == 0 || strcmp(arg, "-v") == 0) {
            a->cmd = WR_RUNC_VERSION;
            return NULL;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            a->cmd = WR_RUNC_HELP;
            return NULL;
        }
        if ((v = wr_flag_value("--root", NULL, argc, argv, &i, &err))) {
            if (!wr_set(&a->root, v))
                return wr_errf("out of memory");
        } else if (!err && (v = wr_flag_value("--log", NULL, argc, argv, &i, &err))) {
            if (!wr_set(&a->log, v))
                return wr_errf("out of memory");
        } else if (!err && (v = wr_flag_value("--log-format", NULL, argc, argv, &i, &err))) {
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return wr_errf("unknown log format '%s' (text or json)", v);
            a->log_json = strcmp(v, "json") == 0;
        } else if (!err && ((v = wr_flag_value("--criu", NULL, argc, argv, &i, &err)) ||
                            (!err && (v = wr_flag_value("--rootless", NULL, argc, argv, &i, &err))))) {
            /* accepted for compatibility; nothing here uses them */
        } else if (!err && (strcmp(arg, "--debug") == 0 || strcmp(arg, "--systemd-cgroup") == 0)) {
            /* accepted for compatibility */
        } else {
            return err ? err : wr_errf("unknown global flag '%s'", arg);
        }
    }
    if (!a->root && !wr_set(&a->root, WR_RUNC_DEFAULT_ROOT))
        return wr_errf("out of memory");
    if (i >= argc)
        return wr_errf("no command given");
    bool known = false;
    for (size_t k = 0; k < sizeof wr_commands / sizeof wr_commands[0]; k++)
        if (strcmp(argv[i], wr_commands[k].name) == 0) {
            a->cmd = wr_commands[k].cmd;
            known = true;
        }
    if (!known)
        return wr_errf("unknown command '%s'", argv[i]);
    const char *command = argv[i++];

    const char *positional[2] = {NULL, NULL};
    int npositional = 0;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        bool create = a->cmd == WR_RUNC_CREATE || a->cmd == WR_RUNC_RUN;
        if (arg[0] != '-' || npositional > 0) {
            if (npositional == 2)
                return wr_errf("%s: too many arguments", command);
            positional[npositional++] = arg;
            continue;
        }
        if (create && (v = wr_flag_value("--bundle", "-b", argc, argv, &i, &err))) {
            if (!wr_set(&a->bundle, v))
                return wr_errf("out of memory");
        } else if (!err && create && (v = wr_flag_value("--pid-file", NULL, argc, argv, &i, &err))) {
            if (!wr_set(&a->pid_file, v))
                return wr_errf("out of memory");
        } else if (!err && create && (v = wr_flag_value("--console-socket", NULL, argc, argv, &i, &err))) {
            a->terminal = true; /* refused by create, with a message, rather than leaving the shim waiting */
        } else if (!err && create && (v = wr_flag_value("--preserve-fds", NULL, argc, argv, &i, &err))) {
            /* extra descriptors mean nothing to a wasm guest; accepted so the shim's calls work */
        } else if (!err && create &&
                   (strcmp(arg, "--no-pivot") == 0 || strcmp(arg, "--no-new-keyring") == 0 ||
                    strcmp(arg, "--detach") == 0 || strcmp(arg, "-d") == 0)) {
        } else if (!err && a->cmd == WR_RUNC_DELETE && (strcmp(arg, "--force") == 0 || strcmp(arg, "-f") == 0)) {
            a->force = true;
        } else if (!err && a->cmd == WR_RUNC_KILL && (strcmp(arg, "--all") == 0 || strcmp(arg, "-a") == 0)) {
            a->all = true;
        } else if (!err && a->cmd == WR_RUNC_PS && (v = wr_flag_value("--format", "-f", argc, argv, &i, &err))) {
            if (strcmp(v, "json") != 0 && strcmp(v, "table") != 0)
                return wr_errf("ps: unknown format '%s'", v);
            a->ps_json = strcmp(v, "json") == 0;
        } else {
            return err ? err : wr_errf("%s: unknown flag '%s'", command, arg);
        }
    }
    if (npositional == 0)
        return wr_errf("%s: missing container id", command);
    if (!wr_runc_valid_id(positional[0]))
        return wr_errf("%s: invalid container id '%s'", command, positional[0]);
    if (!wr_set(&a->id, positional[0]))
        return wr_errf("out of memory");
    if (npositional == 2) {
        if (a->cmd != WR_RUNC_KILL)
            return wr_errf("%s: too many arguments", command);
        if ((a->signal = wr_parse_signal(positional[1])) < 0)
            return wr_errf("kill: unknown signal '%s'", positional[1]);
    }
    if ((a->cmd == WR_RUNC_CREATE || a->cmd == WR_RUNC_RUN) && !a->bundle && !wr_set(&a->bundle, "."))
        return wr_errf("out of memory");
    return NULL;
}
