/* test_wasi_escape_wasm.c — runs the escape attempts of escape/escape.c as a wasm32-wasi guest on libwasm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"

static const char *escape_wasm; /* argv[1] */

static void args_for_escape(lwasi_config *c, const wh *h, void *arg)
{
    (void)arg;
    const char *argv[] = {"escape.wasm", h->outside};
    assert_true(lwasi_config_set_args(c, 2, argv));
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void escape_program(void **state)
{
    (void)state;
    wh *h = wh_new_with(args_for_escape, NULL);
    wh_escape_layout(h);
    char *before = wh_snapshot(h->outside);

    size_t len;
    unsigned char *bytes = slurp(escape_wasm, &len);
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_module *module;
    lwasm_error *e = lwasm_module_new(engine, bytes, len, &module);
    free(bytes);
    assert_null(e);
    lwasm_store *store = lwasm_store_new(engine);
    lwasm_linker *linker = lwasm_linker_new(store);
    assert_null(lwasi_define(h->ctx, linker));
    lwasm_instance *inst;
    assert_null(lwasm_linker_instantiate(linker, module, &inst));
    int status = -1;
    e = lwasi_run_start(h->ctx, store, inst, &status);
    if (e)
        fail_msg("escape.wasm trapped: %s", lwasm_error_message(e));
    lwasm_linker_delete(linker);
    lwasm_store_delete(store);
    lwasm_module_delete(module);
    lwasm_engine_delete(engine);

    char out[65536] = {0};
    ssize_t n = read(h->out_pipe[0], out, sizeof out - 1);
    assert_true(n > 0);
    print_message("%s", out);
    assert_null(strstr(out, "ESCAPED"));
    assert_non_null(strstr(out, " 0 escaped"));
    assert_int_equal(status, 0);

    char *after = wh_snapshot(h->outside);
    assert_string_equal(after, before);
    free(after);
    free(before);
    assert_false(wh_host_exists(h, "new_in_base"));
    wh_free(h);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_wasi_escape_wasm ESCAPE.wasm\n");
        return 2;
    }
    escape_wasm = argv[1];
    const struct CMUnitTest tests[] = {cmocka_unit_test(escape_program)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
