;; recurse.wat — unbounded recursion: must end in a "call stack exhausted" trap, not a crash.
(module
  (func $down (export "_start") call $down))
