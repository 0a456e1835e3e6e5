#!/usr/bin/env bash
# Runs the whole test suite, after checking the sources are formatted (scripts/format.sh).
# Tests that read ../shared/corpora skip with a message
# when it is absent, and fail instead when ADVGLUE_REQUIRE_CORPORA=1 (as in CI).
# The full run (no arguments) then repeats the sharding, merge and streaming checks in
# a release build (scripts/release-smoke.sh, a few minutes with the build); arguments
# go to `swift test` alone, e.g. scripts/test.sh --filter Journal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps-only
scripts/format.sh --check
swift test "$@"
if [ $# -eq 0 ] && [ "${ADVGLUE_SKIP_RELEASE_SMOKE:-}" != 1 ]; then
  scripts/release-smoke.sh
fi
