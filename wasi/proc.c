/* proc.c — proc_exit, proc_raise and sched_yield. */
#include <sched.h>

#include "internal.h"

uint16_t lw_wasi_proc_exit(lw_wasi_call *c)
{
    /* Unwinds the guest: the host function returns this error and lwasi_run_start turns it into the status. */
    c->error = lwasm_error_new_exit((int)lw_wasi_arg32(c, 0));
    return 0;
}

uint16_t lw_wasi_proc_raise(lw_wasi_call *c)
{
    /* Deprecated in preview1 and not emulated: a guest cannot signal the host process. */
    (void)c;
    return LWASI_ENOTSUP;
}

uint16_t lw_wasi_sched_yield(lw_wasi_call *c)
{
    (void)c;
    sched_yield();
    return 0;
}
