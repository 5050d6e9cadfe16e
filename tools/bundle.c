/* bundle.c — reading an OCI runtime bundle's config.json and turning it into a wasm launch. */
#include "bundle.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "image.h"
#include "json.h"

void wr_bundle_free(wr_bundle *b)
{
    free(b->dir);
    free(b->root);
    wr_strv_free(&b->args);
    wr_strv_free(&b->env);
    free(b->cwd);
    for (size_t i = 0; i < b->nbinds; i++) {
        free(b->binds[i].host);
        free(b->binds[i].guest);
    }
    free(b->binds);
    memset(b, 0, sizeof *b);
}

static bool wr_is_bind(const cJSON *mount)
{
    const char *type = wr_json_string(mount, "type");
    if (type && strcmp(type, "bind") == 0)
        return true;
    const cJSON *opt;
    cJSON_ArrayForEach(opt, cJSON_GetObjectItemCaseSensitive(mount, "options"))
    {
        if (cJSON_IsString(opt) && (strcmp(opt->valuestring, "bind") == 0 || strcmp(opt->valuestring, "rbind") == 0))
            return true;
    }
    return false;
}

static wr_err wr_bundle_mounts(const cJSON *mounts, wr_bundle *b)
{
    if (!mounts || cJSON_IsNull(mounts))
        return NULL;
    if (!cJSON_IsArray(mounts))
        return wr_errf("\"mounts\" is not an array");
    const cJSON *m;
    cJSON_ArrayForEach(m, mounts)
    {
        const char *dest = wr_json_string(m, "destination");
        const char *source = wr_json_string(m, "source");
        if (!dest || !source || !wr_is_bind(m))
            continue; /* proc, sysfs, tmpfs...: kernel filesystems mean nothing to a wasm guest */
        char *host = source[0] == '/' ? wr_strdup(source) : wr_path_join(b->dir, source);
        if (!host)
            return wr_errf("out of memory");
        struct stat st;
        if (stat(host, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(host); /* WASI preopens are directories; single-file binds (resolv.conf...) are left out */
            continue;
        }
        wr_preopen *p = realloc(b->binds, (b->nbinds + 1) * sizeof *p);
        char *guest = wr_strdup(dest);
        if (!p || !guest) {
            free(host);
            free(guest);
            if (p)
                b->binds = p;
            return wr_errf("out of memory");
        }
        b->binds = p;
        p[b->nbinds].host = host;
        p[b->nbinds].guest = guest;
        b->nbinds++;
    }
    return NULL;
}

wr_err wr_bundle_parse(const char *dir, const uint8_t *json, size_t len, wr_bundle *b)
{
    memset(b, 0, sizeof *b);
    cJSON *doc;
    wr_err err = wr_json_parse(json, len, "config.json", &doc);
    if (err)
        return err;
    b->dir = wr_strdup(dir);
    const cJSON *process = cJSON_GetObjectItemCaseSensitive(doc, "process");
    const cJSON *root = cJSON_GetObjectItemCaseSensitive(doc, "root");
    const char *root_path = wr_json_string(root, "path");
    const char *cwd = wr_json_string(process, "cwd");
    if (!b->dir) {
        err = wr_errf("out of memory");
    } else if (!cJSON_IsObject(process)) {
        err = wr_errf("config.json: no \"process\" object");
    } else if (!root_path || !root_path[0]) {
        err = wr_errf("config.json: no \"root\": {\"path\": ...}");
    } else if ((err = wr_json_strings(process, "args", &b->args)) || (err = wr_json_strings(process, "env", &b->env))) {
        err = wr_err_wrap(err, "config.json: process");
    } else if (b->args.len == 0) {
        err = wr_errf("config.json: process.args is empty");
    } else {
        b->root = root_path[0] == '/' ? wr_strdup(root_path) : wr_path_join(dir, root_path);
        b->cwd = wr_strdup(cwd && cwd[0] ? cwd : "/");
        if (!b->root || !b->cwd)
            err = wr_errf("out of memory");
        else if (b->cwd[0] != '/')
            err = wr_errf("config.json: process.cwd must be absolute, not '%s'", b->cwd);
        else
            err = wr_bundle_mounts(cJSON_GetObjectItemCaseSensitive(doc, "mounts"), b);
    }
    cJSON_Delete(doc);
    if (err)
        wr_bundle_free(b);
    return err;
}

wr_err wr_bundle_open(const char *dir, wr_bundle *b)
{
    char *path = wr_path_join(dir, "config.json");
    if (!path)
        return wr_errf("out of memory");
    uint8_t *bytes;
    size_t len;
    wr_err err = wr_read_file(path, WR_MAX_JSON_SIZE, &bytes, &len);
    free(path);
    if (err)
        return wr_err_wrap(err, "bundle %s", dir);
    err = wr_bundle_parse(dir, bytes, len, b);
    free(bytes);
    return err ? wr_err_wrap(err, "bundle %s", dir) : NULL;
}

wr_err wr_bundle_launch(const wr_bundle *b, wr_launch *l)
{
    wr_strv_clear(&l->argv);
    for (size_t i = 0; i < b->args.len; i++)
        if (!wr_strv_push(&l->argv, b->args.items[i]))
            return wr_errf("out of memory");
    wr_err err = wr_launch_merge_env(l, &b->env);
    if (err)
        return err;
    /* Bind mounts go in before wr_launch_from_root puts the root first. */
    wr_preopen *extra = l->preopens;
    size_t nextra = l->npreopens;
    l->preopens = NULL;
    l->npreopens = 0;
    for (size_t i = 0; !err && i < b->nbinds; i++)
        if (!wr_launch_add_preopen(l, b->binds[i].host, b->binds[i].guest))
            err = wr_errf("out of memory");
    for (size_t i = 0; i < nextra; i++) {
        if (!err && !wr_launch_add_preopen(l, extra[i].host, extra[i].guest))
            err = wr_errf("out of memory");
        free(extra[i].host);
        free(extra[i].guest);
    }
    free(extra);
    if (err)
        return err;
    struct stat st;
    if (stat(b->root, &st) != 0)
        return wr_errf("bundle root %s: %s", b->root, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return wr_errf("bundle root %s: not a directory", b->root);
    return wr_launch_from_root(l, b->root, b->cwd);
}
