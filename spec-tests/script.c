/* script.c — executes one converted spec script's commands against the public libwasm API. */
#include "runner.h"

#include "json.h"
#include "libwasm.h"
#include "spectest.h"
#include "values.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SR_WHY 1536 /* room for one failure's explanation */

typedef struct sr_named {
    char *name;
    lwasm_instance *inst; /* NULL when the module of that name failed */
} sr_named;

typedef struct sr_run {
    char *dir; /* where the script's .wasm files are, with a trailing '/' */
    lwasm_engine *engine;
    lwasm_store *store;
    lwasm_linker *linker;
    lwasm_instance *current; /* the last module defined, or NULL if it failed */
    sr_named *named;
    size_t nnamed, cap_named;
    const sr_options *opts;
    sr_counts *c;
    FILE *details; /* failure descriptions, printed after the PASS/FAIL line */
    char *details_buf;
    size_t details_len;
    unsigned described;
} sr_run;

/* ---- small helpers ------------------------------------------------------ */

static void sr_why(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sr_why(char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, SR_WHY, fmt, ap);
    va_end(ap);
}

static const char *sr_errkind_name(lwasm_errkind k)
{
    switch (k) {
    case LWASM_ERR_MALFORMED: return "malformed";
    case LWASM_ERR_INVALID: return "invalid";
    case LWASM_ERR_UNLINKABLE: return "unlinkable";
    case LWASM_ERR_TRAP: return "trap";
    case LWASM_ERR_EXIT: return "exit";
    case LWASM_ERR_NOMEM: return "out of memory";
    case LWASM_ERR_LIMIT: return "limit";
    case LWASM_ERR_ARGUMENT: return "bad argument";
    case LWASM_ERR_IO: return "i/o";
    default: return "unknown error kind";
    }
}

/* "trap (kind 5): message" — enough to find the culprit without a debugger. */
static void sr_describe_error(const lwasm_error *e, char *buf, size_t len)
{
    const char *msg = lwasm_error_message(e);
    if (lwasm_error_kind(e) == LWASM_ERR_TRAP)
        snprintf(buf, len, "trap (trap kind %d): %s", (int)lwasm_error_trap(e), msg ? msg : "(no message)");
    else
        snprintf(buf, len, "%s error: %s", sr_errkind_name(lwasm_error_kind(e)), msg ? msg : "(no message)");
}

/* Quotes a name for messages, escaping what a terminal would not show. */
static void sr_quote(const char *s, size_t n, char *buf, size_t len)
{
    size_t used = 0;
    if (len < 8) {
        if (len)
            buf[0] = '\0';
        return;
    }
    buf[used++] = '"';
    for (size_t i = 0; i < n && used + 6 < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
            used += (size_t)snprintf(buf + used, len - used, "\\%02x", ch);
        else
            buf[used++] = (char)ch;
    }
    buf[used++] = '"';
    buf[used] = '\0';
}

static bool sr_read_bytes(const char *path, uint8_t **out, size_t *len, char *why)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sr_why(why, "cannot open %s: %s", path, strerror(errno));
        return false;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *nbuf = realloc(buf, cap);
            if (!nbuf) {
                free(buf);
                fclose(f);
                sr_why(why, "out of memory reading %s", path);
                return false;
            }
            buf = nbuf;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        sr_why(why, "cannot read %s", path);
        return false;
    }
    *out = buf;
    *len = n;
    return true;
}

/* ---- modules and instances ------------------------------------------------- */

static sr_named *sr_find_named(sr_run *r, const char *name)
{
    for (size_t i = 0; i < r->nnamed; i++)
        if (strcmp(r->named[i].name, name) == 0)
            return &r->named[i];
    return NULL;
}

static bool sr_set_named(sr_run *r, const char *name, lwasm_instance *inst)
{
    sr_named *n = sr_find_named(r, name);
    if (n) {
        n->inst = inst;
        return true;
    }
    if (r->nnamed == r->cap_named) {
        size_t cap = r->cap_named ? r->cap_named * 2 : 8;
        sr_named *grown = realloc(r->named, cap * sizeof *grown);
        if (!grown)
            return false;
        r->named = grown;
        r->cap_named = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return false;
    r->named[r->nnamed++] = (sr_named){copy, inst};
    return true;
}

/* The instance named by obj's `member` ("module" in actions, "name" in
 * register), else the current one. */
static lwasm_instance *sr_target(sr_run *r, const cJSON *obj, const char *member, char *why)
{
    const char *name = sj_string(obj, member);
    if (!name) {
        if (!r->current)
            sr_why(why, "no current module (the last module command failed)");
        return r->current;
    }
    sr_named *n = sr_find_named(r, name);
    if (!n || !n->inst)
        sr_why(why, "module %s is not available%s", name, n ? " (it failed to load)" : "");
    return n ? n->inst : NULL;
}

/* Loads the command's "filename" module. On a libwasm error, *err is set and
 * false returned; on a runner problem (missing file), *err stays NULL. */
static bool sr_load_module(sr_run *r, const cJSON *cmd, lwasm_module **out, lwasm_error **err, char *why)
{
    *err = NULL;
    const char *file = sj_string(cmd, "filename");
    if (!file) {
        sr_why(why, "command has no filename");
        return false;
    }
    size_t plen = strlen(r->dir) + strlen(file) + 1;
    char *path = malloc(plen);
    if (!path) {
        sr_why(why, "out of memory");
        return false;
    }
    snprintf(path, plen, "%s%s", r->dir, file);
    uint8_t *bytes;
    size_t len;
    bool ok = sr_read_bytes(path, &bytes, &len, why);
    free(path);
    if (!ok)
        return false;
    *err = lwasm_module_new(r->engine, bytes, len, out);
    free(bytes);
    return *err == NULL;
}

/* Loads and instantiates; *inst is set whenever libwasm created an instance. */
static bool sr_instantiate(sr_run *r, const cJSON *cmd, lwasm_instance **inst, lwasm_error **err, bool *loaded,
                           char *why)
{
    lwasm_module *m;
    *inst = NULL;
    *loaded = sr_load_module(r, cmd, &m, err, why);
    if (!*loaded)
        return false;
    *err = lwasm_linker_instantiate(r->linker, m, inst);
    lwasm_module_delete(m); /* an instance holds its own reference */
    return *err == NULL;
}

/* ---- actions ---------------------------------------------------------------- */

typedef enum sr_act {
    SR_ACT_OK,     /* ran; results filled */
    SR_ACT_ERROR,  /* ran and returned an error (e.g. a trap) */
    SR_ACT_BROKEN, /* could not be run (missing export, bad arguments...) */
} sr_act;

typedef struct sr_result {
    lwasm_val *vals;
    size_t count;
    lwasm_error *err;
    char what[256]; /* `invoke "f"` for messages */
} sr_result;

static sr_act sr_invoke(sr_run *r, const cJSON *action, lwasm_instance *inst, const char *field, size_t field_len,
                        sr_result *res, char *why)
{
    lwasm_extern ext;
    if (!lwasm_instance_export(inst, field, field_len, &ext) || ext.kind != LWASM_EXTERN_FUNC) {
        sr_why(why, "%s: no exported function of that name", res->what);
        return SR_ACT_BROKEN;
    }
    const lwasm_functype *type = lwasm_func_type(ext.of.func);
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(action, "args");
    size_t nargs = cJSON_IsArray(args) ? (size_t)cJSON_GetArraySize(args) : 0;
    if (nargs != type->nparams) {
        sr_why(why, "%s: %zu arguments given, the function takes %u", res->what, nargs, type->nparams);
        return SR_ACT_BROKEN;
    }
    lwasm_val *argv = calloc(nargs ? nargs : 1, sizeof *argv);
    res->vals = calloc(type->nresults ? type->nresults : 1, sizeof *res->vals);
    if (!argv || !res->vals) {
        free(argv);
        sr_why(why, "out of memory");
        return SR_ACT_BROKEN;
    }
    res->count = type->nresults;
    size_t i = 0;
    const cJSON *arg;
    char err[256];
    cJSON_ArrayForEach(arg, args)
    {
        if (!sv_parse_arg(arg, &argv[i], err, sizeof err)) {
            sr_why(why, "%s: argument %zu: %s", res->what, i, err);
            free(argv);
            return SR_ACT_BROKEN;
        }
        if (argv[i].kind != type->params[i]) {
            sr_why(why, "%s: argument %zu is %s, the function takes %s", res->what, i, sv_kind_name(argv[i].kind),
                   sv_kind_name(type->params[i]));
            free(argv);
            return SR_ACT_BROKEN;
        }
        i++;
    }
    res->err = lwasm_func_call(r->store, ext.of.func, argv, nargs, res->vals, res->count);
    free(argv);
    return res->err ? SR_ACT_ERROR : SR_ACT_OK;
}

/* Runs an {"type": "invoke"|"get", ...} action. */
static sr_act sr_action(sr_run *r, const cJSON *cmd, sr_result *res, char *why)
{
    memset(res, 0, sizeof *res);
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(cmd, "action");
    const char *type = sj_string(action, "type");
    size_t field_len;
    char *field = sj_name(action, "field", &field_len);
    if (!type || !field) {
        free(field);
        sr_why(why, "malformed action");
        snprintf(res->what, sizeof res->what, "action");
        return SR_ACT_BROKEN;
    }
    char quoted[192];
    sr_quote(field, field_len, quoted, sizeof quoted);
    const char *module = sj_string(action, "module");
    snprintf(res->what, sizeof res->what, "%s %s%s%s", type, module ? module : "", module ? "." : "", quoted);

    sr_act st = SR_ACT_BROKEN;
    lwasm_instance *inst = sr_target(r, action, "module", why);
    if (!inst) {
        /* why is set */
    } else if (strcmp(type, "invoke") == 0) {
        st = sr_invoke(r, action, inst, field, field_len, res, why);
    } else if (strcmp(type, "get") == 0) {
        lwasm_extern ext;
        res->vals = calloc(1, sizeof *res->vals);
        if (!res->vals) {
            sr_why(why, "out of memory");
        } else if (!lwasm_instance_export(inst, field, field_len, &ext) || ext.kind != LWASM_EXTERN_GLOBAL) {
            sr_why(why, "%s: no exported global of that name", res->what);
        } else {
            lwasm_global_get(ext.of.global, &res->vals[0]);
            res->count = 1;
            st = SR_ACT_OK;
        }
    } else {
        sr_why(why, "unknown action type \"%s\"", type);
    }
    free(field);
    return st;
}

static void sr_result_free(sr_result *res)
{
    free(res->vals);
    if (res->err)
        lwasm_error_delete(res->err);
}

static void sr_format_results(const sr_result *res, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "(");
    for (size_t i = 0; i < res->count && used < len; i++) {
        char one[256];
        sv_format_val(&res->vals[i], NULL, one, sizeof one);
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "", one);
    }
    if (used < len)
        snprintf(buf + used, len - used, ")");
}

/* ---- traps ------------------------------------------------------------------- */

/* Which of our trap kinds the spec's message names; SR_ANY_TRAP for a text
 * we do not know. "undefined element" (call_indirect past the table's end)
 * may be reported either way. */
#define SR_ANY_TRAP LWASM_TRAP_NONE
static bool sr_trap_fits(const char *text, lwasm_trapkind got)
{
    static const struct {
        const char *prefix;
        lwasm_trapkind kind, alt;
    } texts[] = {
        {"unreachable", LWASM_TRAP_UNREACHABLE, LWASM_TRAP_UNREACHABLE},
        {"integer divide by zero", LWASM_TRAP_INT_DIV_BY_ZERO, LWASM_TRAP_INT_DIV_BY_ZERO},
        {"integer overflow", LWASM_TRAP_INT_OVERFLOW, LWASM_TRAP_INT_OVERFLOW},
        {"invalid conversion to integer", LWASM_TRAP_INVALID_CONVERSION, LWASM_TRAP_INVALID_CONVERSION},
        {"out of bounds memory access", LWASM_TRAP_MEMORY_OOB, LWASM_TRAP_MEMORY_OOB},
        {"out of bounds table access", LWASM_TRAP_TABLE_OOB, LWASM_TRAP_TABLE_OOB},
        {"indirect call type mismatch", LWASM_TRAP_INDIRECT_TYPE_MISMATCH, LWASM_TRAP_INDIRECT_TYPE_MISMATCH},
        {"undefined element", LWASM_TRAP_TABLE_OOB, LWASM_TRAP_UNINITIALIZED_ELEMENT},
        {"uninitialized element", LWASM_TRAP_UNINITIALIZED_ELEMENT, LWASM_TRAP_UNINITIALIZED_ELEMENT},
        {"null reference", LWASM_TRAP_NULL_REFERENCE, LWASM_TRAP_NULL_REFERENCE},
        {"call stack exhausted", LWASM_TRAP_STACK_EXHAUSTED, LWASM_TRAP_STACK_EXHAUSTED},
    };
    if (!text)
        return true;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strncmp(text, texts[i].prefix, strlen(texts[i].prefix)) == 0)
            return got == texts[i].kind || got == texts[i].alt;
    return true;
}

/* Checks that err is a trap of the kind the text names. */
static bool sr_expect_trap(const lwasm_error *err, const char *text, const char *what, const sr_result *res,
                           char *why)
{
    char got[768];
    if (!err) {
        if (res) {
            sr_format_results(res, got, sizeof got);
            sr_why(why, "%s: expected trap \"%s\", got results %s", what, text ? text : "", got);
        } else {
            sr_why(why, "%s: expected trap \"%s\", but it succeeded", what, text ? text : "");
        }
        return false;
    }
    sr_describe_error(err, got, sizeof got);
    if (lwasm_error_kind(err) != LWASM_ERR_TRAP || !sr_trap_fits(text, lwasm_error_trap(err))) {
        sr_why(why, "%s: expected trap \"%s\", got %s", what, text ? text : "", got);
        return false;
    }
    return true;
}

/* ---- commands ------------------------------------------------------------------ */

static bool sr_cmd_module(sr_run *r, const cJSON *cmd, char *why)
{
    lwasm_instance *inst;
    lwasm_error *err;
    bool loaded;
    bool ok = sr_instantiate(r, cmd, &inst, &err, &loaded, why);
    const char *name = sj_string(cmd, "name");
    r->current = ok ? inst : NULL;
    if (name && !sr_set_named(r, name, r->current)) {
        sr_why(why, "out of memory");
        ok = false;
    }
    if (err) {
        char desc[768];
        sr_describe_error(err, desc, sizeof desc);
        sr_why(why, "module %s: %s failed: %s", sj_string(cmd, "filename"), loaded ? "instantiation" : "loading",
               desc);
        lwasm_error_delete(err);
    }
    return ok;
}

static bool sr_cmd_register(sr_run *r, const cJSON *cmd, char *why)
{
    size_t as_len;
    char *as = sj_name(cmd, "as", &as_len);
    if (!as) {
        sr_why(why, "register without \"as\"");
        return false;
    }
    lwasm_instance *inst = sr_target(r, cmd, "name", why);
    bool ok = false;
    if (inst) {
        lwasm_error *err = lwasm_linker_define_instance(r->linker, as, as_len, inst);
        if (err) {
            char desc[768];
            sr_describe_error(err, desc, sizeof desc);
            sr_why(why, "register as \"%s\": %s", as, desc);
            lwasm_error_delete(err);
        } else {
            ok = true;
        }
    }
    free(as);
    return ok;
}

static bool sr_cmd_action(sr_run *r, const cJSON *cmd, char *why)
{
    sr_result res;
    sr_act st = sr_action(r, cmd, &res, why);
    if (st == SR_ACT_ERROR) {
        char desc[768];
        sr_describe_error(res.err, desc, sizeof desc);
        sr_why(why, "%s: %s", res.what, desc);
    }
    sr_result_free(&res);
    return st == SR_ACT_OK;
}

static bool sr_cmd_assert_return(sr_run *r, const cJSON *cmd, char *why)
{
    sr_result res;
    sr_act st = sr_action(r, cmd, &res, why);
    bool ok = false;
    if (st == SR_ACT_ERROR) {
        char desc[768];
        sr_describe_error(res.err, desc, sizeof desc);
        sr_why(why, "%s: expected results, got %s", res.what, desc);
    } else if (st == SR_ACT_OK) {
        const cJSON *expected = cJSON_GetObjectItemCaseSensitive(cmd, "expected");
        size_t n = cJSON_IsArray(expected) ? (size_t)cJSON_GetArraySize(expected) : 0;
        ok = n == res.count;
        if (!ok)
            sr_why(why, "%s: expected %zu results, the function returns %zu", res.what, n, res.count);
        size_t i = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, expected)
        {
            if (!ok)
                break;
            sv_expect e;
            char err[256];
            if (!sv_parse_expect(item, &e, err, sizeof err)) {
                sr_why(why, "%s: expected result %zu: %s", res.what, i, err);
                ok = false;
            } else if (!sv_matches(&e, &res.vals[i])) {
                char want[512], got[512];
                sv_format_expect(&e, want, sizeof want);
                sv_format_val(&res.vals[i], &e, got, sizeof got);
                sr_why(why, "%s: result %zu: expected %s, got %s", res.what, i, want, got);
                ok = false;
            }
            i++;
        }
    }
    sr_result_free(&res);
    return ok;
}

/* Loads and instantiates a module that must trap while instantiating. */
static bool sr_cmd_uninstantiable(sr_run *r, const cJSON *cmd, char *why)
{
    lwasm_instance *inst;
    lwasm_error *err;
    bool loaded;
    const char *text = sj_string(cmd, "text");
    char what[256];
    snprintf(what, sizeof what, "module %s", sj_string(cmd, "filename"));
    sr_instantiate(r, cmd, &inst, &err, &loaded, why);
    if (!loaded && !err)
        return false; /* why is set */
    bool ok;
    if (!loaded) {
        char desc[768];
        sr_describe_error(err, desc, sizeof desc);
        sr_why(why, "%s: expected a trap at instantiation (\"%s\"), but loading failed: %s", what, text ? text : "",
               desc);
        ok = false;
    } else {
        ok = sr_expect_trap(err, text, what, NULL, why);
    }
    if (err)
        lwasm_error_delete(err);
    return ok;
}

static bool sr_cmd_assert_trap(sr_run *r, const cJSON *cmd, bool exhaustion, char *why)
{
    if (cJSON_GetObjectItemCaseSensitive(cmd, "filename"))
        return sr_cmd_uninstantiable(r, cmd, why);
    sr_result res;
    sr_act st = sr_action(r, cmd, &res, why);
    bool ok = false;
    if (st != SR_ACT_BROKEN) {
        /* Exhaustion is a trap of its own kind whatever the script's text says. */
        const char *text = exhaustion ? "call stack exhausted" : sj_string(cmd, "text");
        ok = sr_expect_trap(res.err, text, res.what, st == SR_ACT_OK ? &res : NULL, why);
    }
    sr_result_free(&res);
    return ok;
}

/* assert_invalid / assert_malformed on a binary module: loading must fail with `want`. */
static bool sr_cmd_rejected(sr_run *r, const cJSON *cmd, lwasm_errkind want, char *why)
{
    lwasm_module *m;
    lwasm_error *err;
    const char *text = sj_string(cmd, "text");
    const char *file = sj_string(cmd, "filename");
    if (sr_load_module(r, cmd, &m, &err, why)) {
        lwasm_module_delete(m);
        sr_why(why, "module %s: expected %s (\"%s\"), but it loaded", file, sr_errkind_name(want), text ? text : "");
        return false;
    }
    if (!err)
        return false; /* why is set */
    bool ok = lwasm_error_kind(err) == want;
    if (!ok) {
        char desc[768];
        sr_describe_error(err, desc, sizeof desc);
        sr_why(why, "module %s: expected %s (\"%s\"), got %s", file, sr_errkind_name(want), text ? text : "", desc);
    }
    lwasm_error_delete(err);
    return ok;
}

static bool sr_cmd_unlinkable(sr_run *r, const cJSON *cmd, char *why)
{
    lwasm_instance *inst;
    lwasm_error *err;
    bool loaded;
    const char *text = sj_string(cmd, "text");
    const char *file = sj_string(cmd, "filename");
    if (sr_instantiate(r, cmd, &inst, &err, &loaded, why)) {
        sr_why(why, "module %s: expected unlinkable (\"%s\"), but it instantiated", file, text ? text : "");
        return false;
    }
    if (!err)
        return false; /* why is set */
    bool ok = loaded && lwasm_error_kind(err) == LWASM_ERR_UNLINKABLE;
    if (!ok) {
        char desc[768];
        sr_describe_error(err, desc, sizeof desc);
        sr_why(why, "module %s: expected unlinkable (\"%s\"), got %s%s", file, text ? text : "",
               loaded ? "" : "(while loading) ", desc);
    }
    lwasm_error_delete(err);
    return ok;
}

/* Text-format modules cannot be run: we have no text parser. */
static bool sr_is_text(const cJSON *cmd)
{
    const char *mt = sj_string(cmd, "module_type");
    return mt && strcmp(mt, "text") == 0;
}

static bool sr_command(sr_run *r, const cJSON *cmd, const char *type, char *why)
{
    if (strcmp(type, "module") == 0)
        return sr_cmd_module(r, cmd, why);
    if (strcmp(type, "register") == 0)
        return sr_cmd_register(r, cmd, why);
    if (strcmp(type, "action") == 0)
        return sr_cmd_action(r, cmd, why);
    if (strcmp(type, "assert_return") == 0)
        return sr_cmd_assert_return(r, cmd, why);
    if (strcmp(type, "assert_trap") == 0)
        return sr_cmd_assert_trap(r, cmd, false, why);
    if (strcmp(type, "assert_exhaustion") == 0)
        return sr_cmd_assert_trap(r, cmd, true, why);
    if (strcmp(type, "assert_invalid") == 0)
        return sr_cmd_rejected(r, cmd, LWASM_ERR_INVALID, why);
    if (strcmp(type, "assert_malformed") == 0)
        return sr_cmd_rejected(r, cmd, LWASM_ERR_MALFORMED, why);
    if (strcmp(type, "assert_unlinkable") == 0)
        return sr_cmd_unlinkable(r, cmd, why);
    if (strcmp(type, "assert_uninstantiable") == 0)
        return sr_cmd_uninstantiable(r, cmd, why);
    sr_why(why, "unknown command type \"%s\"", type);
    return false;
}

/* ---- scripts ------------------------------------------------------------------- */

static const cJSON *sr_commands(const cJSON *root) { return cJSON_GetObjectItemCaseSensitive(root, "commands"); }

static void sr_tally(const cJSON *root, sr_counts *c)
{
    const cJSON *cmd;
    memset(c, 0, sizeof *c);
    cJSON_ArrayForEach(cmd, sr_commands(root))
    {
        if (sr_is_text(cmd))
            c->text_not_run++;
        else
            c->total++;
    }
}

bool sr_count_commands(const char *json_path, sr_counts *out, char *err, size_t errlen)
{
    cJSON *root = sj_load(json_path, err, errlen);
    if (!root)
        return false;
    sr_tally(root, out);
    cJSON_Delete(root);
    return true;
}

static void sr_fail(sr_run *r, int line, const char *type, const char *why)
{
    r->c->failed++;
    if (!r->opts->verbose && r->described >= r->opts->max_shown)
        return;
    r->described++;
    fprintf(r->details, "  line %d: %s: %s\n", line, type, why);
}

static bool sr_setup(sr_run *r, const char *json_path, char *why)
{
    const char *slash = strrchr(json_path, '/');
    size_t dlen = slash ? (size_t)(slash - json_path) + 1 : 0;
    r->dir = malloc(dlen + 1);
    r->details = open_memstream(&r->details_buf, &r->details_len);
    if (!r->dir || !r->details) {
        sr_why(why, "out of memory");
        return false;
    }
    memcpy(r->dir, json_path, dlen);
    r->dir[dlen] = '\0';
    r->engine = lwasm_engine_new(NULL);
    r->store = r->engine ? lwasm_store_new(r->engine) : NULL;
    r->linker = r->store ? lwasm_linker_new(r->store) : NULL;
    if (!r->linker) {
        sr_why(why, "cannot create an engine, store or linker");
        return false;
    }
    lwasm_error *err = spectest_define(r->store, r->linker);
    if (err) {
        char desc[768];
        sr_describe_error(err, desc, sizeof desc);
        sr_why(why, "cannot define the spectest module: %s", desc);
        lwasm_error_delete(err);
        return false;
    }
    return true;
}

static void sr_teardown(sr_run *r)
{
    if (r->linker)
        lwasm_linker_delete(r->linker);
    if (r->store)
        lwasm_store_delete(r->store);
    if (r->engine)
        lwasm_engine_delete(r->engine);
    for (size_t i = 0; i < r->nnamed; i++)
        free(r->named[i].name);
    free(r->named);
    free(r->dir);
    if (r->details)
        fclose(r->details);
    free(r->details_buf);
}

static void sr_progress(const sr_run *r, int line)
{
    if (r->opts->progress)
        r->opts->progress(r->opts->progress_ctx, r->c, line);
}

void sr_run_script(const char *json_path, const char *name, const sr_options *o, FILE *out, sr_counts *c)
{
    sr_run r = {.opts = o, .c = c};
    char *why = malloc(SR_WHY);
    char err[512] = "out of memory";
    cJSON *root = why ? sj_load(json_path, err, sizeof err) : NULL;
    memset(c, 0, sizeof *c);
    if (!root) {
        c->total = c->failed = 1;
        fprintf(out, "FAIL %s (0/1)\n  cannot read the converted script: %s\n", name, err);
        free(why);
        return;
    }
    sr_tally(root, c);
    if (!sr_setup(&r, json_path, why)) {
        c->failed = c->total ? c->total : 1;
        fprintf(out, "FAIL %s (0/%u)\n  %s\n", name, c->total, why);
    } else {
        const cJSON *cmd;
        cJSON_ArrayForEach(cmd, sr_commands(root))
        {
            if (sr_is_text(cmd))
                continue;
            const cJSON *line = cJSON_GetObjectItemCaseSensitive(cmd, "line");
            int ln = cJSON_IsNumber(line) ? line->valueint : -1;
            const char *type = sj_string(cmd, "type");
            sr_progress(&r, ln);
            why[0] = '\0';
            if (type && sr_command(&r, cmd, type, why))
                c->passed++;
            else
                sr_fail(&r, ln, type ? type : "(command without type)", why);
        }
        fflush(r.details);
        fprintf(out, "%s %s (%u/%u)", c->failed ? "FAIL" : "PASS", name, c->passed, c->total);
        if (c->text_not_run)
            fprintf(out, " [%u text, not run]", c->text_not_run);
        fprintf(out, "\n%s", r.details_buf ? r.details_buf : "");
        if (c->failed > r.described)
            fprintf(out, "  ... and %u more failures (-v shows all)\n", c->failed - r.described);
    }
    sr_progress(&r, 0);
    sr_teardown(&r);
    cJSON_Delete(root);
    free(why);
}
