#!/usr/bin/env bash
# Runs a sharded attack the way a batch scheduler would, as separate local processes,
# then merges the shards into one report (the same files an unsharded run writes).
#
#   scripts/shard-local.sh N OUT ATTACK-ARGS...
#   scripts/shard-local.sh 4 Reports/sst2-pwws --task sst2 --data ../shared/corpora/glue_data --attack pwws
#
# Shard I writes OUT/shard-I-of-N/; the merged report goes to OUT. ATTACK-ARGS are
# `advglue attack` options (not --shard or --out). ADVGLUE names the executable
# (default: .build/release/advglue, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ] || ! [ "$1" -ge 1 ] 2>/dev/null; then
  sed -n '2,10p' "$0" >&2
  exit 64
fi
shards=$1 out=$2
shift 2
advglue=${ADVGLUE:-.build/release/advglue}
if [ -z "${ADVGLUE:-}" ] && [ ! -x "$advglue" ]; then
  scripts/build-release.sh >&2
fi

mkdir -p "$out"
start=$(date +%s.%N)
pids=()
for ((i = 0; i < shards; i++)); do
  "$advglue" attack "$@" --shard "$i/$shards" --out "$out" --quiet > "$out/shard-$i.log.txt" 2>&1 &
  pids+=($!)
done
failed=0
for ((i = 0; i < shards; i++)); do
  if ! wait "${pids[$i]}"; then
    echo "shard $i/$shards failed; its log: $out.shard-$i.log" >&2
    tail -3 "$out/shard-$i.log.txt" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || { echo "fix the cause and resume each failed shard with --resume $out/shard-I-of-$shards/journal.jsonl, then merge" >&2; exit 1; }
rm -f "$out"/shard-*.log.txt
"$advglue" merge "$out"/shard-*-of-"$shards" --out "$out"
end=$(date +%s.%N)
echo "$shards shards and the merge took $(awk "BEGIN { printf \"%.2f\", $end - $start }") s" >&2
