/* values.h — text <-> wasm values for --invoke: parse arguments by type, print results. */
#ifndef WR_VALUES_H
#define WR_VALUES_H

#include <stdio.h>

#include "libwasm.h"
#include "util.h"

/* Parses `text` as a value of `kind`: integers in decimal (signed or unsigned) or 0x hex; floats as C
 * literals, inf, nan or nan:0xPAYLOAD; v128 as 0x and 32 hex digits; references only as "null". */
wr_err wr_value_parse(lwasm_valkind kind, const char *text, lwasm_val *out);

/* Writes a value so that wr_value_parse reads back the same bits (floats: shortest round-trip form). */
void wr_value_format(const lwasm_val *v, char *buf, size_t size);

const char *wr_valkind_name(lwasm_valkind kind);

#endif
