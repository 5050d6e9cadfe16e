;; bigmem.wat — asks for 100 pages (6.4 MB) at instantiation, over a --max-memory of 1M.
(module
  (memory 100)
  (func (export "_start")))
