#!/usr/bin/env bash
# Regenerates Sources/AdvGlueMiniLM/Tokenizer/ReferenceCharacterClasses.swift: the
# reference tokenizer's character classes, probed from Hugging Face tokenizers.
# Needs the Python reference (a venv made by scripts/minilm/venv.sh); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(scripts/minilm/venv.sh)
"$PY" scripts/minilm/unicode_tables.py > Sources/AdvGlueMiniLM/Tokenizer/ReferenceCharacterClasses.swift
# In the tree's one style (scripts/format.sh), so that the lint step stays quiet.
swift format format --in-place Sources/AdvGlueMiniLM/Tokenizer/ReferenceCharacterClasses.swift
git diff --stat -- Sources/AdvGlueMiniLM/Tokenizer/ReferenceCharacterClasses.swift
