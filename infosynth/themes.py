"""Recurring themes: ideas that several interviewees raised independently.

Snippets are compared in the space of the shipped sentence encoder (``infosynth.encoder``), which was tuned so
that lines saying the same thing about a job sit close together whatever the field or the wording.

1. **Discovery first.** The snippets that state something (not the note-taker's questions, not interview
   logistics, not label-only lines such as "Advice:") are grouped by average-link clustering on cosine distance;
   each snippet's vector takes in a little of its neighbours in the same section, because people develop one
   idea over consecutive bullets. Large inputs are first split by k-means, so no step is quadratic in the whole
   folder.
2. **Precision before coverage.** A group becomes a theme only when it draws on ``min_notes`` different notes,
   its members hold together (``coherence``: their mean pairwise cosine similarity) and every member is close to
   the rest; a snippet that does not clearly belong is left out rather than forced in.
3. **The codebook names and anchors.** ``data/themes/codebook.toml`` describes ideas that recur in career
   conversations in any field, each with examples written for it. A theme whose centre is close to one of them
   takes the codebook's name and id; the codebook never pulls a snippet into a theme on its own. Where the
   codebook also gives examples of the opposite view ("easy to get in" against "hard to get in"), each member
   is read for its stance: opposite members still count in the theme, which is then shown as *mixed*, but they
   are never quoted as support.
4. **Labels and quotes.** A theme has one label, used in every output: the codebook name, or for a discovered
   theme its distinctive key phrases in plain words. Quotes are the members closest to the theme's centre, from
   different notes where possible.

>>> from infosynth.models import Note, Snippet
>>> notes = [Note(path=f"n{i}.md", snippets=[Snippet(f"n{i}.md", 1, t)]) for i, t in enumerate([
...     "Sixty-hour weeks are normal in busy season.",
...     "She often works twelve-hour days and most weekends.",
...     "Loves that the lab is close to the park."])]
>>> themes = find_themes([s for n in notes for s in n.snippets], notes)
>>> [(t.label, t.n_interviews) for t in themes]
[('Long hours', 2)]
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import CATEGORIES, Note, Snippet, is_takeaway

if TYPE_CHECKING:
    import numpy as np

CODEBOOK_PATH = Path(__file__).parent / "data" / "themes" / "codebook.toml"
INDEX_PATH = Path(__file__).parent / "data" / "themes" / "index"

# Above this many snippets, k-means first splits the input into parts of about half this size, each clustered
# exactly (average link needs the part's square distance matrix).
EXACT_CLUSTERING_LIMIT = 2000
# Average-link merging stops at this cosine distance (tuned encoder): the best on the project's own annotated
# notes (tests/data/theme-notes), never chosen on evaluation notes.
DISCOVERY_DISTANCE = 0.65
# Same, for hashed word features when no encoder vectors are available; their coherence and member bars are
# scaled by WORD_SCALE.
WORD_DISTANCE = 0.75
WORD_SCALE = 0.5
# A theme's members must have at least this mean pairwise cosine similarity: about the 10th percentile of the
# coherence of held-out codebook examples of one idea (mixtures of two ideas sit near 0.05).
MIN_COHERENCE = 0.2
# Every member must have at least this mean cosine similarity to the theme's other members.
MIN_MEMBER_SIMILARITY = 0.25
# A theme takes a codebook name when its centre is at least this similar to the codebook theme's prototype.
ANCHOR_SIMILARITY = 0.55
# A theme with more members per note than this is an area of the job rather than one idea: it is split.
MAX_PER_NOTE = 3.0
# Each split clusters again at a distance this much tighter, down to MIN_SPLIT_DISTANCE.
SPLIT_STEP = 0.05
MIN_SPLIT_DISTANCE = 0.25
# Weight of the neighbouring bullets of the same section in a snippet's clustering vector (0: none; mixing in
# neighbours helped one evaluation set and hurt another, so it is off by default).
CONTEXT_WEIGHT = 0.0
# A member opposes its theme when the stance model gives the codebook's view less than this probability: only a
# clear opposite counts as one (a line the model is unsure about stays support).
CONTRARY_BELOW = 0.4
# A member of a theme named after a codebook idea stays only when that idea is its nearest, or within this much
# cosine of its nearest: a line nearer another idea does not clearly belong, and is left unthemed.
IDEA_MARGIN = 0.05
# Key-phrase labels look at no more than this many snippets per theme (plenty to find its words).
LABEL_SAMPLE = 500
QUOTES = 5  # quotes kept per theme, best first


# ----------------------------------------------------------------------------------------------- records


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


@dataclass
class Theme:
    """A recurring theme: snippets from several notes that express the same idea.

    ``id`` is derived from content (a codebook slug, or a slug of the theme's key words), so adding an
    unrelated note does not rename it. ``label`` is the one name every output shows. ``anchor`` is the codebook
    name when the theme matched a codebook entry, else ``""``. ``coherence`` is the members' mean pairwise cosine
    similarity. ``stance`` is ``"mixed"`` when some members say the opposite of the codebook's view
    (``n_contrary`` of them; their keys in ``contrary_keys``), else ``""``; ``quotes`` only ever hold supporting
    members, most central first.
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
    kind: str = "codebook"  # codebook (named after a codebook entry) | discovered
    anchor: str = ""
    description: str = ""
    coherence: float = 0.0
    stance: str = ""
    n_contrary: int = 0
    contrary_quotes: list[tuple[str, int, str]] = field(default_factory=list)
    keywords: str = ""
    snippet_keys: list[str] = field(default_factory=list, repr=False)
    contrary_keys: list[str] = field(default_factory=list, repr=False)

    @property
    def n_support(self) -> int:
        return self.size - self.n_contrary

    def as_row(self) -> dict[str, Any]:
        """A flat dict for a DataFrame or CSV row."""
        return {
            "id": self.id, "label": self.label, "kind": self.kind, "anchor": self.anchor,
            "category": self.category, "n_interviews": self.n_interviews, "size": self.size,
            "coherence": round(self.coherence, 3), "stance": self.stance, "n_contrary": self.n_contrary,
            "first_seen": self.first_seen, "last_seen": self.last_seen, "trend": self.trend,
            "people": "; ".join(self.people), "notes": "; ".join(self.notes), "keywords": self.keywords,
            "quotes": " | ".join(q[2] for q in self.quotes),
        }


# ---------------------------------------------------------------------------------------------- codebook


def load_codebook(path: str | Path | None = None) -> list[CodebookTheme]:
    """Read a codebook TOML file (the shipped one by default).

    >>> book = load_codebook()
    >>> len(book) >= 100 and all(len(t.examples) >= 20 for t in book)
    True
    """
    return list(_load_codebook_cached(str(path or CODEBOOK_PATH)))


@functools.lru_cache(maxsize=4)
def _load_codebook_cached(path: str) -> tuple[CodebookTheme, ...]:
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


class CodebookIndex:
    """The codebook as points in the encoder's space.

    ``prototypes`` (themes × dim): the normalised mean vector of each theme's examples. ``stance_coef`` /
    ``stance_intercept``: for each theme with contrary examples (``stance_rows`` maps its row to the theme's
    position), a logistic regression telling the theme's view (1) from the opposite one (0).

    The shipped index (``data/themes/index.npz``) is used when it was built from exactly this codebook and
    encoder; otherwise the index is rebuilt in memory (a few seconds for the shipped codebook's size).
    """

    def __init__(self, codebook: Sequence[CodebookTheme], prototypes: "np.ndarray", stance_rows: dict[int, int],
                 stance_coef: "np.ndarray", stance_intercept: "np.ndarray"):
        self.codebook = list(codebook)
        self.prototypes = prototypes
        self.stance_rows = stance_rows
        self.stance_coef = stance_coef
        self.stance_intercept = stance_intercept

    @classmethod
    def build(cls, codebook: Sequence[CodebookTheme], encode_fn) -> "CodebookIndex":
        """Encode the examples and fit the stance models (needs scikit-learn)."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        dim = None
        prototypes, rows, coefs, intercepts = [], {}, [], []
        for index, theme in enumerate(codebook):
            vectors = np.asarray(encode_fn(list(theme.examples) or [theme.description]), dtype="float64")
            dim = vectors.shape[1]
            centre = vectors.mean(axis=0)
            prototypes.append(centre / max(np.linalg.norm(centre), 1e-9))
            if theme.contrary:
                against = np.asarray(encode_fn(list(theme.contrary)), dtype="float64")
                x = np.vstack([vectors, against])
                y = np.r_[np.ones(len(vectors)), np.zeros(len(against))]
                model = LogisticRegression(C=64.0, max_iter=5000).fit(x, y)
                rows[index] = len(coefs)
                coefs.append(model.coef_[0])
                intercepts.append(model.intercept_[0])
        return cls(codebook, np.asarray(prototypes, dtype="float32").reshape(len(codebook), dim or 0), rows,
                   np.asarray(coefs, dtype="float32").reshape(len(coefs), dim or 0),
                   np.asarray(intercepts, dtype="float32"))

    def stance(self, theme_index: int, vectors: "np.ndarray") -> "np.ndarray | None":
        """Probability that each vector states the codebook theme's view rather than its opposite; None when
        the theme takes no side."""
        import numpy as np

        row = self.stance_rows.get(theme_index)
        if row is None:
            return None
        z = np.asarray(vectors, dtype="float64") @ self.stance_coef[row] + self.stance_intercept[row]
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path, fingerprint: str) -> None:
        import numpy as np

        meta = {"fingerprint": fingerprint, "slugs": [t.slug for t in self.codebook],
                "stance_rows": {str(k): v for k, v in self.stance_rows.items()}}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
        with open(path.with_suffix(".npz"), "wb") as fh:
            np.savez_compressed(fh, prototypes=self.prototypes, stance_coef=self.stance_coef,
                                stance_intercept=self.stance_intercept)

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
        return cls(codebook, arrays["prototypes"], {int(k): v for k, v in meta["stance_rows"].items()},
                   arrays["stance_coef"], arrays["stance_intercept"])


def index_fingerprint(codebook_path: str) -> str:
    """Identifies what an index was built from: the codebook's bytes and the encoder's version."""
    from .encoder import MODEL_VERSION

    digest = hashlib.sha256(Path(codebook_path).read_bytes())
    digest.update(MODEL_VERSION.encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def codebook_index(codebook_path: str = str(CODEBOOK_PATH)) -> CodebookIndex:
    """The shipped index for the shipped codebook; any other codebook is indexed once per process."""
    from .encoder import encode

    codebook = _load_codebook_cached(codebook_path)
    fingerprint = index_fingerprint(codebook_path)
    index = CodebookIndex.load(codebook, INDEX_PATH, fingerprint) if codebook_path == str(CODEBOOK_PATH) else None
    return index or CodebookIndex.build(codebook, encode)


# ------------------------------------------------------------------------------------------ theme finder


class ThemeFinder:
    """Finds recurring themes across notes (scikit-learn style).

    Parameters
    ----------
    granularity:
        Above 1: more, smaller and tighter themes; below 1: fewer, broader ones. 1.0 suits 5–50 interviews.
    min_notes:
        A theme must draw on snippets from at least this many distinct notes.
    distance:
        Average-link cosine distance at which merging stops (scaled by ``granularity``); None: the default for
        the vectors in use.
    min_coherence:
        Themes whose members' mean pairwise cosine similarity is below this are not shown.
    min_member_similarity:
        Members less similar than this (on average) to the rest of their theme are left out of it.
    anchor_similarity:
        How close a theme's centre must be to a codebook entry to take its name.
    context_weight:
        How much the neighbouring bullets of the same section shape a snippet's clustering vector.
    max_per_note:
        A group with more members per note than this is split (an area of the job, not one idea).
    codebook:
        Path of a codebook TOML file; the shipped one by default. ``False``: no codebook (every theme is named
        from its own words).
    random_state:
        Seed for the randomised parts (k-means on large inputs).

    After :meth:`fit`, ``themes_`` holds the themes (most widespread first), ``assignments_`` one theme id per
    input snippet (``""`` when in none) and ``dropped_`` the groups that were not shown because they did not
    hold together (each a dict with the member indices and its coherence).
    """

    def __init__(
        self,
        granularity: float = 1.0,
        min_notes: int = 2,
        distance: float | None = None,
        min_coherence: float = MIN_COHERENCE,
        min_member_similarity: float = MIN_MEMBER_SIMILARITY,
        anchor_similarity: float = ANCHOR_SIMILARITY,
        context_weight: float = CONTEXT_WEIGHT,
        codebook: str | Path | bool | None = None,
        random_state: int = 0,
        max_per_note: float = MAX_PER_NOTE,
    ):
        self.max_per_note = max_per_note
        self.granularity = granularity
        self.min_notes = min_notes
        self.distance = distance
        self.min_coherence = min_coherence
        self.min_member_similarity = min_member_similarity
        self.anchor_similarity = anchor_similarity
        self.context_weight = context_weight
        self.codebook = codebook
        self.random_state = random_state

    # -- public API -----------------------------------------------------------------------------------

    def fit(self, snippets: Sequence[Snippet], notes: Sequence[Note], embeddings: Any = None) -> "ThemeFinder":
        """Group ``snippets`` into themes.

        ``embeddings``: an (n_snippets × d) array of unit-length vectors from :func:`infosynth.encoder.encode`
        (a build passes the per-note cached ones); None encodes the snippets here; False uses hashed word
        features instead (no encoder, no codebook names).
        """
        import gc

        from threadpoolctl import threadpool_limits

        # The matrices here are small; BLAS threads only contend with each other and with anything else running.
        # A fit makes many small objects that live until it returns: pausing the cycle collector spares it
        # walking the whole heap again and again for nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with threadpool_limits(limits=1):
                return self._fit(list(snippets), notes, embeddings)
        finally:
            if collecting:
                gc.enable()

    def fit_assign(self, snippets: Sequence[Snippet], notes: Sequence[Note], embeddings: Any = None) -> list[Theme]:
        """:meth:`fit`, then write each snippet's theme id into ``snippet.theme``; returns the themes."""
        self.fit(snippets, notes, embeddings)
        for snippet, theme_id in zip(snippets, self.assignments_):
            snippet.theme = theme_id
        return self.themes_

    # -- steps ----------------------------------------------------------------------------------------

    def _fit(self, snippets: list[Snippet], notes: Sequence[Note], embeddings: Any) -> "ThemeFinder":
        vectors, dense = self._vectors(snippets, embeddings)
        # Hashed word vectors of two lines on one idea share a word or two, not a meaning: lower bars.
        self._scale = 1.0 if dense else WORD_SCALE
        index = self._index() if dense else None
        eligible = [i for i, s in enumerate(snippets) if is_takeaway(s) and _says_something(s.text)]
        self.dropped_: list[dict[str, Any]] = []
        groups: list[list[int]] = []
        if len({snippets[i].note for i in eligible}) >= self.min_notes:
            x = _with_context(vectors, snippets, self.context_weight) if dense else vectors
            labels = _cluster(x[eligible], self._distance(dense), self.random_state)
            members: dict[int, list[int]] = defaultdict(list)
            for i, label in zip(eligible, labels.tolist()):
                members[label].append(i)
            threshold = self._distance(dense)
            for idx in members.values():
                groups.extend(self._refine(sorted(idx), snippets, vectors, x, threshold))
        themes = self._build_themes(snippets, notes, groups, vectors, index)
        theme_of = {key: theme.id for theme in themes for key in theme.snippet_keys}
        assigned = [theme_of.get(s.key, "") for s in snippets]
        self.assignments_ = assigned
        self.themes_ = themes
        return self

    def _vectors(self, snippets: list[Snippet], embeddings: Any) -> "tuple[Any, bool]":
        """Unit-length rows for the snippets, and whether they are encoder vectors (False: hashed words)."""
        import numpy as np

        if embeddings is False:
            return _hashed_features([s.text for s in snippets]), False
        if embeddings is None:
            from .encoder import encode, encoder_dim

            texts = [s.text for s in snippets]
            vectors = encode(texts) if texts else np.zeros((0, encoder_dim()), "float32")
        else:
            vectors = np.asarray(embeddings, dtype="float32")
            if vectors.ndim != 2 or vectors.shape[0] != len(snippets):
                raise ValueError(f"{vectors.shape[0] if vectors.ndim else 0} embeddings for {len(snippets)} snippets")
        return _unit_rows(vectors), True

    def _index(self) -> CodebookIndex | None:
        if self.codebook is False:
            return None
        return codebook_index(str(self.codebook or CODEBOOK_PATH))

    def _distance(self, dense: bool) -> float:
        base = self.distance if self.distance is not None else (DISCOVERY_DISTANCE if dense else WORD_DISTANCE)
        # Finer themes merge less: granularity 2 shortens the distance by a tenth, 0.5 lengthens it by a tenth.
        return float(min(0.95, max(0.05, base * (1.0 - 0.1 * math.log2(max(self.granularity, 1e-3))))))

    def _refine(self, idx: list[int], snippets: list[Snippet], vectors, x, threshold: float) -> list[list[int]]:
        """The parts of a cluster that make themes: pruned of stray members, split while too loose or too big.

        A recurring theme is an idea each person raises once or twice, not a whole area of the job: a cluster
        with more than ``max_per_note`` members per note, or a coherence below ``min_coherence``, is clustered
        again at a tighter distance and each part is judged on its own. What stays loose at the tightest
        distance is recorded in ``dropped_``.
        """
        notes = {snippets[i].note for i in idx}
        if len(notes) < self.min_notes:
            return []
        kept = self._prune(idx, vectors)
        if len(kept) < 2 or len({snippets[i].note for i in kept}) < self.min_notes:
            return []
        coherence = _coherence(_dense_rows(vectors, kept))
        per_note = len(kept) / len({snippets[i].note for i in kept})
        if coherence >= self.min_coherence * self._scale and per_note <= self.max_per_note:
            return [kept]
        out: list[list[int]] = []
        recorded = len(self.dropped_)
        tighter = threshold - SPLIT_STEP
        if tighter >= MIN_SPLIT_DISTANCE and len(kept) >= 3:
            labels = _cluster(x[kept], tighter, self.random_state)
            parts: dict[int, list[int]] = defaultdict(list)
            for i, label in zip(kept, labels.tolist()):
                parts[label].append(i)
            for part in parts.values():
                out.extend(self._refine(part, snippets, vectors, x, tighter))
        if not out:  # nothing in it holds together: on record (as one group), not shown
            del self.dropped_[recorded:]
            self.dropped_.append({"members": kept, "coherence": coherence})
        return out

    def _prune(self, idx: list[int], vectors) -> list[int]:
        """Members whose mean similarity to the others is below ``min_member_similarity`` leave one at a time,
        least similar first (each departure changes the others' means)."""
        import numpy as np

        rows = _dense_rows(vectors, idx)
        alive = np.ones(len(idx), dtype=bool)
        total = rows.sum(axis=0)
        while alive.sum() >= 2:
            m = int(alive.sum())
            to_others = (rows @ total - 1.0) / (m - 1)  # each member's mean similarity to the other members
            to_others[~alive] = np.inf
            worst = int(np.argmin(to_others))
            if to_others[worst] >= self.min_member_similarity * self._scale:
                break
            alive[worst] = False
            total = total - rows[worst]
        return [i for i, a in zip(idx, alive) if a]

    # -- assembling themes ------------------------------------------------------------------------------

    def _build_themes(self, snippets: list[Snippet], notes: Sequence[Note], groups: list[list[int]], vectors,
                      index: CodebookIndex | None) -> list[Theme]:
        import numpy as np

        note_by_path = {n.path: n for n in notes}
        recent_cutoff = _recent_cutoff(notes)
        centres = np.vstack([_dense_rows(vectors, g).mean(axis=0) for g in groups]) if groups else None
        anchors: list[int | None] = [None] * len(groups)
        if index is not None and groups:
            sims = _unit_rows(centres) @ index.prototypes.T
            best = sims.argmax(axis=1)
            for g in range(len(groups)):
                if sims[g, best[g]] >= self.anchor_similarity:
                    anchors[g] = int(best[g])
        # Two groups anchored to the same codebook entry say the same thing: one theme.
        merged: dict[Any, list[int]] = {}
        for g, group in enumerate(groups):
            key = ("anchor", anchors[g]) if anchors[g] is not None else ("group", g)
            merged.setdefault(key, []).extend(group)
        groups = [sorted(g) for g in merged.values()]
        anchors = [k[1] if k[0] == "anchor" else None for k in merged]

        keyword_labels = _key_phrase_labels(
            {str(k): _sample([(snippets[i].note, snippets[i].text) for i in g], LABEL_SAMPLE)
             for k, g in enumerate(groups)},
            _sample([(s.note, s.text) for s in snippets if is_takeaway(s)], LABEL_SAMPLE * 10),
        )
        themes, taken = [], set()
        for k, (idx, anchor) in enumerate(zip(groups, anchors)):
            rows = _dense_rows(vectors, idx)
            entry = index.codebook[anchor] if anchor is not None else None
            if entry is not None:
                to_ideas = _unit_rows(rows) @ index.prototypes.T
                fits = to_ideas[:, anchor] >= to_ideas.max(axis=1) - IDEA_MARGIN
                idx, rows, to_ideas = [i for i, ok in zip(idx, fits) if ok], rows[fits], to_ideas[fits]
                if len({snippets[i].note for i in idx}) < self.min_notes:
                    self.dropped_.append({"members": idx, "coherence": _coherence(rows) if len(idx) else 0.0})
                    continue
            centre = rows.mean(axis=0)
            centre /= max(float(np.linalg.norm(centre)), 1e-9)
            centrality = rows @ centre
            contrary = np.zeros(len(idx), dtype=bool)
            if entry is not None:
                p = index.stance(anchor, rows)
                if p is not None:
                    contrary = p < CONTRARY_BELOW
            keywords = keyword_labels.get(str(k), "")
            if entry is not None:
                # Mostly the opposite view: the theme is that view, and the others are the exceptions.
                flipped = contrary.sum() > len(idx) / 2 and bool(entry.contrary_name)
                if flipped:
                    contrary = ~contrary
                label = entry.contrary_name if flipped else entry.name
                theme_id = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") if flipped else entry.slug
            else:
                label = _plain_label(keywords)
                if not label:  # no codebook idea and no phrase the notes share: nothing to say it in plain words
                    self.dropped_.append({"members": idx, "coherence": _coherence(rows)})
                    continue
                theme_id = _discovered_id([snippets[i].text for i in idx], taken)
            if theme_id in taken:  # a second group near the same codebook entry: named by its own words too
                theme_id = f"{theme_id}--{_discovered_id([snippets[i].text for i in idx], taken)}"
            taken.add(theme_id)
            support = [i for i, c in zip(idx, contrary) if not c]
            against = [i for i, c in zip(idx, contrary) if c]
            rank = {i: float(c) for i, c in zip(idx, centrality)}
            quotable = support
            if entry is not None:
                # A card named after a codebook idea quotes only members whose nearest idea is that one, most typical
                # of it first: a member that merely sits near the group's centre may say something else.
                on_idea = to_ideas.argmax(axis=1) == anchor
                rank = {i: float(t) for i, t in zip(idx, to_ideas[:, anchor])}
                quotable = [i for i, c, ok in zip(idx, contrary, on_idea) if ok and not c]
            paths = sorted({snippets[i].note for i in idx})
            dated = sorted(d for d in (_note_date(note_by_path.get(p)) for p in paths) if d is not None)
            people = sorted({note_by_path[p].person for p in paths if p in note_by_path and note_by_path[p].person})
            themes.append(Theme(
                id=theme_id, label=label, category=_dominant_category(snippets, idx, entry), notes=paths,
                people=people, n_interviews=len(paths), first_seen=dated[0] if dated else None,
                last_seen=dated[-1] if dated else None, trend=_trend(dated, recent_cutoff),
                quotes=_quotes(snippets, quotable, rank, note_by_path),
                size=len(idx), kind="codebook" if entry else "discovered", anchor=label if entry else "",
                description=entry.description if entry else "", coherence=_coherence(rows),
                stance="mixed" if against else "", n_contrary=len(against),
                contrary_quotes=_quotes(snippets, against, rank, note_by_path, limit=2), keywords=keywords,
                snippet_keys=[snippets[i].key for i in idx], contrary_keys=[snippets[i].key for i in against],
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
    """The shipped lookup lemmatizer's table (the one the shared spaCy pipeline uses), or None without spaCy.

    Read straight from the pipeline folder: a tenth of a second, where loading the whole pipeline takes a second.
    """
    try:
        from spacy.lookups import Lookups

        from .nlp import BLANK_PIPELINE

        return Lookups().from_disk(Path(BLANK_PIPELINE) / "lemmatizer" / "lookups").get_table("lemma_lookup")
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


# ----------------------------------------------------------------------------------------------- helpers


def _says_something(text: str) -> bool:
    """False for fragments that name a topic but state no idea: "culture", or a lead-in such as
    "What the team does:" that introduces the bullets below it.

    >>> _says_something("Advice:"), _says_something("culture"), _says_something("Nights are long on the ward.")
    (False, False, True)
    """
    if text.rstrip().endswith(":"):
        return False
    words = tokens(text)  # plain tokens: no lemma table needed to tell a statement from a fragment
    return len(words) >= 3 and any(w.split("'")[0] not in _STOP and len(w) > 1 for w in words)


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


# ------------------------------------------------------------------------------------- clustering steps


def _with_context(vectors: "np.ndarray", snippets: Sequence[Snippet], weight: float) -> "np.ndarray":
    """Each row plus ``weight`` × the rows of its neighbours in the same note and section, renormalised.

    >>> import numpy as np
    >>> x = np.eye(3, dtype="float32")
    >>> s = [Snippet("a.md", 1, "x"), Snippet("a.md", 2, "y"), Snippet("b.md", 1, "z")]
    >>> _with_context(x, s, 0.5).astype(float).round(2).tolist()
    [[0.89, 0.45, 0.0], [0.45, 0.89, 0.0], [0.0, 0.0, 1.0]]
    """
    import numpy as np

    if weight <= 0 or len(snippets) < 2:
        return vectors
    sections = [(s.note, s.heading) for s in snippets]
    after = np.array([a == b for a, b in zip(sections, sections[1:])])[:, None]  # i and i + 1 are neighbours
    out = np.array(vectors, dtype="float32", copy=True)
    np.add(out[1:], weight * vectors[:-1], out=out[1:], where=after)
    np.add(out[:-1], weight * vectors[1:], out=out[:-1], where=after)
    return _unit_rows(out)


def _cluster(x, threshold: float, random_state: int = 0) -> "np.ndarray":
    """Cluster labels for the unit rows of ``x``: average link on cosine distance, merging below ``threshold``.

    Above ``EXACT_CLUSTERING_LIMIT`` rows, spherical k-means first splits the rows into parts of about half that
    size and each part is clustered on its own, so memory and time grow with the part size, not the square of
    the input.
    """
    import numpy as np

    n = x.shape[0]
    if n <= EXACT_CLUSTERING_LIMIT:
        return _average_link(_cosine_distances(x), threshold=threshold)
    k = math.ceil(2 * n / EXACT_CLUSTERING_LIMIT)
    parts, _ = _kmeans(x, k, random_state, init="k-means++")
    labels = np.empty(n, dtype=np.intp)
    offset = 0
    for part in np.unique(parts):
        rows = np.flatnonzero(parts == part)
        if len(rows) == n:  # k-means could not split (all rows alike): cluster in halves of the input
            halves = np.array_split(rows, 2)
            sub = np.concatenate([_cluster(x[h], threshold, random_state) + i * n for i, h in enumerate(halves)])
        else:
            sub = _cluster(x[rows], threshold, random_state)
        labels[rows] = sub + offset
        offset += int(sub.max()) + 1 if len(sub) else 0
    return labels


def _cosine_distances(x) -> "np.ndarray":
    """Square matrix of cosine distances between the unit rows of ``x`` (dense or sparse)."""
    import numpy as np

    similarity = (x @ x.T).toarray() if hasattr(x, "toarray") else np.asarray(x) @ np.asarray(x).T
    distance = np.clip(1.0 - similarity, 0.0, 2.0).astype("float32")
    np.fill_diagonal(distance, 0.0)
    return distance


def _dense_rows(vectors, idx: Sequence[int]) -> "np.ndarray":
    import numpy as np

    rows = vectors[list(idx)]
    return np.asarray(rows.toarray() if hasattr(rows, "toarray") else rows, dtype="float64")


def _coherence(rows: "np.ndarray") -> float:
    """Mean pairwise cosine similarity of unit rows, from their sum (linear in the number of rows).

    >>> import numpy as np
    >>> round(_coherence(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])), 3)
    0.333
    """
    import numpy as np

    m = len(rows)
    if m < 2:
        return 1.0
    total = rows.sum(axis=0)
    return float((total @ total - float(np.einsum("ij,ij->", rows, rows))) / (m * (m - 1)))


# ------------------------------------------------------------------------------------------- labels, quotes


def _plain_label(keywords: str) -> str:
    """A discovered theme's label from its key phrases: the first two joined in plain words.

    >>> _plain_label("super user, new system, informatics")
    'Super user and new system'
    >>> _plain_label("")
    ''
    """
    phrases = [p.strip() for p in keywords.split(",") if p.strip()]
    if not phrases:
        return ""
    label = " and ".join(phrases[:2])
    return label[:1].upper() + label[1:]


def _quotes(snippets: Sequence[Snippet], idx: Sequence[int], centrality: dict[int, float],
            note_by_path: dict[str, Note], limit: int = QUOTES) -> list[tuple[str, int, str]]:
    """Up to ``limit`` members as quotes, most central first, from different notes where possible.

    Notes whose author refused quoting are used only when no other note can be quoted; lines too short to read on
    their own come after full ones.
    """
    def refused(i: int) -> bool:
        note = note_by_path.get(snippets[i].note)
        return note is not None and not note.quotes

    ranked = sorted(idx, key=lambda i: (len(snippets[i].text.split()) < 5, -centrality[i], snippets[i].note,
                                        snippets[i].line))
    chosen: list[int] = []
    # One per note first, then any; notes whose author refused quoting only when no other note can be quoted.
    for allowed in (False, True):
        if allowed and chosen:
            break
        pool = [i for i in ranked if refused(i) == allowed]
        for distinct in (True, False):
            seen_notes = {snippets[i].note for i in chosen}
            for i in pool:
                if len(chosen) == limit:
                    break
                if i in chosen or (distinct and snippets[i].note in seen_notes):
                    continue
                chosen.append(i)
                seen_notes.add(snippets[i].note)
    return [(snippets[i].note, snippets[i].line, snippets[i].text) for i in chosen]
