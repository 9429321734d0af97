"""Writing outputs safely: atomic files, spreadsheet-safe CSV, JSON that stays data.

Every output is written to a temporary file in the same folder and renamed into place, so an interrupted build
leaves the previous report intact and two builds at once never interleave their bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# A cell starting with one of these is a formula to Excel/LibreOffice/Sheets ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def atomic_write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and a rename (atomic on POSIX and Windows)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the permissions any new file would
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def _umask() -> int:
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


def write_csv(frame: "pd.DataFrame", path: Path) -> Path:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype) in ("str", "string"):
            safe[column] = safe[column].map(neutralise_cell)
    return atomic_write(path, safe.to_csv(index=False, date_format="%Y-%m-%d"))


def to_jsonable(value: Any) -> Any:
    """Plain JSON types for DataFrames, dates, numpy scalars and dataclasses (NaN and NaT become null)."""
    import dataclasses
    import datetime as dt

    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # the bulk of any report: no work
        return value
    if kind is float:
        return None if value != value else value
    if kind is dict:
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple or kind is set:
        return [to_jsonable(v) for v in value]
    if hasattr(value, "columns") and hasattr(value, "to_dict"):  # a DataFrame: convert column-wise
        return _frame_records(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v) for v in value]
    if str(value) in ("NaT", "nan", "<NA>"):  # pandas' missing values (NaT is also a datetime subclass)
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()[:10] if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return to_jsonable(value.item())
    if isinstance(value, float):  # subclasses of the plain types
        return to_jsonable(float(value))
    if isinstance(value, (bool, int)):
        return value if isinstance(value, bool) else int(value)
    return str(value)


def _frame_records(frame: "pd.DataFrame") -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts; dates as ISO strings, missing values as None, in one pass per column."""
    import pandas as pd

    columns = {}
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = series.dt.strftime("%Y-%m-%d").astype(object).where(series.notna(), None)
        else:
            values = series.astype(object).where(series.notna(), None)
        columns[str(name)] = [to_jsonable(v) for v in values.tolist()]
    return [dict(zip(columns, row)) for row in zip(*columns.values())] if columns else []


def write_json(data: Any, path: Path) -> Path:
    # ensure_ascii keeps "<", ">" and "&" as they are, which is safe in a .json file; the HTML report never
    # embeds this JSON in a <script> block.
    return atomic_write(path, json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n")
