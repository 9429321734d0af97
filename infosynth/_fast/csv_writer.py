"""CSV assembled from factorised columns, byte for byte what ``DataFrame.to_csv(index=False)`` writes: pandas' writer
formats every cell of a large frame one by one, which costs more than the rest of the report. Checked against
pandas in tests/test_fast.py."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any


class _Echo:
    """A file whose ``write`` hands back what it is given, so a csv writer returns the line it formatted."""

    @staticmethod
    def write(line: str) -> str:
        return line


# pandas writes CSV with this same writer (the csv module, minimal quoting), so fields formatted by it match.
_CSV_ROW = csv.writer(_Echo(), lineterminator="\n").writerow


def _csv_field(value: Any) -> bytes:
    # A lone empty field is written as "" by the csv module, but as nothing inside a row of several fields.
    return _CSV_ROW([value])[:-1].encode() if value != "" else b""


def _csv_column(columns: Any, i: int, clean: Callable[[Any], Any]) -> list[bytes]:
    kind, distinct = columns.kinds[i], columns.distinct(i)
    if kind == "date":  # formatted by pandas, as to_csv does
        fields = [day.encode() for day in distinct.strftime("%Y-%m-%d")]
    elif kind == "text":
        fields = [_csv_field(clean(text)) for text in distinct]
    else:
        fields = [str(number).encode() for number in distinct]
    return columns.spread(i, fields, b"")


def columns_csv(columns: Any, clean: Callable[[Any], Any]) -> bytes:
    """The CSV of a :class:`~infosynth.report.export.Columns` of text, integer, boolean and date columns (two or
    more, with string names, at least one row), each text cell passed through ``clean`` first."""
    fields = [_csv_column(columns, i, clean) for i in range(len(columns.names))]
    header = _CSV_ROW(list(columns.frame.columns))[:-1].encode()
    return b"\n".join([header, *map(b",".join, zip(*fields)), b""])  # one join: a single copy of megabytes
