#!/usr/bin/env bash
# Renders every pair of the homoglyph table (Corpora/lexicons/homoglyphs.tsv) in six common
# fonts and writes each pair's figures into the table (exits 1 if a pair fails: then drop it
# from the table), then shapes every pair beside every neighbour character and writes the
# places where a font kerns or joins them differently (Corpora/lexicons/homoglyph-contexts.tsv,
# about a minute). See scripts/homoglyphs/render_check.py and docs/validity.md.
#   scripts/homoglyphs.sh                         check the table, rewrite both files
#   scripts/homoglyphs.sh candidates              list Greek and Cyrillic letters that render like a Latin one
#   scripts/homoglyphs.sh examples RESULTS.json... --out DIR [--limit N]
#                                                 render successful examples for people to read
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(scripts/python-env.sh)
case "${1:-}" in
  candidates | examples) exec "$venv/bin/python" scripts/homoglyphs/render_check.py "$@" ;;
esac
table=Corpora/lexicons/homoglyphs.tsv
"$venv/bin/python" scripts/homoglyphs/render_check.py check "$table" --write > /dev/null
"$venv/bin/python" scripts/homoglyphs/render_check.py contexts "$table" --write Corpora/lexicons/homoglyph-contexts.tsv
git diff --stat -- "$table" Corpora/lexicons/homoglyph-contexts.tsv
