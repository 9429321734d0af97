"""Category tagging: which of roles / skills / day-to-day / culture a snippet speaks about.

Every snippet gets none, one or several categories. The evidence:

* an inline tag written by the user (``#skills``, ``#culture``, ``#day``...) always wins;
* the note-taker's own questions and the interview's logistics (``Snippet.kind``) get none;
* otherwise a linear model reads the snippet's sentence vector from the shipped transformer encoder
  (``infosynth.analysis.encoder``) and its static embedding (``infosynth.analysis.embed``), with lexical cues
  (``data/tagging/cues.toml``) and hint words in the heading above it.
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

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...models import CATEGORIES, Snippet, is_takeaway
from ...text import text_in_context
from .features import DATA_DIR, CueMatcher, Prepared, clean_text, get_nlp, prepare, sentence_vectors
from .model import OUTPUTS, DecisionRule, LinearModel

MODEL_JSON = DATA_DIR / "model.json"
MODEL_NPZ = DATA_DIR / "model.npz"

#: Inline tags (lower-case, without '#') that name a built-in category.
INLINE_TAGS: dict[str, str] = {
    "roles": "roles", "role": "roles",
    "skills": "skills", "skill": "skills",
    "day-to-day": "day-to-day", "daytoday": "day-to-day", "day": "day-to-day", "day_to_day": "day-to-day",
    "culture": "culture",
}


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


# ------------------------------------------------------------------------------------------------------ cues


# ------------------------------------------------------------------------------------------------- features


# ---------------------------------------------------------------------------------------------------- model


# --------------------------------------------------------------------------------------------------- tagger


class CategoryTagger:
    """Tag snippets with categories, with evidence. Trained by ``training/tagger.py``; the package only loads it.

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
        # learned (set by load() or by training/tagger.py), named as scikit-learn names fitted attributes
        self.model_: LinearModel | None = None
        self.rule_ = DecisionRule()
        self.encoder_version_ = ""
        self._user_cues = CueMatcher(dict(self.settings.extra_cues), {}, {}) if self.settings.extra_cues else None

    @functools.cached_property
    def cues(self) -> CueMatcher:
        """The shipped cue phrases (``data/tagging/cues.toml``), read on first use."""
        return CueMatcher.from_file()

    def prepare(self, texts: Sequence[str], headings: Sequence[str]) -> list[Prepared]:
        """What the model reads from each snippet besides its sentence vector."""
        return prepare(list(texts), list(headings), self.cues)

    # -- prediction

    def predict(self, snippets: Sequence[Snippet | str], vectors: np.ndarray | None = None) -> list[TagResult]:
        """Categories (CATEGORIES order, then user-defined ones), evidence and model probabilities per snippet.

        ``vectors`` are the snippets' sentence vectors when the caller already has them (the build encodes each
        snippet once, for tagging and themes alike); otherwise they are computed here.
        """
        snips = [s if isinstance(s, Snippet) else Snippet(note="", line=0, text=str(s)) for s in snippets]
        use_model = self.settings.use_model and self.model_ is not None
        # Notes repeat lines (templates, pasted sections): work out each distinct (text, heading) once.
        keys = [(s.text, s.heading or "") for s in snips]
        unique = list(dict.fromkeys(keys))
        position = {key: i for i, key in enumerate(unique)}
        first: dict[tuple[str, str], int] = {}
        for i, key in enumerate(keys):
            first.setdefault(key, i)
        distinct = prepare([k[0] for k in unique], [k[1] for k in unique], self.cues)
        items = [distinct[position[key]] for key in keys]
        if use_model and distinct:
            if vectors is None:
                unique_vectors = sentence_vectors([text_in_context(*k) for k in unique])
            else:
                unique_vectors = np.asarray(vectors)[[first[key] for key in unique]]
            assert self.model_ is not None
            probs = self.model_.scores(unique_vectors, distinct)[[position[key] for key in keys]]
        else:
            probs = np.zeros((len(items), len(OUTPUTS)))
        chosen = self.rule_.decide(probs) if use_model else [[] for _ in items]
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
                what = {"question": "the note-taker's question",
                        "reflection": "the note-taker's own view"}.get(snippet.kind, "interview logistics")
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
                    if row[len(CATEGORIES)] >= self.rule_.none_threshold:
                        parts.append(f"no category: no career content (model {row[len(CATEGORIES)]:.2f}); "
                                     f"best was {CATEGORIES[best]} {row[best]:.2f}")
                    else:
                        parts.append(f"no category: best was {CATEGORIES[best]} {row[best]:.2f}")
                else:
                    parts.append("no category: no cue or heading hint")
            results.append(TagResult(cats, "; ".join(parts), scores))
        return results

    def _user_matches(self, items: Sequence[Prepared]) -> list[dict[str, list[str]]]:
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

    # -- loading

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
        tagger.rule_ = DecisionRule(**meta["rule"])
        tagger.encoder_version_ = meta.get("encoder", "")
        tagger.model_ = LinearModel(
            coef=arrays["coef"], coef_words=arrays["coef_words"], intercept=arrays["intercept"],
            cue_mean=arrays["cue_mean"], cue_scale=arrays["cue_scale"],
            word_vocab={t: i for i, t in enumerate(meta["word_vocab"])}, word_idf=arrays["word_idf"],
            cue_weight=float(meta["cue_weight"]), word_weight=float(meta["word_weight"]))
        return tagger


def _quoted(items: Iterable[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    shown = ", ".join(f'"{x}"' for x in unique[:limit])
    return shown + (", ..." if len(unique) > limit else "")


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
