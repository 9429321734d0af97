"""The pandas-first API: what a notebook sees is exactly what the CSV exports hold."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import infosynth

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def syn():
    return infosynth.build(ROOT / "sample_notes", cache=False)


@pytest.fixture(scope="module")
def out(syn, tmp_path_factory):
    out = tmp_path_factory.mktemp("api-out")
    syn.render(out)
    return out


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame.copy()
    for column in text.columns:
        if pd.api.types.is_datetime64_any_dtype(text[column]):
            text[column] = text[column].dt.strftime("%Y-%m-%d")
    return text.astype(object).where(text.notna(), "").astype(str).reset_index(drop=True)


@pytest.mark.parametrize("name", ["snippets", "themes", "notes"])
def test_dataframes_equal_their_csv_exports(syn, out, name):
    frame = getattr(syn, name)
    exported = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
    assert list(exported.columns) == list(frame.columns)
    pd.testing.assert_frame_equal(_as_text(frame), exported.astype(str), check_dtype=False)


def test_columns_and_dtypes_are_clear(syn):
    snippets = syn.snippets
    assert {"note", "line", "heading", "text", "categories", "theme", "evidence", "person", "date"} <= set(snippets)
    assert snippets["line"].dtype == "int64"
    assert pd.api.types.is_datetime64_any_dtype(snippets["date"])
    assert pd.api.types.is_datetime64_any_dtype(syn.notes["date"])
    assert pd.api.types.is_datetime64_any_dtype(syn.themes["first_seen"])
    assert (syn.themes["n_interviews"] >= 2).all()


def test_filters_and_quotes(syn):
    culture = syn.filter(category="culture")
    assert len(culture) and culture["categories"].str.contains("culture").all()
    since = syn.filter(since="2026-09-01")
    assert (since["date"] >= pd.Timestamp("2026-09-01")).all() and len(since) < len(syn.snippets)
    person = syn.notes.dropna(subset=["date"])["person"].iloc[0]
    assert (syn.filter(person=person)["person"] == person).all()
    theme_id = syn.themes["id"].iloc[0]
    quotes = syn.quotes(theme_id)
    assert len(quotes) >= 2 and quotes["representative"].iloc[0]
    assert quotes["note"].nunique() >= 2
    with pytest.raises(KeyError, match="no theme"):
        syn.quotes("no-such-theme")


def test_recluster_changes_granularity_without_reparsing(syn):
    coarse, fine = syn.recluster(0.5), syn.recluster(2.0)
    assert coarse.note_records is syn.note_records  # same parsed notes, no re-reading
    assert len(fine.themes) >= len(coarse.themes)
    again = syn.recluster(1.0)
    assert again.themes["id"].tolist() == syn.themes["id"].tolist()  # deterministic
