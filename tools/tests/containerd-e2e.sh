#!/bin/sh
# containerd-e2e.sh — runs wasm OCI images under a private containerd with wasmrun-runc as the runc binary.
# Usage: containerd-e2e.sh WASMRUN_RUNC GUESTS_DIR MKIMAGE_SH
# Starts containerd as root on a socket and state directories under GUESTS_DIR, imports two images built here
# (platform wasi/wasm), runs them with `ctr run --rm --runc-binary`, and checks output and exit status.
# Exits 77 (meson: skipped) with a loud message where containerd cannot run.
set -u
RUNC=$1 GUESTS=$2 MKIMAGE=$3
WORK=$GUESTS/containerd-e2e
NS=wasmrun-e2e

skip() {
  echo "*************************************************************" >&2
  echo "*** SKIPPED: containerd end-to-end test: $*" >&2
  echo "*************************************************************" >&2
  exit 77
}
fail() { echo "FAILED: $*" >&2; [ -f "$WORK/containerd.log" ] && tail -30 "$WORK/containerd.log" >&2; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root (containerd and its shim mount the container's rootfs)"
command -v containerd >/dev/null 2>&1 && command -v ctr >/dev/null 2>&1 && \
  command -v containerd-shim-runc-v2 >/dev/null 2>&1 || skip "containerd is not installed (Debian package: containerd)"

cleanup() {
  if [ -n "${CTRD_PID:-}" ]; then
    kill "$CTRD_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$CTRD_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$CTRD_PID" 2>/dev/null
  fi
  # Shims outlive containerd by design; end only those serving this test's containerd (its own socket).
  for p in $(pgrep -f -- "-address $WORK/containerd.sock" 2>/dev/null); do
    [ "$p" != "$$" ] && kill -9 "$p" 2>/dev/null
  done
  grep " $WORK/" /proc/mounts | cut -d' ' -f2 | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
cleanup
mkdir -p "$WORK" || fail "cannot create $WORK"

cat > "$WORK/config.toml" <<TOML
version = 2
root = "$WORK/root"
state = "$WORK/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
                    "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$WORK/containerd.sock"
[ttrpc]
  address = "$WORK/containerd.sock.ttrpc"
[debug]
  address = "$WORK/debug.sock"
TOML

containerd --config "$WORK/config.toml" >"$WORK/containerd.log" 2>&1 &
CTRD_PID=$!
CTR="ctr --address $WORK/containerd.sock --namespace $NS"
up=0
for _ in $(seq 1 100); do
  if $CTR version >/dev/null 2>&1; then up=1; break; fi
  kill -0 "$CTRD_PID" 2>/dev/null || break
  sleep 0.2
done
[ $up = 1 ] || { tail -20 "$WORK/containerd.log" >&2; skip "containerd did not start on this machine (log above)"; }

sh "$MKIMAGE" -z -n docker.io/library/wasmrun-hello:e2e -e '["/hello-world.wasm"]' \
  "$WORK/hello.tar" "$GUESTS/hello-world.wasm" /hello-world.wasm || fail "building the hello image"
sh "$MKIMAGE" -n docker.io/library/wasmrun-exit3:e2e -e '["/exit3.wasm"]' \
  "$WORK/exit3.tar" "$GUESTS/exit3.wasm" /exit3.wasm || fail "building the exit3 image"
for img in hello exit3; do
  $CTR images import --platform wasi/wasm "$WORK/$img.tar" >"$WORK/import-$img.log" 2>&1 || \
    { cat "$WORK/import-$img.log" >&2; fail "ctr images import $img.tar"; }
done

run() { # NAME IMAGE: runs it, leaves output in $WORK/NAME.out and the status in $status
  $CTR run --rm --runc-binary "$RUNC" --snapshotter native --platform wasi/wasm "$2" "$1" >"$WORK/$1.out" 2>&1
  status=$?
}

run hello docker.io/library/wasmrun-hello:e2e
echo "hello: status $status, output: $(cat "$WORK/hello.out")"
[ $status = 0 ] || fail "hello exited with $status: $(cat "$WORK/hello.out")"
[ "$(cat "$WORK/hello.out")" = "Hello, Wasm!" ] || fail "hello printed: $(cat "$WORK/hello.out")"

run exit3 docker.io/library/wasmrun-exit3:e2e
echo "exit3: status $status"
[ $status = 3 ] || fail "exit3 exited with $status, not 3: $(cat "$WORK/exit3.out")"

$CTR containers list -q | grep -q . && fail "containers left behind: $($CTR containers list -q)"
echo "2 passed, 0 failed"
