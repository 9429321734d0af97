"""Finding the notes in a folder and reading them as text: the one place that walks a notes folder.

Hidden files, symlinks that leave the folder, output folders of a build and files that are not notes are passed
over; bytes are decoded as UTF-8 (with or without a BOM), UTF-16, or Windows-1252, and bounded in size."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..models import BuildWarning

NOTE_SUFFIXES = (".md", ".markdown")


MAX_NOTE_BYTES = 1_000_000  # larger notes are truncated: a build stays bounded whatever the folder holds


MAX_LINE_CHARS = 10_000  # longer lines are cut (a 200 kB single line is an export accident, not a note)


READ_ATTEMPTS = 3  # a file that changes while it is read is read again, this many times in all


OUTPUT_MARKER = ".infosynth-output"  # written into every output folder; discovery never enters such a folder


@dataclass
class ReadResult:
    """Decoded text of one file plus what had to be done to get it."""

    text: str | None
    notes: list[str] = field(default_factory=list)  # human-readable remarks, become warnings
    stamp: tuple[int, int, int] | None = None  # (inode, size, mtime in ns) of the version read: see file_stamp


def discover(
    notes_dir: Path, exclude: Iterable[Path] = (), warn: Callable[[BuildWarning], None] | None = None
) -> list[Path]:
    """All note files under ``notes_dir``, sorted, following symlinks that stay inside it.

    Hidden files and folders (``.obsidian``, ``.git``), infosynth's output folders (marked with an
    ``.infosynth-output`` file) and the ``exclude`` folders are skipped. A symlink is followed only when its
    target lies inside ``notes_dir``: ``notes/up -> ..`` must not pull the rest of the disk into a report.
    """
    warn = warn or (lambda w: None)
    excluded = {p.resolve() for p in exclude}
    root = notes_dir.resolve()
    seen_dirs: set[Path] = set()
    found: list[Path] = []

    def rel(path: Path) -> str:
        return relative_path(path, notes_dir)

    def walk(directory: Path) -> None:
        real = directory.resolve()
        if real in seen_dirs:
            warn(BuildWarning(rel(directory), "symlink loop; skipped"))
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            warn(BuildWarning(rel(directory), f"cannot list folder ({exc.strerror}); skipped"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:  # e.g. ELOOP on a self-referencing link
                warn(BuildWarning(rel(path), f"cannot follow ({exc.strerror}); skipped"))
                continue
            note_like = is_file and entry.name.lower().endswith(NOTE_SUFFIXES)
            if entry.is_symlink() and (is_dir or note_like) and not _inside(path.resolve(), root):
                warn(BuildWarning(rel(path), "symlink to outside the notes folder; skipped"))
                continue
            if is_dir:
                target = path.resolve()
                if target in excluded or (path / OUTPUT_MARKER).is_file():
                    continue
                if entry.is_symlink() and _inside(target, real):
                    warn(BuildWarning(rel(path), "symlink loop; skipped"))
                    continue
                walk(path)
            elif entry.name.lower().endswith(NOTE_SUFFIXES):
                if is_file:
                    found.append(path)
                elif entry.is_symlink():
                    warn(BuildWarning(rel(path), "broken symlink; skipped"))

    walk(notes_dir)
    return found


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def relative_path(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, max_bytes: int = MAX_NOTE_BYTES, max_line: int = MAX_LINE_CHARS) -> ReadResult:
    """Decode a note the way a forgiving editor would, saying what it had to do.

    Returns ``text=None`` (with a reason) for files that are not text at all. A file that changes while it is
    read (an editor or a sync client saving it) is read again, and the result says so.
    """
    remarks: list[str] = []
    changed = 0
    for attempt in range(READ_ATTEMPTS):
        try:
            with open(path, "rb") as fh:
                before = _stamp(os.fstat(fh.fileno()))
                raw = fh.read(max_bytes + 1)
                after = _stamp(os.fstat(fh.fileno()))
            now = file_stamp(path)  # a save by renaming a new file into place leaves the open one unchanged
        except OSError as exc:
            return ReadResult(None, [f"cannot read ({exc.strerror or exc}); skipped"])
        if before == after == now:
            break
        changed += 1
        time.sleep(0.05 * (attempt + 1))  # let the writer finish
    if changed:
        remarks.append("changed while being read; read again" if changed < READ_ATTEMPTS
                       else "kept changing while being read; the last version read is used")
    if len(raw) > max_bytes:
        raw = raw[:max_bytes]
        remarks.append(f"larger than {max_bytes // 1_000_000} MB; only the first {max_bytes // 1_000_000} MB read")
    text = _decode(raw, remarks)
    if text is None:
        return ReadResult(None, remarks, after)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_line and any(len(line) > max_line for line in text.split("\n")):
        text = "\n".join(line[:max_line] for line in text.split("\n"))
        remarks.append(f"lines longer than {max_line:,} characters cut")
    return ReadResult(text, remarks, after)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time in ns) of ``path``, None when it is gone: changes whenever it is saved."""
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns


def _decode(raw: bytes, remarks: list[str]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = raw[: len(raw) - len(raw) % 2].decode("utf-16", errors="replace")
        remarks.append("decoded as UTF-16")
        return text
    if b"\x00" in raw:
        kept = _text_with_null_bytes(raw)
        if kept is None:
            remarks.append("binary file, not text; skipped")
            return None
        nulls = raw.count(0)
        remarks.append(f"{nulls:,} null byte{'s' * (nulls != 1)} removed (a damaged save?); the rest was read")
        return kept
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3:  # a multi-byte character cut by the size limit
            return raw[: exc.start].decode("utf-8")
    remarks.append("not UTF-8; decoded as Latin-1 (save it as UTF-8 to silence this)")
    return raw.decode("cp1252", errors="replace") if _looks_cp1252(raw) else raw.decode("latin-1")


def _text_with_null_bytes(raw: bytes) -> str | None:
    """The UTF-8 text of a note holding a few null bytes, or a run of them at its end, with them removed; None for
    anything else (an image, a word-processor file).

    A save cut short by a crash or a sync client can leave a note's end zero-filled, and a stray null byte can come
    in with pasted text: the note itself is still there, and is read rather than skipped.
    """
    body = raw.rstrip(b"\x00")
    if body.count(b"\x00") > max(4, len(body) // 100):
        return None
    try:
        text = body.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return text if text.strip() and controls <= len(text) // 100 else None


def _looks_cp1252(raw: bytes) -> bool:
    # Windows "smart quotes" live in 0x80-0x9F, which Latin-1 maps to control characters.
    return any(0x80 <= b <= 0x9F for b in raw)
