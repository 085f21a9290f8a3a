"""Models (issues 7 and 15): the reference classifiers trained on tweets-sentiment with the same
preprocessing (Tokenizer num_words 10000, oov, maxlen 40, batch 32, Adam), embsh beside Keras 3
(JAX backend, CPU), each Keras model in a fresh process. Issue 7's models a and b: post padding,
10 epochs, seconds per epoch at most Keras's. Issue 15's LSTM and Conv1D models: pre padding as
Keras's examples, 5 epochs, seconds per epoch at most half of Keras's. All: test accuracy within
1.5 points of Keras."""
import json
import os
import subprocess
import sys

from common import SHARED, Row

# name: (Keras layers, padding, epochs, the speed-up over Keras to reach)
MODELS = {
    "a": ("Embedding(10000, 16), GlobalAveragePooling1D(), Dense(16, activation='relu'), Dense(1, activation='sigmoid')",
          "post", 10, 1),
    "b": ("Embedding(10000, 8), Flatten(), Dense(1, activation='sigmoid')", "post", 10, 1),
    "lstm": ("Embedding(10000, 32), LSTM(32), Dense(1, activation='sigmoid')", "pre", 5, 2),
    "cnn": ("Embedding(10000, 32), Conv1D(64, 5, activation='relu'), GlobalMaxPooling1D(), Dense(1, activation='sigmoid')",
            "pre", 5, 2),
}

KERAS_RUN = """
import json, sys, time
import numpy as np
import keras
from keras.layers import Conv1D, Dense, Embedding, Flatten, GlobalAveragePooling1D, GlobalMaxPooling1D, LSTM
from keras_preprocessing.text import Tokenizer
from keras.utils import pad_sequences

def read(path):
    labels, texts = [], []
    for line in open(path, encoding="utf-8"):
        if "\\t" in line:
            label, text = line.rstrip("\\n").split("\\t", 1)
            labels.append(label)
            texts.append(text)
    return labels, texts

train_labels, train_texts = read(sys.argv[1])
test_labels, test_texts = read(sys.argv[2])
classes = sorted(set(train_labels))
tokenizer = Tokenizer(num_words=10000, oov_token="<OOV>")
tokenizer.fit_on_texts(train_texts)
def prepare(labels, texts):
    x = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=40, padding=sys.argv[4], truncating="post")
    return x, np.array([classes.index(label) for label in labels])
x, y = prepare(train_labels, train_texts)
tx, ty = prepare(test_labels, test_texts)
keras.utils.set_random_seed(1)
model = keras.Sequential([keras.Input(shape=(40,)), %s])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
times = []
class Timer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        times.append(time.perf_counter() - self.start)
history = model.fit(x, y, batch_size=32, epochs=int(sys.argv[3]), verbose=0, callbacks=[Timer()])
loss, accuracy = model.evaluate(tx, ty, verbose=0)
print(json.dumps({"epoch_seconds": sorted(times)[len(times) // 2], "accuracy": accuracy, "loss": loss}))
"""


def run(context):
    data = SHARED / "data/classify"
    train, test = data / "tweets-sentiment-train.tsv", data / "tweets-sentiment-test.tsv"
    if not train.exists():
        return [Row("model", "skipped: ../shared is absent", "", "", "")]
    rows = []
    for name, (layers, padding, epochs, speedup) in MODELS.items():
        epochs = min(epochs, 3) if context.quick else epochs
        ours = context.harness_run("model", train, test, "--model", name, "--epochs", epochs)
        keras = keras_run(layers, train, test, epochs, padding)
        accuracy, peer = ours["test"]["accuracy"], keras["accuracy"]
        rows.append(Row(f"model {name}: test accuracy", f"{accuracy:.4f}", f"keras: {peer:.4f}",
                        f"{(accuracy - peer) * 100:+.2f} points", "within 1.5", abs(accuracy - peer) <= 0.015))
        seconds, peer = ours["train"]["epoch_seconds"], keras["epoch_seconds"]
        rows.append(Row(f"model {name}: seconds per epoch", f"{seconds:.3f} s", f"keras: {peer:.3f} s",
                        f"{peer / seconds:.1f}× faster", f"≥ {speedup}×", seconds * speedup <= peer))
    return rows


def keras_run(layers, train, test, epochs, padding):
    environment = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu", TF_CPP_MIN_LOG_LEVEL="3")
    output = subprocess.run([sys.executable, "-c", KERAS_RUN % layers, str(train), str(test), str(epochs), padding],
                            check=True, capture_output=True, text=True, env=environment).stdout
    return json.loads(output.strip().splitlines()[-1])
