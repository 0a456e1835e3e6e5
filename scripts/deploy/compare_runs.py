"""Checks that a merged (or any other) run folder holds the same outputs as another:
every file byte for byte but run.json, the reports up to their Run block (command
line, date, timing), the journals as the same lines (their order is the order examples
finished). Standard library only.

    python3 scripts/deploy/compare_runs.py WHOLE MERGED [--ignore shard-]
"""
import filecmp
import pathlib
import sys


def same_outputs(whole, merged, ignore=("shard-",)):
    whole, merged = pathlib.Path(whole), pathlib.Path(merged)
    names = sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file() and p.name != "run.json")
    extra = sorted(p.relative_to(merged) for p in merged.rglob("*")
                   if p.is_file() and p.name != "run.json" and not any(part.startswith(ignore) for part in p.relative_to(merged).parts))
    assert names, f"nothing in {whole}"
    assert names == extra, f"{merged} holds {[str(n) for n in extra]}, {whole} {[str(n) for n in names]}"
    for name in names:
        a, b = whole / name, merged / name
        if name.suffix == ".md":
            cut = lambda p: p.read_text().split("\n## Run\n")[0]
            assert cut(a) == cut(b), f"{b} differs from {a} before its Run block"
            assert "\n## Run\n" in b.read_text(), f"{b} has no Run block"
        elif name.name == "journal.jsonl":
            assert sorted(a.read_text().splitlines()) == sorted(b.read_text().splitlines()), f"{b} holds other lines than {a}"
        else:
            assert filecmp.cmp(a, b, shallow=False), f"{b} differs from {a}"
    return len(names)


if __name__ == "__main__":
    try:
        count = same_outputs(sys.argv[1], sys.argv[2])
    except AssertionError as error:
        sys.exit(f"error: {error}")
    print(f"{count} files: {sys.argv[2]} has {sys.argv[1]}'s outputs", file=sys.stderr)
