"""Per-note cache (SQLite, standard library) so a rebuild redoes only the notes that changed.

A row holds everything the per-note stages produced for one file — parsed note, tagged snippets, embeddings,
skill mentions and the warnings it raised — keyed by the note's path, the SHA-256 of its bytes and a pipeline
version that changes whenever code, models or the settings that affect those stages change (see versions.py).
The cache lives outside the notes folder (``$XDG_CACHE_HOME/infosynth`` by default): infosynth never writes there.

The cache only ever saves time. A damaged file, an old layout, a row that does not decode: each is a miss (the
note is analysed again and its row rewritten), never an error. Rows are pruned, least recently used first, once
the cache grows past a size cap.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

LAYOUT = 2  # PRAGMA user_version of a cache file this code reads; any other layout is dropped and rebuilt
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS note_results (
        path TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        size INTEGER NOT NULL,
        used_at REAL NOT NULL,
        payload TEXT NOT NULL,
        embeddings BLOB,
        PRIMARY KEY (path, content_hash, version)
    )""",
    # Digests of the shipped model and data files, so an unchanged 15 MB model is not hashed on every build.
    """CREATE TABLE IF NOT EXISTS file_digests (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        digest TEXT NOT NULL
    )""",
)
COLUMNS = ("path", "content_hash", "version", "size", "used_at", "payload", "embeddings")
DEFAULT_MAX_MB = 512  # about 10,000 notes of results; INFOSYNTH_CACHE_MAX_MB changes it
# A row's last use is recorded at most once an hour: rewriting a thousand rows' pages on every rebuild costs more
# than the rebuild's reading, and pruning needs no finer order than that.
USE_RESOLUTION = 3600.0


def default_cache_dir() -> Path:
    """``$INFOSYNTH_CACHE_DIR``, else ``$XDG_CACHE_HOME/infosynth``, else ``~/.cache/infosynth``."""
    explicit = os.environ.get("INFOSYNTH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "infosynth"


def default_max_bytes() -> int:
    try:
        return int(float(os.environ.get("INFOSYNTH_CACHE_MAX_MB", DEFAULT_MAX_MB)) * 1_000_000)
    except ValueError:
        return DEFAULT_MAX_MB * 1_000_000


class NoteCache:
    """Key-value store of per-note results; safe for two builds at once (SQLite WAL + busy timeout).

    ``problems`` lists what went wrong with the cache (each already handled); ``damaged`` counts rows that could
    not be read back and were treated as misses (the caller reports them once).

    >>> import tempfile
    >>> cache = NoteCache(Path(tempfile.mkdtemp()) / "c.sqlite")
    >>> cache.put("a.md", "h1", "v1", {"snippets": []}, None)
    >>> cache.get("a.md", "h1", "v1")
    ({'snippets': []}, None)
    """

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.problems: list[str] = []
        self.damaged = 0
        self._pending: list[tuple] = []
        self._used: list[tuple] = []
        self._broken = False  # after a failed write: stop trying for the rest of the build
        self._corrupt = False  # SQLite found the file damaged: replaced by a new one when closed
        try:
            self._db = self._open()
        except sqlite3.OperationalError:  # locked, unreadable: not ours to delete
            raise
        except sqlite3.DatabaseError as exc:  # not a database, or damaged beyond reading: start afresh
            self._discard_file()
            self.problems.append(f"cache file was damaged ({exc}); started a new one")
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            layout = db.execute("PRAGMA user_version").fetchone()[0]
            columns = tuple(r[1] for r in db.execute("PRAGMA table_info(note_results)"))
            if layout != LAYOUT or columns not in ((), COLUMNS):
                with db:  # an older (or unknown) layout: its rows are of no use to this version anyway
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("DROP TABLE IF EXISTS note_results")
                    db.execute("DROP TABLE IF EXISTS file_digests")
                    db.execute(f"PRAGMA user_version={LAYOUT}")
            for statement in SCHEMA:
                db.execute(statement)
        except BaseException:
            db.close()
            raise
        return db

    def _discard_file(self) -> None:
        _remove_database(self.path)

    # ------------------------------------------------------------------------------------------- rows

    def get(self, path: str, content_hash: str, version: str) -> tuple[dict[str, Any], bytes | None] | None:
        """The cached row, or None: a row that is missing, unreadable or not the expected shape is a miss."""
        self.flush()  # rows put in this session are visible too
        try:
            row = self._db.execute(
                "SELECT payload, embeddings, used_at FROM note_results WHERE path=? AND content_hash=? AND version=?",
                (path, content_hash, version),
            ).fetchone()
        except sqlite3.Error as exc:
            self._note_error(exc)
            self.damaged += 1
            return None
        if row is None:
            return None
        try:
            payload = json.loads(row[0])
        except (ValueError, TypeError, RecursionError):
            payload = None
        if not isinstance(payload, dict) or not isinstance(row[1], (bytes, type(None))):
            self.damaged += 1
            return None
        now = time.time()
        if not isinstance(row[2], (int, float)) or row[2] < now - USE_RESOLUTION:
            self._used.append((now, path, content_hash, version))
        return payload, row[1]

    def stored(self, version: str) -> set[tuple[str, str]] | None:
        """(path, content hash) of every row kept for ``version``; None when the file cannot say (ask :meth:`get`)."""
        self.flush()
        try:
            return set(self._db.execute("SELECT path, content_hash FROM note_results WHERE version=?", (version,)))
        except sqlite3.Error as exc:
            self._note_error(exc)
            return None

    def put(self, path: str, content_hash: str, version: str, payload: dict[str, Any], embeddings: bytes | None) -> None:
        text = json.dumps(payload, default=str)
        size = len(text) + len(embeddings or b"")
        self._pending.append((path, content_hash, version, size, time.time(), text, embeddings))
        if len(self._pending) >= 200:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._write(f"INSERT OR REPLACE INTO note_results ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        self._pending)
            self._pending = []

    def _write(self, sql: str, rows: list[tuple]) -> None:
        if self._broken:
            return
        try:
            with self._db:  # one transaction per batch: fast, and atomic if the build is interrupted
                self._db.execute("BEGIN")
                self._db.executemany(sql, rows)
        except sqlite3.Error as exc:  # a full disk, a read-only or damaged file: the build goes on without it
            self._note_error(exc)
            self._broken = True
            self.problems.append(f"cannot write to the cache ({exc}); this build's results were not kept")

    def _note_error(self, exc: sqlite3.Error) -> None:
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            self._corrupt = True

    # -------------------------------------------------------------------------------- file digests

    def file_digest(self, path: Path) -> str:
        """SHA-256 of a shipped file, remembered while its size and modification time stay the same."""
        from .versions import digest_file

        st = path.stat()
        key = str(path)
        try:
            row = self._db.execute("SELECT size, mtime_ns, digest FROM file_digests WHERE path=?", (key,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == st.st_size and row[1] == st.st_mtime_ns and isinstance(row[2], str):
            return row[2]
        digest = digest_file(path)
        self._write("INSERT OR REPLACE INTO file_digests VALUES (?, ?, ?, ?)", [(key, st.st_size, st.st_mtime_ns, digest)])
        return digest

    # ------------------------------------------------------------------------------------- upkeep

    def prune(self, max_bytes: int | None = None) -> int:
        """Delete the least recently used rows until the results take at most ``max_bytes``; how many went."""
        max_bytes = default_max_bytes() if max_bytes is None else max_bytes
        self.flush()
        self._record_use()
        try:
            total = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM note_results").fetchone()[0]
            if total <= max_bytes:
                return 0
            doomed = []
            for rowid, size in self._db.execute("SELECT rowid, size FROM note_results ORDER BY used_at"):
                if total <= max_bytes:
                    break
                doomed.append((rowid,))
                total -= size
        except sqlite3.Error:
            return 0
        self._write("DELETE FROM note_results WHERE rowid=?", doomed)
        return len(doomed)

    def _record_use(self) -> None:
        """Mark the rows read in this build as recently used (what pruning goes by)."""
        if self._used:
            self._write("UPDATE note_results SET used_at=? WHERE path=? AND content_hash=? AND version=?", self._used)
            self._used = []

    def close(self) -> None:
        self.flush()
        self._record_use()
        self._db.close()
        if self._corrupt:  # the next build starts from a sound, empty cache
            self._discard_file()
            self.problems.append("the cache file was damaged; it has been removed and will be rebuilt")


class ResultMemory:
    """Results of corpus-wide steps (the themes' clustering and cards), kept between builds in ``themes.sqlite``.

    A mapping for :class:`~infosynth.analysis.themes.finder.ThemeFinder`'s ``memory``: each value is JSON, kept
    under a digest of everything it was computed from, so it can only save time. Any failure — a locked, damaged
    or read-only file — is a miss, never an error; a damaged file is replaced. The least recently used values go
    once they take more than a tenth of the note cache's size cap.

    >>> import tempfile
    >>> memory = ResultMemory.open(Path(tempfile.mkdtemp()) / "themes.sqlite")
    >>> memory["k"] = [1, 2]
    >>> memory.get("k"), memory.get("other")
    ([1, 2], None)
    >>> memory.close()
    """

    def __init__(self, db: sqlite3.Connection, path: Path):
        self._db = db
        self.path = path
        self._pending: dict[str, str] = {}
        self._used: list[tuple[float, str]] = []
        self._corrupt = False  # SQLite found the file damaged: removed when closed

    @classmethod
    def open(cls, path: Path) -> "ResultMemory | None":
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=30, isolation_level=None)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, size INTEGER NOT NULL, "
                               "used_at REAL NOT NULL, value TEXT NOT NULL)")
                except BaseException:
                    db.close()
                    raise
                return cls(db, path)
            except sqlite3.DatabaseError as exc:
                if attempt or isinstance(exc, sqlite3.OperationalError):
                    return None
                _remove_database(path)  # not a database: start afresh
            except OSError:
                return None
        return None

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._pending:
            return json.loads(self._pending[key])
        try:
            row = self._db.execute("SELECT value, used_at FROM results WHERE key=?", (key,)).fetchone()
            value = json.loads(row[0]) if row is not None else default
        except (sqlite3.Error, ValueError, TypeError, RecursionError) as exc:
            self._corrupt |= isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
            return default
        now = time.time()
        if row is not None and (not isinstance(row[1], (int, float)) or row[1] < now - USE_RESOLUTION):
            self._used.append((now, key))
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self._pending[key] = json.dumps(value)

    def close(self, max_bytes: int | None = None) -> None:
        """Write what this build computed, record what it used, prune, and let go of the file."""
        max_bytes = default_max_bytes() // 10 if max_bytes is None else max_bytes
        now = time.time()
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                                     [(k, len(v), now, v) for k, v in self._pending.items()])
                self._db.executemany("UPDATE results SET used_at=? WHERE key=?", self._used)
                total = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()[0]
                if total > max_bytes:
                    doomed = []
                    for key, size in self._db.execute("SELECT key, size FROM results ORDER BY used_at").fetchall():
                        if total <= max_bytes:
                            break
                        doomed.append((key,))
                        total -= size
                    self._db.executemany("DELETE FROM results WHERE key=?", doomed)
        except sqlite3.Error as exc:  # kept nothing this time; the next build computes it again
            self._corrupt |= isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
        finally:
            self._pending = {}
            self._used = []
            self._db.close()
            if self._corrupt:
                _remove_database(self.path)


def _remove_database(path: Path) -> None:
    """Delete an SQLite file and its write-ahead log, whatever of them exists."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")
