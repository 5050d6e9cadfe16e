;; global.wat — imports a host "counter" (mutable i64); exports "limit" (constant f64) and "tick", which bumps the counter.
(module
  (import "env" "counter" (global $counter (mut i64)))
  (global (export "limit") f64 (f64.const 2.5))
  (func (export "tick") (param $by i64) (result i64)
    (global.set $counter (i64.add (global.get $counter) (local.get $by)))
    (global.get $counter)))
