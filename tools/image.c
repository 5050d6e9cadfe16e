/* image.c — OCI image layouts: index and manifest selection for wasi/wasm, digest checks, layer unpacking. */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "rootpath.h"
#include "sha256.h"
#include "unpack.h"

/* Indexes may nest (an index pointing at a multi-platform index); real images use one or two levels. */
#define WR_MAX_INDEX_DEPTH 4

static bool wr_is_index_type(const char *media_type)
{
    return media_type && (strcmp(media_type, "application/vnd.oci.image.index.v1+json") == 0 ||
                          strcmp(media_type, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

/* "sha256:<64 hex>" -> "blobs/sha256/<hex>"; anything else is refused, so a digest cannot name a path. */
static wr_err wr_blob_path(const char *digest, char **path, char hex_out[65])
{
    if (!digest || strncmp(digest, "sha256:", 7) != 0 || strlen(digest) != 7 + 64)
        return wr_errf("unsupported or malformed digest '%s' (expected sha256:<64 hex digits>)",
                       digest ? digest : "(none)");
    for (const char *p = digest + 7; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return wr_errf("malformed digest '%s'", digest);
    memcpy(hex_out, digest + 7, 65);
    *path = wr_path_join("blobs/sha256", digest + 7);
    return *path ? NULL : wr_errf("out of memory");
}

/* Hashes the file at dirfd/path and compares with the descriptor's digest (and size, if given). */
static wr_err wr_verify_blob(int dirfd, const char *path, const char *hex, const cJSON *desc)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wr_errf("blob %s: %s", path, strerror(errno));
    wr_sha256 h;
    wr_sha256_init(&h);
    uint8_t buf[1 << 16];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        wr_sha256_update(&h, buf, (size_t)n);
    close(fd);
    if (n < 0)
        return wr_errf("blob %s: %s", path, strerror(errno));
    const cJSON *size = cJSON_GetObjectItemCaseSensitive(desc, "size");
    if (cJSON_IsNumber(size) && (double)h.length != size->valuedouble)
        return wr_errf("blob %s: size %llu differs from the descriptor's %.0f", path, (unsigned long long)h.length,
                       size->valuedouble);
    uint8_t digest[32];
    char actual[65];
    wr_sha256_final(&h, digest);
    wr_sha256_hex(digest, actual);
    if (strcmp(actual, hex) != 0)
        return wr_errf("blob %s: content does not match its digest (sha256:%s)", path, actual);
    return NULL;
}

/* Reads and parses a JSON blob named by a descriptor, after checking its digest. */
static wr_err wr_read_json_blob(int dirfd, const cJSON *desc, cJSON **out)
{
    char *path, hex[65];
    wr_err err = wr_blob_path(wr_json_string(desc, "digest"), &path, hex);
    if (err)
        return err;
    err = wr_verify_blob(dirfd, path, hex, desc);
    if (!err)
        err = wr_json_read_at(dirfd, path, out);
    free(path);
    return err;
}

static bool wr_is_wasi_platform(const cJSON *platform)
{
    const char *os = wr_json_string(platform, "os");
    const char *arch = wr_json_string(platform, "architecture");
    return os && arch && strcmp(os, "wasi") == 0 && (strcmp(arch, "wasm") == 0 || strcmp(arch, "wasm32") == 0);
}

/* Picks the descriptor for wasi/wasm among an index's manifests. Descriptors without a platform are
 * accepted only when no descriptor states one and there is exactly one (as `docker save` writes). */
static wr_err wr_pick_descriptor(const cJSON *index, const cJSON **out)
{
    const cJSON *manifests = cJSON_GetObjectItemCaseSensitive(index, "manifests");
    if (!cJSON_IsArray(manifests) || cJSON_GetArraySize(manifests) == 0)
        return wr_errf("the index lists no manifests");
    const cJSON *desc, *unlabelled = NULL;
    size_t labelled = 0, nunlabelled = 0;
    char seen[256] = "";
    cJSON_ArrayForEach(desc, manifests)
    {
        const cJSON *platform = cJSON_GetObjectItemCaseSensitive(desc, "platform");
        if (cJSON_IsObject(platform)) {
            if (wr_is_wasi_platform(platform)) {
                *out = desc;
                return NULL;
            }
            const char *os = wr_json_string(platform, "os"), *arch = wr_json_string(platform, "architecture");
            size_t at = strlen(seen);
            if (at < sizeof seen - 1)
                snprintf(seen + at, sizeof seen - at, "%s%s/%s", labelled ? ", " : "", os ? os : "?",
                         arch ? arch : "?");
            labelled++;
        } else {
            unlabelled = desc;
            nunlabelled++;
        }
    }
    if (labelled)
        return wr_errf("no manifest for platform wasi/wasm (the image has: %s)", seen);
    if (nunlabelled > 1)
        return wr_errf("the index lists %zu manifests and none names its platform", nunlabelled);
    *out = unlabelled;
    return NULL;
}

/* From index.json down to an image manifest. */
static wr_err wr_find_manifest(int dirfd, cJSON *index, int depth, cJSON **manifest)
{
    if (depth > WR_MAX_INDEX_DEPTH)
        return wr_errf("image indexes nest more than %d deep", WR_MAX_INDEX_DEPTH);
    const cJSON *desc;
    wr_err err = wr_pick_descriptor(index, &desc);
    if (err)
        return err;
    cJSON *doc;
    if ((err = wr_read_json_blob(dirfd, desc, &doc)))
        return err;
    const char *type = wr_json_string(desc, "mediaType");
    if (!type)
        type = wr_json_string(doc, "mediaType");
    if (wr_is_index_type(type) || (!type && cJSON_GetObjectItemCaseSensitive(doc, "manifests"))) {
        err = wr_find_manifest(dirfd, doc, depth + 1, manifest);
        cJSON_Delete(doc);
        return err;
    }
    *manifest = doc;
    return NULL;
}

static wr_err wr_read_config(const cJSON *config, wr_image *img)
{
    /* A config that names another platform is refused; "linux" is let through because images built
     * without --platform wasi/wasm (a plain `docker build` of a .wasm) say linux yet hold a module. */
    const char *os = wr_json_string(config, "os"), *arch = wr_json_string(config, "architecture");
    if (os && arch && (strcmp(os, "wasi") != 0 || (strcmp(arch, "wasm") != 0 && strcmp(arch, "wasm32") != 0)) &&
        strcmp(os, "linux") != 0)
        return wr_errf("the image is for %s/%s, not wasi/wasm", os, arch);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(config, "config");
    if (!c || cJSON_IsNull(c))
        return NULL;
    if (!cJSON_IsObject(c))
        return wr_errf("image config: \"config\" is not an object");
    wr_err err;
    if ((err = wr_json_strings(c, "Entrypoint", &img->entrypoint)) || (err = wr_json_strings(c, "Cmd", &img->cmd)) ||
        (err = wr_json_strings(c, "Env", &img->env)))
        return wr_err_wrap(err, "image config");
    const char *wd = wr_json_string(c, "WorkingDir");
    free(img->working_dir);
    img->working_dir = wr_strdup(wd ? wd : "");
    return img->working_dir ? NULL : wr_errf("out of memory");
}

static wr_err wr_unpack_layers(int dirfd, const char *layout, const cJSON *layers, const char *rootfs)
{
    if (layers && !cJSON_IsArray(layers))
        return wr_errf("manifest: \"layers\" is not an array");
    const cJSON *desc;
    wr_unpack_opts opts = {.whiteouts = true};
    cJSON_ArrayForEach(desc, layers)
    {
        const char *type = wr_json_string(desc, "mediaType");
        if (type && !strstr(type, ".tar"))
            return wr_errf("layer of media type %s is not a tar archive", type);
        char *rel, hex[65];
        wr_err err = wr_blob_path(wr_json_string(desc, "digest"), &rel, hex);
        if (err)
            return err;
        err = wr_verify_blob(dirfd, rel, hex, desc);
        char *path = err ? NULL : wr_path_join(layout, rel);
        if (!err && !path)
            err = wr_errf("out of memory");
        if (!err)
            err = wr_unpack(path, rootfs, &opts);
        free(rel);
        free(path);
        if (err)
            return err;
    }
    return NULL;
}

/* `docker save` before OCI layouts: manifest.json lists the config and layer files by relative path. */
static wr_err wr_open_docker_archive(int dirfd, const char *layout, wr_image *img)
{
    cJSON *list;
    wr_err err = wr_json_read_at(dirfd, "manifest.json", &list);
    if (err)
        return wr_err_wrap(err, "neither index.json nor a readable manifest.json");
    const cJSON *entry = cJSON_IsArray(list) ? cJSON_GetArrayItem(list, 0) : NULL;
    const char *config_path = entry ? wr_json_string(entry, "Config") : NULL;
    const cJSON *layers = entry ? cJSON_GetObjectItemCaseSensitive(entry, "Layers") : NULL;
    char *clean = NULL;
    cJSON *config = NULL;
    if (!config_path || !cJSON_IsArray(layers)) {
        err = wr_errf("manifest.json: expected [{\"Config\": ..., \"Layers\": [...]}]");
        goto done;
    }
    if ((err = wr_clean_relative(config_path, false, &clean)) || (err = wr_json_read_at(dirfd, clean, &config)) ||
        (err = wr_read_config(config, img)))
        goto done;
    const cJSON *layer;
    wr_unpack_opts opts = {.whiteouts = true};
    cJSON_ArrayForEach(layer, layers)
    {
        free(clean);
        clean = NULL;
        if (!cJSON_IsString(layer)) {
            err = wr_errf("manifest.json: a layer is not a path");
            goto done;
        }
        if ((err = wr_clean_relative(layer->valuestring, false, &clean)))
            goto done;
        char *path = wr_path_join(layout, clean);
        err = path ? wr_unpack(path, img->rootfs, &opts) : wr_errf("out of memory");
        free(path);
        if (err)
            goto done;
    }
done:
    free(clean);
    cJSON_Delete(config);
    cJSON_Delete(list);
    return err;
}

static wr_err wr_open_layout(const char *layout, wr_image *img)
{
    int dirfd = open(layout, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return wr_errf("%s: %s", layout, strerror(errno));
    cJSON *index = NULL, *manifest = NULL, *config = NULL;
    wr_err err;
    if (faccessat(dirfd, "index.json", F_OK, 0) != 0) {
        err = wr_open_docker_archive(dirfd, layout, img);
        close(dirfd);
        return err;
    }
    if ((err = wr_json_read_at(dirfd, "index.json", &index)))
        goto done;
    if ((err = wr_find_manifest(dirfd, index, 0, &manifest)))
        goto done;
    const cJSON *config_desc = cJSON_GetObjectItemCaseSensitive(manifest, "config");
    if (!cJSON_IsObject(config_desc)) {
        err = wr_errf("the manifest has no config descriptor");
        goto done;
    }
    if ((err = wr_read_json_blob(dirfd, config_desc, &config)) || (err = wr_read_config(config, img)))
        goto done;
    err = wr_unpack_layers(dirfd, layout, cJSON_GetObjectItemCaseSensitive(manifest, "layers"), img->rootfs);
done:
    cJSON_Delete(config);
    cJSON_Delete(manifest);
    cJSON_Delete(index);
    close(dirfd);
    return err;
}

wr_err wr_image_open(const char *path, const char *tmp_parent, wr_image *img)
{
    memset(img, 0, sizeof *img);
    if (!tmp_parent)
        tmp_parent = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
    char *layout = NULL;
    wr_err err = NULL;
    img->tmpdir = wr_path_join(tmp_parent, "wasmrun-image-XXXXXX");
    if (!img->tmpdir || !mkdtemp(img->tmpdir)) {
        err = wr_errf("cannot create a private directory in %s: %s", tmp_parent, strerror(errno));
        free(img->tmpdir);
        img->tmpdir = NULL;
        return err;
    }
    img->rootfs = wr_path_join(img->tmpdir, "rootfs");
    if (!img->rootfs || mkdir(img->rootfs, 0755) != 0) {
        err = wr_errf("cannot create the private root: %s", strerror(errno));
        goto done;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        err = wr_errf("%s: %s", path, strerror(errno));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        layout = wr_strdup(path);
    } else {
        /* An archive of a layout: unpacked (with the same care as layers) before reading it. */
        layout = wr_path_join(img->tmpdir, "layout");
        if (layout && mkdir(layout, 0700) == 0)
            err = wr_unpack(path, layout, NULL);
        else
            err = wr_errf("cannot create %s: %s", layout ? layout : "layout", strerror(errno));
    }
    if (!err && !layout)
        err = wr_errf("out of memory");
    if (!err)
        err = wr_open_layout(layout, img);
    if (!err && !img->working_dir)
        img->working_dir = wr_strdup("");
done:
    free(layout);
    if (err) {
        wr_image_close(img);
        return wr_err_wrap(err, "image %s", path);
    }
    return NULL;
}

void wr_image_close(wr_image *img)
{
    if (img->tmpdir)
        wr_remove_tree(img->tmpdir);
    free(img->tmpdir);
    free(img->rootfs);
    wr_strv_free(&img->entrypoint);
    wr_strv_free(&img->cmd);
    wr_strv_free(&img->env);
    free(img->working_dir);
    memset(img, 0, sizeof *img);
}

wr_err wr_launch_merge_env(wr_launch *l, const wr_strv *base_env)
{
    wr_strv overrides = l->env;
    memset(&l->env, 0, sizeof l->env);
    wr_err err = NULL;
    for (size_t i = 0; !err && i < base_env->len; i++)
        if (strchr(base_env->items[i], '=') && !wr_launch_set_env(l, base_env->items[i]))
            err = wr_errf("out of memory");
    for (size_t i = 0; !err && i < overrides.len; i++)
        if (!wr_launch_set_env(l, overrides.items[i]))
            err = wr_errf("out of memory");
    wr_strv_free(&overrides);
    return err;
}

wr_err wr_launch_from_root(wr_launch *l, const char *root, const char *cwd)
{
    if (l->argv.len == 0 || !l->argv.items[0][0])
        return wr_errf("nothing to run: no entrypoint, command or process.args");
    if (!cwd || !cwd[0])
        cwd = "/";
    char *module;
    wr_err err = wr_resolve_in_root(root, l->argv.items[0], cwd, true, &module);
    if (err)
        return err;
    bool ok = wr_launch_set_module(l, module);
    free(module);
    if (!ok)
        return wr_errf("out of memory");

    /* The root comes first, so it is the guest's first preopen (fd 3), before any extra --dir. */
    wr_preopen *old = l->preopens;
    size_t nold = l->npreopens;
    l->preopens = NULL;
    l->npreopens = 0;
    if (!wr_launch_add_preopen(l, root, "/"))
        err = wr_errf("out of memory");
    if (!err && strcmp(cwd, "/") != 0) {
        /* WASI has no working directory; by convention a "." preopen plays that part. */
        char *host_cwd = NULL;
        err = wr_resolve_in_root(root, cwd, NULL, true, &host_cwd);
        if (!err && !wr_launch_add_preopen(l, host_cwd, "."))
            err = wr_errf("out of memory");
        free(host_cwd);
    }
    for (size_t i = 0; i < nold; i++) {
        if (!err && !wr_launch_add_preopen(l, old[i].host, old[i].guest))
            err = wr_errf("out of memory");
        free(old[i].host);
        free(old[i].guest);
    }
    free(old);
    return err;
}

wr_err wr_image_launch(const wr_image *img, const wr_strv *args, wr_launch *l)
{
    wr_strv_clear(&l->argv);
    const wr_strv *tail = args && args->len ? args : &img->cmd;
    for (size_t i = 0; i < img->entrypoint.len; i++)
        if (!wr_strv_push(&l->argv, img->entrypoint.items[i]))
            return wr_errf("out of memory");
    for (size_t i = 0; i < tail->len; i++)
        if (!wr_strv_push(&l->argv, tail->items[i]))
            return wr_errf("out of memory");
    wr_err err = wr_launch_merge_env(l, &img->env);
    if (err)
        return err;
    return wr_launch_from_root(l, img->rootfs, img->working_dir);
}
