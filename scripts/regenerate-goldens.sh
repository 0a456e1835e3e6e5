#!/usr/bin/env bash
# Rewrites the golden files in Tests/AdvGlueTests/Golden (reports, --help) and the
# generated docs/recipes.md from the current code. Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
ADVGLUE_REGENERATE_GOLDENS=1 swift test --filter "Golden|reportMatchesGolden" "$@"
git status --short Tests/AdvGlueTests/Golden docs/recipes.md
