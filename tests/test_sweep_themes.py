"""benchmarks/sweep_themes.py: a setting is tried without leaking into the finder used afterwards."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

import infosynth
from infosynth.analysis.themes import finder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import sweep_themes  # noqa: E402

THEME_NOTES = Path(__file__).parent / "data" / "theme-notes"


@pytest.fixture(scope="module")
def built():
    syn = infosynth.build(THEME_NOTES, cache=False)
    return syn.snippet_records, syn.note_records, syn.embeddings


def test_no_setting_finds_what_the_shipped_finder_finds(built):
    snippets, notes, vectors = built
    assert sweep_themes.find_themes_with({}, snippets, notes, vectors) == \
        finder.ThemeFinder().fit(snippets, notes, vectors).assignments_


def test_a_constant_is_set_for_its_run_only(built):
    snippets, notes, vectors = built
    shipped = finder.IDEA_MARGIN
    loose = sweep_themes.find_themes_with({"IDEA_MARGIN": 1.0, "distance": 0.7}, snippets, notes, vectors)
    assert finder.IDEA_MARGIN == shipped
    assert loose != finder.ThemeFinder().fit(snippets, notes, vectors).assignments_
    with pytest.raises(SystemExit, match="no constant NOT_A_SETTING"):
        sweep_themes.find_themes_with({"NOT_A_SETTING": 1.0}, snippets, notes, vectors)
    # A constant that is only a parameter's default would change nothing: the parameter is named instead.
    with pytest.raises(SystemExit, match="set min_coherence instead"):
        sweep_themes.find_themes_with({"MIN_COHERENCE": 0.1}, snippets, notes, vectors)


def test_settings_are_read_as_names_and_numbers():
    assert sweep_themes.parse_setting("distance=0.65,0.7") == ("distance", [0.65, 0.7])
    with pytest.raises(argparse.ArgumentTypeError, match="NAME=VALUE"):
        sweep_themes.parse_setting("distance")
    with pytest.raises(argparse.ArgumentTypeError, match="must be numbers"):
        sweep_themes.parse_setting("distance=near")
