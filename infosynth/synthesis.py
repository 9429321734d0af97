"""The :class:`Synthesis`: everything a build found, as pandas DataFrames.

The report, the CSV exports and a notebook all read the same frames, so what a user explores is exactly what the
report shows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .models import CATEGORIES, BuildWarning, Note, Snippet

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

SNIPPET_COLUMNS = [
    "note", "line", "heading", "text", "categories", "theme", "theme_label", "evidence",
    "kind", "depth", "hashtags", "person", "role", "organization", "date",
]
NOTE_COLUMNS = [
    "note", "title", "person", "role", "organization", "date", "status", "email", "tags",
    "share", "quotes", "n_snippets",
]
THEME_COLUMNS = [
    "id", "label", "category", "n_interviews", "n_snippets", "trend", "first_seen", "last_seen",
    "notes", "people", "quotes", "kind", "coherence", "stance", "n_contrary",
]


@dataclass
class Synthesis:
    """Result of :func:`infosynth.build`.

    >>> import infosynth                                  # doctest: +SKIP
    >>> syn = infosynth.build("sample_notes")             # doctest: +SKIP
    >>> syn.snippets.groupby("note").categories.value_counts()   # doctest: +SKIP
    >>> syn.themes[["label", "n_interviews", "trend"]]    # doctest: +SKIP
    >>> syn.quotes(syn.themes.id[0])                       # doctest: +SKIP
    """

    notes_dir: Path
    config: Config
    note_records: list[Note]
    snippet_records: list[Snippet]
    embeddings: "np.ndarray | None"
    theme_records: list[Any]  # infosynth.analysis.themes.finder.Theme
    plan_result: Any = None  # infosynth.plan.build.PlanResult
    mentions: list[Any] = field(default_factory=list)  # infosynth.analysis.extract.skills.SkillMention
    career_paths: list[Any] = field(default_factory=list)  # infosynth.analysis.extract.skills.CareerPath
    warnings: list[BuildWarning] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cached_notes: int = 0
    granularity: float | None = None  # the theme granularity used (None: the config's)
    withheld_notes: int | None = None  # in a shared copy: notes left out for want of consent; None otherwise

    # ------------------------------------------------------------------------------------------- frames

    @functools.cached_property
    def notes(self) -> "pd.DataFrame":
        """One row per note: who, when, consent flags and how many snippets it gave."""
        import pandas as pd

        rows = [
            {
                "note": n.path, "title": n.title, "person": n.person, "role": n.role,
                "organization": n.organization, "date": n.date, "status": n.status, "email": n.email,
                "tags": ";".join(n.tags), "share": n.share, "quotes": n.quotes, "n_snippets": len(n.snippets),
            }
            for n in self.note_records
        ]
        frame = pd.DataFrame(rows, columns=NOTE_COLUMNS)
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.astype({"n_snippets": "int64", "share": "bool", "quotes": "bool"})

    @functools.cached_property
    def snippets(self) -> "pd.DataFrame":
        """One row per snippet with provenance (note, line, heading), categories and theme."""
        import pandas as pd

        by_path = {n.path: n for n in self.note_records}
        labels = {t.id: t.label for t in self.theme_records}
        rows = []
        for s in self.snippet_records:
            n = by_path.get(s.note)
            rows.append(
                {
                    "note": s.note, "line": s.line, "heading": s.heading, "text": s.text,
                    "categories": ";".join(s.categories), "theme": s.theme, "theme_label": labels.get(s.theme, ""),
                    "evidence": s.evidence, "kind": s.kind, "depth": s.depth, "hashtags": ";".join(s.hashtags),
                    "person": n.person if n else "", "role": n.role if n else "",
                    "organization": n.organization if n else "", "date": n.date if n else None,
                }
            )
        frame = pd.DataFrame(rows, columns=SNIPPET_COLUMNS)
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.astype({"line": "int64", "depth": "int64"})

    @functools.cached_property
    def themes(self) -> "pd.DataFrame":
        """One row per recurring theme (drawn from 2+ interviews), most widespread first."""
        import pandas as pd

        rows = [
            {
                "id": t.id, "label": t.label, "category": t.category, "n_interviews": t.n_interviews,
                "n_snippets": t.size, "trend": t.trend, "first_seen": t.first_seen, "last_seen": t.last_seen,
                "notes": ";".join(t.notes), "people": ";".join(p for p in t.people if p),
                "quotes": "\n".join(f"{note}:{line} {text}" for note, line, text in t.quotes),
                "kind": t.kind, "coherence": round(float(t.coherence), 3), "stance": t.stance,
                "n_contrary": t.n_contrary,
            }
            for t in self.theme_records
        ]
        frame = pd.DataFrame(rows, columns=THEME_COLUMNS)
        frame["first_seen"] = pd.to_datetime(frame["first_seen"])
        frame["last_seen"] = pd.to_datetime(frame["last_seen"])
        return frame.astype({"n_interviews": "int64", "n_snippets": "int64", "n_contrary": "int64",
                             "coherence": "float64"})

    def _plan_frame(self, name: str) -> "pd.DataFrame":
        import pandas as pd

        frame = getattr(self.plan_result, name, None) if self.plan_result is not None else None
        return frame if frame is not None else pd.DataFrame()

    @property
    def skills(self) -> "pd.DataFrame":
        """Skills interviewees mentioned: distinct interviews, stance counts, quotes."""
        return self._plan_frame("skills")

    @property
    def gaps(self) -> "pd.DataFrame":
        """Skills valued across interviews that the profile lacks, most important first."""
        return self._plan_frame("gaps")

    @property
    def plan(self) -> "pd.DataFrame":
        """The growth plan: one row per action, with quarter, track, hours and metric."""
        return self._plan_frame("plan")

    @property
    def paths(self) -> "pd.DataFrame":
        """Career transitions interviewees described."""
        return self._plan_frame("paths")

    @property
    def goals(self) -> "pd.DataFrame":
        """Each goal or hypothesis with snippets that support or challenge it."""
        return self._plan_frame("goals")

    @property
    def questions(self) -> "pd.DataFrame":
        """Questions worth asking in the next interviews."""
        return self._plan_frame("questions")

    # ------------------------------------------------------------------------------------------ helpers

    def filter(
        self,
        category: str | None = None,
        person: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        theme: str | None = None,
        note: str | None = None,
    ) -> "pd.DataFrame":
        """Snippets matching every given condition.

        >>> syn.filter(category="culture", since="2026-06-01")   # doctest: +SKIP
        """
        import pandas as pd

        frame = self.snippets
        mask = pd.Series(True, index=frame.index)
        if category:
            mask &= frame["categories"].str.split(";").apply(lambda cats: category in cats)
        if person:
            mask &= frame["person"].str.contains(person, case=False, regex=False)
        if since:
            mask &= frame["date"] >= pd.Timestamp(since)
        if until:
            mask &= frame["date"] <= pd.Timestamp(until)
        if theme:
            mask &= frame["theme"] == theme
        if note:
            mask &= frame["note"] == note
        return frame.loc[mask]

    def quotes(self, theme_id: str) -> "pd.DataFrame":
        """Every snippet of one theme with its provenance, representative quotes first.

        >>> syn.quotes("mentorship")[["person", "text"]]   # doctest: +SKIP
        """
        theme = next((t for t in self.theme_records if t.id == theme_id), None)
        if theme is None:
            known = ", ".join(t.id for t in self.theme_records[:10])
            raise KeyError(f"no theme {theme_id!r}; known themes include: {known}")
        rows = self.snippets.loc[self.snippets["theme"] == theme_id].copy()
        representative = {(note, line) for note, line, _ in theme.quotes}
        rows["representative"] = [(n, ln) in representative for n, ln in zip(rows["note"], rows["line"])]
        cols = ["representative", "person", "date", "note", "line", "text", "categories"]
        return rows.sort_values(["representative", "date"], ascending=[False, True])[cols]

    def category_mix(self) -> "pd.DataFrame":
        """Snippet counts per note and category (a note × category table)."""
        import pandas as pd

        exploded = self.snippets.assign(category=self.snippets["categories"].str.split(";")).explode("category")
        exploded = exploded[exploded["category"].fillna("") != ""]
        table = pd.crosstab(exploded["note"], exploded["category"])
        for cat in CATEGORIES:
            if cat not in table.columns:
                table[cat] = 0
        return table[list(CATEGORIES) + [c for c in table.columns if c not in CATEGORIES]]

    def recluster(self, granularity: float) -> "Synthesis":
        """Themes again at another granularity (>1 finer, <1 coarser), without re-reading the notes.

        >>> fine = syn.recluster(1.5); len(fine.themes) >= len(syn.themes)   # doctest: +SKIP
        """
        return _attached("recluster")(self, granularity)

    def render(self, out_dir: str | Path = "reports", share: bool = False, templates: str | Path | None = None) -> list[Path]:
        """Write report.html/.md/.json and the CSVs into ``out_dir`` (and an anonymised set with ``share``)."""
        return _attached("render")(self, Path(out_dir), share=share, templates=Path(templates) if templates else None)


# The conveniences above need the stages that sit above these records (themes and plan, the report). Those attach
# them: :mod:`infosynth.pipeline` does on import, and ``infosynth.build`` and ``infosynth.Synthesis`` both import it.
_ATTACHED: dict[str, Callable[..., Any]] = {}


def attach(name: str, function: Callable[..., Any]) -> None:
    """Make ``function(syn, ...)`` what ``Synthesis.<name>(...)`` calls."""
    _ATTACHED[name] = function


def _attached(name: str) -> Callable[..., Any]:
    try:
        return _ATTACHED[name]
    except KeyError:
        raise RuntimeError(f"Synthesis.{name} needs infosynth.pipeline: import infosynth and use infosynth.build, "
                           f"or import infosynth.pipeline first") from None
