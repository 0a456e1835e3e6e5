#!/usr/bin/env python3
"""Serves a scikit-learn classifier saved with joblib over advglue's subprocess protocol.

    advglue attack --task sst2 \
      --model cmd:'.venv/bin/python scripts/models/sklearn_model.py --model sst2.joblib --labels negative,positive'

The model takes one text per input: single-sentence tasks pass their field; pair tasks
are joined with " [SEP] " unless the pipeline was trained on another separator
(--separator). Scores are `predict_proba` columns, reordered from the model's
`classes_` to --labels (class values may be label names or label ids).
"""

import argparse
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from advglue_model import serve  # noqa: E402


def main(argv=None, on_request=None, wrap_predict=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a joblib file holding a fitted classifier with predict_proba")
    parser.add_argument("--labels", required=True, help="the task's labels, comma-separated, in the order of the class ids")
    parser.add_argument("--separator", default=" [SEP] ", help="joins the fields of pair tasks")
    parser.add_argument("--max-batch-size", type=int, default=None)
    args, _ = parser.parse_known_args(argv)

    import joblib

    with open(args.model, "rb") as file:
        checksum = hashlib.sha256(file.read()).hexdigest()
    model = joblib.load(args.model)
    labels = args.labels.split(",")
    classes = list(model.classes_)
    columns = []
    for index, label in enumerate(labels):
        if label in classes:
            columns.append(classes.index(label))
        elif index in classes:
            columns.append(classes.index(index))
        else:
            sys.exit(f"sklearn_model: the model's classes {classes} include neither '{label}' nor {index}")

    def predict(inputs):
        texts = [args.separator.join(item.values()) for item in inputs]
        probabilities = model.predict_proba(texts)
        return [[float(row[column]) for column in columns] for row in probabilities]

    if wrap_predict is not None:
        predict = wrap_predict(predict)
    name = type(model).__name__
    if hasattr(model, "steps"):
        name = "Pipeline(" + ", ".join(type(step).__name__ for _, step in model.steps) + ")"
    serve(predict, labels=labels, scores="probabilities", model=f"scikit-learn {name} from {os.path.basename(args.model)}",
          checksum=checksum, max_batch_size=args.max_batch_size, on_request=on_request)


if __name__ == "__main__":
    main()
