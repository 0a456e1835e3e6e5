#!/usr/bin/env bash
# What the validity filters cost in time: `advglue attack` with the default filters against
# `--filters none`, same recipe, model and examples, timed by hyperfine in one session (so
# the ratio is taken under the same load). The target is at most 5x for pwws on 200 SST-2
# dev examples with the built-in model (docs/benchmarks.md).
#   scripts/validity-benchmark.sh                       # pwws, 200 examples, 10 runs each
#   scripts/validity-benchmark.sh --recipe typo --num-examples 500 --runs 5
set -euo pipefail
cd "$(dirname "$0")/.."
recipe=pwws
num=200
runs=10
data=${ADVGLUE_SST2_DEV:-../shared/corpora/glue_data/SST-2/dev.tsv}
while [ $# -gt 0 ]; do
  case "$1" in
    --recipe) recipe=$2; shift 2 ;;
    --num-examples) num=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    *) echo "usage: $0 [--recipe R] [--num-examples N] [--runs N] [--data dev.tsv]" >&2; exit 64 ;;
  esac
done
command -v hyperfine > /dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 69; }
scripts/build-release.sh >&2
B=.build/release/advglue
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args="attack --task sst2 --model builtin:lexical --data $data --num-examples $num --attack $recipe --quiet --jobs 2"
hyperfine --warmup 2 --runs "$runs" --export-json "$work/times.json" \
  -n "filters advglue" "$B $args --filters advglue --out $work/advglue" \
  -n "filters none" "$B $args --filters none --out $work/none"
python3 - "$work/times.json" "$work" <<'PY'
import json, sys
times = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
a, n = times["filters advglue"], times["filters none"]
print(f"filters advglue: mean {a['mean']:.3f} s (median {a['median']:.3f}); none: mean {n['mean']:.3f} s (median {n['median']:.3f})")
print(f"ratio of means: {a['mean'] / n['mean']:.2f}x; of medians: {a['median'] / n['median']:.2f}x")
for kind in ("advglue", "none"):
    s = json.load(open(f"{sys.argv[2]}/{kind}/results.json"))["summary"]
    print(f"{kind}: success rate {100 * s['attackSuccessRate']:.1f}%, accuracy under attack {100 * s['accuracyUnderAttack']:.1f}%, queries {s['averageQueries']:.1f}")
PY
