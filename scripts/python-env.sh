#!/usr/bin/env bash
# Creates the Python virtual environment the external-model tests and benchmark use:
# $ADVGLUE_VENV if set, else .venv in the checkout (git-ignored), with the packages in
# scripts/requirements-test.txt. Does nothing (in milliseconds) when the environment
# already holds exactly those requirements. Prints the environment's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${ADVGLUE_VENV:-.venv}
requirements=scripts/requirements-test.txt
want=$(sha256sum "$requirements" | cut -d' ' -f1)
stamp="$venv/.advglue-requirements"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$venv"
  exit 0
fi
python=${PYTHON:-python3}
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "error: $python cannot create virtual environments; install python3-venv (scripts/setup.sh does)" >&2
  exit 1
fi
echo "creating the Python environment $venv (mlserver, scikit-learn, torch on CPU, transformers, onnxruntime; a few minutes)" >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q -r "$requirements" >&2
echo "$want" > "$stamp"
echo "$venv"
