"""Sentence vectors from the transformer encoder shipped in ``infosynth/data/encoder/``.

The model is all-MiniLM-L6-v2 (tuned for career conversations, see ``scripts/build_encoder.py``) exported to
ONNX with mean pooling and L2 normalisation inside the graph, its linear layers quantised to int8. Running it
needs onnxruntime and ``tokenizers`` only: no torch, no download, no network.

Each text runs on its own. The int8 graph quantises activations with a scale taken from the whole input, so in a
batch a text's vector would move with its batch-mates (cosine down to 0.96 against the same text alone): a note's
vectors, and the themes built on them, would then depend on which other lines the note holds. Alone, a text always
gets the same vector, wherever it appears; batching would be about 1.7× faster. The shipped graph relies on
this: its attention layers read no padding mask (``scripts/build_encoder.py`` removes that bookkeeping), which is
exact for one unpadded text and would be wrong for a padded batch.

Each run uses one onnxruntime thread: a one-line input is too small to share out among threads, and the extra
ones only spin. Parallelism comes from running several texts at once, one per thread (the session is
thread-safe); the vectors are the same bits whatever the thread count.

>>> vectors = encode(["Twelve-hour night shifts on the ward", "Works nights, three twelves a week",
...                   "I adopted a grey cat"])
>>> vectors.shape == (3, encoder_dim())
True
>>> float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.3
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

from ..resources import DATA_DIR

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

MODEL_DIR = DATA_DIR / "encoder"
_REQUIRED_FILES = ("model.onnx", "tokenizer.json", "build_info.json")


def _read_build_info() -> dict:
    try:
        return json.loads((MODEL_DIR / "build_info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


_build_info = _read_build_info()

#: Identifies the shipped model by its checksum; part of every cache key for stored vectors.
MODEL_VERSION: str = f"encoder-{_build_info.get('model_sha256', 'missing')[:12]}"


def encoder_dim() -> int:
    """Width of the vectors :func:`encode` returns, without loading the model.

    >>> encoder_dim()
    384
    """
    return int(_build_info.get("dim", 384))


def default_threads() -> int:
    """Texts encoded at once per process: ``INFOSYNTH_ENCODER_THREADS``, else one per CPU up to four."""
    value = os.environ.get("INFOSYNTH_ENCODER_THREADS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


class Encoder:
    """An ONNX sentence encoder and its WordPiece tokenizer."""

    def __init__(self, session: "onnxruntime.InferenceSession", tokenizer: "Tokenizer", max_tokens: int,
                 threads: int = 1):
        self.session = session
        self.tokenizer = tokenizer
        self.threads = max(1, threads)
        tokenizer.no_padding()  # batches are padded here, to their own longest text
        tokenizer.enable_truncation(max_tokens)
        self.dim = int(session.get_outputs()[0].shape[1]) if isinstance(session.get_outputs()[0].shape[1], int) \
            else encoder_dim()

    @classmethod
    def load(cls, folder: Path = MODEL_DIR, threads: int | None = None) -> "Encoder":
        missing = [name for name in _REQUIRED_FILES if not (folder / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"The sentence encoder is incomplete in {folder} (missing: {', '.join(missing)}). "
                "Reinstall infosynth or rebuild it with scripts/build_encoder.py."
            )
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        info = json.loads((folder / "build_info.json").read_text(encoding="utf-8"))
        return cls(session, Tokenizer.from_file(str(folder / "tokenizer.json")), int(info.get("max_tokens", 128)),
                   threads or default_threads())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows; a text with no word pieces (empty, only spaces) gets a zero row."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # [CLS] and [SEP] alone: nothing to say, similar to nothing (a zero row).
        todo = [(i, e.ids) for i, e in enumerate(self.tokenizer.encode_batch_fast(list(texts))) if len(e.ids) > 2]

        def run(part: list[tuple[int, list[int]]]) -> None:
            for i, ids in part:
                input_ids = np.asarray([ids], dtype=np.int64)
                out[i] = self.session.run(None, {"input_ids": input_ids,
                                                 "attention_mask": np.ones_like(input_ids)})[0][0]

        threads = min(self.threads, len(todo) // 8)  # a few lines are not worth a thread
        if threads < 2:
            run(todo)
            return out
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(run, [todo[k::threads] for k in range(threads)]))
        return out


@functools.lru_cache(maxsize=1)
def get_encoder() -> Encoder:
    """The shipped encoder, loaded once per process."""
    return Encoder.load()


def encode(texts: Sequence[str]) -> np.ndarray:
    """Encode each text as one float32 row of unit length; shape ``(len(texts), encoder_dim())``.

    Repeated texts are encoded once.

    >>> encode([]).shape == (0, encoder_dim())
    True
    >>> rows = encode(["Plans the weekly rota for the ward", ""])
    >>> round(float(np.linalg.norm(rows[0])), 4), float(np.linalg.norm(rows[1]))
    (1.0, 0.0)
    """
    if isinstance(texts, str):
        raise TypeError("encode() takes a sequence of texts; wrap a single text in a list")
    texts = list(texts)
    if not texts:
        return np.zeros((0, encoder_dim()), dtype=np.float32)
    distinct = list(dict.fromkeys(texts))
    vectors = get_encoder().encode(distinct)
    if len(distinct) == len(texts):
        return vectors
    position = {text: i for i, text in enumerate(distinct)}
    return vectors[[position[t] for t in texts]]
