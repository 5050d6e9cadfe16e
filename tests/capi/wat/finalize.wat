;; finalize.wat — a small module instantiated many times.
(module
  (func (export "f"))
  (func (export "g") (result i32) (i32.const 7))
  (global (export "counter") (mut i32) (i32.const 0)))
