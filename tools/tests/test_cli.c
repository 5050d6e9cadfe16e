/* test_cli.c — unit tests of wasmrun's command-line parser, --invoke value parsing and the runc command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "runc_cli.h"
#include "values.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static wr_err parse(wr_cli *c, int argc, char *const *argv)
{
    wr_cli_init(c);
    return wr_cli_parse(c, argc, argv);
}

static void test_file_and_guest_args(void **state)
{
    (void)state;
    char *argv[] = {"wasmrun", "prog.wasm", "--not-ours", "x"};
    wr_cli c;
    assert_null(parse(&c, ARGC(argv), argv));
    assert_string_equal(c.target, "prog.wasm");
    assert_int_equal(c.args.len, 2);
    assert_string_equal(c.args.items[0], "--not-ours");
    assert_string_equal(c.args.items[1], "x");
    assert_null(c.launch.invoke);
    wr_cli_free(&c);
}

static void test_all_options(void **state)
{
    (void)state;
    setenv("WR_TEST_INHERITED", "from host", 1);
    unsetenv("WR_TEST_UNSET");
    char *argv[] = {"wasmrun",  "--dir",          "/tmp",         "--dir=/var::/data", "--env",
                    "A=1",      "--env=B=two=2",  "--env",        "WR_TEST_INHERITED", "--env",
                    "WR_TEST_UNSET", "--env",     "A=3",          "--invoke",          "fac",
                    "--listen", "127.0.0.1:8080", "--max-memory", "1M",                "--max-call-depth",
                    "500",      "--max-stack-slots=4096", "--",   "-file.wasm",        "10"};
    wr_cli c;
    wr_err e = parse(&c, ARGC(argv), argv);
    assert_null(e);
    assert_int_equal(c.launch.npreopens, 2);
    assert_string_equal(c.launch.preopens[0].host, "/tmp");
    assert_string_equal(c.launch.preopens[0].guest, "/tmp");
    assert_string_equal(c.launch.preopens[1].host, "/var");
    assert_string_equal(c.launch.preopens[1].guest, "/data");
    assert_int_equal(c.launch.env.len, 3); /* A replaced, unset variable not added */
    assert_string_equal(c.launch.env.items[0], "A=3");
    assert_string_equal(c.launch.env.items[1], "B=two=2");
    assert_string_equal(c.launch.env.items[2], "WR_TEST_INHERITED=from host");
    assert_string_equal(c.launch.invoke, "fac");
    assert_int_equal(c.launch.listens.len, 1);
    assert_string_equal(c.launch.listens.items[0], "127.0.0.1:8080");
    assert_int_equal(c.launch.max_memory_pages, 16);
    assert_int_equal(c.launch.max_call_depth, 500);
    assert_int_equal(c.launch.max_stack_slots, 4096);
    assert_string_equal(c.target, "-file.wasm");
    assert_int_equal(c.args.len, 1);
    assert_string_equal(c.args.items[0], "10");
    wr_cli_free(&c);
}

static void test_help_and_version(void **state)
{
    (void)state;
    char *h[] = {"wasmrun", "--help"};
    char *v[] = {"wasmrun", "-V"};
    wr_cli c;
    assert_null(parse(&c, ARGC(h), h));
    assert_true(c.show_help);
    assert_false(c.show_version);
    wr_cli_free(&c);
    assert_null(parse(&c, ARGC(v), v));
    assert_true(c.show_version);
    wr_cli_free(&c);
    assert_non_null(strstr(wr_cli_usage, "--max-memory"));
}

/* Each of these command lines is wrong; the message must say something about the culprit. */
static void test_bad_command_lines(void **state)
{
    (void)state;
    struct {
        char *argv[6];
        int argc;
        const char *expect;
    } cases[] = {
        {{"wasmrun"}, 1, "missing FILE"},
        {{"wasmrun", "--dir"}, 2, "needs a value"},
        {{"wasmrun", "--dir", "::/x", "f.wasm"}, 4, "--dir"},
        {{"wasmrun", "--dir", "/x::", "f.wasm"}, 4, "--dir"},
        {{"wasmrun", "--env", "=v", "f.wasm"}, 4, "name is empty"},
        {{"wasmrun", "--invoke=", "f.wasm"}, 3, "function name"},
        {{"wasmrun", "--listen", "8080", "f.wasm"}, 4, "ADDR:PORT"},
        {{"wasmrun", "--listen", "127.0.0.1:99999", "f.wasm"}, 4, "port"},
        {{"wasmrun", "--max-memory", "10x", "f.wasm"}, 4, "unit"},
        {{"wasmrun", "--max-memory", "1000", "f.wasm"}, 4, "at least one"},
        {{"wasmrun", "--max-memory", "5G", "f.wasm"}, 4, "4 GiB"},
        {{"wasmrun", "--max-call-depth", "0", "f.wasm"}, 4, "out of range"},
        {{"wasmrun", "--max-stack-slots", "-5", "f.wasm"}, 4, "not a number"},
        {{"wasmrun", "--frobnicate", "f.wasm"}, 3, "unknown option"},
        {{"wasmrun", "--"}, 2, "missing FILE"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wr_cli c;
        wr_err e = parse(&c, cases[i].argc, cases[i].argv);
        if (!e)
            fail_msg("case %zu (%s ...) was accepted", i, cases[i].argv[1] ? cases[i].argv[1] : "");
        if (!strstr(e, cases[i].expect))
            fail_msg("case %zu: message '%s' lacks '%s'", i, e, cases[i].expect);
        wr_err_free(e);
        wr_cli_free(&c);
    }
}

static void test_sizes(void **state)
{
    (void)state;
    uint64_t b;
    assert_null(wr_parse_size("65536", &b));
    assert_int_equal(b, 65536);
    assert_null(wr_parse_size("64K", &b));
    assert_int_equal(b, 65536);
    assert_null(wr_parse_size("2MiB", &b));
    assert_int_equal(b, 2u << 20);
    assert_null(wr_parse_size("4G", &b));
    assert_int_equal(b, (uint64_t)4 << 30);
    wr_err e = wr_parse_size("", &b);
    assert_non_null(e);
    wr_err_free(e);
    e = wr_parse_size("99999999999999999999", &b);
    assert_non_null(e);
    wr_err_free(e);
}

static void check_value(lwasm_valkind kind, const char *text, const char *printed)
{
    lwasm_val v;
    wr_err e = wr_value_parse(kind, text, &v);
    if (e)
        fail_msg("'%s' as %s: %s", text, wr_valkind_name(kind), e);
    char buf[128];
    wr_value_format(&v, buf, sizeof buf);
    if (strcmp(buf, printed) != 0)
        fail_msg("'%s' as %s printed '%s', expected '%s'", text, wr_valkind_name(kind), buf, printed);
}

static void check_bad_value(lwasm_valkind kind, const char *text)
{
    lwasm_val v;
    wr_err e = wr_value_parse(kind, text, &v);
    if (!e)
        fail_msg("'%s' was accepted as %s", text, wr_valkind_name(kind));
    wr_err_free(e);
}

static void test_values(void **state)
{
    (void)state;
    check_value(LWASM_I32, "10", "10");
    check_value(LWASM_I32, "-2147483648", "-2147483648");
    check_value(LWASM_I32, "4294967295", "-1"); /* unsigned spelling of the same bits */
    check_value(LWASM_I32, "0x7fffffff", "2147483647");
    check_value(LWASM_I64, "-9223372036854775808", "-9223372036854775808");
    check_value(LWASM_I64, "18446744073709551615", "-1");
    check_value(LWASM_F32, "1.5", "1.5");
    check_value(LWASM_F32, "0.1", "0.1");
    check_value(LWASM_F32, "-0", "-0");
    check_value(LWASM_F32, "inf", "inf");
    check_value(LWASM_F32, "nan", "nan");
    check_value(LWASM_F32, "-nan:0x1", "-nan:0x1");
    check_value(LWASM_F64, "0.1", "0.1");
    check_value(LWASM_F64, "1e300", "1e+300");
    check_value(LWASM_F64, "nan:0x4000000000000", "nan:0x4000000000000");
    check_value(LWASM_V128, "0x000102030405060708090a0b0c0d0e0f", "0x000102030405060708090a0b0c0d0e0f");
    check_value(LWASM_FUNCREF, "null", "null");
    check_value(LWASM_EXTERNREF, "null", "null");

    lwasm_val v;
    assert_null(wr_value_parse(LWASM_V128, "0x000102030405060708090a0b0c0d0e0f", &v));
    assert_int_equal(v.of.v128.bytes[0], 0x0f); /* least significant byte first in memory */
    assert_null(wr_value_parse(LWASM_F32, "nan", &v));
    assert_int_equal(v.of.f32_bits, 0x7fc00000);

    check_bad_value(LWASM_I32, "4294967296");
    check_bad_value(LWASM_I32, "-2147483649");
    check_bad_value(LWASM_I32, "ten");
    check_bad_value(LWASM_I32, "");
    check_bad_value(LWASM_I32, "1.5");
    check_bad_value(LWASM_I64, "18446744073709551616");
    check_bad_value(LWASM_F32, "1.5x");
    check_bad_value(LWASM_F32, "nan:0x0");
    check_bad_value(LWASM_F32, "nan:0x800000");
    check_bad_value(LWASM_V128, "0x00");
    check_bad_value(LWASM_FUNCREF, "7");
}

static void test_runc_command_line(void **state)
{
    (void)state;
    char *create[] = {"runc", "--root", "/run/x", "--log", "/tmp/l.json", "--log-format", "json", "--systemd-cgroup",
                      "create", "--bundle", "/b", "--pid-file", "/p", "--no-pivot", "ctr-1"};
    wr_runc_args a;
    assert_null(wr_runc_parse(&a, ARGC(create), create));
    assert_int_equal(a.cmd, WR_RUNC_CREATE);
    assert_string_equal(a.root, "/run/x");
    assert_string_equal(a.log, "/tmp/l.json");
    assert_true(a.log_json);
    assert_string_equal(a.bundle, "/b");
    assert_string_equal(a.pid_file, "/p");
    assert_string_equal(a.id, "ctr-1");
    assert_false(a.terminal);
    wr_runc_args_free(&a);

    char *tty[] = {"runc", "create", "--console-socket", "/s.sock", "--preserve-fds", "2", "c"};
    assert_null(wr_runc_parse(&a, ARGC(tty), tty));
    assert_true(a.terminal);
    wr_runc_args_free(&a);

    char *kill_[] = {"runc", "kill", "--all", "c", "9"};
    assert_null(wr_runc_parse(&a, ARGC(kill_), kill_));
    assert_int_equal(a.cmd, WR_RUNC_KILL);
    assert_true(a.all);
    assert_int_equal(a.signal, SIGKILL);
    assert_string_equal(a.root, WR_RUNC_DEFAULT_ROOT);
    wr_runc_args_free(&a);

    char *del[] = {"runc", "delete", "--force", "c"};
    assert_null(wr_runc_parse(&a, ARGC(del), del));
    assert_int_equal(a.cmd, WR_RUNC_DELETE);
    assert_true(a.force);
    wr_runc_args_free(&a);

    char *ps[] = {"runc", "ps", "--format", "json", "c"};
    assert_null(wr_runc_parse(&a, ARGC(ps), ps));
    assert_true(a.ps_json);
    wr_runc_args_free(&a);

    assert_int_equal(wr_parse_signal("SIGTERM"), SIGTERM);
    assert_int_equal(wr_parse_signal("kill"), SIGKILL);
    assert_int_equal(wr_parse_signal("15"), 15);
    assert_int_equal(wr_parse_signal("SIGNOPE"), -1);
    assert_int_equal(wr_parse_signal("0"), -1);

    struct {
        char *argv[5];
        int argc;
    } bad[] = {
        {{"runc"}, 1},
        {{"runc", "frob", "c"}, 3},
        {{"runc", "start"}, 2},
        {{"runc", "start", "../etc"}, 3},
        {{"runc", "start", "a/b"}, 3},
        {{"runc", "kill", "c", "SIGNOPE"}, 4},
        {{"runc", "start", "c", "extra"}, 4},
        {{"runc", "--log-format", "xml", "start", "c"}, 5},
        {{"runc", "delete", "--all", "c"}, 4},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wr_err e = wr_runc_parse(&a, bad[i].argc, bad[i].argv);
        if (!e)
            fail_msg("runc case %zu was accepted", i);
        wr_err_free(e);
        wr_runc_args_free(&a);
    }
    assert_false(wr_runc_valid_id(".."));
    assert_true(wr_runc_valid_id("abc_1.2-x+y"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_and_guest_args),
        cmocka_unit_test(test_all_options),
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_bad_command_lines),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_runc_command_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
