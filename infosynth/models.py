"""Plain data records that flow through the pipeline: notes → snippets → tags → themes."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any

CATEGORIES: tuple[str, ...] = ("roles", "skills", "day-to-day", "culture")


@dataclass
class Snippet:
    """One unit of insight: a bullet item, or one sentence of a paragraph or block quote.

    ``line`` is the 1-based line of the source file on which the snippet's text starts, so a user
    (or a test) can always go back to the exact place in the note.
    """

    note: str  # path relative to the notes folder, with forward slashes
    line: int
    text: str
    heading: str = ""  # heading path, outer to inner, joined with " > "
    kind: str = "bullet"  # bullet | sentence | quote | table, or a non-takeaway kind (see NON_TAKEAWAY_KINDS)
    depth: int = 0  # list nesting depth (0 = top level or not in a list)
    hashtags: tuple[str, ...] = ()  # inline #tags, lower-case, without '#'
    links: tuple[str, ...] = ()  # [[wikilink]] targets
    # Filled by later stages.
    categories: tuple[str, ...] = ()
    evidence: str = ""  # why the categories were given (heading, cues, model scores)
    theme: str = ""  # recurring-theme id, empty when in none

    @property
    def key(self) -> str:
        """Identifier unique within a build: note path and line (plus text for same-line snippets)."""
        # crc32, not hash(): str hashes change from one process to the next.
        return f"{self.note}:{self.line}:{zlib.crc32(self.text.encode('utf-8', 'surrogatepass')) & 0xFFFF:04x}"


#: Snippet kinds that record the conversation rather than what the interviewee said: the note-taker's own
#: questions, interview logistics ("met at the café", "send him my dashboard") and the note-taker's own view ("my
#: take: …", or an aside in their own voice in a note about someone else). They stay in
#: ``snippets.csv`` as context, but are never theme members, quotes, goal evidence or key takeaways.
NON_TAKEAWAY_KINDS: frozenset[str] = frozenset({"question", "logistics", "reflection"})


def is_takeaway(snippet: Snippet) -> bool:
    """True when the snippet is something the interviewee said or showed, not the interview's own business.

    >>> is_takeaway(Snippet("a.md", 3, "Shifts are 12 hours")), is_takeaway(Snippet("a.md", 4, "What do you wish you knew?", kind="question"))
    (True, False)
    """
    return snippet.kind not in NON_TAKEAWAY_KINDS


@dataclass
class Note:
    """One markdown file: its front matter, resolved metadata and the snippets of its body."""

    path: str  # relative to the notes folder, forward slashes
    title: str = ""
    person: str = ""
    role: str = ""
    organization: str = ""
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    share: bool = True  # False: never appears in shared outputs
    quotes: bool = True  # False: counts in tallies but its words are never shown when sharing
    status: str = ""
    email: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # full front matter, unknown keys included
    content_hash: str = ""
    snippets: list[Snippet] = field(default_factory=list)


@dataclass
class BuildWarning:
    """A problem with one input file that did not stop the build."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
