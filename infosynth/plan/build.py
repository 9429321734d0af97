"""From what interviewees said to what the user does next: skills, gaps, a growth plan, goal evidence and
questions for the next interviews.

Everything here is a pure, deterministic function of its inputs (the same notes and profile always give the
same plan). The entry point is :func:`build_plan`; the pieces are usable alone:

* :func:`skills_table` — per canonical skill: distinct interviews, counts by stance, last date, quotes;
* :func:`skill_gaps` — skills valued across interviews that the profile does not list, ranked; a gap needs two
  interviews, a skill valued in one is "mentioned once"; without ``current_skills`` there are no gaps (the report
  shows the most valued skills instead);
* :func:`most_valued` — skills ranked by the distinct interviews that valued them;
* :func:`growth_plan` — an action per gap (or, without a profile, per skill valued in two or more interviews),
  placed in a quarter within the hours budget, citing the interviews behind it, plus networking and
  experiential goals each quarter;
* :func:`goal_evidence` — snippets that speak to each goal, for or against it by how the clause puts it; a
  decision goal ("decide between a bootcamp and a certificate") gets the evidence on each side;
* :func:`next_questions` — what to ask next, from the shipped question bank.

Quotes are given as ``note:line text`` lines, one per line, so a reader can always find the source.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..config import Profile
from ..analysis.extract.skills import (
    STANCES,
    VALUED_STANCES,
    CareerPath,
    SkillMention,
)
from ..lexicon import canonical_role, canonical_skill, load_skills
from ..models import to_date
from ..resources import DATA_DIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PlanResult", "Profile", "build_plan", "skills_table", "skill_gaps", "most_valued", "growth_plan",
    "goal_evidence", "goal_stance", "next_questions", "quarters", "paths_table", "has_profile",
]

PLAN_DATA = DATA_DIR / "plan"
WEEKS_PER_QUARTER = 13
QUOTES_PER_SKILL = 3
TARGET_ROLE_WEIGHT = 1.5  # a skill valued by someone in a target role counts this much more
RECENCY_HALF_LIFE_DAYS = 365
# Soft skills and degrees come up in every interview; they rank a little lower than concrete skills.
KIND_WEIGHT = {"soft": 0.8, "degree": 0.6}
MIN_INTERVIEWS = 2  # a gap, or a skill the plan works on, is backed by at least this many interviews
# Words that qualify a skill without narrowing it ("strong Excel", "classroom facilitation").
_LOOSE_MODIFIERS = {
    "basic", "basics", "strong", "advanced", "intermediate", "good", "solid", "some", "proficient", "fluent",
    "classroom", "workplace", "professional", "skills", "skill", "experience", "in", "with", "of", "and",
    "charting", "user", "superuser", "super-user", "certified", "certification", "training", "knowledge", "daily",
}

SKILL_COLUMNS = ["skill", "kind", "n_interviews", "n_valued", "n_mentions", "required", "valued", "gap", "optional",
                 "passing", "stance", "importance", "have", "people", "valued_by", "notes", "last_seen", "quotes"]
GAP_COLUMNS = ["rank", "skill", "kind", "support", "importance", "n_interviews", "n_interviews_any",
               "target_role_interviews", "people", "last_seen", "why", "evidence"]
PLAN_COLUMNS = ["quarter", "quarter_start", "track", "type", "action", "skill", "hours", "metric", "why"]
PATH_COLUMNS = ["person", "from_role", "to_role", "via", "text", "note", "line"]
GOAL_COLUMNS = ["goal", "verdict", "n_supporting", "n_challenging", "supporting", "challenging", "evidence",
                "options"]
QUESTION_COLUMNS = ["question", "why", "ask", "category", "theme", "skill", "goal"]


@dataclass
class PlanResult:
    """Everything :func:`build_plan` produces; each table is a pandas DataFrame."""

    skills: "pd.DataFrame"
    gaps: "pd.DataFrame"
    plan: "pd.DataFrame"
    paths: "pd.DataFrame"
    goals: "pd.DataFrame"
    questions: "pd.DataFrame"
    messages: list[str] = field(default_factory=list)  # plain-language remarks ("no gaps: ...")


# ------------------------------------------------------------------------------------------ helpers
def _frame(rows: list[dict[str, Any]], columns: list[str]) -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _quote(note: str, line: int, text: str) -> str:
    return f"{note}:{line} {text}"


def _person(m: Any) -> str:
    """The interviewee as the report names them (never the file slug)."""
    from ..ingest.people import readable_file_name

    return m.person or readable_file_name(m.note)


def has_profile(profile: Profile | None) -> bool:
    """Whether the profile says what the user already has: gaps are measured only then."""
    return bool(profile is not None and [s for s in profile.current_skills if str(s).strip()])


def _cite(ms: Sequence[Any]) -> str:
    """The interviews behind a skill, by person: "Ana Ruiz and Ben Okafor" (at most four named)."""
    from ..ingest.people import join_names

    people = list(dict.fromkeys(_person(m) for m in sorted(ms, key=lambda m: (m.note, m.line))))
    if len(people) > 4:
        return ", ".join(people[:4]) + f" and {len(people) - 4} more"
    return join_names(people)


def _profile(profile: Any) -> Profile:
    return profile if profile is not None else Profile()


@functools.lru_cache(maxsize=1)
def _skill_kinds() -> dict[str, str]:
    return {e.name: e.kind for e in load_skills()}


def owned_skills(current_skills: Iterable[str], extra_skills: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """Canonical names of the skills a profile lists (aliases and loose qualifiers understood).

    >>> sorted(owned_skills(["Google Sheets", "classroom facilitation", "descriptive statistics"]))
    ['Excel', 'facilitation']
    """
    from ..lexicon import extra_key, skill_index

    owned: set[str] = set()
    index = skill_index(extra_key(extra_skills))[0]
    for raw in current_skills:
        name = canonical_skill(raw, extra_skills)
        if name:
            owned.add(name)
            continue
        for start, end, found, _ in index.find(raw):
            leftover = (raw[:start] + " " + raw[end:]).lower().split()
            if all(word in _LOOSE_MODIFIERS for word in leftover):
                owned.add(found)
    return owned


def _role_matches(role: str, targets: Sequence[str]) -> bool:
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


# -------------------------------------------------------------------------------------------- skills
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
    rows = []
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
            "people": "; ".join(sorted({_person(m) for m in ms})),
            "valued_by": _cite([m for m in ms if m.stance in VALUED_STANCES]),
            "notes": "; ".join(notes),
            "last_seen": max(dates) if dates else None,
            "quotes": "\n".join(_quote(m.note, m.line, m.text) for m in _example_mentions(ms)),
        })
    rows.sort(key=lambda r: (-r["n_valued"], -r["importance"], -r["n_interviews"], r["skill"].lower()))
    return _frame(rows, SKILL_COLUMNS)


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
    profile = _profile(profile)
    if not has_profile(profile):
        return _frame([], GAP_COLUMNS)
    owned = owned_skills(profile.current_skills, extra_skills)
    all_dates = [d for d in (to_date(m.date) for m in mentions) if d]
    newest = max(all_dates) if all_dates else None
    by_skill: dict[str, list[SkillMention]] = {}
    for m in mentions:
        by_skill.setdefault(m.skill, []).append(m)
    rows = []
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
            if any(_role_matches(m.role, profile.target_roles) for m in in_note):
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
        people = sorted({_person(m) for m in valued})
        n_gap = len({m.note for m in valued if m.stance == "gap"})
        why = f"valued in {len(valued_notes)} interview{'s' if len(valued_notes) != 1 else ''} ({_cite(valued)})"
        if n_gap:
            why += f" ({n_gap} wished they had it sooner or struggled without it)"
        if target_notes:
            why += f"; {len(target_notes)} by people in your target roles"
        rows.append({
            "skill": skill, "kind": ms[0].kind, "support": "gap" if len(valued_notes) >= MIN_INTERVIEWS else "mentioned once",
            "importance": round(score, 2), "n_interviews": len(valued_notes),
            "n_interviews_any": len(any_notes), "target_role_interviews": len(target_notes),
            "people": "; ".join(people), "last_seen": last, "why": why,
            "evidence": "\n".join(_quote(m.note, m.line, m.text) for m in _example_mentions(valued)),
        })
    rows.sort(key=lambda r: (r["support"] != "gap", -r["importance"], -r["n_interviews"], r["skill"].lower()))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return _frame(rows, GAP_COLUMNS)


def valued_candidates(mentions: Sequence[SkillMention], skills: "pd.DataFrame") -> "pd.DataFrame":
    """Without a profile: the skills valued in two or more interviews, as rows the growth plan can take."""
    rows = []
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
            "people": "; ".join(sorted({_person(m) for m in valued})), "last_seen": r["last_seen"],
            "why": f"valued in {n} interviews ({_cite(valued)})",
            "evidence": "\n".join(_quote(m.note, m.line, m.text) for m in _example_mentions(valued)),
        })
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return _frame(rows, GAP_COLUMNS)


# ---------------------------------------------------------------------------------------------- plan
@functools.lru_cache(maxsize=1)
def _shipped_actions() -> dict[str, Any]:
    return tomllib.loads((PLAN_DATA / "actions.toml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _shipped_questions() -> dict[str, Any]:
    return tomllib.loads((PLAN_DATA / "questions.toml").read_text(encoding="utf-8"))


def action_library(extra_actions: Sequence[Mapping[str, Any]] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """``{"skills": {name: action}, "kinds": {kind: action}}`` with the user's entries on top.

    >>> lib = action_library([{"skill": "SQL", "action": "Do the SQL track at my library", "hours": 10,
    ...                        "metric": "track finished"}])
    >>> lib["skills"]["SQL"]["hours"], lib["kinds"]["tool"]["type"]
    (10, 'project')
    """
    shipped = _shipped_actions()
    library = {"skills": {k: dict(v) for k, v in shipped.get("skills", {}).items()},
               "kinds": {k: dict(v) for k, v in shipped.get("kinds", {}).items()}}
    for entry in extra_actions or []:
        entry = dict(entry)
        if entry.get("skill"):
            name = canonical_skill(str(entry["skill"])) or str(entry.pop("skill"))
            entry.pop("skill", None)
            base = library["skills"].get(name) or library["kinds"]["default"]
            library["skills"][name] = {**base, **entry}
        elif entry.get("kind"):
            kind = str(entry.pop("kind"))
            library["kinds"][kind] = {**library["kinds"].get(kind, library["kinds"]["default"]), **entry}
        else:
            raise ValueError(f"extra action needs `skill` or `kind`: {entry}")
    return library


# Notes that say a skill is open only through an employer ("Epic certification needs employer sponsorship").
_THROUGH_EMPLOYER = re.compile(r"\b(?:sponsor\w*|employer[- ]sponsored|only (?:through|via) (?:an?|your|the|their) "
                               r"(?:employer|job|hospital|company)|(?:can't|cannot) (?:get|take|do) it on your own)\b",
                               re.I)


def _action_for(skill: str, kind: str, library: Mapping[str, Any], evidence: str = "") -> dict[str, Any]:
    if _THROUGH_EMPLOYER.search(evidence or "") and skill not in library["skills"]:
        # Self-study is no route here: the plan asks who sponsors it instead.
        return {"type": "interview", "hours": 4.0,
                "action": f"Find out which employers sponsor {skill}, and ask about it in your next interviews "
                          "(the notes say it is open only through an employer)",
                "metric": f"two employers' answers on sponsoring {skill} written down"}
    entry = library["skills"].get(skill) or library["kinds"].get(kind) or library["kinds"]["default"]
    return {
        "type": str(entry.get("type", "course")),
        "action": str(entry["action"]).replace("{skill}", skill),
        "hours": float(entry.get("hours", 15)),
        "metric": str(entry["metric"]).replace("{skill}", skill),
    }


def quarters(start: dt.date | None, count: int, today: dt.date | None = None) -> list[tuple[str, dt.date]]:
    """Labels and first days of the plan's quarters: from ``start``'s quarter, else the next quarter.

    >>> quarters(dt.date(2027, 1, 1), 2)
    [('2027 Q1', datetime.date(2027, 1, 1)), ('2027 Q2', datetime.date(2027, 4, 1))]
    >>> quarters(None, 1, today=dt.date(2026, 11, 20))[0][0]
    '2027 Q1'
    """
    if start is None:
        today = today or dt.date.today()
        index = today.year * 4 + (today.month - 1) // 3 + 1
    else:
        index = start.year * 4 + (start.month - 1) // 3
    out = []
    for i in range(max(1, count)):
        year, q = divmod(index + i, 4)
        out.append((f"{year} Q{q + 1}", dt.date(year, 3 * q + 1, 1)))
    return out


def growth_plan(gaps: "pd.DataFrame", profile: Profile | None = None,
                extra_actions: Sequence[Mapping[str, Any]] | None = None,
                today: dt.date | None = None) -> tuple["pd.DataFrame", list[str]]:
    """Quarter-by-quarter actions: networking, the gaps backed by two or more interviews (in rank order), and
    experiential learning.

    A quarter never holds more than ``hours_per_week × 13`` hours. Each quarter first books its
    informational interviews (at most 20% of the hours), then, from the second quarter, one experiential
    item (at most a quarter of the hours), then skill actions for the top gaps in rank order. An action
    bigger than one quarter's free hours is split into parts over consecutive quarters. Returns the plan and
    remarks (e.g. gaps that did not fit in the horizon).
    """
    profile = _profile(profile)
    library = action_library(extra_actions)
    tracks = _shipped_actions().get("tracks", {})
    slots = quarters(profile.start, profile.horizon_quarters, today)
    budget = max(0.0, float(profile.hours_per_week)) * WEEKS_PER_QUARTER
    free = {label: budget for label, _ in slots}
    rows: list[dict[str, Any]] = []
    messages: list[str] = []
    roles = [r for r in profile.target_roles if r.strip()]
    role_text = " or ".join(roles) if roles else "the roles you are exploring"

    # 1. Networking: the same number of interviews each quarter.
    net = tracks.get("networking", {})
    per_interview = float(net.get("hours_per_interview", 3))
    count = int(min(net.get("max_per_quarter", 4), (budget * float(net.get("share", 0.2))) // per_interview))
    if count >= 1:
        for label, first_day in slots:
            hours = count * per_interview
            free[label] -= hours
            rows.append({
                "quarter": label, "quarter_start": first_day, "track": "networking", "type": net.get("type", "interview"),
                "action": str(net["action"]).format(count=count, with_roles=f" with people working as {role_text}"),
                "skill": "", "hours": hours, "metric": str(net["metric"]).format(count=count),
                "why": "new interviews keep testing your goals and reaching new people",
            })

    # 2. Experiential learning: one item per quarter from the second on (the first goes to skills), cycling
    #    through the options, each at most 30% of the hours.
    options = tracks.get("experience", [])
    role_for = roles or ["person in a role you are exploring"]
    placed = 0
    for number, (label, first_day) in enumerate(slots):
        if not options or (number == 0 and len(slots) > 1):
            continue
        fitting = [options[(placed + i) % len(options)] for i in range(len(options))]
        fitting = [o for o in fitting if float(o.get("hours", 8)) <= min(budget * 0.3, free[label])]
        if not fitting:
            continue
        option = fitting[0]
        hours = float(option.get("hours", 8))
        role = role_for[placed % len(role_for)]
        free[label] -= hours
        rows.append({
            "quarter": label, "quarter_start": first_day, "track": "experience", "type": option.get("type", ""),
            "action": str(option["action"]).format(role=role), "skill": "", "hours": hours,
            "metric": str(option["metric"]).format(role=role),
            "why": "first-hand experience tests whether you would enjoy the work, and gives you a story to tell",
        })
        placed += 1

    # 3. Skill building, top gaps first: only skills two or more interviews valued (one interview is a lead to
    #    confirm, not a plan), in rank order. A big action is split over consecutive quarters.
    records = gaps.to_dict("records") if len(gaps) else []
    chosen = [g for g in records if int(g.get("n_interviews", 0)) >= MIN_INTERVIEWS
              and g.get("support", "gap") == "gap"]
    if not chosen:
        messages.append("No skill actions yet: no skill was valued in two or more interviews. Ask about skills in "
                        "your next interviews to see which ones recur.")
    deferred = []
    order = [label for label, _ in slots]
    starts = dict(slots)
    for gap in chosen:
        action = _action_for(gap["skill"], gap["kind"], library, str(gap.get("evidence", "") or ""))
        needed = action["hours"]
        first = next((i for i, q in enumerate(order) if free[q] >= min(needed, 4.0)), None)
        if first is None or sum(free[q] for q in order[first:]) < needed:
            deferred.append(gap["skill"])
            continue
        parts: list[tuple[str, float]] = []
        remaining = needed
        for q in order[first:]:
            if remaining <= 0:
                break
            take = min(free[q], remaining)
            if take > 0:
                parts.append((q, take))
                remaining -= take
        for k, (q, hours) in enumerate(parts, 1):
            free[q] -= hours
            last = k == len(parts)
            metric = action["metric"] if last else (
                f"{hours:g} of {needed:g} hours done (part {k} of {len(parts)}); finish in {parts[-1][0]}")
            rows.append({
                "quarter": q, "quarter_start": starts[q], "track": "skill", "type": action["type"],
                "action": action["action"] + (f" (part {k} of {len(parts)})" if len(parts) > 1 else ""),
                "skill": gap["skill"], "hours": round(hours, 1), "metric": metric, "why": gap.get("why", ""),
            })
    if deferred:
        messages.append(f"Not enough hours in {len(order)} quarters at {profile.hours_per_week:g} h/week for: "
                        + ", ".join(deferred[:10]) + ("…" if len(deferred) > 10 else "")
                        + ". Raise hours_per_week or horizon_quarters to plan them.")

    track_order = {"networking": 0, "skill": 1, "experience": 2}
    rows.sort(key=lambda r: (order.index(r["quarter"]), track_order[r["track"]]))
    if budget == 0:
        messages.append("hours_per_week is 0, so the plan books no actions.")
    return _frame(rows, PLAN_COLUMNS), messages


# --------------------------------------------------------------------------------------------- paths
def paths_table(paths: Sequence[CareerPath], mentions: Sequence[SkillMention] = ()) -> "pd.DataFrame":
    """Career transitions, with ``via``: credentials or methods named in the same snippet ("bootcamp")."""
    via_kinds = {"degree", "certification", "method", "technology", "tool"}
    via: dict[tuple[str, int], list[str]] = {}
    for m in mentions:
        if m.kind in via_kinds:
            via.setdefault((m.note, m.line), []).append(m.skill)
    rows = [{
        "person": _person(p), "from_role": p.from_role, "to_role": p.to_role,
        "via": "; ".join(dict.fromkeys(via.get((p.note, p.line), []))), "text": p.text, "note": p.note,
        "line": p.line,
    } for p in paths]
    rows.sort(key=lambda r: (r["note"], r["line"], r["from_role"]))
    return _frame(rows, PATH_COLUMNS)


# --------------------------------------------------------------------------------------------- goals
_WORD = re.compile(r"[a-z][a-z+#'\-]*")
_STOPWORDS = frozenset(
    "a an the and or of to in on for with by at from as is are was were be been being it its this that these those "
    "i me my we our you your he she they them their his her what which who whom how why when where whether do does "
    "did done have has had will would can could should may might must about into over than then so if not no yes "
    "out up down just only also very really more most much many some any all each every both either there here "
    "find out decide test land get make take".split()
)
# Words of a goal that carry no topic of their own.
_GOAL_FILLER = frozenset(
    "move become get find work keep land start decide choose pick go transition switch make build learn try want "
    "stay role job career position way thing year month week day quarter time next soon within while able new "
    "good better more less someone people person whether between which option".split()
)
# Before a word, these say it is absent, avoided or left behind.
_ABSENCE = frozenset("no not n't never without lack lacking instead rather fewer less zero free away stop stopped "
                     "quit left leave leaving avoid avoided skip skipped escape escaped can't cannot won't "
                     "don't doesn't didn't isn't aren't wasn't weren't".split())
# In a goal, these turn what follows into something to avoid ("without nights", "instead of high school"); after
# "from" it is where the user comes from ("from bedside nursing"), which counts only when a note says people
# leave it or stay in it.
_AWAY = frozenset("without avoid leave leaving stop quit escape fewer less no not never instead rather".split())
_ORIGIN = frozenset({"from"})
# Anywhere before a word in its clause, these deny it ("nobody works remotely", "she never takes nights").
_DENIAL = frozenset("nobody never not n't none can't cannot won't don't doesn't didn't isn't aren't wasn't "
                    "weren't".split())
# Right before a word, these say it ended or was taken away ("ended remote work", "cut the night differential").
_ENDED = frozenset("end ended cut cancel cancelled canceled scrap scrapped eliminate eliminated ban banned drop "
                   "dropped abolish abolished".split())
# Right before a word, these say someone stays with it or returned to it.
_STAY = frozenset("stay stayed staying remain remained keep kept back return returned".split())
_TOWARD = frozenset("into to toward towards for and while but as".split())
_GOOD = re.compile(
    r"\b(?:made up for|makes? up for|making up for|worth it|worth the|great|love[sd]?|enjoy\w*|best|better|perks?|"
    r"benefits?|common|commonly|possible|doable|easy|easier|normal|standard|plenty|welcome[sd]?|helps?|helped|"
    r"valued|opens? doors|in demand|hiring|pays? off|paid off|no problem|the norm|typical(?:ly)?|happy|glad|"
    r"recommend\w*|flexible|supportive|higher|highest)\b")
_BAD = re.compile(
    r"\b(?:hard(?:er)?|difficult|rare(?:ly)?|unlikely|impossible|tough|downsides?|drawbacks?|miss(?:es|ed)?|"
    r"burn(?:ed|t)?[- ]?out|exhausting|competitive|limited|only (?:after|if|with|through|when|once)|sponsor\w*|"
    r"struggl\w*|regret\w*|risky|brutal|gruell?ing|costly|expensive|waste|pointless|useless|overrated|"
    r"not worth|no longer|cut|cuts|layoffs?|frozen|freeze|lower|lowest|worse|smaller|eliminated|scrapped|"
    r"cancell?ed|ended|closed|shut|not (?:guaranteed|allowed|possible|an option|common|available|offered|normal|"
    r"open|realistic|required|needed|necessary)|(?:is|are|was|were)n't|optional|no need)\b")
_CONTRAST_WORDS = re.compile(r"(?:,\s*|\s+)(?:but|however|though|although|yet|whereas)\b")
_DECISION = re.compile(r"\b(?:decide|decision|choose|choosing|pick|weigh|compare)\b.*?\b(?:between|whether|among|which)\b"
                       r"\s+(?P<options>.+)$|\bwhether\s+(?P<whether>.+)$", re.I)


def _lemma_tokens(text: str) -> list[tuple[str, str]]:
    """(lower-case word, lemma) of a text, with the shipped lookup lemmas; adverbs as their adjective
    ("remotely" → "remote") so that a goal and a note meet on the same word."""
    from ..text import lemma_pipeline

    out = []
    for t in lemma_pipeline()(text.lower().replace("\u2019", "'")):
        lemma = t.lemma_.lower()
        if len(lemma) > 6 and lemma.endswith("ly") and not lemma.endswith("ply"):
            lemma = lemma[:-2]
        out.append((t.lower_, lemma))
    return out


def _goal_terms(goal: str) -> dict[str, int]:
    """Topic lemmas of a goal → +1 (wanted), −1 (to avoid) or 0 (where the user comes from).

    >>> _goal_terms("Move from bedside nursing into health informatics")
    {'bedside': 0, 'nurse': 0, 'health': 1, 'informatics': 1}
    >>> _goal_terms("Find a role without night shifts")
    {'night': -1, 'shift': -1}
    """
    terms: dict[str, int] = {}
    polarity = 1
    for word, lemma in _lemma_tokens(goal):
        if word in _TOWARD:
            polarity = 1
        if word in _AWAY or lemma in _AWAY:
            polarity = -1
            continue
        if word in _ORIGIN:
            polarity = 0
            continue
        if not word[:1].isalpha() or len(lemma) < 3 or lemma in _STOPWORDS or lemma in _GOAL_FILLER \
                or word in _STOPWORDS:
            continue
        terms.setdefault(lemma, polarity)
    return terms


def _clauses(text: str) -> list[tuple[int, int]]:
    cuts = sorted({0, len(text)} | {m.end() for m in re.finditer(r"[.;!?]+(?:\s|$)", text)})
    return list(zip(cuts, cuts[1:]))


def goal_stance(goal: str, text: str, terms: Mapping[str, int] | None = None) -> str:
    """How a snippet bears on a goal: "supports", "challenges", or "" when it does not speak to it.

    A snippet speaks to a goal when it names one of the goal's topic words. For each such word, its sign is
    flipped when the clause says it is absent ("no", "without", "lack of", "instead of", "can't") and by how the
    clause judges it ("made up for it", "common", "worth it" / "hard", "rare", "only after"); after a contrast
    ("…, but only after a year") the judgement after it counts. The goal's own direction (moving away from
    something) is applied last.

    >>> goal_stance("Find a role without night shifts", "The lack of night shifts made up for the pay cut.")
    'supports'
    >>> goal_stance("Find a role without night shifts", "Most analysts still keep a per diem night shift.")
    'challenges'
    >>> goal_stance("Work remotely as a data analyst", "Remote work is possible, but only after a year on site.")
    'challenges'
    >>> goal_stance("Work remotely as a data analyst", "The cafeteria food is good.")
    ''
    """
    terms = dict(terms) if terms is not None else _goal_terms(goal)
    if not terms:
        return ""
    lowered = text.lower().replace("\u2019", "'")
    tokens = _lemma_tokens(lowered)
    # character offsets of tokens, to find their clause
    offsets, position = [], 0
    for word, _ in tokens:
        found = lowered.find(word, position)
        offsets.append(found if found >= 0 else position)
        position = (found + len(word)) if found >= 0 else position
    clauses = _clauses(lowered)
    signal = 0.0
    seen_terms = set()
    for i, (word, lemma) in enumerate(tokens):
        key = lemma if lemma in terms else (word if word in terms else None)
        if key is None or key in seen_terms:
            continue
        seen_terms.add(key)
        start = offsets[i]
        lo, hi = next(((a, b) for a, b in clauses if a <= start < b), (0, len(lowered)))
        clause_before = [tokens[k] for k in range(i) if lo <= offsets[k]]
        near = clause_before[-4:]
        denied = any(w in _DENIAL for w, _ in clause_before) or any(
            w in _ABSENCE or lem in _ABSENCE or lem in _ENDED for w, lem in near)
        stayed = any(w in _STAY or lem in _STAY for w, lem in near)
        presence = -1 if denied else 1
        clause = lowered[lo:hi]
        judge, position = clause, start - lo
        contrast = _CONTRAST_WORDS.search(clause)
        flip = False
        if contrast and position < contrast.start():
            after = clause[contrast.end():]
            if _GOOD.search(after) or _BAD.search(after):
                judge, position = after, 0  # "nights are hard, but the differential makes up for it"
            else:
                judge, flip = clause[:contrast.start()], True  # "on-call is rare, but it happens": the but undoes it
        elif contrast:
            judge, position = clause[contrast.end():], position - contrast.end()
        cues = [(abs(m.start() - position), 1) for m in _GOOD.finditer(judge)] + \
               [(abs(m.start() - position), -1) for m in _BAD.finditer(judge)
                if not (denied and m.start() < position)]  # "ended remote work": the denial is not a judgement too
        if re.search(r"\bmakes? up for|made up for|making up for", judge):
            evaluation = 1
        else:
            evaluation = min(cues)[1] if cues else 1
        if flip and cues:
            evaluation = -evaluation
        if terms[key] == 0:
            # where the user comes from: only leaving it or staying in it says anything
            if denied:
                signal += 2
            elif stayed:
                signal -= 2
            continue
        weight = 2.0 if (denied or stayed or cues) else 0.5
        signal += presence * evaluation * terms[key] * weight
    if not seen_terms or abs(signal) < 0.5:
        return ""
    return "supports" if signal > 0 else "challenges"


def _decision_options(goal: str) -> list[str]:
    """The options of a decision goal ("Decide between a bootcamp, a certificate or a master's").

    >>> _decision_options("Decide between a bootcamp, a certificate or a master's degree")
    ['bootcamp', 'certificate', "master's degree"]
    >>> _decision_options("Move into UX research")
    []
    """
    match = _DECISION.search(goal)
    if not match:
        return []
    text = (match["options"] or match["whether"] or "").strip(" .?")
    text = re.split(r"\s+(?:by|before|within|this|next)\b", text)[0]
    parts = re.split(r"\s*(?:,|\bor\b|\band\b|/)\s*", text)
    options = [re.sub(r"^(?:a|an|the|to|do|doing|go for|get|getting)\s+", "", p.strip(), flags=re.I) for p in parts]
    options = [o for o in options if o]
    return options if len(options) >= 2 else []


def _weighed_against(option: str, options: Sequence[str], text: str) -> str:
    """For a snippet that names two options either side of a contrast ("the bootcamp taught her SQL, but the
    certificate is what hiring managers asked about"): the one after the contrast wins."""
    lowered = text.lower()
    contrast = _CONTRAST_WORDS.search(lowered)
    if not contrast:
        return ""
    def where(o: str) -> int:
        words = [w for w in _goal_terms(o)]
        hits = [lowered.find(w) for w in words if lowered.find(w) >= 0]
        return min(hits) if hits else -1
    here = where(option)
    others = [where(o) for o in options if o != option]
    if here < 0 or not any(p >= 0 for p in others):
        return ""
    if here > contrast.start() and any(0 <= p < contrast.start() for p in others):
        return "supports"
    if here < contrast.start() and any(p > contrast.start() for p in others):
        return "challenges"
    return ""


def _is_evidence(record: Mapping[str, Any]) -> bool:
    """A snippet that says something: not the note-taker's question, logistics or a label."""
    from ..models import Snippet, is_takeaway

    text = str(record.get("text", "") or "").strip()
    kind = str(record.get("kind", "") or "bullet")
    if not text or not is_takeaway(Snippet(str(record.get("note", "")), 0, text, kind=kind)):
        return False
    if text.endswith("?") or re.match(r"^(?:q|question|ask|asked)\s*[:.\-]", text, re.I):
        return False  # the note-taker's own questions
    return len(text.split()) >= 4 and not text.rstrip().endswith(":")


def _similarities(goals: Sequence[str], texts: Sequence[str]) -> tuple[list[list[float]], str]:
    """goal × text similarity in [0, 1]: shipped embeddings when available, else lemma overlap."""
    try:
        from ..analysis.embed import embed

        import numpy as np

        g = np.asarray(embed(list(goals)), dtype="float32")
        t = np.asarray(embed(list(texts)), dtype="float32")
        g /= np.linalg.norm(g, axis=1, keepdims=True) + 1e-9
        t /= np.linalg.norm(t, axis=1, keepdims=True) + 1e-9
        cosine = (g @ t.T).tolist()
        method = "embedding"
    except Exception:  # no embedding model: fall back to words
        cosine, method = None, "lemma overlap"
    goal_words = [set(_goal_terms(g)) for g in goals]
    text_words = [{lemma for _, lemma in _lemma_tokens(t)} for t in texts]
    scores = []
    for i, gw in enumerate(goal_words):
        row = []
        for j, tw in enumerate(text_words):
            overlap = len(gw & tw) / math.sqrt(len(gw) * len(tw)) if gw and tw else 0.0
            row.append(0.7 * max(0.0, cosine[i][j]) + 0.3 * overlap if cosine is not None else overlap)
        scores.append(row)
    return scores, method


def goal_evidence(goals: Sequence[str], snippets: "pd.DataFrame", top_k: int = 4,
                  min_score: float | None = None) -> "pd.DataFrame":
    """For each goal, the snippets that speak to it, split into supporting and challenging by :func:`goal_stance`.

    Only what interviewees said counts: the note-taker's questions, logistics and label-only lines are never
    evidence. Among the snippets that speak to a goal, the ``top_k`` most similar on each side are kept
    (similarity: 0.7 × embedding cosine + 0.3 × lemma overlap). Verdict: "open" (fewer than 2 snippets),
    "supported", "challenged" or "mixed". A goal that is a decision ("decide between a bootcamp and a
    certificate") gets no verdict but "decision", and ``options`` lists the evidence on each side of each option
    as ``option|for|note:line text`` lines.
    """
    import pandas as pd

    goals = [g for g in goals if str(g).strip()]
    if not goals:
        return _frame([], GOAL_COLUMNS)
    frame = snippets if snippets is not None else pd.DataFrame(columns=["note", "line", "text"])
    records = [r for r in frame.to_dict("records") if _is_evidence(r)]
    texts = [str(r["text"]) for r in records]
    scores, method = _similarities(goals, texts) if texts else ([[] for _ in goals], "none")
    # Low: a snippet must also name one of the goal's words to count at all (see goal_stance).
    threshold = min_score if min_score is not None else (0.2 if method == "embedding" else 0.1)
    rows = []
    for goal, row in zip(goals, scores):
        ranked = sorted(range(len(row)), key=lambda j: (-row[j], records[j].get("note", ""), records[j].get("line", 0)))

        def quote(j: int) -> str:
            rec = records[j]
            return f"{_quote(rec.get('note', ''), int(rec.get('line', 0) or 0), texts[j])} (score {row[j]:.2f})"

        options = _decision_options(goal)
        if options:
            lines, n_for, n_against = [], 0, 0
            for option in options:
                terms = {t: 1 for t in _goal_terms(option)}
                sides: dict[str, list[int]] = {"for": [], "against": []}
                for j in ranked:
                    stance = _weighed_against(option, options, texts[j]) or goal_stance(option, texts[j], terms)
                    side = {"supports": "for", "challenges": "against"}.get(stance)
                    if side and len(sides[side]) < 2:
                        sides[side].append(j)
                for side, chosen in sides.items():
                    lines += [f"{option}|{side}|{quote(j)}" for j in chosen]
                n_for += len(sides["for"])
                n_against += len(sides["against"])
            rows.append({
                "goal": goal, "verdict": "decision", "n_supporting": n_for, "n_challenging": n_against,
                "supporting": "", "challenging": "", "options": "\n".join(lines),
                "evidence": f"a decision: the evidence on each side of {len(options)} options ({method})",
            })
            continue
        terms = _goal_terms(goal)
        supporting, challenging = [], []
        for j in ranked:
            if row[j] < threshold:
                break
            stance = goal_stance(goal, texts[j], terms)
            if stance == "supports" and len(supporting) < top_k:
                supporting.append(quote(j))
            elif stance == "challenges" and len(challenging) < top_k:
                challenging.append(quote(j))
        n = len(supporting) + len(challenging)
        if n < 2:
            verdict = "open"
        elif supporting and challenging:
            verdict = "mixed" if min(len(supporting), len(challenging)) * 2 >= max(len(supporting), len(challenging)) \
                else ("supported" if len(supporting) > len(challenging) else "challenged")
        else:
            verdict = "supported" if supporting else "challenged"
        rows.append({
            "goal": goal, "verdict": verdict, "n_supporting": len(supporting), "n_challenging": len(challenging),
            "supporting": "\n".join(supporting), "challenging": "\n".join(challenging), "options": "",
            "evidence": f"{n} snippet{'s' if n != 1 else ''} that speak to it ({method}; stance read from each clause)",
        })
    return _frame(rows, GOAL_COLUMNS)


# ----------------------------------------------------------------------------------------- questions
def next_questions(snippets: "pd.DataFrame", themes: "pd.DataFrame", gaps: "pd.DataFrame",
                   goals: "pd.DataFrame", profile: Profile | None = None, notes: "pd.DataFrame | None" = None,
                   extra_questions: Sequence[Mapping[str, Any]] | None = None, limit: int = 12) -> "pd.DataFrame":
    """Questions for upcoming interviews, aimed where the notes are thin.

    In order: goals with little evidence, categories covered by fewer than half of the interviews (or the
    least covered one), themes raised by only two interviews or rising, gaps backed by one interview, target
    roles that nobody interviewed holds, then the user's own questions.
    """
    profile = _profile(profile)
    bank = _shipped_questions()
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

    # Emerging themes.
    if themes is not None and len(themes):
        records = themes.to_dict("records")
        emerging = [t for t in records
                    if (int(t.get("n_interviews", 0) or 0) <= 2 or str(t.get("trend", "")) in ("rising", "new"))
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
        if not any(_role_matches(h, [role]) for h in held):
            for template in templates.get("target_role", [])[:1]:
                rows.append({**blank, "question": template.format(role=role), "ask": "people you have already met",
                             "why": f"none of your interviews so far is with a {role}"})

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
    return _frame(unique[:limit], QUESTION_COLUMNS)


_NUMBER_WORDS = ("No one", "One person", "Two people", "Three people", "Four people", "Five people")


def _people_phrase(theme: Mapping[str, Any]) -> str:
    """How many people raised a theme, as the start of a sentence: "Two people", "12 people".

    >>> _people_phrase({"people": "Ana;Bo;Ana", "n_interviews": 3}), _people_phrase({"people": "", "n_interviews": 7})
    ('Two people', '7 people')
    """
    names = {p.strip() for p in str(theme.get("people") or "").split(";") if p.strip()}
    count = len(names) or int(theme.get("n_interviews") or 0)
    return _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else f"{count} people"


# ----------------------------------------------------------------------------------------- entry point
def build_plan(snippets: "pd.DataFrame", notes: "pd.DataFrame", themes: "pd.DataFrame",
               mentions: Sequence[SkillMention], paths: Sequence[CareerPath], profile: Profile | None = None,
               extra_actions: Sequence[Mapping[str, Any]] | None = None,
               extra_questions: Sequence[Mapping[str, Any]] | None = None,
               extra_skills: Mapping[str, Iterable[str]] | None = None,
               today: dt.date | None = None) -> PlanResult:
    """Skills, gaps, growth plan, career paths, goal evidence and next questions in one call.

    ``today`` only matters when the profile has no ``start``: the plan then begins next quarter.
    """
    profile = _profile(profile)
    mentions = list(mentions)
    owned = owned_skills(profile.current_skills, extra_skills)
    skills = skills_table(mentions, owned)
    gaps = skill_gaps(mentions, profile, extra_skills)
    # Without a profile the plan works on what two or more interviews valued.
    candidates = gaps if has_profile(profile) else valued_candidates(mentions, skills)
    plan, messages = growth_plan(candidates, profile, extra_actions, today)
    if not has_profile(profile):
        messages.insert(0, "No profile yet: set current_skills and target_roles under [profile] in infosynth.toml "
                           "to see your skill gaps. Until then the plan works on the skills two or more "
                           "interviews valued.")
    elif not len(gaps) or not (gaps["support"] == "gap").any():
        if any(m.stance in VALUED_STANCES for m in mentions) and not len(gaps):
            messages.insert(0, "No skill gaps: your current skills cover every skill interviewees valued.")
        else:
            messages.insert(0, "No skill gaps yet: no skill you lack was valued in two or more interviews.")
    goals = goal_evidence(profile.goals, snippets)
    questions = next_questions(snippets, themes, gaps, goals, profile, notes, extra_questions)
    return PlanResult(skills=skills, gaps=gaps, plan=plan, paths=paths_table(list(paths), mentions), goals=goals,
                      questions=questions, messages=messages)
