"""The action library and the growth plan: gaps → actions by quarter within the user's weekly hours."""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..config import Profile
from ..lexicon import canonical_skill
from ..text import current_date
from .tables import MIN_INTERVIEWS, PLAN_COLUMNS, PLAN_DATA, WEEKS_PER_QUARTER, as_frame, as_profile, with_role

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    import pandas as pd

EXPERIENCE_SHARE = 0.3  # the most of a quarter's hours one experiential item may take


@functools.lru_cache(maxsize=1)
def _shipped_actions() -> dict[str, Any]:
    return tomllib.loads((PLAN_DATA / "actions.toml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def shipped_questions() -> dict[str, Any]:
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
        today = today or current_date()
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
    item (at most ``EXPERIENCE_SHARE``, 30%, of the hours), then skill actions for the top gaps in rank order. An action
    bigger than one quarter's free hours is split into parts over consecutive quarters. Returns the plan and
    remarks (e.g. gaps that did not fit in the horizon).
    """
    profile = as_profile(profile)
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
    #    through the options, each at most EXPERIENCE_SHARE of the hours.
    options = tracks.get("experience", [])
    role_for = roles or ["person in a role you are exploring"]
    placed = 0
    for number, (label, first_day) in enumerate(slots):
        if not options or (number == 0 and len(slots) > 1):
            continue
        fitting = [options[(placed + i) % len(options)] for i in range(len(options))]
        fitting = [o for o in fitting if float(o.get("hours", 8)) <= min(budget * EXPERIENCE_SHARE, free[label])]
        if not fitting:
            continue
        option = fitting[0]
        hours = float(option.get("hours", 8))
        role = role_for[placed % len(role_for)]
        free[label] -= hours
        rows.append({
            "quarter": label, "quarter_start": first_day, "track": "experience", "type": option.get("type", ""),
            "action": with_role(str(option["action"]), role), "skill": "", "hours": hours,
            "metric": with_role(str(option["metric"]), role),
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
    return as_frame(rows, PLAN_COLUMNS), messages
