"""Recurring themes: ideas that several interviewees raised independently.

Snippets are compared in the space of the shipped sentence encoder (``infosynth.analysis.encoder``), which was tuned so
that lines saying the same thing about a job sit close together whatever the field or the wording.

1. **Discovery first.** The snippets that state something (not the note-taker's questions, not interview
   logistics, not label-only lines such as "Advice:") are grouped by average-link clustering on cosine distance;
   each snippet's vector takes in a little of its neighbours in the same section, because people develop one
   idea over consecutive bullets. Large inputs are first cut into parts by the codebook's ideas, each part
   clustered on its own, and clusters close across a cut joined (:mod:`.partition`), so no step is quadratic in
   the whole folder and a part's clustering can be remembered between builds.
2. **Precision before coverage.** A group becomes a theme only when it draws on ``min_notes`` different notes,
   its members hold together (``coherence``: their mean pairwise cosine similarity, held to a higher bar for a
   theme of two) and every member is close to the rest; a snippet that does not clearly belong is left out
   rather than forced in.
3. **The codebook names and anchors.** ``data/themes/codebook.toml`` describes ideas that recur in career
   conversations in any field, each with examples written for it. A theme whose centre is close to one of them
   takes the codebook's name and id; the codebook never pulls a snippet into a theme on its own. Where the
   codebook also gives examples of the opposite view ("easy to get in" against "hard to get in"), each member
   is read for its stance: opposite members still count in the theme, which is then shown as *mixed*, but they
   are never quoted as support, and neither is a member read as leaning to the opposite view.
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

import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._fast.cluster import average_link, hashed_features, kmeans, unit_rows
from ...ingest.people import names_only_a_job
from ...models import Note, Snippet, is_takeaway
from ...text import STOP_WORDS, WORD_TOKEN, analysed_words, text_for_themes, text_in_context
from .cards import Theme, choose_quotes, people_of, theme_from_record, theme_record
from .codebook import CODEBOOK_PATH, CodebookIndex, codebook_index, index_fingerprint
from .labels import GENERIC_WORDS, dominant_category, key_phrase_labels, plain_label, says_label
from .partition import anchor_parts, memory_key, merge_across_parts, package_digest, parts_for, row_fingerprints
from .trends import date_of_note, recent_window, trend_of

if TYPE_CHECKING:
    import numpy as np


# Above this many snippets, the input is first cut into parts of about half this size, each clustered exactly
# (average link needs the part's square distance matrix).
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
# A card quotes a member as stating its codebook idea's view only when the stance model leans that way: a line it
# reads as more likely the opposite ("offices are desperate for hygienists" under "Hard to get the first job") still
# counts in the theme, but is not shown as support.
QUOTE_SUPPORT_FROM = 0.5
# A member of a theme named after a codebook idea stays only when that idea is its nearest, or within this much
# cosine of its nearest: a line nearer another idea does not clearly belong, and is left unthemed.
IDEA_MARGIN = 0.05
# A theme of two members needs their one similarity to reach this: two lines can share an opening ("Honestly,
# …") without sharing an idea, and a single pair is too little to tell.
PAIR_MIN_COHERENCE = 0.4
# Key-phrase labels look at no more than this many snippets per theme (plenty to find its words).
LABEL_SAMPLE = 500


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
    memory:
        A mapping that keeps clustering results between fits (``get`` and item assignment; a build passes a
        store in its cache folder). A result is kept under a digest of everything it was computed from, so
        the themes are the same with or without it: it only saves time when most snippets are unchanged.

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
        memory: Any = None,
    ):
        self.max_per_note = max_per_note
        self.memory = memory
        self._prints: Any = None  # during a fit with a memory: fingerprints of each snippet's vectors
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

        ``embeddings``: an (n_snippets × d) array of unit-length vectors from :func:`infosynth.analysis.encoder.encode`
        of each snippet as :func:`infosynth.text.text_for_themes` reads it (a build passes the per-note cached ones);
        None encodes the snippets here; False uses hashed word features instead (no encoder, no codebook names).
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
        import numpy as np

        vectors, dense = self._vectors(snippets, embeddings)
        # Hashed word vectors of two lines on one idea share a word or two, not a meaning: lower bars.
        self._scale = 1.0 if dense else WORD_SCALE
        index = self._index() if dense else None
        eligible = [i for i, s in enumerate(snippets) if is_takeaway(s) and says_something(s.text)]
        self.dropped_: list[dict[str, Any]] = []
        groups: list[list[int]] = []
        self._prints = None
        if len({snippets[i].note for i in eligible}) >= self.min_notes:
            x = _with_context(vectors, snippets, self.context_weight) if dense else vectors
            threshold = self._distance(dense)
            # What the memory keys read: each snippet's vector and clustering input, as one fingerprint.
            if self.memory is not None and dense:
                self._prints = row_fingerprints(vectors if x is vectors else np.hstack([vectors, x]))
            for idx in self._discover(x, eligible, threshold, index):
                groups.extend(self._refine_remembered(idx, snippets, vectors, x, threshold))
        keys = [s.key for s in snippets]  # each made once: the cards and the assignments read them all
        themes = self._cards_remembered(snippets, keys, notes, groups, vectors, index)
        self._prints = None
        theme_of = {key: theme.id for theme in themes for key in theme.snippet_keys}
        assigned = [theme_of.get(key, "") for key in keys]
        self.assignments_ = assigned
        self.themes_ = themes
        return self

    def _vectors(self, snippets: list[Snippet], embeddings: Any) -> "tuple[Any, bool]":
        """Unit-length rows for the snippets, and whether they are encoder vectors (False: hashed words)."""
        import numpy as np

        if embeddings is False:
            return hashed_features([s.text for s in snippets]), False
        if embeddings is None:
            from ..encoder import encode, encoder_dim

            texts = [text_for_themes(s.text, s.heading or "") for s in snippets]
            vectors = encode(texts) if texts else np.zeros((0, encoder_dim()), "float32")
        else:
            vectors = np.asarray(embeddings, dtype="float32")
            if vectors.ndim != 2 or vectors.shape[0] != len(snippets):
                raise ValueError(f"{vectors.shape[0] if vectors.ndim else 0} embeddings for {len(snippets)} snippets")
        return unit_rows(vectors), True

    def _index(self) -> CodebookIndex | None:
        if self.codebook is False:
            return None
        return codebook_index(str(self.codebook or CODEBOOK_PATH))

    def _distance(self, dense: bool) -> float:
        base = self.distance if self.distance is not None else (DISCOVERY_DISTANCE if dense else WORD_DISTANCE)
        # Finer themes merge less: granularity 2 shortens the distance by a tenth, 0.5 lengthens it by a tenth.
        return float(min(0.95, max(0.05, base * (1.0 - 0.1 * math.log2(max(self.granularity, 1e-3))))))

    def _discover(self, x, eligible: list[int], threshold: float, index: CodebookIndex | None) -> list[list[int]]:
        """Average-link clusters of the eligible rows (snippet indices, ascending), in order of their first member.

        A large input of encoder vectors is cut into parts by the codebook's ideas; each part's clustering is
        remembered, and clusters close across a cut are joined (:mod:`.partition`).
        """
        import numpy as np

        rows_x = x[eligible]
        if len(eligible) <= EXACT_CLUSTERING_LIMIT or index is None or hasattr(rows_x, "toarray"):
            labels = _cluster(rows_x, threshold, self.random_state)
            members: dict[int, list[int]] = defaultdict(list)
            for i, label in zip(eligible, labels.tolist()):
                members[label].append(i)
            return list(members.values())
        parts = anchor_parts(rows_x, parts_for(len(eligible), EXACT_CLUSTERING_LIMIT), index.prototypes,
                             self.random_state)
        clusters: list[list[int]] = []
        part_of: list[int] = []
        for part in np.unique(parts).tolist():
            rows = np.flatnonzero(parts == part)
            labels = self._remembered("part", [threshold, self.random_state, EXACT_CLUSTERING_LIMIT],
                                      np.asarray(eligible)[rows],
                                      functools.partial(self._cluster_rows, rows_x[rows], threshold))
            members = defaultdict(list)
            for row, label in zip(rows.tolist(), labels):
                members[label].append(row)
            clusters.extend(members.values())
            part_of.extend([part] * len(members))
        return [[eligible[i] for i in c] for c in merge_across_parts(clusters, part_of, rows_x, threshold)]

    def _cluster_rows(self, rows, threshold: float) -> list[int]:
        """Cluster labels of ``rows`` as a list (what the memory keeps)."""
        return _cluster(rows, threshold, self.random_state).tolist()

    def _remembered(self, kind: str, settings: list[Any], rows: Any, compute: Callable[[], Any],
                    labels: Sequence[Any] = ()) -> Any:
        """``compute()``, or the value ``memory`` keeps for this step on these snippets (their fingerprints, in
        order), these settings and ``labels``. A failing memory is only a miss."""
        if self.memory is None or self._prints is None:
            return compute()
        key = memory_key(kind, settings, [self._prints[rows]], labels)
        try:
            value = self.memory.get(key)
        except Exception:  # noqa: BLE001 - the memory only saves time
            value = None
        if value is None:
            value = compute()
            try:
                self.memory[key] = value
            except Exception:  # noqa: BLE001
                pass
        return value

    def _refine_remembered(self, idx: list[int], snippets: list[Snippet], vectors, x,
                           threshold: float) -> list[list[int]]:
        """:meth:`_refine`, kept in ``memory`` under the members' vectors, their notes and the settings."""
        if self._prints is None or len(idx) < 3:
            return self._refine(idx, snippets, vectors, x, threshold)
        note_number: dict[str, int] = {}
        notes = [note_number.setdefault(snippets[i].note, len(note_number)) for i in idx]
        settings = [threshold, self.min_notes, self.min_coherence, self.min_member_similarity, self.max_per_note,
                    self._scale, self.random_state, SPLIT_STEP, MIN_SPLIT_DISTANCE, EXACT_CLUSTERING_LIMIT]

        def compute() -> dict[str, Any]:
            start = len(self.dropped_)
            groups = self._refine(idx, snippets, vectors, x, threshold)
            dropped = self.dropped_[start:]
            del self.dropped_[start:]
            position = {i: p for p, i in enumerate(idx)}
            return {"groups": [[position[i] for i in g] for g in groups],
                    "dropped": [[[position[i] for i in d["members"]], d["coherence"]] for d in dropped]}

        kept = self._remembered("refine", settings, idx, compute, notes)
        self.dropped_.extend({"members": [idx[p] for p in members], "coherence": coherence}
                             for members, coherence in kept["dropped"])
        return [[idx[p] for p in g] for g in kept["groups"]]

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

    def _cards_remembered(self, snippets: list[Snippet], keys: list[str], notes: Sequence[Note],
                          groups: list[list[int]], vectors, index: CodebookIndex | None) -> list[Theme]:
        """:meth:`_build_themes`, kept in ``memory`` under everything it reads: each member's vector, note, line,
        heading, kind, categories and text; its note's date, person and quoting consent; the sample of lines the
        labels are weighed against; the dates' recent window; the codebook; the settings; and the package's code
        and lemma table. A rebuild after an edit that touches no theme (most edits) skips naming and quoting."""
        said, rest = _label_lines(snippets)
        if self._prints is None or not groups:
            return self._build_themes(snippets, notes, groups, vectors, index, said, rest)
        flat = [i for g in groups for i in g]
        note_by_path = {n.path: n for n in notes}
        member_notes = sorted({snippets[i].note for i in flat})
        window = recent_window(notes)
        labels = [
            package_digest(), index_fingerprint(str(self.codebook or CODEBOOK_PATH)) if index is not None else "",
            str(window), [len(g) for g in groups],
            [(s.note, s.line, s.kind, s.heading, s.text, list(s.categories)) for s in (snippets[i] for i in flat)],
            [(p, str(date_of_note(note_by_path.get(p))), note_by_path[p].person if p in note_by_path else "",
              note_by_path[p].quotes if p in note_by_path else True) for p in member_notes],
            rest,
        ]
        position = {keys[i]: p for p, i in enumerate(flat)}  # snippet key -> place among the members

        def compute() -> dict[str, Any]:
            start = len(self.dropped_)
            themes = self._build_themes(snippets, notes, groups, vectors, index, said, rest)
            dropped = self.dropped_[start:]
            del self.dropped_[start:]
            return {"themes": [theme_record(t, position) for t in themes],
                    "dropped": [[[position[keys[i]] for i in d["members"]], d["coherence"]] for d in dropped]}

        def cards(value: dict[str, Any]) -> list[Theme]:
            members = [snippets[i] for i in flat]
            member_keys = [keys[i] for i in flat]
            return [theme_from_record(record, members, member_keys, note_by_path) for record in value["themes"]]

        kept = self._remembered("cards", [self.anchor_similarity, self.min_notes], flat, compute, labels)
        try:
            themes = cards(kept)
        except (KeyError, TypeError, ValueError, IndexError):  # a damaged value: computed afresh
            kept = compute()
            themes = cards(kept)
        self.dropped_.extend({"members": [flat[p] for p in members], "coherence": coherence}
                             for members, coherence in kept["dropped"])
        return themes

    def _build_themes(self, snippets: list[Snippet], notes: Sequence[Note], groups: list[list[int]], vectors,
                      index: CodebookIndex | None, said: dict[int, tuple[str, str]],
                      rest: list[tuple[str, str]]) -> list[Theme]:
        """Theme cards for the groups: merged by codebook idea, named, quoted, dated. ``said`` and ``rest`` come
        from :func:`_label_lines`."""
        import numpy as np

        note_by_path = {n.path: n for n in notes}
        recent_cutoff = recent_window(notes)
        centres = np.vstack([_dense_rows(vectors, g).mean(axis=0) for g in groups]) if groups else None
        anchors: list[int | None] = [None] * len(groups)
        if index is not None and groups:
            sims = unit_rows(centres) @ index.prototypes.T
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

        keyword_labels = key_phrase_labels(
            {str(k): _sample([said[i] for i in g], LABEL_SAMPLE) for k, g in enumerate(groups)}, rest,
        )
        themes: list[Theme] = []
        taken: set[str] = set()
        for k, (idx, anchor) in enumerate(zip(groups, anchors)):
            rows = _dense_rows(vectors, idx)
            entry = index.codebook[anchor] if anchor is not None and index is not None else None
            if entry is not None:
                assert index is not None and anchor is not None  # an anchor is a codebook theme
                to_ideas = unit_rows(rows) @ index.prototypes.T
                fits = to_ideas[:, anchor] >= to_ideas.max(axis=1) - IDEA_MARGIN
                idx, rows, to_ideas = [i for i, ok in zip(idx, fits) if ok], rows[fits], to_ideas[fits]
                if len({snippets[i].note for i in idx}) < self.min_notes:
                    self.dropped_.append({"members": idx, "coherence": _coherence(rows) if len(idx) else 0.0})
                    continue
            coherence = _coherence(rows)
            if len(idx) == 2 and coherence < PAIR_MIN_COHERENCE * self._scale:
                self.dropped_.append({"members": idx, "coherence": coherence})
                continue
            centre = rows.mean(axis=0)
            centre /= max(float(np.linalg.norm(centre)), 1e-9)
            centrality = rows @ centre
            contrary = np.zeros(len(idx), dtype=bool)
            leaning = np.ones(len(idx), dtype=bool)  # members the stance model does not read as the opposite view
            if entry is not None:
                assert index is not None and anchor is not None
                p = index.stance(anchor, rows, [text_for_themes(snippets[i].text, snippets[i].heading or "") for i in idx],
                                 [snippets[i].text for i in idx])
                if p is not None:
                    contrary = p < CONTRARY_BELOW
                    leaning = p >= QUOTE_SUPPORT_FROM
            keywords = keyword_labels.get(str(k), "")
            if entry is not None:
                # Mostly the opposite view: the theme is that view, and the others are the exceptions.
                flipped = contrary.sum() > len(idx) / 2 and bool(entry.contrary_name)
                if flipped:
                    contrary, leaning = ~contrary, ~leaning
                label = entry.contrary_name if flipped else entry.name
                theme_id = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") if flipped else entry.slug
            else:
                label = plain_label(keywords)
                if not label:  # no codebook idea and no phrase the notes share: nothing to say it in plain words
                    self.dropped_.append({"members": idx, "coherence": coherence})
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
                quotable = [i for i, c, ok, lean in zip(idx, contrary, on_idea, leaning) if ok and lean and not c]
            else:
                # A card named by its key phrases quotes members that say them: the others were grouped by meaning
                # alone, and next to the label a reader cannot see why they belong.
                quotable = [i for i in quotable if says_label(snippets[i].text, label)]
            # "UX designer at Parcel & Pine (agency)." says who someone is, not an idea.
            quotable = [i for i in quotable if not names_only_a_job(snippets[i].text)]
            if entry is None and len({snippets[i].note for i in quotable}) < self.min_notes:
                quotable = []  # its label's words said in one interview: not an idea several people raised
            if not quotable:  # no member says this idea in its own words: a card with nothing to show for it
                self.dropped_.append({"members": idx, "coherence": coherence})
                continue
            paths = sorted({snippets[i].note for i in idx})
            dated = sorted(d for d in (date_of_note(note_by_path.get(p)) for p in paths) if d is not None)
            people = people_of(paths, note_by_path)
            themes.append(Theme(
                id=theme_id, label=label, category=dominant_category(snippets, idx, entry), notes=paths,
                people=people, n_interviews=len(paths), first_seen=dated[0] if dated else None,
                last_seen=dated[-1] if dated else None, trend=trend_of(dated, recent_cutoff, len(paths)),
                quotes=choose_quotes(snippets, quotable, rank, note_by_path),
                size=len(idx), kind="codebook" if entry else "discovered", anchor=label if entry else "",
                description=entry.description if entry else "", coherence=coherence,
                stance="mixed" if against else "", n_contrary=len(against),
                contrary_quotes=choose_quotes(snippets, against, rank, note_by_path, limit=2), keywords=keywords,
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


# ----------------------------------------------------------------------------------------------- helpers


def says_something(text: str) -> bool:
    """False for fragments that name a topic but state no idea: "culture", or a lead-in such as
    "What the team does:" that introduces the bullets below it.

    >>> says_something("Advice:"), says_something("culture"), says_something("Nights are long on the ward.")
    (False, False, True)
    >>> says_something("it is what it is"), says_something("so it's 12h shifts")
    (False, True)
    """
    if text.rstrip().endswith(":"):
        return False
    # Plain tokens (no lemma table needed), read only as far as it takes: every snippet of a folder is asked.
    count, content = 0, False
    for match in WORD_TOKEN.finditer(text.lower().replace("’", "'")):
        count += 1
        if not content:
            word = match.group()
            content = word.split("'")[0] not in STOP_WORDS and len(word) > 1
        if content and count >= 3:
            return True
    return False


def _label_lines(snippets: Sequence[Snippet]) -> tuple[dict[int, tuple[str, str]], list[tuple[str, str]]]:
    """What labels read: each takeaway as (note, text), by snippet index, and the sample of them that a theme's
    key phrases are weighed against."""
    # Labels read what the encoder reads: an answer after its question ("did you do a residency? no, …").
    said = {i: (s.note, text_in_context(s.text, s.heading or "")) for i, s in enumerate(snippets) if is_takeaway(s)}
    return said, _sample(list(said.values()), LABEL_SAMPLE * 10)


def _sample(docs: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """At most ``limit`` (note, text) pairs, chosen by a hash of their content (same input, same sample)."""
    if len(docs) <= limit:
        return docs
    return sorted(docs, key=lambda d: hashlib.md5("\0".join(d).encode("utf-8")).digest())[:limit]


def _discovered_id(texts: list[str], taken: set[str]) -> str:
    """A slug from the cluster's most frequent content lemmas (only its own text: stable across builds)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({w for w in analysed_words(text)[1] if w.isalpha() and w not in GENERIC_WORDS})
    top = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    base = "-".join(re.sub(r"[^a-z0-9]+", "-", w).strip("-") for w in top) or "theme"
    theme_id = base
    if theme_id in taken:
        digest = hashlib.sha1("\n".join(sorted(texts)).encode()).hexdigest()[:6]
        theme_id = f"{base}-{digest}"
    return theme_id


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
    return unit_rows(out)


def _cluster(x, threshold: float, random_state: int = 0) -> "np.ndarray":
    """Cluster labels for the unit rows of ``x``: average link on cosine distance, merging below ``threshold``.

    Above ``EXACT_CLUSTERING_LIMIT`` rows, spherical k-means first splits the rows into parts of about half that
    size and each part is clustered on its own, so memory and time grow with the part size, not the square of
    the input.
    """
    import numpy as np

    n = x.shape[0]
    if n <= EXACT_CLUSTERING_LIMIT:
        return average_link(_cosine_distances(x), threshold=threshold)
    k = math.ceil(2 * n / EXACT_CLUSTERING_LIMIT)
    parts, _ = kmeans(x, k, random_state, init="k-means++")
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
