"""What a line states outright settles which side of an idea it takes where sentence vectors cannot: its working
hours under *Long hours* ("8:30 to 5" against "7am to 8pm"), whether a degree is needed under *No specific
degree needed* ("is the floor" against "nobody asked"), and how hard the first job is to get under *Hard to get
the first job* ("hundreds of applicants" against "desperate for")."""

import pytest

from infosynth.analysis.themes.degrees import degree_stance
from infosynth.analysis.themes.entry import entry_stance
from infosynth.analysis.themes.hours import hours_stance

# Written for these tests, in many fields.
LONG = [
    "Harvest weeks are 14 hr days, and nobody gets a Sunday.",
    "Filing season: 55-60 hour weeks from February to April.",
    "7am to 8pm on show days, then the get-out after that.",
    "12-hr shifts on the ward, three or four a week",
    "works sixty hours a week and calls it normal",
    "the hours aren't normal - galas, evenings, weekends, whenever donors are free",
    "no such thing as 9-5 in event planning lol",
    "firefighters here work 24-hour shifts",
    "nights on the unit, 7p-7a, three in a row",
]
REASONABLE = [
    "Hours are 7 to 3:30, Monday to Friday, and he's home for dinner.",
    "hours are sane - 8:30 to 5, lunch away from the desk",
    "M-F 8-4:30, no weekends since she left retail",
    "a 37.5-hour week, overtime paid and rare",
    "the 3-11 shift at the plant, and then she's done",
    "Part-time by choice, 25 hours a week.",
    "clinic days 8a-4:30p, no call",
]
NEITHER = [
    "3-4 research interviews a day, exhausting in a good way",  # a count, not a clock
    "needs a 40-hr prelicensing course before the exam",  # hours of study
    "rain forecast in 24 hrs means no spraying",  # a time until
    "call was Thurs 4/11, 7:15-8:00pm",  # the meeting, not the workday
    "the registration software cut 20 hours a month of data entry",  # a saving, not a week
    "left her 9-5 job for the kitchen",  # a nine-to-five given up, not worked
    "9-5 hours most of the year, 70-hour weeks in tax season",  # both: for the model to weigh
    "The hours are brutal in the first years of practice.",  # no figure: for the model
]


@pytest.mark.parametrize("line", LONG)
def test_long_hours_stated_outright(line):
    assert hours_stance(line) == 1.0


@pytest.mark.parametrize("line", REASONABLE)
def test_reasonable_hours_stated_outright(line):
    assert hours_stance(line) == 0.0


@pytest.mark.parametrize("line", NEITHER)
def test_hours_of_something_else_or_of_both_sides_are_left_to_the_model(line):
    assert hours_stance(line) is None


def test_an_hours_card_quotes_only_lines_on_its_side():
    # The encoder reads "the hours are not normal" as close to "a very normal 8:30-5": without the stated hours, a
    # card named "Reasonable hours" quoted it as support.
    from test_themes import one_line_notes

    from infosynth.analysis.themes.finder import ThemeFinder

    reasonable = ["Hours 8-4:30, M-F, she has not had a weekend shift in years",
                  "hours are a very normal 8:30-5, she logs off and that is it",
                  "Schedule is 7:30 to 4, home by 4:30 every day"]
    long_ = ["the hours are not normal, events happen nights and weekends"]
    snippets, notes = one_line_notes(reasonable + long_)
    cards = [t for t in ThemeFinder().fit(snippets, notes).themes_ if t.label in ("Long hours", "Reasonable hours")]
    assert cards
    for card in cards:
        quoted = {text for _, _, text in card.quotes}
        assert quoted <= set(long_ if card.label == "Long hours" else reasonable), (card.label, quoted)


# Written for these tests, in fields the sets do not cover.
DEGREE_NOT_NEEDED = [
    "Half the brewers she knows never went to college.",
    "The airline doesn't care what your degree is in, only the licence and the hours.",
    "Nobody at the port asked about his degree; they asked if he could drive a reach stacker.",
    "Any bachelor's gets you into the trainee scheme, the subject isn't checked.",
    "She got hired with no diploma at all and now runs the surveying crew.",
]
DEGREE_NEEDED = [
    "A geology degree is the floor for any field job there.",
    "Port pilots must hold the marine science degree first, no exceptions.",
    "Museums want art history graduates, full stop.",
    "Without the dietetics degree you top out as an assistant.",
    "The state won't license anyone without the accredited bachelor's.",
]
DEGREE_LEFT_TO_THE_MODEL = [
    "Degree in recreation management, then three seasons as an aide.",  # a degree held, no view on needing it
    "You don't need the master's to start, but it's required to move up.",  # both sides
    "The field school is required for the certificate.",  # a requirement, but of no degree
    "She got hired without one and now runs the surveying crew.",  # "one" is a degree only in the line before
]


@pytest.mark.parametrize("line", DEGREE_NOT_NEEDED)
def test_a_degree_said_not_to_be_needed(line):
    assert degree_stance(line) == 1.0


@pytest.mark.parametrize("line", DEGREE_NEEDED)
def test_a_degree_said_to_be_needed(line):
    assert degree_stance(line) == 0.0


@pytest.mark.parametrize("line", DEGREE_LEFT_TO_THE_MODEL)
def test_a_degree_line_that_takes_no_side_or_both_is_left_to_the_model(line):
    assert degree_stance(line) is None


# Written for these tests, in fields the sets do not cover.
ENTRY_HARD = [
    "Only two trainee places a year and hundreds of applicants for each.",
    "She applied to 40 studios before one said yes.",
    "Sent out CVs for a year and never heard back from most of them.",
    "Air traffic control training is brutally competitive.",
    "It's hard to get a foot in the door without someone vouching for you.",
]
ENTRY_EASY = [
    "Bus companies are desperate for drivers and will pay for the licence.",
    "The pharmacy chains are always hiring techs.",
    "Care homes can't fill night posts, so new starters get offers within a week.",
    "He was hired on the spot at the open day.",
    "Honestly it's not that hard to get in if you have the ticket.",
]
ENTRY_LEFT_TO_THE_MODEL = [
    "Despite the shortage of welders, the good shops still get hundreds of applicants.",  # both
    "Sales is mostly rejection; you learn not to take it personally.",  # rejections at work, not in the search
    "The first year on the wards is exhausting.",  # about the job, not getting it
]


@pytest.mark.parametrize("line", ENTRY_HARD)
def test_a_first_job_said_to_be_hard_to_get(line):
    assert entry_stance(line) == 1.0


@pytest.mark.parametrize("line", ENTRY_EASY)
def test_a_first_job_said_to_be_easy_to_get(line):
    assert entry_stance(line) == 0.0


@pytest.mark.parametrize("line", ENTRY_LEFT_TO_THE_MODEL)
def test_a_line_on_getting_in_that_takes_no_side_or_both_is_left_to_the_model(line):
    assert entry_stance(line) is None
