/* filestat.c — host struct stat to the WASI filestat layout, and WASI timestamp flags to utimensat times. */
#include <sys/stat.h>

#include "internal.h"

static uint64_t ns_of(struct timespec ts) { return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec; }

void lw_wasi_filestat_store(uint8_t *p, const struct stat *st)
{
    lw_wasi_store64(p + 0, (uint64_t)st->st_dev);
    lw_wasi_store64(p + 8, (uint64_t)st->st_ino);
    p[16] = lw_wasi_filetype_of_mode(st->st_mode);
    for (int i = 17; i < 24; i++)
        p[i] = 0;
    lw_wasi_store64(p + 24, (uint64_t)st->st_nlink);
    lw_wasi_store64(p + 32, (uint64_t)st->st_size);
    lw_wasi_store64(p + 40, ns_of(st->st_atim));
    lw_wasi_store64(p + 48, ns_of(st->st_mtim));
    lw_wasi_store64(p + 56, ns_of(st->st_ctim));
}

static struct timespec ts_of(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
    return ts;
}

int lw_wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2])
{
    const uint32_t all = LWASI_FSTFLAG_ATIM | LWASI_FSTFLAG_ATIM_NOW | LWASI_FSTFLAG_MTIM | LWASI_FSTFLAG_MTIM_NOW;
    if ((fst & ~all) || ((fst & LWASI_FSTFLAG_ATIM) && (fst & LWASI_FSTFLAG_ATIM_NOW)) ||
        ((fst & LWASI_FSTFLAG_MTIM) && (fst & LWASI_FSTFLAG_MTIM_NOW)))
        return LWASI_EINVAL;
    struct timespec omit = {.tv_sec = 0, .tv_nsec = UTIME_OMIT}, now = {.tv_sec = 0, .tv_nsec = UTIME_NOW};
    ts[0] = fst & LWASI_FSTFLAG_ATIM ? ts_of(atim) : fst & LWASI_FSTFLAG_ATIM_NOW ? now : omit;
    ts[1] = fst & LWASI_FSTFLAG_MTIM ? ts_of(mtim) : fst & LWASI_FSTFLAG_MTIM_NOW ? now : omit;
    return 0;
}
