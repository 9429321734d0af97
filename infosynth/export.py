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
    """Plain JSON types for DataFrames, dates, numpy scalars and dataclasses."""
    import dataclasses
    import datetime as dt

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v) for v in value]
    if str(value) in ("NaT", "nan", "<NA>"):  # pandas' missing values (NaT is also a datetime subclass)
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) or value.time() == dt.time() else value.isoformat()
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a DataFrame
        return [to_jsonable(r) for r in value.to_dict(orient="records")]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return to_jsonable(value.item())
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        return None if value != value else value  # NaN → null
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def write_json(data: Any, path: Path) -> Path:
    # ensure_ascii keeps "<", ">" and "&" as they are, which is safe in a .json file; the HTML report never
    # embeds this JSON in a <script> block.
    return atomic_write(path, json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n")
