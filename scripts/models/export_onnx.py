#!/usr/bin/env python3
"""Exports a Hugging Face sequence-classification checkpoint folder to ONNX, for
scripts/models/onnx_model.py (advglue's ONNX Runtime route).

    python3 scripts/models/export_onnx.py --model /tmp/sst2-finetuned
    advglue attack --task sst2 --model cmd:'python3 scripts/models/onnx_model.py --model /tmp/sst2-finetuned'

Writes MODEL/model.onnx beside the checkpoint's config and tokenizer files: inputs
input_ids, attention_mask and (where the model has them) token_type_ids, int64, with the
batch and sequence axes dynamic; output logits. Exported with torch.onnx's dynamo exporter
(torch.export, opset 18) in eval mode, and checked against PyTorch on the traced input and on
one of another batch size and length.

Needs torch (CPU build), transformers, onnx, onnxscript and onnxruntime
(scripts/requirements-test.txt).
"""
import argparse
import pathlib
import sys

import numpy
import onnxruntime
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="a checkpoint folder (config.json, model.safetensors, tokenizer)")
    parser.add_argument("--out", default=None, help="where to write the ONNX file (default MODEL/model.onnx)")
    args = parser.parse_args()

    folder = pathlib.Path(args.model)
    out = pathlib.Path(args.out) if args.out else folder / "model.onnx"
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    sample = tokenizer(["a first example", "and a second, longer example text"], ["a pair", "pair two"],
                       padding=True, return_tensors="pt")
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class Logits(torch.nn.Module):
        """The model with named tensor inputs and its logits as the only output."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
            if token_type_ids is not None:
                inputs["token_type_ids"] = token_type_ids
            return self.model(**inputs).logits

    # torch.export (dynamo): the TorchScript exporter traces transformers 5's models wrongly
    # (its logits differ from PyTorch's by whole units on these checkpoints).
    batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence")
    program = torch.onnx.export(Logits(model), (), kwargs={name: sample[name] for name in names},
                                dynamic_shapes={name: {0: batch, 1: sequence} for name in names},
                                input_names=names, output_names=["logits"], opset_version=18, dynamo=True,
                                verbose=False)
    program.save(str(out))
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    # Checked on the traced shape and on another batch size and length, so that a shape
    # frozen into the graph by tracing is caught.
    other = tokenizer(["one", "two texts", "and a third, rather longer than the others were"], padding=True,
                      return_tensors="pt")
    gap = 0.0
    for inputs in (sample, other):
        with torch.inference_mode():
            want = model(**inputs).logits.numpy()
        got = session.run(["logits"], {name: inputs[name].numpy().astype(numpy.int64) for name in names})[0]
        gap = max(gap, float(numpy.abs(got - want).max()))
    if gap > 1e-4:
        out.unlink()
        sys.exit(f"error: ONNX Runtime's logits differ from PyTorch's by {gap}")
    print(f"wrote {out} (inputs {', '.join(names)}; ONNX Runtime within {gap:.1e} of PyTorch)", file=sys.stderr)


if __name__ == "__main__":
    main()
