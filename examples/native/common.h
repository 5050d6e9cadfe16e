/* common.h — what every native example needs: reading a .wasm file, and printing an error. */
#ifndef NATIVE_EXAMPLE_COMMON_H
#define NATIVE_EXAMPLE_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "libwasm.h"

/* Reads the whole file; returns a malloc'd buffer (the caller frees it), or NULL. */
static inline uint8_t *example_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    uint8_t *bytes = NULL;
    long size = -1;
    if (fseek(f, 0L, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0L, SEEK_SET) == 0 &&
        (bytes = malloc(size ? (size_t)size : 1)) != NULL && fread(bytes, 1, (size_t)size, f) == (size_t)size) {
        fclose(f);
        *len = (size_t)size;
        return bytes;
    }
    fprintf(stderr, "%s: cannot read\n", path);
    free(bytes);
    fclose(f);
    return NULL;
}

/* Prints what went wrong, with the backtrace of a trap; frees the error. */
static inline void example_report(const char *what, lwasm_error *e)
{
    fprintf(stderr, "%s: %s\n", what, lwasm_error_message(e));
    for (size_t i = 0; i < lwasm_error_frame_count(e); i++) {
        uint32_t func;
        lwasm_name name;
        size_t offset;
        lwasm_error_frame(e, i, &func, &name);
        lwasm_error_frame_offset(e, i, &offset, NULL);
        fprintf(stderr, "  #%zu function %u %.*s at byte offset 0x%zx\n", i, func, name.data ? (int)name.len : 0,
                name.data ? name.data : "", offset);
    }
    lwasm_error_delete(e);
}

#endif
