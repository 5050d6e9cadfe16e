/* image.h — running from an OCI image layout (directory or tar): pick the wasi/wasm manifest, unpack it. */
#ifndef WR_IMAGE_H
#define WR_IMAGE_H

#include "launch.h"

typedef struct wr_image {
    char *tmpdir;      /* private directory holding the unpacked layout (for archives) and rootfs */
    char *rootfs;      /* host path of the unpacked root filesystem */
    wr_strv entrypoint;
    wr_strv cmd;
    wr_strv env;       /* "NAME=VALUE" from the image config */
    char *working_dir; /* "" when the image sets none */
} wr_image;

/* Opens the image at `path` (a layout directory, or a tar of one, optionally compressed), selects the
 * manifest for platform wasi/wasm, verifies blob digests, and unpacks the layers in order into a fresh
 * private root under `tmp_parent` (NULL: $TMPDIR or /tmp). */
wr_err wr_image_open(const char *path, const char *tmp_parent, wr_image *img);
/* Frees the image and removes its private directory. */
void wr_image_close(wr_image *img);

/* Fills `l` to run the image: argv = Entrypoint + (args, or Cmd when args is empty), env = image Env
 * overridden by what `l` already has, the root preopened as "/" (and WorkingDir as "."), before the
 * preopens already in `l`. */
wr_err wr_image_launch(const wr_image *img, const wr_strv *args, wr_launch *l);

/* Shared with bundles: resolves argv[0] inside `root` (relative to `cwd`) and sets the module path,
 * root preopen and working-directory preopen. */
wr_err wr_launch_from_root(wr_launch *l, const char *root, const char *cwd);
/* Puts `base_env` under the variables already in l->env (those win). */
wr_err wr_launch_merge_env(wr_launch *l, const wr_strv *base_env);

#endif
