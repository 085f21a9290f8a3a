"""Writes cases.json: Keras 3 TextVectorization (TensorFlow behind it, as the layer needs)
adapted on small texts and applied to query texts, for every option embsh's `vectorizer`
takes. Run from this folder with a Python that has keras, jax[cpu] and tensorflow-cpu:

    python3 -m venv /tmp/venv-textvec
    /tmp/venv-textvec/bin/pip install keras "jax[cpu]" tensorflow-cpu
    /tmp/venv-textvec/bin/python generate.py

The fields are those of ../../../../shared/reference/keras-textvectorization-cases.json:
config (keyword arguments; lists stand for tuples), adapt_texts, query_texts, vocabulary
(get_vocabulary()) and output (the layer's output for the query texts as one batch,
rounded to 6 decimals)."""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

ADAPT = [
    "The cat sat on the mat.",
    "the Cat, the DOG and the bird!",
    "Dogs don't like cats; cats don't like dogs?",
    "ÉCOLE École école — Straße STRASSE",
    "ΣΟΦΙΑ σοφία İstanbul ÜBER über",
    "tabs\tand\nnewlines\rand\x0bvertical\x0cfeeds",
    "no\u00a0break\u2003em\u3000ideographic\x1cfile\x85next",
    "[UNK] is a token [UNK] here, [unk] too",
    "emoji 🙂🙂 and 👍🏽 stay",
    "numbers 1,000 and 3.14 and 42",
    "a-b a_b a.b a'b a/b (a) [b] {c}",
    "repeat repeat repeat words words",
    "   leading and trailing   ",
    "",
    "the the the cat cat dog",
    "zebra yak xylophone walrus",
]
QUERY = [
    "The cat and the dog",
    "UNSEEN words here!",
    "école ÉCOLE Straße",
    "[UNK] [unk] unk",
    "  spaced\tout\u00a0nbsp  ",
    "",
    "emoji 🙂 stays, 👍🏽 too",
    "repeat words repeat",
]
CONFIGS = [
    {},
    {"max_tokens": 3},
    {"output_mode": "count", "max_tokens": 2},
    {"max_tokens": 12},
    {"max_tokens": 10, "output_sequence_length": 4},
    {"output_sequence_length": 12},
    {"standardize": "lower"},
    {"standardize": "strip_punctuation"},
    {"standardize": None},
    {"split": "character"},
    {"split": "character", "standardize": None, "max_tokens": 30, "output_sequence_length": 10},
    {"ngrams": 2},
    {"ngrams": 3, "max_tokens": 40},
    {"ngrams": [2]},
    {"ngrams": [1, 3], "output_sequence_length": 8},
    {"ngrams": [2, 1], "split": "character", "max_tokens": 25},
    {"output_mode": "multi_hot"},
    {"output_mode": "multi_hot", "max_tokens": 8},
    {"output_mode": "count", "max_tokens": 10},
    {"output_mode": "count", "ngrams": 2, "max_tokens": 16},
    {"output_mode": "tf_idf"},
    {"output_mode": "tf_idf", "max_tokens": 9},
    {"output_mode": "tf_idf", "max_tokens": 60, "pad_to_max_tokens": True},
    {"output_mode": "multi_hot", "max_tokens": 80, "pad_to_max_tokens": True},
    {"output_mode": "count", "max_tokens": 50, "pad_to_max_tokens": True, "standardize": "lower"},
    {"output_mode": "tf_idf", "split": "character", "max_tokens": 20},
]


def run(config):
    arguments = {k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}
    layer = keras.layers.TextVectorization(**arguments)
    layer.adapt(ADAPT)
    output = np.asarray(layer(QUERY)).astype(np.float64).round(6)
    return {
        "name": "fixture-" + ("-".join(f"{k}={v}" for k, v in config.items()) or "defaults"),
        "config": config,
        "adapt_texts": ADAPT,
        "query_texts": QUERY,
        "vocabulary": [str(token) for token in layer.get_vocabulary()],
        "output": output.tolist(),
    }


if __name__ == "__main__":
    cases = [run(config) for config in CONFIGS]
    with open("cases.json", "w", encoding="utf-8") as file:
        json.dump({"peer": f"keras {keras.__version__} TextVectorization", "cases": cases}, file, ensure_ascii=False, indent=None)
        file.write("\n")
