/* json.h — loading wast2json output with cJSON, keeping names that contain NUL bytes intact. */
#ifndef SPEC_JSON_H
#define SPEC_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Reads and parses a JSON file; NULL with a reason in err on failure. */
cJSON *sj_load(const char *path, char *err, size_t errlen);

/* A string member's bytes, NUL bytes included. Returns a malloc'ed copy
 * (NUL-terminated after len bytes) or NULL when the member is absent or not
 * a string. */
char *sj_name(const cJSON *obj, const char *member, size_t *len);

/* A string member, or NULL; for members that never contain NUL. */
const char *sj_string(const cJSON *obj, const char *member);

#endif
