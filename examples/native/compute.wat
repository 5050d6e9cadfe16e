;; compute.wat — long-running code for the fuel and interrupt examples.
(module
  ;; Never returns.
  (func (export "spin")
    (loop $forever (br $forever)))
  ;; The number of Collatz steps from n down to 1.
  (func (export "collatz") (param $n i64) (result i32) (local $steps i32)
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $n
          (if (result i64) (i64.eqz (i64.and (local.get $n) (i64.const 1)))
            (then (i64.shr_u (local.get $n) (i64.const 1)))
            (else (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1)))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (br $next)))
    (local.get $steps)))
