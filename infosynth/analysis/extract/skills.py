"""Skills, role titles and career paths mentioned in interview snippets.

Skills and roles are found with spaCy ``PhraseMatcher`` s built once from the shipped lexicons
(``data/lexicons/skills.csv`` and ``roles.csv``, rebuilt by ``scripts/build_lexicons.py``) plus the user's
``[skills] extra`` entries:

* most names match on the **lemma of the lower-cased text**, so "spreadsheets", "Spreadsheet" and
  "spreadsheet" all find Excel, and "UX researchers" finds UX researcher;
* names that are written with capitals and whose lower-case form is an everyday word or very short
  ("Excel", "Tableau", "Epic", "R", "SAS") match only with that exact spelling, so "excel at" and "a tableau"
  stay plain English.

Each skill mention gets a **stance**, decided by cue rules over the clause that holds it (a clause ends at
``. ; ! ?``, at "but", "although", "whereas", "however"..., or at ", and" before a new subject: "…, and the
manual changes after audits"), falling back to the whole snippet and then to its heading when the clause has no
cue. First matching rule wins:

* ``gap`` — someone lacked it or wishes they had learned it sooner: "wish I had learned SQL earlier",
  "struggled without statistics", "the one thing I'd do differently", "learned it the hard way";
* ``optional`` — said not to be needed: "you don't need a CS degree", "nobody asked about certifications";
* ``required`` — needed to get or do the job: "SQL is a must", "you need Excel", "many entry-level jobs require
  Security+", "hiring managers want to see a portfolio";
* ``valued`` — said to be important, useful or worth having: "communication is key", "worth learning Python",
  "I use Figma every day", "a degree gives you a better chance";
* ``passing`` — merely mentioned.

Career paths are transitions people describe: "moved from teaching into instructional design", "started in
support, then became an analyst", "before this I was a nurse", "a teacher turned UX researcher".
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...lexicon import SkillEntry, extra_key, role_index, skill_index
from ...text import to_date
from .roles import ARROW

if TYPE_CHECKING:
    pass


STANCES: tuple[str, ...] = ("required", "valued", "gap", "optional", "passing")
VALUED_STANCES: frozenset[str] = frozenset({"required", "valued", "gap"})


# ------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class SkillMention:
    """A canonical skill found in one snippet, with how the speaker framed it."""

    skill: str
    kind: str
    stance: str  # required | valued | gap | optional | passing
    note: str
    line: int
    text: str
    person: str = ""
    role: str = ""  # the interviewee's role (note front matter)
    date: dt.date | None = None
    matched: str = ""  # the words in the text that matched
    cue: str = ""  # the words that decided the stance, empty for passing


@dataclass(frozen=True)
class RoleMention:
    """A canonical role title found in one snippet."""

    role: str
    family: str
    note: str
    line: int
    text: str
    person: str = ""
    matched: str = ""


@dataclass(frozen=True)
class CareerPath:
    """A move from one role or field to another that an interviewee described."""

    from_role: str
    to_role: str
    note: str
    line: int
    text: str
    person: str = ""
    family: str = ""  # the phrasing family that found it (see infosynth.analysis.extract.careers.FAMILIES)


@dataclass(frozen=True)
class _Record:
    note: str
    line: int
    text: str
    heading: str = ""
    person: str = ""
    role: str = ""
    date: dt.date | None = None
    kind: str = ""


# ---------------------------------------------------------------------------------------- lexicons


# ---------------------------------------------------------------------------------------- matching


# --------------------------------------------------------------------------------------- the inputs
def _value(obj: Any, name: str, default: Any = "") -> Any:
    if isinstance(obj, Mapping):
        value = obj.get(name, default)
    else:
        value = getattr(obj, name, default)
    if value is None or _is_missing(value):
        return default
    return value


def _is_missing(value: Any) -> bool:
    """A DataFrame's missing value: NaN, or pandas' NaT or NA (which exist only once pandas is loaded, so a
    note analysed from Snippet objects never has to load it)."""
    if isinstance(value, float):
        return value != value
    pd = sys.modules.get("pandas")
    if pd is None or isinstance(value, (list, tuple)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _rows(table: Any) -> list[Any]:
    if table is None:
        return []
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        return table.to_dict("records")
    if isinstance(table, Mapping):
        return list(table.values())
    return list(table)


def _records(snippets: Any, notes: Any) -> list[_Record]:
    """Snippets (DataFrame rows, Snippet objects or dicts) joined with their note's person/role/date."""
    meta: dict[str, dict[str, Any]] = {}
    note_rows = _rows(notes)
    from ...ingest.people import display_name

    for note in note_rows:
        path = str(_value(note, "note", "") or _value(note, "path", ""))
        # The person as the report names them: a note without `person` is named by its title or role.
        meta[path] = {"person": display_name(note) if _value(note, "person", "") or _value(note, "title", "")
                      or _value(note, "role", "") else "",
                      "role": str(_value(note, "role", "")), "date": to_date(_value(note, "date", None))}
    snippet_rows = _rows(snippets)
    if snippets is None:  # Note objects carry their snippets
        snippet_rows = [s for note in note_rows for s in (getattr(note, "snippets", None) or [])]
    records = []
    for snippet in snippet_rows:
        path = str(_value(snippet, "note", ""))
        info = meta.get(path, {})
        records.append(_Record(
            note=path,
            line=int(_value(snippet, "line", 0) or 0),
            text=str(_value(snippet, "text", "")),
            heading=str(_value(snippet, "heading", "")),
            person=str(_value(snippet, "person", "") or info.get("person", "")),
            role=str(_value(snippet, "role", "") or info.get("role", "")),
            date=to_date(_value(snippet, "date", None)) or info.get("date"),
            kind=str(_value(snippet, "kind", "")),
        ))
    return records


# ------------------------------------------------------------------------------------------- stance
_I = r"(?:i|we|she|he|they|you)"
_WOULD = r"(?:'d|would|should|could)"
GAP_CUES = [
    r"\bwish(?:ed|es)?\b[^.;]{0,40}\b(?:learn\w*|known|knew|studied|study|taken|took|picked|start\w*|practi[cs]\w*|"
    r"focus\w*|spent|invest\w*|gotten|got|had more|done more)",
    rf"\b{_WOULD}(?: have|'ve)\b[^.;]{{0,25}}\b(?:learn\w*|studied|taken|picked|start\w*|practi[cs]\w*|focus\w*|"
    rf"invest\w*|gotten|spent)\b[^.;]{{0,40}}\b(?:earlier|sooner|first|before|more)\b",
    r"\bshould(?: have|'ve) (?:learn\w*|studied|taken|picked up|started|practi[cs]ed|focused on|invested in)",
    r"\b(?:regret\w*|struggl\w*|floundered|floundering)\b",
    r"\b(?:lack|lacks|lacked|lacking|was missing|were missing|gaps? in)\b",
    rf"\b{_I} (?:didn't|did not|never) (?:know|have|learn|study|take|get)\b",
    r"\b(?:the hard way|catch(?:ing)? up on|play(?:ing|ed)? catch[- ]up|from scratch on the job|"
    r"had to (?:learn|teach (?:myself|herself|himself|themselves)|pick up))\b",
    rf"\b(?:one|only|first|biggest) thing {_I}{_WOULD}? ?(?:do|have done|change) differently\b",
    r"\bdo differently\b",
    rf"\bif {_I} could (?:go back|start over|do it (?:all )?(?:again|over)|redo)\b",
    r"\b(?:weak spot|weakness|blind spot|skill gap|under-?prepared|unprepared|wasn't prepared|"
    r"(?:nobody|no one|never|school) (?:taught|teaches|prepared)|wasn't taught|didn't teach)\b",
    r"\bwould have (?:helped|been (?:useful|helpful|handy)|saved)\b",
    r"\bwithout\b[^.;]{0,60}\b(?:little reason|no reason|hard(?:er)? to|couldn't|can't get|won't get|struggl\w*|"
    r"rejected|no one|nobody|no callbacks?|no interviews?)\b",
    r"\b(?:biggest|worst) mistake\b",
]
OPTIONAL_CUES = [
    r"\b(?:don't|do not|doesn't|does not|didn't|did not|won't|will not|never) (?:really |actually |even )?"
    r"(?:need|require|have to (?:have|know)|matter|care about|ask(?:ed)? (?:for|about)|check(?:ed)?|look(?:ed)? at)\b",
    r"\b(?:not|isn't|wasn't|aren't|weren't|never|no longer) (?:really |strictly |actually |that |as |always )?"
    r"(?:required|necessary|needed|essential|a requirement|a must|mandatory|important|crucial|a big deal)\b",
    r"\bno(?:body| one) (?:really )?(?:cares|cared|asks|asked|looks|looked|checks|checked)\b",
    r"\b(?:optional|overrated|over-rated|nice[- ]to[- ]have|no need for|matters? less|less important|"
    r"less (?:valuable|useful|relevant)|not worth|wouldn't rush|no need to rush|don't rush|won't necessarily|"
    r"(?:alone|on its own) (?:won't|isn't|is not)|isn't enough|not enough on (?:its|their) own|without (?:a|an|any) )",
]
REQUIRED_CUES = [
    r"\b(?:hiring managers?|recruiters?|employers?|interviewers?|companies|firms|schools|districts|hospitals|"
    r"clients|teams|they|everyone|panels?)\b[^.;]{0,40}\b(?:want\w*|look(?:s|ed|ing)? for|expect\w*|"
    r"ask(?:s|ed)? (?:for|about)|screen(?:s|ed)? for|test(?:s|ed)? (?:for|on|you on)|"
    r"requir\w*|check(?:s|ed)? for|hire for|need\w*)\b",
    r"\bexpect(?:s|ed|ing)? (?:[\w-]+ ){0,3}to (?:know|have|be able|use|bring)\b",
    r"\b(?:required|requirement|requires?|requiring|prerequisite|must[- ]have|a must|mandatory|non-negotiable|"
    r"table stakes|essential|necessary|(?:needed|needs?)(?! (?:a |the |some )?(?:job|work|money|paycheck|income|break))|"
    r"expected to|the bar is|have to (?:have|know|get|pass)|"
    r"(?:you|they|she|he|i|we) (?:have|has|had) to (?:have|know|get|pass|learn)|can't (?:work|practi[cs]e|apply) without|"
    r"at a minimum|minimum)\b",
    r"\b(?:job (?:posts?|postings?|ads?|adverts?|listings?|descriptions?)|postings|listings)\b",
    r"\bif (?:i|you|they|candidates?) (?:have|had|know|can show|show)\b",
]
# Said to be important, useful or worth having, short of a requirement.
VALUED_CUES = [
    r"\b(?:hiring managers?|recruiters?|employers?|interviewers?|companies|firms|schools|clients|teams|they|everyone)"
    r"\b[^.;]{0,40}\b(?:care(?:s|d)? about|value[sd]?|prefer\w*|love[sd]?|appreciate[sd]?)\b",
    r"\b(?:critical|crucial|key|vital|important|most useful|invaluable|indispensable|fundamental|"
    r"biggest (?:asset|advantage)|secret weapon|superpower|makes? or breaks?|assets?|best friend|"
    r"(?:more|most|just as|as) (?:important|valuable|useful))\b",
    r"\b(?:valued|valuable|in demand|sought[- ]after|highly regarded|well regarded|stand(?:s)? out|set(?:s)? \w+ apart|"
    r"differentiator|gets? (?:you|her|him|them|me) (?:hired|in the door|interviews)|open(?:s|ed)? doors|"
    r"leg up|an edge|(?:help(?:s|ed)?|helped) (?:me|her|him|them|you)? ?(?:get|land|stand|a lot)|"
    r"better chance|gives? you)\b",
    r"\b(?:you should|should (?:learn|get|take|know|build|pick up)|recommend\w*|suggest\w*|advice|advised|"
    r"worth (?:learning|getting|it|the)|make sure (?:you|to)|don't skip|start with|focus on|invest in|"
    r"prioriti[sz]e|get comfortable with|get good at|brush up on|pick up|learn(?:ing)? (?:some|basic|the basics)|"
    r"one of the best ways|the best way|best places? to)\b",
    r"\b(?:use[sd]?|using|work(?:s|ed)? in|lives? in|rel(?:y|ies) on)\b[^.;]{0,30}\b(?:every ?day|daily|constantly|"
    r"all (?:the )?(?:time|day)|heavily|a lot|extensively|every week|weekly)\b",
    r"\b(?:every ?day|daily|constantly|all day)\b[^.;]{0,20}\b(?:use|using|in)\b",
    r"\b(?:most of (?:my|her|his|their|the) (?:day|time|week|work)|a (?:large|big) part of (?:my|her|his|their|the) "
    r"(?:day|job|work)|bread and butter|core of the job|couldn't do (?:the|my|her|his|their) job without|everywhere)\b",
    r"\b\d{1,3} ?%(?: of)? (?:my|her|his|their|the|your) (?:day|job|time|work|week)\b",
    r"\b(?:tell|told|telling|advise\w*|urge[sd]?)\b[^.;]{0,40}\bto (?:learn|get|take|build|study|practi[cs]e)\b",
    r"\b(?:before anything else|learn (?:it|them|that) first|first thing to learn)\b",
    r"\b(?:what (?:really )?matters|matter(?:s|ed)? (?:most|a lot|mainly|more)|really matter(?:s|ed)?|"
    r"got (?:you|him|her|them|me) promoted|gets? you promoted)\b",
    r"^(?:learn|get|take|build|practi[cs]e|study|master|pick up|brush up on|read up on)\b",
]
# Headings that frame every bullet under them ("## What they look for", "## Wish I'd known").
GAP_HEADING = re.compile(r"\b(?:wish|regret|differently|gaps?|struggl\w*|mistakes?|hard way)\b")
REQUIRED_HEADING = re.compile(
    r"\b(?:look(?:s|ing)? for|requirements?|required|must[- ]haves?|needed|what you need|qualifications?|"
    r"hiring|hired|prerequisites?)\b"
)
VALUED_HEADING = re.compile(
    r"\b(?:what matters|advice|skills?|tools?|toolkit|stack|good at|wants? from|recommend\w*|tips?)\b"
)
_STANCE_PATTERNS = [
    ("gap", [re.compile(p) for p in GAP_CUES]),
    ("optional", [re.compile(p) for p in OPTIONAL_CUES]),
    ("required", [re.compile(p) for p in REQUIRED_CUES]),
    ("valued", [re.compile(p) for p in VALUED_CUES]),
]
_SENTENCE_END = re.compile(r"[.;!?]+(?:\s|$)")
_CONTRAST = re.compile(r"(?:,\s*|\s+)(but|although|though|whereas|however|while|yet|except)\b")
# ", and the policy manual changes…": a new clause with its own subject; a cue before it does not reach past it
# ("mandatory trainings every yr, and the policy manual changes after audits" does not make auditing required).
# A list's last item ("SQL, Excel, and Tableau") has no subject of its own and stays in the clause.
_NEW_CLAUSE = re.compile(r",\s*(?:and|so|then)\s+(?=(?:the|a|an|his|her|their|my|our|its|it|they|he|she|we|i|"
                         r"you|people|everyone|nobody)\b)", re.IGNORECASE)


def _normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def clause_bounds(text: str, start: int) -> tuple[int, int]:
    """Character range of the clause that contains position ``start``.

    >>> t = "You don't need a degree, but SQL is a must."
    >>> a, b = clause_bounds(t, t.index("SQL")); t[a:b].strip()
    'but SQL is a must.'
    """
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _SENTENCE_END.finditer(text))
    cuts.update(m.start(1) for m in _CONTRAST.finditer(text))
    cuts.update(m.start() for m in _NEW_CLAUSE.finditer(text))
    ordered = sorted(cuts)
    lo = max(c for c in ordered if c <= start)
    hi = min(c for c in ordered if c > start) if any(c > start for c in ordered) else len(text)
    return lo, hi


def stance_of(text: str, heading: str = "") -> tuple[str, str]:
    """(stance, cue) for a piece of text; cue is the matched words.

    >>> stance_of("I wish I had learned SQL earlier")
    ('gap', 'wish i had learned')
    >>> stance_of("Hiring managers want to see a portfolio")[0]
    'required'
    >>> stance_of("You don't need a CS degree")[0], stance_of("We had lunch and talked about Excel")[0]
    ('optional', 'passing')
    """
    lowered = _normalise(text)
    for stance, patterns in _STANCE_PATTERNS:
        for pattern in patterns:
            match = pattern.search(lowered)
            if match:
                return stance, match.group(0).strip()
    heading = _normalise(heading)
    if heading:
        if GAP_HEADING.search(heading):
            return "gap", f"heading: {heading}"
        if REQUIRED_HEADING.search(heading):
            return "required", f"heading: {heading}"
        if VALUED_HEADING.search(heading):
            return "valued", f"heading: {heading}"
    return "passing", ""


def _mention_stance(text: str, start: int, heading: str) -> tuple[str, str]:
    lo, hi = clause_bounds(text, start)
    stance, cue = stance_of(text[lo:hi])
    if stance == "passing":
        # No cue in the clause: the sentence may carry one ("Hiring managers want three things: SQL, ...").
        sentence_lo = max([0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= start])
        contrast_between = any(sentence_lo <= m.start()
                               for boundary in (_CONTRAST, _NEW_CLAUSE) for m in boundary.finditer(text[:start]))
        if not contrast_between:
            stance, cue = stance_of(text, heading)
    return stance, cue


# ---------------------------------------------------------------------------------------- extraction
# ------------------------------------------------------------------------------------------ context
# A skill word followed by one of these describes an organisation, a job or a group, not a skill someone holds:
# "a large cybersecurity company", "a UX job", "the sales org", "data science students".
_FRAME_NOUNS = {
    "company", "companies", "firm", "firms", "startup", "startups", "agency", "agencies", "vendor", "vendors",
    "provider", "providers", "industry", "industries", "sector", "sectors", "org", "orgs", "organization",
    "organisation", "organizations", "organisations", "department", "departments", "dept", "team", "teams",
    "role", "roles", "job", "jobs", "position", "positions", "career", "careers", "professional",
    "professionals", "student", "students", "world", "community", "market", "markets", "space", "firm's",
    "company's", "people", "folks", "person", "staff", "shop", "shops", "philosophy", "culture", "leader",
    "leaders", "director", "manager", "managers", "analyst", "analysts", "engineer", "engineers", "designer",
    "designers", "officer", "officers", "economist", "economists", "expert", "experts", "hire", "hires",
    "landscape", "news", "stuff", "office", "offices", "unit", "units", "floor", "data", "statistics",
    "contractor", "contractors", "business", "businesses", "outfit", "outfits", "consultancy",
}
# Words that, right after a field, make it something a person holds or learns ("sales experience").
_KNOWLEDGE_HEADS = {
    "skill", "skills", "experience", "knowledge", "background", "training", "certification", "certifications",
    "certificate", "certificates", "cert", "certs", "degree", "degrees", "course", "courses", "class", "classes",
    "fundamentals", "basics", "expertise", "acumen", "literacy", "principles", "concepts", "theory", "bootcamp",
    "qualification", "qualifications", "license", "licence", "exam", "major", "minor", "program", "programme",
}
# After a language's name, words that make it a school subject: "English major", "an English BA", "French teacher".
_SUBJECT_HEADS = {"major", "majors", "minor", "ba", "b.a.", "ma", "m.a.", "bs", "degree", "degrees", "teacher",
                  "teachers", "literature", "lit", "department", "dept", "professor", "phd", "bachelor's", "master's"}
# After a language's name, words that make it a nationality or an origin: "an Irish accent", "her German parents",
# "a French bakery". A language someone speaks is followed by a verb, a conjunction or a word about language.
_ORIGIN_HEADS = {
    "accent", "accents", "family", "families", "parents", "mother", "father", "mom", "mum", "dad", "grandmother",
    "grandfather", "grandparents", "roots", "heritage", "descent", "ancestry", "guy", "guys", "man", "men", "woman",
    "women", "girl", "boy", "kid", "kids", "citizen", "citizens", "citizenship", "passport", "national", "nationals",
    "food", "cuisine", "restaurant", "restaurants", "bakery", "cooking", "wine", "wines", "beer", "cheese", "coast",
    "countryside", "humor", "humour", "government", "army", "navy", "border", "embassy", "consulate", "immigrant",
    "immigrants", "tourists", "visitors", "guests", "customers", "clients", "owner", "owners", "chef", "chefs",
    "husband", "wife", "partner", "friend", "friends", "colleague", "colleagues", "law", "system",
}
# Before a language's name, words that make it someone's nationality: "she's Irish", "half German" (not "it's
# Spanish all day", nor "the language is Spanish").
_ORIGIN_BEFORE = re.compile(r"(?:\b(?:half|born)|\b(?:she|he|i|they|you|who)(?:'s|'m|'re))\s+$")
_KNOWLEDGE_BEFORE = re.compile(
    r"\b(?:knowledge of|experience (?:in|with)|background in|degree in|training in|expertise in|grounding in|"
    r"understanding of|familiarity with|familiar with|studied|study|studying|learn(?:ed|t|ing|s)?|major(?:ed)? in|"
    r"minor(?:ed)? in|courses? in|classes in|good at|skilled in|proficient in|fluent in|certified in|certification in)"
    r"\s+(?:\w+\s+){0,2}$")
# Organisation words that mark a run of capitalised words as a name ("Black Hills Info Sec", "Red Cross").
_ORG_WORDS = {"inc", "inc.", "llc", "ltd", "corp", "co", "company", "group", "academy", "university", "college",
              "institute", "association", "bureau", "department", "agency", "center", "centre", "hospital",
              "school", "foundation", "labs", "lab", "partners", "society", "council", "office", "ministry"}
# Words that show an abbreviation is used in the skill's sense, by kind ("BLS certification", "renewed my BLS").
_KIND_SENSE = {
    "certification": {"certification", "certified", "certificate", "cert", "course", "class", "exam", "license",
                      "licence", "card", "training", "renew", "renewed", "renewal", "recertify", "expire"},
    "degree": {"degree", "program", "programme", "school", "graduate", "graduated", "study", "studied"},
}
# Names of a kind of qualification rather than of one: right after a named skill they belong to it.
_GENERIC_SKILLS = {"certifications", "online courses", "bootcamp"}
_SENSE_STOP = {"and", "of", "the", "a", "an", "for", "in", "to", "on", "with", "skills", "skill", "level", "i", "ii"}


def _sense_words(entry: SkillEntry) -> frozenset[str]:
    """Words that show a short abbreviation of ``entry`` is used in its sense: the words of its longer names and of
    its kind."""
    words = set(_KIND_SENSE.get(entry.kind, set()))
    for label in (entry.name, *entry.aliases):
        tokens = re.findall(r"[a-z][a-z+#\-]*", label.lower())
        if len(tokens) > 1 or len(label) > 5:
            words.update(t for t in tokens if t not in _SENSE_STOP and len(t) > 2)
    return frozenset(words)


def _is_abbreviation(surface: str, entry: SkillEntry) -> bool:
    """A short all-capitals alias standing for a longer skill ("BLS" for CPR certification)."""
    word = surface.strip()
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9&+\-]{1,5}", word)) and word.upper() == word \
        and word.lower() not in entry.name.lower().split()


# A sum of money just before or after three capitals makes them a currency code: "$65-75k CAD", "CAD $80k" (not
# "OSHA 300 logs").
_AMOUNT_BEFORE = re.compile(r"(?:[$£€]\s*[\d,.]*\d|\d(?:[\d,.]*\d)?\s*(?:k|K|m|M|million|thousand)|\d{1,3}(?:,\d{3})+)"
                            r"(?:\s*(?:/hr|/yr|an hour|a year))?\s*$")
_AMOUNT_AFTER = re.compile(r"\s*(?:[$£€]\s*\d|\d[\d,.]*\s*(?:k|K|m|M)\b)")


def context_problem(text: str, start: int, end: int, entry: SkillEntry, roles: Sequence[tuple[int, int]] = ()) -> str:
    """Why a lexicon match is not a skill in this text, or "" when it is one.

    >>> e = SkillEntry("cybersecurity", "field", ("infosec",))
    >>> t = "Proofpoint, a large cybersecurity company"
    >>> context_problem(t, t.index("cyber"), t.index(" company"), e)
    'describes an organisation, a job or a group'
    >>> t = "She has two years of cybersecurity experience"
    >>> context_problem(t, t.index("cyber"), t.index(" experience"), e)
    ''
    >>> cpr = SkillEntry("CPR certification", "certification", ("BLS", "basic life support"))
    >>> context_problem("Moved into UX after a bootcamp", 11, 13, SkillEntry("UX design", "method", ("UX",)))
    ''

    >>> context_problem("Had an English BA", 7, 14, SkillEntry("English", "language", ()))
    'a subject studied or taught, not a language spoken'
    >>> irish = SkillEntry("Irish", "language", ())
    >>> context_problem("Mid-30s, Irish accent, very dry humor", 9, 14, irish), context_problem("She's Irish", 6, 11, irish)
    ('a nationality or an origin, not a language spoken', 'a nationality or an origin, not a language spoken')
    >>> context_problem("Speaks Irish at home", 7, 12, irish)
    ''
    >>> cad = SkillEntry("CAD", "tool", ("autocad",))
    >>> t = "Analysts start around $65-75k CAD, officers more"
    >>> context_problem(t, t.index("CAD"), t.index("CAD") + 3, cad), context_problem("drafting in CAD", 12, 15, cad)
    ('a currency, not a skill', '')
    >>> t = "BLS figures on wages"
    >>> context_problem(t, 0, 3, cpr), context_problem("Renewed my BLS card", 11, 14, cpr)
    ('an abbreviation used in another sense', '')
    """
    surface = text[start:end]
    after = re.findall(r"[\w'&+\-]+", text[end:end + 40].lower())
    next_word = after[0] if after and not re.match(r"\s*[,.;:!?()]", text[end:]) else ""
    if any(a <= start and end <= b and (a, b) != (start, end) for a, b in roles):
        return "part of a job title"
    if (start, end) in roles and re.search(r"\b(?:a|an|the)\s+$", text[:start].lower()):
        return "a person's title"  # "the EMT and her partner", "she's a CPA"
    if (start, end) in roles and (re.match(rf"\s*{ARROW}", text[end:]) or re.search(rf"{ARROW}\s*$", text[:start])):
        return "a step of a career ladder"  # "Line cook → server → bartender"
    coordinated = after[:4] if next_word in ("and", "or", "&") else []  # "a game design and publishing company"
    if (next_word in _FRAME_NOUNS or any(w in _FRAME_NOUNS for w in coordinated[2:4])) \
            and next_word not in _KNOWLEDGE_HEADS:
        return "describes an organisation, a job or a group"
    if next_word in ("fatigue", "overload"):
        return "names a strain, not a skill"  # "compassion fatigue is real", "decision fatigue", "Zoom fatigue"
    if entry.kind == "language" and next_word in _SUBJECT_HEADS:
        return "a subject studied or taught, not a language spoken"  # "an English BA", "the Spanish teacher"
    if entry.kind == "language" and (next_word in _ORIGIN_HEADS or _ORIGIN_BEFORE.search(text[:start].lower())):
        return "a nationality or an origin, not a language spoken"  # "an Irish accent", "she's German"
    if entry.kind == "language" and re.search(r"\bplain\s+$", text[:start].lower()):
        return "plain words, not a language"  # "explain a P&L in plain English"
    if entry.kind == "degree" and surface.lower() == "master" and next_word not in ("of", "in", "degree", "program"):
        return "a trade's master rank, not a degree"  # "journeyman, then master after two more years"
    if re.fullmatch(r"[A-Z]{3}", surface) and (_AMOUNT_BEFORE.search(text[:start]) or _AMOUNT_AFTER.match(text[end:])):
        return "a currency, not a skill"  # "Analysts start around $65-75k CAD"
    if surface.lower() in ("interviewing", "interviewed") and next_word in ("at", "for", "around", "elsewhere"):
        return "looking for a job, not a skill"  # "he's interviewing at two startups"
    if entry.kind == "field" and next_word not in _KNOWLEDGE_HEADS \
            and not _KNOWLEDGE_BEFORE.search(text[:start].lower()):
        return "a field or sector, not something a person holds"
    if _is_abbreviation(surface, entry):
        words = set(re.findall(r"[a-z][a-z+#\-]*", text.lower()))
        if not (words - {surface.lower()}) & (_sense_words(entry) - {surface.lower()}):
            return "an abbreviation used in another sense"
    if surface[:1].isupper() and start > 0:
        # Inside a capitalised name that is not the skill's own ("Black Hills Info Sec").
        before = re.findall(r"([A-Z][\w&.\-]*)\s+$", text[:start])
        run_before = re.findall(r"((?:[A-Z][\w&.\-]*\s+)+)$", text[:start])
        run_after = re.findall(r"^((?:\s+[A-Z][\w&.\-]*)+)", text[end:])
        name = (run_before[0].split() if run_before else []) + (run_after[0].split() if run_after else [])
        sentence_start = re.search(r"(?:^|[.!?:;]\s+|^\s*[-*]\s+)$", text[:start - len(run_before[0]) if run_before else start])
        if before and name and (len(name) >= 2 or any(w.lower().strip(".") in _ORG_WORDS for w in name)) \
                and not (sentence_start and len(name) < 2):
            return "part of a name"
    return ""


def extract_skills(snippets: Any, notes: Any = None,
                   extra_skills: Mapping[str, Iterable[str]] | None = None) -> list[SkillMention]:
    """Every canonical skill mentioned in the snippets, with its stance.

    ``snippets``: a DataFrame with ``note, line, text`` (``heading, person, role, date`` optional), or
    ``Snippet`` objects, or dicts; ``notes`` (DataFrame, ``Note`` objects or dicts) supplies person, role and
    date by note path. A skill named inside a role title ("UX researcher") is not counted as a skill.

    >>> rows = [{"note": "a.md", "line": 3, "text": "I wish I had learned SQL earlier; Figma is a must."}]
    >>> [(m.skill, m.stance) for m in extract_skills(rows)]
    [('SQL', 'gap'), ('Figma', 'required')]
    """
    from ...models import NON_TAKEAWAY_KINDS
    from .careers import role_char_spans

    index, entries = skill_index(extra_key(extra_skills))
    mentions: list[SkillMention] = []
    for record in _records(snippets, notes):
        if not record.text.strip() or record.kind in NON_TAKEAWAY_KINDS:
            continue
        docs = index.docs(record.text)
        roles = role_char_spans(record.text)
        seen: set[str] = set()
        found = index.find(record.text, docs)
        for k, (start, end, name, surface) in enumerate(found):
            if name in seen or context_problem(record.text, start, end, entries[name], roles):
                continue
            if name in _GENERIC_SKILLS and k and found[k - 1][1] >= start - 1:
                continue  # "Epic certification": the certification of the skill just named, not another skill
            seen.add(name)
            stance, cue = _mention_stance(record.text, start, record.heading)
            mentions.append(SkillMention(
                skill=name, kind=entries[name].kind, stance=stance, note=record.note, line=record.line,
                text=record.text, person=record.person, role=record.role, date=record.date, matched=surface, cue=cue,
            ))
    return mentions


def extract_roles(snippets: Any, notes: Any = None) -> list[RoleMention]:
    """Every canonical role title mentioned in the snippets.

    >>> rows = [{"note": "a.md", "line": 1, "text": "Most user researchers here were teachers first."}]
    >>> [(m.role, m.family) for m in extract_roles(rows)]
    [('UX researcher', 'design'), ('teacher', 'education')]
    """
    index, entries = role_index()
    mentions = []
    for record in _records(snippets, notes):
        seen: set[str] = set()
        for _, _, name, surface in index.find(record.text):
            if name not in seen:
                seen.add(name)
                mentions.append(RoleMention(name, entries[name].family, record.note, record.line, record.text,
                                            record.person, surface))
    return mentions


# ------------------------------------------------------------------------------------- career paths
def career_paths_in(text: str, current_role: str = "") -> list[tuple[str, str]]:
    """(from, to) transitions described in one text; ``current_role`` completes "before this I was a nurse".

    The phrasing families are in :mod:`infosynth.analysis.extract.careers`.

    >>> career_paths_in("She moved from teaching into instructional design in 2019.")
    [('teacher', 'instructional design')]
    >>> career_paths_in("Started in customer support, then became a data analyst")
    [('customer support', 'data analyst')]
    >>> career_paths_in("Before this I was a nurse.", current_role="UX researcher")
    [('nurse', 'UX researcher')]
    """
    from .careers import career_moves

    return [(m.origin, m.target or "") for m in career_moves(text, current_role)]


def extract_career_paths(snippets: Any, notes: Any = None) -> list[CareerPath]:
    """Role-to-role transitions interviewees describe about their own careers, with provenance.

    Snippets that record the conversation rather than what was said (the note-taker's questions, logistics)
    are skipped; ladders that a note spells out over several snippets are linked (see :mod:`infosynth.analysis.extract.careers`).

    >>> rows = [{"note": "b.md", "line": 7, "text": "Switched from marketing to UX research after a bootcamp."}]
    >>> [(p.from_role, p.to_role, p.line, p.family) for p in extract_career_paths(rows)]
    [('marketing', 'UX research', 7, 'from_to')]
    """
    from ...models import NON_TAKEAWAY_KINDS
    from .careers import note_moves

    by_note: dict[str, list[_Record]] = {}
    for record in _records(snippets, notes):
        if record.kind not in NON_TAKEAWAY_KINDS:
            by_note.setdefault(record.note, []).append(record)
    paths = []
    for note, records in by_note.items():
        first = records[0]
        for position, move in note_moves([(r.line, r.text) for r in records], first.role):
            record = records[position]
            paths.append(CareerPath(move.origin, move.target or "", note, record.line, record.text, record.person,
                                    move.family))
    return paths
