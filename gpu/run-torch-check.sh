#!/usr/bin/env bash
# Runs the model's TorchCheck (libtorch's view, device-equals-CPU logits, bare loop and centralized images/s on the
# GPU against the CPU) on a GPU node that has a Python PyTorch but no Java and no network: with the JRE, jars and
# JNI source that gpu/pack-torch-check.sh packed, it builds DJL's JNI against that PyTorch and points DJL at it.
#   bash run-torch-check.sh PACK_DIR [TorchCheck options, e.g. --device gpu --steps 30]
# TORCH_DIR: the torch package (default: the one python3 imports); WORK (default /tmp/torch-check) is where it unpacks and builds.
set -euo pipefail
pack=$(cd "${1:?PACK_DIR}" && pwd); shift
work=${WORK:-/tmp/torch-check}
mkdir -p "$work"
torch=${TORCH_DIR:-$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')}
[ -f "$torch/version.py" ] || { echo "run-torch-check: $torch/version.py not found (TORCH_DIR: a torch package)" >&2; exit 2; }
# Read from the package's files, not by importing torch: version, CUDA version, and the C++ ABI its libc10 exports.
version=$(sed -n "s/^__version__ = '\([0-9.]*\).*/\1/p" "$torch/version.py")
cuda=$(sed -n "s/^cuda[^=]*= '\([0-9]*\)\.\([0-9]*\).*/\1\2/p" "$torch/version.py")
abi=$(nm -D --defined-only "$torch/lib/libc10.so" | grep -q __cxx11 && echo 1 || echo 0)
[ -x "$work/jre/bin/java" ] || tar -xJf "$pack/jre.tar.xz" -C "$work"
[ -f "$work/jni/libdjl_torch.so" ] || TORCH_CXX11_ABI=$abi bash "$pack/build-djl-jni.sh" "$torch" "$pack/jni-src" "$work/jni"
# DJL looks for libdjl_torch.so beside libtorch: a folder of links leaves the torch package untouched, and
# LD_LIBRARY_PATH finds what libtorch's $ORIGIN-relative run paths name (the nvidia-* packages beside torch).
rm -rf "$work/torchlib"; mkdir -p "$work/torchlib"
ln -s "$torch"/lib/* "$work/torchlib/"; cp "$work/jni/libdjl_torch.so" "$work/torchlib/"
site=$(dirname "$torch")
nv=$(find "$site/nvidia" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd: || true)
export LD_LIBRARY_PATH="$torch/lib${nv:+:$nv}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PYTORCH_LIBRARY_PATH="$work/torchlib" PYTORCH_VERSION="$version"
export PYTORCH_FLAVOR=${cuda:+cu$cuda}; PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-cpu}
# Test and Python-only libraries in a wheel's lib folder that DJL would otherwise load one by one.
export PYTORCH_LIBRARY_EXCLUSION=libjitbackend_test.so,libbackend_with_compiler.so,libaoti_custom_ops.so,libtorchbind_test.so,libtorch_python.so
echo "run-torch-check: torch $version (${PYTORCH_FLAVOR}) at $torch"
exec "$work/jre/bin/java" -Dai.djl.offline=true -cp "$pack/lib/*" org.cutmixsl.model.bench.TorchCheck "$@"
