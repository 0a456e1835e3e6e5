#!/usr/bin/env bash
# Regenerates the MiniLM parity fixtures (Tests/AdvGlueTests/Reference/minilm-parity.json)
# with the reference Python implementation. Not run by CI: it needs torch (CPU build,
# installed into the git-ignored .venv-minilm/ on first use; ADVGLUE_MINILM_VENV overrides).
#   CORPORA   the shared corpora (default ../shared/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(scripts/minilm/venv.sh)
"$PY" scripts/minilm/fixtures.py "${CORPORA:-../shared/corpora}" Tests/AdvGlueTests/Reference/minilm-parity.json
