/* target.h — telling what FILE on the command line is: a module, an OCI image, or an OCI bundle. */
#ifndef WR_TARGET_H
#define WR_TARGET_H

#include "util.h"

typedef enum wr_target_kind {
    WR_TARGET_MODULE,        /* a .wasm file (or anything unrecognised: the loader will say why) */
    WR_TARGET_IMAGE_DIR,     /* an OCI image layout directory */
    WR_TARGET_IMAGE_ARCHIVE, /* a tar of one, possibly compressed */
    WR_TARGET_BUNDLE,        /* a directory with config.json */
} wr_target_kind;

/* Looks at the path's type and first bytes. Errors only when the path cannot be examined at all. */
wr_err wr_target_detect(const char *path, wr_target_kind *kind);

#endif
