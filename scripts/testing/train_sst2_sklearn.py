#!/usr/bin/env python3
"""Trains the scikit-learn SST-2 model the external-model tests and benchmark serve, and
lays out an MLServer model folder around it.

    train_sst2_sklearn.py --corpora ../shared/corpora --out DIR

writes DIR/model.joblib (TfidfVectorizer word 1-2-grams + LogisticRegression, trained
on GLUE SST-2 train, 67,349 sentences), DIR/model-settings.json (MLServer's
scikit-learn runtime, with the inputs and outputs declared so the metadata endpoint
lists them) and DIR/TRAINED (held-out accuracy on SST-2 dev). Deterministic; does
nothing when DIR/TRAINED exists and names the same training file checksum.
"""

import argparse
import csv
import hashlib
import json
import os
import sys


def read_tsv(path):
    with open(path, encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = rows[0]
    sentence, label = header.index("sentence"), header.index("label")
    return [row[sentence] for row in rows[1:]], [int(row[label]) for row in rows[1:]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    train_path = os.path.join(args.corpora, "glue_data", "SST-2", "train.tsv")
    dev_path = os.path.join(args.corpora, "glue_data", "SST-2", "dev.tsv")
    with open(train_path, "rb") as file:
        train_sha = hashlib.sha256(file.read()).hexdigest()
    marker = os.path.join(args.out, "TRAINED")
    if os.path.exists(marker) and json.load(open(marker)).get("train_sha256") == train_sha:
        return

    import joblib
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts, labels = read_tsv(train_path)
    dev_texts, dev_labels = read_tsv(dev_path)
    model = Pipeline([
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
        ("logreg", LogisticRegression(C=4.0, max_iter=2000)),
    ])
    model.fit(texts, labels)
    accuracy = float((model.predict(dev_texts) == dev_labels).mean())
    os.makedirs(args.out, exist_ok=True)
    joblib.dump(model, os.path.join(args.out, "model.joblib"))
    settings = {
        "name": "sst2",
        "implementation": "mlserver_sklearn.SKLearnModel",
        "parameters": {"uri": "./model.joblib", "version": "v1"},
        "inputs": [{"name": "text", "datatype": "BYTES", "shape": [-1]}],
        "outputs": [{"name": "predict_proba", "datatype": "FP64", "shape": [-1, 2]}],
    }
    with open(os.path.join(args.out, "model-settings.json"), "w") as file:
        json.dump(settings, file, indent=2)
    with open(marker, "w") as file:
        json.dump({"train_sha256": train_sha, "dev_accuracy": accuracy, "sklearn": sklearn.__version__,
                   "train_examples": len(texts)}, file)
    print(f"trained SST-2 TF-IDF + logistic regression: dev accuracy {accuracy:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
