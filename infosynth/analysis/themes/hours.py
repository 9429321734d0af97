"""The working hours a line states, read as long or reasonable.

Sentence vectors read "8:30 to 5, no weekends" and "7am to 8pm" as much the same line, and "the hours are not
normal" much as "normal hours": the stance model of the *Long hours* idea cannot tell them apart from meaning
alone. When a line states its hours plainly (a span of the clock, hours a day, a week or a shift, or regular
hours denied), the numbers settle which side it takes; otherwise the model decides.
"""

from __future__ import annotations

import re

# More hours than this in a week, or in one day or shift, are long hours; up to the lower figures, reasonable.
LONG_WEEK, REASONABLE_WEEK = 48.0, 40.0
LONG_DAY, REASONABLE_DAY = 11.0, 9.0

_WORD_NUMBERS = {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30,
                 "thirty-five": 35, "thirty-seven": 37, "forty": 40, "forty-five": 45, "fifty": 50,
                 "fifty-five": 55, "sixty": 60, "seventy": 70, "eighty": 80}
_NUMBER = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")"

# An amount of hours and what it is counted over: "50-55 hr wks", "60-hour weeks", "16 hr shifts", "37.5 hours a
# week", "twelve-hour days".
_AMOUNT = re.compile(
    rf"\b(?P<low>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}))?\+?\s*-?\s*(?:hr|hrs|hour|hours|h)\b\.?"
    r"(?:\s*(?:a|an|per|/|each|every)?\s*(?P<per>wk|wks|week|weeks|day|days|shift|shifts|night|nights)\b)?",
    re.I)
# A span of the clock: "8:30–5", "7am to 8pm", "7a-7p", "8-4:30", "from 6 till 6". Either end needs a colon or am/pm, or
# the span must follow a word that says it is working time, so that "3-4 interviews" or "2-3 weeks" is not one.
_CLOCK = r"(?P<{0}h>\d{{1,2}})(?::(?P<{0}m>[0-5]\d))?\s*(?P<{0}x>am|pm|a\.m\.|p\.m\.|(?<=\d)[ap](?![\w.]))?"
_SPAN = re.compile(
    r"(?P<lead>\b(?:hours?|hrs|shifts?|works?|working|in at|from|starts?|m-f|mon-fri|normal|usual|"
    r"usually|typically|basically)\b[^\d]{0,12})?"
    r"(?<![\d:$£€])" + _CLOCK.format("a") + r"\s*(?:-|–|—|to|till|until|'?til)\s*" + _CLOCK.format("b") +
    r"(?![\d%k]|\s*(?:hr|hrs|hours?|h|min|mins|minutes|yrs|years?|wks|weeks?|months?|days|people|ppl|%)\b)"
    r"(?P<trail>\s*shifts?\b)?", re.I)
# Regular hours denied: "the hours are not normal", "no such thing as a 9-5", "not a nine-to-five job".
_DENIED = re.compile(
    r"\b(?:not|no|never|isn't|aren't|ain't)\b(?:\s+(?:such\s+thing\s+as|really|exactly|at\s+all|a|an|your))*\s+"
    r"(?:(?:normal|regular|standard|typical|sane)\s+hours\b|9\s*(?:-|–|to)\s*5\b|nine[- ]to[- ]five\b)|"
    r"\bhours\s+(?:are|were)\s+(?:not|never)\s+(?:normal|regular|sane|reasonable)\b|"
    r"\bhours\s+(?:aren't|weren't)\s+(?:normal|regular|sane|reasonable)\b", re.I)


def hours_stance(text: str) -> float | None:
    """1.0 when ``text`` states long working hours, 0.0 when it states reasonable ones, None when it states
    neither plainly (or both: "9-5 hours most weeks, 70-hour weeks in tax season" is the model's to weigh).

    >>> hours_stance("50-55 hr wks normal, more near turnover"), hours_stance("hours are very 8:30–5, no weekends")
    (1.0, 0.0)
    >>> hours_stance("the hours are not normal, events happen nights + weekends"), hours_stance("3-4 interviews a day")
    (1.0, None)
    """
    clean = text.replace("’", "'")
    sides = set()
    if _DENIED.search(clean):
        sides.add(1.0)
    for match in _AMOUNT.finditer(clean):
        side = _amount_side(match, clean)
        if side is not None:
            sides.add(side)
    for match in _SPAN.finditer(_DENIED.sub(" ", clean)):  # (a denied "9-5" is not a span worked)
        if _is_clock_time(match):
            side = _span_side(match)
            if side is not None:
                sides.add(side)
    return sides.pop() if len(sides) == 1 else None


def _is_clock_time(match: re.Match[str]) -> bool:
    """Whether a span reads as clock time: a word of working time before it or "shift" after it, minutes, or am
    and pm (a lone "a" or "p" only at both ends, "7a-7p": "Form 7a-3" is no time of day)."""
    start, end = match["ax"] or "", match["bx"] or ""
    return bool(match["lead"] or match["trail"] or match["am"] or match["bm"] or len(start) > 1 or len(end) > 1 or
                (start and end))


def _number(word: str) -> float:
    return float(word) if word[0].isdigit() else float(_WORD_NUMBERS[word.lower()])


# Hours of something other than work: "a 32-hr course", "40 hrs of training", "rain forecast in 24 hrs".
_NOT_WORKED_AFTER = re.compile(
    r"\s*(?:(?:a|an|per|/)\s*(?:month|months|year|yr|season|semester|term)\b|(?:of\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:course|training|class|classes|program|programme|cert|certificate|card|exam|drive|driving|commute|flight|"
    r"volunteer|volunteering|credits?|ceus?|continuing|lectures?|modules?)\b|(?:away|ahead|notice|later|earlier|ago)\b)",
    re.I)
_NOT_WORKED_BEFORE = re.compile(r"\b(?:in|within|after|every|than|per|for\s+the\s+next|last|first)\s*$", re.I)


def _amount_side(match: re.Match[str], text: str) -> float | None:
    if not match["per"] and (_NOT_WORKED_AFTER.match(text, match.end()) or
                             _NOT_WORKED_BEFORE.search(text, 0, match.start())):
        return None
    low = _number(match["low"])
    hours = (low + _number(match["high"])) / 2 if match["high"] else low
    per = (match["per"] or "").lower()
    if per.startswith(("wk", "week")) or (not per and hours >= 25):  # "works 60 hours", "37.5 hours"
        return 1.0 if hours >= LONG_WEEK else 0.0 if hours <= REASONABLE_WEEK else None
    if per or 6 <= hours <= 24:  # a day or a shift ("12-hour shifts", "a 16 hr day")
        return 1.0 if hours >= LONG_DAY else 0.0 if 6 <= hours <= REASONABLE_DAY else None
    return None


def _span_side(match: re.Match[str]) -> float | None:
    start = _clock(match["ah"], match["am"], match["ax"])
    end = _clock(match["bh"], match["bm"], match["bx"])
    if start is None or end is None:
        return None
    if not match["ax"]:
        if match["bx"] and match["bx"].lower().startswith("p") and start < 12 and start + 12 < end:
            start += 12  # "7:15-8:00pm": both in the evening
        elif start < 6:
            start += 12  # "3-11": an afternoon start, not a night one
    if end <= start and not match["bx"]:
        end += 12  # "8:30 to 5": a working day ends in the afternoon or evening
    if end <= start:
        end += 24  # overnight, "7p-7a"
    hours = end - start
    if not 6 <= hours <= 20:  # not a working day as written ("5:30-9:30" of bird counts, "4-8 calls")
        return None
    return 1.0 if hours >= LONG_DAY else 0.0 if hours <= REASONABLE_DAY else None


def _clock(hour: str, minute: str | None, suffix: str | None) -> float | None:
    h = int(hour)
    if h > 24:
        return None
    value = h + (int(minute) / 60 if minute else 0.0)
    tag = (suffix or "").lower().replace(".", "")[:1]  # "pm", "p.m." and a nurse's "7p" alike
    if tag == "p" and h < 12:
        value += 12
    elif tag == "a" and h == 12:
        value -= 12
    return value
