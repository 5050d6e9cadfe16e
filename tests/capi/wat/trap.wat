;; trap.wat — one export traps through the host callback, one on `unreachable` two calls deep.
(module
  (import "" "fail" (func $fail (result i32)))
  (func (export "callback") (result i32) (call $fail))
  (func $inner (result i32) (unreachable))
  (func (export "unreachable") (result i32) (call $inner)))
