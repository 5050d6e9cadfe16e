/* escape.c — a wasm32-wasi guest that tries to get out of its preopen through every path call and through libc. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "escape_paths.h"

#define DIRFD 3 /* the preopen "/" */
#define RIGHTS_READ (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR)

static int escapes, attempts;

static void check(__wasi_errno_t err, const char *call, const char *path)
{
    attempts++;
    if (err == 0) {
        printf("ESCAPED %s %s\n", call, path);
        escapes++;
    }
}

static void try_open(__wasi_lookupflags_t lk, const char *path, __wasi_oflags_t of, __wasi_rights_t rights,
                     const char *call)
{
    __wasi_fd_t fd;
    __wasi_errno_t err = __wasi_path_open(DIRFD, lk, path, of, rights, rights, 0, &fd);
    if (!err)
        (void)__wasi_fd_close(fd);
    check(err, call, path);
}

static void raw_calls(const char *abs_outside)
{
    char abs_secret[1024], abs_new[1024];
    snprintf(abs_secret, sizeof abs_secret, "%s/secret.txt", abs_outside);
    snprintf(abs_new, sizeof abs_new, "%s/new", abs_outside);
    const char *const extra[] = {abs_secret, abs_outside};
    __wasi_filestat_t st;
    uint8_t buf[256];
    __wasi_size_t used;
    for (int follow = 0; follow < 2; follow++) {
        __wasi_lookupflags_t lk = follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0;
        for (size_t i = 0; i < ESCAPE_COUNT(escape_files) + 2; i++) {
            const char *p = i < ESCAPE_COUNT(escape_files) ? escape_files[i] : extra[i - ESCAPE_COUNT(escape_files)];
            try_open(lk, p, 0, RIGHTS_READ, "path_open");
            try_open(lk, p, __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE, "path_open(TRUNC)");
            check(__wasi_path_filestat_get(DIRFD, lk, p, &st), "path_filestat_get", p);
            check(__wasi_path_filestat_set_times(DIRFD, lk, p, 1, 1,
                                                 __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM),
                  "path_filestat_set_times", p);
            check(__wasi_path_link(DIRFD, lk, p, DIRFD, "hard"), "path_link", p);
            if (!follow) {
                check(__wasi_path_unlink_file(DIRFD, p), "path_unlink_file", p);
                check(__wasi_path_rename(DIRFD, p, DIRFD, "stolen"), "path_rename", p);
            }
        }
        for (size_t i = 0; i < ESCAPE_COUNT(escape_dirs); i++)
            try_open(lk, escape_dirs[i], __WASI_OFLAGS_DIRECTORY, RIGHTS_READ, "path_open(DIRECTORY)");
        for (size_t i = 0; i < ESCAPE_COUNT(escape_final_links) && follow; i++) {
            const char *p = escape_final_links[i];
            try_open(lk, p, 0, RIGHTS_READ, "path_open(FOLLOW)");
            check(__wasi_path_filestat_get(DIRFD, lk, p, &st), "path_filestat_get(FOLLOW)", p);
            check(__wasi_path_link(DIRFD, lk, p, DIRFD, "hard"), "path_link(FOLLOW)", p);
        }
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_new) + 1; i++) {
        const char *p = i < ESCAPE_COUNT(escape_new) ? escape_new[i] : abs_new;
        try_open(0, p, __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, "path_open(CREAT)");
        check(__wasi_path_create_directory(DIRFD, p), "path_create_directory", p);
        check(__wasi_path_symlink("x", DIRFD, p), "path_symlink", p);
        check(__wasi_path_link(DIRFD, 0, "inside.txt", DIRFD, p), "path_link(to)", p);
        check(__wasi_path_rename(DIRFD, "inside.txt", DIRFD, p), "path_rename(to)", p);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_dirs); i++) {
        check(__wasi_path_remove_directory(DIRFD, escape_dirs[i]), "path_remove_directory", escape_dirs[i]);
        check(__wasi_path_rename(DIRFD, escape_dirs[i], DIRFD, "stolen_dir"), "path_rename", escape_dirs[i]);
    }
    for (size_t i = 0; i < ESCAPE_COUNT(escape_outside_links); i++)
        check(__wasi_path_readlink(DIRFD, escape_outside_links[i], buf, sizeof buf, &used), "path_readlink",
              escape_outside_links[i]);
    check(__wasi_path_symlink(abs_secret, DIRFD, "abs_new"), "path_symlink(absolute target)", abs_secret);
}

/* Through wasi-libc, as an ordinary program would try. */
static void libc_calls(void)
{
    static const char *const paths[] = {"../outside/secret.txt", "/../outside/secret.txt", "out_file",
                                        "out_dir/secret.txt", "up/outside/secret.txt", "chain1", "abs_file"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        FILE *f = fopen(paths[i], "r");
        check(f ? 0 : (__wasi_errno_t)errno, "fopen", paths[i]);
        if (f)
            fclose(f);
        f = fopen(paths[i], "a");
        check(f ? 0 : (__wasi_errno_t)errno, "fopen(a)", paths[i]);
        if (f)
            fclose(f);
    }
    check(mkdir("out_dir/libc_dir", 0755) == 0 ? 0 : (__wasi_errno_t)errno, "mkdir", "out_dir/libc_dir");
    check(unlink("out_dir/secret.txt") == 0 ? 0 : (__wasi_errno_t)errno, "unlink", "out_dir/secret.txt");
    check(rename("out_dir/secret.txt", "mine") == 0 ? 0 : (__wasi_errno_t)errno, "rename", "out_dir/secret.txt");
    check(chdir("out_dir") == 0 ? 0 : (__wasi_errno_t)errno, "chdir", "out_dir");
}

/* Prints each escape and exits 1 if any succeeded, else 0. argv[1] is the host's absolute path of outside/. */
int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: escape OUTSIDE_ABSOLUTE_PATH\n");
        return 2;
    }
    raw_calls(argv[1]);
    libc_calls();
    /* what is inside must still work, so the refusals above are not a sandbox refusing everything */
    FILE *f = fopen("sub/../inside.txt", "r");
    char line[32] = "";
    if (!f || !fgets(line, sizeof line, f) || strcmp(line, "inside") != 0) {
        printf("BROKEN inside.txt is not readable\n");
        return 3;
    }
    fclose(f);
    printf("%d attempts, %d escaped\n", attempts, escapes);
    return escapes ? 1 : 0;
}
