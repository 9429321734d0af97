"""Recurring themes: ideas that several interviewees raised independently.

Two passes over all snippets of a build:

1. **Codebook.** A shipped codebook (``data/themes/codebook.toml``) describes ideas that come up in career
   conversations in any field (switching fields, breaking in, long hours, mentors, ...), each with example
   snippets written in many occupations and styles. A classifier trained on those examples (lemma TF-IDF plus
   sentence embeddings when available) assigns each snippet to a codebook theme when it is confident.
   Abstract ideas such as "expectations vs reality" are found this way; plain similarity between snippets
   rarely groups them.
2. **Discovery.** The remaining snippets are clustered (average-link agglomerative clustering on cosine
   distance for up to a few thousand snippets, k-means into many small clusters beyond) so that ideas the
   codebook does not know (a tool, a certification, a local quirk of the field) still surface.

A theme is kept only when its snippets come from at least ``min_notes`` different notes: a recurring theme
is something several people said, not something one person said several times. Every other snippet gets the
theme ``""``.

Stability: the classifier is fitted on the codebook alone and discovered ids are slugs of their own key
words, so adding an unrelated note never renames or reshuffles existing themes. Trends compare a theme's
interview dates with the most recent third of all dated interviews (see :func:`_trend`).

>>> from infosynth.models import Note, Snippet
>>> notes = [Note(path=f"n{i}.md", snippets=[Snippet(f"n{i}.md", 1, t)]) for i, t in enumerate([
...     "Sixty-hour weeks are normal in busy season.",
...     "She often works twelve-hour days and most weekends.",
...     "Loves that the lab is close to the park."])]
>>> themes = find_themes([s for n in notes for s in n.snippets], notes, embeddings=False)
>>> [(t.id, t.n_interviews) for t in themes]
[('long-hours', 2)]
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import CATEGORIES, Note, Snippet

if TYPE_CHECKING:
    import numpy as np

CODEBOOK_PATH = Path(__file__).parent / "data" / "themes" / "codebook.toml"

# Above this many residual snippets, exact agglomerative clustering (quadratic time and memory) gives way
# to k-means.
EXACT_CLUSTERING_LIMIT = 3000
# Cosine distance (average link, static sentence embeddings) under which unclaimed snippets count as one
# idea: close paraphrases and shared specifics, not mere shared style.
DISCOVERY_DISTANCE = 0.35
# Granularity below this merges codebook themes into their families.
COARSE_BELOW = 0.75
# Added to the distance of two snippets whose tagged categories do not overlap.
CATEGORY_PENALTY = 0.2
# Key-phrase labels look at no more than this many snippets per theme (plenty to find its words).
LABEL_SAMPLE = 500


# ----------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class CodebookTheme:
    """One entry of the theme codebook."""

    slug: str
    name: str
    category: str
    description: str
    examples: tuple[str, ...]
    family: str = ""  # slug of the broader group it merges into at a coarse granularity


@dataclass
class Theme:
    """A recurring theme: snippets from several notes that express the same idea.

    ``id`` is derived from content (a codebook slug, or a slug of the cluster's key words), so adding an
    unrelated note does not rename it. ``label`` is built from the theme's own key phrases; ``anchor`` is the
    codebook name for codebook themes and ``""`` for discovered ones.
    """

    id: str
    label: str
    category: str
    notes: list[str]
    people: list[str]
    n_interviews: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    trend: str
    quotes: list[tuple[str, int, str]]
    size: int
    kind: str = "codebook"  # codebook (incl. its sub-themes "slug--words" and families) | discovered
    anchor: str = ""
    description: str = ""
    snippet_keys: list[str] = field(default_factory=list, repr=False)

    def as_row(self) -> dict[str, Any]:
        """A flat dict for a DataFrame or CSV row."""
        return {
            "id": self.id, "label": self.label, "kind": self.kind, "anchor": self.anchor,
            "category": self.category, "n_interviews": self.n_interviews, "size": self.size,
            "first_seen": self.first_seen, "last_seen": self.last_seen, "trend": self.trend,
            "people": "; ".join(self.people), "notes": "; ".join(self.notes),
            "quotes": " | ".join(q[2] for q in self.quotes),
        }


# ---------------------------------------------------------------------------------------------- codebook


def load_codebook(path: str | Path | None = None) -> list[CodebookTheme]:
    """Read a codebook TOML file (the shipped one by default).

    >>> book = load_codebook()
    >>> len(book) >= 45 and all(len(t.examples) >= 10 for t in book)
    True
    """
    return list(_load_codebook_cached(str(path or CODEBOOK_PATH)))


@functools.lru_cache(maxsize=4)
def _load_codebook_cached(path: str) -> tuple[CodebookTheme, ...]:
    return _read_codebook(path)[0]


@functools.lru_cache(maxsize=4)
def _read_codebook(path: str) -> tuple[tuple[CodebookTheme, ...], dict[str, CodebookTheme]]:
    """Themes, and family pseudo-themes (keyed by family slug) that pool their members' text."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    themes = []
    for entry in data.get("theme", []):
        themes.append(CodebookTheme(
            slug=entry["slug"], name=entry.get("name", entry["slug"]),
            category=entry.get("category", ""), description=entry.get("description", ""),
            examples=tuple(entry.get("examples", ())), family=entry.get("family", ""),
        ))
    slugs = [t.slug for t in themes]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{path}: duplicate theme slugs")
    families = {}
    for entry in data.get("family", []):
        members = [t for t in themes if t.family == entry["slug"]]
        if not members or entry["slug"] in slugs:
            continue
        categories = Counter(t.category for t in members)
        families[entry["slug"]] = CodebookTheme(
            slug=entry["slug"], name=entry.get("name", entry["slug"]),
            category=sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
            description="; ".join(t.name for t in members),
            examples=tuple(e for t in members for e in t.examples),
        )
    return tuple(themes), families


# ------------------------------------------------------------------------------------------ text handling

_TOKEN = re.compile(r"[a-z][a-z0-9+#]*(?:['’][a-z]+)?|\d+[a-z]*")
_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves s t don didn
doesn isn wasn aren re ve ll d m o y get got gets getting really lot lots thing things much many one ones
way also said says say like just even still always never every well back going go goes went
""".split())


@functools.lru_cache(maxsize=1)
def _lemma_table():
    """The lookup lemmatizer's table from the shared pipeline, or None when spaCy is unavailable."""
    try:
        from .nlp import get_nlp

        return get_nlp("blank").get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except Exception:  # noqa: BLE001 - lemmas only sharpen features; plain words still work
        return None


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    table = _lemma_table()
    if table is None:
        return word
    lemma = table.get(word, word)
    # The lookup table turns ordinals into digits ("first" -> "1"); a word stays a word.
    return word if lemma.isdigit() != word.isdigit() else lemma


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (apostrophes folded).

    >>> tokens("She's on-call; 12-hour shifts!")
    ["she's", 'on', 'call', '12', 'hour', 'shifts']
    """
    return _TOKEN.findall(text.lower().replace("’", "'"))


def lemmas(text: str) -> list[str]:
    """Content lemmas of ``text``: stopwords dropped, inflections folded.

    >>> lemmas("Nurses were working long shifts")
    ['nurse', 'work', 'long', 'shift']
    """
    return list(_analysed(text)[1])


# Every step of a fit (codebook filter, discovery, ids, quotes) asks about the same texts: each is analysed
# once. Bounded so that a long-lived process does not grow without limit (a few hundred bytes per text).
@functools.lru_cache(maxsize=1 << 18)
def _analysed(text: str) -> tuple[int, tuple[str, ...]]:
    """Number of tokens and content lemmas of ``text``."""
    words = tokens(text)
    out = []
    for tok in words:
        tok = tok.split("'")[0]
        if tok in _STOP or len(tok) < 2:
            continue
        lemma = _lemma(tok)
        if lemma not in _STOP:
            out.append(lemma)
    return len(words), tuple(out)


def _lemma_analyzer(text: str) -> list[str]:
    """Unigram and bigram lemma features for the TF-IDF vectoriser."""
    words = _analysed(text)[1]
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))]


# -------------------------------------------------------------------------------------------- classifier


class CodebookClassifier:
    """Predicts codebook themes for snippet texts from the codebook's own examples.

    Two views combined as a product of experts (normalised geometric mean): logistic regression over lemma
    uni/bigram TF-IDF, and logistic regression over sentence embeddings (when an embedding function is
    available). Words catch explicit cues ("licence", "night shift"); embeddings catch paraphrases. The
    vectoriser and models are fitted on the codebook only, so a snippet's scores never depend on which other
    notes are in the build.
    """

    def __init__(
        self,
        codebook: Sequence[CodebookTheme],
        embed_fn=None,
        word_C: float = 4.0,
        embedding_C: float = 64.0,
        random_state: int = 0,
    ):
        self.codebook = list(codebook)
        self.embed_fn = embed_fn
        self.word_C = word_C
        self.embedding_C = embedding_C
        self.random_state = random_state

    def fit(self) -> "CodebookClassifier":
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts, labels = [], []
        for index, theme in enumerate(self.codebook):
            for example in (theme.description, *theme.examples):
                texts.append(example)
                labels.append(index)
        y = np.asarray(labels)
        self.vectorizer_ = TfidfVectorizer(analyzer=_lemma_analyzer, sublinear_tf=True, min_df=1)
        x_words = self.vectorizer_.fit_transform(texts)
        self.word_model_ = LogisticRegression(C=self.word_C, max_iter=3000, random_state=self.random_state)
        self.word_model_.fit(x_words, y)
        self.embedding_model_ = None
        if self.embed_fn is not None:
            x_emb = np.asarray(self.embed_fn(texts), dtype="float32")
            self.embedding_model_ = LogisticRegression(
                C=self.embedding_C, max_iter=3000, random_state=self.random_state
            )
            self.embedding_model_.fit(x_emb, y)

        self._export_weights()
        return self

    def _export_weights(self) -> None:
        """Plain arrays of the fitted models: what :meth:`predict_proba` applies, and what ships."""
        import numpy as np

        self.vocabulary_ = dict(self.vectorizer_.vocabulary_)
        self.idf_ = np.asarray(self.vectorizer_.idf_, dtype="float64")
        self.word_coef_ = np.asarray(self.word_model_.coef_, dtype="float64")
        self.word_intercept_ = np.asarray(self.word_model_.intercept_, dtype="float64")
        self.embedding_coef_ = self.embedding_intercept_ = None
        if self.embedding_model_ is not None:
            self.embedding_coef_ = np.asarray(self.embedding_model_.coef_, dtype="float64")
            self.embedding_intercept_ = np.asarray(self.embedding_model_.intercept_, dtype="float64")

    def _word_features(self, texts: Sequence[str]):
        """Sublinear, L2-normalised TF-IDF over the fitted vocabulary (as scikit-learn computes it)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        rows, cols, values = [], [], []
        for row, text in enumerate(texts):
            counts = Counter(f for f in _lemma_analyzer(text) if f in self.vocabulary_)
            if not counts:
                continue
            weights = {self.vocabulary_[f]: (1.0 + math.log(c)) * self.idf_[self.vocabulary_[f]] for f, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            for col, weight in weights.items():
                rows.append(row)
                cols.append(col)
                values.append(weight / norm)
        return csr_matrix((np.asarray(values), (rows, cols)), shape=(len(texts), len(self.idf_)))

    def predict_proba(self, texts: Sequence[str], embeddings: "np.ndarray | None" = None) -> "np.ndarray":
        """Probabilities (n_texts × n_themes), columns in codebook order."""
        import numpy as np

        proba = _softmax(self._word_features(texts) @ self.word_coef_.T + self.word_intercept_)
        if self.embedding_coef_ is not None and embeddings is not None and len(texts):
            vectors = np.asarray(embeddings, "float64")
            proba = np.sqrt(proba * _softmax(vectors @ self.embedding_coef_.T + self.embedding_intercept_))
            proba /= proba.sum(axis=1, keepdims=True)
        return proba

    # Shipped weights: fitting needs scikit-learn's solver and about a second; applying them needs numpy.
    def save(self, path: Path, codebook_path: str) -> None:
        import json

        import numpy as np

        arrays = {"idf": self.idf_, "word_coef": self.word_coef_, "word_intercept": self.word_intercept_}
        meta = {"words": classifier_fingerprint(codebook_path, False), "embeddings": None}
        if self.embedding_coef_ is not None:
            arrays |= {"embedding_coef": self.embedding_coef_, "embedding_intercept": self.embedding_intercept_}
            meta["embeddings"] = classifier_fingerprint(codebook_path, True)
        meta["vocabulary"] = sorted(self.vocabulary_, key=self.vocabulary_.get)
        path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        with open(path.with_suffix(".npz"), "wb") as fh:
            np.savez_compressed(fh, **{k: v.astype("float32") for k, v in arrays.items()})

    @classmethod
    def load(cls, codebook: Sequence[CodebookTheme], path: Path, codebook_path: str,
             use_embeddings: bool) -> "CodebookClassifier | None":
        """The shipped weights when fitted on exactly this codebook (and embedding model), else None."""
        import json

        import numpy as np

        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            arrays = np.load(path.with_suffix(".npz"))
        except (OSError, ValueError):
            return None
        if meta.get("words") != classifier_fingerprint(codebook_path, False):
            return None
        if use_embeddings and meta.get("embeddings") != classifier_fingerprint(codebook_path, True):
            return None
        model = cls(codebook)
        model.vocabulary_ = {feature: i for i, feature in enumerate(meta["vocabulary"])}
        model.idf_ = arrays["idf"].astype("float64")
        model.word_coef_ = arrays["word_coef"].astype("float64")
        model.word_intercept_ = arrays["word_intercept"].astype("float64")
        model.embedding_coef_ = model.embedding_intercept_ = None
        if use_embeddings:
            model.embedding_coef_ = arrays["embedding_coef"].astype("float64")
            model.embedding_intercept_ = arrays["embedding_intercept"].astype("float64")
        return model


def _softmax(z: "np.ndarray") -> "np.ndarray":
    import numpy as np

    z = np.asarray(z, dtype="float64")
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


CLASSIFIER_PATH = Path(__file__).parent / "data" / "themes" / "classifier"


def classifier_fingerprint(codebook_path: str, use_embeddings: bool) -> str:
    """Identifies what the shipped weights were fitted on: codebook text, embedding model, and the version of
    this module's per-note stage (``STAGES["theme-scores"]`` in versions.py, bumped when its features change)."""
    from .versions import STAGES

    digest = hashlib.sha256(Path(codebook_path).read_bytes())
    if use_embeddings:
        from .embed import MODEL_VERSION

        digest.update(MODEL_VERSION.encode())
    digest.update(f"theme-scores {STAGES['theme-scores'].version}".encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def _fitted_classifier(codebook_path: str, use_embeddings: bool) -> CodebookClassifier:
    """The shipped weights for the shipped codebook; a user's own codebook is fitted once per process."""
    codebook = _load_codebook_cached(codebook_path)
    model = CodebookClassifier.load(codebook, CLASSIFIER_PATH, codebook_path, use_embeddings)
    if model is not None:
        return model
    embed_fn = _embed_function() if use_embeddings else None
    return CodebookClassifier(codebook, embed_fn=embed_fn).fit()


def codebook_proba(texts: Sequence[str], embeddings: "np.ndarray") -> "np.ndarray":
    """Scores of each text against the shipped codebook (n × themes); a per-note, cacheable step."""
    return _fitted_classifier(str(CODEBOOK_PATH), True).predict_proba(texts, embeddings)


def _embed_function():
    """``infosynth.embed.embed`` when that module is present, else None (TF-IDF only)."""
    try:
        from .embed import embed
    except ImportError:
        return None
    return embed


# ------------------------------------------------------------------------------------------ theme finder


class ThemeFinder:
    """Finds recurring themes across notes (scikit-learn style).

    Parameters
    ----------
    granularity:
        Above 1: more, smaller themes (large codebook themes split into sub-themes, ``slug--key-words``;
        more k-means clusters on large inputs). Below 0.75: fewer, broader themes (codebook themes merge
        into their families, such as "ways into the field"). 1.0 suits 5–50 interviews.
    min_notes:
        A theme must draw on snippets from at least this many distinct notes.
    min_confidence:
        How sure the codebook classifier must be for a snippet to join a codebook theme, as a multiple of
        the uniform probability 1/K over the K codebook themes (5.0: five times likelier than chance).
    context_weight:
        How much a snippet's neighbours in the same note and section (the bullets just before and after it)
        count towards its codebook scores: people develop one idea over consecutive bullets.
    discover:
        Also cluster snippets that no codebook theme claims.
    codebook:
        Path of a codebook TOML file; the shipped one by default.
    random_state:
        Seed for the randomised parts (k-means on large inputs).

    After :meth:`fit`, ``themes_`` holds the themes (largest first) and ``assignments_`` one theme id per
    input snippet (``""`` when in none).
    """

    def __init__(
        self,
        granularity: float = 1.0,
        min_notes: int = 2,
        min_confidence: float = 5.0,
        context_weight: float = 0.3,
        discover: bool = True,
        codebook: str | Path | None = None,
        random_state: int = 0,
    ):
        self.granularity = granularity
        self.min_notes = min_notes
        self.min_confidence = min_confidence
        self.context_weight = context_weight
        self.discover = discover
        self.codebook = codebook
        self.random_state = random_state

    # -- public API -----------------------------------------------------------------------------------

    def fit(self, snippets: Sequence[Snippet], notes: Sequence[Note], embeddings: Any = None,
            codebook_proba: Any = None) -> "ThemeFinder":
        """Group ``snippets`` into themes.

        ``embeddings``: an (n_snippets × d) array of L2-normalised sentence vectors from
        ``infosynth.embed.embed``; None computes them when that module is available; False uses none.
        ``codebook_proba``: the shipped codebook's scores of each snippet from :func:`codebook_proba`, when a
        per-note cache already holds them (they depend on the snippet alone); None computes them.
        """
        import gc

        from threadpoolctl import threadpool_limits

        # The matrices here are small; BLAS threads only contend with each other (and with anything
        # else running), which can make a one-second fit take a minute on a busy machine.
        # A fit makes some 10^5 small objects that live until it returns: pausing the cycle collector
        # spares it walking the whole heap (spaCy's included) again and again for nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with threadpool_limits(limits=1):
                return self._fit(snippets, notes, embeddings, codebook_proba)
        finally:
            if collecting:
                gc.enable()

    def _fit(self, snippets: Sequence[Snippet], notes: Sequence[Note], embeddings: Any,
             codebook_proba: Any = None) -> "ThemeFinder":
        import numpy as np

        snippets = list(snippets)
        n = len(snippets)
        vectors = self._snippet_vectors(snippets, embeddings)
        codebook_path = str(self.codebook or CODEBOOK_PATH)
        classifier = _fitted_classifier(codebook_path, vectors is not None)
        book = classifier.codebook

        assigned: list[str] = [""] * n
        scores = np.zeros(n, dtype="float32")
        if n:
            usable = (codebook_proba is not None and self.codebook is None and vectors is not None
                      and np.shape(codebook_proba) == (n, len(book)))
            proba = (np.asarray(codebook_proba, dtype="float64") if usable
                     else classifier.predict_proba([s.text for s in snippets], vectors))
            proba = _with_context(proba, snippets, self.context_weight)
            best = proba.argmax(axis=1)
            best_p = proba[np.arange(n), best]
            threshold = self.min_confidence / len(book)
            for i in np.flatnonzero(best_p >= threshold).tolist():
                if _says_something(snippets[i].text):
                    assigned[i] = book[best[i]].slug
                    scores[i] = best_p[i]
        entries = {t.slug: t for t in book}
        if self.granularity < COARSE_BELOW:  # broader themes: each codebook theme joins its family
            families = _read_codebook(codebook_path)[1]
            family_of = {t.slug: t.family for t in book if t.family in families}
            assigned = [family_of.get(a, a) for a in assigned]
            entries.update(families)
        assigned = self._drop_thin(assigned, snippets)
        if self.granularity > 1.0:  # finer themes: split the big codebook themes
            self._split(assigned, snippets, vectors)
            assigned = self._drop_thin(assigned, snippets)

        if self.discover:
            residual = [i for i in range(n) if not assigned[i] and _says_something(snippets[i].text)]
            for i, theme_id, score in self._discover(residual, snippets, vectors):
                assigned[i] = theme_id
                scores[i] = score
            assigned = self._drop_thin(assigned, snippets)

        self.assignments_ = assigned
        self.themes_ = self._build_themes(snippets, notes, assigned, scores, entries)
        return self

    def fit_assign(self, snippets: Sequence[Snippet], notes: Sequence[Note], embeddings: Any = None) -> list[Theme]:
        """:meth:`fit`, then write each snippet's theme id into ``snippet.theme``; returns the themes."""
        self.fit(snippets, notes, embeddings)
        for snippet, theme_id in zip(snippets, self.assignments_):
            snippet.theme = theme_id
        return self.themes_

    # -- steps ----------------------------------------------------------------------------------------

    def _snippet_vectors(self, snippets: list[Snippet], embeddings: Any) -> "np.ndarray | None":
        import numpy as np

        if embeddings is False:
            return None
        if embeddings is None:
            embed_fn = _embed_function()
            if embed_fn is None:
                return None
            return np.asarray(embed_fn([s.text for s in snippets]), dtype="float32")
        vectors = np.asarray(embeddings, dtype="float32")
        if vectors.shape[0] != len(snippets):
            raise ValueError(f"{vectors.shape[0]} embeddings for {len(snippets)} snippets")
        if _embed_function() is None:  # the codebook cannot be embedded in the same space
            return None
        return vectors

    def _split(self, assigned: list[str], snippets: list[Snippet], vectors: "np.ndarray | None") -> None:
        """Split each large codebook theme into sub-themes of closer snippets (in place).

        A sub-theme keeps the parent's slug plus its own key words (``long-hours--tax-season``); members
        that form no sub-theme spanning ``min_notes`` notes stay in the parent.
        """
        members: dict[str, list[int]] = defaultdict(list)
        for i, theme_id in enumerate(assigned):
            if theme_id:
                members[theme_id].append(i)
        for theme_id in sorted(members):
            idx = members[theme_id]
            if len({snippets[i].note for i in idx}) < 2 * self.min_notes or len(idx) < 4:
                continue
            subset = [snippets[i] for i in idx]
            n_notes = len({s.note for s in subset})
            # Up to 3 parts at granularity 1.5, 5 at 2, 9 at 3; never more than the notes can fill.
            n_parts = min(len(idx) // 2, n_notes // self.min_notes, 1 + round((self.granularity - 1.0) * 4))
            if n_parts < 2:
                continue
            x = self._cluster_features(subset, None if vectors is None else vectors[idx])
            if len(idx) <= EXACT_CLUSTERING_LIMIT:
                labels = _average_link(_distance_matrix(x, [s.categories for s in subset]), n_clusters=n_parts)
            else:
                labels = _kmeans(x, n_parts, self.random_state, init="k-means++", n_init=3)[0]
            groups: dict[int, list[int]] = defaultdict(list)
            for i, label in zip(idx, labels):
                if label >= 0:
                    groups[int(label)].append(i)
            parts = [g for g in groups.values()
                     if len(g) >= 2 and len({snippets[i].note for i in g}) >= self.min_notes]
            if len(parts) < 2:
                continue
            taken: set[str] = set()
            for part in sorted(parts, key=min):
                suffix = _discovered_id([snippets[i].text for i in part], taken)
                taken.add(suffix)
                for i in part:
                    assigned[i] = f"{theme_id}--{suffix}"

    def _drop_thin(self, assigned: list[str], snippets: list[Snippet]) -> list[str]:
        notes_per_theme: dict[str, set[str]] = defaultdict(set)
        for theme_id, snippet in zip(assigned, snippets):
            if theme_id:
                notes_per_theme[theme_id].add(snippet.note)
        keep = {t for t, ns in notes_per_theme.items() if len(ns) >= self.min_notes}
        return [t if t in keep else "" for t in assigned]

    def _discover(self, residual: list[int], snippets: list[Snippet], vectors: "np.ndarray | None"):
        """Cluster the unclaimed snippets; (index, theme id, cohesion) for members of the kept clusters."""
        import numpy as np

        if len(residual) < self.min_notes:
            return []
        x = self._cluster_features([snippets[i] for i in residual], None if vectors is None else vectors[residual])
        categories = [snippets[i].categories for i in residual]
        labels = _cluster(x, categories, self.granularity, self.random_state, has_embeddings=vectors is not None)
        members: dict[int, list[int]] = defaultdict(list)
        for pos, label in enumerate(labels):
            if label >= 0:
                members[int(label)].append(pos)
        out = []
        taken: set[str] = set()
        for label in sorted(members, key=lambda k: min(members[k])):
            positions = members[label]
            notes = {snippets[residual[p]].note for p in positions}
            if len(notes) < self.min_notes or len(positions) < 2:
                continue
            texts = [snippets[residual[p]].text for p in positions]
            if not _shares_key_word(texts, [snippets[residual[p]].note for p in positions]):
                continue
            theme_id = _discovered_id(texts, taken)
            taken.add(theme_id)
            centroid = x[positions].mean(axis=0)
            centroid = np.asarray(centroid).ravel()
            norm = float(np.linalg.norm(centroid)) or 1.0
            # One dot product per member rather than one matrix product: the two members of a pair are
            # equally close in exact arithmetic, so rounding picks the first quote, and a matrix product
            # rounds differently.
            for p in positions:
                row = np.asarray(x[p].todense()).ravel() if hasattr(x, "todense") else x[p]
                out.append((residual[p], theme_id, float(row @ centroid / norm)))
        return out

    @staticmethod
    def _cluster_features(snippets: list[Snippet], vectors: "np.ndarray | None"):
        """Embeddings, or stateless hashed lemma features (no fitted vocabulary: adding notes changes nothing)."""
        if vectors is not None:
            return vectors
        return _hashed_features([s.text for s in snippets])

    # -- assembling themes ------------------------------------------------------------------------------

    def _build_themes(self, snippets, notes, assigned, scores, book: dict[str, CodebookTheme]) -> list[Theme]:
        note_by_path = {n.path: n for n in notes}
        groups: dict[str, list[int]] = defaultdict(list)
        for i, theme_id in enumerate(assigned):
            if theme_id:
                groups[theme_id].append(i)
        recent_cutoff = _recent_cutoff(notes)
        topical = {t: _topical_phrases(book[t.split("--")[0]]) for t in groups if t.split("--")[0] in book}
        labels = _key_phrase_labels(
            {t: _sample([(snippets[i].note, snippets[i].text) for i in idx], LABEL_SAMPLE)
             for t, idx in groups.items()},
            _sample([(s.note, s.text) for s, t in zip(snippets, assigned) if not t], LABEL_SAMPLE * 10),
            topical,
            generic=_generic_words(tuple(e for e in book.values() if e.examples)),
        )
        quote_rank = _quote_rank(snippets, scores, note_by_path)
        themes = []
        for theme_id, idx in groups.items():
            paths = sorted({snippets[i].note for i in idx})
            dated = sorted(d for d in (_note_date(note_by_path.get(p)) for p in paths) if d is not None)
            people = sorted({note_by_path[p].person for p in paths if p in note_by_path and note_by_path[p].person})
            entry = book.get(theme_id) or book.get(theme_id.split("--")[0])  # a sub-theme shares its parent's
            themes.append(Theme(
                id=theme_id,
                label=labels.get(theme_id) or (entry.name if entry else theme_id.replace("-", " ")),
                category=_dominant_category(snippets, idx, entry),
                notes=paths,
                people=people,
                n_interviews=len(paths),
                first_seen=dated[0] if dated else None,
                last_seen=dated[-1] if dated else None,
                trend=_trend(dated, recent_cutoff),
                quotes=_quotes(snippets, idx, quote_rank),
                size=len(idx),
                kind="codebook" if entry else "discovered",
                anchor=entry.name if entry else "",
                description=entry.description if entry else "",
                snippet_keys=[snippets[i].key for i in idx],
            ))
        themes.sort(key=lambda t: (-t.n_interviews, -t.size, t.id))
        return themes


def find_themes(
    snippets: Sequence[Snippet], notes: Sequence[Note], embeddings: Any = None, **params: Any
) -> list[Theme]:
    """Find recurring themes and set ``snippet.theme`` on every snippet (``""`` when in none).

    ``params`` go to :class:`ThemeFinder` (``granularity``, ``min_notes``, ...).
    """
    return ThemeFinder(**params).fit_assign(snippets, notes, embeddings)


# ----------------------------------------------------------------------------------------------- helpers


def _says_something(text: str) -> bool:
    """False for fragments that name a topic but state no idea: "culture", or a lead-in such as
    "What the team does:" that introduces the bullets below it."""
    n_tokens, words = _analysed(text)
    return n_tokens >= 3 and bool(words) and not text.rstrip().endswith(":")


def _with_context(proba: "np.ndarray", snippets: Sequence[Snippet], weight: float) -> "np.ndarray":
    """Add ``weight`` × the scores of each snippet's neighbours in the same note and section, renormalised."""
    import numpy as np

    if weight <= 0 or len(snippets) < 2:
        return proba
    # after[i]: snippets i and i + 1 are neighbours in one section; the one before is added first.
    sections = [(s.note, s.heading) for s in snippets]
    after = np.array([a == b for a, b in zip(sections, sections[1:])])[:, None]
    out = proba.copy()
    np.add(out[1:], weight * proba[:-1], out=out[1:], where=after)
    np.add(out[:-1], weight * proba[1:], out=out[:-1], where=after)
    return out / out.sum(axis=1, keepdims=True)


def _distance_matrix(x, categories: Sequence[tuple[str, ...]]) -> "np.ndarray":
    """Cosine distances between the (L2-normalised) rows of ``x``, plus the category penalty."""
    import numpy as np

    similarity = (x @ x.T).toarray() if hasattr(x, "toarray") else np.asarray(x) @ np.asarray(x).T
    distance = np.clip(1.0 - similarity, 0.0, 2.0).astype("float32")
    cat_matrix = np.array([[c in cats for c in CATEGORIES] for cats in categories], dtype="float32")
    cat_matrix = cat_matrix.reshape(len(categories), len(CATEGORIES))
    tagged = cat_matrix.any(axis=1)
    disjoint = np.outer(tagged, tagged) & ((cat_matrix @ cat_matrix.T) == 0)
    distance += CATEGORY_PENALTY * disjoint
    np.fill_diagonal(distance, 0.0)
    return distance


def _cluster(x, categories: Sequence[tuple[str, ...]], granularity: float, random_state: int, has_embeddings: bool):
    """Cluster labels for the rows of ``x`` (L2-normalised rows); -1 for rows left out.

    Category-aware: two snippets the tagger put in disjoint categories (a skill vs a daily routine) are
    pushed apart by ``CATEGORY_PENALTY``, so a cluster stays about one kind of thing.
    """
    import numpy as np

    n = x.shape[0]
    # Cosine distance below which snippets count as the same idea; tighter for sparse word features,
    # where two snippets share words only when they talk about the same thing.
    threshold = DISCOVERY_DISTANCE if has_embeddings else 0.75
    if n <= EXACT_CLUSTERING_LIMIT:
        return _average_link(_distance_matrix(x, categories), threshold=threshold)
    if not hasattr(x, "multiply"):  # dense embeddings: append the categories as a few extra dimensions
        cat_matrix = np.array([[c in cats for c in CATEGORIES] for cats in categories], dtype="float32")
        x = np.hstack([x, CATEGORY_PENALTY * cat_matrix.reshape(n, -1)])
        x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    # Many small clusters (about ten snippets each) rather than a few broad ones.
    k = max(2, min(round(n / 10 * granularity), 1000))
    labels, similarity = _kmeans(x, k, random_state)
    # Keep only members close to their centre, as the exact path would.
    labels[similarity < 1.0 - threshold] = -1
    return labels


def _average_link(distance: "np.ndarray", *, threshold: float | None = None, n_clusters: int | None = None):
    """Flat clusters of average-linkage agglomerative clustering over a square distance matrix.

    Merging stops before the first merge at a distance of ``threshold`` or more (clusters exactly
    ``threshold`` apart stay apart), or when ``n_clusters`` clusters are left.

    >>> import numpy as np
    >>> d = np.array([[0, .1, .9, .9], [.1, 0, .9, .9], [.9, .9, 0, .5], [.9, .9, .5, 0]])
    >>> _average_link(d, threshold=0.5).tolist(), _average_link(d, n_clusters=2).tolist()
    ([0, 0, 1, 2], [0, 0, 1, 1])
    """
    import numpy as np
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    n = distance.shape[0]
    if n < 2:
        return np.zeros(n, dtype=np.intp)
    merges = linkage(squareform(distance, checks=False), method="average")  # sorted by merge distance
    if threshold is not None:
        n_merges = int(np.count_nonzero(merges[:, 2] < threshold))
    else:
        n_merges = n - max(1, min(n_clusters or 1, n))
    # Merge i makes node n + i from two earlier nodes: point each node at its parent, then follow the
    # pointers up (doubling the stride each round) to the top node of every leaf.
    parent = np.arange(n + n_merges)
    children = merges[:n_merges, :2].astype(np.intp)
    parent[children[:, 0]] = parent[children[:, 1]] = n + np.arange(n_merges)
    while not np.array_equal(parent[parent], parent):
        parent = parent[parent]
    _, first, labels = np.unique(parent[:n], return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[labels]  # numbered in order of their first member


def _kmeans(x, k: int, random_state: int = 0, *, init: str = "random", n_init: int = 1, max_iter: int = 20,
            block: int = 2048):
    """Spherical k-means over the L2-normalised rows of ``x`` (dense or sparse).

    Returns each row's cluster and its cosine similarity to that cluster's centre. Centres start at ``k``
    distinct rows drawn with ``random_state`` (``init="k-means++"``: each next one far from those already
    drawn, which costs a pass over the rows per centre and suits a few clusters) and move to the normalised
    mean of their members until no row changes cluster (at most ``max_iter`` rounds); of ``n_init`` such
    runs, the tightest is kept. Identical rows (a sentence that recurs word for word) are handled once,
    weighted by their count, so they always share a cluster. Memory stays linear in the number of rows:
    similarities are computed ``block`` rows at a time.

    >>> import numpy as np
    >>> x = np.array([[1, 0], [.9, .1], [0, 1], [.1, .9], [.1, .9]])
    >>> labels, similarity = _kmeans(x / np.linalg.norm(x, axis=1, keepdims=True), 2)
    >>> labels.tolist() in ([0, 0, 1, 1, 1], [1, 1, 0, 0, 0]), bool(similarity.min() > 0.98)
    (True, True)
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    first, inverse = _distinct_rows(x)
    x, weight = x[first], np.bincount(inverse).astype(x.dtype)
    n = x.shape[0]
    k = max(1, min(k, n))
    rng = np.random.default_rng(random_state)
    best = None
    for _ in range(n_init):
        if init == "k-means++":
            centres = x[_spread_seeds(x, weight, k, rng)]
        else:
            centres = x[np.sort(rng.choice(n, size=k, replace=False))]
        labels = None
        for round_ in range(max_iter):
            new_labels, similarity = _nearest(x, centres, block)
            if labels is not None and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            if round_ < max_iter - 1:
                members = csr_matrix((weight, (labels, np.arange(n))), shape=(k, n))
                centres = _unit_rows(members @ x)
        if best is None or weight @ similarity > weight @ best[1]:
            best = (labels, similarity)
    return best[0][inverse], best[1][inverse]


def _spread_seeds(x, weight: "np.ndarray", k: int, rng) -> list[int]:
    """k-means++ seeding: each next seed is a row drawn with odds in proportion to its count times its
    cosine distance to the nearest seed so far."""
    import numpy as np

    def similarity_to(row: int) -> "np.ndarray":
        sims = x @ x[row].T
        return np.asarray(sims.toarray() if hasattr(sims, "toarray") else sims).ravel()

    weight = np.asarray(weight, dtype="float64")
    seeds = [int(rng.choice(len(weight), p=weight / weight.sum()))]
    closest = similarity_to(seeds[0])
    while len(seeds) < k:
        odds = weight * np.clip(1.0 - closest, 0.0, None)
        odds[seeds] = 0.0
        if odds.sum() <= 0:  # the rows left all coincide with a seed: any of them will do
            odds = np.ones(len(weight))
            odds[seeds] = 0.0
        seeds.append(int(rng.choice(len(weight), p=odds / odds.sum())))
        closest = np.maximum(closest, similarity_to(seeds[-1]))
    return seeds


def _distinct_rows(x) -> "tuple[np.ndarray, np.ndarray]":
    """Index of the first occurrence of each distinct row of ``x``, and each row's distinct-row number."""
    import numpy as np

    if hasattr(x, "indptr"):
        x = x.tocsr()
        x.sort_indices()
        keys = [x.indices[a:b].tobytes() + x.data[a:b].tobytes() for a, b in zip(x.indptr, x.indptr[1:])]
    else:
        keys = [row.tobytes() for row in np.ascontiguousarray(x)]
    number: dict[bytes, int] = {}  # distinct rows are numbered in order of first occurrence
    inverse = np.array([number.setdefault(key, len(number)) for key in keys], dtype=np.intp)
    return np.unique(inverse, return_index=True)[1], inverse


def _nearest(x, centres, block: int):
    """Index of the most similar centre for each row of ``x``, and that similarity."""
    import numpy as np

    n = x.shape[0]
    labels = np.empty(n, dtype=np.intp)
    similarity = np.empty(n, dtype=np.float32)
    centres_t = centres.T
    for start in range(0, n, block):
        sims = x[start : start + block] @ centres_t
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
        best = sims.argmax(axis=1)
        labels[start : start + block] = best
        similarity[start : start + block] = sims[np.arange(len(best)), best]
    return labels, similarity


def _unit_rows(m):
    """``m`` with each non-zero row scaled to unit length (dense or sparse)."""
    import numpy as np
    from scipy.sparse import diags

    if hasattr(m, "multiply"):
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        return (diags(1.0 / np.maximum(norms, 1e-9)).astype(m.dtype) @ m).tocsr()
    m = np.asarray(m)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9).astype(m.dtype)


def _hashed_features(texts: Sequence[str], n_features: int = 2**18):
    """L2-normalised counts of each text's lemma uni/bigrams, each feature in column MurmurHash3(feature) mod
    ``n_features`` (the columns of scikit-learn's ``HashingVectorizer`` without alternating signs).

    >>> x = _hashed_features(["Night shifts", "night shift work", "and then"])
    >>> x.shape, x.getnnz(axis=1).tolist(), round(float((x[0] @ x[1].T).toarray()[0, 0]), 3)
    ((3, 262144), [3, 5, 0], 0.775)
    """
    import numpy as np
    from murmurhash.mrmr import hash as murmurhash3  # ships with spaCy
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for row, text in enumerate(texts):
        for feature in _lemma_analyzer(text):
            rows.append(row)
            cols.append(abs(murmurhash3(feature)) % n_features)
    x = csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(texts), n_features))
    x.sum_duplicates()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x.data /= np.repeat(norms, np.diff(x.indptr))
    return x.astype(np.float32)


def _sample(docs: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """At most ``limit`` (note, text) pairs, chosen by a hash of their content (same input, same sample)."""
    if len(docs) <= limit:
        return docs
    return sorted(docs, key=lambda d: hashlib.md5("\0".join(d).encode("utf-8")).digest())[:limit]


def _discovered_id(texts: list[str], taken: set[str]) -> str:
    """A slug from the cluster's most frequent content lemmas (only its own text: stable across builds)."""
    counts = Counter()
    for text in texts:
        counts.update({w for w in _analysed(text)[1] if w.isalpha() and w not in _GENERIC})
    top = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    base = "-".join(re.sub(r"[^a-z0-9]+", "-", w).strip("-") for w in top) or "theme"
    theme_id = base
    if theme_id in taken:
        digest = hashlib.sha1("\n".join(sorted(texts)).encode()).hexdigest()[:6]
        theme_id = f"{base}-{digest}"
    return theme_id


def _shares_key_word(texts: list[str], notes: list[str]) -> bool:
    """True when some content word recurs in at least half the snippets, from two or more notes.

    Embedding neighbours that share no word at all are usually a coincidence of style, not one idea.
    """
    where: dict[str, set[int]] = defaultdict(set)
    for pos, text in enumerate(texts):
        for word in set(_analysed(text)[1]):
            if word.isalpha() and word not in _GENERIC:
                where[word].add(pos)
    need = max(2, math.ceil(len(texts) / 2))
    return any(len(pos) >= need and len({notes[p] for p in pos}) >= 2 for pos in where.values())


# Words too general to say what a theme is about (they would fit any theme).
_GENERIC = frozenset("""
half someone anyone anybody everybody nothing next last open plus whole same own sure maybe probably usually
almost other others around quite rather enough several
able actually another ask bit big come day different do early end feel find first give good great hard help
important job keep kind know learn little long make need new part people person place point put role see
seem something specific start stop take talk tell thing think time try use want way week work year years
lot come came
""".split())


def _key_phrase_labels(
    groups: dict[str, list[tuple[str, str]]],
    rest: list[tuple[str, str]],
    topical: dict[str, set[str]] | None = None,
    max_words: int = 5,
    generic: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Readable labels from class-based TF-IDF over lemma uni/bigrams: what each theme says that others don't.

    ``groups`` maps a theme id to its (note, text) pairs. A phrase must occur in the snippets of at least two
    different notes (a label says what several people said); the displayed form is its most common spelling.
    ``topical`` maps a theme id to phrases that belong to its idea (for codebook themes, the lemmas of its
    description and examples): those are preferred, and a codebook theme whose snippets share no topical
    phrase gets no label here (the caller falls back to the codebook name). Only topical phrases label a
    codebook theme, and words spread across many codebook themes (``generic``: "two", "someone", "half") never
    make a phrase on their own.
    """
    if not groups:
        return {}
    topical = topical or {}
    class_docs = dict(groups)
    class_docs["\0rest"] = rest
    tf: dict[str, Counter] = {}
    surface: dict[str, Counter] = defaultdict(Counter)
    doc_freq: dict[str, Counter] = {}
    too_general = _GENERIC | generic
    kept: dict[str, list[tuple[str, str]]] = {}  # text -> its (phrase, spelling) pairs, once per call
    for cls, docs in class_docs.items():
        counts, notes_with = Counter(), defaultdict(set)
        # Repeated texts are counted together; first-seen order is kept, so spellings tie-break as before.
        notes_of: dict[str, list[str]] = defaultdict(list)
        for note, text in docs:
            notes_of[text].append(note)
        for text, text_notes in notes_of.items():
            if text not in kept:
                kept[text] = [(p, w) for p, w in _spelt_phrases(text) if not set(p.split()) <= too_general]
            repeats = len(text_notes)
            for phrase, spelling in kept[text]:
                counts[phrase] += repeats
                surface[phrase][spelling] += repeats
                notes_with[phrase].update(text_notes)
        tf[cls], doc_freq[cls] = counts, Counter({p: len(n) for p, n in notes_with.items()})
    total = Counter()
    for counts in tf.values():
        total.update(counts)
    avg_words = sum(sum(c.values()) for c in tf.values()) / max(len(tf), 1)
    labels = {}
    for cls in groups:
        on_topic = topical.get(cls)
        scored = []
        for phrase, count in tf[cls].items():
            if doc_freq[cls][phrase] < 2 or (on_topic is not None and phrase not in on_topic):
                continue
            weight = count * math.log(1 + avg_words / total[phrase])
            if " " in phrase:
                weight *= 1.3  # two-word phrases read better than lone words
            if on_topic is not None and phrase in on_topic:
                weight *= 4.0
            scored.append((weight, phrase))
        scored.sort(key=lambda wp: (-wp[0], wp[1]))
        if on_topic is not None and (not scored or scored[0][1] not in on_topic):
            continue
        chosen: list[str] = []
        used: set[str] = set()
        n_words = 0
        for _, phrase in scored:
            words = phrase.split()
            if used & set(words) or n_words + len(words) > max_words:
                continue
            chosen.append(surface[phrase].most_common(1)[0][0])
            used |= set(words)
            n_words += len(words)
            if len(chosen) == 3:
                break
        if chosen and n_words >= 2:
            labels[cls] = ", ".join(chosen)
    return labels


@functools.lru_cache(maxsize=8)
def _generic_words(entries: tuple[CodebookTheme, ...], share: float = 0.2) -> frozenset[str]:
    """Single words found in the examples of at least ``share`` of the codebook's themes: they say nothing
    about which theme a snippet belongs to, so they make poor labels."""
    spread: Counter = Counter()
    for entry in entries:
        spread.update({p for p in _topical_phrases(entry) if " " not in p})
    return frozenset(w for w, n in spread.items() if n >= share * len(entries))


@functools.lru_cache(maxsize=256)
def _topical_phrases(entry: CodebookTheme) -> set[str]:
    """Lemma uni/bigrams of a codebook theme's name, description and examples."""
    return {phrase for text in (entry.name, entry.description, *entry.examples) for phrase, _ in _spelt_phrases(text)}


def _spelt_phrases(text: str) -> list[tuple[str, str]]:
    """Lemma unigrams, then adjacent-lemma bigrams, each with its spelling in ``text``.

    >>> _spelt_phrases("Night shifts, then rest")
    [('night', 'night'), ('shift', 'shifts'), ('rest', 'rest'), ('night shift', 'night shifts')]
    """
    words = [t.split("'")[0] for t in tokens(text)]
    kept = [(w, _lemma(w)) for w in words if w not in _STOP and len(w) > 2 and not w.isdigit()]
    kept = [(w, l) for w, l in kept if l not in _STOP]
    out = [(lemma, w) for w, lemma in kept]
    adjacent = set(zip(words, words[1:]))
    for (w1, l1), (w2, l2) in zip(kept, kept[1:]):
        if (w1, w2) in adjacent:  # adjacent somewhere in the text, not only across a stopword
            out.append((f"{l1} {l2}", f"{w1} {w2}"))
    return out


def _dominant_category(snippets: list[Snippet], idx: list[int], entry: CodebookTheme | None) -> str:
    counts = Counter(c for i in idx for c in snippets[i].categories if c in CATEGORIES)
    if counts:
        return sorted(counts.items(), key=lambda kv: (-kv[1], CATEGORIES.index(kv[0])))[0][0]
    return entry.category if entry else ""


def _quote_rank(snippets: Sequence[Snippet], scores: "np.ndarray", note_by_path: dict[str, Note]) -> "np.ndarray":
    """Each snippet's rank as a quote, best first: notes whose author allows quoting first, then confident
    snippets long enough to read on their own, then by note and line."""
    import numpy as np

    n_words = np.fromiter((len(_analysed(s.text)[1]) for s in snippets), dtype="float64", count=len(snippets))
    weight = scores.astype("float64") * np.minimum(1.0, n_words / 6)
    code: dict[str, int] = {}
    note_code = np.fromiter((code.setdefault(s.note, len(code)) for s in snippets), dtype=np.intp, count=len(snippets))
    paths = list(code)
    note_order = np.empty(len(paths), dtype=np.intp)
    note_order[sorted(range(len(paths)), key=paths.__getitem__)] = np.arange(len(paths))
    refused = np.array([p in note_by_path and not note_by_path[p].quotes for p in paths], dtype=bool)
    lines = np.fromiter((s.line for s in snippets), dtype=np.int64, count=len(snippets))
    # lexsort is stable (ties keep input order, as sorted() would) and sorts by its last key first.
    order = np.lexsort((lines, note_order[note_code], -weight, refused[note_code]))
    rank = np.empty(len(snippets), dtype=np.intp)
    rank[order] = np.arange(len(snippets))
    return rank


def _quotes(snippets, idx: list[int], rank: "np.ndarray", limit: int = 3) -> list[tuple[str, int, str]]:
    """Up to ``limit`` representative snippets, best first (see :func:`_quote_rank`), from different notes
    where possible."""
    ranked = sorted(idx, key=rank.__getitem__)
    chosen, seen_notes = [], set()
    for i in ranked:
        if snippets[i].note not in seen_notes:
            chosen.append(i)
            seen_notes.add(snippets[i].note)
        if len(chosen) == limit:
            break
    for i in ranked:
        if len(chosen) == limit:
            break
        if i not in chosen:
            chosen.append(i)
    return [(snippets[i].note, snippets[i].line, snippets[i].text) for i in chosen]


def _note_date(note: Note | None) -> dt.date | None:
    if note is None or note.date is None:
        return None
    return note.date.date() if isinstance(note.date, dt.datetime) else note.date


def _recent_cutoff(notes: Sequence[Note]) -> dt.date | None:
    """First date of the most recent third of dated interviews; None when trends cannot be told.

    Trends need at least three dated notes on at least two different days.
    """
    dates = sorted(d for d in (_note_date(n) for n in notes) if d is not None)
    if len(dates) < 3 or dates[0] == dates[-1]:
        return None
    cutoff = dates[len(dates) - max(1, len(dates) // 3)]
    if cutoff == dates[0]:  # most interviews on the last day: nothing is "older"
        return None
    return cutoff


def _trend(theme_dates: list[dt.date], cutoff: dt.date | None) -> str:
    """``emerging``: all of the theme's interviews are recent; ``fading``: none is; else ``steady``.

    "Recent" is the latest third of all dated interviews (see :func:`_recent_cutoff`); ``""`` without dates.
    """
    if cutoff is None or not theme_dates:
        return ""
    recent = sum(d >= cutoff for d in theme_dates)
    if recent == len(theme_dates):
        return "emerging"
    if recent == 0:
        return "fading"
    return "steady"
