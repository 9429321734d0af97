"""From a user's own notes (no front matter) to a plan: names, roles, paths, gaps, goal evidence."""

from __future__ import annotations

import pytest

import infosynth

NOTES = {
    "2026-03-02-dev.md": """# Coffee with Dev

Dev = Sr. Health Data Analyst @ St. Brigid Medical Center

- Her path: RT → quality improvement coordinator → data analyst.
- Tableau and statistics are what she uses every day.
- Epic certification needs employer sponsorship; you can't get it on your own.
- The lack of night shifts made up for the pay cut.
- Q: What skills would make me stand out for analyst roles?
""",
    "2026-03-20-whitaker.md": """# James Whitaker, Nurse Manager

- Worked as an ICU nurse for eight years before moving into management.
- His teammate was a social worker before joining the unit.
- Clinical judgment is what new grads lack most.
- Most informatics nurses still keep a per diem shift to stay current.
- Statistics is the one thing he wishes he had learned earlier.
- Tableau dashboards are how the unit tracks falls; every charge nurse uses them daily.
""",
    "2026-04-02-amara.md": """# Amara Osei – Clinical Informatics Specialist at Lakeview Health

- Moved into informatics after six years as a med-surg nurse.
- Hospital procurement works on 12-month sales cycles, so new tools arrive slowly.
- A bootcamp got her the SQL basics, but the certificate from the college is what hiring managers asked about.
- Bootcamp grads are hard to place since the hiring freeze.
- Epic certification opens doors, but only through an employer.
""",
    "14-bls-economists.md": """- BLS data show steady growth for analysts in hospitals.
- They publish wage tables every spring.
""",
}
PROFILE = """[profile]
goals = ["Find a role without night shifts", "Decide between a bootcamp and a certificate"]
target_roles = ["Health Data Analyst"]
current_skills = ["patient care", "Excel"]
"""


@pytest.fixture(scope="module")
def syn(tmp_path_factory):
    root = tmp_path_factory.mktemp("nurse")
    (root / "notes").mkdir()
    for name, text in NOTES.items():
        (root / "notes" / name).write_text(text, encoding="utf-8")
    (root / "infosynth.toml").write_text(PROFILE, encoding="utf-8")
    return infosynth.build(root / "notes", config=root / "infosynth.toml", cache=False)


def test_roles_and_people_come_from_the_body(syn):
    notes = syn.notes.set_index("note")
    assert notes.loc["2026-03-02-dev.md", "role"] == "Sr. Health Data Analyst"
    assert notes.loc["2026-03-02-dev.md", "organization"] == "St. Brigid Medical Center"
    assert (notes.loc["2026-03-20-whitaker.md", "person"], notes.loc["2026-03-20-whitaker.md", "role"]) == (
        "James Whitaker", "Nurse Manager")
    assert notes.loc["2026-04-02-amara.md", "role"] == "Clinical Informatics Specialist"


def test_the_interviewees_own_paths_with_their_quotes(syn):
    paths = {(p.from_role, p.to_role): p for p in syn.career_paths}
    assert ("RT", "quality improvement coordinator") in paths
    assert ("quality improvement coordinator", "data analyst") in paths
    assert ("med-surg nurse", "informatics") in paths
    assert ("ICU nurse", "management") in paths
    assert not any("social worker" in f for f, _ in paths)  # the teammate's background
    assert paths[("med-surg nurse", "informatics")].line == 3


def test_gaps_need_two_interviews_and_skills_come_from_the_right_context(syn):
    support = dict(zip(syn.gaps["skill"], syn.gaps["support"]))
    assert support["statistics"] == support["Tableau"] == "gap"
    assert support.get("SQL") == "mentioned once"
    skills = set(syn.skills["skill"])
    assert not {"sales", "decision making", "CPR certification"} & skills
    ehr = syn.plan[syn.plan["skill"] == "electronic health records"]
    assert "sponsor" in ehr.iloc[0]["action"]  # not "learn it with its official tutorials"
    for why in syn.plan[syn.plan["track"] == "skill"]["why"]:
        assert "valued in 2 interviews" in why or "valued in 3 interviews" in why


def test_goal_evidence_has_the_right_stance_and_no_questions(syn):
    goals = syn.goals.set_index("goal")
    nights = goals.loc["Find a role without night shifts"]
    assert "made up for the pay cut" in nights["supporting"]
    assert "per diem shift" in nights["challenging"]
    assert "Q:" not in nights["supporting"] + nights["challenging"]
    decision = goals.loc["Decide between a bootcamp and a certificate"]
    assert decision["verdict"] == "decision"
    assert "bootcamp|against|" in decision["options"] and "certificate|for|" in decision["options"]


def test_the_report_names_no_one_by_a_file_slug(syn, tmp_path):
    syn.render(tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "BLS economists" in html
    assert "14 bls economists" not in html.lower() and "14-bls-economists<" not in html
