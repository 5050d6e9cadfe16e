;; trap.wat — "divide" traps on a zero divisor; "check" calls the host, which may refuse.
(module
  (import "env" "check" (func $check (param i32)))
  (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "divide") (param i32 i32) (result i32) (call $div (local.get 0) (local.get 1)))
  (func (export "check") (param i32) (call $check (local.get 0))))
