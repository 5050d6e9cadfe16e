;; hello.wat — one imported host function, called by the export "run".
(module
  (import "" "hello" (func $hello))
  (func (export "run") (call $hello)))
