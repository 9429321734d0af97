"""Career paths: the moves from one role or field to another that interviewees describe about their own careers.

How a snippet is read:

1. **Roles and fields.** Role titles come from the shipped role lexicon and from *title phrases*: a title head
   word taken from that lexicon ("analyst", "cook", "assistant", "therapist"…) with the modifiers before it
   ("junior InfoSec analyst", "prep cook", "in-home therapist", "Library Assistant I", "director of product
   security"). Fields are a short list of areas people move between ("teaching", "HR", "IT", "the school
   system"); they only count in the slots of a pattern below.
2. **One placeholder per role.** Each role or field becomes one token whose lemma is ``__role__`` or
   ``__field__``, so that the patterns read like the phrasing they describe.
3. **Named pattern families** (:data:`FAMILIES`), each a set of spaCy ``Matcher`` patterns over lemmas with a
   ``FROM`` and/or ``TO`` slot. A family without a ``TO`` slot points at the interviewee's current role (the
   note's role), or at a later role in the same sentence ("started as a software engineer and after two years
   stumbled into a management role").
4. **The interviewee's own.** A match whose clause has someone else as its subject ("her teammate was a social
   worker", "most nurses start as…", "you can move into…") is not a path; nor is a question.
5. **Ladders across a note.** Roles the interviewee held ("got a job as a programmer", "landed her first
   analyst role", "promoted to…", "now…") are linked in note order when the later one says it came later.

A role mentioned without a transition is never a path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .roles import ARROW, DETERMINERS, FIELD, NOT_A_ROLE, ROLE, RoleSpan, clean_title, role_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Phrasing families of career moves, with an example each (tests hold one or more per family).
FAMILIES: dict[str, str] = {
    "from_to": "moved from teaching into instructional design",
    "to_from": "came to nursing from retail; as a product manager, moving from a developer role",
    "tenure": "after six years as a paralegal she joined…; had six years of project management",
    "started_as": "started out as a prep cook; her first job was as a valet",
    "promoted": "promoted to charge nurse; promoted from analyst to manager",
    "moved_into": "moved into HR after serving as administrative assistant to the president",
    "before": "worked as an in-home therapist before entering the school system; before this she was a nurse",
    "former_now": "former nurse, now a clinical informatics lead; used to be a teacher; at her previous job "
                  "the title was …",
    "turned": "a paralegal turned compliance officer",
    "left_for": "left teaching to become a UX designer",
    "became": "was a customer support lead, then moved into product",
    "ladder": "starting as an intern and ending as a legislative assistant; RT → QI coordinator → data analyst; "
              "started as a teller, then personal banker, now branch manager",
    "held": "roles held in order across a note: got a job as a programmer … a year later, her first design job",
}


_QUOTES = ['"', "“", "”", "'", "‘", "’"]
_BOUNDARY = {".", ";", "!", "?", ":", "(", ")", "→", "—", "–"}
# Someone other than the interviewee as the subject of a clause.
_RELATIONS = {
    "teammate", "teammates", "colleague", "colleagues", "coworker", "coworkers", "co-worker", "co-workers",
    "manager", "boss", "friend", "friends", "aunt", "uncle", "mother", "father", "mom", "dad", "sister",
    "brother", "partner", "wife", "husband", "mentor", "predecessor", "successor", "peer", "peers",
    "classmate", "classmates", "cousin", "daughter", "son", "parent", "parents", "neighbor", "neighbour",
    "supervisor", "lead", "director", "team", "cohort", "spouse", "roommate", "counterpart", "hire", "hires",
}
_GENERIC_SUBJECTS = {"you", "people", "many", "most", "some", "everyone", "anyone", "others", "students",
                     "folks", "somebody", "someone", "nobody", "candidates", "grads", "graduates", "applicants",
                     "they've", "newcomers", "interns"}
# Words that may come before "former X" when X is the interviewee ("She's a former teacher").
_SELF_WORDS = {"a", "an", "she", "he", "they", "i", "is", "was", "'s", "she's", "he's", "i'm", "am", "are",
               "herself", "himself", "also", "now", "as", ","}
_GENERIC_PATHS = {"path", "ladder", "route", "progression", "track", "pipeline", "trajectory"}
# What a span of time "of" can be without being a job held before: "six months of training".
_LEARNING = {"training", "onboarding", "school", "schooling", "study", "studies", "coursework", "classes"}
_SECOND_PERSON = {"you", "your", "you're", "yourself", "you'll", "you've", "you'd"}
_MODALS = {"to", "can", "could", "should", "would", "might", "may", "will", "must", "'ll", "'d"}


@dataclass(frozen=True)
class Move:
    """One transition found in a text: origin, destination (None: the interviewee's current role), family."""

    origin: str
    target: str | None
    family: str


@dataclass(frozen=True)
class Held:
    """A role the interviewee held, as stated in one text, with how it is placed in time."""

    role: str
    cue: str  # start | later | now | plain


# ------------------------------------------------------------------------------------------- vocabulary


# ------------------------------------------------------------------------------------------ role spans


# ------------------------------------------------------------------------------------------- patterns
def _lem(words: str, op: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LEMMA": {"IN": words.split()}}
    if op:
        spec["OP"] = op
    return spec


def _low(words: str, op: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LOWER": {"IN": words.split()}}
    if op:
        spec["OP"] = op
    return spec


def _gap(most: int) -> dict[str, Any]:
    return {"LOWER": {"NOT_IN": sorted(_BOUNDARY)}, "LEMMA": {"NOT_IN": [ROLE, FIELD]}, "OP": f"{{0,{most}}}"}


DET = {"LOWER": {"IN": DETERMINERS + _QUOTES}, "OP": "*"}
BEING = _low("being working serving", "?")
AS = _low("as", "?")
RF = {"LEMMA": {"IN": [ROLE, FIELD]}}
R = {"LEMMA": ROLE}
F_, T_ = "FROM", "TO"
MOVE = "move switch transition pivot go shift change jump cross transfer career path journey leap road route " \
       "migrate"
ARRIVE = "move switch transition pivot go shift jump come get break cross transfer migrate"
NEXT = "become move switch transition pivot land promote join go get take end stumble step"
NUM = {"LIKE_NUM": True, "OP": "?"}
QUANT = _low("a few several many some almost nearly over about around", "*")
SPAN_OF_TIME = _lem("year month decade stint while")
# Put first in a pattern: its match counts only where the role is the subject of its clause ("a former teacher,
# she…"), not where it describes someone else. A marker, not a token.
SUBJECT_ONLY: dict[str, Any] = {"_subject_only": True}

# family → patterns; a pattern is a list of token specs where "FROM"/"TO" mark the slots.
_PATTERNS: dict[str, list[list[Any]]] = {
    "from_to": [
        [_lem(MOVE), _gap(4), _low("from"), BEING, AS, DET, F_, _gap(3), _low("to into over"), _low("to", "?"),
         BEING, AS, DET, T_],
        [_low("from"), DET, {"LEMMA": ROLE, "_slot": F_}, _low("to into"), DET, {"LEMMA": ROLE, "_slot": T_}],
    ],
    "to_from": [
        [_lem(ARRIVE), _gap(2), _low("into to"), DET, T_, _gap(5), _low("from"), BEING, AS, DET, F_],
        [_low("as a an"), DET, T_, _low(",", "?"), _gap(3), _lem("move come switch transition pivot"), _low("from"),
         BEING, AS, DET, F_],
    ],
    "tenure": [
        [_low("after"), QUANT, NUM, SPAN_OF_TIME, _low("as in of"), BEING, AS, DET, F_],
        [_lem("spend"), QUANT, NUM, SPAN_OF_TIME, _low("as in"), DET, F_],
        [{"LIKE_NUM": True}, SPAN_OF_TIME, _low("of"), F_],
        # past tense only: "has been a consultant for two years" is the current role
        [_low("was were worked served"), AS, DET, F_, _low("for"), QUANT, NUM, SPAN_OF_TIME],
        [_low("had"), _low("been"), AS, DET, F_, _low("for"), QUANT, NUM, SPAN_OF_TIME],
    ],
    "started_as": [
        [_lem("start begin"), _low("out off", "?"), BEING, _low("as in at on"), DET, F_],
        [_lem("start begin"), _low("my her his their"), {"OP": "?"}, _low("career"), BEING, _low("as in at on"),
         DET, F_],
        [_low("first"), _lem("job role position gig"), _gap(3), _lem("be"), _low("as", "?"), DET, F_],
        [_low("first"), _lem("job role position gig"), _low("as"), DET, F_],
        [_lem("get"), DET, _low("start"), _low("as in"), DET, F_],
        [_lem("hire"), _low("on", "?"), _low("as"), DET, F_],
    ],
    "promoted": [
        [_lem("promote"), _gap(2), _low("from"), DET, F_, _low("to"), DET, T_],
        # "promoted to PM a year ago: six months as an associate, then…"
        [_lem("promote"), _gap(2), _low("to"), DET, T_, _gap(4), _low(":", "?"), _gap(2), NUM, SPAN_OF_TIME,
         _low("as"), DET, F_],
    ],
    "moved_into": [
        [_lem(ARRIVE + " become"), _gap(2), _low("into to", "?"), DET, T_, _gap(3), _low("after"), _gap(4),
         _low("as"), DET, F_],
    ],
    "before": [
        [_lem("be work serve spend"), _gap(4), _low("as", "?"), DET, F_, _gap(5), _low("before"),
         _lem(NEXT + " enter go"), _low("into to as over back", "?"), DET, T_],
        [_low("before"), _low("this that here"), _gap(4), _low(",", "?"), _gap(2), _lem("be work serve"), AS, DET, F_],
        [_low("before"), _low("that"), _gap(3), _low("as"), DET, F_],
        [_low("before"), _lem("join become start move take switch"), _gap(5), _low(","), _gap(2),
         _lem("be work serve"), AS, DET, F_],
        [_low("before"), DET, T_, _low(","), _gap(2), _lem("be work"), _low("as in"), DET, F_],
    ],
    "former_now": [
        [_low("former ex"), _low("-", "?"), F_, _low(",", "?"), _low("now today currently"), _gap(2), DET, T_],
        [SUBJECT_ONLY, _low("former ex"), _low("-", "?"), F_],
        [_lem("use"), _low("to"), _lem("be work"), AS, DET, F_],
        [_low("previously formerly originally"), _gap(2), _lem("be work serve", "?"), AS, DET, F_],
        [_lem("be"), _low("once"), DET, F_],
        [_low("previous prior last old former"), _lem("job role position title employer gig"), _gap(3),
         _lem("be"), AS, DET, F_],
        [_low("previous prior last old former"), _lem("job role position gig"), _low("as"), DET, F_],
        [_low("earlier"), _gap(8), _low("as"), DET, F_],
    ],
    "turned": [
        [F_, _low("-", "?"), _low("turned"), _low("-", "?"), T_],
    ],
    "left_for": [
        [_lem("leave quit"), DET, F_, _low("to for"), _lem("become join work pursue go move", "?"),
         _low("as in into", "?"), DET, T_],
    ],
    "became": [
        [{"LOWER": "taught", "_slot": F_}, _gap(10), _lem("become move switch transition pivot jump"),
         _low("to into as over", "?"), _low("to", "?"), DET, T_],
        [_lem("be work serve"), AS, DET, F_, _gap(6), _lem("become move switch transition pivot land jump"),
         _low("to into as over", "?"), _low("to", "?"), DET, T_],
    ],
    "ladder": [
        [_low("starting started start"), _low("out", "?"), _low("as"), DET, F_, _low("and", "?"),
         _low("ending ended finishing finished end"), _low("up", "?"), _low("as"), DET, T_],
        # the phrasing itself says both are jobs, known titles or not ("starting as a page…")
        [_low("starting started start"), _low("out", "?"), _low("as"), DET, {"IS_ALPHA": True, "_slot": F_},
         _low("and", "?"), _low("ending ended finishing finished end"), _low("up", "?"), _low("as"), DET,
         {"LEMMA": {"IN": [ROLE, FIELD]}, "_slot": T_}],
    ],
}
# Roles the interviewee held (no move in the text itself): linked across a note in order.
_HELD: dict[str, list[list[Any]]] = {
    "plain": [
        [_lem("get land take accept"), _gap(3), _low("as"), DET, T_],
        [_lem("hire join"), _gap(6), _low("as"), DET, T_],
        [_lem("join"), _gap(12), _low("on in"), DET, T_],
    ],
    "later": [
        [_lem("get land take accept"), DET, _low("first"), T_],
        [_lem("get land take accept"), DET, _low("first"), {"LEMMA": {"IN": [ROLE, FIELD]}, "OP": "?"}, _gap(2),
         _low("as"), DET, T_],
        [_lem("promote"), _gap(2), _low("to"), DET, T_],
        [_lem("move step"), _low("up"), _low("to into"), DET, T_],
    ],
    "now": [
        [{"LOWER": {"IN": ["now", "today", "currently"]}, "IS_SENT_START": True}, _low(",", "?"),
         _lem("be work", "?"), AS, DET, T_],
    ],
}


@functools.lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import Matcher

    from ...text import lemma_pipeline

    matcher = Matcher(lemma_pipeline().vocab)
    slots: dict[str, list[dict[int, str]]] = {}
    subject_only: set[str] = set()

    def add(key: str, patterns: list[list[Any]]) -> None:
        compiled, maps, marked = [], [], []
        for pattern in patterns:
            tokens: list[Any] = []
            slot_of: dict[int, str] = {}
            marked.append(pattern[:1] == [SUBJECT_ONLY])
            for item in pattern:
                if item is SUBJECT_ONLY:
                    continue
                if item in (F_, T_):
                    slot_of[len(tokens)] = item
                    tokens.append(dict(RF))
                elif isinstance(item, dict) and "_slot" in item:
                    slot_of[len(tokens)] = item["_slot"]
                    tokens.append({k: v for k, v in item.items() if k != "_slot"})
                else:
                    tokens.append(item)
            compiled.append(tokens)
            maps.append(slot_of)
        for i, (tokens, slot_of) in enumerate(zip(compiled, maps)):
            name = f"{key}#{i}"
            matcher.add(name, [tokens])
            slots[name] = [slot_of]
            if marked[i]:
                subject_only.add(name)

    for family, patterns in _PATTERNS.items():
        add(family, patterns)
    for cue, patterns in _HELD.items():
        add(f"held:{cue}", patterns)
    return matcher, slots, frozenset(subject_only)


@functools.lru_cache(maxsize=1)
def _needs() -> tuple[tuple[tuple[str, frozenset[str]], ...], ...]:
    """For each pattern, the words it cannot match without: one (attribute, allowed values) per token it requires.

    Most sentences name no move at all, and running the matcher's many optional gaps over them is most of what
    reading moves costs: a sentence lacking a required word of every pattern skips the matcher (same result).
    """
    needs = []
    for pattern in [*_PATTERNS.values(), *_HELD.values()]:
        for tokens in pattern:
            required = []
            for item in tokens:
                if item in (F_, T_):
                    item = RF
                if not isinstance(item, dict) or item.get("OP") not in (None, "+"):
                    continue  # optional tokens, markers
                for attr in ("LEMMA", "LOWER"):
                    value = item.get(attr)
                    if isinstance(value, str):
                        required.append((attr, frozenset([value])))
                    elif isinstance(value, dict) and "IN" in value:
                        required.append((attr, frozenset(value["IN"])))
            needs.append(tuple(required))
    return tuple(needs)


def _could_match(doc: "Doc") -> bool:
    """Whether some move pattern has every word it requires in ``doc`` (a necessary condition of a match)."""
    present = {"LEMMA": {t.lemma_ for t in doc}, "LOWER": {t.lower_ for t in doc}}
    return any(all(values & present[attr] for attr, values in required) for required in _needs())


# ------------------------------------------------------------------------------------------- reading
_ARROWS = re.compile(rf"\s*{ARROW}\s*")


# A note's snippets are read three times (role spans for skills, then moves and held roles): keep the last
# few hundred docs rather than build each again. Callers only read them.
@functools.lru_cache(maxsize=512)
def _placeholder_doc(text: str) -> tuple["Doc", list[RoleSpan | None], "Doc"]:
    """The text as a doc where each role/field is one token; also which span each token stands for."""
    from spacy.tokens import Doc

    from ...lexicon import role_index

    index, _ = role_index()
    case_doc = index.nlp.make_doc(text)
    # One tokenisation for both: the tokenizer's exceptions are case-sensitive, so the lower-cased text could
    # split differently.
    lower_doc = Doc(case_doc.vocab, words=[t.lower_ for t in case_doc], spaces=[bool(t.whitespace_) for t in case_doc])
    lower_doc = index.nlp.get_pipe("lemmatizer")(lower_doc)
    spans = role_spans(case_doc, lower_doc)
    by_start = {s.start: s for s in spans}
    words, spaces, lemmas, sent_starts = [], [], [], []
    owner: list[RoleSpan | None] = []
    i = 0
    previous_end = True
    while i < len(lower_doc):
        span = by_start.get(i)
        if span is not None:
            words.append(case_doc[span.start:span.end].text.replace(" ", "_"))
            spaces.append(bool(case_doc[span.end - 1].whitespace_))
            lemmas.append(span.kind)
            owner.append(span)
            i = span.end
        else:
            tok = lower_doc[i]
            words.append(case_doc[i].text)
            spaces.append(bool(tok.whitespace_))
            lemmas.append(tok.lemma_ or tok.lower_)
            owner.append(None)
            i += 1
        sent_starts.append(previous_end)
        previous_end = words[-1] in (".", "!", "?", ";")
    doc = Doc(lower_doc.vocab, words=words, spaces=spaces, lemmas=lemmas,
              sent_starts=[bool(s) for s in sent_starts])
    return doc, owner, case_doc


def role_char_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the job titles in a text ("Senior Director of Product Security", "UX researcher")."""
    doc, owner, case_doc = _placeholder_doc(text.replace("\u2019", "'"))
    out = []
    for span in {id(s): s for s in owner if s is not None and s.kind == ROLE}.values():
        out.append((case_doc[span.start].idx, case_doc[span.end - 1].idx + len(case_doc[span.end - 1])))
    return out


def _clause_start(doc: "Doc", index: int) -> int:
    k = index
    while k > 0:
        text = doc[k - 1].text
        if text in _BOUNDARY or text in (",", "-") and k - 1 > 0 and doc[k].lower_ in ("but", "and", "while", "so"):
            return k
        k -= 1
    return 0


def _foreign_subject(doc: "Doc", owner: list[RoleSpan | None], start: int) -> bool:
    """True when the clause before ``start`` has someone other than the interviewee as its subject."""
    lo = _clause_start(doc, start)
    window = [t.lower_ for t in doc[lo:start]]
    if window and (window[0] in _GENERIC_SUBJECTS or len(window) > 1 and window[1] in _GENERIC_SUBJECTS
                   and window[0] in ("if", "when", "once", "and", "but", "so", "then", "as", "unless")):
        return True
    for a, b in zip(window, window[1:]):
        if a in ("her", "his", "my", "their", "our", "a", "one", "the", "your") and b in _RELATIONS:
            return True
        if a in ("common", "usual", "typical", "classic", "standard", "normal", "traditional") and b in _GENERIC_PATHS:
            return True  # "the usual ladder is…": how careers go in general
    # A plural title as the subject ("prep cooks may be permitted…", "most nurses start as…").
    return any((role := owner[k]) is not None and role.plural for k in range(lo, start))


def _later_target(doc: "Doc", owner: list[RoleSpan | None], after: int) -> int | None:
    """A role later in the same sentence that the text moves on to ("…and after two years stumbled into an offer
    for a management role"), or None."""
    cue = None
    for k in range(after, len(doc)):
        t = doc[k]
        if t.text in _BOUNDARY:
            return None
        if t.lemma_ in ("become", "move", "switch", "transition", "pivot", "land", "promote", "stumble", "jump",
                        "then", "now", "later", "eventually", "until") or t.lower_ in ("then", "now", "later"):
            cue = k
        if cue is not None and (role := owner[k]) is not None and not role.plural and k - cue <= 9:
            return k
    return None


def read_moves(text: str) -> tuple[list[Move], list[Held]]:
    """The moves and the held roles a text states, each move with its family.

    >>> read_moves("Started out as a prep cook.")[0]
    [Move(origin='prep cook', target=None, family='started_as')]
    """
    text = _ARROWS.sub(" → ", text.replace("\u2019", "'"))
    if not text.strip():
        return [], []
    doc, owner, _ = _placeholder_doc(text)
    matcher, slots, subject_only = _matcher()
    moves: list[Move] = []
    held: list[Held] = []
    matches = matcher(doc, with_alignments=True) if _could_match(doc) else []
    questions = {s.start for s in doc.sents if s.text.rstrip().endswith("?")} if matches else set()
    for match_id, start, end, alignment in matches:
        key = doc.vocab.strings[match_id]
        slot_of = slots[key][0]
        found: dict[str, int] = {}
        for offset, pattern_index in enumerate(alignment):
            if pattern_index in slot_of:
                found[slot_of[pattern_index]] = start + offset
        sentence = doc[start].sent
        clause_end = next((k for k in range(end, sentence.end) if doc[k].text in _BOUNDARY), sentence.end)
        if _foreign_subject(doc, owner, start) or sentence.start in questions \
                or any(t.lower_ in _SECOND_PERSON for t in doc[_clause_start(doc, start):clause_end]):
            continue  # someone else's path, a question, or advice to the reader
        if start > 0 and doc[start - 1].lower_ in _MODALS and key.split("#")[0] in ("started_as", "from_to",
                                                                                  "to_from", "held:plain"):
            continue  # "the best place to start is…", "you can move into…": not something that happened
        family = key.split("#")[0]
        if any((role := owner[k]) is not None and role.plural for k in found.values()):
            continue  # "former nurses do well…": a group, not the interviewee
        if key in subject_only and any(t.lower_ not in _SELF_WORDS for t in doc[_clause_start(doc, start):start]):
            continue  # "a former teacher" describes the interviewee only as the clause's subject
        if family.startswith("held:"):
            span = owner[found[T_]]
            if span is not None and (span.kind == ROLE or span.framed or family == "held:later"):
                held.append(Held(span.name, family.split(":")[1]))
            continue
        origin = None
        if F_ in found:
            origin = role.name if (role := owner[found[F_]]) else doc[found[F_]].lower_
        target_span = owner[found[T_]] if T_ in found else None
        if origin is None or (family == "tenure" and origin.lower() in _LEARNING):
            continue  # "eighteen months of training before they signed her off": learning the job, not a job
        if target_span is None:
            later = _later_target(doc, owner, found[F_] + 1)
            if later is not None:
                target_span = owner[later]
        moves.append(Move(origin, target_span.name if target_span else None, family))
        if family == "started_as":
            held.append(Held(origin, "start"))
    moves += _chains(doc, owner)
    return _dedupe(moves), held


def _name_at(owner: list[RoleSpan | None], k: int) -> str:
    """The role at token ``k``, which a ladder has already found to be one."""
    role = owner[k]
    assert role is not None
    return role.name


def _chains(doc: "Doc", owner: list[RoleSpan | None]) -> list[Move]:
    """Ladders written as chains: "RT → QI coordinator → analyst", "started as a teller, then personal banker,
    now branch manager", "from valet to front desk to front desk manager"."""
    moves: list[Move] = []
    # Arrows: every item between arrows is a step, recognised as a role or not.
    items: list[list[tuple[str, str | None]]] = []
    current: list[tuple[str, str | None]] = []
    arrows = 0
    for t in doc:
        if t.text == "→":
            arrows += 1
            items.append(current)
            current = []
        elif t.text in (".", ";", "!", "?"):
            if arrows:
                moves += _steps(items + [current])
            items, current, arrows = [], [], 0
        elif t.text == ":" or (t.text == "," and not arrows):
            current = []
        else:
            current.append((t.text, role.name if (role := owner[t.i]) else None))
    if arrows:
        moves += _steps(items + [current])
    # "then X, now Y" after a role the sentence starts from; "from A to B to C".
    for sent in doc.sents:
        roles = [k for k in range(sent.start, sent.end) if owner[k] is not None]
        for a, b in zip(roles, roles[1:]):
            between = [doc[k].lower_ for k in range(a + 1, b)]
            if between and between[-1] in DETERMINERS:
                between = between[:-1]
            if _foreign_subject(doc, owner, a):
                continue
            if between in (["then"], [",", "then"], [",", "now"], ["and", "then"], [",", "and", "then"],
                           ["then", "a"], [",", "later"], [",", "eventually"], ["and", "now"], [",", "and", "now"]):
                first = doc[sent.start:a]
                if any(t.lemma_ in ("start", "begin", "be", "work") or t.lower_ in ("as", "from") for t in first):
                    moves.append(Move(_name_at(owner, a), _name_at(owner, b), "ladder"))
        # "from valet to front desk to front desk manager": three or more steps joined by "to"
        k = 0
        while k < len(roles):
            run = [roles[k]]
            while k + 1 < len(roles) and [doc[j].lower_ for j in range(roles[k] + 1, roles[k + 1])
                                          if doc[j].lower_ not in DETERMINERS] == ["to"]:
                k += 1
                run.append(roles[k])
            if len(run) >= 3 and run[0] > sent.start and doc[run[0] - 1].lower_ == "from":
                moves += [Move(_name_at(owner, x), _name_at(owner, y), "ladder") for x, y in zip(run, run[1:])]
            k += 1
    return moves


# Words no job title contains: an arrow item holding one is a remark ("→ I can offer that", "→ she loved it").
# Not "it": lower-cased, "IT support" would read as one.
_SPEAKERS = frozenset("i i'm i'd i'll me my we our you your he him his she her they them their".split())


def _steps(items: list[list[tuple[str, str | None]]]) -> list[Move]:
    """Moves between the items of an arrow chain; a recognised role stands for its item ("came via admin officer
    role" → "admin officer"), other items are cut before a time or place ("SDET after 2 yrs" → "SDET")."""
    cleaned = []
    recognised = 0
    if any(_bare_comma([word for word, _ in item]) for item in items[1:-1]):
        return []  # "Soldiers -> employees, mission -> project": pairs of a list, not one ladder
    for item in items:
        roles = [name for _, name in item if name]
        if roles:
            recognised += 1
            cleaned.append(roles[0])
            continue
        text = " ".join(word for word, _ in item).replace("_", " ")
        text = re.split(r"\s(?:after|in|at|for|with|since|within|by|when|because|\d)\b", " " + text.strip(" ,"))[0]
        words = text.split()
        if not words or len(words) > 4 or _SPEAKERS & {w.lower() for w in words}:
            return []  # "… → I can offer that": a remark, not a job
        cleaned.append(" ".join(words))
    if not recognised:
        return []  # "hands-on experience → classroom": an arrow between things that are not jobs
    return [Move(a, b, "ladder") for a, b in zip(cleaned, cleaned[1:]) if not _same(a, b)]


def _bare_comma(words: list[str]) -> bool:
    """Whether ``words`` hold a comma outside brackets ("employees , mission", not "(a posting , thinks)").

    >>> _bare_comma("employees , mission".split()), _bare_comma("admin ( answered a posting , thinks )".split())
    (True, False)
    """
    depth = 0
    for word in words:
        depth += word == "("
        depth -= word == ")" and depth > 0
        if word == "," and not depth:
            return True
    return False


# When two families read the same move, the one whose phrasing names both ends is reported.
_LOOSE_FAMILIES = ("tenure", "started_as")


def _dedupe(moves: Iterable[Move]) -> list[Move]:
    seen: dict[tuple[str, str | None], Move] = {}
    for m in sorted(moves, key=lambda m: m.family in _LOOSE_FAMILIES):
        key = (m.origin.lower(), m.target.lower() if m.target else None)
        seen.setdefault(key, m)
    named = {o for o, t in seen if t is not None}
    # "started as X … became Y" also reads as "started as X" alone: keep the one with a destination.
    return [m for (o, t), m in seen.items() if t is not None or o not in named]


def career_moves(text: str, current_role: str = "") -> list[Move]:
    """Moves in one text with their destinations filled in: a move to "the current role" takes
    ``current_role``; with no current role known it is dropped (a role alone is not a path).

    >>> [(m.origin, m.target, m.family) for m in career_moves("Before this she was a line cook.", "Sous chef")]
    [('line cook', 'sous chef', 'before')]
    """
    return _with_destinations(read_moves(text)[0], current_role)


def _with_destinations(moves: Iterable[Move], current_role: str) -> list[Move]:
    current = clean_title(current_role)
    out = []
    for move in moves:
        target = move.target or current
        if not target or _same(move.origin, target) or move.origin.lower() in NOT_A_ROLE \
                or target.lower() in NOT_A_ROLE:
            continue
        out.append(Move(move.origin, target, move.family))
    return out


_RANKS = {"intern", "trainee", "junior", "associate", "assistant", "apprentice", "graduate", "grad", "senior",
          "lead", "chief", "head", "principal", "staff", "deputy", "entry-level", "student", "new", "resident",
          "fellow", "executive", "sous", "sr", "jr", "sr.", "jr.", "first", "second"}


def _same(a: str, b: str) -> bool:
    """The same job, one title perhaps with descriptive words the other lacks ("data analyst", "health data
    analyst"); a rank word makes another step ("intern architect" → "architect").

    >>> _same("Health data analyst", "data analyst"), _same("intern architect", "architect")
    (True, False)
    """
    a, b = a.lower().strip(), b.lower().strip()
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not long.endswith(" " + short):
        return False
    return not set(long[: -len(short)].split()) & _RANKS


def note_moves(texts: Sequence[tuple[int, str]], current_role: str = "") -> list[tuple[int, Move]]:
    """(position in ``texts``, move) for every snippet of one note, given as (line, text), plus the ladder the note
    spells out across snippets: a held role that says it came later ("a year later, got my first design job";
    "promoted to…"; "Now…") follows the role held before it. The position is that of the snippet stating the move
    (for a linked ladder, the later role), so a paragraph's sentences, which share a line, are told apart."""
    out: list[tuple[int, Move]] = []
    events: list[tuple[int, int, Held]] = []
    for position, (line, text) in enumerate(texts):
        moves, held = read_moves(text)
        for move in _with_destinations(moves, current_role):
            out.append((position, move))
        for h in held:
            events.append((line, position, h))
    # One event per line: the last one stated there ("his first cybersecurity role as a junior analyst").
    last_of_line: dict[int, tuple[int, Held]] = {}
    strength = {"later": 3, "now": 2, "start": 1, "plain": 0}
    for line, position, h in events:
        if line not in last_of_line or strength[h.cue] >= strength[last_of_line[line][1].cue]:
            last_of_line[line] = (position, h)
    ordered = [event for _, event in sorted(last_of_line.items())]
    for (_, before), (position, after) in zip(ordered, ordered[1:]):
        if after.cue in ("later", "now") and not _same(before.role, after.role):
            move = Move(before.role, after.role, "held")
            if not any(_same(m.origin, move.origin) and _same(m.target or "", move.target or "") for _, m in out):
                out.append((position, move))
    return out
