"""Same-victim comparison: TextAttack 0.3.11 attacking advglue's built-in lexical model.

Run through scripts/textattack-compare.sh, which builds the virtual environment, the
offline NLTK data and the model export this needs. Sub-commands:

  parity   check that LexicalModel below gives advglue's logits bit for bit
  attack   run one TextAttack recipe on the first N examples of a GLUE .tsv file
           and print one JSON line of figures (timed from process start)
  summary  medians of the figures of both tools, as a Markdown table

The model is rebuilt from `advglue model export --format json` with advglue's own
featurisation: ICU's word break iterator (root locale; segments whose rule status is
100-499 are words) and utf8proc's NFKC + case folding, both called through ctypes on
the very libraries advglue links, so tokens and keys are the same. Features are
`w:WORD` and `b:WORD WORD`; logits are the bias plus the weight rows of the distinct
features present, added in float32 in sorted feature-name order as advglue adds them.
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import sys
import time

# The shell script passes the time it launched this process, so start-up (interpreter,
# imports, WordNet) counts as it does for advglue's process.
PROCESS_START = float(os.environ.get("ADVGLUE_COMPARE_T0", time.time()))

import numpy as np  # noqa: E402


# --- advglue's featurisation -----------------------------------------------------------

class _ICU:
    """ubrk_* from the system libicuuc, whose symbols carry the major version."""

    UBRK_WORD = 1

    def __init__(self):
        self.lib = ctypes.CDLL(ctypes.util.find_library("icuuc") or "libicuuc.so")
        self.suffix = next((f"_{v}" for v in range(40, 120) if hasattr(self.lib, f"ubrk_open_{v}")), "")
        f = self._fn
        self.open = f("ubrk_open", ctypes.c_void_p, [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int32,
                                                        ctypes.POINTER(ctypes.c_int)])
        self.set_text = f("ubrk_setText", None, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int)])
        self.first = f("ubrk_first", ctypes.c_int32, [ctypes.c_void_p])
        self.next = f("ubrk_next", ctypes.c_int32, [ctypes.c_void_p])
        self.status = f("ubrk_getRuleStatus", ctypes.c_int32, [ctypes.c_void_p])
        err = ctypes.c_int(0)
        self.iterator = self.open(self.UBRK_WORD, b"", None, 0, ctypes.byref(err))
        if err.value > 0:
            raise RuntimeError(f"ICU ubrk_open failed with error {err.value}")

    def _fn(self, name, restype, argtypes):
        fn = getattr(self.lib, name + self.suffix)
        fn.restype, fn.argtypes = restype, argtypes
        return fn

    def words(self, text):
        """Word segments of `text` (rule status 100-499), as advglue's WordSegmenter."""
        encoded = text.encode("utf-16-le")
        units = len(encoded) // 2
        if units == 0:
            return []
        buffer = ctypes.create_string_buffer(encoded, len(encoded))
        err = ctypes.c_int(0)
        self.set_text(self.iterator, buffer, units, ctypes.byref(err))
        if err.value > 0:
            raise RuntimeError(f"ICU ubrk_setText failed with error {err.value}")
        words = []
        start = self.first(self.iterator)
        end = self.next(self.iterator)
        while end != -1:
            status = self.status(self.iterator)
            if 100 <= status < 500:
                words.append(encoded[2 * start:2 * end].decode("utf-16-le"))
            start, end = end, self.next(self.iterator)
        return words


class _UTF8Proc:
    STABLE, COMPAT, COMPOSE, CASEFOLD = 1 << 1, 1 << 2, 1 << 3, 1 << 10

    def __init__(self):
        self.lib = ctypes.CDLL(ctypes.util.find_library("utf8proc") or "libutf8proc.so")
        self.map = self.lib.utf8proc_map
        self.map.restype = ctypes.c_ssize_t
        self.map.argtypes = [ctypes.c_char_p, ctypes.c_ssize_t, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int]
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"))
        self.libc.free.argtypes = [ctypes.c_void_p]
        self.cache = {}

    def key(self, word):
        """advglue's Normalization.key: NFKC + case fold, typographic apostrophe as '."""
        cached = self.cache.get(word)
        if cached is not None:
            return cached
        if word.isascii():
            key = word.lower()  # NFKC_Casefold of ASCII is its lower case
        else:
            data = word.encode("utf-8")
            out = ctypes.c_void_p()
            n = self.map(data, len(data), ctypes.byref(out), self.STABLE | self.COMPAT | self.COMPOSE | self.CASEFOLD)
            if n < 0 or not out.value:
                key = word
            else:
                key = ctypes.string_at(out.value, n).decode("utf-8")
                self.libc.free(out)
            key = key.replace("\u2019", "'")
        self.cache[word] = key
        return key


class LexicalModel:
    """advglue's single-text lexical model, from its JSON export."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format_version") != 1:
            raise SystemExit(f"{path}: format_version {doc.get('format_version')}; this script reads 1")
        if set(doc["featurization"]["features"]) - {"w:WORD", "b:WORD WORD", "note"}:
            raise SystemExit(f"{path}: a pair-task model; this script handles single-text (SST-2) models")
        self.labels = doc["labels"]
        self.index = {name: i for i, name in enumerate(doc["vocab"])}
        self.weights = np.asarray(doc["weights"], dtype=np.float32)
        self.bias = np.asarray(doc["bias"], dtype=np.float32)
        self.icu = _ICU()
        self.norm = _UTF8Proc()
        self.seconds = 0.0  # time spent inside the model, reported with the figures
        self.texts = 0

    def features(self, text):
        words = [self.norm.key(w) for w in self.icu.words(text)]
        features = {"w:" + w for w in words}
        features.update("b:" + a + " " + b for a, b in zip(words, words[1:]))
        return sorted(features)

    def logits(self, text):
        rows = [i for i in map(self.index.get, self.features(text)) if i is not None]
        if not rows:
            return self.bias.copy()
        # A running float32 sum, one feature at a time in sorted name order, as advglue
        # adds them (np.sum would pair terms up and round differently).
        stacked = np.vstack([self.bias[None, :], self.weights[rows]])
        return np.add.accumulate(stacked, axis=0)[-1]


# --- parity ------------------------------------------------------------------------------

def parity(args):
    model = LexicalModel(args.model)
    checked, mismatches = 0, []
    with open(args.predictions, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            expected = np.asarray(row["logits"], dtype=np.float32)
            got = model.logits(row["text"])
            checked += 1
            if not np.array_equal(expected, got):
                mismatches.append((row["id"], row["text"], expected.tolist(), got.tolist()))
    perturbed = 0
    for path in args.results or []:
        with open(path, encoding="utf-8") as f:
            results = json.load(f)["results"]
        for r in results:
            if not r.get("perturbed"):
                continue
            text = r["perturbed"]["fields"][0]["text"]
            got = model.logits(text)
            probs = np.exp(got - got.max())
            probs /= probs.sum()
            perturbed += 1
            if np.abs(probs - np.asarray(r["perturbedProbabilities"])).max() > 1e-6:
                mismatches.append((r["exampleID"], text, r["perturbedProbabilities"], probs.tolist()))
    for m in mismatches[:10]:
        print("MISMATCH", m, file=sys.stderr)
    print(json.dumps({"dev_sentences": checked, "perturbed_texts": perturbed, "mismatches": len(mismatches)}))
    return 1 if mismatches or checked == 0 else 0


# --- attack ------------------------------------------------------------------------------

def read_tsv(path, limit):
    """GLUE SST-2 .tsv as advglue reads it: header row, tab-separated, no quoting."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].rstrip("\r").split("\t")
    text_col, label_col = header.index("sentence"), header.index("label")
    examples = []
    for line in lines[1:]:
        line = line.rstrip("\r")
        if not line:
            continue
        cells = line.split("\t")
        examples.append((cells[text_col], int(cells[label_col])))
        if len(examples) == limit:
            break
    return examples


def attack(args):
    # Offline: TextAttack's post-install step and WordSwapWordNet call nltk.download(),
    # which would reach the network. The data they want is already under NLTK_DATA
    # (see textattack-compare.sh), so downloading is a no-op here.
    import nltk

    nltk.download = lambda *a, **k: True
    import textattack
    from textattack.metrics import AttackQueries, AttackSuccessRate

    if args.hf:
        # A Hugging Face checkpoint: TextAttack's own wrapper over PyTorch, as its users run it.
        import torch
        import transformers

        torch.set_num_threads(2)
        hf_model = transformers.AutoModelForSequenceClassification.from_pretrained(args.hf).eval()
        tokenizer = transformers.AutoTokenizer.from_pretrained(args.hf)

        class Counting(textattack.models.wrappers.HuggingFaceModelWrapper):
            distinct = 0
            seconds = 0.0

            def __call__(self, text_input_list):
                started = time.perf_counter()
                out = super().__call__(text_input_list)
                Counting.seconds += time.perf_counter() - started
                Counting.distinct += len(text_input_list)
                return out

        wrapper = Counting(hf_model, tokenizer)
        model = Counting
    else:
        model = LexicalModel(args.model)
        wrapper = None

    class Wrapper(textattack.models.wrappers.ModelWrapper):
        def __init__(self, lexical):
            self.model = lexical
            self.distinct = 0  # texts that reached the model (TextAttack caches repeats per example)

        def __call__(self, text_input_list):
            started = time.perf_counter()
            out = np.stack([self.model.logits(t) for t in text_input_list])
            self.model.seconds += time.perf_counter() - started
            self.distinct += len(text_input_list)
            return out

    wrapper = wrapper or Wrapper(model)
    recipes = {
        "pwws": textattack.attack_recipes.PWWSRen2019,
        "deepwordbug": textattack.attack_recipes.DeepWordBugGao2018,
    }
    recipe = recipes[args.recipe].build(wrapper)
    dataset = textattack.datasets.Dataset(read_tsv(args.data, args.num_examples))
    # --csv: TextAttack's own CSV logger (changed words in [[ ]]), for `advglue validate`.
    attack_args = textattack.AttackArgs(num_examples=args.num_examples, random_seed=args.seed, disable_stdout=True,
                                        silent=True, query_budget=None, log_to_csv=args.csv,
                                        csv_coloring_style="file")
    attacker = textattack.Attacker(recipe, dataset, attack_args)
    ready = time.time()
    results = attacker.attack_dataset()
    done = time.time()
    rate = AttackSuccessRate().calculate(results)
    queries = AttackQueries().calculate(results)
    attacked = [r for r in results if r.__class__.__name__ != "SkippedAttackResult"]
    figures = {
        "tool": "textattack",
        "victim": "hf" if args.hf else "lexical",
        "recipe": args.recipe,
        "seed": args.seed,
        "label": args.label,
        "examples": len(results),
        "successful": rate["successful_attacks"],
        "failed": rate["failed_attacks"],
        "skipped": rate["skipped_attacks"],
        "success_rate": rate["attack_success_rate"],
        "skipped_examples": rate["skipped_attacks"],
        "original_accuracy": rate["original_accuracy"],
        "accuracy_under_attack": rate["attack_accuracy_perc"],
        "queries_per_example": queries["avg_num_queries"],
        "model_texts_per_attacked_example": (wrapper.distinct - len(results) + len(attacked)) / max(1, len(attacked)),
        "startup_s": ready - PROCESS_START,
        "attack_s": done - ready,
        "total_s": done - PROCESS_START,
        "examples_per_s_attack": len(results) / (done - ready),
        "examples_per_s_total": len(results) / (done - PROCESS_START),
        "model_s": model.seconds,
    }
    print(json.dumps(figures))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for r in results:
                f.write(json.dumps({"type": r.__class__.__name__, "original": r.original_result.attacked_text.text,
                                    "perturbed": r.perturbed_result.attacked_text.text,
                                    "queries": r.perturbed_result.num_queries}) + "\n")
    return 0


# --- summary -----------------------------------------------------------------------------

def summary(args):
    import statistics

    rows = [json.loads(line) for line in open(args.figures, encoding="utf-8") if line.strip()]

    def pick(tool, recipe, label):
        return [r for r in rows if r["tool"] == tool and r["recipe"] == recipe and r["label"] == label]

    def median(values):
        return statistics.median(values) if values else float("nan")

    print("| Recipe | Tool | Examples | Examples/s from process start | Examples/s without start-up | Start-up | "
          "Queries/example | Distinct model inputs/example | Success rate |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    recipes = sorted({r["recipe"] for r in rows}, key=["pwws", "deepwordbug"].index)
    ratios = []
    for recipe in recipes:
        a, t = pick("advglue", recipe, "timed"), pick("textattack", recipe, "timed")
        if not a or not t:
            continue
        fa = median([r["examples_per_s_total"] for r in a])
        ft, fta = median([r["examples_per_s_total"] for r in t]), median([r["examples_per_s_attack"] for r in t])
        print(f"| {recipe} | advglue | {a[0]['examples']} | {fa:.1f} | – | – | {a[0]['queries_per_example']:.1f} | "
              f"{a[0]['queries_per_example']:.1f} | {a[0]['success_rate']:.1f}% |")
        print(f"| {recipe} | TextAttack 0.3.11 | {t[0]['examples']} | {ft:.1f} | {fta:.1f} | {median([r['startup_s'] for r in t]):.1f} s | "
              f"{t[0]['queries_per_example']:.1f} | {t[0]['model_texts_per_attacked_example']:.1f} | {t[0]['success_rate']:.1f}% |")
        ratios.append((recipe, fa / ft, fa / fta, a[0]["success_rate"] - t[0]["success_rate"],
                       a[0]["queries_per_example"], t[0]["queries_per_example"], t[0]["model_texts_per_attacked_example"],
                       len(a), median([r["model_s"] / r["attack_s"] for r in t])))
    print()
    print("| Recipe | advglue ÷ TextAttack examples/s (both from process start) | ÷ TextAttack without its start-up | "
          "Success rate difference | Queries/example advglue vs TextAttack (its count / distinct) | Timed runs |")
    print("|---|---:|---:|---:|---:|---:|")
    for recipe, whole, attack_only, diff, qa, qt, qd, n, model_share in ratios:
        print(f"| {recipe} | {whole:.0f}× | {attack_only:.1f}× | {diff:+.1f} points | {qa:.1f} vs {qt:.1f} / {qd:.1f} | {n} |")
    print()
    for recipe, *_, model_share in ratios:
        victim = "the PyTorch model" if any(r.get("victim") == "hf" for r in rows) else "the Python copy of the lexical model"
        print(f"{recipe}: {victim} took {100 * model_share:.0f}% of TextAttack's attack time.")
    seeds = [r for r in rows if r["label"] == "seeds"]
    if seeds:
        print()
        print("| Recipe | Tool | Seeds | Success rate, mean (min–max) | Queries/example, mean (min–max) |")
        print("|---|---|---:|---:|---:|")
        for recipe in recipes:
            for tool in ["advglue", "textattack"]:
                group = pick(tool, recipe, "seeds")
                if not group:
                    continue
                sr = [r["success_rate"] for r in group]
                q = [r["queries_per_example"] for r in group]
                print(f"| {recipe} | {tool} | {len(group)} | {statistics.mean(sr):.1f}% ({min(sr):.1f}–{max(sr):.1f}) | "
                      f"{statistics.mean(q):.2f} ({min(q):.2f}–{max(q):.2f}) |")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parity", help="compare logits with advglue's")
    p.add_argument("--model", required=True, help="advglue model export --format json output")
    p.add_argument("--predictions", required=True, help="advglue predict --output JSON Lines")
    p.add_argument("--results", nargs="*", help="advglue results.json files whose perturbed texts to check too")
    a = sub.add_parser("attack", help="run one TextAttack recipe and print its figures as JSON")
    victim = a.add_mutually_exclusive_group(required=True)
    victim.add_argument("--model", help="advglue model export --format json output (the lexical victim)")
    victim.add_argument("--hf", help="a Hugging Face checkpoint folder (the victim instead of --model)")
    a.add_argument("--data", required=True, help="GLUE SST-2 dev.tsv")
    a.add_argument("--recipe", required=True, choices=["pwws", "deepwordbug"])
    a.add_argument("--num-examples", type=int, default=200)
    a.add_argument("--seed", type=int, default=765, help="TextAttack's default random seed")
    a.add_argument("--label", default="", help="copied into the figures (the shell script's run kind)")
    a.add_argument("--dump", help="write each result as a JSON line here")
    a.add_argument("--csv", help="also write TextAttack's CSV log here (its CSV logger, words marked [[ ]])")
    s = sub.add_parser("summary", help="print the figures of both tools as Markdown tables")
    s.add_argument("--figures", required=True, help="JSON lines written by `attack` and the shell script")
    args = parser.parse_args()
    return {"parity": parity, "attack": attack, "summary": summary}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
