/* fuzz_wasi_path.c — libFuzzer harness: WASI path resolution beneath a scratch tree must never leave it, leak or disagree with the kernel. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: byte 0 selects LW_WASI_FOLLOW (bit 0); the rest, up to the first
 * NUL, is the guest path. The tree (made once per process):
 *   ROOT/outside/secret              a file the guest must never reach
 *   ROOT/sandbox/                    the preopened directory (base)
 *     file  a/  a/b/  a/b/deep  c/
 *     up -> ..   abs -> /etc   self -> self   to_a -> a   to_ab -> a/b
 *     a/up2 -> ../..   a/side -> ../c   dangling -> nowhere   a/b/out -> ../../../outside/secret
 * Checks per input: on success the directory handed back lies inside the
 * sandbox, the name is one component, a followed last component is no
 * symlink, no descriptor leaks; and whenever we resolve an existing object,
 * the kernel's own openat2(RESOLVE_BENEATH) reaches the same inode.
 */

static char root[64];
static char sandbox_real[PATH_MAX];
static int base = -1;

static void fail(const char *what, const char *path)
{
    fprintf(stderr, "fuzz_wasi_path: %s (path \"%s\")\n", what, path);
    abort();
}

static int rm_entry(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(p);
}

static void remove_tree(void)
{
    if (base >= 0)
        close(base);
    if (root[0])
        nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool mk(const char *rel, const char *link_target, bool dir)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    if (link_target)
        return symlink(link_target, p) == 0;
    if (dir)
        return mkdir(p, 0700) == 0;
    FILE *f = fopen(p, "w");
    return f && fputs(rel, f) >= 0 && fclose(f) == 0;
}

static bool make_tree(void)
{
    snprintf(root, sizeof root, "/tmp/lwfuzz-wasi-XXXXXX");
    if (!mkdtemp(root))
        return false;
    atexit(remove_tree);
    bool ok = mk("outside", NULL, true) && mk("outside/secret", NULL, false) && mk("sandbox", NULL, true) &&
              mk("sandbox/file", NULL, false) && mk("sandbox/a", NULL, true) && mk("sandbox/a/b", NULL, true) &&
              mk("sandbox/a/b/deep", NULL, false) && mk("sandbox/c", NULL, true) && mk("sandbox/up", "..", false) &&
              mk("sandbox/abs", "/etc", false) && mk("sandbox/self", "self", false) &&
              mk("sandbox/to_a", "a", false) && mk("sandbox/to_ab", "a/b", false) &&
              mk("sandbox/a/up2", "../..", false) && mk("sandbox/a/side", "../c", false) &&
              mk("sandbox/dangling", "nowhere", false) && mk("sandbox/a/b/out", "../../../outside/secret", false);
    if (!ok)
        return false;
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/sandbox", root);
    if (!realpath(p, sandbox_real))
        return false;
    base = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return base >= 0;
}

/* The real path behind a descriptor, as the kernel sees it. */
static bool fd_path(int fd, char *out, size_t n)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, out, n - 1);
    if (len < 0)
        return false;
    out[len] = '\0';
    return true;
}

static bool inside_sandbox(const char *real)
{
    size_t n = strlen(sandbox_real);
    return strncmp(real, sandbox_real, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* The lowest free descriptor: a leak anywhere in the resolver moves it. */
static int lowest_free_fd(void)
{
    int fd = dup(0);
    if (fd >= 0)
        close(fd);
    return fd;
}

static void kernel_agrees(const char *path, bool follow, const lw_wasi_path *ours)
{
    /* With a trailing slash the kernel follows a last symlink even under
     * O_NOFOLLOW, while resolve.c hands the link itself to the operation (by
     * design, see its comments): the kernel's answer is not comparable, and
     * containment of the directory was checked already. */
    if (!follow && ours->must_be_dir)
        return;
    struct stat mine;
    if (fstatat(ours->dirfd, ours->name, &mine, AT_SYMLINK_NOFOLLOW) != 0)
        return; /* nothing there to compare */
    struct open_how how = {
        .flags = O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW),
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    int fd = (int)syscall(SYS_openat2, base, path, &how, sizeof how);
    if (fd < 0) {
        /* The kernel refusing an escape that we allowed is the bug this
         * harness hunts; other refusals (ENOTDIR for a trailing slash on a
         * file, ENOSYS on old kernels) are the callers' business. */
        if (errno == EXDEV)
            fail("resolved a path the kernel calls an escape", path);
        return;
    }
    struct stat theirs;
    bool same = fstat(fd, &theirs) == 0 && theirs.st_dev == mine.st_dev && theirs.st_ino == mine.st_ino;
    close(fd);
    if (!same)
        fail("resolved to another object than the kernel", path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (base < 0 && !make_tree())
        abort(); /* the harness cannot work without its tree */
    if (size == 0)
        return 0;
    bool follow = data[0] & 1;
    size_t len = strnlen((const char *)data + 1, size - 1);
    if (len > 8192)
        len = 8192;
    char *path = malloc(len + 1);
    if (!path)
        return 0;
    memcpy(path, data + 1, len);
    path[len] = '\0';

    int free_before = lowest_free_fd();
    lw_wasi_path out;
    int err = lw_wasi_resolve(base, path, follow ? LW_WASI_FOLLOW : 0, &out);
    if (err == 0) {
        char real[PATH_MAX];
        if (!out.name || !*out.name || strchr(out.name, '/') || strcmp(out.name, "..") == 0)
            fail("resolved name is not one component", path);
        if (!fd_path(out.dirfd, real, sizeof real) || !inside_sandbox(real))
            fail("resolved directory lies outside the sandbox", path);
        struct stat st;
        if (follow && strcmp(out.name, ".") != 0 && fstatat(out.dirfd, out.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISLNK(st.st_mode))
            fail("a followed last component is still a symlink", path);
        (void)lw_wasi_path_check_dir(&out);
        kernel_agrees(path, follow, &out);
    } else if (out.dirfd != -1 || out.name) {
        fail("a failed resolution left state behind", path);
    }
    lw_wasi_path_release(&out);
    if (lowest_free_fd() != free_before)
        fail("descriptor leaked", path);
    free(path);
    return 0;
}
