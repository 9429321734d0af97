"""The shipped codebook of known themes (``data/themes/codebook.toml``) and the vector index of its examples."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...resources import DATA_DIR
from ...text import THEME_READING, text_for_themes, tokens
from .degrees import degree_stance
from .entry import entry_stance
from .hours import hours_stance

if TYPE_CHECKING:
    import numpy as np


CODEBOOK_PATH = DATA_DIR / "themes" / "codebook.toml"


INDEX_PATH = DATA_DIR / "themes" / "index"


# Words that turn what follows them in a clause around ("no two days are the same", "never the same").
NEGATORS = frozenset("no not never nothing none nobody neither nor without hardly barely cannot".split())
CLAUSE_END = re.compile(r"[.,;:!?()\[\]]|\s[-–—]+\s|\bbut\b")


def stance_terms(text: str) -> list[str]:
    """The words and adjacent word pairs a stance model reads, stop words included ("same" carries a stance). A
    word after a negator in its clause is read as negated ("no two days look the same" says "not same").

    >>> stance_terms("No two days alike")
    ['no', 'not:two', 'not:days', 'not:alike', 'no not:two', 'not:two not:days', 'not:days not:alike']
    >>> stance_terms("not the same, but fun")
    ['not', 'not:the', 'not:same', 'not not:the', 'not:the not:same', 'fun']
    """
    terms: list[str] = []
    for clause in CLAUSE_END.split(text.lower()):
        words, negated = [], False
        for word in tokens(clause):
            words.append(f"not:{word}" if negated else word)
            negated = negated or word in NEGATORS or word.endswith("n't")
        terms += [*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))]
    return terms


def _words_help(vectors: "np.ndarray", term_rows: "np.ndarray", y: "np.ndarray") -> bool:
    """Whether a stance model reads the two sides apart better with the words than from the vector alone:
    balanced accuracy over five folds of the theme's own examples (the words can overfit a small contrary side)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.model_selection import StratifiedKFold

    folds = min(5, int(min(y.sum(), len(y) - y.sum())))
    if folds < 2:
        return False
    scores = {}
    for with_words in (False, True):
        x = np.hstack([vectors, term_rows]) if with_words else vectors
        predicted = np.zeros(len(y))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
            predicted[test] = LogisticRegression(C=64.0, max_iter=5000).fit(x[train], y[train]).predict(x[test])
        scores[with_words] = balanced_accuracy_score(y, predicted)
    return scores[True] > scores[False]


@dataclass(frozen=True)
class CodebookTheme:
    """One entry of the theme codebook.

    ``contrary`` holds examples of the opposite view and ``contrary_name`` names it; both are empty for themes
    that name a topic rather than take a side.
    """

    slug: str
    name: str
    category: str
    description: str
    examples: tuple[str, ...]
    family: str = ""  # slug of the broader group it belongs to
    contrary: tuple[str, ...] = ()
    contrary_name: str = ""


def load_codebook(path: str | Path | None = None) -> list[CodebookTheme]:
    """Read a codebook TOML file (the shipped one by default).

    >>> book = load_codebook()
    >>> len(book) >= 100 and all(len(t.examples) >= 20 for t in book)
    True
    """
    return list(load_codebook_cached(str(path or CODEBOOK_PATH)))


@functools.lru_cache(maxsize=4)
def load_codebook_cached(path: str) -> tuple[CodebookTheme, ...]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    themes = tuple(
        CodebookTheme(
            slug=entry["slug"], name=entry.get("name", entry["slug"]), category=entry.get("category", ""),
            description=entry.get("description", ""), examples=tuple(entry.get("examples", ())),
            family=entry.get("family", ""), contrary=tuple(entry.get("contrary", ())),
            contrary_name=entry.get("contrary_name", ""),
        )
        for entry in data.get("theme", [])
    )
    slugs = [t.slug for t in themes]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{path}: duplicate theme slugs")
    return themes


#: Rules that read which side of an idea a line takes from what it states outright, where sentence vectors cannot
#: ("8:30-5" and "7am to 8pm" are close in meaning): 1.0 for the idea's view, 0.0 for the opposite, None to leave it
#: to the stance model.
STATED_SIDES: dict[str, Callable[[str], float | None]] = {
    "long-hours": hours_stance, "degree-optional": degree_stance, "breaking-in-is-hard": entry_stance}
# How sure a stated side is: clear of both the contrary and the quoting bars of the theme finder.
STATED_CONFIDENCE = 0.95


class CodebookIndex:
    """The codebook as points in the encoder's space.

    ``prototypes`` (themes × dim): the normalised mean vector of each theme's examples. ``stance_coef`` /
    ``stance_intercept``: for each theme with contrary examples (``stance_rows`` maps its row to the theme's
    position), a logistic regression telling the theme's view (1) from the opposite one (0). It reads the
    sentence vector and, where that tells the two sides apart better (:func:`_words_help`), the words too
    (``stance_word_coef`` over ``stance_vocab``, sublinear TF-IDF weighted by ``stance_idf``): the encoder reads
    "no two days are the same" much as it reads "the days are the same", and the words "no two" settle it.

    The shipped index (``data/themes/index.npz``) is used when it was built from exactly this codebook and
    encoder; otherwise the index is rebuilt in memory (a few seconds for the shipped codebook's size).
    """

    def __init__(self, codebook: Sequence[CodebookTheme], prototypes: "np.ndarray", stance_rows: dict[int, int],
                 stance_coef: "np.ndarray", stance_intercept: "np.ndarray", stance_vocab: Sequence[str] = (),
                 stance_idf: "np.ndarray | None" = None, stance_word_coef: "np.ndarray | None" = None):
        import numpy as np

        self.codebook = list(codebook)
        self.prototypes = prototypes
        self.stance_rows = stance_rows
        self.stance_coef = stance_coef
        self.stance_intercept = stance_intercept
        self.stance_vocab = list(stance_vocab)
        self.stance_idf = np.zeros(0, "float32") if stance_idf is None else stance_idf
        self.stance_word_coef = (np.zeros((len(stance_coef), len(self.stance_vocab)), "float32")
                                 if stance_word_coef is None else stance_word_coef)

    @functools.cached_property
    def _vocab_position(self) -> dict[str, int]:
        """Each stance word's column, built once (every theme that reads words looks its members' words up)."""
        return {term: i for i, term in enumerate(self.stance_vocab)}

    @classmethod
    def build(cls, codebook: Sequence[CodebookTheme], encode_fn) -> "CodebookIndex":
        """Encode the examples and fit the stance models (needs scikit-learn)."""
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        dim = None
        prototypes: list[Any] = []
        sides: list[tuple[int, Any, list[str], Any]] = []  # (theme position, vectors, texts, 1 = the theme's view)
        for index, theme in enumerate(codebook):
            # Examples are read as snippets are ("7:35 am: …" as "In the morning, …").
            examples = [text_for_themes(text) for text in theme.examples] or [theme.description]
            vectors = np.asarray(encode_fn(examples), dtype="float64")
            dim = vectors.shape[1]
            centre = vectors.mean(axis=0)
            prototypes.append(centre / max(np.linalg.norm(centre), 1e-9))
            if theme.contrary:
                contrary = [text_for_themes(text) for text in theme.contrary]
                against = np.asarray(encode_fn(contrary), dtype="float64")
                sides.append((index, np.vstack([vectors, against]), [*examples, *contrary],
                              np.r_[np.ones(len(vectors)), np.zeros(len(against))]))
        # One vocabulary for all stance models: every word and word pair of their examples.
        words = TfidfVectorizer(analyzer=stance_terms, sublinear_tf=True, dtype=np.float64)
        words.fit([text for _, _, texts, _ in sides for text in texts])
        vocab = sorted(words.vocabulary_, key=words.vocabulary_.get)
        rows: dict[int, int] = {}
        coefs: list[Any] = []
        word_coefs: list[Any] = []
        intercepts: list[Any] = []
        for index, x, texts, y in sides:
            term_rows = words.transform(texts).toarray()
            use_words = _words_help(x, term_rows, y)
            features = np.hstack([x, term_rows]) if use_words else x
            model = LogisticRegression(C=64.0, max_iter=5000).fit(features, y)
            rows[index] = len(coefs)
            coefs.append(model.coef_[0][:x.shape[1]])
            word_coefs.append(model.coef_[0][x.shape[1]:] if use_words else np.zeros(len(vocab)))
            intercepts.append(model.intercept_[0])
        return cls(codebook, np.asarray(prototypes, dtype="float32").reshape(len(codebook), dim or 0), rows,
                   np.asarray(coefs, dtype="float32").reshape(len(coefs), dim or 0),
                   np.asarray(intercepts, dtype="float32"), vocab, words.idf_.astype("float32"),
                   np.asarray(word_coefs, dtype="float32").reshape(len(coefs), len(vocab)))

    def stance(self, theme_index: int, vectors: "np.ndarray", texts: Sequence[str] | None = None,
               lines: Sequence[str] | None = None) -> "np.ndarray | None":
        """Probability that each vector (of each of ``texts``) states the codebook theme's view rather than its
        opposite; None when the theme takes no side. Without ``texts``, only the vectors are read. ``lines``, the
        same lines as written, let a rule of :data:`STATED_SIDES` settle the side where a line states it outright
        ("55-60 hr weeks" under *Long hours*)."""
        import numpy as np

        row = self.stance_rows.get(theme_index)
        if row is None:
            return None
        z = np.asarray(vectors, dtype="float64") @ self.stance_coef[row] + self.stance_intercept[row]
        word_coef = self.stance_word_coef[row]
        if texts is not None and word_coef.any():
            from ..._fast.linear import tfidf_rows

            at, cols, vals = tfidf_rows([stance_terms(t) for t in texts], self._vocab_position, self.stance_idf)
            z = z + np.bincount(at, weights=vals * word_coef[cols], minlength=len(z))
        p = 1.0 / (1.0 + np.exp(-z))
        rule = STATED_SIDES.get(self.codebook[theme_index].slug)
        if rule is not None and lines is not None:
            for j, line in enumerate(lines):
                side = rule(line)
                if side is not None:
                    p[j] = STATED_CONFIDENCE if side else 1.0 - STATED_CONFIDENCE
        return p

    def save(self, path: Path, fingerprint: str) -> None:
        import numpy as np

        meta = {"fingerprint": fingerprint, "slugs": [t.slug for t in self.codebook],
                "stance_rows": {str(k): v for k, v in self.stance_rows.items()}, "stance_vocab": self.stance_vocab}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
        with open(path.with_suffix(".npz"), "wb") as fh:
            np.savez_compressed(fh, prototypes=self.prototypes, stance_coef=self.stance_coef,
                                stance_intercept=self.stance_intercept, stance_idf=self.stance_idf,
                                stance_word_coef=self.stance_word_coef)

    @classmethod
    def load(cls, codebook: Sequence[CodebookTheme], path: Path, fingerprint: str) -> "CodebookIndex | None":
        import numpy as np

        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            arrays = np.load(path.with_suffix(".npz"))
        except (OSError, ValueError):
            return None
        if meta.get("fingerprint") != fingerprint or meta.get("slugs") != [t.slug for t in codebook]:
            return None
        try:
            return cls(codebook, arrays["prototypes"], {int(k): v for k, v in meta["stance_rows"].items()},
                       arrays["stance_coef"], arrays["stance_intercept"], meta["stance_vocab"], arrays["stance_idf"],
                       arrays["stance_word_coef"])
        except KeyError:  # an index written before the stance models read words: rebuilt
            return None


def index_fingerprint(codebook_path: str) -> str:
    """Identifies what an index was built from: the codebook's bytes, the encoder's version and how a line is read."""
    from ..encoder import MODEL_VERSION

    digest = hashlib.sha256(Path(codebook_path).read_bytes())
    digest.update(MODEL_VERSION.encode())
    digest.update(THEME_READING.encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def codebook_index(codebook_path: str = str(CODEBOOK_PATH)) -> CodebookIndex:
    """The shipped index for the shipped codebook; any other codebook is indexed once per process."""
    from ..encoder import encode

    codebook = load_codebook_cached(codebook_path)
    fingerprint = index_fingerprint(codebook_path)
    index = CodebookIndex.load(codebook, INDEX_PATH, fingerprint) if codebook_path == str(CODEBOOK_PATH) else None
    return index or CodebookIndex.build(codebook, encode)
