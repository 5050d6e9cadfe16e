/* imports.c — the wasi_snapshot_preview1 import table: each name, its implementation and its wasm signature. */
#include <string.h>

#include "internal.h"

/* Signatures of the lowered witx functions: 'i' is i32 (also pointers, lengths, u8/u16 values), 'I' is i64. */
const lw_wasi_import lw_wasi_imports[] = {
    {"args_get", lw_wasi_args_get, "ii", "i"},
    {"args_sizes_get", lw_wasi_args_sizes_get, "ii", "i"},
    {"environ_get", lw_wasi_environ_get, "ii", "i"},
    {"environ_sizes_get", lw_wasi_environ_sizes_get, "ii", "i"},
    {"clock_res_get", lw_wasi_clock_res_get, "ii", "i"},
    {"clock_time_get", lw_wasi_clock_time_get, "iIi", "i"},
    {"fd_advise", lw_wasi_fd_advise, "iIIi", "i"},
    {"fd_allocate", lw_wasi_fd_allocate, "iII", "i"},
    {"fd_close", lw_wasi_fd_close, "i", "i"},
    {"fd_datasync", lw_wasi_fd_datasync, "i", "i"},
    {"fd_fdstat_get", lw_wasi_fd_fdstat_get, "ii", "i"},
    {"fd_fdstat_set_flags", lw_wasi_fd_fdstat_set_flags, "ii", "i"},
    {"fd_fdstat_set_rights", lw_wasi_fd_fdstat_set_rights, "iII", "i"},
    {"fd_filestat_get", lw_wasi_fd_filestat_get, "ii", "i"},
    {"fd_filestat_set_size", lw_wasi_fd_filestat_set_size, "iI", "i"},
    {"fd_filestat_set_times", lw_wasi_fd_filestat_set_times, "iIIi", "i"},
    {"fd_pread", lw_wasi_fd_pread, "iiiIi", "i"},
    {"fd_prestat_get", lw_wasi_fd_prestat_get, "ii", "i"},
    {"fd_prestat_dir_name", lw_wasi_fd_prestat_dir_name, "iii", "i"},
    {"fd_pwrite", lw_wasi_fd_pwrite, "iiiIi", "i"},
    {"fd_read", lw_wasi_fd_read, "iiii", "i"},
    {"fd_readdir", lw_wasi_fd_readdir, "iiiIi", "i"},
    {"fd_renumber", lw_wasi_fd_renumber, "ii", "i"},
    {"fd_seek", lw_wasi_fd_seek, "iIii", "i"},
    {"fd_sync", lw_wasi_fd_sync, "i", "i"},
    {"fd_tell", lw_wasi_fd_tell, "ii", "i"},
    {"fd_write", lw_wasi_fd_write, "iiii", "i"},
    {"path_create_directory", lw_wasi_path_create_directory, "iii", "i"},
    {"path_filestat_get", lw_wasi_path_filestat_get, "iiiii", "i"},
    {"path_filestat_set_times", lw_wasi_path_filestat_set_times, "iiiiIIi", "i"},
    {"path_link", lw_wasi_path_link, "iiiiiii", "i"},
    {"path_open", lw_wasi_path_open, "iiiiiIIii", "i"},
    {"path_readlink", lw_wasi_path_readlink, "iiiiii", "i"},
    {"path_remove_directory", lw_wasi_path_remove_directory, "iii", "i"},
    {"path_rename", lw_wasi_path_rename, "iiiiii", "i"},
    {"path_symlink", lw_wasi_path_symlink, "iiiii", "i"},
    {"path_unlink_file", lw_wasi_path_unlink_file, "iii", "i"},
    {"poll_oneoff", lw_wasi_poll_oneoff, "iiii", "i"},
    {"proc_exit", lw_wasi_proc_exit, "i", ""},
    {"proc_raise", lw_wasi_proc_raise, "i", "i"},
    {"sched_yield", lw_wasi_sched_yield, "", "i"},
    {"random_get", lw_wasi_random_get, "ii", "i"},
    {"sock_accept", lw_wasi_sock_accept, "iii", "i"},
    {"sock_recv", lw_wasi_sock_recv, "iiiiii", "i"},
    {"sock_send", lw_wasi_sock_send, "iiiii", "i"},
    {"sock_shutdown", lw_wasi_sock_shutdown, "ii", "i"},
};

const size_t lw_wasi_import_count = sizeof lw_wasi_imports / sizeof lw_wasi_imports[0];

const lw_wasi_import *lw_wasi_import_find(const char *name)
{
    for (size_t i = 0; i < lw_wasi_import_count; i++)
        if (strcmp(lw_wasi_imports[i].name, name) == 0)
            return &lw_wasi_imports[i];
    return NULL;
}
