/* poll.c — poll_oneoff on a libuv loop (clocks as timers, fd readiness as uv_poll watchers), and blocking waits. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "internal.h"

/* More subscriptions than this in one call are refused (EINVAL) rather than sizing host allocations. */
#define LW_WASI_POLL_MAX 4096u

typedef struct sub {
    uint64_t userdata;
    uint8_t type;
    bool ready;
    uint16_t error;
    uint16_t rwflags;
    uint64_t nbytes;
    uint64_t deadline; /* clock: uv_hrtime() value at which it fires */
    int host;          /* fd: host descriptor, or -1 */
    struct watch *watch;
} sub;

/* One uv_poll_t per distinct host descriptor (libuv allows only one watcher per fd). */
typedef struct watch {
    uv_poll_t handle;
    int host;
    int events;    /* UV_READABLE | UV_WRITABLE | UV_DISCONNECT wanted */
    int revents;   /* what came back */
    int status;    /* < 0: the watcher failed */
    int saved_fl;  /* uv_poll_init makes the fd non-blocking: restored afterwards */
    bool active;
    bool fired;
} watch;

typedef struct poll_state {
    uv_timer_t timer;
    bool timer_fired;
    size_t closing; /* handles whose close callback has not run yet */
} poll_state;

static void on_watch(uv_poll_t *h, int status, int events)
{
    watch *w = (watch *)h;
    w->fired = true;
    w->status = status;
    w->revents |= events;
    /* Keep watching for what has not come yet (a read and a write subscription may share the fd). */
    int remaining = w->events & ~w->revents & (UV_READABLE | UV_WRITABLE);
    if (status < 0 || !remaining || uv_poll_start(h, remaining, on_watch) != 0)
        uv_poll_stop(h);
}

static void on_timer(uv_timer_t *t)
{
    poll_state *ps = t->data;
    ps->timer_fired = true;
}

static void on_closed(uv_handle_t *h)
{
    poll_state *ps = h->data;
    ps->closing--;
}

/* Bytes readable now, where the host can tell (pipes, sockets, terminals). */
static uint64_t readable_bytes(int host)
{
    int n = 0;
    return ioctl(host, FIONREAD, &n) == 0 && n > 0 ? (uint64_t)n : 0;
}

/* Regular files and directories are always ready; for a read, nbytes is what lies past the offset. */
static void ready_file(sub *s, const lw_wasi_fd *e)
{
    s->ready = true;
    if (s->type == LWASI_EVENT_FD_READ && e->kind == LW_WASI_FD_FILE) {
        struct stat st;
        off_t pos = lseek(e->host, 0, SEEK_CUR);
        if (fstat(e->host, &st) == 0 && pos >= 0 && st.st_size > pos)
            s->nbytes = (uint64_t)(st.st_size - pos);
    }
}

static int parse(lw_wasi_call *c, const uint8_t *in, sub *subs, uint32_t n, uint64_t now)
{
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = in + (size_t)i * LWASI_SUBSCRIPTION_SIZE;
        sub *s = &subs[i];
        s->userdata = lw_wasi_load64(p);
        s->type = p[8];
        s->host = -1;
        if (s->type == LWASI_EVENT_CLOCK) {
            uint32_t id = lw_wasi_load32(p + 16);
            uint64_t timeout = lw_wasi_load64(p + 24);
            bool abstime = lw_wasi_load16(p + 40) & LWASI_SUBCLOCK_ABSTIME;
            uint64_t rel = timeout;
            if (id == LWASI_CLOCK_REALTIME && abstime) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                uint64_t wall = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
                rel = timeout > wall ? timeout - wall : 0;
            } else if (id == LWASI_CLOCK_MONOTONIC && abstime) {
                rel = timeout > now ? timeout - now : 0; /* clock_time_get's monotonic clock is uv_hrtime */
            } else if (id != LWASI_CLOCK_REALTIME && id != LWASI_CLOCK_MONOTONIC) {
                s->ready = true;
                s->error = LWASI_EINVAL; /* CPU-time clocks cannot be waited on */
                continue;
            }
            s->deadline = rel > UINT64_MAX - now ? UINT64_MAX : now + rel;
        } else if (s->type == LWASI_EVENT_FD_READ || s->type == LWASI_EVENT_FD_WRITE) {
            lw_wasi_fd *e;
            int err = lw_wasi_fd_get(c->ctx, lw_wasi_load32(p + 16), LWASI_RIGHT_POLL_FD_READWRITE, &e);
            if (err) {
                s->ready = true;
                s->error = (uint16_t)err;
            } else if (e->kind == LW_WASI_FD_FILE || e->kind == LW_WASI_FD_DIR) {
                ready_file(s, e);
            } else {
                s->host = e->host;
            }
        } else {
            return LWASI_EINVAL;
        }
    }
    return 0;
}

/* Creates the watchers; a descriptor epoll cannot watch (e.g. /dev/null) counts as always ready. */
static int start_watches(lwasi_ctx *ctx, poll_state *ps, sub *subs, uint32_t n, watch *ws, size_t *nws)
{
    *nws = 0;
    for (uint32_t i = 0; i < n; i++) {
        sub *s = &subs[i];
        if (s->host < 0)
            continue;
        watch *w = NULL;
        for (size_t j = 0; j < *nws; j++)
            if (ws[j].host == s->host)
                w = &ws[j];
        if (!w) {
            w = &ws[(*nws)++];
            memset(w, 0, sizeof *w);
            w->host = s->host;
            w->saved_fl = fcntl(s->host, F_GETFL);
            int r = uv_poll_init(&ctx->loop, &w->handle, s->host);
            if (r == 0) {
                w->active = true;
                w->handle.data = ps;
            } else {
                w->status = r;
            }
        }
        s->watch = w;
        w->events |= s->type == LWASI_EVENT_FD_READ ? UV_READABLE | UV_DISCONNECT : UV_WRITABLE;
    }
    for (size_t j = 0; j < *nws; j++) {
        watch *w = &ws[j];
        if (w->active && (w->status = uv_poll_start(&w->handle, w->events, on_watch)) < 0)
            w->fired = true;
        if (!w->active)
            w->fired = true; /* not pollable: treated as ready */
    }
    return 0;
}

/* Marks subscriptions ready from what the watchers and the clock say now. */
static bool collect(sub *subs, uint32_t n, uint64_t now)
{
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        sub *s = &subs[i];
        if (!s->ready && s->type == LWASI_EVENT_CLOCK && s->deadline <= now)
            s->ready = true;
        if (!s->ready && s->watch && s->watch->fired) {
            watch *w = s->watch;
            if (w->active && w->status < 0) {
                s->ready = true;
                s->error = lw_wasi_uv_errno(w->status);
            } else if (!w->active) {
                s->ready = true; /* not pollable by epoll: reads and writes do not block */
            } else {
                bool hup = w->revents & UV_DISCONNECT;
                if (s->type == LWASI_EVENT_FD_READ && (w->revents & (UV_READABLE | UV_DISCONNECT))) {
                    s->ready = true;
                    s->nbytes = readable_bytes(s->host);
                } else if (s->type == LWASI_EVENT_FD_WRITE && (w->revents & UV_WRITABLE)) {
                    s->ready = true;
                }
                if (s->ready && hup)
                    s->rwflags |= LWASI_EVENTRW_HANGUP;
            }
        }
        any |= s->ready;
    }
    return any;
}

static void close_all(lwasi_ctx *ctx, poll_state *ps, watch *ws, size_t nws, bool timer)
{
    for (size_t j = 0; j < nws; j++) {
        if (ws[j].active) {
            ps->closing++;
            uv_close((uv_handle_t *)&ws[j].handle, on_closed);
        }
    }
    if (timer) {
        ps->closing++;
        uv_close((uv_handle_t *)&ps->timer, on_closed);
    }
    while (ps->closing)
        uv_run(&ctx->loop, UV_RUN_NOWAIT);
    for (size_t j = 0; j < nws; j++)
        if (ws[j].saved_fl >= 0)
            fcntl(ws[j].host, F_SETFL, ws[j].saved_fl);
}

static void put_events(uint8_t *out, const sub *subs, uint32_t n, uint32_t *count)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        const sub *s = &subs[i];
        if (!s->ready)
            continue;
        uint8_t *p = out + (size_t)k++ * LWASI_EVENT_SIZE;
        memset(p, 0, LWASI_EVENT_SIZE);
        lw_wasi_store64(p, s->userdata);
        lw_wasi_store16(p + 8, s->error);
        p[10] = s->type;
        if (s->type != LWASI_EVENT_CLOCK) {
            lw_wasi_store64(p + 16, s->nbytes);
            lw_wasi_store16(p + 24, s->rwflags);
        }
    }
    *count = k;
}

uint16_t lw_wasi_poll_oneoff(lw_wasi_call *c)
{
    uint32_t n = lw_wasi_arg32(c, 2);
    const uint8_t *in = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 0), (uint64_t)n * LWASI_SUBSCRIPTION_SIZE);
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), (uint64_t)n * LWASI_EVENT_SIZE);
    uint8_t *nout = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 3), 4);
    if (!in || !out || !nout)
        return LWASI_EFAULT;
    if (n == 0 || n > LW_WASI_POLL_MAX)
        return LWASI_EINVAL;
    sub *subs = calloc(n, sizeof *subs);
    watch *ws = calloc(n, sizeof *ws);
    if (!subs || !ws) {
        free(subs);
        free(ws);
        return LWASI_ENOMEM;
    }
    lwasi_ctx *ctx = c->ctx;
    uint64_t now = uv_hrtime();
    int err = parse(c, in, subs, n, now);
    size_t nws = 0;
    poll_state ps = {.closing = 0};
    bool timer = false;
    if (!err)
        err = start_watches(ctx, &ps, subs, n, ws, &nws);
    if (!err) {
        uv_timer_init(&ctx->loop, &ps.timer);
        ps.timer.data = &ps;
        timer = true;
        bool any = collect(subs, n, uv_hrtime());
        /* Without a ready subscription, block until a watcher or the nearest clock fires. With one, a single
         * non-blocking turn still gathers every other descriptor that is ready. */
        for (bool first = true; first || !any; first = false) {
            uint64_t nearest = UINT64_MAX;
            for (uint32_t i = 0; i < n; i++)
                if (!subs[i].ready && subs[i].type == LWASI_EVENT_CLOCK && subs[i].deadline < nearest)
                    nearest = subs[i].deadline;
            now = uv_hrtime();
            if (any) {
                uv_run(&ctx->loop, UV_RUN_NOWAIT);
            } else {
                if (nearest != UINT64_MAX) {
                    /* libuv timers count milliseconds: round up so the clock is never reported early. */
                    uint64_t ms = nearest > now ? (nearest - now + 999999u) / 1000000u : 0;
                    ps.timer_fired = false;
                    uv_update_time(&ctx->loop);
                    uv_timer_start(&ps.timer, on_timer, ms, 0);
                }
                uv_run(&ctx->loop, UV_RUN_ONCE);
                uv_timer_stop(&ps.timer);
            }
            any = collect(subs, n, uv_hrtime());
        }
        uint32_t count;
        put_events(out, subs, n, &count);
        lw_wasi_store32(nout, count);
    }
    close_all(ctx, &ps, ws, nws, timer);
    free(subs);
    free(ws);
    return (uint16_t)err;
}

/* ---- a blocking wait for one descriptor ----------------------------------- */

int lw_wasi_wait_fd(lwasi_ctx *ctx, int host, int uv_events)
{
    poll_state ps = {.closing = 0};
    watch w;
    memset(&w, 0, sizeof w);
    w.host = host;
    w.saved_fl = fcntl(host, F_GETFL);
    if (uv_poll_init(&ctx->loop, &w.handle, host) != 0)
        return 0; /* not pollable: the next attempt will not block for long */
    w.active = true;
    w.handle.data = &ps;
    w.events = uv_events | UV_DISCONNECT;
    int r = uv_poll_start(&w.handle, w.events, on_watch);
    while (r == 0 && !w.fired)
        uv_run(&ctx->loop, UV_RUN_ONCE);
    close_all(ctx, &ps, &w, 1, false);
    if (r < 0)
        return lw_wasi_uv_errno(r);
    return w.status < 0 ? lw_wasi_uv_errno(w.status) : 0;
}
