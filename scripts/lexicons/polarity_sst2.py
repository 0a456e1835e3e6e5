#!/usr/bin/env python3
"""Derives the team's sentiment polarity lexicon from GLUE SST-2's training set.

    polarity_sst2.py TRAIN_TSV OUT_TSV

SST-2's training set is 67,349 phrases of movie reviews, each labelled positive or
negative. For every word in at least MIN_COUNT phrases, the lexicon records the smoothed
log-odds of appearing in a positive rather than a negative phrase, its z-score (the log-odds
over its standard error), the two counts, and a class: +1 (positive) when the log-odds is at
least CLASS_LOG_ODDS and the z-score at least CLASS_Z, -1 (negative) symmetrically, else 0.
advglue's `polarity-kept` filter refuses a word substitution that changes the class, or the
log-odds by more than STRENGTH_GAP (docs/validity.md). The lexicon is a figure derived from
the data (like trained weights), not a copy of it: no phrase is stored.
"""

import csv
import math
import sys
from collections import Counter

MIN_COUNT = 5
CLASS_LOG_ODDS = 0.7
CLASS_Z = 2.0


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    train, out = sys.argv[1], sys.argv[2]
    positive, negative = Counter(), Counter()
    with open(train, encoding="utf-8", newline="") as file:
        rows = csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        if header[:2] != ["sentence", "label"]:
            sys.exit(f"{train}: expected the GLUE SST-2 header 'sentence<TAB>label', found {header}")
        for sentence, label in rows:
            (positive if label == "1" else negative).update(set(sentence.split()))
    total_positive, total_negative = sum(positive.values()), sum(negative.values())
    lines = [
        "# Sentiment polarity of English words, derived by scripts/lexicons/polarity_sst2.py from GLUE",
        "# SST-2 train.tsv (67,349 labelled phrases). Columns: word, smoothed log-odds of a positive",
        f"# rather than a negative phrase, z-score, positive and negative phrase counts, class (+1 when",
        f"# log-odds >= {CLASS_LOG_ODDS} and z >= {CLASS_Z}, -1 symmetrically, else 0). Words in fewer than",
        f"# {MIN_COUNT} phrases are left out. See docs/validity.md.",
        "# word\tlog_odds\tz\tpositive\tnegative\tclass",
    ]
    for word in sorted(set(positive) | set(negative)):
        a, b = positive[word], negative[word]
        if a + b < MIN_COUNT or "\t" in word:
            continue
        log_odds = math.log((a + 1) / (total_positive + 1)) - math.log((b + 1) / (total_negative + 1))
        z = log_odds / math.sqrt(1 / (a + 1) + 1 / (b + 1))
        polarity = 1 if log_odds >= CLASS_LOG_ODDS and z >= CLASS_Z else -1 if log_odds <= -CLASS_LOG_ODDS and z <= -CLASS_Z else 0
        lines.append(f"{word}\t{log_odds:.3f}\t{z:.2f}\t{a}\t{b}\t{polarity}")
    with open(out, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    print(f"{len(lines) - 6} words written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
