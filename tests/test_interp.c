/* test_interp.c — end-to-end tests of the translator and interpreter through the public API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "libwasm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Modules made with `wat2wasm --debug-names` from the text above each array. */

/* wat2wasm --debug-names of:
   (module
     (func $fac (export "fac") (param i64) (result i64)
       (if (result i64) (i64.eqz (local.get 0))
         (then (i64.const 1))
         (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
     (func $fib (export "fib") (param i32) (result i32)
       (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
         (then (local.get 0))
         (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                        (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
     (func (export "sum") (param $n i32) (result i32) (local $acc i32)
       (block $done
         (loop $l
           (br_if $done (i32.eqz (local.get $n)))
           (local.set $acc (i32.add (local.get $acc) (local.get $n)))
           (local.set $n (i32.sub (local.get $n) (i32.const 1)))
           (br $l)))
       (local.get $acc))
     (func (export "tri") (param $n i32) (result i32)
       i32.const 0
       loop $l (param i32) (result i32)
         local.get $n
         i32.add
         local.get $n
         i32.const 1
         i32.sub
         local.tee $n
         br_if $l
       end)
     (func (export "pick") (param $x i32) (result i32)
       block $out (result i32)
         block $b1 (result i32)
           block $b0 (result i32)
             i32.const 7
             local.get $x
             i32.const 1
             i32.add
             local.get $x
             br_table $b0 $b1 $out
           end
           i32.const 100
           i32.mul
           br $out
         end
         i32.const 10
         i32.mul
       end)
     (func (export "brif_copy") (param $x i32) (result i32)
       block $b (result i32)
         i32.const 1
         i32.const 42
         local.get $x
         br_if $b
         drop
         drop
         i32.const 7
       end)
     (func $divmod (param $a i32) (param $b i32) (result i32 i32)
       (i32.div_u (local.get $a) (local.get $b))
       (i32.rem_u (local.get $a) (local.get $b)))
     (func (export "multi") (param i32 i32) (result i32 i32 i64)
       (call $divmod (local.get 0) (local.get 1))
       (block $b (param i32 i32) (result i32 i32 i64)
         (i64.const 99)
         (br $b)))
     (func (export "swap3") (param i32 i64 f64) (result f64 i64 i32)
       (local.get 2) (local.get 1) (local.get 0))
     (func $fresh (param i32) (result i32) (local i32)
       (local.set 1 (i32.add (local.get 1) (local.get 0)))
       (local.get 1))
     (func (export "fresh_twice") (param i32) (result i32)
       (drop (call $fresh (i32.const 1000)))
       (call $fresh (local.get 0)))
     (memory 1 3)
     (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
     (func (export "grow_store") (param $addr i32) (param $v i32) (result i32)
       (drop (memory.grow (i32.const 1)))
       (i32.store (local.get $addr) (local.get $v))
       (i32.load (local.get $addr)))
     (func (export "size") (result i32) (memory.size))
   )
 */
static const uint8_t core_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x2d, 0x07, 0x60, 0x01, 0x7e, 0x01, 0x7e,
    0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x02, 0x7f, 0x7f, 0x60, 0x02, 0x7f, 0x7f,
    0x03, 0x7f, 0x7f, 0x7e, 0x60, 0x03, 0x7f, 0x7e, 0x7c, 0x03, 0x7c, 0x7e, 0x7f, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x0f, 0x0e, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x02, 0x03, 0x04, 0x01, 0x01, 0x01, 0x05, 0x06, 0x05, 0x04, 0x01, 0x01, 0x01, 0x03, 0x07, 0x65,
    0x0c, 0x03, 0x66, 0x61, 0x63, 0x00, 0x00, 0x03, 0x66, 0x69, 0x62, 0x00, 0x01, 0x03, 0x73, 0x75,
    0x6d, 0x00, 0x02, 0x03, 0x74, 0x72, 0x69, 0x00, 0x03, 0x04, 0x70, 0x69, 0x63, 0x6b, 0x00, 0x04,
    0x09, 0x62, 0x72, 0x69, 0x66, 0x5f, 0x63, 0x6f, 0x70, 0x79, 0x00, 0x05, 0x05, 0x6d, 0x75, 0x6c,
    0x74, 0x69, 0x00, 0x07, 0x05, 0x73, 0x77, 0x61, 0x70, 0x33, 0x00, 0x08, 0x0b, 0x66, 0x72, 0x65,
    0x73, 0x68, 0x5f, 0x74, 0x77, 0x69, 0x63, 0x65, 0x00, 0x0a, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00,
    0x0b, 0x0a, 0x67, 0x72, 0x6f, 0x77, 0x5f, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x0c, 0x04, 0x73,
    0x69, 0x7a, 0x65, 0x00, 0x0d, 0x0a, 0x82, 0x02, 0x0e, 0x15, 0x00, 0x20, 0x00, 0x50, 0x04, 0x7e,
    0x42, 0x01, 0x05, 0x20, 0x00, 0x20, 0x00, 0x42, 0x01, 0x7d, 0x10, 0x00, 0x7e, 0x0b, 0x0b, 0x1c,
    0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b,
    0x10, 0x01, 0x20, 0x00, 0x41, 0x02, 0x6b, 0x10, 0x01, 0x6a, 0x0b, 0x0b, 0x21, 0x01, 0x01, 0x7f,
    0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01,
    0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x13, 0x00,
    0x41, 0x00, 0x03, 0x01, 0x20, 0x00, 0x6a, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00,
    0x0b, 0x0b, 0x22, 0x00, 0x02, 0x7f, 0x02, 0x7f, 0x02, 0x7f, 0x41, 0x07, 0x20, 0x00, 0x41, 0x01,
    0x6a, 0x20, 0x00, 0x0e, 0x02, 0x00, 0x01, 0x02, 0x0b, 0x41, 0xe4, 0x00, 0x6c, 0x0c, 0x01, 0x0b,
    0x41, 0x0a, 0x6c, 0x0b, 0x0b, 0x11, 0x00, 0x02, 0x7f, 0x41, 0x01, 0x41, 0x2a, 0x20, 0x00, 0x0d,
    0x00, 0x1a, 0x1a, 0x41, 0x07, 0x0b, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6e, 0x20, 0x00,
    0x20, 0x01, 0x70, 0x0b, 0x10, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x06, 0x02, 0x03, 0x42, 0xe3,
    0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x08, 0x00, 0x20, 0x02, 0x20, 0x01, 0x20, 0x00, 0x0b, 0x0d, 0x01,
    0x01, 0x7f, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x0b, 0x0c, 0x00, 0x41, 0xe8,
    0x07, 0x10, 0x09, 0x1a, 0x20, 0x00, 0x10, 0x09, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00,
    0x0b, 0x13, 0x00, 0x41, 0x01, 0x40, 0x00, 0x1a, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x20,
    0x00, 0x28, 0x02, 0x00, 0x0b, 0x04, 0x00, 0x3f, 0x00, 0x0b, 0x00, 0x60, 0x04, 0x6e, 0x61, 0x6d,
    0x65, 0x01, 0x1a, 0x04, 0x00, 0x03, 0x66, 0x61, 0x63, 0x01, 0x03, 0x66, 0x69, 0x62, 0x06, 0x06,
    0x64, 0x69, 0x76, 0x6d, 0x6f, 0x64, 0x09, 0x05, 0x66, 0x72, 0x65, 0x73, 0x68, 0x02, 0x3d, 0x0e,
    0x00, 0x00, 0x01, 0x00, 0x02, 0x02, 0x00, 0x01, 0x6e, 0x01, 0x03, 0x61, 0x63, 0x63, 0x03, 0x01,
    0x00, 0x01, 0x6e, 0x04, 0x01, 0x00, 0x01, 0x78, 0x05, 0x01, 0x00, 0x01, 0x78, 0x06, 0x02, 0x00,
    0x01, 0x61, 0x01, 0x01, 0x62, 0x07, 0x00, 0x08, 0x00, 0x09, 0x00, 0x0a, 0x00, 0x0b, 0x00, 0x0c,
    0x02, 0x00, 0x04, 0x61, 0x64, 0x64, 0x72, 0x01, 0x01, 0x76, 0x0d, 0x00,
};

/* wat2wasm --debug-names of:
   (module
     (type $ii (func (param i32) (result i32)))
     (type $ii_again (func (param i32) (result i32)))
     (type $v_i (func (result i32)))
     (table 4 funcref)
     (elem (i32.const 0) $double $seven)
     (func $double (type $ii_again) (i32.mul (local.get 0) (i32.const 2)))
     (func $seven (type $v_i) (i32.const 7))
     (func (export "call_ii") (param $i i32) (param $x i32) (result i32)
       (call_indirect (type $ii) (local.get $x) (local.get $i)))
     (func (export "call_v") (param $i i32) (result i32)
       (call_indirect (type $v_i) (local.get $i)))
   )
 */
static const uint8_t indirect_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x15, 0x04, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03,
    0x05, 0x04, 0x01, 0x02, 0x03, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x04, 0x07, 0x14, 0x02, 0x07,
    0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x69, 0x69, 0x00, 0x02, 0x06, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x76,
    0x00, 0x03, 0x09, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x00, 0x01, 0x0a, 0x20, 0x04, 0x07,
    0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x0b, 0x04, 0x00, 0x41, 0x07, 0x0b, 0x09, 0x00, 0x20, 0x01,
    0x20, 0x00, 0x11, 0x00, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x02, 0x00, 0x0b, 0x00, 0x41,
    0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x10, 0x02, 0x00, 0x06, 0x64, 0x6f, 0x75, 0x62, 0x6c, 0x65,
    0x01, 0x05, 0x73, 0x65, 0x76, 0x65, 0x6e, 0x02, 0x12, 0x04, 0x00, 0x00, 0x01, 0x00, 0x02, 0x02,
    0x00, 0x01, 0x69, 0x01, 0x01, 0x78, 0x03, 0x01, 0x00, 0x01, 0x69, 0x04, 0x14, 0x03, 0x00, 0x02,
    0x69, 0x69, 0x01, 0x08, 0x69, 0x69, 0x5f, 0x61, 0x67, 0x61, 0x69, 0x6e, 0x02, 0x03, 0x76, 0x5f,
    0x69,
};

/* wat2wasm --debug-names of:
   (module
     (memory 1)
     (table 2 funcref)
     (func (export "unreachable") unreachable)
     (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
     (func (export "rem") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
     (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
     (func (export "store") (param i32) (i32.store offset=4 (local.get 0) (i32.const 1)))
     (func (export "table_get") (param i32) (result funcref) (table.get 0 (local.get 0)))
     (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
     (func $forever (export "forever") (param i32) (result i32)
       (i32.add (call $forever (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
     (func $down (export "down") (param i32) (result i32)
       (if (result i32) (i32.eqz (local.get 0))
         (then (i32.const 0))
         (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
     (func $big (export "big") (param i32) (result i32)
       (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
              i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
       (if (result i32) (i32.eqz (local.get 0))
         (then (i32.const 0))
         (else (i32.add (i32.const 1) (call $big (i32.sub (local.get 0) (i32.const 1)))))))
     (func $inner (unreachable))
     (func $middle (call $inner))
     (func $outer (export "nested") (call $middle))
   )
 */
static const uint8_t traps_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x22, 0x07, 0x60, 0x00, 0x00, 0x60, 0x02,
    0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7d, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f,
    0x01, 0x70, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x0e, 0x0d, 0x00,
    0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x06, 0x06, 0x00, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x5e, 0x0b, 0x0b, 0x75, 0x6e, 0x72, 0x65, 0x61,
    0x63, 0x68, 0x61, 0x62, 0x6c, 0x65, 0x00, 0x00, 0x03, 0x64, 0x69, 0x76, 0x00, 0x01, 0x03, 0x72,
    0x65, 0x6d, 0x00, 0x02, 0x05, 0x74, 0x72, 0x75, 0x6e, 0x63, 0x00, 0x03, 0x05, 0x73, 0x74, 0x6f,
    0x72, 0x65, 0x00, 0x04, 0x09, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x5f, 0x67, 0x65, 0x74, 0x00, 0x05,
    0x04, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x06, 0x07, 0x66, 0x6f, 0x72, 0x65, 0x76, 0x65, 0x72, 0x00,
    0x07, 0x04, 0x64, 0x6f, 0x77, 0x6e, 0x00, 0x08, 0x03, 0x62, 0x69, 0x67, 0x00, 0x09, 0x06, 0x6e,
    0x65, 0x73, 0x74, 0x65, 0x64, 0x00, 0x0c, 0x0a, 0x81, 0x01, 0x0d, 0x03, 0x00, 0x00, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6f, 0x0b, 0x05,
    0x00, 0x20, 0x00, 0xa8, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x41, 0x01, 0x36, 0x02, 0x04, 0x0b, 0x06,
    0x00, 0x20, 0x00, 0x25, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x41, 0x00, 0x20, 0x01, 0xfc, 0x0b,
    0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x10, 0x07, 0x41, 0x01, 0x6a, 0x0b, 0x15,
    0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x41, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b,
    0x10, 0x08, 0x6a, 0x0b, 0x0b, 0x17, 0x01, 0x20, 0x7e, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00,
    0x05, 0x41, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x09, 0x6a, 0x0b, 0x0b, 0x03, 0x00, 0x00,
    0x0b, 0x04, 0x00, 0x10, 0x0a, 0x0b, 0x04, 0x00, 0x10, 0x0b, 0x0b, 0x00, 0x4f, 0x04, 0x6e, 0x61,
    0x6d, 0x65, 0x01, 0x2b, 0x06, 0x07, 0x07, 0x66, 0x6f, 0x72, 0x65, 0x76, 0x65, 0x72, 0x08, 0x04,
    0x64, 0x6f, 0x77, 0x6e, 0x09, 0x03, 0x62, 0x69, 0x67, 0x0a, 0x05, 0x69, 0x6e, 0x6e, 0x65, 0x72,
    0x0b, 0x06, 0x6d, 0x69, 0x64, 0x64, 0x6c, 0x65, 0x0c, 0x05, 0x6f, 0x75, 0x74, 0x65, 0x72, 0x02,
    0x1b, 0x0d, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00,
    0x07, 0x00, 0x08, 0x00, 0x09, 0x00, 0x0a, 0x00, 0x0b, 0x00, 0x0c, 0x00,
};

/* wat2wasm --debug-names of:
   (module
     (import "env" "cb" (func $cb (param i32) (result i32)))
     (import "env" "tab" (table 2 funcref))
     (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result f64 i32)))
     (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
     (func (export "via_host") (param i32) (result i32)
       (i32.add (i32.mul (local.get 0) (i32.const 100)) (call $cb (local.get 0))))
     (func (export "indirect") (param $i i32) (param $x i32) (result i32)
       (call_indirect (param i32) (result i32) (local.get $x) (local.get $i)))
     (func (export "boom") (unreachable))
     (func (export "mixed") (result f64 i32)
       (call $mix (i32.const -3) (i64.const 5000000000) (f32.const 1.5) (f64.const -0.25)))
   )
 */
static const uint8_t host_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1d, 0x05, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x04, 0x7f, 0x7e, 0x7d, 0x7c, 0x02, 0x7c, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60,
    0x00, 0x00, 0x60, 0x00, 0x02, 0x7c, 0x7f, 0x02, 0x20, 0x03, 0x03, 0x65, 0x6e, 0x76, 0x02, 0x63,
    0x62, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x74, 0x61, 0x62, 0x01, 0x70, 0x00, 0x02, 0x03,
    0x65, 0x6e, 0x76, 0x03, 0x6d, 0x69, 0x78, 0x00, 0x01, 0x03, 0x06, 0x05, 0x00, 0x00, 0x02, 0x03,
    0x04, 0x07, 0x2b, 0x05, 0x02, 0x73, 0x71, 0x00, 0x02, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f,
    0x73, 0x74, 0x00, 0x03, 0x08, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x00, 0x04, 0x04,
    0x62, 0x6f, 0x6f, 0x6d, 0x00, 0x05, 0x05, 0x6d, 0x69, 0x78, 0x65, 0x64, 0x00, 0x06, 0x0a, 0x40,
    0x05, 0x07, 0x00, 0x20, 0x00, 0x20, 0x00, 0x6c, 0x0b, 0x0d, 0x00, 0x20, 0x00, 0x41, 0xe4, 0x00,
    0x6c, 0x20, 0x00, 0x10, 0x00, 0x6a, 0x0b, 0x09, 0x00, 0x20, 0x01, 0x20, 0x00, 0x11, 0x00, 0x00,
    0x0b, 0x03, 0x00, 0x00, 0x0b, 0x1a, 0x00, 0x41, 0x7d, 0x42, 0x80, 0xe4, 0x97, 0xd0, 0x12, 0x43,
    0x00, 0x00, 0xc0, 0x3f, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd0, 0xbf, 0x10, 0x01, 0x0b,
    0x00, 0x2c, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x0e, 0x03, 0x00, 0x02, 0x63, 0x62, 0x01, 0x03,
    0x6d, 0x69, 0x78, 0x02, 0x02, 0x73, 0x71, 0x02, 0x15, 0x07, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00,
    0x03, 0x00, 0x04, 0x02, 0x00, 0x01, 0x69, 0x01, 0x01, 0x78, 0x05, 0x00, 0x06, 0x00,
};
/* ---- helpers ------------------------------------------------------------- */

typedef struct world {
    lwasm_engine *engine;
    lwasm_store *store;
    lwasm_instance *inst;
} world;

static void world_open(world *w, const lwasm_config *config, const uint8_t *bytes, size_t len,
                       const lwasm_extern *imports, size_t nimports)
{
    w->engine = lwasm_engine_new(config);
    assert_non_null(w->engine);
    w->store = lwasm_store_new(w->engine);
    assert_non_null(w->store);
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(w->engine, bytes, len, &m);
    if (e)
        fail_msg("module: %s", lwasm_error_message(e));
    e = lwasm_instance_new(w->store, m, imports, nimports, &w->inst);
    if (e)
        fail_msg("instance: %s", lwasm_error_message(e));
    lwasm_module_delete(m); /* the instance keeps its own reference */
}

static void world_close(world *w)
{
    lwasm_store_delete(w->store);
    lwasm_engine_delete(w->engine);
}

static lwasm_func *func_of(const lwasm_instance *inst, const char *name)
{
    lwasm_extern ext;
    if (!lwasm_instance_export(inst, name, strlen(name), &ext) || ext.kind != LWASM_EXTERN_FUNC)
        fail_msg("no exported function %s", name);
    return ext.of.func;
}

/* Calls an export; returns its error (the caller frees it). */
static lwasm_error *call(world *w, const char *name, const lwasm_val *args, size_t nargs, lwasm_val *results,
                         size_t nresults)
{
    return lwasm_func_call(w->store, func_of(w->inst, name), args, nargs, results, nresults);
}

static void call_ok(world *w, const char *name, const lwasm_val *args, size_t nargs, lwasm_val *results,
                    size_t nresults)
{
    lwasm_error *e = call(w, name, args, nargs, results, nresults);
    if (e)
        fail_msg("%s: %s", name, lwasm_error_message(e));
}

static int32_t call_i32(world *w, const char *name, int32_t arg)
{
    lwasm_val a = lwasm_val_i32(arg), r;
    call_ok(w, name, &a, 1, &r, 1);
    assert_int_equal(r.kind, LWASM_I32);
    return r.of.i32;
}

/* Expects a trap of the given kind; returns the error for further checks. */
static lwasm_error *expect_trap(lwasm_error *e, lwasm_trapkind kind)
{
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_TRAP);
    assert_int_equal(lwasm_error_trap(e), kind);
    return e;
}

/* The trap's byte offset must point at the trapping instruction's opcode. */
static void expect_trap_at(lwasm_error *e, const uint8_t *bytes, size_t len, uint8_t opcode)
{
    size_t off = lwasm_error_offset(e);
    assert_true(off < len);
    assert_int_equal(bytes[off], opcode);
}

/* ---- control flow and calls ------------------------------------------------ */

static void test_recursion(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, core_wasm, sizeof core_wasm, NULL, 0);
    uint64_t fac = 1;
    for (int64_t n = 0; n <= 20; n++) {
        if (n)
            fac *= (uint64_t)n;
        lwasm_val a = lwasm_val_i64(n), r;
        call_ok(&w, "fac", &a, 1, &r, 1);
        assert_int_equal(r.kind, LWASM_I64);
        assert_int_equal((uint64_t)r.of.i64, fac);
    }
    int32_t f0 = 0, f1 = 1;
    for (int32_t n = 0; n <= 24; n++) {
        assert_int_equal(call_i32(&w, "fib", n), f0);
        int32_t next = f0 + f1;
        f0 = f1;
        f1 = next;
    }
    world_close(&w);
}

static void test_callee_locals_start_at_zero(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, core_wasm, sizeof core_wasm, NULL, 0);
    /* The second call's frame reuses the slots where the first left 1000. */
    assert_int_equal(call_i32(&w, "fresh_twice", 5), 5);
    assert_int_equal(call_i32(&w, "fresh_twice", -7), -7);
    world_close(&w);
}

static void test_loops(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, core_wasm, sizeof core_wasm, NULL, 0);
    for (int32_t n = 0; n <= 2000; n += 199)
        assert_int_equal(call_i32(&w, "sum", n), n * (n + 1) / 2);
    /* tri's loop carries its accumulator as a loop parameter */
    for (int32_t n = 1; n <= 300; n += 37)
        assert_int_equal(call_i32(&w, "tri", n), n * (n + 1) / 2);
    world_close(&w);
}

static void test_br_table(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, core_wasm, sizeof core_wasm, NULL, 0);
    /* The carried value x+1 sits above an extra operand, so every entry must
     * move it to its label's base: 0 -> $b0 (*100), 1 -> $b1 (*10), else $out. */
    assert_int_equal(call_i32(&w, "pick", 0), (0 + 1) * 100);
    assert_int_equal(call_i32(&w, "pick", 1), (1 + 1) * 10);
    assert_int_equal(call_i32(&w, "pick", 2), 2 + 1);
    assert_int_equal(call_i32(&w, "pick", 1000), 1000 + 1);
    assert_int_equal(call_i32(&w, "pick", -1), -1 + 1);
    /* br_if carrying a value over an extra operand */
    assert_int_equal(call_i32(&w, "brif_copy", 1), 42);
    assert_int_equal(call_i32(&w, "brif_copy", 0), 7);
    world_close(&w);
}

static void test_multi_value(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, core_wasm, sizeof core_wasm, NULL, 0);
    lwasm_val args[3] = {lwasm_val_i32(17), lwasm_val_i32(5)}, res[3];
    call_ok(&w, "multi", args, 2, res, 3);
    assert_int_equal(res[0].of.i32, 17 / 5);
    assert_int_equal(res[1].of.i32, 17 % 5);
    assert_int_equal(res[2].kind, LWASM_I64);
    assert_int_equal(res[2].of.i64, 99);

    args[0] = lwasm_val_i32(-8);
    args[1] = lwasm_val_i64(INT64_MIN + 3);
    args[2] = lwasm_val_f64(-2.5);
    call_ok(&w, "swap3", args, 3, res, 3);
    assert_int_equal(res[0].kind, LWASM_F64);
    assert_true(lwasm_val_as_f64(&res[0]) == -2.5);
    assert_int_equal(res[1].of.i64, INT64_MIN + 3);
    assert_int_equal(res[2].of.i32, -8);
    world_close(&w);
}

static void test_memory_grow_reloads_base(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, core_wasm, sizeof core_wasm, NULL, 0);
    lwasm_val r;
    call_ok(&w, "size", NULL, 0, &r, 1);
    assert_int_equal(r.of.i32, 1);
    lwasm_error *e = expect_trap(call(&w, "load", &(lwasm_val){.kind = LWASM_I32, .of.i32 = 70000}, 1, &r, 1),
                                 LWASM_TRAP_MEMORY_OOB);
    lwasm_error_delete(e);
    lwasm_val args[2] = {lwasm_val_i32(70000), lwasm_val_i32(1234)};
    call_ok(&w, "grow_store", args, 2, &r, 1);
    assert_int_equal(r.of.i32, 1234);
    call_ok(&w, "size", NULL, 0, &r, 1);
    assert_int_equal(r.of.i32, 2);
    /* The last byte of the second page is in bounds; one past is not. */
    assert_int_equal(call_i32(&w, "load", 2 * 65536 - 4), 0);
    e = expect_trap(call(&w, "load", &(lwasm_val){.kind = LWASM_I32, .of.i32 = 2 * 65536 - 3}, 1, &r, 1),
                    LWASM_TRAP_MEMORY_OOB);
    lwasm_error_delete(e);
    world_close(&w);
}

static void test_call_indirect(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, indirect_wasm, sizeof indirect_wasm, NULL, 0);
    lwasm_val args[2] = {lwasm_val_i32(0), lwasm_val_i32(21)}, r;
    /* $double is declared with a distinct but structurally equal type */
    call_ok(&w, "call_ii", args, 2, &r, 1);
    assert_int_equal(r.of.i32, 42);
    assert_int_equal(call_i32(&w, "call_v", 1), 7);

    args[0] = lwasm_val_i32(1); /* $seven: () -> i32 */
    lwasm_error_delete(expect_trap(call(&w, "call_ii", args, 2, &r, 1), LWASM_TRAP_INDIRECT_TYPE_MISMATCH));
    args[0] = lwasm_val_i32(2); /* null */
    lwasm_error_delete(expect_trap(call(&w, "call_ii", args, 2, &r, 1), LWASM_TRAP_UNINITIALIZED_ELEMENT));
    args[0] = lwasm_val_i32(4); /* past the table */
    lwasm_error_delete(expect_trap(call(&w, "call_ii", args, 2, &r, 1), LWASM_TRAP_TABLE_OOB));
    args[0] = lwasm_val_i32(-1);
    lwasm_error_delete(expect_trap(call(&w, "call_ii", args, 2, &r, 1), LWASM_TRAP_TABLE_OOB));
    world_close(&w);
}

/* ---- traps ------------------------------------------------------------------ */

static void test_trap_kinds(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, traps_wasm, sizeof traps_wasm, NULL, 0);
    lwasm_val r;
    lwasm_error *e = expect_trap(call(&w, "unreachable", NULL, 0, NULL, 0), LWASM_TRAP_UNREACHABLE);
    expect_trap_at(e, traps_wasm, sizeof traps_wasm, 0x00);
    lwasm_error_delete(e);

    lwasm_val ab[2] = {lwasm_val_i32(1), lwasm_val_i32(0)};
    e = expect_trap(call(&w, "div", ab, 2, &r, 1), LWASM_TRAP_INT_DIV_BY_ZERO);
    expect_trap_at(e, traps_wasm, sizeof traps_wasm, 0x6D); /* i32.div_s */
    lwasm_error_delete(e);
    ab[0] = lwasm_val_i32(INT32_MIN);
    ab[1] = lwasm_val_i32(-1);
    lwasm_error_delete(expect_trap(call(&w, "div", ab, 2, &r, 1), LWASM_TRAP_INT_OVERFLOW));
    call_ok(&w, "rem", ab, 2, &r, 1); /* INT_MIN rem -1 is 0, not a trap */
    assert_int_equal(r.of.i32, 0);

    lwasm_val f = lwasm_val_f32(NAN);
    lwasm_error_delete(expect_trap(call(&w, "trunc", &f, 1, &r, 1), LWASM_TRAP_INVALID_CONVERSION));
    f = lwasm_val_f32(2147483648.0f);
    lwasm_error_delete(expect_trap(call(&w, "trunc", &f, 1, &r, 1), LWASM_TRAP_INT_OVERFLOW));
    f = lwasm_val_f32(-2147483648.0f);
    call_ok(&w, "trunc", &f, 1, &r, 1);
    assert_int_equal(r.of.i32, INT32_MIN);

    /* i32.store offset=4: the access covers [a+4, a+8) */
    lwasm_val a = lwasm_val_i32(65536 - 8);
    call_ok(&w, "store", &a, 1, NULL, 0);
    a = lwasm_val_i32(65536 - 7);
    e = expect_trap(call(&w, "store", &a, 1, NULL, 0), LWASM_TRAP_MEMORY_OOB);
    expect_trap_at(e, traps_wasm, sizeof traps_wasm, 0x36); /* i32.store */
    lwasm_error_delete(e);
    a = lwasm_val_i32(-1); /* the effective address must not wrap around */
    lwasm_error_delete(expect_trap(call(&w, "store", &a, 1, NULL, 0), LWASM_TRAP_MEMORY_OOB));

    ab[0] = lwasm_val_i32(65536);
    ab[1] = lwasm_val_i32(0); /* an empty fill at the very end is allowed */
    call_ok(&w, "fill", ab, 2, NULL, 0);
    ab[1] = lwasm_val_i32(1);
    lwasm_error_delete(expect_trap(call(&w, "fill", ab, 2, NULL, 0), LWASM_TRAP_MEMORY_OOB));

    a = lwasm_val_i32(1);
    call_ok(&w, "table_get", &a, 1, &r, 1);
    assert_int_equal(r.kind, LWASM_FUNCREF);
    assert_null(r.of.funcref);
    a = lwasm_val_i32(2);
    lwasm_error_delete(expect_trap(call(&w, "table_get", &a, 1, &r, 1), LWASM_TRAP_TABLE_OOB));
    world_close(&w);
}

static void test_backtrace(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, traps_wasm, sizeof traps_wasm, NULL, 0);
    lwasm_error *e = expect_trap(call(&w, "nested", NULL, 0, NULL, 0), LWASM_TRAP_UNREACHABLE);
    static const char *const names[] = {"inner", "middle", "outer"};
    assert_int_equal(lwasm_error_frame_count(e), 3);
    uint32_t prev = LWASM_NO_FUNC;
    for (size_t i = 0; i < 3; i++) {
        uint32_t idx;
        lwasm_name name;
        assert_true(lwasm_error_frame(e, i, &idx, &name));
        assert_non_null(name.data);
        assert_int_equal(name.len, strlen(names[i]));
        assert_memory_equal(name.data, names[i], name.len);
        assert_int_not_equal(idx, prev);
        prev = idx;
    }
    uint32_t inner;
    lwasm_error_frame(e, 0, &inner, NULL);
    assert_int_equal(lwasm_error_func_index(e), inner);
    world_close(&w);
    lwasm_error_delete(e); /* the error keeps its module alive for the names */
}

static void test_stack_exhaustion(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, traps_wasm, sizeof traps_wasm, NULL, 0);
    lwasm_val a = lwasm_val_i32(0), r;
    lwasm_error *e = expect_trap(call(&w, "forever", &a, 1, &r, 1), LWASM_TRAP_STACK_EXHAUSTED);
    assert_true(lwasm_error_frame_count(e) > 1000);
    lwasm_error_delete(e);
    /* The store is fully usable afterwards, twice over. */
    assert_int_equal(call_i32(&w, "down", 5000), 5000);
    lwasm_error_delete(expect_trap(call(&w, "forever", &a, 1, &r, 1), LWASM_TRAP_STACK_EXHAUSTED));
    assert_int_equal(call_i32(&w, "down", 5000), 5000);
    world_close(&w);
}

static void test_call_depth_limit(void **state)
{
    (void)state;
    lwasm_config c;
    lwasm_config_init(&c);
    c.max_call_depth = 100;
    world w;
    world_open(&w, &c, traps_wasm, sizeof traps_wasm, NULL, 0);
    assert_int_equal(call_i32(&w, "down", 90), 90);
    lwasm_val a = lwasm_val_i32(150), r;
    lwasm_error_delete(expect_trap(call(&w, "down", &a, 1, &r, 1), LWASM_TRAP_STACK_EXHAUSTED));
    assert_int_equal(call_i32(&w, "down", 90), 90);
    world_close(&w);
}

static void test_value_stack_limit(void **state)
{
    (void)state;
    lwasm_config c;
    lwasm_config_init(&c);
    c.max_stack_slots = 2000; /* $big's frame holds 33 locals and its operands */
    world w;
    world_open(&w, &c, traps_wasm, sizeof traps_wasm, NULL, 0);
    assert_int_equal(call_i32(&w, "big", 20), 20);
    lwasm_val a = lwasm_val_i32(100), r;
    lwasm_error_delete(expect_trap(call(&w, "big", &a, 1, &r, 1), LWASM_TRAP_STACK_EXHAUSTED));
    assert_int_equal(call_i32(&w, "down", 100), 100); /* 1-local frames still fit 100 deep */
    world_close(&w);
}

/* ---- host functions ---------------------------------------------------------- */

enum cb_mode { CB_REENTER, CB_TRAP, CB_EXIT, CB_NESTED_TRAP, CB_BAD_CALL };

typedef struct host_env {
    enum cb_mode mode;
    int calls;
    int mix_calls;
} host_env;

/* cb(x): 0 for x == 0, else via_host(x - 1) + 10, calling back into the
 * instance that called it. via_host(n) = 100 n + cb(n) keeps 100 n live on
 * its operand stack across the call, so a nested activation that did not
 * start above it would clobber it: via_host(n) = 50 n (n + 1) + 10 n. */
static lwasm_error *cb(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs, lwasm_val *results,
                       size_t nresults)
{
    host_env *h = env;
    h->calls++;
    assert_int_equal(nargs, 1);
    assert_int_equal(nresults, 1);
    assert_int_equal(args[0].kind, LWASM_I32);
    lwasm_extern ext;
    switch (h->mode) {
    case CB_TRAP: return lwasm_error_new_trap("refused by the host");
    case CB_EXIT: return lwasm_error_new_exit(3);
    case CB_NESTED_TRAP:
        assert_true(lwasm_caller_export(caller, "boom", &ext));
        return lwasm_func_call(lwasm_caller_store(caller), ext.of.func, NULL, 0, NULL, 0);
    case CB_BAD_CALL: /* sq needs an argument: an API error, not a trap */
        assert_true(lwasm_caller_export(caller, "sq", &ext));
        return lwasm_func_call(lwasm_caller_store(caller), ext.of.func, NULL, 0, results, 1);
    case CB_REENTER: break;
    }
    if (args[0].of.i32 == 0) {
        results[0] = lwasm_val_i32(0);
        return NULL;
    }
    assert_true(lwasm_caller_export(caller, "via_host", &ext));
    lwasm_val a = lwasm_val_i32(args[0].of.i32 - 1), r;
    lwasm_error *e = lwasm_func_call(lwasm_caller_store(caller), ext.of.func, &a, 1, &r, 1);
    if (e)
        return e;
    results[0] = lwasm_val_i32(r.of.i32 + 10);
    return NULL;
}

/* mix(i32, i64, f32, f64) -> (f64, i32): checks what wasm passed. */
static lwasm_error *mix(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs, lwasm_val *results,
                        size_t nresults)
{
    (void)caller;
    host_env *h = env;
    h->mix_calls++;
    assert_int_equal(nargs, 4);
    assert_int_equal(nresults, 2);
    assert_int_equal(args[0].kind, LWASM_I32);
    assert_int_equal(args[1].kind, LWASM_I64);
    assert_int_equal(args[2].kind, LWASM_F32);
    assert_int_equal(args[3].kind, LWASM_F64);
    double sum = args[0].of.i32 + (double)args[1].of.i64 + lwasm_val_as_f32(&args[2]) + lwasm_val_as_f64(&args[3]);
    results[0] = lwasm_val_f64(sum);
    results[1] = lwasm_val_i32(args[0].of.i32 * 2);
    return NULL;
}

static lwasm_error *triple(void *env, lwasm_caller *caller, const lwasm_val *args, size_t nargs, lwasm_val *results,
                           size_t nresults)
{
    (void)env;
    (void)caller;
    (void)nargs;
    (void)nresults;
    results[0] = lwasm_val_i32(args[0].of.i32 * 3);
    return NULL;
}

typedef struct host_world {
    world w;
    host_env env;
    lwasm_table *table;
} host_world;

static void host_world_open(host_world *hw, enum cb_mode mode)
{
    memset(hw, 0, sizeof *hw);
    hw->env.mode = mode;
    lwasm_engine *engine = lwasm_engine_new(NULL);
    lwasm_store *store = lwasm_store_new(engine);
    static const lwasm_valkind i32[] = {LWASM_I32};
    static const lwasm_valkind mix_params[] = {LWASM_I32, LWASM_I64, LWASM_F32, LWASM_F64};
    static const lwasm_valkind mix_results[] = {LWASM_F64, LWASM_I32};
    lwasm_functype ii = {1, 1, i32, i32}, v_i = {0, 1, NULL, i32}, mt = {4, 2, mix_params, mix_results};
    lwasm_func *fcb = lwasm_func_new(store, &ii, cb, &hw->env, NULL);
    lwasm_func *fmix = lwasm_func_new(store, &mt, mix, &hw->env, NULL);
    lwasm_func *ftriple = lwasm_func_new(store, &ii, triple, NULL, NULL);
    lwasm_func *fwrong = lwasm_func_new(store, &v_i, triple, NULL, NULL);
    assert_true(fcb && fmix && ftriple && fwrong);
    /* A host table holding host functions, for call_indirect across the boundary. */
    lwasm_tabletype tt = {LWASM_FUNCREF, {2, 2, true}};
    lwasm_val null = {.kind = LWASM_FUNCREF, .of.funcref = NULL};
    assert_null(lwasm_table_new(store, &tt, &null, &hw->table));
    lwasm_val v = {.kind = LWASM_FUNCREF, .of.funcref = ftriple};
    assert_null(lwasm_table_set(hw->table, 0, &v));
    v.of.funcref = fwrong;
    assert_null(lwasm_table_set(hw->table, 1, &v));

    lwasm_extern imports[3] = {
        {.kind = LWASM_EXTERN_FUNC, .of.func = fcb},
        {.kind = LWASM_EXTERN_TABLE, .of.table = hw->table},
        {.kind = LWASM_EXTERN_FUNC, .of.func = fmix},
    };
    lwasm_module *m = NULL;
    lwasm_error *e = lwasm_module_new(engine, host_wasm, sizeof host_wasm, &m);
    if (e)
        fail_msg("module: %s", lwasm_error_message(e));
    e = lwasm_instance_new(store, m, imports, 3, &hw->w.inst);
    if (e)
        fail_msg("instance: %s", lwasm_error_message(e));
    lwasm_module_delete(m);
    hw->w.engine = engine;
    hw->w.store = store;
}

static void test_host_reentry(void **state)
{
    (void)state;
    host_world hw;
    host_world_open(&hw, CB_REENTER);
    for (int32_t n = 0; n <= 12; n++) {
        hw.env.calls = 0;
        assert_int_equal(call_i32(&hw.w, "via_host", n), 50 * n * (n + 1) + 10 * n);
        assert_int_equal(hw.env.calls, n + 1);
    }
    /* Wasm still runs normally once the nested activations are gone. */
    assert_int_equal(call_i32(&hw.w, "sq", 12), 144);
    world_close(&hw.w);
}

static void test_host_values(void **state)
{
    (void)state;
    host_world hw;
    host_world_open(&hw, CB_REENTER);
    lwasm_val r[2];
    call_ok(&hw.w, "mixed", NULL, 0, r, 2);
    assert_int_equal(hw.env.mix_calls, 1);
    assert_int_equal(r[0].kind, LWASM_F64);
    assert_true(lwasm_val_as_f64(&r[0]) == -3 + 5000000000.0 + 1.5 - 0.25);
    assert_int_equal(r[1].of.i32, -6);
    world_close(&hw.w);
}

static void test_host_errors(void **state)
{
    (void)state;
    host_world hw;
    host_world_open(&hw, CB_TRAP);
    lwasm_val a = lwasm_val_i32(1), r;
    lwasm_error *e = expect_trap(call(&hw.w, "via_host", &a, 1, &r, 1), LWASM_TRAP_HOST);
    assert_non_null(strstr(lwasm_error_message(e), "refused by the host"));
    assert_true(lwasm_error_frame_count(e) >= 1);
    lwasm_error_delete(e);

    hw.env.mode = CB_EXIT;
    e = call(&hw.w, "via_host", &a, 1, &r, 1);
    assert_non_null(e);
    assert_int_equal(lwasm_error_kind(e), LWASM_ERR_EXIT);
    assert_int_equal(lwasm_error_exit_status(e), 3);
    lwasm_error_delete(e);

    /* A trap in wasm called back by the host keeps its kind on the way out. */
    hw.env.mode = CB_NESTED_TRAP;
    e = expect_trap(call(&hw.w, "via_host", &a, 1, &r, 1), LWASM_TRAP_UNREACHABLE);
    assert_true(lwasm_error_frame_count(e) >= 2); /* boom, then via_host below the host */
    lwasm_error_delete(e);

    /* Any other error a host returns traps the guest as a host trap. */
    hw.env.mode = CB_BAD_CALL;
    e = expect_trap(call(&hw.w, "via_host", &a, 1, &r, 1), LWASM_TRAP_HOST);
    lwasm_error_delete(e);

    hw.env.mode = CB_REENTER;
    assert_int_equal(call_i32(&hw.w, "via_host", 2), 50 * 2 * 3 + 10 * 2);
    world_close(&hw.w);
}

static void test_host_in_table(void **state)
{
    (void)state;
    host_world hw;
    host_world_open(&hw, CB_REENTER);
    lwasm_val args[2] = {lwasm_val_i32(0), lwasm_val_i32(14)}, r;
    call_ok(&hw.w, "indirect", args, 2, &r, 1);
    assert_int_equal(r.of.i32, 42);
    args[0] = lwasm_val_i32(1); /* () -> i32 in the slot */
    lwasm_error_delete(expect_trap(call(&hw.w, "indirect", args, 2, &r, 1), LWASM_TRAP_INDIRECT_TYPE_MISMATCH));
    /* A wasm function of the instance placed in the host's table works too. */
    lwasm_val v = {.kind = LWASM_FUNCREF, .of.funcref = func_of(hw.w.inst, "sq")};
    assert_null(lwasm_table_set(hw.table, 1, &v));
    call_ok(&hw.w, "indirect", args, 2, &r, 1);
    assert_int_equal(r.of.i32, 14 * 14);
    world_close(&hw.w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recursion),
        cmocka_unit_test(test_callee_locals_start_at_zero),
        cmocka_unit_test(test_loops),
        cmocka_unit_test(test_br_table),
        cmocka_unit_test(test_multi_value),
        cmocka_unit_test(test_memory_grow_reloads_base),
        cmocka_unit_test(test_call_indirect),
        cmocka_unit_test(test_trap_kinds),
        cmocka_unit_test(test_backtrace),
        cmocka_unit_test(test_stack_exhaustion),
        cmocka_unit_test(test_call_depth_limit),
        cmocka_unit_test(test_value_stack_limit),
        cmocka_unit_test(test_host_reentry),
        cmocka_unit_test(test_host_values),
        cmocka_unit_test(test_host_errors),
        cmocka_unit_test(test_host_in_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
