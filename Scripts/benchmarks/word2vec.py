"""word2vec training beside gensim 4.4.0 on the same corpus with the same settings: skip-gram
and CBOW, dim 100, window 5, negative 5, min_count 5, sample 1e-3, 5 epochs, 2 threads, on
corpus-large.tokens.txt (`--quick`: corpus-1m.tokens.txt, 1 epoch).

- speed: input words per second of the training passes (corpus tokens × epochs ÷ the time of
  the epochs; the vocabulary scan is timed apart on both sides). gensim reads the file with
  `corpus_file=` (its fastest path: Cython threads without the GIL). Target ≥ 1.5× gensim.
- quality, both tables measured by the project's own evaluation (`embsh-bench word2vec
  evaluate` on gensim's vectors): WordSim-353 Spearman within 0.02 of gensim's, and
  questions-words accuracy (restrict 30,000) within 2 points.
- word2vec.c (built with -O3 -march=native) when a binary is given in $WORD2VEC_C; this script
  fetches nothing, so otherwise the row says it is not available."""
import os
import subprocess
import tempfile
import time
from pathlib import Path

from common import SHARED, Row, rate

SETTINGS = dict(vector_size=100, window=5, negative=5, min_count=5, sample=1e-3, hs=0, seed=1)
THREADS = 2


def run(context):
    corpus = context.corpus("corpus-1m.tokens.txt" if context.quick else "corpus-large.tokens.txt")
    if corpus is None:
        return [Row("word2vec", "skipped: ../shared is absent", "", "", "")]
    epochs = 1 if context.quick else 5
    evaluation = ["--wordsim", SHARED / "data/eval/wordsim353.tsv", "--questions", SHARED / "data/eval/questions-words.txt"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="embsh-w2v-") as scratch:
        for arch in ("sg", "cbow"):
            ours = context.harness_run("word2vec", "train", corpus, "--arch", arch, "--epochs", epochs,
                                       "--threads", THREADS, *evaluation)
            vectors = Path(scratch) / f"gensim-{arch}.txt"
            peer = gensim_train(corpus, arch, epochs, vectors)
            theirs = context.harness_run("word2vec", "evaluate", vectors, *evaluation)
            rows += compare(f"{arch}, {corpus.name}, {epochs} epoch{'s' if epochs > 1 else ''}", ours, peer, theirs)
            rows.append(word2vec_c(corpus, arch, epochs, ours))
    return rows


def gensim_train(corpus, arch, epochs, out):
    from gensim.models import Word2Vec

    model = Word2Vec(sg=1 if arch == "sg" else 0, workers=THREADS, epochs=epochs, **SETTINGS)
    start = time.perf_counter()
    model.build_vocab(corpus_file=str(corpus))
    scan = time.perf_counter() - start
    start = time.perf_counter()
    model.train(corpus_file=str(corpus), total_words=model.corpus_total_words, epochs=epochs)
    seconds = time.perf_counter() - start
    model.wv.save_word2vec_format(str(out))
    return {"seconds": seconds, "scan": scan, "words": model.corpus_total_words * epochs, "vocab": len(model.wv)}


def compare(name, ours, peer, theirs):
    train = ours["train"]
    speed = train["words"] / train["training_seconds"]
    peer_speed = peer["words"] / peer["seconds"]
    spearman, peer_spearman = ours["wordsim"]["spearman"], theirs["wordsim"]["spearman"]
    accuracy, peer_accuracy = 100 * ours["analogies"]["accuracy"], 100 * theirs["analogies"]["accuracy"]
    return [
        Row(f"word2vec {name}: training speed", rate(train["words"], train["training_seconds"]),
            f"gensim: {rate(peer['words'], peer['seconds'])}", f"{speed / peer_speed:.2f}× faster", "≥ 1.5× gensim",
            speed >= 1.5 * peer_speed),
        Row(f"word2vec {name}: vocabulary scan", f"{train['seconds'] - train['training_seconds']:.2f} s",
            f"gensim: {peer['scan']:.2f} s", f"{peer['scan'] / max(train['seconds'] - train['training_seconds'], 1e-9):.1f}× faster",
            "", None),
        Row(f"word2vec {name}: WordSim-353 Spearman", f"{spearman:.4f}", f"gensim: {peer_spearman:.4f}",
            f"{spearman - peer_spearman:+.4f}", "within 0.02", abs(spearman - peer_spearman) <= 0.02),
        Row(f"word2vec {name}: questions-words accuracy (restrict 30000)", f"{accuracy:.2f}%",
            f"gensim: {peer_accuracy:.2f}%", f"{accuracy - peer_accuracy:+.2f} points", "within 2 points",
            abs(accuracy - peer_accuracy) <= 2),
    ]


def word2vec_c(corpus, arch, epochs, ours):
    binary = os.environ.get("WORD2VEC_C")
    name = f"word2vec {arch}: beside word2vec.c -O3 -march=native"
    if not binary or not Path(binary).exists():
        return Row(name, "", "not available locally (set WORD2VEC_C to a built binary)", "", "", None)
    with tempfile.TemporaryDirectory(prefix="embsh-w2v-c-") as scratch:
        start = time.perf_counter()
        subprocess.run([binary, "-train", str(corpus), "-output", str(Path(scratch) / "v.txt"), "-cbow", "0" if arch == "sg" else "1",
                        "-size", "100", "-window", "5", "-negative", "5", "-hs", "0", "-sample", "1e-3", "-min-count", "5",
                        "-iter", str(epochs), "-threads", str(THREADS), "-binary", "0"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start  # vocabulary, training and writing the vectors
    train = ours["train"]
    return Row(name, rate(train["words"], train["seconds"]), f"word2vec.c: {rate(train['words'], seconds)} (whole run)",
               f"{seconds / train['seconds']:.2f}× faster", "≥ 1× word2vec.c", seconds >= train["seconds"])
