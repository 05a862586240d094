#!/usr/bin/env bash
# Builds DJL's PyTorch JNI (libdjl_torch.so) against an installed libtorch, so that DJL 0.32 runs on a libtorch it
# ships no natives for: a node's own PyTorch (a CUDA 13 build, say), where Maven Central has none of that flavour.
#   gpu/build-djl-jni.sh TORCH_DIR JNI_SRC OUT_DIR
# TORCH_DIR: a libtorch or a Python torch package (holds include/ and lib/libtorch.so).
# JNI_SRC: what gpu/pack-torch-check.sh copies there: DJL v0.32.0's engines/pytorch/pytorch-native/src/main/native,
#   api/src/main/native, the JNI header javac -h makes from PyTorchLibrary.java and the JDK's jni.h.
# Compiles without USE_CUDA: the kernels come from libtorch_cuda whichever way; USE_CUDA only adds DJL's separate
# inference stream and cache emptying.
set -euo pipefail
torch=${1:?TORCH_DIR}; src=${2:?JNI_SRC}; out=${3:?OUT_DIR}
[ -f "$torch/lib/libtorch.so" ] || { echo "build-djl-jni: $torch/lib/libtorch.so not found (TORCH_DIR must hold a libtorch)" >&2; exit 2; }
[ -d "$src/native" ] || { echo "build-djl-jni: $src/native not found (JNI_SRC from gpu/pack-torch-check.sh)" >&2; exit 2; }
abi=${TORCH_CXX11_ABI:-1}  # pip wheels since 2.7 and libtorch's cxx11 builds; 0 for the pre-cxx11 ones
mkdir -p "$out/obj"
export torch src out abi
ls "$src"/native/*.cc | xargs -P "$(nproc)" -I{} sh -c 'g++ -O2 -fPIC -std=gnu++17 -D_GLIBCXX_USE_CXX11_ABI=$abi \
    -I"$src/include" -I"$src/jni" -I"$src/jni/linux" -I"$src/api" \
    -isystem "$torch/include" -isystem "$torch/include/torch/csrc/api/include" \
    -c {} -o "$out/obj/$(basename {} .cc).o" || { echo "build-djl-jni: {} failed" >&2; exit 255; }'
g++ -shared -o "$out/libdjl_torch.so" "$out"/obj/*.o -Wl,-rpath,'$ORIGIN' -L"$torch/lib" \
    -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10
echo "build-djl-jni: $out/libdjl_torch.so against $torch"
