"""Writes the Keras Tokenizer JSON fixtures and Keras's own sequences for them.

Run with keras_preprocessing 1.1.2 (the Tokenizer behind tf.keras.preprocessing.text):
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install keras_preprocessing==1.1.2
    /tmp/peers/bin/python Tests/Fixtures/keras/generate.py
Each case NAME gives NAME.json (tokenizer.to_json()); answers.json holds, per case, the
Tokenizer arguments, the fitted texts, the query texts and Keras's texts_to_sequences of them.
"""
import json
import os

from keras_preprocessing.text import Tokenizer

here = os.path.dirname(os.path.abspath(__file__))
texts = [
    "The cat sat on the mat.",
    "The dog ate my homework!",
    "Café crème, naïve façade — déjà vu",
    "emoji 😀 and tabs\tand \"quotes\" and back\\slash",
    "the cat and the dog",
    "<OOV> appears as a word here <OOV>",
]
queries = ["the cat ate the crème", "unknown words only", "", "😀 <OOV> dog"]
cases = {
    "default": {},
    "oov-limited": {"num_words": 6, "oov_token": "<OOV>"},
    "oov-fitted": {"oov_token": "<OOV>", "filters": "", "lower": False},
    "char-level": {"char_level": True, "oov_token": "?"},
}
answers = {}
for name, config in cases.items():
    tokenizer = Tokenizer(**config)
    tokenizer.fit_on_texts(texts)
    with open(os.path.join(here, name + ".json"), "w") as f:
        f.write(tokenizer.to_json())
    answers[name] = {"config": config, "texts": texts, "queries": queries,
                     "sequences": tokenizer.texts_to_sequences(queries)}
with open(os.path.join(here, "answers.json"), "w") as f:
    json.dump(answers, f, indent=1)
