;; embed.wat — imports env.log (prints a string from memory); exports its memory, "greet" and "squares".
(module
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from wasm!")
  (func (export "greet")
    (call $log (i32.const 16) (i32.const 16)))
  ;; Writes i*i at 1024 + 4i for each i < n; returns their sum.
  (func (export "squares") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.mul (local.get $i) (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $i) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
