"""Training the category tagger (scikit-learn): the word vocabulary, class-balanced logistic regressions, out-of-fold
probabilities and the decision rule chosen from them, and the model files the package reads
(``infosynth/data/tagging/model.json`` and ``model.npz``).

Used by ``scripts/train_tagger.py`` and the tests; nothing in ``infosynth/`` imports it, so a build never loads
scikit-learn for the tagger. The package side is :class:`infosynth.analysis.tagging.CategoryTagger`, which only loads.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from infosynth._fast.linear import tfidf_rows
from infosynth.analysis.tagging.features import DATA_DIR, Prepared, cue_features
from infosynth.analysis.tagging.model import OUTPUTS, DecisionRule, LinearModel
from infosynth.analysis.tagging.tagger import MODEL_JSON, MODEL_NPZ, CategoryTagger
from infosynth.models import CATEGORIES


def targets(labels: Sequence[Iterable[str]]) -> np.ndarray:
    """0/1 matrix over OUTPUTS; "none" is set for rows with no category."""
    rows = []
    for lab in labels:
        cats = set(lab)
        rows.append([int(c in cats) for c in CATEGORIES] + [int(not cats & set(CATEGORIES))])
    return np.array(rows, dtype=np.int64)


def design(model: LinearModel, vectors: np.ndarray, items: Sequence[Prepared]) -> Any:
    """The feature matrix the regressions are fitted on (scipy sparse): what ``model.scores`` multiplies."""
    from scipy import sparse

    r, c, v = tfidf_rows([it.words for it in items], model.word_vocab, model.word_idf)
    words = sparse.csr_matrix((v * model.word_weight, (r, c)), shape=(len(items), len(model.word_vocab)))
    return sparse.hstack([sparse.csr_matrix(model.dense(vectors, items)), words], format="csr")


def fit(tagger: CategoryTagger, vectors: np.ndarray, items: Sequence[Prepared], targets: np.ndarray,
        groups: Sequence[str] | None = None, oof: np.ndarray | None = None) -> CategoryTagger:
    """Train ``tagger`` on sentence vectors, prepared items and OUTPUTS targets; the decision rule comes from
    cross-validated probabilities (``oof``, computed here over ``groups`` when not given)."""
    if oof is None:
        oof = cross_val_scores(tagger, vectors, items, targets, groups)
    tagger.rule_ = choose_rule(oof, targets[:, :len(CATEGORIES)], tagger.use_none)
    tagger.model_ = fit_model(tagger, vectors, items, targets, groups)
    from infosynth.analysis.encoder import MODEL_VERSION as ENCODER_VERSION

    tagger.encoder_version_ = ENCODER_VERSION
    return tagger


def fit_model(tagger: CategoryTagger, vectors: np.ndarray, items: Sequence[Prepared], targets: np.ndarray,
              groups: Sequence[str] | None) -> LinearModel:
    """The regressions alone, with the tagger's settings."""
    if not tagger.use_none:
        targets = targets.copy()
        targets[:, len(CATEGORIES)] = 0
    return fit_linear(vectors, items, targets, groups, C=tagger.C, cue_weight=tagger.cue_weight,
                      word_weight=tagger.word_weight, min_groups=tagger.min_groups)


def cross_val_scores(tagger: CategoryTagger, vectors: np.ndarray, items: Sequence[Prepared], targets: np.ndarray,
                     groups: Sequence[str] | None, n_folds: int | None = None) -> np.ndarray:
    """Out-of-fold probabilities: one fold per group (or ``n_folds`` grouped folds), else 5 shuffled folds."""
    from sklearn.model_selection import GroupKFold, KFold, LeaveOneGroupOut

    if groups is not None:
        groups = np.asarray(list(groups))
        splitter = GroupKFold(n_splits=n_folds) if n_folds else LeaveOneGroupOut()
        folds = splitter.split(targets, groups=groups)
    else:
        folds = KFold(n_splits=n_folds or 5, shuffle=True, random_state=0).split(targets)
    oof = np.zeros(targets.shape, dtype=np.float64)
    for train, test in folds:
        model = fit_model(tagger, vectors[train], [items[i] for i in train], targets[train],
                          [groups[i] for i in train] if groups is not None else None)
        oof[test] = model.scores(vectors[test], [items[i] for i in test])
    return oof


def save(tagger: CategoryTagger, directory: Path = DATA_DIR) -> None:
    """Write ``model.json`` (settings, decision rule) and ``model.npz`` (weights), reproducibly."""
    if tagger.model_ is None:
        raise ValueError("fit the tagger before saving it")
    meta = {
        "format": 2,
        "outputs": list(OUTPUTS),
        "C": tagger.C,
        "cue_weight": tagger.cue_weight,
        "word_weight": tagger.word_weight,
        "min_groups": tagger.min_groups,
        "use_none": tagger.use_none,
        "rule": tagger.rule_.as_dict(),
        "encoder": tagger.encoder_version_,
        "word_vocab": list(tagger.model_.word_vocab),
    }
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MODEL_JSON.name).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    m = tagger.model_
    arrays = {"coef": m.coef, "coef_words": m.coef_words, "intercept": m.intercept, "cue_mean": m.cue_mean,
              "cue_scale": m.cue_scale, "word_idf": m.word_idf}
    write_npz(directory / MODEL_NPZ.name, {k: v.astype(np.float32) for k, v in arrays.items()})


def vocabulary(term_lists: Sequence[list[str]], groups: Sequence[str] | None, min_df: int,
                min_groups: int) -> tuple[dict[str, int], np.ndarray]:
    """Terms seen in at least ``min_df`` texts and ``min_groups`` groups, with smoothed IDF (as scikit-learn).

    Requiring a term in several occupation groups keeps one field's jargon ("rounds", "sprint") out of the
    model, so what it learns is how people talk about roles, skills, days and culture in any field.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, min_df=min_df, dtype=np.float64)
    vec.fit(term_lists)
    vocab, idf = vec.vocabulary_, vec.idf_
    keep = sorted(vocab)
    if groups is not None and min_groups > 1:
        spread: dict[str, set[str]] = {}
        for terms, group in zip(term_lists, groups):
            for term in set(terms):
                if term in vocab:
                    spread.setdefault(term, set()).add(group)
        keep = [t for t in keep if len(spread.get(t, ())) >= min_groups]
    return {t: i for i, t in enumerate(keep)}, np.asarray([idf[vocab[t]] for t in keep], dtype=np.float64)


def fit_linear(vectors: np.ndarray, items: Sequence[Prepared], targets: np.ndarray, groups: Sequence[str] | None,
                *, C: float, cue_weight: float, word_weight: float, min_groups: int = 3) -> LinearModel:
    """Class-balanced logistic regressions (scikit-learn, at training time only), one per target column."""
    from sklearn.linear_model import LogisticRegression

    cues = cue_features(items)
    scale = cues.std(axis=0)
    scale[scale < 1e-9] = 1.0
    vocab, idf = vocabulary([it.words for it in items], groups, min_df=2, min_groups=min_groups)
    model = LinearModel(coef=np.zeros(0), coef_words=np.zeros(0), intercept=np.zeros(0), cue_mean=cues.mean(axis=0),
                        cue_scale=scale, word_vocab=vocab, word_idf=idf, cue_weight=cue_weight,
                        word_weight=word_weight)
    X = design(model, vectors, items)
    coefs, intercepts = [], []
    for j in range(targets.shape[1]):
        y = targets[:, j]
        if y.min() == y.max():  # an output absent from the data: a constant, confident "no"
            coefs.append(np.zeros(X.shape[1]))
            intercepts.append(-10.0 if y.max() == 0 else 10.0)
            continue
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, tol=1e-6)
        clf.fit(X, y)
        coefs.append(clf.coef_[0])
        intercepts.append(float(clf.intercept_[0]))
    W = np.vstack(coefs).T
    width = X.shape[1] - len(vocab)
    model.coef, model.coef_words = W[:width], W[width:]
    model.intercept = np.asarray(intercepts)
    return model


def macro_f1(pred: list[list[int]], targets: np.ndarray) -> float:
    """Mean over categories of the F1 between chosen indices and a 0/1 target matrix."""
    scores = []
    for j in range(targets.shape[1]):
        p = np.array([j in row for row in pred])
        y = targets[:, j] == 1
        tp, fp, fn = np.sum(p & y), np.sum(p & ~y), np.sum(~p & y)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def choose_rule(probs: np.ndarray, targets: np.ndarray, use_none: bool = True) -> DecisionRule:
    """The decision rule with the best macro-F1 on out-of-fold probabilities (ties: the first, i.e. simplest)."""
    best, best_rule = -1.0, DecisionRule()
    grid_none = [1.01] + ([round(x, 2) for x in np.arange(0.5, 0.96, 0.05)] if use_none else [])
    for threshold in (0.5,):
        for extra in np.round(np.arange(0.5, 0.91, 0.1), 2):
            for floor in np.round(np.arange(0.0, 0.51, 0.05), 2):
                for none_threshold in grid_none:
                    # Overriding a confident "no career content" takes a near-certain category: below 0.9, a
                    # personal routine told with clock words ("6:10 a.m.: alarm, walks the dog") reads as a workday.
                    for sure in ((0.9, 1.01) if none_threshold <= 1 else (1.01,)):
                        rule = DecisionRule(float(threshold), float(extra), float(floor), float(none_threshold),
                                            float(sure))
                        score = macro_f1(rule.decide(probs), targets)
                        if score > best + 1e-9:
                            best, best_rule = score, rule
    return best_rule


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An ``.npz`` that ``np.load`` reads, with fixed timestamps so identical arrays give identical bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            payload = io.BytesIO()
            np.lib.format.write_array(payload, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload.getvalue())
    path.write_bytes(buffer.getvalue())
