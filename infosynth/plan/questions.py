"""Questions worth asking in the next interviews: thin themes, contested points, gaps nobody explained."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..config import Profile
from .actions import shipped_questions
from .skills import role_matches
from .tables import QUESTION_COLUMNS, as_frame, as_profile, with_role

if TYPE_CHECKING:
    import pandas as pd


def next_questions(snippets: "pd.DataFrame", themes: "pd.DataFrame", gaps: "pd.DataFrame",
                   goals: "pd.DataFrame", profile: Profile | None = None, notes: "pd.DataFrame | None" = None,
                   extra_questions: Sequence[Mapping[str, Any]] | None = None, limit: int = 12) -> "pd.DataFrame":
    """Questions for upcoming interviews, aimed where the notes are thin.

    In order: goals with little evidence, categories covered by fewer than half of the interviews (or the
    least covered one), themes raised by only two interviews or rising, gaps backed by one interview, target
    roles that nobody interviewed holds, then the user's own questions.
    """
    profile = as_profile(profile)
    bank = shipped_questions()
    categories = {k: list(v) for k, v in bank.get("categories", {}).items()}
    templates = {k: list(v) for k, v in bank.get("templates", {}).items()}
    rows: list[dict[str, Any]] = []
    blank = {"question": "", "why": "", "ask": "anyone you interview next", "category": "", "theme": "", "skill": "",
             "goal": ""}

    for user in extra_questions or []:  # the user's own questions for a category come first in that category
        if user.get("category"):
            categories.setdefault(str(user["category"]), []).insert(0, str(user["question"]))

    # Goals with little evidence.
    if goals is not None and len(goals):
        for g in goals.to_dict("records"):
            if g.get("verdict") == "open":
                for template in templates.get("goal", [])[:1]:
                    rows.append({**blank, "question": template.format(goal=g["goal"]), "goal": g["goal"],
                                 "why": "this goal has little evidence in the notes so far"})

    # Thin categories.
    if snippets is not None and len(snippets) and "categories" in snippets:
        per_note: dict[str, set[str]] = {}
        for note, cats in zip(snippets["note"].tolist(), snippets["categories"].tolist()):
            per_note.setdefault(note, set()).update(c for c in str(cats or "").split(";") if c)
        n_notes = max(1, len(per_note))
        coverage = {c: sum(c in cats for cats in per_note.values()) / n_notes for c in categories}
        thin = [c for c in categories if coverage[c] < 0.5]
        least = min(categories, key=lambda c: (coverage[c], c)) if coverage else None
        if not thin and least is not None and coverage[least] < 0.8:
            thin = [least]
        for c in sorted(thin, key=lambda c: (coverage[c], c)):
            for question in categories[c][:2]:
                rows.append({**blank, "question": question, "category": c,
                             "why": f"only {coverage[c]:.0%} of interviews say anything about {c}"})

    # Emerging themes, those with a name that says an idea: a discovered theme's label is the words its lines share
    # ("Tags and filters"), fine on a card beside its quotes but not a question to put to someone.
    if themes is not None and len(themes):
        records = themes.to_dict("records")
        emerging = [t for t in records
                    if (int(t.get("n_interviews", 0) or 0) <= 2 or str(t.get("trend", "")) in ("rising", "new"))
                    and str(t.get("kind", "codebook") or "codebook") == "codebook"
                    and len(re.findall(r"[A-Za-z]{3,}", str(t.get("label", "")))) >= 2]
        emerging.sort(key=lambda t: (str(t.get("trend", "")) != "rising", str(t.get("id", ""))))
        for t in emerging[:3]:
            for template in templates.get("theme", [])[:1]:
                rows.append({**blank, "question": template.format(theme=t.get("label", t.get("id", "")),
                                                                  people=_people_phrase(t)),
                             "theme": str(t.get("id", "")),
                             "why": f"raised in {t.get('n_interviews', '?')} interviews so far ({t.get('trend', '') or 'steady'}); worth confirming"})

    # Gaps with thin support.
    if gaps is not None and len(gaps):
        thin_gaps = [g for g in gaps.to_dict("records") if g.get("support") == "mentioned once"][:10]
        for g in thin_gaps[:3]:
            for template in templates.get("skill", [])[:1]:
                rows.append({**blank, "question": template.format(skill=g["skill"]), "skill": g["skill"],
                             "why": f"{g['skill']} was valued in one interview so far: is it a gap?"})

    # Target roles nobody interviewed holds.
    held = [str(r) for r in (notes["role"].tolist() if notes is not None and "role" in notes else []) if str(r).strip()]
    for role in profile.target_roles:
        if not any(role_matches(h, [role]) for h in held):
            for template in templates.get("target_role", [])[:1]:
                rows.append({**blank, "question": with_role(template, role), "ask": "people you have already met",
                             "why": with_role("none of your interviews so far is with a {role}", role)})

    for user in extra_questions or []:
        if not user.get("category"):
            rows.append({**blank, "question": str(user["question"]), "skill": str(user.get("skill", "")),
                         "theme": str(user.get("theme", "")), "goal": str(user.get("goal", "")),
                         "why": str(user.get("why", "your own question"))})

    seen: set[str] = set()
    unique = []
    for row in rows:
        if row["question"] not in seen:
            seen.add(row["question"])
            unique.append(row)
    return as_frame(unique[:limit], QUESTION_COLUMNS)


_NUMBER_WORDS = ("No one", "One person", "Two people", "Three people", "Four people", "Five people")


def _people_phrase(theme: Mapping[str, Any]) -> str:
    """How many people raised a theme, as the start of a sentence: "Two people", "12 people".

    >>> _people_phrase({"people": "Ana;Bo;Ana", "n_interviews": 3}), _people_phrase({"people": "", "n_interviews": 7})
    ('Two people', '7 people')
    """
    names = {p.strip() for p in str(theme.get("people") or "").split(";") if p.strip()}
    count = len(names) or int(theme.get("n_interviews") or 0)
    return _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else f"{count} people"
