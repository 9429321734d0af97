"""Skills interviewees value, the user's gaps against them, and the career paths they told."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..analysis.extract.skills import (
    STANCES,
    VALUED_STANCES,
    CareerPath,
    SkillMention,
)
from ..config import Profile
from ..lexicon import canonical_role, canonical_skill
from ..text import to_date
from .tables import (
    GAP_COLUMNS,
    KIND_WEIGHT,
    MIN_INTERVIEWS,
    PATH_COLUMNS,
    QUOTES_PER_SKILL,
    RECENCY_HALF_LIFE_DAYS,
    SKILL_COLUMNS,
    TARGET_ROLE_WEIGHT,
    as_frame,
    as_profile,
    cite,
    has_profile,
    person_of,
    quote_of,
)

if TYPE_CHECKING:
    import pandas as pd


# Words that qualify a skill without narrowing it ("strong Excel", "classroom facilitation").
_LOOSE_MODIFIERS = {
    "basic", "basics", "strong", "advanced", "intermediate", "good", "solid", "some", "proficient", "fluent",
    "classroom", "workplace", "professional", "skills", "skill", "experience", "in", "with", "of", "and",
    "charting", "user", "superuser", "super-user", "certified", "certification", "training", "knowledge", "daily",
}




def owned_skills(current_skills: Iterable[str], extra_skills: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """Canonical names of the skills a profile lists (aliases and loose qualifiers understood).

    >>> sorted(owned_skills(["Google Sheets", "classroom facilitation", "descriptive statistics"]))
    ['Excel', 'facilitation']
    """
    from ..lexicon import extra_key, skill_index

    owned: set[str] = set()
    current = list(current_skills)
    if not current:  # no profile skills: spare building the phrase index (and loading spaCy for it)
        return owned
    index = skill_index(extra_key(extra_skills))[0]
    for raw in current:
        name = canonical_skill(raw, extra_skills)
        if name:
            owned.add(name)
            continue
        for start, end, found, _ in index.find(raw):
            leftover = (raw[:start] + " " + raw[end:]).lower().split()
            if all(word in _LOOSE_MODIFIERS for word in leftover):
                owned.add(found)
    return owned


def role_matches(role: str, targets: Sequence[str]) -> bool:
    """True when an interviewee's role is one of the target roles (canonical titles or shared words)."""
    if not role or not targets:
        return False
    canonical = canonical_role(role)
    for target in targets:
        target_canonical = canonical_role(target)
        if canonical and target_canonical and canonical == target_canonical:
            return True
        if target.strip().lower() in role.lower() or role.strip().lower() in target.lower():
            return True
    return False


def skills_table(mentions: Sequence[SkillMention], owned: set[str] | None = None) -> "pd.DataFrame":
    """One row per canonical skill: how many interviews mention it and how they framed it.

    ``n_valued`` = distinct interviews that valued it (required, valued or gap); ``importance`` = ``n_valued``
    + 0.25 × interviews that only mentioned it; ``stance`` is the most common stance (ties: gap, required,
    valued, optional, passing). Rows are ranked by ``n_valued``, then by interviews.

    >>> m = [SkillMention("SQL", "technology", "required", "a.md", 3, "You need SQL", "Ana"),
    ...      SkillMention("SQL", "technology", "gap", "b.md", 5, "Wish I learned SQL", "Ben")]
    >>> skills_table(m)[["skill", "n_interviews", "n_valued", "required", "gap", "stance"]].values.tolist()
    [['SQL', 2, 2, 1, 1, 'gap']]
    """
    owned = owned or set()
    by_skill: dict[str, list[SkillMention]] = {}
    for m in mentions:
        by_skill.setdefault(m.skill, []).append(m)
    rows: list[dict[str, Any]] = []
    for skill, ms in by_skill.items():
        counts = {s: sum(1 for m in ms if m.stance == s) for s in STANCES}
        notes = sorted({m.note for m in ms})
        valued_notes = {m.note for m in ms if m.stance in VALUED_STANCES}
        dates = [d for d in (to_date(m.date) for m in ms) if d]
        order = ("gap", "required", "valued", "optional", "passing")
        stance = max(order, key=lambda s: (counts[s], -order.index(s)))
        rows.append({
            "skill": skill, "kind": ms[0].kind, "n_interviews": len(notes), "n_valued": len(valued_notes),
            "n_mentions": len(ms), **counts,
            "stance": stance,
            "importance": round(len(valued_notes) + 0.25 * (len(notes) - len(valued_notes)), 2),
            "have": skill in owned,
            "people": "; ".join(sorted({person_of(m) for m in ms})),
            "valued_by": cite([m for m in ms if m.stance in VALUED_STANCES]),
            "notes": "; ".join(notes),
            "last_seen": max(dates) if dates else None,
            "quotes": "\n".join(quote_of(m.note, m.line, m.text) for m in _example_mentions(ms)),
        })
    rows.sort(key=lambda r: (-r["n_valued"], -r["importance"], -r["n_interviews"], r["skill"].lower()))
    return as_frame(rows, SKILL_COLUMNS)


def most_valued(skills: "pd.DataFrame", limit: int = 5) -> "pd.DataFrame":
    """The skills most interviews valued (``skills_table`` rows with ``n_valued`` ≥ 1), most first.

    >>> m = [SkillMention("SQL", "technology", "required", "a.md", 3, "You need SQL", "Ana"),
    ...      SkillMention("SQL", "technology", "valued", "b.md", 5, "SQL is key", "Ben"),
    ...      SkillMention("Excel", "tool", "passing", "a.md", 4, "Excel too", "Ana")]
    >>> most_valued(skills_table(m))["skill"].tolist()
    ['SQL']
    """
    if skills is None or not len(skills):
        return skills
    table = skills[skills["n_valued"] >= 1]
    return table.head(limit).reset_index(drop=True)


def _example_mentions(ms: Sequence[SkillMention], limit: int = QUOTES_PER_SKILL) -> list[SkillMention]:
    """Up to ``limit`` mentions, valued ones first, one per note before repeating a note."""
    ranked = sorted(ms, key=lambda m: (m.stance not in VALUED_STANCES, m.stance != "gap", m.note, m.line))
    chosen: list[int] = []
    seen_notes: set[str] = set()
    for i, m in enumerate(ranked):
        if m.note not in seen_notes:
            chosen.append(i)
            seen_notes.add(m.note)
            if len(chosen) == limit:
                break
    if len(chosen) < limit:
        taken = set(chosen)
        chosen += [i for i in range(len(ranked)) if i not in taken][: limit - len(chosen)]
    return [ranked[i] for i in chosen]


def skill_gaps(mentions: Sequence[SkillMention], profile: Profile | None = None,
               extra_skills: Mapping[str, Iterable[str]] | None = None) -> "pd.DataFrame":
    """Skills interviewees valued that the profile does not list, most important first.

    Importance sums, over the distinct interviews that valued the skill (stance required or gap), a weight
    of 1 (×1.5 when the interviewee holds a target role, +0.25 when they framed it as a gap), adds 0.25 for
    each interview that only mentioned it, multiplies by a kind weight (soft skills 0.8, degrees 0.6), and
    adds up to 0.5 for recency (half-life one year, measured from the newest note). Skills said to be
    optional in at least as many interviews as valued them are left out.

    ``support`` is "gap" when two or more interviews valued the skill, else "mentioned once" (listed after the
    gaps: one interview is not yet a gap). Without ``current_skills`` in the profile there is nothing to compare
    with, so there are no gaps (see :func:`most_valued`).

    >>> m = [SkillMention("SQL", "technology", "required", "a.md", 3, "You need SQL", "Ana"),
    ...      SkillMention("SQL", "technology", "gap", "b.md", 5, "Wish I learned SQL", "Ben"),
    ...      SkillMention("Git", "tool", "valued", "b.md", 6, "Git is key", "Ben"),
    ...      SkillMention("Excel", "tool", "required", "a.md", 4, "Excel daily", "Ana")]
    >>> skill_gaps(m, Profile(current_skills=["spreadsheets"]))[["skill", "support"]].values.tolist()
    [['SQL', 'gap'], ['Git', 'mentioned once']]
    >>> len(skill_gaps(m, Profile()))
    0
    """
    profile = as_profile(profile)
    if not has_profile(profile):
        return as_frame([], GAP_COLUMNS)
    owned = owned_skills(profile.current_skills, extra_skills)
    all_dates = [d for d in (to_date(m.date) for m in mentions) if d]
    newest = max(all_dates) if all_dates else None
    by_skill: dict[str, list[SkillMention]] = {}
    for m in mentions:
        by_skill.setdefault(m.skill, []).append(m)
    rows: list[dict[str, Any]] = []
    for skill, ms in by_skill.items():
        if skill in owned:
            continue
        valued = [m for m in ms if m.stance in VALUED_STANCES]
        if not valued:
            continue
        valued_by_note: dict[str, list[SkillMention]] = {}
        for m in valued:
            valued_by_note.setdefault(m.note, []).append(m)
        valued_notes = sorted(valued_by_note)
        optional_notes = {m.note for m in ms if m.stance == "optional"} - set(valued_notes)
        if len(optional_notes) >= len(valued_notes):
            continue
        any_notes = {m.note for m in ms}
        score = 0.0
        target_notes = set()
        for note in valued_notes:
            in_note = valued_by_note[note]
            weight = 1.0
            if any(role_matches(m.role, profile.target_roles) for m in in_note):
                weight *= TARGET_ROLE_WEIGHT
                target_notes.add(note)
            if any(m.stance == "gap" for m in in_note):
                weight += 0.25
            score += weight
        score += 0.25 * len(any_notes - set(valued_notes))
        score *= KIND_WEIGHT.get(ms[0].kind, 1.0)
        dates = [d for d in (to_date(m.date) for m in ms) if d]
        last = max(dates) if dates else None
        if last and newest:
            score += 0.5 * 0.5 ** ((newest - last).days / RECENCY_HALF_LIFE_DAYS)
        people = sorted({person_of(m) for m in valued})
        n_gap = len({m.note for m in valued if m.stance == "gap"})
        why = f"valued in {len(valued_notes)} interview{'s' if len(valued_notes) != 1 else ''} ({cite(valued)})"
        if n_gap:
            why += f" ({n_gap} wished they had it sooner or struggled without it)"
        if target_notes:
            why += f"; {len(target_notes)} by people in your target roles"
        rows.append({
            "skill": skill, "kind": ms[0].kind, "support": "gap" if len(valued_notes) >= MIN_INTERVIEWS else "mentioned once",
            "importance": round(score, 2), "n_interviews": len(valued_notes),
            "n_interviews_any": len(any_notes), "target_role_interviews": len(target_notes),
            "people": "; ".join(people), "last_seen": last, "why": why,
            "evidence": "\n".join(quote_of(m.note, m.line, m.text) for m in _example_mentions(valued)),
        })
    rows.sort(key=lambda r: (r["support"] != "gap", -r["importance"], -r["n_interviews"], r["skill"].lower()))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return as_frame(rows, GAP_COLUMNS)


def valued_candidates(mentions: Sequence[SkillMention], skills: "pd.DataFrame") -> "pd.DataFrame":
    """Without a profile: the skills valued in two or more interviews, as rows the growth plan can take."""
    rows: list[dict[str, Any]] = []
    by_skill: dict[str, list[SkillMention]] = {}
    for m in mentions:
        if m.stance in VALUED_STANCES:
            by_skill.setdefault(m.skill, []).append(m)
    for r in skills.to_dict("records") if skills is not None and len(skills) else []:
        valued = by_skill.get(r["skill"], [])
        n = len({m.note for m in valued})
        if n < MIN_INTERVIEWS:
            continue
        rows.append({
            "skill": r["skill"], "kind": r["kind"], "support": "gap", "importance": r["importance"],
            "n_interviews": n, "n_interviews_any": r["n_interviews"], "target_role_interviews": 0,
            "people": "; ".join(sorted({person_of(m) for m in valued})), "last_seen": r["last_seen"],
            "why": f"valued in {n} interviews ({cite(valued)})",
            "evidence": "\n".join(quote_of(m.note, m.line, m.text) for m in _example_mentions(valued)),
        })
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return as_frame(rows, GAP_COLUMNS)


def paths_table(paths: Sequence[CareerPath], mentions: Sequence[SkillMention] = ()) -> "pd.DataFrame":
    """Career transitions, with ``via``: credentials or methods named in the same snippet ("bootcamp"); the
    snippet, not the line, because a paragraph's sentences share a line."""
    via_kinds = {"degree", "certification", "method", "technology", "tool"}
    via: dict[tuple[str, int, str], list[SkillMention]] = {}
    for m in mentions:
        if m.kind in via_kinds:
            via.setdefault((m.note, m.line, m.text), []).append(m)

    def through(p: CareerPath) -> str:
        # The words naming either end of the move are not a way through it ("teacher → UX research" via "UX").
        ends = f"{p.from_role} {p.to_role}".lower()
        return "; ".join(dict.fromkeys(m.skill for m in via.get((p.note, p.line, p.text), [])
                                       if (m.matched or m.skill).lower() not in ends))

    rows = [{
        "person": person_of(p), "from_role": p.from_role, "to_role": p.to_role, "via": through(p), "text": p.text,
        "note": p.note, "line": p.line,
    } for p in paths]
    rows.sort(key=lambda r: (r["note"], r["line"], _stated_at(str(r["text"]), str(r["from_role"])), r["from_role"]))
    return as_frame(rows, PATH_COLUMNS)


def _stated_at(text: str, role: str) -> int:
    """Where ``role`` is first named in ``text``, so the steps of one ladder keep the order they were written in
    ("staff -> senior -> mgr -> senior mgr"); a role named in other words goes last.

    >>> _stated_at("staff -> senior -> mgr -> senior mgr", "mgr"), _stated_at("taught for years", "teacher")
    (19, 1000000)
    """
    found = re.search(rf"(?<!\w){re.escape(role.lower())}(?!\w)", text.lower()) if role else None
    return found.start() if found else 1_000_000
