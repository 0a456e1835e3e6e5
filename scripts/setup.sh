#!/usr/bin/env bash
# Installs what advglue needs on Debian 12 and builds it.
#   scripts/setup.sh              system packages (if missing) + release build
#   scripts/setup.sh --deps-only  system packages only
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libicu-dev libutf8proc-dev wordnet-base cmark-gfm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ "${1:-}" = "--deps-only" ] && exit 0
# The Swift runtime and Foundation linked in: a process then starts in about half the
# time (no dynamic symbol look-ups), which is most of a small run.
swift build -c release --static-swift-stdlib --product advglue >&2
echo "built .build/release/advglue" >&2
