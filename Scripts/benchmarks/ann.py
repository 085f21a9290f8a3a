"""Approximate nearest neighbours (issue 17), beside hnswlib and FAISS (faiss-cpu) on the same vectors.

Tables: (a) word2vec vectors of corpus-large (dim 100, min_count 5: 43,889 words), trained by the
release embsh; (b) a 1,000,000×300 Gaussian mixture (`embsh-bench ann make`: 1,000 centres drawn
from N(0, 1), each row a centre plus N(0, 0.5²) noise, seed 1 — clustered like real embeddings,
unlike uniform noise, which has no neighbours worth indexing). Both sides get the same float32
values; the peers index the unit rows by inner product, which is embsh's cosine.

- Queries: N words spread evenly over the rows, asked one at a time on one thread (`nearest word
  k=10`; the peers ask for 11 and drop the word itself). Recall@10 against embsh's exact scan.
- HNSW with M=16 and ef_construction=100 on every side, built on all cores; the query time of each
  side is taken at the smallest ef (of 16, 24, 32, 48, … 384, 512: steps of at most 1.5×, so that
  no side is pushed to twice the work it needs) whose recall reaches 0.98.
  embsh walks its graph on int8 codes of the unit rows and rescores the best 11 + 40 of the beam
  in float32 (its default rerank=40; FAISS's IndexHNSWSQ + IndexRefineFlat); the peers walk
  theirs on the float32 rows.
  Targets: recall ≥ 0.98 at ≥ 30× the exact scan's speed; build and query no slower than either peer.
- int8 and float16 scans with float32 re-ranking: the same top 10 as the exact answer for every
  query, at 2–4× the float32 scan's speed."""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from common import Row

EFS = [16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
M, EF_CONSTRUCTION = 16, 100


def run(context):
    rows = []
    with tempfile.TemporaryDirectory(prefix="embsh-ann-") as scratch:
        scratch = Path(scratch)
        corpus = context.corpus("corpus-large.tokens.txt")
        if corpus is None:
            rows.append(Row("ann: corpus table", "skipped: ../shared is absent", "", "", ""))
        else:
            rows += measure(context, corpus_table(context, corpus, scratch / "corpus"), "corpus", 200)
        prefix = scratch / "mixture"
        shape = (200_000, 300) if context.quick else (1_000_000, 300)
        subprocess.run([str(context.harness), "ann", "make", prefix, "--rows", str(shape[0]), "--dim", str(shape[1])],
                       check=True, capture_output=True)
        rows += measure(context, prefix, "mixture", 100 if context.quick else 200)
    return rows


def corpus_table(context, corpus, prefix):
    """word2vec vectors of the corpus as PREFIX.f32 and PREFIX.words."""
    text = prefix.with_suffix(".txt")
    subprocess.run([str(context.embsh), "-c", f"word2vec w2v file={corpus} dim=100 min_count=5 seed=1",
                    "-c", f"export w2v {text} format=word2vec"], check=True, capture_output=True)
    lines = text.read_text(encoding="utf-8").splitlines()[1:]
    words = [line.split(" ", 1)[0] for line in lines]
    values = np.array([np.array(line.split(" ")[1:], dtype=np.float32) for line in lines], dtype=np.float32)
    values.tofile(f"{prefix}.f32")
    Path(f"{prefix}.words").write_text("\n".join(words) + "\n", encoding="utf-8")
    return prefix


def measure(context, prefix, name, queries):
    ours = harness(context, prefix, queries)
    words = Path(f"{prefix}.words").read_text(encoding="utf-8").split("\n")[:-1]
    values = np.fromfile(f"{prefix}.f32", dtype=np.float32).reshape(len(words), -1)
    shape = f"{values.shape[0]:,}×{values.shape[1]}"
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    unit = np.ascontiguousarray(values / np.where(norms > 0, norms, 1), dtype=np.float32)
    del values
    index_of = {w: i for i, w in enumerate(words)}
    query_rows = [index_of[w] for w in ours["exact"]["queries"].split(" ")]
    exact = [[int(x) for x in a.split(",")] for a in ours["exact"]["answers"].split(" ")]
    print(f"bench: ann {name}: embsh {json.dumps(ours['build'])} {json.dumps(ours['hnsw'])}", file=sys.stderr, flush=True)
    peers = {}
    for peer, side in (("hnswlib", hnswlib_side), ("FAISS", faiss_side)):
        peers[peer] = side(unit, query_rows, exact)
        print(f"bench: ann {name}: {peer} build {peers[peer][0]:.2f} s, {peers[peer][1]}", file=sys.stderr, flush=True)
    del unit

    ours_curve = {line["ef"]: (line["seconds"], line["recall"]) for line in ours["hnsw"]}
    ef, (seconds, recall) = at_recall(ours_curve)
    scan = ours["exact"]["seconds"]
    build = ours["build"]["seconds"]
    rows = [Row(f"ann {name} {shape}: HNSW vs exact scan", f"{ms(seconds)}/query, recall {recall:.3f} (ef={ef})",
                f"scan: {ms(scan)}/query", f"{scan / seconds:.0f}× faster", "recall ≥ 0.98 at ≥ 30×",
                recall >= 0.98 and scan / seconds >= 30)]
    frequent = next(line["recall_frequent"] for line in ours["hnsw"] if line["ef"] == ef)
    rows.append(Row(f"ann {name}: recall on the first rows as queries (a word table's most frequent words; ef={ef})",
                    f"{frequent:.3f}", f"evenly spread words: {recall:.3f}", "", "reported (no target)", None))
    for peer, (peer_build, curve) in peers.items():
        peer_ef, (peer_seconds, peer_recall) = at_recall(curve)
        rows.append(Row(f"ann {name}: build (M={M}, ef_construction={EF_CONSTRUCTION}, {ours['build']['threads']} threads)",
                        f"{build:.2f} s", f"{peer}: {peer_build:.2f} s", f"{peer_build / build:.2f}× faster",
                        f"≥ 1× {peer}", build <= peer_build))
        rows.append(Row(f"ann {name}: query at recall ≥ 0.98", f"{ms(seconds)} (recall {recall:.3f})",
                        f"{peer}: {ms(peer_seconds)} (recall {peer_recall:.3f}, ef={peer_ef})",
                        f"{peer_seconds / seconds:.2f}× faster", f"≥ 1× {peer}", seconds <= peer_seconds))
    for method in ("int8", "float16"):
        line = ours[method]
        same = line["same_top10"] == line["queries"]
        rows.append(Row(f"ann {name}: {method} scan + float32 re-rank", f"{ms(line['seconds'])}/query",
                        f"float32 scan: {ms(scan)}", f"{scan / line['seconds']:.2f}× faster, "
                        f"top 10 equal {line['same_top10']}/{line['queries']}", "2–4×, all equal",
                        same and scan / line["seconds"] >= 2))
    return rows


def harness(context, prefix, queries):
    output = subprocess.run([str(context.harness), "ann", "run", str(prefix), "--queries", str(queries),
                             "--m", str(M), "--ef-construction", str(EF_CONSTRUCTION), "--efs", ",".join(map(str, EFS))],
                            check=True, capture_output=True, text=True).stdout
    measures = {}
    for line in output.splitlines():
        value = json.loads(line)
        if value["measure"] == "hnsw":
            measures.setdefault("hnsw", []).append(value)
        else:
            measures[value["measure"]] = value
    return measures


def hnswlib_side(unit, query_rows, exact):
    import hnswlib
    index = hnswlib.Index(space="ip", dim=unit.shape[1])
    index.init_index(max_elements=unit.shape[0], M=M, ef_construction=EF_CONSTRUCTION, random_seed=1)
    start = time.perf_counter()
    index.add_items(unit, np.arange(unit.shape[0]), num_threads=os.cpu_count())
    build = time.perf_counter() - start
    index.set_num_threads(1)
    curve = {}
    for ef in EFS:
        index.set_ef(ef)
        curve[ef] = timed_queries(lambda q: index.knn_query(unit[q:q + 1], k=11)[0][0], query_rows, exact)
    return build, curve


def faiss_side(unit, query_rows, exact):
    import faiss
    faiss.omp_set_num_threads(os.cpu_count())
    index = faiss.IndexHNSWFlat(unit.shape[1], M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    start = time.perf_counter()
    index.add(unit)
    build = time.perf_counter() - start
    faiss.omp_set_num_threads(1)
    curve = {}
    for ef in EFS:
        index.hnsw.efSearch = ef
        curve[ef] = timed_queries(lambda q: index.search(unit[q:q + 1], 11)[1][0], query_rows, exact)
    return build, curve


def timed_queries(search, query_rows, exact):
    """Seconds per query and recall@10, the query's own row left out."""
    start = time.perf_counter()
    found = [search(q) for q in query_rows]
    seconds = (time.perf_counter() - start) / len(query_rows)
    hits = sum(len(set([int(x) for x in f if x != q][:10]) & set(e)) for f, q, e in zip(found, query_rows, exact))
    return seconds, hits / sum(len(e) for e in exact)


def at_recall(curve, target=0.98):
    """The smallest ef reaching `target` recall (else the best), with its (seconds, recall)."""
    for ef in sorted(curve):
        if curve[ef][1] >= target:
            return ef, curve[ef]
    best = max(curve, key=lambda ef: curve[ef][1])
    return best, curve[best]


def ms(seconds):
    return f"{seconds * 1000:.3f} ms"
