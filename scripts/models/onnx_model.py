#!/usr/bin/env python3
"""Serves a sequence classifier exported to ONNX (scripts/models/export_onnx.py) over
advglue's subprocess protocol (docs/subprocess-protocol.md), run by ONNX Runtime on CPU.

    advglue attack --task sst2 --model cmd:'python3 scripts/models/onnx_model.py --model /tmp/sst2-finetuned'

--model is a folder holding model.onnx, the checkpoint's config.json (its id2label names
the labels) and its tokenizer files. Pair tasks pass their two fields as the tokenizer's
text pair; inputs are cut at the tokenizer's model_max_length (or --max-length). The scores
are the model's logits. --threads sets ONNX Runtime's intra-op threads (default: all cores).

Needs onnxruntime and transformers (for the tokenizer; not torch).
"""
import argparse
import json
import os
import pathlib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from advglue_model import max_tokens, serve, text_columns  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a folder with model.onnx, config.json and the tokenizer")
    parser.add_argument("--onnx", default="model.onnx", help="the ONNX file's name in the folder")
    parser.add_argument("--max-batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=None)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--labels", default=None, help="label names in the model's output order, comma-separated")
    args = parser.parse_args()

    import numpy
    import onnxruntime
    from transformers import AutoTokenizer

    folder = pathlib.Path(args.model)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = args.threads
    session = onnxruntime.InferenceSession(str(folder / args.onnx), options, providers=["CPUExecutionProvider"])
    inputs_wanted = [item.name for item in session.get_inputs()]
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = json.loads((folder / "config.json").read_text())
    if args.labels:
        labels = args.labels.split(",")
    else:
        id2label = config.get("id2label") or {}
        labels = [id2label[str(i)] for i in range(len(id2label))]
    max_length = args.max_length or max_tokens(tokenizer.model_max_length, config)

    def predict(inputs):
        first, second = text_columns(inputs)
        encoded = tokenizer(first, second, padding=True, truncation=True, max_length=max_length, return_tensors="np")
        feed = {name: encoded[name].astype(numpy.int64) for name in inputs_wanted}
        return session.run(["logits"], feed)[0].astype(float).tolist()

    serve(predict, labels=labels, scores="logits", model=f"onnxruntime {folder / args.onnx}",
          max_batch_size=args.max_batch_size)


if __name__ == "__main__":
    main()
