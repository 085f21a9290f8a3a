"""Tokenizer: fit_on_texts and texts_to_sequences over the large corpus, embsh beside
keras_preprocessing 1.1.2 (the same code as tf.keras.preprocessing) on the same file, and
beside the floor of merely reading the file and splitting its lines on spaces (measured in
alternating rounds with fit and texts_to_sequences: the median of 9). TextVectorization: a
vectorizer's fit beside Keras 3's adapt() on the file's lines (the layer needs TensorFlow:
without it the row says so).
Targets: at least 20× keras_preprocessing; fit within 2× of read+split; adapt at least 3× Keras."""
from common import Row, median_seconds, rate


def run(context):
    corpus = context.corpus("corpus-1m.txt" if context.quick else "corpus-large.txt")
    if corpus is None:
        return [Row("tokenizer", "skipped: ../shared is absent", "", "", "")]
    ours = context.harness_run("tokenizer", corpus, "--repeats", 3 if context.quick else 9)
    keras = keras_times(corpus, repeats=1)
    words = ours["fit"]["words"]
    adapt = ours["adapt"]["seconds"]
    keras_adapt = keras_adapt_seconds(corpus, ours["adapt"]["vocabulary"])
    fit, sequences, floor = ours["fit"]["seconds"], ours["texts_to_sequences"]["seconds"], ours["read+split"]["seconds"]
    return [
        Row(f"fit_on_texts, {corpus.name}", rate(words, fit), f"keras: {rate(keras['words'], keras['fit'])}",
            f"{keras['fit'] / fit:.1f}× faster", "≥ 20×", keras["fit"] / fit >= 20),
        Row(f"texts_to_sequences, {corpus.name}", rate(words, sequences),
            f"keras: {rate(keras['words'], keras['sequences'])}",
            f"{keras['sequences'] / sequences:.1f}× faster", "≥ 20×", keras["sequences"] / sequences >= 20),
        Row(f"fit vs reading + splitting the file", f"{fit:.3f} s", f"read+split: {floor:.3f} s",
            f"{fit / floor:.2f}× floor", "≤ 2×", fit / floor <= 2),
        Row(f"TextVectorization adapt, {corpus.name}", f"{adapt:.3f} s",
            f"keras: {keras_adapt:.3f} s" if keras_adapt else "keras: needs tensorflow",
            f"{keras_adapt / adapt:.1f}× faster" if keras_adapt else "", "≥ 3×",
            keras_adapt / adapt >= 3 if keras_adapt else None),
    ]


def keras_adapt_seconds(corpus, vocabulary):
    """Keras 3 TextVectorization().adapt() on the file's lines (reading it is not timed); None
    without TensorFlow. Checks that it learned as many tokens as embsh."""
    try:
        import tensorflow  # noqa: F401  (the layer refuses to exist without it)
        from keras.layers import TextVectorization
    except ImportError:
        return None
    import time

    with open(corpus, encoding="utf-8", errors="replace") as file:
        texts = [line.rstrip("\n") for line in file]
    layer = TextVectorization()
    start = time.perf_counter()
    layer.adapt(texts)
    seconds = time.perf_counter() - start
    assert layer.vocabulary_size() == vocabulary, (layer.vocabulary_size(), vocabulary)
    return seconds


def keras_times(corpus, repeats):
    """keras_preprocessing's Tokenizer on the file's lines (reading the file is not timed)."""
    from keras_preprocessing.text import Tokenizer

    with open(corpus, encoding="utf-8", errors="replace") as file:
        texts = [line.rstrip("\n") for line in file]
    fitted = []
    fit = median_seconds(lambda: fitted.append(fit_on(Tokenizer(), texts)), repeats)
    sequences = []
    to_sequences = median_seconds(lambda: sequences.append(fitted[-1].texts_to_sequences(texts)), repeats)
    return {"fit": fit, "sequences": to_sequences, "words": sum(len(s) for s in sequences[-1])}


def fit_on(tokenizer, texts):
    tokenizer.fit_on_texts(texts)
    return tokenizer
