"""Incremental builds: a rebuild reuses unchanged notes and gives exactly the result of a cold build."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import infosynth
from infosynth.config import Config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for path in sorted((ROOT / "sample_notes").rglob("*.md"))[:8]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


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
