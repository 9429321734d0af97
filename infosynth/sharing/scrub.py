"""The :class:`Scrubber`: one place that replaces names, contact details and private passages in any string.

Names are registered with their aliases (first or last name alone, initials, possessives, hyphenated and
lower-case forms, accents folded) and looked up word by word in an index keyed by each alias's first word, so a
string costs time in proportion to its length, however many names are registered. Some aliases hold only in
context:

* an alias may be limited to some notes (``scope``): the first name "Will" of Will Turner is a name in his own
  notes only, so "Will this scale?" elsewhere stays, and "Will from revenue" in another note is someone else;
* an alias that is also an ordinary word (``contextual``) matches only where it reads as a name: inside a
  sentence, or at its start when a cue follows ("Will said", "Hope's team", "June started"), never as a month
  after "in" or "by".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .words import (
    CUES_AFTER,
    GENERIC_ORG_WORDS,
    LEGAL_SUFFIXES,
    MONTHS,
    ORG_SUFFIXES,
    PARTICLES,
    PERSON_VERBS,
    STOP_WORDS,
    TITLES,
    ascii_fold,
    first_names,
    is_capitalised,
    is_common_word,
    is_english,
    is_name_word,
    is_stop,
    main_part,
    name_key,
    reads_as_month,
    vocabulary_terms,
)

if TYPE_CHECKING:
    import pandas as pd

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
_DIGITS = re.compile(r"\d{3}")
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_CONTACT_HINT = re.compile(r"@|://|\w\.\w|\d{3}")
_THREE_DIGITS = re.compile(r"\d\d\d")


def _may_hold_contact(text: str) -> bool:
    """False for text that certainly holds no e-mail, link, phone or handle (string tests first: fast)."""
    return bool(("@" in text or "://" in text or "." in text.rstrip(".!?)\"' ") or _THREE_DIGITS.search(text))
                and _CONTACT_HINT.search(text))


_DOTTED = re.compile(r"\w\.\w")  # a link has a dot inside a word; a sentence's full stop is not enough
_INITIALS = re.compile(r"[A-Z]\.?[ \t]?[A-Z]")  # "T.N.", "T. N.", "MHS": where initials may be
_WORD = re.compile(r"[^\W_]+")
_SEPARATOR_CHARS = frozenset(" \t\n_.-'’")  # what may stand between the words of a name: "priya-natarajan"
_SENTENCE_BREAK = frozenset(".!?:;\"“”()[]—–-*>|•=\n")
# Dotted words that look like domains but are technologies.
_DANGLING = {"of", "the", "and", "&", "st", "saint", "for", "at", "in"}  # a shortened name never ends in these
_NOT_LINKS = {"asp.net", "vb.net", "ado.net", "node.js", "vue.js", "next.js", "socket.io", "d3.js", "chart.js"}


# ------------------------------------------------------------------------------------------ registration


@dataclass(eq=False)
class Entity:
    """Someone or something to hide, with the pseudonym shown instead (assigned on first use)."""

    label: str
    kind: str  # interviewee | person | org | never_share | path | marker
    log_kind: str  # person | org | never_share | rule | ner | path
    pseudonym: str = ""


@dataclass(eq=False)
class Alias:
    """One written form of an entity: its words, and where and how they may match."""

    text: str
    entity: Entity
    words: tuple[str, ...]
    lower: tuple[str, ...]
    case_sensitive: bool = False
    literal: bool = False  # matched exactly as written, separators included (file paths, whole values)
    gaps: tuple[str, ...] = ()  # the separators of a literal, lower-case, whitespace collapsed
    scope: frozenset[str] | None = None  # notes where the alias holds (None: everywhere)
    contextual: bool = False  # an ordinary word: only where it reads as a name
    strict: bool = False  # ... and at a sentence's start only before "said", "told", "from" (a detected name)
    length: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.length = sum(len(w) for w in self.words)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


class Scrubber:
    """Replaces names, contact details and the user's private terms in any string, consistently.

    >>> s = Scrubber()
    >>> _ = s.add_person("Priya Natarajan", pseudonym="Interviewee A")
    >>> s.scrub("Priya's manager, P. Natarajan <priya@example.com>, +1 (555) 123-4567")
    "Interviewee A's manager, Interviewee A <[email]>, [phone]"
    """

    def __init__(self) -> None:
        self._index: dict[tuple[str, ...], list[Alias]] = {}  # words, lower-case → aliases written so
        self._lengths: dict[str, list[int]] = {}  # first word, lower-case → word counts of its aliases, longest first
        self._anchors: set[str] = set()  # the longest word of each alias: a text without any has no name to hide
        self._has_initials = False
        self._known: dict[tuple[Any, ...], Alias] = {}  # (key, scope) → alias, to find and not repeat them
        self._withheld: dict[tuple[str, ...], list[str]] = {}  # first words → passages that start with them
        self._withheld_starts: set[str] = set()
        self._counters = {"person": 0, "org": 0}
        self._cache: dict[Any, tuple[str, list[tuple[str, str, str]]]] = {}  # text, or (text, note) → result
        self._scoped_seen = False
        self.log: dict[tuple[str, str, str, str, str], int] = {}

    # ---------------------------------------------------------------------------------------- aliases

    def _add_alias(self, text: str, entity: Entity, case_sensitive: bool | None = None,
                   scope: Iterable[str] | None = None, contextual: bool = False) -> None:
        text = text.strip(" \t,;:()[]\"'“”’")
        words = tuple(_words(text))
        key = name_key(text)
        if not words or len(key) < 2:
            return
        scope_set = frozenset(scope) if scope is not None else None
        if case_sensitive is None:
            # A lone ordinary word ("Grace", "Target") or a short one ("Lan", "Bo") is a name only when capitalised.
            case_sensitive = len(key) <= 3 or all(is_english(w) or is_stop(w) or len(w) == 1 for w in words)
        known = self._known.get((key, scope_set))
        if known is not None:
            if known.entity is entity and " ".join(words) != " ".join(known.words) and not known.literal:
                self._insert(Alias(text, entity, words, tuple(w.lower() for w in words),  # another spelling
                                   known.case_sensitive, scope=scope_set, contextual=known.contextual))
            return
        alias = Alias(text, entity, words, tuple(w.lower() for w in words), case_sensitive, scope=scope_set,
                      contextual=contextual)
        self._known[(key, scope_set)] = alias
        self._insert(alias)
        if len(words) > 1 and not case_sensitive and entity.kind in ("interviewee", "person"):
            joined = "".join(words)  # "priyanatarajan" in a user name
            if len(joined) >= 8:
                self._insert(Alias(joined, entity, (joined,), (joined.lower(),), False, scope=scope_set))

    def _insert(self, alias: Alias) -> None:
        bucket = self._index.setdefault(alias.lower, [])
        bucket.append(alias)
        if len(bucket) > 1:  # an alias of this note before one that holds everywhere
            bucket.sort(key=lambda a: a.scope is None)
        if all(len(w) == 1 for w in alias.lower):  # initials ("T.N."): "a" and "i" would anchor every text
            self._has_initials = True
        else:
            self._anchors.add(max(alias.lower, key=len))
        lengths = self._lengths.setdefault(alias.lower[0], [])
        if len(alias.words) not in lengths:
            lengths.append(len(alias.words))
            lengths.sort(reverse=True)
        self._cache.clear()

    def _add_literal(self, text: str, entity: Entity) -> None:
        text = text.strip()
        words = tuple(_words(text))
        if not words:
            return
        key = ("literal", text.lower())
        if key in self._known:
            return
        pieces = _WORD.split(text.lower())[1:-1]
        gaps = tuple(re.sub(r"\s+", " ", g) for g in pieces)
        alias = Alias(text, entity, words, tuple(w.lower() for w in words), literal=True, gaps=gaps)
        self._known[key] = alias
        self._insert(alias)

    def _name_aliases(self, name: str, entity: Entity, cautious: bool = False,
                      own_notes: Iterable[str] | None = None) -> None:
        """The full name, ASCII spelling, first or last name alone, hyphenated parts and initials.

        A part that is also an ordinary word ("Will" of Will Turner, "Park" of June Park) holds only in
        ``own_notes`` (the notes about that person; nowhere when None) and only where it reads as a name.
        ``cautious`` (names found by detection, which may be a book title or a product): such parts are not
        hidden alone at all.
        """
        words = [w for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", name) if w.lower() not in TITLES]
        if not words:
            return
        core = [w for w in words if w.lower() not in PARTICLES]
        if len(words) == 1 and (is_english(words[0]) or is_stop(words[0])):
            if not cautious and own_notes is not None:
                self._add_alias(words[0], entity, case_sensitive=True, scope=own_notes, contextual=True)
            return
        self._add_alias(name, entity)
        self._add_alias(" ".join(words), entity)
        self._add_alias(ascii_fold(" ".join(words)), entity)
        if not core:
            return
        forms: list[str] = []
        if len(core) >= 2:
            first, last = core[0], core[-1]
            forms += [f"{first[0]}. {last}", f"{first[0]} {last}", f"{first} {last[0]}.", f"{first} {last}",
                      " ".join(words[1:]) if len(words) > 2 else ""]  # "van der Berg"
            self._add_alias(f"{first[0]}.{last[0]}.", entity, case_sensitive=True)
            if len(core) >= 3:
                self._add_alias("".join(w[0] for w in core), entity, case_sensitive=True)
        for form in forms:
            if form:
                self._add_alias(form, entity, case_sensitive=True if len(form.split()[0]) <= 2 else None)
                self._add_alias(ascii_fold(form), entity, case_sensitive=True if len(form.split()[0]) <= 2 else None)
        parts = list(core) if len(core) >= 2 else []
        for w in core:  # "Olufemi-Harris" → "Olufemi", "Harris"
            if "-" in w or "’" in w or "'" in w:
                parts += [p for p in re.split(r"['’\-]", w) if len(p) >= 3 and p.lower() not in PARTICLES]
        for part in dict.fromkeys(parts):
            if len(part) < 2:
                continue
            ordinary = is_english(part) or is_stop(part)
            if not ordinary:
                self._add_alias(part, entity)
                self._add_alias(ascii_fold(part), entity)
            elif not cautious and own_notes is not None:
                self._add_alias(part, entity, case_sensitive=True, scope=own_notes, contextual=True)

    def add_person(self, name: str, pseudonym: str = "", log_kind: str = "person",
                   own_notes: Iterable[str] | None = None) -> Entity:
        """Hide a person named ``name`` (a front-matter value: extra words in brackets are handled too).

        ``own_notes``: the notes about this person, where a part of the name that is also a word ("Will",
        "Grace") counts as the name.
        """
        entity = self._entity_for(name, "interviewee" if pseudonym else "person", log_kind, pseudonym)
        cautious = log_kind in ("rule", "ner")
        self._add_field_value(name, entity, functools.partial(self._name_aliases, cautious=cautious,
                                                              own_notes=own_notes))
        return entity

    def add_word_name(self, word: str, kind: str, notes: Iterable[str], log_kind: str = "rule") -> Entity:
        """A name that is also an ordinary word ("Hope" in "Hope from HR"), found in ``notes``: hidden there,
        wherever it reads as a name, under its own pseudonym."""
        scope = frozenset(notes)
        known = self._known.get((name_key(word), scope))
        if known is not None:
            return known.entity
        entity = Entity(word, "org" if kind == "org" else "person", log_kind)
        self._add_alias(word, entity, case_sensitive=True, scope=scope, contextual=True)
        alias = self._known.get((name_key(word), scope))
        if alias is not None:
            alias.strict = True
        return entity

    def add_organization(self, name: str, log_kind: str = "org", own_notes: Iterable[str] | None = None) -> Entity:
        """Hide an organisation, also under its name without legal suffix, its leading words, its distinctive
        words and its acronym."""
        entity = self._entity_for(name, "org", log_kind)
        self._add_field_value(name, entity, functools.partial(self._org_aliases, own_notes=own_notes))
        return entity

    def _org_aliases(self, value: str, entity: Entity, own_notes: Iterable[str] | None = None) -> None:
        parts = [p for p in re.split(r"\s*(?:[,;/|]|\s-\s)\s*", value) if p.strip()]
        if len(parts) > 1:  # "Gazette Vet column, Crozet Gazette": each part a name of its own
            self._add_alias(value, entity)
            for part in parts:
                if any(is_capitalised(w) for w in part.split()):
                    self._org_aliases(part, entity, own_notes)
            return
        words = re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", value)
        self._add_alias(value, entity)
        self._add_alias(ascii_fold(value), entity)
        core = [w for w in words if w.lower() not in LEGAL_SUFFIXES]
        if core and core[0].lower() == "the" and len(core) > 1:
            core = core[1:]  # "The Halden Courier" → "Halden Courier"
        if core and len(core) < len(words):
            self._add_alias(" ".join(core), entity)
        if len(core) >= 2:
            # Shortened from the end: "Marlow County" for "Marlow County Planning Department".
            for n in range(len(core) - 1, 0, -1):
                head = core[:n]
                if head[-1].lower() in _DANGLING or all(w.lower() in GENERIC_ORG_WORDS for w in head):
                    continue
                if any(is_name_word(w) for w in head):
                    self._add_alias(" ".join(head), entity)
                elif own_notes is not None and head[0][:1].isupper():
                    self._add_alias(" ".join(head), entity, case_sensitive=True, scope=own_notes, contextual=True)
            # Its distinctive words alone: "Brightline" for "Brightline Learning", "Okabe" for "Okabe & Lunn".
            for word in core:
                if len(word) >= 4 and word[0].isupper() and is_name_word(word):
                    self._add_alias(word, entity)
                    self._add_alias(ascii_fold(word), entity)
                    for part in word.split("-"):
                        if len(part) >= 4 and is_name_word(part) and part.lower() not in ORG_SUFFIXES:
                            self._add_alias(part, entity)
        capitals = [w for w in core if w[0].isupper() and w.lower() not in {"of", "the", "and"}]
        if len(capitals) >= 3:
            self._add_alias("".join(w[0] for w in capitals), entity, case_sensitive=True)

    def add_term(self, term: str) -> None:
        """A ``never_share`` term: replaced wherever it occurs as whole words, any case."""
        entity = Entity(term, "never_share", "never_share", REDACTED)
        self._add_alias(term, entity, case_sensitive=False)
        words = term.split()
        if not 2 <= len(words) <= 5 or not all(is_capitalised(w) or w.lower() in PARTICLES | {"of", "the"}
                                               for w in words):
            return
        # A term that reads as an organisation or a person is hidden under its shorter forms too.
        if words[-1].lower().rstrip(".") in ORG_SUFFIXES:
            self._org_aliases(term, entity)
        elif (any(w.lower().rstrip(".") in TITLES for w in words) or words[0].lower() in first_names()
              or not is_english(words[0])):
            self._name_aliases(term, entity, cautious=True)
        else:
            for word in words:  # "Project Bluefin" → "Bluefin"
                if len(word) >= 4 and is_name_word(word):
                    self._add_alias(word, entity)

    def add_path(self, path: str, replacement: str) -> None:
        """A file: its path, file name and (when distinctive) stem map to ``replacement``."""
        entity = Entity(path, "path", "path", replacement)
        name = path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        for form in (path, name, stem if re.search(r"[\d_\-]", stem) else ""):
            if form:
                self._add_literal(form, entity)

    def add_phrase(self, text: str, replacement: str, log_kind: str = "person") -> None:
        """A phrase replaced as written, in any case: "Lunch with orla venkataraman", the name the analysis gave
        a note from its file name."""
        self._add_literal(text, Entity(text, "marker", log_kind, replacement))

    def add_marker(self, text: str, replacement: str, kind: str) -> None:
        """A phrase always shown as ``replacement`` (the user's own name, say)."""
        entity = Entity(text, "marker", kind, replacement)
        self._name_aliases(text, entity, cautious=True)

    def replacement_for(self, value: str) -> str:
        """The pseudonym of a registered value ("" when it was not registered)."""
        alias = self._known.get(("literal", value.strip().lower())) or self._known.get((name_key(value), None))
        return self.pseudonym(alias.entity) if alias else ""

    def add_detected(self, found: Iterable[Any], notes_of: Callable[[str], Iterable[str]] | None = None) -> None:
        """Names found in the text; longer names first so "Sarah" joins "Sarah Kim".

        A single word that is also an ordinary word ("Hope", "June") is hidden only in the notes it was found
        in (``notes_of(name)``), where it reads as a name.
        """
        for d in sorted(found, key=lambda d: -len(d.text.split())):
            words = _words(d.text)
            if not words:
                continue
            if len(words) == 1 and (is_english(words[0]) or is_stop(words[0])):
                notes = list(notes_of(d.text)) if notes_of else []
                if notes and not self._covers(words[0], notes):
                    self.add_word_name(words[0], d.kind, notes, log_kind=d.source)
                continue
            if (name_key(d.text), None) in self._known:
                continue
            if d.kind == "org":
                self.add_organization(d.text, log_kind=d.source)
            else:
                self.add_person(d.text, log_kind=d.source)

    def _covers(self, word: str, notes: Iterable[str]) -> bool:
        """True when ``word`` is already a name in every one of ``notes``."""
        aliases = self._index.get((word.lower(),), [])
        return all(any(a.scope is None or note in a.scope for a in aliases) for note in notes) and bool(aliases)

    def withhold(self, texts: Iterable[str]) -> None:
        """Exact passages (words of notes that may not be quoted) replaced by ``[quote withheld]`` wherever they
        occur."""
        for text in texts:
            text = text.strip()
            words = _words(text)
            if len(text) < 12 or not words:
                continue
            key = tuple(words[:3])
            passages = self._withheld.setdefault(key, [])
            if text not in passages:
                passages.append(text)
                passages.sort(key=len, reverse=True)
            self._withheld_starts.add(words[0].lower())
        self._cache.clear()

    def _entity_for(self, value: str, kind: str, log_kind: str, pseudonym: str = "") -> Entity:
        existing = self._known.get((name_key(main_part(value)), None))
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
        main = main_part(value)
        if len(_words(value)) == 1 and (is_english(main) or is_stop(main)):
            add_aliases(main, entity)  # "Will", "Target": a word everywhere else, so only where it reads as a name
            return
        self._add_literal(value, entity)
        self._add_alias(value, entity, case_sensitive=False)
        words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?", main)
        if words and len(words) <= 6 and all(is_capitalised(w) or re.fullmatch(r"[A-Z]+\.?", w)
                                             or w.lower() in PARTICLES | {"of", "the", "and", "&"} for w in words):
            add_aliases(main, entity)
        elif entity.kind == "org" and re.search(r"[,;/|]", main):
            add_aliases(main, entity)  # a list of names, some of its words not capitalised
        elif re.fullmatch(r"[\w.\-]{3,}", main) and not is_english(main) and not is_stop(main):
            self._add_alias(main, entity, case_sensitive=False)  # a user name such as "bpritchard"
        for domain in _URL.findall(value):
            stem = re.sub(r"^(?:https?://)?(?:www\.)?", "", domain, flags=re.I).split(".")[0]
            if len(stem) >= 4 and not is_english(stem):
                self._add_alias(stem, entity, case_sensitive=False)
        for remark in re.findall(r"[(\[]([^)\]]*)[)\]]", value):
            for word in re.findall(r"[^\W_]+", _URL.sub(" ", remark)):
                if len(word) >= 4 and not is_english(word) and not is_stop(word) and not is_common_word(word):
                    self._add_alias(word, entity, case_sensitive=False)  # "bluecyber (blog author)"

    # ----------------------------------------------------------------------------------------- scrubbing

    def pseudonym(self, entity: Entity) -> str:
        """The entity's replacement, numbering people and organisations in order of first use."""
        if not entity.pseudonym:
            kind = "org" if entity.kind == "org" else "person"
            self._counters[kind] += 1
            entity.pseudonym = f"{'Organization' if kind == 'org' else 'Person'} {self._counters[kind]}"
        return entity.pseudonym

    def record(self, original: str, replacement: str, kind: str, note: str, field_name: str) -> None:
        k = (original, replacement, kind, note, field_name)
        self.log[k] = self.log.get(k, 0) + 1

    def scrub(self, text: str, note: str = "", field_name: str = "") -> str:
        """``text`` with every registered name, contact detail and withheld passage replaced.

        ``note`` is the original path of the note the text comes from ("" for text of no one note): aliases
        limited to some notes apply only there.
        """
        if not text:
            return text
        # Text recurs (headings, evidence, boilerplate lines): its result is kept, for any note unless an
        # alias limited to some notes was in play.
        cached = self._cache.get(text) or self._cache.get((text, note))
        if cached is None:
            records: list[tuple[str, str, str]] = []
            self._scoped_seen = False
            result = self._scrub(text, note, records)
            if len(self._cache) > 500_000:
                self._cache.clear()
            cached = (result, records)
            self._cache[(text, note) if self._scoped_seen else text] = cached
        result, records = cached
        for original, replacement, kind in records:
            self.record(original, replacement, kind, note, field_name)
        return result

    def _scrub(self, text: str, note: str, records: list[tuple[str, str, str]]) -> str:
        # The words of the text, lower-case, for the quick tests below: for ASCII text str.translate and split
        # do what the regular expression does, several times faster (this runs on every string shown).
        words = text.lower().translate(_ASCII_SEPARATORS).split() if text.isascii() else _WORD.findall(text.lower())
        lowered: list[str] | None = words
        if self._withheld_starts and not self._withheld_starts.isdisjoint(words):
            text = self._replace_withheld(text, records)
        if _may_hold_contact(text):  # most text has no contact detail: cheap tests before four patterns
            text = self._replace_contacts(text, records)
            lowered = None
        if self._index:
            text = self._replace_names(text, note, records, lowered)
        return text

    def _replace_contacts(self, text: str, records: list[tuple[str, str, str]]) -> str:
        def mark(kind: str, replacement: str) -> Callable[[re.Match[str]], str]:
            def replace(m: re.Match[str]) -> str:
                found = m.group(0)
                if kind == "url":
                    trail = re.search(r"[.,;:!?]+$", found)
                    core = found[: trail.start()] if trail else found
                    if core.lower() in vocabulary_terms() or "://" not in core and core.lower() in _NOT_LINKS:
                        return found
                    records.append((core, replacement, kind))
                    return replacement + (trail.group(0) if trail else "")
                records.append((found, replacement, kind))
                return replacement
            return replace

        if "@" in text:
            text = _EMAIL.sub(mark("email", EMAIL_MARK), text)
        if "://" in text or _DOTTED.search(text):
            text = _URL.sub(mark("url", LINK_MARK), text)
        if _DIGITS.search(text):
            text = _PHONE.sub(mark("phone", PHONE_MARK), text)
        if "@" in text:
            text = _HANDLE.sub(mark("handle", HANDLE_MARK), text)
        return text

    def _replace_names(self, text: str, note: str, records: list[tuple[str, str, str]],
                       lowered: list[str] | None = None) -> str:
        if lowered is None:
            lowered = text.lower().translate(_ASCII_SEPARATORS).split() if text.isascii() else _WORD.findall(
                text.lower())
        if self._anchors.isdisjoint(lowered) and not (self._has_initials and _INITIALS.search(text)):
            return text
        matches = list(_WORD.finditer(text))
        lower = [m.group(0).lower() for m in matches]  # (text.lower() may not keep every word's length)
        lengths = self._lengths
        out: list[str] = []
        pos = 0
        i = 0
        for start_at in [k for k, w in enumerate(lower) if w in lengths]:
            if start_at < i:
                continue  # inside a name already replaced
            i = start_at
            alias = None
            for size in self._lengths.get(lower[i], ()):  # longest first
                for a in self._index.get(tuple(lower[i:i + size]), ()):
                    if self._fits(a, text, matches, i, note):
                        alias = a
                        break
                if alias is not None:
                    break
            if alias is None:
                continue
            start, end = matches[i].start(), matches[i + len(alias.words) - 1].end()
            replacement = self.pseudonym(alias.entity)
            out += [text[pos:start], replacement]
            records.append((text[start:end], replacement, alias.entity.log_kind))
            pos = end
            i += len(alias.words)
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    def _fits(self, alias: Alias, text: str, matches: list[re.Match[str]], i: int, note: str) -> bool:
        k = len(alias.words)
        if i + k > len(matches):
            return False
        if alias.scope is not None:
            self._scoped_seen = True  # the result depends on the note
            if note not in alias.scope:
                return False
        for j in range(k):
            if alias.case_sensitive and matches[i + j].group(0) != alias.words[j]:
                return False
            if j:
                gap = text[matches[i + j - 1].end():matches[i + j].start()]
                if alias.literal:
                    if re.sub(r"\s+", " ", gap.lower()) != alias.gaps[j - 1]:
                        return False
                elif len(gap) > 3 or not _SEPARATOR_CHARS.issuperset(gap):
                    return False
        if alias.contextual:
            return _reads_as_name(text, matches, i, i + k - 1, alias.strict)
        return True

    def _replace_withheld(self, text: str, records: list[tuple[str, str, str]]) -> str:
        words = text.translate(_ASCII_SEPARATORS).split() if text.isascii() else _words(text)
        for n in range(len(words)):
            for size in (3, 2, 1):
                passages = self._withheld.get(tuple(words[n:n + size]))
                if not passages:
                    continue
                for passage in passages:
                    if passage in text:
                        records.append((passage[:80], WITHHELD, "withheld"))
                        text = text.replace(passage, WITHHELD)
        return text

    def log_frame(self) -> pd.DataFrame:
        """The redaction log: one row per (original, replacement, kind, note, field) with how often."""
        import pandas as pd

        rows = [dict(zip(LOG_COLUMNS, (*k, n))) for k, n in self.log.items()]
        frame = pd.DataFrame(rows, columns=LOG_COLUMNS)
        return frame.sort_values(["note", "field", "kind", "original"], kind="stable").reset_index(drop=True)


def _reads_as_name(text: str, matches: list[re.Match[str]], first: int, last: int, strict: bool = False) -> bool:
    """Whether an ordinary word that is a name here ("Will", "June", "Kestrel") is used as the name.

    Inside a sentence a capitalised use is the name, except a month after "in", "by", "since" and the like; at
    the start of a sentence a cue must follow: a possessive, a colon, or a verb ("Will said", "June started",
    "Hope will introduce me"), not "Will this scale?" or "Mark your calendar".
    """
    start, end = matches[first].start(), matches[last].end()
    word = matches[first].group(0).lower()
    prev_text = text[:start].rstrip(" \t")
    prev_word = matches[first - 1].group(0).lower() if first > 0 else ""
    prev2 = matches[first - 2].group(0).lower() if first > 1 else ""
    next_word = matches[last + 1].group(0) if last + 1 < len(matches) else ""
    next2 = matches[last + 2].group(0) if last + 2 < len(matches) else ""
    between = text[end:matches[last + 1].start()] if next_word else text[end:]
    if reads_as_month(word, prev_word, prev2, next_word):
        return False
    sentence_start = not prev_text or prev_text[-1] in _SENTENCE_BREAK
    if not sentence_start:
        return True
    if between[:1] in ("'", "’") and next_word.lower() == "s" or between.strip().startswith((":", ",")):
        return True
    low = next_word.lower()
    if not next_word or next_word[:1].isupper() or between.strip():
        return False
    if low == "from" and next2 and not next2[:1].isdigit() and next2.lower() not in MONTHS:
        return True  # "June from HR"
    if strict:
        return low in CUES_AFTER
    if low in PERSON_VERBS:
        return True  # "Hope spent four years", "June started"
    return (len(low) > 3 and low not in STOP_WORDS and (low.endswith("ed") or low.endswith("s") and not
                                                       low.endswith("ss")) and is_english(low))
