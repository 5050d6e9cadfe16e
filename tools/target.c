/* target.c — classifying wasmrun's FILE argument by file type and magic bytes. */
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool wr_has(const char *dir, const char *name)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool found = faccessat(fd, name, F_OK, 0) == 0;
    close(fd);
    return found;
}

wr_err wr_target_detect(const char *path, wr_target_kind *kind)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return wr_errf("%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        if (wr_has(path, "oci-layout") || wr_has(path, "index.json") || wr_has(path, "manifest.json"))
            *kind = WR_TARGET_IMAGE_DIR;
        else if (wr_has(path, "config.json"))
            *kind = WR_TARGET_BUNDLE;
        else
            return wr_errf("%s: a directory, but neither an OCI image layout (oci-layout, index.json) nor an OCI "
                           "bundle (config.json)",
                           path);
        return NULL;
    }
    *kind = WR_TARGET_MODULE;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wr_errf("%s: %s", path, strerror(errno));
    unsigned char head[512];
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    if (n >= 4 && memcmp(head, "\0asm", 4) == 0)
        return NULL;
    bool gzip = n >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    bool zstd = n >= 4 && memcmp(head, "\x28\xb5\x2f\xfd", 4) == 0;
    bool tar = n >= 262 && memcmp(head + 257, "ustar", 5) == 0;
    if (gzip || zstd || tar)
        *kind = WR_TARGET_IMAGE_ARCHIVE;
    return NULL;
}
