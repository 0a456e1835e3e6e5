#!/usr/bin/env bash
# Builds .build/release/advglue the one way every script uses, so that no two scripts
# rebuild it in different modes. The Swift runtime and Foundation are linked in: a
# process then starts in about half the time (no dynamic symbol look-ups), which is
# most of a small run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product advglue "$@"
