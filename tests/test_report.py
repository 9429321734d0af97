"""The report: every section renders, hostile note text stays text, templates can be overridden, empty data reads
well, and the shared copy goes through the privacy step."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infosynth.analysis.themes.finder import Theme
from infosynth.config import Config, Profile
from infosynth.models import BuildWarning, Note, Snippet
from infosynth.report.charts import contrast_ratio, heatmap_chart
from infosynth.report.environment import environment, md_escape
from infosynth.report.render import report_context, write_outputs
from infosynth.synthesis import Synthesis

SECTION_IDS = ["summary", "goals", "coverage", "themes", "skills", "paths", "plan", "questions", "pipeline",
               "interviews", "warnings"]
HOSTILE = '<script>alert("x")</script> and <img src=x onerror=alert(1)> [click](javascript:alert(1)) *bold* `code`'


def _note(path, person, day, status, lines):
    note = Note(path=path, title=f"Chat with {person}", person=person, role="Nurse educator",
                organization="St Brigid Hospital", date=day, status=status,
                meta={"status": status, "status_date": day.isoformat() if day else ""})
    for i, (text, cats, theme) in enumerate(lines, start=3):
        note.snippets.append(Snippet(note=path, line=i, text=text, heading="Typical day", categories=cats,
                                     evidence=f"heading 'Typical day' → {cats[0]}" if cats else "", theme=theme))
    return note


def make_synthesis(hostile: str = "", with_plan: bool = True) -> Synthesis:
    """Three nurse-educator interviews, one planned contact; ``hostile`` goes into a snippet, a name and a label."""
    import pandas as pd

    notes = [
        _note("2026-01-12-ana.md", "Ana Moreno", dt.date(2026, 1, 12), "thanked", [
            ("Night shifts rotate every six weeks and charting eats the last hour.", ("day-to-day",), "shift-work"),
            ("Precepting new graduates is the part of the job she loves most.", ("roles", "culture"), "precepting"),
            ("A clinical teaching certificate helped more than the master's did.", ("skills",), ""),
        ]),
        _note("2026-02-03-ben.md", "Ben Okafor" + (f" {hostile}" if hostile else ""), dt.date(2026, 2, 3), "done", [
            ("Twelve-hour shifts, three in a row, then four days off.", ("day-to-day",), "shift-work"),
            ("He precepts two students every term and writes their evaluations.", ("roles",), "precepting"),
            (hostile or "Simulation lab design is a skill hospitals hire for.", ("skills",), ""),
        ]),
        _note("2026-03-20-chloe.md", "Chloe Park", dt.date(2026, 3, 20), "", [
            ("Unit culture depends almost entirely on the charge nurse.", ("culture",), ""),
            ("Educators spend Mondays on competency check-offs.", ("day-to-day",), "shift-work"),
        ]),
        Note(path="planned-dev.md", person="Dev Shah", status="planned"),
    ]
    snippets = [s for n in notes for s in n.snippets]
    themes = [
        Theme(id="shift-work", label="Shift patterns" + (f" {hostile}" if hostile else ""), category="day-to-day",
              notes=[n.path for n in notes[:3]], people=["Ana Moreno", "Ben Okafor", "Chloe Park"], n_interviews=3,
              first_seen=dt.date(2026, 1, 12), last_seen=dt.date(2026, 3, 20), trend="steady",
              quotes=[(s.note, s.line, s.text) for s in snippets if s.theme == "shift-work"], size=3),
        Theme(id="precepting", label="Precepting new nurses", category="roles", notes=[n.path for n in notes[:2]],
              people=["Ana Moreno", "Ben Okafor"], n_interviews=2, first_seen=dt.date(2026, 1, 12),
              last_seen=dt.date(2026, 2, 3), trend="fading",
              quotes=[(s.note, s.line, s.text) for s in snippets if s.theme == "precepting"], size=2),
    ]
    plan = None
    if with_plan:
        plan = SimpleNamespace(
            skills=pd.DataFrame({"skill": ["clinical teaching", "simulation design"], "n_interviews": [2, 2],
                                 "n_valued": [1, 2]}),
            gaps=pd.DataFrame({"rank": [1], "skill": ["simulation design"], "kind": ["method"], "support": ["gap"],
                               "n_interviews": [2], "why": ["valued in 2 interviews (Ana Moreno and Ben Okafor)"],
                               "evidence": ["2026-02-03-ben.md:5 Simulation lab design is a skill hospitals hire for."]}),
            plan=pd.DataFrame({"quarter": ["2027-Q1", "2027-Q2"], "track": ["skills", "network"],
                               "action": ["Shadow a simulation lab session", "Ask two educators for a coffee chat"],
                               "hours": [12, 4], "metric": ["one debrief written up", "two chats held"]}),
            paths=pd.DataFrame({"person": ["Ana Moreno"], "from_role": ["ward nurse"], "to_role": ["nurse educator"],
                                "via": [""], "text": ["She went from ward nurse to educator after precepting."],
                                "note": ["2026-01-12-ana.md"], "line": [9]}),
            goals=pd.DataFrame({"goal": ["Find out if educators still work shifts"], "verdict": ["supported"],
                                "supporting": ["2026-02-03-ben.md:3 Twelve-hour shifts, three in a row (score 0.61)"],
                                "challenging": [""], "evidence": ["1 related snippet"]}),
            questions=pd.DataFrame({"question": ["How is simulation time funded?"], "why": ["one mention only"]}),
        )
    return Synthesis(
        notes_dir=Path("notes"),
        config=Config(profile=Profile(name="Rosa Lind", goals=["Find out if educators still work shifts"],
                                      target_roles=["Nurse Educator"], current_skills=["patient education"])),
        note_records=notes, snippet_records=snippets, embeddings=None, theme_records=themes, plan_result=plan,
        warnings=[BuildWarning("broken.md", "could not read front matter" + (f" {hostile}" if hostile else ""))],
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_outputs(make_synthesis(), out)
    return out


def test_every_section_and_output_is_written(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    for section in SECTION_IDS:
        assert f'<section id="{section}"' in html, section
        assert f'href="#{section}"' in html, section  # reachable from the table of contents
    for name in ("report.md", "report.json", "notes.csv", "snippets.csv", "themes.csv", "skills.csv", "plan.csv"):
        assert (built / name).stat().st_size > 0, name
    assert "Shift patterns" in html and "3 interviews" in html
    assert "Shadow a simulation lab session" in html and "2027-Q1" in html
    assert "How is simulation time funded?" in html


def test_quotes_carry_provenance(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    # note, line, person and date of a theme quote
    assert re.search(r"Ben Okafor, 3 Feb 2026 <span class=\"source\">\(2026-02-03-ben\.md, line 3\)", html)


def test_goal_and_gap_evidence_names_its_source(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    goals = html[html.index('id="goals"'):html.index('id="coverage"')]
    assert "Twelve-hour shifts, three in a row" in goals and "(score" not in goals
    assert "Ben Okafor, 3 Feb 2026 (2026-02-03-ben.md, line 3)" in goals
    skills = html[html.index('id="skills"'):html.index('id="paths"')]
    assert "Simulation lab design is a skill hospitals hire for." in skills and "2026-02-03-ben.md, line 5" in skills


def test_tag_evidence_is_visible(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    assert "Why: heading &#39;Typical day&#39; → roles" in html
    assert 'title="heading &#39;Typical day&#39; → day-to-day"' in html


def test_page_is_self_contained_and_accessible(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<title>" in html
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing to fetch from a network
    assert not re.search(r"@import|url\(", html)
    for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip-link"'):
        assert landmark in html
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), "headings skip a level"
    # Charts are HTML with their labels and numbers as text: named groups of bars and a heatmap table.
    charts = re.findall(r'<div class="chart [^"]+" id="[^"]+" role="group" aria-label="[^"]+">', html)
    assert len(charts) >= 3
    assert '<table class="chart heatmap" id="coverage-chart">' in html and "<svg" not in html


def test_markdown_has_the_same_content(built):
    md = (built / "report.md").read_text(encoding="utf-8")
    for heading in ("## At a glance", "## Recurring themes", "## Growth plan", "## Relationship pipeline",
                    "## Appendix: interviews", "## Build warnings"):
        assert heading in md
    assert "> Twelve-hour shifts, three in a row, then four days off." in md
    assert "| simulation design |" in md


def test_json_and_csvs_are_machine_readable(built):
    data = json.loads((built / "report.json").read_text(encoding="utf-8"))
    for key in ("notes", "snippets", "themes", "skills", "gaps", "plan", "paths", "goals", "questions", "warnings"):
        assert key in data, key
    assert data["themes"][0]["quotes"][0] == {
        "text": "Night shifts rotate every six weeks and charting eats the last hour.", "note": "2026-01-12-ana.md",
        "line": 3, "person": "Ana Moreno", "date": "2026-01-12", "asked": ""}
    with open(built / "snippets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {"note", "line", "heading", "text", "categories", "theme"} <= set(rows[0])
    assert rows[1]["categories"] == "roles;culture" and rows[1]["theme"] == "precepting"


def test_hostile_note_text_stays_text(tmp_path):
    write_outputs(make_synthesis(hostile=HOSTILE), tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "javascript:alert(1)</a>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html

    from markdown_it import MarkdownIt

    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    assert not re.search(r"<(script|img|a |em>|code>)", rendered), "markdown turned note text into markup"
    assert "&lt;script&gt;" in rendered and "*bold*" in rendered

    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert HOSTILE in [s["text"] for s in data["snippets"]]  # data stays exactly what the note said


def test_markdown_escaping_of_markup_characters():
    assert md_escape("# Heading") == r"\# Heading"
    assert md_escape("a_b [x](y) `c` <d> |e|") == r"a\_b \[x\](y) \`c\` \<d\> \|e\|"
    assert md_escape("two\nlines") == "two lines"


def test_empty_data_renders_helpful_messages(tmp_path):
    syn = Synthesis(notes_dir=Path("notes"), config=Config(), note_records=[Note("planned-x.md", status="planned")],
                    snippet_records=[], embeddings=None, theme_records=[], plan_result=None)
    write_outputs(syn, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "No recurring themes yet — they appear once two interviews share an idea." in html
    assert "No interviews yet" in html and "No growth plan yet" in html and "No warnings" in html
    assert (tmp_path / "plan.csv").exists()
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "_No recurring themes yet" in md


def test_user_templates_override_blocks_and_partials(tmp_path):
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "report.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block footer %}<p>Prepared for my mentor</p>{% endblock %}', encoding="utf-8")
    (templates / "partials" / "themes.html.j2").write_text(
        '<section id="themes"><h2>Patterns</h2>{% for t in themes %}<p>{{ t.label }}!</p>{% endfor %}</section>',
        encoding="utf-8")
    write_outputs(make_synthesis(hostile="<b>x</b>"), tmp_path / "out", templates=templates)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Prepared for my mentor" in html and "<h2>Patterns</h2>" in html
    assert "Shift patterns &lt;b&gt;x&lt;/b&gt;!" in html  # user templates are autoescaped too
    assert 'id="coverage"' in html  # untouched sections keep the built-in partials


def test_a_templates_folder_that_is_not_there_is_an_error_not_the_built_in_report(tmp_path):
    from infosynth.report.environment import TemplateError

    with pytest.raises(TemplateError, match="templates folder .*my-templatse does not exist"):
        write_outputs(make_synthesis(), tmp_path / "out", templates=tmp_path / "my-templatse")
    assert not (tmp_path / "out").exists()


def test_share_writes_anonymised_copy_and_log_outside_it(tmp_path, monkeypatch):
    import pandas as pd

    def share_copy(syn):
        shared = make_synthesis()
        for note in shared.note_records:
            note.person = "Interviewee"
        return shared, pd.DataFrame({"note": ["2026-01-12-ana.md"], "replaced": ["Ana Moreno"]})

    from infosynth.sharing import shared_copy

    monkeypatch.setattr(shared_copy, "share_copy", share_copy)
    write_outputs(make_synthesis(), tmp_path, share=True)
    assert (tmp_path / "redaction-log.csv").exists() and not (tmp_path / "shared" / "redaction-log.csv").exists()
    shared_html = (tmp_path / "shared" / "report.html").read_text(encoding="utf-8")
    assert "Interviewee" in shared_html
    assert (tmp_path / "shared" / "snippets.csv").exists() and (tmp_path / "shared" / "report.md").exists()


def test_pipeline_counts_follow_note_status(built):
    stages = report_context(make_synthesis())["pipeline"]["stages"]
    # Chloe's note has no status: whether she was thanked is unknown, so she is counted apart
    assert [(s["stage"], s["count"], s["reached"]) for s in stages] == [
        ("planned", 1, 3), ("requested", 0, 2), ("scheduled", 0, 2), ("done", 1, 2), ("thanked", 1, 1),
        ("unknown", 1, 1)]
    assert [p["person"] for p in stages[0]["people"]] == ["Dev Shah"]
    html = (built / "report.html").read_text(encoding="utf-8")
    assert '<td>planned</td><th scope="row">Dev Shah</th>' in html


def test_heatmap_numbers_are_readable_on_every_shade():
    rows = [{"label": f"n{i}", "counts": {"roles": i, "skills": 9 - i, "day-to-day": 0, "culture": i // 2}}
            for i in range(10)]
    chart = heatmap_chart(rows, ["roles", "skills", "day-to-day", "culture"])
    assert len(chart["cells"]) == 40 and [len(r["cells"]) for r in chart["rows"]] == [4] * 10
    assert min(contrast_ratio(c["fill"], c["ink"]) for c in chart["cells"]) >= 4.5


def test_autoescape_applies_to_html_templates_only():
    assert environment().from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert environment(markdown=True).from_string("- {{ x }}").render(x="<b>") == r"- \<b\>"


def test_a_template_error_leaves_the_previous_outputs(tmp_path):
    write_outputs(make_synthesis(), tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text("{{ no_such_value }}", encoding="utf-8")
    syn = make_synthesis()
    syn.note_records[0].person = "Renamed"
    with pytest.raises(Exception, match="no_such_value"):
        write_outputs(syn, tmp_path / "out", templates=templates)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before  # no partial set, no temp files


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab #*_[]<>|&~`\\-=+1.)\t\n\r\u00a0\u2003\x0b:"), max_size=20))
def test_markdown_escaping_matches_its_definition(text):
    # every whitespace run becomes one space, markup characters get a backslash, and so does a line-start marker
    expected = re.sub(r"\s+", " ", text)
    expected = re.sub(r"([\\`*_\[\]<>|&~])", r"\\\1", expected)
    expected = re.sub(r"^([#+\-=]|\d+[.)])", r"\\\1", expected)
    assert md_escape(text) == expected


LOGISTICS_FIRST = """---
person: Wren Adair
role: Charge Nurse
date: 2026-05-04
status: done
---
Set up by my charge nurse Tom Brennan. Met at the cafeteria after her shift.

## Questions I asked
- What surprised you most about charge nurse work?
  - how much of the shift is staffing the next shift, not patient care
- Q: Would you do it again? A: yes, but she would ask for mentoring first

## Advice
- advice:
  - shadow a charge nurse for a full weekend before applying
  - learn the staffing software early, nobody trains you on it
"""


def test_appendix_takeaways_skip_questions_logistics_and_labels(tmp_path):
    from infosynth.pipeline import build

    (tmp_path / "2026-05-04-wren.md").write_text(LOGISTICS_FIRST, encoding="utf-8")
    (entry,) = report_context(build(tmp_path, cache=False))["interviews"]
    texts = [t["text"] for t in entry["takeaways"]]
    assert texts and not any(t.startswith(("Set up by", "Met at", "What surprised", "Q:", "advice")) for t in texts)
    assert "how much of the shift is staffing the next shift, not patient care" in texts


def test_at_a_glance_lists_only_skills_several_interviews_valued(tmp_path):
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Coffee with Ana Ruiz\n- SQL is a must for analysts\n- Tableau is key for the dashboards\n",
                                encoding="utf-8")
    (notes / "b.md").write_text("# Call with Ben Okafor\n- you need SQL on day one\n- grading eats Sundays\n",
                                encoding="utf-8")
    out = tmp_path / "out"
    infosynth.build(notes, cache=False).render(out)
    glance = (out / "report.md").read_text(encoding="utf-8").split("## Goals")[0]
    assert "**Most valued skills:** SQL (2)" in glance  # two interviews valued SQL
    assert "Tableau" not in glance  # one interview's view stays in the skills section


def test_an_interview_without_a_status_leaves_no_empty_field_in_the_markdown(tmp_path):
    import infosynth

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2026-03-05-ana.md").write_text("# Coffee with Ana Ruiz\n- nights on the ward\n- SQL is a must\n",
                                             encoding="utf-8")
    out = tmp_path / "out"
    infosynth.build(notes, cache=False).render(out)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "5 Mar 2026 · 2 snippets · 2026-03-05-ana.md" in report and "·  ·" not in report
