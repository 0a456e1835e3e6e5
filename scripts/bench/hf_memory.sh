#!/usr/bin/env bash
# Peak memory of an `hf:` attack as the run grows: the fine-tuned SST-2 victim (exported from
# the built-in delta by scripts/models/export_finetuned.py) attacked with RECIPE on the first
# 500 and the first 5,000 examples of SST-2 train, each in its own process; prints the peak
# resident set size (GNU time's %M) and the wall time of each. A flat figure means nothing
# grows per example: results stream to the journal, memos are bounded.
#
# Needs the release build, GNU time (/usr/bin/time) and a Python with numpy (PY, default
# .venv/bin/python).
#   scripts/bench/hf_memory.sh [RECIPE] [SMALL] [LARGE]     # defaults: typo 500 5000
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
RECIPE=${1:-typo}
SMALL=${2:-500}
LARGE=${3:-5000}
DATA=${DATA:-../shared/corpora/glue_data/SST-2/train.tsv}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
B=.build/release/advglue
[ -x "$B" ] || scripts/build-release.sh >&2
"$PY" scripts/models/export_finetuned.py --task sst2 --out "$WORK/ckpt" 2>/dev/null
for n in "$SMALL" "$LARGE"; do
  /usr/bin/time -f "%M %e" -o "$WORK/time-$n" "$B" attack --task sst2 --model "hf:$WORK/ckpt" --data "$DATA" \
    --num-examples "$n" --attack "$RECIPE" --quiet --out "$WORK/run-$n" > /dev/null
  read -r kb seconds < "$WORK/time-$n"
  queries=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print(f\"{s['examples']} examples, {s['averageQueries']:.1f} queries/example, success {100*s['attackSuccessRate']:.1f}%\")" "$WORK/run-$n/results.json")
  echo "$RECIPE on $n examples: peak RSS $((kb / 1024)) MB, $seconds s ($queries)"
done
