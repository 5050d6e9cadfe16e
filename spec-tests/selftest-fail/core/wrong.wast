;; wrong.wast — commands that must each FAIL in the spec runner (check-failures.sh checks each is reported).
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "neg_zero") (result f32) (f32.const -0))
  (func (export "arith_nan") (result f32) (f32.const nan:0x200001))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "id_ext") (param externref) (result externref) (local.get 0))
  (func (export "trap") unreachable))
(assert_return (invoke "one") (i32.const 2)) ;; FAILS
(assert_return (invoke "neg_zero") (f32.const 0)) ;; FAILS
(assert_return (invoke "arith_nan") (f32.const nan:canonical)) ;; FAILS
(assert_return (invoke "id_ext" (ref.extern 1)) (ref.extern 2)) ;; FAILS
(assert_trap (invoke "one") "unreachable") ;; FAILS
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer overflow") ;; FAILS
(assert_exhaustion (invoke "one") "call stack exhausted") ;; FAILS
(invoke "trap") ;; FAILS
(assert_invalid (module (func)) "type mismatch") ;; FAILS
(assert_malformed (module binary "\00asm\01\00\00\00") "unexpected end") ;; FAILS
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import") ;; FAILS
(assert_trap (module (func $s) (start $s)) "unreachable") ;; FAILS
