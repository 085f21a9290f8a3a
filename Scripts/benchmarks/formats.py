"""Formats: import of a seeded 400,000×100 GloVe text file and the same vectors as word2vec
binary (written by the harness into a temporary directory), embsh beside gensim 4.4.0's
KeyedVectors.load_word2vec_format on the same files, and beside the floor of merely reading
each file. Targets: GloVe text at least 10× gensim (no_header=True) and at least 300 MB/s;
binary close to reading the file (within 1.5×)."""
import tempfile
from pathlib import Path

from common import Row, median_seconds


def run(context):
    rows = 100_000 if context.quick else 400_000
    repeats = 3 if context.quick else 5
    with tempfile.TemporaryDirectory(prefix="embsh-bench-formats-") as directory:
        ours = context.harness_run("formats", directory, "--rows", rows, "--dim", 100, "--repeats", repeats)
        glove, binary = Path(directory) / "glove.txt", Path(directory) / "vectors.bin"
        gensim_text = gensim_seconds(glove, binary=False, repeats=1)
        gensim_binary = gensim_seconds(binary, binary=True, repeats=3)
    text, text_floor = ours["import-glove"]["seconds"], ours["read-glove"]["seconds"]
    bin_, bin_floor = ours["import-bin"]["seconds"], ours["read-bin"]["seconds"]
    text_mb = ours["import-glove"]["bytes"] / 1e6
    bin_mb = ours["import-bin"]["bytes"] / 1e6
    shape = f"{rows:,}×100"
    return [
        Row(f"import GloVe text {shape} ({text_mb:.0f} MB)", f"{text:.3f} s", f"gensim: {gensim_text:.3f} s",
            f"{gensim_text / text:.1f}× faster", "≥ 10×", gensim_text / text >= 10),
        Row("GloVe text parse rate", f"{text_mb / text:.0f} MB/s", f"read file: {text_mb / text_floor:.0f} MB/s",
            f"{text / text_floor:.2f}× floor", "≥ 300 MB/s", text_mb / text >= 300),
        Row(f"import word2vec binary {shape} ({bin_mb:.0f} MB)", f"{bin_:.3f} s", f"read file: {bin_floor:.3f} s",
            f"{bin_ / bin_floor:.2f}× floor", "≤ 1.5× floor", bin_ / bin_floor <= 1.5),
        Row("import word2vec binary vs gensim", f"{bin_:.3f} s", f"gensim: {gensim_binary:.3f} s",
            f"{gensim_binary / bin_:.1f}× faster", "", None),
    ]


def gensim_seconds(path, binary, repeats):
    """gensim loading `path` as the tutorials do (GloVe text: no_header=True)."""
    from gensim.models import KeyedVectors

    if binary:
        return median_seconds(lambda: KeyedVectors.load_word2vec_format(str(path), binary=True), repeats)
    return median_seconds(lambda: KeyedVectors.load_word2vec_format(str(path), binary=False, no_header=True), repeats)
