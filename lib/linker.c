/* linker.c — a map from (module, name) to runtime objects, used to resolve a module's imports by name. */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

typedef struct link_entry {
    char *key; /* module bytes then name bytes, one allocation; NULL = empty slot */
    size_t module_len, name_len;
    uint64_t hash;
    lwasm_extern item;
} link_entry;

/* Open addressing with linear probing; the table stays at most half full. */
struct lwasm_linker {
    lwasm_store *store;
    link_entry *slots;
    size_t cap; /* zero or a power of two */
    size_t count;
};

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint64_t key_hash(const char *module, size_t module_len, const char *name, size_t name_len)
{
    /* The module length goes in too, so ("ab","c") and ("a","bc") differ. */
    uint64_t h = fnv1a(0xcbf29ce484222325ull, &module_len, sizeof module_len);
    h = fnv1a(h, module, module_len);
    return fnv1a(h, name, name_len);
}

static bool key_equal(const link_entry *e, uint64_t hash, const char *module, size_t module_len, const char *name,
                      size_t name_len)
{
    return e->hash == hash && e->module_len == module_len && e->name_len == name_len &&
           (module_len == 0 || memcmp(e->key, module, module_len) == 0) &&
           (name_len == 0 || memcmp(e->key + module_len, name, name_len) == 0);
}

/* The slot holding the key, or the empty slot where it would go. */
static link_entry *find_slot(link_entry *slots, size_t cap, uint64_t hash, const char *module, size_t module_len,
                             const char *name, size_t name_len)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        link_entry *e = &slots[i];
        if (!e->key || key_equal(e, hash, module, module_len, name, name_len))
            return e;
    }
}

static bool grow(lwasm_linker *l)
{
    size_t cap = l->cap ? l->cap * 2 : 64;
    if (cap > SIZE_MAX / sizeof(link_entry))
        return false;
    link_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < l->cap; i++) {
        link_entry *old = &l->slots[i];
        if (!old->key)
            continue;
        link_entry *dst = find_slot(slots, cap, old->hash, old->key, old->module_len, old->key + old->module_len,
                                    old->name_len);
        *dst = *old;
    }
    free(l->slots);
    l->slots = slots;
    l->cap = cap;
    return true;
}

lwasm_linker *lwasm_linker_new(lwasm_store *s)
{
    if (!s)
        return NULL;
    lwasm_linker *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->store = s;
    return l;
}

lwasm_store *lwasm_linker_store(const lwasm_linker *l) { return l ? l->store : NULL; }

void lwasm_linker_delete(lwasm_linker *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->cap; i++)
        free(l->slots[i].key);
    free(l->slots);
    free(l);
}

static lwasm_error *check_item(const lwasm_linker *l, const lwasm_extern *item)
{
    const void *object = NULL;
    switch (item->kind) {
    case LWASM_EXTERN_FUNC:
        object = item->of.func;
        if (item->of.func && item->of.func->store != l->store)
            return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                            "lwasm_linker_define: the function belongs to another store");
        break;
    case LWASM_EXTERN_TABLE: object = item->of.table; break;
    case LWASM_EXTERN_MEMORY: object = item->of.memory; break;
    case LWASM_EXTERN_GLOBAL: object = item->of.global; break;
    default:
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "lwasm_linker_define: unknown extern kind %d", (int)item->kind);
    }
    if (!object)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_linker_define: NULL object");
    return NULL;
}

lwasm_error *lwasm_linker_define(lwasm_linker *l, const char *module, size_t module_len, const char *name,
                                 size_t name_len, const lwasm_extern *item)
{
    if (!l || !item || (module_len && !module) || (name_len && !name))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_linker_define: NULL argument");
    LW_TRY(check_item(l, item));
    uint64_t hash = key_hash(module, module_len, name, name_len);
    if (l->cap) {
        link_entry *e = find_slot(l->slots, l->cap, hash, module, module_len, name, name_len);
        if (e->key) {
            e->item = *item; /* a later definition replaces the earlier one */
            return NULL;
        }
    }
    if ((l->count + 1) * 2 > l->cap && !grow(l))
        return lw_error_nomem();
    if (module_len > SIZE_MAX - name_len - 1)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_linker_define: name too long");
    char *key = malloc(module_len + name_len + 1); /* +1: never a zero-size allocation */
    if (!key)
        return lw_error_nomem();
    if (module_len)
        memcpy(key, module, module_len);
    if (name_len)
        memcpy(key + module_len, name, name_len);
    link_entry *e = find_slot(l->slots, l->cap, hash, module, module_len, name, name_len);
    e->key = key;
    e->module_len = module_len;
    e->name_len = name_len;
    e->hash = hash;
    e->item = *item;
    l->count++;
    return NULL;
}

lwasm_error *lwasm_linker_define_instance(lwasm_linker *l, const char *module, size_t module_len,
                                          const lwasm_instance *inst)
{
    if (!l || !inst || (module_len && !module))
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "lwasm_linker_define_instance: NULL argument");
    if (inst->store != l->store)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "lwasm_linker_define_instance: the instance belongs to another store");
    size_t n = lwasm_instance_export_count(inst);
    for (size_t i = 0; i < n; i++) {
        lwasm_name name;
        lwasm_extern item;
        lwasm_instance_export_nth(inst, i, &name, &item);
        LW_TRY(lwasm_linker_define(l, module, module_len, name.data, name.len, &item));
    }
    return NULL;
}

bool lwasm_linker_get(const lwasm_linker *l, const char *module, size_t module_len, const char *name,
                      size_t name_len, lwasm_extern *out)
{
    if (!l || !l->cap || (module_len && !module) || (name_len && !name))
        return false;
    uint64_t hash = key_hash(module, module_len, name, name_len);
    const link_entry *e = find_slot(l->slots, l->cap, hash, module, module_len, name, name_len);
    if (!e->key)
        return false;
    if (out)
        *out = e->item;
    return true;
}

lwasm_error *lwasm_linker_instantiate(lwasm_linker *l, lwasm_module *m, lwasm_instance **out)
{
    if (!out)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC, "lwasm_linker_instantiate: NULL out");
    *out = NULL;
    if (!l || !m)
        return lw_error(LWASM_ERR_ARGUMENT, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                        "lwasm_linker_instantiate: NULL argument");
    lwasm_extern *imports = NULL;
    if (m->nimports) {
        imports = calloc(m->nimports, sizeof *imports);
        if (!imports)
            return lw_error_nomem();
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const lw_import *im = &m->imports[i];
        if (!lwasm_linker_get(l, im->module.data, im->module.len, im->name.data, im->name.len, &imports[i])) {
            free(imports);
            return lw_error(LWASM_ERR_UNLINKABLE, LWASM_NO_OFFSET, LWASM_NO_FUNC,
                            "unknown import \"%.*s\".\"%.*s\"", (int)(im->module.len > 120 ? 120 : im->module.len),
                            im->module.len ? im->module.data : "", (int)(im->name.len > 120 ? 120 : im->name.len),
                            im->name.len ? im->name.data : "");
        }
    }
    lwasm_error *err = lwasm_instance_new(l->store, m, imports, m->nimports, out);
    free(imports);
    return err;
}
