"""Similarity, beside gensim 4.4.0 KeyedVectors on the same seeded N(0, 1) tables (the harness
writes them as raw float32 plus labels; gensim gets them through `add_vectors`).

- nearest word k=10 (gensim `most_similar(word, topn=10)`) on 400,000×300 and 100,000×100, in three
  alternating rounds (embsh, gensim, embsh, …; the median of each side), and
  the memory-bandwidth bound: the table's bytes ÷ the read bandwidth the harness measures with a
  multi-threaded sequential read of a buffer of the same size. Targets: no slower than gensim,
  and within 1.25× of the bound.
- analogies over ../shared/data/eval/questions-words.txt on a 100,000×100 table holding all its
  words: 3CosAdd and 3CosMul with k=5 (gensim `most_similar(positive=[b, c], negative=[a], topn=5)`
  and `most_similar_cosmul`, one call a question, timed on every Nth question), and
  `evaluate … analogies=` (gensim `evaluate_word_analogies`, restrict_vocab 300000 on both sides).
  Target: at least 3× gensim. `--quick` times gensim's calls on fewer questions.
- Every answer compared with gensim's: the same words in the same order, scores within 1e-5
  (words less than 1e-6 apart may swap: float32 rounding differs between BLAS and embsh)."""
import statistics
import tempfile
import time
from pathlib import Path

from common import SHARED, Row, median_seconds

NEAREST_SHAPES = [(400_000, 300), (100_000, 100)]
ANALOGY_SHAPE = (100_000, 100)


def run(context):
    questions = SHARED / "data/eval/questions-words.txt"
    rows, mismatches, ties = [], [], []
    with tempfile.TemporaryDirectory(prefix="embsh-bench-") as scratch:
        for shape in NEAREST_SHAPES:
            rows += nearest(context, Path(scratch), shape, mismatches, ties)
        if questions.exists():
            rows += analogies(context, Path(scratch), questions, mismatches, ties)
        else:
            rows.append(Row("analogies", "skipped: ../shared is absent", "", "", ""))
    rows.append(Row("answers equal gensim's", "all" if not mismatches else f"{len(mismatches)} differ",
                    "; ".join(mismatches[:2]) or f"{len(ties)} near-ties (< 1e-6 apart) ordered differently",
                    "", "same words, scores ±1e-5", not mismatches))
    return rows


def nearest(context, scratch, shape, mismatches, ties):
    prefix = make_table(context, scratch, shape)
    queries, repeats, rounds = (20, 3, 1) if context.quick else (50, 3, 3)
    vectors = load(prefix)
    ours_rounds, bounds, gensim_rounds, answers = [], [], [], []
    for _ in range(rounds):  # alternating, so that a change in the machine's load hits both sides
        ours = context.harness_run("similarity", "nearest", prefix, "--queries", queries, "--repeats", repeats)
        words = ours["nearest"]["queries"].split(" ")
        ours_rounds.append(ours["nearest"]["seconds"])
        bounds.append(ours["read"]["seconds"])
        vectors.most_similar(words[0], topn=10)  # fills the norms, as the harness's first query does
        gensim_rounds.append(median_seconds(lambda: answers.append([vectors.most_similar(w, topn=10) for w in words]),
                                            repeats) / len(words))
    compare(f"nearest {shape_name(shape)}", ours["nearest"]["answers"], answers[-1], mismatches, ties)
    del vectors
    seconds, bound, gensim = statistics.median(ours_rounds), statistics.median(bounds), statistics.median(gensim_rounds)

    bandwidth = ours["read"]["bytes"] / bound / 1e9
    name = f"nearest k=10, {shape_name(shape)} ({ours['read']['bytes'] / 1e6:.0f} MB)"
    return [
        Row(name, per_query(seconds), f"gensim: {per_query(gensim)}", f"{gensim / seconds:.2f}× faster",
            "≥ 1× gensim", seconds <= gensim),
        Row(f"{name} vs bound", per_query(seconds), f"bound: {ms(bound)} ({bandwidth:.1f} GB/s read)",
            f"{seconds / bound:.2f}× bound", "≤ 1.25× bound", seconds <= 1.25 * bound),
    ]


def analogies(context, scratch, questions, mismatches, ties):
    prefix = make_table(context, scratch, ANALOGY_SHAPE, questions)
    repeats = 1 if context.quick else 3
    ours = context.harness_run("similarity", "analogies", prefix, questions, "--repeats", repeats)
    vectors = load(prefix)
    vectors.most_similar(vectors.index_to_key[0], topn=5)
    quads = [line.split() for line in questions.read_text(encoding="utf-8").splitlines() if not line.startswith(":")]
    quads = [q for q in quads if len(q) == 4]
    stride = 20 if context.quick else 4
    sample = range(0, len(quads), stride)
    peers = {
        "add": lambda q: vectors.most_similar(positive=[q[1], q[2]], negative=[q[0]], topn=5),
        "mul": lambda q: vectors.most_similar_cosmul(positive=[q[1], q[2]], negative=[q[0]], topn=5),
    }
    out = []
    for method, ask in peers.items():
        answers, times = {}, []
        for part in range(5):  # the median of five parts, so a burst of noise on the shared machine counts once
            chunk = sample[part::5]
            start = time.perf_counter()
            for i in chunk:
                answers[i] = ask(quads[i])
            times.append((time.perf_counter() - start) / len(chunk))
        gensim = statistics.median(times)
        mine = ours[f"analogy-{method}"]
        ours_answers = mine["answers"].split(" ")
        compare(f"analogy {method}", " ".join(ours_answers[i] for i in sample), [answers[i] for i in sample], mismatches, ties)
        out.append(Row(f"analogy {method} k=5, {mine['questions']} questions as one batch",
                       per_query(mine["seconds"]), f"gensim: {per_query(gensim)} ({len(sample)} calls)",
                       f"{gensim / mine['seconds']:.1f}× faster", "≥ 3× gensim", gensim / mine["seconds"] >= 3))
        single = ours[f"analogy-{method}-single"]
        out.append(Row(f"analogy {method} k=5, one call a question ({single['questions']})", per_query(single["seconds"]),
                       f"gensim: {per_query(gensim)}", f"{gensim / single['seconds']:.1f}× faster", "", None))

    results = []
    gensim = median_seconds(lambda: results.append(vectors.evaluate_word_analogies(str(questions))), 1)
    sections = results[-1][1][:-1]  # the last one is gensim's "Total accuracy"
    theirs = " ".join(f"{len(s['correct'])}/{len(s['correct']) + len(s['incorrect'])}" for s in sections)
    if theirs != ours["evaluate"]["sections"]:
        mismatches.append(f"evaluate sections: {ours['evaluate']['sections']} vs gensim {theirs}")
    seconds = ours["evaluate"]["seconds"]
    out.append(Row(f"evaluate analogies={questions.name} ({ours['evaluate']['total']} questions)", f"{seconds:.3f} s",
                   f"gensim: {gensim:.3f} s", f"{gensim / seconds:.1f}× faster", "≥ 3× gensim", gensim / seconds >= 3))
    return out


def make_table(context, scratch, shape, questions=None):
    rows, dim = shape
    prefix = scratch / f"table-{rows}x{dim}"
    context.harness_run("similarity", "make", prefix, *([questions] if questions else []), "--rows", rows, "--dim", dim)
    return prefix


def load(prefix):
    """The harness's table as gensim KeyedVectors."""
    import numpy as np
    from gensim.models import KeyedVectors

    words = Path(f"{prefix}.words").read_text(encoding="utf-8").split("\n")[:-1]
    values = np.fromfile(f"{prefix}.f32", dtype="<f4").reshape(len(words), -1)
    vectors = KeyedVectors(values.shape[1], dtype=np.float32)
    vectors.add_vectors(words, values)
    return vectors


def compare(what, ours, theirs, mismatches, ties):
    """`ours` is the harness's `word:score,… …`; `theirs` is gensim's list of [(word, score)] per query.
    Same words in the same order with scores within 1e-5, as the issue asks; two words whose scores
    differ by less than float32 rounding (1e-6) may come in either order, and are counted in `ties`."""
    groups = ours.split(" ")
    if len(groups) != len(theirs):
        mismatches.append(f"{what}: {len(groups)} answers vs gensim {len(theirs)}")
        return
    for n, (group, answer) in enumerate(zip(groups, theirs)):
        mine = [(word, float(score)) for word, score in (item.rsplit(":", 1) for item in group.split(",") if item)]
        if [w for w, _ in mine] == [w for w, _ in answer] and all(abs(a[1] - b[1]) <= 1e-5 for a, b in zip(mine, answer)):
            continue
        if len(mine) == len(answer) and all(abs(a[1] - b[1]) <= 1e-6 for a, b in zip(mine, answer)):
            ties.append(f"{what}: query {n}")
            continue
        mismatches.append(f"{what}: query {n} {group} vs gensim {answer}")


def shape_name(shape):
    return f"{shape[0]:,}×{shape[1]}"


def ms(seconds):
    return f"{seconds * 1000:.3g} ms"


def per_query(seconds):
    return f"{seconds * 1000:.3g} ms/query"
