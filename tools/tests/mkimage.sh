#!/bin/sh
# mkimage.sh — writes an OCI image layout (platform wasi/wasm) holding one wasm module, as a tar or a directory.
# Usage: mkimage.sh [-d] [-z] [-n NAME] [-e ENTRYPOINT_JSON] [-c CMD_JSON] [-E ENV_JSON] [-w DIR] OUT MODULE PATH_IN_IMAGE
#   -d  write OUT as a layout directory instead of a tar     -z  gzip the layer
#   -n  image name for the index annotations (default docker.io/library/wasmrun-test:latest)
# The JSON arguments are arrays, e.g. -e '["/hello.wasm"]'. Needs tar, gzip, sha256sum.
set -eu
as_dir=0 gz=0 name=docker.io/library/wasmrun-test:latest entry=null cmd=null env='[]' workdir=/
while getopts dzn:e:c:E:w: opt; do
  case $opt in
    d) as_dir=1 ;; z) gz=1 ;; n) name=$OPTARG ;; e) entry=$OPTARG ;; c) cmd=$OPTARG ;; E) env=$OPTARG ;;
    w) workdir=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 3 ] || { echo "usage: mkimage.sh [options] OUT MODULE PATH_IN_IMAGE" >&2; exit 2; }
out=$1 module=$2 dest=${3#/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/$(dirname "$dest")" "$work/layout/blobs/sha256"
cp "$module" "$work/root/$dest"
( cd "$work/root" && tar --owner=0 --group=0 --numeric-owner -cf "$work/layer.tar" . )
layer_type=application/vnd.oci.image.layer.v1.tar
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
if [ $gz = 1 ]; then gzip -n "$work/layer.tar"; mv "$work/layer.tar.gz" "$work/layer.tar"; layer_type=$layer_type+gzip; fi

blob() { # FILE -> prints "sha256:HEX SIZE" and stores the blob
  hex=$(sha256sum "$1" | cut -d' ' -f1)
  cp "$1" "$work/layout/blobs/sha256/$hex"
  echo "sha256:$hex $(wc -c < "$1")"
}
set -- $(blob "$work/layer.tar"); layer_digest=$1 layer_size=$2
printf '{"architecture":"wasm","os":"wasi","config":{"Entrypoint":%s,"Cmd":%s,"Env":%s,"WorkingDir":"%s"},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$entry" "$cmd" "$env" "$workdir" "$diff_id" > "$work/config.json"
set -- $(blob "$work/config.json"); config_digest=$1 config_size=$2
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"%s","digest":"%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_type" "$layer_digest" "$layer_size" > "$work/manifest.json"
set -- $(blob "$work/manifest.json"); manifest_digest=$1 manifest_size=$2
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"platform":{"architecture":"wasm","os":"wasi"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_digest" "$manifest_size" "$name" "${name##*:}" > "$work/layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/layout/oci-layout"
if [ $as_dir = 1 ]; then
  rm -rf "$out"; cp -r "$work/layout" "$out"
else
  ( cd "$work/layout" && tar -cf "$work/image.tar" oci-layout index.json blobs ) && mv "$work/image.tar" "$out"
fi
