#!/bin/sh
# startup.sh — start-up benchmark: `wasmrun hello-world.wasm` (and --invoke fac, and a 2 MB Rust module) next to `true`, wall time and peak RSS.
# Usage: bench/startup.sh [BUILD_DIR] [RUNS]   (default: build, 200). Results also go to BUILD_DIR/bench-startup.txt.
# The 2 MB module is the wasi-testsuite's Rust sched_yield test (it yields once
# and exits), from $WASI_TESTSUITE (default ../shared/wasi-testsuite); left out
# with a note when that is absent.
set -eu
build=${1:-build}
runs=${2:-200}
src=$(cd "$(dirname "$0")" && pwd)
wasmrun=$build/tools/wasmrun
hello=$build/examples/hello-world.wasm
fac=$build/examples/factorial.wasm
for f in "$wasmrun" "$hello" "$fac"; do
  [ -e "$f" ] || { echo "startup.sh: $f missing; build first (ninja -C $build)" >&2; exit 1; }
done
cc -O2 -o "$build/bench-startup" "$src/startup.c"
true_bin=$(PATH=/usr/bin:/bin which true)
suite=${WASI_TESTSUITE:-$src/../../shared/wasi-testsuite}
big=$suite/tests/rust/testsuite/wasm32-wasip1/sched_yield.wasm
set --
if [ -f "$big" ]; then
  set -- --- "$(realpath "$wasmrun")" "$(realpath "$big")"
else
  echo "startup.sh: $big not found: the 2 MB module is left out" >&2
fi
{
  echo "# start-up: $(uname -srm), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $runs runs each"
  "$build/bench-startup" "$runs" "$true_bin" --- "$(realpath "$wasmrun")" "$(realpath "$hello")" \
    --- "$(realpath "$wasmrun")" --invoke fac "$(realpath "$fac")" 10 "$@"
  [ -f "$big" ] && echo "# sched_yield.wasm: $(wc -c <"$big") bytes"
} | tee "$build/bench-startup.txt"
