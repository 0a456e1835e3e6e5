"""Runs the batch-engine recipes' own commands as local processes and checks that each
merged report equals the unsharded run's (see scripts/check-deploy.sh)."""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from compare_runs import same_outputs  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(script, env, cwd, shell="sh"):
    result = subprocess.run([shell, "-c", script], env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {script}\n{result.stderr[-2000:]}")
    return result


def kubernetes(advglue, data, work):
    work.mkdir(parents=True)
    docs = [d for d in yaml.safe_load_all((ROOT / "deploy/kubernetes/advglue-indexed-job.yaml").read_text()) if d]
    job = next(d for d in docs if d["kind"] == "Job")
    count = job["spec"]["completions"]
    container = job["spec"]["template"]["spec"]["containers"][0]
    script = container["args"][0].replace("/data/glue_data/SST-2/dev.tsv", str(data))
    env = dict(os.environ, PATH=f"{advglue.parent}:{os.environ['PATH']}", ADVGLUE_HOME=str(ROOT))
    env.update({e["name"]: e["value"] for e in container["env"] if "value" in e})
    env["MODEL_URL"] = "builtin:lexical"  # the recipe's server, replaced by the built-in model
    env["RUN"] = str(work / "results/sst2-pwws")
    pods = [subprocess.Popen(["sh", "-c", script], env=dict(env, JOB_COMPLETION_INDEX=str(i)), cwd=work,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for i in range(count)]
    for i, pod in enumerate(pods):
        if pod.wait() != 0:
            sys.exit(f"pod {i} failed: {pod.stderr.read()[-2000:]}")
    # A retried pod: shard 1 lost its last lines, the rerun resumes it.
    journal = pathlib.Path(env["RUN"]) / f"shard-1-of-{count}/journal.jsonl"
    lines = journal.read_text().splitlines(keepends=True)
    journal.write_text("".join(lines[: max(2, len(lines) // 2)]))
    metrics = work / "retried-pod.json"
    run(script, dict(env, JOB_COMPLETION_INDEX="1", ADVGLUE_METRICS=str(metrics)), work)
    attacked = json.loads(metrics.read_text())["examples"]
    kept = max(2, len(lines) // 2) - 1
    assert attacked == len(lines) - 1 - kept, f"the retried pod attacked {attacked} examples, not the {len(lines) - 1 - kept} its journal lacked"
    assert journal.read_text().count("\n") == len(lines), "the retried pod did not finish its shard"
    merge = yaml.safe_load((ROOT / "deploy/kubernetes/advglue-merge-job.yaml").read_text())
    arguments = [a.replace("/results", str(work / "results")) for a in merge["spec"]["template"]["spec"]["containers"][0]["args"]]
    subprocess.run([str(advglue)] + arguments, env=env, check=True, stdout=subprocess.DEVNULL)
    # The unsharded run with the pod's options.
    options = re.search(r"set -- (attack .*?--quiet)", script, re.S).group(1).replace("\\\n", " ")
    options = options.replace('"$MODEL_URL"', "builtin:lexical").replace("--shard-count 4", "")
    run(f"advglue {options} --out {work / 'whole'}", env, work)
    files = same_outputs(work / "whole", pathlib.Path(env["RUN"]))
    print(f"Kubernetes Indexed Job: {count} pods, a retried pod resumed, merged: {files} files as the unsharded run's", file=sys.stderr)


def github(advglue, data, work):
    work.mkdir(parents=True)
    workflow = yaml.safe_load((ROOT / ".github/workflows/robustness-sharded.yml").read_text())
    inputs = workflow[True]["workflow_dispatch"]["inputs"] if True in workflow else workflow["on"]["workflow_dispatch"]["inputs"]
    shard_job, merge_job = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    count = int(workflow["env"]["SHARDS"])
    assert shard_job["strategy"]["matrix"]["shard"] == list(range(count)), "the matrix must list shards 0..SHARDS-1"

    def script(step):
        # Package installs need root and a fresh container; this machine has the packages.
        kept, skipping = [], False
        for line in step["run"].splitlines():
            # An install line, a comment, or the continuation of a skipped line.
            skip = skipping or line.strip().startswith(("apt-get", "DEBIAN_FRONTEND", "python3 -m pip", "#"))
            skipping = skip and line.rstrip().endswith("\\")
            if not skip:
                kept.append(line)
        return "\n".join(kept)

    env = dict(os.environ, SHARDS=str(count), ADVGLUE_HOME=str(ROOT))
    values = {"inputs.model": "builtin:lexical", "inputs.task": inputs["task"]["default"], "inputs.recipes": inputs["recipes"]["default"],
              "inputs.data": str(data), "inputs.num_examples": "60", "secrets.MODEL_TOKEN": ""}
    for key, value in shard_job["env"].items():
        env[key] = re.sub(r"\$\{\{ (.*?) \}\}", lambda m: values[m.group(1)], value)
    attack = next(s for s in shard_job["steps"] if s.get("name", "").startswith("Attack"))
    gathered = work / "merge/shards"
    for i in range(count):
        runner = work / f"runner-{i}"
        (runner / ".build/release").mkdir(parents=True)
        shutil.copy(advglue, runner / ".build/release/advglue")
        run(script(attack).replace("${{ matrix.shard }}", str(i)), env, runner, shell="bash")
        shutil.copytree(runner / "shards", gathered, dirs_exist_ok=True)  # download-artifact, merge-multiple
    merger = work / "merge"
    (merger / ".build/release").mkdir(parents=True)
    shutil.copy(advglue, merger / ".build/release/advglue")
    step = next(s for s in merge_job["steps"] if s.get("name", "").startswith("Merge"))
    run(script(step), env, merger, shell="bash")
    run(f'{advglue} attack --task {env["TASK"]} --attack {env["RECIPES"]} --model {env["MODEL"]} --data {data} '
        f'--num-examples {env["NUM_EXAMPLES"]} --quiet --out {work / "whole"}', env, work)
    files = same_outputs(work / "whole", merger / "report")
    print(f"GitHub Actions workflow: {count} matrix jobs, merged: {files} files as the unsharded run's", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--advglue", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    advglue, data = pathlib.Path(args.advglue).resolve(), pathlib.Path(args.data).resolve()
    with tempfile.TemporaryDirectory(prefix="advglue-deploy-") as folder:
        kubernetes(advglue, data, pathlib.Path(folder) / "k8s")
        github(advglue, data, pathlib.Path(folder) / "gha")


if __name__ == "__main__":
    main()
