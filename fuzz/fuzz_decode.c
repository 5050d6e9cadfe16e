/* fuzz_decode.c — libFuzzer harness: decode, validate and translate arbitrary bytes, checking the API agrees with itself. */
#include "libwasm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise of the API: report it so libFuzzer records a crash. */
static void fail(const char *what, const lwasm_error *e)
{
    fprintf(stderr, "fuzz_decode: %s (%s)\n", what, e ? lwasm_error_message(e) : "no error");
    abort();
}

static void check_error(const lwasm_error *e, size_t size)
{
    const char *msg = lwasm_error_message(e);
    if (!msg || !*msg)
        fail("error without a message", e);
    size_t off = lwasm_error_offset(e);
    if (off != LWASM_NO_OFFSET && off > size)
        fail("error offset beyond the input", e);
    lwasm_errkind k = lwasm_error_kind(e);
    if (k != LWASM_ERR_MALFORMED && k != LWASM_ERR_INVALID && k != LWASM_ERR_NOMEM && k != LWASM_ERR_LIMIT)
        fail("unexpected error kind for a module", e);
}

/* Walks everything a module reports about itself, as an embedder would. */
static void inspect(const lwasm_module *m)
{
    size_t n = lwasm_module_import_count(m);
    for (size_t i = 0; i < n; i++) {
        lwasm_name mod, name;
        lwasm_externtype t;
        if (!lwasm_module_import(m, i, &mod, &name, &t))
            fail("import in range not returned", NULL);
        if (t.kind == LWASM_EXTERN_FUNC && !t.of.func)
            fail("function import without a type", NULL);
    }
    if (lwasm_module_import(m, n, NULL, NULL, NULL))
        fail("import past the end returned", NULL);
    size_t nexports = lwasm_module_export_count(m);
    for (size_t i = 0; i < nexports; i++) {
        lwasm_name name;
        lwasm_externtype t;
        if (!lwasm_module_export(m, i, &name, &t))
            fail("export in range not returned", NULL);
        if (t.kind == LWASM_EXTERN_FUNC && !t.of.func)
            fail("function export without a type", NULL);
    }
    /* Names are optional; asking for any index, defined or not, must be safe. */
    lwasm_name fname;
    for (uint32_t f = 0; f < n + nexports + 64; f++)
        (void)lwasm_module_func_name(m, f, &fname);
    (void)lwasm_module_func_name(m, UINT32_MAX, &fname);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lwasm_engine *engine;
    if (!engine && !(engine = lwasm_engine_new(NULL)))
        return 0;

    lwasm_error *verr = lwasm_module_validate(engine, data, size);
    lwasm_module *m = NULL;
    lwasm_error *nerr = lwasm_module_new(engine, data, size, &m);
    if (verr)
        check_error(verr, size);
    if (nerr) {
        check_error(nerr, size);
        if (m)
            fail("module_new set a module and returned an error", nerr);
    } else if (!m) {
        fail("module_new returned neither module nor error", NULL);
    }
    /* Validation alone and the full load must agree on the verdict. */
    bool resource = nerr && (lwasm_error_kind(nerr) == LWASM_ERR_NOMEM || lwasm_error_kind(nerr) == LWASM_ERR_LIMIT);
    if (!verr && nerr && !resource)
        fail("validates, yet module_new fails", nerr);
    if (verr && !nerr)
        fail("module_new accepts what validation rejects", verr);
    if (verr && nerr && !resource && lwasm_error_kind(verr) != lwasm_error_kind(nerr))
        fail("validate and module_new disagree on the error kind", nerr);

    if (m) {
        inspect(m);
        lwasm_module *again = lwasm_module_ref(m);
        lwasm_module_delete(again);
        lwasm_module_delete(m);
    }
    lwasm_error_delete(verr);
    lwasm_error_delete(nerr);
    return 0;
}
