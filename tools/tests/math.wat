;; math.wat — exports of every number type for --invoke, a trapping divide, memory growth, and no _start.
(module
  (memory (export "memory") 1)
  (func (export "add_i32") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add_i64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "mul_f32") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
  (func (export "div_f64") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
  (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
  (func (export "nothing"))
  (func $divide (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (global (export "not_a_function") i32 (i32.const 0)))
