;; runner.wast — checks the spec runner itself: every command kind, names, registration, the spectest module.

;; Two named modules; the second is current when the first is registered by name.
(module $A
  (global (export "g") i32 (i32.const 7))
  (func (export "get7") (result i32) (i32.const 7)))
(module $B
  (func (export "get8") (result i32) (i32.const 8)))
(register "a" $A)
(assert_return (invoke $A "get7") (i32.const 7))
(assert_return (invoke "get8") (i32.const 8))
(assert_return (get $A "g") (i32.const 7))

;; The registered name resolves imports; $A's export, not $B's.
(module
  (import "a" "get7" (func $get7 (result i32)))
  (import "a" "g" (global $g i32))
  (func (export "sum") (result i32) (i32.add (call $get7) (global.get $g))))
(assert_return (invoke "sum") (i32.const 14))

;; The spectest module.
(module
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (import "spectest" "print_f64_f64" (func (param f64 f64)))
  (import "spectest" "global_i32" (global $gi i32))
  (import "spectest" "global_f32" (global $gf f32))
  (import "spectest" "table" (table 10 20 funcref))
  (import "spectest" "memory" (memory 1 2))
  (func (export "gi") (result i32) (call $print_i32 (global.get $gi)) (global.get $gi))
  (func (export "gf") (result f32) (global.get $gf))
  (func (export "tsize") (result i32) (table.size 0))
  (func (export "msize") (result i32) (memory.size)))
(assert_return (invoke "gi") (i32.const 666))
(assert_return (invoke "gf") (f32.const 666.6))
(assert_return (invoke "tsize") (i32.const 10))
(assert_return (invoke "msize") (i32.const 1))
(assert_unlinkable
  (module (import "spectest" "global_i32" (global (mut i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "spectest" "no_such_thing" (func)))
  "unknown import")

;; Values: all scalar kinds, bit-exact floats, NaN patterns, references.
(module
  (func (export "id_i64") (param i64) (result i64) (local.get 0))
  (func (export "id_f32") (param f32) (result f32) (local.get 0))
  (func (export "id_f64") (param f64) (result f64) (local.get 0))
  (func (export "div_f32") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
  (func (export "add_f64") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "id_ext") (param externref) (result externref) (local.get 0))
  (func (export "null_func") (result funcref) (ref.null func))
  (func (export "two") (result i32 i64) (i32.const 1) (i64.const -1)))
(assert_return (invoke "id_i64" (i64.const -9223372036854775808)) (i64.const -9223372036854775808))
(assert_return (invoke "id_f32" (f32.const -0x0p+0)) (f32.const -0x0p+0))
(assert_return (invoke "id_f32" (f32.const nan:0x200000)) (f32.const nan:0x200000))
(assert_return (invoke "id_f64" (f64.const -nan:0x4000000000000)) (f64.const -nan:0x4000000000000))
(assert_return (invoke "div_f32" (f32.const 0) (f32.const 0)) (f32.const nan:canonical))
(assert_return (invoke "add_f64" (f64.const nan:0x4000000000001) (f64.const 1)) (f64.const nan:arithmetic))
(assert_return (invoke "id_ext" (ref.extern 1)) (ref.extern 1))
(assert_return (invoke "id_ext" (ref.extern 0)) (ref.extern 0))
(assert_return (invoke "id_ext" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null_func") (ref.null func))
(assert_return (invoke "two") (i32.const 1) (i64.const -1))

;; Traps, on invoke and at instantiation; exhaustion.
(module
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $loop (export "loop") (call $loop)))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_exhaustion (invoke "loop") "call stack exhausted")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_trap (module (memory 0) (data (i32.const 1) "x")) "out of bounds memory access")
(invoke "div" (i32.const 4) (i32.const 2))

;; Rejected modules: binary ones run, text ones are only counted.
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func (nop") "unexpected end")
