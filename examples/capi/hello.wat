;; hello.wat — imports a host "log" function and exports "run", which logs a + b and returns a * b.
(module
  (import "env" "log" (func $log (param i32)))
  (func (export "run") (param $a i32) (param $b i32) (result i32)
    (call $log (i32.add (local.get $a) (local.get $b)))
    (i32.mul (local.get $a) (local.get $b))))
