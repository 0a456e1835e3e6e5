#!/usr/bin/env bash
# Runs the whole test suite. Tests that read ../shared/corpora skip with a message
# when it is absent, and fail instead when ADVGLUE_REQUIRE_CORPORA=1 (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps-only
swift test "$@"
