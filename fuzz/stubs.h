/* stubs.h — stand-in imports for fuzzed modules: zero-returning host functions, fresh memories, tables, globals. */
#ifndef LW_FUZZ_STUBS_H
#define LW_FUZZ_STUBS_H

#include "libwasm.h"

/* Makes one extern per import of `m`, in import order, owned by `s`.
 * *out is malloc'd (free it); returns false when any import cannot be made
 * (a memory above the engine's limit, allocation failure). Host functions
 * write zero results and count their calls in *calls when not NULL. */
bool lw_stub_imports(lwasm_store *s, const lwasm_module *m, size_t *calls, lwasm_extern **out, size_t *n);

/* The zero value (null for references) of a kind. */
lwasm_val lw_stub_zero(lwasm_valkind k);

#endif
