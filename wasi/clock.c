/* clock.c — clock_res_get and clock_time_get: realtime, monotonic (libuv's uv_hrtime) and CPU-time clocks. */
#include <errno.h>
#include <time.h>

#include "internal.h"

static int host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case LWASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return 0;
    case LWASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return 0;
    case LWASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return 0;
    case LWASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return 0;
    default: return LWASI_EINVAL;
    }
}

uint16_t lw_wasi_clock_res_get(lw_wasi_call *c)
{
    clockid_t id;
    int err = host_clock(lw_wasi_arg32(c, 0), &id);
    if (err)
        return (uint16_t)err;
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), 8);
    if (!out)
        return LWASI_EFAULT;
    struct timespec ts;
    if (clock_getres(id, &ts) != 0)
        return lw_wasi_errno(errno);
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    lw_wasi_store64(out, ns ? ns : 1);
    return 0;
}

uint16_t lw_wasi_clock_time_get(lw_wasi_call *c)
{
    /* The precision argument (arg 1) is a hint; every clock is read at its best resolution. */
    uint32_t wid = lw_wasi_arg32(c, 0);
    clockid_t id;
    int err = host_clock(wid, &id);
    if (err)
        return (uint16_t)err;
    uint8_t *out = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 2), 8);
    if (!out)
        return LWASI_EFAULT;
    if (wid == LWASI_CLOCK_MONOTONIC) {
        /* The same clock poll_oneoff's timers and deadlines use. */
        lw_wasi_store64(out, uv_hrtime());
        return 0;
    }
    /* libuv 1.44 (Debian 12) has no uv_clock_gettime and its uv_gettimeofday stops at microseconds. */
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return lw_wasi_errno(errno);
    lw_wasi_store64(out, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
    return 0;
}
