;; start_trap.wat — the module's start function divides by zero while instantiating.
(module
  (func $boom (drop (i32.div_u (i32.const 1) (i32.const 0))))
  (start $boom)
  (func (export "_start")))
