/* launch.c — building and freeing a wr_launch, the description of one module run. */
#include "launch.h"

#include <stdlib.h>
#include <string.h>

void wr_launch_init(wr_launch *l)
{
    memset(l, 0, sizeof *l);
    l->stdio[0] = 0;
    l->stdio[1] = 1;
    l->stdio[2] = 2;
}

void wr_launch_free(wr_launch *l)
{
    free(l->module_path);
    wr_strv_free(&l->argv);
    wr_strv_free(&l->env);
    for (size_t i = 0; i < l->npreopens; i++) {
        free(l->preopens[i].host);
        free(l->preopens[i].guest);
    }
    free(l->preopens);
    wr_strv_free(&l->listens);
    free(l->invoke);
    wr_strv_free(&l->invoke_args);
    wr_launch_init(l);
}

bool wr_launch_set_env(wr_launch *l, const char *entry)
{
    const char *eq = strchr(entry, '=');
    if (!eq)
        return false;
    size_t name_len = (size_t)(eq - entry) + 1; /* compare through the '=' */
    for (size_t i = 0; i < l->env.len; i++) {
        if (strncmp(l->env.items[i], entry, name_len) == 0) {
            char *copy = wr_strdup(entry);
            if (!copy)
                return false;
            free(l->env.items[i]);
            l->env.items[i] = copy;
            return true;
        }
    }
    return wr_strv_push(&l->env, entry);
}

bool wr_launch_add_preopen(wr_launch *l, const char *host, const char *guest)
{
    wr_preopen *p = realloc(l->preopens, (l->npreopens + 1) * sizeof *p);
    if (!p)
        return false;
    l->preopens = p;
    char *h = wr_strdup(host), *g = wr_strdup(guest);
    if (!h || !g) {
        free(h);
        free(g);
        return false;
    }
    p[l->npreopens].host = h;
    p[l->npreopens].guest = g;
    l->npreopens++;
    return true;
}

bool wr_launch_set_module(wr_launch *l, const char *path)
{
    char *copy = wr_strdup(path);
    if (!copy)
        return false;
    free(l->module_path);
    l->module_path = copy;
    return true;
}
