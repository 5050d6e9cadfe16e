/* escape_paths.h — escape attempts (paths leading out of the sandbox) shared by the host test and the guest. */
#ifndef ESCAPE_PATHS_H
#define ESCAPE_PATHS_H

/*
 * The layout (made by wh_escape_layout in harness.c), under a temporary base directory:
 *   outside/secret.txt "TOP SECRET", outside/dir/inner.txt, outside/emptydir/, outside/olink -> secret.txt
 *   sandbox/                       (preopened as "/")
 *     inside.txt "inside", sub/file, sub/up2 -> ../..
 *     up -> ..            out_dir -> ../outside       out_file -> ../outside/secret.txt
 *     abs_dir -> BASE/outside (absolute)              abs_file -> BASE/outside/secret.txt
 *     chain1 -> chain2 -> sub/up2/outside/secret.txt  deep -> sub/../../outside
 *     dotdot -> ../       loop -> loop
 */

/* Existing files outside, reached through a directory on the way: refused whatever the lookup flags. */
static const char *const escape_files[] = {
    "../outside/secret.txt",
    "up/outside/secret.txt",
    "out_dir/secret.txt",
    "abs_dir/secret.txt",
    "sub/up2/outside/secret.txt",
    "sub/../../outside/secret.txt",
    "sub//..//..//outside/secret.txt",
    "./../outside/secret.txt",
    "deep/secret.txt",
    "dotdot/outside/secret.txt",
    "out_dir/../outside/secret.txt",
    "out_dir/dir/../secret.txt",
    "up/sandbox/../outside/secret.txt",
    "/etc/passwd",
    "/",
    "..",
    "../",
};

/* Symlinks inside the sandbox whose target is outside: refused when followed (the link itself is inside). */
static const char *const escape_final_links[] = {
    "out_file",
    "abs_file",
    "chain1",
    "out_dir",
    "up",
    "deep",
    "dotdot",
};

/* Existing directories outside. */
static const char *const escape_dirs[] = {
    "../outside/dir",
    "out_dir/dir",
    "up/outside/dir",
    "deep/dir",
    "abs_dir/dir",
    "sub/up2/outside/emptydir",
    "out_dir/emptydir/",
    "../outside/emptydir",
};

/* New names outside (to create, link, rename or symlink to). */
static const char *const escape_new[] = {
    "../outside/new",
    "out_dir/new",
    "up/outside/new",
    "abs_dir/new",
    "sub/up2/outside/new",
    "deep/new",
    "dotdot/outside/new",
    "../new_in_base",
    "up/new_in_base",
    "out_dir/dir/new",
    "/tmp/lwasi-escaped",
};

/* Symlinks that live outside. */
static const char *const escape_outside_links[] = {
    "out_dir/olink",
    "../outside/olink",
};

#define ESCAPE_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
