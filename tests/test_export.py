"""Output files: CSV byte for byte as pandas writes it (with formulas neutralised), JSON that loads back to the
frames' records with one record per line, and files that replace their old versions only all together."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infosynth.report.export import FileSet, csv_bytes, frame_records, json_bytes, neutralise_cell

TRICKY = ["", " ", "plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "=SUM(A1)", "+1", "-5 years", "@x",
          "\tindent", "é → ✓", "'quoted", "1,5"]


def pandas_csv(frame: pd.DataFrame) -> bytes:
    """What write_csv has always written: pandas' CSV of the frame with text cells neutralised."""
    safe = frame.copy()
    for i in range(safe.shape[1]):
        column = safe.iloc[:, i]
        if column.dtype == object or str(column.dtype) in ("str", "string"):
            safe.isetitem(i, column.map(neutralise_cell))
    return safe.to_csv(index=False, date_format="%Y-%m-%d").encode()


def mixed_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "text": pd.Series(TRICKY, dtype="str"),
        "gaps": pd.Series([t if i % 3 else np.nan for i, t in enumerate(TRICKY)], dtype="str"),
        "objects": pd.Series([t if i % 4 else None for i, t in enumerate(TRICKY)], dtype=object),
        "n": np.arange(len(TRICKY)) - 3,
        "flag": [i % 2 == 0 for i in range(len(TRICKY))],
        "day": pd.to_datetime(["2026-02-10", None, "2026-03-01 09:30"] * 5, format="mixed"),
    })


def test_csv_is_what_pandas_writes():
    frame = mixed_frame()
    assert csv_bytes(frame) == pandas_csv(frame)
    odd = frame.assign(score=np.linspace(-1, 1, len(frame)), when=[pd.Timestamp("2026-01-01").date()] * len(frame))
    assert csv_bytes(odd) == pandas_csv(odd)  # floats and date objects: written by pandas itself
    assert csv_bytes(frame[["text"]]) == pandas_csv(frame[["text"]])
    assert csv_bytes(pd.DataFrame()) == pandas_csv(pd.DataFrame())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), st.integers(-5, 5)), min_size=1, max_size=30))
def test_csv_of_any_text_is_what_pandas_writes(rows):
    frame = pd.DataFrame({"text": pd.Series([t for t, _ in rows], dtype="str"), "n": [n for _, n in rows]})
    assert csv_bytes(frame) == pandas_csv(frame)


def test_json_loads_back_to_the_records_one_per_line():
    frame = mixed_frame()
    data = {"title": "Notes", "summary": {"n": 2, "dates": [pd.Timestamp("2026-02-10")]}, "rows": frame,
            "themes": [{"id": "a", "quotes": [{"line": 3}]}], "empty": frame.iloc[:0]}
    text = json_bytes(data).decode()
    loaded = json.loads(text)
    assert loaded["rows"] == frame_records(frame)
    assert loaded["summary"] == {"n": 2, "dates": ["2026-02-10"]} and loaded["empty"] == []
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "title": "Notes",' and lines[-1] == "}"
    rows = [line for line in lines if line.startswith('    {"text"')]
    assert len(rows) == len(frame)  # one record per line
    assert json.loads(rows[0].rstrip(",")) == frame_records(frame)[0]


def test_records_have_plain_values():
    frame = mixed_frame()
    first, second, third = frame_records(frame)[:3]
    assert first["gaps"] is None and first["objects"] is None and second["day"] is None
    assert first["day"] == "2026-02-10" and third["day"] == "2026-03-01T09:30:00"
    assert type(first["n"]) is int and first["flag"] is True


def test_file_set_replaces_files_only_when_committed(tmp_path):
    (tmp_path / "a.txt").write_text("old a")
    with pytest.raises(RuntimeError):
        with FileSet() as files:
            files.add(tmp_path / "a.txt", "new a")
            files.add(tmp_path / "b.txt", b"new b")
            raise RuntimeError("a template failed")
    assert (tmp_path / "a.txt").read_text() == "old a" and not (tmp_path / "b.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary files left behind

    with FileSet() as files:
        files.add(tmp_path / "a.txt", "new a")
        files.add(tmp_path / "b.txt", b"new b")
        written = files.commit([tmp_path / "b.txt", tmp_path / "a.txt"])
    assert written == [tmp_path / "b.txt", tmp_path / "a.txt"]
    assert (tmp_path / "a.txt").read_text() == "new a" and (tmp_path / "b.txt").read_bytes() == b"new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
