/* cli.c — wasmrun's command-line parser: options first, then FILE, then the guest's arguments. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libwasm.h"

const char wr_cli_usage[] =
    "Usage: wasmrun [OPTIONS] FILE [ARGS...]\n"
    "\n"
    "Runs a WebAssembly module with WASI. FILE is a .wasm module, an OCI image layout\n"
    "(a directory, or its .tar / .tar.gz archive) or an OCI runtime bundle directory.\n"
    "ARGS are passed to the guest (or, with --invoke, are the function's arguments).\n"
    "\n"
    "Options:\n"
    "  --dir HOST[::GUEST]    preopen host directory HOST as GUEST (default: the same path); repeatable\n"
    "  --env NAME=VALUE       set a guest environment variable; repeatable\n"
    "  --env NAME             copy NAME from wasmrun's own environment, if set\n"
    "  --invoke FUNC          call export FUNC with ARGS parsed by its parameter types, print the results\n"
    "  --listen ADDR:PORT     preopen a listening TCP socket (IPv4, or [IPv6]:PORT); repeatable\n"
    "  --max-memory SIZE      cap each linear memory at SIZE bytes (K, M, G suffixes; 64 KiB pages)\n"
    "  --max-call-depth N     cap the wasm call stack at N frames\n"
    "  --max-stack-slots N    cap the value stack at N 8-byte slots\n"
    "  -V, --version          print the version and exit\n"
    "  -h, --help             print this help and exit\n"
    "  --                     end of options\n"
    "\n"
    "Exit status: the guest's proc_exit status, or 0 when _start returns (or --invoke succeeds);\n"
    "2 bad command line; 125 wasmrun failed (I/O, image, bundle); 126 module malformed, invalid,\n"
    "unlinkable or missing the export; 134 the guest trapped. See wasmrun(1).\n";

void wr_cli_init(wr_cli *c)
{
    memset(c, 0, sizeof *c);
    wr_launch_init(&c->launch);
}

void wr_cli_free(wr_cli *c)
{
    wr_launch_free(&c->launch);
    free(c->target);
    wr_strv_free(&c->args);
    wr_cli_init(c);
}

wr_err wr_parse_count(const char *what, const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!text[0] || text[0] < '0' || text[0] > '9')
        return wr_errf("%s: '%s' is not a number", what, text);
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end)
        return wr_errf("%s: '%s' is not a number", what, text);
    if (errno == ERANGE || v < min || v > max)
        return wr_errf("%s: %s is out of range (%llu to %llu)", what, text, (unsigned long long)min,
                       (unsigned long long)max);
    *out = v;
    return NULL;
}

wr_err wr_parse_size(const char *text, uint64_t *bytes)
{
    if (!text[0] || text[0] < '0' || text[0] > '9')
        return wr_errf("size '%s' is not a number", text);
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno == ERANGE)
        return wr_errf("size '%s' is too large", text);
    static const struct {
        const char *suffix;
        unsigned shift;
    } units[] = {
        {"", 0},    {"B", 0},    {"K", 10},  {"k", 10},   {"KiB", 10}, {"KB", 10},
        {"M", 20},  {"m", 20},   {"MiB", 20}, {"MB", 20}, {"G", 30},   {"g", 30},
        {"GiB", 30}, {"GB", 30},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix) == 0) {
            if (v > (UINT64_MAX >> units[i].shift))
                return wr_errf("size '%s' is too large", text);
            *bytes = (uint64_t)v << units[i].shift;
            return NULL;
        }
    }
    return wr_errf("size '%s' has an unknown unit (use K, M or G)", text);
}

/* Takes the value of option `name`: "--name=VALUE" or "--name VALUE". Returns NULL if not this option. */
static const char *wr_option_value(const char *name, int argc, char *const *argv, int *i, wr_err *err)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == '=')
        return arg + n + 1;
    if (arg[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *err = wr_errf("option %s needs a value", name);
        return NULL;
    }
    return argv[++*i];
}

static wr_err wr_cli_dir(wr_cli *c, const char *value)
{
    const char *sep = strstr(value, "::");
    size_t host_len = sep ? (size_t)(sep - value) : strlen(value);
    const char *guest = sep ? sep + 2 : value;
    if (host_len == 0 || !guest[0])
        return wr_errf("--dir %s: expected HOST or HOST::GUEST with non-empty paths", value);
    char *host = wr_strndup(value, host_len);
    bool ok = host && wr_launch_add_preopen(&c->launch, host, guest);
    free(host);
    return ok ? NULL : wr_errf("out of memory");
}

static wr_err wr_cli_env(wr_cli *c, const char *value)
{
    const char *eq = strchr(value, '=');
    if (eq == value || !value[0])
        return wr_errf("--env %s: the variable name is empty", value);
    if (eq)
        return wr_launch_set_env(&c->launch, value) ? NULL : wr_errf("out of memory");
    const char *inherited = getenv(value);
    if (!inherited)
        return NULL; /* inheriting an unset variable sets nothing, as in other runtimes */
    size_t len = strlen(value) + 1 + strlen(inherited) + 1;
    char *entry = malloc(len);
    if (!entry)
        return wr_errf("out of memory");
    strcpy(entry, value);
    strcat(entry, "=");
    strcat(entry, inherited);
    bool ok = wr_launch_set_env(&c->launch, entry);
    free(entry);
    return ok ? NULL : wr_errf("out of memory");
}

static wr_err wr_cli_max_memory(wr_cli *c, const char *value)
{
    uint64_t bytes;
    wr_err e = wr_parse_size(value, &bytes);
    if (e)
        return wr_err_wrap(e, "--max-memory");
    uint64_t pages = bytes / LWASM_PAGE_SIZE;
    if (pages == 0)
        return wr_errf("--max-memory %s: must be at least one 64 KiB page", value);
    if (pages > 65536)
        return wr_errf("--max-memory %s: a 32-bit memory holds at most 4 GiB", value);
    c->launch.max_memory_pages = (uint32_t)pages;
    return NULL;
}

/* Handles the option at argv[*i], advancing *i past a separate value. */
static wr_err wr_cli_option(wr_cli *c, int argc, char *const *argv, int *i)
{
    const char *arg = argv[*i];
    wr_err err = NULL;
    const char *v;
    uint64_t n;

    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        c->show_help = true;
        return NULL;
    }
    if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
        c->show_version = true;
        return NULL;
    }
    if ((v = wr_option_value("--dir", argc, argv, i, &err)))
        return wr_cli_dir(c, v);
    if (err)
        return err;
    if ((v = wr_option_value("--env", argc, argv, i, &err)))
        return wr_cli_env(c, v);
    if (err)
        return err;
    if ((v = wr_option_value("--invoke", argc, argv, i, &err))) {
        if (!v[0])
            return wr_errf("--invoke needs a function name");
        free(c->launch.invoke);
        c->launch.invoke = wr_strdup(v);
        return c->launch.invoke ? NULL : wr_errf("out of memory");
    }
    if (err)
        return err;
    if ((v = wr_option_value("--listen", argc, argv, i, &err))) {
        const char *colon = strrchr(v, ':');
        if (!colon || colon == v || !colon[1])
            return wr_errf("--listen %s: expected ADDR:PORT", v);
        wr_err port_err = wr_parse_count("--listen port", colon + 1, 0, 65535, &n);
        if (port_err) {
            wr_err_free(port_err);
            return wr_errf("--listen %s: the port must be a number from 0 to 65535", v);
        }
        return wr_strv_push(&c->launch.listens, v) ? NULL : wr_errf("out of memory");
    }
    if (err)
        return err;
    if ((v = wr_option_value("--max-memory", argc, argv, i, &err)))
        return wr_cli_max_memory(c, v);
    if (err)
        return err;
    if ((v = wr_option_value("--max-call-depth", argc, argv, i, &err))) {
        err = wr_parse_count("--max-call-depth", v, 1, UINT32_MAX, &n);
        c->launch.max_call_depth = (uint32_t)n;
        return err;
    }
    if (err)
        return err;
    if ((v = wr_option_value("--max-stack-slots", argc, argv, i, &err))) {
        err = wr_parse_count("--max-stack-slots", v, 1, UINT32_MAX, &n);
        c->launch.max_stack_slots = (uint32_t)n;
        return err;
    }
    if (err)
        return err;
    return wr_errf("unknown option '%s'", arg);
}

wr_err wr_cli_parse(wr_cli *c, int argc, char *const *argv)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break; /* FILE ("-" alone is a file name) */
        wr_err e = wr_cli_option(c, argc, argv, &i);
        if (e)
            return e;
        if (c->show_help || c->show_version)
            return NULL;
    }
    if (i >= argc)
        return wr_errf("missing FILE (a .wasm module, an OCI image or an OCI bundle)");
    c->target = wr_strdup(argv[i]);
    if (!c->target)
        return wr_errf("out of memory");
    for (i++; i < argc; i++)
        if (!wr_strv_push(&c->args, argv[i]))
            return wr_errf("out of memory");
    return NULL;
}
