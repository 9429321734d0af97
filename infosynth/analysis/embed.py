"""Sentence embeddings from the static model shipped in ``infosynth/data/embeddings/minilm-static``.

The model is a model2vec distillation of all-MiniLM-L6-v2 (see ``scripts/build_embeddings.py``):
a sentence vector is the mean of its WordPiece token vectors. Embedding needs only numpy, ``tokenizers``
and ``safetensors``: no torch, no download, no network. The model is read once per process with those two
libraries directly, which takes a tenth of a second where importing model2vec itself takes half a second;
``tests/test_embed.py`` checks the vectors equal model2vec's own.

>>> vectors = embed(["Mentors new analysts", "Coaches junior staff"])
>>> vectors.shape == (2, embedding_dim())
True
>>> float(vectors[0] @ vectors[1]) > 0.3
True
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..resources import DATA_DIR

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_DIR = DATA_DIR / "embeddings" / "minilm-static"
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


class StaticEmbedder:
    """Mean-pooled token vectors, computed as model2vec's ``StaticModel.encode`` does for this model.

    Texts are cut to ``max_length`` × the median token length in characters, tokenised without special
    tokens and truncated to ``max_length`` tokens; unknown tokens are dropped; the float16 token vectors are
    averaged and scaled to unit length.
    """

    def __init__(self, vectors: np.ndarray, tokenizer: "Tokenizer", max_length: int | None):
        self.vectors = vectors
        self.tokenizer = tokenizer
        self.max_length = max_length
        padding = tokenizer.padding
        if padding is not None:  # pad nothing: a batch's rows keep their own lengths
            tokenizer.enable_padding(pad_id=padding["pad_id"], pad_token=padding["pad_token"],
                                     pad_type_id=padding["pad_type_id"], length=0)
        if max_length is None:
            tokenizer.no_truncation()
        else:
            tokenizer.enable_truncation(max_length)
        unk = getattr(tokenizer.model, "unk_token", None)
        self.unk_id = tokenizer.token_to_id(unk) if unk else None
        vocab = tokenizer.get_vocab()
        self.char_limit = None if max_length is None else max_length * int(np.median([len(t) for t in vocab]))

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self.char_limit is not None:
            texts = [text[:self.char_limit] for text in texts]
        ids = [e.ids for e in self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)]
        if self.unk_id is not None:
            ids = [[i for i in row if i != self.unk_id] for row in ids]
        out = np.zeros((len(ids), self.dim), dtype=self.vectors.dtype)
        by_length: dict[int, list[int]] = defaultdict(list)  # one fancy-index per length, not per text
        for row, token_ids in enumerate(ids):
            if token_ids:
                by_length[len(token_ids)].append(row)
        for rows in by_length.values():
            out[rows] = self.vectors[np.array([ids[r] for r in rows], dtype=np.int64)].mean(axis=1)
        out32 = out.astype(np.float32)
        return (out32 / (np.linalg.norm(out32, axis=1, keepdims=True) + 1e-32)).astype(out.dtype)


@functools.lru_cache(maxsize=1)
def _load_model() -> StaticEmbedder:
    """Load the shipped model from disk, once; never falls back to a download."""
    missing = [name for name in _REQUIRED_FILES if not (MODEL_DIR / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"The embedding model is incomplete in {MODEL_DIR} (missing: {', '.join(missing)}). "
            "Reinstall infosynth or rebuild it with scripts/build_embeddings.py."
        )
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    tensors = load_file(MODEL_DIR / "model.safetensors")
    if set(tensors) != {"embeddings"}:  # per-token weights or a quantised vocabulary would need more code
        raise ValueError(f"unexpected tensors {sorted(tensors)} in {MODEL_DIR / 'model.safetensors'}")
    vectors = tensors["embeddings"]
    return StaticEmbedder(vectors, Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json")), config.get("max_length", 512))


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
    vectors = _load_model().encode(texts)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors
