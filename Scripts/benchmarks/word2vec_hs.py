"""word2vec with hierarchical softmax (hs=1, negative=0) beside gensim 4.4.0's at equal settings:
skip-gram and CBOW, dim 100, window 5, min_count 5, sample 1e-3, 5 epochs, 2 threads, the
learning rate of word2vec.c (0.025 sg, 0.05 cbow), on corpus-large.tokens.txt (`--quick`:
corpus-1m.tokens.txt, 1 epoch). Same measures as word2vec.py (speed of the training passes as
medians, WordSim-353 Spearman and questions-words accuracy at restrict 30,000 as means over seeds
1, 2 and 3, every table scored by the project's own evaluation), same bands: Spearman within
0.02 and accuracy within 2 points of gensim's."""
import statistics
import tempfile
import time
from pathlib import Path

from common import SHARED, Row, rate
from word2vec import ALPHA, SEEDS, THREADS

SETTINGS = dict(vector_size=100, window=5, negative=0, hs=1, min_count=5, sample=1e-3)


def run(context):
    corpus = context.corpus("corpus-1m.tokens.txt" if context.quick else "corpus-large.tokens.txt")
    if corpus is None:
        return [Row("word2vec hs", "skipped: ../shared is absent", "", "", "")]
    epochs, seeds = (1, [1]) if context.quick else (5, SEEDS)
    evaluation = ["--wordsim", SHARED / "data/eval/wordsim353.tsv", "--questions", SHARED / "data/eval/questions-words.txt"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="embsh-w2v-hs-") as scratch:
        for arch in ("sg", "cbow"):
            runs = []
            for seed in seeds:  # alternating: embsh, gensim, embsh, …
                ours = context.harness_run("word2vec", "train", corpus, "--arch", arch, "--epochs", epochs, "--hs", 1,
                                           "--negative", 0, "--threads", THREADS, "--seed", seed, *evaluation)
                vectors = Path(scratch) / f"gensim-{arch}.txt"
                peer = gensim_train(corpus, arch, epochs, seed, vectors)
                theirs = context.harness_run("word2vec", "evaluate", vectors, *evaluation)
                runs.append((ours, peer, theirs))
            rows += compare(f"hs {arch}, {corpus.name}, {epochs} epoch{'s' if epochs > 1 else ''}, {len(seeds)} seed"
                            + ("s" if len(seeds) > 1 else ""), runs)
    return rows


def gensim_train(corpus, arch, epochs, seed, out):
    from gensim.models import Word2Vec

    model = Word2Vec(sg=1 if arch == "sg" else 0, alpha=ALPHA[arch], workers=THREADS, epochs=epochs, seed=seed, **SETTINGS)
    model.build_vocab(corpus_file=str(corpus))
    start = time.perf_counter()
    model.train(corpus_file=str(corpus), total_words=model.corpus_total_words, epochs=epochs)
    seconds = time.perf_counter() - start
    model.wv.save_word2vec_format(str(out))
    return {"seconds": seconds, "words": model.corpus_total_words * epochs}


def compare(name, runs):
    speed = statistics.median(ours["train"]["words"] / ours["train"]["training_seconds"] for ours, _, _ in runs)
    peer_speed = statistics.median(peer["words"] / peer["seconds"] for _, peer, _ in runs)
    spearman = statistics.mean(ours["wordsim"]["spearman"] for ours, _, _ in runs)
    peer_spearman = statistics.mean(theirs["wordsim"]["spearman"] for _, _, theirs in runs)
    accuracy = statistics.mean(100 * ours["analogies"]["accuracy"] for ours, _, _ in runs)
    peer_accuracy = statistics.mean(100 * theirs["analogies"]["accuracy"] for _, _, theirs in runs)
    return [
        Row(f"word2vec {name}: training speed", rate(speed, 1), f"gensim: {rate(peer_speed, 1)}",
            f"{speed / peer_speed:.2f}× faster", "", None),
        Row(f"word2vec {name}: WordSim-353 Spearman (mean)", f"{spearman:.4f}", f"gensim: {peer_spearman:.4f}",
            f"{spearman - peer_spearman:+.4f}", "within 0.02", abs(spearman - peer_spearman) <= 0.02),
        Row(f"word2vec {name}: questions-words accuracy, restrict 30000 (mean)", f"{accuracy:.2f}%",
            f"gensim: {peer_accuracy:.2f}%", f"{accuracy - peer_accuracy:+.2f} points", "within 2 points",
            abs(accuracy - peer_accuracy) <= 2),
    ]
