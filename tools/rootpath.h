/* rootpath.h — resolving a path inside a root directory as a chroot would, symlinks clamped to the root. */
#ifndef WR_ROOTPATH_H
#define WR_ROOTPATH_H

#include "util.h"

/* Resolves `path` (relative paths start at `cwd`, itself inside the root; NULL means "/") inside host
 * directory `root`: ".." stops at the root and symlinks, absolute or relative, are followed within it, so
 * the result never leaves the root. Missing components are kept as they are. With follow_last false a
 * final symlink is not followed. Sets *host_path to root + the resolved path (caller frees). */
wr_err wr_resolve_in_root(const char *root, const char *path, const char *cwd, bool follow_last, char **host_path);

/* Splits a path from an archive or a config into clean components: rejects absolute paths when
 * `allow_absolute` is false, rejects any ".." component, drops "." and empty ones. Joins the result
 * with '/' into *out (empty string for the root itself). */
wr_err wr_clean_relative(const char *path, bool allow_absolute, char **out);

#endif
