"""Recurring themes: shared ideas across interviews are grouped, one-off ideas are not, ids and labels hold."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from infosynth.analysis.themes import finder as themes_module
from infosynth.analysis.themes import trends
from infosynth.analysis.themes.cards import choose_quotes
from infosynth.analysis.themes.codebook import load_codebook
from infosynth.analysis.themes.finder import Theme, ThemeFinder, find_themes
from infosynth.models import Note, Snippet

# Four interviews in different fields. Each says something about long working hours and about a mentor,
# in its own words; each also has details nobody else mentions.
INTERVIEWS = {
    "2024-01-10-nurse.md": ("Amara Okafor", dt.date(2024, 1, 10), [
        "Works three night shifts a week on the cardiac ward.",
        "Twelve-hour shifts regularly run to thirteen or fourteen hours when handover drags.",
        "A senior nurse took her under her wing in the first year and still checks in on her.",
        "The ward recently got new infusion pumps.",
    ]),
    "2024-02-02-electrician.md": ("Tom Reyes", dt.date(2024, 2, 2), [
        "Runs a crew of four on commercial fit-outs.",
        "Weeks of sixty hours are common when a job is behind schedule.",
        "His master electrician coached him through the apprenticeship and taught him to read drawings.",
        "Prefers conduit work to residential rewiring.",
    ]),
    "2024-03-15-teacher.md": ("Lena Fischer", dt.date(2024, 3, 15), [
        "Teaches year 9 and year 11 chemistry.",
        "Marking and lesson prep eat most evenings and a good part of Sunday.",
        "An experienced colleague was assigned as her mentor and watched her lessons every fortnight.",
        "The school is piloting a new timetable.",
    ]),
    "2024-06-20-accountant.md": ("Raj Patel", dt.date(2024, 6, 20), [
        "Audits mid-sized manufacturing clients.",
        "During busy season nobody in the office goes home before nine at night.",
        "A partner at the firm mentored him and pushed him to sit the professional exams early.",
        "Has a soft spot for inventory counts.",
    ]),
}


def make_corpus(interviews=INTERVIEWS, dated: bool = True) -> tuple[list[Snippet], list[Note]]:
    notes, snippets = [], []
    for path, (person, date, texts) in interviews.items():
        note = Note(path=path, person=person, date=date if dated else None)
        for line, text in enumerate(texts, start=3):
            note.snippets.append(Snippet(note=path, line=line, text=text))
        notes.append(note)
        snippets.extend(note.snippets)
    return snippets, notes


def one_line_notes(texts: list[str]) -> tuple[list[Snippet], list[Note]]:
    """One note per text, each by its own person: every text comes from a different interview."""
    return make_corpus({f"n{i}.md": (f"P{i}", None, [text]) for i, text in enumerate(texts)})


def theme_labelled(texts: list[str], label: str) -> tuple[ThemeFinder, list[Snippet], Theme]:
    """Themes of one-line notes (one per text), and the one theme shown under ``label``."""
    snippets, notes = one_line_notes(texts)
    finder = ThemeFinder().fit(snippets, notes)
    [theme] = [t for t in finder.themes_ if t.label == label]
    return finder, snippets, theme


def theme_of(finder: ThemeFinder, snippets: list[Snippet], fragment: str) -> str:
    [index] = [i for i, s in enumerate(snippets) if fragment in s.text]
    return finder.assignments_[index]


@pytest.fixture(scope="module")
def fitted() -> tuple[ThemeFinder, list[Snippet], list[Note]]:
    snippets, notes = make_corpus()
    return ThemeFinder().fit(snippets, notes), snippets, notes


def test_codebook_is_general_and_substantial():
    book = load_codebook()
    assert len(book) >= 100
    assert all(len(t.examples) >= 20 and t.description for t in book)
    assert len({t.slug for t in book}) == len(book)
    # Names are labels shown to readers, so they must read as labels.
    assert all(2 <= len(t.name.replace(",", " ").split()) <= 7 for t in book)
    # A side-taking entry names its opposite too, so that a theme of mostly opposite views reads right.
    assert all(bool(t.contrary) == bool(t.contrary_name) for t in book)
    examples = [e for t in book for e in t.examples]
    assert len(examples) == len(set(examples))


def test_same_idea_in_different_words_is_grouped_across_notes(fitted):
    finder, snippets, _ = fitted
    hours = [theme_of(finder, snippets, f) for f in ("thirteen or fourteen", "sixty hours", "most evenings",
                                                     "before nine at night")]
    mentors = [theme_of(finder, snippets, f) for f in ("under her wing", "coached him", "as her mentor",
                                                       "mentored him")]
    # Precision before coverage: a line may stay out, but those that join share one theme.
    assert len(set(hours) - {""}) == 1 and hours.count("") <= 1
    assert len(set(mentors) - {""}) == 1 and mentors.count("") <= 1
    assert set(hours) - {""} != set(mentors) - {""}
    by_id = {t.id: t for t in finder.themes_}
    assert by_id[next(h for h in hours if h)].n_interviews >= 3
    assert by_id[next(m for m in mentors if m)].n_interviews >= 3
    assert all(t.label in ("Long hours", "Mentors and guidance") for t in finder.themes_)


def test_people_who_started_late_in_different_fields_make_one_named_theme():
    # Career changers ask whether it is too late; the answers come in each field's own words.
    said = {
        "inspector.md": ["He says being in his fifties never came up when the county hired him as an inspector.",
                         "Inspections take most mornings, reports in the afternoon."],
        "paralegal.md": ["Several people in her paralegal class were over forty and they did fine.",
                         "Drafts discovery requests and chases exhibits for trial."],
        "radiographer.md": ["She went back to school for radiography at 46 and was hired before she finished.",
                            "Most of the shift is positioning patients for X-rays."],
    }
    notes = [Note(path=p, snippets=[Snippet(p, i + 1, t) for i, t in enumerate(ts)]) for p, ts in said.items()]
    themes = find_themes([s for n in notes for s in n.snippets], notes)
    (late,) = [t for t in themes if t.label == "Starting later in life"]
    assert late.n_interviews >= 2
    assert {key.split(":")[1] for key in late.snippet_keys} == {"1"}  # none of the lines about the work itself


def test_every_theme_spans_several_notes_and_assignments_match(fitted):
    finder, snippets, _ = fitted
    assert len(finder.assignments_) == len(snippets)
    for theme in finder.themes_:
        assert theme.n_interviews >= 2 == len({q[0] for q in theme.quotes[:2]})
        members = [s for s, a in zip(snippets, finder.assignments_) if a == theme.id]
        assert len(members) == theme.size
        assert sorted({s.note for s in members}) == theme.notes
    themed_ids = {a for a in finder.assignments_ if a}
    assert themed_ids == {t.id for t in finder.themes_}


def test_an_idea_raised_in_one_note_only_is_not_a_theme():
    # Only the nurse talks about hours here; the others talk about unrelated things.
    interviews = {path: (person, date, [texts[0], texts[3]]) for path, (person, date, texts) in INTERVIEWS.items()}
    person, date, texts = INTERVIEWS["2024-01-10-nurse.md"]
    interviews["2024-01-10-nurse.md"] = (person, date, texts + [
        "Overtime is expected on most weekends as well.",
    ])
    snippets, notes = make_corpus(interviews)
    finder = ThemeFinder().fit(snippets, notes)
    nurse_hours = [theme_of(finder, snippets, "thirteen or fourteen"), theme_of(finder, snippets, "Overtime")]
    assert nurse_hours == ["", ""]
    assert all(t.n_interviews >= 2 for t in finder.themes_)


def test_single_note_gives_no_themes():
    snippets, notes = make_corpus({k: v for k, v in INTERVIEWS.items() if "nurse" in k})
    assert ThemeFinder().fit(snippets, notes).themes_ == []


def test_ids_do_not_change_when_an_unrelated_note_is_added(fitted):
    finder, snippets, _ = fitted
    extra = dict(INTERVIEWS)
    extra["2024-07-01-chef.md"] = ("Noor Haddad", dt.date(2024, 7, 1), [
        "Runs the pastry section of a hotel kitchen.",
        "Sources chocolate from a small producer in Ecuador.",
    ])
    more_snippets, more_notes = make_corpus(extra)
    again = ThemeFinder().fit(more_snippets, more_notes)
    # The chef's bullets may complete a theme that had only one note before; nothing already themed moves.
    before, after = finder.assignments_, again.assignments_[: len(snippets)]
    assert [a for a, b in zip(after, before) if b] == [b for b in before if b]
    assert {t.id for t in finder.themes_} <= {t.id for t in again.themes_}


def test_labels_are_readable_phrases(fitted):
    finder, _, _ = fitted
    assert finder.themes_
    for theme in finder.themes_:
        words = theme.label.replace(",", " ").split()
        assert 1 <= len(words) <= 6, theme.label
        assert not re.search(r"\btopic\b|\d", theme.label.lower()), theme.label
        assert theme.label != theme.id


# Lines of other themes, against which a theme's words are weighed.
OTHER_LINES = [("r.md", "Night shifts are long on the ward."), ("s.md", "She writes the grant reports every spring.")]


def _label_of(texts: list[str]) -> str:
    """The key-phrase label of one theme whose members are ``texts``, one note each ("" when it has none)."""
    from infosynth.analysis.themes.labels import key_phrase_labels

    group = [(f"n{i}.md", t) for i, t in enumerate(texts)]
    return key_phrase_labels({"0": group}, OTHER_LINES + group).get("0", "")


def test_a_word_nearly_every_member_says_labels_a_theme_alone():
    # "slow" comes with "bureaucracy" in two of five members: not enough to put it in the label
    assert _label_of(["Bureaucracy: kind people but slow to decide, lots of consensus building.",
                      "hospital = bureaucracy, lots of approval layers.",
                      "the bureaucracy is slow and risk-averse, every change needs legal review",
                      "bureaucracy everywhere, big company feel, a bit corporate",
                      "in-office, buttoned-up, bureaucracy, but his manager is good"]) == "bureaucracy"


def test_notes_shorthand_for_years_is_not_a_label():
    # "yrs" is how notes write "years": a card called "Yrs and teaching" names no idea
    label = _label_of(["Who - 7 yrs at the bank, taught middle school English for 8 yrs before that",
                       "Paul was a HS bio teacher for 12 yrs (!!), then QA",
                       "Taught 6th/7th grade science 9 yrs, left teaching in 2020",
                       "taught 5 yrs, burned out, now teaching adults instead"])
    assert "yrs" not in label.lower().split() and "yr" not in label.lower().split()


def test_a_unit_is_not_a_label():
    # Field days called off for the weather: "mph" comes with "wind" and "rain", and names nothing on its own.
    label = _label_of(["wind >12 mph or rain = counts cancelled, resched, so the schedule is never fixed",
                       "Can't spray in rain, or with wind over 10 mph, so the week's plan changes constantly",
                       "no surveys in rain or wind above 15 mph, the whole day moves"])
    assert label and "mph" not in label.lower().split(), label


def test_a_category_name_is_not_a_label():
    # Lines filed under "Culture:" share the word, not an idea: a card called "Culture" would tell a mentor nothing.
    assert "culture" not in _label_of(["Culture: kind but slow to decide, lots of consensus building.",
                                       "Culture: hospital = hierarchy, lots of approval layers.",
                                       "culture is slow and risk-averse, every change needs legal review",
                                       "culture: hybrid 3 days, big company feel, a bit corporate",
                                       "culture: very in-office, buttoned-up, but his manager is good"]).lower()


def test_a_label_keeps_the_capitals_of_names_and_acronyms():
    from infosynth.analysis.themes.labels import key_phrase_labels

    group = [("a.md", "SQL all day, joins on joins"), ("b.md", "They do a live SQL screen with joins."),
             ("c.md", "mostly SQL and some joins, then a dashboard"),
             ("d.md", "Modules are made in Articulate Storyline"), ("e.md", "interactives in Articulate Storyline")]
    rest = OTHER_LINES
    labels = key_phrase_labels({"0": group[:3], "1": group[3:]}, rest + group)
    assert set(labels["0"].split(", ")) == {"SQL", "joins"}
    assert labels["1"] == "Articulate Storyline"
    # A capital only because a sentence starts there is not kept.
    tags = [("a.md", "Tags every quote so she can filter later"), ("b.md", "tags session notes, filters by theme")]
    assert "Tags" not in key_phrase_labels({"0": tags}, rest + tags).get("0", "")


def test_two_words_joined_by_a_preposition_label_a_theme_as_said():
    # Both say "design(ed) for adults": "Adults and design" would read as two topics.
    label = _label_of(["A certificate is fine, a portfolio is better, but he wants to see I've designed for adults",
                       "make one about adult learners, not kids. reviewers want proof you can design for adults"])
    assert label.lower() in ("designed for adults", "design for adults")
    # A preposition between two everyday words says nothing: "lot of people" is no label.
    assert "lot of people" not in _label_of(["a lot of people quit in year one",
                                             "a lot of people burn out on nights",
                                             "night shifts wear down a lot of people"]).lower()


def test_words_no_two_members_say_together_do_not_make_a_label():
    from infosynth.analysis.themes.labels import key_phrase_labels

    rest = OTHER_LINES + [("t.md", "The kitchen closes at ten on weekdays.")]
    # Two members wish they had learned something sooner, two others talk of moving into analytics: no phrase
    # comes with another in two members, and neither is said by half of them. "Wishes and analytics" would be
    # a label for no one.
    mixed = [("a.md", "wish I'd learned SQL earlier instead of doing everything in spreadsheets"),
             ("b.md", "customer success could be a bridge if I want to get into analytics later"),
             ("c.md", "he wishes he'd taken a real statistics course before switching"),
             ("d.md", "would move to healthcare analytics if something came up"),
             ("e.md", "got obsessed with the course data and why everyone quits at module 3"),
             ("f.md", "SQL is most of his job, learn it before Tableau or Python")]
    # Most members say "client", and nothing else twice together: the word alone names it.
    clients = [("a.md", "A client calls to discuss the drawings emailed two days ago."),
               ("b.md", "Getting back to clients promptly matters more than polish."),
               ("c.md", "Answers a new client's enquiry about a translation before lunch."),
               ("d.md", "Goes through shop drawings and answers questions by email.")]
    labels = key_phrase_labels({"0": mixed, "1": clients}, rest + mixed + clients)
    assert "0" not in labels
    assert labels["1"] == "client"


def test_discovered_ids_come_from_content_not_position():
    ids = themes_module._discovered_id(["The union contract sets overtime rates.",
                                        "Their union negotiated the contract last spring."], set())
    assert ids == "contract-union"


def test_quotes_come_from_different_notes(fitted):
    finder, _, _ = fitted
    big = [t for t in finder.themes_ if t.n_interviews >= 3]
    assert big
    for theme in big:
        first = theme.quotes[: theme.n_interviews]
        assert len(first) >= 2  # at least two interviews say it in words that fit its label
        assert len({note for note, _, _ in first}) == len(first)
        for note, line, text in theme.quotes:
            assert note in theme.notes and line >= 3 and text


def test_a_quote_that_points_back_to_an_earlier_line_comes_after_one_that_stands_alone():
    # "This was the part she loved most" says nothing on a card, away from the line it points back to.
    snippets = [Snippet("a.md", 4, "This was the part she was most passionate about."),
                Snippet("b.md", 7, "She chose the work because she wanted to help animals."),
                Snippet("c.md", 9, "That means the job pulls you in for life.")]
    notes = {s.note: Note(path=s.note, title=s.note) for s in snippets}
    central = {0: 0.9, 1: 0.6, 2: 0.8}  # the pointing lines sit nearer the centre
    quotes = choose_quotes(snippets, [0, 1, 2], central, notes, limit=3)
    assert [note for note, _, _ in quotes] == ["b.md", "a.md", "c.md"]


def test_a_card_never_quotes_two_sentences_of_one_line():
    # "Reads everything twice." under the rest of its own line repeats the quote before it, not another voice.
    snippets = [Snippet("a.md", 6, "Mostly checks facts, names, titles and numbers that don't add up."),
                Snippet("a.md", 6, "Reads everything twice."),
                Snippet("a.md", 9, "Keeps a style sheet for every book she edits."),
                Snippet("b.md", 4, "Half the job is tracking versions and sign-offs.")]
    notes = {s.note: Note(path=s.note, title=s.note) for s in snippets}
    central = {0: 0.9, 1: 0.85, 2: 0.5, 3: 0.7}
    quotes = choose_quotes(snippets, [0, 1, 2, 3], central, notes, limit=5)
    assert [(note, line) for note, line, _ in quotes] == [("a.md", 6), ("b.md", 4), ("a.md", 9)]


def test_a_card_named_by_its_words_quotes_only_lines_that_say_them():
    # Matching invoices in Xero sits near three Quickbooks lines in meaning and joins their group, but under the
    # label "Quickbooks reconciliations" it would show a reader another tool.
    xero = "Matching invoices to bank statements in Xero takes hours."
    snippets, notes = one_line_notes(["Quickbooks reconciliations every Monday.",
                                      "Their Quickbooks reconciliations take hours.",
                                      "Quickbooks reconciliations are tedious but necessary.", xero])
    [theme] = ThemeFinder(codebook=False).fit(snippets, notes).themes_
    assert theme.kind == "discovered" and "Quickbooks" in theme.label
    assert theme.size == 4 and len(theme.quotes) == 3
    assert xero not in [text for _, _, text in theme.quotes]


def test_a_line_that_only_names_a_job_is_never_quoted():
    # "UX designer at Parcel & Pine" says who someone is; beside "Adjacent role first" it reads as if it were a way in.
    job = "UX designer/researcher at Parcel & Pine (agency)."
    _, _, theme = theme_labelled([
        "Took a support role at the company first and moved onto the product team a year later.",
        "Started in the call centre, then transferred into the fraud analytics group.",
        "Got in the door as a receptionist at the clinic and later trained as a dental assistant.", job,
    ], "Adjacent role first")
    assert theme.size == 4 and len(theme.quotes) == 3
    assert job not in [text for _, _, text in theme.quotes]


def test_trends_follow_interview_dates(fitted):
    finder, _, _ = fitted
    # Dates: Jan, Feb, Mar, Jun. The most recent third is June only.
    themes_by_id = {t.id: t for t in finder.themes_}
    for theme in themes_by_id.values():
        assert theme.first_seen <= theme.last_seen
        recent = theme.last_seen >= dt.date(2024, 6, 20)
        only_recent = theme.first_seen >= dt.date(2024, 6, 20)
        expected = "emerging" if only_recent else ("steady" if recent else "fading")
        assert theme.trend == expected


def test_trend_rule():
    cutoff = trends.recent_window([Note(path=str(d), date=dt.date(2024, m, 1)) for d, m in
                                           enumerate([1, 2, 3, 4, 5, 6])])
    assert cutoff == dt.date(2024, 5, 1)
    assert trends.trend_of([dt.date(2024, 5, 1), dt.date(2024, 6, 1)], cutoff) == "emerging"
    assert trends.trend_of([dt.date(2024, 1, 1), dt.date(2024, 2, 1)], cutoff) == "fading"
    assert trends.trend_of([dt.date(2024, 1, 1), dt.date(2024, 6, 1)], cutoff) == "steady"


def test_no_dates_means_no_trend():
    snippets, notes = make_corpus(dated=False)
    themes = ThemeFinder().fit(snippets, notes).themes_
    assert themes and all(t.trend == "" and t.first_seen is None for t in themes)


def test_deterministic(fitted):
    finder, _, _ = fitted
    snippets, notes = make_corpus()
    again = ThemeFinder().fit(snippets, notes)
    assert again.assignments_ == finder.assignments_
    assert [(t.id, t.label, t.quotes, t.trend) for t in again.themes_] == \
        [(t.id, t.label, t.quotes, t.trend) for t in finder.themes_]


def test_find_themes_sets_snippet_theme():
    snippets, notes = make_corpus()
    result = find_themes(snippets, notes)
    assert all(isinstance(t, Theme) for t in result)
    assert {s.theme for s in snippets} - {""} == {t.id for t in result}
    assert next(s for s in snippets if "sixty hours" in s.text).theme


def test_works_without_embeddings():
    # Hashed word features group lines that share their words (paraphrases need the encoder).
    interviews = {f"note-{i}.md": (f"Person {i}", None, [text, filler]) for i, (text, filler) in enumerate([
        ("Quickbooks reconciliations every Monday.", "Lives near the coast."),
        ("Their Quickbooks reconciliations take hours.", "Owns two dogs."),
        ("Quickbooks reconciliations are tedious but necessary.", "Plays cello in an orchestra."),
    ])}
    snippets, notes = make_corpus(interviews)
    finder = ThemeFinder().fit(snippets, notes, embeddings=False)
    assert all(t.n_interviews >= 2 and t.kind == "discovered" for t in finder.themes_)
    ids = {theme_of(finder, snippets, f) for f in ("every Monday", "Their Quickbooks", "tedious")}
    assert len(ids) == 1 and "" not in ids
    assert theme_of(finder, snippets, "dogs") == ""


def test_embeddings_must_match_snippets():
    snippets, notes = make_corpus()
    import numpy as np

    with pytest.raises(ValueError):
        ThemeFinder().fit(snippets, notes, embeddings=np.zeros((2, 8), dtype="float32"))


def test_discovery_finds_an_idea_the_codebook_lacks(monkeypatch):
    # Unknown to the codebook: a specific piece of software that three people mention.
    interviews = {
        f"note-{i}.md": (f"Person {i}", None, [text, filler])
        for i, (text, filler) in enumerate([
            ("Quickbooks reconciliations every Monday.", "Lives near the coast."),
            ("Their Quickbooks reconciliations take hours.", "Owns two dogs."),
            ("Quickbooks reconciliations are tedious but necessary.", "Plays cello in an orchestra."),
        ])
    }
    snippets, notes = make_corpus(interviews)
    finder = ThemeFinder(codebook=False).fit(snippets, notes)  # no codebook: named from its own words
    ids = {theme_of(finder, snippets, "Quickbooks reconciliations e"),
           theme_of(finder, snippets, "Their Quickbooks"), theme_of(finder, snippets, "tedious")}
    assert len(ids) == 1 and "" not in ids
    [theme] = [t for t in finder.themes_ if t.id in ids]
    assert theme.kind == "discovered" and "quickbooks" in theme.id and "quickbooks" in theme.label.lower()
    assert theme_of(finder, snippets, "dogs") == ""

    # The large-input path (without a codebook, k-means splits the input into parts) keeps the same result.
    monkeypatch.setattr(themes_module, "EXACT_CLUSTERING_LIMIT", 4)
    big = ThemeFinder(codebook=False).fit(snippets, notes)
    assert all(t.n_interviews >= 2 for t in big.themes_)
    assert theme_of(big, snippets, "Their Quickbooks") == theme_of(big, snippets, "tedious") != ""


class CountingMemory(dict):
    """A memory that counts the results it had to be given (each one a clustering step computed afresh)."""

    computed = 0

    def __setitem__(self, key, value):
        self.computed += 1
        super().__setitem__(key, value)


def test_a_remembered_clustering_gives_the_same_themes_and_redoes_only_what_an_edit_touched(monkeypatch):
    # The large-input path: parts cut by the codebook's ideas, each clustered and remembered, joined across cuts.
    monkeypatch.setattr(themes_module, "EXACT_CLUSTERING_LIMIT", 6)

    def shown(finder):
        return finder.assignments_, [(t.id, t.label, t.snippet_keys, t.quotes) for t in finder.themes_], finder.dropped_

    snippets, notes = make_corpus()
    cold = ThemeFinder().fit(snippets, notes)
    memory = CountingMemory()
    assert shown(ThemeFinder(memory=memory).fit(snippets, notes)) == shown(cold)
    first = memory.computed
    assert first >= 2 and any(shown(cold)[0])

    assert shown(ThemeFinder(memory=memory).fit(snippets, notes)) == shown(cold)
    assert memory.computed == first  # nothing clustered again

    [pumps] = [s for s in snippets if "infusion pumps" in s.text]
    pumps.text = "The ward is moving to electronic charting next spring."
    after = ThemeFinder(memory=memory).fit(snippets, notes)
    assert shown(after) == shown(ThemeFinder().fit(snippets, notes))
    assert 0 < memory.computed - first < first  # only the part the edited line falls in, and what it changed


def test_remembered_theme_cards_are_the_cards_a_fresh_build_makes(monkeypatch):
    snippets, notes = make_corpus()
    cold = ThemeFinder().fit(snippets, notes)
    assert cold.themes_ and any(t.quotes for t in cold.themes_)
    memory = CountingMemory()
    first = ThemeFinder(memory=memory).fit(snippets, notes)
    assert (first.themes_, first.dropped_, first.assignments_) == (cold.themes_, cold.dropped_, cold.assignments_)

    # Nothing changed: the cards come from the memory, named, dated and quoted as before.
    def not_again(*args, **kwargs):
        raise AssertionError("theme cards built again")

    with monkeypatch.context() as patched:
        patched.setattr(ThemeFinder, "_build_themes", not_again)
        again = ThemeFinder(memory=memory).fit(snippets, notes)
    assert (again.themes_, again.dropped_) == (cold.themes_, cold.dropped_)

    # What a card shows follows its members and their notes: consent to quoting, then a member's tags.
    def changed_like_a_fresh_fit():
        edited = ThemeFinder(memory=memory).fit(snippets, notes)
        fresh = ThemeFinder().fit(snippets, notes)
        assert (edited.themes_, edited.dropped_) == (fresh.themes_, fresh.dropped_)
        return fresh.themes_

    quoted = sorted({note for theme in cold.themes_ for note, _, _ in theme.quotes})
    for note in notes:
        note.quotes = note.path not in quoted[:2]
    assert [t.quotes for t in changed_like_a_fresh_fit()] != [t.quotes for t in cold.themes_]
    theme = cold.themes_[0]
    for member in (s for s in snippets if s.key in theme.snippet_keys):
        member.categories = tuple(c for c in ("roles", "skills", "day-to-day", "culture") if c != theme.category)[:1]
    assert changed_like_a_fresh_fit()[0].category != theme.category


def test_a_theme_of_answers_is_named_from_the_questions_they_answer_too(tmp_path):
    # Three pharmacists asked about residencies, in three note styles; two answers never say "residency".
    import infosynth
    from infosynth.config import Config

    notes = {
        "2026-05-01-dana.md": "# Call with Dana Reyes, hospital pharmacist\n\n"
                              "**Me:** Do you need a residency?\n"
                              "**Dana:** For hospital jobs, pretty much yes now. Retail doesn't require one.\n"
                              "**Me:** What's the hardest part?\n"
                              "**Dana:** Short staffing. We cover two pharmacists' work most weekends.\n",
        "2026-05-03-luis.md": "# Luis Ortega, retail pharmacist\n\n"
                              "- Me: did you do a residency?\n"
                              "- Luis: no, went straight to retail after school, residency mostly matters for "
                              "hospital roles\n"
                              "- Me: worst part of the job?\n"
                              "- Luis: understaffing, one tech for 400 scripts a day\n",
        "2026-05-06-mei.md": "# Mei Chen - clinical pharmacist\n\n"
                             "**What's the hardest part?**\nStaffing. Everyone is stretched and burnout is real.\n\n"
                             "**Would you do a residency again?**\n"
                             "Yes, a PGY1 residency is basically required for clinical roles now.\n",
    }
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    syn = infosynth.build(folder, Config(), cache=False)
    labels = list(syn.themes["label"])
    assert any("residency" in label.lower() for label in labels), labels


def test_granularity_gives_broader_or_finer_themes(fitted):
    finder, snippets, notes = fitted
    coarse = ThemeFinder(granularity=0.5).fit(snippets, notes)
    fine = ThemeFinder(granularity=3.0).fit(snippets, notes)
    assert coarse._distance(True) > finder._distance(True) > fine._distance(True)
    themed = [sum(1 for a in f.assignments_ if a) for f in (coarse, finder, fine)]
    assert themed[0] >= themed[1] >= themed[2]
    # Hours and mentoring stay apart even when coarse.
    assert theme_of(coarse, snippets, "sixty hours") != theme_of(coarse, snippets, "mentored him")


def test_notes_that_refuse_quoting_are_quoted_last():
    snippets, notes = make_corpus()
    for note in notes:
        note.quotes = "accountant" not in note.path
    finder = ThemeFinder().fit(snippets, notes)
    hours = next(t for t in finder.themes_ if "2024-06-20-accountant.md" in t.notes and t.n_interviews >= 3)
    assert all(note != "2024-06-20-accountant.md" for note, _, _ in hours.quotes)


def test_building_themes_does_not_import_scikit_learn():
    # Importing scikit-learn alone takes most of a second; every path of a build stays clear of it.
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_themes import make_corpus
from infosynth.analysis.themes import finder as themes
snippets, notes = make_corpus()
assert themes.ThemeFinder().fit(snippets, notes).themes_
themes.ThemeFinder(granularity=3.0).fit(snippets, notes)
themes.ThemeFinder(codebook=False).fit(snippets, notes, embeddings=False)
themes.EXACT_CLUSTERING_LIMIT = 2  # the large-input path as well
themes.ThemeFinder(granularity=3.0).fit(snippets, notes)
themes.ThemeFinder(codebook=False).fit(snippets, notes, embeddings=False)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "sklearn")
assert not loaded, loaded[:5]
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


# ---------------------------------------------------------------------------------------------------------
# Trust: what a theme card shows must hold up when a reader checks it against the notes.

THEME_NOTES = Path(__file__).parent / "data" / "theme-notes"  # ten interviews written for these tests


def _own_gold(column: str = "theme") -> dict[tuple[str, str], str]:
    """(note, text) → the idea a person reading the test notes sees in that line ("" for none; the first of
    several, "handover|day-start", for a line that says two things), or with ``column="kind"`` whether the line
    is the note-taker's question or interview logistics."""
    return {key: value.split("|")[0] for key, value in _own_gold_all(column).items()}


def _own_gold_all(column: str = "theme") -> dict[tuple[str, str], str]:
    import csv

    with open(THEME_NOTES / "gold.csv", newline="", encoding="utf-8") as fh:
        return {(row["note"], row["text"]): row[column] for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def own_build(tmp_path_factory):
    import infosynth
    from infosynth.config import Config

    out = tmp_path_factory.mktemp("own")
    syn = infosynth.build(THEME_NOTES, Config(), cache=False)
    # Questions and logistics as ingest marks them (snippet kinds), then themes again.
    kinds = _own_gold("kind")
    for snippet in syn.snippet_records:
        snippet.kind = kinds.get((snippet.note, snippet.text)) or snippet.kind
    syn = syn.recluster(1.0)
    syn.render(out)
    return syn, out


# Levels the shipped encoder and theme finder reach, as (B-cubed F1, adjusted Rand index, B-cubed precision) over
# the rows a person gave a theme (README, "Measuring quality"): a change that drops below them is a regression.
THEME_LEVELS = {"own": (0.78, 0.68, 0.88), "qa": (0.58, 0.40, 0.90), "day-log": (0.60, 0.50, 0.90),
                "conservation": (0.38, 0.16, 0.85), "public-service": (0.62, 0.48, 0.85),
                "care-trades": (0.52, 0.36, 0.90), "first-jobs": (0.50, 0.33, 0.88),
                "health-careers": (0.50, 0.26, 0.92), "office-jobs": (0.55, 0.30, 0.92),
                "second-careers": (0.49, 0.25, 0.90), "nursing-exits": (0.52, 0.27, 0.93),
                "teachers-leaving": (0.48, 0.17, 0.83), "veterans": (0.45, 0.16, 0.93),
                "creative-careers": (0.38, 0.07, 0.82), "law-courts": (0.42, 0.12, 0.93),
                "hospitality": (0.39, 0.12, 0.87), "lab-science": (0.49, 0.22, 0.85),
                "media-people": (0.39, 0.14, 0.88), "finance": (0.34, 0.04, 0.87), "social-work": (0.51, 0.27, 0.91),
                "dev": (0.36, 0.13, 0.78), "dev-b": (0.43, 0.11, 0.75)}
# Day-in-the-life notes in eight fields, many entries opening with a clock time ("0645: arrives, changes into scrubs")
DAY_LOG_NOTES = Path(__file__).parent / "data" / "day-log-notes"


@pytest.mark.parametrize("name", sorted(THEME_LEVELS))
def test_themes_do_not_regress_on_annotated_notes(tmp_path, name):
    import csv

    from click.testing import CliRunner
    from conftest import QA_NOTES, SETS_BY_OTHERS, eval_set

    from infosynth.cli import cli
    from infosynth.evaluation import score_build

    if name == "own":
        notes, gold = THEME_NOTES, tmp_path / "gold.csv"
        with open(gold, "w", newline="", encoding="utf-8") as fh:  # a line with two ideas counts as its first
            writer = csv.writer(fh)
            writer.writerow(["note", "text", "categories", "theme"])
            writer.writerows([note, text, "", theme] for (note, text), theme in _own_gold().items())
    elif name in ("qa", "day-log", *SETS_BY_OTHERS):
        folder = {"qa": QA_NOTES, "day-log": DAY_LOG_NOTES, **SETS_BY_OTHERS}[name]
        notes, gold = folder / "notes", folder / "gold.csv"
    else:
        folder = eval_set(name)
        if folder is None:
            pytest.skip(f"shared evaluation set {name} not present (set INFOSYNTH_EVAL_DIR)")
        notes, gold = folder / "notes", folder / "gold.csv"
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(notes), "--out", str(out), "-q"]).exit_code == 0
    scores = score_build(gold, out / "snippets.csv")["themes"]
    # Every card quotes someone saying its idea: a group none of whose members says it is not shown.
    with open(out / "themes.csv", newline="", encoding="utf-8") as fh:
        assert all(row["quotes"].strip() for row in csv.DictReader(fh))
    f1, ari, precision = THEME_LEVELS[name]
    assert scores["bcubed_f1"] >= f1 and scores["ari"] >= ari and scores["bcubed_precision"] >= precision, scores


def test_quotes_on_a_card_share_its_idea(own_build):
    syn, _ = own_build
    # Getting in easily and with difficulty are one subject seen from two sides: one theme, shown as mixed.
    def gold_of(idea: str) -> str:
        return "getting-in" if idea in ("easy-to-get-in", "hard-to-get-in") else idea

    gold = {key: gold_of(idea) for key, idea in _own_gold().items()}
    every = _own_gold_all()
    sides = _own_gold()
    assert len(syn.theme_records) >= 5
    checked = 0
    for theme in syn.theme_records:
        members = [s for s in syn.snippet_records if s.theme == theme.id]
        ideas = Counter(gold.get((s.note, s.text), "") for s in members)
        if len(members) < 3:  # two lines that disagree with the annotation have no majority idea to check against
            continue
        checked += 1
        idea = ideas.most_common(1)[0][0]
        assert idea, (theme.label, ideas)  # the theme is one of the ideas a reader sees in these notes
        shown = [[gold_of(i) for i in every.get((note, text), "").split("|") if i] for note, _, text in theme.quotes[:3]]
        # Never a quote about another idea (a line that says two things may stand for either); at most one line the
        # reader left unthemed.
        assert all(not s or idea in s for s in shown) and shown.count([]) <= 1, (theme.label, shown)
        for note, _, text in theme.quotes[:3]:
            if theme.label == "Hard to get the first job":
                assert sides[(note, text)] == "hard-to-get-in", text
            if theme.label == "Easy to get the first job":
                assert sides[(note, text)] == "easy-to-get-in", text
    assert checked >= 8


def test_questions_logistics_and_lead_ins_are_never_themed():
    # The same question, the same follow-up reminder and the same lead-in recur in every note; none is an idea
    # the interviewees raised.
    notes, snippets = [], []
    for i, (field_line, other) in enumerate([
        ("Night shifts on the ward run from 7pm to 7am.", "Pay is poor for the responsibility."),
        ("She works twelve-hour nights on a surgical unit.", "Starting salary was low and rises slowly."),
        ("Works nights three times a week in the emergency department.", "The money is modest for what they do."),
    ]):
        path = f"n{i}.md"
        note = Note(path=path, person=f"P{i}")
        lines = [("What does a typical week look like?", "question"), (field_line, "bullet"),
                 ("Follow-up: send a thank-you note and my CV.", "logistics"), ("Advice:", "bullet"),
                 (other, "bullet"), ("Met at the coffee shop near the station.", "logistics")]
        for line, (text, kind) in enumerate(lines, start=1):
            note.snippets.append(Snippet(path, line, text, kind=kind))
        notes.append(note)
        snippets.extend(note.snippets)
    finder = ThemeFinder().fit(snippets, notes)
    for snippet, theme in zip(snippets, finder.assignments_):
        if snippet.kind in ("question", "logistics") or snippet.text.endswith(":"):
            assert theme == "", snippet.text
    quoted = {text for t in finder.themes_ for _, _, text in t.quotes}
    assert not quoted & {s.text for s in snippets if s.kind != "bullet"}
    assert theme_of(finder, snippets, "Night shifts") != ""  # the real ideas still make themes


HARD_TO_GET_IN = [
    "Getting a training contract took three years; hundreds apply for every place.",
    "Entry-level lab jobs ask for experience you can't get; it took her a year to land one.",
    "Hundreds of applicants for every junior reporter job, so he freelanced for two years first.",
    "It took her eighteen months of applications to get the first teaching post.",
]
EASY_TO_GET_IN = [
    "Getting an apprenticeship was easy; contractors are crying out for apprentices.",
    "She was hired straight out of nursing school; hospitals were desperate for new grads.",
]


def test_the_opposite_view_is_counted_but_never_quoted_as_support():
    snippets, notes = one_line_notes(HARD_TO_GET_IN + EASY_TO_GET_IN)
    finder = ThemeFinder().fit(snippets, notes)
    hard = [t for t in finder.themes_ if t.label == "Hard to get the first job"]
    assert hard, [t.label for t in finder.themes_]
    [theme] = hard
    assert not {text for _, _, text in theme.quotes} & set(EASY_TO_GET_IN)
    easy_members = [s.key for s, a in zip(snippets, finder.assignments_) if a == theme.id and s.text in EASY_TO_GET_IN]
    assert sorted(theme.contrary_keys) == sorted(easy_members)
    assert theme.n_contrary == len(easy_members)
    assert theme.stance == ("mixed" if easy_members else "")


def test_a_line_read_as_leaning_the_other_way_counts_but_is_not_quoted(monkeypatch):
    # "Offices are desperate for hygienists" under "Hard to get the first job": a stance model that reads a line as
    # more likely the opposite view, though not clearly (between CONTRARY_BELOW and QUOTE_SUPPORT_FROM), leaves it
    # in the theme and off the card.
    from infosynth.analysis.themes.codebook import CodebookIndex

    leaning_other_way = HARD_TO_GET_IN[1]  # whatever the line: the model is made to read it so
    real_stance = CodebookIndex.stance

    def stance(self, theme_index, vectors, texts=None, lines=None):
        p = real_stance(self, theme_index, vectors, texts, lines)
        if p is not None and texts is not None:
            p = np.where([leaning_other_way in t for t in texts], 0.45, np.maximum(p, 0.9))
        return p

    monkeypatch.setattr(CodebookIndex, "stance", stance)
    snippets, notes = one_line_notes(HARD_TO_GET_IN)
    finder = ThemeFinder().fit(snippets, notes)
    [theme] = [t for t in finder.themes_ if t.label == "Hard to get the first job"]
    member = next(s for s in snippets if s.text == leaning_other_way)
    assert member.key in theme.snippet_keys and theme.n_contrary == 0
    assert leaning_other_way not in {text for _, _, text in theme.quotes} and theme.quotes


def _stance(slug: str, texts: list[str], read_words: bool = True):
    """The shipped stance model's probability that each of ``texts`` states codebook idea ``slug``'s view."""
    from infosynth.analysis.encoder import encode
    from infosynth.analysis.themes.codebook import codebook_index

    index = codebook_index()
    row = next(i for i, t in enumerate(index.codebook) if t.slug == slug)
    return index.stance(row, encode(texts), texts if read_words else None)


def test_stance_model_reads_both_sides():
    agree = _stance("breaking-in-is-hard", HARD_TO_GET_IN, read_words=False)
    disagree = _stance("breaking-in-is-hard", EASY_TO_GET_IN, read_words=False)
    assert agree.min() > themes_module.CONTRARY_BELOW > disagree.max()


# Written for these tests: both sides of "do you need the degree?", which the encoder reads as one subject.
NO_DEGREE_NEEDED = [
    "No degree needed to start; half the crew came from retail.",
    "He doesn't think the forestry degree matters, the field seasons do.",
    "A degree isn't required; they train you on the job.",
    "Nobody asked about her degree, only whether she could do the work.",
]
DEGREE_NEEDED = [
    "But you'd need the bachelor's, the state board requires it.",
    "You need a four-year degree for the inspector post, no way around it.",
    "The district won't hire a teacher without the degree and the credential.",
]


def test_a_stance_model_reads_a_required_degree_as_the_opposite_of_an_optional_one():
    optional = _stance("degree-optional", NO_DEGREE_NEEDED)
    required = _stance("degree-optional", DEGREE_NEEDED)
    assert optional.min() > themes_module.CONTRARY_BELOW > required.max()


# Written for these tests, in several fields: the encoder reads "no two ... the same" much as "the same".
VARIED_DAYS = [
    "agency life = no two weeks alike, new client every 6-8 wks",
    "No two shifts look the same, which she loves and also finds draining.",
    "He said no two weeks on the ward look the same.",
    "every project is different, never the same thing twice",
    "Some days it's site visits, some days paperwork, some days court.",
]
SAME_DAYS = [
    "Most days look the same: intake, forms, filing, repeat.",
    "Night audit is the same checklist every night.",
]


def test_a_stance_model_reads_a_negated_same_as_variety():
    varied = _stance("no-two-days-alike", VARIED_DAYS)
    same = _stance("no-two-days-alike", SAME_DAYS)
    assert varied.min() > themes_module.CONTRARY_BELOW > same.max()


# Written for these tests, in fields the codebook's examples do not name.
INTENSE_PACE = [
    "Dispatch is nonstop; three calls waiting while you're on the fourth.",
    "peak season = no time to breathe, deadlines stacked on deadlines",
    "The trading floor at the open is chaos and you have to decide in seconds.",
    "When a flight's delayed the gate turns into a pressure cooker.",
    "Every edition is a race against the print deadline.",
    "Harvest week at the winery is relentless, crush runs through the night.",
]
CALM_PACE = [
    "The archive is quiet and unhurried; a project can take a month.",
    "Pace is slow and steady, nobody is rushing anything.",
    "calm office, deadlines are weeks away and rarely move",
    "He likes that the mill runs at an even pace; there are no fire drills.",
    "It's a gentle rhythm: same rounds each morning, plenty of time to chat with residents.",
    "Nothing here is urgent; if it waits until Monday, it waits.",
]


def test_a_stance_model_mostly_tells_a_calm_pace_from_an_intense_one():
    # Sentence vectors put both sides of "how fast is the work?" close together; the model is not perfect on
    # either side, but reads most lines right.
    intense = _stance("high-intensity", INTENSE_PACE)
    calm = _stance("high-intensity", CALM_PACE)
    right = int((intense >= 0.5).sum() + (calm < 0.5).sum())
    assert right >= 10, (intense.round(2), calm.round(2))


def test_a_card_on_varied_days_is_named_for_variety_and_never_quotes_routine_as_support():
    snippets, notes = one_line_notes(VARIED_DAYS + SAME_DAYS)
    finder = ThemeFinder().fit(snippets, notes)
    labels = {t.label: t for t in finder.themes_}
    assert "Same routine every day" not in labels, list(labels)
    theme = labels["Every day is different"]
    quoted = {text for _, _, text in theme.quotes}
    assert quoted and quoted <= set(VARIED_DAYS)
    routine_members = [s.key for s, a in zip(snippets, finder.assignments_) if a == theme.id and s.text in SAME_DAYS]
    assert sorted(theme.contrary_keys) == sorted(routine_members)


def test_interviews_that_are_the_work_are_not_how_hiring_works():
    # Researchers, reporters and social workers interview people as their job; a hiring card must not claim them.
    at_work = ["usability tests with five patients every sprint, remote over Zoom",
               "fieldwork weeks: 3-4 research interviews a day, exhausting in a good way",
               "She spends most mornings interviewing sources for the week's story.",
               "Intake interviews with new families take up most of Monday."]
    hiring = ["The application took four months: an online test, a panel interview and a background check.",
              "Three rounds of job interviews, then a written exercise before the offer.",
              "Government hiring is slow - an assessment centre, then vetting."]
    _, _, theme = theme_labelled(at_work + hiring, "How hiring works")
    assert {text for _, _, text in theme.quotes} == set(hiring)
    assert theme.n_interviews == len(hiring)


def test_practising_for_job_interviews_is_not_quoted_as_interviewing_at_work():
    # Mock interviews prepare for a job interview: a card on interviews that are the job must not quote them.
    at_work = ["fieldwork weeks: four research interviews a day with patients",
               "Reporters spend most mornings interviewing sources for the story.",
               "usability tests with six users before anything ships",
               "Intake interviews with every new family in the first week."]
    practice = "a mentor from her bootcamp did mock interviews with her every week for two months"
    _, _, theme = theme_labelled(at_work + [practice], "Interviewing as part of the work")
    assert practice not in {text for _, _, text in theme.quotes}
    assert len(theme.quotes) >= 3


def test_day_log_entries_that_open_with_a_clock_time_are_read_as_the_start_of_the_day():
    # In day-in-the-life notes only the time says when an entry falls; the encoder reads "6:50 am" poorly, so
    # arrivals written this way used to scatter over unrelated ideas.
    arrivals = ["6:50 am: gets to the yard and clocks in.",
                "0715: onto the ward, changes into scrubs.",
                "7.40: into the classroom, puts the chairs down.",
                "8:05 am - unlocks the branch and switches the lights on."]
    others = ["Pay is about 31k after five years.",
              "Got the job through a friend at the council.",
              "2019: moved to Leeds for the apprenticeship."]
    finder, snippets, theme = theme_labelled(arrivals + others, "How the day starts")
    assert {snippets[i].text for i, t in enumerate(finder.assignments_) if t == theme.id} == set(arrivals)


def test_a_loose_group_is_not_shown():
    # Four notes whose lines are only loosely alike (pairwise cosine 0.3): close enough to merge at a wide
    # distance, too loose to be one idea.
    vectors = _loosely_alike(4, 0.3)
    notes, snippets = [], []
    # The lines share a phrase, so a tight group of them can be named in plain words.
    for i, text in enumerate(["The staff parking is awful near the depot.", "Staff parking fills up by eight.",
                              "Staff parking costs her forty pounds a month.",
                              "Staff parking is first come, first served."]):
        note = Note(path=f"n{i}.md", snippets=[Snippet(f"n{i}.md", 1, text)])
        notes.append(note)
        snippets.extend(note.snippets)
    finder = ThemeFinder(distance=0.8, min_coherence=0.5, codebook=False, context_weight=0).fit(
        snippets, notes, vectors)
    assert finder.themes_ == [] and finder.assignments_ == ["", "", "", ""]
    [dropped] = finder.dropped_
    assert sorted(dropped["members"]) == [0, 1, 2, 3] and dropped["coherence"] == pytest.approx(0.3, abs=0.01)
    # The same lines held closer together make a theme, with its coherence on record.
    tight = ThemeFinder(distance=0.8, min_coherence=0.25, codebook=False, context_weight=0).fit(
        snippets, notes, vectors)
    [theme] = tight.themes_
    assert theme.coherence == pytest.approx(0.3, abs=0.01)


def _loosely_alike(n: int, cosine: float):
    """``n`` unit vectors whose every pair has the given cosine similarity."""
    import numpy as np

    base = np.eye(n + 1, dtype="float32")
    shared = (cosine ** 0.5) * base[0]
    rows = [shared + ((1 - cosine) ** 0.5) * base[k] for k in range(1, n + 1)]
    return np.vstack(rows)


@pytest.mark.parametrize("cosine, shown", [(0.3, False), (0.55, True)])
def test_two_lines_alike_in_passing_are_not_a_theme(cosine, shown):
    """Two lines that open the same way ("Honestly, …") can pass the coherence bar of a larger theme; a theme of
    two members needs them to be clearly alike."""
    texts = ["Honestly the teaching part of the job is the easy part.",
             "Honestly he spent far more time on the teaching part than on tools."]
    notes = [Note(path=f"n{i}.md", snippets=[Snippet(f"n{i}.md", 1, t)]) for i, t in enumerate(texts)]
    snippets = [s for n in notes for s in n.snippets]
    finder = ThemeFinder(distance=0.8, codebook=False, context_weight=0).fit(
        snippets, notes, _loosely_alike(2, cosine))
    assert (len(finder.themes_) == 1) is shown
    assert all(finder.assignments_) is shown


def test_one_label_in_every_output(own_build):
    import csv
    import json

    syn, out = own_build
    assert syn.theme_records
    labels = {t.id: t.label for t in syn.theme_records}
    assert dict(zip(syn.themes["id"], syn.themes["label"])) == labels
    with open(out / "themes.csv", newline="", encoding="utf-8") as fh:
        assert {row["id"]: row["label"] for row in csv.DictReader(fh)} == labels
    with open(out / "snippets.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["theme_label"] == labels.get(row["theme"], "")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {t["id"]: t["name"] for t in report["themes"]} == labels
    html = (out / "report.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="card theme" id="theme-([^"]+)">\s*<h3>([^<]+)</h3>', html)
    assert cards
    import html as html_lib

    assert all(html_lib.unescape(name) == labels[theme_id] for theme_id, name in cards)


def test_an_answer_is_read_with_the_question_it_answers(tmp_path):
    import infosynth

    # Four interviewees say no one works from home, each in an answer that does not name the topic: only the
    # question does. Read with their questions, the answers make one theme.
    notes = {
        "01-nurse.md": ("# Coffee with Ana Ruiz, ICU nurse", "twelve-hour night shifts, three a week",
                        "can you work from home at all?", "no, the unit needs you on the floor every single shift"),
        "02-clerk.md": ("# Call with Linda Okafor, court clerk", "runs the civil filing counter, mornings are busiest",
                        "any remote options?", "not really, the public counter is staffed in person all day"),
        "03-electrician.md": ("# Renee Castellanos, electrician", "on site by 6:30, commercial buildouts",
                              "could you ever do this job from home?", "ha, no. you have to be where the wire is"),
        "04-teacher.md": ("# Keisha Lindqvist, English teacher", "150 students across five sections",
                          "is working from home possible?",
                          "outside of marking on weekends, no, you teach in the building"),
    }
    for name, (title, fact, question, answer) in notes.items():
        (tmp_path / name).write_text(f"{title}\n- {fact}\n- Q: {question}\n  - {answer}\n", encoding="utf-8")
    syn = infosynth.build(tmp_path, cache=False)
    snippets = syn.snippets
    answers = snippets[snippets.text.isin([a for *_, a in notes.values()])]
    assert len(answers) == 4
    assert answers.theme_label.nunique() == 1 and answers.theme_label.iloc[0] == "Remote and hybrid work"
    assert not snippets[snippets.kind == "question"].theme.astype(bool).any()  # the questions themselves: never
    # The card shows each answer after its question, in the report and in the mentor's copy.
    out = tmp_path / "out"
    syn.render(out, share=True)
    report = (out / "report.md").read_text(encoding="utf-8")
    quote_lines = [line for line in report.splitlines() if line.startswith("> ")]
    quoted = [(q, a) for _, _, q, a in notes.values() if any(a in line for line in quote_lines)]
    assert quoted and all(f"> *Asked: {q}* {a}" in quote_lines for q, a in quoted)
    assert "Asked: " in (out / "shared" / "mentor.html").read_text(encoding="utf-8")


def test_a_discovered_card_shows_an_idea_in_the_words_of_several_interviews():
    question = "Q: what background helps most?"
    snippets = [Snippet("a.md", 3, "Running a call center: calming down upset people on the phone", heading=question),
                Snippet("b.md", 3, "Said my background in retail helps more than I'd think", heading=question),
                Snippet("a.md", 5, "Her team meets every Tuesday to plan the week"),
                Snippet("b.md", 6, "Parking downtown costs a fortune")]
    notes = [Note(path="a.md", title="a"), Note(path="b.md", title="b")]
    vectors = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype="float32")
    finder = ThemeFinder(codebook=False).fit(snippets, notes, vectors)
    # The two answers sit together, and their question gives them the words "background" and "helps"; but only one
    # interviewee says them. A card would quote one person under a label no one else used.
    assert finder.themes_ == []
