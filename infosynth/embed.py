"""Sentence embeddings from the static model shipped in ``infosynth/data/embeddings/minilm-static``.

The model is a model2vec distillation of all-MiniLM-L6-v2 (see ``scripts/build_embeddings.py``):
a sentence vector is the mean of its WordPiece token vectors, so embedding needs only numpy and
``tokenizers`` — no torch, no download, no network. The model is loaded once per process.

>>> vectors = embed(["Mentors new analysts", "Coaches junior staff"])
>>> vectors.shape == (2, embedding_dim())
True
>>> float(vectors[0] @ vectors[1]) > 0.3
True
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model2vec import StaticModel

MODEL_DIR = Path(__file__).resolve().parent / "data" / "embeddings" / "minilm-static"
_BUILD_INFO = MODEL_DIR / "build_info.json"
_REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "config.json")


def _read_build_info() -> dict:
    try:
        return json.loads(_BUILD_INFO.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


_build_info = _read_build_info()

#: Identifies the shipped model; derived from the weights' checksum, so it changes whenever the
#: model is rebuilt differently. Use it as part of any cache key for stored vectors.
MODEL_VERSION: str = (
    f"minilm-static-{_build_info.get('pca_dims', 'unknown')}d-{_build_info.get('model_sha256', 'missing')[:12]}"
)


def embedding_dim() -> int:
    """Width of the vectors :func:`embed` returns, without loading the model.

    >>> embedding_dim()
    256
    """
    if "pca_dims" in _build_info:
        return int(_build_info["pca_dims"])
    return int(_load_model().dim)


@functools.lru_cache(maxsize=1)
def _load_model() -> StaticModel:
    """Load the shipped model from disk, once; never falls back to a download."""
    missing = [name for name in _REQUIRED_FILES if not (MODEL_DIR / name).is_file()]
    if missing:
        # model2vec would treat a missing folder as a hub name and try to download it.
        raise FileNotFoundError(
            f"The embedding model is incomplete in {MODEL_DIR} (missing: {', '.join(missing)}). "
            "Reinstall infosynth or rebuild it with scripts/build_embeddings.py."
        )
    # Set before model2vec imports huggingface_hub, which reads these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from model2vec import StaticModel

    return StaticModel.from_pretrained(MODEL_DIR)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed each text as one float32 row of unit length; shape ``(len(texts), embedding_dim())``.

    Texts with no known tokens (empty, only punctuation the tokenizer drops) get an all-zero row
    rather than an arbitrary direction, so they are similar to nothing. The same text always gives
    the same vector, whatever else is in the batch.

    >>> embed([]).shape == (0, embedding_dim())
    True
    >>> rows = embed(["Plans the weekly rota for the ward"])
    >>> round(float(np.linalg.norm(rows[0])), 4)
    1.0
    """
    if isinstance(texts, str):
        raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
    texts = list(texts)
    if not texts:
        return np.zeros((0, embedding_dim()), dtype=np.float32)
    vectors = _load_model().encode(texts, show_progress_bar=False, use_multiprocessing=False)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors
