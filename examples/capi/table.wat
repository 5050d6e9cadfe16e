;; table.wat — a funcref table of binary operations (max 4 entries) and "apply", which calls entry i on (a, b).
(module
  (type $binop (func (param i32 i32) (result i32)))
  (table (export "ops") 2 4 funcref)
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (elem (i32.const 0) $add $sub)
  (func (export "apply") (param $i i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $i))))
