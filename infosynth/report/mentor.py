"""The mentor copy: ``mentor.html``, a page a mentor reads in five minutes (about three printed A4 pages).

Who was interviewed and what the user is after, the strongest recurring themes with their best two quotes, the top
skill gaps with their evidence, the growth plan by quarter, and the questions the user wants the mentor's view on.
Everything is read from a :class:`~infosynth.synthesis.Synthesis`'s public frames, so the shared route renders it
from the anonymised copy exactly as the full report is.

Themes are chosen by strength (:func:`rank_themes`), not by their position in the themes table.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import NON_TAKEAWAY_KINDS
from ..text import asked_in, current_date, to_date

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..synthesis import Synthesis

MIN_THEMES, MAX_THEMES = 5, 8
QUOTES_PER_THEME = 2
GAPS_SHOWN = 5
QUOTES_PER_GAP = 2
QUESTIONS_SHOWN = 3
MAX_QUOTE_WORDS = 35  # longer quotes are used only when a theme has nothing shorter: the page has room for ~3 A4
WITHHELD_MARK = "[quote withheld]"  # what the anonymised copy leaves of a ``quotes: false`` note's words
_NOT_QUOTED = NON_TAKEAWAY_KINDS | {"table"}  # a table row ("Tool: Excel; Needed day 1?: yes") is not a quote


def rank_themes(themes: "pd.DataFrame", snippets: "pd.DataFrame", embeddings: "np.ndarray | None") -> "pd.DataFrame":
    """``themes`` with ``coherence`` and ``strength`` columns, strongest first.

    ``coherence`` is the mean cosine of each member snippet (the note-taker's questions and logistics left out) to
    the centroid of the theme's other members: 1 when every member says the same thing, lower for a theme that
    gathers loosely related points. Leaving the member out keeps two-snippet themes from scoring high by
    construction. ``strength`` = interviews that raised the theme × coherence, so a theme many people raised
    leads unless it is a loose grab-bag; without embeddings it is the number of interviews alone.
    """
    import numpy as np

    ranked = themes.copy()
    aligned = embeddings is not None and len(embeddings) == len(snippets)
    keep = ~snippets["kind"].isin(sorted(NON_TAKEAWAY_KINDS)).to_numpy() if "kind" in snippets else None
    # The rows of each theme, found in one pass (a comparison per theme costs a pass over every snippet).
    theme_of = snippets["theme"].to_numpy()
    rows_of: dict[Any, list[int]] = {}
    for i in np.flatnonzero(keep) if keep is not None else range(len(theme_of)):
        rows_of.setdefault(theme_of[i], []).append(int(i))
    coherence = []
    for theme_id in ranked["id"]:
        rows = rows_of.get(theme_id, [])
        if not aligned or len(rows) < 2:
            coherence.append(float("nan"))
            continue
        vectors = np.asarray(embeddings)[rows].astype("float64")  # only the members' rows are converted
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        others = vectors.sum(axis=0) - vectors  # each row: the sum of the other members
        others /= np.maximum(np.linalg.norm(others, axis=1, keepdims=True), 1e-12)
        coherence.append(float(np.mean(np.sum(vectors * others, axis=1))))
    ranked["coherence"] = coherence
    support = ranked["n_interviews"].astype(float)
    ranked["strength"] = support * ranked["coherence"].fillna(1.0).clip(lower=0.0)
    order = sorted(range(len(ranked)), key=lambda i: (-ranked["strength"].iat[i], -support.iat[i], ranked["label"].iat[i]))
    return ranked.iloc[order].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- context


_PROVENANCE = re.compile(r"^(?P<note>.+?):(?P<line>\d+) (?P<text>.*)$")


def _quote_lines(value: Any) -> list[tuple[str, int, str]]:
    """``note:line text`` lines (the themes and gaps frames' quote cells) → (note, line, text)."""
    found = []
    for item in str(value or "").split("\n"):
        match = _PROVENANCE.match(item.strip())
        if match:
            found.append((match["note"], int(match["line"]), match["text"]))
    return found


def _readable(text: str) -> bool:
    """A quote that reads on its own: a few words, not a lead-in, not withheld."""
    words = len(text.split())
    return 5 <= words and not text.rstrip().endswith(":") and WITHHELD_MARK not in text


def _pick_quotes(candidates: Sequence[tuple[str, int, str]], kinds: dict[tuple[str, int], str], n: int) -> list[tuple[str, int, str]]:
    """Up to ``n`` quotes in the order given, each from another interview while others remain, short ones first
    when there is a choice."""
    usable = [q for q in dict.fromkeys(candidates)
              if _readable(q[2]) and kinds.get((q[0], q[1]), "") not in _NOT_QUOTED]
    usable.sort(key=lambda q: len(q[2].split()) > MAX_QUOTE_WORDS)  # stable: keeps the given order otherwise
    chosen: list[tuple[str, int, str]] = []
    for q in usable:
        if len(chosen) < n and q[0] not in {c[0] for c in chosen}:
            chosen.append(q)
    for q in usable:
        if len(chosen) < n and q not in chosen:
            chosen.append(q)
    return chosen


def _month(value: Any) -> str:
    day = to_date(value)
    return f"{day:%b %Y}" if day else ""


def _interviews(notes: "pd.DataFrame") -> list[dict[str, Any]]:
    """Each person interviewed (a note with text), by name: pseudonym, role, organisation, months of the interviews."""
    held = notes[notes["n_snippets"] > 0] if "n_snippets" in notes else notes
    people: dict[str, dict[str, Any]] = {}
    rows = sorted(held.to_dict("records"), key=lambda r: (to_date(r.get("date")) or dt.date.max, str(r.get("note"))))
    for r in rows:
        name = str(r.get("person") or r.get("title") or r.get("note"))
        entry = people.setdefault(name, {"person": name, "role": "", "organization": "", "dates": []})
        entry["role"] = entry["role"] or str(r.get("role") or "")
        entry["organization"] = entry["organization"] or str(r.get("organization") or "")
        if _month(r.get("date")):
            entry["dates"].append(_month(r.get("date")))
    ordered = sorted(people.values(), key=lambda p: [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", p["person"])])
    return [{**p, "when": ", ".join(dict.fromkeys(p["dates"]))} for p in ordered]


def mentor_context(syn: "Synthesis") -> dict[str, Any]:
    """Everything ``mentor.html.j2`` shows, as plain data (lists of dicts, strings and numbers)."""
    from .._version import __version__

    notes, snippets, themes = syn.notes, syn.snippets, syn.themes
    embeddings = syn.embeddings
    who = {r["note"]: (str(r["person"] or r["title"] or r["note"]), _month(r["date"])) for r in notes.to_dict("records")}
    kinds = {(n, int(ln)): k for n, ln, k in zip(snippets["note"], snippets["line"], snippets["kind"])}
    asked = {(n, int(ln)): question for n, ln, h in zip(snippets["note"], snippets["line"], snippets["heading"])
             if (question := asked_in(str(h or "")))}

    def quote(q: tuple[str, int, str]) -> dict[str, Any]:
        person, month = who.get(q[0], (q[0], ""))
        return {"text": q[2], "note": q[0], "line": q[1], "person": person, "month": month,
                "asked": asked.get((q[0], int(q[1])), "")}

    interviews = _interviews(notes)
    n_interviews = int((notes["n_snippets"] > 0).sum()) if len(notes) else 0
    dates = sorted(d for d in (to_date(v) for v in notes.loc[notes["n_snippets"] > 0, "date"]) if d) if len(notes) else []

    ranked = rank_themes(themes, snippets, embeddings) if len(themes) else themes
    strong = [r for r in ranked.to_dict("records") if int(r["n_interviews"]) >= 3][:MAX_THEMES]
    if len(strong) < MIN_THEMES:
        strong = ranked.to_dict("records")[:MIN_THEMES]
    theme_cards = []
    for r in strong:
        # Only the card's own quotes: members that say its idea, never the other side. Fewer than two is fine.
        candidates = _quote_lines(r.get("quotes"))
        theme_cards.append({
            "id": r["id"], "label": str(r["label"]), "category": str(r.get("category") or ""),
            "n_interviews": int(r["n_interviews"]), "size": int(r.get("n_snippets") or 0),
            "coherence": None if math.isnan(r["coherence"]) else round(float(r["coherence"]), 2),
            "strength": round(float(r["strength"]), 2),
            "quotes": [quote(q) for q in _pick_quotes(candidates, kinds, QUOTES_PER_THEME)],
        })

    from ..plan.build import has_profile

    # A gap is backed by two or more interviews; a single mention is not worth a mentor's time.
    backed = syn.gaps[syn.gaps["support"] != "mentioned once"] if len(syn.gaps) else syn.gaps
    gaps = []
    for r in backed.head(GAPS_SHOWN).to_dict("records") if len(backed) else []:
        if not r.get("skill"):
            continue
        gaps.append({
            "skill": str(r["skill"]), "rank": r.get("rank"), "n_interviews": int(r.get("n_interviews") or 0),
            "why": str(r.get("why") or ""),
            "quotes": [quote(q) for q in _pick_quotes(_quote_lines(r.get("evidence")), kinds, QUOTES_PER_GAP)],
        })
    # Without the user's own skills there are no gaps: show what two or more interviewees valued instead.
    valued = []
    if not has_profile(syn.config.profile) and len(syn.skills):
        ranked = syn.skills[syn.skills["n_valued"] >= 2].sort_values(["n_valued", "skill"], ascending=[False, True])
        for r in ranked.head(GAPS_SHOWN).to_dict("records"):
            valued.append({
                "skill": str(r["skill"]), "n_interviews": int(r["n_valued"]),
                "quotes": [quote(q) for q in _pick_quotes(_quote_lines(r.get("quotes")), kinds, QUOTES_PER_GAP)],
            })

    quarters: dict[str, dict[str, Any]] = {}
    for r in syn.plan.to_dict("records") if len(syn.plan) else []:
        name = str(r.get("quarter") or "Unscheduled")
        q = quarters.setdefault(name, {"quarter": name, "start": to_date(r.get("quarter_start")), "hours": 0.0,
                                       "actions": []})
        hours = r.get("hours")
        q["hours"] += float(hours) if isinstance(hours, (int, float)) and not math.isnan(hours) else 0.0
        q["actions"].append({"action": str(r.get("action") or ""), "track": str(r.get("track") or ""),
                             "skill": str(r.get("skill") or ""), "hours": hours, "metric": str(r.get("metric") or "")})
    plan = sorted(quarters.values(), key=lambda q: (q["start"] is None, q["start"] or dt.date.max, q["quarter"]))
    # An action booked in every quarter (the interviews each quarter) is said once, not four times.
    every = [a for a in plan[0]["actions"] if all(any(b["action"] == a["action"] for b in q["actions"]) for q in plan)] \
        if len(plan) > 1 else []
    for q in plan:
        q["actions"] = [a for a in q["actions"] if a["action"] not in {e["action"] for e in every}]

    own = [q for q in getattr(syn.config, "mentor_questions", []) if q.strip()]
    if own:
        questions = [{"question": q, "why": ""} for q in own[:QUESTIONS_SHOWN]]
        questions_source = "config"
    else:
        questions = [{"question": str(r.get("question") or ""), "why": str(r.get("why") or "")}
                     for r in (syn.questions.head(QUESTIONS_SHOWN).to_dict("records") if len(syn.questions) else [])]
        questions_source = "next questions"

    profile = syn.config.profile
    return {
        "title": "Informational interviews: a summary for my mentor",
        "generated_on": current_date(), "version": __version__,
        "profile": {"goals": list(profile.goals), "target_roles": list(profile.target_roles),
                    "hours_per_week": profile.hours_per_week, "horizon_quarters": profile.horizon_quarters},
        "n_interviews": n_interviews, "n_people": len(interviews), "interviews": interviews,
        "date_from": dates[0] if dates else None, "date_to": dates[-1] if dates else None,
        "n_themes": len(themes), "themes": theme_cards,
        "n_gaps": len(backed), "gaps": gaps, "has_profile": has_profile(syn.config.profile), "valued": valued,
        "plan": plan, "plan_hours": sum(q["hours"] for q in plan), "every_quarter": every,
        "questions": questions, "questions_source": questions_source,
    }


def render_mentor(syn: "Synthesis", templates: Path | None = None) -> str:
    """``mentor.html`` for ``syn`` (give it the anonymised copy when sharing); ``templates`` may override
    ``mentor.html.j2`` or ``mentor.css``."""
    from .environment import cache_dir_for, render_page

    return render_page(templates, False, cache_dir_for(syn), "mentor.html.j2", mentor_context(syn))
