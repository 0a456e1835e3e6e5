#!/usr/bin/env bash
# Same-victim comparison: TextAttack 0.3.11 and advglue attack advglue's built-in lexical
# SST-2 model with the same recipes (pwws, deepwordbug) on the first 200 SST-2 dev
# examples, back to back, and print examples/s (from process start, and TextAttack's also
# without its start-up), queries/example and success rate with advglue's ratio.
#
#   scripts/textattack-compare.sh                     # 3 timed runs per tool and recipe
#   scripts/textattack-compare.sh --runs 5 --seeds 5  # also quality over seeds 1..5 of each tool
#   ADVGLUE_COMPARE_KEEP=1 scripts/textattack-compare.sh ...  # keep every run's per-example output
#   scripts/textattack-compare.sh --filters advglue   # advglue under its default validity filters
#   scripts/textattack-compare.sh --csv-dir DIR       # also keep TextAttack's own CSV logs in DIR
#   scripts/textattack-compare.sh --victim finetuned --recipes pwws --runs 1
#       # the fine-tuned MiniLM victim instead: advglue runs it with --model hf:CKPT, TextAttack
#       # with its HuggingFaceModelWrapper over PyTorch (2 threads), on the checkpoint
#       # scripts/models/export_finetuned.py writes from the built-in delta
#
# Not run by CI (minutes, and a 1 GB virtual environment). Set up here, idempotently:
# - a virtual environment at $ADVGLUE_TEXTATTACK_VENV (default .venv-textattack/, git-ignored)
#   with TextAttack 0.3.11 and the CPU build of torch (pins stop pip's resolver from
#   backtracking through transformers releases);
# - NLTK data without NLTK's downloader (no network beyond PyPI and Debian): WordNet 3.0
#   copied from Debian's wordnet-base and wordnet-sense-index (NLTK refuses symlinks that
#   leave its data folder; `lexnames`, which Debian does not ship, is rebuilt from Debian's
#   lexnames(5WN) manual page), and NLTK's English stopword list from
#   Corpora/lexicons/stopwords-nltk-en.txt;
# - TextAttack's cache folder with its post-install marker, so importing it does not try to
#   download NLTK packages; scripts/textattack_compare.py also makes nltk.download a no-op
#   (WordSwapWordNet calls it for omw-1.4, which PWWS does not use).
# The victim is rebuilt in Python from `advglue model export --format json` with advglue's
# own featurisation (ICU and utf8proc through ctypes); the script first checks that it gives
# advglue's logits bit for bit on all 872 dev sentences and advglue's probabilities on every
# perturbed text of the advglue runs, and stops if not.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

runs=3
seeds=0
num=200
recipes="pwws deepwordbug"
data=${ADVGLUE_SST2_DEV:-../shared/corpora/glue_data/SST-2/dev.tsv}
filters=none
csv_dir=
victim=lexical
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --num-examples) num=$2; shift 2 ;;
    --recipes) recipes=${2//,/ }; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --filters) filters=$2; shift 2 ;;
    --csv-dir) csv_dir=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --victim) victim=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--seeds N] [--num-examples N] [--recipes pwws,deepwordbug] [--data dev.tsv] [--filters none|advglue] [--csv-dir DIR] [--victim lexical|finetuned]" >&2; exit 64 ;;
  esac
done
[ -f "$data" ] || { echo "no SST-2 dev file at $data (set --data or ADVGLUE_SST2_DEV)" >&2; exit 66; }
data=$(cd "$(dirname "$data")" && pwd)/$(basename "$data")

venv=${ADVGLUE_TEXTATTACK_VENV:-$root/.venv-textattack}
python=$venv/bin/python

# --- system packages ---------------------------------------------------------------------
missing=()
for p in wordnet-base wordnet-sense-index python3-venv; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- virtual environment -----------------------------------------------------------------
marker=$venv/.advglue-textattack-0.3.11
if [ ! -f "$marker" ]; then
  echo "setting up TextAttack 0.3.11 in $venv (a few minutes, once)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "torch==2.13.0+cpu" 2>/dev/null \
    || "$venv/bin/pip" install -q --disable-pip-version-check torch
  "$venv/bin/pip" install -q --disable-pip-version-check "textattack==0.3.11" "transformers[sentencepiece]==4.57.1" "flair==0.15.1" \
    "$("$venv/bin/pip" list --format=freeze 2>/dev/null | grep -i '^torch==')"
  touch "$marker"
fi

nltk_data=$venv/nltk_data
if [ ! -f "$nltk_data/corpora/wordnet/lexnames" ] || [ ! -f "$nltk_data/corpora/stopwords/english" ]; then
  mkdir -p "$nltk_data/corpora/wordnet" "$nltk_data/corpora/stopwords"
  for f in /usr/share/wordnet/*; do [ -f "$f" ] && cp "$f" "$nltk_data/corpora/wordnet/"; done
  zcat /usr/share/man/man5/lexnames.5WN.gz | awk -F'\t' '/^[0-9][0-9]\t/ {
      gsub(/ /, "", $2); split($2, a, ".");
      c = (a[1] == "noun") ? 1 : (a[1] == "verb") ? 2 : (a[1] == "adj") ? 3 : 4;
      printf "%s\t%s\t%d\n", $1, $2, c }' > "$nltk_data/corpora/wordnet/lexnames"
  [ "$(wc -l < "$nltk_data/corpora/wordnet/lexnames")" -eq 45 ] || { echo "could not rebuild WordNet's lexnames" >&2; exit 70; }
  grep -v '^#' Corpora/lexicons/stopwords-nltk-en.txt > "$nltk_data/corpora/stopwords/english"
fi
cache=$venv/textattack-cache
mkdir -p "$cache"
touch "$cache/post_install_check_3"
export NLTK_DATA=$nltk_data TA_CACHE_DIR=$cache HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 \
  TOKENIZERS_PARALLELISM=false PYTHONWARNINGS=ignore

# --- advglue -----------------------------------------------------------------------------
advglue=$root/.build/release/advglue
scripts/build-release.sh >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/advglue-textattack.XXXXXX")
# ADVGLUE_COMPARE_KEEP=1 keeps the runs (advglue's folders, TextAttack's per-example dumps).
if [ -n "${ADVGLUE_COMPARE_KEEP:-}" ]; then echo "keeping the runs in $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
case $victim in
  lexical)
    "$advglue" model export --task sst2 --format json --output "$work/sst2.json"
    "$advglue" predict --task sst2 --model builtin:lexical --data "$data" --output "$work/predictions.jsonl" > /dev/null
    advglue_model=builtin:lexical
    textattack_model=(--model "$work/sst2.json") ;;
  finetuned)
    "$python" scripts/models/export_finetuned.py --task sst2 --out "$work/ckpt"
    advglue_model=hf:$work/ckpt
    textattack_model=(--hf "$work/ckpt") ;;
  *) echo "--victim must be lexical or finetuned" >&2; exit 64 ;;
esac

now() { date +%s.%N; }
figures=$work/figures.jsonl

run_advglue() {  # recipe seed label
  local out=$work/advglue-$1-$2-$3 start end
  start=$(now)
  # --filters none (the default here): the recipe exactly as its paper and TextAttack run
  # it, as a like-for-like comparison needs; --filters advglue times advglue's default.
  "$advglue" attack --task sst2 --model "$advglue_model" --data "$data" --num-examples "$num" --attack "$1" --seed "$2" --filters "$filters" --quiet --out "$out" > /dev/null
  end=$(now)
  "$python" - "$out/results.json" "$1" "$2" "$start" "$end" "$3" >> "$figures" <<'EOF'
import json, sys
path, recipe, seed, start, end, label = sys.argv[1:]
s = json.load(open(path))["summary"]
wall = float(end) - float(start)
print(json.dumps({"tool": "advglue", "recipe": recipe, "seed": int(seed), "label": label, "examples": s["examples"],
                  "success_rate": 100 * s["attackSuccessRate"], "queries_per_example": s["averageQueries"], "total_s": wall,
                  "examples_per_s_total": s["examples"] / wall}))
EOF
}

run_textattack() {  # recipe seed label
  ADVGLUE_COMPARE_T0=$(now) "$python" scripts/textattack_compare.py attack "${textattack_model[@]}" --data "$data" \
    --recipe "$1" --num-examples "$num" --seed "$2" --label "$3" --dump "$work/textattack-$1-$2-$3.jsonl" \
    ${csv_dir:+--csv "$csv_dir/textattack-$1-$2-$3.csv"} 2> "$work/textattack-$1-$2-$3.log" >> "$figures" \
    || { tail -20 "$work/textattack-$1-$2-$3.log" >&2; exit 1; }
}

echo "load before: $(uptime)" >&2
if [ "$victim" = lexical ]; then
  for recipe in $recipes; do run_advglue "$recipe" 42 parity; done
  "$python" scripts/textattack_compare.py parity --model "$work/sst2.json" --predictions "$work/predictions.jsonl" \
    --results "$work"/advglue-*-parity/results.json
fi

for run in $(seq "$runs"); do
  for recipe in $recipes; do
    echo "run $run/$runs: $recipe" >&2
    run_advglue "$recipe" 42 "timed"
    run_textattack "$recipe" 765 "timed"
  done
done
for seed in $(seq "$seeds"); do
  for recipe in $recipes; do
    echo "seed $seed/$seeds: $recipe" >&2
    run_advglue "$recipe" "$seed" "seeds"
    run_textattack "$recipe" "$seed" "seeds"
  done
done
echo "load after: $(uptime)" >&2
"$python" scripts/textattack_compare.py summary --figures "$figures"
