"""Writes summaries.txt: Keras's model.summary() for models built with every layer embsh takes,
each after a '## name: LAYERS input_length=N' line in embsh's layer syntax.
Run with Keras 3 on the JAX backend:
    KERAS_BACKEND=jax python generate.py"""
import io
import os
from contextlib import redirect_stdout

import keras
from keras import layers as L

MODELS = [
    ("conv-pool-lstm", "embedding(20000,128) conv1d(64,5,relu) maxpool1d(4) lstm(70) dense(1,sigmoid) input_length=100",
     lambda: [L.Embedding(20000, 128), L.Conv1D(64, 5, activation="relu"), L.MaxPooling1D(4), L.LSTM(70),
      L.Dense(1, activation="sigmoid")], 100),
    ("bidirectional-stack", "embedding(5000,64,mask_zero) bidirectional(lstm(32,return_sequences)) bidirectional(gru(16)) "
     "dense(3,softmax) input_length=60",
     lambda: [L.Embedding(5000, 64, mask_zero=True), L.Bidirectional(L.LSTM(32, return_sequences=True)),
      L.Bidirectional(L.GRU(16)), L.Dense(3, activation="softmax")], 60),
    ("strided-same", "embedding(1000,16) spatialdropout1d(0.2) conv1d(32,7,relu,strides=3,padding=same) "
     "avgpool1d(3,strides=2,padding=same) gru(8,return_sequences) gap dense(1,sigmoid) input_length=50",
     lambda: [L.Embedding(1000, 16), L.SpatialDropout1D(0.2), L.Conv1D(32, 7, activation="relu", strides=3, padding="same"),
      L.AveragePooling1D(3, strides=2, padding="same"), L.GRU(8, return_sequences=True), L.GlobalAveragePooling1D(),
      L.Dense(1, activation="sigmoid")], 50),
    ("frozen-cnn", "embedding(10000,100,trainable=false) conv1d(128,5,relu) maxpool1d(5) conv1d(128,5,relu) gmp "
     "dense(128,relu) dropout(0.5) dense(2,softmax) input_length=100",
     lambda: [L.Embedding(10000, 100, trainable=False), L.Conv1D(128, 5, activation="relu"), L.MaxPooling1D(5),
      L.Conv1D(128, 5, activation="relu"), L.GlobalMaxPooling1D(), L.Dense(128, activation="relu"), L.Dropout(0.5),
      L.Dense(2, activation="softmax")], 100),
]

out = io.StringIO()
out.write(f"# Keras {keras.__version__} ({keras.backend.backend()}) summaries; each '## ' line names the model "
          "as an embsh layer list\n")
for name, spec, make, length in MODELS:
    keras.utils.clear_session()
    model = keras.Sequential([keras.Input(shape=(length,))] + make())
    text = io.StringIO()
    with redirect_stdout(text):
        model.summary()
    out.write(f"\n## {name}: {spec}\n{text.getvalue()}\n")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "summaries.txt"), "w", encoding="utf-8") as f:
    f.write(out.getvalue())
