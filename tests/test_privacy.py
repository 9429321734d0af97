"""Sharing with a mentor: no name, contact detail or withheld note may reach ``shared/``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infosynth.privacy import WITHHELD, Scrubber, detect_names, share_copy

NOTES = {
    "2026-03-02-priya-natarajan.md": """\
---
person: Priya Natarajan
role: Senior UX Researcher
organization: Brightline Learning Inc.
email: priya.natarajan@brightline-mail.com
date: 2026-03-02
---
# Coffee with Priya Natarajan (Brightline)

## Background at Brightline
- Priya moved from marketing into UX research after a night certificate.
- P. Natarajan said her manager Dr. Okonkwo pushed her to run studies on her own.
- Reach her at <priya.natarajan@brightline-mail.com> or +1 (415) 555-0134.
- Her portfolio is at https://priyanatarajan.net/work and she posts as @priya_uxr.
- Priya introduced me to Thaddeus Wrenfield for a follow-up.

## Typical day with Siobhan Gallagher's team
- Priya's week: two stakeholder interviews, synthesis in FigJam, a readout on Friday.
- Mentoring is informal; Siobhan Gallagher from Northwind Health coaches the juniors.
- She says mentorship from a senior researcher made the biggest difference early on.
- Learning SQL for survey analysis is worth it.
""",
    "2026-04-10 marcus oyelaran.md": """\
---
person: Marcus Oyelaran
role: Data Analyst
company: Quillfeather Analytics LLC
---
## Notes
- marcus starts every morning with dashboard checks in Tableau.
- Oyelaran's team of four reports to Kwabena Mensah.
- Phone 020 7946 0958, cell 415.555.0199, desk +44 20 7946 0123.
- Marcus meets a mentor monthly and says mentorship changed his career.
- Learning SQL was the turning point; Python came later.
- "Talk to Priya at Brightline," he said, and mentioned my colleague Jordan Ellis at Westbrook High School.
""",
    "2026-05-01-zephyrine-castellanos.md": """\
---
person: Zephyrine Castellanos
role: Data Analyst
organization: Harborview Hospital
quotes: false
---
- Zephyrine credits mentorship from a senior analyst for her first promotion.
- Writes SQL every day for dashboards that the wards read each morning.
- She wishes she had learned Python back in nursing school instead of waiting.
""",
    "2026-06-01-thaddeus-wrenfield.md": """\
---
person: Thaddeus Wrenfield
role: Robotics Engineer
organization: Glimmerstone Robotics
share: false
---
# Thaddeus Wrenfield at Glimmerstone
- Thaddeus mentors interns and swears by rubber-duck debugging with a ceramic axolotl.
- Mentorship from his first lead shaped how he reviews code at Glimmerstone.
- Learning SQL mattered more than he expected.
""",
}
CONFIG = '[sharing]\nnever_share = ["Westbrook High School", "Jordan Ellis"]\n'

# Every one of these must be absent from every file under shared/ (case-insensitive).
SECRETS = [
    "Priya", "Natarajan", "Brightline", "priya.natarajan", "brightline-mail", "555-0134", "(415)",
    "priyanatarajan", "priya_uxr", "Okonkwo", "Siobhan", "Gallagher", "Northwind", "Marcus", "Oyelaran",
    "Quillfeather", "Kwabena", "Mensah", "7946", "555.0199", "Westbrook", "Jordan Ellis", "Zephyrine",
    "Castellanos", "Harborview", "Thaddeus", "Wrenfield", "Glimmerstone", "axolotl", "rubber-duck",
    "2026-06-01-thaddeus", "2026-03-02-priya", "marcus oyelaran.md",
]
# Words of the quotes: false note: it counts, but its words never show.
QUIET_WORDS = ["first promotion", "wards read", "nursing school"]


def shared_text(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert files, f"nothing written under {folder}"
    return "\n".join(p.read_text(encoding="utf-8") for p in files).lower()


def leaked(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w.lower() in text]


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory):
    """The real pipeline on the notes above, rendered with ``share=True``."""
    import infosynth

    root = tmp_path_factory.mktemp("privacy")
    notes = root / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    (notes / "infosynth.toml").write_text(CONFIG, encoding="utf-8")
    syn = infosynth.build(notes, cache=False)
    out = root / "out"
    syn.render(out, share=True)
    return syn, out


def test_no_name_contact_or_file_name_reaches_shared_files(shared_build):
    _, out = shared_build
    text = shared_text(out / "shared")
    assert leaked(text, SECRETS) == []
    assert leaked(text, QUIET_WORDS) == []
    assert "interviewee a" in text and "organization 1" in text


def test_redaction_log_is_private_and_names_what_was_hidden(shared_build):
    import pandas as pd

    _, out = shared_build
    log = pd.read_csv(out / "redaction-log.csv", keep_default_na=False)
    assert not (out / "shared" / "redaction-log.csv").exists()
    assert {"original", "replacement", "kind", "note", "field"} <= set(log.columns)
    rows = log.set_index("original")
    assert rows.loc["Dr. Okonkwo" if "Dr. Okonkwo" in rows.index else "Okonkwo", "kind"] in ("rule", "ner")
    assert set(log.kind) >= {"person", "org", "email", "phone", "url", "handle", "never_share", "excluded"}
    assert "2026-06-01-thaddeus-wrenfield.md" in set(log.loc[log.kind == "excluded", "note"])


def test_consent_flags_shape_the_shared_set(shared_build):
    syn, _ = shared_build
    shared, _ = share_copy(syn)
    # share: false is gone entirely; the other three are renamed in note order.
    assert list(shared.notes.note) == ["interview-a.md", "interview-b.md", "interview-c.md"]
    assert list(shared.notes.person) == ["Interviewee A", "Interviewee B", "Interviewee C"]
    assert (shared.snippets.note.isin(shared.notes.note)).all()
    # quotes: false still counts, but shows no words.
    quiet = shared.snippets[shared.snippets.note == "interview-c.md"]
    assert len(quiet) == 3 and set(quiet.text) == {WITHHELD}
    assert all(q[0] != "interview-c.md" for t in shared.theme_records for q in t.quotes)
    for theme in shared.theme_records:
        assert theme.n_interviews >= 2 and "interview-d.md" not in theme.notes
    # The original is untouched.
    assert syn.note_records[0].person == "Priya Natarajan" and len(syn.note_records) == 4


def test_words_only_a_quiet_note_used_leave_theme_labels_and_quotes(tmp_path):
    from infosynth.analysis.themes.finder import Theme
    from infosynth.config import Config
    from infosynth.ingest.notes import parse_note
    from infosynth.synthesis import Synthesis

    texts = dict(NOTES)
    quiet = "2026-06-01-thaddeus-wrenfield.md"
    texts[quiet] = texts[quiet].replace("share: false", "quotes: false")
    notes = [parse_note(texts[name], name) for name in sorted(texts)]
    snippets = [s for n in notes for s in n.snippets]
    everyone = [n.path for n in notes]
    themes = [
        Theme("mentorship", "Mentors, says Siobhan Gallagher", "culture", everyone, [n.person for n in notes], 4,
              None, None, "steady", [(p, 9, "quote") for p in everyone], 4),
        # Key phrases computed over all notes: "axolotl" came only from the note that may not be quoted.
        Theme("axolotl-mentorship", "ceramic axolotl, mentorship", "culture", everyone, [], 4, None, None,
              "steady", [], 4, kind="discovered"),
    ]
    syn = Synthesis(tmp_path, Config(), notes, snippets, None, themes)
    shared, _ = share_copy(syn, use_ner=False)
    assert [t.id for t in shared.theme_records] == ["mentorship", "mentorship-2"]
    assert shared.theme_records[1].label == "mentorship"
    theme = shared.theme_records[0]
    siobhan = re.search(r"Person \d+", theme.label).group(0)
    assert theme.n_interviews == 4 and theme.label == f"Mentors, says {siobhan}"
    assert f"{siobhan} from Organization" in " ".join(shared.snippets.text)
    assert theme.people == ["Interviewee A", "Interviewee B", "Interviewee C", "Interviewee D"]
    # C and D may not be quoted: their quotes go, their words read [quote withheld]
    assert [q[0] for q in theme.quotes] == ["interview-a.md", "interview-b.md"]
    assert set(shared.snippets[shared.snippets.note == "interview-d.md"].text) == {WITHHELD}
    assert "axolotl" not in " ".join(shared.snippets.text.tolist() + shared.themes.label.tolist())


# ------------------------------------------------------------------------------------ the scrubber itself


@pytest.fixture()
def scrubber() -> Scrubber:
    s = Scrubber()
    s.add_person("Priya Natarajan", pseudonym="Interviewee A")
    s.add_organization("Brightline Learning")
    s.add_term("Westbrook High School")
    return s


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Priya's team ships weekly.", "Interviewee A's team ships weekly."),
        ("Natarajan’s advice: P. Natarajan and PRIYA agree.", "Interviewee A’s advice: Interviewee A and Interviewee A agree."),
        ("see priya-natarajan.md and priya natarajan", "see Interviewee A.md and Interviewee A"),
        ("Brightline hires juniors; Brightline Learning pays well.", "Organization 1 hires juniors; Organization 1 pays well."),
        ("taught at westbrook high school", "taught at [redacted]"),
        ("Mail <priya.n@brightline.io> or mailto:p@x.org", "Mail <[email]> or [email]"),
        ("Call (415) 555-0134, 415-555-0134, +44 20 7946 0958 or 020 7946 0958.",
         "Call [phone], [phone], [phone] or [phone]."),
        ("Portfolio https://example.com/~priya-natarajan/cases, site priyan.dev.", "Portfolio [link], site [link]."),
        ("Follow @uxpriya for tips", "Follow [handle] for tips"),
    ],
)
def test_scrubber_replaces_tricky_forms(scrubber, text, expected):
    assert scrubber.scrub(text) == expected


def test_scrubber_keeps_what_is_not_a_name(scrubber):
    text = ("Monday: SQL, Python and Figma in May; the Product Manager asked about A/B tests in 2019-2021, "
            "3-4 interviews a day, $85,000 salary, Node.js and ASP.NET.")
    assert scrubber.scrub(text) == text


def test_rules_find_titles_full_names_and_organisations():
    found = {(d.text, d.kind) for d in detect_names(
        "Met Dr. Lee and Sarah Okafor from Acme Labs; she studied at the University of Michigan and works at "
        "Pinecrest Hospital. Then Marcus said hi."
    )}
    assert {("Lee", "person"), ("Sarah Okafor", "person"), ("Acme Labs", "org"),
            ("University of Michigan", "org"), ("Pinecrest Hospital", "org"), ("Marcus", "person")} <= found
    assert not detect_names("Tuesday standup. Python and SQL. Hiring Managers want Figma. Honestly it's fine.")
    # a plural acronym after "with" is a tool, not someone met
    assert not detect_names("wish I'd learned SQL earlier instead of doing everything with VLOOKUPs for two years")


def test_detected_names_are_consistent_across_the_set():
    s = Scrubber()
    s.add_detected(detect_names("Ask Dr. Okafor.") + detect_names("Sarah Okafor runs the lab."))
    assert s.scrub("Sarah Okafor runs it; Dr. Okafor agrees; Okafor's lab; Sarah too.") == (
        "Person 1 runs it; Dr. Person 1 agrees; Person 1's lab; Person 1 too.")


def test_entity_recogniser_output_is_filtered_for_tools_and_ordinary_words():
    """What a trained pipeline marks as PERSON/ORG, minus skills, ordinary phrases and trailing words."""
    from types import SimpleNamespace

    from infosynth.privacy import detect_names_ner

    def doc(*ents):
        return SimpleNamespace(ents=[SimpleNamespace(text=t, label_=label) for t, label in ents])

    class FakePipeline:
        def pipe(self, texts, batch_size=64):
            return iter([doc(("Luis manages 4", "PERSON"), ("Kwabena Mensah's", "PERSON"), ("Felt", "PERSON")),
                         doc(("SQL", "ORG"), ("Figma", "ORG"), ("Application Security", "ORG"),
                             ("Quillfeather Analytics", "ORG"), ("Articulate Storyline + H5P", "ORG"))])

    found = detect_names_ner(["…", "…"], FakePipeline())
    assert [(d.text, d.kind) for d in found] == [
        ("Luis", "person"), ("Kwabena Mensah", "person"), ("Quillfeather Analytics", "org")]


def test_workplaces_written_the_way_people_jot_them_are_withheld(tmp_path):
    """A workplace after the person's name in a title, in brackets after the person met, or under a front-matter
    key such as ``school:`` never reaches a shared copy."""
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "08-hvac.md").write_text(
        "# HVAC tech -- Dwayne Pike, Summit Comfort Heating & Air\n"
        "met him at Lou's Diner on Route 9, Sat 4/13\n\n"
        "- 11 yrs in the field, residential service + some light commercial\n"
        "- summers are brutal, 6 day weeks all August\n", encoding="utf-8")
    (notes / "04-auditor.md").write_text(
        "coffee w/ Jorge Batista (Tri-Valley Water Utility) at Ferris Street Roasters, 3/28\n\n"
        "- IA mgr, team of 4, reports to the audit committee not the CFO\n"
        "- summers are quiet, the busy season is the annual audit plan in the fall\n", encoding="utf-8")
    (notes / "05-teacher.md").write_text(
        "---\ninterviewee: Ms. Keisha Lindqvist\nrole: English teacher\nschool: Maple Hollow High School\n---\n"
        "- 12 yrs teaching, all at Maple Hollow, she student-taught here first\n"
        "- grading eats every Sunday, and summers are for planning\n", encoding="utf-8")
    (notes / "09-clerk.md").write_text(
        "---\nperson: Linda Okafor\nrole: court clerk\ncollege: Lakemont State University\n---\n"
        "- did her paralegal certificate at Lakemont State at night\n"
        "- summers are when the civil backlog gets cleared\n", encoding="utf-8")
    out = tmp_path / "out"
    syn = infosynth.build(notes, cache=False)
    syn.render(out, share=True)
    text = shared_text(out / "shared")
    assert leaked(text, ["Dwayne", "Pike", "Summit Comfort", "Jorge", "Batista", "Tri-Valley", "Ferris Street",
                         "Keisha", "Lindqvist", "Maple Hollow", "Lakemont"]) == []
    organisations = dict(zip(syn.notes.note, syn.notes.organization))
    # a teacher's school is where she works; a college may be where someone studied: withheld, not shown as theirs
    assert organisations["05-teacher.md"] == "Maple Hollow High School" and not organisations["09-clerk.md"]
