"""What the tagger reads from a snippet besides its sentence vector: cleaned words, cue phrases (``data/tagging/cues.toml``),
heading hints, the static word embedding, and the cue/heading feature block."""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ...models import CATEGORIES
from ...resources import DATA_DIR as PACKAGE_DATA

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


DATA_DIR = PACKAGE_DATA / "tagging"


CUES_FILE = DATA_DIR / "cues.toml"


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
    from ...nlp import get_nlp as shared_nlp

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
    from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH, SHAPE  # type: ignore[import-not-found]  # Cython

    strings = doc.vocab.strings
    return [(strings[o], strings[lem], strings[sh], bool(p), bool(sp))
            for o, lem, sh, p, sp in doc.to_array([ORTH, LEMMA, SHAPE, IS_PUNCT, IS_SPACE]).tolist()]


def _phrase_docs(phrases: Iterable[str]) -> list["Doc"]:
    """Pattern docs for a lemma PhraseMatcher, several per phrase.

    The lookup lemmatizer is not consistent across word forms ("meeting" → "meet" but "meetings" → "meeting"),
    so each phrase is added with its lookup lemmas, with its words as they are, and with a plural last word.
    """
    from spacy.tokens import Doc

    nlp = get_nlp()
    docs, seen = [], set()
    for doc in nlp.pipe(clean_text(p) for p in phrases):
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
        for category, pattern_list in patterns.items():
            if pattern_list:
                self.pattern_matcher.add(category, pattern_list)
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
        found: dict[str, list[Any]] = {}  # category -> spans
        for match_id, start, end in self.heading_matcher(doc):
            found.setdefault(doc.vocab.strings[match_id], []).append(doc[start:end])
        from spacy.util import filter_spans

        return {cat: [s.text for s in filter_spans(spans)] for cat, spans in found.items()}


@dataclass
class Prepared:
    """What the model reads from one snippet besides its sentence vector, computed once."""

    text: str
    heading: str
    words: list[str]
    cues: dict[str, list[str]]
    hints: dict[str, list[str]]
    static: np.ndarray  # the static word-vector embedding (``infosynth.analysis.embed``), unit length


def prepare(texts: Sequence[str], headings: Sequence[str], cues: CueMatcher) -> list[Prepared]:
    from ..embed import embed

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
        prepared.append(Prepared(text, heading, word_terms(doc), cues.match(doc), hint_cache[heading], static[i]))
    return prepared


#: Width of the cue/heading block: cue counts and heading hints per category, "has a heading", length.
N_CUE_FEATURES = 2 * len(CATEGORIES) + 2


def cue_features(items: Sequence[Prepared]) -> np.ndarray:
    """Cue counts, heading hints, whether there is a heading and the length, one row per snippet."""
    rows = np.zeros((len(items), N_CUE_FEATURES), dtype=np.float64)
    for i, item in enumerate(items):
        for j, category in enumerate(CATEGORIES):
            rows[i, j] = math.log1p(len(item.cues.get(category, ())))
            rows[i, len(CATEGORIES) + j] = 1.0 if item.hints.get(category) else 0.0
        rows[i, -2] = 1.0 if item.heading.strip() else 0.0
        rows[i, -1] = min(len(item.text.split()), 40) / 40.0  # terse bullets read differently from sentences
    return rows


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """The shipped sentence encoder's vectors (``infosynth.analysis.encoder``), as the model expects them."""
    from ..encoder import encode, encoder_dim

    return encode(list(texts)) if len(texts) else np.zeros((0, encoder_dim()), dtype=np.float32)
