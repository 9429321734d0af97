"""Finding role titles in running text ("a clinical informatics lead", "RN", "head of people"), from the role lexicon's head words."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...lexicon import CAPS_ONLY_HEADS, role_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _vowel_word(word: str) -> bool:
    """Whether a short word reads as a word rather than letters ("chef" yes, "lcsw" no)."""
    return bool(re.search(r"[aeiouy]", word)) and word not in CAPS_ONLY_HEADS


def _plural_of_head(word: str, heads: frozenset[str]) -> bool:
    return word.endswith("s") and word[:-1] in heads


@dataclass
class RoleSpan:
    start: int
    end: int  # token indices, end exclusive
    kind: str  # ROLE | FIELD
    name: str
    plural: bool = False
    framed: bool = False  # written with a frame word: "the support team", "a management role"


def _display(tokens: Sequence[Any]) -> str:
    """A title as shown: lower case, except acronyms, mixed-case words ("InfoSec") and roman numerals."""
    out = ""
    for i, t in enumerate(tokens):
        text = t.text.strip("\"“”‘’'")
        keep = (text.isupper() and len(text) >= 2) or (text[:1].isupper() and text[1:] != text[1:].lower()) \
            or (text in ROMAN and i > 0)
        out += (text if keep else text.lower()) + (t.whitespace_ if i + 1 < len(tokens) else "")
    return re.sub(r"\s+", " ", out).strip(" -,")


def clean_title(role: str) -> str:
    """The title part of a note's role ("Help Desk Technician at a small MSP, moving into security").

    >>> clean_title("Help Desk Technician at a small MSP, moving into security"), clean_title("Product Manager (infra)")
    ('help desk technician', 'product manager')
    """
    text = re.sub(r"\([^)]*\)", " ", str(role or ""))
    text = re.split(r"\s+(?:at|@|for|with|in)\s+|[,;|–—]|\s-\s", text.strip(), maxsplit=1)[0]
    words = [w if (w.isupper() and len(w) >= 2) or (w[1:] != w[1:].lower() and w[:1].isupper()) else w.lower()
             for w in text.split()]
    return " ".join(words).strip(" .")


def role_spans(case_doc: "Doc", lower_doc: "Doc") -> list[RoleSpan]:
    """Role titles and fields in a text (token spans over the two docs, which share their tokens)."""
    from ...lexicon import role_index

    heads, words = role_vocabulary()
    spans: list[RoleSpan] = []
    n = len(lower_doc)
    lows = [t.lower_ for t in lower_doc]
    index, _ = role_index()
    text = case_doc.text
    for start_char, end_char, _name, _surface in index.find(text, (lower_doc, case_doc)):
        span = lower_doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is not None:
            spans.append(RoleSpan(span.start, span.end, ROLE, ""))

    for i in range(n):
        low, case = lower_doc[i].lower_, case_doc[i].text
        is_head = low in heads or _plural_of_head(low, heads)
        if low in CAPS_ONLY_HEADS or low.rstrip("s") in CAPS_ONLY_HEADS or (is_head and len(low) <= 4
                                                                                and not _vowel_word(low)):
            is_head = case.rstrip("s").isupper() and len(case) >= 2
        if not is_head:
            continue
        after = lows[i + 1] if i + 1 < n else "."
        if after in ("'s", "’s"):
            continue  # "an electrician's helper"
        if (after in heads or after in words) and after not in FIELD_FOLLOWERS and after not in ROLE_SUFFIXES \
                and after not in ("of", "i", "ii", "iii"):
            continue  # "teacher training", "nurse manager" (the manager is the head)
        start = i
        budget = 3
        while start > 0 and budget > 0:
            prev_low, prev_case = lower_doc[start - 1].lower_, case_doc[start - 1].text
            joined = prev_low in "-/" and start - 2 >= 0 and case_doc[start - 2].whitespace_ == "" \
                and case_doc[start - 1].whitespace_ == ""
            if joined:
                start -= 2
                continue
            hyphenated = start - 2 >= 0 and lows[start - 2] == "-" and case_doc[start - 3].whitespace_ == "" \
                and case_doc[start - 2].whitespace_ == "" and start - 3 >= 0 and prev_low.isalpha()
            if hyphenated:  # "med-surg nurse", "in-home therapist"
                start -= 3
                budget -= 1
                continue
            capitalised = prev_case[:1].isupper() and start - 1 > 0 and prev_low not in DETERMINERS
            if prev_low in words and prev_low not in DETERMINERS and prev_low not in FUNCTION_WORDS \
                    or capitalised and prev_low.isalpha():
                start -= 1
                budget -= 1
                continue
            break
        end = i + 1
        # "director of product security", "head of marketing": a complement in capitals or of title words
        if end + 1 < n and lower_doc[end].lower_ in ("of", "for") and low in (
                "director", "head", "manager", "officer", "vp", "president", "chief", "lead", "coordinator"):
            k = end + 1
            while k < n and k - end <= 4 and (case_doc[k].text[:1].isupper() or (
                    lower_doc[k].lower_ in words and lower_doc[k].lower_ not in DETERMINERS)):
                k += 1
            if k > end + 1:
                end = k
        if end < n and case_doc[end].text in ROMAN and case_doc[end].text.isupper() | case_doc[end].text.isdigit():
            end += 1
        spans.append(RoleSpan(start, end, ROLE, "", plural=low.endswith("s") and not low.endswith("ss")
                           and low not in heads))

    # Fields: longest first, acronyms as written only ("IT", not "it").
    at: dict[str, list[int]] = {}
    for i, low in enumerate(lows):
        at.setdefault(low, []).append(i)
    for key, parts in _field_keys():
        size = len(parts)
        for i in at.get(parts[0], ()):
            if i + size > n or lows[i:i + size] != parts:
                continue
            if size == 1 and len(key) <= 3 and case_doc[i].text != case_doc[i].text.upper():
                continue
            after = lows[i + size] if i + size < n else "."
            if after.isalpha() and after not in FIELD_FOLLOWERS and after not in ROLE_SUFFIXES:
                continue  # "tech adjacent", "a sales org": the field word describes something else
            spans.append(RoleSpan(i, i + size, FIELD, FIELDS[key]))
    # "taught ELA for five years": the verb names the role.
    for i, t in enumerate(lower_doc):
        if t.lower_ == "taught":
            spans.append(RoleSpan(i, i + 1, FIELD, "teacher"))

    chosen = _longest(spans)
    taken = {k for s in chosen for k in range(s.start, s.end)}
    for role_span in chosen:
        if role_span.kind == FIELD and role_span.name not in ("teacher", "nurse"):
            # "supply chain management", "special education": words of titles before the field belong to it
            while role_span.start > 0 and role_span.start - 1 not in taken and role_span.start - 1 >= 0 \
                    and lows[role_span.start - 1] in words and lows[role_span.start - 1] not in DETERMINERS \
                    and lows[role_span.start - 1] not in FIELD_FOLLOWERS and lows[role_span.start - 1] not in FUNCTION_WORDS \
                    and lows[role_span.start - 1].isalpha() \
                    and role_span.end - role_span.start < 4:
                role_span.start -= 1
                role_span.name = ""
    for role_span in chosen:
        # "a Frontend Developer role", "the support team": the title without its frame.
        while role_span.end < n and lows[role_span.end] in ROLE_SUFFIXES:
            role_span.end += 1
            role_span.framed = True
        core = [t for t in case_doc[role_span.start:role_span.end] if t.lower_ not in ROLE_SUFFIXES or t.i == role_span.start]
        if role_span.kind == FIELD and role_span.name:
            continue
        role_span.name = _display(core)
        key = role_span.name.lower()
        if key in FIELDS:
            role_span.kind, role_span.name = FIELD, FIELDS[key]
        last = lower_doc[role_span.end - 1] if role_span.kind == ROLE else None
        if last is not None and last.lower_ not in ROLE_SUFFIXES:
            role_span.plural = role_span.plural or (last.lower_.endswith("s") and last.lemma_ != last.lower_
                                          and not last.lower_.endswith("ss"))
    return [s for s in chosen if s.name and s.name.lower() not in NOT_A_ROLE]


@functools.cache
def _field_keys() -> list[tuple[str, list[str]]]:
    """The field names and their words, longest first."""
    return [(key, key.split()) for key in sorted(FIELDS, key=lambda k: -len(k.split()))]


def _longest(spans: list[RoleSpan]) -> list[RoleSpan]:
    """Non-overlapping spans, longest first; a role beats a field of the same length."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.kind != ROLE, s.start))
    taken: set[int] = set()
    out = []
    for span in ordered:
        cells = set(range(span.start, span.end))
        if cells & taken:
            continue
        taken |= cells
        out.append(span)
    return sorted(out, key=lambda s: s.start)


ROLE, FIELD = "__role__", "__field__"


# Fields people move between, as written → the name shown (teaching and nursing name their role).
FIELDS: dict[str, str] = {
    "teaching": "teacher", "the classroom": "teacher", "classroom teaching": "teacher", "nursing": "nurse",
    "bedside nursing": "nurse", "the bedside": "nurse", "social work": "social work", "accounting": "accounting",
    "public accounting": "public accounting", "journalism": "journalism", "law": "law", "recruiting": "recruiting",
    "sales": "sales", "marketing": "marketing", "content marketing": "content marketing", "pr": "PR",
    "public relations": "public relations", "communications": "communications", "hr": "HR",
    "human resources": "human resources", "it": "IT", "tech": "tech", "cybersecurity": "cybersecurity",
    "cyber security": "cybersecurity", "security": "security", "infosec": "InfoSec", "ux": "UX",
    "ux research": "UX research", "ux design": "UX design", "design": "design", "product": "product",
    "product management": "product management", "project management": "project management", "data": "data",
    "data science": "data science", "analytics": "analytics", "data analytics": "data analytics",
    "engineering": "engineering", "software": "software", "software engineering": "software engineering",
    "consulting": "consulting", "finance": "finance", "banking": "banking", "academia": "academia",
    "research": "research", "clinical research": "clinical research", "management": "management",
    "operations": "operations", "support": "support", "customer support": "customer support",
    "customer service": "customer service", "tech support": "tech support", "it support": "IT support",
    "help desk": "help desk", "retail": "retail", "hospitality": "hospitality", "healthcare": "healthcare",
    "health care": "healthcare", "the school system": "school system", "education": "education",
    "edtech": "edtech", "government": "government", "policy": "policy", "public policy": "public policy",
    "the military": "military", "military": "military", "informatics": "informatics",
    "clinical informatics": "clinical informatics", "health informatics": "health informatics",
    "quality improvement": "quality improvement", "instructional design": "instructional design",
    "lab management": "lab management", "industry": "industry", "the private sector": "private sector",
    "the public sector": "public sector", "nonprofits": "nonprofits", "the nonprofit sector": "nonprofit sector",
    "qa": "QA", "quality assurance": "quality assurance", "architecture": "architecture",
    "computational biology": "computational biology", "biotech": "biotech", "pharma": "pharma",
    "real estate": "real estate", "insurance": "insurance", "advertising": "advertising", "media": "media",
    "publishing": "publishing", "manufacturing": "manufacturing", "construction": "construction",
    "the trades": "trades", "logistics": "logistics", "procurement": "procurement", "compliance": "compliance",
    "audit": "audit", "tax": "tax", "payroll": "payroll", "training": "training", "learning and development":
    "learning and development", "l&d": "L&D", "people ops": "people ops", "admissions": "admissions",
    "fundraising": "fundraising", "special education": "special education", "development": "development", "counseling": "counseling",
    "counselling": "counselling", "therapy": "therapy", "pharmacy": "pharmacy", "medicine": "medicine",
    "dentistry": "dentistry", "veterinary medicine": "veterinary medicine", "public health": "public health",
    "emergency medicine": "emergency medicine", "food service": "food service", "the kitchen": "kitchen",
    "front of house": "front of house", "the front desk": "front desk", "front desk": "front desk",
    "bartending": "bartending", "waiting tables": "waiting tables",
}


ROLE_SUFFIXES = {"role", "roles", "job", "jobs", "position", "positions", "team", "side", "world", "field",
                  "track", "space", "department", "dept", "background", "post", "gig"}


# Words that may follow a field that ends its noun phrase ("from teaching to…", "in HR for…").
FIELD_FOLLOWERS = {"and", "or", "to", "into", "from", "at", "in", "for", "after", "before", "then", "when",
                    "because", "with", "as", "but", "by", "since", "until", "while", "once", "so", "via",
                    "through", "right", "straight", "full", "instead", "is", "was", "were", "are", "now",
                    "later", "over", "back", "again", "where", "which", "who", "that", "during", "within",
                    "about", "around", "first", "too", "directly"}


FUNCTION_WORDS = {"as", "and", "or", "of", "to", "in", "for", "at", "on", "with", "by", "from", "into", "the", "a",
             "an", "is", "was", "be", "been", "being", "then", "now", "after", "before", "but", "so", "than"}


DETERMINERS = ["a", "an", "the", "my", "her", "his", "their", "our", "your", "its", "this", "that"]


#: An arrow between two steps of a career as notes write it: "Line cook → server", "analyst -> manager", "⇒".
ARROW = r"(?:→|-->|->|=>|⇒|⟶|—>)"


ROMAN = {"I", "II", "III", "IV", "V", "1", "2", "3"}


NOT_A_ROLE = {"time", "scratch", "home", "school", "college", "there", "here", "that", "this", "day one",
               "start", "finish", "work", "nothing", "zero", "day", "week", "month", "year", "one", "two",
               "employee", "people", "person", "team", "staff", "company", "job", "role", "position", "student",
               "kid", "child", "graduate", "grad", "new hire", "hire"}
