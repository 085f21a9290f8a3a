"""Writes the fixtures of embsh's hierarchical-softmax and phrases parity tests beside this
script, from gensim 4.4.0 itself (never needed by the tests):

- huffman.json: the Huffman codes and points gensim's Word2Vec(hs=1) gives a small vocabulary
  whose counts are distinct powers of two (every merge is then forced, so word2vec.c's
  two-queue scan and gensim's heap build the same tree).
- phrases-corpus.txt: a seeded synthetic corpus with collocations ("new york", "new york city",
  "bank of america", …) among random filler words.
- phrases.json: for several settings, gensim Phrases' counts (`vocab`: all of them for the first
  case, for the others those of bigrams seen more than once), its size, `corpus_word_count`,
  the phrases found with their scores, and the phrased corpus, for one pass and for a second
  pass learned on the first pass's output (Phrases(bigram[sentences])[bigram[sentences]]).

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install gensim==4.4.0
    /tmp/peers/bin/python Tests/Fixtures/gensim/phrases-hs/generate.py
"""
import json
import os
import random

from gensim.models import Word2Vec
from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

HERE = os.path.dirname(os.path.abspath(__file__))


def huffman():
    words = [f"w{i}" for i in range(10)]
    counts = {w: 2 ** (9 - i) for i, w in enumerate(words)}  # 512, 256, …, 1
    sentences = [[w] * c for w, c in counts.items()]
    model = Word2Vec(sentences, vector_size=4, min_count=1, hs=1, negative=0, epochs=1, workers=1, seed=1)
    wv = model.wv
    return {
        "counts": [int(wv.get_vecattr(w, "count")) for w in wv.index_to_key],
        "words": list(wv.index_to_key),
        "codes": [[int(c) for c in wv.get_vecattr(w, "code")] for w in wv.index_to_key],
        "points": [[int(p) for p in wv.get_vecattr(w, "point")] for w in wv.index_to_key],
    }


def corpus():
    rng = random.Random(16)
    filler = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma "
              "tau upsilon phi chi psi omega red green blue the of and a in").split()
    phrases = [["new", "york"], ["new", "york", "city"], ["machine", "learning"], ["san", "francisco"],
               ["bank", "of", "america"], ["the", "united", "states"], ["hot", "dog"], ["new", "car"]]
    lines = []
    for _ in range(300):
        words = [rng.choice(filler) for _ in range(rng.randint(3, 12))]
        for _ in range(rng.randint(0, 2)):
            at = rng.randint(0, len(words))
            words[at:at] = rng.choice(phrases)
        lines.append(" ".join(words))
    path = os.path.join(HERE, "phrases-corpus.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return [line.split() for line in lines]


def run(sentences, all_counts=False, **settings):
    def one_pass(text):
        model = Phrases(text, **settings)
        return model, [model[s] for s in text]

    first, once = one_pass(sentences)
    second, twice = one_pass(once)
    return {
        # What FrozenPhrases keeps from the first pass (its tokens hold no delimiter, so this is
        # every candidate scoring above the threshold).
        "exported": dict(sorted(first.export_phrases().items())),
        "settings": {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in settings.items()},
        "passes": [
            {"corpus_word_count": m.corpus_word_count, "vocab_size": len(m.vocab),
             "counts": dict(sorted((k, v) for k, v in m.vocab.items() if all_counts or m.delimiter in k and v > 1)),
             "phrases": dict(sorted(found(m, text).items())), "output": [" ".join(s) for s in out]}
            for m, text, out in ((first, sentences, once), (second, once, twice))
        ],
    }


def found(model, text):
    """Every phrase the model joins in `text`, with its score (what Phrases[...] applies)."""
    result = {}
    for sentence in text:
        for token, score in model.analyze_sentence(sentence):
            if score is not None:
                result[token] = score
    return result


def main():
    with open(os.path.join(HERE, "huffman.json"), "w") as f:
        json.dump(huffman(), f, indent=1)
        f.write("\n")
    sentences = corpus()
    cases = [
        run(sentences, all_counts=True, min_count=5, threshold=10.0),
        run(sentences, min_count=3, threshold=2.0, delimiter="+"),
        run(sentences, min_count=5, threshold=0.3, scoring="npmi"),
        run(sentences, min_count=2, threshold=5.0, connector_words=ENGLISH_CONNECTOR_WORDS),
        run(sentences, min_count=2, threshold=5.0, max_vocab_size=800),
    ]
    with open(os.path.join(HERE, "phrases.json"), "w") as f:
        json.dump(cases, f)
        f.write("\n")


if __name__ == "__main__":
    main()
