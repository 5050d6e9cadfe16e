;; multi.wat — multi-value through a host callback that reverses four values.
(module
  (import "" "reverse" (func $reverse (param i32 i64 i64 i32) (result i32 i64 i64 i32)))
  (func (export "run") (param i32 i64 i64 i32) (result i32 i64 i64 i32)
    (call $reverse (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
