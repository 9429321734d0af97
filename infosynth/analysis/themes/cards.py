"""Theme cards: what a recurring theme shows (:class:`Theme`), which of its members it quotes, and how a card is
kept in the result memory between builds without any note line or name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...models import Note, Snippet
from ...text import leans_on_earlier_line

QUOTES = 5  # quotes kept per theme, best first


@dataclass
class Theme:
    """A recurring theme: snippets from several notes that express the same idea.

    ``id`` is derived from content (a codebook slug, or a slug of the theme's key words), so adding an
    unrelated note does not rename it. ``label`` is the one name every output shows. ``anchor`` is the codebook
    name when the theme matched a codebook entry, else ``""``. ``coherence`` is the members' mean pairwise cosine
    similarity. ``stance`` is ``"mixed"`` when some members say the opposite of the codebook's view
    (``n_contrary`` of them; their keys in ``contrary_keys``), else ``""``; ``quotes`` only ever hold supporting
    members, most central first.
    """

    id: str
    label: str
    category: str
    notes: list[str]
    people: list[str]
    n_interviews: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    trend: str
    quotes: list[tuple[str, int, str]]
    size: int
    kind: str = "codebook"  # codebook (named after a codebook entry) | discovered
    anchor: str = ""
    description: str = ""
    coherence: float = 0.0
    stance: str = ""
    n_contrary: int = 0
    contrary_quotes: list[tuple[str, int, str]] = field(default_factory=list)
    keywords: str = ""
    snippet_keys: list[str] = field(default_factory=list, repr=False)
    contrary_keys: list[str] = field(default_factory=list, repr=False)

    @property
    def n_support(self) -> int:
        return self.size - self.n_contrary


def choose_quotes(snippets: Sequence[Snippet], idx: Sequence[int], centrality: dict[int, float],
                  note_by_path: dict[str, Note], limit: int = QUOTES) -> list[tuple[str, int, str]]:
    """Up to ``limit`` members as quotes, most central first, from different notes where possible and from different
    lines always.

    Notes whose author refused quoting are used only when no other note can be quoted; lines that cannot be read on
    their own (too short, or opening with "That means…", "This was…") come after full ones.
    """
    def refused(i: int) -> bool:
        note = note_by_path.get(snippets[i].note)
        return note is not None and not note.quotes

    ranked = sorted(idx, key=lambda i: (len(snippets[i].text.split()) < 5 or leans_on_earlier_line(snippets[i].text),
                                        -centrality[i], snippets[i].note, snippets[i].line))
    chosen: list[int] = []
    # One per note first, then any, but never a second sentence of a line already quoted ("Reads everything
    # twice." after the rest of its line); notes whose author refused quoting only when no other note can be quoted.
    for allowed in (False, True):
        if allowed and chosen:
            break
        pool = [i for i in ranked if refused(i) == allowed]
        for distinct in (True, False):
            seen_notes = {snippets[i].note for i in chosen}
            seen_lines = {(snippets[i].note, snippets[i].line) for i in chosen}
            for i in pool:
                if len(chosen) == limit:
                    break
                if i in chosen or (distinct and snippets[i].note in seen_notes) or \
                        (snippets[i].note, snippets[i].line) in seen_lines:
                    continue
                seen_lines.add((snippets[i].note, snippets[i].line))
                chosen.append(i)
                seen_notes.add(snippets[i].note)
    return [(snippets[i].note, snippets[i].line, snippets[i].text) for i in chosen]


def people_of(paths: Sequence[str], note_by_path: dict[str, Note]) -> list[str]:
    return sorted({note_by_path[p].person for p in paths if p in note_by_path and note_by_path[p].person})


# The result memory keeps no note line and no name: quotes and members are kept as positions among the groups'
# members, and the people are read again from the notes.
_BY_POSITION = ("quotes", "contrary_quotes", "snippet_keys", "contrary_keys")


def theme_record(theme: Theme, position: dict[str, int]) -> dict[str, Any]:
    """A theme as JSON values, its members and quotes by ``position`` (snippet key -> place among the members)."""
    import dataclasses

    record = dataclasses.asdict(theme)
    del record["people"]
    for name in ("first_seen", "last_seen"):
        record[name] = record[name].isoformat() if record[name] is not None else None
    for name in ("quotes", "contrary_quotes"):
        record[name] = [position[Snippet(note, line, text).key] for note, line, text in record[name]]
    for name in ("snippet_keys", "contrary_keys"):
        record[name] = [position[key] for key in record[name]]
    return record


def theme_from_record(record: dict[str, Any], members: list[Snippet], member_keys: list[str],
                      note_by_path: dict[str, Note]) -> Theme:
    """The inverse of :func:`theme_record`, given the members and their keys in the same order."""
    values = {name: value for name, value in record.items() if name not in _BY_POSITION}
    for name in ("first_seen", "last_seen"):
        values[name] = dt.date.fromisoformat(values[name]) if values[name] is not None else None
    quoted = {name: [members[p] for p in record[name]] for name in ("quotes", "contrary_quotes")}
    return Theme(**values, people=people_of(values["notes"], note_by_path),
                 quotes=[(s.note, s.line, s.text) for s in quoted["quotes"]],
                 contrary_quotes=[(s.note, s.line, s.text) for s in quoted["contrary_quotes"]],
                 snippet_keys=[member_keys[p] for p in record["snippet_keys"]],
                 contrary_keys=[member_keys[p] for p in record["contrary_keys"]])
