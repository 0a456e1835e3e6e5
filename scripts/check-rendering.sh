#!/usr/bin/env bash
# Checks advglue's Markdown reports as a person sees them: each report is converted to
# HTML by cmark-gfm (the engine GitHub forked, with GitHub's extensions; raw HTML is
# allowed, as GitHub allows it before sanitising, so anything the data smuggled in would
# appear as elements), shown in headless Chromium, and the DOM Chromium built is checked:
#   - as many <table>s as the Markdown has tables, each with the source's rows, every
#     row with the header's number of cells, and no source row with more cells than
#     its header (GFM would silently drop them);
#   - no element outside the report's own vocabulary (no <script>, <img onerror>, ...),
#     no live link other than the report's own relative links, images only its SVGs;
#   - no raw bidi control in the rendered text (they must show as ⟨U+202E⟩).
# A screenshot of every page is written beside it for a person to look at.
#
#   scripts/check-rendering.sh [OUT]        (default OUT: .build/rendering)
#
# Reports checked: the hostile reports and goldens of the test suite (pipes, <script>,
# =cmd|' /C calc'!A0, U+202E, a 100 KB line, Markdown and autolink syntax), and fresh
# runs: an attack with two recipes and the probe on the demo corpus, a pwws attack on
# hostile data, a gate, the probe on an over-confident model, a comparison, and `advglue
# eval` on AdvGLUE when ../shared/corpora is present.
# Needs cmark-gfm and chromium (Debian packages, installed if missing) and python3's
# standard library. Exit status 0 when every page passes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mkdir -p "${1:-.build/rendering}" && cd "${1:-.build/rendering}" && pwd)
rm -rf "$OUT"/*

missing=()
for p in cmark-gfm chromium; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "building and writing reports into $OUT" >&2
swift build --product advglue >&2
B=.build/debug/advglue
# The lexical model (the default until 2026-12-03) keeps the debug-build runs quick; the
# rendering does not depend on the model.
ADVGLUE_RENDERING_OUT="$OUT/hostile" swift test --filter GFMRenderingTests >&2
$B attack --task sst2 --model builtin:lexical --attack typo,distraction --num-examples 24 --probe --out "$OUT/attack" --quiet >/dev/null
printf 'sentence\tlabel\n' > "$OUT/hostile.tsv"
{
  printf 'a truly wonderful | touching || film with <script>alert(1)</script> inside\t1\n'
  printf '=cmd|%s /C calc%s!A0 is a dull , tedious and awful mess\t0\n' "'" "'"
  printf 'admin \xe2\x80\xaetxt.exe\xe2\x80\xac is a charming and delightful comedy\t1\n'
  printf '`code` **bold** [link](http://evil.example) @octocat #123 www.evil.example : a boring , lifeless film\t0\n'
  printf 'a wonderful film %s\t1\n' "$(head -c 100000 /dev/zero | tr '\0' 'x')"
} >> "$OUT/hostile.tsv"
$B attack --task sst2 --model builtin:lexical --attack pwws --data "$OUT/hostile.tsv" --out "$OUT/hostile-run" --quiet >/dev/null
$B gate --config Tests/Configs/gate-fail.yaml "$OUT/attack" --out "$OUT/gate" >/dev/null || true
# An over-confident model (its logits scaled by 1000): the probe finds the illusion; and a
# candidate compared with the built-in model as its baseline.
$B attack --task sst2 --model builtin:lexical --attack pwws --filters none --num-examples 24 --probe --model-temperature 0.001 \
  --out "$OUT/probe-illusion" --quiet >/dev/null
$B attack --task sst2 --model builtin:lexical --attack pwws --filters none --num-examples 24 --out "$OUT/compare-baseline" --quiet >/dev/null
$B compare "$OUT/compare-baseline" "$OUT/probe-illusion" --out "$OUT/compare" >/dev/null
if [ -f ../shared/corpora/advglue/dev.json ]; then
  $B eval --benchmark advglue --model builtin:lexical --data ../shared/corpora/advglue/dev.json --out "$OUT/eval" --quiet >/dev/null
fi

status=0
pages=0
while IFS= read -r md; do
  html="${md%.md}.html"
  {
    printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title>\n' "$(basename "$md")"
    printf '<style>body{font-family:sans-serif;max-width:1200px;margin:20px auto;font-size:14px} table{border-collapse:collapse;margin:8px 0} th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top} pre{background:#f6f8fa;padding:8px;white-space:pre-wrap} img{max-width:600px}</style>\n'
    printf '</head><body>\n'
    cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tagfilter "$md"
    printf '</body></html>\n'
  } > "$html"
  chromium --headless=new --no-sandbox --disable-gpu --allow-file-access-from-files --dump-dom "file://$html" > "${md%.md}.dom.html" 2>/dev/null
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,3000 \
    --screenshot="${md%.md}.png" "file://$html" >/dev/null 2>&1 || true
  pages=$((pages + 1))
  python3 - "$md" "${md%.md}.dom.html" <<'PY' || status=1
import html.parser, os, re, sys
md_path, dom_path = sys.argv[1], sys.argv[2]
source = open(md_path, encoding="utf-8").read().split("\n")

def cells(line):
    pipes, escaped = 0, False
    for ch in line:
        if escaped: escaped = False; continue
        if ch == "\\": escaped = True
        elif ch == "|": pipes += 1
    return pipes - 1

expected, i = [], 0
while i < len(source):
    if source[i].startswith("|") and i + 1 < len(source) and source[i + 1].startswith("|---"):
        header = len([c for c in source[i + 1].split("|") if c])
        end = i + 2
        while end < len(source) and source[end].startswith("|"): end += 1
        rows = [source[i]] + source[i + 2:end]
        expected.append((len(rows), header, [cells(r) for r in rows]))
        i = end
    else:
        i += 1

allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "table", "thead", "tbody", "tr",
           "th", "td", "strong", "em", "del", "code", "pre", "ul", "li", "br", "img", "a", "blockquote", "hr",
           "details", "summary"}

class DOM(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.row, self.problems, self.text = [], None, [], []
        self.skip = 0
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in allowed: self.problems.append(f"element <{tag}>")
        for name in attrs:
            if name.startswith("on"): self.problems.append(f"event handler {name} on <{tag}>")
        if tag == "table": self.tables.append([])
        elif tag == "tr": self.row = 0
        elif tag in ("td", "th") and self.row is not None: self.row += 1
        elif tag == "a":
            href = attrs.get("href") or ""
            if ":" in href or not href.endswith(".md"): self.problems.append(f"live link {href!r}")
        elif tag == "img":
            src = attrs.get("src") or ""
            if ":" in src or not src.endswith(".svg"): self.problems.append(f"image {src!r}")
            elif not os.path.exists(os.path.join(os.path.dirname(md_path), src)): self.problems.append(f"missing chart {src}")
        if tag in ("style", "title"): self.skip += 1
    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row); self.row = None
        if tag in ("style", "title"): self.skip -= 1
    def handle_data(self, data):
        if not self.skip: self.text.append(data)

dom = DOM()
dom.feed(open(dom_path, encoding="utf-8").read())
problems = list(dom.problems)
if len(dom.tables) != len(expected):
    problems.append(f"{len(dom.tables)} tables rendered, {len(expected)} in the Markdown")
for n, (rendered, (rows, header, source_cells)) in enumerate(zip(dom.tables, expected), 1):
    if len(rendered) != rows: problems.append(f"table {n}: {len(rendered)} rows rendered, {rows} in the Markdown")
    if any(c != header for c in rendered): problems.append(f"table {n}: rows of {sorted(set(rendered))} cells, header {header}")
    if any(c != header for c in source_cells): problems.append(f"table {n}: Markdown rows of {sorted(set(source_cells))} cells, header {header}")
text = "".join(dom.text)
if re.search("[\u202a-\u202e\u2066-\u2069\u200b\ufeff]", text): problems.append("raw bidi or zero-width character in the rendered text")
name = os.path.relpath(md_path)
rows = sum(len(t) for t in dom.tables)
if problems:
    print(f"FAIL {name}: " + "; ".join(problems[:10]))
    sys.exit(1)
print(f"ok   {name}: {len(dom.tables)} tables, {rows} rows intact")
PY
done < <(find "$OUT" -name '*.md' | sort)

echo "$pages pages checked; HTML, DOM dumps and screenshots (*.png) in $OUT" >&2
exit $status
