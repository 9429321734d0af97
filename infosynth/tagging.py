"""Category tagging: which of roles / skills / day-to-day / culture a snippet speaks about.

Every snippet gets none, one or several categories. Four kinds of evidence are combined:

* an inline tag written by the user (``#skills``, ``#culture``, ``#day``...) always wins;
* the heading the snippet sits under ("Typical day", "Background", "Advice"), via hint words;
* lexical cues (lemma phrases and token patterns from ``data/tagging/cues.toml``);
* a linear model (one logistic regression per category) over TF-IDF word and character n-grams,
  sentence embeddings and the cue/heading features, trained on the hand-written seed corpus in
  ``data/tagging/seed/`` by ``scripts/train_tagger.py``.

The trained model ships as plain JSON + ``.npz`` arrays and is applied with numpy, so loading it needs
neither scikit-learn nor pickles. Users can add cue phrases for the built-in categories or whole new
categories (tagged by their cues only) through :class:`TaggingSettings`.

>>> from infosynth.models import Snippet
>>> snippets = [Snippet("a.md", 3, "Standup at 9:30, then clinic until noon", heading="Typical day")]
>>> tag_snippets(snippets)                                     # doctest: +SKIP
>>> snippets[0].categories                                     # doctest: +SKIP
('day-to-day',)
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .models import CATEGORIES, Snippet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DATA_DIR = Path(__file__).resolve().parent / "data" / "tagging"
CUES_FILE = DATA_DIR / "cues.toml"
MODEL_JSON = DATA_DIR / "model.json"
MODEL_NPZ = DATA_DIR / "model.npz"

#: Inline tags (lower-case, without '#') that name a built-in category.
INLINE_TAGS: dict[str, str] = {
    "roles": "roles", "role": "roles",
    "skills": "skills", "skill": "skills",
    "day-to-day": "day-to-day", "daytoday": "day-to-day", "day": "day-to-day", "day_to_day": "day-to-day",
    "culture": "culture",
}


def _model_version() -> str:
    """Changes whenever the shipped model or cues change (part of the build cache key)."""
    digest = hashlib.sha256()
    for path in (MODEL_JSON, MODEL_NPZ, CUES_FILE):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return "tagger-" + digest.hexdigest()[:12]


MODEL_VERSION: str = _model_version()


# ------------------------------------------------------------------------------------------- settings/results


@dataclass
class TaggingSettings:
    """User choices for tagging.

    ``extra_cues`` maps a category to extra cue phrases. For a built-in category a matching phrase sets the
    category outright; any other name is a user-defined category tagged by its cues only.

    >>> TaggingSettings(extra_cues={"compensation": ["salary", "pay", "bonus"]}).extra_categories()
    ['compensation']
    """

    extra_cues: dict[str, list[str]] = field(default_factory=dict)
    use_model: bool = True

    def extra_categories(self) -> list[str]:
        return [name for name in self.extra_cues if name not in CATEGORIES]


@dataclass(frozen=True)
class TagResult:
    """Categories given to one snippet, a short human-readable reason, and the model's probabilities."""

    categories: tuple[str, ...]
    evidence: str
    scores: dict[str, float]


# ---------------------------------------------------------------------------------------------- text → tokens

_MARKUP = re.compile(r"\*\*|__|`|\[\[|\]\]|(?<!\w)#(?=\w)")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": " - "})


def clean_text(text: str) -> str:
    """Lower-cased text without markdown emphasis or curly quotes (the lookup lemmatizer is case-sensitive).

    >>> clean_text("**Learned** SQL — “on the job”")
    'learned sql - "on the job"'
    """
    return _SPACES.sub(" ", _MARKUP.sub("", text or "").translate(_QUOTES)).strip().lower()


@functools.lru_cache(maxsize=1)
def get_nlp() -> "Language":
    """The blank English pipeline with lookup lemmas.

    Always the blank one, even when a trained pipeline is installed: the model was trained on these lemmas,
    and different lemmas would shift its features.
    """
    from .nlp import get_nlp as shared_nlp

    return shared_nlp("blank")


def word_terms(doc: "Doc") -> list[str]:
    """Lemma unigrams and bigrams; numbers become their shape (``9:30`` → ``#d:dd``) so times generalise.

    >>> word_terms(get_nlp()("met at 9:30"))
    ['meet', 'at', '#d:dd', 'meet at', 'at #d:dd']
    """
    tokens = []
    for text, lemma, shape, is_punct, is_space in _token_rows(doc):
        if is_space or (is_punct and text not in _KEPT_PUNCT):
            continue
        tokens.append("#" + shape if "d" in shape else (lemma or text))
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


_KEPT_PUNCT = {"?", "+", "&", "/"}


def _token_rows(doc: "Doc") -> list[tuple[str, str, str, bool, bool]]:
    """(text, lemma, shape, is_punct, is_space) per token, read in bulk (much faster than Token objects)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH, SHAPE

    strings = doc.vocab.strings
    return [(strings[o], strings[lem], strings[sh], bool(p), bool(sp))
            for o, lem, sh, p, sp in doc.to_array([ORTH, LEMMA, SHAPE, IS_PUNCT, IS_SPACE]).tolist()]


def char_terms(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries, each word padded with spaces (as scikit-learn's ``char_wb``).

    >>> char_terms("ab", 2, 3)
    [' a', 'ab', 'b ', ' ab', 'ab ']
    """
    grams: list[str] = []
    for word in text.split():
        grams.extend(_word_char_grams(word, low, high))
    return grams


@functools.lru_cache(maxsize=65536)
def _word_char_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    padded = f" {word} "
    size = len(padded)
    grams = []
    for n in range(low, high + 1):
        if n > size:
            break
        grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return tuple(grams)


# ------------------------------------------------------------------------------------------------------ cues


def _lemma_key(text: str) -> str:
    return " ".join(t.lemma_ for t in get_nlp()(clean_text(text)))


def _phrase_docs(phrases: Iterable[str]) -> list["Doc"]:
    """Pattern docs for a lemma PhraseMatcher, several per phrase.

    The lookup lemmatizer is not consistent across word forms ("meeting" → "meet" but "meetings" → "meeting"),
    so each phrase is added with its lookup lemmas, with its words as they are, and with a plural last word.
    """
    from spacy.tokens import Doc

    nlp = get_nlp()
    docs, seen = [], set()
    for phrase, doc in zip(phrases, nlp.pipe(clean_text(p) for p in phrases)):
        words = [t.text for t in doc]
        if not words:
            continue
        variants = [[t.lemma_ or t.text for t in doc], words]
        if words[-1].isalpha():
            variants.append(words[:-1] + [words[-1] + "s"])
        for lemmas in variants:
            key = tuple(lemmas)
            if key not in seen:
                seen.add(key)
                docs.append(Doc(nlp.vocab, words=words, lemmas=lemmas))
    return docs


def _expand_pattern(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Turn ``{"LOWER": {"IN": [a, b]}}`` token specs into one exact pattern per choice.

    >>> _expand_pattern([{"LOWER": {"IN": ["a", "b"]}}, {"LEMMA": "day"}])
    [[{'LOWER': 'a'}, {'LEMMA': 'day'}], [{'LOWER': 'b'}, {'LEMMA': 'day'}]]
    """
    alternatives: list[list[dict[str, Any]]] = [[]]
    for spec in pattern:
        choices = [spec]
        for key, value in spec.items():
            if isinstance(value, dict) and set(value) == {"IN"}:
                choices = [{**spec, key: option} for option in value["IN"]]
                break
        alternatives = [done + [choice] for done in alternatives for choice in choices]
    return alternatives


class CueMatcher:
    """Lemma phrase and token-pattern cues per category, plus heading hints.

    >>> cues = CueMatcher.from_file()
    >>> doc = get_nlp()(clean_text("Weekly team meetings on Mondays"))
    >>> sorted(cues.match(doc)["day-to-day"])
    ['meetings', 'mondays', 'weekly']
    """

    def __init__(self, phrases: dict[str, list[str]], patterns: dict[str, list[list[dict]]],
                 headings: dict[str, list[str]]):
        from spacy.matcher import Matcher, PhraseMatcher

        nlp = get_nlp()
        self.categories = list(dict.fromkeys([*CATEGORIES, *phrases, *patterns, *headings]))
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.pattern_matcher = Matcher(nlp.vocab)
        self.heading_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for category, items in phrases.items():
            if items:
                self.phrase_matcher.add(category, _phrase_docs(items))
        for category, items in patterns.items():
            expanded = [alt for pattern in items for alt in _expand_pattern(pattern)]
            if expanded:
                self.pattern_matcher.add(category, expanded)
        for category, items in headings.items():
            if items:
                self.heading_matcher.add(category, _phrase_docs(items))

    @classmethod
    def from_file(cls, path: Path = CUES_FILE, extra: dict[str, list[str]] | None = None) -> "CueMatcher":
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        phrases = {k: list(v) for k, v in data.get("phrases", {}).items()}
        for category, items in (extra or {}).items():
            phrases.setdefault(category, []).extend(items)
        return cls(phrases, data.get("patterns", {}), data.get("headings", {}))

    def match(self, doc: "Doc") -> dict[str, list[str]]:
        """Category → matched cue texts (longest non-overlapping per category, in text order)."""
        from spacy.util import filter_spans

        vocab = doc.vocab
        spans_by_category: dict[str, list] = {}
        for matcher in (self.phrase_matcher, self.pattern_matcher):
            if not len(matcher):
                continue
            for match_id, start, end in matcher(doc):
                spans_by_category.setdefault(vocab.strings[match_id], []).append(doc[start:end])
        return {cat: [s.text for s in sorted(filter_spans(spans), key=lambda s: s.start)]
                for cat, spans in spans_by_category.items()}

    def heading_hints(self, heading: str) -> dict[str, list[str]]:
        """Category → hint words found in the innermost heading of a ``"Outer > Inner"`` heading path.

        >>> CueMatcher.from_file().heading_hints("Interview > Typical day")
        {'day-to-day': ['typical day']}
        """
        inner = (heading or "").split(" > ")[-1].strip()
        if not inner:
            return {}
        doc = get_nlp()(clean_text(inner))
        found: dict[str, list[str]] = {}
        for match_id, start, end in self.heading_matcher(doc):
            found.setdefault(doc.vocab.strings[match_id], []).append(doc[start:end])
        from spacy.util import filter_spans

        return {cat: [s.text for s in filter_spans(spans)] for cat, spans in found.items()}


# ------------------------------------------------------------------------------------------------- features


@dataclass
class _Prepared:
    """Everything the model needs from one snippet, computed once."""

    text: str
    heading: str
    words: list[str]
    chars: list[str]
    cues: dict[str, list[str]]
    hints: dict[str, list[str]]


def _prepare(texts: Sequence[str], headings: Sequence[str], cues: CueMatcher) -> list[_Prepared]:
    nlp = get_nlp()
    cleaned = [clean_text(t) for t in texts]
    prepared = []
    hint_cache: dict[str, dict[str, list[str]]] = {}
    for text, heading, doc in zip(texts, headings, nlp.pipe(cleaned, batch_size=256)):
        if heading not in hint_cache:
            hint_cache[heading] = cues.heading_hints(heading)
        prepared.append(_Prepared(text, heading, word_terms(doc), char_terms(doc.text), cues.match(doc),
                                  hint_cache[heading]))
    return prepared


def _dense_features(items: Sequence[_Prepared], use_embeddings: bool) -> np.ndarray:
    """Cue counts, heading hints and (optionally) the sentence embedding, one row per snippet."""
    rows = np.zeros((len(items), 2 * len(CATEGORIES) + 2), dtype=np.float64)
    for i, item in enumerate(items):
        for j, category in enumerate(CATEGORIES):
            rows[i, j] = math.log1p(len(item.cues.get(category, ())))
            rows[i, len(CATEGORIES) + j] = 1.0 if item.hints.get(category) else 0.0
        rows[i, -2] = 1.0 if item.heading.strip() else 0.0
        rows[i, -1] = min(len(item.text.split()), 40) / 40.0  # terse bullets read differently from sentences
    if not use_embeddings:
        return rows
    from .analysis.embed import embed

    vectors = embed([item.text for item in items]).astype(np.float64) if items else np.zeros((0, 0))
    return np.hstack([rows, vectors]) if len(items) else rows


def _sparse_block(term_lists: Sequence[list[str]], vocab: dict[str, int], idf: np.ndarray):
    """Sublinear TF-IDF, L2-normalised per row, as (row, col, value) arrays."""
    row_ids, col_ids = [], []
    for i, terms in enumerate(term_lists):
        cols = [vocab[t] for t in terms if t in vocab]
        row_ids.append(np.full(len(cols), i, dtype=np.int64))
        col_ids.append(np.asarray(cols, dtype=np.int64))
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


# ---------------------------------------------------------------------------------------------------- model


@dataclass
class LinearModel:
    """One logistic regression per category over [word TF-IDF | char TF-IDF | dense] features.

    Stored as plain arrays; ``scores`` is a numpy dot product, identical after ``fit`` and after loading.
    """

    word_vocab: dict[str, int]
    word_idf: np.ndarray
    char_vocab: dict[str, int]
    char_idf: np.ndarray
    coef_word: np.ndarray  # (n_word, n_categories)
    coef_char: np.ndarray
    coef_dense: np.ndarray  # (n_dense, n_categories)
    intercept: np.ndarray  # (n_categories,)
    dense_mean: np.ndarray  # standardisation of the dense block
    dense_scale: np.ndarray
    block_weights: tuple[float, float, float]
    use_embeddings: bool

    def design(self, items: Sequence[_Prepared]):
        """The weighted feature matrix (scipy sparse) used in training."""
        from scipy import sparse

        n = len(items)
        blocks = []
        for terms, vocab, idf, weight in (
            ([it.words for it in items], self.word_vocab, self.word_idf, self.block_weights[0]),
            ([it.chars for it in items], self.char_vocab, self.char_idf, self.block_weights[1]),
        ):
            r, c, v = _sparse_block(terms, vocab, idf)
            blocks.append(sparse.csr_matrix((v * weight, (r, c)), shape=(n, len(vocab))))
        dense = (_dense_features(items, self.use_embeddings) - self.dense_mean) / self.dense_scale
        blocks.append(sparse.csr_matrix(dense * self.block_weights[2]))
        return sparse.hstack(blocks, format="csr")

    def scores(self, items: Sequence[_Prepared]) -> np.ndarray:
        """Probabilities, shape (n, n_categories), with numpy only."""
        n = len(items)
        logits = np.tile(self.intercept, (n, 1))
        for terms, vocab, idf, coef, weight in (
            ([it.words for it in items], self.word_vocab, self.word_idf, self.coef_word, self.block_weights[0]),
            ([it.chars for it in items], self.char_vocab, self.char_idf, self.coef_char, self.block_weights[1]),
        ):
            r, c, v = _sparse_block(terms, vocab, idf)
            if len(r):
                for j in range(logits.shape[1]):
                    logits[:, j] += np.bincount(r, weights=v * weight * coef[c, j], minlength=n)
        if n:
            dense = (_dense_features(items, self.use_embeddings) - self.dense_mean) / self.dense_scale
            logits += (dense * self.block_weights[2]) @ self.coef_dense
        return 1.0 / (1.0 + np.exp(-logits))


def _vocabulary(term_lists: Sequence[list[str]], groups: Sequence[str] | None, min_df: int,
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


def _fit_linear(items: Sequence[_Prepared], targets: np.ndarray, *, C: float, block_weights: tuple[float, float, float],
                use_embeddings: bool, groups: Sequence[str] | None = None, min_groups: int = 1, min_df: int = 2,
                random_state: int = 0) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    word_vocab, word_idf = _vocabulary([it.words for it in items], groups, min_df, min_groups)
    char_vocab, char_idf = _vocabulary([it.chars for it in items], groups, min_df, min_groups)
    dense = _dense_features(items, use_embeddings)
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LinearModel(
        word_vocab=word_vocab,
        word_idf=word_idf,
        char_vocab=char_vocab,
        char_idf=char_idf,
        coef_word=np.zeros((0, 0)), coef_char=np.zeros((0, 0)), coef_dense=np.zeros((0, 0)),
        intercept=np.zeros(targets.shape[1]), dense_mean=mean, dense_scale=scale,
        block_weights=block_weights, use_embeddings=use_embeddings,
    )
    X = model.design(items)
    coefs, intercepts = [], []
    for j in range(targets.shape[1]):
        y = targets[:, j]
        if y.min() == y.max():  # a category absent from the data: a constant, confident "no"
            coefs.append(np.zeros(X.shape[1]))
            intercepts.append(-10.0 if y.max() == 0 else 10.0)
            continue
        clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=1000,
                                 random_state=random_state)
        clf.fit(X, y)
        coefs.append(clf.coef_[0])
        intercepts.append(float(clf.intercept_[0]))
    W = np.vstack(coefs).T
    n_word, n_char = len(model.word_vocab), len(model.char_vocab)
    model.coef_word = W[:n_word]
    model.coef_char = W[n_word : n_word + n_char]
    model.coef_dense = W[n_word + n_char :]
    model.intercept = np.asarray(intercepts)
    return model


def decide(probs: np.ndarray, thresholds: np.ndarray, floor: float, max_labels: int,
           extra: float = 0.0, substantive: Sequence[bool] | None = None) -> list[list[int]]:
    """Category indices per row.

    The best category is kept when it passes its threshold, or, when none passes, when it reaches ``floor``
    (notes rarely hold lines about nothing); a ``substantive`` row (a full statement, see
    :func:`is_substantive`) always keeps its best category, however unsure: a user is better served by the
    likeliest reading, with its low score in the evidence, than by no category. Further categories need to
    pass their threshold and ``extra`` too (a second category should be clear, not merely possible), up to
    ``max_labels`` in all.

    >>> decide(np.array([[0.9, 0.6], [0.3, 0.1], [0.05, 0.1]]), np.array([0.5, 0.5]), 0.25, 2, extra=0.7)
    [[0], [0], []]
    >>> decide(np.array([[0.05, 0.1]]), np.array([0.5, 0.5]), 0.25, 2, substantive=[True])
    [[1]]
    """
    chosen = []
    for index, row in enumerate(probs):
        margin = row - thresholds
        order = [int(i) for i in np.argsort(-margin, kind="stable")]
        picked: list[int] = []
        if margin[order[0]] >= 0:
            picked.append(order[0])
        elif row.max() >= floor or (substantive is not None and substantive[index]):
            picked.append(int(np.argmax(row)))
        if picked:
            for i in order:
                if len(picked) >= max_labels:
                    break
                if i not in picked and margin[i] >= 0 and row[i] >= extra:
                    picked.append(i)
        chosen.append(sorted(picked))
    return chosen


SUBSTANTIVE_WORDS = 6


def is_substantive(text: str) -> bool:
    """A full statement (six words or more) rather than a fragment, a label or a lead-in ending in ":".

    >>> is_substantive("Still codes about a third of the time despite managing the team"), is_substantive("Culture:")
    (True, False)
    """
    stripped = text.strip()
    return len(stripped.split()) >= SUBSTANTIVE_WORDS and not stripped.endswith(":")


def _best_f1_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best, best_t = -1.0, 0.5
    for t in np.round(np.arange(0.10, 0.91, 0.01), 2):
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        fp = float(np.sum(pred & (y == 0)))
        fn = float(np.sum(~pred & (y == 1)))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best + 1e-12:
            best, best_t = f1, float(t)
    return best_t


def macro_f1(pred: list[list[int]], targets: np.ndarray) -> float:
    """Mean over categories of the F1 between chosen indices and a 0/1 target matrix."""
    scores = []
    for j in range(targets.shape[1]):
        p = np.array([j in row for row in pred])
        y = targets[:, j] == 1
        tp, fp, fn = np.sum(p & y), np.sum(p & ~y), np.sum(~p & y)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


# --------------------------------------------------------------------------------------------------- tagger


class CategoryTagger:
    """Tag snippets with categories, with evidence.

    >>> tagger = CategoryTagger.load()                                   # doctest: +SKIP
    >>> tagger.predict([Snippet("n.md", 1, "Needs SQL and Excel for sure")])[0].categories   # doctest: +SKIP
    ('skills',)
    """

    def __init__(self, settings: TaggingSettings | None = None, *, C: float = 4.0,
                 block_weights: tuple[float, float, float] = (1.0, 1.0, 0.05), use_embeddings: bool = True,
                 max_labels: int = 2, tune_thresholds: bool = False, min_groups: int = 3,
                 random_state: int = 0):
        self.settings = settings or TaggingSettings()
        self.C = C
        self.block_weights = block_weights
        self.use_embeddings = use_embeddings
        self.max_labels = max_labels
        self.tune_thresholds = tune_thresholds
        self.min_groups = min_groups
        self.random_state = random_state
        self.model: LinearModel | None = None
        self.thresholds = np.full(len(CATEGORIES), 0.5)
        self.floor = 0.0
        self.extra = 0.5
        self._cues = CueMatcher.from_file()
        self._user_cues = CueMatcher(dict(self.settings.extra_cues), {}, {}) if self.settings.extra_cues else None

    # -- training

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]], headings: Sequence[str] | None = None,
            groups: Sequence[str] | None = None, n_folds: int = 5) -> "CategoryTagger":
        """Train on texts with their category sets; thresholds come from cross-validated probabilities.

        ``groups`` (e.g. the occupation of each text) keeps related texts in the same fold, so thresholds
        are set on texts unlike those trained on.
        """
        headings = list(headings) if headings is not None else [""] * len(texts)
        items = _prepare(list(texts), headings, self._cues)
        targets = np.array([[int(c in set(lab)) for c in CATEGORIES] for lab in labels], dtype=np.int64)
        oof = self.cross_val_scores(items, targets, groups, n_folds)
        self.thresholds, self.floor = self.choose_thresholds(oof, targets)
        self.model = self._fit(items, targets, groups)
        return self

    def _fit(self, items: Sequence[_Prepared], targets: np.ndarray,
             groups: Sequence[str] | None = None) -> LinearModel:
        return _fit_linear(items, targets, C=self.C, block_weights=self.block_weights,
                           use_embeddings=self.use_embeddings, groups=groups, min_groups=self.min_groups,
                           random_state=self.random_state)

    def cross_val_scores(self, items: Sequence[_Prepared], targets: np.ndarray, groups: Sequence[str] | None,
                         n_folds: int = 5) -> np.ndarray:
        """Out-of-fold probabilities: grouped folds when ``groups`` is given, else shuffled K-fold."""
        from sklearn.model_selection import GroupKFold, KFold

        if groups is not None:
            groups = np.asarray(list(groups))
            folds = GroupKFold(n_splits=min(n_folds, len(set(groups)))).split(targets, groups=groups)
        else:
            folds = KFold(n_splits=n_folds, shuffle=True, random_state=self.random_state).split(targets)
        oof = np.zeros(targets.shape, dtype=np.float64)
        for train, test in folds:
            train_groups = [groups[i] for i in train] if groups is not None else None
            model = self._fit([items[i] for i in train], targets[train], train_groups)
            oof[test] = model.scores([items[i] for i in test])
        return oof

    def choose_thresholds(self, probs: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, float]:
        """Per-category thresholds and the floor for the single-best fallback, from out-of-fold probabilities.

        With ``tune_thresholds=False`` (the default) every threshold stays at 0.5, the natural point of
        class-balanced logistic regression: thresholds fitted to the seed corpus's own label mix did not carry
        over to notes written by others, while the fallback floor did.
        """
        if self.tune_thresholds:
            thresholds = np.array([_best_f1_threshold(probs[:, j], targets[:, j]) for j in range(targets.shape[1])])
        else:
            thresholds = np.full(targets.shape[1], 0.5)
        best, best_floor, best_extra = -1.0, 0.0, 0.5
        for extra in np.round(np.arange(0.5, 0.91, 0.05), 2):
            for floor in np.round(np.arange(0.0, 0.61, 0.02), 2):
                score = macro_f1(decide(probs, thresholds, float(floor), self.max_labels, float(extra)), targets)
                if score > best + 1e-12:
                    best, best_floor, best_extra = score, float(floor), float(extra)
        self.extra = best_extra
        return thresholds, best_floor

    # -- prediction

    def predict(self, snippets: Sequence[Snippet | str]) -> list[TagResult]:
        """Categories (CATEGORIES order, then extra ones), evidence and model probabilities per snippet."""
        snips = [s if isinstance(s, Snippet) else Snippet(note="", line=0, text=str(s)) for s in snippets]
        # Notes repeat lines (templates, pasted sections): work out each distinct (text, heading) once.
        keys = [(s.text, s.heading or "") for s in snips]
        unique = list(dict.fromkeys(keys))
        position = {key: i for i, key in enumerate(unique)}
        distinct = _prepare([k[0] for k in unique], [k[1] for k in unique], self._cues)
        items = [distinct[position[key]] for key in keys]
        use_model = self.settings.use_model and self.model is not None
        if use_model and distinct:
            probs = self.model.scores(distinct)[[position[key] for key in keys]]
        else:
            probs = np.zeros((len(items), len(CATEGORIES)))
        substantive = [is_substantive(item.text) for item in items]
        chosen = (decide(probs, self.thresholds, self.floor, self.max_labels, self.extra, substantive) if use_model
                  else [[] for _ in items])
        distinct_user = self._user_matches(distinct)
        user_matches = [distinct_user[position[key]] for key in keys]
        extra_names = self.settings.extra_categories()
        results = []
        for snippet, item, row, picked, user in zip(snips, items, probs, chosen, user_matches):
            scores = {c: round(float(p), 4) for c, p in zip(CATEGORIES, row)} if use_model else {}
            inline = self._inline(snippet)
            if inline:
                cats = self._ordered(inline, extra_names)
                evidence = "; ".join(f"inline tag #{tag} → {cat}" for tag, cat in inline.items())
                results.append(TagResult(cats, evidence, scores))
                continue
            picked_names = {CATEGORIES[i] for i in picked} if any(ch.isalpha() for ch in item.text) else set()
            if not use_model:  # cues and headings alone: any built-in cue or hint counts
                picked_names = {c for c in CATEGORIES if item.cues.get(c) or item.hints.get(c)}
            reasons: dict[str, list[str]] = {}
            for category, found in user.items():
                picked_names.add(category)
                reasons.setdefault(category, []).append(f"your cues {_quoted(found)} → {category}")
            cats = self._ordered({c: c for c in picked_names}, extra_names)
            parts = []
            for category in cats:
                if category in CATEGORIES:
                    if item.hints.get(category):
                        parts.append(f'heading "{item.heading.split(" > ")[-1].strip()}" → {category}')
                    if item.cues.get(category):
                        parts.append(f"cues {_quoted(item.cues[category])} → {category}")
                    if use_model:
                        parts.append(f"model {category} {scores[category]:.2f}")
                parts.extend(reasons.get(category, []))
            if not cats:
                if use_model and len(row):
                    best = int(np.argmax(row))
                    parts.append(f"no category: best was {CATEGORIES[best]} {row[best]:.2f}")
                else:
                    parts.append("no category: no cue or heading hint")
            results.append(TagResult(cats, "; ".join(parts), scores))
        return results

    def _user_matches(self, items: Sequence[_Prepared]) -> list[dict[str, list[str]]]:
        if not self._user_cues:
            return [{} for _ in items]
        nlp = get_nlp()
        return [self._user_cues.match(doc) for doc in nlp.pipe(clean_text(it.text) for it in items)]

    def _inline(self, snippet: Snippet) -> dict[str, str]:
        """Inline tag → category, for the tags that name one (built-in aliases or a user category)."""
        extra = {name.lower(): name for name in self.settings.extra_categories()}
        found = {}
        for tag in snippet.hashtags:
            tag = tag.lower().lstrip("#")
            category = INLINE_TAGS.get(tag) or extra.get(tag)
            if category:
                found[tag] = category
        return found

    @staticmethod
    def _ordered(mapping: dict[str, str], extra_names: list[str]) -> tuple[str, ...]:
        wanted = set(mapping.values())
        return tuple(c for c in [*CATEGORIES, *extra_names] if c in wanted)

    # -- persistence

    def save(self, directory: Path = DATA_DIR) -> None:
        """Write ``model.json`` (vocabularies, settings, thresholds) and ``model.npz`` (weights), reproducibly."""
        if self.model is None:
            raise ValueError("fit the tagger before saving it")
        m = self.model
        meta = {
            "format": 1,
            "categories": list(CATEGORIES),
            "C": self.C,
            "block_weights": list(self.block_weights),
            "use_embeddings": self.use_embeddings,
            "max_labels": self.max_labels,
            "thresholds": [round(float(t), 4) for t in self.thresholds],
            "floor": round(float(self.floor), 4),
            "extra": round(float(self.extra), 4),
            "min_groups": self.min_groups,
            "word_vocab": list(m.word_vocab),
            "char_vocab": list(m.char_vocab),
        }
        if self.use_embeddings:
            from .analysis.embed import MODEL_VERSION as EMBED_VERSION

            meta["embedding_model"] = EMBED_VERSION
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MODEL_JSON.name).write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n",
                                                 encoding="utf-8")
        arrays = {"word_idf": m.word_idf, "char_idf": m.char_idf, "coef_word": m.coef_word,
                  "coef_char": m.coef_char, "coef_dense": m.coef_dense, "intercept": m.intercept,
                  "dense_mean": m.dense_mean, "dense_scale": m.dense_scale}
        _write_npz(directory / MODEL_NPZ.name, {k: v.astype(np.float32) for k, v in arrays.items()})

    @classmethod
    def load(cls, settings: TaggingSettings | None = None, directory: Path = DATA_DIR) -> "CategoryTagger":
        """The shipped model (trained on the seed corpus), ready to predict."""
        meta = json.loads((directory / MODEL_JSON.name).read_text(encoding="utf-8"))
        with np.load(directory / MODEL_NPZ.name, allow_pickle=False) as npz:
            arrays = {k: npz[k].astype(np.float64) for k in npz.files}
        tagger = cls(settings, C=meta["C"], block_weights=tuple(meta["block_weights"]),
                     use_embeddings=meta["use_embeddings"], max_labels=meta["max_labels"])
        tagger.thresholds = np.asarray(meta["thresholds"], dtype=np.float64)
        tagger.floor = float(meta["floor"])
        tagger.extra = float(meta.get("extra", 0.5))
        tagger.model = LinearModel(
            word_vocab={t: i for i, t in enumerate(meta["word_vocab"])}, word_idf=arrays["word_idf"],
            char_vocab={t: i for i, t in enumerate(meta["char_vocab"])}, char_idf=arrays["char_idf"],
            coef_word=arrays["coef_word"], coef_char=arrays["coef_char"], coef_dense=arrays["coef_dense"],
            intercept=arrays["intercept"], dense_mean=arrays["dense_mean"], dense_scale=arrays["dense_scale"],
            block_weights=tuple(meta["block_weights"]), use_embeddings=meta["use_embeddings"],
        )
        return tagger


def _quoted(items: Iterable[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    shown = ", ".join(f'"{x}"' for x in unique[:limit])
    return shown + (", ..." if len(unique) > limit else "")


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
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


@functools.lru_cache(maxsize=8)
def _cached_tagger(settings_key: str) -> CategoryTagger:
    raw = json.loads(settings_key)
    return CategoryTagger.load(TaggingSettings(extra_cues=raw["extra_cues"], use_model=raw["use_model"]))


def tag_snippets(snippets: list[Snippet], settings: TaggingSettings | None = None) -> None:
    """Set ``categories`` and ``evidence`` on each snippet in place, with the shipped model.

    >>> s = Snippet("n.md", 4, "Wants people who can write a clear one-page memo")
    >>> tag_snippets([s]); s.categories                                  # doctest: +SKIP
    ('skills',)
    """
    settings = settings or TaggingSettings()
    key = json.dumps({"extra_cues": settings.extra_cues, "use_model": settings.use_model}, sort_keys=True)
    for snippet, result in zip(snippets, _cached_tagger(key).predict(snippets)):
        snippet.categories = result.categories
        snippet.evidence = result.evidence
