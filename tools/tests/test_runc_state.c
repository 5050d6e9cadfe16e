/* test_runc_state.c — unit tests of the runc mode's saved state and its created/running/stopped status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runc_state.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/wr-test-runc-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wr_remove_tree(dir);
    return 0;
}

static void test_save_and_load(void **state)
{
    (void)state;
    wr_runc_state s = {.id = "c1", .pid = 4242, .bundle = "/b", .created = "2024-01-01T00:00:00.000000001Z",
                       .starttime = 18446744073709551000ull};
    assert_null(wr_runc_state_save(dir, &s));
    wr_runc_state t;
    assert_null(wr_runc_state_load(dir, &t));
    assert_string_equal(t.id, "c1");
    assert_int_equal(t.pid, 4242);
    assert_string_equal(t.bundle, "/b");
    assert_string_equal(t.created, s.created);
    assert_true(t.starttime == s.starttime); /* 64-bit exact */
    wr_runc_state_free(&t);

    char missing[300];
    snprintf(missing, sizeof missing, "%s/none", dir);
    wr_err e = wr_runc_state_load(missing, &t);
    assert_non_null(e);
    assert_non_null(strstr(e, "does not exist")); /* the words containerd's shim looks for */
    wr_err_free(e);
}

static void test_status(void **state)
{
    (void)state;
    unsigned long long start;
    assert_null(wr_proc_starttime(getpid(), &start));
    wr_runc_state s = {.id = "c", .pid = getpid(), .bundle = "/b", .created = "x", .starttime = start};
    char fifo[300];
    snprintf(fifo, sizeof fifo, "%s/%s", dir, WR_RUNC_FIFO);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_string_equal(wr_runc_status(dir, &s), "created");
    unlink(fifo);
    assert_string_equal(wr_runc_status(dir, &s), "running");
    s.starttime = start + 1; /* the pid now belongs to another process */
    assert_string_equal(wr_runc_status(dir, &s), "stopped");

    /* An exited child that nobody reaped yet (a zombie) is stopped. */
    pid_t child = fork();
    if (child == 0)
        _exit(3);
    assert_true(child > 0);
    s.pid = child;
    s.starttime = 0;
    for (int i = 0; i < 200 && strcmp(wr_runc_status(dir, &s), "stopped") != 0; i++)
        usleep(10000);
    assert_string_equal(wr_runc_status(dir, &s), "stopped");
    waitpid(child, NULL, 0);
    assert_string_equal(wr_runc_status(dir, &s), "stopped");
}

static void test_state_json(void **state)
{
    (void)state;
    wr_runc_state s = {.id = "web", .pid = 77, .bundle = "/bundles/web", .created = "2024-05-06T07:08:09.1Z"};
    char *text = wr_runc_state_json(&s, "running");
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "id")->valuestring, "web");
    assert_string_equal(cJSON_GetObjectItem(doc, "status")->valuestring, "running");
    assert_int_equal(cJSON_GetObjectItem(doc, "pid")->valueint, 77);
    assert_string_equal(cJSON_GetObjectItem(doc, "bundle")->valuestring, "/bundles/web");
    assert_string_equal(cJSON_GetObjectItem(doc, "rootfs")->valuestring, "/bundles/web/rootfs");
    assert_string_equal(cJSON_GetObjectItem(doc, "ociVersion")->valuestring, "1.0.2");
    cJSON_Delete(doc);
    free(text);
    text = wr_runc_state_json(&s, "stopped");
    doc = cJSON_Parse(text);
    assert_int_equal(cJSON_GetObjectItem(doc, "pid")->valueint, 0);
    cJSON_Delete(doc);
    free(text);

    char now[64];
    wr_rfc3339_now(now, sizeof now);
    assert_int_equal(strlen(now), strlen("2024-05-06T07:08:09.123456789Z"));
    assert_int_equal(now[10], 'T');
    assert_int_equal(now[strlen(now) - 1], 'Z');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_and_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
