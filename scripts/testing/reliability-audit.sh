#!/usr/bin/env bash
# Replays the command-line defects of the reliability audit (issue 18) against one advglue
# binary and prints what each did, so an old build and a new one can be compared:
#   scripts/testing/reliability-audit.sh .build/debug/advglue
# It uses the demo corpus and files it makes; nothing from ../shared/corpora.
# The faults that need a model server (secrets echoed, HTML answers, huge replies, chatty
# stderr) are in the test suite (KServeModelTests, ReliabilityEndToEndTests).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
# Every command that runs a model runs the lexical one (the default before 2026-12-03), so an
# old build and a new one do the same work.
real=$B
B=$W/advglue-lexical
printf '#!/usr/bin/env bash\ncase "$1" in attack|probe|predict|eval|bench) c=$1; shift; exec "%s" "$c" --model builtin:lexical "$@" ;; esac\nexec "%s" "$@"\n' "$real" "$real" > "$B"
chmod +x "$B"
printf 'version: 1\nname: deep\nx: %s\n' "$(head -c 20000 /dev/zero | tr '\0' '[')" > deep.yaml
timeout 60 "$B" attack --task sst2 --attack deep.yaml --out d >/dev/null 2>&1; echo "1  YAML nested 20,000 deep: exit $?"
python3 - "$ROOT" <<'PY'
import sys
rows = [r for r in open(sys.argv[1] + '/Corpora/demo/SST-2/dev.tsv').read().split('\n')[1:] if r]
with open('big.tsv', 'w') as out:
    out.write('sentence\tlabel\n')
    for k in range(400):
        for r in rows: out.write(r[:-2] + 'r%d\t%s\n' % (k, r[-1]))
PY
"$B" attack --task sst2 --data big.tsv --out lock --jobs 1 --quiet >/dev/null 2>&1 & P=$!
for _ in $(seq 300); do [ -f lock/journal.jsonl ] && [ "$(wc -l < lock/journal.jsonl)" -gt 3 ] && break; sleep 0.1; done
timeout 60 "$B" attack --task sst2 --data big.tsv --out lock --quiet >/dev/null 2>second.err
echo "2  a second run on the same --out: exit $? ($(head -c 100 second.err | tr '\n' ' '))"
kill -TERM $P; wait $P; echo "8  SIGTERM: exit $?, report written: $([ -f lock/report.md ] && echo yes || echo no)"
before=$(wc -l < lock/journal.jsonl)
timeout 20 "$B" attack --task sst2 --data big.tsv --out lock --quiet >/dev/null 2>&1 & Q=$!
sleep 3; kill -INT $Q 2>/dev/null; wait $Q 2>/dev/null
echo "11 the same command again, no --resume: journal lines $before -> $(wc -l < lock/journal.jsonl)"
sed 's/^name: typo/name: "..\/escaped"/' "$ROOT/Attacks/typo.yaml" > evil.yaml
mkdir -p o
timeout 60 "$B" attack --task sst2 --attack typo,evil.yaml --num-examples 2 --out o/out --quiet >/dev/null 2>&1
echo "4  recipe named ../escaped: exit $?, written outside --out: $([ -e o/escaped ] && echo yes || echo no)"
mkdir -p empty && (cd empty && "$B" attack --task sst2 --out "" --num-examples 1 --quiet >/dev/null 2>&1
  echo "15 --out '': exit $?, files written into the working folder: $(ls | wc -l)")
echo "13 raw ESC in an error message: $("$B" attack --task sst2 --data "/nonexistent/$(printf '\033')[2Jx.tsv" 2>&1 | grep -c $'\033') line(s)"
printf '{\n  "sst2": [\n    {"idx": 0, "sentence": "fine" "label": 1}\n  ]\n}\n' > bad.json
echo "14 JSON syntax error: $("$B" attack --task sst2 --data bad.json --out j 2>&1 | head -1)"
for i in 1 2 3; do echo "{\"idx\": null, \"sentence\": \"a fine film $i\", \"label\": 1}"; done > ids.jsonl
"$B" attack --task sst2 --data ids.jsonl --out k --quiet >/dev/null 2>&1; echo "15 JSON Lines with idx null on every row: exit $?"
python3 -c "
w='the film is a good bad movie story with great acting but plot and it was funny boring dull charming performance director characters not very one of best worst'.split()
print('sentence\tlabel'); print(' '.join(w[(i*7+i//len(w))%len(w)] for i in range(150000))+'\t1')" > long.tsv
start=$(date +%s); timeout 300 "$B" predict --task sst2 --data long.tsv >/dev/null 2>&1; rc=$?
echo "3  predict on a 150,000-word sentence: exit $rc after $(( $(date +%s) - start )) s (124: stopped at 300 s)"
