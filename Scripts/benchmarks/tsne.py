"""t-SNE beside scikit-learn's TSNE (Barnes-Hut, its defaults: perplexity 30, 1000 iterations,
early exaggeration 12, learning rate auto, PCA start, angle 0.5) on the same real vectors: the
first 5,000 words (`--quick`: 2,000) of a word2vec table (dim 100, min_count 5) that embsh trains
on corpus-1m.tokens.txt, given to both as the same float32 values.

- time: the whole fit (neighbours, affinities, 1000 iterations) on each side, on this machine's
  cores. Target: no slower than scikit-learn.
- quality: trustworthiness (k=10) of each map, by scikit-learn's `trustworthiness`. Target:
  embsh's within 0.02 of scikit-learn's (or above it).
- the core's own Trustworthiness scores both maps too; it must agree with scikit-learn's to 1e-4."""
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.manifold import TSNE, trustworthiness

from common import Row

DIM = 100


def run(context):
    corpus = context.corpus("corpus-1m.tokens.txt")
    if corpus is None:
        return [Row("t-SNE", "skipped: ../shared is absent", "", "", "")]
    rows = 2_000 if context.quick else 5_000
    with tempfile.TemporaryDirectory(prefix="embsh-tsne-") as scratch:
        vectors = Path(scratch) / "vectors.f32"
        values = table(context, corpus, Path(scratch))[:rows].astype(np.float32)
        values.tofile(vectors)
        ours = context.harness_run("tsne", "map", vectors, "--dim", DIM)["tsne"]
        ours_map = np.fromfile(str(vectors) + ".map", dtype=np.float64).reshape(rows, 2)
        start = time.perf_counter()
        theirs_map = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto", max_iter=1000,
                          random_state=0).fit_transform(values)
        theirs_seconds = time.perf_counter() - start
        theirs_file = Path(scratch) / "sklearn.f64"
        theirs_map.astype(np.float64).tofile(theirs_file)
        core_on_theirs = context.harness_run("tsne", "trust", vectors, theirs_file, "--dim", DIM)["trust"]["trustworthiness"]
    ours_t, theirs_t = trustworthiness(values, ours_map, n_neighbors=10), trustworthiness(values, theirs_map, n_neighbors=10)
    seconds = ours["seconds"]
    name = f"t-SNE {rows}×{DIM} word2vec, 1000 iterations"
    agreement = max(abs(ours["trustworthiness"] - ours_t), abs(core_on_theirs - theirs_t))
    return [
        Row(name, f"{seconds:.1f} s", f"scikit-learn: {theirs_seconds:.1f} s", f"{theirs_seconds / seconds:.2f}× faster",
            "≥ 1× scikit-learn", seconds <= theirs_seconds),
        Row(f"{name}: trustworthiness k=10", f"{ours_t:.4f}", f"scikit-learn: {theirs_t:.4f}", f"{ours_t - theirs_t:+.4f}",
            "≥ scikit-learn − 0.02", ours_t >= theirs_t - 0.02),
        Row("trustworthiness (core) vs scikit-learn's", f"{ours['trustworthiness']:.4f}, {core_on_theirs:.4f}",
            f"{ours_t:.4f}, {theirs_t:.4f}", f"{agreement:.1e} apart", "≤ 1e-4 apart", agreement <= 1e-4),
    ]


def table(context, corpus, scratch):
    """word2vec vectors of corpus, most frequent word first, trained by the release embsh."""
    out = scratch / "w2v.npy"
    subprocess.run([str(context.embsh), "-c", f"word2vec w2v file={corpus} dim={DIM} min_count=5 seed=1",
                    "-c", f"export w2v {out} format=npy"], check=True, capture_output=True)
    return np.load(out)
