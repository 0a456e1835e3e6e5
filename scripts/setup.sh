#!/usr/bin/env bash
# Installs what advglue and its tests need on Debian 12 and builds it.
#   scripts/setup.sh              system packages (if missing) + Python test environment + release build
#   scripts/setup.sh --deps-only  system packages and the Python test environment only
#   scripts/setup.sh --no-python  system packages + release build (what the quick start needs)
# The Python environment (.venv, or $ADVGLUE_VENV) holds Seldon MLServer and scikit-learn
# for the external-model tests; scripts/python-env.sh skips it when it is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libicu-dev libutf8proc-dev wordnet-base cmark-gfm openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
python=yes
[ "${1:-}" = "--no-python" ] && python=no
# The tests' Python environment needs a python3 that can create virtual environments.
if [ "$python" = yes ] && ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing+=(python3 python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ "$python" = yes ] && scripts/python-env.sh >/dev/null

[ "${1:-}" = "--deps-only" ] && exit 0
swift build -c release --product advglue >&2
echo "built .build/release/advglue" >&2
