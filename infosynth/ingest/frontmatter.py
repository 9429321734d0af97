"""A note's YAML front matter, read with bounded memory and typed leniently (dates, tags, text)."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..text import WHITESPACE, unlinked

MAX_FRONT_MATTER_VALUES = 10_000  # counted with YAML aliases expanded: a 400-byte "alias bomb" is billions


def split_front_matter(text: str) -> tuple[dict[str, Any], int, str | None]:
    """Return ``(front_matter, body_start_line, problem)``.

    ``body_start_line`` is the 0-based index of the first body line. A problem (unclosed block, invalid YAML,
    not a mapping) leaves the front matter empty and keeps the body; the text is never dropped.
    """
    import yaml

    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0, None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return {}, 0, "front matter opened with '---' but never closed; read as plain text"
    block = "\n".join(lines[1:end])
    try:
        data = _load_yaml(block, "safe") if block.strip() else {}
    except _TooLarge as exc:
        return {}, end + 1, f"front matter {exc}; ignored, body kept"
    except RecursionError:
        return {}, end + 1, "front matter is nested too deeply; ignored, body kept"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return {}, end + 1, f"front matter is not valid YAML{where}; ignored, body kept"
    except (ValueError, TypeError, OverflowError):
        # An impossible date such as 2026-13-45: keep every value as text; fields that need a date warn later.
        data = _load_yaml(block, "base")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, end + 1, f"front matter is a {type(data).__name__}, not key: value pairs; ignored, body kept"
    return {str(k): v for k, v in data.items()}, end + 1, None


class _TooLarge(Exception):
    """Front matter that would expand to more than MAX_FRONT_MATTER_VALUES values."""


def _load_yaml(block: str, kind: str) -> Any:
    loader = _bounded_loader(kind)(block)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _expanded_size(node: Any, limit: int) -> int:
    """How many values ``node`` stands for once every alias is expanded; raises past ``limit``.

    PyYAML builds an alias as a shared reference, which is cheap until anything walks the result (printing,
    JSON for the cache): nine nested aliases of nine make a billion values out of 400 bytes. Counting the node
    graph with a memo is linear in its size.
    """
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(n: Any) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in visiting:  # an alias inside its own anchor: infinite
            raise _TooLarge("refers to itself through a YAML alias")
        visiting.add(key)
        total = 1
        if isinstance(n.value, list):
            for item in n.value:
                for part in item if isinstance(item, tuple) else (item,):
                    total += size(part)
                    if total > limit:
                        raise _TooLarge(f"expands to more than {limit:,} values (YAML aliases)")
        visiting.discard(key)
        sizes[key] = total
        return total

    return size(node)


@functools.cache
def _bounded_loader(kind: str) -> type:
    """PyYAML's safe loader (``kind="safe"``) or its all-strings loader (``"base"``), refusing documents that
    expand past MAX_FRONT_MATTER_VALUES before anything is built from them."""
    import yaml

    class Loader(yaml.SafeLoader if kind == "safe" else yaml.BaseLoader):  # type: ignore[misc]
        def compose_document(self):
            node = super().compose_document()
            if node is not None:
                _expanded_size(node, MAX_FRONT_MATTER_VALUES)
            return node

    return Loader


# Metadata written as plain lines at the top of a note instead of YAML ("Name: Jane Okafor", "**Role:** ICU charge
# nurse", "- Date: 2026-03-04", "role:: nurse" as outliners write it), by the names people give it, and the
# front-matter key each stands for.
_HEADER_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z _-]{0,24}?)\s*(?:\*\*|__)?\s*::?\s*"
                          r"(?:\*\*|__)?\s*(\S.*)")  # the value is stripped after: a lazy match here is quadratic
_HEADER_KEYS = {
    **{k: "person" for k in ("name", "person", "interviewee", "who")},
    **{k: "role" for k in ("role", "position", "job", "job_title")},
    **{k: k for k in ("company", "organization", "organisation", "org", "employer", "school", "hospital", "clinic",
                      "firm", "agency", "institution", "workplace")},
    **{k: k for k in ("date", "met", "when", "interview_date", "meeting_date", "email", "tags", "status")},
}
_FULL_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}$")
_HEADER_DATES = frozenset({"date", "met", "when", "interview_date", "meeting_date"})
_HEADER_MAX_WORDS = 8  # a longer value is something said ("Role: she runs the whole ward on nights"), not a field


# A title line: a heading, or a few words with no sentence end (not a list item or a quote).
_TITLE_LINE = re.compile(r"^(?:#\s.*|(?![-*+>|]\s|\d+[.)]\s)[^\s.!?#][^.!?]{0,79})\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")


def header_fields(lines: list[str]) -> tuple[dict[str, Any], list[int]]:
    """Front matter written as "Key: value" lines at the top of a note's body, and the indices of those lines.

    Only the lines before the first blank or other line count, after a "# title" if there is one. A line is a
    field when its key is one front matter is read for (or a consent key: "Share: no" keeps the note out of
    shared copies as in YAML) and its value reads as one: a date for a date, an address for an e-mail, a few
    words for a name or a role; a line with such a key and another value stays in the body. Empty when the note
    does not open that way.

    >>> header_fields(["# Coffee with Jane", "Name: Jane Okafor", "**Role:** ICU charge nurse", "", "Pay: 38/hr"])
    ({'person': 'Jane Okafor', 'role': 'ICU charge nurse'}, [1, 2])
    >>> header_fields(["Pay: 38/hr", "Role: ICU"])
    ({}, [])
    >>> header_fields(["INFORMATIONAL INTERVIEW WORKSHEET (v2)", "", "NAME: Dale Renner", "", "Q1. What do you do?"])
    ({'person': 'Dale Renner'}, [2])
    """
    from ..sharing.consent import consent_key

    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start < len(lines) and _TITLE_LINE.match(lines[start]) and not _HEADER_LINE.match(lines[start]):
        # "# Coffee with Jane", or a title line as a form or a plain-text note has one ("SFL-TAP INFORMATIONAL
        # INTERVIEW WORKSHEET (v2)"), perhaps underlined: the fields may follow it
        start = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not _UNDERLINE.match(lines[i])),
                     len(lines))
    fields: dict[str, Any] = {}
    taken: list[int] = []
    for index in range(start, len(lines)):
        match = _HEADER_LINE.match(lines[index])
        if not match:
            break
        name = re.sub(r"[\s-]+", "_", match.group(1).strip().lower())
        value = match.group(2).strip("*_ ").strip()
        consent = consent_key(name)
        key = consent or _HEADER_KEYS.get(name)
        if consent and key in fields:  # said twice: unless both say the same, no clear answer (withheld)
            fields[key] = value if value.lower() == str(fields[key]).lower() else f"{fields[key]}; {value}"
            taken.append(index)
            continue
        if key is None or key in fields or not value:
            break
        if _reads_as(key, value, consent is not None, name):
            fields[key] = value
            taken.append(index)
        # else a field's name with something else after it ("Date: 3/4/26", "Role: she runs the whole ward on
        # nights"): left where it is, as what was written, and the fields below it are still read
    return fields, taken


def _reads_as(key: str, value: str, consent: bool, name: str = "") -> bool:
    """Whether ``value`` reads as a value of the front-matter field ``key`` (written as ``name``)."""
    from ..text import parse_date

    if name == "who":  # "Who: Jane Okafor, ICU" names someone; "Who: her manager and two nurses" does not
        return bool(_FULL_NAME.match(re.split(r"[,(]", value)[0].strip()))

    if key in _HEADER_DATES:
        try:
            return parse_date(value) is not None
        except ValueError:
            return False
    if key == "email":
        return "@" in value
    return consent or key == "tags" or len(value.split()) <= (3 if key == "status" else _HEADER_MAX_WORDS)


# Letters after a name: "RN", "RDH", "PhD", "MLS(ASCP)", "M.D.", "Esq.", "PA-C", "OTR/L" (read split at the slash:
# "OTR", "L"); not "Jr.", which is part of the name.
_CREDENTIAL = re.compile(r"(?:[A-Z]{2,6}(?:\([A-Z]{2,6}\)|-[A-Z]{1,3})?|[A-Z][a-z]?[A-Z][A-Za-z]{0,4}|Ph\.?D\.?|M\.D\.|"
                         r"Esq\.?|[A-Z])")


def person_in(meta: dict[str, Any]) -> str:
    """Whom front matter names as the person met: ``person``, ``name``, ``interviewee``, or ``who`` when it reads as
    a name ("who: her manager and two nurses" does not), without the letters after it.

    >>> person_in({"name": "Priya Venkataraman, RDH"}), person_in({"who": "Marisol Pruitt"})
    ('Priya Venkataraman', 'Marisol Pruitt')
    >>> person_in({"person": "Marisol Ferrante, OTR/L"}), person_in({"person": "Sam Reyes-Lindqvist, PA-C"})
    ('Marisol Ferrante', 'Sam Reyes-Lindqvist')
    >>> person_in({"who": "her manager and two nurses"}), person_in({"person": "Sam Ortiz Jr."})
    ('', 'Sam Ortiz Jr.')
    """
    for key in ("person", "name", "interviewee", "who"):
        value = as_text(meta.get(key))
        if not value or key == "who" and not _reads_as("person", value, False, "who"):
            continue
        name, _, after = value.partition(",")
        letters = [part for part in re.split(r"[\s,/]+", after) if part]
        return name.strip() if letters and all(_CREDENTIAL.fullmatch(part) for part in letters) else value
    return ""


def as_tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    return tuple(str(t).strip().lstrip("#").lower() for t in items if str(t).strip())


def as_text(value: Any) -> str:
    """A front-matter value as one line of plain text; a wikilink reads as its text ("[[Dana Okafor]]").

    >>> as_text("[[Dana Okafor]]"), as_text(None)
    ('Dana Okafor', '')
    """
    return "" if value is None else unlinked(WHITESPACE.sub(" ", str(value)).strip())
