/* vec.c — the wasm_*_vec_t constructors, copies and destructors of the standard C API. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

/* Element storage for `size` elements, zeroed so partially filled vectors
 * delete cleanly; an allocation failure yields the empty vector. */
static void *vec_alloc(size_t *size, size_t elem_size)
{
    if (*size == 0)
        return NULL;
    void *data = calloc(*size, elem_size);
    if (!data)
        *size = 0;
    return data;
}

/* Vectors of plain values (bytes). */
#define CAPI_DEFINE_PLAIN_VEC(name)                                                                           \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out)                                                \
    {                                                                                                         \
        out->size = 0;                                                                                        \
        out->data = NULL;                                                                                     \
    }                                                                                                         \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size)                           \
    {                                                                                                         \
        out->size = size;                                                                                     \
        out->data = vec_alloc(&out->size, sizeof(wasm_##name##_t));                                           \
    }                                                                                                         \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size, const wasm_##name##_t src[])            \
    {                                                                                                         \
        wasm_##name##_vec_new_uninitialized(out, size);                                                       \
        if (out->size)                                                                                        \
            memcpy(out->data, src, size * sizeof(wasm_##name##_t));                                           \
    }                                                                                                         \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src)                     \
    {                                                                                                         \
        wasm_##name##_vec_new(out, src->size, src->data);                                                     \
    }                                                                                                         \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v)                                                     \
    {                                                                                                         \
        free(v->data);                                                                                        \
        v->size = 0;                                                                                          \
        v->data = NULL;                                                                                       \
    }

/* Vectors of owned pointers: new adopts the elements, copy deep-copies them,
 * delete deletes them (NULL elements are allowed throughout). */
#define CAPI_DEFINE_PTR_VEC(name)                                                                             \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out)                                                \
    {                                                                                                         \
        out->size = 0;                                                                                        \
        out->data = NULL;                                                                                     \
    }                                                                                                         \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size)                           \
    {                                                                                                         \
        out->size = size;                                                                                     \
        out->data = vec_alloc(&out->size, sizeof(wasm_##name##_t *));                                         \
    }                                                                                                         \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size, wasm_##name##_t *const src[])           \
    {                                                                                                         \
        wasm_##name##_vec_new_uninitialized(out, size);                                                       \
        if (out->size)                                                                                        \
            memcpy(out->data, src, size * sizeof(wasm_##name##_t *));                                         \
    }                                                                                                         \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src)                     \
    {                                                                                                         \
        wasm_##name##_vec_new_uninitialized(out, src->size);                                                  \
        for (size_t i = 0; i < out->size; i++)                                                                \
            out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : NULL;                            \
    }                                                                                                         \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v)                                                     \
    {                                                                                                         \
        for (size_t i = 0; i < v->size; i++)                                                                  \
            if (v->data[i])                                                                                   \
                wasm_##name##_delete(v->data[i]);                                                             \
        free(v->data);                                                                                        \
        v->size = 0;                                                                                          \
        v->data = NULL;                                                                                       \
    }

CAPI_DEFINE_PLAIN_VEC(byte)
CAPI_DEFINE_PTR_VEC(valtype)
CAPI_DEFINE_PTR_VEC(functype)
CAPI_DEFINE_PTR_VEC(globaltype)
CAPI_DEFINE_PTR_VEC(tabletype)
CAPI_DEFINE_PTR_VEC(memorytype)
CAPI_DEFINE_PTR_VEC(externtype)
CAPI_DEFINE_PTR_VEC(importtype)
CAPI_DEFINE_PTR_VEC(exporttype)
CAPI_DEFINE_PTR_VEC(frame)
CAPI_DEFINE_PTR_VEC(extern)

/* Values own their references: the vector's copy and delete go through
 * wasm_val_copy / wasm_val_delete. */
void wasm_val_vec_new_empty(wasm_val_vec_t *out)
{
    out->size = 0;
    out->data = NULL;
}

void wasm_val_vec_new_uninitialized(wasm_val_vec_t *out, size_t size)
{
    out->size = size;
    out->data = vec_alloc(&out->size, sizeof(wasm_val_t));
    /* calloc's zero is WASM_I32 0: a valid value that owns nothing. */
}

void wasm_val_vec_new(wasm_val_vec_t *out, size_t size, const wasm_val_t src[])
{
    wasm_val_vec_new_uninitialized(out, size);
    if (out->size)
        memcpy(out->data, src, size * sizeof(wasm_val_t));
}

void wasm_val_vec_copy(wasm_val_vec_t *out, const wasm_val_vec_t *src)
{
    wasm_val_vec_new_uninitialized(out, src->size);
    for (size_t i = 0; i < out->size; i++)
        wasm_val_copy(&out->data[i], &src->data[i]);
}

void wasm_val_vec_delete(wasm_val_vec_t *v)
{
    for (size_t i = 0; i < v->size; i++)
        wasm_val_delete(&v->data[i]);
    free(v->data);
    v->size = 0;
    v->data = NULL;
}
