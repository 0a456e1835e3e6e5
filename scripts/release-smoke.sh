#!/usr/bin/env bash
# Checks in a release build what the tests check in a debug one, where the optimiser
# has broken things before (a task-group result came back with a garbage index in
# release builds only): the same results whatever --jobs is; four shards as separate
# processes, merged, equal to the unsharded run; a shard resumed from a cut journal;
# and the batch-engine recipes' flow (scripts/check-deploy.sh). scripts/test.sh runs it.
#
#   scripts/release-smoke.sh [DATA]   # default: ../shared/corpora/glue_data/SST-2/dev.tsv, else the demo corpus
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/corpora/glue_data/SST-2/dev.tsv}
if [ ! -f "$data" ]; then
  [ "${ADVGLUE_REQUIRE_CORPORA:-}" = 1 ] && { echo "error: $data missing and ADVGLUE_REQUIRE_CORPORA=1" >&2; exit 1; }
  data=Corpora/demo/SST-2/dev.tsv
fi
scripts/build-release.sh >&2
B=.build/release/advglue
# libcurl is dlopened by KServe models only (Sources/CCurlShim); linked, it and the 34
# libraries it needs cost every process ~7 ms of start-up.
if ldd "$B" | grep -q libcurl; then
  echo "error: $B links libcurl; something imports FoundationNetworking again" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The lexical model keeps the 300-example checks quick; the default victim gets its own below.
args=(--task sst2 --model builtin:lexical --data "$data" --num-examples 300 --quiet)
recipes=typo,pwws

"$B" attack "${args[@]}" --attack "$recipes" --jobs 1 --out "$work/one" > /dev/null
"$B" attack "${args[@]}" --attack "$recipes" --jobs 2 --out "$work/two" > /dev/null
for recipe in typo pwws; do
  cmp "$work/one/$recipe/results.json" "$work/two/$recipe/results.json"
done
echo "release: --jobs 1 and --jobs 2 give the same results" >&2

# The default victim (builtin:finetuned, batched BLAS inference) under the same check.
"$B" attack --task sst2 --data "$data" --num-examples 40 --quiet --attack typo --jobs 1 --out "$work/ft1" > /dev/null
"$B" attack --task sst2 --data "$data" --num-examples 40 --quiet --attack typo --jobs 2 --out "$work/ft2" > /dev/null
cmp "$work/ft1/results.json" "$work/ft2/results.json"
grep -q '"spec" : "builtin:finetuned"\|"spec":"builtin:finetuned"' "$work/ft1/results.json"
echo "release: the default victim gives the same results whatever --jobs is" >&2

ADVGLUE=$B scripts/shard-local.sh 4 "$work/sharded" "${args[@]}" --attack "$recipes" --jobs 1 2> /dev/null
python3 scripts/deploy/compare_runs.py "$work/one" "$work/sharded"
cmp "$work/one/pwws/journal.jsonl" "$work/sharded/pwws/journal.jsonl"

# A shard killed half way: cut its journal, resume it, merge again.
journal=$work/sharded/shard-2-of-4/typo/journal.jsonl
head -n 40 "$journal" > "$work/cut" && mv "$work/cut" "$journal"
"$B" attack "${args[@]}" --attack typo --jobs 2 --resume "$journal" > /dev/null
"$B" merge "$work"/sharded/shard-*-of-4 --out "$work/again" > /dev/null
python3 scripts/deploy/compare_runs.py "$work/one" "$work/again"
echo "release: shards merged and a resumed shard give the unsharded run's outputs" >&2

scripts/check-deploy.sh "$data"
