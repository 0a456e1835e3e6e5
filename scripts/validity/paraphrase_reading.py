#!/usr/bin/env python3
"""Writes the tables of docs/paraphrase-reading.md from the read paraphrase successes.

Usage:
  scripts/validity/paraphrase_reading.py [--one-reader] READ_FILE VERDICTS_TSV READ_NUMBER RESULTS_DIR...

READ_FILE is the numbered list the readers judged (made from the runs' results.json:
"N. SOURCE ID (gold label G)" headers); VERDICTS_TSV has one row per example judged other
than valid (columns: read, source, id, me, second, note), plus optional rows for the second
reader's verdicts; RESULTS_DIR are the runs' --out folders, named .../fin-SOURCE or
.../held-SOURCE, from which the changed words are taken. Only example ids, template names,
the changed words and the verdicts are printed: the texts stay in ../shared/corpora.
"""
import json
import pathlib
import re
import sys


def changed_words(before: str, after: str, limit: int = 8) -> str:
    """The words that differ, as 'old → new' around the first and last change."""
    a, b = before.split(), after.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    old, new = a[start:end_a], b[start:end_b]

    def clip(words):
        if len(words) <= limit:
            return " ".join(words)
        return " ".join(words[: limit // 2]) + " … " + " ".join(words[-limit // 2 :])

    return f"{clip(old) or '∅'} → {clip(new) or '∅'}"


def main() -> None:
    arguments = sys.argv[1:]
    one_reader = arguments[0] == "--one-reader"
    if one_reader:
        arguments = arguments[1:]
    read_file, verdicts_file, read_number = arguments[0], arguments[1], arguments[2]
    results = {}
    for folder in arguments[3:]:
        source = re.sub(r"^(fin|held|final)-", "", pathlib.Path(folder).name)
        data = json.loads((pathlib.Path(folder) / "results.json").read_text())
        results[source] = {r["exampleID"]: r for r in data["results"]}
    verdicts = {}
    for line in pathlib.Path(verdicts_file).read_text().splitlines()[1:]:
        read, source, example, me, second, note = (line.split("\t") + [""] * 6)[:6]
        if read == read_number:
            verdicts[(source, example)] = (me or "valid", second or "valid", note)
    print("| # | task | example | templates | changed words | reader 1 | reader 2 |")
    print("|---:|---|---|---|---|---|---|")
    for header in re.finditer(r"^(\d+)\. (\S+) (\S+) \(gold label \d\)", pathlib.Path(read_file).read_text(), re.M):
        number, source, example = header.groups()
        record = results[source][example]
        templates = " / ".join(m["transformation"].removeprefix("paraphrase.") for m in record["modifications"])
        changes = "; ".join(changed_words(m["original"], m["replacement"]) for m in record["modifications"])
        me, second, note = verdicts.get((source, example), ("valid", "valid", ""))
        if one_reader:
            second = "–"
        cell = lambda v: v if v in ("valid", "–") else f"**{v}**"
        reason = f" ({note})" if note else ""
        print(f"| {number} | {source} | {example} | {templates} | {changes.replace('|', '/')} | {cell(me)} | {cell(second)}{reason} |")


if __name__ == "__main__":
    main()
