#!/usr/bin/env bash
# Packs what gpu/run-torch-check.sh needs on a GPU node with a Python PyTorch and nothing else: a jlinked Java 17
# (xz), the model module's runtime jars without ND4J, JMH and DJL's own natives, and DJL v0.32.0's JNI source.
#   gpu/pack-torch-check.sh DJL_GIT_DIR OUT_DIR     (after mvn package; DJL_GIT_DIR: a clone of deepjavalibrary/djl)
# About 30 MB: small enough to travel where libtorch's own CUDA bundle (1.2 GB in xz) cannot.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
djl=${1:?DJL_GIT_DIR}; out=${2:?OUT_DIR}
model=$(ls "$root"/model/target/cutmixsl-model-*.jar 2>/dev/null | grep -v -- '-tests' | head -1)
[ -n "$model" ] || { echo "pack-torch-check: $root/model/target has no jar: run mvn -DskipTests package first" >&2; exit 2; }
rm -rf "$out"; mkdir -p "$out/lib" "$out/jni-src"/{native,api,include,jni/linux}
(cd "$root" && mvn -B -q dependency:build-classpath -pl model -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$out/classpath.txt")
tr ':' '\n' < "$out/classpath.txt" | grep -v -E '/(nd4j|javacpp|openblas|pytorch-native|pytorch-jni|jmh|flatbuffers|protobuf|junit|opentest4j|apiguardian)[^/]*/' \
    | while read -r jar; do cp "$jar" "$out/lib/"; done
cp "$model" "$out/lib/"
rm "$out/classpath.txt"
# The JNI source of the DJL the project pins (pom: djl.version), and the header javac makes from its Java side.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git -C "$djl" archive v0.32.0 engines/pytorch/pytorch-native/src/main/native api/src/main/native \
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java | tar -x -C "$tmp"
cp "$tmp"/engines/pytorch/pytorch-native/src/main/native/* "$out/jni-src/native/"
cp -r "$tmp"/api/src/main/native/* "$out/jni-src/api/"
javac -h "$out/jni-src/include" -d "$tmp/classes" -cp "$(ls "$out"/lib/api-*.jar):$(ls "$out"/lib/pytorch-engine-*.jar)" \
    "$tmp"/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
cp "$jdk/include/jni.h" "$out/jni-src/jni/"; cp "$jdk/include/linux/jni_md.h" "$out/jni-src/jni/linux/"
# What the check loads (jdeps cannot list it: some of the jars are modules that need others left out here).
modules=java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.management
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$tmp/jre"
tar -C "$tmp" -cf - jre | xz -T0 -9 > "$out/jre.tar.xz"
cp "$root"/gpu/build-djl-jni.sh "$root"/gpu/use-torch.sh "$root"/gpu/run-torch-check.sh "$out/"
echo "pack-torch-check: $out ($(du -sh "$out" | cut -f1); modules $modules)"
