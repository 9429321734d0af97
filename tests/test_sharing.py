"""Sharing on an adversarial corpus: consent fails closed, no name reaches any file under shared/, the analysis
is the same one, and ordinary words are left alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from share_corpus.corpus import (
    BINARY_NOTE,
    leaks,
    materialise,
    probes,
    sensitive,
    shared_haystack,
)

from infosynth.sharing import (
    Scrubber,
    consented_analysis,
    detect_names,
    read_consent,
    share_copy,
    split_people,
)

WITHHELD_NOTES = ["2026-02-14-casimir-oduya.md", "2026-02-20-tomasz-wisniewski.md",
                  "2026-03-01-anjali-raghunathan.md", "2026-05-15-lorcan-obriain.md", "2026-05-18-zainab-bello.md",
                  "2026-06-12-joy-abernathy.md", "2026-06-15-destiny-harrow.md", "2026-06-25-precious-mthembu.md",
                  "2026-06-29-fenwick-techs.md"]


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """The corpus on disk, built from the command line with --share as a user would."""
    from click.testing import CliRunner

    from infosynth.cli import cli

    root = tmp_path_factory.mktemp("corpus")
    notes = materialise(root)
    out = root / "out"
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(out), "--share", "--no-cache"])
    return notes, out, result


def test_command_succeeds_and_warns_about_each_consent_problem(corpus_build):
    _, out, result = corpus_build
    assert result.exit_code == 0, result.output
    text = result.output
    assert re.search(r"2026-02-14-casimir-oduya\.md: front matter is not valid YAML.*withheld from shared", text)
    assert "2026-03-01-anjali-raghunathan.md: share: 'private' is not yes or no; the note is withheld" in text
    assert "2026-05-15-lorcan-obriain.md: shared: false read as share: false" in text
    assert "2026-05-18-zainab-bello.md: consent: false read as share: false" in text
    assert "2026-05-22-ngozi-eze.md: quotes: 'ask first' is not yes or no; its words are withheld" in text
    assert "2026-06-15-destiny-harrow.md: share: 'only with my mentor' is not yes or no; the note is withheld" in text
    assert re.search(r"2026-06-25-precious-mthembu\.md: front matter is not valid YAML.*withheld from shared", text)
    assert f"{BINARY_NOTE}: binary file" in text  # the private warnings name the file, for its owner
    assert (out / "shared" / "report.html").is_file() and (out / "redaction-log.csv").is_file()


def test_no_sensitive_string_reaches_any_file_or_file_name_under_shared(corpus_build):
    _, out, _ = corpus_build
    found = leaks(out / "shared")
    assert [(e.kind, e.text) for e in found] == []
    assert not (out / "shared" / "redaction-log.csv").exists()


def test_withheld_notes_give_nothing_but_a_count(corpus_build):
    notes, out, _ = corpus_build
    haystack = shared_haystack(out / "shared").lower()
    for name in WITHHELD_NOTES:
        body = (notes / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]  # after the front matter
        for line in body.splitlines():
            words = line.strip("-# ").strip()
            if words:
                assert words.lower() not in haystack, (name, words)
    n = len(WITHHELD_NOTES)
    html = (out / "shared" / "report.html").read_text(encoding="utf-8")
    assert f"{n} notes were left out because they are not to be shared" in html
    md = (out / "shared" / "report.md").read_text(encoding="utf-8")
    assert f"{n} notes left out" in md
    private = (out / "report.html").read_text(encoding="utf-8")
    assert f"{n} notes are kept out of shared copies" in private


def test_shareable_text_is_still_there(corpus_build):
    _, out, _ = corpus_build
    haystack = shared_haystack(out / "shared")
    assert [p for p in probes() if p not in haystack] == []
    for sentence in ["Claims analysis is mostly Excel, a little SQL, and a lot of reading adjusters' notes.",
                     "Interviewee A said the maintenance system data is a mess",
                     "Zoning code reading is half the job; GIS is the other half."]:
        assert sentence in haystack
    assert re.search(r"Person \d+ from HR runs the preceptor program", haystack)


def test_each_person_of_a_group_interview_is_an_interviewee(corpus_build):
    _, out, _ = corpus_build
    import pandas as pd

    notes = pd.read_csv(out / "shared" / "notes.csv", keep_default_na=False)
    group = notes[notes.person.str.count("Interviewee") == 3]
    assert len(group) == 1
    letters = re.findall(r"Interviewee (\w+)", group.person.iloc[0])
    assert len(set(letters)) == 3
    text = (out / "shared" / "snippets.csv").read_text(encoding="utf-8")
    for letter in letters:
        assert f"Interviewee {letter}" in text  # each named in the group's bullets


def test_shared_warnings_name_no_file_and_no_folder(tmp_path):
    import infosynth
    from infosynth.config import load_config

    notes = materialise(tmp_path)
    cache_blocker = tmp_path / "home-ottoline" / "cache"
    cache_blocker.parent.mkdir()
    cache_blocker.write_text("not a folder", encoding="utf-8")
    cfg = load_config(None, notes)
    cfg.cache_dir = cache_blocker / "infosynth"
    syn = infosynth.build(notes, cfg)
    assert any("cache unavailable" in w.message for w in syn.warnings)
    shared, _ = share_copy(syn, use_ner=False)
    shown = "\n".join(f"{w.path}: {w.message}" for w in shared.warnings)
    assert "cache unavailable" in shown and "binary file" in shown
    assert "ottoline" not in shown.lower() and str(tmp_path) not in shown and "casimir" not in shown.lower()


# ------------------------------------------------------------------------------------------- consent


@pytest.mark.parametrize("meta, share, quotes, remark", [
    ({"share": False}, False, None, ""),
    ({"Share": False}, False, None, ""),
    ({"SHARE": "no"}, False, None, ""),
    ({"share": True, "quotes": "off"}, True, False, ""),
    ({"share": "private"}, False, None, "share: 'private' is not yes or no"),
    ({"share": None}, False, None, "share: (empty) is not yes or no"),
    ({"quotes": "ask first"}, None, False, "quotes: 'ask first' is not yes or no"),
    ({"share": True, "Share": False}, False, None, "given twice"),
    ({"shared": False}, False, None, "shared: false read as share: false"),
    ({"consent": "no"}, False, None, "consent: 'no' read as share: false"),
    ({"private": True}, False, None, "private: true read as share: false"),
    ({"shared": True}, None, None, "shared: true is not read"),
    ({"qoutes": False}, None, False, "qoutes: false read as quotes: false"),
    ({"status": "done", "tags": ["shared"]}, None, None, ""),
])
def test_consent_is_read_so_that_anything_unclear_withholds(meta, share, quotes, remark):
    consent = read_consent(meta)
    assert (consent.share, consent.quotes) == (share, quotes)
    assert remark in " ".join(consent.remarks) if remark else consent.remarks == ()


def test_unreadable_front_matter_withholds_even_with_sharing_on_by_default(tmp_path):
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("---\nperson: Ada Obuya\nrole: Lead: Ops\nshare: false\n---\n- Ada runs the "
                                "night shift rota and likes it.\n", encoding="utf-8")
    (notes / "b.md").write_text("---\nperson: Ben Liu\n---\n- Ben does the morning handover.\n", encoding="utf-8")
    (notes / "infosynth.toml").write_text("[sharing]\nshare_default = true\n", encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    assert [n.share for n in syn.note_records] == [False, True]
    shared, _ = share_copy(syn, use_ner=False)
    assert [n.person for n in shared.note_records] == ["Interviewee A"]
    assert "night shift" not in " ".join(shared.snippets.text)


# ------------------------------------------------------------------------------------- one analysis

NOTES_FOR_PLAN = {
    "2026-01-10-ana-ruiz.md": "---\nperson: Ana Ruiz\nrole: Data Analyst\norganization: Ostara Freight\n---\n"
                              "- You need Zentrix for every reporting job here.\n- SQL is tested in the interview.\n"
                              "- A mentor made all the difference early on.\n- Stakeholder updates every Friday.\n",
    "2026-01-20-bo-lindqvist.md": "---\nperson: Bo Lindqvist\nrole: Data Analyst\norganization: Quarrel Health\n---\n"
                                  "- Zentrix is essential; we use it daily.\n- SQL every day, and some Python.\n"
                                  "- Find a mentor two steps ahead of you.\n- Stakeholder management is half the job.\n",
    "2026-02-01-cy-adeyemi.md": "---\nperson: Cy Adeyemi\nrole: Analytics Lead\ncompany: Ostara Freight\n---\n"
                                "- I wish I had learned SQL sooner; it is required.\n- Mentorship shaped my career.\n"
                                "- Tableau dashboards for the execs every week.\n",
}
PLAN_CONFIG = """
[profile]
goals = ["Become a data analyst in logistics"]
target_roles = ["Data Analyst"]
current_skills = ["zentrix suite", "Excel"]

[skills.extra]
"Zentrix" = ["zentrix suite"]
"""


def _plan_folder(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir(parents=True)
    for name, text in {**NOTES_FOR_PLAN, **(extra or {})}.items():
        (notes / name).write_text(text, encoding="utf-8")
    (notes / "infosynth.toml").write_text(PLAN_CONFIG, encoding="utf-8")
    return notes


def _analysis(syn) -> dict:
    """What the analysis says, without any name in it."""
    return {
        "gaps": syn.gaps.skill.tolist() if len(syn.gaps) else [],
        "plan": syn.plan[["quarter", "skill", "hours"]].values.tolist() if len(syn.plan) else [],
        "skills": syn.skills[["skill", "n_interviews"]].values.tolist(),
        "goals": syn.goals[["verdict", "n_supporting", "n_challenging"]].values.tolist(),
        "themes": [(t.category, t.n_interviews, t.size, t.trend, t.kind, len(t.quotes)) for t in syn.theme_records],
        "tags": [s.categories for s in syn.snippet_records],
        "theme_of": [bool(s.theme) for s in syn.snippet_records],
    }


def test_when_every_note_consents_the_shared_analysis_is_the_private_one(tmp_path):
    import infosynth

    syn = infosynth.build(_plan_folder(tmp_path), cache=False)
    assert "Zentrix" not in syn.gaps.skill.tolist()  # the profile has it, under its alias
    assert consented_analysis(syn) is syn
    shared, _ = share_copy(syn, use_ner=False)
    assert _analysis(shared) == _analysis(syn)
    assert [t.label for t in shared.theme_records] == [t.label for t in syn.theme_records]
    assert shared.goals.goal.tolist() == syn.goals.goal.tolist()
    assert "Zentrix" in " ".join(shared.skills.skill) and "Zentrix" not in " ".join(shared.gaps.skill)


def test_a_withheld_note_leaves_the_analysis_as_if_it_had_never_been_written(tmp_path):
    import infosynth

    private_note = {"2026-02-10-dee-okafor.md": "---\nperson: Dee Okafor\nshare: false\n---\n"
                                                "- Zentrix is essential and Kubernetes too.\n- SQL daily.\n"
                                                "- Mentorship from a senior analyst mattered most.\n"}
    syn = infosynth.build(_plan_folder(tmp_path / "with", private_note), cache=False)
    without = infosynth.build(_plan_folder(tmp_path / "without"), cache=False)
    assert _analysis(consented_analysis(syn)) == _analysis(without)
    assert len(syn.note_records) == 4 and len(consented_analysis(syn).note_records) == 3
    shared, _ = share_copy(syn, use_ner=False)
    assert _analysis(shared) == _analysis(without)
    assert shared.withheld_notes == 1 and syn.withheld_notes is None
    assert syn.note_records[0].person == "Ana Ruiz"  # the private build is untouched


def test_on_the_corpus_redaction_changes_nothing_the_analysis_says(tmp_path):
    """Gaps, plan, skills, goal verdicts and themes of the shared copy are those of the notes that may be shared;
    only the quotes of notes that may not be quoted are gone."""
    import infosynth

    syn = infosynth.build(materialise(tmp_path), cache=False)
    analysis = consented_analysis(syn)
    shared, _ = share_copy(syn, use_ner=False)
    quiet = {n.path for n in analysis.note_records if not n.quotes}
    expected = _analysis(analysis)
    expected["themes"] = [(t.category, t.n_interviews, t.size, t.trend, t.kind,
                           sum(1 for q in t.quotes if q[0] not in quiet)) for t in analysis.theme_records]
    assert quiet and len(expected["gaps"]) >= 5 and len(expected["plan"]) >= 5
    assert expected["goals"] and expected["goals"][0][1] > 0  # a goal with evidence, not an empty verdict
    assert _analysis(shared) == expected


# ------------------------------------------------------------------------------------------- names


def test_a_first_name_that_is_a_word_is_a_name_only_in_its_own_notes_and_only_as_a_name():
    s = Scrubber()
    s.add_person("Will Turner", pseudonym="Interviewee A", own_notes=["will.md"])
    s.add_person("June Park", pseudonym="Interviewee B", own_notes=["june.md"])
    assert s.scrub("Will said the data is a mess. Ask Will. Will it scale? I will call.", "will.md") == \
        "Interviewee A said the data is a mess. Ask Interviewee A. Will it scale? I will call."
    assert s.scrub("Will it scale? Will said so. Will Turner agreed.", "other.md") == \
        "Will it scale? Will said so. Interviewee A agreed."  # another note: another Will, found by detection
    assert s.scrub("June started as an agent; talk to June in June and July.", "june.md") == \
        "Interviewee B started as an agent; talk to Interviewee B in June and July."
    assert s.scrub("Park's team. A walk in the park.", "june.md") == "Interviewee B's team. A walk in the park."


def test_another_person_with_an_interviewees_first_name_gets_their_own_pseudonym(tmp_path):
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("---\nperson: Hope Castillo\nrole: Lawyer\n---\n- Hope said intake calls come "
                                "first.\n- Hope is not a strategy, she jokes.\n", encoding="utf-8")
    (notes / "b.md").write_text("---\nperson: Raj Menon\nrole: Teacher\n---\n- Hope from HR handles the "
                                "licensure paperwork.\n- Hope is not a hiring plan.\n", encoding="utf-8")
    shared, log = share_copy(infosynth.build(notes, cache=False), use_ner=False)
    texts = shared.snippets.text.tolist()
    assert texts[0] == "Interviewee A said intake calls come first."
    other = re.fullmatch(r"(Person \d+) from HR handles the licensure paperwork\.", texts[2])
    assert other and other.group(1) != "Interviewee A"
    assert texts[3] == "Hope is not a hiring plan."


@pytest.mark.parametrize("text, expected", [
    ("Will said SQL is tested in every loop.", [("Will", "person")]),
    ("June from HR runs onboarding.", [("June", "person")]),
    ("Mark your calendar for March.", []),
    ("Hope is not a hiring plan; Will this scale?", []),
    ("She joined Northgate Regional in 2019.", [("Northgate Regional", "org")]),
    ("Dev = Sr. Analyst @ St. Brigid Medical Center.", [("St. Brigid Medical Center", "org")]),
    ("She left Calloway after the merger.", [("Calloway", "org")]),
    ("Her manager, Baptiste, signs off.", [("Baptiste", "person")]),
    ("Ping Oluwaseun about the data request.", [("Oluwaseun", "person")]),
    ("Okabe & Lunn pays for exam prep.", [("Okabe & Lunn", "org")]),
    ("Ask Rowan Achebe about the literacy program.", [("Rowan Achebe", "person")]),
    ("She joined the Corran Ledger from Ashgrove Public Radio.", [("Corran Ledger", "org"),
                                                                  ("Ashgrove Public Radio", "org")]),
    ("An email from Grace Park about the job.", [("Grace Park", "person")]),
    ("Data lives in REDCap and Excel; hiring in Chicago and Ohio.", []),
    ("Budget season starts in June. Honestly, it is fine.", []),
    # First names from outside the US Census list, with nothing around them that says "a person":
    ("Thandiwe runs the night desk before seven.", [("Thandiwe", "person")]),
    ("Started on a med-surg floor; Arjun, her first preceptor, pushed her toward the ICU.", [("Arjun", "person")]),
    ("Among the nurses, Yoga before a shift is popular.", []),
    # After a semicolon a capital is not the sentence's; a contraction is never a name.
    ("Weekends are the hard part; Oluwaseun covers most of them.", [("Oluwaseun", "person")]),
    ("She'd rather not be named, so I've left out the company.", []),
    # A surname that an English word plus a suffix could spell ("mend" + "es"), after a known first name.
    ("Her mentor was Carla Mendes, an ex-teacher.", [("Carla Mendes", "person")]),
    # A relation after the name ("his old manager"), or a team and then what the person says.
    ("Gagné, his old manager at the county, taught him to reconcile first.", [("Gagné", "person")]),
    ("Kronos, the timekeeping system, drives half the questions.", []),
    ("Tanvika in finance asks for the weekly numbers.", [("Tanvika", "person")]),
    ("Terraform in practice means nothing here.", []),
    # Only a person has advice, is "who", or says "X and I"; a relation may also stand in brackets.
    ("Oyinkansola's advice was to learn the pension rules first.", [("Oyinkansola", "person")]),
    ("Medicaid's rules change every year.", []),
    ("Mbalenhle (her first supervisor) still checks in.", [("Mbalenhle", "person")]),
    ("Tuilagi and I met her at the conference.", [("Tuilagi", "person")]),
    ("Zorvath, who runs the pensions desk, says the exams matter.", [("Zorvath", "person")]),
    ("Seumalo's old boss runs the clinic now.", [("Seumalo", "person")]),
    ("Tamatea is my contact there.", [("Tamatea", "person")]),
    ("Kronos was my first timekeeping system.", []),
    # A role after a dash or in brackets, a quotation after a label, or what only a person does to "me".
    ("Kealoha - charge nurse on nights - calls about transfers.", [("Kealoha", "person")]),
    ("Interviewed: Pouesi (paramedic), who sat in.", [("Pouesi", "person")]),
    ("Zendesk (support) holds the tickets.", []),
    ('Ngāwhare: "never hang up first."', [("Ngāwhare", "person")]),
    ('Advice: "never hang up first."', []),
    ("Tauiliili walked me through the console.", [("Tauiliili", "person")]),
    ("Udacity taught me the basics.", []),
    ("Fonoti (RN) covers the overnight transfers.", [("Fonoti", "person")]),
    ("Kealoha (MD) sees the transfers first.", [("Kealoha", "person")]),
    ("She moved to Erie, PA after school.", []),
    ("Grew up in Erie, PA, and trained in Pittsburgh.", []),
    ("Sent the summary round, cc: Moananui.", [("Moananui", "person")]),
    # An unknown word opening a sentence, then what only a person does; not what a tool or a firm also does.
    ("Tupaia loves the night shift and wants to stay on it.", [("Tupaia", "person")]),
    ("Leiataua joined the centre in 2019 from the fire service.", [("Leiataua", "person")]),
    ("Kubernetes manages the containers.", []),
    ("Kaggle taught her the basics.", []),
    # A contraction or a hyphenated English word is no one, whatever is next to it; a hyphenated surname is.
    ("He'd thought of medicine first. Off call I'm writing runbooks.", []),
    ("Self-taught from online courses, then a bootcamp.", []),
    ("Rose-Baker said the exams matter.", [("Rose-Baker", "person")]),
    # First names the US lists hold only among place names and words ("Dakota", "Bristol"), opening a sentence.
    ("Nikhil in tax moved over from audit after two years.", [("Nikhil", "person")]),
    ("Tariq thinks that's the common exit.", [("Tariq", "person")]),
    # A month's short form before a day is a date; "Jan" with a cue is a person.
    ("W-2s go out by Jan 31, so nobody takes a holiday.", []),
    ("Ask Jan about the year-end true-ups.", [("Jan", "person")]),
    # A possessive inside an organisation's name; two family names joined; a relative's title.
    ("Crime Scene Tech (Harlan County Sheriff's Office)", [("Harlan County Sheriff's Office", "org")]),
    ("Postdoc in the Vasquez-Lund group, solid-state electrolytes.", [("Vasquez-Lund", "person")]),
    ("Anglo-Saxon history was her first degree.", []),
    ("Intro came through Aunt Lorraine's neighbor.", [("Lorraine", "person")]),
    ("Ofc Renee Tran, Ridgefield PD, 4 yrs on.", [("Renee Tran", "person"), ("Ridgefield PD", "org")]),
    # A job with "&" in it, a trade, and an adverb before a contraction are no one.
    ("role: GIS & Stewardship Analyst", []),
    ("Who: Sean & Kiri, at the taproom; Hollis & Crane did the build-out.", [("Sean", "person"), ("Kiri", "person"),
                                                                            ("Hollis & Crane", "org")]),
    ("Got his ISA Certified Arborist cert around year 4.", []),
    ("Now I'm a case manager at Evening Star Hospice.", [("Evening Star Hospice", "org")]),
    # Two name particles; people typed in lower case, but no English word.
    ("She reports to Hendrik van der Berg (Head Registrar).", [("Hendrik van der Berg", "person")]),
    ("Then spent 4 years at the Field Museum.", [("Field Museum", "org")]),
    ("works w/ nikhil in payroll, ping anjali desai at abbvie", [("nikhil", "person"), ("anjali desai", "person")]),
    ("mark reviews the drafts; will do the exam in may; resi new construction", []),
])
def test_rules_find_names_and_leave_ordinary_capitalised_words(text, expected):
    assert [(d.text, d.kind) for d in detect_names(text)] == expected


def test_notes_named_only_by_their_file_or_title_are_interviewees_everywhere(tmp_path):
    """Without `person:`, the analysis names a note by its title, role and organisation, or its file name: the
    shared skills, plan and titles name an interviewee instead."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-06-01-tobiah-vantreese.md").write_text(
        "- Tobiah said SQL is required for every analyst post.\n- Tableau is valued too.\n", encoding="utf-8")
    (notes / "2026-06-03-lunch-with-orla.md").write_text(
        "- SQL is required on day one.\n- Tableau is essential for the ward reports.\n", encoding="utf-8")
    (notes / "2026-06-05-x.md").write_text(
        "# Analytics manager, Harbor & Finch\n\n- SQL is valued above all.\n- Tableau is required.\n",
        encoding="utf-8")
    (notes / "infosynth.toml").write_text('[profile]\ncurrent_skills = ["Excel"]\n', encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    assert "Harbor & Finch" in " ".join(syn.skills.people)  # the private analysis names them
    assert "orla" in " ".join(syn.gaps.why).lower()  # ... in prose too: "valued in 2 interviews (… and Lunch with orla)"
    syn.render(tmp_path / "out", share=True)
    shown = shared_haystack(tmp_path / "out" / "shared").lower()
    for secret in ("Tobiah", "Vantreese", "Orla", "Harbor", "Finch"):
        assert secret.lower() not in shown, secret
    shared, _ = share_copy(syn, use_ner=False)
    assert shared.notes.title.tolist()[:2] == ["Interviewee A", "Lunch with Interviewee B"]
    sql = shared.skills[shared.skills.skill == "SQL"].iloc[0]
    assert set(sql.people.split("; ")) == {"Interviewee A", "Interviewee B", "Interviewee C"}
    assert shared.snippets.text.iloc[0] == "Interviewee A said SQL is required for every analyst post."


def test_a_person_named_only_in_the_front_matter_title_stays_private(tmp_path):
    """"title: Coffee with Ana Lindqvist", "title: Radio producer: Priya (breakfast show)" or "title: Dev – city bus
    driver", with no `person:`: the title says whom the note is about, so the shared copy names an interviewee
    instead."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "radio.md").write_text(
        '---\ntitle: "Radio producer: Priya (breakfast show)"\n---\n\n- SQL is required for the listener data.\n'
        "- Tableau is valued.\n", encoding="utf-8")
    (notes / "coffee.md").write_text(
        "---\ntitle: Coffee with Ana Lindqvist\ndate: 2026-03-02\n---\n\n- SQL is required on day one.\n"
        "- Tableau is essential.\n", encoding="utf-8")
    # "Dev" is an ordinary word too, so no rule takes it for a name; beside a job in a title it is withheld anyway.
    (notes / "bus.md").write_text(
        '---\ntitle: "Dev – city bus driver"\n---\n\n- A clean licence is required.\n- Tableau is not used.\n',
        encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    assert sorted(syn.notes.person) == ["", "Ana Lindqvist", "Priya"]
    syn.render(tmp_path / "out", share=True)
    shown = shared_haystack(tmp_path / "out" / "shared")
    for secret in ("Priya", "Lindqvist", "Dev"):
        assert not re.search(rf"\b{secret}\b", shown), secret
    shared, _ = share_copy(syn, use_ner=False)
    assert "city bus driver" in " ".join(shared.notes.title)


def test_a_person_named_in_lower_case_or_an_opening_heading_stays_private(tmp_path):
    """A name typed on a phone ("tess delgado - payroll specialist …") or in the heading a note opens on, with no
    title and no `person:`, is the interviewee's: no form of it reaches the shared copy."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "03-payroll.md").write_text(
        "tess delgado - payroll specialist @ st brendan health\nphone call 4/2 on her lunch, 25 min\n"
        "- started as hr admin asst, payroll mgr pulled her over\n- SQL is not needed, Excel is required\n",
        encoding="utf-8")
    (notes / "09-revenue.md").write_text(
        "## Mei-Lin Zhao / Cluster Revenue Manager, Castellan Hotel Group\nTeams call, 3/27, 25 min\n\n"
        "- Excel is required every day\n- she sets room rates for 4 hotels\n", encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    assert sorted(syn.notes.person) == ["Mei-Lin Zhao", "Tess Delgado"]
    syn.render(tmp_path / "out", share=True)
    shown = shared_haystack(tmp_path / "out" / "shared")
    for secret in ("tess", "delgado", "Mei-Lin", "Zhao"):
        assert not re.search(rf"\b{secret}\b", shown, re.I), secret


def test_a_person_met_for_a_chat_in_lower_case_stays_private(tmp_path):
    """"chat w/ dmitri volkov — payroll lead …": the words after "chat w/" name the interviewee, even when the first
    name is in no list; and a colleague named only by a first name opening a line stays private too."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "payroll.md").write_text(
        "# chat w/ dmitri volkov — payroll lead at Harbor Health\n\n"
        "- Busy season is Q4 and January: W-2s out by Jan 31.\n- dmitri said the FPC certification got him the title.\n"
        "- Nikhil in tax moved over from payroll after two years.\n", encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    assert list(syn.notes.person) == ["Dmitri Volkov"]
    syn.render(tmp_path / "out", share=True)
    shown = shared_haystack(tmp_path / "out" / "shared")
    for secret in ("dmitri", "volkov", "Nikhil"):
        assert not re.search(rf"\b{secret}\b", shown, re.I), secret
    assert "out by Jan 31" in shown


def test_a_line_said_off_the_record_stays_in_the_private_report_only(tmp_path):
    """A note that may be shared can still hold a remark the interviewee asked to keep private, in a line ("asked
    me to keep this between us") or as a section ("## Off the record"): its words never reach a shared file."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-03-01-ana.md").write_text(
        "---\nperson: Ana Ruiz\nrole: Charge Nurse\ndate: 2026-03-01\n---\n"
        "- Twelve-hour shifts, three a week, nights every other month.\n"
        "- She is quietly interviewing elsewhere and asked me to keep this between us.\n"
        "- Handover at seven is the most important half hour of the shift.\n\n"
        "## Off the record\n\n- Pay is about a fifth below the hospital across town.\n", encoding="utf-8")
    (notes / "2026-03-08-bo.md").write_text(
        "---\nperson: Bo Lindqvist\nrole: ICU Nurse\ndate: 2026-03-08\n---\n"
        "- Shifts are twelve hours and nights rotate monthly.\n"
        "- Handover is where mistakes get caught, so never rush it.\n", encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    syn.render(tmp_path / "out", share=True)
    shown = shared_haystack(tmp_path / "out" / "shared")
    for secret in ("quietly interviewing", "a fifth below"):
        assert secret not in shown
        assert secret in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Handover at seven is the most important half hour of the shift." in shown
    log = (tmp_path / "out" / "redaction-log.csv").read_text(encoding="utf-8")
    assert "Pay is about a fifth below the hospital across town.,[quote withheld],withheld" in log


def test_several_people_in_one_field_are_split():
    assert split_people("Dylan Farnsworth; Mubarak Hussain Syed; Mathew Clark") == [
        "Dylan Farnsworth", "Mubarak Hussain Syed", "Mathew Clark"]
    assert split_people("Ana Ruiz, Ben Lee and Chloe Wu") == ["Ana Ruiz", "Ben Lee", "Chloe Wu"]
    assert split_people("Priya Natarajan") == ["Priya Natarajan"]


def test_the_corpus_lists_what_it_tests():
    entries = sensitive()
    assert len(entries) > 150 and {e.kind for e in entries} >= {"interviewee", "word-name", "person", "org",
                                                               "contact", "withheld", "file", "profile"}
    assert len(list((Path(__file__).parent / "share_corpus" / "notes").glob("*.md"))) >= 24


def test_every_field_of_a_shared_theme_is_scrubbed_the_other_side_too(tmp_path):
    """A theme that counts the opposite view keeps that side's quotes and keys, and its key phrases: in a shared
    copy they name no note or person and hold no withheld words, like the rest of the card."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    lines = {
        "2026-01-05-hemi-tautahi.md": "Getting a training contract took three years; hundreds apply for every place.",
        "2026-01-12-ruta-kalnina.md": "Entry-level lab jobs ask for experience you can't get; it took her a year to "
                                      "land one.",
        "2026-01-19-oskar-lindgren.md": "Hundreds of applicants for every junior reporter job, so he freelanced for "
                                        "two years first.",
        "2026-01-26-amara-obi.md": "It took her eighteen months of applications to get the first teaching post.",
        "2026-02-02-taini-morgan.md": "Getting an apprenticeship was easy; contractors are crying out for "
                                      "apprentices.",
        "2026-02-09-wiremu-pene.md": "She was hired straight out of nursing school; hospitals were desperate for "
                                     "new grads.",
    }
    for name, line in lines.items():
        person = " ".join(w.title() for w in name[11:-3].split("-"))
        quotes = "quotes: false\n" if "wiremu" in name else ""
        (notes / name).write_text(f"---\nperson: {person}\n{quotes}---\n- {line}\n", encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    mixed = [t for t in syn.theme_records if t.contrary_quotes]
    assert mixed, [(t.label, t.n_contrary) for t in syn.theme_records]
    shared, _ = share_copy(syn, use_ner=False)
    secrets = [name[11:-3] for name in lines] + [w.title() for name in lines for w in name[11:-3].split("-")]
    secrets.append("hospitals were desperate")  # the note without quotes
    for theme in shared.theme_records:
        shown = repr(vars(theme))
        assert [s for s in secrets if s.lower() in shown.lower()] == [], theme.label
    [shared_mixed] = [t for t in shared.theme_records if t.n_contrary]
    assert set(shared_mixed.contrary_keys) <= {s.key for s in shared.snippet_records}


PROBE = Path(__file__).parent / "data" / "share-probe-notes"
# What the rules still let through in the probe notes (their README): initials, a first name that is also an
# English word in lower case ("chad"), a nickname in quotes; and organisations named in passing, most of them
# acronyms of public bodies and exams (IBEW, OSHA, SHRM) or large firms (Aon, Marsh). Anything else is new.
PROBE_KNOWN_LEAKS = {
    "Hoss", "JM", "chad", "chad robertson", "robertson",
    "AB Tech", "ACCI", "ARCS", "ASCA", "Advantage Beverage", "Airways NZ", "Aon",
    "Association of Registrars and Collections Specialists", "DCF", "Gallagher", "HDR", "IBEW", "JATC", "Jacobs",
    "Local 46", "Marsh", "Mass General", "Mister Jiu's", "NATCA", "NCSC", "NISHRM", "NMAH", "Ninth Circuit", "OSHA",
    "PGCPS", "SBA", "SFCC", "SHRM", "Seattle City Light", "TTB", "TeamSmile", "The Hartford", "UW",
    "Western Reserve Historical Society", "ZOA", "abbvie", "robert half",
}


def _probe_haystack(shared: Path) -> str:
    """Every shared file as a reader sees it: HTML entities and JSON escapes decoded, curly apostrophes straight."""
    import html
    import json

    parts = []
    for path in sorted(shared.rglob("*")):
        parts.append(path.name)
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            parts += [text, html.unescape(text)]
            if path.suffix == ".json":
                parts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return "\n".join(parts).replace("\u2019", "'")


def test_notes_written_to_probe_the_name_rules_leak_nothing_new(tmp_path):
    """Twelve notes in twelve fields, written to test the shared copy, and 230 strings that must not reach it:
    every interviewee, colleague, e-mail and phone number is replaced, and nothing leaks beyond the few known
    misses."""
    import csv

    import infosynth

    syn = infosynth.build(PROBE / "notes", cache=False)
    syn.render(tmp_path / "out", share=True)
    shown = _probe_haystack(tmp_path / "out" / "shared")
    with (PROBE / "secrets.csv").open(encoding="utf-8", newline="") as fh:
        secrets = list(csv.DictReader(fh))
    leaked = {row["text"] for row in secrets
              if re.search(r"(?<!\w)" + re.escape(row["text"]).replace(r"\ ", r"\s+") + r"(?!\w)", shown, re.I)}
    assert leaked <= PROBE_KNOWN_LEAKS, sorted(leaked - PROBE_KNOWN_LEAKS)
    assert len(secrets) == 230 and sum(row["kind"] == "person" for row in secrets) == 114
