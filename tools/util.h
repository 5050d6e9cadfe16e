/* util.h — small helpers shared by wasmrun's parts: error strings, string vectors, files. */
#ifndef WR_UTIL_H
#define WR_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tool-level errors are heap strings: NULL means success, the caller frees. */
typedef char *wr_err;
wr_err wr_errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Frees an error (never free() one: the out-of-memory error is static). */
void wr_err_free(wr_err e);
/* Prefixes an existing error with more context, consuming it. */
wr_err wr_err_wrap(wr_err inner, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable NULL-terminated vector of owned strings. */
typedef struct wr_strv {
    char **items;
    size_t len;
    size_t cap;
} wr_strv;

bool wr_strv_push(wr_strv *v, const char *s);
bool wr_strv_push_n(wr_strv *v, const char *s, size_t n);
void wr_strv_clear(wr_strv *v);
void wr_strv_free(wr_strv *v);

char *wr_strdup(const char *s);
char *wr_strndup(const char *s, size_t n);
/* Joins a and b with one '/' between them. */
char *wr_path_join(const char *a, const char *b);

/* Reads a whole regular file, refusing ones larger than max_size bytes. */
wr_err wr_read_file(const char *path, size_t max_size, uint8_t **out, size_t *out_len);
/* Same, relative to a directory descriptor. */
wr_err wr_read_file_at(int dirfd, const char *path, size_t max_size, uint8_t **out, size_t *out_len);

/* Removes a directory tree without following symlinks (used for private roots). */
int wr_remove_tree(const char *path);

#endif
