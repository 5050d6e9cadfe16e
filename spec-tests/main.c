/* main.c — the spec-test runner's command line: finds and converts the core scripts, runs them, sums up. */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SR_DEFAULT_TIMEOUT 600 /* seconds per script: generous for sanitizer builds */

/* The build bakes in where things are (spec-tests/meson.build). */
#ifndef SPEC_DEFAULT_TESTSUITE
#define SPEC_DEFAULT_TESTSUITE NULL
#endif
#ifndef SPEC_DEFAULT_OUT
#define SPEC_DEFAULT_OUT "spec-json"
#endif
#ifndef SPEC_WAST2JSON
#define SPEC_WAST2JSON "wast2json"
#endif

static const char sr_usage[] =
    "usage: spec-runner [options] [SCRIPT...]\n"
    "Runs the WebAssembly spec testsuite's core/*.wast scripts (or only the SCRIPTs named,\n"
    "e.g. i32 or i32.wast) against libwasm.\n"
    "  --testsuite DIR          the testsuite (default: $LIBWASM_TESTSUITE, else --default-testsuite)\n"
    "  --default-testsuite DIR  where to look when neither is given (default: set by the build)\n"
    "  --out DIR                where converted scripts are kept (default: set by the build)\n"
    "  --wast2json PATH         the converter (default: the one the build found)\n"
    "  -j N                     scripts run at once (default 1)\n"
    "  --timeout SECONDS        per script, 0 for none (default 600)\n"
    "  --no-fork                run scripts in this process (for a debugger; a crash ends the run)\n"
    "  -v                       describe every failure, not only the first few per script\n";

typedef struct sr_cli {
    const char *testsuite, *default_testsuite, *out_dir, *wast2json;
    bool verbose;
    sr_pool_config pool;
    char **names;
    size_t nnames;
} sr_cli;

static bool sr_parse_uint_arg(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v > 100000)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Returns 0 on success, else the exit status to use. */
static int sr_parse_cli(int argc, char **argv, sr_cli *cli)
{
    *cli = (sr_cli){.default_testsuite = SPEC_DEFAULT_TESTSUITE,
                    .out_dir = SPEC_DEFAULT_OUT,
                    .wast2json = SPEC_WAST2JSON,
                    .pool = {1, SR_DEFAULT_TIMEOUT, false, "/proc/self/exe"}};
    cli->names = calloc((size_t)argc, sizeof *cli->names);
    if (!cli->names)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes_value = true;
        if (strcmp(a, "--testsuite") == 0 && val)
            cli->testsuite = val;
        else if (strcmp(a, "--default-testsuite") == 0 && val)
            cli->default_testsuite = val;
        else if (strcmp(a, "--out") == 0 && val)
            cli->out_dir = val;
        else if (strcmp(a, "--wast2json") == 0 && val)
            cli->wast2json = val;
        else if (strcmp(a, "-j") == 0 && val && sr_parse_uint_arg(val, &cli->pool.parallel) && cli->pool.parallel)
            ;
        else if (strcmp(a, "--timeout") == 0 && val && sr_parse_uint_arg(val, &cli->pool.timeout_seconds))
            ;
        else {
            takes_value = false;
            if (strcmp(a, "--no-fork") == 0)
                cli->pool.in_process = true;
            else if (strcmp(a, "-v") == 0)
                cli->verbose = true;
            else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
                fputs(sr_usage, stdout);
                return 1;
            } else if (a[0] == '-') {
                fprintf(stderr, "spec-runner: bad option or missing value: %s\n%s", a, sr_usage);
                return 2;
            } else
                cli->names[cli->nnames++] = argv[i];
        }
        if (takes_value)
            i++;
    }
    return 0;
}

static bool sr_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The option, else the environment, else the default next to the source tree. */
static const char *sr_testsuite_dir(const sr_cli *cli)
{
    if (cli->testsuite && *cli->testsuite)
        return cli->testsuite;
    const char *env = getenv("LIBWASM_TESTSUITE");
    if (env && *env)
        return env;
    return cli->default_testsuite;
}

static char *sr_join(const char *a, const char *b, const char *suffix)
{
    size_t n = strlen(a) + 1 + strlen(b) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s%s", a, b, suffix);
    return s;
}

static int sr_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool sr_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The script stems ("i32") of dir/\*.wast, sorted. */
static char **sr_list_scripts(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (!sr_ends_with(ent->d_name, ".wast"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            char **grown = realloc(names, cap * sizeof *grown);
            if (!grown)
                break;
            names = grown;
        }
        names[n] = strndup(ent->d_name, strlen(ent->d_name) - strlen(".wast"));
        if (names[n])
            n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, sr_cmp_str);
    *count = n;
    return names ? names : calloc(1, sizeof *names);
}

/* Keeps the scripts named on the command line (stem or file name); false
 * if one of them does not exist. */
static bool sr_select(char **stems, size_t n, const sr_cli *cli, bool *selected)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        selected[i] = cli->nnames == 0;
    for (size_t k = 0; k < cli->nnames; k++) {
        const char *want = strrchr(cli->names[k], '/');
        want = want ? want + 1 : cli->names[k];
        size_t wlen = sr_ends_with(want, ".wast") ? strlen(want) - 5 : strlen(want);
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            if (strlen(stems[i]) == wlen && strncmp(stems[i], want, wlen) == 0) {
                selected[i] = found = true;
            }
        }
        if (!found) {
            fprintf(stdout, "spec-runner: no script %s in the testsuite\n", cli->names[k]);
            ok = false;
        }
    }
    return ok;
}

static bool sr_mkdirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return false;
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0777);
            *s = '/';
        }
    }
    bool ok = mkdir(p, 0777) == 0 || errno == EEXIST;
    free(p);
    return ok && sr_is_dir(path);
}

typedef struct sr_totals {
    uint64_t passed, failed, text_not_run;
} sr_totals;

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0)
        return sr_child_main(argc, argv);
    sr_cli cli;
    int rc = sr_parse_cli(argc, argv, &cli);
    if (rc) {
        free(cli.names);
        return rc == 1 ? 0 : rc;
    }
    sr_totals t = {0};
    const char *suite = sr_testsuite_dir(&cli);
    char *core = suite ? sr_join(suite, "core", "") : NULL;
    if (!core || !sr_is_dir(core)) {
        printf("spec-runner: no testsuite: %s is not a directory.\n"
               "Give one with meson's -Dwasm_testsuite=DIR, LIBWASM_TESTSUITE=DIR or --testsuite DIR.\n"
               "0 passed, 1 failed\n",
               core ? core : "(none given)");
        free(core);
        free(cli.names);
        return 1;
    }
    if (!sr_mkdirs(cli.out_dir)) {
        printf("spec-runner: cannot create %s: %s\n0 passed, 1 failed\n", cli.out_dir, strerror(errno));
        free(core);
        free(cli.names);
        return 1;
    }

    size_t n = 0;
    char **stems = sr_list_scripts(core, &n);
    bool *selected = calloc(n ? n : 1, sizeof *selected);
    sr_job *jobs = calloc(n ? n : 1, sizeof *jobs);
    char **paths = calloc(2 * (n ? n : 1), sizeof *paths); /* wast name + json path per script */
    if (!stems || !selected || !jobs || !paths) {
        printf("spec-runner: out of memory\n0 passed, 1 failed\n");
        return 1;
    }
    if (!sr_select(stems, n, &cli, selected))
        t.failed++;

    /* Convert everything selected first (quick), then run. */
    size_t njobs = 0;
    for (size_t i = 0; i < n; i++) {
        if (!selected[i])
            continue;
        char *wast = sr_join(core, stems[i], ".wast");
        char *json = sr_join(cli.out_dir, stems[i], ".json");
        char *name = wast ? strdup(strrchr(wast, '/') + 1) : NULL;
        paths[2 * i] = name;
        paths[2 * i + 1] = json;
        char err[1024] = "out of memory";
        if (!wast || !json || !name || !sr_convert(cli.wast2json, wast, json, err, sizeof err)) {
            printf("FAIL %s (0/1)\n  conversion failed: %s\n", name ? name : stems[i], err);
            t.failed++;
        } else {
            jobs[njobs++] = (sr_job){.name = name, .json_path = json};
        }
        free(wast);
    }
    fflush(stdout);

    sr_options opts = {.verbose = cli.verbose, .max_shown = 5};
    sr_pool_run(jobs, njobs, &cli.pool, &opts, stdout);
    for (size_t i = 0; i < njobs; i++) {
        t.passed += jobs[i].counts.passed;
        t.failed += jobs[i].counts.failed;
        t.text_not_run += jobs[i].counts.text_not_run;
    }

    if (t.text_not_run)
        printf("%llu assertions on text-format modules not run (no text parser)\n",
               (unsigned long long)t.text_not_run);
    printf("%llu passed, %llu failed\n", (unsigned long long)t.passed, (unsigned long long)t.failed);

    for (size_t i = 0; i < n; i++) {
        free(stems[i]);
        free(paths[2 * i]);
        free(paths[2 * i + 1]);
    }
    free(stems);
    free(paths);
    free(selected);
    free(jobs);
    free(core);
    free(cli.names);
    return t.failed ? 1 : 0;
}
