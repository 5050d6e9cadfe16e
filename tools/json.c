/* json.c — reading JSON documents and their fields through cJSON, with size limits and type checks. */
#include "json.h"

#include <fcntl.h>
#include <stdlib.h>

wr_err wr_json_parse(const uint8_t *bytes, size_t len, const char *what, cJSON **out)
{
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts((const char *)bytes, len, &end, false);
    if (!doc)
        return wr_errf("%s: not valid JSON (near byte %zu)", what, end ? (size_t)(end - (const char *)bytes) : 0);
    *out = doc;
    return NULL;
}

wr_err wr_json_read_at(int dirfd, const char *path, cJSON **out)
{
    uint8_t *bytes;
    size_t len;
    wr_err err = wr_read_file_at(dirfd, path, WR_MAX_JSON_SIZE, &bytes, &len);
    if (err)
        return err;
    err = wr_json_parse(bytes, len, path, out);
    free(bytes);
    return err;
}

const char *wr_json_string(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

wr_err wr_json_strings(const cJSON *obj, const char *key, wr_strv *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!arr || cJSON_IsNull(arr))
        return NULL;
    if (!cJSON_IsArray(arr))
        return wr_errf("\"%s\" is not an array", key);
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        if (!cJSON_IsString(item))
            return wr_errf("\"%s\" holds a non-string", key);
        if (!wr_strv_push(out, item->valuestring))
            return wr_errf("out of memory");
    }
    return NULL;
}
