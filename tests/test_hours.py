"""Working hours stated in a line settle which side of *Long hours* it takes (sentence vectors cannot tell
"8:30 to 5" from "7am to 8pm")."""

import pytest

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
]
REASONABLE = [
    "Hours are 7 to 3:30, Monday to Friday, and he's home for dinner.",
    "hours are sane - 8:30 to 5, lunch away from the desk",
    "M-F 8-4:30, no weekends since she left retail",
    "a 37.5-hour week, overtime paid and rare",
    "the 3-11 shift at the plant, and then she's done",
    "Part-time by choice, 25 hours a week.",
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
