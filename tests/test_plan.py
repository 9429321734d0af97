"""Skill gaps, the growth plan, goal evidence and next questions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from infosynth.analysis.extract.skills import SkillMention, extract_career_paths, extract_skills
from infosynth.plan.actions import quarters
from infosynth.plan.build import (
    Profile,
    build_plan,
    goal_evidence,
    growth_plan,
    next_questions,
    skill_gaps,
    skills_table,
)

# Four interviews about moving from hospital nursing into health informatics and clinical education.
NOTES = pd.DataFrame([
    {"note": "2026-01-10-ines.md", "title": "Ines", "person": "Ines Okafor", "role": "Clinical informatics nurse",
     "organization": "County Hospital", "date": pd.Timestamp("2026-01-10"), "n_snippets": 4},
    {"note": "2026-02-03-raj.md", "title": "Raj", "person": "Raj Patel", "role": "Data analyst",
     "organization": "Health Plan", "date": pd.Timestamp("2026-02-03"), "n_snippets": 4},
    {"note": "2026-03-15-mei.md", "title": "Mei", "person": "Mei Lin", "role": "Nurse educator",
     "organization": "Teaching Hospital", "date": pd.Timestamp("2026-03-15"), "n_snippets": 3},
    {"note": "2026-04-20-tom.md", "title": "Tom", "person": "Tom Berg", "role": "Data analyst",
     "organization": "Clinic Group", "date": pd.Timestamp("2026-04-20"), "n_snippets": 3},
])
SNIPPET_ROWS = [
    ("2026-01-10-ines.md", 5, "Moved from bedside nursing into informatics after the Epic rollout.", "roles"),
    ("2026-01-10-ines.md", 7, "Hiring managers want to see SQL, even basic joins.", "skills"),
    ("2026-01-10-ines.md", 8, "She wishes she had learned project management earlier.", "skills"),
    ("2026-01-10-ines.md", 9, "Go-lives mean twelve-hour days for a week.", "day-to-day"),
    ("2026-02-03-raj.md", 4, "SQL is most of his day; Tableau for the dashboards.", "skills;day-to-day"),
    ("2026-02-03-raj.md", 6, "Struggled without statistics in his first year.", "skills"),
    ("2026-02-03-raj.md", 8, "You don't need a master's degree for analyst roles.", "skills"),
    ("2026-02-03-raj.md", 9, "Remote work is normal on his team and nobody tracks hours.", "culture"),
    ("2026-03-15-mei.md", 3, "Before this she was an ICU nurse for ten years.", "roles"),
    ("2026-03-15-mei.md", 5, "Instructional design is the skill nurse educators need most.", "skills"),
    ("2026-03-15-mei.md", 6, "Her team values public speaking; every week she runs in-service sessions.", "skills"),
    ("2026-04-20-tom.md", 2, "He'd tell any nurse to learn SQL before anything else.", "skills"),
    ("2026-04-20-tom.md", 3, "The one thing he'd do differently: take statistics seriously.", "skills"),
    ("2026-04-20-tom.md", 5, "A master's degree is not required, experience matters more.", "skills"),
]


def snippets_frame() -> pd.DataFrame:
    rows = []
    dates = dict(zip(NOTES.note, NOTES.date))
    people = dict(zip(NOTES.note, NOTES.person))
    roles = dict(zip(NOTES.note, NOTES.role))
    for note, line, text, cats in SNIPPET_ROWS:
        rows.append({"note": note, "line": line, "heading": "", "text": text, "categories": cats, "theme": "",
                     "person": people[note], "role": roles[note], "organization": "", "date": dates[note],
                     "evidence": ""})
    return pd.DataFrame(rows)


THEMES = pd.DataFrame([
    {"id": "t1", "label": "SQL is the entry ticket", "category": "skills", "n_interviews": 3,
     "notes": "a;b;c", "people": "", "first_seen": pd.Timestamp("2026-01-10"),
     "last_seen": pd.Timestamp("2026-04-20"), "trend": "steady", "quotes": ""},
    {"id": "t2", "label": "Remote teams trust people", "category": "culture", "n_interviews": 2,
     "notes": "b;d", "people": "", "first_seen": pd.Timestamp("2026-02-03"),
     "last_seen": pd.Timestamp("2026-04-20"), "trend": "rising", "quotes": ""},
])


@pytest.fixture(scope="module")
def mentions():
    return extract_skills(snippets_frame(), NOTES)


@pytest.fixture(scope="module")
def paths():
    return extract_career_paths(snippets_frame(), NOTES)


def profile(**overrides) -> Profile:
    base = dict(name="Sam", goals=["Move from nursing into a data analyst role"],
                target_roles=["Data Analyst"], current_skills=["spreadsheets", "patient education"],
                horizon_quarters=4, hours_per_week=5.0, start=dt.date(2027, 1, 1))
    return Profile(**{**base, **overrides})


# -------------------------------------------------------------------------------------------- skills
def test_skills_table_counts_interviews_and_stances(mentions):
    table = skills_table(mentions).set_index("skill")
    assert table.loc["SQL", "n_interviews"] == table.loc["SQL", "n_valued"] == 3
    assert (table.loc["SQL", "required"], table.loc["SQL", "valued"]) == (1, 2)  # "want to see" vs "most of his day"
    assert table.loc["statistics", "gap"] == 2
    assert table.loc["master's degree", "optional"] == 2
    assert table.loc["SQL", "last_seen"] == dt.date(2026, 4, 20)
    assert "2026-02-03-raj.md:4 SQL is most of his day" in table.loc["SQL", "quotes"]


# ---------------------------------------------------------------------------------------------- gaps
def test_gaps_are_ranked_by_support_and_backed_by_quotes(mentions):
    gaps = skill_gaps(mentions, profile())
    ranked = gaps["skill"].tolist()
    assert ranked[:2] == ["SQL", "statistics"]          # 3 and 2 interviews, both valued
    assert "master's degree" not in ranked                # said to be optional
    assert "Excel" not in ranked                          # already in the profile as "spreadsheets"
    sql = gaps.iloc[0]
    assert sql["n_interviews"] == 3 and sql["target_role_interviews"] == 2
    assert len({line.split(":")[0] for line in sql["evidence"].splitlines()}) >= 2


def test_a_skill_valued_in_one_interview_is_mentioned_once_not_a_gap(mentions):
    gaps = skill_gaps(mentions, profile())
    support = dict(zip(gaps["skill"], gaps["support"]))
    assert support["SQL"] == "gap" and support["project management"] == "mentioned once"
    assert list(gaps["support"]).index("mentioned once") > list(gaps["support"]).index("gap")
    assert "Ines Okafor" in gaps.set_index("skill").loc["SQL", "why"]


def test_without_a_profile_there_are_no_gaps_and_the_plan_works_on_skills_two_interviews_valued(mentions, paths):
    result = build_plan(snippets_frame(), NOTES, THEMES, mentions, paths, profile(current_skills=[], target_roles=[]))
    assert result.gaps.empty
    assert "current_skills" in result.messages[0]
    skills = result.plan[result.plan["track"] == "skill"]
    assert set(skills["skill"]) <= {"SQL", "statistics"} and "SQL" in set(skills["skill"])
    for why in skills["why"]:  # every skill action names the interviews behind it
        assert "valued in" in why and (" and " in why or "," in why)


def test_target_roles_break_ties():
    def said(skill, note, role):
        return SkillMention(skill, "tool", "required", note, 1, f"{skill} is a must", role=role)

    mentions = [said("Tableau", "a.md", "Data analyst"), said("Visio", "b.md", "Nurse manager")]
    assert skill_gaps(mentions, profile(target_roles=["Data Analyst"]))["skill"].tolist() == ["Tableau", "Visio"]
    assert skill_gaps(mentions, profile(target_roles=["Nurse Manager"]))["skill"].tolist() == ["Visio", "Tableau"]


def test_profile_with_every_skill_has_no_gaps_and_the_plan_says_so(mentions, paths):
    everything = ["SQL", "statistics", "project management", "Tableau", "instructional design",
                  "public speaking", "Excel", "dashboards"]
    result = build_plan(snippets_frame(), NOTES, THEMES, mentions, paths, profile(current_skills=everything))
    assert result.gaps.empty
    assert "No skill gaps" in result.messages[0]
    assert "skill" not in set(result.plan["track"])


# ---------------------------------------------------------------------------------------------- plan
def test_every_plan_item_has_action_quarter_and_metric(mentions, paths):
    result = build_plan(snippets_frame(), NOTES, THEMES, mentions, paths, profile())
    plan = result.plan
    assert {"networking", "skill", "experience"} <= set(plan["track"])
    for column in ("action", "quarter", "metric"):
        assert plan[column].astype(str).str.strip().ne("").all(), column
    assert set(plan["quarter"]) <= {"2027 Q1", "2027 Q2", "2027 Q3", "2027 Q4"}
    sql = plan[plan["skill"] == "SQL"].iloc[0]
    assert sql["metric"] == "complete 3 SQL case studies on a public dataset; publish one write-up"


@pytest.mark.parametrize("hours_per_week", [0.5, 2, 5, 12])
def test_no_quarter_is_planned_beyond_the_hours_available(mentions, hours_per_week):
    gaps = skill_gaps(mentions, profile())
    plan, messages = growth_plan(gaps, profile(hours_per_week=hours_per_week, horizon_quarters=3))
    per_quarter = plan.groupby("quarter")["hours"].sum()
    assert (per_quarter <= hours_per_week * 13 + 1e-9).all()
    if hours_per_week <= 0.5:
        assert any("Not enough hours" in m for m in messages)


def test_big_actions_are_split_over_quarters_and_finish_with_the_metric(mentions):
    gaps = skill_gaps(mentions, profile())
    plan, _ = growth_plan(gaps, profile(hours_per_week=2, horizon_quarters=4))
    sql = plan[plan["skill"] == "SQL"]
    assert len(sql) >= 2 and sql["hours"].sum() == 30
    assert sql.iloc[-1]["metric"].startswith("complete 3 SQL case studies")
    assert "part 1 of" in sql.iloc[0]["action"]


def test_user_actions_override_the_library(mentions):
    gaps = skill_gaps(mentions, profile())
    mine = [{"skill": "sql", "action": "Evening SQL class at the library", "hours": 12, "metric": "class passed"}]
    plan, _ = growth_plan(gaps, profile(), extra_actions=mine)
    sql = plan[plan["skill"] == "SQL"].iloc[0]
    assert (sql["action"], sql["hours"], sql["metric"]) == ("Evening SQL class at the library", 12, "class passed")


def test_plan_starts_next_quarter_without_a_start_date():
    assert quarters(None, 2, today=dt.date(2026, 5, 20)) == [("2026 Q3", dt.date(2026, 7, 1)),
                                                               ("2026 Q4", dt.date(2026, 10, 1))]
    assert quarters(None, 1, today=dt.date(2026, 12, 31))[0][0] == "2027 Q1"


def test_plan_is_deterministic(mentions, paths):
    first = build_plan(snippets_frame(), NOTES, THEMES, mentions, paths, profile())
    second = build_plan(snippets_frame(), NOTES, THEMES, mentions, paths, profile())
    for name in ("skills", "gaps", "plan", "paths", "goals", "questions"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))


# --------------------------------------------------------------------------------- goals, questions
def test_goal_evidence_separates_support_from_challenge():
    snippets = pd.DataFrame([
        {"note": "a.md", "line": 1, "text": "A master's degree helped her get the analyst job."},
        {"note": "b.md", "line": 2, "text": "A master's degree is not required for analyst jobs."},
        {"note": "c.md", "line": 3, "text": "The cafeteria closes at two."},
    ])
    goals = goal_evidence(["Find out whether analyst jobs need a master's degree"], snippets, top_k=2, min_score=0)
    row = goals.iloc[0]
    assert "a.md:1" in row["supporting"] and "b.md:2" in row["challenging"]
    assert "c.md" not in row["supporting"] + row["challenging"]
    assert row["verdict"] == "mixed"


def test_questions_target_thin_categories_new_themes_and_missing_roles(mentions):
    snippets = snippets_frame()
    gaps = skill_gaps(mentions, profile())
    goals = goal_evidence(["Decide whether to move to a large hospital system"], snippets.iloc[:0])
    mine = [{"question": "Which nurses on your team moved into data work?"}]
    discovered = {"id": "t3", "label": "Adults and design", "category": "skills", "n_interviews": 2, "notes": "a;c",
                  "people": "", "first_seen": pd.Timestamp("2026-03-01"), "last_seen": pd.Timestamp("2026-04-20"),
                  "trend": "new", "quotes": "", "kind": "discovered"}
    themes = pd.concat([THEMES.assign(kind="codebook"), pd.DataFrame([discovered])], ignore_index=True)
    questions = next_questions(snippets, themes, gaps, goals, profile(target_roles=["Data Analyst", "Health Economist"]),
                               NOTES, extra_questions=mine, limit=30)
    why = " | ".join(questions["why"])
    assert "culture" in set(questions["category"])                      # 1 of 4 interviews covers culture
    assert "t2" in set(questions["theme"])                              # rising theme, 2 interviews
    assert "t3" not in set(questions["theme"])  # its label is words the lines share, not an idea to ask about
    assert any("Health Economist" in q for q in questions["question"])   # nobody interviewed holds it
    assert not any("Data Analyst" in q for q in questions["question"])
    assert "little evidence" in why
    assert "Which nurses on your team moved into data work?" in set(questions["question"])


def test_build_plan_frames_have_the_columns_the_report_reads(mentions, paths):
    result = build_plan(snippets_frame(), NOTES, THEMES, mentions, paths, profile())
    assert {"skill", "n_interviews", "have", "stance", "importance", "people", "quotes"} <= set(result.skills)
    assert {"skill", "importance", "n_interviews", "people", "why", "evidence"} <= set(result.gaps)
    assert {"quarter", "track", "action", "skill", "hours", "metric"} <= set(result.plan)
    assert {"person", "from_role", "to_role", "via", "text", "note", "line"} <= set(result.paths)
    assert {"goal", "verdict", "supporting", "challenging", "evidence"} <= set(result.goals)
    assert {"question", "why", "ask", "theme", "skill"} <= set(result.questions)
    assert ("ICU nurse", "nurse educator") in set(zip(result.paths.from_role, result.paths.to_role))


def test_the_steps_of_a_ladder_are_listed_in_the_order_they_were_written(tmp_path):
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-02-20-priya.md").write_text(
        "# Coffee with Priya Raman\n"
        "- up or out-ish: staff -> senior -> mgr -> senior mgr -> partner, most people leave for industry by yr 4-5\n",
        encoding="utf-8")
    paths = infosynth.build(notes, cache=False).paths
    steps = list(zip(paths.from_role, paths.to_role))
    assert len(steps) >= 2 and steps == sorted(steps, key=lambda s: paths.text.iloc[0].lower().find(s[0]))
