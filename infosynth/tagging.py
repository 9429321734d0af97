"""Category tagging: which of roles / skills / day-to-day / culture a snippet speaks about.

Every snippet gets none, one or several categories. The evidence:

* an inline tag written by the user (``#skills``, ``#culture``, ``#day``...) always wins;
* the note-taker's own questions and the interview's logistics (``Snippet.kind``) get none;
* otherwise a linear model reads the snippet's sentence vector from the shipped transformer encoder
  (``infosynth.encoder``), with lexical cues (``data/tagging/cues.toml``) and hint words in the heading above it.
  One logistic regression per category, and one for "no career content", trained on the hand-written seed
  corpus in ``data/tagging/seed/`` by ``scripts/train_tagger.py``; a decision rule chosen by cross-validation
  over the corpus's occupation groups turns their probabilities into categories, or into none.

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

import dataclasses
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

from .models import CATEGORIES, Snippet, is_takeaway

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
    """What the model reads from one snippet besides its sentence vector, computed once."""

    text: str
    heading: str
    words: list[str]
    cues: dict[str, list[str]]
    hints: dict[str, list[str]]
    static: np.ndarray  # the static word-vector embedding (``infosynth.embed``), unit length


def _prepare(texts: Sequence[str], headings: Sequence[str], cues: CueMatcher) -> list[_Prepared]:
    from .analysis.embed import embed

    nlp = get_nlp()
    prepared = []
    hint_cache: dict[str, dict[str, list[str]]] = {}
    # Static word vectors beside the encoder's: the encoder is tuned to tell ideas apart, and loses some of the
    # plain "what is this about" that averaged word vectors keep; together they tag better on fields of both
    # evaluation sets than either alone.
    static = embed(list(texts)).astype(np.float64) if len(texts) else np.zeros((0, 0))
    docs = nlp.pipe((clean_text(t) for t in texts), batch_size=256)
    for i, (text, heading, doc) in enumerate(zip(texts, headings, docs)):
        if heading not in hint_cache:
            hint_cache[heading] = cues.heading_hints(heading)
        prepared.append(_Prepared(text, heading, word_terms(doc), cues.match(doc), hint_cache[heading], static[i]))
    return prepared


#: Width of the cue/heading block: cue counts and heading hints per category, "has a heading", length.
N_CUE_FEATURES = 2 * len(CATEGORIES) + 2


def _cue_features(items: Sequence[_Prepared]) -> np.ndarray:
    """Cue counts, heading hints, whether there is a heading and the length, one row per snippet."""
    rows = np.zeros((len(items), N_CUE_FEATURES), dtype=np.float64)
    for i, item in enumerate(items):
        for j, category in enumerate(CATEGORIES):
            rows[i, j] = math.log1p(len(item.cues.get(category, ())))
            rows[i, len(CATEGORIES) + j] = 1.0 if item.hints.get(category) else 0.0
        rows[i, -2] = 1.0 if item.heading.strip() else 0.0
        rows[i, -1] = min(len(item.text.split()), 40) / 40.0  # terse bullets read differently from sentences
    return rows


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


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """The shipped sentence encoder's vectors (``infosynth.encoder``), as the model expects them."""
    from .analysis.encoder import encode, encoder_dim

    return encode(list(texts)) if len(texts) else np.zeros((0, encoder_dim()), dtype=np.float32)


# ---------------------------------------------------------------------------------------------------- model

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

    def dense(self, vectors: np.ndarray, items: Sequence[_Prepared]) -> np.ndarray:
        cues = (_cue_features(items) - self.cue_mean) / self.cue_scale * self.cue_weight
        static = np.vstack([it.static for it in items]) if items else np.zeros((0, 0))
        return np.hstack([np.asarray(vectors, dtype=np.float64), static, cues])

    def design(self, vectors: np.ndarray, items: Sequence[_Prepared]):
        """The feature matrix used in training (scipy sparse)."""
        from scipy import sparse

        r, c, v = _sparse_block([it.words for it in items], self.word_vocab, self.word_idf)
        words = sparse.csr_matrix((v * self.word_weight, (r, c)), shape=(len(items), len(self.word_vocab)))
        return sparse.hstack([sparse.csr_matrix(self.dense(vectors, items)), words], format="csr")

    def scores(self, vectors: np.ndarray, items: Sequence[_Prepared]) -> np.ndarray:
        """Probabilities, shape (n, len(OUTPUTS)), with numpy only."""
        n = len(items)
        if not n:
            return np.zeros((0, len(OUTPUTS)))
        logits = self.dense(vectors, items) @ self.coef + self.intercept
        r, c, v = _sparse_block([it.words for it in items], self.word_vocab, self.word_idf)
        if len(r):
            for j in range(logits.shape[1]):
                logits[:, j] += np.bincount(r, weights=v * self.word_weight * self.coef_words[c, j], minlength=n)
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


def _fit_linear(vectors: np.ndarray, items: Sequence[_Prepared], targets: np.ndarray, groups: Sequence[str] | None,
                *, C: float, cue_weight: float, word_weight: float, min_groups: int = 3) -> LinearModel:
    """Class-balanced logistic regressions (scikit-learn, at training time only), one per target column."""
    from sklearn.linear_model import LogisticRegression

    cues = _cue_features(items)
    scale = cues.std(axis=0)
    scale[scale < 1e-9] = 1.0
    vocab, idf = _vocabulary([it.words for it in items], groups, min_df=2, min_groups=min_groups)
    model = LinearModel(coef=np.zeros(0), coef_words=np.zeros(0), intercept=np.zeros(0), cue_mean=cues.mean(axis=0),
                        cue_scale=scale, word_vocab=vocab, word_idf=idf, cue_weight=cue_weight,
                        word_weight=word_weight)
    X = model.design(vectors, items)
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
        chosen = []
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


# --------------------------------------------------------------------------------------------------- tagger


class CategoryTagger:
    """Tag snippets with categories, with evidence.

    >>> tagger = CategoryTagger.load()                                   # doctest: +SKIP
    >>> tagger.predict([Snippet("n.md", 1, "Needs SQL and Excel for sure")])[0].categories   # doctest: +SKIP
    ('skills',)
    """

    def __init__(self, settings: TaggingSettings | None = None, *, C: float = 1.0, cue_weight: float = 0.2,
                 word_weight: float = 0.5, min_groups: int = 3, use_none: bool = True):
        self.settings = settings or TaggingSettings()
        self.C = C
        self.cue_weight = cue_weight
        self.word_weight = word_weight
        self.min_groups = min_groups
        self.use_none = use_none
        self.model: LinearModel | None = None
        self.rule = DecisionRule()
        self.encoder_version = ""
        self._cues = CueMatcher.from_file()
        self._user_cues = CueMatcher(dict(self.settings.extra_cues), {}, {}) if self.settings.extra_cues else None

    # -- training

    def targets(self, labels: Sequence[Iterable[str]]) -> np.ndarray:
        """0/1 matrix over OUTPUTS; "none" is set for rows with no category."""
        rows = []
        for lab in labels:
            cats = set(lab)
            rows.append([int(c in cats) for c in CATEGORIES] + [int(not cats & set(CATEGORIES))])
        return np.array(rows, dtype=np.int64)

    def prepare(self, texts: Sequence[str], headings: Sequence[str]) -> list[_Prepared]:
        return _prepare(list(texts), list(headings), self._cues)

    def fit(self, vectors: np.ndarray, items: Sequence[_Prepared], targets: np.ndarray,
            groups: Sequence[str] | None = None, oof: np.ndarray | None = None) -> "CategoryTagger":
        """Train on sentence vectors, prepared items and OUTPUTS targets; the decision rule comes from
        cross-validated probabilities (``oof``, computed here over ``groups`` when not given)."""
        if oof is None:
            oof = self.cross_val_scores(vectors, items, targets, groups)
        self.rule = choose_rule(oof, targets[:, :len(CATEGORIES)], self.use_none)
        self.model = self._fit(vectors, items, targets, groups)
        from .analysis.encoder import MODEL_VERSION as ENCODER_VERSION

        self.encoder_version = ENCODER_VERSION
        return self

    def _fit(self, vectors: np.ndarray, items: Sequence[_Prepared], targets: np.ndarray,
             groups: Sequence[str] | None) -> LinearModel:
        if not self.use_none:
            targets = targets.copy()
            targets[:, len(CATEGORIES)] = 0
        return _fit_linear(vectors, items, targets, groups, C=self.C, cue_weight=self.cue_weight,
                           word_weight=self.word_weight, min_groups=self.min_groups)

    def cross_val_scores(self, vectors: np.ndarray, items: Sequence[_Prepared], targets: np.ndarray,
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
            model = self._fit(vectors[train], [items[i] for i in train], targets[train],
                              [groups[i] for i in train] if groups is not None else None)
            oof[test] = model.scores(vectors[test], [items[i] for i in test])
        return oof

    # -- prediction

    def predict(self, snippets: Sequence[Snippet | str], vectors: np.ndarray | None = None) -> list[TagResult]:
        """Categories (CATEGORIES order, then user-defined ones), evidence and model probabilities per snippet.

        ``vectors`` are the snippets' sentence vectors when the caller already has them (the build encodes each
        snippet once, for tagging and themes alike); otherwise they are computed here.
        """
        snips = [s if isinstance(s, Snippet) else Snippet(note="", line=0, text=str(s)) for s in snippets]
        use_model = self.settings.use_model and self.model is not None
        # Notes repeat lines (templates, pasted sections): work out each distinct (text, heading) once.
        keys = [(s.text, s.heading or "") for s in snips]
        unique = list(dict.fromkeys(keys))
        position = {key: i for i, key in enumerate(unique)}
        first = {}
        for i, key in enumerate(keys):
            first.setdefault(key, i)
        distinct = _prepare([k[0] for k in unique], [k[1] for k in unique], self._cues)
        items = [distinct[position[key]] for key in keys]
        if use_model and distinct:
            if vectors is None:
                unique_vectors = sentence_vectors([k[0] for k in unique])
            else:
                unique_vectors = np.asarray(vectors)[[first[key] for key in unique]]
            probs = self.model.scores(unique_vectors, distinct)[[position[key] for key in keys]]
        else:
            probs = np.zeros((len(items), len(OUTPUTS)))
        chosen = self.rule.decide(probs) if use_model else [[] for _ in items]
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
            if not is_takeaway(snippet):  # the note-taker's own question or the interview's logistics
                what = "the note-taker's question" if snippet.kind == "question" else "interview logistics"
                results.append(TagResult((), f"no category: {what}", scores))
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
                    best = int(np.argmax(row[:len(CATEGORIES)]))
                    if row[len(CATEGORIES)] >= self.rule.none_threshold:
                        parts.append(f"no category: no career content (model {row[len(CATEGORIES)]:.2f}); "
                                     f"best was {CATEGORIES[best]} {row[best]:.2f}")
                    else:
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
        """Write ``model.json`` (settings, decision rule) and ``model.npz`` (weights), reproducibly."""
        if self.model is None:
            raise ValueError("fit the tagger before saving it")
        meta = {
            "format": 2,
            "outputs": list(OUTPUTS),
            "C": self.C,
            "cue_weight": self.cue_weight,
            "word_weight": self.word_weight,
            "min_groups": self.min_groups,
            "use_none": self.use_none,
            "rule": self.rule.as_dict(),
            "encoder": self.encoder_version,
            "word_vocab": list(self.model.word_vocab),
        }
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MODEL_JSON.name).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
        m = self.model
        arrays = {"coef": m.coef, "coef_words": m.coef_words, "intercept": m.intercept, "cue_mean": m.cue_mean,
                  "cue_scale": m.cue_scale, "word_idf": m.word_idf}
        _write_npz(directory / MODEL_NPZ.name, {k: v.astype(np.float32) for k, v in arrays.items()})

    @classmethod
    def load(cls, settings: TaggingSettings | None = None, directory: Path = DATA_DIR) -> "CategoryTagger":
        """The shipped model (trained on the seed corpus), ready to predict."""
        meta = json.loads((directory / MODEL_JSON.name).read_text(encoding="utf-8"))
        if meta.get("format") != 2:
            raise ValueError(f"{directory / MODEL_JSON.name}: unknown tagger format; rebuild it with "
                             "scripts/train_tagger.py")
        with np.load(directory / MODEL_NPZ.name, allow_pickle=False) as npz:
            arrays = {k: npz[k].astype(np.float64) for k in npz.files}
        tagger = cls(settings, C=meta["C"], cue_weight=meta["cue_weight"], word_weight=meta["word_weight"],
                     min_groups=meta["min_groups"], use_none=meta["use_none"])
        tagger.rule = DecisionRule(**meta["rule"])
        tagger.encoder_version = meta.get("encoder", "")
        tagger.model = LinearModel(
            coef=arrays["coef"], coef_words=arrays["coef_words"], intercept=arrays["intercept"],
            cue_mean=arrays["cue_mean"], cue_scale=arrays["cue_scale"],
            word_vocab={t: i for i, t in enumerate(meta["word_vocab"])}, word_idf=arrays["word_idf"],
            cue_weight=float(meta["cue_weight"]), word_weight=float(meta["word_weight"]))
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
