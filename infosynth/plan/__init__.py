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

The modules: :mod:`.tables` (columns, weights, citing evidence), :mod:`.skills`, :mod:`.actions`, :mod:`.goals`,
:mod:`.questions`, and :mod:`.build`, which runs them in order.
"""

from __future__ import annotations

from ..config import Profile
from .actions import growth_plan, quarters
from .build import PlanResult, build_plan
from .goals import goal_evidence, goal_stance
from .questions import next_questions
from .skills import most_valued, paths_table, skill_gaps, skills_table
from .tables import has_profile

__all__ = [
    "PlanResult", "Profile", "build_plan", "skills_table", "skill_gaps", "most_valued", "growth_plan",
    "goal_evidence", "goal_stance", "next_questions", "quarters", "paths_table", "has_profile",
]
