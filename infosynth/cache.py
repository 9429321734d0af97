"""Per-note cache (SQLite, standard library) so a rebuild redoes only the notes that changed.

A row holds everything the per-note stages produced for one file — parsed note, tagged snippets, embeddings,
skill mentions and the warnings it raised — keyed by the note's path, the SHA-256 of its bytes and a pipeline
version that changes whenever code, models or the settings that affect those stages change. The cache lives
outside the notes folder (``$XDG_CACHE_HOME/infosynth`` by default): infosynth never writes there.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS note_results (
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    payload TEXT NOT NULL,
    embeddings BLOB,
    used_at REAL NOT NULL,
    PRIMARY KEY (path, content_hash, version)
)
"""


def default_cache_dir() -> Path:
    """``$INFOSYNTH_CACHE_DIR``, else ``$XDG_CACHE_HOME/infosynth``, else ``~/.cache/infosynth``."""
    explicit = os.environ.get("INFOSYNTH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "infosynth"


class NoteCache:
    """Key-value store of per-note results; safe for two builds at once (SQLite WAL + busy timeout).

    >>> import tempfile
    >>> cache = NoteCache(Path(tempfile.mkdtemp()) / "c.sqlite")
    >>> cache.put("a.md", "h1", "v1", {"snippets": []}, None)
    >>> cache.get("a.md", "h1", "v1")
    ({'snippets': []}, None)
    """

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)
        self._pending: list[tuple] = []

    def get(self, path: str, content_hash: str, version: str) -> tuple[dict[str, Any], bytes | None] | None:
        self.flush()  # rows put in this session are visible too
        row = self._db.execute(
            "SELECT payload, embeddings FROM note_results WHERE path=? AND content_hash=? AND version=?",
            (path, content_hash, version),
        ).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0]), row[1]
        except ValueError:  # a damaged row is a miss, never an error
            return None

    def put(self, path: str, content_hash: str, version: str, payload: dict[str, Any], embeddings: bytes | None) -> None:
        self._pending.append((path, content_hash, version, json.dumps(payload, default=str), embeddings, time.time()))
        if len(self._pending) >= 200:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with self._db:  # one transaction per batch: fast, and atomic if the build is interrupted
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO note_results VALUES (?, ?, ?, ?, ?, ?)", self._pending)
        self._pending.clear()

    def prune(self, keep_days: float = 30) -> None:
        """Forget rows of other versions/contents not used for ``keep_days``."""
        self._db.execute("DELETE FROM note_results WHERE used_at < ?", (time.time() - keep_days * 86400,))

    def close(self) -> None:
        self.flush()
        self._db.close()
