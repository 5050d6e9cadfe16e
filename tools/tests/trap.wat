;; trap.wat — _start calls $middle calls $innermost, which traps: the backtrace must name all three.
(module
  (func $innermost unreachable)
  (func $middle call $innermost)
  (func $_start (export "_start") call $middle))
