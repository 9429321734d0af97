"""What every part of the plan shares: the columns of its tables, its weights, and how evidence is cited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..config import Profile
from ..resources import DATA_DIR

if TYPE_CHECKING:
    import pandas as pd


PLAN_DATA = DATA_DIR / "plan"


WEEKS_PER_QUARTER = 13


QUOTES_PER_SKILL = 3


TARGET_ROLE_WEIGHT = 1.5  # a skill valued by someone in a target role counts this much more


RECENCY_HALF_LIFE_DAYS = 365


# Soft skills and degrees come up in every interview; they rank a little lower than concrete skills.
KIND_WEIGHT = {"soft": 0.8, "degree": 0.6}


MIN_INTERVIEWS = 2  # a gap, or a skill the plan works on, is backed by at least this many interviews


SKILL_COLUMNS = ["skill", "kind", "n_interviews", "n_valued", "n_mentions", "required", "valued", "gap", "optional",
                 "passing", "stance", "importance", "have", "people", "valued_by", "notes", "last_seen", "quotes"]


GAP_COLUMNS = ["rank", "skill", "kind", "support", "importance", "n_interviews", "n_interviews_any",
               "target_role_interviews", "people", "last_seen", "why", "evidence"]


PLAN_COLUMNS = ["quarter", "quarter_start", "track", "type", "action", "skill", "hours", "metric", "why"]


PATH_COLUMNS = ["person", "from_role", "to_role", "via", "text", "note", "line"]


GOAL_COLUMNS = ["goal", "verdict", "n_supporting", "n_challenging", "supporting", "challenging", "evidence",
                "options"]


QUESTION_COLUMNS = ["question", "why", "ask", "category", "theme", "skill", "goal"]


def as_frame(rows: list[dict[str, Any]], columns: list[str]) -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def quote_of(note: str, line: int, text: str) -> str:
    return f"{note}:{line} {text}"


def person_of(m: Any) -> str:
    """The interviewee as the report names them (never the file slug)."""
    from ..ingest.people import readable_file_name

    return m.person or readable_file_name(m.note)


def has_profile(profile: Profile | None) -> bool:
    """Whether the profile says what the user already has: gaps are measured only then."""
    return bool(profile is not None and [s for s in profile.current_skills if str(s).strip()])


def cite(ms: Sequence[Any]) -> str:
    """The interviews behind a skill, by person: "Ana Ruiz and Ben Okafor" (at most four named)."""
    from ..ingest.people import join_names

    people = list(dict.fromkeys(person_of(m) for m in sorted(ms, key=lambda m: (m.note, m.line))))
    if len(people) > 4:
        return ", ".join(people[:4]) + f" and {len(people) - 4} more"
    return join_names(people)


def as_profile(profile: Any) -> Profile:
    return profile if profile is not None else Profile()


def with_role(template: str, role: str) -> str:
    """``template`` with ``{role}`` filled in, its "a" becoming "an" before a role that starts with a vowel.

    >>> with_role("Shadow a {role} for a day", "Instructional Designer")
    'Shadow an Instructional Designer for a day'
    >>> with_role("Shadow a {role} for a day", "UX Researcher")
    'Shadow a UX Researcher for a day'
    """
    # Only a, e, i, o: a "u" is as often said "you" (a UX researcher, a union rep) as not.
    text = template.replace("a {role}", "an {role}") if role[:1].lower() in "aeio" else template
    return text.format(role=role)
