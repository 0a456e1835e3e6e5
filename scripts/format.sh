#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format and the checked-in
# .swift-format; scripts/test.sh checks that nothing is left to format.
#   scripts/format.sh           format in place
#   scripts/format.sh --check   report what is not formatted, exit 1 if anything is
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks)
if [ "${1:-}" = "--check" ]; then
  exec swift format lint --strict --recursive --parallel "${paths[@]}"
fi
swift format format --in-place --recursive --parallel "${paths[@]}"
