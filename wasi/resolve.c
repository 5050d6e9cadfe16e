/* resolve.c — resolves guest paths beneath a directory descriptor, one component at a time, never leaving it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/*
 * Why by hand: the kernel must never see a `..` or a symlink it could follow out of the sandbox. Each
 * intermediate directory is opened with openat(O_PATH | O_DIRECTORY | O_NOFOLLOW) relative to the one before,
 * so the walk only ever holds descriptors inside the base directory; `..` pops that stack (refused at its
 * bottom), and symlinks are read with readlinkat and spliced into the remaining path. A symlink swapped in
 * while we walk makes the O_NOFOLLOW open fail rather than be followed.
 */

typedef struct walk {
    int base;
    int *stack; /* owned descriptors of the directories entered below base */
    size_t depth, cap;
} walk;

static int walk_top(const walk *w) { return w->depth ? w->stack[w->depth - 1] : w->base; }

static int walk_push(walk *w, int fd)
{
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        int *s = realloc(w->stack, cap * sizeof *s);
        if (!s) {
            close(fd);
            return LWASI_ENOMEM;
        }
        w->stack = s;
        w->cap = cap;
    }
    w->stack[w->depth++] = fd;
    return 0;
}

static void walk_release(walk *w, bool keep_top)
{
    size_t n = keep_top && w->depth ? w->depth - 1 : w->depth;
    for (size_t i = 0; i < n; i++)
        close(w->stack[i]);
    free(w->stack);
    w->stack = NULL;
}

/* Replaces the pending path by `target` followed by what remained after the symlink's component. */
static int splice_target(char **pending, size_t *pos, const char *target, size_t tlen)
{
    const char *rest = *pending + *pos;
    size_t rlen = strlen(rest);
    if (tlen + rlen > LW_WASI_PATH_MAX)
        return LWASI_ENAMETOOLONG;
    char *s = malloc(tlen + rlen + 1);
    if (!s)
        return LWASI_ENOMEM;
    memcpy(s, target, tlen);
    memcpy(s + tlen, rest, rlen + 1);
    free(*pending);
    *pending = s;
    *pos = 0;
    return 0;
}

int lw_wasi_resolve(int base, const char *path, unsigned flags, lw_wasi_path *out)
{
    memset(out, 0, sizeof *out);
    out->dirfd = -1;
    if (path[0] == '\0')
        return LWASI_ENOENT;
    if (path[0] == '/')
        return LWASI_ENOTCAPABLE;

    walk w = {.base = base};
    char *pending = strdup(path);
    if (!pending)
        return LWASI_ENOMEM;
    size_t pos = 0;
    unsigned links = 0;
    int err = 0;
    char name[NAME_MAX + 1];
    bool must_be_dir = false;
    char target[PATH_MAX];

    for (;;) {
        while (pending[pos] == '/')
            pos++;
        if (pending[pos] == '\0') {
            /* Only reached after a spliced symlink target made of slashes and dots: the directory itself. */
            strcpy(name, ".");
            must_be_dir = true;
            break;
        }
        size_t start = pos;
        while (pending[pos] && pending[pos] != '/')
            pos++;
        size_t len = pos - start;
        size_t after = pos;
        while (pending[after] == '/')
            after++;
        bool slash = after > pos;
        bool last = pending[after] == '\0';
        if (len > NAME_MAX) {
            err = LWASI_ENAMETOOLONG;
            break;
        }
        memcpy(name, pending + start, len);
        name[len] = '\0';

        if (strcmp(name, ".") == 0) {
            if (last) {
                must_be_dir = true;
                break;
            }
            continue;
        }
        if (strcmp(name, "..") == 0) {
            if (w.depth == 0) {
                err = LWASI_ENOTCAPABLE;
                break;
            }
            close(w.stack[--w.depth]);
            if (last) {
                strcpy(name, ".");
                must_be_dir = true;
                break;
            }
            continue;
        }
        if (last && !(flags & LW_WASI_FOLLOW)) {
            /* Not followed, even with a trailing slash: the operation checks the object itself. */
            must_be_dir = slash;
            break;
        }
        int cur = walk_top(&w);
        if (!last) {
            int fd = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0) {
                if ((err = walk_push(&w, fd)))
                    break;
                continue;
            }
            if (errno != ENOTDIR && errno != ELOOP) {
                err = lw_wasi_errno(errno);
                break;
            }
            /* Not a plain directory: perhaps a symlink to one. */
        }
        ssize_t n = readlinkat(cur, name, target, sizeof target);
        if (n < 0) {
            int e = errno;
            if (last && (e == EINVAL || e == ENOENT)) {
                /* Not a symlink (or absent): the last component as it is. */
                must_be_dir = slash;
                break;
            }
            err = e == EINVAL ? LWASI_ENOTDIR : lw_wasi_errno(e);
            break;
        }
        if ((size_t)n >= sizeof target) {
            err = LWASI_ENAMETOOLONG;
            break;
        }
        if (++links > LW_WASI_MAX_SYMLINKS) {
            err = LWASI_ELOOP;
            break;
        }
        if (n == 0) {
            err = LWASI_ENOENT;
            break;
        }
        if (target[0] == '/') {
            err = LWASI_ENOTCAPABLE;
            break;
        }
        /* pos is at the '/' that followed the link's name (or the end), so a trailing slash carries over. */
        if ((err = splice_target(&pending, &pos, target, (size_t)n)))
            break;
    }
    free(pending);
    if (err) {
        walk_release(&w, false);
        return err;
    }
    out->name = strdup(name);
    if (!out->name) {
        walk_release(&w, false);
        return LWASI_ENOMEM;
    }
    out->dirfd = walk_top(&w);
    out->own_dirfd = w.depth > 0;
    out->must_be_dir = must_be_dir;
    walk_release(&w, true);
    return 0;
}

void lw_wasi_path_release(lw_wasi_path *p)
{
    if (p->own_dirfd && p->dirfd >= 0)
        close(p->dirfd);
    free(p->name);
    memset(p, 0, sizeof *p);
    p->dirfd = -1;
}

int lw_wasi_path_check_dir(const lw_wasi_path *p)
{
    if (!p->must_be_dir)
        return 0;
    struct stat st;
    if (fstatat(p->dirfd, p->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return lw_wasi_errno(errno);
    return S_ISDIR(st.st_mode) ? 0 : LWASI_ENOTDIR;
}
