;; memory.wat — a one-page memory (max 4) and "sum", which adds up n bytes from an address.
(module
  (memory (export "memory") 1 4)
  (func (export "sum") (param $at i32) (param $n i32) (result i32)
    (local $total i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $total (i32.add (local.get $total) (i32.load8_u (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $total)))
