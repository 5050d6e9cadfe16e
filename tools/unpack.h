/* unpack.h — safe extraction of tar archives (plain, gzip, zstd...) into a private root directory. */
#ifndef WR_UNPACK_H
#define WR_UNPACK_H

#include "util.h"

typedef struct wr_unpack_opts {
    bool whiteouts;       /* apply OCI layer whiteouts: ".wh.NAME" deletes NAME, ".wh..wh..opq" empties the dir */
    uint64_t max_bytes;   /* total file data written; 0: WR_UNPACK_DEFAULT_MAX_BYTES */
    uint64_t max_entries; /* archive entries; 0: WR_UNPACK_DEFAULT_MAX_ENTRIES */
} wr_unpack_opts;

#define WR_UNPACK_DEFAULT_MAX_BYTES ((uint64_t)4 << 30)
#define WR_UNPACK_DEFAULT_MAX_ENTRIES 1000000u

/* Extracts `archive_path` into existing directory `root`. Entries with absolute paths or ".." are
 * refused, parent directories are resolved inside the root (a symlink cannot lead a later entry out of
 * it), files lose setuid/setgid bits, device nodes and FIFOs are skipped, and ownership is not applied. */
wr_err wr_unpack(const char *archive_path, const char *root, const wr_unpack_opts *opts);

#endif
