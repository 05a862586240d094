#!/usr/bin/env bash
# Prints the exports that make DJL 0.32 compute on another libtorch than its Maven jars' 2.5.1: a Python torch
# package (CPU or CUDA) or a libtorch folder. Every bin/cutmixsl command and TorchCheck then load it. It builds
# DJL's JNI against that libtorch first (gpu/build-djl-jni.sh), once per WORK folder.
#   eval "$(gpu/use-torch.sh TORCH_DIR JNI_SRC [WORK])"      JNI_SRC: OUT/jni-src of gpu/pack-torch-check.sh
# Messages go to stderr, exports to stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
torch=${1:?TORCH_DIR}; [ -d "$torch" ] || { echo "use-torch: TORCH_DIR $torch is not a folder" >&2; exit 2; }; torch=$(cd "$torch" && pwd); src=${2:?JNI_SRC}; work=${3:-${WORK:-$HOME/.cache/cutmixsl/torch-jni}}
[ -f "$torch/lib/libtorch.so" ] || { echo "use-torch: $torch/lib/libtorch.so not found: TORCH_DIR must be a torch package or a libtorch folder" >&2; exit 2; }
[ -d "$src/native" ] || { echo "use-torch: $src/native not found: JNI_SRC is the jni-src folder gpu/pack-torch-check.sh writes" >&2; exit 2; }
# Version and CUDA version from the package's version.py, or a libtorch folder's build-version ("2.5.1+cu124").
if [ -f "$torch/version.py" ]; then
  version=$(sed -n "s/^__version__ = '\([0-9.]*\).*/\1/p" "$torch/version.py")
  cuda=$(sed -n "s/^cuda[^=]*= '\([0-9]*\)\.\([0-9]*\).*/\1\2/p" "$torch/version.py")
elif [ -f "$torch/build-version" ]; then
  version=$(sed 's/+.*//' "$torch/build-version"); cuda=$(sed -n 's/.*+cu\([0-9]*\).*/\1/p' "$torch/build-version")
else
  echo "use-torch: $torch has neither version.py (a torch package) nor build-version (a libtorch folder)" >&2; exit 2
fi
[ -n "$version" ] || { echo "use-torch: no version found in $torch" >&2; exit 2; }
flavor=cpu; [ -z "$cuda" ] || flavor=cu$cuda
abi=$(nm -D --defined-only "$torch/lib/libc10.so" | grep -q __cxx11 && echo 1 || echo 0) # the C++ ABI libc10 exports
jni="$work/$version-$flavor"
[ -f "$jni/libdjl_torch.so" ] || TORCH_CXX11_ABI=$abi bash "$here/build-djl-jni.sh" "$torch" "$src" "$jni" >&2
# DJL looks for libdjl_torch.so beside libtorch: a folder of links leaves the torch package untouched, and
# LD_LIBRARY_PATH finds what libtorch's $ORIGIN-relative run paths name (the nvidia-* packages beside torch).
rm -rf "$jni/torchlib"; mkdir -p "$jni/torchlib"
ln -s "$torch"/lib/* "$jni/torchlib/"; cp "$jni/libdjl_torch.so" "$jni/torchlib/"
nv=$(find "$(dirname "$torch")/nvidia" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd: || true)
echo "use-torch: libtorch $version ($flavor) at $torch" >&2
echo "export LD_LIBRARY_PATH='$torch/lib${nv:+:$nv}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}'"
echo "export PYTORCH_LIBRARY_PATH='$jni/torchlib' PYTORCH_VERSION='$version' PYTORCH_FLAVOR='$flavor'"
# Test and Python-only libraries of a wheel's lib folder, which DJL would otherwise load one by one.
echo "export PYTORCH_LIBRARY_EXCLUSION=libjitbackend_test.so,libbackend_with_compiler.so,libaoti_custom_ops.so,libtorchbind_test.so,libtorch_python.so"
