"""Writing outputs safely: atomic files, spreadsheet-safe CSV, JSON that stays data.

Every output is written to a temporary file in the same folder and renamed into place, so an interrupted build
leaves the previous report intact and two builds at once never interleave their bytes.

CSV and JSON of the big frames (notes, snippets, themes) are assembled column by column: values repeat down a
column (a note's person, role and date are on each of its snippets), so each distinct value is formatted once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fast.csv_writer import columns_csv

if TYPE_CHECKING:
    import pandas as pd

# A cell starting with one of these is a formula to Excel/LibreOffice/Sheets ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MIDNIGHT = dt.time()


def atomic_write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and a rename (atomic on POSIX and Windows)."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    return path


def _stage(path: Path, data: str | bytes) -> str:
    """``data`` written and synced to a temporary file beside ``path``, ready to be renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the permissions any new file would
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


class FileSet:
    """Files that replace their previous versions together, once every one of them is written.

    Each file is written and synced in a background thread as soon as it is added (disk writes release the GIL,
    so the next file is formatted meanwhile); :meth:`commit` renames them all into place. Leaving the ``with``
    block without committing (an error in a template, say) removes what was written and keeps the old files.
    """

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="infosynth-write")
        self._staged: dict[Path, Any] = {}

    def add(self, path: Path, data: str | bytes) -> None:
        self._staged[path] = self._pool.submit(_stage, path, data)

    def commit(self, order: list[Path] | None = None) -> list[Path]:
        """Rename every file into place, in ``order`` (else in the order they were added); their paths."""
        temps = {path: future.result() for path, future in self._staged.items()}  # raises if a write failed
        order = order or list(temps)
        for path in order:
            os.replace(temps[path], path)
            del self._staged[path]
        return order

    def __enter__(self) -> "FileSet":
        return self

    def __exit__(self, *exc: Any) -> None:
        self._pool.shutdown(wait=True)
        for future in self._staged.values():  # not committed: written for nothing
            if future.exception() is None:
                _discard(future.result())


_UMASK_LOCK = threading.Lock()  # reading the umask means setting it: files may be written from several threads


def _umask() -> int:
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def neutralise_cell(value: Any) -> Any:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")"), neutralise_cell("-5 years"), neutralise_cell(3)
    ('\\'=HYPERLINK("http://x")', "'-5 years", 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# ------------------------------------------------------------------------------------------------ columns


class Columns:
    """A DataFrame seen column by column, each column factorised once (its distinct values, and a code per row
    pointing at one of them) for its CSV and its JSON alike.

    A column's kind says how it converts: ``number`` (numpy int or bool), ``date`` (numpy datetime64), ``text``
    (strings and missing values only) or ``other`` (anything else: converted cell by cell).
    """

    def __init__(self, frame: "pd.DataFrame"):
        self.frame = frame
        self.names = [str(c) for c in frame.columns]
        self.series = [frame.iloc[:, i] for i in range(len(self.names))]  # by position: names may repeat
        self.kinds = [_column_kind(s) for s in self.series]
        self._factorized: dict[int, tuple[list[int], list[Any]]] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def distinct(self, i: int) -> Any:
        """The distinct values of column ``i``: a list, or a DatetimeIndex for a date column."""
        return self._factorize(i)[1]

    def spread(self, i: int, table: list[Any], missing: Any) -> list[Any]:
        """For every row of column ``i``, the item of ``table`` (one per distinct value) for its value, or
        ``missing`` for a missing value."""
        table = [*table, missing]  # code -1 picks the last item
        return [table[c] for c in self._factorize(i)[0]]

    def _factorize(self, i: int) -> tuple[list[int], Any]:
        import pandas as pd

        if i in self._factorized:
            return self._factorized[i]
        series = self.series[i]
        if self.kinds[i] == "text" and not series.hasnans:  # plain dicts beat pandas' hashing of long strings
            values = series.tolist()
            distinct = list(dict.fromkeys(values))
            position = {value: code for code, value in enumerate(distinct)}
            result = list(map(position.__getitem__, values)), distinct
        else:
            codes, uniques = pd.factorize(series)  # a missing value gets code -1
            result = codes.tolist(), uniques if self.kinds[i] == "date" else uniques.tolist()
        self._factorized[i] = result
        return result

    def values(self, i: int) -> list[Any]:
        """Column ``i`` as plain JSON-ready values: missing values become None, timestamps ISO strings."""
        kind, series = self.kinds[i], self.series[i]
        if kind == "number" or kind == "text" and not series.hasnans:
            return series.tolist()
        if kind == "date":
            return self.spread(i, [_iso(stamp) for stamp in self.distinct(i)], None)
        return [to_jsonable(v) for v in series.astype(object).where(series.notna(), None).tolist()]


def _column_kind(series: "pd.Series") -> str:
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, np.dtype):
        if dtype.kind in "iub":
            return "number"
        if dtype.kind == "M":
            return "date"
        if dtype.kind != "O":
            return "other"
    elif not isinstance(dtype, pd.StringDtype):
        return "other"
    return "text" if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty") else "other"


def _iso(stamp: Any) -> str:
    # As to_jsonable writes a timestamp: the date alone at midnight, else date and time.
    return stamp.isoformat()[:10] if stamp.time() == _MIDNIGHT else stamp.isoformat()


def frame_records(frame: "pd.DataFrame") -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts: missing values (NaN, NaT, None) become None, timestamps ISO strings."""
    columns = Columns(frame)
    values = [columns.values(i) for i in range(len(columns.names))]
    return [dict(zip(columns.names, row)) for row in zip(*values)] if values else []


# ---------------------------------------------------------------------------------------------------- CSV


def write_csv(frame: "pd.DataFrame", path: Path) -> Path:
    """The frame as spreadsheet-safe CSV (see :func:`csv_bytes`)."""
    return atomic_write(path, csv_bytes(frame))


def csv_bytes(frame: "pd.DataFrame | Columns") -> bytes:
    """UTF-8 CSV exactly as ``frame.to_csv(index=False, date_format="%Y-%m-%d")`` writes it, with formula-like text
    neutralised.

    Frames of text, integer, boolean and date columns are assembled by :mod:`infosynth._fast.csv_writer`; any other goes
    through pandas.
    """
    columns = frame if isinstance(frame, Columns) else Columns(frame)
    frame = columns.frame
    if len(frame) and len(frame.columns) > 1 and "other" not in columns.kinds \
            and all(isinstance(c, str) for c in frame.columns):
        return columns_csv(columns, neutralise_cell)
    return _pandas_csv(frame).encode()


def _pandas_csv(frame: "pd.DataFrame") -> str:
    safe = frame
    for i in range(len(frame.columns)):
        series = frame.iloc[:, i]
        if series.dtype == object or str(series.dtype) in ("str", "string"):
            if any(isinstance(v, str) and v.startswith(_FORMULA_START) for v in series.tolist()):
                if safe is frame:
                    safe = frame.copy()  # only when a cell changes
                safe.isetitem(i, series.map(neutralise_cell))
    return safe.to_csv(index=False, date_format="%Y-%m-%d")


# --------------------------------------------------------------------------------------------------- JSON


def to_jsonable(value: Any) -> Any:
    """Plain JSON types for DataFrames, dates, numpy scalars and dataclasses (NaN and NaT become null)."""
    import dataclasses

    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # the bulk of any report: no work
        return value
    if kind is float:
        return None if value != value else value
    if kind is dict:  # strings, most values, need no call
        return {str(k): v if type(v) is str else to_jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple or kind is set:
        return [v if type(v) is str else to_jsonable(v) for v in value]
    if hasattr(value, "columns") and hasattr(value, "to_dict"):  # a DataFrame: convert column-wise
        return frame_records(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v) for v in value]
    if str(value) in ("NaT", "nan", "<NA>"):  # pandas' missing values (NaT is also a datetime subclass)
        return None
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return to_jsonable(value.item())
    if isinstance(value, float):  # subclasses of the plain types
        return to_jsonable(float(value))
    if isinstance(value, (bool, int)):
        return value if isinstance(value, bool) else int(value)
    return str(value)


# ensure_ascii=False keeps "<", ">" and "&" as they are, which is safe in a .json file; the HTML report never
# embeds this JSON in a <script> block.
_encode = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: compact, on one line


def write_json(data: Any, path: Path) -> Path:
    return atomic_write(path, json_bytes(data))


def json_bytes(data: Any) -> bytes:
    """``data`` as UTF-8 JSON that stays easy to skim: an indented top level, and each DataFrame (or
    :class:`Columns`) or list of records in it one record per line.

    >>> print(json_bytes({"title": "Notes", "rows": [{"a": 1}, {"a": None}]}).decode(), end="")
    {
      "title": "Notes",
      "rows": [
        {"a": 1},
        {"a": null}
      ]
    }
    """
    if not isinstance(data, dict) or not data:
        return (json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n").encode()
    pieces: list[bytes] = []  # joined once at the end: the snippets alone are megabytes, better not copied again and again
    for key, value in data.items():
        pieces.append(f'{"," if pieces else "{"}\n  {_encode(str(key))}: '.encode())
        if isinstance(value, Columns) or hasattr(value, "columns") and hasattr(value, "iloc"):
            pieces += _json_rows(value if isinstance(value, Columns) else Columns(value))
            continue
        value = to_jsonable(value)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            text = "[\n    " + ",\n    ".join(map(_encode, value)) + "\n  ]"
        else:  # a JSON string never holds a raw newline, so re-indenting line starts is safe
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        pieces.append(text.encode())
    pieces.append(b"\n}\n")
    return b"".join(pieces)


def _json_rows(columns: Columns) -> list[bytes]:
    """Pieces of a JSON list of the rows, one object per line, each assembled from its encoded cells."""
    if not columns.names or not len(columns):
        return [b"[]"]
    cells = [_json_column(columns, i) for i in range(len(columns.names))]
    rows = list(map(b", ".join, zip(*cells)))
    pieces = [b"},\n    {"] * (2 * len(rows) - 1)  # the rows with separators between them: joined once, later
    pieces[::2] = rows
    return [b"[\n    {", *pieces, b"}\n  ]"]


def _json_column(columns: Columns, i: int) -> list[bytes]:
    """``"name": value`` in UTF-8 for every cell of column ``i``."""
    key = _encode(columns.names[i]) + ": "
    kind = columns.kinds[i]
    if kind == "other":
        return [(key + _encode(v)).encode() for v in columns.values(i)]
    distinct = columns.distinct(i)
    if kind == "date":
        distinct = [_iso(stamp) for stamp in distinct]
    return columns.spread(i, [(key + _encode(value)).encode() for value in distinct], (key + "null").encode())
