"""Anonymised copies of a :class:`~infosynth.synthesis.Synthesis` for sharing with a mentor.

Interviewees speak in confidence. :func:`share_copy` returns a deep copy of a build in which

* notes whose front matter says ``share: false`` are gone, with every count, theme and quote that came from them
  (themes left with fewer than two notes disappear);
* notes with ``quotes: false`` still count in themes and tallies, but their words are replaced by
  ``[quote withheld]`` and left out of theme quotes and evidence;
* every string that can reach an output goes through one :class:`Scrubber`, which replaces interviewees
  ("Interviewee A", "Interviewee B", … in note order), other people ("Person 1", …), organisations
  ("Organization 1", …), note file names ("interview-a.md", …), e-mail addresses, phone numbers, links, social
  handles and the user's ``never_share`` terms. Role and industry words stay, so the insight survives.

Names come from three places: the notes' front matter (``person``, ``organization``/``company`` and their
aliases: first or last name alone, initials, possessives, lower-case and hyphenated forms), the user's
``never_share`` list, and detection in the text: a trained spaCy pipeline's named entities when one is
installed, otherwise shipped rules (first-name list, titles such as "Dr.", organisation suffixes such as "Inc"
or "University of"). A stop list keeps skills, tools, role words, weekdays and months.

The second return value is the redaction log (original, replacement, kind, note, field): it names the people
it hides, so it belongs next to the private report, never in the shared folder.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .synthesis import Synthesis

DATA_DIR = Path(__file__).parent / "data"
NAMES_DIR = DATA_DIR / "names"
LEXICON_DIR = DATA_DIR / "lexicons"
LEMMA_TABLE = DATA_DIR / "spacy-en-lookup" / "lemmatizer" / "lookups" / "lookups.bin"

WITHHELD = "[quote withheld]"
REDACTED = "[redacted]"
EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"
LINK_MARK = "[link]"
HANDLE_MARK = "[handle]"
LOG_COLUMNS = ["original", "replacement", "kind", "note", "field", "count"]

# --------------------------------------------------------------------------------------------- patterns

_EMAIL = re.compile(r"(?:mailto:)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_TLDS = (
    "com|org|net|io|co|dev|me|edu|gov|ai|app|blog|info|biz|xyz|page|site|online|tech|design|studio|uk|us|ca|au"
    "|de|fr|nl|se|no|dk|fi|es|it|pt|ie|in|nz|ch|at|be|br|mx|jp|kr|sg|za|tv|fm|ly|gg|so|to"
)
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`\]\[)(]+"
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'`\]\[)(]*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){2,6}(?!\w)"  # +44 20 7946 0958, +1 (555) 123-4567
    r"|(?<![\w(])(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?!\w)"  # (555) 123-4567, 555.123.4567
    r"|(?<![\w])0\d{2,4}[\s\-]\d{3,4}[\s\-]?\d{3,4}(?!\w)"  # 020 7946 0958 (national trunk prefix)
    r"|(?<![\w.,-])\d{10,13}(?![\w.,-])"  # 5551234567
)
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_]")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?|\S")
_SEPARATOR = r"[\s_.\-]*"
_SENTENCE_BREAK = set(".!?:;\"“”()[]—–-*>|•")

TITLES = {
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "judge", "rev", "father",
    "sister", "coach", "capt", "captain", "sgt", "officer", "nurse", "chef", "dean", "principal", "director",
}
PARTICLES = {"de", "del", "della", "der", "den", "van", "von", "da", "di", "dos", "du", "la", "le", "al", "el",
             "bin", "ibn", "ben", "st", "y"}
ORG_SUFFIXES = {
    "inc", "llc", "llp", "ltd", "limited", "corp", "corporation", "co", "gmbh", "ag", "plc", "sa", "bv", "pty",
    "labs", "lab", "hospital", "clinic", "university", "college", "institute", "foundation", "partners",
    "associates", "agency", "studios", "ventures", "capital", "consulting", "bank", "academy", "school",
    "solutions", "technologies", "systems", "group", "holdings", "industries", "media", "health", "trust",
}
INSTITUTIONS = {"hospital", "clinic", "university", "college", "institute", "academy", "foundation", "bank",
                "school", "museum"}
GENERIC_INSTITUTION_WORDS = {"high", "middle", "elementary", "primary", "secondary", "medical", "law", "business",
                             "graduate", "grad", "public", "private", "community", "state", "art", "arts", "design",
                             "nursing", "teaching", "the", "a", "my", "our", "their", "her", "his", "local",
                             "big", "small", "new", "old", "good", "top", "online", "coding", "summer", "night"}
LEGAL_SUFFIXES = {"inc", "llc", "llp", "ltd", "limited", "corp", "corporation", "co", "gmbh", "ag", "plc", "sa",
                  "bv", "pty"}
_ORG_OF = re.compile(
    r"\b(?:University|College|Bank|Institute|School|Museum|Department|Ministry|Academy|Hospital|Center|Centre)"
    r"\s+of\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s?){1,4}"
)
# Words that precede or follow a person's name often enough to count as evidence for an unknown proper noun.
CUES_BEFORE = {"with", "asked", "told", "met", "mentor", "manager", "boss", "colleague", "friend", "cc", "ping",
               "emailed", "intro", "introduced", "via", "thanks", "thank", "coworker", "teammate", "named",
               "called", "contact", "recruiter", "cousin", "sister", "brother", "neighbor", "neighbour"}
ORG_CUES_BEFORE = {"at", "joined", "left", "@"}
CUES_AFTER = {"said", "says", "told", "thinks", "mentioned", "recommended", "suggested", "explained", "noted",
              "added", "asked", "introduced", "offered", "replied", "wrote", "emailed", "shared"}
# Common capitalised words that are never a name on their own: closed-class words (often sentence-initial),
# calendar words, and note-taking vocabulary. Open-class English words come from the shipped lemma table.
STOP_WORDS = set(
    """
    a an the and or but nor so yet for of in on at by to from with without into onto over under about above
    after before between through during since until upon via per vs versus than then there here where when why
    how what which who whom whose that this these those it its i me my mine we us our ours you your yours he him
    his she her hers they them their theirs one ones some any many much more most few less least all both each
    either neither every other another such same own also just only very really quite rather still even again
    ever never always often sometimes usually maybe perhaps not no yes ok okay if unless because though although
    while whereas as like unlike be is am are was were been being do does did done have has had having can could
    shall should will would may might must ought let lets get got gets getting go goes went going
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec spring summer autumn fall winter today tomorrow yesterday tonight weekend
    saas paas iaas b2b b2c q1 q2 q3 q4 note notes todo tldr tl dr fyi btw imo imho etc eg ie ps asap eod eow pto wfh ooo hr it pm ux
    ui qa ceo cto cfo coo vp svp evp ic phd mba bsc msc ba bs ma ms mr dr
    interview interviews interviewee call coffee chat takeaways takeaway background questions question
    follow followup next steps advice summary overview intro introduction typical day week culture skills
    roles role tools tool team company org organization organisation career path paths bootcamp
    english spanish french german chinese mandarin japanese korean hindi arabic portuguese italian russian
    american british canadian australian european asian african indian irish scottish welsh
    linkedin slack zoom teams google microsoft excel word powerpoint outlook notion jira confluence github
    gitlab figma figjam miro tableau looker python sql java javascript typescript swift kotlin rust golang
    aws azure gcp salesforce hubspot airtable trello asana canvas moodle blackboard storyline articulate
    youtube twitter reddit medium substack discord glassdoor indeed handshake coursera udemy edx
    """.split()
)


# ------------------------------------------------------------------------------------------- word lists


@functools.lru_cache(maxsize=None)
def _name_list(filename: str) -> frozenset[str]:
    """A lower-case name list from ``data/names/`` (empty when the file is not shipped)."""
    path = NAMES_DIR / filename
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def first_names() -> frozenset[str]:
    return _name_list("first_names.txt")


def last_names() -> frozenset[str]:
    return _name_list("last_names.txt")


@functools.lru_cache(maxsize=1)
def _lemma_table() -> tuple[frozenset[str], frozenset[int]]:
    """The shipped lookup lemmatizer's lemmas (strings) and inflected forms (spaCy string hashes)."""
    if not LEMMA_TABLE.is_file():
        return frozenset(), frozenset()
    import srsly

    table = srsly.read_msgpack(LEMMA_TABLE).get("lemma_lookup", {})
    lemmas = frozenset(str(w).lower() for w in table.values() if str(w).isalpha())
    return lemmas, frozenset(table.keys())


def english_words() -> frozenset[str]:
    """Lower-case English open-class words: the lemmas of the shipped lookup lemmatizer."""
    return _lemma_table()[0]


def _is_inflected_form(word: str) -> bool:
    """True for "met", "told", "children": forms the lemmatizer maps to another word."""
    forms = _lemma_table()[1]
    if not forms:
        return False
    from spacy.strings import hash_string

    return hash_string(word) in forms


@functools.lru_cache(maxsize=1)
def vocabulary_terms() -> frozenset[str]:
    """Lower-case words of the skill and role lexicons: tools and titles, never names on their own."""
    import csv

    words: set[str] = set()
    for filename in ("core_skills.csv", "skills.csv", "core_roles.csv"):
        path = LEXICON_DIR / filename
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row[:3]:
                    for term in cell.split("|"):
                        words.update(w for w in re.findall(r"[^\W\d_]+", term.lower()) if len(w) > 1)
    return frozenset(words)


def is_english(word: str) -> bool:
    """True when ``word`` is an ordinary English word (so a capitalised use may just start a sentence).

    >>> is_english("Meetings"), is_english("the"), is_english("Natarajan")
    (True, True, False)
    """
    w = word.lower().rstrip(".").replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in STOP_WORDS:
        return True
    words = english_words()
    if w in words or _is_inflected_form(w):
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("ly", ""), ("er", ""), ("ers", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and w[: -len(suffix)] + repl in words:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _wordpiece_vocabulary() -> frozenset[str]:
    """Whole words of the shipped embedding tokenizer's vocabulary (about 20,000 common English words)."""
    path = DATA_DIR / "embeddings" / "minilm-static" / "tokenizer.json"
    if not path.is_file():
        return frozenset()
    import json

    vocab = json.loads(path.read_text(encoding="utf-8")).get("model", {}).get("vocab", {})
    return frozenset(w for w in vocab if w.isalpha())


def is_common_word(word: str) -> bool:
    """A word common enough to be in the tokenizer vocabulary (used only for remarks in front-matter brackets)."""
    return word.lower() in _wordpiece_vocabulary() or is_english(word)


def _is_stop(word: str) -> bool:
    w = _bare(word).lower()
    return w in STOP_WORDS or w in vocabulary_terms()


def _bare(word: str) -> str:
    """A token without a trailing full stop or possessive."""
    word = word.rstrip(".")
    return re.sub(r"['’]s$", "", word)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _key(text: str) -> str:
    """Comparison key of an alias: lower-case letters and digits only, accents folded."""
    return re.sub(r"[\W_]+", "", _ascii(text).lower()) or text.lower()


def _is_capitalised(token: str) -> bool:
    t = token.rstrip(".")
    return len(t) >= 2 and t[0].isupper() and any(c.islower() for c in t[1:3])


def letter_code(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": spreadsheet-style letters for interviewees.

    >>> [letter_code(i) for i in (0, 1, 25, 26, 27)]
    ['A', 'B', 'Z', 'AA', 'AB']
    """
    code = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        code = chr(65 + rem) + code
    return code


# ------------------------------------------------------------------------------------- name detection


@dataclass(frozen=True)
class Detected:
    """A name found in text: ``kind`` person|org, ``source`` rule|ner."""

    text: str
    kind: str
    source: str


def detect_names(text: str) -> list[Detected]:
    """People and organisations named in ``text``, by shipped rules (no trained model needed).

    >>> [d.text for d in detect_names("Had coffee with Dr. Patel and Sarah Kim from Acme Labs on Monday.")]
    ['Patel', 'Sarah Kim', 'Acme Labs']
    """
    found: list[Detected] = []
    for match in _ORG_OF.finditer(text):
        found.append(Detected(match.group(0).strip(), "org", "rule"))
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(tokens):
        tok = tokens[i][0]
        if not (_is_capitalised(tok) or tok.rstrip(".").lower() in TITLES and tok[0].isupper()):
            i += 1
            continue
        start = i
        run = [tok]
        j = i + 1
        # A run: capitalised words, initials ("J.") and name particles ("van", "de") between them.
        while j < len(tokens):
            nxt = tokens[j][0]
            if _is_capitalised(nxt) or re.fullmatch(r"[A-Z]\.", nxt):
                run.append(nxt)
            elif nxt.lower() in PARTICLES and j + 1 < len(tokens) and _is_capitalised(tokens[j + 1][0]):
                run.append(nxt)
            elif nxt in ("&",) and j + 1 < len(tokens) and _is_capitalised(tokens[j + 1][0]):
                run.append(nxt)
            else:
                break
            if run[-1].endswith(".") and not re.fullmatch(r"[A-Z]\.", run[-1]) and run[-1].rstrip(".").lower() not in TITLES:
                j += 1
                break  # "Smith." ends a sentence
            if re.search(r"['’]s$", run[-1]):
                j += 1
                break  # "Priya's team": the possessive ends the name
            j += 1
        sentence_start = start == 0 or _ends_sentence(tokens[start - 1][0])
        before = tokens[start - 1][0].lower() if start > 0 else ""
        after = tokens[j][0].lower() if j < len(tokens) else ""
        found.extend(_classify_run(run, sentence_start, before, after))
        i = j
    return _dedupe(found)


def _ends_sentence(token: str) -> bool:
    """True when a name-like word after ``token`` may just be starting a sentence."""
    if token in _SENTENCE_BREAK:
        return True
    word = token.rstrip(".")
    return token.endswith(".") and len(word) > 1 and word.lower() not in TITLES


def _classify_run(run: list[str], sentence_start: bool, before: str, after: str) -> list[Detected]:
    """Names in one run of capitalised words."""
    firsts, lasts = first_names(), last_names()
    words = [_bare(t) for t in run]
    lowers = [w.lower() for w in words]
    # Title + name: "Dr. Patel", "Prof. Ana de Souza".
    for k, low in enumerate(lowers[:-1]):
        if low in TITLES and _is_capitalised(run[k + 1]):
            rest = [w for w in words[k + 1 : k + 4] if w.lower() not in TITLES]
            if rest and not all(_is_stop(w) for w in rest):
                return [Detected(" ".join(rest), "person", "rule")]
    # Organisation suffix: "Acme Labs", "Northwind Health Inc", "Westbrook High School".
    if len(words) >= 2 and lowers[-1] in ORG_SUFFIXES:
        body = list(words)
        if sentence_start:
            while len(body) > 2 and is_english(body[0]) and body[0].lower() not in firsts:
                body = body[1:]
        distinctive = [w for w in body[:-1] if not (_is_stop(w) or is_english(w))]
        specific = [w for w in body[:-1] if w.lower() not in GENERIC_INSTITUTION_WORDS]
        institution = lowers[-1] in INSTITUTIONS and not sentence_start and specific
        if distinctive or institution:
            return [Detected(" ".join(body), "org", "rule")]
    # Drop ordinary words at a sentence start ("Then Priya", "Ask Sarah Kim", "Met Tom Becker").
    while words and sentence_start and (is_english(words[0]) and words[0].lower() not in firsts
                                        or words[0].lower() in STOP_WORDS
                                        or len(words) > 1 and words[0].lower() not in firsts
                                        and words[1].lower() in firsts):
        words, run = words[1:], run[1:]
        sentence_start = False
    # Split at stop words: "Python Sarah Kim" → "Sarah Kim".
    groups: list[list[str]] = [[]]
    for w in words:
        low = w.lower()
        if low in STOP_WORDS or w == "&" or (_is_stop(w) and low not in firsts and low not in lasts):
            groups.append([])
        else:
            groups[-1].append(w)
    out: list[Detected] = []
    for group in (g for g in groups if g):
        person = _person_in(group, sentence_start, before, after, firsts, lasts)
        if person:
            out.append(Detected(person, "person", "rule"))
        elif (before in ORG_CUES_BEFORE and group is groups[0] and len(group) <= 3 and len(group[0]) >= 3
              and not any(_is_stop(w) for w in group) and not is_english(group[0])):
            out.append(Detected(" ".join(group), "org", "rule"))  # "works at Brightline"
    return out


def _person_in(group: list[str], sentence_start: bool, before: str, after: str,
               firsts: frozenset[str], lasts: frozenset[str]) -> str:
    """A person's name made of ``group`` (capitalised, non-stop words), or ""."""
    head = group[0].lower()
    nameish = [w for w in group[1:4] if w.lower() in lasts or not is_english(w) or w.lower() in PARTICLES]
    if len(group) >= 2 and len(nameish) == len(group[1:4]):
        if head in firsts or not is_english(group[0]):
            return " ".join(group[:4])
    if len(group) >= 2 and head in firsts and not _is_stop(group[1]):
        return " ".join(group[:2])
    if len(group) == 1:
        word = group[0]
        if len(word) < 3 or _is_stop(word) or is_english(word):
            return ""
        if head in firsts:
            return word
        if before in CUES_BEFORE or after in CUES_AFTER or (head in lasts and re.search(r"['’]s$", word or "")):
            return word
    return ""


def _dedupe(found: Iterable[Detected]) -> list[Detected]:
    seen: set[tuple[str, str]] = set()
    out = []
    for d in found:
        k = (_key(d.text), d.kind)
        if d.text and k not in seen:
            seen.add(k)
            out.append(d)
    return out


def detect_names_ner(texts: list[str], nlp: Any) -> list[Detected]:
    """PERSON and ORG entities of a trained spaCy pipeline, minus tools and skills it mistakes for companies."""
    found: list[Detected] = []
    for doc in nlp.pipe(texts, batch_size=64):
        for ent in doc.ents:
            name = ent.text.strip(" '’\"“”")
            name = re.sub(r"['’]s$", "", name)
            if not name or not any(c.isupper() for c in name):
                continue
            if ent.label_ == "PERSON":  # "Luis manages 4" → "Luis"
                kept = []
                for word in name.split():
                    if not (_is_capitalised(word) or word.lower() in PARTICLES or re.fullmatch(r"[A-Z]\.", word)):
                        break
                    kept.append(word)
                name = " ".join(kept)
            words = [w for w in re.findall(r"[^\W\d_]+", name) if len(w) > 1]
            if not words or all(_is_stop(w) for w in words) or (name.isupper() and len(name) <= 5):
                continue
            # The statistical model also tags ordinary capitalised phrases ("Felt", "Cyber", "Application
            # Security", "Communities of Practice"): keep only names with a word that is not an ordinary one.
            ordinary = is_common_word if len(words) == 1 else is_english
            if all(ordinary(w) and w.lower() not in first_names() for w in words):
                continue
            if ent.label_ == "PERSON":
                found.append(Detected(name, "person", "ner"))
            elif ent.label_ == "ORG":
                found.append(Detected(name, "org", "ner"))
    return _dedupe(found)


# ------------------------------------------------------------------------------------------- the scrubber


@dataclass
class Entity:
    """Someone or something to hide, with the pseudonym shown instead (assigned on first use)."""

    label: str
    kind: str  # interviewee | person | org | never_share | path
    log_kind: str  # person | org | never_share | rule | ner | path
    pseudonym: str = ""


@dataclass
class _Alias:
    text: str
    entity: Entity
    case_sensitive: bool
    literal: bool = False  # matched exactly as written (file paths, whole front-matter values)


def _literal_key(text: str) -> str:
    return "literal:" + re.sub(r"\s+", " ", text.strip().lower())


class Scrubber:
    """Replaces names, contact details and the user's private terms in any string, consistently.

    >>> s = Scrubber()
    >>> _ = s.add_person("Priya Natarajan", pseudonym="Interviewee A")
    >>> s.scrub("Priya's manager, P. Natarajan <priya@example.com>, +1 (555) 123-4567")
    "Interviewee A's manager, Interviewee A <[email]>, [phone]"
    """

    def __init__(self) -> None:
        self._aliases: dict[str, _Alias] = {}  # comparison key → alias
        self._spellings: list[_Alias] = []  # every written form the pattern looks for ("Tomás", "Tomas")
        self._withheld: list[str] = []
        self._pattern: re.Pattern[str] | None = None
        self._withheld_pattern: re.Pattern[str] | None = None
        self._counters = {"person": 0, "org": 0}
        self.log: dict[tuple[str, str, str, str, str], int] = {}

    # ----------------------------------------------------------------------------------- registration

    def _add_alias(self, text: str, entity: Entity, case_sensitive: bool | None = None) -> None:
        text = text.strip(" \t,;:()[]\"'“”’")
        key = _key(text)
        if len(key) < 2:
            return
        if key in self._aliases:
            known = self._aliases[key]
            if known.entity is entity and text != known.text and not known.case_sensitive:
                self._spellings.append(_Alias(text, entity, False))  # another spelling of the same name
                self._pattern = None
            return
        if case_sensitive is None:
            words = re.findall(r"[^\W\d_]+", text)
            # A lone ordinary word ("Grace", "Target") is a name only when capitalised.
            case_sensitive = len(key) <= 2 or (len(words) == 1 and is_english(words[0]))
        self._aliases[key] = _Alias(text, entity, case_sensitive)
        self._spellings.append(self._aliases[key])
        self._pattern = None

    def _name_aliases(self, name: str, entity: Entity, cautious: bool = False) -> None:
        """The full name, ASCII spelling, first or last name alone and initial forms.

        ``cautious`` (names found by detection, which may be a book title or a product): a part that is an
        ordinary word ("Age" of "Diamond Age") is hidden alone only when the name lists know it as a name.
        """
        words = [w for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", name) if w.lower() not in TITLES]
        if not words:
            return
        forms = [name, " ".join(words)]
        core = [w for w in words if w.lower() not in PARTICLES]
        if len(core) >= 2:
            first, last = core[0], core[-1]
            forms += [f"{first[0]}. {last}", f"{first[0]} {last}", f"{first} {last[0]}.", f"{first} {last}",
                      f"{first[0]}.{last[0]}.", "".join(w[0] for w in core) if len(core) >= 3 else ""]
            parts = [w for w in core if len(w) >= 2 and not _is_stop(w) and w.lower() not in STOP_WORDS]
            if cautious:
                known = (first_names(), last_names())
                parts = [w for i, w in enumerate(parts) if not is_english(w) or w.lower() in known[i > 0]]
            forms += parts
            forms += [" ".join(words[1:])] if len(words) > 2 else []  # "van der Berg"
        for form in forms + [_ascii(f) for f in forms]:
            if form:
                self._add_alias(form, entity, case_sensitive=True if re.fullmatch(r"[A-Z]\.?[A-Z]\.?", form) else None)

    def add_person(self, name: str, pseudonym: str = "", log_kind: str = "person") -> Entity:
        """Hide a person named ``name`` (a front-matter value: extra words in brackets are handled too)."""
        entity = self._entity_for(name, "interviewee" if pseudonym else "person", log_kind, pseudonym)
        cautious = log_kind in ("rule", "ner")
        self._add_field_value(name, entity, functools.partial(self._name_aliases, cautious=cautious))
        return entity

    def add_organization(self, name: str, log_kind: str = "org") -> Entity:
        """Hide an organisation, also under its name without legal suffix, its first word and its acronym."""
        entity = self._entity_for(name, "org", log_kind)
        self._add_field_value(name, entity, self._org_aliases)
        return entity

    def _org_aliases(self, value: str, entity: Entity) -> None:
        words = re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", value)
        self._add_alias(value, entity)
        self._add_alias(_ascii(value), entity)
        core = [w for w in words if w.lower() not in LEGAL_SUFFIXES]
        if core and len(core) < len(words):
            self._add_alias(" ".join(core), entity)
        if len(core) >= 2:  # "Brightline" for "Brightline Learning", "Lakeport" for "City of Lakeport"
            for word in core:
                if len(word) >= 4 and word[0].isupper() and not is_english(word) and not _is_stop(word):
                    self._add_alias(word, entity)
        capitals = [w for w in core if w[0].isupper() and w.lower() not in {"of", "the", "and"}]
        if len(capitals) >= 3:
            self._add_alias("".join(w[0] for w in capitals), entity, case_sensitive=True)

    def add_term(self, term: str) -> None:
        """A ``never_share`` term: replaced wherever it occurs as whole words, any case."""
        entity = Entity(term, "never_share", "never_share", REDACTED)
        self._add_alias(term, entity, case_sensitive=False)
        words = term.split()
        if not 2 <= len(words) <= 5 or not all(_is_capitalised(w) or w.lower() in PARTICLES | {"of", "the"}
                                               for w in words):
            return
        # A term that reads as an organisation or a person is hidden under its shorter forms too.
        if words[-1].lower().rstrip(".") in ORG_SUFFIXES:
            self._org_aliases(term, entity)
        elif (any(w.lower().rstrip(".") in TITLES for w in words) or words[0].lower() in first_names()
              or not is_english(words[0])):
            self._name_aliases(term, entity)

    def add_path(self, path: str, replacement: str) -> None:
        """A note file: its path, file name and (when distinctive) stem map to ``replacement``."""
        entity = Entity(path, "path", "path", replacement)
        name = path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        for form in (path, name, stem if re.search(r"[\d_\-]", stem) else ""):
            if form:
                self._add_literal(form, entity)

    def _add_literal(self, text: str, entity: Entity) -> None:
        key = _literal_key(text)
        if text.strip() and key not in self._aliases:
            self._aliases[key] = _Alias(text.strip(), entity, False, literal=True)
            self._spellings.append(self._aliases[key])
            self._pattern = None

    def replacement_for(self, value: str) -> str:
        """The pseudonym of a registered front-matter value ("" when it was not registered)."""
        alias = self._aliases.get(_literal_key(value)) or self._aliases.get(_key(value))
        return self.pseudonym(alias.entity) if alias else ""

    def add_detected(self, found: Iterable[Detected]) -> None:
        """Names found in the text; longer names first so "Sarah" joins "Sarah Kim"."""
        for d in sorted(found, key=lambda d: -len(d.text.split())):
            if _key(d.text) in self._aliases:
                continue
            if d.kind == "org":
                self.add_organization(d.text, log_kind=d.source)
            else:
                self.add_person(d.text, log_kind=d.source)

    def withhold(self, texts: Iterable[str]) -> None:
        """Exact passages (words of notes that may not be quoted) replaced by ``[quote withheld]`` wherever they occur."""
        self._withheld.extend(t for t in texts if len(t.strip()) >= 12)
        self._withheld_pattern = None

    def _entity_for(self, value: str, kind: str, log_kind: str, pseudonym: str = "") -> Entity:
        existing = self._aliases.get(_key(_main_part(value)))
        if existing and existing.entity.kind in (kind, "interviewee" if kind == "person" else kind):
            if pseudonym and not existing.entity.pseudonym:
                existing.entity.pseudonym = pseudonym
            return existing.entity
        return Entity(value, kind, log_kind, pseudonym)

    def _add_field_value(self, value: str, entity: Entity, add_aliases: Callable[[str, Entity], None]) -> None:
        """A front-matter value: "Joshua Steele (joshuapsteele.com)", "bpritchard (blog author)", "UX designer".

        A name gets all its aliases, a user name itself; a description ("UX designer (unnamed)") is hidden only
        as a whole, so role words stay readable elsewhere. Site names and unusual words in brackets go too.
        """
        value = value.strip()
        if not value:
            return
        self._add_literal(value, entity)
        self._add_alias(value, entity, case_sensitive=False)
        main = _main_part(value)
        words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?", main)
        if words and len(words) <= 5 and all(_is_capitalised(w) or re.fullmatch(r"[A-Z]+\.?", w)
                                             or w.lower() in PARTICLES | {"of", "the", "and", "&"} for w in words):
            add_aliases(main, entity)
        elif re.fullmatch(r"[\w.\-]{3,}", main) and not is_english(main) and not _is_stop(main):
            self._add_alias(main, entity, case_sensitive=False)  # a user name such as "bpritchard"
        for domain in _URL.findall(value):
            stem = re.sub(r"^(?:https?://)?(?:www\.)?", "", domain, flags=re.I).split(".")[0]
            if len(stem) >= 4 and not is_english(stem):
                self._add_alias(stem, entity, case_sensitive=False)
        for remark in re.findall(r"[(\[]([^)\]]*)[)\]]", value):
            for word in re.findall(r"[^\W_]+", _URL.sub(" ", remark)):
                if len(word) >= 4 and not is_english(word) and not _is_stop(word) and not is_common_word(word):
                    self._add_alias(word, entity, case_sensitive=False)  # "bluecyber (blog author)"

    # ----------------------------------------------------------------------------------------- scrubbing

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None and self._spellings:
            parts = []
            for alias in sorted(self._spellings, key=lambda a: -len(a.text)):
                if alias.literal:
                    parts.append("(?i:" + r"\s+".join(re.escape(w) for w in alias.text.split()) + ")")
                    continue
                tokens = re.findall(r"[^\W_]+", alias.text)
                if not tokens:
                    continue
                body = _SEPARATOR.join(re.escape(t) for t in tokens)
                parts.append(body if alias.case_sensitive else f"(?i:{body})")
            self._pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])")
        return self._pattern

    def _lookup(self, matched: str) -> _Alias | None:
        return self._aliases.get(_literal_key(matched)) or self._aliases.get(_key(matched))

    def pseudonym(self, entity: Entity) -> str:
        """The entity's replacement, numbering people and organisations in order of first use."""
        if not entity.pseudonym:
            kind = "org" if entity.kind == "org" else "person"
            self._counters[kind] += 1
            entity.pseudonym = f"{'Organization' if kind == 'org' else 'Person'} {self._counters[kind]}"
        return entity.pseudonym

    def _record(self, original: str, replacement: str, kind: str, note: str, field_name: str) -> None:
        k = (original, replacement, kind, note, field_name)
        self.log[k] = self.log.get(k, 0) + 1

    def scrub(self, text: str, note: str = "", field_name: str = "") -> str:
        """``text`` with every registered name, contact detail and withheld passage replaced."""
        if not text:
            return text
        if self._withheld:
            if self._withheld_pattern is None:
                alts = sorted(set(self._withheld), key=len, reverse=True)
                self._withheld_pattern = re.compile("|".join(re.escape(t) for t in alts))

            def withheld(m: re.Match[str]) -> str:
                self._record(m.group(0)[:80], WITHHELD, "withheld", note, field_name)
                return WITHHELD

            text = self._withheld_pattern.sub(withheld, text)

        def mark(kind: str, replacement: str) -> Callable[[re.Match[str]], str]:
            def replace(m: re.Match[str]) -> str:
                found = m.group(0)
                if kind == "url":
                    trail = re.search(r"[.,;:!?]+$", found)
                    core = found[: trail.start()] if trail else found
                    if core.lower() in vocabulary_terms() or "://" not in core and core.lower() in _NOT_LINKS:
                        return found
                    self._record(core, replacement, kind, note, field_name)
                    return replacement + (trail.group(0) if trail else "")
                self._record(found, replacement, kind, note, field_name)
                return replacement
            return replace

        text = _EMAIL.sub(mark("email", EMAIL_MARK), text)
        text = _URL.sub(mark("url", LINK_MARK), text)
        text = _PHONE.sub(mark("phone", PHONE_MARK), text)
        text = _HANDLE.sub(mark("handle", HANDLE_MARK), text)
        pattern = self._compiled()
        if pattern is None:
            return text

        def name(m: re.Match[str]) -> str:
            alias = self._lookup(m.group(0))
            if alias is None:
                return m.group(0)
            replacement = self.pseudonym(alias.entity)
            self._record(m.group(0), replacement, alias.entity.log_kind, note, field_name)
            return replacement

        return pattern.sub(name, text)

    def log_frame(self) -> "pd.DataFrame":
        """The redaction log: one row per (original, replacement, kind, note, field) with how often."""
        import pandas as pd

        rows = [dict(zip(LOG_COLUMNS, (*k, n))) for k, n in self.log.items()]
        frame = pd.DataFrame(rows, columns=LOG_COLUMNS)
        return frame.sort_values(["note", "field", "kind", "original"], kind="stable").reset_index(drop=True)


# Dotted words that look like domains but are technologies.
_NOT_LINKS = {"asp.net", "vb.net", "ado.net", "node.js", "vue.js", "next.js", "socket.io", "d3.js", "chart.js"}


def _main_part(value: str) -> str:
    """A front-matter value without bracketed remarks: "Joshua Steele (joshuapsteele.com)" → "Joshua Steele"."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]", "", value).strip(" ,;-–—")


# ------------------------------------------------------------------------------------------ share_copy


def share_copy(syn: "Synthesis", *, use_ner: bool | None = None) -> tuple["Synthesis", "pd.DataFrame"]:
    """An anonymised deep copy of ``syn`` for sharing, and the redaction log (keep that one private).

    ``use_ner``: detect names with the trained spaCy pipeline's entity recogniser (default: when one is
    installed); the shipped rules run either way.

    >>> shared, log = share_copy(syn)                       # doctest: +SKIP
    >>> shared.notes[["note", "person"]].head(2)            # doctest: +SKIP
                 note         person
    0  interview-a.md  Interviewee A
    1  interview-b.md  Interviewee B
    """
    shared = copy.deepcopy(syn)
    for cached in ("notes", "snippets", "themes"):
        shared.__dict__.pop(cached, None)
    scrubber = Scrubber()

    hidden = [n for n in shared.note_records if not n.share]
    visible = [n for n in shared.note_records if n.share]
    hidden_paths = {n.path for n in hidden}
    quiet_paths = {n.path for n in visible if not n.quotes}
    for n in hidden:
        scrubber._record(n.path, "", "excluded", n.path, "note")

    # Pseudonyms for the visible notes, fixed by note order; the same person in two notes keeps one letter.
    letters: dict[str, str] = {}
    path_map: dict[str, str] = {}
    interviewee: dict[str, str] = {}
    for n in visible:
        person_key = _key(_main_part(n.person)) if n.person else f"note:{n.path}"
        if person_key not in letters:
            letters[person_key] = letter_code(len(letters))
        path_map[n.path] = _unique_path(f"interview-{letters[person_key].lower()}", path_map.values())
        interviewee[n.path] = f"Interviewee {letters[person_key]}"
        if n.person:
            scrubber.add_person(n.person, pseudonym=interviewee[n.path])
    for n in hidden:
        if n.person:
            scrubber.add_person(n.person)
    for n in visible + hidden:
        if n.organization:
            scrubber.add_organization(n.organization)
        for key in ("company", "organisation", "org", "employer"):
            if isinstance(n.meta.get(key), str) and n.meta[key] != n.organization:
                scrubber.add_organization(n.meta[key])
    for term in shared.config.never_share:
        if term.strip():
            scrubber.add_term(term)
    for path, new in path_map.items():
        scrubber.add_path(path, new)
    for n in hidden:
        scrubber.add_path(n.path, REDACTED)

    # Words that may not be shown: all of a hidden note, the snippets of a quotes: false note.
    scrubber.withhold(s.text for s in shared.snippet_records if s.note in hidden_paths | quiet_paths)
    scrubber.withhold(t for n in hidden for t in (n.title,) if len(t) >= 12)

    _apply_consent(shared, hidden_paths, quiet_paths)

    # Detect other names in everything that will be shown, then replace in one pass.
    texts = list(_visible_texts(shared))
    found = detect_names_ner(texts, _ner_pipeline(shared.config)) if _want_ner(shared.config, use_ner) else []
    for text in texts:
        found.extend(detect_names(text))
    scrubber.add_detected(_dedupe(found))

    _scrub_records(shared, scrubber, path_map, interviewee)
    _rebuild_plan(shared, syn, scrubber, hidden_paths)
    return shared, scrubber.log_frame()


def _unique_path(stem: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    candidate, n = f"{stem}.md", 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}.md", n + 1
    return candidate


def _apply_consent(shared: "Synthesis", hidden: set[str], quiet: set[str]) -> None:
    """Drop ``share: false`` notes and everything derived from them; silence ``quotes: false`` notes."""
    import numpy as np

    keep = [s.note not in hidden for s in shared.snippet_records]
    if shared.embeddings is not None and getattr(shared.embeddings, "shape", (0,))[0] == len(keep):
        shared.embeddings = np.asarray(shared.embeddings)[np.array(keep, dtype=bool)] if keep else shared.embeddings
    shared.note_records = [n for n in shared.note_records if n.path not in hidden]
    shared.snippet_records = [s for s, k in zip(shared.snippet_records, keep) if k]
    for note in shared.note_records:
        note.snippets = [s for s in note.snippets if s.note not in hidden]
    for s in shared.snippet_records:
        if s.note in quiet:
            s.text, s.evidence, s.links = WITHHELD, "", ()
    shared.mentions = [m for m in shared.mentions if getattr(m, "note", None) not in hidden]
    shared.career_paths = [p for p in shared.career_paths if getattr(p, "note", None) not in hidden]
    shared.warnings = [w for w in shared.warnings if w.path not in hidden]

    by_path = {n.path: n for n in shared.note_records}
    shown_text = " ".join(s.text for s in shared.snippet_records if s.note not in quiet)
    shown_words = set(re.findall(r"[^\W_]+", shown_text.lower()))
    kept_themes = []
    for theme in shared.theme_records:
        notes = [p for p in theme.notes if p in by_path]
        if len(set(notes)) < 2:
            for s in shared.snippet_records:
                if s.theme == theme.id:
                    s.theme = ""
            continue
        theme.notes = notes
        old_id = theme.id
        theme.label, new_id = _label_from_shown_words(theme, shown_words)
        if new_id != old_id:
            theme.id = _unique_slug(new_id or "theme", {t.id for t in shared.theme_records if t is not theme})
            for s in shared.snippet_records:
                if s.theme == old_id:
                    s.theme = theme.id
        theme.people = [by_path[p].person for p in notes if by_path[p].person]
        theme.n_interviews = len(set(notes))
        theme.quotes = [q for q in theme.quotes if q[0] in by_path and q[0] not in quiet]
        members = [s for s in shared.snippet_records if s.theme == theme.id]
        theme.size = len(members)
        dates = sorted(d for d in (by_path[p].date for p in notes) if d is not None)
        theme.first_seen, theme.last_seen = (dates[0], dates[-1]) if dates else (None, None)
        kept_themes.append(theme)
    shared.theme_records = kept_themes


def _label_from_shown_words(theme: Any, shown: set[str]) -> tuple[str, str]:
    """The theme's label and id without key phrases that only withheld notes used.

    Labels are key phrases of a theme's snippets, computed before consent was applied, so a phrase may come
    from a ``share: false`` or ``quotes: false`` note. A phrase stays when each of its words (or a word it is
    the stem of) occurs in the text being shared, or in the codebook's own name for the theme.
    """
    codebook = getattr(theme, "kind", "discovered") == "codebook"  # its id and anchor are shipped words
    own = set(re.findall(r"[^\W_]+", f"{getattr(theme, 'anchor', '')} {getattr(theme, 'description', '')}".lower()))
    if codebook:
        own |= set(theme.id.split("-"))

    def shown_word(word: str) -> bool:
        return len(word) < 3 or word in own or word in shown or any(w.startswith(word[:-1]) for w in shown
                                                                     if len(word) > 4 and w[:3] == word[:3])

    phrases = [p for p in re.split(r"\s*[,;|]\s*", theme.label) if p]
    kept = [p for p in phrases if all(shown_word(w) for w in re.findall(r"[^\W_]+", p.lower()))]
    label = ", ".join(kept) or getattr(theme, "anchor", "") or theme.category or "theme"
    words = [w for w in theme.id.split("-") if w]
    theme_id = theme.id if codebook or all(shown_word(w) or w.isdigit() for w in words) else re.sub(
        r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return label, theme_id


def _want_ner(config: Any, use_ner: bool | None) -> bool:
    if use_ner is False:
        return False
    from .nlp import resolve_model

    return use_ner is True or resolve_model(getattr(config, "spacy_model", "auto")) != "blank"


def _ner_pipeline(config: Any) -> Any:
    from .nlp import get_nlp, has_ner

    nlp = get_nlp(getattr(config, "spacy_model", "auto"))
    return nlp if has_ner(nlp) else _NoEntities()


class _NoEntities:
    def pipe(self, texts: list[str], batch_size: int = 64) -> Iterator[Any]:
        return iter(())


def _visible_texts(shared: "Synthesis") -> Iterator[str]:
    """Free text that reaches an output (structured fields such as person/path are replaced wholesale)."""
    for n in shared.note_records:
        yield n.title
        yield from n.tags
    for s in shared.snippet_records:
        yield s.text
        yield s.heading
        yield from s.links
    for t in shared.theme_records:
        yield t.label
        yield getattr(t, "description", "")
    for w in shared.warnings:
        yield w.message
    profile = getattr(shared.config, "profile", None)
    if profile is not None:
        yield from profile.goals
    yield from getattr(shared.config, "mentor_questions", [])


def _scrub_records(shared: "Synthesis", scrubber: Scrubber, path_map: dict[str, str],
                   interviewee: dict[str, str]) -> None:
    """Replace identifying fields and scrub every free-text field, in note order (so numbering follows it)."""
    theme_ids: dict[str, str] = {}

    def new_theme_id(old: str) -> str:
        if old not in theme_ids:
            slug = re.sub(r"[^a-z0-9]+", "-", scrubber.scrub(old, "", "theme.id").lower()).strip("-")
            theme_ids[old] = _unique_slug(slug or "theme", theme_ids.values())
        return theme_ids[old]

    for n in shared.note_records:
        original = n.path
        sc = functools.partial(scrubber.scrub, note=original)
        if n.person:
            scrubber._record(n.person, interviewee[original], "person", original, "person")
        n.person = interviewee[original]
        if n.organization:
            replacement = scrubber.replacement_for(n.organization)
            scrubber._record(n.organization, replacement, "org", original, "organization")
            n.organization = replacement or sc(n.organization, field_name="organization")
        n.title = sc(n.title, field_name="title")
        n.role = sc(n.role, field_name="role")
        n.tags = tuple(sc(t, field_name="tags") for t in n.tags)
        n.status = sc(n.status, field_name="status")
        if n.email:
            scrubber._record(n.email, "", "email", original, "email")
        n.email = ""
        n.content_hash = ""
        n.meta = {k: v for k, v in n.meta.items() if k in ("share", "quotes", "status")}
        n.path = path_map[original]
    for s in shared.snippet_records:
        original = s.note
        s.note = path_map.get(original, s.note)
        s.text = scrubber.scrub(s.text, original, "text")
        s.heading = scrubber.scrub(s.heading, original, "heading")
        s.evidence = scrubber.scrub(s.evidence, original, "evidence")
        s.hashtags = tuple(scrubber.scrub(h, original, "hashtags") for h in s.hashtags)
        s.links = tuple(scrubber.scrub(link, original, "links") for link in s.links)
        s.theme = new_theme_id(s.theme) if s.theme else ""
    for t in shared.theme_records:
        t.id = new_theme_id(t.id)
        t.label = scrubber.scrub(t.label, "", "theme.label")
        t.quotes = [(path_map.get(p, p), line, scrubber.scrub(text, p, "theme.quote")) for p, line, text in t.quotes]
        t.notes = [path_map.get(p, p) for p in t.notes]
        by_pseudo = {n.path: n.person for n in shared.note_records}
        t.people = [by_pseudo[p] for p in t.notes if by_pseudo.get(p)]
        for attr in ("anchor", "description"):
            if isinstance(getattr(t, attr, None), str):
                setattr(t, attr, scrubber.scrub(getattr(t, attr), "", f"theme.{attr}"))
        if hasattr(t, "snippet_keys"):
            t.snippet_keys = [s.key for s in shared.snippet_records if s.theme == t.id]
    for w in shared.warnings:
        w.message = scrubber.scrub(w.message, w.path, "warning")
        w.path = path_map.get(w.path, scrubber.scrub(w.path, w.path, "warning"))
    for record in list(shared.mentions) + list(shared.career_paths):
        _scrub_object(record, scrubber, path_map, interviewee)

    cfg = shared.config
    cfg.never_share = []  # the terms themselves are the secret
    cfg.path = cfg.notes_dir = cfg.out_dir = cfg.cache_dir = None
    profile = cfg.profile
    profile.goals = [scrubber.scrub(g, "", "profile.goals") for g in profile.goals]
    cfg.mentor_questions = [scrubber.scrub(q, "", "mentor.questions") for q in cfg.mentor_questions]
    profile.name = ""
    shared.notes_dir = Path("notes")


def _unique_slug(slug: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _scrub_object(record: Any, scrubber: Scrubber, path_map: dict[str, str], interviewee: dict[str, str]) -> None:
    """Every string field of a dataclass record (mentions, career paths), its note and person fields mapped."""
    if not dataclasses.is_dataclass(record):
        return
    note = getattr(record, "note", "")
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name == "note" and isinstance(value, str):
            value = path_map.get(value, value)
        elif f.name == "person" and note in interviewee:
            value = interviewee[note]
        else:
            value = _scrub_value(value, scrubber, note, f.name)
        _set(record, f.name, value)


def _scrub_value(value: Any, scrubber: Scrubber, note: str, field_name: str) -> Any:
    if isinstance(value, str):
        return scrubber.scrub(value, note, field_name)
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub_value(v, scrubber, note, field_name) for v in value)
    if isinstance(value, dict):
        return {k: _scrub_value(v, scrubber, note, field_name) for k, v in value.items()}
    return value


def _rebuild_plan(shared: "Synthesis", original: "Synthesis", scrubber: Scrubber, hidden: set[str]) -> None:
    """Recompute the plan from the shared data (so no count includes a hidden note), then scrub every cell."""
    if original.plan_result is None:
        return
    try:
        from .plan import build_plan

        cfg = shared.config
        shared.plan_result = build_plan(
            shared.snippets, shared.notes, shared.themes, shared.mentions, shared.career_paths,
            cfg.profile, extra_actions=cfg.extra_actions, extra_questions=cfg.extra_questions,
        )
    except Exception:  # noqa: BLE001 - fall back to filtering the private plan's rows
        shared.plan_result = copy.deepcopy(original.plan_result)
        _drop_hidden_rows(shared.plan_result, hidden)
    result = shared.plan_result
    for name, value in list(_frames(result)):
        _set(result, name, _scrub_frame(value, scrubber, f"plan.{name}"))


def _frames(result: Any) -> Iterator[tuple[str, Any]]:
    import pandas as pd

    items = vars(result).items() if hasattr(result, "__dict__") else (
        (f.name, getattr(result, f.name)) for f in dataclasses.fields(result))
    for name, value in items:
        if isinstance(value, pd.DataFrame):
            yield name, value
        elif isinstance(value, (str, list, tuple, dict)):
            yield name, value


def _set(result: Any, name: str, value: Any) -> None:
    try:
        setattr(result, name, value)
    except dataclasses.FrozenInstanceError:
        object.__setattr__(result, name, value)


def _scrub_frame(value: Any, scrubber: Scrubber, where: str) -> Any:
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        return _scrub_value(value, scrubber, "", where)
    frame = value.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("string", "str"):
            frame[column] = frame[column].map(lambda v, c=column: _scrub_cell(v, scrubber, f"{where}.{c}"))
    if frame.index.dtype == object:
        frame.index = [_scrub_cell(v, scrubber, f"{where}.index") for v in frame.index]
    return frame


def _scrub_cell(value: Any, scrubber: Scrubber, where: str) -> Any:
    if isinstance(value, (dt.date, int, float, bool)) or value is None:
        return value
    return _scrub_value(value, scrubber, "", where)


def _drop_hidden_rows(result: Any, hidden: set[str]) -> None:
    """Rows of the private plan that name a hidden note (used only when the plan cannot be recomputed)."""
    import pandas as pd

    if not hidden:
        return
    for name, frame in list(_frames(result)):
        if not isinstance(frame, pd.DataFrame) or frame.empty:
            continue
        text = frame.astype(str).agg(" ".join, axis=1)
        mask = text.apply(lambda row: any(p in row for p in hidden))
        _set(result, name, frame.loc[~mask].reset_index(drop=True))
