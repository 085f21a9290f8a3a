"""word2vec training beside gensim 4.4.0 on the same corpus with the same settings: skip-gram
and CBOW, dim 100, window 5, negative 5, min_count 5, sample 1e-3, 5 epochs, 2 threads, on
corpus-large.tokens.txt (`--quick`: corpus-1m.tokens.txt, 1 epoch).

- speed: input words per second of the training passes (corpus tokens × epochs ÷ the time of
  the epochs; the vocabulary scan is timed apart on both sides). gensim reads the file with
  `corpus_file=` (its fastest path: Cython threads without the GIL). Target ≥ 1.5× gensim for
  CBOW, ≥ 3× for skip-gram (issue 17: its window step in the C kernel target).
- quality, both tables measured by the project's own evaluation (`embsh-bench word2vec
  evaluate` on gensim's vectors): WordSim-353 Spearman within 0.02 of gensim's, and
  questions-words accuracy (restrict 30,000) within 2 points. One run's Spearman moves by about
  ±0.015 with the seed (gensim's as much as embsh's), so each tool trains with seeds 1, 2 and 3,
  alternating, and the means are compared (speeds: medians).
- the original word2vec.c: its source comes from PyPI (the sdist of the `word2vec` package, which
  ships Mikolov's file unchanged) and is built here with gcc -O3 -march=native; $WORD2VEC_C
  names another built binary instead. Timed on its training alone: the vocabulary is counted
  once beforehand (`-save-vocab`) and read back (`-read-vocab`), the vectors written in binary.
- every tool gets the same learning rate: word2vec.c's default, 0.025 for sg, 0.05 for cbow
  (gensim's own default is 0.025 for both)."""
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED, Row, rate

SETTINGS = dict(vector_size=100, window=5, negative=5, min_count=5, sample=1e-3, hs=0)
SEEDS = [1, 2, 3]
ALPHA = {"sg": 0.025, "cbow": 0.05}
THREADS = 2
# Training speed to reach, as a multiple of gensim's.
TARGET = {"sg": 3, "cbow": 1.5}
WORD2VEC_SDIST = "word2vec==0.11.1"


def run(context):
    corpus = context.corpus("corpus-1m.tokens.txt" if context.quick else "corpus-large.tokens.txt")
    if corpus is None:
        return [Row("word2vec", "skipped: ../shared is absent", "", "", "")]
    epochs, seeds = (1, [1]) if context.quick else (5, SEEDS)
    evaluation = ["--wordsim", SHARED / "data/eval/wordsim353.tsv", "--questions", SHARED / "data/eval/questions-words.txt"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="embsh-w2v-") as scratch:
        for arch in ("sg", "cbow"):
            runs = []
            for seed in seeds:  # alternating: embsh, gensim, embsh, …
                ours = context.harness_run("word2vec", "train", corpus, "--arch", arch, "--epochs", epochs,
                                           "--threads", THREADS, "--seed", seed, *evaluation)
                vectors = Path(scratch) / f"gensim-{arch}.txt"
                peer = gensim_train(corpus, arch, epochs, seed, vectors)
                theirs = context.harness_run("word2vec", "evaluate", vectors, *evaluation)
                runs.append((ours, peer, theirs))
            label = f"{arch}, {corpus.name}, {epochs} epoch{'s' if epochs > 1 else ''}, {len(seeds)} seed{'s' if len(seeds) > 1 else ''}"
            rows += compare(label, runs)
            rows += word2vec_c(context, corpus, arch, epochs, runs, evaluation)
    return rows


def gensim_train(corpus, arch, epochs, seed, out):
    from gensim.models import Word2Vec

    model = Word2Vec(sg=1 if arch == "sg" else 0, alpha=ALPHA[arch], workers=THREADS, epochs=epochs, seed=seed, **SETTINGS)
    start = time.perf_counter()
    model.build_vocab(corpus_file=str(corpus))
    scan = time.perf_counter() - start
    start = time.perf_counter()
    model.train(corpus_file=str(corpus), total_words=model.corpus_total_words, epochs=epochs)
    seconds = time.perf_counter() - start
    model.wv.save_word2vec_format(str(out))
    return {"seconds": seconds, "scan": scan, "words": model.corpus_total_words * epochs, "vocab": len(model.wv)}


def compare(name, runs):
    """Speeds as medians over the seeds, quality as means (one run's WordSim Spearman varies by about
    ±0.015 from seed to seed, for gensim as for embsh)."""
    speed = statistics.median(ours["train"]["words"] / ours["train"]["training_seconds"] for ours, _, _ in runs)
    peer_speed = statistics.median(peer["words"] / peer["seconds"] for _, peer, _ in runs)
    scan = statistics.median(ours["train"]["seconds"] - ours["train"]["training_seconds"] for ours, _, _ in runs)
    peer_scan = statistics.median(peer["scan"] for _, peer, _ in runs)
    spearman = statistics.mean(ours["wordsim"]["spearman"] for ours, _, _ in runs)
    peer_spearman = statistics.mean(theirs["wordsim"]["spearman"] for _, _, theirs in runs)
    accuracy = statistics.mean(100 * ours["analogies"]["accuracy"] for ours, _, _ in runs)
    peer_accuracy = statistics.mean(100 * theirs["analogies"]["accuracy"] for _, _, theirs in runs)
    return [
        Row(f"word2vec {name}: training speed", rate(speed, 1), f"gensim: {rate(peer_speed, 1)}",
            f"{speed / peer_speed:.2f}× faster", f"≥ {TARGET[name.split(',')[0]]}× gensim",
            speed >= TARGET[name.split(',')[0]] * peer_speed),
        Row(f"word2vec {name}: vocabulary scan", f"{scan:.2f} s", f"gensim: {peer_scan:.2f} s",
            f"{peer_scan / max(scan, 1e-9):.1f}× faster", "", None),
        Row(f"word2vec {name}: WordSim-353 Spearman (mean)", f"{spearman:.4f}", f"gensim: {peer_spearman:.4f}",
            f"{spearman - peer_spearman:+.4f}", "within 0.02", abs(spearman - peer_spearman) <= 0.02),
        Row(f"word2vec {name}: questions-words accuracy, restrict 30000 (mean)", f"{accuracy:.2f}%",
            f"gensim: {peer_accuracy:.2f}%", f"{accuracy - peer_accuracy:+.2f} points", "within 2 points",
            abs(accuracy - peer_accuracy) <= 2),
    ]


def word2vec_c(context, corpus, arch, epochs, runs, evaluation):
    binary = os.environ.get("WORD2VEC_C") or build_word2vec_c()
    name = f"word2vec {arch}: training speed beside word2vec.c -O3 -march=native"
    if not binary or not Path(binary).exists():
        return [Row(name, "", "not available (set WORD2VEC_C to a built binary)", "", "", None)]
    common = ["-size", "100", "-window", "5", "-negative", "5", "-hs", "0", "-sample", "1e-3", "-min-count", "5",
              "-threads", str(THREADS), "-binary", "1"]
    with tempfile.TemporaryDirectory(prefix="embsh-w2v-c-") as scratch:
        vocabulary, vectors = Path(scratch) / "vocab.txt", Path(scratch) / "v.bin"
        subprocess.run([binary, "-train", str(corpus), "-save-vocab", str(vocabulary), *common],  # no -output: count only
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.perf_counter()
        subprocess.run([binary, "-train", str(corpus), "-output", str(vectors), "-read-vocab", str(vocabulary),
                        "-cbow", "0" if arch == "sg" else "1", "-alpha", str(ALPHA[arch]), "-iter", str(epochs), *common],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        theirs = context.harness_run("word2vec", "evaluate", vectors, *evaluation)
    speed = statistics.median(ours["train"]["words"] / ours["train"]["training_seconds"] for ours, _, _ in runs)
    peer_speed = runs[0][0]["train"]["words"] / seconds
    spearman = statistics.mean(ours["wordsim"]["spearman"] for ours, _, _ in runs)
    return [Row(name, rate(speed, 1), f"word2vec.c: {rate(peer_speed, 1)}",
                f"{speed / peer_speed:.2f}× faster", "≥ 1× word2vec.c", speed >= peer_speed),
            Row(f"word2vec {arch}: WordSim-353 Spearman beside word2vec.c (one run)", f"{spearman:.4f}",
                f"word2vec.c: {theirs['wordsim']['spearman']:.4f}, {100 * theirs['analogies']['accuracy']:.2f}% analogies",
                f"{spearman - theirs['wordsim']['spearman']:+.4f}", "", None)]


def build_word2vec_c():
    """Builds the original word2vec.c from the `word2vec` sdist on PyPI (once, under .build/),
    or returns None when it cannot be fetched or compiled."""
    out = ROOT / ".build/bench-peers/word2vec-c"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="embsh-w2v-src-") as scratch:
        fetched = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                                  "--dest", scratch, WORD2VEC_SDIST], capture_output=True)
        archives = list(Path(scratch).glob("word2vec-*.tar.gz"))
        if fetched.returncode != 0 or not archives:
            return None
        with tarfile.open(archives[0]) as archive:
            member = next((m for m in archive.getmembers() if m.name.endswith("word2vec/includes/word2vec.c")), None)
            if member is None:
                return None
            archive.extract(member, scratch, filter="data")
        built = subprocess.run(["gcc", "-O3", "-march=native", "-funroll-loops", "-pthread", str(Path(scratch) / member.name),
                                "-o", str(out), "-lm"], capture_output=True)
    return out if built.returncode == 0 else None
