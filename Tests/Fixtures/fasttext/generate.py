"""Generates the fastText fixtures: a tiny .bin model trained by the `fasttext` wheel on
corpus.txt, with the wheel's (and gensim's) answers about it in answers.json.

Run in a venv with the `fasttext` wheel (fasttext-wheel 0.9.2), numpy and gensim 4.4.0:
    python generate.py
"""
import json
import fasttext
import numpy as np
from gensim.models.fasttext import load_facebook_model, ft_hash_bytes

words = ["the", "cat", "sat", "on", "mat", "dog", "ran", "in", "park", "a", "naïve", "café", "über",
         "straße", "日本", "ö", "big", "small", "red", "blue"]
rng = np.random.default_rng(7)
with open("corpus.txt", "w", encoding="utf-8") as f:
    for _ in range(300):
        f.write(" ".join(rng.choice(words, size=int(rng.integers(4, 12)))) + "\n")

model = fasttext.train_unsupervised("corpus.txt", model="skipgram", dim=8, minCount=1, minn=2, maxn=4,
                                    bucket=500, epoch=2, thread=1, lr=0.05, verbose=0)
model.save_model("tiny.bin")

model = fasttext.load_model("tiny.bin")
tricky = ["", "a", "ab", "cat", "naïve", "日本語", "ö", "é", "\u00ff\u00fe", "emoji😀", "</s>", "<", "x>y", "über"]
oov = ["cats", "dogma", "naïv", "日", "parked", "zzz", "über-cool", "caféteria"]
ft = load_facebook_model("tiny.bin")
answers = {
    "dim": model.get_dimension(), "minn": 2, "maxn": 4, "bucket": 500,
    "words": model.get_words(include_freq=False),
    "hashes": {w: ft_hash_bytes(w.encode("utf-8")) for w in tricky},
    "subwords": {w: {"ngrams": s, "ids": [int(i) for i in ids]}
                 for w in words[:6] + oov for (s, ids) in [model.get_subwords(w)]},
    "vectors": {w: [float(x) for x in model.get_word_vector(w)] for w in words + oov},
    "gensim_vectors": {w: [float(x) for x in ft.wv[w]] for w in oov},
}
with open("answers.json", "w", encoding="utf-8") as f:
    json.dump(answers, f, ensure_ascii=False, indent=1)
