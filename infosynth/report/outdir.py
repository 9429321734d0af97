"""The output folder: which folders a build may write to, and one build at a time in each.

* :func:`check_output_folder` refuses an output folder that is the notes folder, holds it, or holds notes of its
  own: a build there would overwrite the user's files and read its own reports back in as notes.
* :func:`claim_output` takes the folder for one build: it creates it, marks it with an ``.infosynth-output``
  file (discovery never enters a marked folder, so a report folder inside the notes folder is never read as
  notes), holds a lock file so that a second build waits (or stops) instead of mixing its files with the
  first's, and removes temporary files an interrupted build left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ..ingest.discover import NOTE_SUFFIXES, OUTPUT_MARKER

LOCK_NAME = ".infosynth.lock"
MARKER_TEXT = (
    "This folder holds the outputs of `infosynth build`. infosynth rewrites them on every build and never\n"
    "reads this folder as notes. Keep your own files elsewhere.\n"
)
# Temporary files of export.atomic_write / FileSet: ".report.html.k2j4_x9q.tmp" (mkstemp's random part).
_TEMPORARY = re.compile(r"^\.[\w.-]+\.[a-z0-9_]{8}\.tmp$")
_OWN_MARKDOWN = "report.md"


class OutputFolderError(Exception):
    """The output folder cannot be used (exit code 2 on the command line)."""


class OutputBusyError(OutputFolderError):
    """Another build holds the output folder and the caller chose not to wait."""


def check_output_folder(out_dir: Path, notes_dir: Path | None = None) -> None:
    """Raise :class:`OutputFolderError` when ``out_dir`` must not receive a build's outputs."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(f"--out {out_dir} is a file, not a folder; choose a folder for the report")
    out = out_dir.resolve()
    if notes_dir is not None:
        notes = Path(notes_dir).resolve()
        if out == notes:
            raise OutputFolderError(
                f"--out {out_dir} is the notes folder: the report would overwrite notes there and be read back "
                f"as notes; choose another folder, e.g. --out {_suggest(notes)}"
            )
        if out in notes.parents:
            raise OutputFolderError(
                f"--out {out_dir} holds the notes folder {notes_dir}; choose a folder of its own, "
                f"e.g. --out {_suggest(notes)}"
            )
    if out.is_dir() and not (out / OUTPUT_MARKER).is_file():
        foreign = _foreign_markdown(out)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise OutputFolderError(
                f"--out {out_dir} holds notes or other markdown ({shown}) that a build would overwrite or mix "
                f"with its report; choose an empty or new folder"
            )


def _suggest(notes: Path) -> str:
    return str(notes.parent / "reports") if notes.name != "reports" else str(notes.parent / "infosynth-reports")


def _foreign_markdown(out: Path) -> list[str]:
    """Markdown files where a build writes that infosynth did not write.

    A folder written by an earlier version has no marker yet: its report.md next to report.html and
    report.json is the report, not a note.
    """
    found = []
    for folder in (out, out / "shared"):
        try:
            names = sorted(e.name for e in os.scandir(folder) if e.name.lower().endswith(NOTE_SUFFIXES))
        except OSError:
            continue
        earlier_report = (folder / "report.html").is_file() and (folder / "report.json").is_file()
        found += [
            str((folder / name).relative_to(out)) for name in names
            if not (name == _OWN_MARKDOWN and earlier_report)
        ]
    return found


# ----------------------------------------------------------------------------------------------- claiming

_HELD: dict[Path, list] = {}  # resolved folder → [FileLock, depth]: a build that renders again nests
_HELD_GUARD = threading.Lock()
_THREAD_LOCKS: dict[Path, threading.RLock] = {}


@contextlib.contextmanager
def claim_output(
    out_dir: Path,
    notes_dir: Path | None = None,
    *,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[Path]:
    """Hold ``out_dir`` for one build: checked, created, marked, locked, cleared of stale temporary files.

    A second build (another process, or another thread here) waits until the first is done, calling
    ``on_wait`` with a message first; with ``wait=False`` it raises :class:`OutputBusyError` instead. Claims of
    the same folder by the same thread nest.
    """
    from filelock import FileLock, Timeout

    out_dir = Path(out_dir)
    check_output_folder(out_dir, notes_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(f"cannot create the output folder {out_dir} ({_reason(exc)})") from None
    key = out_dir.resolve()
    with _HELD_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(key, threading.RLock())
    if not thread_lock.acquire(blocking=False):
        if not wait:
            raise OutputBusyError(_busy(out_dir))
        if on_wait:
            on_wait(_busy(out_dir, waiting=True))
        thread_lock.acquire()
    try:
        held = _HELD.get(key)
        if held is None:
            lock = FileLock(str(key / LOCK_NAME))
            try:
                lock.acquire(timeout=0)
            except Timeout:
                if not wait:
                    raise OutputBusyError(_busy(out_dir)) from None
                if on_wait:
                    on_wait(_busy(out_dir, waiting=True))
                lock.acquire()
            except OSError as exc:
                raise OutputFolderError(f"cannot write to the output folder {out_dir} ({_reason(exc)})") from None
            held = _HELD[key] = [lock, 0]
            try:
                _mark(key)
                _remove_stale_temporaries(key)
            except BaseException:
                del _HELD[key]
                lock.release()
                raise
        held[1] += 1
        try:
            yield out_dir
        finally:
            held[1] -= 1
            if held[1] == 0:
                del _HELD[key]
                held[0].release()
    finally:
        thread_lock.release()


def _busy(out_dir: Path, waiting: bool = False) -> str:
    if waiting:
        return f"another infosynth build is writing to {out_dir}; waiting for it to finish"
    return f"another infosynth build is writing to {out_dir}; try again when it has finished"


def _mark(folder: Path) -> None:
    marker = folder / OUTPUT_MARKER
    if marker.is_file():
        return
    try:
        marker.write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise OutputFolderError(f"cannot write to the output folder {folder} ({_reason(exc)})") from None


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a build that was killed while writing (no build is writing now: we hold the lock)."""
    for directory in (folder, folder / "shared"):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
