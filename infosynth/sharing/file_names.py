"""Names hidden in a note's file name ("2026-06-01-tobiah-vantreese.md"): the shared copy renames the files and
replaces such names where the notes write them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .words import first_names, is_name_word, is_stop, last_names


def acronyms_written(note: Any) -> set[str]:
    """Lower-case words ``note`` writes in capitals ("GIS", "ATC")."""
    return {w.lower() for sn in note.snippets for w in re.findall(r"\b[A-Z]{2,6}\b", f"{sn.text} {sn.heading}")}


def names_in_file_name(path: str) -> str:
    """The words of a note's file name that name someone ("Tobiah Vantreese" of
    "2026-06-01-tobiah-vantreese.md"), title-cased; "" when there are none.

    A word counts when it can only be a name, or is a first name that is not a note-taking word; a first name
    followed by a surname counts as a name even when both are words ("will-turner").
    """
    words = [w for w in re.split(r"[\W_]+", _file_stem(path)) if len(w) > 2 and not w.isdigit()]
    firsts, lasts = first_names(), last_names()

    def strong(w: str) -> bool:
        abbreviation = len(w) <= 4 and not re.search(r"[aeiouy]", w)  # "bls", "hr", "cna"
        return not abbreviation and (is_name_word(w) or w in firsts and not is_stop(w))

    keep = [strong(w) for w in words]
    for k in range(len(words) - 1):
        first, last = words[k], words[k + 1]
        if first in firsts and (last in lasts or keep[k + 1]) or keep[k] and last in lasts and not is_stop(last):
            keep[k] = keep[k + 1] = True
    return " ".join(w.capitalize() for w, kept in zip(words, keep) if kept)


def _file_stem(path: str) -> str:
    from ..text import DATE_PREFIX

    return DATE_PREFIX.sub("", Path(path).stem).lower()


def title_of_file_name(title: str, path: str, label: str) -> str:
    """A title the build made from the file name ("Lunch with orla venkataraman"), with the words that may name
    someone replaced by ``label``: the file name was never written to be shared."""
    from ..ingest.notes import title_from_name

    if not title or title != title_from_name(Path(path).stem):
        return title
    named = set(names_in_file_name(path).lower().split())
    out: list[str] = []
    for word in title.split():
        if word.lower() in named:
            if not out or out[-1] != label:
                out.append(label)
        else:
            out.append(word)
    return " ".join(out)
