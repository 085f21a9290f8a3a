"""Generates cells.json and models.json, Keras 3 (JAX backend) reference outputs for embsh's
recurrent cells and, for wiring them into models, whole-model cases (see README.md).

    python3 -m venv /tmp/venv-keras && /tmp/venv-keras/bin/pip install keras 'jax[cpu]'
    KERAS_BACKEND=jax /tmp/venv-keras/bin/python Tests/Fixtures/keras/recurrent/generate.py

Keras is only the peer that produced these numbers: nothing in embsh runs it.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def floats(array):
    """Nested lists of floats, rounded to 9 significant digits (float32 round-trips)."""
    return json.loads(json.dumps(np.asarray(array, dtype=np.float64).tolist(),
                                 default=float), parse_float=lambda s: float(f"{float(s):.9g}"))


def random_weights(layer_or_model, rng, scale=0.6):
    """Every weight (biases too, so their paths are exercised) uniform in ±scale."""
    weights = [rng.uniform(-scale, scale, w.shape).astype("float32") for w in layer_or_model.get_weights()]
    layer_or_model.set_weights(weights)
    return weights


def cell_cases(rng):
    steps, inputs, units = 5, 3, 4
    x = rng.uniform(-1, 1, (5, steps, inputs)).astype("float32")
    # Rows: none masked, post-padded, pre-padded, a hole in the middle, every step masked.
    mask = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 0, 0, 1, 1], [0, 0, 0, 0, 0]], dtype=bool)
    cases = []
    for kind in ("lstm", "gru"):
        for bidirectional in (False, True):
            for return_sequences in (False, True):
                for masked in (False, True):
                    make = keras.layers.LSTM if kind == "lstm" else keras.layers.GRU
                    layer = make(units, return_sequences=return_sequences)
                    if bidirectional:
                        layer = keras.layers.Bidirectional(layer, merge_mode="concat")
                    layer.build((None, steps, inputs))
                    weights = random_weights(layer, rng)
                    output = layer(x, mask=mask if masked else None)
                    cases.append({
                        "name": f"{'bidirectional-' if bidirectional else ''}{kind}"
                                f"{'-sequences' if return_sequences else ''}{'-masked' if masked else ''}",
                        "kind": kind, "bidirectional": bidirectional, "return_sequences": return_sequences,
                        "steps": steps, "inputs": inputs, "units": units,
                        "weights": [floats(w.reshape(-1)) for w in weights],
                        "x": floats(x), "mask": mask.tolist() if masked else None,
                        "output": floats(keras.ops.convert_to_numpy(output)),
                    })
    return cases


def model_cases(rng):
    length = 7
    L = keras.layers
    specs = [
        ("lstm-masked", "embedding(12,4,mask_zero) lstm(3) dense(1,sigmoid)",
         lambda: [L.Embedding(12, 4, mask_zero=True), L.LSTM(3), L.Dense(1, activation="sigmoid")]),
        ("lstm", "embedding(12,4) lstm(3) dense(1,sigmoid)",
         lambda: [L.Embedding(12, 4), L.LSTM(3), L.Dense(1, activation="sigmoid")]),
        ("bigru-gmp-masked", "embedding(12,4,mask_zero) bidirectional(gru(3,return_sequences)) gmp dense(2,softmax)",
         lambda: [L.Embedding(12, 4, mask_zero=True), L.Bidirectional(L.GRU(3, return_sequences=True)),
                  L.GlobalMaxPooling1D(), L.Dense(2, activation="softmax")]),
        ("bigru-gmp", "embedding(12,4) bidirectional(gru(3,return_sequences)) gmp dense(2,softmax)",
         lambda: [L.Embedding(12, 4), L.Bidirectional(L.GRU(3, return_sequences=True)),
                  L.GlobalMaxPooling1D(), L.Dense(2, activation="softmax")]),
    ]
    for padding in ("valid", "same"):
        for strides in (1, 2):
            specs.append((f"conv-{padding}-{strides}",
                          f"embedding(12,4) conv1d(5,3,relu,strides={strides},padding={padding}) maxpool1d(2) "
                          "flatten dense(1,sigmoid)",
                          lambda padding=padding, strides=strides: [
                              L.Embedding(12, 4), L.Conv1D(5, 3, activation="relu", strides=strides, padding=padding),
                              L.MaxPooling1D(2), L.Flatten(), L.Dense(1, activation="sigmoid")]))
    specs.append(("avgpool-same", "embedding(12,4) avgpool1d(2,padding=same) flatten dense(1,sigmoid)",
                  lambda: [L.Embedding(12, 4), L.AveragePooling1D(2, padding="same"), L.Flatten(),
                           L.Dense(1, activation="sigmoid")]))

    # Rows: full, post-padded, pre-padded, a zero inside, all padding, short.
    inputs = np.array([[3, 7, 1, 11, 4, 9, 2], [5, 8, 2, 6, 0, 0, 0], [0, 0, 0, 10, 3, 1, 7],
                       [4, 0, 9, 9, 1, 0, 2], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 11]], dtype="int32")
    batch = inputs[:4]
    cases = []
    for name, layers, build in specs:
        def make():
            model = keras.Sequential([keras.Input(shape=(length,), dtype="int32")] + build())
            return model
        model = make()
        weights = random_weights(model, rng)
        softmax = "softmax" in layers
        labels = np.array([1, 0, 1, 0] if not softmax else [1, 0, 0, 1], dtype="int32")
        trained = make()
        trained.set_weights(weights)
        trained.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),
                        loss="sparse_categorical_crossentropy" if softmax else "binary_crossentropy")
        loss = trained.train_on_batch(batch, labels if softmax else labels.astype("float32"))
        cases.append({
            "name": name, "layers": layers, "input_length": length,
            "loss": "sparse_categorical_crossentropy" if softmax else "binary_crossentropy",
            "weights": [{"shape": list(w.shape), "values": floats(w.reshape(-1))} for w in weights],
            "inputs": inputs.tolist(),
            "predictions": floats(model.predict(inputs, verbose=0)),
            "training": {"optimizer": "sgd", "learning_rate": 0.1, "inputs": batch.tolist(),
                         "labels": labels.tolist(), "loss": float(f"{float(loss):.9g}"),
                         "weights": [floats(w.reshape(-1)) for w in trained.get_weights()]},
        })
    return cases


def main():
    keras.utils.set_random_seed(15)
    rng = np.random.default_rng(15)
    info = {"keras": keras.__version__, "backend": keras.backend.backend()}
    for name, cases in (("cells.json", cell_cases(rng)), ("models.json", model_cases(rng))):
        with open(os.path.join(HERE, name), "w") as f:
            json.dump({"generator": info, "cases": cases}, f, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
