#!/usr/bin/env python3
"""Renders homoglyph pairs in common fonts and compares the glyph images.

A homoglyph attack is valid only when a reader cannot see the change. A confusable
skeleton (UTS #39) says two characters may be confused, not that they render alike, so
the team's table (Corpora/lexicons/homoglyphs.tsv) keeps only pairs whose glyphs are the
same picture in every font checked here:

    render_check.py check TABLE [--write]     figures for every pair of the table; exit 1 if one fails
    render_check.py contexts TABLE [--write FILE]
                                              the neighbours beside which a pair does not render
                                              alike (kerning, ligatures); advglue skips those places
    render_check.py candidates                Greek and Cyrillic letters that render like a Latin one
    render_check.py examples RESULTS... --out DIR
                                              successful homoglyph examples as images, original
                                              above perturbed, for people to look at, and whether
                                              each pair of lines is pixel-identical

Each character is drawn at 96 px on its own canvas, left edge at the same origin and on
the same baseline, in each font below (Debian's fonts-dejavu-core, fonts-liberation2 and
fonts-noto-core: the Linux default, metric clones of Arial and Times New Roman, and the
Noto family). A pair's similarity in a font is the weighted Jaccard index of the two
glyph images (sum of per-pixel minimum ink over sum of maximum ink: 1 for identical
pictures); its width difference is the relative difference of the two advance widths, which
moves the rest of the line. A pair passes when both characters are in every font (a
missing glyph falls back to another font and shows), its similarity is at least
MIN_SIMILARITY in every font and its width difference at most MAX_WIDTH_DIFFERENCE.

Alone, two letters can match and still show in a line: fonts kern pairs of letters ("To"
tucks the o under the T's bar, a Cyrillic о beside a Latin T does not) and join others
into ligatures ("fi"). `contexts` shapes each pair beside every neighbour character (with
HarfBuzz through libraqm, as browsers do) and lists the places where the two-letter
pictures differ (similarity below MIN_SIMILARITY, or the line's advance moved by more than
MAX_CONTEXT_SHIFT em); advglue does not substitute a letter there, nor beside a neighbour
that was not checked. A neighbour before the letter is also shaped after a Latin "n", as in
running text: HarfBuzz splits text into runs by script, and a space or punctuation mark
joins the run of the letter before it, so the look-alike starts a run of its own.
"""

import argparse
import json
import sys
import unicodedata

from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat, features

FONTS = {
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVu Serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "Liberation Sans": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "Liberation Serif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "Noto Sans": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "Noto Serif": "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
}
SIZE = 96
MIN_SIMILARITY = 0.99
MAX_WIDTH_DIFFERENCE = 0.01
MAX_CONTEXT_SHIFT = 0.005
# The neighbours `contexts` checks: printable ASCII, Latin-1 letters, typographic quotes,
# dashes and the ellipsis. Any other neighbour is unchecked, and advglue leaves the letter.
NEIGHBOUR_RANGES = [(0x20, 0x7E), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0xFF), (0x2013, 0x2014), (0x2018, 0x2019),
                    (0x201C, 0x201D), (0x2026, 0x2026)]


class Fonts:
    def __init__(self):
        # Without libraqm (HarfBuzz) Pillow lays text out without ligatures or GPOS kerning,
        # and the contexts it finds would be too few.
        if not features.check("raqm"):
            sys.exit("error: Pillow cannot shape text with libraqm; install libfribidi0 (scripts/setup.sh does) "
                     "and a Pillow wheel with libraqm")
        self.fonts = {}
        for name, path in FONTS.items():
            try:
                self.fonts[name] = (ImageFont.truetype(path, SIZE, layout_engine=ImageFont.Layout.RAQM),
                                    set(TTFont(path)["cmap"].getBestCmap()))
            except OSError as error:
                sys.exit(f"error: cannot read the font {name} ({path}): {error}; install fonts-dejavu-core, "
                         "fonts-liberation2 and fonts-noto-core (scripts/setup.sh does)")
        self.cache = {}

    def glyph(self, character, name):
        key = (character, name)
        if key not in self.cache:
            font, _ = self.fonts[name]
            image = Image.new("L", (SIZE * 2, SIZE * 2), 0)
            ImageDraw.Draw(image).text((SIZE // 2, SIZE * 3 // 2), character, font=font, fill=255, anchor="ls")
            self.cache[key] = (image, font.getlength(character))
        return self.cache[key]

    def compare(self, a, b):
        """The lowest similarity and highest width difference over the fonts, and the
        fonts missing either character."""
        similarity, width, missing = 1.0, 0.0, []
        for name, (_, cmap) in self.fonts.items():
            if ord(a) not in cmap or ord(b) not in cmap:
                missing.append(name)
                continue
            image_a, width_a = self.glyph(a, name)
            image_b, width_b = self.glyph(b, name)
            common = ImageStat.Stat(ImageChops.darker(image_a, image_b)).sum[0]
            either = ImageStat.Stat(ImageChops.lighter(image_a, image_b)).sum[0]
            similarity = min(similarity, common / either if either else 1.0)
            width = max(width, abs(width_a - width_b) / max(width_a, width_b, 1e-9))
        return similarity, width, missing


def passes(similarity, width, missing):
    return not missing and similarity >= MIN_SIMILARITY and width <= MAX_WIDTH_DIFFERENCE


def read_table(path):
    """The table's rows: (latin, lookalike, note), from lines `latin<TAB>lookalike<TAB>...`."""
    rows = []
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) < 2:
                sys.exit(f"{path}:{number}: expected at least a Latin letter and its look-alike, tab-separated")
            # A new pair may have just its two letters (and a note last): check --write fills in the rest.
            rows.append((cells[0], cells[1], cells[7] if len(cells) >= 8 else cells[2] if len(cells) == 3 else ""))
    return rows


HEADER = """# Homoglyph pairs advglue may substitute: a Latin letter and a letter of another script
# that renders as the same picture. Written by the team; the figures are written by
# scripts/homoglyphs.sh (render_check.py check --write), which renders every pair at 96 px in
# {fonts}.
# A pair stays only if both letters are in every font, the similarity (weighted Jaccard index
# of the two glyph images) is at least {similarity} in every font, and the advance widths
# differ by at most {width:.0%}. Letters keep their case. See docs/validity.md.
# latin\tlookalike\tcode point\tname\tscript\tsimilarity (lowest)\twidth difference (highest)\tnote"""


def check(arguments):
    fonts = Fonts()
    rows = read_table(arguments.table)
    failures = 0
    lines = [HEADER.format(fonts=", ".join(FONTS), similarity=MIN_SIMILARITY, width=MAX_WIDTH_DIFFERENCE)]
    report = []
    for latin, lookalike, note in rows:
        if len(latin) != 1 or len(lookalike) != 1:
            sys.exit(f"{arguments.table}: '{latin}' -> '{lookalike}': one character each")
        similarity, width, missing = fonts.compare(latin, lookalike)
        ok = passes(similarity, width, missing) and latin.isupper() == lookalike.isupper() and latin.islower() == lookalike.islower()
        failures += not ok
        script = unicodedata.name(lookalike).split()[0].title()
        lines.append("\t".join([latin, lookalike, f"U+{ord(lookalike):04X}", unicodedata.name(lookalike), script,
                                f"{similarity:.4f}", f"{width:.4f}", note]))
        report.append({"latin": latin, "lookalike": lookalike, "similarity": round(similarity, 4),
                       "widthDifference": round(width, 4), "missingIn": missing, "passes": ok})
    if arguments.write:
        with open(arguments.table, "w", encoding="utf-8") as file:
            file.write("\n".join(lines) + "\n")
    json.dump({"minSimilarity": MIN_SIMILARITY, "maxWidthDifference": MAX_WIDTH_DIFFERENCE, "fonts": list(FONTS),
               "pairs": report}, sys.stdout, ensure_ascii=False, indent=1)
    print()
    if failures:
        print(f"{failures} pair(s) fail the rendering check", file=sys.stderr)
        sys.exit(1)


def neighbours():
    return [chr(c) for low, high in NEIGHBOUR_RANGES for c in range(low, high + 1)]


class Shaper:
    """Two-character strings drawn as a browser would (HarfBuzz shaping: kerning, ligatures)."""

    def __init__(self, fonts):
        self.fonts = fonts.fonts
        self.cache = {}

    def picture(self, text, name):
        key = (text, name)
        if key not in self.cache:
            font, _ = self.fonts[name]
            image = Image.new("L", (SIZE * 4, SIZE * 2), 0)
            ImageDraw.Draw(image).text((SIZE // 2, SIZE * 3 // 2), text, font=font, fill=255, anchor="ls")
            self.cache[key] = (image, font.getlength(text))
        return self.cache[key]

    def compare(self, a, b):
        """The lowest similarity and largest advance shift (em) of strings a and b over the
        fonts, and the font where it is worst."""
        similarity, shift, worst = 1.0, 0.0, ""
        for name in self.fonts:
            image_a, width_a = self.picture(a, name)
            image_b, width_b = self.picture(b, name)
            common = ImageStat.Stat(ImageChops.darker(image_a, image_b)).sum[0]
            either = ImageStat.Stat(ImageChops.lighter(image_a, image_b)).sum[0]
            this = common / either if either else 1.0
            moved = abs(width_a - width_b) / SIZE
            if this < similarity or moved > shift:
                worst = name
            similarity, shift = min(similarity, this), max(shift, moved)
        return similarity, shift, worst


CONTEXTS_HEADER = """# Where a homoglyph pair of Corpora/lexicons/homoglyphs.tsv does not render alike: beside
# these neighbours a font kerns or joins the Latin letter and not its look-alike, so the
# substitution would show. Written by scripts/homoglyphs.sh (render_check.py contexts): each
# pair of the `pairs` line is shaped with HarfBuzz (libraqm) at 96 px beside every neighbour
# of the `neighbours` line (a neighbour before it also after a Latin "n", as in running
# text), in {fonts};
# a place is listed when the pictures' similarity is below {similarity} or the advance moves
# by more than {shift} em in some font.
# advglue does not substitute a letter at a listed place, nor beside a neighbour not checked.
# See docs/validity.md.
# latin\tlookalike\tside (the neighbour is before or after the letter)\tneighbour\tsimilarity (lowest)\tshift in em (largest)\tworst font"""


def contexts(arguments):
    fonts = Fonts()
    shaper = Shaper(fonts)
    rows = read_table(arguments.table)
    ranges = ",".join(f"U+{low:04X}-U+{high:04X}" if high > low else f"U+{low:04X}" for low, high in NEIGHBOUR_RANGES)
    lines = [CONTEXTS_HEADER.format(fonts=", ".join(FONTS), similarity=MIN_SIMILARITY, shift=MAX_CONTEXT_SHIFT),
             f"pairs\t" + ",".join(f"U+{ord(latin):04X}>U+{ord(lookalike):04X}" for latin, lookalike, _ in rows),
             f"neighbours\t{ranges}"]
    listed = 0
    for latin, lookalike, _ in rows:
        if arguments.only and latin not in arguments.only:
            continue
        for side in ("before", "after"):
            for neighbour in neighbours():
                if side == "before":
                    # Alone, and after a Latin letter as in running text, where a space or
                    # punctuation joins the Latin run and the look-alike starts a run of its own.
                    figures = [shaper.compare(prefix + neighbour + latin, prefix + neighbour + lookalike)
                               for prefix in ("", "n")]
                    similarity, shift = min(f[0] for f in figures), max(f[1] for f in figures)
                    worst = min(figures, key=lambda f: (f[0], -f[1]))[2]
                else:
                    similarity, shift, worst = shaper.compare(latin + neighbour, lookalike + neighbour)
                if similarity < MIN_SIMILARITY or shift > MAX_CONTEXT_SHIFT:
                    listed += 1
                    lines.append("\t".join([latin, lookalike, side, f"U+{ord(neighbour):04X}", f"{similarity:.4f}",
                                            f"{shift:.4f}", worst]))
        shaper.cache.clear()
    if arguments.only:
        lines = [line for line in lines if line.startswith("#") or line.split("\t")[0] in arguments.only + ["pairs", "neighbours"]]
    text = "\n".join(lines) + "\n"
    if arguments.write:
        with open(arguments.write, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        sys.stdout.write(text)
    print(f"{listed} places listed for {len(rows)} pairs and {len(neighbours())} neighbours", file=sys.stderr)


def candidates(arguments):
    fonts = Fonts()
    latin = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    others = [chr(c) for c in list(range(0x370, 0x400)) + list(range(0x400, 0x530))
              if unicodedata.category(chr(c)) in ("Lu", "Ll")]
    for a in latin:
        for b in others:
            if a.islower() != b.islower():
                continue
            similarity, width, missing = fonts.compare(a, b)
            if not missing and similarity >= arguments.at_least:
                mark = "passes" if passes(similarity, width, missing) else "fails"
                print(f"{a}\t{b}\tU+{ord(b):04X}\t{similarity:.4f}\t{width:.4f}\t{mark}\t{unicodedata.name(b)}")


def examples(arguments):
    """Each successful example of the results files as a PNG: the changed field's original
    text above, the perturbed text below, in each of two fonts."""
    import os

    os.makedirs(arguments.out, exist_ok=True)
    count = 0
    for path in arguments.results:
        with open(path, encoding="utf-8") as file:
            results = json.load(file)
        for result in results["results"]:
            if result["outcome"] != "successful" or count >= arguments.limit:
                continue
            changed = sorted({m["position"]["field"] for m in result["modifications"]})
            for field in changed:
                original = result["original"]["fields"][field]["text"]
                perturbed = result["perturbed"]["fields"][field]["text"]
                count += 1
                name = os.path.join(arguments.out, f"{count:03d}-{results['run']['task']}-{result['exampleID']}.png")
                same = draw_example(original, perturbed, name)
                print(f"{name}\t{result['exampleID']}\t{'pixel-identical' if same else 'DIFFERENT PIXELS'}\t" + ", ".join(
                    f"{m['original']} -> {m['replacement']} ({', '.join(f'U+{ord(c):04X}' for c in m['replacement'] if ord(c) > 127)})"
                    for m in result["modifications"]))
    print(f"{count} examples rendered into {arguments.out}", file=sys.stderr)


def draw_example(original, perturbed, name):
    """Draws the pair and says whether each font drew the two lines pixel for pixel alike."""
    same = True
    for font_name in ("Liberation Sans", "DejaVu Serif", "Noto Sans"):
        font = ImageFont.truetype(FONTS[font_name], 22, layout_engine=ImageFont.Layout.RAQM)
        pictures = []
        for text in (original, perturbed):
            picture = Image.new("L", (40 + int(font.getlength(text)), 40), 0)
            ImageDraw.Draw(picture).text((10, 30), text, font=font, fill=255, anchor="ls")
            pictures.append(picture)
        same = same and pictures[0].size == pictures[1].size and ImageChops.difference(*pictures).getbbox() is None
    lines = []
    for font_name in ("Liberation Sans", "DejaVu Serif"):
        font = ImageFont.truetype(FONTS[font_name], 22, layout_engine=ImageFont.Layout.RAQM)
        lines += [(font, original), (font, perturbed)]
    width = 40 + int(max(font.getlength(text) for font, text in lines))
    image = Image.new("RGB", (min(width, 4000), 40 * len(lines) + 20), "white")
    draw = ImageDraw.Draw(image)
    for row, (font, text) in enumerate(lines):
        draw.text((20, 20 + 40 * row), text, font=font, fill="black")
    image.save(name)
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("check")
    one.add_argument("table")
    one.add_argument("--write", action="store_true", help="rewrite the table's figures in place")
    one.set_defaults(run=check)
    contexts_command = commands.add_parser("contexts")
    contexts_command.add_argument("table")
    contexts_command.add_argument("--write", metavar="FILE", help="write the list here instead of standard output")
    contexts_command.add_argument("--only", nargs="+", metavar="LATIN",
                                  help="only the places of these Latin letters (for a quick check)")
    contexts_command.set_defaults(run=contexts)
    two = commands.add_parser("candidates")
    two.add_argument("--at-least", type=float, default=0.8, help="list pairs at least this similar")
    two.set_defaults(run=candidates)
    three = commands.add_parser("examples")
    three.add_argument("results", nargs="+")
    three.add_argument("--out", required=True)
    three.add_argument("--limit", type=int, default=1000)
    three.set_defaults(run=examples)
    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
