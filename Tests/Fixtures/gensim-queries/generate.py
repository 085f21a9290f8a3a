"""Writes answers.json beside this script, for embsh's parity tests: POT's exact transport cost on a few
random problems; gensim 4.4's Word Mover's Distance (KeyedVectors.wmdistance, solved by POT's emd2) on
../gensim/vectors.txt; and, on the fastText model ../fasttext/tiny.bin, whose words outside the
vocabulary gensim composes from n-grams: wmdistance, doesnt_match, rank_by_centrality, distance(s),
most_similar_to_given, relative_cosine_similarity, the queries that refuse such words (KeyError), and
evaluate_word_pairs / evaluate_word_analogies on pairs.tsv and analogies.txt (which skip them).

gensim gives the end-of-sentence word </s> its n-grams too, where fastText (and embsh) keep its own row
alone, so the nearest-word cases here are ones where </s> is not among the nearest.

Run with the peers installed (never needed by the tests themselves):
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install gensim==4.4.0 pot==0.9.7.post1
    /tmp/peers/bin/python Tests/Fixtures/gensim-queries/generate.py
"""
import json
import math
import os

import numpy as np
import ot
from gensim.models import KeyedVectors
from gensim.models.fasttext import load_facebook_vectors

HERE = os.path.dirname(os.path.abspath(__file__))


def num(x):
    """A float for JSON: infinity as the string "inf" (gensim's answer for an empty document)."""
    x = float(x)
    return "inf" if math.isinf(x) else x


def wmd_cases(kv, pairs):
    out = []
    for first, second, norm in pairs:
        out.append({"first": first, "second": second, "norm": norm,
                    "distance": num(kv.wmdistance(first.split(), second.split(), norm=norm))})
    return out


def transport_cases():
    """Random marginals (some zeros) and costs (some ties), with POT's optimal cost."""
    rng = np.random.default_rng(16)
    out = []
    for n, m, ties in [(1, 4, False), (3, 3, False), (5, 7, False), (12, 9, False), (6, 6, True), (20, 15, False),
                        (40, 30, True)]:
        a = rng.integers(0, 5, size=n).astype(float)
        b = rng.integers(0, 5, size=m).astype(float)
        a[0] += 1
        b[-1] += 1
        a, b = a / a.sum(), b / b.sum()
        cost = rng.integers(1, 4, size=(n, m)).astype(float) if ties else rng.uniform(0, 2, size=(n, m))
        out.append({"supply": a.tolist(), "demand": b.tolist(), "cost": cost.tolist(), "emd": float(ot.emd2(a, b, cost))})
    return out


def evaluate_pairs(kv):
    """Pairs with a word outside the vocabulary are skipped even though gensim could compose it."""
    pearson, spearman, oov = kv.evaluate_word_pairs(os.path.join(HERE, "pairs.tsv"))
    return {"pearson": float(pearson[0]), "spearman": float(spearman[0]), "oov_ratio": float(oov)}


def evaluate_analogies(kv):
    score, sections = kv.evaluate_word_analogies(os.path.join(HERE, "analogies.txt"))
    total = sections[-1]
    return {"accuracy": float(score), "correct": len(total["correct"]), "incorrect": len(total["incorrect"])}


def key_errors(kv):
    """The queries gensim refuses for a word outside the vocabulary even with n-grams (get_index)."""
    out = []
    for name, call in [("closer_than cats dog", lambda: kv.closer_than("cats", "dog")),
                       ("rank cat dogs", lambda: kv.rank("cat", "dogs")),
                       ("distances cat [cats]", lambda: kv.distances("cat", ["cats"]))]:
        try:
            call()
            out.append([name, None])
        except KeyError as error:
            out.append([name, str(error)])
    return out


def main():
    kv = KeyedVectors.load_word2vec_format(os.path.join(HERE, "..", "gensim", "vectors.txt"), binary=False)
    plain = wmd_cases(kv, [
        ("king queen", "man woman", True),
        ("king queen", "man woman", False),
        ("king king queen", "man woman woman woman", True),
        ("king apple", "king apple", True),
        ("apple apple", "apple", True),
        ("king", "queen", True),
        ("king prince princess", "car truck orange banana", True),
        ("king unknownword queen", "man woman", True),
        ("unknownword", "man woman", True),
        ("", "man", True),
        ("king queen man woman prince princess apple orange", "banana car truck queen", False),
    ])
    ft = load_facebook_vectors(os.path.join(HERE, "..", "fasttext", "tiny.bin"))
    fasttext = wmd_cases(ft, [
        ("the cat sat on the mat", "a dog ran in the park", True),
        ("the cats sat", "dogma parked", True),
        ("big red café", "small blue naïve über", False),
        ("cats", "cats", True),
        ("zzz parked the", "the cat", True),
    ])
    groups = [["cat", "dog", "cats", "park"], ["the", "dogma", "cat", "parked"], ["zzz", "small", "big", "red"]]
    answers = {
        "transport": transport_cases(),
        "wmdistance": plain,
        "fasttext_wmdistance": fasttext,
        "fasttext_doesnt_match": [{"words": w, "answer": ft.doesnt_match(w)} for w in groups],
        "fasttext_rank_by_centrality": [{"words": w, "ranked": [[word, float(s)] for s, word in ft.rank_by_centrality(w)]}
                                        for w in groups],
        "fasttext_in": {w: (w in ft, w in ft.key_to_index) for w in ["cat", "cats", "zzz"]},
        "fasttext_distance": [[a, b, float(ft.distance(a, b))] for a, b in [("cats", "dog"), ("zzz", "parked")]],
        "fasttext_distances": [[a, others, [float(x) for x in ft.distances(a, others)]] for a, others in
                               [("cats", ["dog", "cat"]), ("parked", ["park", "the", "red"])]],
        "fasttext_most_similar_to_given": [[a, others, ft.most_similar_to_given(a, others)] for a, others in
                                           [("cats", ["dog", "cat", "park"]), ("cat", ["dogma", "park"])]],
        "fasttext_relative_cosine_similarity": [[a, b, k, float(ft.relative_cosine_similarity(a, b, topn=k))]
                                                for a, b, k in [("parked", "park", 3), ("park", "parked", 4)]],
        "fasttext_key_errors": key_errors(ft),
        "fasttext_evaluate_word_pairs": evaluate_pairs(ft),
        "fasttext_evaluate_word_analogies": evaluate_analogies(ft),
    }
    with open(os.path.join(HERE, "answers.json"), "w", encoding="utf-8") as f:
        json.dump(answers, f, ensure_ascii=False, indent=1)


main()
