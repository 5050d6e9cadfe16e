/* json.c — loads wast2json output with cJSON, keeping names that contain NUL bytes intact. */
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON hands strings back NUL-terminated, so an escaped U+0000 (names.wast
 * exports such names) would cut a name short. Before parsing, each `\u0000`
 * escape becomes the byte 0xFF, which never occurs in UTF-8 text and so in no
 * valid name; sj_name turns it back into 0. */
#define SJ_NUL_STANDIN '\xff'

static char *sj_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1 << 16;
            char *nbuf = realloc(buf, ncap + 1);
            if (!nbuf) {
                snprintf(err, errlen, "out of memory reading %s", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        snprintf(err, errlen, "cannot read %s", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Rewrites `\u0000` escapes in place (the text only gets shorter). Other
 * escapes are copied whole so that an escaped backslash is not misread. */
static size_t sj_mark_nuls(char *text, size_t len)
{
    size_t in = 0, out = 0;
    while (in < len) {
        if (text[in] != '\\' || in + 1 >= len) {
            text[out++] = text[in++];
        } else if (len - in >= 6 && memcmp(text + in, "\\u0000", 6) == 0) {
            text[out++] = SJ_NUL_STANDIN;
            in += 6;
        } else {
            text[out++] = text[in++];
            text[out++] = text[in++];
        }
    }
    text[out] = '\0';
    return out;
}

cJSON *sj_load(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = sj_read_file(path, &len, err, errlen);
    if (!text)
        return NULL;
    len = sj_mark_nuls(text, len);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        long where = at && at >= text && at <= text + len ? (long)(at - text) : -1;
        snprintf(err, errlen, "%s: JSON syntax error near byte %ld", path, where);
    }
    free(text);
    return root;
}

char *sj_name(const cJSON *obj, const char *member, size_t *len)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, member);
    if (!cJSON_IsString(item) || !item->valuestring)
        return NULL;
    size_t n = strlen(item->valuestring);
    char *copy = malloc(n + 1);
    if (!copy)
        return NULL;
    for (size_t i = 0; i < n; i++)
        copy[i] = item->valuestring[i] == SJ_NUL_STANDIN ? '\0' : item->valuestring[i];
    copy[n] = '\0';
    *len = n;
    return copy;
}

const char *sj_string(const cJSON *obj, const char *member)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, member);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}
