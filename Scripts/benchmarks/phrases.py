"""Phrases beside gensim 4.4.0's `Phrases` on corpus-large.tokens.txt (`--quick`: corpus-1m): learn
bigrams with gensim's defaults (min_count 5, threshold 10, default scoring, no connector words),
then write the phrased corpus; and the same with two passes (the second learning from the first's
output, gensim: `Phrases(bigram[sentences])`). gensim learns from `LineSentence` and writes each
line of the file phrased (`trigram[bigram[line.split()]]`); embsh runs `phrases NAME file=… out=…` (learning on one
thread, writing on 2). Parity: the phrases found (count) and the written files are identical.
Speed: wall time of learning plus writing, median of 3 runs (1 with --quick)."""
import hashlib
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import Row

THREADS = 2
REPEATS = 3


def run(context):
    corpus = context.corpus("corpus-1m.tokens.txt" if context.quick else "corpus-large.tokens.txt")
    if corpus is None:
        return [Row("phrases", "skipped: ../shared is absent", "", "", "")]
    repeats = 1 if context.quick else REPEATS
    rows = []
    with tempfile.TemporaryDirectory(prefix="embsh-phrases-") as scratch:
        for passes in (1, 2):
            ours, theirs = [], []
            for _ in range(repeats):  # alternating: embsh, gensim, …
                ours.append(embsh(context, corpus, passes, Path(scratch) / "embsh.txt"))
                theirs.append(gensim(corpus, passes, Path(scratch) / "gensim.txt"))
            seconds = statistics.median(r["seconds"] for r in ours)
            peer = statistics.median(r["seconds"] for r in theirs)
            # Pass 1's phrases are FrozenPhrases's (export_phrases); for two passes the file is the parity.
            same = ours[-1]["digest"] == theirs[-1]["digest"] and (passes > 1 or ours[-1]["phrases"] == theirs[-1]["phrases"])
            label = f"phrases, {passes} pass{'es' if passes > 1 else ''}, {corpus.name}"
            rows += [
                Row(f"{label}: learn + write", f"{seconds:.2f} s", f"gensim: {peer:.2f} s", f"{peer / seconds:.1f}× faster",
                    "", None),
                Row(f"{label}: phrases found, phrased file", f"{ours[-1]['phrases']} phrases",
                    f"gensim: {theirs[-1]['phrases']} phrases", "identical file" if same else "files differ",
                    "identical", same),
            ]
    return rows


def embsh(context, corpus, passes, out):
    start = time.perf_counter()
    output = subprocess.run([str(context.embsh), "--format", "json", "-c",
                             f"phrases ph file={corpus} out={out} passes={passes} threads={THREADS}"],
                            check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - start
    phrases = json.loads(output.splitlines()[-1])["phrases"]
    return {"seconds": seconds, "phrases": phrases, "digest": digest(out)}


def gensim(corpus, passes, out):
    from gensim.models.phrases import Phrases
    from gensim.models.word2vec import LineSentence

    start = time.perf_counter()
    models = []
    for _ in range(passes):
        models.append(Phrases(Phrased(LineSentence(str(corpus)), models)))
    with open(corpus) as lines, open(out, "w") as f:
        for line in lines:  # a line per line, empty ones too (LineSentence skips them)
            sentence = line.split()
            for model in models:
                sentence = model[sentence]
            f.write(" ".join(sentence) + "\n")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "phrases": sum(len(m.export_phrases()) for m in models), "digest": digest(out)}


class Phrased:
    """`sentences` through each model in turn (gensim's `trigram[bigram[sentences]]`), re-iterable."""
    def __init__(self, sentences, models):
        self.sentences, self.models = sentences, models

    def __iter__(self):
        for sentence in self.sentences:
            for model in self.models:
                sentence = model[sentence]
            yield sentence


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
