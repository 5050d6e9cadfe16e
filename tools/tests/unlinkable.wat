;; unlinkable.wat — imports something no host provides.
(module
  (import "env" "no_such_function" (func (param i32)))
  (func (export "_start")))
