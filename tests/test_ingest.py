"""Markdown ingestion: snippets, provenance and metadata from realistic and messy notes."""

from __future__ import annotations

import datetime as dt

import pytest

from infosynth.ingest.discover import discover
from infosynth.ingest.notes import parse_note, read_note, read_text, split_front_matter
from infosynth.nlp import get_nlp
from infosynth.text import text_in_context

REALISTIC = """\
---
person: Priya Natarajan
role: Senior UX Researcher
company: Northwind Health
date: 2026-02-10
tags: [ux, research]
status: thanked
favourite_tool: Dovetail
---
# Coffee with Priya

Met at the cafe near her office. She was very generous with her time.
Asked mostly about how she moved from marketing.

## Background
- Started in marketing, moved into UX research after a bootcamp
  - took about 18 months end to end
    - mostly nights and weekends
- Says her marketing background helps w/ stakeholder comms #skills

## Typical day
1. Standup at 9:30
2. Then synthesis or interviews, depending on the sprint

> Research is a team sport. If the PMs don't watch the sessions, the findings die in a slide deck.

| Tool | Used for |
|------|----------|
| Dovetail | tagging interview clips |
| Figma | quick prototypes |

```python
print("not a snippet")
```

Follow up: send her my portfolio and read [[Marcus Oyelaran]]'s notes.
"""


@pytest.fixture(scope="module")
def nlp():
    return get_nlp("blank")


@pytest.fixture()
def note(nlp):
    return parse_note(REALISTIC, "2026-02-10-priya.md", sentencizer=nlp)


def test_front_matter_fields_and_unknown_keys_are_kept(note):
    assert note.person == "Priya Natarajan"
    assert note.role == "Senior UX Researcher"
    assert note.organization == "Northwind Health"  # `company` is an alias
    assert note.date == dt.date(2026, 2, 10)
    assert note.tags == ("ux", "research")
    assert note.status == "thanked"
    assert note.meta["favourite_tool"] == "Dovetail"
    assert note.title == "Coffee with Priya"


def test_every_snippet_points_at_the_line_where_its_text_starts(note):
    lines = REALISTIC.split("\n")
    assert note.snippets, "expected snippets"
    for snippet in note.snippets:
        source_line = lines[snippet.line - 1]
        first_words = " ".join(snippet.text.split()[:3])
        # Table rows are rebuilt as "Header: cell"; everything else starts on its own line verbatim.
        probe = snippet.text.split(": ", 1)[-1].split(";")[0] if snippet.kind == "table" else first_words
        assert probe.split()[0] in source_line, (snippet.line, snippet.text, source_line)


def test_bullets_nested_bullets_paragraph_sentences_quotes_and_tables(note):
    by_text = {s.text: s for s in note.snippets}
    nested = by_text["took about 18 months end to end"]
    assert nested.kind == "bullet" and nested.depth == 2 and nested.heading == "Background"
    assert by_text["mostly nights and weekends"].depth == 3
    assert by_text["Standup at 9:30"].heading == "Typical day"
    # A paragraph is split into sentences, each with its own line.
    first = by_text["Met at the cafe near her office."]
    second = by_text["She was very generous with her time."]
    third = by_text["Asked mostly about how she moved from marketing."]
    assert second.kind == "sentence" and first.line == second.line == 12 and third.line == 13
    assert first.kind == "logistics"  # where they met: the interview's business, not what she said
    quote = next(s for s in note.snippets if s.kind == "quote")
    assert quote.text.startswith("Research is a team sport.")
    rows = [s for s in note.snippets if s.kind == "table"]
    assert [r.text for r in rows] == ["Tool: Dovetail; Used for: tagging interview clips", "Tool: Figma; Used for: quick prototypes"]
    assert not any("not a snippet" in s.text for s in note.snippets), "code blocks are not insight"


def test_multi_line_bullet_is_one_snippet_and_hashtags_and_wikilinks_are_understood(note):
    stakeholder = next(s for s in note.snippets if "stakeholder comms" in s.text)
    assert stakeholder.hashtags == ("skills",)
    started = next(s for s in note.snippets if s.text.startswith("Started in marketing"))
    assert started.text == "Started in marketing, moved into UX research after a bootcamp"
    follow = next(s for s in note.snippets if s.text.startswith("Follow up"))
    assert follow.links == ("Marcus Oyelaran",)
    assert "Marcus Oyelaran's notes" in follow.text  # wikilink brackets dropped, words kept


def test_person_and_date_fall_back_to_heading_and_file_name(nlp):
    note = parse_note("# Quick call – Ben Adeyemi\n- terse notes\n", "2026-06-25-ben.md", sentencizer=nlp)
    assert note.person == "Ben Adeyemi"
    assert note.date == dt.date(2026, 6, 25)
    other = parse_note("# Coffee with Elena Brooks\n\nShe taught for 8 years.\n", "elena.md", sentencizer=nlp)
    assert other.person == "Elena Brooks" and other.date is None


@pytest.mark.parametrize(
    "text, problem",
    [
        ("---\nperson: Ana\n- a bullet\n", "never closed"),
        ("---\nperson: [unclosed\n---\n- a bullet\n", "not valid YAML"),
        ("---\n- just\n- a list\n---\n- a bullet\n", "not key: value"),
        ("---\njust a scalar\n---\n- a bullet\n", "not key: value"),
    ],
)
def test_bad_front_matter_warns_and_keeps_the_body(nlp, text, problem):
    warnings = []
    note = parse_note(text, "bad.md", sentencizer=nlp, warn=warnings.append)
    assert problem in warnings[0].message and {w.path for w in warnings} == {"bad.md"}
    assert len(warnings) == 2 and "withheld from shared copies" in warnings[1].message  # consent unknown
    assert not note.share
    assert any(s.text == "a bullet" for s in note.snippets)


def test_invalid_date_warns_and_falls_back_to_file_name(nlp):
    warnings = []
    note = parse_note("---\ndate: last tuesday\n---\n- hi there\n", "2026-03-01-x.md", sentencizer=nlp, warn=warnings.append)
    assert note.date == dt.date(2026, 3, 1)
    assert "last tuesday" in warnings[0].message


def test_front_matter_line_numbers_offset_the_body(nlp):
    text = "---\nperson: A B\n---\n\n- first bullet\n"
    (snippet,) = parse_note(text, "a.md", sentencizer=nlp).snippets
    assert snippet.line == 5


@pytest.mark.parametrize(
    "raw, expected, remark",
    [
        ("\ufeff- café notes\n".encode("utf-8"), "- café notes", None),
        ("- café notes\r\n- second\r\n".encode("utf-8"), "- café notes\n- second", None),
        ("- café notes\n".encode("utf-16"), "- café notes", "UTF-16"),
        ("- café notes\n".encode("latin-1"), "- café notes", "Latin-1"),
        ("- \u201csmart quotes\u201d\n".encode("cp1252"), "- \u201csmart quotes\u201d", "Latin-1"),
    ],
)
def test_decoding(tmp_path, raw, expected, remark):
    path = tmp_path / "n.md"
    path.write_bytes(raw)
    result = read_text(path)
    assert result.text.rstrip("\n") == expected
    assert (remark is None and not result.notes) or any(remark in n for n in result.notes)


def test_binary_file_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = read_text(path)
    assert result.text is None and "binary" in result.notes[0]


def test_a_note_with_a_zero_filled_end_is_read_but_text_full_of_null_bytes_is_not(tmp_path):
    damaged = tmp_path / "damaged.md"
    damaged.write_bytes("- Nights on the ward, three twelves a week.\n".encode() + b"\x00" * 2000)
    result = read_text(damaged)
    assert result.text == "- Nights on the ward, three twelves a week.\n"
    assert "2,000 null bytes removed" in result.notes[0]
    utf16 = tmp_path / "utf16-no-bom.md"  # every other byte a null: not a damaged note
    utf16.write_bytes("- Nights on the ward, three twelves a week.\n".encode("utf-16-le"))
    assert read_text(utf16).text is None


def test_huge_note_and_long_lines_are_bounded(tmp_path):
    path = tmp_path / "big.md"
    path.write_text("- " + "x" * 50_000 + "\n" + "- normal bullet\n" * 10, encoding="utf-8")
    result = read_text(path, max_line=1_000)
    assert all(len(line) <= 1_000 for line in result.text.split("\n"))
    assert "cut" in result.notes[0]
    result = read_text(path, max_bytes=10_000)
    assert len(result.text) <= 10_000 and "only the first" in result.notes[0]


def test_discover_skips_hidden_and_excluded_folders_and_reports_broken_links(tmp_path):
    (tmp_path / "a.md").write_text("- a\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.markdown").write_text("- b\n")
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "c.md").write_text("- c\n")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.md").write_text("- generated\n")
    (tmp_path / "notes.txt").write_text("not markdown")
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    warnings = []
    found = discover(tmp_path, exclude=[tmp_path / "reports"], warn=warnings.append)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "sub/b.markdown"]
    messages = {w.path: w.message for w in warnings}
    assert "broken symlink" in messages["gone.md"]
    assert "loop" in messages["sub/loop"]


def test_read_note_gives_one_warning_per_file(tmp_path, nlp):
    path = tmp_path / "old.md"
    path.write_bytes("---\nperson: [bad\n---\n- r\xe9sum\xe9 tips\n".encode("latin-1"))
    warnings = []
    note = read_note(path, tmp_path, sentencizer=nlp, warn=warnings.append)
    assert len(warnings) == 1
    assert "Latin-1" in warnings[0].message and "YAML" in warnings[0].message
    assert note.snippets[0].text == "résumé tips"


def test_split_front_matter_accepts_dots_terminator():
    meta, start, problem = split_front_matter("---\nperson: Ana\n...\nbody\n")
    assert meta == {"person": "Ana"} and start == 3 and problem is None


def test_dev_notes_every_gold_bullet_becomes_a_snippet(nlp, dev_set):
    """Regression on real notes by other authors, read in place when the shared folder is present."""
    import csv

    dev = dev_set
    with open(dev / "gold.csv", encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    texts: dict[str, set[str]] = {}
    for path in discover(dev / "notes"):
        note = read_note(path, dev / "notes", sentencizer=nlp)
        texts[path.name] = {s.text for s in note.snippets}
    missing = [g["text"] for g in gold if g["text"].strip() not in texts[g["note"]]]
    assert not missing, missing[:5]


# ------------------------------------------------------------------------- snippets as people wrote them


def _snippets(nlp, body: str):
    return parse_note(body, "2027-03-02-rosa.md", sentencizer=nlp).snippets


def _by_text(nlp, body: str):
    return {s.text: s for s in _snippets(nlp, body)}


def _assert_asked(by_text, *questions: str) -> None:
    """Each of ``questions`` is the note-taker's question: context, never a takeaway."""
    from infosynth.models import is_takeaway

    for question in questions:
        assert by_text[question].kind == "question" and not is_takeaway(by_text[question]), question


def test_inline_tags_leave_the_text_and_stay_as_tags(nlp):
    note = parse_note(
        "# Call with Rosa Imani\n\n"
        "She said the vendor is pushing the EHR upgrade. #followup\n\n"
        "- charting happens at the bedside, never at the station #skills #ehr\n"
        "- night shift posts updates in #unit-news every morning\n"
        "- #nursing #nightshift\n",
        "2027-03-02-rosa.md", sentencizer=nlp,
    )
    by_text = {s.text: s for s in note.snippets}
    upgrade = by_text["She said the vendor is pushing the EHR upgrade."]
    assert upgrade.hashtags == ("followup",)
    charting = by_text["charting happens at the bedside, never at the station"]
    assert charting.hashtags == ("skills", "ehr")
    # a tag inside a sentence is part of what was written
    assert "night shift posts updates in #unit-news every morning" in by_text
    assert not any(s.text.strip("#").lower() in ("followup", "nursing #nightshift", "") for s in note.snippets)
    assert not any(s.text.endswith("#") or s.text.startswith("#") for s in note.snippets)
    # a line of tags alone describes the whole note
    assert {"nursing", "nightshift"} <= set(note.tags)


@pytest.mark.parametrize(
    "paragraph, sentences",
    [
        ("She was a paralegal for 11 years (!) before law school. Then she clerked.",
         ["She was a paralegal for 11 years (!) before law school.", "Then she clerked."]),
        ("Caseloads run approx. 40 families per worker. Supervision is weekly.",
         ["Caseloads run approx. 40 families per worker.", "Supervision is weekly."]),
        ("Bring proof of skills, e.g. a grant you wrote. Nobody asks for the degree.",
         ["Bring proof of skills, e.g. a grant you wrote.", "Nobody asks for the degree."]),
        ("Report is due at 9 a.m. on Mondays and the huddle follows. It runs long.",
         ["Report is due at 9 a.m. on Mondays and the huddle follows.", "It runs long."]),
        ("Her mentor was Dr. Okafor at the county clinic. They still meet.",
         ["Her mentor was Dr. Okafor at the county clinic.", "They still meet."]),
        ("Ask about union vs. non-union shops, forms, permits etc. and then pay. Apprentices start low.",
         ["Ask about union vs. non-union shops, forms, permits etc. and then pay.", "Apprentices start low."]),
        ("Pay went up 30% in 2 yrs. Then she moved to the state lab.",
         ["Pay went up 30% in 2 yrs.", "Then she moved to the state lab."]),
        ('Her advice: "Shadow a shift first. Decide after." She meant it.',
         ['Her advice: "Shadow a shift first. Decide after."', "She meant it."]),
    ],
)
def test_sentences_end_where_the_writer_ended_them(nlp, paragraph, sentences):
    assert [s.text for s in _snippets(nlp, paragraph + "\n")] == sentences


def test_label_lines_become_context_of_the_bullets_they_introduce(nlp):
    body = (
        "## Advice\n"
        "- advice:\n"
        "  - keep a log of every client call\n"
        "  - learn the billing codes early\n"
        "- day to day\n"
        "  - intake in the morning, home visits after lunch\n"
        "\n"
        "What she looks for in new hires:\n"
        "- calm on the phone\n"
        "- writes clear case notes\n"
        "\n"
        "- Q:\n"
        "- how long is onboarding?\n"
    )
    snippets = _snippets(nlp, body)
    texts = [s.text for s in snippets]
    assert not any(t.rstrip(":").lower() in ("advice", "day to day", "q") for t in texts)
    assert "What she looks for in new hires:" not in texts
    by_text = {s.text: s for s in snippets}
    assert by_text["keep a log of every client call"].heading == "Advice > advice"
    assert by_text["intake in the morning, home visits after lunch"].heading == "Advice > day to day"
    assert by_text["calm on the phone"].heading == "Advice > What she looks for in new hires"
    onboarding = by_text["how long is onboarding?"]
    assert onboarding.heading == "Advice > Q" and onboarding.kind == "question"


def test_the_note_takers_questions_are_context_never_takeaways(nlp):
    from infosynth.models import is_takeaway

    body = (
        "## Shift work\n"
        "- What does a typical night look like?\n"
        "  - meds pass at 10, then charting until 2\n"
        "- Q: Is the float pool worth it? A: only for the first year\n"
        "- Her opening checklist: Did the delivery arrive? Is anyone out sick?\n"
        "\n"
        "Did the delivery arrive? Is anyone out sick? She asks both before anything else.\n"
        "\n"
        "## Questions I asked\n"
        "- How did you get your first charge role?\n"
        "- She said by covering every holiday for two years\n"
    )
    snippets = _snippets(nlp, body)
    by_text = {s.text: s for s in snippets}
    night = by_text["What does a typical night look like?"]
    assert night.kind == "question" and not is_takeaway(night)
    answer = by_text["meds pass at 10, then charting until 2"]
    assert is_takeaway(answer) and answer.heading == "Shift work > What does a typical night look like?"
    assert by_text["Q: Is the float pool worth it?"].kind == "question"
    only_first = by_text["A: only for the first year"]
    assert is_takeaway(only_first) and only_first.heading == "Shift work > Is the float pool worth it?"
    # the interviewee's own routine questions are what she said
    assert is_takeaway(by_text["Her opening checklist: Did the delivery arrive? Is anyone out sick?"])
    assert is_takeaway(by_text["Did the delivery arrive?"]) and is_takeaway(by_text["Is anyone out sick?"])
    assert by_text["How did you get your first charge role?"].kind == "question"
    assert is_takeaway(by_text["She said by covering every holiday for two years"])


@pytest.mark.parametrize("body", [
    # as call-recording tools export it: each speaker's name and time above their words
    "Sam Rivera  0:02\nThanks for making the time. How did you get into UX research?\n\n"
    "Priya Natarajan  0:09\nI started in marketing and took over the surveys.\n\n"
    "Sam Rivera  1:15\nDid you need a master's degree?\n\n"
    "Priya Natarajan  1:20\nNo. A portfolio mattered far more.\n\n"
    "Sam Rivera  2:40\nThat's really helpful, thank you.\n",
    # as a meeting's captions: time, name and words on one line
    "00:00:05 Sam Rivera: Thanks for making the time. How did you get into UX research?\n"
    "00:00:12 Priya Natarajan: I started in marketing and took over the surveys.\n"
    "00:01:03 Sam Rivera: Did you need a master's degree?\n"
    "00:01:10 Priya Natarajan: No. A portfolio mattered far more.\n"
    "00:02:00 Sam Rivera: That's really helpful, thank you.\n",
])
def test_a_recorded_transcript_takes_whoever_asks_for_the_note_taker(nlp, body):
    from infosynth.models import is_takeaway

    snippets = _snippets(nlp, body)
    said = [s for s in snippets if is_takeaway(s)]
    assert [s.text for s in said] == ["I started in marketing and took over the surveys.", "No.",
                                      "A portfolio mattered far more."]
    assert [asked_in_heading(s) for s in said] == ["Thanks for making the time. How did you get into UX research?",
                                                   "Did you need a master's degree?", "Did you need a master's degree?"]
    assert all("Sam Rivera" in s.text or s.text.startswith(("How did", "Did you")) for s in snippets
               if not is_takeaway(s))
    # outside such a transcript a label says what the question is about, and stays in the answer's context
    assert _by_text(nlp, "- Pay: is it fair?\n  - yes, union scale\n")["yes, union scale"].heading == "Pay: is it fair?"


def test_a_conversation_copied_from_messages_keeps_the_note_takers_messages_out_of_what_was_said(nlp):
    """Each message under its sender's name and the time it was sent, as messaging apps copy a conversation: the
    note-taker is whoever asks; the other's messages are what was said, in their own first person, without the
    sender's name."""
    from infosynth.models import is_takeaway

    body = ("chat w/ Dana Okafor (records manager), pasted from messages so I don't lose it\n"
            "she offered to answer here instead of a call, which was fine\n\n"
            "Chris Bell 7:52 PM\nHi Dana! I teach history and I'm looking at records management. "
            "Would you be open to a few questions? Totally fine to answer here.\n\n"
            "Dana Okafor 9:14 AM\nHappy to, messages are easier for me this week.\n"
            "I started as a file clerk and moved up after the county digitised everything.\n"
            "Now I run the retention schedule for six departments.\n\n"
            "Chris Bell 9:40 AM\nThat's so helpful. Do you think someone without a records background can get in?\n\n"
            "Dana Okafor 11:02 AM\nYes, through a temp role first. Most of our hires start on temp contracts.\n\n"
            "Chris Bell 11:15 AM\nThank you!! Can I ask what the day feels like?\n\n"
            "Dana Okafor 1:37 PM\nQuiet, mostly. I get long blocks of work nobody interrupts.\n\n"
            "my notes:\n- she was super nice about it\n- her county posts temp roles every spring\n"
            "- they want people who can stand boring work\n- she thinks the state exam is optional\n"
            "- he (her boss) started the same way\n- they hire in March\n- she said to email in Feb\n"
            "- her team is four people\n")
    snippets = _snippets(nlp, body)
    said = [s.text for s in snippets if is_takeaway(s)]
    for line in ("I started as a file clerk and moved up after the county digitised everything.",
                 "Now I run the retention schedule for six departments.", "Most of our hires start on temp contracts.",
                 "I get long blocks of work nobody interrupts."):
        assert line in said
    assert not any("Dana Okafor" in text or "Chris Bell" in text or "PM" in text.split() for text in said)
    assert not any("records background" in text or "what the day feels like" in text or "I teach history" in text
                   for text in said)
    # the answer is read after its question, as in any transcript
    answer = next(s for s in snippets if s.text == "Most of our hires start on temp contracts.")
    assert asked_in_heading(answer).endswith("Do you think someone without a records background can get in?")


def test_bullet_characters_go_from_a_plain_text_outline_that_mixes_them_with_other_lines(nlp):
    """A list pasted as plain text, with a word processor's "◦" and an indented "▪" for its points among lines with
    no marker ("me: …"): the points read without their marker, as a list's "- " goes."""
    body = ("◦ Sr. Instructional Designer at a scheduling software firm\n"
            "◦ Taught 6th/7th grade science 9 yrs, left in 2020\n"
            "    ▪ first gig was a 6-month contract, converted to full time after\n"
            "me: do you miss the kids?\n"
            'Tasha: "sometimes, in June. mostly no."\n'
            "◦ her manager is an ex-teacher too\n")
    texts = [s.text for s in _snippets(nlp, body)]
    assert "Taught 6th/7th grade science 9 yrs, left in 2020" in texts
    assert "first gig was a 6-month contract, converted to full time after" in texts
    assert "her manager is an ex-teacher too" in texts
    assert not any(text.startswith(("◦", "▪")) for text in texts)


def asked_in_heading(snippet):
    from infosynth.text import asked_in

    return asked_in(snippet.heading)


def test_a_transcript_is_read_turn_by_turn_with_each_answer_after_its_question(nlp):
    from infosynth.models import is_takeaway

    body = (
        "## Call\n"
        "**Me:** What does a normal shift look like?\n"
        "**Dana:** Mostly verifying orders and answering nurses' calls. Maybe 300 orders a shift.\n"
        "**Me:** Do you need a residency?\n"
        "**Dana:** For hospital jobs, pretty much yes now.\n"
        "\n"
        "- Me: is the pay ok?\n"
        "- Dana: it's a union job, pay is fine but raises are slow\n"
        "\n"
        "Pro: the people.\n"
        "Con: the hours.\n"
    )
    by_text = _by_text(nlp, body)
    _assert_asked(by_text, "Me: What does a normal shift look like?", "Me: Do you need a residency?",
                  "Me: is the pay ok?")
    # The interviewee's words, without their name in front, each after the question it answers.
    orders = by_text["Mostly verifying orders and answering nurses' calls."]
    assert is_takeaway(orders) and orders.heading == "Call > Me: What does a normal shift look like?"
    assert by_text["Maybe 300 orders a shift."].heading == orders.heading
    residency = by_text["For hospital jobs, pretty much yes now."]
    assert residency.heading.endswith("Do you need a residency?") and residency.line == 5
    assert by_text["it's a union job, pay is fine but raises are slow"].heading == "Call > Me: is the pay ok?"
    # Labels that are topics, not speakers, stay as written.
    assert is_takeaway(by_text["Pro: the people."]) and by_text["Con: the hours."].heading == "Call"
    # A transcript that ends on a question the list below it answers.
    listed = _snippets(nlp, "Dana: Orders all day.\nMe: What would you change?\n- more pharmacists\n- fewer calls\n")
    assert [(s.text, s.heading) for s in listed if s.kind == "bullet"] == [
        ("more pharmacists", "Me: What would you change?"), ("fewer calls", "Me: What would you change?")]


def test_quick_notes_ask_in_lower_case_with_time_stamps_numbers_and_arrows(nlp):
    body = (
        "- q: how'd you start?\n"
        "- a: temp job at a small firm, they sponsored the certificate\n"
        "- typical day? -> drafting discovery, calendaring, client calls\n"
        "- Q1: would you do it again?\n"
        "  - yes but would go to law school sooner\n"
        "\n"
        "me: biggest surprise?\n"
        "sam: how much of it is deadlines and calendars\n"
        "[10:32] Me: what do you wish you knew?\n"
        "[10:33] Sam: that billable hours apply to paralegals too\n"
    )
    snippets = _snippets(nlp, body)
    questions = [s.text for s in snippets if s.kind == "question"]
    assert questions == ["q: how'd you start?", "typical day?", "Q1: would you do it again?", "me: biggest surprise?",
                         "[10:32] Me: what do you wish you knew?"]
    answers = {s.text: s for s in snippets if s.kind != "question"}
    assert answers["a: temp job at a small firm, they sponsored the certificate"].heading == "q: how'd you start?"
    calls = answers["drafting discovery, calendaring, client calls"]
    assert calls.heading == "typical day?" and calls.line == 3
    assert answers["how much of it is deadlines and calendars"].heading == "me: biggest surprise?"
    assert "that billable hours apply to paralegals too" in answers
    # What the encoder reads: the question without its label or time stamp, then the answer.
    from infosynth.text import text_in_context

    sooner = answers["yes but would go to law school sooner"]
    assert text_in_context(sooner.text, sooner.heading) == \
        "would you do it again? yes but would go to law school sooner"
    billable = answers["that billable hours apply to paralegals too"]
    assert text_in_context(billable.text, billable.heading).startswith("what do you wish you knew? that billable")


def test_a_question_on_a_line_of_its_own_is_the_context_of_the_answer_below_it(nlp):
    from infosynth.models import is_takeaway

    body = (
        "**What's a typical day?**\n"
        "Mostly meetings with developers and reviewing site plans.\n"
        "\n"
        "*Would you recommend a master's?*\n"
        "\n"
        "Yes, almost every planner here has an MUP.\n"
        "\n"
        "How did you get into planning?\n"
        "Started as a GIS tech at the county.\n"
        "\n"
        "Is it stressful? Only around council votes.\n"
    )
    by_text = _by_text(nlp, body)
    _assert_asked(by_text, "What's a typical day?", "Would you recommend a master's?", "How did you get into planning?")
    assert by_text["Mostly meetings with developers and reviewing site plans."].heading == "What's a typical day?"
    assert by_text["Mostly meetings with developers and reviewing site plans."].line == 2
    assert by_text["Yes, almost every planner here has an MUP."].heading == "Would you recommend a master's?"
    assert by_text["Started as a GIS tech at the county."].heading == "How did you get into planning?"
    # A question inside a line of its own answer is what was said, as before.
    assert is_takeaway(by_text["Is it stressful?"]) and by_text["Only around council votes."].heading == ""


@pytest.mark.parametrize(
    "text, logistics",
    [
        ("Met at the Daily Grind near campus.", True),
        ("Set up by my charge nurse Tom Brennan.", True),
        ("follow-up: send him my dashboard", True),
        ("Zoom, 40 min.", True),
        ("thank-you email sent 3/14", True),
        ("TODO send thank you", True),
        ("Need to ask the next few people how they got their first job specifically.", True),
        ("Need to ask for what you want; nobody offers a raise.", False),
        ("Met her future manager at a career fair and was hired a month later.", False),
        ("45 minutes of charting at the end of every shift", False),
        ("Send a thank-you note within a day of any interview, she says.", False),
        ("12 hours, three nights a week, every other weekend", False),
        # an exchange with the note-taker: what the job is like is not in it
        ("He'll send me the policy on caseload weighting.", True),
        ("She'll forward the next informatics specialist posting.", True),
        ("Offered to be an informal sounding board for me!!", True),
        ("she's starting a mentoring circle in January, asked if I want to join as a mentee!", True),
        ("she wants the article on survey question wording I mentioned", True),
        ("Writes a small newsletter on product discovery, I subscribed", True),
        ("He'll share the on-call rota with two other techs.", False),
        ("She'll forward urgent calls to the on-call vet.", False),
        ("Her manager offered to pay for the certification exam.", False),
        ("Clients email her drafts at midnight and want answers by 8.", False),
        # the conversation's medium, length and date, and thanking them
        ("Call was 25 min, she was driving between patient visits", True),
        ("Apr 18, Teams call, 30 min", True),
        ("Kwame Boateng - CareWay Rx #4471 - sat 3/16 - phone 20 min", True),
        ("Zoom Tue 3/19 at 6pm, he was still at the office.", True),
        ("Writing this up Thursday night because I didn't take notes during", True),
        ("send thank-you by Fri", True),
        ("→ text thx tonight; he'll send the app link when it opens", True),
        ("thank-you note + ask if the Courier takes freelance pitches", True),
        ("Next: look up the apprenticeship application window", True),
        ("Mar 28 · phone · 30ish min · (my dentist's hygienist gave me her number)", True),
        ("tom w (micro) - phone 3/5 on his lunch ~25 min", True),
        ("20 min phone screen with HR, then a skills test", False),
        ("Feb 15, coffee at the Bean Counter near campus, about an hour.", True),
        ("Shift starts at 6, about an hour drive from town", False),
        # the note-taker's errand, wherever it is written
        ("look up ServSafe class dates", True),
        ("remind me to email her the thank you and ask about fall signup", True),
        # a pasted email to oneself, and how the note was made
        ("Subject: notes - call w/ Priya (grant writer)", True),
        ("To: me", True),
        ("Date: Tue, Feb 20, 2024 9:47 PM", True),
        ("sent from my phone", True),
        ("voice memo 3/9 driving home from the rec center, didnt clean it up", True),
        ("Subject matter experts review every module before it ships", False),
        ("Marcus – pharma rep (ex-ER RN) – coffee at Bean There, Sat 2/24, ~1 hr", True),
        ("HOW: Google Meet, 45 min (he was 10 min late)", True),
        ("Notes to self: send an actual thank-you card, not just an email", True),
        ("Created: February 15, 2024 7:42 PM", True),
        ("Tags: informational interview, insurance", True),
        ("5 MAR / zoom / 25 min, he ate lunch on cam the whole time", True),
        ("20 MAR, 0900-1030, rm 114.", True),
        ("Leanne from the job center set it up.", True),
        ("Set up the dashboards herself in her first month", False),
        ("Look up to the senior techs, they'll teach you more than the program", False),
        ("Phone screen, then a 45 min panel interview with the charge nurses", False),
        ("On call one week a month, phone 24/7", False),
        ("Call was a cardiac arrest, she talked the caller through CPR", False),
        ("Thank-you notes matter more here than anywhere she has worked", False),
        ("Video call with the client every Friday to go over the drawings", False),
        ("Video call.", True),
        ("Got his name from my cousin Amrita, they had stats together in college.", True),
        ("Got there 10 min early, sat in the lobby watching check-ins.", True),
        ("She asked me to keep case details out of my notes, fine.", True),
        ("Mostly typed his own words because he talks in quotables.", True),
        ("She offered to look over a writing sample!", True),
        ("→ ask career ctr if any alumni at halloway", True),
        ("→ every move since was someone she knew", False),
        ("Got her first job through a temp agency", False),
        ("Reviews every chart before it goes out of the unit", False),
        # how to reach someone, whom to contact, and whom the call was with
        ("wojtek.z@kingcounty.gov", True),
        ("Rangi's LinkedIn: linkedin.com/in/rangi-tewhare-atc", True),
        ("her cell: (206) 555-0148", True),
        ("Check indeed.com and usajobs.gov every week", False),
        ("Worked there 2019-2021 before the merger", False),
        ("talked w/ Marek Wiśniewski for ~40 min on the phone.", True),
        ("met with the charge nurse for 15 min to go over assignments", False),
        ("Notes from talking to Siobhán Ní Bhriain, Associate Registrar at the Cleveland Museum of Art.", True),
        ("hr generalist chat w priya", True),
        ("Weekly call with clients", False),
        ("daily standup call with engineering", False),
        ("Coffee chats with other nurses helped her most", False),
        ("ping her friend anjali desai at abbvie for HRBP stuff", True),
        ("She suggested I reach out to her friend Ngozi at the Art Institute, who does rights", True),
        ("Marek said text him if I want to visit a jobsite", True),
        ("Most hires come from referrals, so reach out to people already in the field", False),
    ],
)
def test_interview_logistics_are_recognised_conservatively(nlp, text, logistics):
    (snippet,) = _snippets(nlp, f"## Notes\n- {text}\n")
    assert (snippet.kind == "logistics") is logistics, snippet


def test_where_and_how_long_they_met_at_the_top_of_a_note_is_logistics_and_the_same_words_later_are_not(nlp):
    # At the top of a note, the line that sets down the meeting may say where and how long at some length.
    body = ("# Ingrid Thorsen\nDirector of Programs, Millbrook Regional Food Bank\n"
            "In person at her office in the warehouse on Dock Rd — Wed 5/1, 10am, an hour plus a tour of the floor\n\n"
            "## What she oversees\n- Team of 7 across agency relations and outreach\n"
            "- In person at the partner pantries most Tuesdays — Tue 5/7, an hour each, plus the drive\n")
    kinds = {s.text: s.kind for s in _snippets(nlp, body)}
    assert kinds["In person at her office in the warehouse on Dock Rd — Wed 5/1, 10am, an hour plus a tour of the "
                 "floor"] == "logistics"
    assert kinds["In person at the partner pantries most Tuesdays — Tue 5/7, an hour each, plus the drive"] == "bullet"
    counselor = ("## Jolene Whitfield — substance use counselor\n"
                 "Clearwater Recovery Center, outpatient · her office · Sat 4/6 · she gave me 50 min on her day off\n"
                 "Mostly her words:\n> Sixteen years clean.\n")
    assert _snippets(nlp, counselor)[0].kind == "logistics"
    # ... or give a date and a clock time: "Tues 3/12, 2:30pm before service, at the bar."
    sommelier = ("# Inès Marchetti – Head Sommelier\nTues 3/12, 2:30pm before service, at the bar.\n\n"
                 "- Thu 3/14, 6pm: the staff tasting, every week\n")
    kinds = [s.kind for s in _snippets(nlp, sommelier)]
    assert kinds == ["logistics", "bullet"], kinds


@pytest.mark.parametrize("text", ["Thoughts: loved this, but not sure I'd survive the edit-for-days part.",
                                  "Felt calmer after this one."])
def test_the_note_takers_thoughts_and_feelings_after_the_talk_are_their_own(nlp, text):
    (snippet,) = _snippets(nlp, f"## Notes\n- {text}\n")
    assert snippet.kind == "reflection", snippet


def test_a_task_list_and_who_met_are_logistics(nlp):
    body = (
        "## Action items\n"
        "- [ ] send thank you\n"
        "- [x] ask about the condition report template\n"
        "\n"
        "Interviewee: Ada\n"
        "Interviewer: me\n"
        "\n"
        "## Job\n"
        "- Location: hybrid, 2 days in the office\n"
    )
    kinds = {s.text: s.kind for s in _snippets(nlp, body)}
    assert kinds["[ ] send thank you"] == kinds["[x] ask about the condition report template"] == "logistics"
    assert kinds["Interviewee: Ada Interviewer: me"] == "logistics"  # who met, not a conversation
    assert kinds["Location: hybrid, 2 days in the office"] == "bullet"


def test_errands_under_a_to_do_heading_are_logistics_and_the_same_words_elsewhere_are_advice(nlp):
    body = ("Met 3/14 @ Daybreak Diner near the county complex, 50 min\n\n"
            "## Advice\n- check the state board's list of approved programs first\n- ask for a ride-along\n\n"
            "NEXT\n- look at the careers page for trainee postings\n- ask Priya how to set up a shadow day\n"
            "- update resume w/ training + cash handling\n- decide on 2 fields by end of April!!\n")
    kinds = {s.text: s.kind for s in _snippets(nlp, body)}
    assert kinds["Met 3/14 @ Daybreak Diner near the county complex, 50 min"] == "logistics"
    assert kinds["check the state board's list of approved programs first"] == "bullet"  # what she advised
    assert kinds["ask for a ride-along"] == "bullet"
    assert {kinds[t] for t in ("look at the careers page for trainee postings", "ask Priya how to set up a shadow day",
                               "update resume w/ training + cash handling", "decide on 2 fields by end of April!!")} \
        == {"logistics"}


def test_callouts_emoji_and_time_lines_comments_and_html_are_read_as_they_show(nlp):
    body = (
        "> [!tip] Advice\n"
        "> Shadow a night shift before you commit. Nights are a different job.\n"
        "\n"
        "> [!quote] Maya\n"
        "> \"You learn more in one night than in a month of days.\"\n"
        "\n"
        "💡 the best hospital pharmacists she knows were techs first\n"
        "⚠️ retail burnout is real, she left after 3 yrs\n"
        "\n"
        "10:05 - she walks the ICU with the team\n"
        "10:20 - verification queue after rounds\n"
        "\n"
        "<!-- ask about board certification next time -->\n"
        "She said the hours are long\n"
        "but the team makes up for it.\n"
        "\n"
        "<details><summary>Salary</summary>\n"
        "\n"
        "starts around 38/hr, more with <b>nights</b>\n"
        "\n"
        "</details>\n"
        "\n"
        "<aside>📌 ask about the residency match</aside>\n"
        "\n"
        "◦ nights are long\n"
        "◦ pay is fine\n"
    )
    by_text = _by_text(nlp, body)
    shadow = by_text["Shadow a night shift before you commit."]
    assert (shadow.line, shadow.heading, shadow.kind) == (2, "Advice", "sentence")  # the callout's title is context
    assert by_text['"You learn more in one night than in a month of days."'].kind == "quote"
    # one point per line when each line opens with its own marker, on the line it is written on
    assert {t: s.line for t, s in by_text.items() if t[:1] in "💡⚠1"} == {
        "💡 the best hospital pharmacists she knows were techs first": 7,
        "⚠️ retail burnout is real, she left after 3 yrs": 8,
        "10:05 - she walks the ICU with the team": 10, "10:20 - verification queue after rounds": 11}
    # an ordinary paragraph's line breaks are not points; a comment is hidden, as when the note is shown
    assert by_text["She said the hours are long but the team makes up for it."].line == 14
    assert not [t for t in by_text if "certification" in t or "[!" in t or "-->" in t]
    # a folded section's summary titles what it folds; tags show as their text
    salary = by_text["starts around 38/hr, more with nights"]
    assert (salary.line, salary.heading) == (19, "Salary") and not [t for t in by_text if "<" in t]
    assert by_text["📌 ask about the residency match"].line == 23
    assert [by_text[t].line for t in ("nights are long", "pay is fine")] == [25, 26]


def test_a_bold_line_over_a_list_is_its_heading_and_arrows_or_numbers_in_brackets_mark_points(nlp):
    body = ("**Typical day**\n\n- standup at 9\n- rounds after\n\n-> pay is fine\n-> nights are long\n\n"
            "(1) get the BSN\n(2) a year on med-surg\n\n**Pay is fine.**\n")
    by_text = _by_text(nlp, body)
    assert [(by_text[t].line, by_text[t].heading) for t in ("standup at 9", "rounds after")] == [
        (3, "Typical day"), (4, "Typical day")]
    assert "Typical day" not in by_text
    assert [by_text[t].line for t in ("pay is fine", "nights are long", "get the BSN",
                                      "a year on med-surg")] == [6, 7, 9, 10]
    assert by_text["Pay is fine."].heading == ""  # a sentence in bold is still what was said
    asked = _by_text(nlp, "Q) how did you get started?\nA) through a friend at the county\n")
    assert asked["Q) how did you get started?"].kind == "question"  # a capital letter in brackets is not a point


def test_a_note_exported_as_plain_text_keeps_its_sections_and_loses_its_list_marks(nlp):
    body = ("Coffee with Sam Okafor, physiotherapist\n\nTYPICAL DAY\n\n●\tSees 10-12 patients, 30 min each\n"
            "●\tNotes written up between patients\n\nADVICE:\n\n●\tShadow in an NHS trust and a private clinic\n\n"
            "## Pay\n- band 5 to start\n")
    by_text = _by_text(nlp, body)
    assert [(by_text[t].heading, by_text[t].line) for t in ("Sees 10-12 patients, 30 min each",
                                                            "Notes written up between patients",
                                                            "Shadow in an NHS trust and a private clinic",
                                                            "band 5 to start")] == [
        ("TYPICAL DAY", 5), ("TYPICAL DAY", 6), ("ADVICE", 10), ("Pay", 13)]
    assert "TYPICAL DAY" not in by_text and "ADVICE:" not in by_text
    shouted = _by_text(nlp, "## Advice\n\nNEVER SKIP THE HANDOVER\n\nthe night nurse knows things the chart doesn't\n")
    assert "NEVER SKIP THE HANDOVER" in shouted  # said loudly, still said
    assert shouted["the night nurse knows things the chart doesn't"].heading == "Advice"


def test_terse_lines_with_no_bullets_are_one_point_each_and_wrapped_prose_stays_whole(nlp):
    body = ("typical spring day:\n4:45 - alarm, on site by 5:30 for pt counts\nusually solo on counts, carries radio\n"
            "wind >12 mph or rain = counts cancelled\n\n"
            "The grace period for ward competencies is six\nweeks, after which a preceptor signs you off.\n\n"
            "She said the hours are long\nbut the team makes up for it\n\n"
            "- worst weeks he gets pulled to sub, which is frustrating\ntrust is the whole job\n")
    by_text = _by_text(nlp, body)
    points = ["4:45 - alarm, on site by 5:30 for pt counts", "usually solo on counts, carries radio",
              "wind >12 mph or rain = counts cancelled"]
    assert [(by_text[t].line, by_text[t].heading) for t in points] == [(2, "typical spring day"),
                                                                        (3, "typical spring day"),
                                                                        (4, "typical spring day")]
    assert "typical spring day:" not in by_text  # the label line is the points' context, not a point
    # A sentence wrapped over two lines is one snippet, in a paragraph or a bullet.
    assert "The grace period for ward competencies is six weeks, after which a preceptor signs you off." in by_text
    assert "She said the hours are long but the team makes up for it" in by_text
    # A line typed under a bullet without its own "- " (a lazy continuation) is a point of its own.
    assert by_text["trust is the whole job"].line == 13 and by_text["trust is the whole job"].kind == "bullet"
    assert "worst weeks he gets pulled to sub, which is frustrating" in by_text
    own = _by_text(nlp, "skills:\nbird ID by ear > by sight\n\nme:\nrefuge has a volunteer program\n"
                        "she thinks my retail years count for the visitor desk\n"
                        "f/u: send resume, she'll tell me what to cut\n\n## Notes to self\n- great view from his office\n")
    assert own["great view from his office"].kind == "reflection"
    assert own["bird ID by ear > by sight"].kind == "sentence"
    assert own["refuge has a volunteer program"].kind == "reflection"  # under the note-taker's own label
    assert own["she thinks my retail years count for the visitor desk"].kind == "sentence"  # what she said
    assert own["f/u: send resume, she'll tell me what to cut"].kind == "logistics"


def test_a_long_terse_note_is_read_point_by_point_even_with_a_question_or_a_doubtful_break_in_it(nlp):
    from infosynth.models import is_takeaway

    body = ("Kwame Boateng - CareWay Rx - sat 3/16 - phone 20 min\n"
            "he's lead tech, 9 yrs\n6:45 clock in\n7:00 count the safe, check overnight faxes\n"
            "insurance rejects = 1/2 the job, calling PBMs\nno degree needed, HS diploma\n"
            "me: 45 ok? he said half his trainees are 2nd career, they do fine\n"
            "understaffed since covid, mandatory OT most wks\n"
            "f/u: look up PTCB exam fee\n")
    by_text = _by_text(nlp, body)
    assert by_text["Kwame Boateng - CareWay Rx - sat 3/16 - phone 20 min"].kind == "logistics"
    assert by_text["insurance rejects = 1/2 the job, calling PBMs"].line == 5
    assert by_text["understaffed since covid, mandatory OT most wks"].line == 8
    assert by_text["me: 45 ok?"].kind == "question"
    assert is_takeaway(by_text["he said half his trainees are 2nd career, they do fine"])
    assert by_text["f/u: look up PTCB exam fee"].kind == "logistics"
    # "6:45 clock in" may run on into the next line ("in" needs a word after it): the two stay one snippet.
    assert by_text["6:45 clock in 7:00 count the safe, check overnight faxes"].line == 3
    # A short paragraph that opens with the note-taker's question is the question over its answer.
    asked = _by_text(nlp, "Me: is the pay ok?\nit's union scale, ~$42/hr for a journeyman\n")
    assert asked["Me: is the pay ok?"].kind == "question"
    assert asked["it's union scale, ~$42/hr for a journeyman"].heading == "Me: is the pay ok?"
    # The meeting's line stands alone even above one sentence that ends a paragraph.
    met = _by_text(nlp, "County courthouse cafeteria, ~45 min, 3/19\nShe has been a clerk for 12 years.\n")
    assert met["County courthouse cafeteria, ~45 min, 3/19"].kind == "logistics"
    assert met["She has been a clerk for 12 years."].line == 2
    # The last point may be the only line with a question mark: the note is still read point by point.
    ending = _by_text(nlp, "steno machine has 22 keys, you press chords\nschool took her 3 yrs\n"
                           "need 225 wpm to graduate\nthen state cert + the RPR\ntheres a shortage so work is easy to find\n"
                           "she picks her own days\ntodo: look up online steno programs + cost, any near here?\n")
    assert ending["theres a shortage so work is easy to find"].line == 5
    assert ending["todo: look up online steno programs + cost, any near here?"].kind == "logistics"


def test_the_note_takers_questions_and_what_they_passed_on(nlp):
    from infosynth.models import is_takeaway

    body = ("## Background\n- She's a senior buyer, 11 yrs in the city's purchasing office\n"
            "- Buyer I → Buyer II → Procurement Officer → Senior\n"
            "- Asked if someone without a purchasing degree could get in\n"
            "- Asked what she likes least, she laughs that it would take an hour\n"
            "- Asked if I'd read her draft job posting\n"
            "- She has three buyers and an analyst under her\n\n"
            "## ADVICE FOR ME\nLook at coordinator roles at hospitals, they hire constantly.\n\n"
            "## Me\n- her advice: watch the county job boards, hiring takes 4 months\n"
            "- I liked her a lot\n\n"
            "## Qs I forgot to ask\n- does the trainee program take people w/o a bachelor's? (I only have my associate's)\n"
            "- would running a store P&L count?\n\n"
            "## Logistics\n- we did FaceTime bc she was between site visits, ~30 min\n")
    by_text = _by_text(nlp, body)
    assert by_text["Asked if someone without a purchasing degree could get in"].kind == "question"
    assert by_text["does the trainee program take people w/o a bachelor's? (I only have my associate's)"].kind == "question"
    assert by_text["would running a store P&L count?"].kind == "question"
    assert by_text["we did FaceTime bc she was between site visits, ~30 min"].kind == "logistics"
    assert by_text["I liked her a lot"].kind == "reflection"
    said = ["Buyer I → Buyer II → Procurement Officer → Senior",  # job grades, not the note-taker
            "Asked what she likes least, she laughs that it would take an hour",  # her answer is on the line
            "Look at coordinator roles at hospitals, they hire constantly.",  # advice for me, not my errand
            "her advice: watch the county job boards, hiring takes 4 months"]  # passed on under "Me"
    assert all(is_takeaway(by_text[t]) for t in said), [(t, by_text[t].kind) for t in said]
    assert by_text["Asked if I'd read her draft job posting"].kind != "question"  # she asked me
    # Her words after the note-taker's: "… when I told her … and said …", or quoted after an arrow.
    told = _by_text(nlp, "- She runs grants for a family services nonprofit\n- Her team is three writers\n"
                         "- She has been there six years\n"
                         "- She laughed when I told her I ran pick schedules and said the organizing is the harder half\n"
                         '- my warehouse bg = huge plus, dock appts → "you already speak freight"\n'
                         "- Random: she has a cat named Salmonella.\n")
    assert is_takeaway(told["She laughed when I told her I ran pick schedules and said the organizing is the harder half"])
    assert is_takeaway(told['my warehouse bg = huge plus, dock appts → "you already speak freight"'])
    assert told["Random: she has a cat named Salmonella."].kind == "reflection"  # small talk


def test_a_bullet_journal_and_a_template_of_labelled_facts_are_read_line_by_line(nlp):
    journal = _by_text(nlp, "– phone call from my car before shift, 25 min\n– covers 2 buildings, ~900 kids\n"
                            "! pay is on the teacher scale, a 30% cut\n? would i be bored after hospital pace\n"
                            "– you answer to a principal, not a nurse manager\n• look up district sub nurse jobs\n")
    assert {"covers 2 buildings, ~900 kids", "pay is on the teacher scale, a 30% cut",
            "you answer to a principal, not a nurse manager"} <= set(journal)  # the dash and the "!" go
    assert journal["look up district sub nurse jobs"].kind == "logistics"
    template = _by_text(nlp, "BACKGROUND\n==========\nROLE NOW: Senior Medical Writer at an agency\n"
                             "BEFORE: 5 yrs peds oncology RN\nHOW HE GOT IN: an old coworker vouched for him\n"
                             "He said his nursing years are the thing clients pay for.\n")
    assert template["He said his nursing years are the thing clients pay for."].line == 6
    assert template["BEFORE: 5 yrs peds oncology RN"].line == 4


def test_a_checklist_topic_lines_and_an_indented_outline_are_read_point_by_point(nlp):
    from infosynth.models import is_takeaway

    checklist = _by_text(nlp, "To do\n☑ thank you email\n☐ download Storyline trial\n☐ redo LinkedIn headline\n")
    assert [checklist[t].kind for t in ("☑ thank you email", "☐ download Storyline trial")] == ["logistics"] * 2
    topics = _by_text(nlp, "Who - 7 yrs at the bank, taught middle school ELA for 8 yrs before that\n"
                           "Getting in - her neighbor put her resume on the L&D director's desk\n"
                           "Pay - started ~62k, she's at 81k + bonus\n")
    assert topics["Getting in - her neighbor put her resume on the L&D director's desk"].line == 2
    outline = _by_text(nlp, "What the work is\n    walkthroughs every morning at 7\n    incident investigations, root cause\n"
                            "    training the line workers\n\nMe\n    the on-call thing worries me w/ my kid's schedule\n"
                            "    check community college for OSHA 30\n")
    walk = outline["walkthroughs every morning at 7"]
    assert walk.line == 2 and walk.heading.endswith("What the work is") and is_takeaway(walk)
    assert outline["the on-call thing worries me w/ my kid's schedule"].kind == "reflection"  # under "Me"


def test_the_note_takers_column_of_a_table_and_bracketed_comments_are_their_own(nlp):
    from infosynth.models import is_takeaway

    body = ("| Topic | What he said | My take |\n|---|---|---|\n"
            "| Pay | APM 70-85k, PM 95-130k + truck allowance | better than i figured |\n"
            "| Certs | PMP gets you past the HR filter | PMP = priority 1 |\n\n"
            "- JM: 12-hr shifts, rotating, nights first 2 yrs\n- [didn't know that - that's big]\n"
            "- [asked about property room jobs - JM said those are civilian now]\n")
    by_text = _by_text(nlp, body)
    assert is_takeaway(by_text["Topic: Pay; What he said: APM 70-85k, PM 95-130k + truck allowance"])
    assert by_text["My take: better than i figured"].kind == "reflection"
    assert by_text["[didn't know that - that's big]"].kind == "reflection"
    assert is_takeaway(by_text["[asked about property room jobs - JM said those are civilian now]"])


def test_a_note_pasted_whole_into_a_code_fence_is_read_and_real_code_is_not(nlp):
    pasted = _by_text(nlp, "```\nFASHION BUYER -- Simone, buyer for womenswear at a department store\n"
                           "nov 6, zoom, 40 min\n\npath:\n  started as a merchandise assistant, basically data entry\n"
                           "  then assistant buyer -> associate buyer -> buyer, ~7 yrs total\n```\n")
    assert pasted["then assistant buyer -> associate buyer -> buyer, ~7 yrs total"].line == 7
    assert pasted["nov 6, zoom, 40 min"].kind == "logistics"
    code = _by_text(nlp, "- she writes SQL every day\n\n```\nSELECT name, hired FROM staff;\nWHERE hired > 2020;\n```\n")
    assert list(code) == ["she writes SQL every day"]


def test_a_voice_memo_typed_up_without_punctuation_is_read_line_by_line(nlp):
    memo = ("ok so talked to Renee she runs the youth league basically the whole thing\n"
            "she used to be a PE teacher and when the old director retired the board asked her to take it\n"
            "her day is mostly scheduling fields and finding refs and there are never enough refs\n"
            "and background checks for every coach plus insurance forms\n"
            "she said its like running a small business and my warehouse shifts are closer to her job than coaching is\n"
            "pay is a stipend plus part time salary about 38 thousand which she said is low for the hours\n"
            "parents are the hardest part you cant take it home with you\n")
    by_text = _by_text(nlp, memo)
    assert len(by_text) >= 5, list(by_text)
    assert by_text["parents are the hardest part you cant take it home with you"].line == 7


def test_a_section_in_capitals_may_start_on_the_line_above_its_points(nlp):
    body = ("BACKGROUND\n• BA art history, MA museum studies\n• Jobs are rare, people stay forever\n\n"
            "ME\n• Do I need the MA?\n• Email re: Weds volunteer slot\n")
    by_text = _by_text(nlp, body)
    assert by_text["BA art history, MA museum studies"].heading == "BACKGROUND"
    assert by_text["Jobs are rare, people stay forever"].line == 3
    assert by_text["Do I need the MA?"].kind == "question"
    assert by_text["Email re: Weds volunteer slot"].kind == "reflection"  # under the note-taker's own section
    assert "BACKGROUND" not in by_text and "ME" not in by_text


@pytest.mark.parametrize("q, a", [("Q:", "A:"), ("Q -", "A -"), ("Q)", "A)"), ("Question 2 –", "Answer –")])
def test_a_question_and_its_answer_in_bullets_whatever_the_label(nlp, q, a):
    by_text = _by_text(nlp, f"- {q} how did you get started?\n- {a} through a friend at the county\n")
    question, answer = by_text[f"{q} how did you get started?"], by_text[f"{a} through a friend at the county"]
    assert question.kind == "question" and answer.kind == "bullet"
    assert text_in_context(answer.text, answer.heading).startswith("how did you get started?")


def test_a_line_marked_as_the_note_takers_view_is_not_what_was_said(nlp):
    from infosynth.models import is_takeaway

    snippets = _snippets(nlp, "- on-call one week in six\n- my take: this sounds closer to what I want\n"
                              "- (note to self: I liked how he described code review)\n"
                              "- Vibe: 8/10, super generous with time\n- gut check - could see myself there\n"
                              "- Side notes: training for a half marathon, her mom was a hygienist too\n"
                              "- (my aside: trial crunch sounds like our launch weeks)\n")
    by_text = {s.text: s for s in snippets}
    assert is_takeaway(by_text["on-call one week in six"])
    assert by_text["my take: this sounds closer to what I want"].kind == "reflection"
    assert not is_takeaway(by_text["(note to self: I liked how he described code review)"])
    assert by_text["Vibe: 8/10, super generous with time"].kind == "reflection"
    assert by_text["gut check - could see myself there"].kind == "reflection"
    assert by_text["Side notes: training for a half marathon, her mom was a hygienist too"].kind == "reflection"
    assert by_text["(my aside: trial crunch sounds like our launch weeks)"].kind == "reflection"


def test_double_question_marks_are_the_note_takers_wondering_not_what_was_said(nlp):
    from infosynth.models import is_takeaway

    by_text = _by_text(nlp, "- season runs May-Oct, crews hire in Feb\n"
                            "- but one season on a crew could be a fast way to get real experience??\n"
                            "- felt like a real fit?? it's basically my old job from the other side of the dock\n"
                            "- does the county hire entry \"permit techs\"?? she said check in spring\n"
                            "- she calls the busy weeks \"total chaos??\" but likes them\n"
                            "- grant runs til March, then ??? nobody knows\n")
    wondering = ["but one season on a crew could be a fast way to get real experience??",
                 "felt like a real fit?? it's basically my old job from the other side of the dock",
                 'does the county hire entry "permit techs"?? she said check in spring']
    assert [by_text[t].kind for t in wondering] == ["reflection"] * 3, [by_text.get(t) for t in wondering]
    # What was said stays, with a quotation's own "??" and a "???" standing for what is not known.
    for said in ("season runs May-Oct, crews hire in Feb", 'she calls the busy weeks "total chaos??" but likes them',
                 "grant runs til March, then ??? nobody knows"):
        assert is_takeaway(by_text[said]), by_text[said]


def test_in_a_note_about_someone_else_the_note_takers_asides_are_their_own_view(nlp):
    from infosynth.models import is_takeaway

    body = ("## Background\n- Climbed for a tree care company for 12 years before moving to the city side\n"
            "- His shoulders were shot from climbing by 34\n- Honestly the climbing part scares me, I'm 41\n"
            "- He manages 40,000 street trees with two inspectors\n- His crew plants 600 trees a year\n"
            "- Jess, his inspector, left teaching (basically my job) in 2023\n"
            "- She thinks my retail years count: scheduling, angry customers, cash\n"
            "- City forester sounds like my current job except the inventory is trees\n"
            "- He asked what I liked about my job and I said the regulars, honestly\n"
            "- I don't think tree work is my path but I really respect him\n"
            "- I asked about pay: $52k to start, overtime in storm season\n"
            "- He does a Level I inventory audit every spring\n"
            "- Started as Arborist I in the parks crew, moved up after 4 yrs\n"
            '- "I still miss the climbing," he says\n\n'
            "## Advice for me\n- get my ISA certification before I apply anywhere\n\n"
            "> My first year I was sure they would find me out.\n\n"
            "## Pay\nThe pay is low for what they do. I don't know if we could live on $46k though.\n")
    by_text = _by_text(nlp, body)
    asides = ["Honestly the climbing part scares me, I'm 41",
              "City forester sounds like my current job except the inventory is trees",
              "I don't know if we could live on $46k though.",
              "He asked what I liked about my job and I said the regulars, honestly",  # the note-taker speaking
              "I don't think tree work is my path but I really respect him"]  # and judging
    assert [by_text[t].kind for t in asides] == ["reflection"] * 5
    said = ["Climbed for a tree care company for 12 years before moving to the city side",
            "Jess, his inspector, left teaching (basically my job) in 2023",  # an aside in brackets
            "She thinks my retail years count: scheduling, angry customers, cash",  # her advice, about me
            "I asked about pay: $52k to start, overtime in storm season",  # the answer follows the colon
            "He does a Level I inventory audit every spring",  # a level, not a person
            "Started as Arborist I in the parks crew, moved up after 4 yrs",  # a job title's grade
            '"I still miss the climbing," he says',
            "get my ISA certification before I apply anywhere",  # under an advice heading: what she advised
            "My first year I was sure they would find me out.",  # a quote in the interviewee's own words
            "The pay is low for what they do."]
    assert all(is_takeaway(by_text[t]) for t in said), [(t, by_text[t].kind) for t in said]
    headed = _by_text(nlp, "## Typical day\n- rounds at 7, charting after\n\n## My thoughts after\nHonestly this was "
                           "encouraging. What she kept coming back to was evidence.\n\n## Reflections on the unit\n"
                           "- the unit felt calm\n")
    assert [headed[t].kind for t in ("Honestly this was encouraging.", "What she kept coming back to was evidence.",
                                     "the unit felt calm")] == ["reflection"] * 3
    assert is_takeaway(headed["rounds at 7, charting after"])
    asking = _by_text(nlp, "- 4:45 alarm, on site by 5:30 for point counts\n- could I do a seasonal at 41 w/ kids - summer only?\n"
                           "- Did the delivery arrive? Is anyone calling out sick?\n")
    assert asking["could I do a seasonal at 41 w/ kids - summer only?"].kind == "question"  # the note-taker's own
    assert is_takeaway(asking["Did the delivery arrive? Is anyone calling out sick?"])  # the questions of her morning
    # Written in the first person throughout (the interviewee's own account): nobody's aside.
    own_account = _by_text(nlp, "- I started as a groundsman\n- My shoulders gave out by 34\n"
                                "- He was my first crew lead\n- I moved to the city side after that\n")
    assert all(is_takeaway(s) for s in own_account.values())


def test_follow_up_errands_and_offers_to_the_note_taker_are_logistics(nlp):
    # (a thank-you draft still thanks her for the offer: it reads every line for follow-ups)
    body = ("## Follow-up\n- send her my résumé draft by Friday\n- she offered to introduce me to the unit manager\n"
            "- the unit manager runs the new-grad residency\n")
    kinds = {s.text: s.kind for s in _snippets(nlp, body)}
    assert kinds == {"send her my résumé draft by Friday": "logistics",
                     "she offered to introduce me to the unit manager": "logistics",
                     "the unit manager runs the new-grad residency": "bullet"}


def test_contact_lines_and_next_steps_are_logistics_and_give_the_email_address(nlp):
    from infosynth.ingest.people import fill_from_body

    body = ("## Contact\nLinkedIn: linkedin.com/in/rajpatel\nPhone: 555-201-3344\nEmail: raj.patel@acmefreight.com\n\n"
            "## Notes\n- Next steps: apply to the junior DE opening in May\n- Next: she'd hire for SQL over Python\n"
            "- Email: the team lives in it, Slack is for emergencies\n")
    note = parse_note(body, "2026-04-10-raj.md", sentencizer=nlp)
    fill_from_body(note)
    kinds = {s.text: s.kind for s in note.snippets}
    assert [kinds[t] for t in ("LinkedIn: linkedin.com/in/rajpatel", "Phone: 555-201-3344",
                               "Email: raj.patel@acmefreight.com",
                               "Next steps: apply to the junior DE opening in May")] == ["logistics"] * 4
    assert kinds["Next: she'd hire for SQL over Python"] == kinds[
        "Email: the team lives in it, Slack is for emergencies"] == "bullet"  # what was said
    assert note.email == "raj.patel@acmefreight.com"


def test_a_meeting_dated_under_another_key_is_dated():
    from infosynth.ingest.notes import parse_note

    dated = parse_note("---\nperson: Renee Castellanos\nmet: 2024-03-05\nwhere: her job site trailer\n---\n"
                       "- 5 yr apprenticeship, school 2 nights a week\n", "07-electrician.md")
    assert str(dated.date) == "2024-03-05"
    # a value that is not a date is passed over, and `date:` wins over the others
    undated = parse_note("---\nmet: at the site trailer\n---\n- pulls wire all day\n", "n.md")
    assert undated.date is None
    both = parse_note("---\ndate: 2024-01-02\nmet: 2024-03-05\n---\n- pulls wire all day\n", "n.md")
    assert str(both.date) == "2024-01-02"
