"""Skill, role and career-path extraction on realistic interview-note phrasing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from infosynth.analysis.extract.skills import extract_roles, extract_skills
from infosynth.lexicon import canonical_role, canonical_skill, load_roles, load_skills
from infosynth.models import Note, Snippet

ROOT = Path(__file__).resolve().parents[1]


def skills_in(text: str, heading: str = "", **kwargs) -> dict[str, str]:
    """{canonical skill: stance} for one snippet."""
    rows = [{"note": "n.md", "line": 1, "text": text, "heading": heading}]
    return {m.skill: m.stance for m in extract_skills(rows, **kwargs)}


# ------------------------------------------------------------------------------------------ lexicons
def test_lexicons_are_broad_and_have_no_duplicate_names():
    skills = load_skills()
    roles = load_roles()
    assert len(skills) > 400 and len(roles) > 1000
    kinds = {s.kind for s in skills}
    assert {"tool", "technology", "method", "soft", "certification", "degree", "domain"} <= kinds
    names = [s.name.lower() for s in skills]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("written, canonical", [
    ("postgres", "SQL"), ("Spreadsheets", "Excel"), ("BLS", "CPR certification"), ("NCLEX", "nursing license"),
    ("ServSafe", "food safety"), ("usability testing", "user research"), ("bachelors degree", "bachelor's degree"),
])
def test_aliases_resolve_to_canonical_names(written, canonical):
    assert canonical_skill(written) == canonical


def test_role_titles_resolve_with_plurals_and_aliases():
    assert canonical_role("Staff Nurse") == "registered nurse"
    assert canonical_role("line cooks") == "chef"
    assert canonical_role("Senior Instructional Designer") == "instructional designer"


# -------------------------------------------------------------------------------------------- skills
def test_aliases_plurals_and_acronyms_are_matched_once_per_snippet():
    found = skills_in("Kept budgets in spreadsheets, wrote SQL queries against Postgres, and filed IEPs.")
    assert {"Excel", "SQL", "special education", "budgeting"} <= set(found)
    mentions = extract_skills([{"note": "n.md", "line": 1, "text": "SQL, more SQL, and then sql again"}])
    assert [m.skill for m in mentions] == ["SQL"]


def test_everyday_words_that_name_products_need_their_capitals():
    assert "Excel" not in skills_in("New grads who excel at bedside care get noticed.")
    assert "electronic health records" not in skills_in("It was an epic week on the ward.")
    assert "electronic health records" in skills_in("Every nurse documents in Epic.")
    assert "R" not in skills_in("Grade r, room 4, period 2.")


def test_skill_inside_a_role_title_is_not_a_skill():
    assert "UX design" not in skills_in("She is a UX researcher at a regional bank.")
    assert "UX design" in skills_in("She moved into UX after a bootcamp.")


@pytest.mark.parametrize("text, skill, stance", [
    ("I wish I had learned Python earlier, it would have saved me months.", "Python", "gap"),
    ("Struggled without Excel pivot tables in my first month as an analyst.", "Excel", "gap"),
    ("The one thing I'd do differently: get my CPR certification before applying.", "CPR certification", "gap"),
    ("Hiring managers want to see a portfolio with two or three case studies.", "portfolio", "required"),
    ("Partners expect first-years to know Westlaw on day one.", "legal research", "required"),
    ("ServSafe is mandatory for every cook here.", "food safety", "required"),
    ("She uses QuickBooks every day for the small-business clients.", "QuickBooks", "valued"),
    ("Many entry-level jobs require a food handler card.", "food safety", "required"),
    ("Communication is the most important skill on the unit.", "communication", "valued"),
    ("Without a CS degree the average company had little reason to call him back.", "computer science degree", "gap"),
    ("Came here to do a master's in history and needed a job, so the tours started.", "master's degree", "passing"),
    ("The county needs a master's for anything past caseworker.", "master's degree", "required"),
    ("CEH looks good on paper but is less valuable in practice.", "CEH", "optional"),
    ("You don't need a master's degree to teach adults.", "master's degree", "optional"),
    ("Nobody asked about my certifications in any interview.", "certifications", "optional"),
    ("We talked about Tableau over lunch.", "Tableau", "passing"),
])
def test_stance_follows_how_the_skill_was_framed(text, skill, stance):
    assert skills_in(text).get(skill) == stance


def test_stance_is_decided_per_clause():
    found = skills_in("You don't need a master's degree, but CPR certification is mandatory.")
    assert found == {"master's degree": "optional", "CPR certification": "required"}


def test_heading_frames_bullets_without_a_cue():
    assert skills_in("QuickBooks and Excel", heading="Skills > What they look for") == {
        "QuickBooks": "required", "Excel": "required"}
    assert skills_in("statistics", heading="Things I wish I'd known")["statistics"] == "gap"


def test_user_skills_extend_the_lexicon():
    extra = {"Procore": ["procore software"], "SQL": ["bigquery"]}
    rows = [{"note": "n.md", "line": 2, "text": "Supers live in Procore all day and pull reports from BigQuery."}]
    found = {m.skill: m for m in extract_skills(rows, extra_skills=extra)}
    assert found["Procore"].kind == "custom" and found["Procore"].stance == "valued"
    assert "SQL" in found


def test_accepts_dataframes_and_note_objects_and_keeps_provenance():
    note = Note(path="2026/ana.md", person="Ana Ruiz", role="Charge nurse", date=dt.date(2026, 3, 2))
    note.snippets = [Snippet(note="2026/ana.md", line=12, text="Triage is the skill new nurses lack most.")]
    mentions = extract_skills(None, [note])
    assert [(m.skill, m.stance, m.note, m.line, m.person, m.date) for m in mentions] == [
        ("triage", "gap", "2026/ana.md", 12, "Ana Ruiz", dt.date(2026, 3, 2))]

    snippets = pd.DataFrame([{"note": "b.md", "line": 4, "text": "Knife skills matter most on the line."}])
    notes = pd.DataFrame([{"note": "b.md", "person": "Ben", "role": "Sous chef", "date": pd.Timestamp("2026-05-01")}])
    (mention,) = extract_skills(snippets, notes)
    assert (mention.skill, mention.person, mention.role, mention.date) == (
        "food preparation", "Ben", "Sous chef", dt.date(2026, 5, 1))


# --------------------------------------------------------------------------------------------- roles
def test_roles_across_occupations():
    rows = [{"note": "n.md", "line": 1,
             "text": "Her team: two paralegals, an electrician on contract, and a pharmacy technician."}]
    assert {m.role for m in extract_roles(rows)} == {"paralegal", "electrician", "pharmacist"}


def test_shipped_pattern_analysis_is_current():
    # A stale file would only be ignored (slower builds), but the shipped one must be the one in use.
    import importlib.util
    import json

    from infosynth.lexicon import PATTERNS_PATH, shipped_patterns

    spec = importlib.util.spec_from_file_location("build_patterns", ROOT / "scripts" / "build_lexicon_patterns.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert json.loads(PATTERNS_PATH.read_text(encoding="utf-8")) == script.shipped_pattern_table()
    assert shipped_patterns(), "the shipped analysis does not fit this install"


def test_an_index_that_admits_patterns_lazily_finds_what_a_full_one_finds():
    from infosynth.lexicon import PhraseIndex, shipped_patterns

    lines = [line for path in sorted((ROOT / "sample_notes").rglob("*.md"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for kind in ("skills", "roles"):
        lazy = PhraseIndex(patterns=shipped_patterns()[kind])
        full = PhraseIndex(patterns=shipped_patterns()[kind])
        for pattern_kind, waiting in full._waiting.items():  # everything in at once, as built up front
            full._admit(pattern_kind, set(waiting))
        assert not any(full._waiting.values())
        for line in lines:
            assert lazy.find(line) == full.find(line), line


def test_which_names_need_their_capitals_does_not_depend_on_text_seen_before():
    from infosynth.lexicon import _common_words, needs_exact_case
    from infosynth.text import lemma_pipeline

    before = needs_exact_case("AWS"), needs_exact_case("Excel")
    lemma_pipeline()("Most of the team runs on AWS and aws lambdas")  # puts "aws" in the pipeline's string store
    _common_words.cache_clear()
    try:
        assert (needs_exact_case("AWS"), needs_exact_case("Excel")) == before == (False, True)
    finally:
        _common_words.cache_clear()


# ----------------------------------------------------------------------------------- context of a match
@pytest.mark.parametrize("text, not_a_skill", [
    ("Her first job was at Brightline, a small cybersecurity company in Austin.", "cybersecurity"),
    ("BLS data show analyst jobs growing by a fifth this decade.", "CPR certification"),
    ("The Bureau of Labor Statistics (BLS) projects steady growth.", "CPR certification"),
    ("Sales cycles at hospitals run twelve months.", "sales"),
    ("Every day brings brand new problems to solve.", "brand strategy"),
    ("Her mentor left for another hospital last year.", "mentorship"),
    ("A senior director of product security signs off every release.", "cybersecurity"),
    ("The EMT and her partner restock the rig after every call.", "EMT certification"),
    ("Clinical judgment is what new grads lack most.", "decision making"),
    ("Our geography teacher retired in June.", "geography"),
    ("The UX team sits next to the data engineers.", "UX design"),
    ("He's interviewing at two battery startups now, both through people he met at conferences.", "interviewing"),
    ("He worked two years as an estimator for a roofing contractor before an insurer hired him.", "roofing"),
    ("Eighteen months of training before they signed her off for independent casework.", "constituent services"),
    ("plus micro: plating for wild yeast and lactobacillus, PCR for spoilers", "food preparation"),
    ("Start a portfolio: rewrite three council notices in plain English.", "English"),
    ("Five-year apprenticeship, then the journeyman test, then master after two more years.", "master's degree"),
    ("Master's in OT, two and a half years including fieldwork.", "financial audit"),
    ("drone surveys and 3D site scans are replacing the tape-measure work", "quantitative research"),
    ("New officers get the worst shift bids.", "estimating"),
    ("Write for the hospital newsletter, anything with your name on it.", "email marketing"),
    ("Line cook → server → bartender → floor manager at a chain", "food preparation"),
    ("Line cook ⇒ server ⇒ bartender ⇒ floor manager at a chain", "food preparation"),  # any arrow a path reads
    ("Three seasons of field jobs, then a permanent post: \"that's the circuit, everyone does it\"", "electrical work"),
    ("Pay: surveyors start around $58-64k CAD in Calgary, more up north.", "CAD"),
])
def test_a_match_in_the_wrong_context_is_not_a_skill(text, not_a_skill):
    assert not_a_skill not in skills_in(text)


@pytest.mark.parametrize("text, skill", [
    ("She has ten years of cybersecurity experience.", "cybersecurity"),
    ("Renewed her BLS card before starting on the unit.", "CPR certification"),
    ("Strong sales skills matter more than product knowledge here.", "sales"),
    ("She moved into UX after a bootcamp.", "UX design"),
    ("A master of divinity is basically required for hospital chaplaincy.", "master's degree"),
    ("Survey design and questionnaire design are most of her week.", "quantitative research"),
    ("Line cooking is brutal on your back after forty.", "food preparation"),
    ("Most of an apprentice's first year is pulling wire and wiring circuits in new houses.", "electrical work"),
    ("The first two years were drafting site plans in CAD for $52k.", "CAD"),
])
def test_the_same_words_in_the_right_context_are_skills(text, skill):
    assert skill in skills_in(text)


@pytest.mark.parametrize("text, skill", [
    ("Reporters are judged on their news writing and proofreading.", "news writing"),
    ("Reporters are judged on their news writing and proofreading.", "proofreading"),
    ("Patient care is most of the shift; the rest is charting.", "patient care"),
    ("Substantive testing takes up most of busy season.", "substantive testing"),
    ("Apprentices start with electrical installation on new builds.", "electrical installation"),
    ("Table service and upselling decide your tips.", "table service"),
    ("Payroll processing is the first thing a new HR generalist learns.", "payroll"),
])
def test_core_skills_of_fields_beyond_tech_are_found(text, skill):
    assert skill in skills_in(text)


def test_the_stance_of_each_match_reaches_skills_csv_columns():
    from infosynth.plan.tables import SKILL_COLUMNS

    assert {"required", "valued", "gap", "optional", "passing", "stance"} <= set(SKILL_COLUMNS)


def test_a_language_named_as_a_school_subject_is_not_a_language_skill():
    rows = [{"note": "t.md", "line": 4, "text": "alt cert route -- had an English BA, did the state cert program"},
            {"note": "p.md", "line": 5, "text": "English major, couldn't find anything, temped as a legal secretary"},
            {"note": "s.md", "line": 6, "text": "Spanish teacher at a charter school before this"},
            {"note": "n.md", "line": 7, "text": "took a Spanish class at night to talk to families"}]
    found = [(m.note, m.skill) for m in extract_skills(rows) if m.kind == "language"]
    assert found == [("n.md", "Spanish")]  # learning the language counts; a degree subject or a job title doesn't


def test_a_nationality_is_not_a_language_skill():
    rows = [{"note": "a.md", "line": 2, "text": "She's maybe mid-30s, Irish accent, very dry humor."},
            {"note": "b.md", "line": 3, "text": "He's German, moved here for the apprenticeship"},
            {"note": "c.md", "line": 4, "text": "Her French parents ran a bakery, so she grew up in kitchens"},
            {"note": "d.md", "line": 5, "text": "Speaks German with half the suppliers, which is why she got the job"},
            {"note": "e.md", "line": 6, "text": "Learn one language properly, Spanish or Irish, and your diary doubles"},
            {"note": "f.md", "line": 7, "text": "He's half Polish, grew up near the docks"},
            {"note": "g.md", "line": 8, "text": "Her first language is Spanish, which helps with families"}]
    found = [(m.note, m.skill) for m in extract_skills(rows) if m.kind == "language"]
    assert found == [("d.md", "German"), ("e.md", "Spanish"), ("e.md", "Irish"), ("g.md", "Spanish")]


def test_a_strain_named_after_a_skill_is_not_that_skill():
    rows = [{"note": "s.md", "line": 3, "text": "compassion fatigue is real, she sees a therapist and thinks every SW should"},
            {"note": "t.md", "line": 4, "text": "compassion and patience matter most with families"}]
    assert [(m.note, m.skill) for m in extract_skills(rows) if m.skill == "empathy"] == [("t.md", "empathy")]


def test_a_cue_in_one_clause_does_not_set_the_stance_of_a_skill_in_the_next():
    rows = [{"note": "c.md", "line": 3, "text": "mandatory trainings every yr, and the policy manual changes after audits"},
            {"note": "h.md", "line": 4, "text": "Hiring managers want three things: SQL, Excel, and Tableau"},
            {"note": "e.md", "line": 5, "text": "She needs Excel daily, and the team uses Tableau heavily"}]
    stances = {(m.note, m.skill): m.stance for m in extract_skills(rows)}
    assert stances[("c.md", "auditing")] == "passing"  # "mandatory" is said of the trainings
    assert stances[("h.md", "Tableau")] == "required"  # the last item of a list stays in its clause
    assert (stances[("e.md", "Excel")], stances[("e.md", "Tableau")]) == ("required", "valued")
