/* error.h — libwasm's one error type: kind, message, byte offset / function index, backtrace. */
#ifndef LW_ERROR_H
#define LW_ERROR_H

#include "libwasm.h"

typedef struct lw_frame {
    uint32_t func_index;
    size_t offset; /* module byte offset of the frame's current instruction, or LWASM_NO_OFFSET */
} lw_frame;

struct lwasm_error {
    lwasm_errkind kind;
    lwasm_trapkind trap;
    size_t offset;       /* byte offset in the module, or LWASM_NO_OFFSET */
    uint32_t func_index; /* or LWASM_NO_FUNC */
    int exit_status;     /* LWASM_ERR_EXIT */
    char *message;       /* heap string, includes the location */
    lw_frame *frames;    /* backtrace, innermost first */
    size_t nframes;
    lwasm_module *module;  /* for frame names; NULL or a reference the error holds */
    bool is_static;      /* the shared out-of-memory error: never freed */
};

/* Makes an error; the message is formatted and the location appended to it.
 * Never returns NULL (falls back to a static out-of-memory error). */
lwasm_error *lw_error(lwasm_errkind kind, size_t offset, uint32_t func_index, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
lwasm_error *lw_trap(lwasm_trapkind trap, uint32_t func_index, size_t offset);
lwasm_error *lw_error_nomem(void);
const char *lw_trap_message(lwasm_trapkind trap);

/* Shorthands used by the decoder and validator. */
#define LW_MALFORMED(off, ...) lw_error(LWASM_ERR_MALFORMED, (off), LWASM_NO_FUNC, __VA_ARGS__)
#define LW_INVALID(off, fn, ...) lw_error(LWASM_ERR_INVALID, (off), (fn), __VA_ARGS__)

/* Propagates an error up the call chain. */
#define LW_TRY(expr)                                                                                          \
    do {                                                                                                      \
        lwasm_error *lw_try_e_ = (expr);                                                                      \
        if (lw_try_e_)                                                                                        \
            return lw_try_e_;                                                                                 \
    } while (0)

#endif
