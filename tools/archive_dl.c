/* archive_dl.c — the libarchive functions unpack.c uses, loaded with dlopen on first use so that plain runs never load it. */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/*
 * Linking libarchive makes every start of wasmrun load it and its own
 * dependencies (libxml2, ICU, the C++ runtime...), some 3 ms and 3 MiB
 * before a module is even read. Only unpacking an image needs it, so these
 * definitions stand in for the library's: the first call opens it and
 * looks all of them up; if it cannot be opened, archive_read_new() returns
 * NULL and the caller reports an error (the others are only reached with an
 * archive that archive_read_new made, or from inside the library).
 */

/* Every function but archive_read_new, which loads the rest. */
#define WR_ARCHIVE_FUNCS(X)                                                                                   \
    X(int, archive_read_support_filter_all, (struct archive * a), (a))                                        \
    X(int, archive_read_support_format_tar, (struct archive * a), (a))                                        \
    X(int, archive_read_open_filename, (struct archive * a, const char *f, size_t b), (a, f, b))              \
    X(int, archive_read_next_header, (struct archive * a, struct archive_entry * *e), (a, e))                 \
    X(int, archive_read_data_block, (struct archive * a, const void **b, size_t *s, la_int64_t *o),           \
      (a, b, s, o))                                                                                           \
    X(int, archive_read_free, (struct archive * a), (a))                                                      \
    X(const char *, archive_error_string, (struct archive * a), (a))                                          \
    X(const char *, archive_entry_pathname, (struct archive_entry * e), (e))                                  \
    X(__LA_MODE_T, archive_entry_filetype, (struct archive_entry * e), (e))                                   \
    X(__LA_MODE_T, archive_entry_perm, (struct archive_entry * e), (e))                                       \
    X(const char *, archive_entry_hardlink, (struct archive_entry * e), (e))                                  \
    X(const char *, archive_entry_symlink, (struct archive_entry * e), (e))                                   \
    X(la_int64_t, archive_entry_size, (struct archive_entry * e), (e))

static struct {
    struct archive *(*archive_read_new)(void);
#define WR_X_POINTER(ret, name, params, args) ret(*name) params;
    WR_ARCHIVE_FUNCS(WR_X_POINTER)
#undef WR_X_POINTER
} wr_archive;
static pthread_once_t wr_archive_once = PTHREAD_ONCE_INIT;
static int wr_archive_loaded;

static void wr_archive_load(void)
{
    void *lib = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return;
    *(void **)&wr_archive.archive_read_new = dlsym(lib, "archive_read_new");
    int ok = wr_archive.archive_read_new != NULL;
#define WR_X_LOOKUP(ret, name, params, args)                                                                  \
    *(void **)&wr_archive.name = dlsym(lib, #name);                                                           \
    ok &= wr_archive.name != NULL;
    WR_ARCHIVE_FUNCS(WR_X_LOOKUP)
#undef WR_X_LOOKUP
    wr_archive_loaded = ok;
}

struct archive *archive_read_new(void)
{
    pthread_once(&wr_archive_once, wr_archive_load);
    return wr_archive_loaded ? wr_archive.archive_read_new() : NULL;
}

/* Each loads the library too: a program that links libarchive as well (the
 * tests that write archives) has the library's own internal calls reach
 * these definitions, before any archive_read_new. */
#define WR_X_FORWARD(ret, name, params, args)                                                                 \
    ret name params                                                                                           \
    {                                                                                                         \
        pthread_once(&wr_archive_once, wr_archive_load);                                                      \
        return wr_archive.name args;                                                                          \
    }
WR_ARCHIVE_FUNCS(WR_X_FORWARD)
