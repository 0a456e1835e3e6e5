#!/usr/bin/env bash
# Batched inference on the fine-tuned SST-2 victim, three ways, on SST-2 dev (872 sentences)
# at batch 32 with 2 threads each: PyTorch (transformers), ONNX Runtime (the torch.onnx export)
# and advglue `hf:` (native Swift, OpenBLAS). The checkpoint is the built-in victim exported
# by scripts/models/export_finetuned.py, so all three run the same weights.
#
# The Python figures are forward passes only (tokenizing included, loading left out);
# advglue's is the whole process: start, load, read the data, score, write the predictions.
# Each is the best of REPEAT runs (default 3). Prints the figures and the agreement.
#
# Needs the release build and a Python with torch, transformers, onnx and onnxruntime
# (PY, default .venv/bin/python: scripts/setup.sh installs them).
#   scripts/bench/finetuned_inference.sh [DATA] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
DATA=${1:-../shared/corpora/glue_data/SST-2/dev.tsv}
REPEAT=${2:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
B=.build/release/advglue
[ -x "$B" ] || scripts/build-release.sh >&2

"$PY" scripts/models/export_finetuned.py --task sst2 --out "$WORK/ckpt" 2>/dev/null
"$PY" scripts/models/export_onnx.py --model "$WORK/ckpt" 2>/dev/null

"$PY" - "$WORK/ckpt" "$DATA" "$WORK" "$REPEAT" <<'PY'
import csv, json, pathlib, sys, time
import numpy, onnxruntime, torch, transformers

folder, data, work, repeat = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3]), int(sys.argv[4])
with open(data, newline="") as f:
    texts = [row[0] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]
tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
torch.set_num_threads(2)
model = transformers.AutoModelForSequenceClassification.from_pretrained(folder).eval()
options = onnxruntime.SessionOptions()
options.intra_op_num_threads = 2
session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
names = [i.name for i in session.get_inputs()]

def run_torch():
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), 32):
            batch = tokenizer(texts[i:i + 32], padding=True, truncation=True, return_tensors="pt")
            out += model(**batch).logits.tolist()
    return out

def run_onnx():
    out = []
    for i in range(0, len(texts), 32):
        batch = tokenizer(texts[i:i + 32], padding=True, truncation=True, return_tensors="np")
        out += session.run(["logits"], {n: batch[n].astype(numpy.int64) for n in names})[0].tolist()
    return out

for name, run in (("torch", run_torch), ("onnx", run_onnx)):
    best, logits = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        logits = run()
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    json.dump(logits, open(work / f"{name}.json", "w"))
    label = {"torch": f"PyTorch {torch.__version__}", "onnx": f"ONNX Runtime {onnxruntime.__version__}"}[name]
    print(f"{label}, 2 threads, batch 32: {len(texts)} texts in {best:.2f} s ({len(texts) / best:.0f}/s), best of {repeat}")
PY

best=""
for _ in $(seq "$REPEAT"); do
  start=$(date +%s.%N)
  OPENBLAS_NUM_THREADS=2 "$B" predict --task sst2 --model "hf:$WORK/ckpt" --data "$DATA" --batch-size 32 \
    --output "$WORK/predictions.jsonl" > /dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
echo "advglue hf: (release, OpenBLAS, batch 32), process start to predictions written: $best s, best of $REPEAT"

python3 - "$WORK" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
mine = [json.loads(line)["logits"] for line in open(work / "predictions.jsonl")]
for name in ("torch", "onnx"):
    theirs = json.load(open(work / f"{name}.json"))
    assert len(theirs) == len(mine)
    worst = max(abs(a - b) for x, y in zip(mine, theirs) for a, b in zip(x, y))
    same = sum((x[1] > x[0]) == (y[1] > y[0]) for x, y in zip(mine, theirs))
    print(f"advglue vs {name}: same prediction on {same} of {len(mine)}; largest logit difference {worst:.2e}")
PY
