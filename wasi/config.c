/* config.c — lwasi_config: what an embedder sets before making a context (args, env, preopens, stdio, sockets). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

lwasi_config *lwasi_config_new(void)
{
    lwasi_config *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    for (int i = 0; i < 3; i++)
        c->stdio[i] = i;
    return c;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void lwasi_config_delete(lwasi_config *c)
{
    if (!c)
        return;
    free_strings(c->args, c->nargs);
    free_strings(c->env, c->nenv);
    for (size_t i = 0; i < c->npreopens; i++) {
        close(c->preopens[i].fd);
        free(c->preopens[i].guest);
    }
    free(c->preopens);
    free_strings(c->listens, c->nlistens);
    free(c);
}

/* Appends an owned string to a growing array. */
static bool push_string(char ***v, size_t *n, char *s)
{
    if (!s)
        return false;
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) {
        free(s);
        return false;
    }
    nv[(*n)++] = s;
    *v = nv;
    return true;
}

bool lwasi_config_set_args(lwasi_config *c, int argc, const char *const *argv)
{
    if (!c || argc < 0 || (argc > 0 && !argv))
        return false;
    char **v = NULL;
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        if (!argv[i] || !push_string(&v, &n, strdup(argv[i]))) {
            free_strings(v, n);
            return false;
        }
    }
    free_strings(c->args, c->nargs);
    c->args = v;
    c->nargs = n;
    return true;
}

bool lwasi_config_add_env(lwasi_config *c, const char *name, const char *value)
{
    if (!c || !name || !value || !*name || strchr(name, '='))
        return false;
    size_t len = strlen(name) + strlen(value) + 2;
    char *s = malloc(len);
    if (!s)
        return false;
    snprintf(s, len, "%s=%s", name, value);
    return push_string(&c->env, &c->nenv, s);
}

lwasm_error *lwasi_config_preopen_dir(lwasi_config *c, const char *host_path, const char *guest_path)
{
    char msg[512];
    if (!c || !host_path || !guest_path)
        return lwasm_error_new_trap("lwasi_config_preopen_dir: NULL argument");
    int fd = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, sizeof msg, "cannot preopen directory '%s': %s", host_path, strerror(errno));
        return lwasm_error_new_trap(msg);
    }
    char *guest = strdup(guest_path);
    lw_wasi_preopen *p = guest ? realloc(c->preopens, (c->npreopens + 1) * sizeof *p) : NULL;
    if (!p) {
        free(guest);
        close(fd);
        return lwasm_error_new_trap("lwasi_config_preopen_dir: out of memory");
    }
    c->preopens = p;
    c->preopens[c->npreopens].fd = fd;
    c->preopens[c->npreopens].guest = guest;
    c->npreopens++;
    return NULL;
}

void lwasi_config_set_stdio(lwasi_config *c, int in_fd, int out_fd, int err_fd)
{
    if (!c)
        return;
    c->stdio[0] = in_fd;
    c->stdio[1] = out_fd;
    c->stdio[2] = err_fd;
}

bool lwasi_config_add_listen(lwasi_config *c, const char *addr_port)
{
    if (!c || !lw_wasi_listen_syntax_ok(addr_port))
        return false;
    return push_string(&c->listens, &c->nlistens, strdup(addr_port));
}
