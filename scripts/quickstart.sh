#!/usr/bin/env bash
# One command for a fresh machine: install, build, and attack the built-in SST-2
# model on the demo corpus. Extra arguments go to `advglue attack`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-python
exec .build/release/advglue attack --task sst2 "$@"
