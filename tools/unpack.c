/* unpack.c — extracting tar layers with libarchive into a root, refusing anything that would escape it. */
#include "unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rootpath.h"

typedef struct wr_unpacker {
    const char *root;
    wr_unpack_opts opts;
    uint64_t bytes;
    uint64_t entries;
} wr_unpacker;

/* Creates the missing directories of `rel` (already resolved, so no component is a symlink) under root. */
static wr_err wr_mkdirs(const char *root, const char *host_dir)
{
    size_t root_len = strlen(root);
    char *path = wr_strdup(host_dir);
    if (!path)
        return wr_errf("out of memory");
    for (char *p = path + root_len + 1; p <= path + strlen(path); p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (strlen(path) > root_len && mkdir(path, 0755) != 0 && errno != EEXIST) {
            wr_err e = wr_errf("cannot create directory %s: %s", path + root_len, strerror(errno));
            free(path);
            return e;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(path);
    return NULL;
}

/* Removes whatever is at `path` (file, symlink or whole directory), not following symlinks. */
static int wr_remove_any(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode))
        return wr_remove_tree(path);
    return unlink(path);
}

static wr_err wr_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? NULL : wr_errf("%s: %s", dir, strerror(errno));
    wr_err err = NULL;
    struct dirent *de;
    while (!err && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *child = wr_path_join(dir, de->d_name);
        if (!child || wr_remove_any(child) != 0)
            err = wr_errf("cannot apply opaque whiteout in %s", dir);
        free(child);
    }
    closedir(d);
    return err;
}

static wr_err wr_write_data(wr_unpacker *u, struct archive *a, int fd, const char *name)
{
    for (;;) {
        const void *buf;
        size_t size;
        la_int64_t offset;
        int r = archive_read_data_block(a, &buf, &size, &offset);
        if (r == ARCHIVE_EOF)
            return NULL;
        if (r < ARCHIVE_WARN)
            return wr_errf("%s: %s", name, archive_error_string(a));
        if (size > u->opts.max_bytes - u->bytes)
            return wr_errf("%s: the archive unpacks to more than %llu bytes", name,
                           (unsigned long long)u->opts.max_bytes);
        u->bytes += size;
        const char *p = buf;
        while (size > 0) {
            ssize_t n = pwrite(fd, p, size, (off_t)offset);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return wr_errf("%s: write failed: %s", name, strerror(errno));
            p += n;
            size -= (size_t)n;
            offset += n;
        }
    }
}

static wr_err wr_unpack_entry(wr_unpacker *u, struct archive *a, struct archive_entry *entry)
{
    const char *raw = archive_entry_pathname(entry);
    if (!raw)
        return wr_errf("archive entry without a usable name");
    char *rel;
    wr_err err = wr_clean_relative(raw, false, &rel);
    if (err)
        return wr_err_wrap(err, "refusing archive entry");
    char *parent_host = NULL, *target = NULL, *link_src = NULL;
    if (!rel[0])
        goto done; /* the root itself ("./") */

    char *slash = strrchr(rel, '/');
    const char *base = slash ? slash + 1 : rel;
    if (slash)
        *slash = '\0';
    err = wr_resolve_in_root(u->root, slash ? rel : "", NULL, true, &parent_host);
    if (err)
        goto done;
    if ((err = wr_mkdirs(u->root, parent_host)))
        goto done;

    if (u->opts.whiteouts && strncmp(base, ".wh.", 4) == 0) {
        if (strcmp(base, ".wh..wh..opq") == 0) {
            err = wr_empty_dir(parent_host);
        } else {
            target = wr_path_join(parent_host, base + 4);
            if (!target || wr_remove_any(target) != 0)
                err = wr_errf("%s: cannot apply whiteout", raw);
        }
        goto done;
    }

    target = wr_path_join(parent_host, base);
    if (!target) {
        err = wr_errf("out of memory");
        goto done;
    }
    mode_t type = archive_entry_filetype(entry);
    mode_t perm = archive_entry_perm(entry) & 0777; /* never setuid, setgid or sticky */
    const char *hardlink = archive_entry_hardlink(entry);

    struct stat st;
    bool exists = lstat(target, &st) == 0;
    if (type == AE_IFDIR && !hardlink && exists && S_ISDIR(st.st_mode)) {
        chmod(target, perm | 0700);
        goto done;
    }
    if (exists && wr_remove_any(target) != 0) {
        err = wr_errf("%s: cannot replace existing entry: %s", raw, strerror(errno));
        goto done;
    }

    if (hardlink) {
        char *src_rel;
        if ((err = wr_clean_relative(hardlink, false, &src_rel))) {
            err = wr_err_wrap(err, "refusing hard link %s", raw);
            goto done;
        }
        err = wr_resolve_in_root(u->root, src_rel, NULL, false, &link_src);
        free(src_rel);
        if (!err && link(link_src, target) != 0)
            err = wr_errf("%s: cannot link to %s: %s", raw, hardlink, strerror(errno));
        goto done;
    }
    switch (type) {
    case AE_IFDIR:
        /* Owner rwx is kept so that the tree can always be removed again. */
        if (mkdir(target, perm | 0700) != 0)
            err = wr_errf("%s: cannot create directory: %s", raw, strerror(errno));
        break;
    case AE_IFLNK: {
        const char *dest = archive_entry_symlink(entry);
        /* The target text is kept as is: it is resolved later inside the root, never on the host. */
        if (!dest || symlink(dest, target) != 0)
            err = wr_errf("%s: cannot create symlink: %s", raw, dest ? strerror(errno) : "no target");
        break;
    }
    case AE_IFREG: {
        la_int64_t size = archive_entry_size(entry);
        if (size > 0 && (uint64_t)size > u->opts.max_bytes - u->bytes) {
            err = wr_errf("%s: the archive unpacks to more than %llu bytes", raw,
                          (unsigned long long)u->opts.max_bytes);
            break;
        }
        int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, perm | 0600);
        if (fd < 0) {
            err = wr_errf("%s: cannot create file: %s", raw, strerror(errno));
            break;
        }
        err = wr_write_data(u, a, fd, raw);
        if (!err && size > 0 && ftruncate(fd, (off_t)size) != 0)
            err = wr_errf("%s: %s", raw, strerror(errno));
        if (!err && perm != (perm | 0600))
            fchmod(fd, perm);
        close(fd);
        break;
    }
    default:
        break; /* devices, FIFOs and sockets have no meaning for a wasm guest */
    }
done:
    free(rel);
    free(parent_host);
    free(target);
    free(link_src);
    return err;
}

wr_err wr_unpack(const char *archive_path, const char *root, const wr_unpack_opts *opts)
{
    wr_unpacker u = {.root = root};
    if (opts)
        u.opts = *opts;
    if (!u.opts.max_bytes)
        u.opts.max_bytes = WR_UNPACK_DEFAULT_MAX_BYTES;
    if (!u.opts.max_entries)
        u.opts.max_entries = WR_UNPACK_DEFAULT_MAX_ENTRIES;

    struct archive *a = archive_read_new();
    if (!a)
        return wr_errf("out of memory");
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    wr_err err = NULL;
    if (archive_read_open_filename(a, archive_path, 1 << 16) != ARCHIVE_OK) {
        err = wr_errf("%s: %s", archive_path, archive_error_string(a));
        archive_read_free(a);
        return err;
    }
    struct archive_entry *entry;
    int r;
    while (!err && (r = archive_read_next_header(a, &entry)) != ARCHIVE_EOF) {
        if (r < ARCHIVE_WARN) {
            err = wr_errf("%s: %s", archive_path, archive_error_string(a));
            break;
        }
        if (++u.entries > u.opts.max_entries) {
            err = wr_errf("%s: more than %llu entries", archive_path, (unsigned long long)u.opts.max_entries);
            break;
        }
        err = wr_unpack_entry(&u, a, entry);
    }
    archive_read_free(a);
    return err ? wr_err_wrap(err, "unpacking %s", archive_path) : NULL;
}
