;; hostref.wat — externrefs through a global, a table, and a host function round trip.
(module
  (import "" "f" (func $f (param externref) (result externref)))
  (global $g (export "global") (mut externref) (ref.null extern))
  (table $t (export "table") 10 externref)
  (func (export "global.set") (param externref) (global.set $g (local.get 0)))
  (func (export "global.get") (result externref) (global.get $g))
  (func (export "table.set") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
  (func (export "table.get") (param i32) (result externref) (table.get $t (local.get 0)))
  (func (export "func.call") (param externref) (result externref) (call $f (local.get 0))))
