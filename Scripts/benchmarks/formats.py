"""Formats: import of one seeded 400,000×100 table written in each way text vector files write
numbers — five decimals (GloVe layout), six decimals (Stanford's GloVe files), full float32
precision with a header (gensim's save_word2vec_format: up to 9 significant digits, some like
1.2e-05) and fastText's .vec (six significant digits, a space after the last value) — and as
word2vec binary (all written by the harness into a temporary directory), embsh beside gensim
4.4.0's KeyedVectors.load_word2vec_format on the same files, and beside the floor of merely
reading each file. Targets: every text shape at least 20× gensim and at least 600 MB/s; binary
close to reading the file (within 1.5×)."""
import tempfile
from pathlib import Path

from common import Row, median_seconds

# Measure suffix, file the harness writes, what the rows call it, whether it has a header.
TEXT_SHAPES = [
    ("glove", "glove.txt", "GloVe text, 5 decimals", False),
    ("glove6", "glove6.txt", "GloVe text, 6 decimals", False),
    ("gensim", "gensim.txt", "word2vec text, full float32 (gensim)", True),
    ("fasttext", "fasttext.vec", "fastText .vec", True),
]


def run(context):
    rows = 100_000 if context.quick else 400_000
    repeats = 3 if context.quick else 5
    shape = f"{rows:,}×100"
    results = []
    with tempfile.TemporaryDirectory(prefix="embsh-bench-formats-") as directory:
        ours = context.harness_run("formats", directory, "--rows", rows, "--dim", 100, "--repeats", repeats)
        for name, file, title, header in TEXT_SHAPES:
            peer = gensim_seconds(Path(directory) / file, binary=False, header=header, repeats=1)
            seconds, floor = ours[f"import-{name}"]["seconds"], ours[f"read-{name}"]["seconds"]
            mb = ours[f"import-{name}"]["bytes"] / 1e6
            results += [
                Row(f"import {title} {shape} ({mb:.0f} MB)", f"{seconds:.3f} s", f"gensim: {peer:.3f} s",
                    f"{peer / seconds:.1f}× faster", "≥ 20×", peer / seconds >= 20),
                Row(f"{title} parse rate", f"{mb / seconds:.0f} MB/s", f"read file: {mb / floor:.0f} MB/s",
                    f"{seconds / floor:.2f}× floor", "≥ 600 MB/s", mb / seconds >= 600),
            ]
        gensim_binary = gensim_seconds(Path(directory) / "vectors.bin", binary=True, header=True, repeats=3)
    bin_, bin_floor = ours["import-bin"]["seconds"], ours["read-bin"]["seconds"]
    bin_mb = ours["import-bin"]["bytes"] / 1e6
    return results + [
        Row(f"import word2vec binary {shape} ({bin_mb:.0f} MB)", f"{bin_:.3f} s", f"read file: {bin_floor:.3f} s",
            f"{bin_ / bin_floor:.2f}× floor", "≤ 1.5× floor", bin_ / bin_floor <= 1.5),
        Row("import word2vec binary vs gensim", f"{bin_:.3f} s", f"gensim: {gensim_binary:.3f} s",
            f"{gensim_binary / bin_:.1f}× faster", "", None),
    ]


def gensim_seconds(path, binary, header, repeats):
    """gensim loading `path` as the tutorials do (GloVe text: no_header=True)."""
    from gensim.models import KeyedVectors

    return median_seconds(lambda: KeyedVectors.load_word2vec_format(str(path), binary=binary, no_header=not header),
                          repeats)
