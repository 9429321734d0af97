"""Notes folder → :class:`~infosynth.models.Note` records with provenance-carrying snippets.

Three steps, each tolerant of what real folders hold:

* :func:`discover` walks the folder (hidden folders and infosynth's own output folders skipped, symlinks followed
  only inside the folder, loops and broken links reported);
* :func:`read_text` decodes one file (UTF-8 with or without BOM, UTF-16, else Latin-1; binary refused; size
  and line length bounded; read again if it changes meanwhile);
* :func:`parse_note` splits front matter from the body and turns the body's markdown into snippets: each
  bullet item, each sentence of a paragraph or block quote, each table row. Every snippet keeps the 1-based line
  of the file where its text starts.

Nothing here writes to the notes folder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..models import BuildWarning, Note
from ..text import DATE_PREFIX, date_from_file_name, parse_date
from .discover import read_text, relative_path
from .frontmatter import as_tags, as_text, header_fields, person_in, split_front_matter
from .markdown import MAX_INDENT, read_blocks
from .people import person_from_heading, title_from_name
from .snippets import MEETING_OPENER, snippets_from_blocks

# ---------------------------------------------------------------------------------------------- discovery


# ----------------------------------------------------------------------------------------------- decoding


# ------------------------------------------------------------------------------------------- front matter


# ------------------------------------------------------------------------------------------------ markdown


# ------------------------------------------------------------------------------------------ inline tags


# ----------------------------------------------------------------------------------------------- kinds


# --------------------------------------------------------------------------------------------------- notes


# A code fence, and a line that reads as code rather than words.
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$")
_CODE_LIKE = re.compile(r"[{};=]|</?\w|^\s*(?:def|class|import|return)\b|^\s*(?-i:SELECT|FROM|WHERE)\b")
_PROSE_FENCE_INFO = ("", "text", "txt", "plain", "md", "markdown", "notes")


def unwrap_prose_fences(body: str) -> str:
    r"""``body`` with the fence lines blanked around a code block that holds words, not code: a note pasted whole
    from a plain-text editor between two "```" lines is still what was said. A block tagged with a language, or
    whose lines read as code, stays a code block (and is not read).

    >>> unwrap_prose_fences("```\nstarted as a merchandise assistant for 2 yrs\nit's like 70% spreadsheets\n```")
    "\nstarted as a merchandise assistant for 2 yrs\nit's like 70% spreadsheets\n"
    >>> unwrap_prose_fences("```sql\nSELECT name FROM staff;\n```").startswith("```")
    True
    """
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        close = None
        if opening and opening.group(2).lower() in _PROSE_FENCE_INFO:
            fence = opening.group(1)
            close = next((j for j in range(i + 1, len(lines))
                          if (m := _FENCE.match(lines[j])) and m.group(1)[0] == fence[0]
                          and len(m.group(1)) >= len(fence) and not m.group(2)), None)
        if close is not None:
            inner = [line for line in lines[i + 1:close] if line.strip()]
            wordy = sum(len(re.findall(r"[A-Za-z]{2,}", line)) >= 3 and not _CODE_LIKE.search(line) for line in inner)
            if inner and 4 * wordy >= 3 * len(inner):  # three lines in four read as words
                lines[i] = lines[close] = ""
            i = close + 1
        else:
            i += 1
    return "\n".join(lines)


def parse_note(
    text: str, path: str, sentencizer=None, warn: Callable[[BuildWarning], None] | None = None
) -> Note:
    """Parse one note's decoded text. ``path`` is the note's path relative to the notes folder.

    >>> note = parse_note("---\\nperson: Ana Ruiz\\n---\\n## Typical day\\n- standups at 9\\n", "ana.md")
    >>> note.person, [(s.line, s.heading, s.text) for s in note.snippets]
    ('Ana Ruiz', [(5, 'Typical day', 'standups at 9')])
    """
    warn = warn or (lambda w: None)
    meta, body_start, problem = split_front_matter(text)
    if problem:
        warn(BuildWarning(path, problem))
    lines = text.split("\n")
    if not meta and problem is None:
        # "Name: …" / "Role: …" lines opening a note without front matter are its front matter: read as such
        # (consent included), and blanked so that they are not read again as what was said.
        meta, taken = header_fields(lines[body_start:])
        lines = [("" if i - body_start in taken else line) for i, line in enumerate(lines)] if taken else lines
    body, flattened = _bound_indentation(lines[body_start:])
    if flattened:
        warn(BuildWarning(path, f"lists nested deeper than {MAX_INDENT // 2} levels flattened"))
    body = unwrap_prose_fences(body)
    blocks, headings = read_blocks(body, body_start, title_level_one=_starts_with_h1(body))
    snippets, body_tags = snippets_from_blocks(blocks, path, sentencizer)

    h1 = headings[0] if headings and _starts_with_h1(body) else ""
    met = _people_met_in_sections(headings[1:] if h1 else headings)
    if len(met) >= 2:
        warn(BuildWarning(path, f"looks like {len(met)} interviews in one file ({', '.join(met[:3])}"
                                f"{', …' if len(met) > 3 else ''}); it is read as one, so ideas they share do not "
                                f"count as recurring: one file per interview lets them"))
    note = note_from_front_matter(meta, path, h1, warn, front_matter_read=problem is None)
    note.content_hash = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    note.snippets = snippets
    note.tags = tuple(dict.fromkeys(note.tags + tuple(body_tags)))  # a line of tags alone describes the note
    return note


#: Front-matter keys that name the interviewee's workplace, read in this order ("school: Maple Hollow High").
ORGANIZATION_KEYS = ("organization", "organisation", "company", "org", "employer", "school", "hospital", "clinic",
                     "firm", "agency", "institution", "workplace")
#: Keys that name a place that identifies someone but may not be their workplace ("college: Ohio State" can be
#: where they studied): withheld from shared copies, never shown as the organisation.
PLACE_KEYS = (*ORGANIZATION_KEYS, "university", "college", "alma_mater")


#: Front-matter keys besides ``date`` that may date the interview, read in this order.
DATE_KEYS = ("interview_date", "meeting_date", "date_met", "met", "met_on", "when")


def note_from_front_matter(
    meta: dict[str, Any], path: str, h1: str = "", warn: Callable[[BuildWarning], None] | None = None,
    front_matter_read: bool = True,
) -> Note:
    """A :class:`Note` (without snippets) from front matter, the note's ``# title`` and its file name.

    ``front_matter_read=False``: the note had front matter that could not be read, so its consent is unknown
    and it is withheld from shared copies (see :mod:`infosynth.sharing.consent`).

    >>> n = note_from_front_matter({"company": "Northwind"}, "2026-05-14-x.md", "Coffee with Ana Ruiz")
    >>> n.person, n.organization, n.date.isoformat()
    ('Ana Ruiz', 'Northwind', '2026-05-14')
    """
    from ..sharing.consent import read_consent

    consent = read_consent(meta, readable=front_matter_read)
    for remark in consent.remarks:
        if warn:
            warn(BuildWarning(path, remark))
    date = None
    if meta.get("date") not in (None, ""):
        try:
            date = parse_date(meta.get("date"))
        except ValueError as exc:
            if warn:
                warn(BuildWarning(path, f"{exc}; date taken from the file name if it has one"))
    else:
        # Other keys people date a meeting with ("met: 2024-03-05"); their values need not be dates ("met: at
        # the site trailer"), so one that is not is passed over without a warning.
        for key in DATE_KEYS:
            try:
                date = parse_date(meta.get(key))
            except ValueError:
                continue
            if date:
                break
    return Note(
        path=path,
        title=as_text(meta.get("title")) or h1 or title_from_name(Path(path).stem),
        person=person_in(meta) or person_from_heading(h1) or person_from_heading(as_text(meta.get("title"))),
        role=as_text(meta.get("role") or meta.get("title_role") or meta.get("position")),
        organization=next((as_text(meta[k]) for k in ORGANIZATION_KEYS if as_text(meta.get(k))), ""),
        date=date or date_from_file_name(Path(path).name),
        tags=as_tags(meta.get("tags")),
        share=consent.share is not False,
        quotes=consent.quotes is not False,
        status=as_text(meta.get("status")).lower(),
        email=as_text(meta.get("email")),
        meta=meta,
    )


def _people_met_in_sections(headings: list[str]) -> list[str]:
    """The different people whom headings such as "## Coffee with Jane Okafor" or "## 2026-03-04 Tom Reyes" say
    a meeting was with: a running log of several interviews in one file."""
    met: list[str] = []
    for heading in headings:
        if MEETING_OPENER.match(heading) or DATE_PREFIX.match(heading):
            person = person_from_heading(DATE_PREFIX.sub("", heading).strip(" -–—:|"))
            if person and person not in met:
                met.append(person)
    return met


def _bound_indentation(lines: list[str]) -> tuple[str, bool]:
    """Clamp absurd indentation (hundreds of nested list levels) so no text after it is lost."""
    flattened = False
    out = []
    for line in lines:
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if indent > MAX_INDENT and len(line[:indent].expandtabs(4)) > MAX_INDENT:
            line = " " * MAX_INDENT + stripped
            flattened = True
        out.append(line)
    return "\n".join(out), flattened


def _starts_with_h1(body: str) -> bool:
    """Whether the body opens on a level-one heading, "# Title" or the title underlined with "=" (setext).

    >>> _starts_with_h1("\\nMEDICAL WRITER - Owen Achterberg\\n=====\\n"), _starts_with_h1("Notes\\n---\\n- a")
    (True, False)
    """
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if line.strip():
            following = lines[number + 1] if number + 1 < len(lines) else ""
            return line.startswith("# ") or bool(_SETEXT_H1.match(following)) and not _NOT_PARAGRAPH.match(line)
    return False


_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^(?: {4}|\t| {0,3}(?:[-*+>]|\d+[.)])(?:\s|$))")  # code, a list item or a quote


def read_note(
    path: Path, notes_dir: Path, sentencizer=None, warn: Callable[[BuildWarning], None] | None = None
) -> Note | None:
    """Decode and parse one file; ``None`` when it holds no text at all.

    Everything that had to be done to the file is reported as ONE warning naming it.
    """
    rel = relative_path(path, notes_dir)
    result = read_text(path)
    remarks = list(result.notes)
    note = None
    if result.text is not None:
        note = parse_note(result.text, rel, sentencizer=sentencizer, warn=lambda w: remarks.append(w.message))
    if remarks and warn:
        warn(BuildWarning(rel, "; ".join(remarks)))
    return note
