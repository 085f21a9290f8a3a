"""(Named fasttext_subwords so as not to shadow the `fasttext` wheel it imports.) fastText subword training beside the `fasttext` wheel (Facebook's C++ through pybind11) and gensim
4.4.0's FastText, on the same corpus with the same settings: skip-gram and CBOW, each with negative sampling
(negative 5) and with hierarchical softmax alone (fastText's loss='hs', gensim's hs=1 negative=0), dim 100,
window 5, min_count 5, minn 3, maxn 6, bucket 2,000,000, lr 0.05, sample 1e-4, 5 epochs, 2 threads, on
corpus-large.tokens.txt (`--quick`: corpus-1m.tokens.txt, 1 epoch, bucket 200,000).

- speed: tokens read ÷ seconds. embsh's count (every token and each line's </s>, over a run that, as
  fastText's, trains epochs × all the corpus's tokens of vocabulary words) serves for the wheel too, which
  reads as much; gensim's is its corpus_total_words × epochs. The wheel's `train_unsupervised` counts the
  vocabulary and trains in one call, so it is compared with embsh's whole run (counting included); gensim's
  training passes (`corpus_file=`, its fastest path) with embsh's training passes. Target ≥ 1.5× both.
- quality, every model measured by the project's own evaluation (`embsh-bench fasttext evaluate` on the
  peers' models saved as fastText .bin, read back by embsh): WordSim-353 and SimLex-999 Spearman within
  0.02 of the wheel's, questions-words accuracy (restrict 30,000) within 2 points. SimLex-999 is not in
  ../shared/data/eval: it is read from gensim's test data (gensim/test/test_data/simlex999.txt), which the
  bench's gensim installs.
- rare and unseen words (negative sampling): the WordSim-353 and SimLex-999 pairs with a word seen fewer than 100 times in the
  corpus (or never), scored with gensim's dummy4unknown (a pair without a vector scores 0): fastText composes
  vectors for unseen words, embsh's word2vec (same settings, its own defaults otherwise) cannot."""
import collections
import tempfile
import time
from pathlib import Path
import subprocess

from common import SHARED, Row, rate

THREADS = 2
RARE_BELOW = 100


def simlex_file():
    """SimLex-999 as gensim ships it for its tests (word TAB word TAB score, # comments)."""
    import gensim

    return Path(gensim.__file__).parent / "test/test_data/simlex999.txt"


def run(context):
    corpus = context.corpus("corpus-1m.tokens.txt" if context.quick else "corpus-large.tokens.txt")
    if corpus is None:
        return [Row("fasttext", "skipped: ../shared is absent", "", "", "")]
    epochs, bucket = (1, 200_000) if context.quick else (5, 2_000_000)
    rows = []
    with tempfile.TemporaryDirectory(prefix="embsh-ft-") as scratch:
        wordsim, simlex = SHARED / "data/eval/wordsim353.tsv", simlex_file()
        counts = corpus_counts(corpus)
        rare, rare_simlex = Path(scratch) / "rare-pairs.tsv", Path(scratch) / "rare-simlex-pairs.tsv"
        rare_pairs = (write_rare_pairs(counts, wordsim, rare), write_rare_pairs(counts, simlex, rare_simlex))
        evaluation = ["--wordsim", wordsim, "--simlex", simlex, "--questions", SHARED / "data/eval/questions-words.txt",
                      "--rare", rare, "--rare-simlex", rare_simlex]
        for loss in ("ns", "hs"):
            for arch in ("sg", "cbow"):
                ours = context.harness_run("fasttext", "train", corpus, "--arch", arch, "--loss", loss, "--epochs", epochs,
                                           "--threads", THREADS, "--bucket", bucket, *evaluation)
                wheel_model = Path(scratch) / f"wheel-{arch}-{loss}.bin"
                wheel = wheel_train(corpus, arch, loss, epochs, bucket, wheel_model)
                wheel_quality = context.harness_run("fasttext", "evaluate", wheel_model, *evaluation)
                gensim_model = Path(scratch) / f"gensim-{arch}-{loss}.bin"
                gensim = gensim_train(corpus, arch, loss, epochs, bucket, gensim_model)
                gensim_quality = context.harness_run("fasttext", "evaluate", gensim_model, *evaluation)
                name = f"{arch}{', hs' if loss == 'hs' else ''}, {corpus.name}, {epochs} epoch{'s' if epochs > 1 else ''}"
                rows += compare(name, ours, wheel, wheel_quality, gensim, gensim_quality)
                # The rare-word claim is the subword model's against word2vec at the same (default) settings.
                if loss == "ns":
                    w2v = word2vec_rare(context, corpus, arch, epochs, Path(scratch), evaluation)
                    rows += compare_rare(name, ours, wheel_quality, gensim_quality, w2v, rare_pairs)
    return rows


def corpus_counts(corpus):
    counts = collections.Counter()
    with open(corpus, encoding="utf-8", errors="replace") as f:
        for line in f:
            counts.update(line.split())
    return counts


def write_rare_pairs(counts, pairs, out):
    """The pairs of `pairs` with a word seen fewer than RARE_BELOW times; returns how many."""
    kept = []
    for line in open(pairs, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(fields) < 3:
            continue
        if min(counts[fields[0].lower()], counts[fields[1].lower()]) < RARE_BELOW:
            kept.append(line.rstrip("\n"))
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return len(kept)


def wheel_train(corpus, arch, loss, epochs, bucket, out):
    import fasttext

    start = time.perf_counter()
    model = fasttext.train_unsupervised(str(corpus), model="skipgram" if arch == "sg" else "cbow", dim=100, ws=5, epoch=epochs,
                                        minCount=5, neg=5, loss=loss, minn=3, maxn=6, bucket=bucket, lr=0.05, t=1e-4,
                                        thread=THREADS, verbose=0)
    seconds = time.perf_counter() - start
    model.save_model(str(out))
    return {"seconds": seconds}


def gensim_train(corpus, arch, loss, epochs, bucket, out):
    from gensim.models import FastText
    from gensim.models.fasttext import save_facebook_model

    hs = loss == "hs"
    model = FastText(sg=1 if arch == "sg" else 0, vector_size=100, window=5, hs=int(hs), negative=0 if hs else 5, min_count=5,
                     sample=1e-4, alpha=0.05, min_n=3, max_n=6, bucket=bucket, workers=THREADS, epochs=epochs)
    model.build_vocab(corpus_file=str(corpus))
    start = time.perf_counter()
    model.train(corpus_file=str(corpus), total_words=model.corpus_total_words, total_examples=model.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - start
    save_facebook_model(model, str(out))
    return {"seconds": seconds, "words": model.corpus_total_words * epochs}


def word2vec_rare(context, corpus, arch, epochs, scratch, evaluation):
    vectors = scratch / f"w2v-{arch}.txt"
    subprocess.run([str(context.embsh), "-c", f"word2vec w file={corpus} arch={arch} epochs={epochs} threads={THREADS}",
                    "-c", f"export w {vectors}"], check=True, capture_output=True)
    return context.harness_run("fasttext", "evaluate", vectors, *evaluation)


def compare(name, ours, wheel, wheel_quality, gensim, gensim_quality):
    words = ours["train"]["words"]
    whole, training = words / ours["train"]["seconds"], words / ours["train"]["training_seconds"]
    wheel_speed, gensim_speed = words / wheel["seconds"], gensim["words"] / gensim["seconds"]
    spearman, accuracy = ours["wordsim"]["spearman"], 100 * ours["analogies"]["accuracy"]
    wheel_spearman, wheel_accuracy = wheel_quality["wordsim"]["spearman"], 100 * wheel_quality["analogies"]["accuracy"]
    simlex, wheel_simlex = ours["simlex"]["spearman"], wheel_quality["simlex"]["spearman"]
    rows = [
        Row(f"fasttext {name}: speed with counting, beside the fasttext wheel", rate(whole, 1), f"wheel: {rate(wheel_speed, 1)}",
            f"{whole / wheel_speed:.2f}× faster", "≥ 1.5× the wheel", whole >= 1.5 * wheel_speed),
        Row(f"fasttext {name}: training speed beside gensim FastText", rate(training, 1), f"gensim: {rate(gensim_speed, 1)}",
            f"{training / gensim_speed:.2f}× faster", "≥ 1.5× gensim", training >= 1.5 * gensim_speed),
        Row(f"fasttext {name}: WordSim-353 Spearman", f"{spearman:.4f}",
            f"wheel: {wheel_spearman:.4f}, gensim: {gensim_quality['wordsim']['spearman']:.4f}",
            f"{spearman - wheel_spearman:+.4f}", "within 0.02 of the wheel", abs(spearman - wheel_spearman) <= 0.02),
        Row(f"fasttext {name}: questions-words accuracy, restrict 30000", f"{accuracy:.2f}%",
            f"wheel: {wheel_accuracy:.2f}%, gensim: {100 * gensim_quality['analogies']['accuracy']:.2f}%",
            f"{accuracy - wheel_accuracy:+.2f} points", "within 2 points of the wheel", abs(accuracy - wheel_accuracy) <= 2),
        Row(f"fasttext {name}: SimLex-999 Spearman", f"{simlex:.4f}",
            f"wheel: {wheel_simlex:.4f}, gensim: {gensim_quality['simlex']['spearman']:.4f}",
            f"{simlex - wheel_simlex:+.4f}", "within 0.02 of the wheel", abs(simlex - wheel_simlex) <= 0.02),
    ]
    return rows


def compare_rare(name, ours, wheel_quality, gensim_quality, w2v, rare_pairs):
    rows = []
    for measure, title, count in (("rare", "WordSim", rare_pairs[0]), ("rare_simlex", "SimLex", rare_pairs[1])):
        rare, wheel_rare, gensim_rare, w2v_rare = (q[measure] for q in (ours, wheel_quality, gensim_quality, w2v))
        rows.append(Row(f"fasttext {name}: Spearman on {count} {title} pairs with a word seen < {RARE_BELOW} times",
                        f"{rare['spearman']:.4f} ({rare['covered']} scored)",
                        f"word2vec: {w2v_rare['spearman']:.4f} ({w2v_rare['covered']} scored); wheel {wheel_rare['spearman']:.4f}, "
                        f"gensim {gensim_rare['spearman']:.4f}",
                        f"{rare['spearman'] - w2v_rare['spearman']:+.4f}", "better than word2vec",
                        rare["spearman"] > w2v_rare["spearman"]))
    return rows
