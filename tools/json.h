/* json.h — small cJSON helpers: parse a file, read typed fields, string arrays. */
#ifndef WR_JSON_H
#define WR_JSON_H

#include <cjson/cJSON.h>

#include "util.h"

/* Config and manifest files are small; anything bigger is refused before it is read. */
#define WR_MAX_JSON_SIZE ((size_t)4 << 20)

wr_err wr_json_parse(const uint8_t *bytes, size_t len, const char *what, cJSON **out);
wr_err wr_json_read_at(int dirfd, const char *path, cJSON **out);
/* A string member, or NULL when absent or not a string. */
const char *wr_json_string(const cJSON *obj, const char *key);
/* Appends a member that must be an array of strings (absent or null: nothing). */
wr_err wr_json_strings(const cJSON *obj, const char *key, wr_strv *out);

#endif
