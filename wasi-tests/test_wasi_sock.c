/* test_wasi_sock.c — a preopened listening socket: accept, recv, send, shutdown, a closed peer, misuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define LISTENER 4u /* after stdio and the preopen */

static void listen_any(lwasi_config *c, const wh *h, void *arg)
{
    (void)h, (void)arg;
    assert_true(lwasi_config_add_listen(c, "127.0.0.1:0"));
}

static int connect_to(const wh *h)
{
    const lw_wasi_fd *l = lw_wasi_fdtable_get(&h->ctx->fds, LISTENER);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(l->host, (struct sockaddr *)&a, &len), 0);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_int_equal(connect(s, (struct sockaddr *)&a, len), 0);
    return s;
}

static uint32_t accept_one(wh *h, uint32_t flags)
{
    uint32_t out = wh_alloc(h, 4);
    assert_int_equal(WCALL(h, "sock_accept", LISTENER, flags, out), 0);
    return wh_u32(h, out);
}

static uint16_t recv_into(wh *h, uint32_t fd, uint32_t buf, uint32_t len, uint32_t riflags, uint32_t *n)
{
    uint32_t iov = wh_alloc(h, 8), got = wh_alloc(h, 4), roflags = wh_alloc(h, 2);
    lw_wasi_store32(h->mem + iov, buf);
    lw_wasi_store32(h->mem + iov + 4, len);
    uint16_t err = WCALL(h, "sock_recv", fd, iov, 1, riflags, got, roflags);
    *n = wh_u32(h, got);
    return err;
}

static uint16_t send_str(wh *h, uint32_t fd, const char *s, uint32_t *n)
{
    uint32_t buf = wh_str(h, s), iov = wh_alloc(h, 8), sent = wh_alloc(h, 4);
    lw_wasi_store32(h->mem + iov, buf);
    lw_wasi_store32(h->mem + iov + 4, (uint32_t)strlen(s));
    uint16_t err = WCALL(h, "sock_send", fd, iov, 1, 0, sent);
    *n = wh_u32(h, sent);
    return err;
}

static void accept_send_recv(void **state)
{
    (void)state;
    wh *h = wh_new_with(listen_any, NULL);
    uint32_t st = wh_alloc(h, 24), out = wh_alloc(h, 4), n;
    assert_int_equal(WCALL(h, "fd_fdstat_get", LISTENER, st), 0);
    assert_int_equal(h->mem[st], LWASI_FILETYPE_SOCKET_STREAM);
    assert_true(wh_u64(h, st + 8) & LWASI_RIGHT_SOCK_ACCEPT);
    /* no client yet: accept on a non-blocking listener says so (accept's flags are the new fd's) */
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", LISTENER, LWASI_FDFLAG_NONBLOCK), 0);
    assert_int_equal(WCALL(h, "sock_accept", LISTENER, 0, out), LWASI_EAGAIN);
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", LISTENER, 0), 0);
    assert_int_equal(WCALL(h, "sock_accept", LISTENER, 0x1, out), LWASI_EINVAL);
    int client = connect_to(h);
    uint32_t conn = accept_one(h, 0);
    assert_int_equal(WCALL(h, "fd_fdstat_get", conn, st), 0);
    assert_int_equal(h->mem[st], LWASI_FILETYPE_SOCKET_STREAM);
    assert_int_equal(wh_u64(h, st + 8) & LWASI_RIGHT_SOCK_ACCEPT, 0);
    assert_int_equal(write(client, "ping!", 5), 5);
    uint32_t buf = wh_alloc(h, 16);
    assert_int_equal(recv_into(h, conn, buf, 4, LWASI_RIFLAG_PEEK, &n), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(h->mem + buf, "ping", 4);
    assert_int_equal(recv_into(h, conn, buf, 16, 0, &n), 0); /* the peeked bytes are still there */
    assert_int_equal(n, 5);
    assert_memory_equal(h->mem + buf, "ping!", 5);
    assert_int_equal(send_str(h, conn, "pong", &n), 0);
    assert_int_equal(n, 4);
    char cbuf[16] = {0};
    assert_int_equal(read(client, cbuf, sizeof cbuf), 4);
    assert_string_equal(cbuf, "pong");
    /* fd_write and fd_read work on a connection too */
    assert_int_equal(wh_write(h, conn, "via fd", 6, &n), 0);
    assert_int_equal(read(client, cbuf, sizeof cbuf), 6);
    /* non-blocking receive with nothing there */
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", conn, LWASI_FDFLAG_NONBLOCK), 0);
    assert_int_equal(recv_into(h, conn, buf, 16, 0, &n), LWASI_EAGAIN);
    assert_int_equal(WCALL(h, "fd_fdstat_set_flags", conn, 0), 0);
    /* shutting down our write side: the client sees end of stream */
    assert_int_equal(WCALL(h, "sock_shutdown", conn, 0), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "sock_shutdown", conn, LWASI_SDFLAG_WR), 0);
    assert_int_equal(read(client, cbuf, sizeof cbuf), 0);
    close(client);
    wh_free(h);
}

typedef struct later {
    int fd;
    const char *msg;
    int delay_ms;
} later;

static void *write_later(void *arg)
{
    later *l = arg;
    struct timespec ts = {0, (long)l->delay_ms * 1000000L};
    nanosleep(&ts, NULL);
    if (l->msg)
        (void)!write(l->fd, l->msg, strlen(l->msg));
    return NULL;
}

static void *connect_later(void *arg)
{
    later *l = arg;
    struct timespec ts = {0, (long)l->delay_ms * 1000000L};
    nanosleep(&ts, NULL);
    l->fd = connect_to((const wh *)l->msg);
    return NULL;
}

static void blocking_waits(void **state)
{
    (void)state;
    wh *h = wh_new_with(listen_any, NULL);
    /* a blocking accept waits for the client that connects 50 ms later */
    later c = {.fd = -1, .msg = (const char *)h, .delay_ms = 50};
    pthread_t t;
    pthread_create(&t, NULL, connect_later, &c);
    uint32_t conn = accept_one(h, 0);
    pthread_join(t, NULL);
    assert_true(c.fd >= 0);
    /* a blocking receive waits for the data sent 50 ms later */
    later w = {.fd = c.fd, .msg = "late", .delay_ms = 50};
    pthread_create(&t, NULL, write_later, &w);
    uint32_t buf = wh_alloc(h, 16), n;
    assert_int_equal(recv_into(h, conn, buf, 16, 0, &n), 0);
    pthread_join(t, NULL);
    assert_int_equal(n, 4);
    assert_memory_equal(h->mem + buf, "late", 4);
    /* the peer closes: reads see the end, writes fail with EPIPE/ECONNRESET instead of killing us */
    close(c.fd);
    assert_int_equal(recv_into(h, conn, buf, 16, 0, &n), 0);
    assert_int_equal(n, 0);
    uint16_t err = 0;
    for (int i = 0; i < 100 && !err; i++)
        err = send_str(h, conn, "into the void", &n);
    assert_true(err == LWASI_EPIPE || err == LWASI_ECONNRESET);
    err = wh_write(h, conn, "again", 5, &n);
    assert_true(err == LWASI_EPIPE || err == LWASI_ECONNRESET);
    wh_free(h);
}

static void poll_sockets(void **state)
{
    (void)state;
    wh *h = wh_new_with(listen_any, NULL);
    uint32_t subs = wh_alloc(h, 2 * 48), events = wh_alloc(h, 2 * 32), nev = wh_alloc(h, 4);
    lw_wasi_store64(h->mem + subs, 1);
    h->mem[subs + 8] = LWASI_EVENT_FD_READ;
    lw_wasi_store32(h->mem + subs + 16, LISTENER);
    lw_wasi_store64(h->mem + subs + 48, 2);
    h->mem[subs + 48 + 8] = LWASI_EVENT_CLOCK;
    lw_wasi_store32(h->mem + subs + 48 + 16, LWASI_CLOCK_MONOTONIC);
    lw_wasi_store64(h->mem + subs + 48 + 24, 20000000);
    assert_int_equal(WCALL(h, "poll_oneoff", subs, events, 2, nev), 0);
    assert_int_equal(wh_u32(h, nev), 1);
    assert_int_equal(wh_u64(h, events), 2); /* nobody connecting: the clock */
    int client = connect_to(h);
    lw_wasi_store64(h->mem + subs + 48 + 24, 5000000000ull);
    assert_int_equal(WCALL(h, "poll_oneoff", subs, events, 2, nev), 0);
    assert_int_equal(wh_u32(h, nev), 1);
    assert_int_equal(wh_u64(h, events), 1); /* a pending connection makes the listener readable */
    uint32_t conn = accept_one(h, LWASI_FDFLAG_NONBLOCK);
    uint32_t st = wh_alloc(h, 24);
    assert_int_equal(WCALL(h, "fd_fdstat_get", conn, st), 0);
    assert_int_equal(lw_wasi_load16(h->mem + st + 2), LWASI_FDFLAG_NONBLOCK);
    close(client);
    wh_free(h);
}

static void misuse(void **state)
{
    (void)state;
    wh *h = wh_new_with(listen_any, NULL);
    uint32_t out = wh_alloc(h, 4), n;
    assert_int_equal(WCALL(h, "sock_shutdown", 1, LWASI_SDFLAG_RD), LWASI_ENOTSOCK); /* stdout: a pipe */
    assert_int_equal(WCALL(h, "sock_shutdown", 99, LWASI_SDFLAG_RD), LWASI_EBADF);
    assert_int_equal(WCALL(h, "sock_accept", WH_PREOPEN, 0, out), LWASI_ENOTSOCK);
    assert_int_equal(WCALL(h, "sock_accept", 99, 0, out), LWASI_EBADF);
    assert_int_equal(WCALL(h, "sock_accept", LISTENER, 0, (uint64_t)h->mem_size - 1), LWASI_EFAULT);
    assert_int_equal(send_str(h, 1, "x", &n), LWASI_ENOTSOCK);
    uint32_t buf = wh_alloc(h, 4);
    assert_int_equal(recv_into(h, 1, buf, 4, 0, &n), LWASI_ENOTSOCK);
    assert_int_equal(recv_into(h, LISTENER, buf, 4, 0x4, &n), LWASI_EINVAL);
    int client = connect_to(h);
    uint32_t conn = accept_one(h, 0);
    assert_int_equal(WCALL(h, "sock_accept", conn, 0, out), LWASI_ENOTCAPABLE); /* not a listener */
    uint32_t iov = wh_alloc(h, 8), sent = wh_alloc(h, 4);
    assert_int_equal(WCALL(h, "sock_send", conn, iov, 1, 1, sent), LWASI_EINVAL); /* no siflags exist */
    close(client);
    /* a listen address that cannot be bound fails the context, with a message */
    lwasi_config *c = lwasi_config_new();
    assert_true(lwasi_config_add_listen(c, "192.0.2.1:1")); /* TEST-NET: not an address of this host */
    lwasi_ctx *ctx;
    lwasm_error *e = lwasi_ctx_new(c, &ctx);
    assert_non_null(e);
    assert_non_null(strstr(lwasm_error_message(e), "192.0.2.1:1"));
    lwasm_error_delete(e);
    lwasi_config_delete(c);
    wh_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_send_recv),
        cmocka_unit_test(blocking_waits),
        cmocka_unit_test(poll_sockets),
        cmocka_unit_test(misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
