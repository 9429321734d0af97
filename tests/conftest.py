"""Shared test fixtures.

The evaluation sets (``dev``, ``dev-b``: notes plus hand-labelled ``gold.csv``) live outside the repository, in
``../shared/eval`` next to the checkout, or wherever ``INFOSYNTH_EVAL_DIR`` points. Tests read them in place and
are skipped, saying why, where they are absent; nothing from them is copied into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Labelled sets kept in the repository (``notes/`` and ``gold.csv`` each): the project's own terse notes, and nine
# notes each written with their labels by people who had not seen the code (each folder's README says how).
QA_NOTES = REPO / "tests" / "data" / "qa-notes"
SETS_BY_OTHERS = {name: REPO / "tests" / "data" / f"{name}-notes"
                  for name in ("conservation", "public-service", "care-trades", "first-jobs", "health-careers",
                               "office-jobs", "second-careers", "nursing-exits",
                               "teachers-leaving", "veterans",
                               "creative-careers", "law-courts", "hospitality", "lab-science", "media-people",
                               "finance", "social-work")}


def eval_root() -> Path:
    """Where the evaluation sets are: ``$INFOSYNTH_EVAL_DIR``, else ``<repository>/../shared/eval``."""
    configured = os.environ.get("INFOSYNTH_EVAL_DIR")
    return Path(configured).expanduser() if configured else REPO.parent / "shared" / "eval"


def eval_set(name: str) -> Path | None:
    """One evaluation set (its folder holds ``gold.csv`` and ``notes/``), or None where it is not available."""
    folder = eval_root() / name
    return folder if (folder / "gold.csv").is_file() and (folder / "notes").is_dir() else None


@pytest.fixture
def dev_set() -> Path:
    """The ``dev`` evaluation set; the test is skipped where it is not available."""
    folder = eval_set("dev")
    if folder is None:
        pytest.skip(f"evaluation set 'dev' not found under {eval_root()} (set INFOSYNTH_EVAL_DIR)")
    return folder


@pytest.fixture()
def notes(tmp_path) -> Path:
    """A notes folder holding copies of the first eight notes of ``sample_notes/``."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for path in sorted((REPO / "sample_notes").rglob("*.md"))[:8]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder
