"""Career paths: one test per phrasing family, on sentences written for these tests."""

from __future__ import annotations

import pytest

from infosynth.analysis.extract.careers import FAMILIES, career_moves, clean_title
from infosynth.analysis.extract.skills import career_paths_in, extract_career_paths, extract_skills
from infosynth.plan.skills import paths_table


def moves(text: str, current: str = "") -> set[tuple[str, str]]:
    return {(m.origin.lower(), m.target.lower()) for m in career_moves(text, current)}


def families(text: str, current: str = "") -> set[str]:
    return {m.family for m in career_moves(text, current)}


CASES = {
    "from_to": [
        ("He switched from accounting to data analytics after a bootcamp.", "", ("accounting", "data analytics")),
        ("The jump from dental hygienist to practice manager took four years.", "",
         ("dental hygienist", "practice manager")),
    ],
    "to_from": [
        ("She came to social work from nursing.", "", ("nurse", "social work")),
        ("Three months in as a charge nurse, moving from a staff nurse role on nights.", "",
         ("staff nurse", "charge nurse")),
    ],
    "tenure": [
        ("After nine years as a line cook, he opened his own food truck.", "Food truck owner",
         ("line cook", "food truck owner")),
        ("Had four years of payroll before this job.", "HR generalist", ("payroll", "hr generalist")),
    ],
    "started_as": [
        ("Started out as a pharmacy technician.", "Pharmacist", ("pharmacy technician", "pharmacist")),
        ("Her first job was as a bank teller.", "Loan officer", ("bank teller", "loan officer")),
        ("Started his career as a reporter and after a decade moved into communications.", "",
         ("reporter", "communications")),
    ],
    "promoted": [
        ("Got promoted from sous chef to head chef last spring.", "", ("sous chef", "head chef")),
        ("Promoted to shift supervisor in May: eight months as a cashier first.", "", ("cashier", "shift supervisor")),
    ],
    "moved_into": [
        ("Moved into compliance after serving as a bank examiner.", "", ("bank examiner", "compliance")),
        ("She became a case manager after years as a youth worker.", "", ("youth worker", "case manager")),
    ],
    "before": [
        ("Worked as a dental assistant before becoming a hygienist.", "", ("dental assistant", "hygienist")),
        ("Before this she was a paralegal.", "Attorney", ("paralegal", "attorney")),
        ("Before joining the county, he was a land surveyor.", "GIS analyst", ("land surveyor", "gis analyst")),
    ],
    "former_now": [
        ("Former chemist, now a patent agent.", "", ("chemist", "patent agent")),
        ("She used to be a flight attendant.", "Recruiter", ("flight attendant", "recruiter")),
        ("At his previous job the title was Claims Processor II.", "Claims examiner",
         ("claims processor ii", "claims examiner")),
    ],
    "turned": [
        ("A journalist turned speechwriter, she still files the odd op-ed.", "", ("journalist", "speechwriter")),
    ],
    "left_for": [
        ("She left nursing to become a health coach.", "", ("nurse", "health coach")),
    ],
    "became": [
        ("Was a substitute teacher for a year, then became a school counselor.", "",
         ("substitute teacher", "school counselor")),
    ],
    "ladder": [
        ("Started as a dishwasher, then prep cook, now sous chef.", "", ("prep cook", "sous chef")),
        ("Career path: CNA → LPN → RN.", "", ("lpn", "rn")),
        ("IT help desk → sysadmin → security engineer", "", ("it help desk", "sysadmin")),
        ("From busser to server to bar manager in five years.", "", ("server", "bar manager")),
        ("Spent 2012-2016 in the statehouse, starting as a page and ending as a legislative aide.", "",
         ("page", "legislative aide")),
    ],
}


@pytest.mark.parametrize("family, text, current, expected",
                         [(f, t, c, e) for f, cases in CASES.items() for t, c, e in cases])
def test_each_phrasing_family(family, text, current, expected):
    assert expected in moves(text, current)
    assert family in families(text, current)


def test_every_family_has_a_test():
    assert set(FAMILIES) - {"held"} == set(CASES)


def test_a_ladder_spread_over_a_note_is_linked_in_order():
    rows = [
        {"note": "n.md", "line": 3, "text": "Got a job as a lab assistant at a biotech out of college."},
        {"note": "n.md", "line": 4, "text": "Ran the plate reader and kept the freezer inventory."},
        {"note": "n.md", "line": 6, "text": "Two years later she landed her first role as a research associate."},
        {"note": "n.md", "line": 9, "text": "Now a senior scientist leading assay development."},
    ]
    found = {(p.from_role, p.to_role, p.line, p.family) for p in extract_career_paths(rows)}
    assert ("lab assistant", "research associate", 6, "held") in found
    assert ("research associate", "senior scientist", 9, "held") in found


@pytest.mark.parametrize("text", [
    "Her teammate was a social worker before joining the team.",
    "My manager started as a bank teller, which surprised me.",
    "Most nurses start as CNAs while in school.",
    "You can move from help desk into security within a year.",
    "The usual ladder is associate, then manager, then director.",
    "Former teachers do well as corporate trainers.",
    "Did you start as a paralegal?",
])
def test_someone_elses_path_is_not_the_interviewees(text):
    assert moves(text, "Attorney") == set()


@pytest.mark.parametrize("text", [
    "She works as a cardiac nurse at St. Mary's.",
    "We met the head chef and two line cooks.",
    "Has been a cardiac nurse for six years.",
    "From time to time we go from team to team.",
    "Shifts run from 7 to 7 with a break.",
    "Certifications matter more than a degree → hands-on experience beats coursework.",
    "She is collecting feedback from school counsellors on the new dashboard → I can offer that",
    "Translate it for them: soldiers -> employees, mission -> project, NCOIC -> supervisor/team lead.",
    "I did eighteen months of training before they signed me off as a forensic scientist.",
])
def test_a_role_without_a_transition_is_not_a_path(text):
    assert moves(text, "Cardiac nurse") == set()


def test_paths_keep_quote_line_and_person_and_skip_the_note_takers_questions():
    notes = [{"note": "c.md", "person": "Chris", "role": "Data analyst"}]
    rows = [{"note": "c.md", "line": 9, "text": "Previously he worked as an accountant."},
            {"note": "c.md", "line": 11, "text": "Did he start as an accountant?", "kind": "question"}]
    (path,) = extract_career_paths(rows, notes)
    assert (path.from_role, path.to_role, path.note, path.line, path.person, path.text) == (
        "accountant", "data analyst", "c.md", 9, "Chris", "Previously he worked as an accountant.")


def test_a_path_in_a_paragraph_quotes_the_sentence_that_states_it():
    notes = [{"note": "p.md", "person": "Marek", "role": "Data analyst"}]
    rows = [{"note": "p.md", "line": 5, "text": "Marek started in customer support at a billing company."},
            {"note": "p.md", "line": 5, "text": "He kept a spreadsheet of the most common complaints."},
            {"note": "p.md", "line": 5, "text": "He studied history, nothing technical."}]
    (path,) = extract_career_paths(rows, notes)
    assert (path.from_role, path.line, path.text) == (
        "customer support", 5, "Marek started in customer support at a billing company.")


def test_a_path_goes_via_what_its_own_sentence_names_besides_its_two_ends():
    notes = [{"note": "h.md", "person": "Hana", "role": "UX researcher"},
             {"note": "k.md", "person": "Kai", "role": "Informatics nurse"}]
    rows = [{"note": "h.md", "line": 4, "text": "Taught middle school for five years, then moved into UX research."},
            {"note": "h.md", "line": 4, "text": "She was so done with grading and lesson planning."},
            {"note": "k.md", "line": 2, "text": "Switched from nursing to health informatics after a SQL course."}]
    table = paths_table(extract_career_paths(rows, notes), extract_skills(rows, notes))
    assert dict(zip(table.to_role, table.via)) == {"UX research": "", "health informatics": "SQL"}


def test_the_current_role_is_the_title_part_of_the_notes_role():
    assert clean_title("Sr. Health Data Analyst @ St. Brigid Medical Center") == "sr. health data analyst"
    assert career_paths_in("Before this I was a respiratory therapist.", "Health Data Analyst (remote)") == [
        ("respiratory therapist", "health data analyst")]


def test_skipping_the_move_matcher_never_changes_what_is_read(monkeypatch):
    # Sentences lacking a word every move pattern requires skip the matcher: on every case above, every line of the
    # sample notes, and sentences one required word short, reading with the shortcut equals reading without it.
    from pathlib import Path

    from infosynth.analysis.extract import careers

    texts = [text for cases in CASES.values() for text, _, _ in cases]
    for path in sorted((Path(__file__).resolve().parents[1] / "sample_notes").glob("*.md")):
        texts += [line.strip("-*# ") for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 12]
    texts += ["She was a teacher.", "Before that, she taught.", "Promoted to charge nurse last spring."]
    skipped = sum(not careers._could_match(careers._placeholder_doc(t)[0]) for t in texts)
    shortcut = [careers.read_moves(t) for t in texts]
    monkeypatch.setattr(careers, "_could_match", lambda doc: True)
    assert [careers.read_moves(t) for t in texts] == shortcut
    assert 0 < skipped < len(texts)  # the shortcut is taken, and not for everything
