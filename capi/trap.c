/* trap.c — traps and frames of the standard C API, built from native libwasm errors and their backtraces. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

wasm_trap_t *lw_capi_trap_new(wasm_store_t *s, const char *msg, size_t len)
{
    wasm_trap_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    /* Keep the text up to its first NUL and always end with one. */
    const char *nul = len ? memchr(msg, '\0', len) : NULL;
    if (nul)
        len = (size_t)(nul - msg);
    t->message = malloc(len + 1);
    if (!t->message) {
        free(t);
        return NULL;
    }
    if (len)
        memcpy(t->message, msg, len);
    t->message[len] = '\0';
    t->message_len = len + 1;
    t->ref.kind = CAPI_TRAP;
    t->ref.refs = 1;
    t->ref.store = s;
    return t;
}

void lw_capi_trap_destroy(wasm_trap_t *t)
{
    free(t->message);
    free(t->frames);
    free(t);
}

wasm_trap_t *wasm_trap_new(wasm_store_t *s, const wasm_message_t *message)
{
    if (!message)
        return lw_capi_trap_new(s, "", 0);
    return lw_capi_trap_new(s, message->data, message->size);
}

void wasm_trap_message(const wasm_trap_t *t, wasm_message_t *out) { wasm_byte_vec_new(out, t->message_len, t->message); }

/* Copies the native backtrace: per frame, the function index and where it
 * stood (module offset, and offset in the function's body; 0 when unknown). */
static void trap_take_frames(wasm_trap_t *t, const lwasm_error *e)
{
    size_t n = lwasm_error_frame_count(e);
    if (n == 0 || !(t->frames = calloc(n, sizeof *t->frames)))
        return;
    for (size_t i = 0; i < n; i++) {
        uint32_t func_index = 0;
        if (!lwasm_error_frame(e, i, &func_index, NULL))
            break;
        t->frames[i].func_index = func_index;
        size_t module_offset, func_offset;
        lwasm_error_frame_offset(e, i, &module_offset, &func_offset);
        t->frames[i].module_offset = module_offset != LWASM_NO_OFFSET ? module_offset : 0;
        t->frames[i].func_offset = func_offset != LWASM_NO_OFFSET ? func_offset : 0;
        t->nframes = i + 1;
    }
}

wasm_trap_t *lw_capi_trap_from_error(wasm_store_t *s, lwasm_error *e)
{
    wasm_trap_t *pending = s->pending_trap;
    s->pending_trap = NULL;
    wasm_trap_t *t;
    if (pending && lwasm_error_kind(e) == LWASM_ERR_TRAP && lwasm_error_trap(e) == LWASM_TRAP_HOST) {
        /* A host callback's trap: its message exactly, with the wasm frames it unwound. */
        t = lw_capi_trap_new(s, pending->message, pending->message_len);
    } else {
        const char *msg = lwasm_error_message(e);
        t = lw_capi_trap_new(s, msg, strlen(msg));
    }
    lw_capi_ref_release(CAPI_REF(pending));
    if (t)
        trap_take_frames(t, e);
    lwasm_error_delete(e);
    return t;
}

/* ---- frames -------------------------------------------------------------- */

static wasm_frame_t *frame_dup(const wasm_frame_t *f)
{
    wasm_frame_t *c = malloc(sizeof *c);
    if (c)
        *c = *f;
    return c;
}

wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f) { return frame_dup(f); }
void wasm_frame_delete(wasm_frame_t *f) { free(f); }
struct wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *t) { return t->nframes ? frame_dup(&t->frames[0]) : NULL; }

void wasm_trap_trace(const wasm_trap_t *t, wasm_frame_vec_t *out)
{
    wasm_frame_vec_new_uninitialized(out, t->nframes);
    for (size_t i = 0; i < out->size; i++) {
        if (!(out->data[i] = frame_dup(&t->frames[i]))) {
            wasm_frame_vec_delete(out);
            return;
        }
    }
}
