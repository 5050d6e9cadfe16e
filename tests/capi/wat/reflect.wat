;; reflect.wat — one export of each kind, plus a function with several parameter and result types.
(module
  (import "host" "imported" (func (param i64 f64) (result f32)))
  (func (export "func") (param i32 f32 f64) (result i64 funcref externref)
    (i64.const 0) (ref.null func) (ref.null extern))
  (global (export "global") (mut f64) (f64.const 0))
  (table (export "table") 2 7 funcref)
  (memory (export "memory") 1))
