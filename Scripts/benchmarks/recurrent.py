"""Recurrent cells (issue 15): one training batch (32 samples of 40 steps × 32 features) through
LSTM(32) and GRU(32), forward and backward, embsh's cells beside Keras 3 (JAX backend, CPU) in
a fresh process. Keras's time is a whole jit-compiled train step (model.fit on 64 batches,
median epoch / 64; its Adam update of ~8k weights is a small part), embsh's is the cells'
forward and backward on one thread and on every processor.
Target: embsh's per-batch time at most half of Keras's (issue 15's epoch target)."""
import json
import os
import subprocess
import sys

from common import Row, milliseconds

KERAS_RUN = """
import json, sys, time
import numpy as np
import keras
kind, batches = sys.argv[1], int(sys.argv[2])
layer = keras.layers.LSTM(32) if kind == "lstm" else keras.layers.GRU(32)
keras.utils.set_random_seed(1)
model = keras.Sequential([keras.Input(shape=(40, 32)), layer])
model.compile(optimizer="adam", loss="mse")
rng = np.random.default_rng(1)
x = rng.uniform(-1, 1, (32 * batches, 40, 32)).astype("float32")
y = rng.uniform(-1, 1, (32 * batches, 32)).astype("float32")
times = []
class Timer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        times.append(time.perf_counter() - self.start)
model.fit(x, y, batch_size=32, epochs=int(sys.argv[3]), verbose=0, callbacks=[Timer()])
times = times[1:]  # the first epoch compiles
print(json.dumps({"batch_seconds": sorted(times)[len(times) // 2] / batches}))
"""


def run(context):
    rows = []
    epochs = 3 if context.quick else 6
    for kind in ("lstm", "gru"):
        keras = keras_run(kind, 64, epochs)["batch_seconds"]
        for threads in (1, os.cpu_count() or 1):
            ours = context.harness_run("recurrent", "--kind", kind, "--threads", threads,
                                       "--repeats", 50 if context.quick else 200)["recurrent"]["batch_seconds"]
            rows.append(Row(f"recurrent {kind.upper()}(32) batch, {threads} thread{'s' if threads > 1 else ''}",
                            milliseconds(ours), f"keras: {milliseconds(keras)}", f"{keras / ours:.1f}× faster",
                            "≥ 2×", keras >= 2 * ours))
    return rows


def keras_run(kind, batches, epochs):
    environment = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu", TF_CPP_MIN_LOG_LEVEL="3")
    output = subprocess.run([sys.executable, "-c", KERAS_RUN, kind, str(batches), str(epochs)],
                            check=True, capture_output=True, text=True, env=environment).stdout
    return json.loads(output.strip().splitlines()[-1])
