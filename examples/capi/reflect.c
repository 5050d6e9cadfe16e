/* reflect.c — lists a module's imports and exports with their types through wasm.h (usage: reflect FILE.wasm). */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"

static const char *valkind_name(wasm_valkind_t k)
{
    switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_V128: return "v128";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "?";
    }
}

static void print_valtypes(const wasm_valtype_vec_t *types)
{
    printf("(");
    for (size_t i = 0; i < types->size; i++)
        printf("%s%s", i ? " " : "", valkind_name(wasm_valtype_kind(types->data[i])));
    printf(")");
}

static void print_limits(const wasm_limits_t *limits)
{
    printf("%" PRIu32, limits->min);
    if (limits->max != wasm_limits_max_default)
        printf("..%" PRIu32, limits->max);
}

static void print_externtype(const wasm_externtype_t *type)
{
    switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
        const wasm_functype_t *f = wasm_externtype_as_functype_const(type);
        printf("func ");
        print_valtypes(wasm_functype_params(f));
        printf(" -> ");
        print_valtypes(wasm_functype_results(f));
        break;
    }
    case WASM_EXTERN_GLOBAL: {
        const wasm_globaltype_t *g = wasm_externtype_as_globaltype_const(type);
        printf("global %s %s", wasm_globaltype_mutability(g) == WASM_VAR ? "var" : "const",
               valkind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
        break;
    }
    case WASM_EXTERN_TABLE: {
        const wasm_tabletype_t *t = wasm_externtype_as_tabletype_const(type);
        printf("table %s ", valkind_name(wasm_valtype_kind(wasm_tabletype_element(t))));
        print_limits(wasm_tabletype_limits(t));
        break;
    }
    case WASM_EXTERN_MEMORY:
        printf("memory ");
        print_limits(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(type)));
        break;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.wasm\n", argv[0]);
        return 2;
    }
    wasm_byte_vec_t binary;
    if (!example_read_file(argv[1], &binary))
        return 1;
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) {
        fprintf(stderr, "%s: not a valid module\n", argv[1]);
        return 1;
    }

    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    for (size_t i = 0; i < imports.size; i++) {
        const wasm_name_t *m = wasm_importtype_module(imports.data[i]), *n = wasm_importtype_name(imports.data[i]);
        printf("import \"%.*s\" \"%.*s\": ", (int)m->size, m->data, (int)n->size, n->data);
        print_externtype(wasm_importtype_type(imports.data[i]));
        printf("\n");
    }
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    for (size_t i = 0; i < exports.size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(exports.data[i]);
        printf("export \"%.*s\": ", (int)n->size, n->data);
        print_externtype(wasm_exporttype_type(exports.data[i]));
        printf("\n");
    }
    wasm_importtype_vec_delete(&imports);
    wasm_exporttype_vec_delete(&exports);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}
