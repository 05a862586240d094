#!/usr/bin/env bash
# Spark's GPU discovery script (spark.{driver,executor}.resource.gpu.discoveryScript): prints the GPUs this
# machine has, as the JSON Spark expects: {"name": "gpu", "addresses": ["0", "1", ...]}.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/ *$//' | paste -sd, - \
  | sed -e 's/\([0-9][0-9]*\)/"\1"/g')
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
