"""Writes vectors.txt and answers.json beside this script: a tiny word2vec text file and what
gensim's KeyedVectors and keras_preprocessing's Tokenizer answer on it, for embsh's parity tests.

Run with the peers installed (never needed by the tests themselves):
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install gensim==4.4.0 keras_preprocessing==1.1.2
    /tmp/peers/bin/python Tests/Fixtures/gensim/generate.py
"""
import json
import math
import os

import numpy as np
from gensim.models import KeyedVectors
from keras_preprocessing.text import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ["king", "queen", "man", "woman", "prince", "princess", "apple", "orange", "banana",
         "car", "truck", "void"]


def make_vectors():
    """12 words, 5 dimensions, 4 decimals; `void` is the zero vector."""
    rng = np.random.default_rng(16)
    values = np.round(rng.uniform(-1, 1, size=(len(WORDS), 5)), 4)
    values[WORDS.index("void")] = 0
    path = os.path.join(HERE, "vectors.txt")
    with open(path, "w") as f:
        f.write(f"{len(WORDS)} 5\n")
        for word, row in zip(WORDS, values):
            f.write(word + " " + " ".join(f"{v:.4f}" for v in row) + "\n")
    return KeyedVectors.load_word2vec_format(path, binary=False)


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def vec(values):
    return np.array(values, dtype=np.float32)


def key(item):
    """A query item as JSON: a word, a list of numbers for a raw vector, or [word, weight]."""
    if isinstance(item, tuple):
        return {"key": item[0], "weight": item[1]}
    return item.tolist() if isinstance(item, np.ndarray) else item


def gensim_answers(kv):
    lit = [0.1, -0.2, 0.3, 0.05, -0.4]
    out = {}
    out["most_similar"] = []
    for positive, negative, topn in [([vec(lit)], [], 5), (["king", vec(lit)], [], 4),
                                     (["king", vec(lit)], ["man"], 3), (["woman"], [vec(lit)], 3),
                                     (["king"], [], 0), (["queen", "woman"], ["man"], 11),
                                     ([("king", 2.0), ("woman", 0.5)], [("man", -1.0)], 4)]:
        results = kv.most_similar(positive=positive, negative=negative, topn=topn)
        out["most_similar"].append({"positive": [key(p) for p in positive], "negative": [key(n) for n in negative],
                                    "topn": topn, "results": [[w, num(s)] for w, s in results]})
    out["most_similar_cosmul"] = []
    for positive, negative, topn in [([vec(lit)], [], 4), (["king", vec(lit)], ["man"], 3), (["woman"], [vec(lit)], 3)]:
        results = kv.most_similar_cosmul(positive=positive, negative=negative, topn=topn)
        out["most_similar_cosmul"].append({"positive": [key(p) for p in positive], "negative": [key(n) for n in negative],
                                           "topn": topn, "results": [[w, num(s)] for w, s in results]})
    out["similar_by_vector"] = [{"vector": lit, "topn": 3,
                                 "results": [[w, num(s)] for w, s in kv.similar_by_vector(vec(lit), topn=3)]}]
    out["n_similarity"] = [{"a": a, "b": b, "score": num(kv.n_similarity(a, b))}
                           for a, b in [(["king", "man"], ["queen", "woman"]), (["apple"], ["banana", "orange"]),
                                        (["car", "truck", "void"], ["king"]), (["king", "unicorn"], ["queen"])]]
    out["distance"] = [{"a": a, "b": b, "distance": num(kv.distance(a, b))}
                       for a, b in [("king", "queen"), ("apple", "car"), ("king", "void"), ("man", "man")]]
    out["distances"] = [{"from": key(f), "to": to, "distances": [num(d) for d in kv.distances(f, to)]}
                        for f, to in [("king", ["queen", "apple", "void"]), ("king", []), (vec(lit), ["car", "truck"]),
                                      (vec(lit), [])]]
    out["closer_than"] = [{"a": a, "b": b, "words": kv.closer_than(a, b), "rank": kv.rank(a, b)}
                          for a, b in [("king", "queen"), ("king", "truck"), ("apple", "banana"), ("car", "king"),
                                       ("void", "king")]]
    out["most_similar_to_given"] = [{"word": w, "candidates": c, "answer": kv.most_similar_to_given(w, c)}
                                    for w, c in [("king", ["apple", "queen", "car"]), ("apple", ["orange", "banana"]),
                                                 ("car", ["void", "truck"])]]
    out["get_mean_vector"] = []
    for keys, weights, pre, post in [(["king", "queen"], None, True, False), (["king", "queen"], None, False, False),
                                     (["king", "man", "woman"], [1, -1, 1], True, True),
                                     (["king", vec(lit)], None, True, False), (["apple", "unicorn"], None, True, False),
                                     (["car", "truck"], [0.25, 2], False, True)]:
        mean = kv.get_mean_vector(keys, weights=weights, pre_normalize=pre, post_normalize=post)
        out["get_mean_vector"].append({"keys": [key(k) for k in keys], "weights": weights, "pre_normalize": pre,
                                       "post_normalize": post, "vector": [num(v) for v in mean]})
    out["similarity"] = [{"a": a, "b": b, "score": num(kv.similarity(a, b))}
                         for a, b in [("king", "void"), ("void", "void"), ("king", "queen")]]
    out["doesnt_match"] = [{"words": w, "answer": kv.doesnt_match(w)}
                           for w in [["king", "queen", "unicorn", "apple"], ["apple", "orange", "car", "nope"]]]
    out["rank_by_centrality"] = [{"words": w, "use_norm": n, "ranked": [[word, num(s)] for s, word in kv.rank_by_centrality(w, n)]}
                                 for w, n in [(["king", "queen", "man", "woman", "apple"], True),
                                              (["king", "queen", "man", "woman", "apple"], False),
                                              (["car", "truck", "banana", "unicorn"], True)]]
    out["relative_cosine_similarity"] = [{"a": a, "b": b, "topn": n, "score": num(kv.relative_cosine_similarity(a, b, n))}
                                         for a, b, n in [("king", "woman", 3), ("car", "truck", 10), ("apple", "orange", 1)]]
    try:
        kv.evaluate_word_pairs(os.path.join(HERE, "pairs-oov.tsv"))
        out["evaluate_all_oov"] = None
    except ValueError as e:
        out["evaluate_all_oov"] = type(e).__name__ + ": " + str(e).split(" in ")[0]
    return out


def keras_answers():
    """The OOV token also among the fitted words, and indices without a word, detokenized."""
    cases = []
    for config, texts in [({"oov_token": "unk"}, ["the cat sat", "the unk dog", "the dog"]),
                          ({"oov_token": "unk"}, ["the cat sat"]),
                          ({}, ["the cat sat", "the dog"])]:
        tok = Tokenizer(**config)
        tok.fit_on_texts(texts)
        size = len(tok.word_index)
        sequences = [[0, 0, 1, 2], [size + 1, 3, 0], [1, 2, 3, 4, 5, 6, 7]]
        cases.append({"config": config, "fit_texts": texts,
                      "word_index": sorted(tok.word_index.items(), key=lambda kv: kv[1]),
                      "index_word": sorted(tok.index_word.items()),
                      "texts_to_sequences": tok.texts_to_sequences(["the unk cat", "a dog"]),
                      "sequences": sequences, "sequences_to_texts": tok.sequences_to_texts(sequences)})
    return cases


def main():
    with open(os.path.join(HERE, "pairs-oov.tsv"), "w") as f:
        f.write("# every pair has a word outside vectors.txt\nking\tunicorn\t7.5\ndragon\tqueen\t6.0\n")
    kv = make_vectors()
    answers = {"gensim": gensim_answers(kv), "keras_tokenizer": keras_answers(),
               "made_by": "Tests/Fixtures/gensim/generate.py with gensim 4.4.0, keras_preprocessing 1.1.2"}
    with open(os.path.join(HERE, "answers.json"), "w") as f:
        json.dump(answers, f, indent=1)
        f.write("\n")


main()
