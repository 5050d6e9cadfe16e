/* test_wasmrun.c — end-to-end tests of the wasmrun and wasmrun-runc binaries: every option, every exit path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define RUN_TIMEOUT_S 60

static const char *wasmrun, *runc, *guests, *mkimage;
static char scratch[256];

typedef struct result {
    int status; /* exit code, or 128 + signal */
    char out[1 << 16];
    char err[1 << 16];
} result;

static result R;

static char *guest(const char *name)
{
    static char buf[8][1024];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 1024, "%s/%s", guests, name);
    return p;
}

static char *tmp(const char *name)
{
    static char buf[8][1024];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 1024, "%s/%s", scratch, name);
    return p;
}

static pid_t spawn(char *const argv[], int *in_fd, int *out_fd, int *err_fd)
{
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
        fail_msg("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        execv(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    *in_fd = in[1];
    *out_fd = out[0];
    *err_fd = err[0];
    return pid;
}

/* Collects both outputs until EOF, then the status; kills the child after RUN_TIMEOUT_S. */
static void collect(pid_t pid, int out_fd, int err_fd)
{
    size_t nout = 0, nerr = 0;
    time_t deadline = time(NULL) + RUN_TIMEOUT_S;
    struct pollfd pfd[2] = {{.fd = out_fd, .events = POLLIN}, {.fd = err_fd, .events = POLLIN}};
    while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
        if (time(NULL) > deadline) {
            kill(pid, SIGKILL);
            break;
        }
        if (poll(pfd, 2, 200) <= 0)
            continue;
        for (int i = 0; i < 2; i++) {
            if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP)))
                continue;
            char *buf = i == 0 ? R.out : R.err;
            size_t *n = i == 0 ? &nout : &nerr;
            char sink[4096];
            bool full = *n == sizeof R.out - 1; /* keep draining, so the child never blocks or gets SIGPIPE */
            ssize_t got = full ? read(pfd[i].fd, sink, sizeof sink) : read(pfd[i].fd, buf + *n, sizeof R.out - 1 - *n);
            if (got > 0 && full)
                continue;
            if (got <= 0) {
                close(pfd[i].fd);
                pfd[i].fd = -1;
            } else {
                *n += (size_t)got;
            }
        }
    }
    R.out[nout] = R.err[nerr] = '\0';
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    R.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* Runs argv (NULL-terminated) with `input` on stdin; fills R. */
static void run_in(const char *input, char *const argv[])
{
    int in, out, err;
    pid_t pid = spawn(argv, &in, &out, &err);
    if (input) {
        ssize_t ignored = write(in, input, strlen(input));
        (void)ignored;
    }
    close(in);
    collect(pid, out, err);
}

#define RUN(...) run_in(NULL, (char *const[]){(char *)wasmrun, __VA_ARGS__, NULL})
#define RUNC(...) run_in(NULL, (char *const[]){(char *)runc, "--root", tmp("runc-root"), __VA_ARGS__, NULL})

static void expect(int status, const char *out, const char *err_part)
{
    if (R.status != status || (out && strcmp(R.out, out) != 0) || (err_part && !strstr(R.err, err_part)))
        fail_msg("got status %d, stdout [%s], stderr [%s]; wanted status %d, stdout [%s], stderr containing [%s]",
                 R.status, R.out, R.err, status, out ? out : "(any)", err_part ? err_part : "(any)");
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static char *read_file(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* ---- the command line itself ---- */

static void test_version_help_usage(void **state)
{
    (void)state;
    RUN("--version");
    expect(0, NULL, NULL);
    assert_non_null(strstr(R.out, "wasmrun 0.1.0"));
    RUN("--help");
    expect(0, NULL, NULL);
    assert_non_null(strstr(R.out, "--invoke FUNC"));
    run_in(NULL, (char *const[]){(char *)wasmrun, NULL});
    expect(2, "", "missing FILE");
    RUN("--no-such-option", guest("hello-world.wasm"));
    expect(2, "", "unknown option");
    RUN("--max-memory", "lots", guest("hello-world.wasm"));
    expect(2, "", "--max-memory");
    RUN(tmp("does-not-exist.wasm"));
    expect(125, "", "No such file");
}

/* ---- --invoke ---- */

static void test_invoke(void **state)
{
    (void)state;
    RUN("--invoke", "fac", guest("factorial.wasm"), "10");
    expect(0, "3628800\n", NULL);
    RUN("--invoke=fac", guest("factorial.wasm"), "20");
    expect(0, "2432902008176640000\n", NULL);
    RUN("--invoke", "add_i32", guest("math.wasm"), "2147483647", "1");
    expect(0, "-2147483648\n", NULL);
    RUN("--invoke", "add_i64", guest("math.wasm"), "-5", "0x10");
    expect(0, "11\n", NULL);
    RUN("--invoke", "mul_f32", guest("math.wasm"), "1.5", "-2");
    expect(0, "-3\n", NULL);
    RUN("--invoke", "div_f64", guest("math.wasm"), "1", "3");
    expect(0, "0.3333333333333333\n", NULL);
    RUN("--invoke", "div_f64", guest("math.wasm"), "0", "0");
    assert_int_equal(R.status, 0);
    assert_non_null(strstr(R.out, "nan"));
    RUN("--invoke", "swap", guest("math.wasm"), "1", "2");
    expect(0, "2\n1\n", NULL);
    RUN("--invoke", "nothing", guest("math.wasm"));
    expect(0, "", NULL);
    /* Errors: a trap, bad arguments, missing or non-function exports. */
    RUN("--invoke", "div_s", guest("math.wasm"), "1", "0");
    expect(134, "", "divide by zero");
    RUN("--invoke", "fac", guest("factorial.wasm"));
    expect(2, "", "takes 1 argument (i64), 0 given");
    RUN("--invoke", "fac", guest("factorial.wasm"), "ten");
    expect(2, "", "not a valid i64");
    RUN("--invoke", "nope", guest("math.wasm"));
    expect(126, "", "no exported function named 'nope'");
    RUN("--invoke", "not_a_function", guest("math.wasm"));
    expect(126, "", "no exported function");
}

/* ---- WASI commands and exit statuses ---- */

static void test_hello_and_exit_codes(void **state)
{
    (void)state;
    RUN(guest("hello-world.wasm"));
    expect(0, "Hello, Wasm!\n", NULL);
    RUN(guest("exit3.wasm"));
    expect(3, "", NULL);
    RUN(guest("guest.wasm"), "exit", "0");
    expect(0, "", NULL);
    RUN(guest("guest.wasm"), "exit", "42");
    expect(42, "", NULL);
    RUN(guest("guest.wasm"), "exit", "255");
    expect(255, "", NULL);
    RUN(guest("guest.wasm"), "exit", "300"); /* modulo 256, as the system would */
    expect(44, "", NULL);
    RUN(guest("guest.wasm"), "exit", "256"); /* but never a false success */
    expect(1, "", NULL);
    RUN(guest("math.wasm"));
    expect(126, "", "no _start");
}

static void test_traps(void **state)
{
    (void)state;
    RUN(guest("trap.wasm"));
    expect(134, "", "unreachable");
    /* The backtrace names each frame, innermost first. */
    char *inner = strstr(R.err, "innermost"), *middle = strstr(R.err, "middle"), *start = strstr(R.err, "_start");
    if (!inner || !middle || !start || !(inner < middle && middle < start))
        fail_msg("backtrace lacks names in order: %s", R.err);
    RUN(guest("guest.wasm"), "trap");
    expect(134, "", "unreachable");
    RUN(guest("recurse.wasm"));
    expect(134, "", "call stack exhausted");
    assert_non_null(strstr(R.err, "more frames")); /* a long backtrace is shortened */
    assert_true(strlen(R.err) < 8192);
    RUN("--max-call-depth", "50", guest("recurse.wasm"));
    expect(134, "", "trap");
    RUN("--max-call-depth", "50", "--invoke", "fac", guest("factorial.wasm"), "100");
    expect(134, "", "trap");
    RUN("--max-call-depth", "50", "--invoke", "fac", guest("factorial.wasm"), "10");
    expect(0, "3628800\n", NULL);
    RUN("--max-stack-slots", "64", "--invoke", "fac", guest("factorial.wasm"), "1000");
    expect(134, "", "trap");
    RUN("--max-stack-slots", "100000", "--invoke", "fac", guest("factorial.wasm"), "5");
    expect(0, "120\n", NULL);
    RUN(guest("start_trap.wasm"));
    expect(134, "", "divide by zero");
}

static void test_bad_modules(void **state)
{
    (void)state;
    static const uint8_t bad_version[] = {0, 'a', 's', 'm', 2, 0, 0, 0};
    write_file(tmp("bad_version.wasm"), bad_version, sizeof bad_version);
    RUN(tmp("bad_version.wasm"));
    expect(126, "", "malformed module");
    assert_non_null(strstr(R.err, "offset"));
    write_file(tmp("text.wasm"), "(module)", 8);
    RUN(tmp("text.wasm"));
    expect(126, "", "malformed module");
    /* (func (result i32)) with an empty body: decodes, does not validate. */
    static const uint8_t invalid[] = {0,    'a',  's',  'm',  1,    0,    0,    0,    0x01, 0x05, 0x01, 0x60,
                                      0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};
    write_file(tmp("invalid.wasm"), invalid, sizeof invalid);
    RUN(tmp("invalid.wasm"));
    expect(126, "", "invalid module");
    RUN(guest("unlinkable.wasm"));
    expect(126, "", "unlinkable module");
    assert_non_null(strstr(R.err, "no_such_function"));
}

static void test_limits(void **state)
{
    (void)state;
    RUN(guest("bigmem.wasm"));
    expect(0, "", NULL);
    RUN("--max-memory", "1M", guest("bigmem.wasm"));
    if (R.status != 126 && R.status != 134)
        fail_msg("a 100-page memory under --max-memory 1M: status %d, stderr %s", R.status, R.err);
    RUN("--invoke", "grow", guest("math.wasm"), "10");
    expect(0, "1\n", NULL);
    RUN("--max-memory", "1M", "--invoke", "grow", guest("math.wasm"), "10");
    expect(0, "1\n", NULL);
    RUN("--max-memory", "1M", "--invoke", "grow", guest("math.wasm"), "16");
    expect(0, "-1\n", NULL);
    RUN("--max-memory", "4M", guest("guest.wasm"), "grow", "16");
    expect(1, "out of memory\n", NULL);
    RUN(guest("guest.wasm"), "grow", "16");
    expect(0, "allocated\n", NULL);
}

/* ---- WASI: args, env, preopens, stdin, sockets ---- */

static void test_args_and_env(void **state)
{
    (void)state;
    char expected[2048];
    RUN(guest("guest.wasm"), "args", "a b", "--dir", "");
    snprintf(expected, sizeof expected, "%s\nargs\na b\n--dir\n\n", guest("guest.wasm"));
    expect(0, expected, NULL);
    RUN("--env", "GREETING=hi there", guest("guest.wasm"), "env", "GREETING");
    expect(0, "hi there\n", NULL);
    setenv("WR_E2E_INHERIT", "inherited", 1);
    RUN("--env", "WR_E2E_INHERIT", guest("guest.wasm"), "env", "WR_E2E_INHERIT");
    expect(0, "inherited\n", NULL);
    RUN(guest("guest.wasm"), "env", "WR_E2E_INHERIT"); /* nothing leaks without --env */
    expect(0, "(unset)\n", NULL);
    RUN("--env", "A=1", "--env", "A=2", guest("guest.wasm"), "env", "A");
    expect(0, "2\n", NULL);
    run_in("line one\nline two\n", (char *const[]){(char *)wasmrun, guest("guest.wasm"), "stdin", NULL});
    expect(0, "line one\nline two\n", NULL);
}

static void test_dirs(void **state)
{
    (void)state;
    mkdir(tmp("share"), 0755);
    write_file(tmp("share/note.txt"), "from the host\n", 14);
    char mapped[1100];
    snprintf(mapped, sizeof mapped, "%s::/data", tmp("share"));
    RUN("--dir", mapped, guest("guest.wasm"), "cat", "/data/note.txt");
    expect(0, "from the host\n", NULL);
    char note[1100];
    snprintf(note, sizeof note, "%s/note.txt", tmp("share"));
    RUN("--dir", tmp("share"), guest("guest.wasm"), "cat", note);
    expect(0, "from the host\n", NULL);
    RUN("--dir", mapped, guest("guest.wasm"), "write", "/data/out.txt", "written by wasm");
    expect(0, "", NULL);
    assert_string_equal(read_file(tmp("share/out.txt")), "written by wasm");
    RUN("--dir", mapped, guest("guest.wasm"), "ls", "/data");
    expect(0, NULL, NULL);
    assert_non_null(strstr(R.out, "note.txt"));
    /* Outside every preopen there is nothing. */
    RUN("--dir", mapped, guest("guest.wasm"), "cat", "/etc/passwd");
    expect(1, "", NULL);
    RUN("--dir", mapped, guest("guest.wasm"), "cat", "/data/../../etc/passwd");
    expect(1, "", NULL);
    RUN("--dir", tmp("no-such-dir"), guest("guest.wasm"), "exit", "0");
    expect(125, "", "no-such-dir");
}

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
}

static void test_listen(void **state)
{
    (void)state;
    int port = free_port();
    char addr[64];
    snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
    int in, out, err;
    pid_t pid = spawn((char *const[]){(char *)wasmrun, "--listen", addr, guest("guest.wasm"), "accept", "3", NULL},
                      &in, &out, &err);
    close(in);
    int s = -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (int i = 0; i < 200; i++) {
        s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (connect(s, (struct sockaddr *)&a, sizeof a) == 0)
            break;
        close(s);
        s = -1;
        usleep(20000);
    }
    char greeting[64] = "";
    if (s >= 0) {
        struct timeval tv = {10, 0};
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ssize_t n = recv(s, greeting, sizeof greeting - 1, MSG_WAITALL);
        greeting[n > 0 ? n : 0] = '\0';
        close(s);
    }
    collect(pid, out, err);
    assert_true(s >= 0 || !"could not connect to the --listen socket");
    assert_string_equal(greeting, "hello from wasm\n");
    expect(0, "accepted\n", NULL);

    RUN("--listen", "127.0.0.1:notaport", guest("guest.wasm"), "exit", "0");
    expect(2, "", "--listen");
}

/* ---- images and bundles ---- */

static void make_image(const char *opts, const char *out, const char *module, const char *dest)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "sh '%s' %s '%s' '%s' '%s'", mkimage, opts, out, module, dest);
    if (system(cmd) != 0)
        fail_msg("mkimage failed: %s", cmd);
}

static void test_images(void **state)
{
    (void)state;
    make_image("-z -e '[\"/hello-world.wasm\"]'", tmp("hello.tar"), guest("hello-world.wasm"), "/hello-world.wasm");
    RUN(tmp("hello.tar"));
    expect(0, "Hello, Wasm!\n", NULL);
    make_image("-d -e '[\"/hello-world.wasm\"]'", tmp("hello-layout"), guest("hello-world.wasm"), "/hello-world.wasm");
    RUN(tmp("hello-layout"));
    expect(0, "Hello, Wasm!\n", NULL);

    /* Entrypoint + Cmd, Env, and the root preopened as "/" (the module reads itself). */
    make_image("-e '[\"/bin/guest.wasm\"]' -c '[\"env\",\"FROM_IMAGE\"]' -E '[\"FROM_IMAGE=image value\"]'",
            tmp("guest.tar"), guest("guest.wasm"), "/bin/guest.wasm");
    RUN(tmp("guest.tar"));
    expect(0, "image value\n", NULL);
    RUN("--env", "FROM_IMAGE=cli value", tmp("guest.tar"));
    expect(0, "cli value\n", NULL);
    RUN(tmp("guest.tar"), "ls", "/bin"); /* arguments replace Cmd */
    expect(0, "guest.wasm\n", NULL);
    RUN(tmp("guest.tar"), "exit", "9");
    expect(9, "", NULL);
    RUN(tmp("guest.tar"), "cat", "/../../../etc/hostname");
    expect(1, "", NULL);

    make_image("-e '[\"/missing.wasm\"]'", tmp("broken.tar"), guest("hello-world.wasm"), "/hello-world.wasm");
    RUN(tmp("broken.tar"));
    expect(125, "", "missing.wasm");
    write_file(tmp("junk.tar.gz"), "\x1f\x8b junk", 7);
    RUN(tmp("junk.tar.gz"));
    expect(125, "", "image");
    RUN("--invoke", "fac", tmp("hello.tar"));
    expect(2, "", "--invoke");
}

static void make_bundle(const char *dir, const char *module, const char *args_json)
{
    char path[1200], cmd[4096];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/rootfs/app' && cp '%s' '%s/rootfs/app/main.wasm'", dir, module, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":%s,\"env\":[\"WHO=bundle\"],\"cwd\":\"/app\"},"
             "\"root\":{\"path\":\"rootfs\"},\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\","
             "\"source\":\"proc\"},{\"destination\":\"/host\",\"type\":\"bind\",\"source\":\"%s\","
             "\"options\":[\"rbind\"]}]}",
             args_json, scratch);
    snprintf(path, sizeof path, "%s/config.json", dir);
    write_file(path, cmd, strlen(cmd));
}

static void test_bundles(void **state)
{
    (void)state;
    make_bundle(tmp("b-hello"), guest("hello-world.wasm"), "[\"main.wasm\"]");
    RUN(tmp("b-hello"));
    expect(0, "Hello, Wasm!\n", NULL);
    make_bundle(tmp("b-env"), guest("guest.wasm"), "[\"/app/main.wasm\",\"env\",\"WHO\"]");
    RUN(tmp("b-env"));
    expect(0, "bundle\n", NULL);
    write_file(tmp("marker.txt"), "bind mount\n", 11);
    make_bundle(tmp("b-bind"), guest("guest.wasm"), "[\"/app/main.wasm\",\"cat\",\"/host/marker.txt\"]");
    RUN(tmp("b-bind"));
    expect(0, "bind mount\n", NULL);
    make_bundle(tmp("b-exit"), guest("exit3.wasm"), "[\"main.wasm\"]");
    RUN(tmp("b-exit"));
    expect(3, "", NULL);
    RUN(tmp("b-exit"), "extra");
    expect(2, "", "config.json");
    write_file(tmp("b-exit/config.json"), "{", 1);
    RUN(tmp("b-exit"));
    expect(125, "", "JSON");
}

/* ---- the runc-compatible runtime, driven as containerd's shim drives it ---- */

static char *state_status(const char *id)
{
    static char status[32];
    RUNC("state", (char *)id);
    if (R.status != 0)
        return strcpy(status, "(no state)");
    char *p = strstr(R.out, "\"status\":");
    if (!p || sscanf(p, "\"status\": \"%31[a-z]\"", status) != 1)
        snprintf(status, sizeof status, "(bad: %.20s)", R.out);
    return status;
}

/* create with stdout/stderr sent to files, as the shim's pipes would be. */
static int runc_create(const char *id, const char *bundle, const char *out_file)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' --root '%s' --log '%s' --log-format json create --bundle '%s' --pid-file '%s' '%s'"
             " </dev/null >'%s' 2>'%s.err'",
             runc, tmp("runc-root"), tmp("runc.log"), bundle, tmp("pid"), id, out_file, out_file);
    return WEXITSTATUS(system(cmd));
}

static pid_t read_pid(void)
{
    char *text = read_file(tmp("pid"));
    return text ? (pid_t)atoi(text) : -1;
}

static int wait_for(pid_t pid)
{
    int ws;
    if (waitpid(pid, &ws, 0) != pid)
        fail_msg("waitpid(%d): %s", (int)pid, strerror(errno));
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static void test_runc_lifecycle(void **state)
{
    (void)state;
    /* Like the shim: become the reaper of the container process once `create` exits. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    make_bundle(tmp("rb-hello"), guest("hello-world.wasm"), "[\"/app/main.wasm\"]");
    assert_int_equal(runc_create("hello", tmp("rb-hello"), tmp("hello.out")), 0);
    pid_t pid = read_pid();
    assert_true(pid > 0);
    assert_string_equal(state_status("hello"), "created");
    assert_string_equal(read_file(tmp("hello.out")), ""); /* nothing runs before start */
    RUNC("start", "hello");
    expect(0, "", NULL);
    assert_int_equal(wait_for(pid), 0);
    assert_string_equal(read_file(tmp("hello.out")), "Hello, Wasm!\n");
    assert_string_equal(state_status("hello"), "stopped");
    RUNC("start", "hello");
    expect(1, NULL, "stopped");
    RUNC("kill", "hello", "KILL");
    expect(1, NULL, "container not running");
    RUNC("delete", "hello");
    expect(0, "", NULL);
    RUNC("delete", "hello");
    expect(1, NULL, "does not exist");

    /* The exit status is the guest's. */
    make_bundle(tmp("rb-exit"), guest("exit3.wasm"), "[\"/app/main.wasm\"]");
    assert_int_equal(runc_create("exit", tmp("rb-exit"), tmp("exit.out")), 0);
    pid = read_pid();
    RUNC("start", "exit");
    expect(0, NULL, NULL);
    assert_int_equal(wait_for(pid), 3);
    RUNC("delete", "--force", "exit");
    expect(0, NULL, NULL);

    /* A long-running guest (it reads a stdin that never ends): running, killed, deleted. */
    make_bundle(tmp("rb-wait"), guest("guest.wasm"), "[\"/app/main.wasm\",\"stdin\"]");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' --root '%s' create --bundle '%s' --pid-file '%s' wait 0</dev/zero >/dev/null "
             "2>&1", runc, tmp("runc-root"), tmp("rb-wait"), tmp("pid"));
    assert_int_equal(WEXITSTATUS(system(cmd)), 0);
    pid = read_pid();
    RUNC("start", "wait");
    expect(0, NULL, NULL);
    assert_string_equal(state_status("wait"), "running");
    RUNC("ps", "--format", "json", "wait");
    char pids[32];
    snprintf(pids, sizeof pids, "[%d]\n", (int)pid);
    expect(0, pids, NULL);
    RUNC("delete", "wait");
    expect(1, NULL, "not stopped");
    RUNC("kill", "wait", "SIGTERM");
    expect(0, NULL, NULL);
    assert_int_equal(wait_for(pid), 128 + SIGTERM);
    assert_string_equal(state_status("wait"), "stopped");
    RUNC("delete", "wait");
    expect(0, NULL, NULL);

    /* delete --force of a created container kills its waiting process. */
    assert_int_equal(runc_create("forced", tmp("rb-hello"), tmp("forced.out")), 0);
    pid = read_pid();
    RUNC("delete", "--force", "forced");
    expect(0, NULL, NULL);
    assert_int_equal(wait_for(pid), 128 + SIGKILL);
    assert_string_equal(read_file(tmp("forced.out")), "");

    /* Failures are reported on stderr and in the JSON log, and leave no state behind. */
    make_bundle(tmp("rb-bad"), guest("hello-world.wasm"), "[\"/app/main.wasm\"]");
    write_file(tmp("rb-bad/rootfs/app/main.wasm"), "\0asm\2\0\0\0", 8);
    assert_int_equal(runc_create("bad", tmp("rb-bad"), tmp("bad.out")), 1);
    char errfile[1100];
    snprintf(errfile, sizeof errfile, "%s.err", tmp("bad.out"));
    assert_non_null(strstr(read_file(errfile), "malformed"));
    char *log = read_file(tmp("runc.log"));
    assert_non_null(log);
    assert_non_null(strstr(log, "\"level\":\"error\""));
    assert_non_null(strstr(log, "malformed"));
    assert_string_equal(state_status("bad"), "(no state)");
    assert_int_equal(runc_create("dup", tmp("rb-hello"), tmp("dup.out")), 0);
    pid = read_pid();
    assert_int_equal(runc_create("dup", tmp("rb-hello"), tmp("dup2.out")), 1);
    RUNC("delete", "--force", "dup");
    expect(0, NULL, NULL);
    wait_for(pid);

    /* `run` is create + start + wait. */
    run_in(NULL, (char *const[]){(char *)runc, "--root", tmp("runc-root"), "run", "--bundle", tmp("rb-exit"),
                                 "once", NULL});
    expect(3, NULL, NULL);
    RUNC("state", "once");
    expect(1, NULL, "does not exist");
    run_in(NULL, (char *const[]){(char *)runc, "--root", tmp("runc-root"), "create", "--bundle", tmp("rb-exit"),
                                 "--console-socket", tmp("console.sock"), "tty", NULL});
    expect(1, NULL, "terminals are not supported");
    RUNC("--version");
    expect(0, NULL, NULL);
    RUNC("frobnicate", "x");
    expect(1, NULL, "unknown command");
}

static int setup(void **state)
{
    (void)state;
    snprintf(scratch, sizeof scratch, "%s/wr-e2e-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wr_remove_tree(scratch);
    return 0;
}

int main(void)
{
    wasmrun = getenv("WASMRUN");
    runc = getenv("WASMRUN_RUNC");
    guests = getenv("GUESTS");
    mkimage = getenv("MKIMAGE");
    if (!wasmrun || !runc || !guests || !mkimage) {
        fprintf(stderr, "set WASMRUN, WASMRUN_RUNC, GUESTS and MKIMAGE (meson test does)\n");
        return 1;
    }
    unsetenv("WR_E2E_INHERIT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_help_usage),
        cmocka_unit_test(test_invoke),
        cmocka_unit_test(test_hello_and_exit_codes),
        cmocka_unit_test(test_traps),
        cmocka_unit_test(test_bad_modules),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_args_and_env),
        cmocka_unit_test(test_dirs),
        cmocka_unit_test(test_listen),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_bundles),
        cmocka_unit_test(test_runc_lifecycle),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
