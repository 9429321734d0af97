"""The conversation itself, as a note mentions it: a line that gives the meeting's medium, length and date."""

from __future__ import annotations

import re

# What a note says of the conversation itself, in fragments between commas or dashes: its medium ("Zoom", "Teams
# call", "in person"), its length ("~45 min", "10:15–10:55") and its date ("sat 3/16", "Apr 18").
_CALL_MEDIUM = r"(?:zoom|teams|phone|video|facetime|skype|google meet|in[- ]person)(?:\s+call)?|(?:phone\s+|video\s+)?call"
_CALL_LENGTH = r"\d{4}\s*[-–]\s*\d{4}|(?:about\s+|~\s*)?(?:an|one|half an)\s+hour\.?|~?\s*\d+(?:ish)?\s*(?:min|mins|minutes|hr|hrs|hours?)\.?|\d{1,2}(?::\d{2})?\s*(?:[ap]m)?\s*[-–]\s*\d{1,2}(?::\d{2})?\s*(?:[ap]m)?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CALL_DATE = (r"(?!24/7)(?:(?:mon|tue|tues|wed|weds|thu|thurs|fri|sat|sun)[a-z]*\.?\s+)?(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
              rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{_MONTH}(?=\W|$))")  # "Apr 18", "5 MAR"
_CALL_PART = re.compile(rf"(?P<medium>{_CALL_MEDIUM})|(?P<length>{_CALL_LENGTH})|(?P<date>{_CALL_DATE})|"
                        r"(?:at|on|around|approx\.?|\d{1,2}(?::\d{2})?\s*[ap]m)", re.I)
# "HOW: Google Meet, 45 min", "When: Sat 2/24, ~1 hr": a template's label before them.
_FIELD_LABEL = re.compile(r"^\s*(?:how|when|where|format|medium|mode|date|time)\s*:\s*", re.I)
_FRAGMENTS = re.compile(r"(?:\s*(?:[,;|()·•]|(?<!\S)[-–—/](?!\S))\s*)+")


# How long someone gave, said within a clause: "she gave me 50 min on her day off".
_GAVE_TIME = re.compile(r"\b(?:gave me|had|talked for|spoke for|chatted for)\s+(?:about\s+|~\s*)?\d+\s*"
                        r"(?:min|mins|minutes|hrs?|hours?)\b", re.I)


# A meeting's time, not a log entry's ("6pm: the staff tasting" opens what happened then).
_CLOCK_TIME = re.compile(r"\d{1,2}(?::\d{2})?\s*[ap]\.?m\b(?!\.?\s*[:\-–—])", re.I)


def about_the_call(text: str, loose: bool = False) -> bool:
    """Whether fragments of ``text`` made of nothing but the conversation's medium, length or date name two of
    them: "Apr 18, Teams call, 30 min", "Kwame Boateng - CareWay Rx - sat 3/16 - phone 20 min", "Zoom, 40 min, he
    had his camera off". A fragment with any other word ("phone screen, then a 45 min panel") says nothing of it.

    >>> about_the_call("Mon 3/25, in person, she gave me a tour"), about_the_call("Phone screen, then 45 min panel")
    (True, False)
    >>> about_the_call("On call 1 wk/month, phone 24/7")
    False
    >>> about_the_call("Mar 28 · phone · 30ish min · (her hygienist gave me her #)")
    True
    >>> about_the_call("tom w (micro) - phone 3/5 on his lunch ~25 min"), about_the_call("20 min phone screen with HR")
    (True, False)
    >>> about_the_call("HOW: Google Meet, 45 min (he was late)"), about_the_call("Marcus – coffee at Bean There, Sat 2/24, ~1 hr")
    (True, True)
    >>> about_the_call("5 MAR / zoom / 25 min, he ate lunch on cam"), about_the_call("20 MAR, 0900-1030, rm 114.")
    (True, True)

    ``loose``, for a note's opening lines: beside a fragment that is only a date, medium or length, a fragment that
    opens with one and goes on to say where or how counts too.

    >>> line = "In person at her office on Dock Rd — Wed 5/1, 10am, an hour plus a tour of the floor"
    >>> about_the_call(line), about_the_call(line, loose=True)
    (False, True)
    >>> about_the_call("Clearwater Recovery · her office · Sat 4/6 · she gave me 50 min on her day off", loose=True)
    True
    >>> about_the_call("Coffee at Bettany's Diner, Sat 2/17. She's freelance, 27 years in.", loose=True)
    False
    >>> about_the_call("Tues 3/12, 2:30pm before service, at the bar."), about_the_call("Tues 3/12, 2:30pm at the bar.", loose=True)
    (False, True)
    """
    found: set[str] = set()
    near: set[str] = set()  # what fragments that say more besides give
    for fragment in _FRAGMENTS.split(_FIELD_LABEL.sub("", text)):
        if not _CALL_PART.match(fragment):  # such a fragment opens with one of them; nearly every other one does not
            continue
        parts = list(_CALL_PART.finditer(fragment))
        kinds = {kind for part in parts for kind, value in part.groupdict().items() if value}
        rest = _CALL_PART.sub("", fragment).split()
        # All three at once leave room for a word or two of circumstance: "phone 3/5 on his lunch ~25 min".
        if not rest or (len(kinds) == 3 and len(rest) <= 3):
            found.update(kinds)
        else:
            near.update(kinds)
    if loose and found and _GAVE_TIME.search(text):
        near.add("length")
    if loose and found and any(_CLOCK_TIME.match(f) for f in _FRAGMENTS.split(text)):
        near.add("time")  # "Tues 3/12, 2:30pm before service, at the bar."
    return len(found) >= 2 or loose and bool(found) and len(found | near) >= 2
