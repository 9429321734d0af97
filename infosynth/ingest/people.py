"""Who a note is with, as the report names them, and what the body says about their job.

* :func:`display_name` — the interviewee(s) of a note in human form: ``person`` ("Laura DeLaune and Elizabeth
  Briggs"), else the note's title without meeting words ("UI designer at Target"), else role and
  organisation, else a file name made readable ("BLS economists"); never a raw file slug.
* :func:`job_from_body` — role, organisation and person written in the title or the first lines when the front
  matter has none: "Dev = Sr. Health Data Analyst @ St. Brigid Medical Center", "Pharmacist at Walgreens",
  a heading "James Whitaker, Nurse Manager", "First Officer, major UK airline".
* :func:`looks_like_organisation` — "Ithaca College" is not a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..text import DATE_PREFIX

_ORG_WORDS = {
    "college", "university", "school", "institute", "academy", "hospital", "clinic", "center", "centre", "bureau",
    "department", "agency", "office", "council", "ministry", "association", "foundation", "society", "inc",
    "inc.", "llc", "ltd", "ltd.", "corp", "corp.", "co", "co.", "company", "group", "partners", "bank", "library",
    "museum", "county", "city", "district", "board", "union", "church", "labs", "lab", "systems",
    "services", "solutions", "health", "medical", "airline", "airlines", "hotel", "restaurant", "firm", "studio",
    "press", "times", "gazette", "news", "magazine", "network", "media", "team", "project", "program",
    "brewing", "brewery", "brewers", "roasters", "bakery", "kitchen", "cafe", "café", "dentistry", "orthodontics",
    "dental", "guild", "farms", "winery", "distillery", "pharmacy", "veterinary", "theatre", "theater",
    # the app a call was on ("Google Meet, 5/9, 30 min") is no one met
    "meet", "zoom", "teams", "whatsapp", "facetime", "skype", "webex", "hangouts", "slack", "linkedin",
    "ctr", "dept", "dept.", "assn", "univ", "hosp", "plc",
}
# Marks that separate a title's parts as a dash does: "Anjali Menon 🚢 Guest Services Officer",
# "Nikhil Desai · Actuarial Analyst II", "Derek Whitfield / Riverbend Community Credit Union".
_PART_MARKS = re.compile(r"\s*[\u2600-\u27bf\U0001f000-\U0001faff]+\ufe0f?\s*|\s+[·•/]\s+")
# Words that open a note's title but say nothing about who it is with.
_MEETING = re.compile(
    r"^\s*(?:(?:an?\s+)?(?:informational\s+)?(?:interview|chat|call|coffee|meeting|conversation|notes?|q&a|"
    r"catch-?up|day in the life)(?:\s+(?:notes?|with|w/|of|about|-))*\s*[-–—:|]?\s*)+", re.I)
_MET_THE = re.compile(r"^.{0,40}?\b(?:coffee|call|chat|lunch|meeting|conversation|convo|interview)\s+(?:with|w/)\s+"
                      r"(?:the|a|an|my)\s+", re.I)
_DATE_OR_NUMBER = re.compile(r"^(?:\d{4}[-_]\d{2}[-_]\d{2}|\d{1,3})(?=[-_ ]|$)[-_ ]*")
_NOT_NAME_PARTS = re.compile(r"\s*\([^)]*\)")


def _value(note: Any, name: str) -> str:
    value = note.get(name, "") if isinstance(note, Mapping) else getattr(note, name, "")
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def join_names(names: Iterable[str]) -> str:
    """Several people as a reader says them.

    >>> join_names(["Laura DeLaune", "Elizabeth Briggs"]), join_names(["A", "B", "C"])
    ('Laura DeLaune and Elizabeth Briggs', 'A, B and C')
    """
    names = [n for n in (x.strip() for x in names) if n]
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def split_people(person: str) -> list[str]:
    """The people in a ``person`` value: "Laura DeLaune; Elizabeth Briggs", "A, B & C", a YAML list's text.

    >>> split_people("Laura DeLaune; Elizabeth Briggs"), split_people("Joshua Steele (joshuapsteele.com)")
    (['Laura DeLaune', 'Elizabeth Briggs'], ['Joshua Steele'])
    >>> split_people("John Andersen, DVM")
    ['John Andersen, DVM']
    """
    text = _NOT_NAME_PARTS.sub("", str(person or "")).strip(" []'\"")
    parts = [p.strip(" '\"") for p in re.split(r"\s*(?:;|\||&|\band\b|', ')\s*", text) if p.strip(" '\"")]
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",")]
        # "Jane Roe, Sam Lee" are two people; "John Andersen, DVM" and "Roe, Jane" are one.
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            out += pieces
        else:
            out.append(part)
    return out


def short_names(name: str, limit: int) -> str:
    """A display name that fits ``limit`` characters without cutting a name: later people become "+ N".

    >>> short_names("Laura DeLaune and Elizabeth Briggs", 20)
    'Laura DeLaune + 1'
    >>> short_names("Ms. Keisha Lindqvist", 17)
    'Keisha Lindqvist'
    """
    if len(name) <= limit:
        return name
    without_honorific = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?=\S)", "", name)
    if without_honorific != name:
        return short_names(without_honorific, limit)  # the honorific goes before any name is cut
    if "," in name and " and " not in name and len(name.split(",")[0]) <= limit:
        return name.split(",")[0]  # "Veterinarian, Essex Animal Hospital": the role alone
    # several people read "A, B and C" (see join_names); "Role, Organisation" is one
    people = re.split(r",\s+|\s+and\s+", name) if " and " in name else [name]
    if len(people) > 1:
        for keep in range(len(people) - 1, 0, -1):
            text = ", ".join(people[:keep]) + f" + {len(people) - keep}"
            if len(text) <= limit:
                return text
    words = name.split()
    text = ""
    for word in words:
        if len(text) + len(word) + 2 > limit:
            break
        text = f"{text} {word}".strip()
    return (text or name[: limit - 1]) + "…"


def looks_like_organisation(name: str) -> bool:
    """A capitalised name that is an organisation, not a person.

    >>> looks_like_organisation("Ithaca College"), looks_like_organisation("Priya Natarajan")
    (True, False)
    """
    words = [w.lower().strip(".,") for w in name.split()]
    return any(w in _ORG_WORDS for w in words)


def looks_like_job_title(text: str) -> bool:
    """A capitalised phrase that is a job title, not a name.

    >>> looks_like_job_title("First Officer"), looks_like_job_title("Ben Adeyemi"), looks_like_job_title("Crime Scene Tech")
    (True, False, True)
    """
    words = text.split()
    return _is_title(text) or bool(words) and words[-1].lower().strip(".") in _SHORT_JOB_WORDS


# Job words too ambiguous to head a title in running text ("tech" stack, "lead" time) but that end one in a heading.
_SHORT_JOB_WORDS = {"tech", "techs", "lead", "rep", "sup", "mgr", "asst", "coord", "admin"}


def readable_file_name(path: str) -> str:
    """A file name as words: "14-bls-economists.md" → "BLS economists".

    >>> readable_file_name("notes/14-bls-economists.md"), readable_file_name("2026-03-02-ana-ruiz.md")
    ('BLS economists', 'Ana ruiz')
    """
    stem = Path(str(path)).stem
    stem = _DATE_OR_NUMBER.sub("", stem)
    words = [w for w in re.split(r"[-_\s]+", stem) if w]
    out = []
    for i, w in enumerate(words):
        # Letters without a vowel read as an abbreviation ("bls", "hr", "cna").
        if len(w) <= 4 and not re.search(r"[aeiouy]", w.lower()):
            out.append(w.upper())
        else:
            out.append(w.capitalize() if i == 0 else w.lower())
    return " ".join(out)


def _clean_title(title: str, path: str) -> str:
    """The note's title without meeting words, remarks in brackets or the file name it may have come from."""
    if not title:
        return ""
    if title.strip() == title_from_name(Path(path).stem):
        return ""  # made from the file name: not written by the user
    text = _NOT_NAME_PARTS.sub("", title)
    text = _MEETING.sub("", text).strip(" -–—:|")
    text = re.sub(r"^(?:of\s+)?(?:an?|the)\s+", "", text, flags=re.I)
    text = re.split(r"\s+[-–—|]\s+|\s*:\s+", text)[0].strip()
    return text[:1].upper() + text[1:] if text else ""


def display_name(note: Any) -> str:
    """How the report names the interviewee(s) of a note (a ``Note``, a notes-table row or a dict).

    >>> display_name({"person": "Laura DeLaune; Elizabeth Briggs", "path": "a.md"})
    'Laura DeLaune and Elizabeth Briggs'
    >>> display_name({"person": "", "title": "14 bls economists", "path": "14-bls-economists.md"})
    'BLS economists'
    >>> display_name({"title": "Informational interview - UI designer at Target", "path": "08-ui.md"})
    'UI designer at Target'
    >>> display_name({"title": "", "role": "Veterinarian", "organization": "Essex Animal Hospital", "path": "01.md"})
    'Veterinarian, Essex Animal Hospital'
    >>> display_name({"role": "bakery owner (own shop)", "path": "b.md"}), display_name({"role": "iOS developer", "path": "i.md"})
    ('Bakery owner', 'iOS developer')
    """
    path = _value(note, "path") or _value(note, "note")
    person = _value(note, "person")
    if person:
        return join_names(split_people(person)) or person
    title = _clean_title(_value(note, "title"), path)
    if title and not title.endswith("?") and job_from_body(title, [])["role"]:
        return title  # the title names the job: "UI designer at Target"
    role, org = _value(note, "role"), _value(note, "organization")
    if role or org:
        job = ", ".join(x for x in (_NOT_NAME_PARTS.sub("", role).strip(), _NOT_NAME_PARTS.sub("", org).strip()) if x)
        # It stands where a name would ("Raised by Bakery owner, Sam"): a capital, unless the word has its own
        # ("iOS developer").
        return job[:1].upper() + job[1:] if job[:2].islower() else job
    if title and not title.endswith("?"):
        return title
    return readable_file_name(path) if path else ""


# ---------------------------------------------------------------------------------------- from the body
_CAP_RUN = r"[A-Z][\w&'’.\-]*(?:\s+(?:of|the|and|&|for|de|la)?\s*[A-Z][\w&'’.\-]*){0,5}"
_AT_ORG = re.compile(rf"^(?P<role>[^@,;(]{{2,60}}?)\s+(?:@|at)\s+(?P<org>{_CAP_RUN})")
_NAME_ROLE = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2}),\s+(?P<role>[^,;]{2,60})$")
_ROLE_ORG = re.compile(rf"^(?P<role>[^,;@]{{2,60}}?),\s+(?P<org>{_CAP_RUN})")
# "Shiv Reardon – exploration geologist (Karrabin Minerals, WA)", "Helen Marchetti, family mediator (Stillwater
# Family Mediation), 3/12": a name, a job and, in brackets, the employer (a place may follow it after a comma).
_NAME_ROLE_BRACKET = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2})(?:,|\s+[-–—])\s+"
                                rf"(?P<role>[^,;()@]{{2,60}}?)\s+\((?P<org>{_CAP_RUN})(?:,[^()]*)?\)")
_ROLE_NAME_BRACKET = re.compile(r"^(?P<role>[^,;()@]{2,60}?)\s+[-–—]\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2})"
                                rf"\s+\((?P<org>{_CAP_RUN})(?:,[^()]*)?\)")  # "Crime Scene Tech — Cilla Nakamura (…)"
_ROLE_REST = re.compile(r"^(?P<role>[^,;@]{2,60}?),\s+(?P<rest>[a-z].{1,60})$")
# What opens a first line before the job: a one-word label ("Dev = …", "Role: …"), a label of two or three words
# before a colon ("ROLE NOW: …", "Current role: …"), or the clock time of a live log ("14:04 art therapist at …").
_LABEL = re.compile(r"^\s*(?:[A-Z][\w'’.-]+\s*(?:=|:|-|–|—)\s*|[A-Za-z][\w'’]*(?:\s+[A-Za-z][\w'’]*){1,2}\s*:\s+|"
                    r"\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\.?)?\s*[-–—:]?\s+)")
# A career step told as it happened ("Marcus started as an HR coordinator at Lakeshore") says what someone did,
# not the job they hold now; a line with a pronoun ("Now I'm a case manager at …", "She did her MSW at Boston
# College") is a sentence, not a title.
_NARRATED = re.compile(r"\b(?:start(?:ed|s)?|beg[au]n|begins|work(?:ed|s)|join(?:ed|s)|mov(?:ed|es)|was|became|"
                       r"spent|used to|went|did|studied|trained)\b|\b(?:I|she|he|they)\b|\bI['’]m\b|\bmy\b", re.I)


def _bracketed(text: str) -> list[tuple[str, str]]:
    """What ``text`` says in brackets, read as a first line would be: "Coffee chat w/ J. Smith (PM @ Stripe)" gives
    the job after whom the meeting was with."""
    return [("bracket", inner) for inner in re.findall(r"\(([^()]{2,100})\)", text)]


def _dash_parts(text: str) -> list[str]:
    """The parts of a title or first line between spaced dashes or bars: "Ingrid Solvang — associate curator at …"."""
    return [p.strip() for p in re.split(r"\s+[-–—|]\s+", _PART_MARKS.sub(" | ", text)) if p.strip()]


def _title_words(text: str) -> list[str]:
    """The words of a phrase short enough to be a job title (none for a question or a long phrase)."""
    words = re.findall(r"[A-Za-z][\w\-']*", text)
    return [] if len(words) > 7 or text.rstrip().endswith("?") else words


def _ends_in_title_word(words: list[str], plural: bool = True) -> bool:
    """Whether the last word is a title head of the role lexicon ("designer", or with ``plural`` "nurses"); no
    spaCy needed."""
    from ..lexicon import role_vocabulary

    if not words:
        return False
    heads, _ = role_vocabulary()
    last = words[-1].lower()
    return any(w in heads or w in _MORE_TITLE_HEADS for w in ((last, last.rstrip("s")) if plural else (last,)))


# Last words of titles the role lexicon lacks: "Brewery owner", "Patient navigator".
_MORE_TITLE_HEADS = {"owner", "co-owner", "founder", "co-founder", "cofounder", "proprietor", "navigator"}


_GRADE = re.compile(r"\s+(?:I{1,3}|IV|V|[1-5])$")
# Short titles the role lexicon does not hold, read only in capitals as written ("Rafa Duarte, GM @ Copper Kettle").
_TITLE_ABBREVIATIONS = {"GM", "AGM", "SVP", "EVP", "CMO", "CIO", "CISO", "CNO"}


def _is_title(text: str, plural: bool = True) -> bool:
    """Whether a phrase reads as a job title: it ends in a title word of the role lexicon or in a title the role
    lexicon knows ("Senior HR Business Partner"), or names a title's field after "of" ("Director of Nursing").

    >>> [_is_title(t) for t in ("Head of People", "VP of Sales", "GM", "Senior HR Business Partner", "Old friends")]
    [True, True, True, True, False]
    """
    from ..lexicon import role_index

    text = _GRADE.sub("", text)  # "Probation Officer II", "Forensic Scientist 3"
    words = _title_words(text)
    if not words:
        return False
    if _ends_in_title_word(words, plural) or text.strip() in _TITLE_ABBREVIATIONS:
        return True
    if not plural and _ends_in_title_word(words):
        return False  # "Bellweather & Crane CPAs": a firm of them
    index, _ = role_index()
    if any(end == len(text.strip()) for _, end, *_ in index.find(text.strip())):
        return True
    before, of, _field = text.partition(" of ")
    return bool(of) and before.strip() != text.strip() and _is_title(before, plural)


def names_only_a_job(text: str) -> bool:
    """Whether a line only says who someone is: a job title at an employer, perhaps with an aside in brackets.
    Such a line states no idea, so it never quotes a theme.

    >>> names_only_a_job("UX designer/researcher at Parcel & Pine (agency).")
    True
    >>> names_only_a_job("Data analyst at City of Lakeport since 2021, after six years in retail")
    False
    >>> names_only_a_job("(priya raghunathan, hr generalist @ medline industries, mundelein office)")
    True
    """
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    text = _lead_name_off(text)
    match = _AT_ORG.match(text) or (_AT_ORG_LOWER.match(text) if text.islower() else None)
    # Title words alone: this runs on theme members after the notes are read, where spaCy need not be loaded.
    if not match or not _ends_in_title_word(_title_words(match["role"])):
        return False
    rest = re.sub(r"\([^()]*\)", "", text[match.end():])
    # what may follow the employer: where it is ("…, mundelein office")
    return not re.sub(r"^\s*,(?:\s*[\w'’.&-]+){1,4}\s*$", "", rest).strip(" .,;:!-–—")


# "(priya raghunathan, hr generalist @ medline industries, mundelein office)": typed in lower case on a phone
_AT_ORG_LOWER = re.compile(r"^(?P<role>[^@,;(]{2,60}?)\s+(?:@|at)\s+(?P<org>[a-z][\w&'’.\-]*(?:\s+[a-z][\w&'’.\-]*){0,4})"
                           r"(?=\s*(?:[,(]|$))")


def _lead_name_off(text: str) -> str:
    """``text`` without the name it opens on before a comma: "priya raghunathan, hr generalist @ …"."""
    from ..sharing.words import first_names

    name, comma, rest = text.partition(", ")
    words = name.split()
    return rest if comma and 1 <= len(words) <= 3 and words[0].lower() in first_names() else text


def job_from_body(title: str, lines: Iterable[str]) -> dict[str, str]:
    """``{"role", "organization", "person"}`` written in a note's title or first lines (empty strings when not).

    >>> job_from_body("", ["Dev = Sr. Health Data Analyst @ St. Brigid Medical Center"])["role"]
    'Sr. Health Data Analyst'
    >>> job_from_body("James Whitaker, Nurse Manager", [])
    {'role': 'Nurse Manager', 'organization': '', 'person': 'James Whitaker'}
    >>> job_from_body("Pharmacist at Walgreens, Chicago - Q&A with a friend", [])["organization"]
    'Walgreens'
    >>> job_from_body("", ["Coffee chat w/ J. Smith (PM @ Stripe) - 3/14"])
    {'role': 'PM', 'organization': 'Stripe', 'person': ''}
    >>> job_from_body("Call with Priya Shah (pharmacy manager @ Kaiser)", [])["role"]
    'pharmacy manager'
    >>> job_from_body("Kwame Boateng, field property adjuster (Tidewater Mutual)", [])
    {'role': 'field property adjuster', 'organization': 'Tidewater Mutual', 'person': 'Kwame Boateng'}
    """
    bare_title = ""
    lines = list(lines)
    for text in [title or ""] + lines[:1]:
        text = _PART_MARKS.sub(" ", _MEETING.sub("", text)).strip()
        for match in (_NAME_ROLE_BRACKET.match(text), _ROLE_NAME_BRACKET.match(text)):
            # Two words or more: one in brackets is as often a unit, a credential or a city ("(ICU)", "(Edinburgh)").
            if match and len(match["org"].split()) >= 2 and _is_title(match["role"], plural=False) \
                    and not looks_like_organisation(match["name"]) and not looks_like_job_title(match["org"]):
                return _job(match["role"], match["org"], match["name"])
    candidates = []
    if title:
        cleaned = _MEETING.sub("", _NOT_NAME_PARTS.sub("", title)).strip(" -–—:|")
        parts = _dash_parts(cleaned)
        # "Brewery owner - Hollow Oak Brewing", "ICU nurse – St. Mary's Hospital": a job and where it is done
        for role, org in (parts, parts[::-1]) if len(parts) == 2 and "," not in cleaned else ():
            if _is_title(role) and org[:1].isupper() and looks_like_organisation(org) and not _is_title(org):
                return _job(role, org)
        cleaned = re.sub(r"^(?:of\s+)?(?:an?|the)\s+", "", cleaned, flags=re.I)
        # "Saturday coffee with the Brightwater education director": who was met, not the meeting
        cleaned = _MET_THE.sub("", cleaned)
        # "Amara Osei – Clinical Informatics Specialist at Lakeview"; "Court reporter chat — Margaret Lindqvist"
        candidates += [("title", _MEETING_AFTER.sub("", p)) for p in _dash_parts(cleaned)]
    candidates += _bracketed(title or "")
    for number, line in enumerate(lines[:5]):
        # The first line, when it reads as a title, says who someone is as a title would: "Director of Programs,
        # Millbrook Regional Food Bank" under "# Ingrid Thorsen"
        where = "first" if number == 0 and heads_the_note(line) else "line"
        parts = _dash_parts(line)
        candidates += [(where, p) for p in (parts if len(parts) > 1 else [line])] + _bracketed(line)
    for where, raw in candidates:
        text = _LABEL.sub("", raw).strip(" .") if where != "title" else raw.strip(" .")
        if not text or where != "title" and _NARRATED.search(text.split(" at ")[0].split(" @ ")[0]):
            continue  # ("Works manager" is a title)
        match = _AT_ORG.match(text)
        if match and _is_title(match["role"]):
            return _job(match["role"], match["org"])
        # typed in lower case: "payroll specialist @ st brendan health", "(priya r, hr generalist @ medline …)"
        match = _AT_ORG_LOWER.match(_lead_name_off(text)) if where != "line" and text.islower() else None
        if match and _is_title(match["role"]):
            return _job(match["role"], match["org"])
        if where in ("title", "first"):
            # One person's own job: "Kwame Asante-Rudd, Bellweather & Crane CPAs" names his firm.
            match = _NAME_ROLE.match(text)
            if match and not looks_like_organisation(match["name"]):
                at = _AT_ORG.match(match["role"])  # "Rafa Duarte, GM @ Copper Kettle"
                if at and _is_title(at["role"], plural=False):
                    return _job(at["role"], at["org"], match["name"])
                if _is_title(match["role"], plural=False):
                    return _job(match["role"], person=match["name"])
            name, _, job = text.partition(", ")  # "Ines Marchetti, reporter, The Pell River Courier"
            match = _ROLE_ORG.match(job)
            if _NAME_ONLY.match(name) and not looks_like_organisation(name) and match \
                    and _is_title(match["role"], plural=False):
                return _job(match["role"], match["org"], name)
        if where != "line":  # "Nurse Manager, Riverside", or "(Sr. Technical Writer, Vireo Biologics)" after a name
            match = _ROLE_ORG.match(text)
            if match and _is_title(match["role"]):
                return _job(match["role"], match["org"])
        if where == "title":
            match = _ROLE_REST.match(text)
            if match and _is_title(match["role"]):
                return _job(match["role"])
            if _is_title(text) and not bare_title and "," not in text:
                bare_title = text  # "MEDICAL WRITER - Owen Achterberg": a first line may name the employer too
    return _job(bare_title)


def _job(role: str, organization: str = "", person: str = "") -> dict[str, str]:
    return {"role": role.strip(), "organization": organization.strip(" ,."), "person": person}


_HEADING_PERSON = re.compile(
    r"\b(?:with|w/|w|[Mm]et(?!\s+\w+\s+\d)|(?<=[Tt]alked )to|(?<=[Tt]alking )to|(?<=[Ss]poke )to)"  # "Met April 4": a date
    r"\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})",
    re.UNICODE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NICKNAME = re.compile(r"""(?<=\w)\s+["“‘'][A-Z][\w.'’-]*["”’']\s+(?=[A-Z])""")  # the "Bernie" of a full name
_NAME_ONLY = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}$")
_FIRST_NAME_AND_INITIAL = re.compile(r"^(?P<first>[A-Z][a-z'’-]+)\s+[A-Z]\.?$")  # "Tasha G", "Kathy B."
# A note that opens on meeting someone: "Met Ines Valcourt at the café inside the science center …"
_MET = re.compile(r"^\W*(?:I\s+)?(?:met|(?:notes\s+from\s+)?(?:talking|speaking|spoke|talked)\s+(?:to|with))\s+(?=[A-Z])",
                  re.I)
_MEETING_WITH = re.compile(r"^(?:\w+\s+){0,2}?(?:chat|call|coffee|lunch|meeting|convo|interview)\s+(?:with|w/|w)\s+", re.I)
_MEETING_AFTER = re.compile(r"\s+(?:chat|call|notes?|coffee|interview|convo|meeting)$", re.I)
_NUMBERED = re.compile(r"^\s*#?\d{1,3}[.)]?\s+(?=\S)")  # the 6. of a sixth note's title


def person_from_heading(title: str) -> str:
    """Whom a title or heading says the meeting was with, or "".

    >>> person_from_heading("Coffee with Priya Natarajan"), person_from_heading("Quick call – Ben Adeyemi")
    ('Priya Natarajan', 'Ben Adeyemi')
    >>> person_from_heading("Radio producer: Priya (breakfast show)"), person_from_heading("Bakery — Marta")
    ('Priya', 'Marta')
    >>> person_from_heading("Nursing – ICU nurse"), person_from_heading("Careers with Python")
    ('', '')
    >>> person_from_heading("Tasha G — instructional designer"), person_from_heading("Met Ines Valcourt at the café")
    ('Tasha G', 'Ines Valcourt')
    >>> person_from_heading("Options – Plan B"), person_from_heading("Met May 2 at the library")
    ('', '')
    >>> person_from_heading('Hospice RN case manager – Bernadette "Bernie" Kowalczyk')
    'Bernadette "Bernie" Kowalczyk'
    """
    from ..sharing.words import first_names, is_english

    if not title:
        return ""
    # A remark in brackets names a source or the interviewer ("(interviewed by Maya Darwish)"), not the person.
    title = _PART_MARKS.sub(" | ", re.sub(r"\([^)]*\)", " ", title))
    title = _NUMBERED.sub("", title)  # "6. Priya Venkataraman — CPS investigator"
    match = _HEADING_PERSON.search(title)
    if match and not looks_like_organisation(match.group("name")):
        name = _without_end_stop(match.group("name"))
        # One word after "with" is a name only when it can be one: "Careers with Python" is about a tool.
        if " " in name or _can_be_name(name):
            return name
    # "Priya Natarajan – UX lead" or "Quick call – Ben Adeyemi": a part that is only a name ("Ithaca College" is
    # an organisation, "First Officer" a job).
    parts = [part.strip(" )-–—") for part in re.split(r"\s[-–—:|@(]\s?|,|:\s", title)]
    for part in parts:  # "HVAC tech -- Dwayne Pike": a doubled dash leaves one on the name
        plain = _NICKNAME.sub(" ", part)  # 'Bernadette "Bernie" Kowalczyk' is named as written
        if _NAME_ONLY.match(plain) and len(plain.split()) <= 3 and not looks_like_organisation(plain) \
                and not looks_like_job_title(plain):
            return part
        initial = _FIRST_NAME_AND_INITIAL.match(part)  # "Tasha G — instructional designer", not "Plan B"
        if initial and initial["first"].lower() in first_names():
            return part
        # typed in lower case on a phone: "tess delgado - payroll specialist", not "mark reviews"; after "chat
        # w/" any two or three words that are no English words: "chat w/ dmitri volkov", not "call w/ hiring team"
        met = _MEETING_WITH.match(part)
        words = part[met.end():].split() if met else part.split()
        if (2 if not met else 1) <= len(words) <= 3 and part.islower() \
                and all(re.fullmatch(r"[a-z][a-z'’-]+", w) for w in words) \
                and (words[0] in first_names() or met and not any(is_english(w) for w in words)) \
                and all(_can_be_surname(w) for w in words[1:]):
            return " ".join(words).title()
    # "Radio producer: Priya" or "Bakery — Marta": a part that is one word, a first name or a word that can only
    # be a name (a word that is also an ordinary one, such as "Dev", cannot be told from it).
    for part in parts if len(parts) > 1 else ():
        if re.fullmatch(r"[A-Z][a-z'’-]{2,}", part) and _can_be_name(part) and not looks_like_organisation(part) \
                and not looks_like_job_title(part):
            return part
    return ""


def _can_be_name(word: str) -> bool:
    """A first name, or a word too rare for the tokenizer's 20,000 words that is no skill or job word ("Priya";
    not "Python", "Nursing" or "Dev"). Cheap word lists only: every note's title is read with it."""
    from ..sharing.words import first_names, vocabulary_terms, wordpiece_vocabulary

    w = word.lower()
    return w in first_names() or (len(w) >= 4 and w not in wordpiece_vocabulary() and w not in vocabulary_terms())


def _can_be_surname(word: str) -> bool:
    """A word that can be a family name written in lower case: "delgado", "quintero"; not "help" or "young"."""
    from ..sharing.words import is_english, last_names

    return _can_be_name(word) or word in last_names() and not is_english(word)


def _without_end_stop(name: str) -> str:
    """A name without the punctuation that ends its sentence; an initial keeps its full stop.

    >>> _without_end_stop("Ana Ruiz."), _without_end_stop("Marcus O.")
    ('Ana Ruiz', 'Marcus O.')
    """
    name = name.rstrip(",")
    if re.search(r"\b[A-Z]\.$", name):
        return name
    return name.rstrip(".,")


def fill_from_body(note: Any) -> None:
    """Set a note's missing role, organisation and person from its title and first lines (never overriding the
    front matter), and its e-mail address from a contact line ("Email: raj@acme.com")."""
    if not note.email:
        note.email = next((m.group() for s in note.snippets or [] if s.kind == "logistics"
                           for m in [_EMAIL.search(s.text)] if m), "")
    if note.role and not note.organization:
        # "role: ICU nurse @ St. Mary's" written in one field
        # or "role: Front Office Manager, The Harborline Hotel (312 rooms)"
        match = _AT_ORG.match(note.role) or _ROLE_ORG.match(note.role)
        if match and _is_title(match["role"]):
            note.role, note.organization = match["role"].strip(), match["org"].strip(" ,.")
    if note.role and note.organization:
        return
    # The first lines as written: a line split into sentences ("Dev = Sr. Health…") is joined back.
    by_line: dict[int, list[str]] = {}
    for snippet in note.snippets or []:
        if snippet.kind not in ("reflection", "question"):  # "Teller at Riverbend, same spot I'm in now": theirs
            by_line.setdefault(snippet.line, []).append(snippet.text)
    lines = [" ".join(texts) for _, texts in sorted(by_line.items())[:5]]
    title = note.meta.get("title") if isinstance(note.meta, Mapping) and note.meta.get("title") else note.title
    opening = (note.snippets or [None])[0]
    if title == title_from_name(Path(note.path).stem):
        # No title: the heading a note opens on ("## Gary Whitfield – Catering Sales Manager, Lakeside …"), or a
        # first line that reads as one, is its title.
        title = ""
        if opening is not None and opening.heading:
            title = opening.heading.split(" > ")[0]
        elif opening is not None and opening.kind != "logistics" and heads_the_note(opening.text):
            title = opening.text
    job = job_from_body(str(title or ""), lines)
    if not note.role and job["role"]:
        note.role = job["role"]
        if not note.organization:
            note.organization = job["organization"]
    if not note.person and job["person"]:
        note.person = job["person"]
    if not note.person and title and title != note.title:
        note.person = person_from_heading(str(title))
    if not note.person and opening is not None and (opening.kind == "logistics" or heads_the_note(opening.text)
                                                    or _MET.match(opening.text)):
        # A note that opens on the meeting: "coffee w/ Jorge Batista (Tri-Valley Water) at Ferris St, 3/28"; or on
        # who was met, as a title would: "Shonda Mills, Corporate Trainer, First Meridian Bank"
        note.person = person_from_heading(opening.text)


def heads_the_note(line: str) -> bool:
    """Whether a note's first line reads as its title: a few words and no sentence.

    >>> heads_the_note("QC chemist — Renata Kovac, Golden Prairie Foods (the snack plant off Rt 9)")
    True
    >>> heads_the_note("Sarah Lee, who runs the lab, said the pay is low.")
    False
    """
    line = line.strip()
    ends_a_sentence = line.endswith((".", "!", "?")) and not _ABBREVIATION_END.search(line)
    # a title typed with a full stop still opens on a short part before a spaced dash: "GIS analyst — Wojciech
    # Zieliński, King County Dept of Natural Resources & Parks."
    parted = re.match(r"^[^.,;:!?]{2,40}?\s[-–—]\s", line) is not None
    return len(line.split()) <= 16 and (not ends_a_sentence or parted)


_ABBREVIATION_END = re.compile(r"\b(?:Dept|Inc|Ltd|Co|Corp|Assn|Univ|Hosp|Dr|St)\.$")  # "… Adult Probation Dept."


def title_from_name(stem: str) -> str:
    stem = DATE_PREFIX.sub("", stem).strip(" -_")
    return re.sub(r"[-_]+", " ", stem).strip().capitalize()
