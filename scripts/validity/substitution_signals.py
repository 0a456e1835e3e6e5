#!/usr/bin/env python3
"""How well candidate signals separate the valid from the invalid WordNet substitutions that
the team read (docs/validity-reading.md): GloVe cosine between the word and its replacement,
GloVe frequency rank, and SmolLM2's change in log-probability. Prints Markdown tables.

Usage (scripts/validity/substitution-signals.sh runs the whole thing):
  substitution_signals.py join READING.md RUNS_DIR OUT.json
  substitution_signals.py analyse SCORED.json GLOVE_PACKAGE_DIR

`join` pairs each verdict of pwws, synonym and textfooler with its success in RUNS_DIR
(folders sst2dev-R, sst2train-R, mnli-R written by advglue attack); the changed words must
agree. `analyse` needs numpy and pyarrow (the GloVe index is a Parquet file). Only figures
are printed: the texts stay in ../shared/corpora.
"""
import json
import math
import pathlib
import re
import sys

RECIPES = ("pwws", "synonym", "textfooler")
POOLS = (("sst2-dev-", "sst2dev"), ("sst2-train-", "sst2train"), ("mnli-", "mnli"))


def verdicts(reading: str) -> list[dict]:
    rows, section = [], None
    for line in open(reading, encoding="utf-8"):
        if line.startswith("#"):
            # Only the first reading's tables ("### `pwws` on SST-2: ..."); the second
            # reading's ("..., with `word-embedding-similarity`: ...") were made under it.
            m = re.match(r"### `(\w+)` on ([\w-]+): ", line)
            section = (m.group(1), m.group(2)) if m else None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if section and line.startswith("| ") and len(cells) >= 6 and cells[0].isdigit():
            changes = [tuple(x.strip() for x in c.split("→")) for c in cells[3].split(";")]
            rows.append(dict(recipe=section[0], task=section[1], id=cells[1], changes=changes, verdict=cells[4]))
    return rows


def join(reading: str, runs: str, out: str) -> None:
    successes = {}
    for recipe in RECIPES:
        for prefix, folder in POOLS:
            results = json.load(open(pathlib.Path(runs) / f"{folder}-{recipe}" / "results.json"))
            for r in results["results"]:
                if r["outcome"] == "successful":
                    successes[(recipe, prefix + r["exampleID"])] = r
    joined, missing = [], []
    for row in verdicts(reading):
        if row["recipe"] not in RECIPES:
            continue
        r = successes.get((row["recipe"], row["id"]))
        mods = sorted((m["original"], m["replacement"]) for m in r["modifications"]) if r else None
        if mods != sorted(row["changes"]):
            missing.append(row["id"])
            continue
        field = r["modifications"][0]["position"]["field"]
        joined.append(dict(row, orig=r["original"]["fields"][field]["text"], pert=r["perturbed"]["fields"][field]["text"]))
    if missing:
        sys.exit(f"error: {len(missing)} read successes not reproduced (first: {missing[:3]}); the filters changed")
    json.dump(joined, open(out, "w"))
    print(f"joined {len(joined)} read successes", file=sys.stderr)


def analyse(scored: str, glove: str) -> None:
    import numpy as np
    import pyarrow.parquet as pq

    items = json.load(open(scored))
    words = pq.read_table(f"{glove}/data/glove_6B_index.parquet").column(0).to_pylist()
    vectors = np.load(f"{glove}/data/glove_6B_50d_emb.npy", mmap_mode="r")
    index = {w: i for i, w in enumerate(words)}  # rows are in order of corpus frequency

    def cosine(a: str, b: str) -> float:
        ia, ib = index.get(a.lower()), index.get(b.lower())
        if ia is None or ib is None:
            return -1.0
        x, y = np.asarray(vectors[ia], dtype=np.float64), np.asarray(vectors[ib], dtype=np.float64)
        return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))

    def rank(w: str) -> int:
        return index.get(w.lower(), len(words)) + 1

    signals = {
        "GloVe cosine (lowest over the changes)": lambda p: min(cosine(a, b) for a, b in p["changes"]),
        "GloVe frequency: log(rank of word / rank of replacement)": lambda p: min(
            math.log(rank(a) / rank(b)) for a, b in p["changes"]),
        "SmolLM2 log-probability, perturbed minus original": lambda p: p["lm_pert"] - p["lm_orig"],
    }

    def auc(pairs: list) -> float:
        pos = [s for s, v in pairs if v]
        neg = [s for s, v in pairs if not v]
        return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))

    tasks = ("SST-2", "MNLI")
    print("| signal | AUC, SST-2 | AUC, MNLI | AUC, both |\n|---|---:|---:|---:|")
    for name, f in signals.items():
        aucs = [auc([(f(p), p["verdict"] == "valid") for p in items if t in (None, p["task"])]) for t in (*tasks, None)]
        print(f"| {name} | " + " | ".join(f"{a:.2f}" for a in aucs) + " |")

    cos, freq, lm = signals.values()
    rules = {
        "none (the first reading's filters)": lambda p: True,
        "cosine ≥ 0.6": lambda p: cos(p) >= 0.6,
        "frequency ≥ −2": lambda p: freq(p) >= -2,
        "log-probability ≥ −5": lambda p: lm(p) >= -5,
        "cosine ≥ 0.6 and frequency ≥ −2": lambda p: cos(p) >= 0.6 and freq(p) >= -2,
        "frequency ≥ −2 and log-probability ≥ −5": lambda p: freq(p) >= -2 and lm(p) >= -5,
        "all three": lambda p: cos(p) >= 0.6 and freq(p) >= -2 and lm(p) >= -5,
    }
    print("\n| extra rule on the read successes | SST-2: kept, valid share, valid kept | MNLI: kept, valid share, valid kept |")
    print("|---|---|---|")
    for name, rule in rules.items():
        cells = []
        for t in tasks:
            kept = [p for p in items if p["task"] == t and rule(p)]
            valid = sum(p["verdict"] == "valid" for p in kept)
            total = sum(p["verdict"] == "valid" for p in items if p["task"] == t)
            cells.append(f"{len(kept)}, {100 * valid / max(1, len(kept)):.0f}%, {valid} of {total}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["join"] and len(sys.argv) == 5:
        join(*sys.argv[2:5])
    elif sys.argv[1:2] == ["analyse"] and len(sys.argv) == 4:
        analyse(*sys.argv[2:4])
    else:
        sys.exit(__doc__)
