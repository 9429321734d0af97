"""The adversarial sharing corpus: notes written to be hard to anonymise, and the strings that must not leak.

``notes/`` holds the notes and ``sensitive.csv`` every string that identifies someone or belongs to a withheld
note (``match``: ``word`` is a whole-word search in any case, ``case`` an exact-case phrase, for first names that
are also words: "Will said", "June from HR"). ``probes.txt`` lists ordinary phrases that must come through a
shared copy unchanged ("Mark your calendar", "Will this scale?"). :func:`materialise` lays the corpus out on
disk with a binary file whose name holds a person's name, which a build skips.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BINARY_NOTE = "2026-05-07-ottoline-marchetti-offer.md"


@dataclass(frozen=True)
class Sensitive:
    note: str
    text: str
    kind: str  # interviewee | word-name | person | org | contact | withheld | file | profile
    match: str  # word | case

    def pattern(self) -> re.Pattern[str]:
        flags = 0 if self.match == "case" else re.IGNORECASE
        return re.compile(r"(?<![^\W_])" + re.escape(self.text) + r"(?![^\W_])", flags)


def materialise(dest: Path) -> Path:
    """Copy the corpus into ``dest/notes`` (with its ``infosynth.toml``) and add the binary note; returns the
    notes folder."""
    notes = dest / "notes"
    shutil.copytree(HERE / "notes", notes)
    shutil.copy(HERE / "infosynth.toml", notes / "infosynth.toml")
    (notes / BINARY_NOTE).write_bytes(b"%PDF-1.7\n\x00\x00\x01offer letter\x00" + bytes(range(256)))
    return notes


def sensitive() -> list[Sensitive]:
    with (HERE / "sensitive.csv").open(encoding="utf-8", newline="") as fh:
        return [Sensitive(**row) for row in csv.DictReader(fh)]


def probes() -> list[str]:
    lines = (HERE / "probes.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def shared_haystack(shared_dir: Path) -> str:
    """Every file's contents and every file and folder name under ``shared_dir``, as one string."""
    parts = []
    for path in sorted(shared_dir.rglob("*")):
        parts.append(path.relative_to(shared_dir).as_posix())
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def leaks(shared_dir: Path, entries: list[Sensitive] | None = None) -> list[Sensitive]:
    """The sensitive strings found anywhere under ``shared_dir`` (contents or names)."""
    haystack = shared_haystack(shared_dir)
    return [e for e in (entries if entries is not None else sensitive()) if e.pattern().search(haystack)]
