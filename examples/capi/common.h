/* common.h — what every wasm.h example needs: reading a .wasm file into a byte vector. */
#ifndef CAPI_EXAMPLE_COMMON_H
#define CAPI_EXAMPLE_COMMON_H

#include <stdio.h>

#include "wasm.h"

/* Reads the whole file into *out (which the caller deletes); false on failure. */
static inline bool example_read_file(const char *path, wasm_byte_vec_t *out)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return false;
    }
    bool ok = fseek(file, 0L, SEEK_END) == 0;
    long size = ok ? ftell(file) : -1;
    ok = size >= 0 && fseek(file, 0L, SEEK_SET) == 0;
    if (ok) {
        wasm_byte_vec_new_uninitialized(out, (size_t)size);
        ok = out->size == (size_t)size && (size == 0 || fread(out->data, (size_t)size, 1, file) == 1);
        if (!ok)
            wasm_byte_vec_delete(out);
    }
    fclose(file);
    if (!ok)
        fprintf(stderr, "%s: cannot read\n", path);
    return ok;
}

#endif
