#!/usr/bin/env bash
# Sentences per second and peak memory of the native MiniLM encoder against the reference
# PyTorch implementation (sentence-transformers on CPU), in one run, on the same sentences:
# GLUE SST-2 dev (872 sentences) from ../shared/corpora, batch 32, at most 64 tokens each.
# Each side encodes them --repeats times per round (median reported); rounds alternate the
# two sides so that load from other processes hits both alike. Not run by CI (needs torch).
#   scripts/minilm-benchmark.sh [ROUNDS]     (default 3)
#   CORPORA  the shared corpora (default ../shared/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
PY=$(scripts/minilm/venv.sh)
scripts/build-release.sh >&2
B=.build/release/advglue
INPUT=$(mktemp /tmp/advglue-minilm-bench.XXXXXX)
trap 'rm -f "$INPUT"' EXIT
# The sentence column of SST-2 dev, header dropped (a temporary file, never committed).
tail -n +2 "${CORPORA:-../shared/corpora}/glue_data/SST-2/dev.tsv" | cut -f1 > "$INPUT"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(wc -l < "$INPUT") sentences, batch 32, max 64 tokens"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  echo -n "  swift:   "; $B embed --input "$INPUT" --max-length 64 --batch-size 32 --timing --repeats 3
  echo -n "  pytorch: "; "$PY" scripts/minilm/benchmark.py "$INPUT" --max-length 64 --batch-size 32 --repeats 3 2>/dev/null
done
