#!/usr/bin/env python3
"""Serves a Hugging Face `transformers` sequence-classification model over advglue's
subprocess protocol (docs/subprocess-protocol.md).

    pip install torch transformers
    advglue attack --task sst2 --model cmd:'python3 scripts/models/transformers_model.py \
        --model distilbert-base-uncased-finetuned-sst-2-english'
    advglue attack --task mnli --model cmd:'python3 scripts/models/transformers_model.py \
        --model ./my-mnli-checkpoint --device cuda --max-batch-size 64'

--model is a local folder or a hub name (loaded the usual way, so HF_HOME and
HF_HUB_OFFLINE apply). Pair tasks pass their two fields as the tokenizer's text pair.
The scores are the model's logits; the labels are the model's `id2label`, which
advglue matches to the task's labels by name (any order, case-insensitive) or, for
the generic LABEL_0, LABEL_1, ..., by position. --labels overrides `id2label`.

Inputs are scored in eval mode without gradients, one batch per request as advglue
sends it; padding is per batch, so a model's scores may differ in the last bits
with the batch it is in. advglue keeps batches the same from run to run (one
example's candidates, --batch-size), so runs stay reproducible.

Tested on the built-in fine-tuned SST-2 victim, exported by scripts/models/export_finetuned.py:
the same predictions as --model builtin:finetuned and hf: on all of SST-2 dev
(Tests/AdvGlueTests/External/FineTunedRoutesTests.swift).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from advglue_model import max_tokens, serve, text_columns  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a model folder or hub name")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, mps")
    parser.add_argument("--max-batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=None,
                        help="tokens per input (default: the tokenizer's model_max_length, at most the model's positions)")
    parser.add_argument("--labels", default=None, help="label names in the model's output order, comma-separated")
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForSequenceClassification.from_pretrained(args.model).to(args.device).eval()
    if args.labels:
        labels = args.labels.split(",")
    else:
        labels = [model.config.id2label[i] for i in range(model.config.num_labels)]

    max_length = args.max_length or max_tokens(tokenizer.model_max_length, model.config.to_dict())

    def predict(inputs):
        first, second = text_columns(inputs)
        encoded = tokenizer(first, second, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        encoded = {key: value.to(args.device) for key, value in encoded.items()}
        with torch.inference_mode():
            logits = model(**encoded).logits
        return logits.float().cpu().tolist()

    serve(predict, labels=labels, scores="logits", model=f"transformers {type(model).__name__} {args.model}",
          max_batch_size=args.max_batch_size)


if __name__ == "__main__":
    main()
