"""Fuzz inputs for the fasttext-bin target: a few tiny models written by the `fasttext` wheel
(seeds, each must be accepted) and hostile variants of one (regressions, each must be refused
quickly without trapping or allocating what a count claims). Run from the repository root in a
venv with fasttext-wheel 0.9.2:  python Tests/Fixtures/fasttext/generate_fuzz_inputs.py"""
import os
import struct
import tempfile

import fasttext

seeds, regressions = "Tests/Fuzz/seeds/fasttext-bin", "Tests/Fuzz/regressions/fasttext-bin"
with tempfile.TemporaryDirectory() as scratch:
    corpus = os.path.join(scratch, "c.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write("ab cd ab é ab cd\n" * 3)
    for name, arch, minn, maxn, bucket in [("sg.bin", "skipgram", 2, 3, 8), ("cbow.bin", "cbow", 1, 2, 5),
                                           ("no-ngrams.bin", "skipgram", 3, 0, 0)]:
        model = fasttext.train_unsupervised(corpus, model=arch, dim=2, minCount=1, minn=minn, maxn=maxn, bucket=bucket,
                                            epoch=1, thread=1, verbose=0)
        model.save_model(os.path.join(seeds, name))

good = open(os.path.join(seeds, "sg.bin"), "rb").read()


def patched(offset, fmt, value):
    data = bytearray(good)
    struct.pack_into(fmt, data, offset, value)
    return bytes(data)


# Offsets: magic 0, version 4, dim 8, ws 12, epoch 16, minCount 20, neg 24, wordNgrams 28, loss 32, model 36,
# bucket 40, minn 44, maxn 48, lrUpdateRate 52, t 56, size 64, nwords 68, nlabels 72, ntokens 76, pruneidx_size 84.
hostile = {
    "dim-huge.bin": patched(8, "<i", 2**31 - 1),
    "dim-negative.bin": patched(8, "<i", -4),
    "bucket-huge.bin": patched(40, "<i", 2**31 - 1),
    "minn-above-maxn.bin": patched(44, "<i", 9),
    "dictionary-huge.bin": patched(64, "<i", 2**31 - 1),
    "words-negative.bin": patched(68, "<i", -1),
    "pruned.bin": patched(84, "<q", 5),
    "cut-in-matrix.bin": good[: len(good) - 9],
    "trailing-bytes.bin": good + b"\0",
    "nan-values.bin": good[:-4] + struct.pack("<f", float("nan")),
    "supervised.bin": patched(36, "<i", 3),
}
for name, data in hostile.items():
    with open(os.path.join(regressions, name), "wb") as f:
        f.write(data)
