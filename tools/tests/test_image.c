/* test_image.c — unit tests of in-root path resolution, safe unpacking, OCI image layouts, bundles and FILE detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "image.h"
#include "rootpath.h"
#include "sha256.h"
#include "target.h"
#include "unpack.h"

/* ---- helpers: a scratch directory per test, files, tars, blobs ---- */

static char scratch[256];

static int make_scratch(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(scratch, sizeof scratch, "%s/wr-test-image-XXXXXX", tmp);
    return mkdtemp(scratch) ? 0 : -1;
}

static int remove_scratch(void **state)
{
    (void)state;
    wr_remove_tree(scratch);
    return 0;
}

static char *path_in(const char *rel)
{
    static char buf[4][4096];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", scratch, rel);
    return p;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

typedef struct entry {
    const char *name;
    char type;        /* 'f' file, 'd' dir, 'l' symlink, 'h' hard link, 'c' char device */
    const char *data; /* file contents or link target */
    int mode;
} entry;

static void write_tar(const char *path, const entry *e, size_t n, bool gzip)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (gzip)
        archive_write_add_filter_gzip(a);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e[i].name);
        archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0644);
        size_t size = 0;
        switch (e[i].type) {
        case 'f':
            archive_entry_set_filetype(ae, AE_IFREG);
            size = strlen(e[i].data);
            break;
        case 'd': archive_entry_set_filetype(ae, AE_IFDIR); break;
        case 'l':
            archive_entry_set_filetype(ae, AE_IFLNK);
            archive_entry_set_symlink(ae, e[i].data);
            break;
        case 'h':
            archive_entry_set_filetype(ae, AE_IFREG);
            archive_entry_set_hardlink(ae, e[i].data);
            break;
        case 'c':
            archive_entry_set_filetype(ae, AE_IFCHR);
            archive_entry_set_rdev(ae, 0x0103);
            break;
        }
        archive_entry_set_size(ae, (la_int64_t)size);
        assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
        if (size)
            assert_int_equal(archive_write_data(a, e[i].data, size), (la_ssize_t)size);
        archive_entry_free(ae);
    }
    archive_write_close(a);
    archive_write_free(a);
}

/* Tars a directory tree as-is (for image layout archives). */
static void tar_dir(const char *dir, const char *out, bool gzip)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "tar -C '%s' %s -cf '%s' .", dir, gzip ? "-z" : "", out);
    assert_int_equal(system(cmd), 0);
}

static wr_err unpack(const char *tar, const char *root, bool whiteouts)
{
    wr_unpack_opts o = {.whiteouts = whiteouts};
    return wr_unpack(tar, root, &o);
}

static void expect_error(wr_err e, const char *part)
{
    if (!e)
        fail_msg("expected an error mentioning '%s'", part);
    if (!strstr(e, part))
        fail_msg("error '%s' does not mention '%s'", e, part);
    wr_err_free(e);
}

/* ---- in-root resolution ---- */

static void test_resolve_in_root(void **state)
{
    (void)state;
    char *root = wr_strdup(path_in("root"));
    mkdir(root, 0755);
    mkdir(path_in("root/etc"), 0755);
    assert_int_equal(symlink("/etc", path_in("root/abs")), 0);
    assert_int_equal(symlink("../../../..", path_in("root/up")), 0);
    assert_int_equal(symlink("loop", path_in("root/loop")), 0);
    assert_int_equal(symlink("etc/passwd", path_in("root/rel")), 0);
    char *out, expect[1024];

    assert_null(wr_resolve_in_root(root, "/abs/passwd", NULL, true, &out));
    snprintf(expect, sizeof expect, "%s/etc/passwd", root);
    assert_string_equal(out, expect);
    free(out);

    assert_null(wr_resolve_in_root(root, "up/etc/../x", NULL, true, &out));
    snprintf(expect, sizeof expect, "%s/x", root);
    assert_string_equal(out, expect); /* the symlink's ".." stop at the root */
    free(out);

    assert_null(wr_resolve_in_root(root, "../../../../x", NULL, true, &out));
    assert_string_equal(out, expect);
    free(out);

    assert_null(wr_resolve_in_root(root, "passwd", "/etc", true, &out));
    snprintf(expect, sizeof expect, "%s/etc/passwd", root);
    assert_string_equal(out, expect);
    free(out);

    assert_null(wr_resolve_in_root(root, "rel", NULL, false, &out)); /* final link kept */
    snprintf(expect, sizeof expect, "%s/rel", root);
    assert_string_equal(out, expect);
    free(out);

    expect_error(wr_resolve_in_root(root, "/loop/x", NULL, true, &out), "symbolic links");

    assert_null(wr_clean_relative("./a//b/./c/", false, &out));
    assert_string_equal(out, "a/b/c");
    free(out);
    expect_error(wr_clean_relative("/etc/passwd", false, &out), "absolute");
    expect_error(wr_clean_relative("a/../../b", false, &out), "..");
    free(root);
}

/* ---- unpacking ---- */

static void test_unpack_plain_and_gzip(void **state)
{
    (void)state;
    const entry layer[] = {
        {"./", 'd', NULL, 0755},
        {"./bin/", 'd', NULL, 0755},
        {"./bin/app.wasm", 'f', "\0asm-ish", 0755},
        {"./etc/motd", 'f', "hello\n", 0644}, /* parent not in the archive: created */
        {"suid", 'f', "x", 04755},
        {"dev/null", 'c', NULL, 0666},
        {"link", 'l', "bin/app.wasm", 0777},
        {"hard", 'h', "etc/motd", 0},
    };
    mkdir(path_in("r1"), 0755);
    write_tar(path_in("l1.tar.gz"), layer, sizeof layer / sizeof layer[0], true);
    assert_null(unpack(path_in("l1.tar.gz"), path_in("r1"), true));
    assert_string_equal(read_text(path_in("r1/etc/motd")), "hello\n");
    assert_string_equal(read_text(path_in("r1/hard")), "hello\n");
    struct stat st;
    assert_int_equal(stat(path_in("r1/suid"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0755); /* setuid dropped */
    assert_false(exists(path_in("r1/dev/null")));  /* devices skipped */
    char target[64] = "";
    assert_true(readlink(path_in("r1/link"), target, sizeof target) > 0);
    assert_string_equal(target, "bin/app.wasm");
}

static void test_unpack_refuses_escapes(void **state)
{
    (void)state;
    char outside[1024];
    snprintf(outside, sizeof outside, "%s/outside", scratch);
    mkdir(outside, 0755);
    mkdir(path_in("r2"), 0755);

    const entry absolute[] = {{"/abs-file", 'f', "x", 0}};
    write_tar(path_in("abs.tar"), absolute, 1, false);
    expect_error(unpack(path_in("abs.tar"), path_in("r2"), true), "absolute");

    const entry dotdot[] = {{"a/../../outside/evil", 'f', "x", 0}};
    write_tar(path_in("dotdot.tar"), dotdot, 1, false);
    expect_error(unpack(path_in("dotdot.tar"), path_in("r2"), true), "..");
    assert_false(exists(path_in("outside/evil")));

    /* A symlink to a host directory, then a file "through" it: the file lands inside the root. */
    const entry through[] = {{"esc", 'l', outside, 0}, {"esc/evil", 'f', "pwned", 0}, {"up", 'l', "../..", 0},
                             {"up/evil2", 'f', "pwned", 0}};
    write_tar(path_in("through.tar"), through, 4, false);
    assert_null(unpack(path_in("through.tar"), path_in("r2"), true));
    assert_false(exists(path_in("outside/evil")));
    assert_false(exists(path_in("evil2")));
    char inside[1100];
    snprintf(inside, sizeof inside, "r2%s/evil", outside);
    assert_string_equal(read_text(path_in(inside)), "pwned");
    assert_string_equal(read_text(path_in("r2/evil2")), "pwned");

    const entry hard[] = {{"h", 'h', "../outside/secret", 0}};
    write_tar(path_in("hard.tar"), hard, 1, false);
    expect_error(unpack(path_in("hard.tar"), path_in("r2"), true), "..");

    /* A symlink replaced by a file must not write through the old link. */
    write_text(path_in("outside/victim"), "safe");
    const entry replace[] = {{"victim", 'l', path_in("outside/victim"), 0}, {"victim", 'f', "new", 0}};
    write_tar(path_in("replace.tar"), replace, 2, false);
    assert_null(unpack(path_in("replace.tar"), path_in("r2"), true));
    assert_string_equal(read_text(path_in("outside/victim")), "safe");
    assert_string_equal(read_text(path_in("r2/victim")), "new");
}

static void test_unpack_limits(void **state)
{
    (void)state;
    mkdir(path_in("r3"), 0755);
    static char big[5000];
    memset(big, 'a', sizeof big - 1);
    const entry e[] = {{"big", 'f', big, 0}};
    write_tar(path_in("big.tar"), e, 1, false);
    wr_unpack_opts o = {.max_bytes = 1000};
    expect_error(wr_unpack(path_in("big.tar"), path_in("r3"), &o), "more than 1000 bytes");
    const entry many[] = {{"a", 'f', "1", 0}, {"b", 'f', "2", 0}, {"c", 'f', "3", 0}};
    write_tar(path_in("many.tar"), many, 3, false);
    wr_unpack_opts o2 = {.max_entries = 2};
    expect_error(wr_unpack(path_in("many.tar"), path_in("r3"), &o2), "more than 2 entries");
    write_text(path_in("junk.tar"), "this is not a tar archive at all, not even close ...");
    expect_error(unpack(path_in("junk.tar"), path_in("r3"), true), "junk.tar");
}

static void test_unpack_whiteouts(void **state)
{
    (void)state;
    mkdir(path_in("r4"), 0755);
    const entry l1[] = {{"dir/a", 'f', "a", 0}, {"dir/b", 'f', "b", 0}, {"c", 'f', "c", 0}, {"o/x", 'f', "x", 0}};
    const entry l2[] = {{"dir/.wh.a", 'f', "", 0}, {".wh.c", 'f', "", 0}, {"o/.wh..wh..opq", 'f', "", 0},
                        {"o/y", 'f', "y", 0}};
    write_tar(path_in("w1.tar"), l1, 4, false);
    write_tar(path_in("w2.tar"), l2, 4, false);
    assert_null(unpack(path_in("w1.tar"), path_in("r4"), true));
    assert_null(unpack(path_in("w2.tar"), path_in("r4"), true));
    assert_false(exists(path_in("r4/dir/a")));
    assert_true(exists(path_in("r4/dir/b")));
    assert_false(exists(path_in("r4/c")));
    assert_false(exists(path_in("r4/o/x")));
    assert_true(exists(path_in("r4/o/y")));
    assert_false(exists(path_in("r4/dir/.wh.a")));
}

/* ---- OCI image layouts ---- */

/* Stores a blob in layout/blobs/sha256 and returns its descriptor JSON (static buffer per slot). */
static const char *add_blob(const char *layout, const char *src_path, const char *media_type, const char *extra,
                            int slot)
{
    static char desc[8][1024];
    FILE *f = fopen(src_path, "rb");
    assert_non_null(f);
    wr_sha256 h;
    wr_sha256_init(&h);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        wr_sha256_update(&h, buf, n);
    fclose(f);
    uint64_t size = h.length;
    uint8_t d[32];
    char hex[65];
    wr_sha256_final(&h, d);
    wr_sha256_hex(d, hex);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/blobs/sha256' && cp '%s' '%s/blobs/sha256/%s'", layout, src_path, layout,
             hex);
    assert_int_equal(system(cmd), 0);
    snprintf(desc[slot], sizeof desc[slot], "{\"mediaType\":\"%s\",\"digest\":\"sha256:%s\",\"size\":%llu%s%s}",
             media_type, hex, (unsigned long long)size, extra ? "," : "", extra ? extra : "");
    return desc[slot];
}

static const char *add_json_blob(const char *layout, const char *json, const char *media_type, const char *extra,
                                 int slot)
{
    write_text(path_in("tmp.json"), json);
    return add_blob(layout, path_in("tmp.json"), media_type, extra, slot);
}

#define CONFIG_TYPE "application/vnd.oci.image.config.v1+json"
#define MANIFEST_TYPE "application/vnd.oci.image.manifest.v1+json"
#define INDEX_TYPE "application/vnd.oci.image.index.v1+json"
#define LAYER_TYPE "application/vnd.oci.image.layer.v1.tar+gzip"

/* A layout with a linux/amd64 decoy and a wasi/wasm image; returns the layout path. */
static char *make_layout(const char *name, bool nested)
{
    char *layout = wr_strdup(path_in(name));
    mkdir(layout, 0755);
    write_text(path_in("oci-layout-tmp"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    char p[1024];
    snprintf(p, sizeof p, "%s/oci-layout", layout);
    write_text(p, "{\"imageLayoutVersion\":\"1.0.0\"}");

    const entry wasm_layer[] = {{"app/", 'd', NULL, 0755}, {"app/main.wasm", 'f', "\0asm\1\0\0\0", 0644},
                                {"data/greeting.txt", 'f', "hi", 0644}};
    write_tar(path_in("layer.tar.gz"), wasm_layer, 3, true);
    const char *layer = add_blob(layout, path_in("layer.tar.gz"), LAYER_TYPE, NULL, 0);
    const char *config = add_json_blob(layout,
                                       "{\"os\":\"wasi\",\"architecture\":\"wasm\",\"config\":{"
                                       "\"Entrypoint\":[\"main.wasm\"],\"Cmd\":[\"--default\"],"
                                       "\"Env\":[\"FROM_IMAGE=1\",\"SHARED=image\"],\"WorkingDir\":\"/app\"}}",
                                       CONFIG_TYPE, NULL, 1);
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":%s,\"layers\":[%s]}",
             MANIFEST_TYPE, config, layer);
    const char *mdesc =
        add_json_blob(layout, manifest, MANIFEST_TYPE, "\"platform\":{\"os\":\"wasi\",\"architecture\":\"wasm\"}", 2);
    /* The decoy points at a blob that does not exist: choosing it would fail. */
    const char *decoy = "{\"mediaType\":\"" MANIFEST_TYPE "\",\"digest\":\"sha256:"
                        "0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1,"
                        "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}";
    char index[8192];
    snprintf(index, sizeof index, "{\"schemaVersion\":2,\"manifests\":[%s,%s]}", decoy, mdesc);
    if (nested) {
        const char *inner = add_json_blob(layout, index, INDEX_TYPE, NULL, 3);
        snprintf(index, sizeof index, "{\"schemaVersion\":2,\"manifests\":[%s]}", inner);
    }
    snprintf(p, sizeof p, "%s/index.json", layout);
    write_text(p, index);
    return layout;
}

static void check_image(const wr_image *img)
{
    assert_int_equal(img->entrypoint.len, 1);
    assert_string_equal(img->entrypoint.items[0], "main.wasm");
    assert_int_equal(img->cmd.len, 1);
    assert_string_equal(img->env.items[1], "SHARED=image");
    assert_string_equal(img->working_dir, "/app");
    char p[1024];
    snprintf(p, sizeof p, "%s/data/greeting.txt", img->rootfs);
    assert_string_equal(read_text(p), "hi");
}

static void test_image_layout_dir(void **state)
{
    (void)state;
    char *layout = make_layout("layout", false);
    wr_image img;
    assert_null(wr_image_open(layout, scratch, &img));
    check_image(&img);

    wr_launch l;
    wr_launch_init(&l);
    assert_true(wr_launch_set_env(&l, "SHARED=cli"));
    assert_true(wr_launch_add_preopen(&l, "/tmp", "/tmp"));
    wr_strv args = {0};
    assert_null(wr_image_launch(&img, &args, &l));
    assert_int_equal(l.argv.len, 2);
    assert_string_equal(l.argv.items[0], "main.wasm");
    assert_string_equal(l.argv.items[1], "--default");
    char expect[1024];
    snprintf(expect, sizeof expect, "%s/app/main.wasm", img.rootfs);
    assert_string_equal(l.module_path, expect);
    assert_int_equal(l.npreopens, 3);
    assert_string_equal(l.preopens[0].guest, "/");
    assert_string_equal(l.preopens[0].host, img.rootfs);
    assert_string_equal(l.preopens[1].guest, ".");
    assert_string_equal(l.preopens[2].guest, "/tmp");
    assert_int_equal(l.env.len, 2);
    assert_string_equal(l.env.items[0], "FROM_IMAGE=1");
    assert_string_equal(l.env.items[1], "SHARED=cli"); /* the command line wins */

    /* Arguments replace Cmd, not Entrypoint. */
    assert_true(wr_strv_push(&args, "x"));
    assert_null(wr_image_launch(&img, &args, &l));
    assert_int_equal(l.argv.len, 2);
    assert_string_equal(l.argv.items[1], "x");
    wr_strv_free(&args);
    wr_launch_free(&l);

    char *tmpdir = wr_strdup(img.tmpdir);
    wr_image_close(&img);
    assert_false(exists(tmpdir)); /* the private root is gone */
    free(tmpdir);
    free(layout);
}

static void test_image_archive_and_nested_index(void **state)
{
    (void)state;
    char *layout = make_layout("nested", true);
    tar_dir(layout, path_in("image.tar.gz"), true);
    wr_image img;
    assert_null(wr_image_open(path_in("image.tar.gz"), scratch, &img));
    check_image(&img);
    wr_image_close(&img);
    wr_target_kind kind;
    assert_null(wr_target_detect(path_in("image.tar.gz"), &kind));
    assert_int_equal(kind, WR_TARGET_IMAGE_ARCHIVE);
    assert_null(wr_target_detect(layout, &kind));
    assert_int_equal(kind, WR_TARGET_IMAGE_DIR);
    free(layout);
}

static void test_image_errors(void **state)
{
    (void)state;
    char p[1024];
    wr_image img;
    /* Tampered blob. */
    char *layout = make_layout("tampered", false);
    snprintf(p, sizeof p, "cd '%s/blobs/sha256' && for f in *; do if tar -tzf \"$f\" >/dev/null 2>&1; then "
                          "printf x >> \"$f\"; fi; done", layout);
    assert_int_equal(system(p), 0);
    expect_error(wr_image_open(layout, scratch, &img), "size");
    free(layout);

    /* Only other platforms. */
    layout = wr_strdup(path_in("otherplat"));
    mkdir(layout, 0755);
    snprintf(p, sizeof p, "%s/index.json", layout);
    write_text(p, "{\"manifests\":[{\"digest\":\"sha256:00\",\"platform\":{\"os\":\"linux\",\"architecture\":"
                  "\"arm64\"}}]}");
    expect_error(wr_image_open(layout, scratch, &img), "linux/arm64");

    /* A digest that tries to be a path. */
    write_text(p, "{\"manifests\":[{\"digest\":\"sha256:../../../../etc/passwd\"}]}");
    expect_error(wr_image_open(layout, scratch, &img), "digest");

    write_text(p, "{\"manifests\":[");
    expect_error(wr_image_open(layout, scratch, &img), "JSON");
    free(layout);

    expect_error(wr_image_open(path_in("no-such-image"), scratch, &img), "No such file");

    /* The private directory of a failed open is removed too. */
    snprintf(p, sizeof p, "ls -d '%s'/wasmrun-image-* 2>/dev/null | wc -l | grep -qx 0", scratch);
    assert_int_equal(system(p), 0);
}

static void test_docker_save_manifest(void **state)
{
    (void)state;
    char *layout = wr_strdup(path_in("docker"));
    mkdir(layout, 0755);
    char p[1024];
    const entry layer[] = {{"hello.wasm", 'f', "\0asm", 0644}};
    snprintf(p, sizeof p, "%s/layer.tar", layout);
    write_tar(p, layer, 1, false);
    snprintf(p, sizeof p, "%s/cfg.json", layout);
    write_text(p, "{\"os\":\"wasi\",\"architecture\":\"wasm\",\"config\":{\"Cmd\":[\"/hello.wasm\"]}}");
    snprintf(p, sizeof p, "%s/manifest.json", layout);
    write_text(p, "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"hello:latest\"],\"Layers\":[\"layer.tar\"]}]");
    wr_image img;
    assert_null(wr_image_open(layout, scratch, &img));
    assert_int_equal(img.cmd.len, 1);
    snprintf(p, sizeof p, "%s/hello.wasm", img.rootfs);
    assert_true(exists(p));
    wr_image_close(&img);
    snprintf(p, sizeof p, "%s/manifest.json", layout);
    write_text(p, "[{\"Config\":\"../cfg.json\",\"Layers\":[]}]");
    expect_error(wr_image_open(layout, scratch, &img), "..");
    free(layout);
}

/* ---- OCI runtime bundles ---- */

static void test_bundle(void **state)
{
    (void)state;
    mkdir(path_in("bundle"), 0755);
    mkdir(path_in("bundle/rootfs"), 0755);
    mkdir(path_in("bundle/rootfs/srv"), 0755);
    mkdir(path_in("hostdata"), 0755);
    write_text(path_in("bundle/rootfs/srv/app.wasm"), "\0asm");
    write_text(path_in("hostfile"), "x");
    char config[4096];
    snprintf(config, sizeof config,
             "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"app.wasm\",\"-v\"],\"env\":[\"PATH=/bin\","
             "\"K=bundle\"],\"cwd\":\"/srv\"},\"root\":{\"path\":\"rootfs\"},\"mounts\":["
             "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
             "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"%s\",\"options\":[\"rbind\"]},"
             "{\"destination\":\"/etc/hosts\",\"type\":\"bind\",\"source\":\"%s\"},"
             "{\"destination\":\"/opt\",\"source\":\"%s\",\"options\":[\"rbind\",\"ro\"]}]}",
             path_in("hostdata"), path_in("hostfile"), path_in("hostdata"));
    write_text(path_in("bundle/config.json"), config);

    wr_target_kind kind;
    assert_null(wr_target_detect(path_in("bundle"), &kind));
    assert_int_equal(kind, WR_TARGET_BUNDLE);

    wr_bundle b;
    assert_null(wr_bundle_open(path_in("bundle"), &b));
    assert_int_equal(b.nbinds, 2); /* proc and the single file left out */
    wr_launch l;
    wr_launch_init(&l);
    assert_true(wr_launch_set_env(&l, "K=cli"));
    assert_null(wr_bundle_launch(&b, &l));
    char expect[1024];
    snprintf(expect, sizeof expect, "%s/srv/app.wasm", b.root);
    assert_string_equal(l.module_path, expect);
    assert_int_equal(l.argv.len, 2);
    assert_int_equal(l.npreopens, 4);
    assert_string_equal(l.preopens[0].guest, "/");
    assert_string_equal(l.preopens[1].guest, ".");
    assert_string_equal(l.preopens[2].guest, "/data");
    assert_string_equal(l.preopens[2].host, path_in("hostdata"));
    assert_string_equal(l.preopens[3].guest, "/opt");
    assert_string_equal(l.env.items[1], "K=cli");
    wr_launch_free(&l);
    wr_bundle_free(&b);

    struct {
        const char *json;
        const char *expect;
    } bad[] = {
        {"{\"root\":{\"path\":\"rootfs\"}}", "process"},
        {"{\"process\":{\"args\":[]},\"root\":{\"path\":\"rootfs\"}}", "args is empty"},
        {"{\"process\":{\"args\":[\"a\"],\"cwd\":\"rel\"},\"root\":{\"path\":\"rootfs\"}}", "absolute"},
        {"{\"process\":{\"args\":[\"a\"]}}", "root"},
        {"{\"process\":{\"args\":[1]},\"root\":{\"path\":\"rootfs\"}}", "non-string"},
        {"not json", "JSON"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_error(wr_bundle_parse(path_in("bundle"), (const uint8_t *)bad[i].json, strlen(bad[i].json), &b),
                     bad[i].expect);
}

static void test_target_detect(void **state)
{
    (void)state;
    wr_target_kind kind;
    write_text(path_in("m.wasm"), "\0asm");
    FILE *f = fopen(path_in("m.wasm"), "wb");
    fwrite("\0asm\1\0\0\0", 1, 8, f);
    fclose(f);
    assert_null(wr_target_detect(path_in("m.wasm"), &kind));
    assert_int_equal(kind, WR_TARGET_MODULE);
    write_text(path_in("garbage"), "garbage");
    assert_null(wr_target_detect(path_in("garbage"), &kind));
    assert_int_equal(kind, WR_TARGET_MODULE); /* the loader reports it as malformed */
    mkdir(path_in("emptydir"), 0755);
    expect_error(wr_target_detect(path_in("emptydir"), &kind), "neither");
    expect_error(wr_target_detect(path_in("missing"), &kind), "No such file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_resolve_in_root, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_unpack_plain_and_gzip, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_unpack_refuses_escapes, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_unpack_limits, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_unpack_whiteouts, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_image_layout_dir, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_image_archive_and_nested_index, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_image_errors, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_docker_save_manifest, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_bundle, make_scratch, remove_scratch),
        cmocka_unit_test_setup_teardown(test_target_detect, make_scratch, remove_scratch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
