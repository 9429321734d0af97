"""Words and dates, for every stage that reads text.

* words: :func:`tokens`, :data:`STOP_WORDS`, the lookup-lemma pipeline and table (:func:`lemma_pipeline`,
  :func:`lemma_table`, :func:`lemma_of`, :func:`lemmas`), the lemma uni/bigram analyzer;
* dates: :func:`to_date` (lenient: anything date-like, else None), :func:`parse_date` (a date as people write it
  in front matter, else ``ValueError``), :func:`date_from_file_name` ("2026-03-02-ana.md"), and
  :func:`current_date`, the build's "today".

The name-detection word lists of the shared copy are :mod:`infosynth.sharing.words`.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language


def lemma_pipeline() -> "Language":
    # Always the lookup-lemma pipeline: patterns and texts must be lemmatised the same way, and a trained
    # tagger would lemmatise an isolated pattern differently from the same words in a sentence.
    try:
        from .nlp import get_nlp

        return get_nlp("blank")
    except Exception:  # pragma: no cover - only while the shared pipeline is unavailable
        import spacy

        return spacy.blank("en")


DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


WHITESPACE = re.compile(r"\s+")

#: An Obsidian-style link, "[[Dana Okafor]]" or "[[dana-okafor|Dana]]": read as its text (the alias if any).
WIKILINK = re.compile(r"\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")


def unlinked(text: str) -> str:
    """``text`` with its wikilinks replaced by what they show.

    >>> unlinked("[[Dana Okafor]] via [[jess-r|Jess R.]]")
    'Dana Okafor via Jess R.'
    """
    return WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)


WORD_TOKEN = re.compile(r"[a-z][a-z0-9+#]*(?:['’][a-z]+)?|\d+[a-z]*")


STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves s t don didn
doesn isn wasn aren re ve ll d m o y get got gets getting really lot lots thing things much many one ones
way also said says say like just even still always never every well back going go goes went
""".split())


def lemma_table():
    """The shipped lookup lemmatizer's table (the one the shared spaCy pipeline uses), or None when it is missing.

    Read without spaCy (:mod:`infosynth._fast.lookups`): a build whose notes all come from the cache labels its themes
    without importing it.
    """
    from ._fast.lookups import lemma_lookup

    return lemma_lookup()


@functools.lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    table = lemma_table()
    if table is None:
        return word
    lemma = table.get(word, word)
    # The lookup table turns ordinals into digits ("first" -> "1"); a word stays a word.
    return word if lemma.isdigit() != word.isdigit() else lemma


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (apostrophes folded).

    >>> tokens("She's on-call; 12-hour shifts!")
    ["she's", 'on', 'call', '12', 'hour', 'shifts']
    """
    return WORD_TOKEN.findall(text.lower().replace("’", "'"))


def lemmas(text: str) -> list[str]:
    """Content lemmas of ``text``: stopwords dropped, inflections folded.

    >>> lemmas("Nurses were working long shifts")
    ['nurse', 'work', 'long', 'shift']
    """
    return list(analysed_words(text)[1])


# Every step of a fit (codebook filter, discovery, ids, quotes) asks about the same texts: each is analysed
# once. Bounded so that a long-lived process does not grow without limit (a few hundred bytes per text).
@functools.lru_cache(maxsize=1 << 18)
def analysed_words(text: str) -> tuple[int, tuple[str, ...]]:
    """Number of tokens and content lemmas of ``text``."""
    words = tokens(text)
    out = []
    for tok in words:
        tok = tok.split("'")[0]
        if tok in STOP_WORDS or len(tok) < 2:
            continue
        lemma = lemma_of(tok)
        if lemma not in STOP_WORDS:
            out.append(lemma)
    return len(words), tuple(out)


def lemma_analyzer(text: str) -> list[str]:
    """Unigram and bigram lemma features for the TF-IDF vectoriser."""
    words = analysed_words(text)[1]
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))]


# A transcript's time stamp before a speaker's label: "[10:32] Me: …".
TIME_STAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s+)?"


# The note-taker's label before a question: "Q:", "Q1.", "Question:", "Me:", "Interviewer:", "Q for her:",
# "Q for him (didn't ask):" (any case).
NOTE_TAKER_LABEL = r"(?:q\d*(?:\s+(?:for|to)\s+(?:her|him|them|me|myself)(?:\s*\([^()]{0,30}\))?)?|question|me|interviewer)"
# A question's own label before a bracket or a dash: "Q) …", "Q - …", "Question 2 – …".
QUESTION_LABEL_END = r"(?:q\d*|question\s*\d*)\s*(?:\)|\s[-–—])"
_QUESTION_LABEL = re.compile(rf"^\s*{TIME_STAMP}(?:{NOTE_TAKER_LABEL}\s*[:.]|{QUESTION_LABEL_END})\s*", re.I)


@functools.lru_cache(maxsize=4096)  # a note's lines share a few headings: most calls repeat one
def asked_in(heading: str) -> str:
    """The question a snippet answers, when its heading path ends on one ("" otherwise).

    >>> asked_in("Background > Q: did you go thru a recruiter?"), asked_in("Typical day"), asked_in("Q) pay ok?")
    ('did you go thru a recruiter?', '', 'pay ok?')
    """
    last = (heading or "").rsplit(" > ", 1)[-1].strip()
    if not (last.endswith("?") or _QUESTION_LABEL.match(last)):
        return ""
    return _QUESTION_LABEL.sub("", last).strip()


def text_in_context(text: str, heading: str = "") -> str:
    """What the encoder reads for a snippet: its text, after the question it answers when it sits under one.

    An answer often does not say what it is about ("no, a college friend walked her resume in" under "Q: did you
    go thru a recruiter?"); read with its question, it lands near the idea it speaks to.

    >>> text_in_context("no, a friend walked her resume in", "Background > Q: did you go thru a recruiter?")
    'did you go thru a recruiter? no, a friend walked her resume in'
    >>> text_in_context("Nights on the ward", "Typical day")
    'Nights on the ward'
    """
    question = asked_in(heading)
    return f"{question} {text}" if question else text


# A line whose subject points back ("This was the part she loved.", "That means long weekends.") only makes sense
# after the line before it; "this job", "that year" name what they point at.
_POINTING_OPENER = re.compile(r"\W*(?:this|that|these|those)\b", re.IGNORECASE)


def leans_on_earlier_line(text: str) -> bool:
    """True when a line's subject is a pronoun standing for something said before it, so that read alone (as a
    quote on a theme card) it says less than it did in the note.

    >>> leans_on_earlier_line("This was the part she was most passionate about.")
    True
    >>> leans_on_earlier_line("That means long weekends."), leans_on_earlier_line("This process takes a year.")
    (True, False)
    >>> leans_on_earlier_line("This job rewards patience."), leans_on_earlier_line("But nights are long.")
    (False, False)
    """
    if not _POINTING_OPENER.match(text):  # most lines: one match, no tokenising
        return False
    words = WORD_TOKEN.findall(text.lower().replace("’", "'")[:80])
    # "That's…", "This was…", "That means…": a pronoun before a verb; "this process", "that class" are a thing,
    # and "those who…" says who it means.
    after = words[1] if len(words) > 1 else ""
    singular_verb = words[0] in ("this", "that") and after.endswith("s") and not after.endswith(("ss", "is", "us"))
    return "'" in words[0] or after in STOP_WORDS and after not in ("who", "whom") or singular_verb


# Names how text_for_themes reads a line; whatever stores vectors of lines read so (the codebook index) keys on it,
# so it changes whenever the reading does.
THEME_READING = "question then answer; an opening clock time as the part of the day (12 am is night)"


def text_for_themes(text: str, heading: str = "") -> str:
    """What the theme finder's vectors read: :func:`text_in_context`, with an opening clock time said as the part
    of the day (:func:`with_time_of_day`).

    Only themes read the time so: "In the morning, takes the dog out" is as much about the start of a day as
    "In the morning, takes handover", which a recurring idea may group, while the tagger must still tell a
    personal routine (no career content) from work.

    >>> text_for_themes("0715: onto the ward", "Typical day")
    'In the morning, onto the ward'
    """
    return text_in_context(with_time_of_day(text), heading)


# A clock time opening a line ("7:35 am:", "0703 -", "8.00:", "5:30am start"). "8.00" and a four-digit time must be
# followed by a separator ("3.50 an hour" is money), and a four-digit time may not read as a year ("2019: …").
LEADING_CLOCK_TIME = re.compile(
    r"^\s*(?:(?P<hour>\d{1,2})(?:[:.]\d{2})?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?P<hour24>\d{1,2})(?::[0-5]\d(?![\d.])|\.[0-5]\d(?=\s*[:\-\u2013]))"
    r"|(?!19|20)(?P<military>[01]\d|2[0-3])[0-5]\d(?=\s*[:\-\u2013]))"
    r"(?P<separator>\s*[:\-\u2013,]\s*)?", re.I)


def with_time_of_day(text: str) -> str:
    """A line that opens with a clock time, said with the part of the day it falls in.

    The encoder reads digits poorly, so "7:35 am: gets into the library" lands far from lines on how the day
    starts, and near whatever its other words suggest. In day-in-the-life notes the time is what places an
    entry in the day: a log entry's time ("7:35 am: …") is replaced by the part of the day; a time that is itself
    what the line says ("5:30am start, done by 2") stays, after it.

    >>> with_time_of_day("7:35 am: gets into the library.")
    'In the morning, gets into the library.'
    >>> with_time_of_day("1830 - handover to the night shift")
    'In the evening, handover to the night shift'
    >>> with_time_of_day("5:30am start, done by 2")
    'In the morning, 5:30am start, done by 2'
    >>> with_time_of_day("12:30 am: last orders"), with_time_of_day("12.15: lunch at her desk")
    ('In the night, last orders', 'In the afternoon, lunch at her desk')
    >>> with_time_of_day("2019: moved to Leeds"), with_time_of_day("3.50 an hour, cash in hand")
    ('2019: moved to Leeds', '3.50 an hour, cash in hand')
    """
    found = LEADING_CLOCK_TIME.match(text)
    if not found or found.end() >= len(text):
        return text
    hour = int(found.group("hour") or found.group("hour24") or found.group("military"))
    if hour > 23:
        return text
    half = (found.group("half") or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:  # "12:30 am" is just after midnight
        hour = 0
    part = ("night" if hour < 4 else "morning" if hour < 12 else "afternoon" if hour < 17 else "evening" if hour < 22
            else "night")
    separator = (found.group("separator") or "").strip()
    rest = text[found.end():] if separator and separator != "," else text.strip()
    return f"In the {part}, {rest}"


def current_date() -> dt.date:
    """The date a build runs on: ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set, else the local date.

    Everything dated "now" reads it (the report's "made on" line, the plan's next quarter, what is overdue), so a
    rebuild of the same notes under the same ``SOURCE_DATE_EPOCH`` gives the same bytes on any day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def to_date(value: Any) -> dt.date | None:
    """A ``datetime.date`` from a date, datetime, pandas Timestamp or ISO string; None for anything missing.

    >>> to_date("2026-02-10T09:30"), to_date(float("nan")), to_date(None), to_date("soon")
    (datetime.date(2026, 2, 10), None, None, None)
    """
    if value is None or value == "" or (isinstance(value, float) and value != value) or str(value) in ("NaT", "nan"):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamp is a datetime too
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_date(value: Any) -> dt.date | None:
    """A date as written in front matter (ISO, "14 May 2026", "May 14, 2026", "2026-05"); None when empty.

    >>> parse_date("May 14, 2026"), parse_date("")
    (datetime.date(2026, 5, 14), None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y-%m"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not a date like 2026-05-14")


def date_from_file_name(name: str) -> dt.date | None:
    """The date a file name starts with ("2026-03-02-ana-ruiz.md"), or None."""
    match = DATE_PREFIX.match(name)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
