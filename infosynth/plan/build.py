"""The plan in order: skills, gaps, the growth plan, paths, goal evidence and questions, into a :class:`PlanResult`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..analysis.extract.skills import (
    VALUED_STANCES,
    CareerPath,
    SkillMention,
)
from ..config import Profile
from .actions import growth_plan
from .goals import goal_evidence
from .questions import next_questions
from .skills import owned_skills, paths_table, skill_gaps, skills_table, valued_candidates
from .tables import as_profile, has_profile

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PlanResult", "build_plan"]


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


# -------------------------------------------------------------------------------------------- skills


# ---------------------------------------------------------------------------------------------- plan


# --------------------------------------------------------------------------------------------- paths


# --------------------------------------------------------------------------------------------- goals


# ----------------------------------------------------------------------------------------- questions


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
    profile = as_profile(profile)
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
