"""The skill and role lexicons (``data/lexicons``): loading them, matching their names in text, canonical names.

Every stage that names a skill or a role reads it here: ingest (is a heading a job title?), extraction, the plan.
The matchers are built from ``patterns.json`` (``scripts/build_lexicon_patterns.py``) when it fits this install."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .resources import DATA_DIR
from .text import lemma_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc


LEXICON_DIR = DATA_DIR / "lexicons"


@dataclass(frozen=True)
class SkillEntry:
    """One canonical skill of the lexicon."""

    name: str
    kind: str  # tool | technology | method | soft | certification | degree | experience | domain | field | language | custom
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleEntry:
    """One canonical role title of the lexicon."""

    name: str
    family: str
    aliases: tuple[str, ...] = ()


def _split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())


@functools.lru_cache(maxsize=1)
def base_skills() -> tuple[SkillEntry, ...]:
    with (LEXICON_DIR / "skills.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(SkillEntry(r["skill"], r["kind"], _split_aliases(r["aliases"])) for r in csv.DictReader(handle))


@functools.lru_cache(maxsize=1)
def load_roles() -> tuple[RoleEntry, ...]:
    """The role lexicon.

    >>> next(r for r in load_roles() if r.name == "registered nurse").family
    'healthcare'
    """
    with (LEXICON_DIR / "roles.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(RoleEntry(r["role"], r["family"], _split_aliases(r["aliases"])) for r in csv.DictReader(handle))


def load_skills(extra_skills: Mapping[str, Iterable[str]] | None = None) -> tuple[SkillEntry, ...]:
    """The skill lexicon plus user additions (canonical name → aliases).

    An addition whose name is already in the lexicon (any spelling of it) extends that skill's aliases; a new
    name becomes a skill of kind ``custom``.

    >>> skills = load_skills({"Miro": ["miro board"], "Articulate 360": ["rise 360"]})
    >>> next(s for s in skills if s.name == "Articulate 360").kind
    'custom'
    """
    entries = list(base_skills())
    if not extra_skills:
        return tuple(entries)
    by_label = {label.lower(): i for i, e in enumerate(entries) for label in (e.name, *e.aliases)}
    for name, aliases in extra_skills.items():
        aliases = tuple(str(a) for a in ([aliases] if isinstance(aliases, str) else aliases or ()))
        index = by_label.get(str(name).lower())
        if index is None:
            entries.append(SkillEntry(str(name), "custom", aliases))
            by_label[str(name).lower()] = len(entries) - 1
        else:
            old = entries[index]
            entries[index] = SkillEntry(old.name, old.kind, old.aliases + aliases)
    return tuple(entries)


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Lower-case everyday English words (the lemmas of the lookup table), to spot ambiguous product names.

    Only the table's values: its keys are hashes, readable only for strings this process has already seen, so
    reading them too would make the answer depend on which notes came first.
    """
    nlp = lemma_pipeline()
    try:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_lookup")
    except Exception:  # pragma: no cover
        return frozenset()
    return frozenset(v.lower() for v in table.values() if isinstance(v, str) and v.isalpha())


def needs_exact_case(alias: str) -> bool:
    """True for names that only mean the skill when spelled with their capitals.

    >>> needs_exact_case("Excel"), needs_exact_case("R"), needs_exact_case("SQL"), needs_exact_case("excel")
    (True, True, False, False)
    """
    if alias == alias.lower() or " " in alias.strip():
        return False
    word = alias.strip().lower()
    return len(word) <= 2 or word in _common_words()


def _variants(alias: str) -> set[str]:
    """An alias as written, plus its hyphen/space twin ("problem-solving" ↔ "problem solving")."""
    out = {alias}
    if "-" in alias:
        out.add(alias.replace("-", " "))
    elif alias.count(" ") == 1:
        out.add(alias.replace(" ", "-"))
    return out


_ACRONYM = re.compile(r"^[A-Za-z0-9]{1,4}$")


class PhraseIndex:
    """Finds canonical names in text: lemma matches on lower-cased text, exact matches for ambiguous names.

    >>> index = PhraseIndex({"Excel": ["Excel", "spreadsheets"], "user research": ["user interviews"]})
    >>> [(m[2], m[3]) for m in index.find("Ran user interviews and kept notes in a spreadsheet")]
    [('user research', 'user interviews'), ('Excel', 'spreadsheet')]
    >>> index.find("she wanted to excel at it")
    []

    Patterns reach the matchers only when a text holds their first token: a rebuild that reads one note adds a
    few dozen of the thousands of lexicon patterns, and every text is still matched against every pattern
    that could match it. ``patterns`` is the output of :func:`analyse_patterns` (the shipped lexicons' is read
    from ``data/lexicons/patterns.json``); without it the names are analysed here.
    """

    def __init__(self, names: Mapping[str, Iterable[str]] | None = None, *,
                 patterns: Mapping[str, Mapping[str, Any]] | None = None):
        from spacy.matcher import PhraseMatcher

        self.nlp = lemma_pipeline()
        self.lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        table = patterns if patterns is not None else analyse_patterns(names or {})
        self._waiting: dict[str, dict[str, list[tuple[str, list[Any]]]]] = {kind: {} for kind in _PATTERN_KINDS}
        for name in sorted(table):
            for kind in _PATTERN_KINDS:
                for tokens in table[name][kind]:
                    if tokens:
                        first = tokens[0][1] if kind == "lemma" else tokens[0]
                        self._waiting[kind].setdefault(first, []).append((name, tokens))

    def docs(self, text: str) -> tuple["Doc", "Doc"]:
        """(lemmatised lower-case doc, original-case doc) of a text; both share token offsets."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a few Unicode letters change length when lower-cased
            lowered = text
        return self.nlp(lowered), self.nlp.make_doc(text)

    def find(self, text: str, docs: tuple["Doc", "Doc"] | None = None) -> list[tuple[int, int, str, str]]:
        """(start_char, end_char, canonical, surface) of non-overlapping matches, longest first wins."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        lower_doc, case_doc = docs or self.docs(text)
        self._admit("lemma", {t.lemma_ for t in lower_doc})
        self._admit("lower", {t.lower_ for t in lower_doc})
        self._admit("exact", {t.text for t in case_doc})
        spans = []
        if len(lower_doc):
            spans += [Span(lower_doc, s, e, label=m) for m, s, e in self.lemma(lower_doc)]
            spans += [Span(lower_doc, s, e, label=m) for m, s, e in self.lower(lower_doc)]
        for match_id, start, end in self.exact(case_doc):
            span = lower_doc.char_span(case_doc[start].idx, case_doc[end - 1].idx + len(case_doc[end - 1]))
            if span is not None:
                spans.append(Span(lower_doc, span.start, span.end, label=match_id))
        # Equal spans of two names: the name first in alphabetical order wins, whatever order patterns came in.
        spans.sort(key=lambda span: (span.start, span.end, span.label_))
        out = []
        for span in filter_spans(spans):
            out.append((span.start_char, span.end_char, span.label_, text[span.start_char:span.end_char]))
        return sorted(out)

    def _admit(self, kind: str, first_tokens: set[str]) -> None:
        from spacy.tokens import Doc

        waiting = self._waiting[kind]
        matcher = getattr(self, kind)
        for first in first_tokens & waiting.keys():
            for name, tokens in waiting.pop(first):
                if kind == "lemma":
                    doc = Doc(self.nlp.vocab, words=[t[0] for t in tokens], lemmas=[t[1] for t in tokens])
                else:
                    doc = Doc(self.nlp.vocab, words=tokens)
                matcher.add(name, [doc])


_PATTERN_KINDS = ("lemma", "lower", "exact")


PATTERNS_PATH = LEXICON_DIR / "patterns.json"


def analyse_patterns(names: Mapping[str, Iterable[str]]) -> dict[str, dict[str, Any]]:
    """How each name can be written, tokenised as the matchers need it.

    ``{name: {"aliases": [...], "lemma": [[[token, lemma], ...], ...], "lower": [[token, ...], ...],
    "exact": [[token, ...], ...]}}``: lemma patterns match the lemmas of lower-cased text, short acronyms match
    lower-cased tokens (plus a plural), and names that are ordinary words in lower case ("Excel") match only
    as written.

    >>> analyse_patterns({"Excel": ["spreadsheets"]})
    {'Excel': {'aliases': ['Excel', 'spreadsheets'], 'lemma': [[['spreadsheets', 'spreadsheet']]], 'lower': [], 'exact': [['Excel']]}}
    """
    nlp = lemma_pipeline()
    kinds: dict[str, dict[str, list[str]]] = {}
    for name, aliases in names.items():
        found: dict[str, set[str]] = {kind: set() for kind in _PATTERN_KINDS}
        for alias in {name, *aliases}:
            for variant in _variants(alias):
                if needs_exact_case(variant):
                    found["exact"].add(variant)
                elif " " not in variant and "-" not in variant and variant.lower().endswith("ing") and len(variant) > 5:
                    # "pitching", "mentoring", "prospecting" as written: their lemma would also match "a pitch",
                    # "her mentor", "a prospect"
                    found["lower"].add(variant.lower())
                elif _ACRONYM.match(variant):
                    # Short words skip lemmatisation: the lookup table maps e.g. "ai" to "have".
                    found["lower"].update({variant.lower(), variant.lower() + "s"})
                else:
                    found["lemma"].add(variant.lower())
        kinds[name] = {kind: sorted(texts) for kind, texts in found.items()}
    lemma_texts = sorted({t for k in kinds.values() for t in k["lemma"]})
    lemma_tokens = {t: [[tok.text, tok.lemma_] for tok in doc] for t, doc in zip(lemma_texts, nlp.pipe(lemma_texts))}
    out = {}
    for name, aliases in names.items():
        out[name] = {
            "aliases": sorted({name, *aliases}),
            "lemma": [lemma_tokens[t] for t in kinds[name]["lemma"]],
            "lower": [[tok.text for tok in nlp.make_doc(t)] for t in kinds[name]["lower"]],
            "exact": [[tok.text for tok in nlp.make_doc(t)] for t in kinds[name]["exact"]],
        }
    return out


def shipped_patterns_key() -> str:
    """What the shipped pattern analysis depends on: the lexicons, the lookup pipeline and spaCy's tokenizer."""
    import hashlib
    import json

    import spacy

    from .nlp import BLANK_PIPELINE
    from .versions import STAGES

    digest = hashlib.sha256()
    for path in (LEXICON_DIR / "skills.csv", LEXICON_DIR / "roles.csv", BLANK_PIPELINE / "meta.json"):
        digest.update(path.read_bytes())
    # the extract stage's version moves whenever its code can change what it finds (tests/test_stage_versions.py)
    digest.update(json.dumps([spacy.__version__, STAGES["extract"].version]).encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def shipped_patterns() -> dict[str, Any]:
    """The analysis of the shipped lexicons (``scripts/build_lexicon_patterns.py``), if it fits this install."""
    import json

    try:
        data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if data.get("key") == shipped_patterns_key() else {}


def _index_for(kind: str, names: dict[str, tuple[str, ...]]) -> PhraseIndex:
    """An index over ``names``, reusing the shipped analysis of every name whose aliases it covers."""
    shipped = shipped_patterns().get(kind, {})
    table = {n: shipped[n] for n, aliases in names.items()
             if n in shipped and shipped[n]["aliases"] == sorted({n, *aliases})}
    table.update(analyse_patterns({n: a for n, a in names.items() if n not in table}))
    return PhraseIndex(patterns=table)


@functools.lru_cache(maxsize=8)
def skill_index(extras: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[PhraseIndex, dict[str, SkillEntry]]:
    entries = load_skills(dict(extras))
    return _index_for("skills", {e.name: e.aliases for e in entries}), {e.name: e for e in entries}


@functools.lru_cache(maxsize=1)
def role_index() -> tuple[PhraseIndex, dict[str, RoleEntry]]:
    entries = load_roles()
    return _index_for("roles", {e.name: e.aliases for e in entries}), {e.name: e for e in entries}


def extra_key(extra_skills: Mapping[str, Iterable[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not extra_skills:
        return ()
    return tuple(sorted((str(k), tuple([v] if isinstance(v, str) else v or ())) for k, v in extra_skills.items()))


def canonical_skill(name: str, extra_skills: Mapping[str, Iterable[str]] | None = None) -> str | None:
    """The lexicon's name for a skill however it is written, or None when unknown.

    >>> canonical_skill("postgres"), canonical_skill("Spreadsheets"), canonical_skill("office gossip")
    ('SQL', 'Excel', None)
    """
    index, entries = skill_index(extra_key(extra_skills))
    lowered = name.strip().lower()
    for entry in entries.values():
        if lowered in (label.lower() for label in (entry.name, *entry.aliases)):
            return entry.name
    found = index.find(name.strip())
    if len(found) == 1 and found[0][1] - found[0][0] >= len(name.strip()) - 2:
        return found[0][2]
    return None


@functools.lru_cache(maxsize=4096)  # the plan asks about the same few job titles for every skill mention
def canonical_role(title: str) -> str | None:
    """The lexicon's role for a job title, or None.

    >>> canonical_role("User Researcher"), canonical_role("senior UX researcher"), canonical_role("CEO")
    ('UX researcher', 'UX researcher', 'founder')
    """
    index, _ = role_index()
    found = index.find(title.strip())
    if not found:
        return None
    return max(found, key=lambda m: (m[1] - m[0], -m[0]))[2]


# Words that end a title phrase as its last word but name no job here.
_NOT_HEADS = {
    "product", "engineering", "head", "lead", "master", "partner", "guide", "tender", "counsel", "student",
    "principal", "member", "expert", "owner", "employee", "staff", "people", "person", "hire", "worker", "user",
    "customer", "client", "patient", "player", "speaker", "leader", "maker", "fighter", "runner", "mover",
    "reader", "writer", "driver", "operator", "contractor", "cutter", "filler", "mixer", "printer",
    "collector", "handler", "finisher", "cleaner", "grader", "tech", "cook", "analytics", "finance", "sales",
    "ops", "model", "internship", "apprenticeship", "pi",
}


# Title heads that the lexicon lacks or keeps only inside longer titles.
_EXTRA_HEADS = {
    "intern", "associate", "assistant", "aide", "apprentice", "trainee", "fellow", "resident", "staffer",
    "valet", "cook", "chef", "clerk", "lead", "manager", "director", "founder", "cofounder", "co-founder",
    "paralegal", "nurse", "teacher", "rn", "lpn", "cna", "emt", "paramedic", "medic", "pm", "apm", "tpm",
    "sdr", "bdr", "ae", "csm", "swe", "sre", "dba", "ta", "rt", "pa", "np", "ceo", "cto", "cfo", "coo", "vp",
    "postdoc", "barista", "bartender", "server", "cashier", "teller", "banker", "dispatcher", "scribe", "tutor", "coach", "engineer", "developer", "programmer", "designer", "analyst", "scientist",
    "technician", "specialist", "coordinator", "officer", "administrator", "consultant", "writer",
    "editor", "reporter", "producer", "librarian", "archivist", "curator", "pharmacist", "therapist",
    "counselor", "counsellor", "recruiter", "generalist", "accountant", "auditor", "bookkeeper", "attorney",
    "lawyer", "solicitor", "secretary", "receptionist", "principal", "superintendent", "professor",
    "lecturer", "instructor", "electrician", "plumber", "carpenter", "welder", "machinist", "mechanic",
    "helper", "labourer", "laborer", "foreman", "estimator", "inspector", "surveyor",
}


# Capitalised short titles: only as written ("PM", "RN"), never the everyday lower-case word ("pm", "ta").
CAPS_ONLY_HEADS = {"rn", "lpn", "cna", "emt", "pm", "apm", "tpm", "sdr", "bdr", "ae", "csm", "swe", "sre",
                    "dba", "ta", "rt", "pa", "np", "ceo", "cto", "cfo", "coo", "vp"}


# Words before a title that belong to it.
_MODIFIER_WORDS = {
    "junior", "senior", "lead", "chief", "head", "staff", "principal", "associate", "assistant", "deputy",
    "trainee", "graduate", "grad", "entry-level", "in-home", "freelance", "full-time", "part-time", "intern",
    "new", "first-year", "second-year", "executive", "general", "interim", "acting", "regional", "national",
    "district", "floor", "charge", "travel", "line", "prep", "sous", "pastry", "front", "desk",
    "night", "day", "shift", "unit", "school", "legislative", "administrative", "clinical", "home",
    "health", "data", "product", "program", "project", "research", "quality", "improvement", "operations",
    "office", "store", "branch", "account", "sales", "support", "help", "it", "security", "infosec", "ux",
    "ui", "qa", "hr", "content", "marketing", "medical", "dental", "legal", "case", "social", "youth",
    "library", "teaching", "lab", "laboratory", "field", "site", "plant", "production", "personal",
    "technical", "software", "systems", "network", "cloud", "business", "financial", "tax", "audit",
    "payroll", "training", "learning", "instructional", "curriculum", "special", "education", "registered",
    "licensed", "certified", "practical", "nurse", "physician", "police", "fire", "emergency", "public",
    "private", "retail", "restaurant", "hotel", "kitchen", "bar", "food", "customer", "client", "patient",
    "student", "academic", "postdoctoral", "visiting", "adjunct", "full", "tenured", "managing", "vice", "senior-level", "mid-level", "entry", "level", "contract",
    "temporary", "seasonal", "volunteer", "paid", "unpaid", "summer", "communications", "policy",
    "engineering", "design", "development", "game", "web", "mobile", "frontend", "front-end", "backend",
    "back-end", "full-stack", "fullstack", "devops", "machine", "ml", "ai", "analytics",
}


@functools.lru_cache(maxsize=1)
def role_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(title heads, words of role titles) from the shipped role lexicon.

    A head is the last word of a title that the lexicon also uses alone or ends two titles with, unless it is
    an everyday word more often than a job (``_NOT_HEADS``). Short all-letter heads ("cpa", "lcsw") count only
    in capitals (see :data:`CAPS_ONLY_HEADS` and :func:`role_spans`).
    """
    from collections import Counter


    endings: Counter[str] = Counter()
    single: set[str] = set()
    words: set[str] = set(_MODIFIER_WORDS)
    for entry in load_roles():
        for title in (entry.name, *entry.aliases):
            tokens = re.findall(r"[a-z][a-z\-']*", title.lower())
            if not tokens:
                continue
            words.update(tokens)
            endings[tokens[-1]] += 1
            if len(tokens) == 1:
                single.add(tokens[0])
    agent = re.compile(r"(?:ist|ian|eer|ant|ent|or|er)$")
    heads = {w for w, n in endings.items() if (n >= 2 or w in single or len(w) >= 6 and agent.search(w))
             and w not in _NOT_HEADS and not w.endswith(("ship", "ing", "ics")) and len(w) >= 3}
    return frozenset(heads | _EXTRA_HEADS), frozenset(words)
