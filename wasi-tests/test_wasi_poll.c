/* test_wasi_poll.c — poll_oneoff: clocks, pipe and socket readiness, files, errors, host flags left as they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Subscriptions are built in guest memory at `subs`; events come back at `events`. */
typedef struct poll_io {
    uint32_t subs, events, nevents;
    uint32_t n;
} poll_io;

static poll_io poll_new(wh *h, uint32_t max)
{
    poll_io p = {.subs = wh_alloc(h, max * 48), .events = wh_alloc(h, max * 32), .nevents = wh_alloc(h, 4)};
    return p;
}

static void add_clock(wh *h, poll_io *p, uint64_t userdata, uint32_t id, uint64_t timeout, uint16_t flags)
{
    uint8_t *s = h->mem + p->subs + p->n++ * 48;
    lw_wasi_store64(s, userdata);
    s[8] = LWASI_EVENT_CLOCK;
    lw_wasi_store32(s + 16, id);
    lw_wasi_store64(s + 24, timeout);
    lw_wasi_store16(s + 40, flags);
}

static void add_fd(wh *h, poll_io *p, uint64_t userdata, uint8_t type, uint32_t fd)
{
    uint8_t *s = h->mem + p->subs + p->n++ * 48;
    lw_wasi_store64(s, userdata);
    s[8] = type;
    lw_wasi_store32(s + 16, fd);
}

static uint32_t run_poll(wh *h, const poll_io *p)
{
    assert_int_equal(WCALL(h, "poll_oneoff", p->subs, p->events, p->n, p->nevents), 0);
    return wh_u32(h, p->nevents);
}

static uint64_t ev_userdata(wh *h, const poll_io *p, uint32_t i) { return wh_u64(h, p->events + i * 32); }
static uint16_t ev_error(wh *h, const poll_io *p, uint32_t i) { return lw_wasi_load16(h->mem + p->events + i * 32 + 8); }
static uint8_t ev_type(wh *h, const poll_io *p, uint32_t i) { return h->mem[p->events + i * 32 + 10]; }
static uint64_t ev_nbytes(wh *h, const poll_io *p, uint32_t i) { return wh_u64(h, p->events + i * 32 + 16); }
static uint16_t ev_flags(wh *h, const poll_io *p, uint32_t i) { return lw_wasi_load16(h->mem + p->events + i * 32 + 24); }

static void clocks(void **state)
{
    (void)state;
    wh *h = wh_new();
    poll_io p = poll_new(h, 4);
    add_clock(h, &p, 7, LWASI_CLOCK_MONOTONIC, 20000000, 0); /* 20 ms */
    add_clock(h, &p, 8, LWASI_CLOCK_MONOTONIC, 5000000000ull, 0);
    uint64_t t0 = mono_ns();
    assert_int_equal(run_poll(h, &p), 1);
    uint64_t took = mono_ns() - t0;
    assert_true(took >= 20000000 && took < 2000000000ull);
    assert_int_equal(ev_userdata(h, &p, 0), 7);
    assert_int_equal(ev_type(h, &p, 0), LWASI_EVENT_CLOCK);
    assert_int_equal(ev_error(h, &p, 0), 0);

    /* absolute monotonic deadline, 15 ms ahead of clock_time_get */
    uint32_t now = wh_alloc(h, 8);
    assert_int_equal(WCALL(h, "clock_time_get", LWASI_CLOCK_MONOTONIC, 1, now), 0);
    p.n = 0;
    add_clock(h, &p, 9, LWASI_CLOCK_MONOTONIC, wh_u64(h, now) + 15000000, LWASI_SUBCLOCK_ABSTIME);
    t0 = mono_ns();
    assert_int_equal(run_poll(h, &p), 1);
    assert_true(mono_ns() - t0 >= 14000000);
    /* a realtime deadline in the past fires at once; a CPU-time clock cannot be waited on */
    p.n = 0;
    add_clock(h, &p, 10, LWASI_CLOCK_REALTIME, 1, LWASI_SUBCLOCK_ABSTIME);
    add_clock(h, &p, 11, LWASI_CLOCK_PROCESS_CPUTIME, 1000, 0);
    t0 = mono_ns();
    assert_int_equal(run_poll(h, &p), 2);
    assert_true(mono_ns() - t0 < 1000000000ull);
    assert_int_equal(ev_error(h, &p, 0), 0);
    assert_int_equal(ev_userdata(h, &p, 1), 11);
    assert_int_equal(ev_error(h, &p, 1), LWASI_EINVAL);
    wh_free(h);
}

static void errors(void **state)
{
    (void)state;
    wh *h = wh_new();
    poll_io p = poll_new(h, 2);
    assert_int_equal(WCALL(h, "poll_oneoff", p.subs, p.events, 0, p.nevents), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "poll_oneoff", p.subs, p.events, 5000, p.nevents), LWASI_EINVAL);
    assert_int_equal(WCALL(h, "poll_oneoff", (uint64_t)h->mem_size - 40, p.events, 1, p.nevents), LWASI_EFAULT);
    assert_int_equal(WCALL(h, "poll_oneoff", p.subs, (uint64_t)h->mem_size - 20, 1, p.nevents), LWASI_EFAULT);
    assert_int_equal(WCALL(h, "poll_oneoff", p.subs, p.events, 1, (uint64_t)h->mem_size), LWASI_EFAULT);
    /* an unknown subscription type */
    add_fd(h, &p, 1, 3, 0);
    assert_int_equal(WCALL(h, "poll_oneoff", p.subs, p.events, 1, p.nevents), LWASI_EINVAL);
    /* a bad descriptor is an event carrying EBADF, not a failed call */
    p.n = 0;
    add_fd(h, &p, 2, LWASI_EVENT_FD_READ, 55);
    assert_int_equal(run_poll(h, &p), 1);
    assert_int_equal(ev_error(h, &p, 0), LWASI_EBADF);
    assert_int_equal(ev_type(h, &p, 0), LWASI_EVENT_FD_READ);
    wh_free(h);
}

static void files_are_ready(void **state)
{
    (void)state;
    wh *h = wh_new();
    wh_host_write(h, "sandbox/f", "0123456789");
    uint32_t fd, n;
    assert_int_equal(wh_open(h, WH_PREOPEN, 0, "f", 0, LWASI_RIGHT_FD_READ | LWASI_RIGHT_POLL_FD_READWRITE, 0, &fd),
                     0);
    char buf[4];
    assert_int_equal(wh_read(h, fd, buf, 4, &n), 0);
    poll_io p = poll_new(h, 3);
    add_clock(h, &p, 1, LWASI_CLOCK_MONOTONIC, 10000000000ull, 0);
    add_fd(h, &p, 2, LWASI_EVENT_FD_READ, fd);
    add_fd(h, &p, 3, LWASI_EVENT_FD_WRITE, 1); /* stdout: a pipe with room */
    uint64_t t0 = mono_ns();
    assert_int_equal(run_poll(h, &p), 2);
    assert_true(mono_ns() - t0 < 5000000000ull);
    assert_int_equal(ev_userdata(h, &p, 0), 2);
    assert_int_equal(ev_nbytes(h, &p, 0), 6); /* what is left past the offset */
    assert_int_equal(ev_userdata(h, &p, 1), 3);
    assert_int_equal(ev_type(h, &p, 1), LWASI_EVENT_FD_WRITE);
    /* without POLL_FD_READWRITE the subscription fails */
    assert_int_equal(WCALL(h, "fd_fdstat_set_rights", fd, LWASI_RIGHT_FD_READ, 0), 0);
    p.n = 0;
    add_fd(h, &p, 4, LWASI_EVENT_FD_READ, fd);
    assert_int_equal(run_poll(h, &p), 1);
    assert_int_equal(ev_error(h, &p, 0), LWASI_ENOTCAPABLE);
    wh_free(h);
}

static void stdin_socketpair(lwasi_config *c, const wh *h, void *arg)
{
    (void)h;
    int *sv = arg;
    lwasi_config_set_stdio(c, sv[0], -1, -1);
}

static void stream_readiness(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    wh *h = wh_new_with(stdin_socketpair, sv);
    close(sv[0]);
    const lw_wasi_fd *in = lw_wasi_fdtable_get(&h->ctx->fds, 0);
    int host_flags = fcntl(in->host, F_GETFL);
    poll_io p = poll_new(h, 3);
    /* nothing to read: the clock wins */
    add_fd(h, &p, 1, LWASI_EVENT_FD_READ, 0);
    add_clock(h, &p, 2, LWASI_CLOCK_MONOTONIC, 30000000, 0);
    uint64_t t0 = mono_ns();
    assert_int_equal(run_poll(h, &p), 1);
    assert_int_equal(ev_userdata(h, &p, 0), 2);
    assert_true(mono_ns() - t0 >= 30000000);
    /* libuv makes a polled fd non-blocking; the guest's descriptor gets its flags back */
    assert_int_equal(fcntl(in->host, F_GETFL), host_flags);
    /* a read and a write subscription on the same descriptor: the write side is ready at once */
    p.n = 0;
    add_fd(h, &p, 3, LWASI_EVENT_FD_READ, 0);
    add_fd(h, &p, 4, LWASI_EVENT_FD_WRITE, 0);
    assert_int_equal(run_poll(h, &p), 1);
    assert_int_equal(ev_userdata(h, &p, 0), 4);
    /* data arrives: readable, with its size */
    assert_int_equal(write(sv[1], "abc", 3), 3);
    p.n = 0;
    add_fd(h, &p, 5, LWASI_EVENT_FD_READ, 0);
    add_clock(h, &p, 6, LWASI_CLOCK_MONOTONIC, 5000000000ull, 0);
    assert_int_equal(run_poll(h, &p), 1);
    assert_int_equal(ev_userdata(h, &p, 0), 5);
    assert_int_equal(ev_nbytes(h, &p, 0), 3);
    assert_int_equal(ev_flags(h, &p, 0) & LWASI_EVENTRW_HANGUP, 0);
    /* the peer goes away: readable with the hangup flag */
    close(sv[1]);
    char buf[8];
    uint32_t n;
    assert_int_equal(wh_read(h, 0, buf, sizeof buf, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(run_poll(h, &p), 1);
    assert_int_equal(ev_userdata(h, &p, 0), 5);
    assert_int_equal(ev_flags(h, &p, 0) & LWASI_EVENTRW_HANGUP, LWASI_EVENTRW_HANGUP);
    wh_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clocks),
        cmocka_unit_test(errors),
        cmocka_unit_test(files_are_ready),
        cmocka_unit_test(stream_readiness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
