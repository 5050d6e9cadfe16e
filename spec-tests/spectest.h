/* spectest.h — the `spectest` host module that spec scripts import from. */
#ifndef SPEC_SPECTEST_H
#define SPEC_SPECTEST_H

#include "libwasm.h"

/* Creates the spectest functions, globals, table and memory in the store and
 * defines them in the linker under module name "spectest". */
lwasm_error *spectest_define(lwasm_store *s, lwasm_linker *l);

#endif
