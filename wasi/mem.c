/* mem.c — bounds-checked access to guest linear memory: ranges, little-endian loads/stores, paths, iovecs. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

uint8_t *lw_wasi_mem_at(const lw_wasi_mem *m, uint32_t ptr, uint64_t len)
{
    /* 64-bit arithmetic: ptr + len cannot wrap for a 32-bit pointer and any length below 2^63. */
    if (!m->base || len > m->size || (uint64_t)ptr > (uint64_t)m->size - len)
        return NULL;
    return m->base + ptr;
}

uint16_t lw_wasi_load16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

uint32_t lw_wasi_load32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint64_t lw_wasi_load64(const uint8_t *p) { return (uint64_t)lw_wasi_load32(p) | ((uint64_t)lw_wasi_load32(p + 4) << 32); }

void lw_wasi_store16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void lw_wasi_store32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void lw_wasi_store64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int lw_wasi_put32(const lw_wasi_mem *m, uint32_t ptr, uint32_t v)
{
    uint8_t *p = lw_wasi_mem_at(m, ptr, 4);
    if (!p)
        return LWASI_EFAULT;
    lw_wasi_store32(p, v);
    return 0;
}

int lw_wasi_put64(const lw_wasi_mem *m, uint32_t ptr, uint64_t v)
{
    uint8_t *p = lw_wasi_mem_at(m, ptr, 8);
    if (!p)
        return LWASI_EFAULT;
    lw_wasi_store64(p, v);
    return 0;
}

int lw_wasi_mem_path(const lw_wasi_mem *m, uint32_t ptr, uint32_t len, char **out)
{
    *out = NULL;
    const uint8_t *src = lw_wasi_mem_at(m, ptr, len);
    if (!src)
        return LWASI_EFAULT;
    if (len > LW_WASI_PATH_MAX)
        return LWASI_ENAMETOOLONG;
    /* A NUL inside the path would silently cut it short on the host. */
    if (memchr(src, 0, len))
        return LWASI_EILSEQ;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return LWASI_ENOMEM;
    memcpy(s, src, len);
    s[len] = '\0';
    *out = s;
    return 0;
}

int lw_wasi_mem_iovecs(const lw_wasi_mem *m, uint32_t iovs, uint32_t count, uv_buf_t **bufs, unsigned *n)
{
    *bufs = NULL;
    *n = 0;
    const uint8_t *arr = lw_wasi_mem_at(m, iovs, (uint64_t)count * LWASI_IOVEC_SIZE);
    if (!arr)
        return LWASI_EFAULT;
    unsigned take = count < LW_WASI_IOV_MAX ? count : LW_WASI_IOV_MAX;
    uv_buf_t *b = calloc(take ? take : 1, sizeof *b);
    if (!b)
        return LWASI_ENOMEM;
    size_t total = 0;
    unsigned used = 0;
    /* Every iovec is checked, even those beyond what this call will serve, so a bad one is always EFAULT. */
    for (uint32_t i = 0; i < count; i++) {
        uint32_t ptr = lw_wasi_load32(arr + (size_t)i * LWASI_IOVEC_SIZE);
        uint32_t len = lw_wasi_load32(arr + (size_t)i * LWASI_IOVEC_SIZE + 4);
        uint8_t *p = lw_wasi_mem_at(m, ptr, len);
        if (!p) {
            free(b);
            return LWASI_EFAULT;
        }
        if (i >= take || total >= LW_WASI_IO_MAX)
            continue;
        size_t room = LW_WASI_IO_MAX - total;
        b[used].base = (char *)p;
        b[used].len = len < room ? len : room;
        total += b[used].len;
        used++;
    }
    *bufs = b;
    *n = used;
    return 0;
}
