"""Finding people and organisations named in running text, without a trained model.

Rules look at runs of capitalised words and at the words around them:

* a title and a name ("Dr. Emeka Obi", "Ms. Lan");
* a first name from the shipped lists followed by name words ("Diego Restrepo"), or two or more words that
  are not English ("Xiaoling Zhou");
* a name word next to a word that signals a person: "said", "told", "from HR" after it; "with", "ask",
  "named", "ping", "her manager," before it. A first name that is also a word ("Will", "Hope", "June") counts
  only with such a cue: "Will from revenue" is a person, "Will this scale?" is not;
* a capitalised span after "at", "joined", "left", "@", "for" or "from" ("joined Northgate Regional"), or one
  that ends in a word for a kind of organisation ("St. Brigid Medical Center", "Okabe & Lunn"): an
  organisation, kept whole;
* a rare capitalised word inside a sentence (not English, not a known tool, not among the 20,000 words of the
  shipped tokenizer): most likely a name.

Ordinary words at the start of a sentence ("Mark your calendar", "Honestly"), skills, tools and role words
are never names on their own. :func:`detect_names_ner` adds a trained spaCy pipeline's entities when one is
installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .words import (
    ACTS_ON_ME,
    CUES_AFTER,
    CUES_BEFORE,
    GENERIC_ORG_WORDS,
    HONORIFICS,
    INSTITUTIONS,
    LEGAL_SUFFIXES,
    MONTHS,
    ORG_CUES_BEFORE,
    ORG_SUFFIXES,
    PARTICLES,
    PERSON_ONLY_VERBS,
    PERSONAL_THINGS,
    POSSESSIVES,
    RELATION_WORDS,
    STOP_WORDS,
    TITLES,
    bare,
    first_names,
    is_capitalised,
    is_common_word,
    is_english,
    is_name_word,
    is_plain_word,
    is_stop,
    last_names,
    main_part,
    name_key,
    reads_as_month,
    role_heads,
    wordpiece_vocabulary,
)


@dataclass(frozen=True)
class Detected:
    """A name found in text: ``kind`` person|org, ``source`` rule|ner."""

    text: str
    kind: str
    source: str


# Capital letters of the Latin, Greek and Cyrillic scripts (re has no \p{Lu}).
_UPPER = "".join(chr(c) for c in (*range(0x41, 0x5B), *range(0xC0, 0x530), *range(0x1E00, 0x1F00)) if chr(c).isupper())
_CAP_TOKEN = re.compile(rf"(?<![^\W_])[{_UPPER}][^\W_]*(?:['’\-][^\W\d_]+)*\.?")
_WORD_BEFORE = re.compile(r"([^\W\d_]+|[@=,&:;(])[^\w@=,&:;(]*$")
_WORD_AFTER = re.compile(r"\s*([^\W_]+|\S)")
_SENTENCE_BREAK = set(".!?:;\"“”()[]—–-*>|•=\n")
# "Ana de Souza", "Hendrik van der Berg", "Okabe & Lunn", "Bank of Ireland"
_RUN_GAP = re.compile(r"[ \t]+(?:(?:[a-z]{1,4}|&)[ \t]+){0,2}")
_INITIAL = re.compile(r"[^\W\d_]\.")
# "Tanvika in finance asks": a team or place of one to three words between a name and what the person says.
_IN_GROUP = re.compile(r"[ \t]+(?:in|on|at)((?:[ \t]+[^\W\d_][\w'’&-]*){2,4})")
# ", his old manager", " (her first supervisor)", " is my contact": a relation to someone follows the name.
_APPOSITION = re.compile(r"(?:[ \t]*[,(]|[ \t]+(?:is|was))[ \t]*([^\W\d_]+)((?:[ \t]+[^\W\d_][\w'’-]*){1,3})")
# " - charge nurse", " (paramedic)", ", a night-shift dispatcher at …": a role of one to four words, which may
# go on with where the person works, follows the name.
_ROLE_AFTER = re.compile(r"(?:[ \t]+[-–—]|[ \t]*[(,])[ \t]*(?:(?:a|an|the)[ \t]+)?((?:[^\W\d_][\w'’/-]*[ \t]+){0,3}"
                         r"[^\W\d_][\w'’-]*)[ \t]*(?:[),.;:]|$|[ \t]+(?:at|in|on|for|with)[ \t])")
# "Kealoha: "never skip the handover"": a speaker's label before what they said.
_SPEAKER = re.compile(r"[ \t]*:[ \t]*[\"“'‘]")
# "Talk to Priya", "introduced me to Kwabena": "to" after these is a cue for a person.
TALK_TO = {"talk", "talked", "speak", "spoke", "reach", "reached", "introduce", "introduced", "introduces",
           "write", "wrote", "send", "sent", "reply", "replied", "listen", "listened", "me", "him", "her", "out"}


@dataclass
class _Run:
    words: list[str]
    start: int
    end: int
    sentence_start: bool
    before: str  # the word before the run, lower-case ("" at the start)
    before2: str  # the word before that (past a comma or "the")
    after: str  # the word after, lower-case, or the punctuation mark
    after2: str  # the word after that
    bracketed: bool = False  # the run opens a bracket: "Jorge Batista (Tri-Valley Water Utility)"
    # What follows marks a person: a relation ("Gagné, his old manager"), a role ("Kealoha - charge nurse"), a
    # team and a verb of saying ("Tanvika in finance asks") or a quotation ("Kealoha: "never skip it"").
    person_follows: bool = False


def detect_names(text: str) -> list[Detected]:
    """People and organisations named in ``text``, by shipped rules (no trained model needed).

    >>> [d.text for d in detect_names("Had coffee with Dr. Patel and Sarah Kim from Acme Labs on Monday.")]
    ['Patel', 'Sarah Kim', 'Acme Labs']
    >>> [d.text for d in detect_names("Will said to mark it. Mark your calendar. Hope from HR joined Northgate Regional.")]
    ['Will', 'Hope', 'Northgate Regional']
    """
    found: list[Detected] = []
    for run in _runs(text):
        found.extend(_classify(run))
    found.extend(_lower_case_people(text))
    return dedupe(found)


_LOWER_WORD = re.compile(r"(?<![\w@/.'’-])[a-z][a-z'’-]{2,}(?![\w@/-])")


def _lower_case_people(text: str) -> list[Detected]:
    """People typed in lower case, as on a phone: "works w/ nikhil in payroll", "ping anjali desai at abbvie",
    "dave o'shaughnessy". A first name and a surname from the lists (or a word too rare to be anything else), or
    a first name alone that is no common word; never an English word ("mark reviews", "will do")."""
    firsts, lasts, common = first_names(), last_names(), wordpiece_vocabulary()

    def usable(word: str) -> bool:
        return not is_english(word) and not is_stop(word) and not _CONTRACTION.fullmatch(word)

    words = [(m.group(0), m.start(), m.end()) for m in _LOWER_WORD.finditer(text)]
    out: list[Detected] = []
    k = 0
    while k < len(words):
        word, _, end = words[k]
        if word in firsts and usable(word):
            nxt = words[k + 1] if k + 1 < len(words) else None
            if nxt and text[end:nxt[1]] == " " and usable(nxt[0]) and (
                    nxt[0] in lasts or nxt[0] not in common and len(nxt[0]) >= 4):
                out.append(Detected(f"{word} {nxt[0]}", "person", "rule"))
                k += 2
                continue
            if word not in common and len(word) >= 5:  # "resi" (residential) is no one
                out.append(Detected(word, "person", "rule"))
        k += 1
    return out


def _runs(text: str) -> Iterable[_Run]:
    """Runs of capitalised words (with name particles, "&" and "of" between them) and their surroundings."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _CAP_TOKEN.finditer(text)]
    i = 0
    while i < len(tokens):
        words = [tokens[i][0]]
        start, end = tokens[i][1], tokens[i][2]
        j = i + 1
        while j < len(tokens) and (not _ends_run(words[-1]) or _possessive_in_org(words[-1], text[end:tokens[j][1]],
                                                                              tokens[j][0])):
            gap = text[end:tokens[j][1]]
            if gap == "" and _INITIAL.fullmatch(words[-1]):  # "T.N."
                pass
            elif not _RUN_GAP.fullmatch(gap):
                break
            else:
                inner = gap.split()
                if len(inner) > 1 and not all(w in PARTICLES for w in inner) or len(inner) == 1 and inner[0] != "&" \
                        and inner[0] not in PARTICLES and inner[0] not in ("of", "the", "and"):
                    break
                words.extend(inner)
            words.append(tokens[j][0])
            end = tokens[j][2]
            j += 1
        yield _surroundings(text, words, start, end)
        i = j


def _ends_run(token: str) -> bool:
    """"Smith." ends a sentence; "Dr.", "St.", "J." do not; "Priya's" ends a name."""
    if re.search(r"['’]s$", token):
        return True
    if not token.endswith("."):
        return False
    word = token[:-1].lower()
    return not (len(word) == 1 or word in TITLES or word in PARTICLES or word in {"sr", "jr", "mt", "ft"})


def _possessive_in_org(word: str, gap: str, following: str) -> bool:
    """"Harlan County Sheriff's Office", "St. Brendan's Hospital": a possessive inside an organisation's name."""
    return bool(re.search(r"['’]s$", word)) and gap == " " and bare(following).lower() in ORG_SUFFIXES


def _surroundings(text: str, words: list[str], start: int, end: int) -> _Run:
    head = text[max(0, start - 60):start]
    m = _WORD_BEFORE.search(head)
    before = m.group(1).lower() if m else ""
    before2 = ""
    if m:
        m2 = _WORD_BEFORE.search(head[: m.start(1)])
        before2 = m2.group(1).lower() if m2 else ""
    if before == "the" and before2:  # "at the Alder County Superior Court"
        before = before2
    stripped = head.rstrip(" \t")
    sentence_start = (not stripped or stripped[-1] in _SENTENCE_BREAK
                      or stripped.endswith(".") and _ends_run(stripped.split()[-1]))
    if sentence_start and (not stripped or stripped[-1] not in ",:"):
        before = before2 = ""  # the word before is another sentence's
    if stripped.endswith(";"):  # the clause after a semicolon goes on in lower case: a capital there is a name's
        sentence_start = False
    tail = text[end:end + 60]
    a = _WORD_AFTER.match(tail)
    after = a.group(1).lower() if a else ""
    a2 = _WORD_AFTER.match(tail, a.end()) if a else None
    after2 = a2.group(1) if a2 else ""
    return _Run(words, start, end, sentence_start, before, before2, after, after2, stripped.endswith("("),
                _relation_follows(tail) or _says_after_group(tail) or _role_follows(tail)
                or _SPEAKER.match(tail) is not None)


def _says_after_group(tail: str) -> bool:
    """The run is followed by "in/on/at" and a team or place, then a verb of saying: "Tanvika in finance asks"."""
    m = _IN_GROUP.match(tail)
    return m is not None and any(w.lower() in CUES_AFTER for w in m.group(1).split()[1:])


def _relation_follows(tail: str) -> bool:
    """The run is followed by ", his/her/my … ROLE" (or in brackets, or after "is"), a relation to someone: "Gagné,
    his old manager", "Tamatea is my contact" ("…, her manager's favourite tool" is not one)."""
    m = _APPOSITION.match(tail)
    return m is not None and m.group(1).lower() in POSSESSIVES and any(
        w.lower() in RELATION_WORDS for w in m.group(2).split())


def _role_follows(tail: str) -> bool:
    """The run is followed by a dash, a bracket or a comma and a role or a credential: "Kealoha - charge nurse",
    "Seumalo (paramedic)", "Ngata, a night-shift dispatcher at the county", "Kealoha (RN)" ("Zendesk (support)" is
    not a role)."""
    m = _ROLE_AFTER.match(tail)
    if m is None:
        return False
    words = m.group(1).split()
    # Or letters after a name: "Kealoha (RN)", "Kealoha, DVM, runs the clinic"; in brackets also those that are US
    # states after a comma ("Kealoha (MD)": a place is not written so).
    letters = _CREDENTIALS if m.group(0).lstrip().startswith("(") else _CREDENTIALS_AFTER_NAME
    return words[-1].lower() in role_heads() or all(w[0].isupper() and w.lower() in letters for w in words)


def _classify(run: _Run) -> list[Detected]:
    """Names in one run; a run such as "Dr. Patel and Sarah Kim" is read as its parts around "and"."""
    parts: list[list[str]] = [[]]
    for w in run.words:
        if w == "and":
            parts.append([])
        else:
            parts[-1].append(w)
    parts = [p for p in parts if p]
    if len(parts) == 1:
        return _classify_part(run)
    out = []
    for k, words in enumerate(parts):
        last = k == len(parts) - 1
        out += _classify_part(_Run(words, run.start, run.end, run.sentence_start and k == 0,
                                   run.before if k == 0 else "and", run.before2 if k == 0 else "",
                                   run.after if last else "and", run.after2 if last else parts[k + 1][0],
                                   person_follows=run.person_follows and last))
    return out


def _span(raw: list[str]) -> str:
    """The words of a name as written, without a possessive or a sentence's full stop."""
    text = re.sub(r"['’]s$", "", " ".join(raw))
    return text[:-1] if text.endswith(".") and _ends_run(raw[-1]) else text


def _classify_part(run: _Run) -> list[Detected]:
    raw = list(run.words)
    words = [bare(w) for w in raw]
    lowers = [w.lower() for w in words]
    firsts = first_names()

    # A title and a name: "Dr. Patel", "Met Prof. Ana de Souza", "Ms. Lan", "Principal Dolores Marsh".
    for t in range(len(words) - 1):
        if lowers[t] not in TITLES:
            continue
        rest = []
        for w, r in zip(words[t + 1:t + 4], raw[t + 1:t + 4]):
            if w.lower() in TITLES or w.lower() in ORG_SUFFIXES or w.lower() in ("&", "of", "the"):
                break
            rest.append(r)
        if rest and is_capitalised(rest[0]) and (
                lowers[t] in HONORIFICS or any(is_name_word(bare(w)) or bare(w).lower() in firsts for w in rest)):
            return [Detected(_span(rest), "person", "rule")]

    # Organisations: "Acme Labs", "St. Brigid Medical Center", "Okabe & Lunn", "University of Michigan".
    org = _organisation(words, raw, run)
    if org:
        return [Detected(org, "org", "rule")]
    if run.before == "from" and _org_after_from(words):  # "joined the Ledger from Ashgrove Public Radio"
        return [Detected(_span(raw), "org", "rule")]
    if run.before in ORG_CUES_BEFORE and run.before != "from":  # "joined Northgate Regional", "at Voltaic"
        span = raw[1:] if lowers[0] == "the" and len(raw) > 1 else raw
        if _name_like_span([bare(w) for w in span], strong=run.before in ("joined", "left", "@")) \
                and not _person_like([bare(w) for w in span]):
            return [Detected(_span(span), "org", "rule")]

    # People. Ordinary words that start a sentence go first ("Then Priya", "Ping Oluwaseun").
    before, sentence_start = run.before, run.sentence_start
    while len(words) > 1 and sentence_start and (is_english(words[0]) and lowers[0] not in firsts
                                                 or is_stop(words[0]) and lowers[0] not in firsts):
        before = lowers[0]
        words, lowers, raw = words[1:], lowers[1:], raw[1:]
        sentence_start = False
    if len(words) == 1:
        groups = [[0]]
    else:  # "Python Sarah Kim" → "Sarah Kim"
        groups = [[]]
        for k, (w, low) in enumerate(zip(words, lowers)):
            if low in STOP_WORDS or w in ("&", "of", "the") or is_stop(w) and low not in firsts and low not in last_names():
                groups.append([])
            else:
                groups[-1].append(k)
        groups = [g for g in groups if g]
    out: list[Detected] = []
    for group in groups:
        first, last = group[0] == 0, group[-1] == len(words) - 1
        found = _person([words[k] for k in group], run, before if first else "", sentence_start and first,
                        run.after if last else "")
        if found:
            out.append(Detected(_span([raw[k] for k in group][: len(found.split())]), "person", "rule"))
        elif first and run.before == "from" and _name_like_span([words[k] for k in group], strong=False):
            out.append(Detected(_span([raw[k] for k in group]), "org", "rule"))  # "moved from Ostara"
    return out


def _organisation(words: list[str], raw: list[str], run: _Run) -> str:
    lowers = [w.lower() for w in words]
    # In brackets, a span that ends like an organisation names one: "Jorge Batista (Tri-Valley Water Utility)".
    org_cue = run.before in ORG_CUES_BEFORE or run.bracketed
    if "&" in words and (len(words) >= 4 or len(words) >= 3 and any(is_name_word(w) for w in words if w != "&")) \
            and not (len(words) >= 4 and lowers[-1] in role_heads()) \
            and not (len(words) == 3 and all(w in first_names() and w not in last_names() for w in lowers[::2])):
        # ("GIS & Stewardship Analyst" is a job; "Sean & Kiri" two people, "Hollis & Crane" a firm)
        return _span(raw)  # "Okabe & Lunn"; four capitalised words around "&" ("Summit Comfort Heating & Air")
    if len(words) < 2 or lowers[-1] not in ORG_SUFFIXES and "of" not in lowers:
        return ""
    if "of" in lowers and lowers[-1] not in ORG_SUFFIXES:  # "University of Michigan", "Bank of Ireland"
        k = lowers.index("of")
        if k == 0 or lowers[k - 1] not in ORG_SUFFIXES or k == len(words) - 1:
            return ""
    start = 0
    while len(words) - start > 2 and (lowers[start] == "the" or run.sentence_start and start == 0
                                      and is_english(words[0]) and lowers[0] not in first_names() and not org_cue):
        start += 1  # "Then Acme Labs", "The Halden Courier"
    body = words[start:]
    core = [w for w in body if w.lower() not in ORG_SUFFIXES | {"of", "the", "&", "and"}]
    if not core:
        return ""
    distinctive = any(is_name_word(w) for w in core)
    # After "at the", a capitalised word before the kind of place is the place's own, even a common one
    # ("at the Field Museum").
    specific = any(w.lower() not in GENERIC_ORG_WORDS and (not is_stop(w) or org_cue) for w in core)
    institution = body[-1].lower() in INSTITUTIONS | LEGAL_SUFFIXES and not run.sentence_start
    if distinctive or specific and (org_cue or institution):
        return _span(raw[start:])
    return ""


def _name_like_span(group: list[str], strong: bool) -> bool:
    """A capitalised span after "at"/"joined"/…: an organisation when a word of it is a name, or (after the
    unmistakable "joined", "left", "@") when it has several words."""
    if not group or is_stop(group[0]) or len(group[0]) < 3 or all(is_stop(w) for w in group):
        return False
    return any(is_name_word(w) for w in group) or strong and len(group) >= 2


def _org_after_from(words: list[str]) -> bool:
    """After "from", a span that ends in an ordinary word and holds a name ("Ashgrove Public Radio", "Northgate
    Regional") is an organisation; people's names ("Sarah Kim", "Grace Park") are not made so."""
    if len(words) < 2 or _person_like(words) or not any(is_name_word(w) for w in words):
        return False
    last = words[-1].lower()
    return is_english(words[-1]) and last not in last_names() and last not in first_names()


def _person_like(group: list[str]) -> bool:
    """"Sarah", "Sarah Kim": a first name, alone or followed by name words."""
    if group[0].lower() not in first_names():
        return False
    return all(w.lower() in last_names() or is_name_word(w) or w.lower() in PARTICLES for w in group[1:])


_ACRONYM = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]+(?:s|['’]s)?")


def _person(group: list[str], run: _Run, before: str, sentence_start: bool, after: str) -> str:
    """A person's name made of ``group`` (capitalised, non-stop words), or ""."""
    firsts, lasts = first_names(), last_names()
    head = group[0].lower()
    if any(_ACRONYM.fullmatch(w) for w in group) or any(_CONTRACTION.fullmatch(bare(w)) for w in group):
        return ""  # "CISO", "NVIDIA GPU", "VLOOKUPs": acronyms, not people; "Now I'm": no one
    if len(group) >= 2:
        rest = group[1:4]
        # After a known first name, a word counts as a surname unless it is an English word as written: "Mendes"
        # reads as "mend" + "es" to is_english, "Carla Mendes" is still a name; "Grace Notes" is not.
        surname = is_name_word if head not in firsts else (lambda w: is_name_word(w) or not is_plain_word(w))
        namelike = all(w.lower() in lasts or surname(w) or w.lower() in PARTICLES for w in rest)
        # A first name that is also a word ("Rowan", "Sky") reads as one before a surname after a cue:
        # "Ask Rowan Achebe", "with Sky Ferreira".
        cued = any(is_name_word(w) for w in rest) and (before in CUES_BEFORE or after in CUES_AFTER)
        if namelike and (head in firsts or is_name_word(group[0]) or cued):
            return " ".join(group[:4])
        return ""
    word = group[0]
    if len(bare(word)) < 2 or is_stop(word) and head not in firsts or _CONTRACTION.fullmatch(bare(word)):
        return ""  # "I'm" after "call" is no one
    possessive = bool(re.search(r"['’]s$", run.words[-1]))
    cue_before = (before in CUES_BEFORE or before in (",", ":") and run.before2 in CUES_BEFORE  # "cc: Kealoha"
                  or before == "to" and run.before2 in TALK_TO)
    cue_after = (after in CUES_AFTER or after == "from" and _not_time(run.after2) or run.person_follows
                 # "Tanvika, who runs payroll", "Tuilagi and I spoke", "Oyinkansola's advice": only people
                 or after == "," and run.after2.lower() == "who" or after == "and" and run.after2 in ("I", "me")
                 or after in ACTS_ON_ME and run.after2.lower() in ("me", "us")  # "Tamatea walked me through it"
                 or possessive and (after in PERSONAL_THINGS or run.after2.lower() in RELATION_WORDS))
    if reads_as_month(head, before, run.before2, after) or head in MONTHS and run.after2[:1].isdigit():
        return ""
    if is_english(word) or is_stop(word) or _english_compound(word):
        # A first name that is also a word ("Will", "Grace", "June") needs a cue that it is a name here.
        return word if head in firsts and (cue_after or cue_before and not sentence_start) else ""
    if len(word) < 3:
        return ""
    if head in firsts or cue_before or cue_after or possessive and head in lasts or _double_barrelled(word):
        return word
    if _rare(word) and (not sentence_start or after in PERSON_ONLY_VERBS):
        return word
    return ""


def _english_compound(word: str) -> bool:
    """"Self-taught", "Long-term": English words joined by hyphens, in lower case after the first ("Rose-Baker" is
    a surname)."""
    parts = bare(word).split("-")
    return len(parts) > 1 and all(p.islower() for p in parts[1:]) and all(p and is_english(p) for p in parts)


def _double_barrelled(word: str) -> bool:
    """"Vasquez-Lund", "Achebe-Whitfield": two capitalised family names joined by a hyphen ("Tri-County" and
    "Wi-Fi" are not)."""
    parts = bare(word).split("-")
    firsts, lasts = first_names(), last_names()
    return len(parts) == 2 and all(len(p) >= 3 and p[0].isupper() and p[1:].islower()
                                   and (p.lower() in lasts or p.lower() in firsts) and not is_english(p) for p in parts)


def _not_time(word: str) -> bool:
    return bool(word) and not word[:1].isdigit() and word.lower() not in MONTHS


def _rare(word: str) -> bool:
    """A capitalised word too rare to be in the shipped tokenizer's 20,000 words, and not shaped like a
    product ("WhatsApp", "REDCap") or like someone's trade ("Arborist", "Phlebotomist", "Audiologists")."""
    w = bare(word)
    return (len(w) >= 4 and not any(c.isupper() for c in w[1:]) and w.lower() not in wordpiece_vocabulary()
            and "-" not in w and not _CONTRACTION.fullmatch(w) and not _TRADE_NOUN.search(w))


_TRADE_NOUN = re.compile(r"(?:ists?|icians?)$", re.IGNORECASE)
_CONTRACTION = re.compile(r"[^\W\d_]+['’](?:ll|re|ve|d|m|t)", re.IGNORECASE)  # "I'll", "We're"; not "O'Brien"


def dedupe(found: Iterable[Detected]) -> list[Detected]:
    seen: set[tuple[str, str]] = set()
    out = []
    for d in found:
        k = (name_key(d.text), d.kind)
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
                    if not (is_capitalised(word) or word.lower() in PARTICLES or re.fullmatch(r"[A-Z]\.", word)):
                        break
                    kept.append(word)
                name = " ".join(kept)
            words = [w for w in re.findall(r"[^\W\d_]+", name) if len(w) > 1]
            if not words or all(is_stop(w) for w in words) or (name.isupper() and len(name) <= 5):
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
    return dedupe(found)


_PEOPLE_SEPARATOR = re.compile(r"\s*(?:;|&|\+|/|\band\b)\s*", re.IGNORECASE)


def split_people(value: str) -> list[str]:
    """The people of a ``person:`` field: "Ana Ruiz; Ben Lee & Chloe Wu" → three names.

    Commas split only when every part is itself a full name ("Ana Ruiz, Ben Lee"), so that "Ruiz, Ana" stays
    one person.

    >>> split_people("Ifeoma Chukwu; Rasmus Lindqvist & Paloma Echeverría")
    ['Ifeoma Chukwu', 'Rasmus Lindqvist', 'Paloma Echeverría']
    >>> split_people("Keiko Tanabe and Bartholomew Osei"), split_people("Okafor, Sarah")
    (['Keiko Tanabe', 'Bartholomew Osei'], ['Okafor, Sarah'])
    """
    main = main_part(value) or value
    parts = [p.strip(" ,") for p in _PEOPLE_SEPARATOR.split(main) if p.strip(" ,")]
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        pieces = [p for p in pieces if not _credential(p)] or pieces  # "John Andersen, DVM"
        part = ", ".join(pieces)
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    if len(out) > 1 and all(any(c.isalpha() for c in p) for p in out):
        return out
    return out if out and out[0] != main else [value.strip()]


_CREDENTIALS = {"phd", "md", "rn", "dvm", "cpa", "esq", "jr", "sr", "mba", "msw", "lcsw", "pe", "do", "dds", "jd",
                "bsn", "msn", "np", "pa", "ii", "iii", "iv"}


# Letters that mark a person when they follow a run ("Fonoti (RN)"): after a comma, not those that are also US
# states ("Erie, PA", "Bethesda, MD").
_CREDENTIALS_AFTER_NAME = _CREDENTIALS - {"md", "pa"}


def _credential(piece: str) -> bool:
    """"DVM", "PhD", "Jr.", "MSW, LCSW": letters after a name, not a name."""
    words = re.findall(r"[^\W\d_]+", piece)
    return bool(words) and all(w.lower() in _CREDENTIALS or w.isupper() and len(w) <= 5 for w in words)
