"""Scoring a linear model with numpy: sublinear TF-IDF rows as scikit-learn's ``TfidfVectorizer`` computes them, and
logistic probabilities as ``LogisticRegression.predict_proba`` gives them. scikit-learn's import and per-call
checks cost more than scoring one note's snippets. Checked against scikit-learn in tests/test_fast.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    pass


def tfidf_rows(term_lists: Sequence[list[str]], vocab: dict[str, int], idf: np.ndarray):
    """Sublinear TF-IDF, L2-normalised per row, as (row, col, value) arrays."""
    row_ids, col_ids = [], []
    for i, terms in enumerate(term_lists):
        found = [vocab[t] for t in terms if t in vocab]
        row_ids.append(np.full(len(found), i, dtype=np.int64))
        col_ids.append(np.asarray(found, dtype=np.int64))
    if not row_ids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    rows, cols = np.concatenate(row_ids), np.concatenate(col_ids)
    width = max(len(vocab), 1)
    keys, counts = np.unique(rows * width + cols, return_counts=True)
    rows, cols = keys // width, keys % width
    vals = (1.0 + np.log(counts)) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(term_lists)))
    return rows, cols, vals / norms[rows]


def logistic_scores(dense: np.ndarray, coef: np.ndarray, intercept: np.ndarray,
                    sparse: tuple[np.ndarray, np.ndarray, np.ndarray], coef_sparse: np.ndarray) -> np.ndarray:
    """Probabilities of one binary logistic regression per column of ``coef``, over the features
    ``[dense | sparse]`` (``sparse`` as (row, col, value) arrays): ``predict_proba(X)[:, 1]`` of each."""
    n = dense.shape[0]
    logits = dense @ coef + intercept
    rows, cols, vals = sparse
    if len(rows):
        for j in range(logits.shape[1]):
            logits[:, j] += np.bincount(rows, weights=vals * coef_sparse[cols, j], minlength=n)
    return 1.0 / (1.0 + np.exp(-logits))
