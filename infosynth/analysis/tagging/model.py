"""The tagger's model as plain arrays: one logistic regression per output over the snippet's features, and the rule that
turns probabilities into categories. Trained by ``training/tagger.py`` (scikit-learn, never at build time)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..._fast.linear import logistic_scores, tfidf_rows
from ...models import CATEGORIES
from .features import Prepared, cue_features

if TYPE_CHECKING:
    pass


#: Outputs of the model: one per category, then "no career content" (trained on the seed lines coded ``-``).
OUTPUTS: tuple[str, ...] = (*CATEGORIES, "none")


@dataclass
class LinearModel:
    """One logistic regression per output over
    [sentence vector | static embedding | scaled cue/heading features | word TF-IDF].

    Stored as plain arrays; :meth:`scores` is numpy arithmetic, identical after ``fit`` and after loading.
    """

    coef: np.ndarray  # (vector width + static width + N_CUE_FEATURES, len(OUTPUTS))
    coef_words: np.ndarray  # (len(word_vocab), len(OUTPUTS))
    intercept: np.ndarray  # (len(OUTPUTS),)
    cue_mean: np.ndarray  # standardisation of the cue/heading block
    cue_scale: np.ndarray
    word_vocab: dict[str, int]
    word_idf: np.ndarray
    cue_weight: float  # how loud the cue/heading block is next to the sentence vector
    word_weight: float  # and the word block

    def dense(self, vectors: np.ndarray, items: Sequence[Prepared]) -> np.ndarray:
        cues = (cue_features(items) - self.cue_mean) / self.cue_scale * self.cue_weight
        static = np.vstack([it.static for it in items]) if items else np.zeros((0, 0))
        return np.hstack([np.asarray(vectors, dtype=np.float64), static, cues])

    def scores(self, vectors: np.ndarray, items: Sequence[Prepared]) -> np.ndarray:
        """Probabilities, shape (n, len(OUTPUTS)), with numpy only."""
        if not items:
            return np.zeros((0, len(OUTPUTS)))
        rows, cols, vals = tfidf_rows([it.words for it in items], self.word_vocab, self.word_idf)
        return logistic_scores(self.dense(vectors, items), self.coef, self.intercept,
                               (rows, cols, vals * self.word_weight), self.coef_words)


@dataclass(frozen=True)
class DecisionRule:
    """How probabilities become categories.

    * A category is given when its probability reaches ``threshold``; a second one also needs ``extra`` (a second
      category should be clear, not merely possible); at most ``max_labels``.
    * When no category reaches the threshold, the likeliest is still given if it reaches ``floor``.
    * "No career content": when the none output reaches ``none_threshold`` and no category reaches ``sure``, the
      snippet gets no category, whatever the floor says.

    All of them are chosen on cross-validated probabilities over the seed corpus's occupation groups.
    """

    threshold: float = 0.5
    extra: float = 0.5
    floor: float = 0.35
    none_threshold: float = 1.01
    sure: float = 0.9
    max_labels: int = 2

    def decide(self, probs: np.ndarray) -> list[list[int]]:
        """Category indices per row of ``probs`` (columns: OUTPUTS).

        >>> rule = DecisionRule(threshold=0.5, extra=0.7, floor=0.3, none_threshold=0.6, sure=0.9)
        >>> rule.decide(np.array([[0.9, 0.6, 0.1, 0.1, 0.1], [0.4, 0.1, 0.1, 0.1, 0.2], [0.4, 0.1, 0.1, 0.1, 0.8],
        ...                       [0.95, 0.1, 0.1, 0.1, 0.8], [0.2, 0.1, 0.1, 0.1, 0.1]]))
        [[0], [0], [], [0], []]
        """
        chosen: list[list[int]] = []
        n_cat = len(CATEGORIES)
        for row in probs:
            cats = row[:n_cat]
            best = int(np.argmax(cats))
            if len(row) > n_cat and row[n_cat] >= self.none_threshold and cats[best] < self.sure:
                chosen.append([])
                continue
            picked = [best] if cats[best] >= min(self.threshold, self.floor) else []
            if picked and cats[best] >= self.threshold:
                for i in np.argsort(-cats, kind="stable")[1:]:
                    if len(picked) >= self.max_labels:
                        break
                    if cats[i] >= self.threshold and cats[i] >= self.extra:
                        picked.append(int(i))
            chosen.append(sorted(picked))
        return chosen

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) if isinstance(v, float) else v for k, v in dataclasses.asdict(self).items()}
