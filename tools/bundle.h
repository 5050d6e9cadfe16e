/* bundle.h — OCI runtime bundles (config.json + rootfs): process args/env/cwd, root, bind mounts. */
#ifndef WR_BUNDLE_H
#define WR_BUNDLE_H

#include "launch.h"

typedef struct wr_bundle {
    char *dir;       /* the bundle directory */
    char *root;      /* host path of root.path (relative paths are taken from the bundle) */
    wr_strv args;    /* process.args */
    wr_strv env;     /* process.env */
    char *cwd;       /* process.cwd */
    wr_preopen *binds; /* bind mounts of directories: host source, guest destination */
    size_t nbinds;
} wr_bundle;

/* Reads DIR/config.json. */
wr_err wr_bundle_open(const char *dir, wr_bundle *b);
/* Same, from a config already in memory (for tests and for `create`, which keeps the bytes). */
wr_err wr_bundle_parse(const char *dir, const uint8_t *json, size_t len, wr_bundle *b);
void wr_bundle_free(wr_bundle *b);

/* Fills `l` to run the bundle's process: argv, env (l's own variables win), the root preopened as "/"
 * (cwd as "."), the bind mounts, then the preopens already in `l`. */
wr_err wr_bundle_launch(const wr_bundle *b, wr_launch *l);

#endif
