#!/bin/sh
# pkg-config-check.sh — installs the build into a scratch directory, then builds and runs embed.c the way an embedder
# would: cc $(pkg-config --cflags --libs libwasm) embed.c. Also checks that wasmrun and its man page are installed.
# usage: pkg-config-check.sh BUILD_DIR embed.c embed.wasm CC [EXTRA_CFLAGS]
set -eu
build=$1 src=$2 wasm=$3 cc=$4 extra=${5:-}

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null

pc=$(find "$dest" -name libwasm.pc)
[ -n "$pc" ] || { echo "libwasm.pc was not installed" >&2; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")
# The .pc names the final prefix; point it at the scratch copy.
export PKG_CONFIG_PATH="$(dirname "$pc")"
pkg() { pkg-config --define-variable=prefix="$dest$prefix" "$@" libwasm; }

for f in include/libwasm.h include/wasm.h bin/wasmrun share/man/man1/wasmrun.1; do
    [ -e "$dest$prefix/$f" ] || { echo "$prefix/$f was not installed" >&2; exit 1; }
done

# shellcheck disable=SC2046,SC2086 # word splitting of the flags is intended
"$cc" $extra -o "$dest/embed" "$src" $(pkg --cflags --libs)
echo "built with: $cc $extra embed.c $(pkg --cflags --libs)"
LD_LIBRARY_PATH="$(pkg --variable=libdir)" "$dest/embed" "$wasm"
