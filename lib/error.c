/* error.c — constructing, describing and freeing lwasm_error values. */
#include "error.h"
#include "leb128.h"
#include "module.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lwasm_error lw_nomem_error = {
    .kind = LWASM_ERR_NOMEM,
    .offset = LWASM_NO_OFFSET,
    .func_index = LWASM_NO_FUNC,
    .message = (char *)"out of memory",
    .is_static = true,
};

lwasm_error *lw_error_nomem(void) { return &lw_nomem_error; }

static const char *const lw_trap_messages[] = {
    [LWASM_TRAP_NONE] = "no trap",
    [LWASM_TRAP_UNREACHABLE] = "unreachable",
    [LWASM_TRAP_INT_DIV_BY_ZERO] = "integer divide by zero",
    [LWASM_TRAP_INT_OVERFLOW] = "integer overflow",
    [LWASM_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [LWASM_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [LWASM_TRAP_TABLE_OOB] = "out of bounds table access",
    [LWASM_TRAP_INDIRECT_TYPE_MISMATCH] = "indirect call type mismatch",
    [LWASM_TRAP_NULL_REFERENCE] = "null reference",
    [LWASM_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [LWASM_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [LWASM_TRAP_OUT_OF_FUEL] = "all fuel consumed",
    [LWASM_TRAP_INTERRUPTED] = "interrupted",
    [LWASM_TRAP_HOST] = "host error",
};

const char *lw_trap_message(lwasm_trapkind trap)
{
    if ((size_t)trap < sizeof lw_trap_messages / sizeof lw_trap_messages[0] && lw_trap_messages[trap])
        return lw_trap_messages[trap];
    return "unknown trap";
}

static lwasm_error *lw_error_v(lwasm_errkind kind, size_t offset, uint32_t func_index, const char *fmt,
                               va_list ap)
{
    lwasm_error *e = calloc(1, sizeof *e);
    if (!e)
        return lw_error_nomem();
    e->kind = kind;
    e->offset = offset;
    e->func_index = func_index;

    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    char where[96] = "";
    if (func_index != LWASM_NO_FUNC && offset != LWASM_NO_OFFSET)
        snprintf(where, sizeof where, " (function %u, at byte offset 0x%zx)", func_index, offset);
    else if (func_index != LWASM_NO_FUNC)
        snprintf(where, sizeof where, " (function %u)", func_index);
    else if (offset != LWASM_NO_OFFSET)
        snprintf(where, sizeof where, " (at byte offset 0x%zx)", offset);
    size_t n = strlen(text) + strlen(where) + 1;
    e->message = malloc(n);
    if (!e->message) {
        free(e);
        return lw_error_nomem();
    }
    snprintf(e->message, n, "%s%s", text, where);
    return e;
}

lwasm_error *lw_error(lwasm_errkind kind, size_t offset, uint32_t func_index, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lwasm_error *e = lw_error_v(kind, offset, func_index, fmt, ap);
    va_end(ap);
    return e;
}

lwasm_error *lw_trap(lwasm_trapkind trap, uint32_t func_index, size_t offset)
{
    lwasm_error *e = lw_error(LWASM_ERR_TRAP, offset, func_index, "%s", lw_trap_message(trap));
    if (!e->is_static)
        e->trap = trap;
    return e;
}

lwasm_error *lwasm_error_new_trap(const char *message)
{
    lwasm_error *e = lw_error(LWASM_ERR_TRAP, LWASM_NO_OFFSET, LWASM_NO_FUNC, "%s", message ? message : "host trap");
    if (!e->is_static)
        e->trap = LWASM_TRAP_HOST;
    return e;
}

lwasm_error *lwasm_error_new(lwasm_errkind kind, const char *message)
{
    lwasm_error *e = lw_error(kind, LWASM_NO_OFFSET, LWASM_NO_FUNC, "%s", message ? message : "error");
    if (!e->is_static && kind == LWASM_ERR_TRAP)
        e->trap = LWASM_TRAP_HOST;
    return e;
}

lwasm_error *lwasm_error_new_exit(int status)
{
    lwasm_error *e = lw_error(LWASM_ERR_EXIT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "exit with status %d", status);
    if (!e->is_static)
        e->exit_status = status;
    return e;
}

lwasm_errkind lwasm_error_kind(const lwasm_error *e) { return e->kind; }
lwasm_trapkind lwasm_error_trap(const lwasm_error *e) { return e->trap; }
const char *lwasm_error_message(const lwasm_error *e) { return e->message; }
size_t lwasm_error_offset(const lwasm_error *e) { return e->offset; }
uint32_t lwasm_error_func_index(const lwasm_error *e) { return e->func_index; }
int lwasm_error_exit_status(const lwasm_error *e) { return e->exit_status; }
size_t lwasm_error_frame_count(const lwasm_error *e) { return e->nframes; }

bool lwasm_error_frame(const lwasm_error *e, size_t i, uint32_t *func_index, lwasm_name *func_name)
{
    if (i >= e->nframes)
        return false;
    if (func_index)
        *func_index = e->frames[i].func_index;
    if (func_name) {
        func_name->data = NULL;
        func_name->len = 0;
        if (e->module)
            lwasm_module_func_name(e->module, e->frames[i].func_index, func_name);
    }
    return true;
}

/* Where function func_index's body starts: just after its size field. */
static size_t body_start(const lwasm_module *m, uint32_t func_index)
{
    if (func_index < m->nfunc_imports || func_index - m->nfunc_imports >= m->ncodes)
        return LWASM_NO_OFFSET;
    const lw_code *c = &m->codes[func_index - m->nfunc_imports];
    lw_reader r = lw_reader_make(m->bytes, m->bytes + c->size_offset, m->bytes + m->size);
    uint32_t size;
    lwasm_error *err = lw_read_u32(&r, &size); /* decoded before: cannot fail */
    if (err) {
        lwasm_error_delete(err);
        return LWASM_NO_OFFSET;
    }
    return lw_reader_offset(&r);
}

bool lwasm_error_frame_offset(const lwasm_error *e, size_t i, size_t *module_offset, size_t *func_offset)
{
    size_t at = i < e->nframes ? e->frames[i].offset : LWASM_NO_OFFSET;
    size_t start = at != LWASM_NO_OFFSET && e->module ? body_start(e->module, e->frames[i].func_index)
                                                      : LWASM_NO_OFFSET;
    if (module_offset)
        *module_offset = at;
    if (func_offset)
        *func_offset = start != LWASM_NO_OFFSET && at >= start ? at - start : LWASM_NO_OFFSET;
    return at != LWASM_NO_OFFSET;
}

void lwasm_error_delete(lwasm_error *e)
{
    if (!e || e->is_static)
        return;
    free(e->message);
    free(e->frames);
    if (e->module)
        lwasm_module_delete(e->module);
    free(e);
}
