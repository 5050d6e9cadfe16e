/* args.c — args_get, args_sizes_get, environ_get, environ_sizes_get: the guest's argv and environment. */
#include <string.h>

#include "internal.h"

/* Writes `count` pointers at list_ptr and the strings (back to back, NUL-terminated) at buf_ptr. */
static uint16_t put_strings(lw_wasi_call *c, uint32_t list_ptr, uint32_t buf_ptr, const char *buf, uint32_t size,
                            const uint32_t *off, uint32_t count)
{
    uint8_t *list = lw_wasi_mem_at(&c->mem, list_ptr, (uint64_t)count * 4);
    uint8_t *dst = lw_wasi_mem_at(&c->mem, buf_ptr, size);
    if (!list || !dst)
        return LWASI_EFAULT;
    /* buf_ptr + size fits in guest memory, so every pointer below fits in 32 bits. */
    for (uint32_t i = 0; i < count; i++)
        lw_wasi_store32(list + (size_t)i * 4, buf_ptr + off[i]);
    if (size)
        memcpy(dst, buf, size);
    return 0;
}

static uint16_t put_sizes(lw_wasi_call *c, uint32_t count, uint32_t size)
{
    uint8_t *pc = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 0), 4);
    uint8_t *ps = lw_wasi_mem_at(&c->mem, lw_wasi_arg32(c, 1), 4);
    if (!pc || !ps)
        return LWASI_EFAULT;
    lw_wasi_store32(pc, count);
    lw_wasi_store32(ps, size);
    return 0;
}

uint16_t lw_wasi_args_get(lw_wasi_call *c)
{
    const lwasi_ctx *x = c->ctx;
    return put_strings(c, lw_wasi_arg32(c, 0), lw_wasi_arg32(c, 1), x->args_buf, x->args_size, x->args_off, x->nargs);
}

uint16_t lw_wasi_args_sizes_get(lw_wasi_call *c) { return put_sizes(c, c->ctx->nargs, c->ctx->args_size); }

uint16_t lw_wasi_environ_get(lw_wasi_call *c)
{
    const lwasi_ctx *x = c->ctx;
    return put_strings(c, lw_wasi_arg32(c, 0), lw_wasi_arg32(c, 1), x->env_buf, x->env_size, x->env_off, x->nenv);
}

uint16_t lw_wasi_environ_sizes_get(lw_wasi_call *c) { return put_sizes(c, c->ctx->nenv, c->ctx->env_size); }
