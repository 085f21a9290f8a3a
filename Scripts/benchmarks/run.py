"""Runs the benchmarks named on the command line (default: all) and prints one table."""
import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Context  # noqa: E402

# In the order they run and are printed; each module has `run(context) -> [Row]`.
BENCHMARKS = ["startup", "tokenizer", "similarity", "formats", "session", "word2vec", "word2vec_hs", "phrases",
              "fasttext_subwords", "model", "recurrent", "tsne", "ann"]


def main():
    parser = argparse.ArgumentParser(prog="Scripts/bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run: " + ", ".join(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller inputs")
    options = parser.parse_args()
    unknown = [name for name in options.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    context = Context(quick=options.quick)
    rows = []
    for name in options.names or BENCHMARKS:
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        rows += importlib.import_module(name).run(context)
    print_table(rows)
    return 0 if all(row.met is not False for row in rows) else 1


def print_table(rows):
    headers = ["benchmark", "embsh", "peer / floor", "ratio", "target", "met"]
    cells = [[r.benchmark, r.embsh, r.peer, r.ratio, r.target,
              {True: "yes", False: "NO", None: ""}[r.met]] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
