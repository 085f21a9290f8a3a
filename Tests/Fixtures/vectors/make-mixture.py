"""Writes mixture.txt: 600 clustered 8-d vectors in word2vec text format, labelled w0…w599, for
the index tests and transcript. 12 centres drawn from N(0, 1); each row a centre (row mod 12)
plus N(0, 0.4²) noise; numpy's default generator seeded 17; 4 decimals.
Run: python3 make-mixture.py (numpy only)."""
from pathlib import Path

import numpy as np

rng = np.random.default_rng(17)
centres = rng.standard_normal((12, 8))
rows = centres[np.arange(600) % 12] + 0.4 * rng.standard_normal((600, 8))
lines = ["600 8"] + [f"w{i} " + " ".join(f"{x:.4f}" for x in row) for i, row in enumerate(rows)]
Path(__file__).with_name("mixture.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
