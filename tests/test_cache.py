"""Incremental builds: a rebuild reuses unchanged notes and gives exactly the result of a cold build."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import infosynth
from infosynth.config import Config

ROOT = Path(__file__).resolve().parents[1]


def test_cached_rebuild_equals_a_cold_build_and_redoes_only_the_edited_note(notes, tmp_path):
    cfg = Config(cache_dir=tmp_path / "cache")
    cold = infosynth.build(notes, cfg, cache=False)
    first = infosynth.build(notes, cfg)
    warm = infosynth.build(notes, cfg)
    assert first.cached_notes == 0 and warm.cached_notes == len(warm.note_records)
    for name in ("snippets", "themes", "notes"):
        pd.testing.assert_frame_equal(getattr(cold, name), getattr(warm, name))
    edited = sorted(notes.glob("*.md"))[3]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n- Added later: ask about the on-call rota\n", encoding="utf-8")
    after = infosynth.build(notes, cfg)
    assert after.cached_notes == len(after.note_records) - 1
    assert "Added later: ask about the on-call rota" in set(after.snippets["text"])


def test_a_build_with_every_note_cached_never_loads_spacy_and_writes_the_same_report(notes, tmp_path):
    # Running the build again (to refresh the report, or at another granularity) reads every note from the
    # cache: importing spaCy alone would take about as long as the rest of that build.
    import subprocess
    import sys

    code = """
import os, sys
from infosynth.cli import main
forks, fork = [], os.fork
os.fork = lambda: forks.append(1) or fork()  # changed notes may be read by a forked child, with spaCy
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
print(sorted(m for m in ("spacy", "sklearn") if m in sys.modules) + ["forked"] * bool(forks))
"""
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for out in ("first", "again"):
        args = ["build", str(notes), "--out", str(tmp_path / out), "-q"]
        runs.append(subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                                   cwd=tmp_path))
        assert runs[-1].returncode == 0, runs[-1].stderr[-2000:]
    # the first build reads the notes with spaCy, here or in a forked child
    assert runs[0].stdout.strip().endswith(("['spacy']", "['forked']"))
    assert runs[1].stdout.strip().endswith("[]")
    for name in ("snippets.csv", "themes.csv", "plan.csv", "report.json"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_a_rebuild_of_a_large_folder_reuses_the_theme_clustering_and_equals_a_cold_build(notes, tmp_path, monkeypatch):
    import sqlite3

    from infosynth.analysis.themes import finder

    monkeypatch.setattr(finder, "EXACT_CLUSTERING_LIMIT", 40)  # eight notes take the large-folder path
    cfg = Config(cache_dir=tmp_path / "cache")
    infosynth.build(notes, cfg)
    with sqlite3.connect(tmp_path / "cache" / "themes.sqlite") as db:
        kept = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    assert kept >= 2
    edited = sorted(notes.glob("*.md"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n- Night shifts are shared out fairly on her unit.\n",
                      encoding="utf-8")
    warm = infosynth.build(notes, cfg)
    cold = infosynth.build(notes, cfg, cache=False)
    assert not cold.snippets["theme"].eq("").all()
    for name in ("snippets", "themes"):
        pd.testing.assert_frame_equal(getattr(cold, name), getattr(warm, name))
    with sqlite3.connect(tmp_path / "cache" / "themes.sqlite") as db:
        assert kept < db.execute("SELECT COUNT(*) FROM results").fetchone()[0] < 2 * kept


def test_a_damaged_theme_memory_is_replaced_without_a_word(notes, tmp_path):
    import sqlite3

    cfg = Config(cache_dir=tmp_path / "cache")
    cold = infosynth.build(notes, cfg, cache=False)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "themes.sqlite").write_bytes(b"half-synced file " * 200)
    syn = infosynth.build(notes, cfg)
    assert syn.warnings == cold.warnings
    pd.testing.assert_frame_equal(cold.themes, syn.themes)
    pd.testing.assert_frame_equal(cold.themes, infosynth.build(notes, cfg).themes)
    with sqlite3.connect(tmp_path / "cache" / "themes.sqlite") as db:  # a sound file again, in use
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] > 0


def test_cache_never_lives_in_the_notes_folder(notes, tmp_path, monkeypatch):
    monkeypatch.setenv("INFOSYNTH_CACHE_DIR", str(tmp_path / "xdg"))
    before = sorted(p.name for p in notes.rglob("*"))
    infosynth.build(notes)
    assert sorted(p.name for p in notes.rglob("*")) == before
    assert (tmp_path / "xdg" / "notes.sqlite").is_file()


def test_changed_settings_invalidate_cached_tags(notes, tmp_path):
    plain = infosynth.build(notes, Config(cache_dir=tmp_path / "cache"))
    custom = infosynth.build(notes, Config(cache_dir=tmp_path / "cache", extra_cues={"networking": ["coffee"]}))
    assert custom.cached_notes == 0  # user cues change tagging, so nothing stale is reused
    assert plain.cached_notes == 0


def test_unusable_cache_location_is_a_warning_not_a_failure(notes, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    syn = infosynth.build(notes, Config(cache_dir=blocker))
    assert len(syn.note_records) == 8
    assert any("cache unavailable" in w.message for w in syn.warnings)


def test_notes_analysed_in_worker_processes_give_the_same_build(notes, tmp_path, monkeypatch):
    from infosynth import pipeline

    cfg = Config(cache_dir=tmp_path / "cache")
    here = infosynth.build(notes, cfg, cache=False)
    monkeypatch.setattr(pipeline, "NOTES_PER_WORKER", 2)  # 8 notes: enough for two workers here
    parallel = infosynth.build(notes, cfg, workers=2)
    assert parallel.cached_notes == 0
    for name in ("snippets", "themes", "notes", "skills", "plan"):
        pd.testing.assert_frame_equal(getattr(here, name), getattr(parallel, name))
    assert (here.embeddings == parallel.embeddings).all()
    # What the workers computed was cached like anything else.
    assert infosynth.build(notes, cfg, workers=2).cached_notes == len(here.note_records)


def test_a_failing_worker_stops_the_build_with_the_error(notes, tmp_path, monkeypatch):
    from infosynth import pipeline

    monkeypatch.setattr(pipeline, "NOTES_PER_WORKER", 2)
    cfg = Config(cache_dir=tmp_path / "cache", spacy_model="no_such_pipeline_installed")
    with pytest.raises(Exception, match="no_such_pipeline_installed"):
        infosynth.build(notes, cfg, workers=2)


# ------------------------------------------------------------------------------------- a damaged cache


def _rows(db_path: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT rowid, path, payload, embeddings, used_at FROM note_results ORDER BY path").fetchall()


def _damage(db_path: Path, change) -> None:
    """Apply ``change(payload_dict_or_text, blob) -> (payload, blob)`` to every row, as a crash or a bad disk might."""
    import json
    import sqlite3

    with sqlite3.connect(db_path) as db:
        for rowid, _, payload, blob, _ in _rows(db_path):
            try:
                decoded = json.loads(payload)
            except ValueError:
                decoded = payload
            new_payload, new_blob = change(decoded, blob)
            if not isinstance(new_payload, str):
                new_payload = json.dumps(new_payload)
            db.execute("UPDATE note_results SET payload=?, embeddings=? WHERE rowid=?", (new_payload, new_blob, rowid))


def _with(key, value):
    def change(payload, blob):
        payload[key] = value
        return payload, blob
    return change


def _without(key):
    def change(payload, blob):
        payload.pop(key)
        return payload, blob
    return change


def _snippet_rows(edit):
    def change(payload, blob):
        payload["snippets"] = [edit(list(row)) for row in payload["snippets"]]
        return payload, blob
    return change


def _set(index, value):
    def edit(row):
        row[index] = value
        return row
    return edit


DAMAGE = {
    "payload truncated": lambda p, b: (__import__("json").dumps(p)[:100], b),
    "embeddings truncated": lambda p, b: (p, b[:100]),
    "embeddings missing": lambda p, b: (p, None),
    "embeddings one value short": lambda p, b: (p, b[:-4]),
    "payload not json": lambda p, b: ("\x00\xff not json at all", b),
    "payload a list": lambda p, b: ([1, 2, 3], b),
    "payload empty object": lambda p, b: ({}, b),
    "no shape": _without("shape"),
    "shape of another note": _with("shape", [1, 3]),
    "embedding width changed": lambda p, b: ({**p, "shape": [p["shape"][0], 300]}, b),
    "no snippets": _without("snippets"),
    "snippets not a list": _with("snippets", "a string"),
    "snippet fields of an older version": _with("snippet_fields", ["note", "line", "text"]),
    "snippet row too short": _snippet_rows(lambda row: row[:3]),
    "line not a number": _snippet_rows(_set(1, "seven")),
    "snippet of another note": _snippet_rows(_set(0, "someone-else.md")),
    "note record missing a key": lambda p, b: ({**p, "note": {k: v for k, v in p["note"].items() if k != "path"}}, b),
    "note record with an unknown key": lambda p, b: ({**p, "note": {**p["note"], "colour": "blue"}}, b),
    "date not a date": lambda p, b: ({**p, "note": {**p["note"], "date": "last Tuesday"}}, b),
    "mention missing its keys": _with("mentions", [{"skill": "SQL"}]),
    "warnings not a list": _with("warnings", 7),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ref") / "notes"
    folder.mkdir()
    for path in sorted((ROOT / "sample_notes").rglob("*.md"))[:5]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder, infosynth.build(folder, cache=False)


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_every_kind_of_damaged_row_is_a_miss_repaired_with_one_warning(kind, reference, tmp_path):
    folder, cold = reference
    cfg = Config(cache_dir=tmp_path / "cache")
    infosynth.build(folder, cfg)
    _damage(tmp_path / "cache" / "notes.sqlite", DAMAGE[kind])
    damaged = infosynth.build(folder, cfg)
    cache_warnings = [w for w in damaged.warnings if w.path.endswith("notes.sqlite")]
    assert len(cache_warnings) == 1 and "analysed again" in cache_warnings[0].message
    assert len(damaged.warnings) == 1
    for name in ("snippets", "themes", "notes", "skills"):
        pd.testing.assert_frame_equal(getattr(cold, name), getattr(damaged, name))
    repaired = infosynth.build(folder, cfg)  # the rebuild rewrote the rows
    assert repaired.cached_notes == len(repaired.note_records) and repaired.warnings == []


def test_truncating_every_cache_payload_still_builds_from_the_command_line(reference, tmp_path):
    import sqlite3
    import subprocess
    import sys

    folder, _ = reference
    env = {**__import__("os").environ, "INFOSYNTH_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "infosynth", "build", str(folder), "--out", str(tmp_path / "out")]
    assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
    with sqlite3.connect(tmp_path / "cache" / "notes.sqlite") as db:
        db.execute("UPDATE note_results SET payload = substr(payload, 1, 100), embeddings = substr(embeddings, 1, 100)")
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr.count("warning:") == 1 and "notes.sqlite" in result.stderr


def test_a_cache_file_that_is_not_a_database_is_replaced(reference, tmp_path):
    folder, cold = reference
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "notes.sqlite").write_bytes(b"this was overwritten by a sync conflict " * 100)
    syn = infosynth.build(folder, Config(cache_dir=cache))
    assert [w.message for w in syn.warnings if w.path.endswith("notes.sqlite")][0].startswith("cache file was damaged")
    pd.testing.assert_frame_equal(cold.snippets, syn.snippets)
    assert infosynth.build(folder, Config(cache_dir=cache)).cached_notes == len(syn.note_records)


def test_a_cache_of_an_older_layout_is_dropped_quietly(reference, tmp_path):
    import sqlite3

    folder, _ = reference
    cache = tmp_path / "cache"
    cache.mkdir()
    with sqlite3.connect(cache / "notes.sqlite") as db:  # the first layout: no size column, no layout number
        db.execute("CREATE TABLE note_results (path TEXT NOT NULL, content_hash TEXT NOT NULL, version TEXT NOT NULL, "
                   "payload TEXT NOT NULL, embeddings BLOB, used_at REAL NOT NULL, "
                   "PRIMARY KEY (path, content_hash, version))")
        db.execute("INSERT INTO note_results VALUES ('a.md', 'h', 'v', '{}', NULL, 0)")
    syn = infosynth.build(folder, Config(cache_dir=cache))
    assert syn.warnings == [] and syn.cached_notes == 0
    assert infosynth.build(folder, Config(cache_dir=cache)).cached_notes == len(syn.note_records)


def test_a_cache_that_cannot_be_written_is_one_warning(reference, tmp_path):
    import os
    import sqlite3

    folder, cold = reference
    cache = tmp_path / "cache"
    infosynth.build(folder, Config(cache_dir=cache))
    (folder / "new.md").write_text("- A new note: night shifts are shared fairly on this unit\n", encoding="utf-8")
    try:
        with sqlite3.connect(cache / "notes.sqlite") as db:  # a trigger makes every write fail, as a full disk would
            db.execute("CREATE TRIGGER no_room BEFORE INSERT ON note_results BEGIN "
                       "SELECT RAISE(FAIL, 'database or disk is full'); END")
        syn = infosynth.build(folder, Config(cache_dir=cache))
        mine = [w for w in syn.warnings if w.path.endswith("notes.sqlite")]
        assert len(mine) == 1 and "cannot write to the cache" in mine[0].message
        assert "A new note: night shifts are shared fairly on this unit" in set(syn.snippets["text"])
    finally:
        os.unlink(folder / "new.md")


# ------------------------------------------------------------------------------------------ upkeep


def test_reads_mark_rows_as_used_and_pruning_drops_the_least_recently_used(tmp_path):
    from infosynth.cache import NoteCache

    notes = {}
    for name in ("old", "new"):
        folder = tmp_path / name
        folder.mkdir()
        for path in sorted((ROOT / "sample_notes").rglob("*.md"))[: 3 if name == "old" else 6][-3:]:
            (folder / path.name).write_bytes(path.read_bytes())
        notes[name] = folder
    cfg = Config(cache_dir=tmp_path / "cache")
    db = tmp_path / "cache" / "notes.sqlite"
    import sqlite3

    from infosynth.cache import USE_RESOLUTION

    infosynth.build(notes["old"], cfg)
    infosynth.build(notes["new"], cfg)
    with sqlite3.connect(db) as con:  # those builds were yesterday (a use is recorded at most once an hour)
        con.execute("UPDATE note_results SET used_at = used_at - ?", (USE_RESOLUTION + 86400,))
    written = {path: used for _, path, _, _, used in _rows(db)}
    infosynth.build(notes["old"], cfg)  # read back: its rows become the most recently used
    read = {path: used for _, path, _, _, used in _rows(db)}
    old_paths = {p.name for p in notes["old"].glob("*.md")}
    assert all(read[p] > written[p] for p in old_paths)
    assert all(read[p] == written[p] for p in read if p not in old_paths)

    cache = NoteCache(db)
    sizes = {path: len(payload) + len(blob or b"") for _, path, payload, blob, _ in _rows(db)}
    keep = sum(size for path, size in sizes.items() if path in old_paths)
    assert cache.prune(max_bytes=keep) == len(sizes) - len(old_paths)
    cache.close()
    assert {path for _, path, _, _, _ in _rows(db)} == old_paths  # the least recently used went first
    assert infosynth.build(notes["old"], cfg).cached_notes == 3


def test_every_build_keeps_the_cache_under_its_cap(reference, tmp_path, monkeypatch):
    folder, _ = reference
    monkeypatch.setenv("INFOSYNTH_CACHE_MAX_MB", "0.000001")  # one byte: nothing can stay
    syn = infosynth.build(folder, Config(cache_dir=tmp_path / "cache"))
    assert syn.warnings == [] and _rows(tmp_path / "cache" / "notes.sqlite") == []
