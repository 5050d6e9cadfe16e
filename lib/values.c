/* values.c — lwasm_val constructors, float accessors, and conversion between lwasm_val and runtime slots. */
#include "runtime.h"

#include <string.h>

lwasm_val lwasm_val_i32(int32_t v)
{
    lwasm_val r;
    memset(&r, 0, sizeof r);
    r.kind = LWASM_I32;
    r.of.i32 = v;
    return r;
}

lwasm_val lwasm_val_i64(int64_t v)
{
    lwasm_val r;
    memset(&r, 0, sizeof r);
    r.kind = LWASM_I64;
    r.of.i64 = v;
    return r;
}

lwasm_val lwasm_val_f32(float v)
{
    lwasm_val r;
    memset(&r, 0, sizeof r);
    r.kind = LWASM_F32;
    memcpy(&r.of.f32_bits, &v, sizeof v);
    return r;
}

lwasm_val lwasm_val_f64(double v)
{
    lwasm_val r;
    memset(&r, 0, sizeof r);
    r.kind = LWASM_F64;
    memcpy(&r.of.f64_bits, &v, sizeof v);
    return r;
}

float lwasm_val_as_f32(const lwasm_val *v)
{
    float f;
    memcpy(&f, &v->of.f32_bits, sizeof f);
    return f;
}

double lwasm_val_as_f64(const lwasm_val *v)
{
    double d;
    memcpy(&d, &v->of.f64_bits, sizeof d);
    return d;
}

void lw_val_to_slots(const lwasm_val *v, lw_value *slots)
{
    /* Whole slots are cleared so a narrow value never leaves stale upper bits. */
    memset(slots, 0, lw_slots_of(v->kind) * sizeof *slots);
    switch (v->kind) {
    case LWASM_I32: slots[0].i32 = (uint32_t)v->of.i32; break;
    case LWASM_I64: slots[0].i64 = (uint64_t)v->of.i64; break;
    case LWASM_F32: slots[0].f32 = v->of.f32_bits; break;
    case LWASM_F64: slots[0].f64 = v->of.f64_bits; break;
    case LWASM_V128: memcpy(slots, v->of.v128.bytes, sizeof v->of.v128.bytes); break;
    case LWASM_FUNCREF: slots[0].ref = v->of.funcref; break;
    case LWASM_EXTERNREF: slots[0].ref = v->of.externref; break;
    default: break;
    }
}

void lw_val_from_slots(lwasm_valkind kind, const lw_value *slots, lwasm_val *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    switch (kind) {
    case LWASM_I32: out->of.i32 = (int32_t)slots[0].i32; break;
    case LWASM_I64: out->of.i64 = (int64_t)slots[0].i64; break;
    case LWASM_F32: out->of.f32_bits = slots[0].f32; break;
    case LWASM_F64: out->of.f64_bits = slots[0].f64; break;
    case LWASM_V128: memcpy(out->of.v128.bytes, slots, sizeof out->of.v128.bytes); break;
    case LWASM_FUNCREF: out->of.funcref = slots[0].ref; break;
    case LWASM_EXTERNREF: out->of.externref = slots[0].ref; break;
    default: break;
    }
}
