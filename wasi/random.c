/* random.c — random_get: fills guest memory from the host's CSPRNG through libuv's uv_random. */
#include "internal.h"

uint16_t lw_wasi_random_get(lw_wasi_call *c)
{
    uint32_t len = lw_wasi_arg32(c, 1);
    uint8_t *buf = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 0), len);
    if (!buf)
        return LWASI_EFAULT;
    /* Without a loop or callback uv_random runs synchronously; chunks keep each getrandom request modest. */
    for (uint32_t done = 0; done < len;) {
        uint32_t n = len - done < 65536u ? len - done : 65536u;
        int r = uv_random(NULL, NULL, buf + done, n, 0, NULL);
        if (r < 0)
            return lw_wasi_uv_errno(r);
        done += n;
    }
    return 0;
}
