#!/usr/bin/env bash
# Spark's GPU discovery script (spark.{driver,executor,worker}.resource.gpu.discoveryScript): prints GPUs of this
# machine as the JSON Spark expects: {"name": "gpu", "addresses": ["0", "1", ...]}. Spark runs it without
# arguments; the environment says which GPUs to print:
#   CUTMIXSL_GPU_FIRST  index of the first GPU to print (default 0)
#   CUTMIXSL_GPU_COUNT  how many (default: all from CUTMIXSL_GPU_FIRST on); fewer than that is an error
#   CUTMIXSL_FAKE_GPUS  1: print the addresses FIRST .. FIRST+COUNT-1 without asking nvidia-smi, for a machine
#                       without GPUs (tests of Spark's scheduling; nothing may compute on them)
# 'cutmixsl cluster start --gpus-per-worker K' gives worker i (from 0) FIRST = i*K and COUNT = K, so that workers on
# one host print disjoint addresses (README "GPUs on the local cluster").
set -euo pipefail
first="${CUTMIXSL_GPU_FIRST:-0}"
count="${CUTMIXSL_GPU_COUNT:-}"
if [[ "${CUTMIXSL_FAKE_GPUS:-0}" == 1 ]]; then
  [[ -n "$count" ]] || { echo "gpu-discovery.sh: CUTMIXSL_FAKE_GPUS=1 needs CUTMIXSL_GPU_COUNT" >&2; exit 1; }
  indexes=$(seq "$first" $((first + count - 1)))
else
  all=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/ *$//')
  indexes=$(echo "$all" | awk -v first="$first" -v count="${count:-0}" \
    'NF && $1 >= first && (count == 0 || $1 < first + count)')
  found=$(echo "$indexes" | awk 'NF' | wc -l)
  if [[ -n "$count" && "$found" -lt "$count" ]]; then
    echo "gpu-discovery.sh: asked for $count GPU(s) from index $first, nvidia-smi lists $(echo "$all" | awk 'NF' \
      | wc -l) in all: $(echo "$all" | paste -sd, -)" >&2
    exit 1
  fi
fi
addresses=$(echo "$indexes" | awk 'NF { printf "%s\"%s\"", (n++ ? ", " : ""), $1 }')
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
