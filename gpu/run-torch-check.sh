#!/usr/bin/env bash
# Runs the model's TorchCheck (libtorch's view, device-equals-CPU logits, bare loop and centralized images/s on the
# GPU against the CPU) on a GPU node that has a Python PyTorch but no Java and no network, from what
# gpu/pack-torch-check.sh packed: its JRE, the model's jars, and DJL's JNI built there against that PyTorch.
#   bash run-torch-check.sh PACK_DIR [TorchCheck options, e.g. --device gpu --steps 30]
# TORCH_DIR: the torch package (default: the one python3 imports); WORK (default /tmp/torch-check): where it
# unpacks and builds.
set -euo pipefail
pack=$(cd "${1:?PACK_DIR}" && pwd); shift
work=${WORK:-/tmp/torch-check}
mkdir -p "$work"
torch=${TORCH_DIR:-$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')}
[ -x "$work/jre/bin/java" ] || tar -xJf "$pack/jre.tar.xz" -C "$work"
exports=$(bash "$pack/use-torch.sh" "$torch" "$pack/jni-src" "$work/jni") # stops here, naming the input, if wrong
eval "$exports"
exec "$work/jre/bin/java" -Dai.djl.offline=true -cp "$pack/lib/*" org.cutmixsl.model.bench.TorchCheck "$@"
