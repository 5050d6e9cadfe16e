#!/bin/sh
# startup.sh — start-up benchmark: `wasmrun hello-world.wasm` (and --invoke fac) next to `true`, wall time and peak RSS.
# Usage: bench/startup.sh [BUILD_DIR] [RUNS]   (default: build, 200). Results also go to BUILD_DIR/bench-startup.txt.
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
{
  echo "# start-up: $(uname -srm), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $runs runs each"
  "$build/bench-startup" "$runs" "$true_bin" --- "$(realpath "$wasmrun")" "$(realpath "$hello")" \
    --- "$(realpath "$wasmrun")" --invoke fac "$(realpath "$fac")" 10
} | tee "$build/bench-startup.txt"
